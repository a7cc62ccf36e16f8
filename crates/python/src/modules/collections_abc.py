# collections.abc for gilscope, written for this project from the documented behaviour
# of Python 3.11's collections.abc: the abstract base classes with their mixin methods,
# and isinstance()/issubclass() against them. gilscope has no metaclasses: the VM asks a
# class's `_gilscope_subclasscheck` when the ordinary subclass test fails, and each ABC
# answers as CPython's __subclasshook__ and register() do (the built-in types are
# registered by name, as CPython registers them).

from abc import ABC, abstractmethod

__all__ = ["Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator",
           "Hashable", "Iterable", "Iterator", "Generator", "Reversible", "Sized",
           "Container", "Callable", "Collection", "Set", "MutableSet", "Mapping",
           "MutableMapping", "MappingView", "KeysView", "ItemsView", "ValuesView",
           "Sequence", "MutableSequence", "ByteString"]

_BUILTIN = {
    "Hashable": {"int", "float", "complex", "str", "bytes", "tuple", "frozenset", "bool",
                 "NoneType", "range", "type", "function", "builtin_function_or_method",
                 "method", "object"},
    "Iterable": {"str", "bytes", "bytearray", "list", "tuple", "dict", "set", "frozenset",
                 "range", "generator", "dict_keys", "dict_values", "dict_items",
                 "list_iterator", "tuple_iterator", "str_iterator", "range_iterator",
                 "set_iterator", "dict_keyiterator", "dict_valueiterator",
                 "dict_itemiterator", "enumerate", "zip", "map", "filter", "reversed"},
    "Iterator": {"generator", "list_iterator", "tuple_iterator", "str_iterator",
                 "range_iterator", "set_iterator", "dict_keyiterator",
                 "dict_valueiterator", "dict_itemiterator", "enumerate", "zip", "map",
                 "filter", "reversed", "list_reverseiterator"},
    "Generator": {"generator"},
    "Reversible": {"str", "bytes", "bytearray", "list", "tuple", "dict", "range",
                   "dict_keys", "dict_values", "dict_items"},
    "Sized": {"str", "bytes", "bytearray", "list", "tuple", "dict", "set", "frozenset",
              "range", "dict_keys", "dict_values", "dict_items"},
    "Container": {"str", "bytes", "bytearray", "list", "tuple", "dict", "set", "frozenset",
                  "range", "dict_keys", "dict_items"},
    "Collection": {"str", "bytes", "bytearray", "list", "tuple", "dict", "set", "frozenset",
                   "range", "dict_keys", "dict_values", "dict_items"},
    "Callable": {"function", "builtin_function_or_method", "method", "type"},
    "Sequence": {"str", "bytes", "bytearray", "list", "tuple", "range"},
    "MutableSequence": {"list", "bytearray"},
    "Set": {"set", "frozenset", "dict_keys", "dict_items"},
    "MutableSet": {"set"},
    "Mapping": {"dict"},
    "MutableMapping": {"dict"},
    "MappingView": {"dict_keys", "dict_values", "dict_items"},
    "KeysView": {"dict_keys"},
    "ValuesView": {"dict_values"},
    "ItemsView": {"dict_items"},
    "Awaitable": {"coroutine"},
    "Coroutine": {"coroutine"},
    "AsyncIterable": {"async_generator"},
    "AsyncIterator": {"async_generator"},
    "AsyncGenerator": {"async_generator"},
    "ByteString": {"bytes", "bytearray"},
}


def _has(C, *methods):
    for m in methods:
        found = False
        for B in C.__mro__:
            if m in B.__dict__:
                if B.__dict__[m] is None:
                    return False
                found = True
                break
        if not found:
            return False
    return True


