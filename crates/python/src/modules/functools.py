# functools for gilscope: partial, reduce, wraps/update_wrapper, lru_cache/cache,
# cached_property and total_ordering, written in Python on gilscope's VM from the
# documented behaviour of CPython 3.11 (common use). Functions here have no __dict__,
# so update_wrapper only copies the assigned attributes.


class partial:
    # A callable that remembers leading positional arguments and default keywords;
    # keywords given at call time win over the remembered ones.
    def __init__(self, func, /, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        self.func, self.args, self.keywords = func, args, keywords

    def __call__(self, /, *args, **keywords):
        return self.func(*self.args, *args, **{**self.keywords, **keywords})

    def __repr__(self):
        shown = [repr(self.func)]
        shown += [repr(value) for value in self.args]
        shown += [f"{key}={value!r}" for key, value in self.keywords.items()]
        return f"functools.partial({', '.join(shown)})"


_NO_START = object()    # reduce() was given no initial value


def reduce(function, sequence, initial=_NO_START):
    items = iter(sequence)
    total = initial
    if total is _NO_START:
        # The first item starts the fold; without one there is nothing to return.
        total = next(items, _NO_START)
        if total is _NO_START:
            raise TypeError("reduce() of empty iterable with no initial value")
    for item in items:
        total = function(total, item)
    return total


WRAPPER_ASSIGNMENTS = (
    "__module__", "__name__", "__qualname__", "__doc__", "__annotations__")
WRAPPER_UPDATES = ("__dict__",)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS,
                   updated=WRAPPER_UPDATES):
    # Copies the attributes `wrapped` has (a missing one is skipped) and leaves
    # __wrapped__ pointing at the original, for introspection.
    for name in assigned:
        copied = getattr(wrapped, name, _NO_START)
        if copied is not _NO_START:
            setattr(wrapper, name, copied)
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)


class _CacheInfo:
    # What cache_info() returns: unpacks, indexes and compares like CPython's
    # CacheInfo named tuple.
    def __init__(self, hits, misses, maxsize, currsize):
        self.hits = hits
        self.misses = misses
        self.maxsize = maxsize
        self.currsize = currsize

    def _values(self):
        return (self.hits, self.misses, self.maxsize, self.currsize)

    def __iter__(self):
        return iter(self._values())

    def __getitem__(self, i):
        return self._values()[i]

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return (f"CacheInfo(hits={self.hits!r}, misses={self.misses!r}, "
                f"maxsize={self.maxsize!r}, currsize={self.currsize!r})")


_KEYWORDS_FOLLOW = object()     # in a cache key, between positional and keyword parts
_OWN_KEY_TYPES = (int, str)     # a lone argument of these types is its own key


def _make_key(args, kwds, typed):
    # The hashable key of one call. typed=True adds the argument types, so that 1 and
    # 1.0 are cached apart.
    key = args
    if kwds:
        key += (_KEYWORDS_FOLLOW,) + tuple(kwds.items())
    if typed:
        key += tuple(map(type, args)) + tuple(map(type, kwds.values()))
    elif len(key) == 1 and type(key[0]) in _OWN_KEY_TYPES:
        return key[0]
    return key


def lru_cache(maxsize=128, typed=False):
    # @lru_cache straight on a function, or @lru_cache(maxsize, typed) as a factory.
    if callable(maxsize) and isinstance(typed, bool):
        return _lru_cache_wrapper(maxsize, 128, typed)
    if maxsize is not None:
        if not isinstance(maxsize, int):
            raise TypeError("Expected first argument to be an integer, a callable, or None")
        maxsize = max(maxsize, 0)

    def decorating_function(user_function):
        return _lru_cache_wrapper(user_function, maxsize, typed)

    return decorating_function


def _lru_cache_wrapper(user_function, maxsize, typed):
    # The dict keeps keys in the order they were last used, oldest first, so the
    # entry to evict when the cache is full is the first one.
    cache = {}
    counts = [0, 0]     # hits, misses
    bounded = maxsize is not None
    absent = _KEYWORDS_FOLLOW   # never a cached value

    def wrapper(*args, **kwds):
        key = _make_key(args, kwds, typed)
        value = cache.get(key, absent)
        if value is not absent:
            counts[0] += 1
            if bounded:
                del cache[key]
                cache[key] = value
            return value
        counts[1] += 1
        value = user_function(*args, **kwds)
        if not bounded:
            cache[key] = value
        elif maxsize and key not in cache:
            # (a recursive call may have stored the key while this one ran)
            if len(cache) >= maxsize:
                del cache[next(iter(cache))]
            cache[key] = value
        return value

    def cache_info():
        return _CacheInfo(counts[0], counts[1], maxsize, len(cache))

    def cache_clear():
        cache.clear()
        counts[0] = counts[1] = 0

    def cache_parameters():
        return {"maxsize": maxsize, "typed": typed}

    for helper in (cache_info, cache_clear, cache_parameters):
        setattr(wrapper, helper.__name__, helper)
    update_wrapper(wrapper, user_function)
    return wrapper


def cache(user_function):
    return _lru_cache_wrapper(user_function, None, False)


class cached_property:
    # Computes the value on first access and stores it on the instance under the
    # function's name; instance attributes come before this (non-data) descriptor, so
    # later reads never get here.
    def __init__(self, func):
        self.func = func
        self.attrname, self.__doc__ = func.__name__, func.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self.func(instance)
        setattr(instance, self.attrname, value)
        return value


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
