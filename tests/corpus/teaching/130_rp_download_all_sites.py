"""Real Python's 'speed up your program with concurrency', threaded version with fake sessions."""
import concurrent.futures
import threading
import time

thread_local = threading.local()


class FakeSession:
    """Stands in for requests.Session: one per thread, reused for its downloads."""
    created = 0

    def __init__(self):
        FakeSession.created += 1

    def get(self, url):
        time.sleep(0.05)
        return "x" * (len(url) * 10)


def get_session():
    if not hasattr(thread_local, "session"):
        thread_local.session = FakeSession()
    return thread_local.session


def download_site(url):
    session = get_session()
    content = session.get(url)
    return len(content)


def download_all_sites(sites):
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
        return list(executor.map(download_site, sites))


if __name__ == "__main__":
    sites = ["https://www.jython.org", "http://olympus.realpython.org/dice"] * 10
    start_time = time.perf_counter()
    sizes = download_all_sites(sites)
    duration = time.perf_counter() - start_time
    print(f"Downloaded {len(sites)} sites, {sum(sizes)} bytes")
    print(f"sessions: {FakeSession.created}, faster than one by one: {duration < 0.05 * len(sites)}")
