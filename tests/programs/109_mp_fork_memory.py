# gilscope-test: tty
# Each process has its own memory: a child starts with a copy of the parent's, and
# changes on either side stay there.
import multiprocessing
import time

counter = 0
items = ["a"]
settings = {"mode": "slow"}


class Box:
    def __init__(self):
        self.value = 1


box = Box()
alias = items


def child(tag):
    global counter
    counter += 100
    items.append(tag)
    box.value += 10
    print(f"child {tag}: counter={counter} items={items} alias is items={alias is items}")
    print(f"child {tag}: box.value={box.value} settings={settings}")
    time.sleep(0.2)
    print(f"child {tag}: after the parent's change, settings={settings}")


if __name__ == "__main__":
    counter = 1
    p = multiprocessing.Process(target=child, args=("x",))
    p.start()
    time.sleep(0.1)
    settings["mode"] = "fast"
    print(f"parent: counter={counter} items={items} box.value={box.value}")
    p.join()
    q = multiprocessing.Process(target=child, args=("y",))
    q.start()
    q.join()
    print(f"parent: counter={counter} items={items} settings={settings}")
