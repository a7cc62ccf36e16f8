class Account:
    def __init__(self):
        self.balance = 0

    def deposit(self, amount):
        self.balance += amount
        return self.balance


acc = Account()
for i in range(3_000_000):
    acc.deposit(i & 7)
print(acc.balance)
