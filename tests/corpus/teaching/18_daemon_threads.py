"""A daemon thread is abandoned when the main thread ends; a normal one is waited for."""
import threading
import time


def heartbeat():
    while True:
        print("beat")
        time.sleep(0.3)


def slow_job():
    time.sleep(0.5)
    print("slow job finished")


d = threading.Thread(target=heartbeat, daemon=True)
n = threading.Thread(target=slow_job)
print(d.daemon, n.daemon)
d.start()
n.start()
time.sleep(0.1)
print("main is leaving")
