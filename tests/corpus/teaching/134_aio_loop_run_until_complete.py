"""Old-style asyncio tutorial: a loop made by hand runs one coroutine to completion."""
import asyncio


async def compute(x, y):
    print("Compute %s + %s ..." % (x, y))
    await asyncio.sleep(0.1)
    return x + y


async def print_sum(x, y):
    result = await compute(x, y)
    print("%s + %s = %s" % (x, y, result))
    return result


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
try:
    total = loop.run_until_complete(print_sum(1, 2))
    print("returned", total)
    print("running?", loop.is_running(), "closed?", loop.is_closed())
finally:
    loop.close()
print("closed?", loop.is_closed())
