# executemany in a transaction; `with conn:` commits, or rolls back on an error.
import sqlite3

conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE sales (id INTEGER PRIMARY KEY, item TEXT, qty INTEGER CHECK (qty > 0))")
cur = conn.executemany("INSERT INTO sales (item, qty) VALUES (?, ?)",
                       [("pen", 3), ("book", 1), ("mug", 2)])
print("rowcount:", cur.rowcount, "in transaction:", conn.in_transaction)
conn.commit()
print("after commit:", conn.in_transaction)

try:
    with conn:
        conn.execute("INSERT INTO sales (item, qty) VALUES ('lamp', 1)")
        conn.execute("INSERT INTO sales (item, qty) VALUES ('desk', 0)")
except sqlite3.IntegrityError as e:
    print("rolled back:", e)

with conn:
    conn.execute("UPDATE sales SET qty = qty + 10 WHERE item = 'pen'")
print(conn.execute("SELECT item, qty FROM sales ORDER BY id").fetchall())

conn.execute("DELETE FROM sales WHERE qty < 3")
conn.rollback()
print(conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0])

conn.executescript("""
    CREATE TABLE log (msg TEXT);
    INSERT INTO log VALUES ('one');
    INSERT INTO log VALUES ('two');
""")
print(conn.execute("SELECT group_concat(msg, '+') FROM log").fetchone()[0])
print(conn.total_changes)
