# asyncio.TaskGroup (3.11): tasks that finish together.
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    print(f"fetched {name}")
    return name.upper()


async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(fetch("a", 0.2))
        b = tg.create_task(fetch("b", 0.1))
        print("tasks started")
    print("after the group:", a.result(), b.result())
    async with asyncio.TaskGroup() as tg:
        pass
    print("empty group done")


asyncio.run(main())
