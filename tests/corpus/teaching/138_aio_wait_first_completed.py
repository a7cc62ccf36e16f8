"""asyncio.wait with return_when=FIRST_COMPLETED and a timeout; the rest is cancelled."""
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return f"{name} after {delay}s"


async def main():
    tasks = {asyncio.create_task(fetch(n, d), name=n)
             for n, d in [("mirror-a", 0.3), ("mirror-b", 0.1), ("mirror-c", 0.5)]}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first:", [t.result() for t in done])
    print("still pending:", sorted(t.get_name() for t in pending))

    done, pending = await asyncio.wait(pending, timeout=0.25)
    print("within the timeout:", [t.result() for t in done])
    for t in pending:
        t.cancel()
        print("cancelling", t.get_name())
    await asyncio.gather(*pending, return_exceptions=True)
    print("cancelled:", [t.cancelled() for t in pending])


asyncio.run(main())
