"""The Logging HOWTO's first steps: module-level calls, %-args, and a basicConfig too late."""
import logging

logging.warning("Watch out!")  # will print a message to the console
logging.info("I told you so")  # will not print anything
logging.warning("%s before you %s", "Look", "leap!")
# Does nothing: the first logging.warning() already configured the root logger.
logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%m/%d/%Y %I:%M:%S %p")
logging.warning("is when this event was logged.")
root = logging.getLogger()
print(root.name, logging.getLevelName(root.level), len(root.handlers))
print(logging.getLevelName(logging.WARNING), logging.getLevelName(15), logging.getLevelName("ERROR"))
