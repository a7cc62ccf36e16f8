# Cancellation: CancelledError inside the task, cancel messages, catching and going on,
# and what asyncio.run does with tasks still running at the end.
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn: caught the cancellation, finishing normally")
    return "stubborn result"


async def with_message():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("with_message: args", e.args)
        raise


async def background(n):
    try:
        while True:
            await asyncio.sleep(0.05)
            n += 1
    finally:
        print("background stopped")


async def main():
    s = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    s.cancel()
    print(await s, s.cancelled())
    m = asyncio.create_task(with_message())
    await asyncio.sleep(0)
    m.cancel("stop now")
    try:
        await m
    except asyncio.CancelledError as e:
        print("main: cancelled", m.cancelled())
    asyncio.create_task(background(0))
    await asyncio.sleep(0.12)
    print("main returns with a task still running")


asyncio.run(main())
print("after run")
