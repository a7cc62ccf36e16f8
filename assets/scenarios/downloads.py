import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import requests

URLS = [f"https://example.com/page/{n}" for n in range(1, 21)]


def fetch(url):
    return len(requests.get(url).content)


def sequential():
    for url in URLS:
        fetch(url)


def with_threads():
    threads = [threading.Thread(target=fetch, args=(url,)) for url in URLS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def with_pool():
    with ThreadPoolExecutor(max_workers=5) as pool:
        list(pool.map(fetch, URLS))


async def fetch_async(session, url):
    async with session.get(url) as response:
        return len(await response.read())


async def fetch_all():
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(fetch_async(session, url) for url in URLS))


def with_asyncio():
    asyncio.run(fetch_all())


times = {}
for how in [sequential, with_threads, with_pool, with_asyncio]:
    start = time.perf_counter()
    how()
    times[how.__name__] = time.perf_counter() - start
    print(f"{how.__name__}: {times[how.__name__]:.2f} s")
print("slowest:", max(times, key=times.get))
