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
