"""Logging cookbook: threads log through a QueueHandler; one QueueListener thread writes."""
import logging
import logging.handlers
import queue
import threading
import time

que = queue.Queue(-1)  # no limit on size
queue_handler = logging.handlers.QueueHandler(que)
handler = logging.StreamHandler()
listener = logging.handlers.QueueListener(que, handler)
root = logging.getLogger()
root.addHandler(queue_handler)
root.setLevel(logging.INFO)
formatter = logging.Formatter("%(threadName)-8s %(levelname)-7s %(message)s")
handler.setFormatter(formatter)
listener.start()


def work(n):
    time.sleep(0.05 * n)
    logging.info("job %d finished", n)
    if n == 2:
        logging.warning("job %d was slow", n)


threads = [threading.Thread(target=work, args=(n,), name=f"job-{n}") for n in (3, 1, 2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
root.warning("Look out!")
listener.stop()
print("listener stopped; queue empty:", que.empty())
