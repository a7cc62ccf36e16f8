# title.en: The same waits with asyncio, on one thread
# title.pt: As mesmas esperas com asyncio, em uma thread
# summary.en: Four coroutines each wait one second (asyncio.sleep), run by one event loop.
# summary.pt: Quatro corrotinas esperam um segundo cada (asyncio.sleep), executadas por um só event loop.
# point.en: Asynchronous code overlaps waits without threads: the event loop runs one task until it awaits, then another. Four one-second waits take one second.
# point.pt: Código assíncrono sobrepõe esperas sem threads: o event loop executa uma tarefa até ela fazer await, depois outra. Quatro esperas de um segundo levam um segundo.
# lesson: write=start | en: Each task runs until its first await, then the loop moves on to the next. | pt: Cada tarefa roda até seu primeiro await, e então o loop passa para a próxima.
# lesson: at=0.5s | en: All four tasks are suspended in await; the loop waits for the earliest timer. | pt: As quatro tarefas estão suspensas no await; o loop espera o timer mais próximo.
# lesson: end | en: About one second in all, on a single thread. | pt: Cerca de um segundo no total, numa única thread.
import asyncio
import time


async def wait(name):
    print(f"{name}: start")
    await asyncio.sleep(1)
    print(f"{name}: done")


async def main():
    start = time.perf_counter()
    await asyncio.gather(*(wait(f"task{i}") for i in range(4)))
    print(f"took {time.perf_counter() - start:.1f} s")


asyncio.run(main())
