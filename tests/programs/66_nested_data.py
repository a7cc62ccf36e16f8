inventory = {
    "fruits": {"apple": 3, "pear": 0},
    "veg": {"carrot": 7},
}
for category, items in inventory.items():
    for item, qty in items.items():
        status = "out" if qty == 0 else f"{qty} left"
        print(f"{category}/{item}: {status}")
totals = {c: sum(v.values()) for c, v in inventory.items()}
print(totals)
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print(matrix)
print([row[::-1] for row in matrix[::-1]])
print(sum(sum(r) for r in matrix), max(max(r) for r in matrix))
transposed = [list(col) for col in zip(*matrix)]
print(transposed)
graph = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}
def dfs(node, seen=None):
    seen = seen if seen is not None else []
    if node not in seen:
        seen.append(node)
        for n in graph[node]:
            dfs(n, seen)
    return seen
print(dfs("a"))
stack = [1]
stack.append(2)
print(stack.pop(), stack)
