data = {"a": [1, 2, 3]}
def get(key, i):
    return data[key][i]
result = get("a",
             10)
