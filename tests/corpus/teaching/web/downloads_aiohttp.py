# The same twenty pages with asyncio and aiohttp: one event loop thread, twenty tasks.
import asyncio
import time

import aiohttp

URLS = [f"https://books.toscrape.com/catalogue/page-{n}.html" for n in range(1, 21)]


async def fetch(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        body = await response.read()
        return len(body)


async def main():
    async with aiohttp.ClientSession() as session:
        sizes = await asyncio.gather(*(fetch(session, url) for url in URLS))
    return sum(sizes)


start = time.perf_counter()
total = asyncio.run(main())
elapsed = time.perf_counter() - start
print(f"asyncio: {len(URLS)} pages, {total} bytes in {elapsed:.3f} s")
