"""A custom exception hierarchy with try/except/else/finally."""


class BankError(Exception):
    pass


class InsufficientFunds(BankError):
    def __init__(self, needed, available):
        super().__init__(f"need {needed}, have {available}")
        self.needed = needed
        self.available = available


def withdraw(balance, amount):
    if amount <= 0:
        raise ValueError("amount must be positive")
    if amount > balance:
        raise InsufficientFunds(amount, balance)
    return balance - amount


for amount in [30, 500, -1]:
    try:
        left = withdraw(100, amount)
    except InsufficientFunds as e:
        print("refused:", e, e.needed - e.available)
    except (ValueError, TypeError) as e:
        print("invalid:", e)
    else:
        print("ok, left", left)
    finally:
        print("-- attempt", amount, "logged")
print(issubclass(InsufficientFunds, BankError), InsufficientFunds.__mro__[1].__name__)
e = InsufficientFunds(5, 1)
print(repr(e), e.args)
