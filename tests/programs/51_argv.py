# gilscope-test: args=alpha 42 --flag
import sys
print(sys.argv[1:], len(sys.argv))
total = sum(int(a) for a in sys.argv[1:] if a.isdigit())
print(total)
