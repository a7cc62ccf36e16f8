"""gather collects results in order; return_exceptions=True keeps failures as values."""
import asyncio


async def factorial(name, number):
    f = 1
    for i in range(2, number + 1):
        print(f"Task {name}: Compute factorial({number}), currently i={i}...")
        await asyncio.sleep(0.01)
        f *= i
    print(f"Task {name}: factorial({number}) = {f}")
    return f


async def broken():
    await asyncio.sleep(0.01)
    raise RuntimeError("broken task")


async def main():
    results = await asyncio.gather(
        factorial("A", 2),
        factorial("B", 3),
        factorial("C", 4),
    )
    print(results)
    mixed = await asyncio.gather(factorial("D", 2), broken(), return_exceptions=True)
    print(mixed)
    try:
        await asyncio.gather(broken(), factorial("E", 2))
    except RuntimeError as e:
        print("gather raised:", e)


asyncio.run(main())
