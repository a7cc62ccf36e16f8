# collections for gilscope: deque, defaultdict, Counter, namedtuple and OrderedDict,
# written in Python on gilscope's VM. They follow CPython 3.11's behaviour and reprs for
# the operations a course uses; they are classes of their own (isinstance(x, dict) is
# False for a defaultdict here).


class deque:
    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None and maxlen < 0:
            raise ValueError("maxlen must be non-negative")
        self._items = []
        self._maxlen = maxlen
        for x in iterable:
            self.append(x)

    @property
    def maxlen(self):
        return self._maxlen

    def append(self, x):
        self._items.append(x)
        if self._maxlen is not None and len(self._items) > self._maxlen:
            self._items.pop(0)

    def appendleft(self, x):
        self._items.insert(0, x)
        if self._maxlen is not None and len(self._items) > self._maxlen:
            self._items.pop()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop(0)

    def extend(self, iterable):
        for x in list(iterable):
            self.append(x)

    def extendleft(self, iterable):
        for x in list(iterable):
            self.appendleft(x)

    def rotate(self, n=1):
        if self._items:
            n = n % len(self._items)
            if n:
                self._items[:] = self._items[-n:] + self._items[:-n]

    def clear(self):
        self._items.clear()

    def count(self, x):
        return self._items.count(x)

    def remove(self, x):
        if x not in self._items:
            raise ValueError("deque.remove(x): x not in deque")
        self._items.remove(x)

    def index(self, x):
        if x not in self._items:
            raise ValueError(f"{x!r} is not in deque")
        return self._items.index(x)

    def copy(self):
        return deque(self._items, self._maxlen)

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return len(self._items) > 0

    def __iter__(self):
        return iter(list(self._items))

    def __reversed__(self):
        return reversed(list(self._items))

    def __contains__(self, x):
        return x in self._items

    def __getitem__(self, i):
        if not isinstance(i, int):
            raise TypeError(f"sequence index must be integer, not '{type(i).__name__}'")
        if not -len(self._items) <= i < len(self._items):
            raise IndexError("deque index out of range")
        return self._items[i]

    def __setitem__(self, i, v):
        if not -len(self._items) <= i < len(self._items):
            raise IndexError("deque index out of range")
        self._items[i] = v

    def __eq__(self, other):
        return isinstance(other, deque) and self._items == other._items

    def __repr__(self):
        if self._maxlen is None:
            return f"{type(self).__name__}({self._items!r})"
        return f"{type(self).__name__}({self._items!r}, maxlen={self._maxlen})"


class defaultdict:
    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        self.default_factory = default_factory
        self._d = dict(*args, **kwargs)

    def __getitem__(self, key):
        if key in self._d:
            return self._d[key]
        return self.__missing__(key)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._d[key] = value
        return value

    def __setitem__(self, key, value):
        self._d[key] = value

    def __delitem__(self, key):
        del self._d[key]

    def __contains__(self, key):
        return key in self._d

    def __len__(self):
        return len(self._d)

    def __iter__(self):
        return iter(self._d)

    def __eq__(self, other):
        if isinstance(other, defaultdict):
            return self._d == other._d
        return self._d == other

    def get(self, key, default=None):
        return self._d.get(key, default)

    def keys(self):
        return self._d.keys()

    def values(self):
        return self._d.values()

    def items(self):
        return self._d.items()

    def pop(self, key, *default):
        return self._d.pop(key, *default)

    def setdefault(self, key, default=None):
        return self._d.setdefault(key, default)

    def update(self, *args, **kwargs):
        self._d.update(*args, **kwargs)

    def clear(self):
        self._d.clear()

    def copy(self):
        return defaultdict(self.default_factory, self._d)

    def __repr__(self):
        factory = repr(self.default_factory)
        if self.default_factory is None:
            factory = "None"
        return f"{type(self).__name__}({factory}, {self._d!r})"


