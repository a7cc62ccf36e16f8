"""An exception raised while handling another shows both, in a thread too."""
import threading


class ConfigError(Exception):
    pass


def load_config(text):
    try:
        return int(text)
    except ValueError as e:
        raise ConfigError(f"bad config value {text!r}") from e


def worker():
    load_config("ten")


t = threading.Thread(target=worker, name="loader")
t.start()
t.join()
print("main done")
