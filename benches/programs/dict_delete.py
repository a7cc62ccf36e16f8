# A dict used as an ordered queue: insert at the back, delete from the front.
# Deleting the oldest key used to shift every later entry (O(n) per `del`).
N = 20_000
total = 0
for rnd in range(10):
    d = {}
    for i in range(N):
        d[i] = i
    for i in range(N):
        del d[i]
        d[N + i] = i
        total += len(d)
    while d:
        k, v = d.popitem()
        total += k - v
print(total, list(d))
