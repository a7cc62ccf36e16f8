# abc for gilscope: ABC and abstractmethod. gilscope has no metaclasses: ABC's
# __init_subclass__ records the names still abstract in each subclass's own
# `__abstractmethods__`, and the VM refuses to instantiate a class whose set is not empty
# with CPython's TypeError. `class C(metaclass=ABCMeta)` makes C derive from ABC (the VM
# reads ABCMeta's `_gilscope_as_base`). Virtual subclasses (`register`) are unsupported.


def abstractmethod(func):
    func.__isabstractmethod__ = True
    return func


def _abstract(v):
    if isinstance(v, property):
        v = v.fget
    elif isinstance(v, (classmethod, staticmethod)):
        v = v.__func__
    return getattr(v, "__isabstractmethod__", False) is True


def _update(cls):
    names = {n for n, v in cls.__dict__.items() if _abstract(v)}
    for base in cls.__bases__:
        for n in getattr(base, "__abstractmethods__", ()):
            if _abstract(getattr(cls, n, None)):
                names.add(n)
    cls.__abstractmethods__ = frozenset(names)
    return cls


update_abstractmethods = _update


class ABC:
    __abstractmethods__ = frozenset()

    def __init_subclass__(cls, **kwargs):
        _update(cls)

    @classmethod
    def register(cls, subclass):
        _unsupported("ABC.register (virtual subclasses)")


class ABCMeta:
    """Stands for CPython's metaclass in `metaclass=ABCMeta`."""
    _gilscope_as_base = ABC
