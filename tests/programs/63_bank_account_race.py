import threading
class Account:
    def __init__(self):
        self.balance = 0
        self.lock = threading.Lock()
    def deposit(self, amount):
        with self.lock:
            current = self.balance
            current += amount
            self.balance = current
acct = Account()
def many(n):
    for _ in range(n):
        acct.deposit(1)
ts = [threading.Thread(target=many, args=(20000,)) for _ in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("balance:", acct.balance)
