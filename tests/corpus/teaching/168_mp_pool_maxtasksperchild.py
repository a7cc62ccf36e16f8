"""maxtasksperchild=1: every task runs in a fresh worker process."""
import multiprocessing
import os


def work(x):
    return x * 10, os.getpid(), multiprocessing.current_process().name


if __name__ == "__main__":
    with multiprocessing.Pool(processes=2, maxtasksperchild=1) as pool:
        out = pool.map(work, range(4), chunksize=1)
    print([v for v, _, _ in out])
    print("distinct worker pids:", len({pid for _, pid, _ in out}))
    print("distinct worker names:", len({name for _, _, name in out}))
    print(all(name.startswith("ForkPoolWorker-") for _, _, name in out))
