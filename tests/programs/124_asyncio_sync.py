# asyncio's Lock, Event, Condition and Semaphore: who runs when.
import asyncio

balance = 0


async def deposit(lock, name):
    global balance
    async with lock:
        current = balance
        print(f"{name} read {current}")
        await asyncio.sleep(0.01)
        balance = current + 10
        print(f"{name} wrote {balance}")


async def waiter(ev, name):
    print(f"{name} waits")
    await ev.wait()
    print(f"{name} woke up")


async def limited(sem, name):
    async with sem:
        print(f"{name} in ({sem.locked()})")
        await asyncio.sleep(0.05)
    print(f"{name} out")


async def consumer(cond, items, name):
    async with cond:
        await cond.wait_for(lambda: items)
        print(f"{name} takes {items.pop(0)}")


async def main():
    lock = asyncio.Lock()
    print(lock.locked())
    await asyncio.gather(deposit(lock, "a"), deposit(lock, "b"), deposit(lock, "c"))
    print("balance", balance)
    ev = asyncio.Event()
    tasks = [asyncio.create_task(waiter(ev, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    print("setting", ev.is_set())
    ev.set()
    await asyncio.gather(*tasks)
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(limited(sem, f"s{i}") for i in range(4)))
    cond = asyncio.Condition()
    items = []
    cs = [asyncio.create_task(consumer(cond, items, f"k{i}")) for i in range(2)]
    await asyncio.sleep(0)
    for thing in ("apple", "pear"):
        async with cond:
            items.append(thing)
            cond.notify()
        await asyncio.sleep(0)
    await asyncio.gather(*cs)
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
