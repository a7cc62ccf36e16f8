"""create_task given a function instead of a coroutine: the TypeError and CPython's traceback through asyncio."""
import asyncio
async def work():
    await asyncio.sleep(0.01)
    return "ok"
async def main():
    t = asyncio.create_task(work(), name="worker")
    print(t.get_name(), await t)
    try:
        asyncio.create_task(work)
    except TypeError as e:
        print("TypeError:", e)
    asyncio.create_task(work)
asyncio.run(main())
