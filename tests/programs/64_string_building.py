parts = []
for i in range(5):
    parts.append(str(i) * i)
print("|".join(parts))
s = ""
for ch in "abc":
    s += ch.upper()
print(s, s.lower(), s * 2)
table = [(name, len(name)) for name in ["ana", "bruno", "cy"]]
for name, n in table:
    print(f"{name:<8}{n:>3}")
print("=" * 11)
csv = "name,age\nana,31\nbo,25"
rows = [line.split(",") for line in csv.splitlines()]
print(rows[1:], {r[0]: int(r[1]) for r in rows[1:]})
text = "the quick brown fox jumps over the lazy dog the end"
freq = {}
for w in text.split():
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
print(top)
print(" ".join(w[::-1] for w in text.split()[:3]))
print("%-10s|%5d|%8.3f" % ("left", 42, 2.5))
print("{:>10}".format("right"), "{:.3}".format("abcdef"), "{!r}".format("q"))
