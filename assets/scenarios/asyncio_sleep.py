import asyncio
import time


async def wait(name):
    print(f"{name}: start")
    await asyncio.sleep(1)
    print(f"{name}: done")


async def main():
    start = time.perf_counter()
    await asyncio.gather(*(wait(f"task{i}") for i in range(4)))
    print(f"took {time.perf_counter() - start:.1f} s")


asyncio.run(main())
