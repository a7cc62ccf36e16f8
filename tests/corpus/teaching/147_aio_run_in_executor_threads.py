"""Blocking calls moved off the event loop with run_in_executor (default and explicit pools)."""
import asyncio
import concurrent.futures
import threading
import time


def blocking_io(n):
    time.sleep(0.1)
    return f"io {n} in {threading.current_thread().name.split('_')[0]}"


def cpu_bound(n):
    return sum(i * i for i in range(n))


async def main():
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(None, blocking_io, 0)
    print("default thread pool:", result)

    with concurrent.futures.ThreadPoolExecutor(max_workers=3, thread_name_prefix="blocker") as pool:
        start = loop.time()
        results = await asyncio.gather(*(loop.run_in_executor(pool, blocking_io, i) for i in range(3)))
        print("custom thread pool:", results)
        print("ran in parallel:", loop.time() - start < 0.25)
        print("cpu:", await loop.run_in_executor(pool, cpu_bound, 1000))


asyncio.run(main())
