"""Tasks made with ensure_future, results taken in completion order with as_completed."""
import asyncio


async def phase(i):
    print("in phase {}".format(i))
    await asyncio.sleep(0.5 - (0.1 * i))
    print("done with phase {}".format(i))
    return "phase {} result".format(i)


async def main(num_phases):
    print("starting main")
    phases = [asyncio.ensure_future(phase(i)) for i in range(num_phases)]
    print("waiting for phases to complete")
    results = []
    for next_to_complete in asyncio.as_completed(phases):
        answer = await next_to_complete
        print("received answer {!r}".format(answer))
        results.append(answer)
    print("results: {!r}".format(results))
    return results


asyncio.run(main(3))
