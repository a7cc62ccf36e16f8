# An Enum of job states shared by worker threads.
import threading
import time
from enum import Enum, IntEnum, auto


class State(Enum):
    PENDING = auto()
    RUNNING = auto()
    DONE = auto()
    FAILED = auto()


class Priority(IntEnum):
    LOW = 1
    NORMAL = 2
    HIGH = 3


class Color(Enum):
    RED = "r"
    GREEN = "g"
    CRIMSON = "r"

    def describe(self):
        return f"{self.name.lower()} ({self.value})"


jobs = {n: State.PENDING for n in range(5)}
lock = threading.Lock()


def run(n):
    with lock:
        jobs[n] = State.RUNNING
    time.sleep(0.05 * (n + 1))
    with lock:
        jobs[n] = State.FAILED if n == 3 else State.DONE


threads = [threading.Thread(target=run, args=(n,)) for n in jobs]
for t in threads:
    t.start()
time.sleep(0.075)
with lock:
    print("midway:", sorted(s.name for s in jobs.values()))
for t in threads:
    t.join()
print(jobs)
print([s for s in State], len(State), State.DONE in State)
print(State.DONE, repr(State.DONE), State(2), State["FAILED"], f"{State.PENDING:>12}|")
print(State.DONE.name, State.DONE.value, type(State.DONE), State.DONE is State(3))
print(repr(State), State.RUNNING == State.RUNNING, State.RUNNING == 2)
try:
    State(9)
except ValueError as e:
    print("ValueError:", e)
try:
    State["LOST"]
except KeyError as e:
    print("KeyError:", e)
print(Priority.HIGH, repr(Priority.HIGH), Priority.HIGH > Priority.LOW, Priority.LOW == 1,
      Priority.NORMAL + 1, sorted([Priority.HIGH, Priority.LOW, Priority.NORMAL]))
print(max(Priority), [p.name for p in sorted(Priority, reverse=True)], int(Priority.LOW))
print(Color.CRIMSON is Color.RED, list(Color), Color("g").describe(), Color.__members__)
Level = Enum("Level", "DEBUG INFO WARNING")
print(list(Level), Level.INFO.value)
counts = {state: 0 for state in State}
for s in jobs.values():
    counts[s] += 1
print({s.name: c for s, c in counts.items()})
