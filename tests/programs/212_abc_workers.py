# An abstract base class for workers, and CPython's refusal to instantiate it.
import threading
from abc import ABC, abstractmethod


class Task(ABC):
    def __init__(self, name):
        self.name = name

    @abstractmethod
    def run(self):
        ...

    @abstractmethod
    def cost(self):
        ...

    def describe(self):
        return f"{self.name} costs {self.cost()}"


class Half(Task):
    def run(self):
        return "half"


class Sum(Half):
    def __init__(self, name, n):
        super().__init__(name)
        self.n = n

    def run(self):
        return sum(range(self.n))

    def cost(self):
        return self.n


for cls in (Task, Half):
    try:
        cls("x")
    except TypeError as e:
        print("TypeError:", e)

results = []
lock = threading.Lock()


def work(task):
    r = task.run()
    with lock:
        results.append((task.name, r))


tasks = [Sum(f"sum{n}", n * 10) for n in range(1, 4)]
threads = [threading.Thread(target=work, args=(t,)) for t in tasks]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
print([t.describe() for t in tasks])
print(isinstance(tasks[0], Task), issubclass(Sum, ABC), sorted(Task.__abstractmethods__))
