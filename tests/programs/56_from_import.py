from threading import Thread, Lock, current_thread
from time import sleep
from math import pi as PI, sqrt
from queue import Queue
from threading import *
lock = Lock()
q = Queue()
def job(x):
    with lock:
        q.put(sqrt(x))
t = Thread(target=job, args=(16,))
t.start()
t.join()
print(q.get(), round(PI, 3), current_thread().name, Event().is_set())
