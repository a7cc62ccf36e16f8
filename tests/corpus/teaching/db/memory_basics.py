# Create, insert and select in an in-memory database.
import sqlite3

conn = sqlite3.connect(":memory:")
cur = conn.cursor()
cur.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER)")
cur.execute("INSERT INTO users (name, age) VALUES (?, ?)", ("Ana", 31))
print("lastrowid:", cur.lastrowid, "rowcount:", cur.rowcount)
cur.execute("INSERT INTO users (name, age) VALUES (:name, :age)", {"name": "Bruno", "age": 25})
cur.execute("INSERT INTO users (name, age) VALUES (?, ?)", ("Carla", None))
conn.commit()

cur.execute("SELECT id, name, age FROM users ORDER BY name")
print([d[0] for d in cur.description])
for row in cur:
    print(row)

print(cur.execute("SELECT COUNT(*), AVG(age) FROM users").fetchone())
cur.execute("SELECT name FROM users WHERE age > ?", (20,))
print(cur.fetchmany(1), cur.fetchall(), cur.fetchone())
row = conn.execute("SELECT ?, ?, ?, ?, ?", (1, 2.5, "text", b"\x00\x01", None)).fetchone()
print(row, [type(v).__name__ for v in row])
print("in transaction:", conn.in_transaction, "total changes:", conn.total_changes)
conn.close()
