# gzip: compress a file's text, write it, read it back.
import gzip

with open('poem.txt', 'rb') as f:
    data = f.read()
packed = gzip.compress(data)
print(len(data), len(packed) < len(data) // 2)
print(gzip.decompress(packed) == data)
with gzip.open('poem.txt.gz', 'wb') as f:
    f.write(data)
with gzip.open('poem.txt.gz', 'rt') as f:
    first = f.readline()
    print(repr(first[:15]), len(f.readlines()) + 1)
with gzip.open('lines.gz', 'wt') as f:
    for i in range(3):
        f.write(f'line {i}\n')
with gzip.open('lines.gz', 'rt') as f:
    print(f.read(), end='')
try:
    gzip.decompress(b'plain text')
except gzip.BadGzipFile as e:
    print('refused:', e)
