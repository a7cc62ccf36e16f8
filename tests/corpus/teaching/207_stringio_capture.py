"""io.StringIO as a report buffer that several threads print into under a lock."""
import io
import threading

report = io.StringIO()
lock = threading.Lock()


def worker(name, n):
    total = sum(range(n))
    with lock:
        print(f"{name}: total={total}", file=report)


threads = [threading.Thread(target=worker, args=(f"w{i}", 10 * (i + 1))) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()

text = report.getvalue()
print(sorted(text.splitlines()))
report.write("end\n")
print(report.tell(), len(report.getvalue()))
report.seek(0)
print(repr(report.readline()), len(report.readlines()))
with io.StringIO("a\nb\nc") as f:
    for line in f:
        print("line:", line.rstrip())
print(f.closed)
