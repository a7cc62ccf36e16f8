"""The docs' Manager example: a child fills a managed dict and reverses a managed list."""
from multiprocessing import Process, Manager


def f(d, l):
    d[1] = "1"
    d["2"] = 2
    d[0.25] = None
    l.reverse()


if __name__ == "__main__":
    with Manager() as manager:
        d = manager.dict()
        l = manager.list(range(10))
        p = Process(target=f, args=(d, l))
        p.start()
        p.join()
        print(d)
        print(l)
        print(len(d), len(l), l[0], d["2"])
        l.append(99)
        print(list(l)[-2:], sorted(d.keys(), key=str))
