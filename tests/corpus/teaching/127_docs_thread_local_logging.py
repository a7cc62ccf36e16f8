"""threading.local per-request data picked up by a logging Filter, one request per thread."""
import logging
import threading
import time

context = threading.local()


class RequestFilter(logging.Filter):
    def filter(self, record):
        record.user = getattr(context, "user", "anonymous")
        return True


logging.basicConfig(format="%(threadName)-6s %(user)-6s %(message)s", level=logging.INFO)
for h in logging.getLogger().handlers:
    h.addFilter(RequestFilter())


def handle(user, delay):
    context.user = user
    time.sleep(delay)
    logging.info("request handled")


threads = [threading.Thread(target=handle, args=(u, d), name=f"req-{i}")
           for i, (u, d) in enumerate([("ana", 0.2), ("bruno", 0.1), ("carla", 0.3)])]
for t in threads:
    t.start()
for t in threads:
    t.join()
logging.info("server idle")
