# functools for gilscope: partial, reduce, wraps, lru_cache/cache, total_ordering,
# written in Python on gilscope's VM (CPython 3.11 semantics for common use).


class partial:
    def __init__(self, func, /, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, /, *args, **keywords):
        kw = dict(self.keywords)
        kw.update(keywords)
        return self.func(*self.args, *args, **kw)

    def __repr__(self):
        parts = [repr(self.func)]
        parts.extend(repr(a) for a in self.args)
        parts.extend(f"{k}={v!r}" for k, v in self.keywords.items())
        return "functools.partial(" + ", ".join(parts) + ")"


_initial_missing = object()


def reduce(function, sequence, initial=_initial_missing):
    it = iter(sequence)
    if initial is _initial_missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value") from None
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


def wraps(wrapped):
    def decorator(wrapper):
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            try:
                setattr(wrapper, attr, getattr(wrapped, attr))
            except AttributeError:
                pass
        wrapper.__wrapped__ = wrapped
        return wrapper
    return decorator


def lru_cache(maxsize=128, typed=False):
    def decorating(user_function):
        cache = {}
        stats = [0, 0]

        def wrapper(*args, **kwargs):
            key = args + tuple(sorted(kwargs.items()))
            if key in cache:
                stats[0] += 1
                return cache[key]
            stats[1] += 1
            result = user_function(*args, **kwargs)
            if maxsize is not None and len(cache) >= maxsize > 0:
                del cache[next(iter(cache))]
            if maxsize is None or maxsize > 0:
                cache[key] = result
            return result

        def cache_clear():
            cache.clear()
            stats[0] = stats[1] = 0

        def cache_info():
            return f"CacheInfo(hits={stats[0]}, misses={stats[1]}, maxsize={maxsize}, currsize={len(cache)})"

        wrapper.cache_clear = cache_clear
        wrapper.cache_info = cache_info
        wrapper.__wrapped__ = user_function
        return wrapper

    if callable(maxsize) and not isinstance(maxsize, int):
        user_function, maxsize = maxsize, 128
        return decorating(user_function)
    return decorating


def cache(user_function):
    return lru_cache(maxsize=None)(user_function)


def total_ordering(cls):
    has = lambda name: name in cls.__dict__
    if has("__lt__"):
        if not has("__gt__"):
            cls.__gt__ = lambda self, other: not (self < other) and self != other
        if not has("__le__"):
            cls.__le__ = lambda self, other: self < other or self == other
        if not has("__ge__"):
            cls.__ge__ = lambda self, other: not (self < other)
    elif has("__gt__"):
        if not has("__lt__"):
            cls.__lt__ = lambda self, other: not (self > other) and self != other
        if not has("__ge__"):
            cls.__ge__ = lambda self, other: self > other or self == other
        if not has("__le__"):
            cls.__le__ = lambda self, other: not (self > other)
    else:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    return cls
