# http.client, the layer under urllib: one connection, requests and responses by hand.
import http.client
import threading

conn = http.client.HTTPSConnection("books.toscrape.com")
for path in ["/", "/catalogue/page-2.html", "/missing/page"]:
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    print(path, r.status, r.reason, r.getheader("Content-Type"), len(body) == int(r.getheader("Content-Length")))
conn.close()

conn = http.client.HTTPConnection("api.example.org", 8080)
conn.request("GET", "/api/users/7.json")
r = conn.getresponse()
print(r.status, r.headers["Content-Type"], r.read(15))

try:
    http.client.HTTPConnection("nowhere.invalid").request("GET", "/")
except OSError as e:
    print(type(e).__name__, e)
try:
    http.client.HTTPConnection("example.org").getresponse()
except http.client.ResponseNotReady as e:
    print("ResponseNotReady:", e)

sizes = {}


def fetch(n):
    c = http.client.HTTPSConnection("books.toscrape.com")
    c.request("GET", "/catalogue/page-%d.html" % n)
    sizes[n] = len(c.getresponse().read())
    c.close()


threads = [threading.Thread(target=fetch, args=(n,)) for n in range(1, 5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(sizes), all(s > 1000 for s in sizes.values()))
