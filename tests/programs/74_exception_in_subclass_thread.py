import threading
class Faulty(threading.Thread):
    def run(self):
        data = {"a": 1}
        print("about to fail in", self.name)
        return data["b"]
t = Faulty(name="faulty-worker")
t.start()
t.join()
print("main still running")
