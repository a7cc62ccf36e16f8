size = 0
for _ in range(20):
    parts = []
    for i in range(100_000):
        parts.append(f"item {i}")
    text = ", ".join(parts)
    size += len(text.upper())
print(size)
