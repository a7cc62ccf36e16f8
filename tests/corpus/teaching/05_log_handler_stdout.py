"""A logger with its own handler writing to stdout and its own formatter."""
import logging
import sys

logger = logging.getLogger("jobs")
logger.setLevel(logging.DEBUG)

handler = logging.StreamHandler(sys.stdout)
handler.setLevel(logging.INFO)
handler.setFormatter(logging.Formatter("%(levelname)s|%(name)s|%(message)s"))
logger.addHandler(handler)

for job in ["compile", "test", "deploy"]:
    logger.debug("queued %s", job)
    logger.info("running %s", job)
logger.warning("deploy took %.2f s", 1.5)
print("handlers:", len(logger.handlers), type(handler).__name__)
