# asyncio.Queue: producers and consumers, join/task_done, a bounded queue.
import asyncio


async def producer(q, name, n):
    for i in range(n):
        await q.put(f"{name}-{i}")
        print(f"{name} put {name}-{i} (size {q.qsize()})")
        await asyncio.sleep(0.01)


async def consumer(q, name):
    while True:
        item = await q.get()
        print(f"{name} got {item}")
        await asyncio.sleep(0.025)
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=2)
    print(q, q.empty(), q.full(), q.maxsize)
    consumers = [asyncio.create_task(consumer(q, f"c{i}")) for i in range(2)]
    await asyncio.gather(producer(q, "p", 4), producer(q, "r", 2))
    await q.join()
    print("all items processed")
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    q2 = asyncio.Queue(1)
    q2.put_nowait("x")
    try:
        q2.put_nowait("y")
    except asyncio.QueueFull:
        print("QueueFull")
    print(q2.get_nowait())
    try:
        q2.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        await pq.put(item)
    print([await pq.get() for _ in range(3)])
    lq = asyncio.LifoQueue()
    for i in range(3):
        lq.put_nowait(i)
    print([lq.get_nowait() for _ in range(3)])


asyncio.run(main())
