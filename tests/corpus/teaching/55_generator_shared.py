"""A generator shared by threads must be guarded: a lock makes next() safe."""
import threading


def ticket_numbers():
    n = 0
    while True:
        n += 1
        yield n


tickets = ticket_numbers()
lock = threading.Lock()
taken = []


def customer():
    for _ in range(5):
        with lock:
            taken.append(next(tickets))


cs = [threading.Thread(target=customer) for _ in range(4)]
for c in cs:
    c.start()
for c in cs:
    c.join()
print(len(taken), len(set(taken)), max(taken))
