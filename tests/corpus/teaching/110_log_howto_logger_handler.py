"""The Logging HOWTO's 'simple_logging_module': a named logger, a handler, a formatter."""
import logging
import sys

# create logger
logger = logging.getLogger("simple_example")
logger.setLevel(logging.DEBUG)

# create console handler and set level to debug
ch = logging.StreamHandler(sys.stdout)
ch.setLevel(logging.DEBUG)

# create formatter
formatter = logging.Formatter("%(name)s - %(levelname)s - %(message)s")

# add formatter to ch
ch.setFormatter(formatter)

# add ch to logger
logger.addHandler(ch)

# 'application' code
logger.debug("debug message")
logger.info("info message")
logger.warning("warn message")
logger.error("error message")
logger.critical("critical message")
print(logger.isEnabledFor(logging.DEBUG), logger.hasHandlers(), ch)
logger.removeHandler(ch)
logger.warning("only the last resort handler sees this")
