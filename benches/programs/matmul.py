def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    c = [[0] * p for _ in range(n)]
    for i in range(n):
        row = a[i]
        out = c[i]
        for k in range(m):
            aik = row[k]
            bk = b[k]
            for j in range(p):
                out[j] += aik * bk[j]
    return c


N = 60
a = [[(i * N + j) % 7 for j in range(N)] for i in range(N)]
b = [[(i + j) % 5 for j in range(N)] for i in range(N)]
for _ in range(30):
    c = matmul(a, b)
print(sum(sum(row) for row in c))
