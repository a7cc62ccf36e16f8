# weakref for gilscope, written for this project from the documented behaviour of Python
# 3.11's weakref: ref, WeakValueDictionary, WeakKeyDictionary, WeakSet and finalize. A
# reference is a native handle (weakref.rs) that lets its object go when the last
# strong reference does, which in gilscope is when CPython's reference counting frees
# it. Callbacks given to ref() and finalize() run only at exit (finalize) or never
# (ref): gilscope does not watch objects die.

import _gilscope
import atexit

__all__ = ["ref", "ReferenceType", "WeakValueDictionary", "WeakKeyDictionary", "WeakSet",
           "finalize", "getweakrefcount"]


class ref:
    __module__ = "builtins"

    def __init__(self, obj, callback=None):
        self._handle = _gilscope.weak_new(obj)
        self.__callback__ = callback

    def __call__(self):
        return _gilscope.weak_get(self._handle)

    def __eq__(self, other):
        if not isinstance(other, ref):
            return NotImplemented
        mine, theirs = self(), other()
        if mine is None or theirs is None:
            return self is other
        return mine == theirs

    def __hash__(self):
        target = self()
        if target is None:
            raise TypeError("weak object has gone away")
        return hash(target)

    def __repr__(self):
        target = self()
        if target is None:
            return "<weakref at 0x%x; dead>" % id(self)
        return "<weakref at 0x%x; to '%s' at 0x%x>" % (id(self), type(target).__name__,
                                                      id(target))


ref.__name__ = "weakref"
ReferenceType = ref


def getweakrefcount(obj):
    return 0


class WeakValueDictionary:
    def __init__(self, other=(), /, **kw):
        self._refs = {}
        self.update(other, **kw)

    def _live(self):
        pairs = [(k, r()) for k, r in self._refs.items()]
        for k, v in pairs:
            if v is None:
                del self._refs[k]
        return [(k, v) for k, v in pairs if v is not None]

    def __getitem__(self, key):
        found = self._refs[key]()
        if found is None:
            del self._refs[key]
            raise KeyError(key)
        return found

    def __setitem__(self, key, value):
        self._refs[key] = ref(value)

    def __delitem__(self, key):
        del self._refs[key]

    def __contains__(self, key):
        r = self._refs.get(key)
        return r is not None and r() is not None

    def __len__(self):
        return len(self._live())

    def __iter__(self):
        return iter([k for k, _ in self._live()])

    def get(self, key, default=None):
        r = self._refs.get(key)
        found = None if r is None else r()
        return default if found is None else found

    def keys(self):
        return [k for k, _ in self._live()]

    def values(self):
        return [v for _, v in self._live()]

    def items(self):
        return self._live()

    def pop(self, key, *default):
        found = self.get(key)
        self._refs.pop(key, None)
        if found is None:
            if default:
                return default[0]
            raise KeyError(key)
        return found

    def setdefault(self, key, default=None):
        found = self.get(key)
        if found is None:
            self[key] = default
            return default
        return found

    def update(self, other=(), /, **kw):
        pairs = other.items() if hasattr(other, "items") else other
        for k, v in list(pairs) + list(kw.items()):
            self[k] = v

    def copy(self):
        return WeakValueDictionary(self.items())

    def __repr__(self):
        return "<WeakValueDictionary at 0x%x>" % id(self)


class WeakKeyDictionary:
    def __init__(self, dict=None):
        self._entries = {}
        if dict is not None:
            self.update(dict)

    def _live(self):
        pairs = [(r(), v) for r, v in self._entries.values()]
        dead = [i for i, (r, _) in self._entries.items() if r() is None]
        for i in dead:
            del self._entries[i]
        return [(k, v) for k, v in pairs if k is not None]

    def __setitem__(self, key, value):
        self._entries[id(key)] = (ref(key), value)

    def __getitem__(self, key):
        entry = self._entries.get(id(key))
        if entry is None or entry[0]() is not key:
            raise KeyError(key)
        return entry[1]

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        del self._entries[id(key)]

    def __contains__(self, key):
        entry = self._entries.get(id(key))
        return entry is not None and entry[0]() is key

    def __len__(self):
        return len(self._live())

    def __iter__(self):
        return iter([k for k, _ in self._live()])

    def get(self, key, default=None):
        return self[key] if key in self else default

    def keys(self):
        return [k for k, _ in self._live()]

    def values(self):
        return [v for _, v in self._live()]

    def items(self):
        return self._live()

    def pop(self, key, *default):
        if key in self:
            value = self[key]
            del self[key]
            return value
        if default:
            return default[0]
        raise KeyError(key)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, other=None, **kw):
        pairs = other.items() if hasattr(other, "items") else (other or ())
        for k, v in list(pairs) + list(kw.items()):
            self[k] = v

    def __repr__(self):
        return "<WeakKeyDictionary at 0x%x>" % id(self)


class WeakSet:
    def __init__(self, data=None):
        self._refs = {}
        for item in data or ():
            self.add(item)

    def _live(self):
        pairs = [(i, r()) for i, r in self._refs.items()]
        for i, obj in pairs:
            if obj is None:
                del self._refs[i]
        return [obj for _, obj in pairs if obj is not None]

    def add(self, item):
        self._refs[id(item)] = ref(item)

    def discard(self, item):
        if item in self:
            del self._refs[id(item)]

    def remove(self, item):
        if item not in self:
            raise KeyError(item)
        del self._refs[id(item)]

    def __contains__(self, item):
        r = self._refs.get(id(item))
        return r is not None and r() is item

    def __len__(self):
        return len(self._live())

    def __iter__(self):
        return iter(self._live())

    def __repr__(self):
        return "{%s}" % ", ".join(repr(x) for x in self._live()) if self._live() else \
            "WeakSet()"


class finalize:
    _registry = []

    def __init__(self, obj, func, /, *args, **kwargs):
        self._target = ref(obj)
        self._call = (func, args, kwargs)
        self.atexit = True
        finalize._registry.append(self)

    @property
    def alive(self):
        return self._call is not None

    def __call__(self, _=None):
        call, self._call = self._call, None
        if call is not None:
            func, args, kwargs = call
            return func(*args, **kwargs)
        return None

    def detach(self):
        call, self._call = self._call, None
        target = self._target()
        if call is None or target is None:
            return None
        return (target, call[0], call[1], call[2])

    def peek(self):
        target = self._target()
        if self._call is None or target is None:
            return None
        return (target,) + self._call

    def __repr__(self):
        target = self._target()
        if target is None:
            return "<finalize object at 0x%x; dead>" % id(self)
        return "<finalize object at 0x%x; for '%s' at 0x%x>" % (
            id(self), type(target).__name__, id(target))


def _finalize_at_exit():
    for f in reversed(finalize._registry):
        if f.atexit and f.alive:
            f()


atexit.register(_finalize_at_exit)
