"""QueueListener with respect_handler_level: each handler keeps its own level."""
import logging
import logging.handlers
import queue
import sys

q = queue.Queue()
everything = logging.StreamHandler(sys.stdout)
everything.setFormatter(logging.Formatter("all:    %(levelname)s %(message)s"))
problems = logging.StreamHandler(sys.stdout)
problems.setLevel(logging.ERROR)
problems.setFormatter(logging.Formatter("errors: %(levelname)s %(message)s"))

listener = logging.handlers.QueueListener(q, everything, problems, respect_handler_level=True)
log = logging.getLogger("app")
log.setLevel(logging.DEBUG)
log.addHandler(logging.handlers.QueueHandler(q))
log.propagate = False

listener.start()
log.debug("connecting to %s:%d", "db", 5432)
log.error("connection refused (attempt %d)", 1)
try:
    {}["missing"]
except KeyError:
    log.exception("lookup failed")
listener.stop()
print(listener._thread is None, q.qsize())
