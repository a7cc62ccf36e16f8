"""array.array as a typed buffer that worker threads fill in slices."""
import array
import threading

buf = array.array("d", [0]) * 8


def fill(lo, hi):
    for i in range(lo, hi):
        buf[i] = i * 0.5


threads = [threading.Thread(target=fill, args=(i, i + 4)) for i in (0, 4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(buf)
print(len(buf), sum(buf), buf.typecode, buf.itemsize)
ids = array.array("i", range(3))
ids.append(10)
ids.extend([20, 30])
print(ids, ids.tolist(), array.array("B"), array.array("B", [1, 2]) + array.array("B", [3]))
for bad in (("x", []), ("i", [1.5])):
    try:
        array.array(*bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
