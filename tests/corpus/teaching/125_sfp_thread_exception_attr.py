"""Super Fast Python: a thread stores its exception so the main thread can check it."""
from threading import Thread
from time import sleep


class CustomThread(Thread):
    def run(self):
        self.exception = None
        try:
            sleep(0.1)
            raise Exception("Something bad happened")
        except Exception as e:
            self.exception = e


thread = CustomThread()
thread.start()
thread.join()
if thread.exception:
    print(f"Got exception: {thread.exception!r}")
print(type(thread.exception).__name__, thread.exception.args)
