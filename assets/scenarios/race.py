# title.en: A race on a shared counter, and the lock that fixes it
# title.pt: Uma condição de corrida num contador compartilhado, e o lock que a corrige
# summary.en: Four threads add to one counter; the read and the write are split by a function call.
# summary.pt: Quatro threads somam num contador; a leitura e a escrita são separadas por uma chamada de função.
# point.en: counter += 1 is never split under the 3.11 GIL, but a read-modify-write with a call in the middle is: increments get lost. A Lock makes it exact again.
# point.pt: counter += 1 nunca é interrompido com o GIL do 3.11, mas ler-modificar-escrever com uma chamada no meio é: incrementos se perdem. Um Lock torna o resultado exato de novo.
# lesson: handoff=2 | en: The GIL changed hands between a thread's read of counter and its write: the other thread's updates will be overwritten. | pt: O GIL trocou de mãos entre a leitura de counter e a escrita: as atualizações da outra thread serão sobrescritas.
# lesson: write=without | en: Increments were lost. | pt: Incrementos se perderam.
# lesson: end | en: With the lock, every increment counts. | pt: Com o lock, todo incremento conta.
import threading

counter = 0
lock = threading.Lock()


def work():
    return 0


def add(times):
    global counter
    for _ in range(times):
        value = counter
        work()
        counter = value + 1


def add_locked(times):
    global counter
    for _ in range(times):
        with lock:
            value = counter
            work()
            counter = value + 1


def run(target):
    global counter
    counter = 0
    threads = [threading.Thread(target=target, args=(400_000,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


print("without a lock, all 1600000 increments counted:", run(add) == 1_600_000)
print("with a lock, all 1600000 increments counted:", run(add_locked) == 1_600_000)
