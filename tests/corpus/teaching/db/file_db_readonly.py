# A database file next to the program, opened read-only (as gilscope opens every file
# database unless run with --write-db): reading works, writing is refused by SQLite.
import sqlite3

conn = sqlite3.connect("file:shop.db?mode=ro", uri=True)
for name, price in conn.execute("SELECT name, price FROM products WHERE category = 'games' ORDER BY price DESC LIMIT 3"):
    print(f"{name}: {price:.2f}")
print(conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall())
try:
    conn.execute("UPDATE products SET price = 0")
except sqlite3.OperationalError as e:
    print("OperationalError:", e)
conn.close()
