"""datefmt changes how %(asctime)s looks."""
import logging
import time

logging.basicConfig(
    level=logging.INFO,
    format="[%(asctime)s] %(message)s",
    datefmt="%H:%M:%S",
)
logging.info("first")
time.sleep(1.2)
logging.info("about a second later")
