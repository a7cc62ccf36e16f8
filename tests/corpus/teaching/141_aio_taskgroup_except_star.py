"""Python 3.11's TaskGroup: one failure cancels the siblings; except* splits the group."""
import asyncio


async def worker(name, delay, fail=None):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    if fail:
        print(f"{name}: raising {fail.__name__}")
        raise fail(f"{name} failed")
    print(f"{name}: finished")
    return name


async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(worker("a", 0.1))
        t2 = tg.create_task(worker("b", 0.2))
    print("both done:", t1.result(), t2.result())

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("c", 0.1, ValueError))
            tg.create_task(worker("d", 0.1, KeyError))
            tg.create_task(worker("e", 1.0))
    except* ValueError as eg:
        print("ValueErrors:", [str(e) for e in eg.exceptions])
    except* KeyError as eg:
        print("KeyErrors:", [repr(e) for e in eg.exceptions])

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("f", 0.05, RuntimeError))
    except ExceptionGroup as eg:
        print(type(eg).__name__, eg.message, len(eg.exceptions))


asyncio.run(main())
