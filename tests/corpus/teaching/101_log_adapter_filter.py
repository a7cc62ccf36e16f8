"""Logging cookbook: contextual information from a LoggerAdapter and from a Filter."""
import logging
import threading


class ConnAdapter(logging.LoggerAdapter):
    def process(self, msg, kwargs):
        return "[%s] %s" % (self.extra["connid"], msg), kwargs


class ThreadTag(logging.Filter):
    """Adds the current thread's request number to every record."""

    def filter(self, record):
        record.request = getattr(local, "request", "-")
        return record.levelno >= logging.INFO


local = threading.local()
handler = logging.StreamHandler()
handler.setFormatter(logging.Formatter("%(levelname)-7s req=%(request)s %(threadName)s %(message)s"))
handler.addFilter(ThreadTag())
log = logging.getLogger("server")
log.addHandler(handler)
log.setLevel(logging.DEBUG)
log.propagate = False


def serve(n):
    local.request = n
    conn = ConnAdapter(log, {"connid": 1000 + n})
    conn.debug("filtered out")
    conn.info("handling request %d", n)
    conn.warning("request %d was slow", n)


threads = [threading.Thread(target=serve, args=(i,), name=f"conn-{i}") for i in range(3)]
for t in threads:
    t.start()
    t.join()
log.info("all connections served")
