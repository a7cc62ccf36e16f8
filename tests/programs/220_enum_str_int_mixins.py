# Enums mixed with str and int (class Status(str, Enum)), as configuration and wire
# values shared between a producer and a consumer thread.
import queue
import threading
from enum import Enum, IntEnum, StrEnum, auto


class Status(str, Enum):
    OK = "ok"
    RETRY = "retry"
    FAIL = "fail"


class Level(int, Enum):
    LOW = 1
    HIGH = 2


class Mode(StrEnum):
    FAST = auto()
    SAFE = auto()


q = queue.Queue()


def producer():
    for raw in ["ok", "retry", "fail", "ok"]:
        q.put(Status(raw))
    q.put(None)


seen = []


def consumer():
    while (item := q.get()) is not None:
        seen.append(item)


threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen)
print([s == "ok" for s in seen], [s.value.upper() for s in seen], Status.OK + "!")
print(str(Status.RETRY), f"{Status.RETRY}", repr(Status.RETRY), Status.FAIL.startswith("f"))
print(str(Level.HIGH), f"{Level.HIGH}", Level.HIGH + 1, Level.LOW == 1, Level.HIGH > Level.LOW,
      ["zero", "one", "two"][Level.HIGH], sorted([Level.HIGH, Level.LOW]))
print(Mode.FAST, repr(Mode.SAFE), Mode.FAST == "fast", {m: len(m) for m in Mode})
print(Status.OK in ["ok"], "retry" in [Status.RETRY], list(Status))
