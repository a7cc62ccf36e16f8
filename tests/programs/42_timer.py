import threading
import time
fired = []
t = threading.Timer(0.2, lambda: fired.append("fired"))
t.start()
c = threading.Timer(0.5, lambda: fired.append("cancelled one"))
c.start()
c.cancel()
t.join()
c.join()
print(fired, t.name.startswith("Thread-"))
