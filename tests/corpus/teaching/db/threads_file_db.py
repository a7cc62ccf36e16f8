# Threads read a database file, each with its own connection, while another thread
# computes: a query releases the GIL, so the computing thread runs meanwhile.
import sqlite3
import threading

results = {}


def report(category):
    conn = sqlite3.connect("shop.db")
    cur = conn.execute(
        "SELECT COUNT(*), ROUND(SUM(p.price * o.qty), 2) FROM orders o "
        "JOIN products p ON p.id = o.product_id WHERE p.category = ?",
        (category,),
    )
    results[category] = cur.fetchone()
    conn.close()


def compute():
    total = 0
    for i in range(200_000):
        total += i * i
    results["compute"] = total


threads = [threading.Thread(target=report, args=(c,)) for c in ("books", "games", "tools", "music")]
threads.append(threading.Thread(target=compute))
for t in threads:
    t.start()
for t in threads:
    t.join()
for key in sorted(results):
    print(key, results[key])
