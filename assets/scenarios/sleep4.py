# title.en: I/O-bound threads overlap
# title.pt: Threads de I/O se sobrepõem
# summary.en: Four threads each sleep one second, as if waiting for a disk or the network.
# summary.pt: Quatro threads dormem um segundo cada, como se esperassem o disco ou a rede.
# point.en: A thread that sleeps (or waits for I/O) releases the GIL: four one-second waits take one second, not four.
# point.pt: Uma thread que dorme (ou espera I/O) solta o GIL: quatro esperas de um segundo levam um segundo, não quatro.
# lesson: write=start | en: Each thread starts, then releases the GIL as soon as it sleeps. | pt: Cada thread começa e solta o GIL assim que dorme.
# lesson: at=0.5s | en: All four sleep at the same time: nobody holds the GIL. | pt: As quatro dormem ao mesmo tempo: ninguém está com o GIL.
# lesson: end | en: About one second in all, not four. | pt: Cerca de um segundo no total, não quatro.
import threading
import time


def wait(name):
    print(f"{name}: start")
    time.sleep(1)
    print(f"{name}: done")


start = time.perf_counter()
threads = [threading.Thread(target=wait, args=(f"t{i}",)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"took {time.perf_counter() - start:.1f} s")
