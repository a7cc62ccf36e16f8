# asyncio.Barrier (3.11): parties meet, wait() gives each an index, abort and reset
# break the waiters, the repr tells the state.
import asyncio


async def party(b, name, delay, log):
    await asyncio.sleep(delay)
    i = await b.wait()
    log.append((name, i))
    return i


async def main():
    b = asyncio.Barrier(3)
    print(b.parties, b.n_waiting, b.broken)
    log = []
    got = await asyncio.gather(*(party(b, f"p{k}", 0.01 * k, log) for k in range(3)))
    print(sorted(got), log)
    print(repr(b).split(" [")[1])

    # A second round on the same barrier, with async with.
    async def round2(k):
        async with b as idx:
            return k, idx
    print(sorted(await asyncio.gather(*(round2(k) for k in range(3)))))

    # Waiters blocked, then the barrier is aborted.
    b2 = asyncio.Barrier(3)
    waiters = [asyncio.create_task(b2.wait()) for _ in range(2)]
    await asyncio.sleep(0.01)
    print("waiting:", b2.n_waiting, repr(b2).split(" [")[1])
    await b2.abort()
    for t in waiters:
        try:
            await t
        except asyncio.BrokenBarrierError as e:
            print("broken:", type(e).__name__, e)
    print(b2.broken, repr(b2).split(" [")[1])
    try:
        await b2.wait()
    except asyncio.BrokenBarrierError as e:
        print("after abort:", e)

    # reset wakes the waiters with BrokenBarrierError, then the barrier is usable again.
    b3 = asyncio.Barrier(2)
    w = asyncio.create_task(b3.wait())
    await asyncio.sleep(0.01)
    await b3.reset()
    try:
        await w
    except asyncio.BrokenBarrierError as e:
        print("reset:", e)
    print(sorted(await asyncio.gather(b3.wait(), b3.wait())))
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
