# Errors in asyncio: gather with return_exceptions, a task's exception nobody retrieved,
# and an exception that escapes asyncio.run.
# (A task whose exception nobody retrieved is reported when it is freed; CPython keeps
# the locals of a frame an escaping exception went through alive until exit, which
# gilscope does not do, so this program lets no such task live in main's locals.)
import asyncio


async def ok(x):
    await asyncio.sleep(0.01)
    return x


async def fails(x):
    await asyncio.sleep(0.02)
    raise ValueError(f"bad {x}")


async def main():
    print(await asyncio.gather(ok(1), fails(2), ok(3), return_exceptions=True))
    try:
        await asyncio.gather(ok(1), fails(2))
    except ValueError as e:
        print("gather raised", repr(e))
    t = asyncio.create_task(fails(3))
    await asyncio.sleep(0.1)
    print("t done:", t.done(), repr(t.exception()))
    asyncio.create_task(fails(4))
    await asyncio.sleep(0.1)
    u = asyncio.create_task(fails(5))
    await asyncio.sleep(0.1)
    print("u exception:", repr(u.exception()))
    await fails("at the end")


asyncio.run(main())
