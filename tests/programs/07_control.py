for i in range(10):
    if i == 2:
        continue
    if i == 6:
        break
    print(i, end=" ")
else:
    print("no break")
print()
for i in range(3):
    pass
else:
    print("loop finished", i)
n = 0
while n < 5:
    n += 1
    if n == 3:
        continue
    print("n", n)
else:
    print("while done")
while True:
    n -= 1
    if n < 2:
        break
print("after", n)
x = 7
if x < 5:
    print("small")
elif x < 10:
    print("medium")
else:
    print("large")
print("even" if x % 2 == 0 else "odd")
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 >= 2, 1 == 1.0 != 2)
print(0 or "default", "" and "x", None or [] or "last", 1 and 2 and 3)
print(not 0, not [1], not None)
for i, ch in enumerate("abc"):
    for j in range(2):
        if j == 1:
            break
        print(i, ch, j)
total = 0
for a, b in zip([1, 2, 3], [10, 20, 30]):
    total += a * b
print(total)
if (m := len("walrus")) > 3:
    print("walrus", m)
i = 0
while i < 3:
    try:
        if i == 1:
            continue
        print("body", i)
    finally:
        i += 1
print("i", i)
