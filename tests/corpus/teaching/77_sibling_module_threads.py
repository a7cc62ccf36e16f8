"""Threads use functions from a sibling module; an error inside it shows its file."""
import threading

import shop_helpers


def checkout(items, out):
    cart = shop_helpers.Cart()
    for item in items:
        cart.add(item)
    out.append(round(cart.total(), 2))


totals = []
threads = [threading.Thread(target=checkout, args=(items, totals))
           for items in (["apple", "milk"], ["bread"], ["cheese"])]
for t in threads:
    t.start()
    t.join()
print(totals)