class _ABC(ABC):
    # The methods whose presence makes a class a virtual subclass (one-trick ponies).
    _structural = ()

    @classmethod
    def register(cls, subclass):
        if "_registry" not in cls.__dict__:
            cls._registry = []
        cls._registry.append(subclass)
        return subclass

    @classmethod
    def _gilscope_subclasscheck(cls, C):
        if not isinstance(C, type):
            return False
        mro = C.__mro__
        for B in mro:
            if B.__module__ == "builtins" and B.__name__ in _BUILTIN.get(cls.__name__, ()):
                return True
        for abc in _subclasses(cls):
            for r in abc.__dict__.get("_registry", ()):
                if r in mro:
                    return True
        if cls.__dict__.get("_structural") and _has(C, *cls._structural):
            return True
        return False


def _subclasses(cls):
    out = [cls]
    for sub in _ALL:
        if sub is not cls and cls in sub.__mro__ and sub not in out:
            out.append(sub)
    return out


class Hashable(_ABC):
    @classmethod
    def _gilscope_subclasscheck(cls, C):
        if not isinstance(C, type):
            return False
        for B in C.__mro__:
            d = B.__dict__
            if "__hash__" in d:
                return d["__hash__"] is not None
            if "__eq__" in d and B.__module__ != "builtins":
                return False
        return True

    @abstractmethod
    def __hash__(self):
        """Abstract: __hash__."""
        return 0


class Awaitable(_ABC):
    _structural = ("__await__",)

    @abstractmethod
    def __await__(self):
        """Abstract: __await__."""
        yield


class Coroutine(Awaitable):
    _structural = ("__await__", "send", "throw", "close")

    @abstractmethod
    def send(self, value):
        """Abstract: send."""
        raise StopIteration

    @abstractmethod
    def throw(self, typ, val=None, tb=None):
        """Abstract: throw."""
        raise typ

    def close(self):
        pass


class AsyncIterable(_ABC):
    _structural = ("__aiter__",)

    @abstractmethod
    def __aiter__(self):
        """Abstract: __aiter__."""
        return AsyncIterator()


class AsyncIterator(AsyncIterable):
    _structural = ("__aiter__", "__anext__")

    @abstractmethod
    async def __anext__(self):
        """Abstract: __anext__."""
        raise StopAsyncIteration

    def __aiter__(self):
        return self


class AsyncGenerator(AsyncIterator):
    _structural = ("__aiter__", "__anext__", "asend", "athrow", "aclose")

    async def __anext__(self):
        nxt = await self.asend(None)
        return nxt

    @abstractmethod
    async def asend(self, value):
        """Abstract: asend."""
        raise StopAsyncIteration

    @abstractmethod
    async def athrow(self, typ, val=None, tb=None):
        """Abstract: athrow."""
        raise typ

    async def aclose(self):
        pass


class Iterable(_ABC):
    _structural = ("__iter__",)

    @abstractmethod
    def __iter__(self):
        """Abstract: __iter__."""
        while False:
            yield None


class Iterator(Iterable):
    _structural = ("__iter__", "__next__")

    @abstractmethod
    def __next__(self):
        """Abstract: __next__."""
        raise StopIteration

    def __iter__(self):
        return self


class Reversible(Iterable):
    _structural = ("__reversed__", "__iter__")

    @abstractmethod
    def __reversed__(self):
        """Abstract: __reversed__."""
        while False:
            yield None


class Generator(Iterator):
    _structural = ("__iter__", "__next__", "send", "throw", "close")

    def __next__(self):
        return self.send(None)

    @abstractmethod
    def send(self, value):
        """Abstract: send."""
        raise StopIteration

    @abstractmethod
    def throw(self, typ, val=None, tb=None):
        """Abstract: throw."""
        raise typ

    def close(self):
        pass


class Sized(_ABC):
    _structural = ("__len__",)

    @abstractmethod
    def __len__(self):
        """Abstract: __len__."""
        return 0


class Container(_ABC):
    _structural = ("__contains__",)

    @abstractmethod
    def __contains__(self, x):
        """Abstract: __contains__."""
        return False


class Collection(Sized, Iterable, Container):
    _structural = ("__len__", "__iter__", "__contains__")


class Callable(_ABC):
    _structural = ("__call__",)

    @abstractmethod
    def __call__(self, *args, **kwds):
        """Abstract: __call__."""
        return False


