"""The concurrent.futures docs' pattern: submit loads, handle each as it completes."""
import concurrent.futures
import time

PAGES = {"http://a.example/": 0.3, "http://b.example/": 0.1, "http://c.example/": 0.2,
         "http://broken.example/": 0.15}


def load_url(url, timeout):
    time.sleep(PAGES[url])
    if "broken" in url:
        raise ConnectionError(f"cannot reach {url}")
    return url.split("/")[2] * 3


with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
    future_to_url = {executor.submit(load_url, url, 60): url for url in PAGES}
    for future in concurrent.futures.as_completed(future_to_url):
        url = future_to_url[future]
        try:
            data = future.result()
        except Exception as exc:
            print("%r generated an exception: %s" % (url, exc))
        else:
            print("%r page is %d bytes" % (url, len(data)))
