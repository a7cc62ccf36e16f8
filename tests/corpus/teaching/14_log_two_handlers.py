"""One logger, two handlers: every record to stdout, errors also to stderr."""
import logging
import sys

log = logging.getLogger("service")
log.setLevel(logging.DEBUG)

out = logging.StreamHandler(stream=sys.stdout)
out.setFormatter(logging.Formatter("OUT %(levelname)s %(message)s"))
err = logging.StreamHandler()
err.setLevel(logging.ERROR)
err.setFormatter(logging.Formatter("ERR %(levelname)s %(message)s"))
log.addHandler(out)
log.addHandler(err)

log.info("started")
log.error("lost connection to %s:%d", "db", 5432)
log.removeHandler(err)
log.error("reconnecting")
log.info("stopped")
