"""threading.Timer runs a function later, unless cancelled first."""
import threading
import time


def remind(msg):
    print("reminder:", msg)


t1 = threading.Timer(0.2, remind, args=("stand up",))
t2 = threading.Timer(0.5, remind, kwargs={"msg": "drink water"})
t1.start()
t2.start()
time.sleep(0.3)
t2.cancel()
print("cancelled the second one")
t1.join()
t2.join()
print("alive:", t1.is_alive(), t2.is_alive())
