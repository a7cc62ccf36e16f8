# The same four "requests" of 0.3 s each, as asyncio tasks on one thread.
# gilscope compare assets/compare/with_threads.py assets/compare/with_asyncio.py
import asyncio
import time


async def fetch(name):
    await asyncio.sleep(0.3)
    print(f"{name} done")


async def main():
    start = time.perf_counter()
    await asyncio.gather(*(fetch(f"request {i}") for i in range(4)))
    print(f"asyncio: {time.perf_counter() - start:.1f} s")


asyncio.run(main())
