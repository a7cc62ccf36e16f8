# gilscope-test: tty
# How a process ends: its exit code, sys.exit, an uncaught exception, terminate().
import multiprocessing
import sys
import time


def ok():
    print("ok runs")


def fails():
    values = {"a": 1}
    print("fails runs")
    return values["b"]


def exits(code):
    sys.exit(code)


def sleeper():
    time.sleep(10)
    print("never printed")


if __name__ == "__main__":
    for target, args in [(ok, ()), (fails, ()), (exits, (3,)), (exits, (None,)),
                         (exits, ("goodbye",))]:
        p = multiprocessing.Process(target=target, args=args)
        p.start()
        p.join()
        print(target.__name__, args, "->", p.exitcode)
    s = multiprocessing.Process(target=sleeper)
    s.start()
    time.sleep(0.05)
    print("alive:", s.is_alive())
    s.terminate()
    s.join()
    print("terminated:", s.exitcode, s.is_alive(), repr(s).split()[-1])
    t = multiprocessing.Process(target=sleeper)
    t.start()
    t.join(timeout=0.1)
    print("after join(timeout):", t.exitcode, t.is_alive())
    t.terminate()
    t.join()
    print("done", t.exitcode)
