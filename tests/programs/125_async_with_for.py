# async with, async for, async generators and async iterators.
import asyncio


class Connection:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print(f"open {self.name}")
        await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.01)
        print(f"close {self.name} ({exc_type.__name__ if exc_type else 'ok'})")
        return exc_type is KeyError


async def ticker(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i


class Countdown:
    def __init__(self, start):
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.current -= 1
        return self.current + 1


async def first_two(agen):
    out = []
    async for x in agen:
        if len(out) == 2:
            break
        out.append(x)
    return out


async def main():
    async with Connection("db") as c:
        print("using", c.name)
    async with Connection("cache"):
        raise KeyError("swallowed")
    try:
        async with Connection("files"):
            raise ValueError("propagates")
    except ValueError as e:
        print("caught", e)
    async for tick in ticker(3, 0.01):
        print("tick", tick)
    print([x async for x in ticker(3, 0) if x != 1], {x: x * x async for x in ticker(2, 0)})
    print([await asyncio.sleep(0, i) for i in range(3)])
    agen = (x * 2 async for x in ticker(3, 0))
    print(type(agen).__name__, [y async for y in agen])
    async for n in Countdown(3):
        print("countdown", n)
    print(await first_two(ticker(5, 0)))
    g = ticker(2, 0)
    print(type(g).__name__, await g.__anext__(), await g.__anext__())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("exhausted")
    for i in range(2):
        async with Connection(f"loop{i}") as c:
            if i == 1:
                break
            print("body", i)
    print("done")


asyncio.run(main())
