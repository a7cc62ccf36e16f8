# title.en: Two CPU-bound threads: no speed-up
# title.pt: Duas threads CPU-bound: nenhum ganho
# summary.en: The same counting loop twice, in a row and then in two threads.
# summary.pt: O mesmo laço de contagem duas vezes, em sequência e depois em duas threads.
# point.en: With the GIL only one thread runs Python code at a time: two threads take as long as one after the other, taking turns every 5 ms.
# point.pt: Com o GIL só uma thread executa código Python por vez: duas threads levam o mesmo tempo que uma depois da outra, revezando a cada 5 ms.
# lesson: handoff=2 | en: The second thread waited one switch interval (5 ms), then asked for the GIL; the first one dropped it at its next loop iteration. | pt: A segunda thread esperou um intervalo de troca (5 ms) e pediu o GIL; a primeira o soltou na próxima volta do laço.
# lesson: handoff=6 | en: Strict alternation: A, B, A, B... each holds the GIL about 5 ms. Look at the GIL lane. | pt: Alternância estrita: A, B, A, B... cada uma fica com o GIL cerca de 5 ms. Veja a faixa do GIL.
# lesson: end | en: Together they took as long as the two counts in a row: threads do not speed up CPU-bound Python code. | pt: Juntas levaram o mesmo que as duas contagens em sequência: threads não aceleram código Python CPU-bound.
import threading
import time


def count(n):
    while n > 0:
        n -= 1


N = 1_000_000

start = time.perf_counter()
count(N)
count(N)
in_a_row = time.perf_counter() - start

a = threading.Thread(target=count, args=(N,))
b = threading.Thread(target=count, args=(N,))
start = time.perf_counter()
a.start()
b.start()
a.join()
b.join()
in_threads = time.perf_counter() - start

print("two threads faster than one after the other:", in_threads < 0.8 * in_a_row)
