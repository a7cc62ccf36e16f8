"""deque: fast appends at both ends, a maximum length, rotation."""
from collections import deque

history = deque(maxlen=3)
for cmd in ["ls", "cd src", "make", "make test", "git status"]:
    history.append(cmd)
print(history, len(history), history.maxlen)

d = deque([1, 2, 3])
d.appendleft(0)
d.extend([4, 5])
d.extendleft([-1, -2])
print(d)
d.rotate(2)
print(d)
d.rotate(-3)
print(d)
print(d.popleft(), d.pop(), d[0], d[-1], 3 in d)
print(list(reversed(deque("abc"))), deque("hello").count("l"))
d.clear()
try:
    d.pop()
except IndexError as e:
    print("IndexError:", e)
