"""A decorator with functools.wraps keeps the wrapped function's name and doc."""
import functools
import time


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        elapsed = time.perf_counter() - start
        print(f"{func.__name__} took {elapsed:.1f} s")
        return result
    return wrapper


def retry(times):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args):
            for attempt in range(1, times + 1):
                try:
                    return func(*args)
                except ConnectionError as e:
                    print(f"attempt {attempt} failed: {e}")
            raise RuntimeError("giving up")
        return wrapper
    return decorate


@timed
def slow_add(a, b):
    """Adds slowly."""
    time.sleep(0.3)
    return a + b


calls = 0


@retry(3)
def flaky():
    global calls
    calls += 1
    if calls < 3:
        raise ConnectionError(f"timeout #{calls}")
    return "connected"


print(slow_add(2, 3), slow_add.__name__, slow_add.__doc__)
print(flaky(), flaky.__name__, flaky.__wrapped__.__name__)
