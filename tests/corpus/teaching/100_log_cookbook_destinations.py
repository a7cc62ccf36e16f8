"""Logging cookbook: loggers of an application, a console handler with its own level."""
import logging
import sys

logger = logging.getLogger("myapp")
logger.setLevel(logging.DEBUG)

detail = logging.StreamHandler(sys.stdout)
detail.setLevel(logging.DEBUG)
detail.setFormatter(logging.Formatter("%(name)-12s %(levelname)-8s %(message)s"))

console = logging.StreamHandler()
console.setLevel(logging.WARNING)
console.setFormatter(logging.Formatter("%(name)-12s: %(levelname)-8s %(message)s"))

logger.addHandler(detail)
logger.addHandler(console)

logging.getLogger("myapp").info("Jackdaws love my big sphinx of quartz.")
area1 = logging.getLogger("myapp.area1")
area2 = logging.getLogger("myapp.area2")
area1.debug("Quick zephyrs blow, vexing daft Jim.")
area1.info("How quickly daft jumping zebras vex.")
area2.warning("Jail zesty vixen who grabbed pay from quack.")
area2.error("The five boxing wizards jump quickly.")
print(area1.parent is logger, area1.getEffectiveLevel(), logger.handlers[1].level)
print(logging.getLogger("myapp.area1.sub").parent.name)
