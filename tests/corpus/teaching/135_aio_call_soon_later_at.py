"""PyMOTW: scheduling plain callbacks with call_soon, call_later and call_at."""
import asyncio
import functools


def callback(arg, *, kwarg="default"):
    print("callback invoked with {} and {}".format(arg, kwarg))


def delayed(n, loop, start):
    print("delayed callback {} after {:.1f}s".format(n, loop.time() - start))


def stopper(loop):
    print("stopping the loop")
    loop.stop()


loop = asyncio.new_event_loop()
start = loop.time()
print("registering callbacks")
loop.call_soon(callback, 1)
wrapped = functools.partial(callback, kwarg="not default")
loop.call_soon(wrapped, 2)
loop.call_later(0.2, delayed, 1, loop, start)
loop.call_later(0.1, delayed, 2, loop, start)
loop.call_at(start + 0.3, delayed, 3, loop, start)
loop.call_later(0.4, stopper, loop)
print("entering the loop")
loop.run_forever()
print("loop stopped")
loop.close()
