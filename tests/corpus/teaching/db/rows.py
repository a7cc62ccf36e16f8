# sqlite3.Row: rows read by position and by column name.
import sqlite3

conn = sqlite3.connect(":memory:")
conn.row_factory = sqlite3.Row
conn.execute("CREATE TABLE books (title TEXT, author TEXT, year INTEGER)")
conn.executemany("INSERT INTO books VALUES (?, ?, ?)", [
    ("Dom Casmurro", "Machado de Assis", 1899),
    ("Vidas Secas", "Graciliano Ramos", 1938),
])
for row in conn.execute("SELECT title, author, year AS Year FROM books ORDER BY year"):
    print(row[0], "|", row["author"], "|", row["YEAR"], "|", row.keys(), len(row))
    print(tuple(row), dict(zip(row.keys(), row)))
row = conn.execute("SELECT title FROM books").fetchone()
try:
    row["price"]
except IndexError as e:
    print("IndexError:", e)
print(type(row).__name__, isinstance(row, sqlite3.Row))
