"""PyMOTW: a Manager Namespace shares attributes; a Manager list gathers workers' results."""
import multiprocessing


def producer(ns, event):
    ns.value = "This is the value"
    ns.count = 3
    event.set()


def consumer(ns, event, out):
    event.wait()
    out.append("{}: {} / {}".format(multiprocessing.current_process().name, ns.value, ns.count))


if __name__ == "__main__":
    mgr = multiprocessing.Manager()
    namespace = mgr.Namespace()
    event = multiprocessing.Event()
    out = mgr.list()
    p = multiprocessing.Process(target=producer, args=(namespace, event))
    c = multiprocessing.Process(target=consumer, args=(namespace, event, out), name="consumer")
    c.start()
    p.start()
    c.join()
    p.join()
    print(list(out))
    print("namespace:", namespace.value, namespace.count)
    mgr.shutdown()
