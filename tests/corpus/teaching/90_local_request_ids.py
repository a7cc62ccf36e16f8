"""A logging format with a value kept in thread-local storage via a LoggerAdapter-like helper."""
import logging
import threading
import time

logging.basicConfig(level=logging.INFO, format="%(threadName)s %(message)s")
local = threading.local()


def log(msg, *args):
    logging.info("[req %s] " + msg, getattr(local, "rid", "-"), *args)


def handle(rid, work):
    local.rid = rid
    log("start")
    time.sleep(work)
    log("finished in %.1f s", work)


ts = [threading.Thread(target=handle, args=(r, w), name=f"h{r}") for r, w in ((101, 0.2), (102, 0.1))]
for t in ts:
    t.start()
for t in ts:
    t.join()
log("main has no request id")
