"""concurrent.futures documentation: submit a load per URL, print as each completes."""
import concurrent.futures
import time

URLS = ["http://www.foxnews.com/",
        "http://www.cnn.com/",
        "http://europe.wsj.com/",
        "http://www.bbc.co.uk/",
        "http://nonexistant-subdomain.python.org/"]

DELAYS = {"http://www.foxnews.com/": 0.3, "http://www.cnn.com/": 0.1,
          "http://europe.wsj.com/": 0.5, "http://www.bbc.co.uk/": 0.2}


# Retrieve a single page and report the URL and contents (pretend: no network here)
def load_url(url, timeout):
    if url not in DELAYS:
        raise OSError(f"<urlopen error [Errno -2] Name or service not known: {url}>")
    time.sleep(DELAYS[url])
    return "x" * (len(url) * 1000)


# We can use a with statement to ensure threads are cleaned up promptly
with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
    # Start the load operations and mark each future with its URL
    future_to_url = {executor.submit(load_url, url, 60): url for url in URLS}
    for future in concurrent.futures.as_completed(future_to_url):
        url = future_to_url[future]
        try:
            data = future.result()
        except Exception as exc:
            print("%r generated an exception: %s" % (url, exc))
        else:
            print("%r page is %d bytes" % (url, len(data)))
