"""CPU-bound work sent to a ProcessPoolExecutor from asyncio."""
import asyncio
import concurrent.futures
import os


def cpu_bound(n):
    return n, sum(i * i for i in range(n)), os.getpid() != PARENT


PARENT = os.getpid()


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        result = await loop.run_in_executor(pool, cpu_bound, 10_000)
        print("custom process pool:", result)
        futures = [loop.run_in_executor(pool, cpu_bound, n) for n in (100, 200, 300)]
        for n, total, elsewhere in await asyncio.gather(*futures):
            print(f"sum of squares below {n}: {total} (in a child: {elsewhere})")


if __name__ == "__main__":
    asyncio.run(main())
