"""A watchdog timer fires if a job is too slow; a fast job cancels it in time."""
import threading
import time

alerts = []


def run_with_watchdog(name, seconds, limit):
    dog = threading.Timer(limit, lambda: alerts.append(name))
    dog.start()
    time.sleep(seconds)
    dog.cancel()
    dog.join()
    print(f"{name} finished after {seconds} s")


run_with_watchdog("fast job", 0.1, 0.3)
run_with_watchdog("slow job", 0.5, 0.3)
print("alerts:", alerts)
t = threading.Timer(0.1, print, args=("timer thread:",))
t.name = "my-timer"
t.start()
t.join()
print(t.name, isinstance(t, threading.Thread))