class Counter:
    def __init__(self, iterable=None, **kwargs):
        self._d = {}
        self.update(iterable, **kwargs)

    def update(self, iterable=None, **kwargs):
        if iterable is not None:
            if isinstance(iterable, (dict, Counter)):
                for k, v in iterable.items():
                    self._d[k] = self._d.get(k, 0) + v
            else:
                for k in iterable:
                    self._d[k] = self._d.get(k, 0) + 1
        for k, v in kwargs.items():
            self._d[k] = self._d.get(k, 0) + v

    def subtract(self, iterable=None, **kwargs):
        if iterable is not None:
            if isinstance(iterable, (dict, Counter)):
                for k, v in iterable.items():
                    self._d[k] = self._d.get(k, 0) - v
            else:
                for k in iterable:
                    self._d[k] = self._d.get(k, 0) - 1
        for k, v in kwargs.items():
            self._d[k] = self._d.get(k, 0) - v

    def __getitem__(self, key):
        return self._d.get(key, 0)

    def __setitem__(self, key, value):
        self._d[key] = value

    def __delitem__(self, key):
        if key in self._d:
            del self._d[key]

    def __contains__(self, key):
        return key in self._d

    def __len__(self):
        return len(self._d)

    def __iter__(self):
        return iter(self._d)

    def __eq__(self, other):
        if isinstance(other, Counter):
            return self._d == other._d
        return self._d == other

    def get(self, key, default=None):
        return self._d.get(key, default)

    def keys(self):
        return self._d.keys()

    def values(self):
        return self._d.values()

    def items(self):
        return self._d.items()

    def total(self):
        return sum(self._d.values())

    def elements(self):
        for k, v in self._d.items():
            for _ in range(v):
                yield k

    def most_common(self, n=None):
        items = sorted(self._d.items(), key=lambda kv: kv[1], reverse=True)
        return items if n is None else items[:n]

    def __add__(self, other):
        result = Counter()
        for k, v in self._d.items():
            if v + other[k] > 0:
                result[k] = v + other[k]
        for k, v in other.items():
            if k not in self._d and v > 0:
                result[k] = v
        return result

    def __sub__(self, other):
        result = Counter()
        for k, v in self._d.items():
            if v - other[k] > 0:
                result[k] = v - other[k]
        for k, v in other.items():
            if k not in self._d and v < 0:
                result[k] = 0 - v
        return result

    def __or__(self, other):
        result = Counter()
        for k, v in self._d.items():
            w = other[k]
            best = w if v < w else v
            if best > 0:
                result[k] = best
        for k, v in other.items():
            if k not in self._d and v > 0:
                result[k] = v
        return result

    def __and__(self, other):
        result = Counter()
        for k, v in self._d.items():
            w = other[k]
            least = v if v < w else w
            if least > 0:
                result[k] = least
        return result

    def __pos__(self):
        result = Counter()
        for k, v in self._d.items():
            if v > 0:
                result[k] = v
        return result

    def __neg__(self):
        result = Counter()
        for k, v in self._d.items():
            if v < 0:
                result[k] = 0 - v
        return result

    def _prune(self):
        # The in-place operators leave only positive counts, as CPython's do.
        for k in [k for k, v in self._d.items() if not v > 0]:
            del self._d[k]
        return self

    def __iadd__(self, other):
        for k, v in other.items():
            self._d[k] = self._d.get(k, 0) + v
        return self._prune()

    def __isub__(self, other):
        for k, v in other.items():
            self._d[k] = self._d.get(k, 0) - v
        return self._prune()

    def __ior__(self, other):
        for k, v in other.items():
            if v > self._d.get(k, 0):
                self._d[k] = v
        return self._prune()

    def __iand__(self, other):
        for k, v in list(self._d.items()):
            w = other[k]
            if w < v:
                self._d[k] = w
        return self._prune()

    def __ne__(self, other):
        return not self == other

    def copy(self):
        return Counter(self)

    def clear(self):
        self._d.clear()

    def pop(self, key, *default):
        return self._d.pop(key, *default)

    def setdefault(self, key, default=None):
        return self._d.setdefault(key, default)

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError(
            'Counter.fromkeys() is undefined.  Use Counter(iterable) instead.')

    def __repr__(self):
        if not self._d:
            return f"{type(self).__name__}()"
        inner = ", ".join(f"{k!r}: {v!r}" for k, v in self.most_common())
        return f"{type(self).__name__}({{{inner}}})"


