from dataclasses import dataclass, field, asdict, fields, replace
import logging, threading
@dataclass
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)
p = Point(1)
print(p, Point(1, 2) == Point(1, 2), p == Point(2), asdict(p), [f.name for f in fields(p)])
print(replace(p, y=5))
@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
v = Version(1, 2)
print(v, v < Version(1, 3), sorted([Version(2, 0), v]), hash(v) == hash(Version(1, 2)))
try:
    v.major = 3
except Exception as e:
    print(type(e).__name__, e)
try:
    Point()
except TypeError as e:
    print(e)
@dataclass
class Task:
    name: str
    done: bool = False
    def mark(self):
        self.done = True
t = Task("write")
t.mark()
print(t)
logging.basicConfig(level=logging.DEBUG, format='(%(threadName)-10s) %(message)s')
def worker(n):
    logging.debug('Starting %d', n)
    logging.info('Exiting')
ts = [threading.Thread(target=worker, args=(i,), name=f"w{i}") for i in range(2)]
for x in ts:
    x.start()
    x.join()
logging.warning("done in %s", threading.current_thread().name)
log = logging.getLogger("app")
log.error("error %s", "here")
