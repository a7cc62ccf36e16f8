# gilscope-test: tty
# multiprocessing.Process: target, args, kwargs, names, join, exit codes, subclasses.
import multiprocessing
import os


def greet(who, punctuation="!"):
    me = multiprocessing.current_process()
    print(f"hello {who}{punctuation} from {me.name}")


class Worker(multiprocessing.Process):
    def __init__(self, n):
        super().__init__()
        self.n = n

    def run(self):
        print(f"{self.name} squares {self.n}: {self.n * self.n}")


def show(p):
    # pids differ from run to run: leave them out of the repr
    text = repr(p)
    for pid in {str(os.getpid()), str(p.pid)}:
        text = text.replace(pid, "PID")
    return text


if __name__ == "__main__":
    p = multiprocessing.Process(target=greet, args=("world",), kwargs={"punctuation": "?"})
    print(show(p), p.exitcode, p.is_alive(), p.pid)
    p.start()
    p.join()
    print(show(p), p.exitcode, p.is_alive())

    named = multiprocessing.Process(target=greet, args=("you",), name="greeter", daemon=True)
    print(named.name, named.daemon)
    named.start()
    named.join()
    print(show(named))

    workers = [Worker(n) for n in (3, 4)]
    for w in workers:
        w.start()
        w.join()
    print([w.exitcode for w in workers], [w.name for w in workers])
    print(multiprocessing.current_process().name, multiprocessing.parent_process())
    print(multiprocessing.active_children())
    print(multiprocessing.cpu_count() >= 1, multiprocessing.get_start_method())

    try:
        p.start()
    except AssertionError as e:
        print("AssertionError:", e)
    q = multiprocessing.Process(target=greet, args=("never",))
    try:
        q.join()
    except AssertionError as e:
        print("AssertionError:", e)
    q.close()
    try:
        q.start()
    except ValueError as e:
        print("ValueError:", e)
