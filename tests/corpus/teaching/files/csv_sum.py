# Read a CSV next to the program and sum a column, per city.
import csv

totals = {}
count = 0
with open('sales.csv', newline='') as f:
    reader = csv.reader(f)
    header = next(reader)
    print('columns:', header)
    for row in reader:
        city, qty, price = row[1], int(row[3]), float(row[4])
        totals[city] = totals.get(city, 0) + qty * price
        count += 1
print('rows:', count)
for city in sorted(totals):
    print(f'{city:15} {totals[city]:10.2f}')
print('total:', round(sum(totals.values()), 2))

with open('sales.csv', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
print(rows[0])
best = max(rows, key=lambda r: int(r['quantity']))
print('largest order:', best['city'], best['product'], best['quantity'])
print(type(rows[0]).__name__, len(rows))
