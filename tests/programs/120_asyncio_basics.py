# asyncio basics: run, sleep, gather, create_task, and the order tasks print in.
import asyncio
import time


async def count(name, n, delay):
    for i in range(n):
        print(f"{name}: {i}")
        await asyncio.sleep(delay)
    return f"{name} counted {n}"


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(count("a", 3, 0.1), count("b", 2, 0.15), count("c", 1, 0))
    print(results)
    t1 = asyncio.create_task(count("x", 2, 0.05))
    t2 = asyncio.create_task(count("y", 2, 0.05))
    print("tasks created")
    await asyncio.sleep(0)
    print("after sleep(0)")
    print(await t1, "|", await t2)
    elapsed = time.perf_counter() - start
    print(f"elapsed about {round(elapsed, 1)} s")
    return 42


print(asyncio.run(main()))
print(asyncio.run(count("again", 1, 0.01)))
