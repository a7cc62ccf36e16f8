# gilscope-test: tty
# Blocking work from asyncio: run_in_executor with threads and processes, to_thread.
import asyncio
import concurrent.futures
import time


def blocking(n):
    time.sleep(0.1)
    return n * n


def cpu(n):
    total = 0
    for i in range(n):
        total += i
    return total


async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.04)


async def main():
    loop = asyncio.get_running_loop()
    r, _ = await asyncio.gather(loop.run_in_executor(None, blocking, 4), ticker())
    print("thread result", r)
    print(await asyncio.to_thread(blocking, 5))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = await asyncio.gather(*(loop.run_in_executor(pool, blocking, i) for i in range(3)))
        print(results)
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        results = await asyncio.gather(*(loop.run_in_executor(pool, cpu, n) for n in (10, 100)))
        print(results)


asyncio.run(main())
