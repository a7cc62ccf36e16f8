"""Condition.wait_for waits until a predicate holds (or a timeout passes)."""
import threading
import time

cond = threading.Condition()
orders = []


def kitchen():
    for dish in ["soup", "rice", "cake"]:
        time.sleep(0.1)
        with cond:
            orders.append(dish)
            print("cooked", dish)
            cond.notify()


def waiter():
    with cond:
        ok = cond.wait_for(lambda: len(orders) >= 2, timeout=1)
        print("waiter sees", orders[:2], ok)
    with cond:
        ok = cond.wait_for(lambda: len(orders) >= 10, timeout=0.5)
        print("ten orders?", ok, len(orders))


k = threading.Thread(target=kitchen)
w = threading.Thread(target=waiter)
w.start()
k.start()
k.join()
w.join()
