"""PyMOTW: consumers wait on an asyncio.Condition; the manager wakes one, two, then all."""
import asyncio


async def consumer(condition, n):
    async with condition:
        print("consumer {} is waiting".format(n))
        await condition.wait()
        print("consumer {} triggered".format(n))
    print("ending consumer {}".format(n))


async def manipulate_condition(condition):
    print("starting manipulate_condition")
    await asyncio.sleep(0.1)
    for i in range(1, 3):
        async with condition:
            print("notifying {} consumers".format(i))
            condition.notify(n=i)
        await asyncio.sleep(0.1)
    async with condition:
        print("notifying remaining consumers")
        condition.notify_all()
    print("ending manipulate_condition")


async def main():
    condition = asyncio.Condition()
    consumers = [consumer(condition, i) for i in range(5)]
    await asyncio.gather(manipulate_condition(condition), *consumers)


asyncio.run(main())
