"""At most two "downloads" at a time under an asyncio.Semaphore."""
import asyncio

active = 0
peak = 0


async def download(sem, url):
    global active, peak
    async with sem:
        active += 1
        peak = max(peak, active)
        print(f"downloading {url} ({active} active)")
        await asyncio.sleep(0.1)
        active -= 1
    return len(url)


async def main():
    sem = asyncio.Semaphore(2)
    urls = [f"https://example.com/page{i}" for i in range(5)]
    sizes = await asyncio.gather(*(download(sem, u) for u in urls))
    print("sizes:", sizes)
    print("peak concurrency:", peak)
    print("semaphore locked at the end?", sem.locked())


asyncio.run(main())
