# The older spelling of abstract classes (metaclass=ABCMeta), and IntEnum members used
# where an int is needed (list indices).
from abc import ABCMeta, abstractmethod
from enum import IntEnum
import threading


class Stage(IntEnum):
    FETCH = 0
    PARSE = 1
    STORE = 2


class Step(metaclass=ABCMeta):
    @abstractmethod
    def run(self, data):
        pass


class Upper(Step):
    def run(self, data):
        return data.upper()


class Broken(Step):
    pass


try:
    Step()
except TypeError as e:
    print("TypeError:", e)
try:
    Broken()
except TypeError as e:
    print("TypeError:", e)

timings = [0, 0, 0]
names = ["fetch", "parse", "store"]
lock = threading.Lock()


def work(stage):
    with lock:
        timings[stage] += stage + 1


threads = [threading.Thread(target=work, args=(s,)) for s in Stage for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(timings, names[Stage.PARSE], timings[Stage.STORE], Upper().run("ok"))
print(isinstance(Upper(), Step), [names[s] for s in sorted(Stage, reverse=True)])


class Plain(metaclass=type):
    pass


print(Plain.__name__)
