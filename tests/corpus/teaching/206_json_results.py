"""Threads collect results into a dict that is saved and read back as JSON."""
import json
import threading

results = {}
lock = threading.Lock()


def work(n):
    value = {"n": n, "square": n * n, "even": n % 2 == 0, "half": n / 2, "tags": None}
    with lock:
        results[f"job-{n}"] = value


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

text = json.dumps(results, indent=2, sort_keys=True)
print(text)
back = json.loads(text)
print(back == results, sorted(back)[:2], back["job-3"]["half"])
print(json.dumps({"name": "café", "list": [1, [2, []], {}]}))
print(json.dumps({"name": "café"}, ensure_ascii=False, separators=(",", ":")))
print(json.loads('[1, 2.5e3, -0, "a\\nb", {"k": null, "t": true}]'))
for bad in ('{"a" 1}', '[1, 2', "{'a': 1}", "[1] x"):
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e, "| pos", e.pos)
try:
    json.dumps({"when": {1, 2}})
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({"when": {3, 1}}, default=sorted))
