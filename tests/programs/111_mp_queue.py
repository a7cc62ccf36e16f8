# gilscope-test: tty
# A producer and a consumer process talk through a multiprocessing.Queue: what goes
# through is a copy (pickled), and get() with a timeout raises queue.Empty.
import multiprocessing
import queue


class Order:
    def __init__(self, n, items):
        self.n = n
        self.items = items

    def __repr__(self):
        return f"Order({self.n}, {self.items})"


def producer(q):
    for n in range(3):
        order = Order(n, ["pizza"] * (n + 1))
        q.put(order)
        order.items.append("changed after put")
    q.put(None)


def consumer(q, results):
    while True:
        order = q.get()
        if order is None:
            break
        print("consumer got", order, type(order).__name__)
        results.put(len(order.items))
    results.put("done")


if __name__ == "__main__":
    q = multiprocessing.Queue()
    results = multiprocessing.Queue()
    c = multiprocessing.Process(target=consumer, args=(q, results))
    p = multiprocessing.Process(target=producer, args=(q,))
    c.start()
    p.start()
    p.join()
    got = []
    while True:
        r = results.get()
        if r == "done":
            break
        got.append(r)
    c.join()
    print("sizes", got)
    try:
        results.get(timeout=0.1)
    except queue.Empty:
        print("empty after timeout")
    data = [1, [2, 3]]
    q.put(data)
    back = q.get()
    print(back == data, back is data)
    jq = multiprocessing.JoinableQueue()
    def drain(jq):
        while True:
            item = jq.get()
            print("drained", item)
            jq.task_done()
            if item == 2:
                break
    w = multiprocessing.Process(target=drain, args=(jq,))
    w.start()
    for i in range(3):
        jq.put(i)
    jq.join()
    print("all tasks done")
    w.join()
