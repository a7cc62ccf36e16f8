"""A Future resolved by a timer callback; done callbacks see the result."""
import asyncio
import functools


def mark_done(future, result):
    print("setting future result to {!r}".format(result))
    future.set_result(result)


def report(name, future):
    print("{}: future is done, result {!r}".format(name, future.result()))


async def main(loop):
    all_done = loop.create_future()
    all_done.add_done_callback(functools.partial(report, "first"))
    all_done.add_done_callback(functools.partial(report, "second"))
    print("scheduling mark_done")
    loop.call_later(0.1, mark_done, all_done, "the result")
    print("done before?", all_done.done())
    result = await all_done
    print("returned result: {!r}".format(result))
    print("done after?", all_done.done())


loop = asyncio.new_event_loop()
try:
    loop.run_until_complete(main(loop))
finally:
    loop.close()
