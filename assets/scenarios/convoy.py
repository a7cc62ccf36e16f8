# title.en: The convoy effect
# title.pt: O efeito comboio
# summary.en: A thread doing many tiny I/O operations (sleep(0)) next to a CPU-bound thread.
# summary.pt: Uma thread fazendo muitas operações de I/O minúsculas (sleep(0)) ao lado de uma thread CPU-bound.
# point.en: Each I/O releases the GIL; the CPU-bound thread takes it, and the I/O thread must wait a whole switch interval to get it back: every sleep(0) costs about 5 ms.
# point.pt: Cada I/O solta o GIL; a thread CPU-bound o pega, e a thread de I/O precisa esperar um intervalo de troca inteiro para recuperá-lo: cada sleep(0) custa cerca de 5 ms.
# lesson: handoff=3 | en: The I/O thread released the GIL for sleep(0); the CPU-bound thread took it at once. | pt: A thread de I/O soltou o GIL no sleep(0); a thread CPU-bound o pegou na hora.
# lesson: request=2 | en: Back from sleep(0) in microseconds, the I/O thread still waits 5 ms before it may ask for the GIL. | pt: De volta do sleep(0) em microssegundos, a thread de I/O ainda espera 5 ms antes de poder pedir o GIL.
# lesson: end | en: Twenty sleep(0) calls took about twenty switch intervals. | pt: Vinte chamadas a sleep(0) levaram cerca de vinte intervalos de troca.
import threading
import time


def spin():
    n = 10_000_000
    while n > 0:
        n -= 1


def io():
    start = time.perf_counter()
    for _ in range(20):
        time.sleep(0)
    per_call = (time.perf_counter() - start) / 20
    print("each sleep(0) took more than 1 ms:", per_call > 0.001)


cpu = threading.Thread(target=spin, daemon=True)
cpu.start()
worker = threading.Thread(target=io)
worker.start()
worker.join()
