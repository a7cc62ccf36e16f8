"""An uncaught exception in a child prints its traceback; the parent sees exitcode 1."""
import multiprocessing


def divide(a, b):
    return a / b


def worker(a, b):
    print("dividing", a, "by", b, flush=True)
    print("result", divide(a, b), flush=True)


if __name__ == "__main__":
    ok = multiprocessing.Process(target=worker, args=(6, 3))
    ok.start()
    ok.join()
    bad = multiprocessing.Process(target=worker, args=(1, 0))
    bad.start()
    bad.join()
    print("exit codes:", ok.exitcode, bad.exitcode)
