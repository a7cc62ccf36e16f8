def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(10), c2())
def make_multipliers():
    return [lambda x, i=i: x * i for i in range(4)]
print([m(2) for m in make_multipliers()])
def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]
print(late())
total = 0
def add(n):
    global total
    total += n
add(5); add(7)
print(total)
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())
def accumulate():
    items = []
    def push(v):
        items.append(v)
        return len(items)
    return push, items
push, items = accumulate()
push(1); push(2)
print(items)
def adder(a):
    return lambda b: a + b
print(adder(3)(4))
x = "global"
def shadow():
    x = "local"
    return x
print(shadow(), x)
