"""Processes meet at a multiprocessing.Barrier: its action, two rounds, a timeout that breaks it, reset and abort."""
import multiprocessing as mp, threading, time
def worker(b, q, i):
    time.sleep(0.01 * i)
    idx = b.wait()
    q.put((i, idx))
def act():
    print("all arrived")
def breaker(b, q):
    try:
        b.wait(timeout=0.05)
    except threading.BrokenBarrierError:
        q.put("broken")
if __name__ == "__main__":
    b = mp.Barrier(3, action=act)
    print(b.parties, b.n_waiting, b.broken)
    q = mp.Queue()
    for rnd in range(2):
        ps = [mp.Process(target=worker, args=(b, q, i)) for i in range(3)]
        for p in ps: p.start()
        for p in ps: p.join()
        res = sorted(q.get() for _ in range(3))
        print(rnd, [i for i, _ in res], sorted(x for _, x in res))
    b2 = mp.Barrier(2)
    p = mp.Process(target=breaker, args=(b2, q)); p.start(); p.join()
    print(q.get(), b2.broken)
    b2.reset(); print(b2.broken)
    b2.abort(); print(b2.broken)
    ctx = mp.get_context("fork")
    print(type(ctx.Barrier(2)).__name__)
