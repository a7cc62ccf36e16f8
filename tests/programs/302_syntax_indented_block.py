# A function body that is not indented.
import threading


def worker():
print("working")


threading.Thread(target=worker).start()
