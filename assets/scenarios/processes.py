# title.en: Processes against threads for CPU-bound work
# title.pt: Processos contra threads para trabalho CPU-bound
# summary.en: The same CPU-bound work split over two threads, then over two processes, on 2 simulated cores.
# summary.pt: O mesmo trabalho CPU-bound dividido em duas threads, depois em dois processos, em 2 núcleos simulados.
# point.en: Each process has its own interpreter and its own GIL: two processes really run at the same time on two cores; two threads take turns.
# point.pt: Cada processo tem seu próprio interpretador e seu próprio GIL: dois processos rodam de verdade ao mesmo tempo em dois núcleos; duas threads se revezam.
# lesson: handoff=2 | en: The two threads take turns with the one GIL. | pt: As duas threads revezam o único GIL.
# lesson: write=threads | en: Now two processes: each has its own GIL lane, and both cores are busy. | pt: Agora dois processos: cada um tem sua faixa de GIL, e os dois núcleos estão ocupados.
# lesson: end | en: The processes finished in about half the time of the threads. | pt: Os processos terminaram em cerca de metade do tempo das threads.
import multiprocessing
import threading
import time


def count(n):
    while n > 0:
        n -= 1


def timed(kind, n):
    workers = [kind(target=count, args=(n,)) for _ in range(2)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    with_threads = timed(threading.Thread, 4_000_000)
    print("threads finished")
    with_processes = timed(multiprocessing.Process, 4_000_000)
    print("processes faster than threads:", with_processes < 0.8 * with_threads)
