"""Levels filter records: DEBUG is hidden once the level is INFO."""
import logging

logging.basicConfig(
    level=logging.INFO,
    format="%(asctime)s %(levelname)-8s %(name)s: %(message)s",
)
log = logging.getLogger("inventory")

stock = {"apples": 3, "pears": 0, "plums": 12}
for item, count in stock.items():
    log.debug("checking %s", item)
    if count == 0:
        log.error("%s: out of stock", item)
    elif count < 5:
        log.warning("%s: only %d left", item, count)
    else:
        log.info("%s: %d in stock", item, count)
log.critical("inventory check done")