def _only(kind):
    """A binary operator that answers NotImplemented unless the operand is an instance
    of the class `kind()` gives (a function: `Set` is not defined inside its body)."""
    def wrap(op):
        def method(self, other):
            return op(self, other) if isinstance(other, kind()) else NotImplemented
        method.__name__ = op.__name__
        return method
    return wrap


class Set(Collection):
    _structural = ()

    @classmethod
    def _from_iterable(cls, it):
        return cls(it)

    def _all_in(self, items, container):
        return all(x in container for x in items)

    @_only(lambda: Set)
    def __le__(self, other):
        return len(self) <= len(other) and self._all_in(self, other)

    @_only(lambda: Set)
    def __lt__(self, other):
        return len(self) < len(other) and self._all_in(self, other)

    @_only(lambda: Set)
    def __ge__(self, other):
        return len(self) >= len(other) and self._all_in(other, self)

    @_only(lambda: Set)
    def __gt__(self, other):
        return len(self) > len(other) and self._all_in(other, self)

    @_only(lambda: Set)
    def __eq__(self, other):
        return len(self) == len(other) and self._all_in(self, other)

    def isdisjoint(self, other):
        return not any(x in self for x in other)

    @_only(lambda: Iterable)
    def __and__(self, other):
        return self._from_iterable([x for x in other if x in self])

    __rand__ = __and__

    @_only(lambda: Iterable)
    def __or__(self, other):
        return self._from_iterable(list(self) + list(other))

    __ror__ = __or__

    @_only(lambda: Iterable)
    def __sub__(self, other):
        other = other if isinstance(other, Set) else self._from_iterable(other)
        return self._from_iterable([x for x in self if x not in other])

    @_only(lambda: Iterable)
    def __xor__(self, other):
        other = other if isinstance(other, Set) else self._from_iterable(other)
        mine = [x for x in self if x not in other]
        return self._from_iterable(mine + [x for x in other if x not in self])

    __hash__ = None


class MutableSet(Set):
    @abstractmethod
    def add(self, value):
        """Abstract: add."""
        raise NotImplementedError

    @abstractmethod
    def discard(self, value):
        """Abstract: discard."""
        raise NotImplementedError

    def remove(self, value):
        if value in self:
            self.discard(value)
        else:
            raise KeyError(value)

    def pop(self):
        for x in self:
            self.discard(x)
            return x
        raise KeyError

    def clear(self):
        for x in list(self):
            self.discard(x)

    def __ior__(self, it):
        for x in it:
            self.add(x)
        return self

    def __iand__(self, it):
        keep = list(it)
        for x in [x for x in self if x not in keep]:
            self.discard(x)
        return self

    def __isub__(self, it):
        for x in (list(it) if it is self else it):
            self.discard(x)
        return self


_MISSING = object()


class Mapping(Collection):
    _structural = ()

    @abstractmethod
    def __getitem__(self, key):
        """Abstract: __getitem__."""
        raise KeyError

    def get(self, key, default=None):
        found = _lookup(self, key)
        return default if found is _MISSING else found

    def __contains__(self, key):
        return _lookup(self, key) is not _MISSING

    def keys(self):
        """A set-like view of the mapping's keys."""
        return KeysView(self)

    def items(self):
        return ItemsView(self)

    def values(self):
        return ValuesView(self)

    def __eq__(self, other):
        if isinstance(other, Mapping):
            return dict(self) == dict(other)
        return NotImplemented

    __reversed__ = None
    __hash__ = None


def _lookup(mapping, key):
    """mapping[key], or _MISSING when that raises KeyError."""
    try:
        return mapping[key]
    except KeyError:
        return _MISSING


class MappingView(Sized):
    _structural = ()

    def __init__(self, mapping):
        self._mapping = mapping

    def __len__(self):
        return len(self._mapping)

    def __repr__(self):
        return f"{type(self).__name__}({self._mapping!r})"


