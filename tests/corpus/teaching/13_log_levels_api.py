"""logging.log with a numeric level, isEnabledFor, disable and level names."""
import logging

logging.basicConfig(level=logging.DEBUG, format="%(levelname)s:%(message)s")
log = logging.getLogger("levels")

for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL):
    log.log(level, "message at level %d", level)

log.setLevel(logging.ERROR)
print(log.isEnabledFor(logging.WARNING), log.isEnabledFor(logging.ERROR))
print(logging.getLevelName("INFO"), logging.getLevelName(logging.ERROR))
logging.disable(logging.WARNING)
logging.warning("disabled")
logging.error("errors still pass")
logging.disable(logging.NOTSET)
logging.warning("warnings are back")
