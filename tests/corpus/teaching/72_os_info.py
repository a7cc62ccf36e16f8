"""os.getpid, getppid and cpu_count: the numbers depend on the machine."""
import os
import threading

print("pid:", os.getpid())
print("parent:", os.getppid())
print("cpus:", os.cpu_count())
print("pid is an int:", isinstance(os.getpid(), int), os.getpid() != os.getppid())


def show():
    print("same pid in a thread:", os.getpid() == main_pid)


main_pid = os.getpid()
t = threading.Thread(target=show)
t.start()
t.join()
print(os.sep, os.name)
