WORDS = "the quick brown fox jumps over the lazy dog and the cat sat on the mat".split()
words = WORDS * 20_000
counts = {}
for _ in range(9):
    for word in words:
        counts[word] = counts.get(word, 0) + 1
print(sorted(counts.items(), key=lambda kv: -kv[1])[:3])
