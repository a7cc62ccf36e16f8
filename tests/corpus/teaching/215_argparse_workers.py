"""argparse as course scripts use it: run with no arguments, the defaults drive the threads."""
import argparse
import sys
import threading

parser = argparse.ArgumentParser(description="Start worker threads that count.")
parser.add_argument("--workers", type=int, default=3, help="number of threads (default: %(default)s)")
parser.add_argument("-n", "--count", type=int, default=1000, help="increments per thread")
parser.add_argument("--mode", choices=["lock", "nolock"], default="lock")
parser.add_argument("-v", "--verbose", action="store_true", help="print each thread's progress")
parser.add_argument("names", nargs="*", help="names for the threads")
args = parser.parse_args()
print(args)

total = 0
lock = threading.Lock()


def work(name):
    global total
    for _ in range(args.count):
        with lock:
            total += 1
    if args.verbose:
        print(name, "done")


threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(args.workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("total", total)

print(parser.parse_args(["--workers", "2", "-n5", "--mode=nolock", "-v", "a", "b"]))
parser.print_help()
sub = argparse.ArgumentParser(prog="jobs")
commands = sub.add_subparsers(dest="command", required=True)
run = commands.add_parser("run")
run.add_argument("job", type=int)
run.add_argument("--retries", type=int, default=0)
commands.add_parser("list")
print(sub.parse_args(["run", "7", "--retries", "2"]), sub.parse_args(["list"]))
sys.stderr = sys.stdout
for bad in (["--workers", "many"], ["--mode", "fast"], ["--bogus"]):
    try:
        parser.parse_args(bad)
    except SystemExit as e:
        print("exit status", e.code)
