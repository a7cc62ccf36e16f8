"""Counter counts things; defaultdict groups them."""
from collections import Counter, defaultdict

text = "the quick brown fox jumps over the lazy dog the end"
words = Counter(text.split())
print(words.most_common(2))
print(words["the"], words["cat"])
letters = Counter(c for c in text if c.isalpha())
print(letters.most_common(3))
a = Counter(a=3, b=1)
b = Counter(a=1, b=2, c=5)
print(a + b, a - b, sorted((a | b).elements()))
print(sum(b.values()), b.total())

by_length = defaultdict(list)
for w in text.split():
    by_length[len(w)].append(w)
print(dict(sorted(by_length.items())))
counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(sorted(counts.items()), counts.default_factory)
