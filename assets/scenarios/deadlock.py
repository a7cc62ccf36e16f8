# title.en: Deadlock: two locks taken in opposite orders
# title.pt: Deadlock: dois locks adquiridos em ordens opostas
# summary.en: Two threads each take one lock, wait a little, then want the other's. Run with the argument "fixed" to see the fix.
# summary.pt: Duas threads pegam um lock cada, esperam um pouco e então querem o lock da outra. Execute com o argumento "fixed" para ver a correção.
# point.en: Each thread holds what the other needs: nothing can move. Taking locks always in the same order prevents it.
# point.pt: Cada thread segura o que a outra precisa: nada anda. Adquirir os locks sempre na mesma ordem evita isso.
# lesson: write=transfer | en: Each thread took its first lock and sleeps. | pt: Cada thread pegou seu primeiro lock e dorme.
# lesson: deadlock | en: Deadlock: each thread waits for the lock the other holds. gilscope stops here; CPython would hang for ever. | pt: Deadlock: cada thread espera o lock que a outra segura. O gilscope para aqui; o CPython ficaria travado para sempre.
# lesson: end | en: Run it again with the argument "fixed": both threads take the locks in the same order. | pt: Execute de novo com o argumento "fixed": as duas threads adquirem os locks na mesma ordem.
import sys
import threading
import time

account_a = threading.Lock()
account_b = threading.Lock()
fixed = len(sys.argv) > 1 and sys.argv[1] == "fixed"


def transfer(name, first, second):
    if fixed:
        first, second = account_a, account_b
    with first:
        print(f"{name}: transfer started")
        time.sleep(0.1)
        with second:
            print(f"{name}: transfer done")


t1 = threading.Thread(target=transfer, args=("t1", account_a, account_b))
t2 = threading.Thread(target=transfer, args=("t2", account_b, account_a))
t1.start()
t2.start()
t1.join()
t2.join()
print("all transfers done")
