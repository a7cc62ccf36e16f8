# The classic PriorityQueue pitfall: two entries with the same priority compare their
# tasks, which define no order, and put() raises CPython's TypeError.
import queue
from enum import Enum


class Task:
    def __init__(self, name):
        self.name = name


q = queue.PriorityQueue()
q.put((1, Task("a")))
try:
    q.put((1, Task("b")))
except TypeError as e:
    print("TypeError:", e)
q2 = queue.PriorityQueue()
q2.put((2, Task("b")))
q2.put((1, Task("a")))
print(q2.get()[1].name, q2.qsize())

for expr in (lambda: Task("x") < Task("y"), lambda: Task("x") >= 3,
             lambda: sorted([Task("x"), Task("y")]), lambda: max([Task("x"), Task("y")])):
    try:
        expr()
    except TypeError as e:
        print("TypeError:", e)


class Level(Enum):
    LOW = 1
    HIGH = 2


try:
    Level.LOW < Level.HIGH
except TypeError as e:
    print("TypeError:", e)
print(Level.LOW == Level.LOW, Level.LOW != Level.HIGH)
