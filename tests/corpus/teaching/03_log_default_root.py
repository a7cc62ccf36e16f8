"""Without basicConfig the root logger prints WARNING and above as LEVEL:root:msg."""
import logging

logging.debug("not shown")
logging.info("not shown either")
logging.warning("disk almost full: %d%%", 93)
logging.error("could not save %r", "report.txt")
logging.critical("shutting down")
print("level:", logging.getLogger().getEffectiveLevel())
print(logging.getLevelName(logging.WARNING), logging.getLevelName(15))
