"""A child process gets a copy of the parent's globals: its changes are not seen back home."""
import multiprocessing

counter = 0
items = ["parent"]


def change():
    global counter
    counter += 100
    items.append("child")
    print("in child:", counter, items)


if __name__ == "__main__":
    counter = 1
    p = multiprocessing.Process(target=change)
    p.start()
    p.join()
    print("in parent:", counter, items)
    counter += 1
    q = multiprocessing.Process(target=change)
    q.start()
    q.join()
    print("in parent again:", counter, items)
