"""lru_cache memoises a recursive function; cache_info shows the hits."""
from functools import cache, lru_cache


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(60))
print(fib.cache_info())
fib.cache_clear()
print(fib.cache_info())


@lru_cache(maxsize=2)
def slow_square(n):
    print("computing", n)
    return n * n


for n in [1, 2, 1, 3, 1, 2]:
    slow_square(n)
print(slow_square.cache_info())


@cache
def ways(n):
    return 1 if n <= 1 else ways(n - 1) + ways(n - 2)


print(ways(30))
