# title.en: The switch interval: 1 ms against 20 ms
# title.pt: O intervalo de troca: 1 ms contra 20 ms
# summary.en: Two CPU-bound threads, first with sys.setswitchinterval(0.001), then with 0.020.
# summary.pt: Duas threads CPU-bound, primeiro com sys.setswitchinterval(0.001), depois com 0.020.
# point.en: The interval is how long a waiting thread waits before it asks for the GIL: shorter means more handoffs (more responsive, more overhead), longer means fewer.
# point.pt: O intervalo é quanto tempo uma thread que espera aguarda antes de pedir o GIL: menor significa mais trocas (mais responsivo, mais custo), maior significa menos.
# lesson: handoff=4 | en: With 1 ms, the GIL changes hands about a thousand times a second. | pt: Com 1 ms, o GIL troca de mãos cerca de mil vezes por segundo.
# lesson: write=1 ms | en: Now 20 ms: each thread keeps the GIL twenty times longer. | pt: Agora 20 ms: cada thread fica com o GIL vinte vezes mais tempo.
# lesson: end | en: Same work, same total time; only the number of handoffs changed. | pt: Mesmo trabalho, mesmo tempo total; só o número de trocas mudou.
import sys
import threading


def count(n):
    while n > 0:
        n -= 1


def run(interval):
    sys.setswitchinterval(interval)
    threads = [threading.Thread(target=count, args=(5_000_000,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"done with a switch interval of {interval * 1000:.0f} ms")


run(0.001)
run(0.020)
