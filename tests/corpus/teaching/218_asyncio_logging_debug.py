"""asyncio with logging at DEBUG: CPython logs the selector the loop uses on the asyncio logger."""
import asyncio, logging
logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s %(message)s")
log = logging.getLogger("app")
async def main():
    log.debug("start")
    await asyncio.sleep(0.01)
    log.info("done")
asyncio.run(main())
