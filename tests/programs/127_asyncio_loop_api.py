# The event loop's own API: get_event_loop, run_until_complete, call_soon, call_later,
# call_at, time, run_forever and stop, Futures by hand.
import asyncio


def hello(name, loop):
    print(f"hello {name} at +{round(loop.time() - start, 2)}")


def stopper(loop):
    print("stopping")
    loop.stop()


async def compute(fut, value):
    await asyncio.sleep(0.05)
    fut.set_result(value * 2)


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
start = loop.time()
loop.call_soon(hello, "soon", loop)
loop.call_later(0.2, hello, "later", loop)
loop.call_at(start + 0.1, hello, "at", loop)
h = loop.call_later(0.15, hello, "cancelled", loop)
h.cancel()
loop.call_later(0.3, stopper, loop)
print(loop.is_running(), loop.is_closed())
loop.run_forever()
fut = loop.create_future()
print(fut.done())
loop.create_task(compute(fut, 21))
print(loop.run_until_complete(fut), fut.done(), fut.result())
fut2 = loop.create_future()
fut2.add_done_callback(lambda f: print("callback saw", f.result()))
loop.call_soon(fut2.set_result, "ok")
print(loop.run_until_complete(fut2))
fut3 = loop.create_future()
fut3.set_exception(KeyError("k"))
try:
    loop.run_until_complete(fut3)
except KeyError as e:
    print("KeyError", e)
try:
    fut3.set_result(1)
except asyncio.InvalidStateError as e:
    print("InvalidStateError")
print(asyncio.get_event_loop() is loop)
loop.close()
print(loop.is_closed())
try:
    loop.run_until_complete(compute(fut, 1))
except RuntimeError as e:
    print("RuntimeError:", e)
