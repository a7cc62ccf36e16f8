"""exc_info=True attaches the traceback; stack_info is left out on purpose."""
import logging

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")


def divide(a, b):
    return a / b


try:
    divide(1, 0)
except ZeroDivisionError:
    logging.error("division failed", exc_info=True)
logging.info("still running")
try:
    {}["missing"]
except KeyError as e:
    logging.warning("lookup failed: %s", e)
