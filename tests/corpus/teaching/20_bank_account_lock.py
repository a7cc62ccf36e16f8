"""A bank account class protects its balance with a lock."""
import threading


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self._lock = threading.Lock()

    def deposit(self, amount):
        with self._lock:
            self.balance += amount

    def withdraw(self, amount):
        with self._lock:
            if amount > self.balance:
                return False
            self.balance -= amount
            return True


acct = Account("Carla", 100)
withdrawn = []


def spender(n):
    for _ in range(n):
        if acct.withdraw(7):
            withdrawn.append(7)


def saver(n):
    for _ in range(n):
        acct.deposit(5)


ts = [threading.Thread(target=spender, args=(20,)) for _ in range(3)]
ts += [threading.Thread(target=saver, args=(30,)) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("final balance >= 0:", acct.balance >= 0)
print("money is conserved:", acct.balance == 100 + 2 * 30 * 5 - sum(withdrawn))
