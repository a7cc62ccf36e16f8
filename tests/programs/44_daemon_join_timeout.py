import threading
import time
def slow():
    time.sleep(0.5)
    print("slow done")
t = threading.Thread(target=slow)
t.start()
t.join(timeout=0.1)
print("alive after timeout:", t.is_alive())
t.join()
print("alive after join:", t.is_alive())
def forever():
    while True:
        time.sleep(0.1)
d = threading.Thread(target=forever, daemon=True)
d.start()
print("daemon:", d.daemon, "main exits")
