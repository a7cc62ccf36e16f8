# A coroutine called but never awaited: it does not run, and Python warns.
import asyncio


async def greet():
    print("this never prints")


async def main():
    greet()
    asyncio.sleep(1)
    await asyncio.sleep(0.01)
    print("main done")


asyncio.run(main())
print(asyncio.iscoroutine(greet()))
