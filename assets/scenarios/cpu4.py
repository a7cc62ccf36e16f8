# title.en: Four CPU-bound threads: who gets the GIL?
# title.pt: Quatro threads CPU-bound: quem pega o GIL?
# summary.en: Four threads count at once and take turns with the GIL.
# summary.pt: Quatro threads contam ao mesmo tempo e revezam o GIL.
# point.en: A release wakes one waiting thread chosen by the OS, not the one that asked and not in order: some threads wait several slices in a row.
# point.pt: Cada liberação acorda uma thread escolhida pelo sistema operacional, não a que pediu nem por ordem de chegada: algumas threads esperam várias fatias seguidas.
# lesson: request=3 | en: A waiting thread asks for the GIL after 5 ms without a switch. | pt: Uma thread que espera pede o GIL depois de 5 ms sem troca.
# lesson: handoff=8 | en: The GIL went to a thread other than the one that asked: the OS picks which waiter wakes up. | pt: O GIL foi para uma thread diferente da que pediu: o sistema operacional escolhe qual thread acorda.
# lesson: end | en: Look at the Stats panel: the longest wait is several switch intervals long. | pt: Veja o painel de estatísticas: a espera mais longa dura vários intervalos de troca.
import threading


def count(n):
    while n > 0:
        n -= 1


threads = [threading.Thread(target=count, args=(1_000_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
