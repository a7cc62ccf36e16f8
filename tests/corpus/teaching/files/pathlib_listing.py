# pathlib: list the folder, glob, read and write text.
import os
from pathlib import Path

here = Path('.')
for p in sorted(here.glob('*.csv')):
    print(p, p.name, p.stem, p.suffix, p.exists(), p.is_file())
logs = Path('logs')
print(logs.is_dir(), sorted(x.name for x in logs.iterdir()))
for p in sorted(logs.glob('day*.log')):
    print(p, p.parent, len(p.read_text().splitlines()))
print(sorted(str(p) for p in here.glob('**/*.log')))
out = logs / 'summary.txt'
print(repr(out), out.exists())
out.write_text('three logs\n')
print(out.exists(), out.read_text(), end='')
with out.open() as f:
    print(f.readline().strip())
p = Path('logs/day1.log')
print(p.with_suffix('.txt'), p.parts, Path('a') / 'b' / 'c.tar.gz', Path('c.tar.gz').suffixes)
print(os.path.exists('poem.txt'), os.path.isfile('logs'), os.path.isdir('logs'))
print(os.path.join('logs', 'day1.log'), os.path.basename('logs/day1.log'), os.path.dirname('logs/day1.log'))
print(os.path.splitext('sales.csv'), os.path.getsize('notes.txt'))
print(os.path.abspath('logs') == os.path.join(os.getcwd(), 'logs'))
print(sorted(os.listdir('logs')))
