"""logger.exception inside a worker thread logs the traceback; the thread goes on."""
import logging
import threading

logging.basicConfig(format="%(threadName)s %(levelname)s %(message)s")
log = logging.getLogger(__name__)


def parse(values):
    total = 0
    for v in values:
        try:
            total += int(v)
        except ValueError:
            log.exception("could not parse %r", v)
    log.warning("total %d", total)


t = threading.Thread(target=parse, args=(["1", "x", "3"],), name="parser")
t.start()
t.join()
