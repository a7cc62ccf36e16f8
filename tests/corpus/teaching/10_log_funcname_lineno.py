"""%(funcName)s, %(lineno)d and %(module)s locate each record in the source."""
import logging

logging.basicConfig(level=logging.DEBUG,
                    format="%(module)s.%(funcName)s:%(lineno)d %(levelname)s %(message)s")


def load(name):
    logging.debug("loading %s", name)
    return name.upper()


class Cache:
    def get(self, key):
        logging.info("cache miss for %s", key)
        return load(key)


print(Cache().get("users"))
logging.warning("at module level")
