# The errors a database program meets, caught and printed.
import sqlite3

conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT UNIQUE)")
conn.execute("INSERT INTO t (email) VALUES ('a@x.org')")

attempts = [
    ("SELEC * FROM t", ()),
    ("SELECT * FROM missing", ()),
    ("SELECT nope FROM t", ()),
    ("INSERT INTO t (email) VALUES ('a@x.org')", ()),
    ("SELECT * FROM t WHERE id = ?", (1, 2)),
    ("SELECT * FROM t WHERE id = :id", {"key": 1}),
    ("SELECT 1; SELECT 2", ()),
    ("INSERT INTO t (email) VALUES (?)", ([1, 2],)),
]
for sql, params in attempts:
    try:
        conn.execute(sql, params)
    except sqlite3.Error as e:
        print(type(e).__name__, "|", e)

print(issubclass(sqlite3.OperationalError, sqlite3.DatabaseError),
      issubclass(sqlite3.IntegrityError, sqlite3.DatabaseError),
      issubclass(sqlite3.DatabaseError, sqlite3.Error),
      issubclass(sqlite3.ProgrammingError, sqlite3.Error),
      issubclass(sqlite3.InterfaceError, sqlite3.DatabaseError))

cur = conn.cursor()
conn.close()
for action in (lambda: conn.execute("SELECT 1"), lambda: cur.execute("SELECT 1"), conn.commit):
    try:
        action()
    except sqlite3.ProgrammingError as e:
        print("ProgrammingError |", e)
conn.close()
print("closing twice is fine")
