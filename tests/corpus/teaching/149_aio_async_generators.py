"""Async generators, async for, and async comprehensions."""
import asyncio


async def ticker(delay, to):
    """Yield numbers from 0 to `to` every `delay` seconds."""
    for i in range(to):
        yield i
        await asyncio.sleep(delay)


async def squares(source):
    async for n in source:
        yield n * n


async def main():
    async for i in ticker(0.01, 3):
        print("tick", i)
    evens = [i async for i in ticker(0.01, 10) if i % 2 == 0]
    print("evens:", evens)
    print("squares:", [s async for s in squares(ticker(0, 5))])
    lookup = {i: str(i) * i async for i in ticker(0, 4)}
    print("dict:", lookup)
    gen = ticker(0, 2)
    print(await gen.__anext__(), await anext(gen))
    try:
        await anext(gen)
    except StopAsyncIteration:
        print("exhausted")


asyncio.run(main())
