# A missing colon after a def: CPython points just past the header.
class Account:
    def __init__(self):
        self.balance = 0

    def deposit(self, amount)
        self.balance += amount