class KeysView(MappingView, Set):
    @classmethod
    def _from_iterable(cls, it):
        return set(it)

    def __contains__(self, key):
        return _lookup(self._mapping, key) is not _MISSING

    def __iter__(self):
        return iter(self._mapping)


class ItemsView(MappingView, Set):
    @classmethod
    def _from_iterable(cls, it):
        return set(it)

    def __contains__(self, item):
        key, value = item
        found = _lookup(self._mapping, key)
        return found is not _MISSING and (found is value or found == value)

    def __iter__(self):
        m = self._mapping
        return iter([(k, m[k]) for k in m])


class ValuesView(MappingView, Collection):
    def __contains__(self, value):
        return any(v is value or v == value for v in self)

    def __iter__(self):
        m = self._mapping
        return iter([m[k] for k in m])


class MutableMapping(Mapping):
    @abstractmethod
    def __setitem__(self, key, value):
        """Abstract: __setitem__."""
        raise KeyError

    @abstractmethod
    def __delitem__(self, key):
        """Abstract: __delitem__."""
        raise KeyError

    def pop(self, key, default=_MISSING):
        found = _lookup(self, key)
        if found is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default
        del self[key]
        return found

    def popitem(self):
        for key in self:
            found = self[key]
            del self[key]
            return key, found
        raise KeyError

    def clear(self):
        for key in list(self):
            del self[key]

    def update(self, other=(), **kwds):
        if isinstance(other, Mapping) or hasattr(other, "keys"):
            pairs = [(k, other[k]) for k in other.keys()]
        else:
            pairs = list(other)
        for k, v in pairs + list(kwds.items()):
            self[k] = v

    def setdefault(self, key, default=None):
        found = _lookup(self, key)
        if found is _MISSING:
            self[key] = default
            return default
        return found


class Sequence(Reversible, Collection):
    _structural = ()

    @abstractmethod
    def __getitem__(self, index):
        """Abstract: __getitem__."""
        raise IndexError

    def _at(self, i):
        try:
            return self[i]
        except IndexError:
            return _MISSING

    def __iter__(self):
        i = 0
        while (v := self._at(i)) is not _MISSING:
            yield v
            i += 1

    def __contains__(self, value):
        return any(v is value or v == value for v in self)

    def __reversed__(self):
        return iter([self[i] for i in range(len(self) - 1, -1, -1)])

    def index(self, value, start=0, stop=None):
        n = len(self)
        lo = max(n + start, 0) if start is not None and start < 0 else (start or 0)
        hi = n if stop is None else (stop + n if stop < 0 else min(stop, n))
        for i in range(lo, hi):
            if self[i] is value or self[i] == value:
                return i
        raise ValueError

    def count(self, value):
        return len([v for v in self if v is value or v == value])


class ByteString(Sequence):
    _structural = ()


class MutableSequence(Sequence):
    @abstractmethod
    def __setitem__(self, index, value):
        """Abstract: __setitem__."""
        raise IndexError

    @abstractmethod
    def __delitem__(self, index):
        """Abstract: __delitem__."""
        raise IndexError

    @abstractmethod
    def insert(self, index, value):
        """Abstract: insert."""
        raise IndexError

    def append(self, value):
        n = len(self)
        self.insert(n, value)

    def clear(self):
        while len(self):
            del self[-1]

    def reverse(self):
        items = list(self)
        for i, v in enumerate(reversed(items)):
            self[i] = v

    def extend(self, values):
        for v in (list(values) if values is self else values):
            self.append(v)

    def pop(self, index=-1):
        v = self[index]
        del self[index]
        return v

    def remove(self, value):
        at = self.index(value)
        del self[at]

    def __iadd__(self, values):
        self.extend(values)
        return self


_ALL = [Hashable, Awaitable, Coroutine, AsyncIterable, AsyncIterator, AsyncGenerator,
        Iterable, Iterator, Reversible, Generator, Sized, Container, Collection, Callable,
        Set, MutableSet, Mapping, MappingView, KeysView, ItemsView, ValuesView,
        MutableMapping, Sequence, ByteString, MutableSequence]
