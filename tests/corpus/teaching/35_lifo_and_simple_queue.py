"""LifoQueue is a stack; SimpleQueue has no size limit and no task tracking."""
import queue

stack = queue.LifoQueue()
for page in ["home", "search", "results", "item"]:
    stack.put(page)
print("back button:", [stack.get() for _ in range(stack.qsize())])

sq = queue.SimpleQueue()
sq.put("a")
sq.put("b")
print(sq.get(), sq.qsize(), sq.empty())
print(sq.get_nowait(), sq.empty())
try:
    sq.get(timeout=0.05)
except queue.Empty:
    print("SimpleQueue is empty")
