"""logger.exception logs the message and the traceback of the exception being handled."""
import logging

logging.basicConfig(format="%(levelname)s:%(message)s")
log = logging.getLogger(__name__)


def parse(text):
    return int(text)


for raw in ["10", "x2", "7"]:
    try:
        value = parse(raw)
    except ValueError:
        log.exception("cannot parse %r", raw)
    else:
        print("parsed", value)
