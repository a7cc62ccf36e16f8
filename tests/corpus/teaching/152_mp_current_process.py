"""Each process knows its name and pid; a child's parent pid is the main process's pid."""
import multiprocessing
import os


def info(title):
    proc = multiprocessing.current_process()
    print(title)
    print("  process name:", proc.name)
    print("  parent process:", os.getppid())
    print("  process id:", os.getpid())


def f(name):
    info("function f")
    print("  hello", name)
    print("  same parent:", os.getppid() == PARENT)


PARENT = os.getpid()

if __name__ == "__main__":
    info("main line")
    p = multiprocessing.Process(target=f, args=("bob",))
    p.start()
    p.join()
    named = multiprocessing.Process(target=info, args=("named child",), name="Worker-A")
    named.start()
    named.join()
    print("exit codes:", p.exitcode, named.exitcode)
