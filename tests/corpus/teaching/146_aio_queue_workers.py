"""The asyncio docs' Queue example: workers, task_done, join, then cancel the workers."""
import asyncio


async def worker(name, queue, log):
    while True:
        sleep_for = await queue.get()
        await asyncio.sleep(sleep_for)
        queue.task_done()
        log.append(name)
        print(f"{name} has slept for {sleep_for:.2f} seconds")


async def main():
    queue = asyncio.Queue()
    total_sleep_time = 0
    for delay in [0.05, 0.12, 0.03, 0.2, 0.07, 0.1, 0.04, 0.09]:
        total_sleep_time += delay
        queue.put_nowait(delay)

    log = []
    tasks = [asyncio.create_task(worker(f"worker-{i}", queue, log)) for i in range(3)]

    started_at = asyncio.get_running_loop().time()
    await queue.join()
    total_slept_for = asyncio.get_running_loop().time() - started_at

    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print([type(r).__name__ for r in results])

    print("====")
    print(f"3 workers slept in parallel for {total_slept_for:.1f} seconds")
    print(f"total expected sleep time: {total_sleep_time:.2f} seconds")
    print("jobs:", len(log), "queue empty:", queue.empty())


asyncio.run(main())
