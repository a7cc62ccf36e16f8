"""Super Fast Python: get a value back from a thread via an attribute of a Thread subclass."""
from threading import Thread
from time import sleep


class CustomThread(Thread):
    def __init__(self):
        Thread.__init__(self)
        self.value = None

    def run(self):
        sleep(0.1)
        self.value = "Hello from a new thread"


thread = CustomThread()
thread.start()
thread.join()
data = thread.value
print(data)
