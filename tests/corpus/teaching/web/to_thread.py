# Blocking requests from asyncio, the two ways that keep the event loop free.
import asyncio
import time
import urllib.request

import requests

URLS = [f"https://example.com/item/{n}" for n in range(8)]


def size_of(url):
    with urllib.request.urlopen(url) as response:
        return len(response.read())


async def main():
    start = time.perf_counter()
    a = await asyncio.gather(*(asyncio.to_thread(size_of, url) for url in URLS))
    loop = asyncio.get_running_loop()
    b = await asyncio.gather(*(loop.run_in_executor(None, requests.get, url)
                               for url in URLS))
    print(a == [len(r.content) for r in b], len(a))
    elapsed = time.perf_counter() - start
    print(f"16 requests in {elapsed:.3f} s")


asyncio.run(main())
