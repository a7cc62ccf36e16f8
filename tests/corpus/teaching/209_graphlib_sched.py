"""Task dependencies with graphlib, run in parallel rounds; a sched timeline of events."""
import graphlib
import sched
import threading
import time

deps = {"deploy": {"test", "build"}, "test": {"build"}, "build": {"fetch"}, "docs": {"fetch"}}
print(list(graphlib.TopologicalSorter(deps).static_order()))

ts = graphlib.TopologicalSorter()
for task, needs in (("c", ("a", "b")), ("b", ("a",)), ("d", ("c",)), ("e", ("a",))):
    ts.add(task, *needs)
ts.prepare()
while ts.is_active():
    ready = ts.get_ready()
    done = []
    threads = [threading.Thread(target=done.append, args=(n,)) for n in ready]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("round", sorted(done))
    ts.done(*ready)
try:
    graphlib.TopologicalSorter({"x": ["y"], "y": ["x"]}).prepare()
except graphlib.CycleError as e:
    print("CycleError:", e.args[0], len(e.args[1]))

s = sched.scheduler(time.monotonic, time.sleep)
start = time.monotonic()


def event(name):
    print(f"{name} at {time.monotonic() - start:.1f}")


s.enter(0.2, 1, event, ("second",))
s.enter(0.1, 1, event, ("first",))
s.enter(0.2, 0, event, kwargs={"name": "second, higher priority"})
dropped = s.enter(0.3, 1, event, ("dropped",))
print(len(s.queue), s.empty())
s.cancel(dropped)
s.run()
print(s.empty())
