"""An asyncio.Lock keeps a read-modify-write with an await in the middle correct."""
import asyncio

counter = 0
lock = None


async def increment(name, times):
    global counter
    for _ in range(times):
        async with lock:
            value = counter
            await asyncio.sleep(0)
            counter = value + 1
    print(f"{name} done")


async def unsafe_increment(times):
    global counter
    for _ in range(times):
        value = counter
        await asyncio.sleep(0)
        counter = value + 1


async def main():
    global counter, lock
    lock = asyncio.Lock()
    await asyncio.gather(*(increment(f"task-{i}", 100) for i in range(3)))
    print("with the lock:", counter)
    print("locked now?", lock.locked())
    counter = 0
    await asyncio.gather(*(unsafe_increment(100) for _ in range(3)))
    print("without it:", counter)


asyncio.run(main())
