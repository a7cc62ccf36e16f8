# An except* handler that raises while another part of the group is left unhandled:
# CPython reports a group of both, with the handler's exception chained inside its box.
import threading


def fetch(n):
    if n % 2:
        raise ConnectionError(f"host {n} refused")
    raise TimeoutError(f"host {n} timed out")


def worker(errors, n):
    try:
        fetch(n)
    except Exception as e:
        errors.append(e)


def crawl():
    errors = []
    threads = [threading.Thread(target=worker, args=(errors, n)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors.sort(key=str)
    try:
        raise ExceptionGroup("crawl failed", errors)
    except* TimeoutError as g:
        print("timeouts:", len(g.exceptions))
        raise RuntimeError("giving up on slow hosts")


crawl()
