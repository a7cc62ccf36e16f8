"""A task that fails while nobody awaits it: asyncio reports it when the task is dropped."""
import asyncio


async def faulty():
    await asyncio.sleep(0.01)
    raise ValueError("something went wrong")


async def main():
    asyncio.create_task(faulty())
    await asyncio.sleep(0.1)
    print("main finished without awaiting the task")


asyncio.run(main())
print("after asyncio.run")
