def greet(name, greeting="Hello", *, punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ana"), greet("Bo", "Hi"), greet("Cy", punct="?"), greet(greeting="Yo", name="Di"))
def total(*args, **kwargs):
    return sum(args) + sum(kwargs.values()), args, kwargs
print(total(1, 2, 3, a=4, b=5))
nums = [1, 2, 3]
opts = {"greeting": "Hey"}
print(total(*nums), greet(*["Ed"], **opts))
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(20), fact(30))
def fib(n, memo={}):
    if n in memo:
        return memo[n]
    r = n if n < 2 else fib(n - 1) + fib(n - 2)
    memo[n] = r
    return r
print(fib(80))
square = lambda x: x * x
print(square(7), list(map(lambda x: x + 1, [1, 2])), (lambda: "no args")())
def apply(f, *a):
    return f(*a)
print(apply(max, 3, 9, 4), apply(greet, "Flo"))
def noreturn():
    pass
print(noreturn())
def multi():
    return 1, "two"
a, b = multi()
print(a, b, multi())
def posonly(a, b, /, c):
    return a + b + c
print(posonly(1, 2, c=3))
def defaults(a, b=[]):
    b.append(a)
    return b
print(defaults(1), defaults(2))
print(greet.__name__, fact.__qualname__)
def outer():
    def inner():
        return "inner"
    return inner
print(outer()(), outer().__qualname__)
