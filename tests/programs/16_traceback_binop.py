def ratio(a, b):
    return a / b
values = [4, 2, 0]
for v in values:
    print(ratio(10, v))
