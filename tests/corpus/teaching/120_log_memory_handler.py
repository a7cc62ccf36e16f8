"""MemoryHandler buffers records and hands them to its target when an ERROR comes."""
import logging
import logging.handlers
import sys

target = logging.StreamHandler(sys.stdout)
target.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
memory = logging.handlers.MemoryHandler(capacity=10, flushLevel=logging.ERROR, target=target)
log = logging.getLogger("batch")
log.setLevel(logging.DEBUG)
log.addHandler(memory)
log.propagate = False

for step in range(3):
    log.debug("step %d ok", step)
print("buffered:", len(memory.buffer))
log.error("step 3 failed")
print("buffered after the error:", len(memory.buffer))
log.info("cleanup")
memory.close()
print("closed, target:", memory.target)
