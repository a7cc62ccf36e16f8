"""PyMOTW: stage-2 processes wait on a Condition until stage 1 notifies them all."""
import multiprocessing
import time


def stage_1(cond):
    name = multiprocessing.current_process().name
    print("Starting", name, flush=True)
    with cond:
        print("{} done and ready for stage 2".format(name), flush=True)
        cond.notify_all()


def stage_2(cond, done):
    name = multiprocessing.current_process().name
    with cond:
        cond.wait()
        done.put(name)


if __name__ == "__main__":
    condition = multiprocessing.Condition()
    done = multiprocessing.Queue()
    s1 = multiprocessing.Process(name="s1", target=stage_1, args=(condition,))
    s2_clients = [multiprocessing.Process(name="stage_2[{}]".format(i), target=stage_2,
                                          args=(condition, done)) for i in range(1, 3)]
    for c in s2_clients:
        c.start()
    time.sleep(0.3)
    s1.start()
    s1.join()
    for c in s2_clients:
        c.join()
    print("stage 2 ran in:", sorted(done.get() for _ in s2_clients))
