"""Two transfers in opposite directions: taking locks in a fixed order avoids deadlock."""
import threading
import time


class Account:
    def __init__(self, ident, balance):
        self.ident = ident
        self.balance = balance
        self.lock = threading.Lock()


def transfer(src, dst, amount):
    first, second = sorted((src, dst), key=lambda a: a.ident)
    with first.lock:
        time.sleep(0.01)
        with second.lock:
            src.balance -= amount
            dst.balance += amount


a = Account(1, 500)
b = Account(2, 500)
threads = []
for _ in range(5):
    threads.append(threading.Thread(target=transfer, args=(a, b, 10)))
    threads.append(threading.Thread(target=transfer, args=(b, a, 30)))
for t in threads:
    t.start()
for t in threads:
    t.join()
print("a:", a.balance, "b:", b.balance, "total:", a.balance + b.balance)
