# Parsing a web server's log with a compiled pattern and named groups, the way a
# course introduces regular expressions before handing the lines to worker threads.
import re
import threading

LOG = """\
127.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326
10.0.0.7 - - [10/Oct/2023:13:55:40 +0000] "POST /api/login HTTP/1.1" 401 112
10.0.0.7 - - [10/Oct/2023:13:55:41 +0000] "POST /api/login HTTP/1.1" 200 98
192.168.1.20 - - [10/Oct/2023:13:56:02 +0000] "GET /images/logo.png HTTP/1.1" 304 0
garbage line that does not parse
127.0.0.1 - - [10/Oct/2023:13:57:10 +0000] "GET /missing HTTP/1.1" 404 512
"""

LINE = re.compile(
    r'(?P<ip>\d{1,3}(?:\.\d{1,3}){3}) - - \[(?P<when>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) (?P<size>\d+)'
)
print(LINE.groups, sorted(LINE.groupindex.items(), key=lambda kv: kv[1]))

results = {}
lock = threading.Lock()


def parse(number, line):
    m = LINE.match(line)
    with lock:
        results[number] = m


threads = [threading.Thread(target=parse, args=(i, line))
           for i, line in enumerate(LOG.splitlines())]
for t in threads:
    t.start()
for t in threads:
    t.join()

by_status = {}
for number in sorted(results):
    m = results[number]
    if m is None:
        print(f"line {number}: no match")
        continue
    print(f"line {number}: {m['ip']:<13} {m.group('method'):<4} {m['path']:<18} "
          f"{m['status']} span={m.span('path')}")
    by_status.setdefault(m["status"], []).append(m.group("path"))
print(by_status)

first = LINE.search(LOG)
print(repr(first.group("when")), first.start(), first.end("ip"), first.lastgroup)
print(first.groupdict()["size"], first.group(1, 3, 5))
print(re.findall(r'" (\d{3}) ', LOG))
print(re.findall(r"^(\S+) ", LOG, re.MULTILINE))
errors = [m.group("path") for m in LINE.finditer(LOG) if m["status"].startswith("4")]
print("client errors:", errors)
