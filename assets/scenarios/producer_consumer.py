# title.en: Producer and consumer with queue.Queue
# title.pt: Produtor e consumidor com queue.Queue
# summary.en: One thread puts work in a queue, two threads take it out and handle it.
# summary.pt: Uma thread coloca trabalho numa fila, duas threads o retiram e o tratam.
# point.en: A Queue hands items from thread to thread safely; a consumer waiting on an empty queue blocks without holding the GIL.
# point.pt: Uma Queue passa itens de thread para thread com segurança; um consumidor esperando numa fila vazia fica bloqueado sem segurar o GIL.
# lesson: write=produced 0 | en: The producer put the first item; a blocked consumer wakes up. | pt: O produtor colocou o primeiro item; um consumidor bloqueado acorda.
# lesson: write=consumed | en: A consumer got an item: queue.get() returned. | pt: Um consumidor pegou um item: queue.get() retornou.
# lesson: end | en: Every item was consumed exactly once. | pt: Cada item foi consumido exatamente uma vez.
import queue
import threading
import time

jobs = queue.Queue()
done = []


def producer():
    for i in range(6):
        time.sleep(0.05)
        jobs.put(i)
        print(f"produced {i}")
    for _ in range(2):
        jobs.put(None)


def consumer(name):
    while True:
        item = jobs.get()
        if item is None:
            break
        time.sleep(0.08)
        done.append(item)
        print(f"{name} consumed {item}")


threads = [threading.Thread(target=producer)] + [
    threading.Thread(target=consumer, args=(f"consumer-{i}",)) for i in (1, 2)
]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all consumed once:", sorted(done) == list(range(6)))
