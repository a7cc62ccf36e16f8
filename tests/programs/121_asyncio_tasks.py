# Tasks: names, reprs, states, done callbacks, cancellation, current_task, all_tasks.
import asyncio


async def work(n):
    await asyncio.sleep(n)
    return n * 10


async def forever():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        print("forever: cancelled, cleaning up")
        raise
    finally:
        print("forever: finally")


def on_done(task):
    print("callback:", task.get_name(), task.result())


async def main():
    t = asyncio.create_task(work(0.1), name="worker")
    print(t.get_name(), t.done(), t.cancelled())
    t.add_done_callback(on_done)
    print(await t, t.done())
    print(t)
    u = asyncio.create_task(work(0.2))
    await asyncio.sleep(0)
    print(u.get_name(), u.done())
    u.set_name("renamed")
    print(await u, u.get_name())
    f = asyncio.create_task(forever())
    await asyncio.sleep(0.01)
    print("cancel returns", f.cancel())
    try:
        await f
    except asyncio.CancelledError:
        print("main saw CancelledError", f.cancelled(), f.done())
    print(f.cancel())
    me = asyncio.current_task()
    print(me.get_name(), me in asyncio.all_tasks(), len(asyncio.all_tasks()))
    print(asyncio.iscoroutinefunction(work), asyncio.iscoroutinefunction(on_done))
    c = work(0)
    print(asyncio.iscoroutine(c), type(c).__name__)
    print(await c)
    try:
        asyncio.create_task(on_done)
    except TypeError as e:
        print("TypeError:", str(e).split(" at ")[0])


asyncio.run(main())
