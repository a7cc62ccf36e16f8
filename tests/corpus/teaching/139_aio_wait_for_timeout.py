"""wait_for gives up on a slow coroutine with TimeoutError; a fast one returns in time."""
import asyncio


async def eternity():
    try:
        await asyncio.sleep(3600)
        print("yay!")
    except asyncio.CancelledError:
        print("eternity was cancelled")
        raise


async def quick():
    await asyncio.sleep(0.05)
    return 42


async def main():
    print("quick:", await asyncio.wait_for(quick(), timeout=1.0))
    try:
        await asyncio.wait_for(eternity(), timeout=0.2)
    except asyncio.TimeoutError:
        print("timeout!")
    except TimeoutError:
        print("builtin timeout!")
    print("TimeoutError is the builtin:", asyncio.TimeoutError is TimeoutError)


asyncio.run(main())
