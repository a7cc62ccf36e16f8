# Write a report, then read it back; append to it; 'x' refuses an existing file.
lines = [f'item {i}: {i * i}\n' for i in range(5)]
with open('report.txt', 'w') as out:
    out.write('REPORT\n')
    out.writelines(lines)
    print('written', out.tell())
    print(out.closed)
print(out.closed)

with open('report.txt') as f:
    text = f.read()
print(text, end='')

with open('report.txt', 'a') as f:
    f.write('appended\n')
with open('report.txt') as f:
    print(f.readlines()[-2:])

with open('report.txt', 'r+') as f:
    print(repr(f.read(6)))
    f.seek(0)
    f.write('Report')
with open('report.txt') as f:
    print(repr(f.readline()))

with open('summary.txt', 'x') as f:
    print('one line', file=f)
try:
    open('summary.txt', 'x')
except FileExistsError as e:
    print('refused:', e)
with open('summary.txt', 'rb') as f:
    print(f.read())
with open('data.bin', 'wb') as f:
    f.write(bytes([1, 2, 3]) + b'\x00\xff')
with open('data.bin', 'rb') as f:
    print(list(f.read()))
import os
print(sorted(n for n in os.listdir('.') if n.endswith(('.txt', '.bin')) and 'expected' not in n))
