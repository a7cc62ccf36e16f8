"""Awaitable classes whose __await__ returns, or yields from, a coroutine's __await__() (as aiohttp's request context does)."""
import asyncio
class A:
    def __init__(self, c): self.c = c
    def __await__(self): return self.c.__await__()
class B:
    def __init__(self, c): self.c = c
    def __await__(self): return (yield from self.c.__await__())
async def f(): await asyncio.sleep(0.01); return 5
async def slow():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("inner cancelled"); raise
async def main():
    print(await A(f()))
    print(await B(f()))
    w = f().__await__()
    print(type(w).__name__, iter(w) is w)
    w.close()
    t = asyncio.ensure_future(A(slow()))
    await asyncio.sleep(0.01); t.cancel()
    try: await t
    except asyncio.CancelledError: print("cancelled")
asyncio.run(main())
