# Older asyncio code names the package's submodules and C types: asyncio.events,
# asyncio.tasks, AbstractEventLoop in annotations, _asyncio.Task in reprs and errors.
import asyncio
import asyncio.tasks
from asyncio.events import AbstractEventLoop


async def main(loop: AbstractEventLoop):
    print(isinstance(loop, AbstractEventLoop), asyncio.tasks.Task, asyncio.Future)
    task = asyncio.tasks.Task(asyncio.sleep(0.01))
    await task
    print(type(task).__name__, task.done())


loop = asyncio.new_event_loop()
loop.run_until_complete(main(loop))
loop.close()
try:
    asyncio.Task.all_tasks()
except AttributeError as e:
    print(e)


@asyncio.coroutine
def legacy():
    yield
