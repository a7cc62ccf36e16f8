# Waiting with limits: wait_for, asyncio.timeout, wait, as_completed, shield.
import asyncio


async def slow(name, delay):
    try:
        await asyncio.sleep(delay)
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} was cancelled")
        raise


async def main():
    print(await asyncio.wait_for(slow("quick", 0.1), timeout=1))
    try:
        await asyncio.wait_for(slow("too slow", 1), timeout=0.2)
    except asyncio.TimeoutError:
        print("wait_for timed out")
    try:
        async with asyncio.timeout(0.1):
            await slow("inside timeout", 1)
    except TimeoutError:
        print("asyncio.timeout expired")
    tasks = [asyncio.create_task(slow(f"w{i}", 0.1 * (3 - i))) for i in range(3)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("first done:", [t.result() for t in done], "pending:", len(pending))
    done, pending = await asyncio.wait(tasks)
    print("all done:", sorted(t.result() for t in done), len(pending))
    for fut in asyncio.as_completed([slow("c1", 0.3), slow("c2", 0.1), slow("c3", 0.2)]):
        print("as_completed got", await fut)
    inner = asyncio.create_task(slow("shielded", 0.2))
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=0.1)
    except asyncio.TimeoutError:
        print("shield: the wait timed out, inner cancelled?", inner.cancelled())
    print(await inner)
    done, pending = await asyncio.wait([asyncio.create_task(slow("w", 1))], timeout=0.1)
    print(len(done), len(pending))
    for t in pending:
        t.cancel()
    await asyncio.sleep(0)


asyncio.run(main())