class OrderedDict:
    def __init__(self, *args, **kwargs):
        self._d = dict(*args, **kwargs)

    def __getitem__(self, key):
        return self._d[key]

    def __setitem__(self, key, value):
        self._d[key] = value

    def __delitem__(self, key):
        del self._d[key]

    def __contains__(self, key):
        return key in self._d

    def __len__(self):
        return len(self._d)

    def __iter__(self):
        return iter(self._d)

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self._d.items()) == list(other._d.items())
        return self._d == other

    def get(self, key, default=None):
        return self._d.get(key, default)

    def keys(self):
        return self._d.keys()

    def values(self):
        return self._d.values()

    def items(self):
        return self._d.items()

    def pop(self, key, *default):
        return self._d.pop(key, *default)

    def popitem(self, last=True):
        if not self._d:
            raise KeyError("dictionary is empty")
        key = list(self._d)[-1 if last else 0]
        return key, self._d.pop(key)

    def move_to_end(self, key, last=True):
        value = self._d.pop(key)
        if last:
            self._d[key] = value
        else:
            self._d = {key: value, **self._d}

    def update(self, *args, **kwargs):
        self._d.update(*args, **kwargs)

    def setdefault(self, key, default=None):
        return self._d.setdefault(key, default)

    def __repr__(self):
        if not self._d:
            return f"{type(self).__name__}()"
        return f"{type(self).__name__}({list(self._d.items())!r})"


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(field_names)
    ndefaults = 0 if defaults is None else len(defaults)

    def __init__(self, *args, **kwargs):
        values = list(args)
        if len(values) > len(fields):
            raise TypeError(f"{typename}.__new__() takes {len(fields) + 1} positional arguments but {len(values) + 1} were given")
        for name in fields[len(values):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif defaults is not None and fields.index(name) >= len(fields) - ndefaults:
                values.append(defaults[fields.index(name) - (len(fields) - ndefaults)])
            else:
                raise TypeError(f"{typename}.__new__() missing 1 required positional argument: '{name}'")
        if kwargs:
            raise TypeError(f"{typename}.__new__() got an unexpected keyword argument '{list(kwargs)[0]}'")
        object.__setattr__(self, "_values", tuple(values))
        for name, value in zip(fields, values):
            object.__setattr__(self, name, value)

    def __repr__(self):
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(fields, self._values))
        return f"{typename}({inner})"

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __getitem__(self, i):
        return self._values[i]

    def __eq__(self, other):
        if hasattr(other, "_values"):
            return self._values == other._values
        return self._values == other

    def __hash__(self):
        return hash(self._values)

    def __lt__(self, other):
        return self._values < tuple(other)

    def _asdict(self):
        return dict(zip(fields, self._values))

    def _replace(self, **kwargs):
        d = dict(zip(fields, self._values))
        for k in kwargs:
            if k not in d:
                raise ValueError(f"Got unexpected field names: {list(kwargs)!r}")
        d.update(kwargs)
        return type(self)(**d)

    def _make(cls_, iterable):
        values = tuple(iterable)
        if len(values) != len(fields):
            raise TypeError(f"Expected {len(fields)} arguments, got {len(values)}")
        return cls_(*values)

    def __ne__(self, other):
        return not __eq__(self, other)

    def __le__(self, other):
        return self._values <= tuple(other)

    def __gt__(self, other):
        return self._values > tuple(other)

    def __ge__(self, other):
        return self._values >= tuple(other)

    def __add__(self, other):
        return self._values + tuple(other)

    def __contains__(self, x):
        return x in self._values

    def count(self, x):
        return self._values.count(x)

    def index(self, x):
        return self._values.index(x)

    def __setattr__(self, name, value):
        raise AttributeError("can't set attribute")

    ns = {
        "__init__": __init__, "__repr__": __repr__, "__iter__": __iter__,
        "__len__": __len__, "__getitem__": __getitem__, "__eq__": __eq__,
        "__hash__": __hash__, "__lt__": __lt__, "_asdict": _asdict,
        "_replace": _replace, "__setattr__": __setattr__, "_fields": fields,
        "_make": classmethod(_make), "__ne__": __ne__, "__le__": __le__,
        "__gt__": __gt__, "__ge__": __ge__, "__add__": __add__,
        "__contains__": __contains__, "count": count, "index": index,
        "_field_defaults": dict(zip(fields[len(fields) - ndefaults:], defaults or ())),
        "__match_args__": fields,
    }
    cls = type(typename, (object,), ns)
    return cls
