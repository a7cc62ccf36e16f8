total = 0
for _ in range(50):
    total += sum([i * i for i in range(100_000)])
print(total)
