# gilscope-test: tty
# What can cross processes: functions by name, not lambdas or nested functions; the
# worker finds module-level names in its own copy of the program.
import multiprocessing


def double(x):
    return 2 * x


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def norm(p):
    return p.norm1(), type(p).__name__


def try_nested(pool):
    def inner(x):
        return x

    try:
        pool.map(inner, [1])
    except AttributeError as e:
        print("AttributeError:", e)


if __name__ == "__main__":
    with multiprocessing.Pool(1) as pool:
        print(pool.map(double, [1, 2]))
        print(pool.map(norm, [Point(1, -2), Point(3, 4)]))
        print(pool.apply(len, ("abc",)))
        try:
            pool.map(lambda x: x, [1])
        except Exception as e:
            print(type(e).__name__)

        try_nested(pool)
        lock = multiprocessing.Lock()
        try:
            pool.apply(double, (lock,))
        except RuntimeError as e:
            print("RuntimeError:", e)
        q = multiprocessing.Queue()
        q.put({"nested": [1, (2, 3)], "set": {4}})
        print(q.get())
