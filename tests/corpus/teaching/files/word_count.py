# Count words in a text file, line by line, and the most common ones.
from collections import Counter

counts = Counter()
lines = 0
with open('poem.txt') as f:
    for line in f:
        lines += 1
        counts.update(line.split())
print('lines:', lines)
print('words:', sum(counts.values()))
for word, n in counts.most_common(5):
    print(f'{word:12} {n}')

with open('poem.txt') as f:
    first = f.readline()
    rest = f.readlines()
print(repr(first[:20]), len(rest))

with open('notes.txt') as f:
    print(f.readlines())
with open('notes.txt', newline='') as f:
    print(f.readlines())
with open('notes.txt', 'rb') as f:
    data = f.read()
    print(len(data), data[:12], f.tell())
    f.seek(6)
    print(f.read(4), f.tell())
with open('notes.txt') as f:
    print(repr(f.read(5)), repr(f.read(7)))
    print(f.name, f.mode, f.closed, f.encoding)
print(f.closed)
