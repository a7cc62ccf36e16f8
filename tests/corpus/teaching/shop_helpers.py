# teaching: module imported by 76_sibling_module.py and 77_sibling_module_threads.py
"""Prices and a cart, used by two teaching programs."""
print("loading shop_helpers as", __name__)

PRICES = {"apple": 0.5, "bread": 2.25, "milk": 1.1}
LOADS = 1


def price_of(item):
    return PRICES[item]


class Cart:
    def __init__(self):
        self.items = []

    def add(self, item, qty=1):
        self.items.append((item, qty))

    def total(self):
        return sum(price_of(i) * q for i, q in self.items)


if __name__ == "__main__":
    print("this line only runs when shop_helpers.py is the program")
