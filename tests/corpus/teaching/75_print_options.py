"""print's sep, end, file and flush."""
import sys

print("a", "b", "c", sep="-")
print("no newline", end="")
print(" ... continued")
print("x", "y", sep="", end="!\n")
print(*range(5), sep=", ")
print("to stderr", file=sys.stderr)
print("flushed at once", flush=True)
print()
print("multi", "args", 1, 2.0, None, True, [1], sep=" | ")
sys.stdout.write("written directly\n")
sys.stderr.write("warning: written to stderr\n")
print("done", file=sys.stdout)
