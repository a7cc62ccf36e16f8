# contextvars for gilscope, written for this project from the documented behaviour of
# Python 3.11's contextvars: ContextVar (get, set, reset), Token, Context (a read-only
# mapping with run() and copy()) and copy_context(). Each thread starts in an empty
# context of its own; asyncio runs each task's steps in the context the task was
# created with (it finds copy_context through the hook set on `threading` below, so
# programs that never import contextvars pay nothing for it).

import threading

__all__ = ["Context", "ContextVar", "Token", "copy_context"]

_MISSING = object()
# The context each thread is in, by thread ident.
_current = {}


def _here():
    ident = threading.get_ident()
    ctx = _current.get(ident)
    if ctx is None:
        ctx = Context()
        _current[ident] = ctx
    return ctx


class Context:
    def __init__(self):
        self._vars = {}
        self._entered = False

    def run(self, callable, /, *args, **kwargs):
        if self._entered:
            raise RuntimeError(
                "cannot enter context: %r is already entered" % (self,))
        ident = threading.get_ident()
        outer = _current.get(ident)
        _current[ident] = self
        self._entered = True
        try:
            return callable(*args, **kwargs)
        finally:
            self._entered = False
            if outer is None:
                del _current[ident]
            else:
                _current[ident] = outer

    def copy(self):
        twin = Context()
        twin._vars = dict(self._vars)
        return twin

    def __getitem__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError("a ContextVar key was expected, got %r" % (var,))
        return self._vars[var]

    def get(self, var, default=None):
        if not isinstance(var, ContextVar):
            raise TypeError("a ContextVar key was expected, got %r" % (var,))
        return self._vars.get(var, default)

    def __contains__(self, var):
        if not isinstance(var, ContextVar):
            raise TypeError("a ContextVar key was expected, got %r" % (var,))
        return var in self._vars

    def __iter__(self):
        return iter(list(self._vars))

    def __len__(self):
        return len(self._vars)

    def keys(self):
        return list(self._vars)

    def values(self):
        return list(self._vars.values())

    def items(self):
        return list(self._vars.items())

    def __eq__(self, other):
        if not isinstance(other, Context):
            return NotImplemented
        return self._vars == other._vars

    __hash__ = None

    def __repr__(self):
        return "<_contextvars.Context object at 0x%x>" % id(self)


Context.__module__ = "_contextvars"


class Token:
    MISSING = _MISSING

    def __init__(self, context, var, old_value):
        self._context = context
        self._var = var
        self._old_value = old_value
        self._used = False

    @property
    def var(self):
        return self._var

    @property
    def old_value(self):
        return self._old_value

    def __repr__(self):
        used = " used" if self._used else ""
        return "<Token%s var=%r at 0x%x>" % (used, self._var, id(self))


Token.__module__ = "_contextvars"


class ContextVar:
    def __init__(self, name, *, default=_MISSING):
        if not isinstance(name, str):
            raise TypeError("context variable name must be a str")
        self._name = name
        self._default = default

    @property
    def name(self):
        return self._name

    def get(self, *default):
        found = _here()._vars.get(self, _MISSING)
        if found is not _MISSING:
            return found
        if default:
            return default[0]
        if self._default is not _MISSING:
            return self._default
        raise LookupError(self)

    def set(self, value):
        ctx = _here()
        token = Token(ctx, self, ctx._vars.get(self, _MISSING))
        ctx._vars[self] = value
        return token

    def reset(self, token):
        if not isinstance(token, Token):
            raise TypeError("expected an instance of Token, got %r" % (token,))
        if token._used:
            raise RuntimeError("%r has already been used once" % (token,))
        if token._var is not self:
            raise ValueError("%r was created by a different ContextVar" % (token,))
        ctx = _here()
        if token._context is not ctx:
            raise ValueError("%r was created in a different Context" % (token,))
        token._used = True
        if token._old_value is _MISSING:
            ctx._vars.pop(self, None)
        else:
            ctx._vars[self] = token._old_value

    def __repr__(self):
        default = ""
        if self._default is not _MISSING:
            default = " default=%r" % (self._default,)
        return "<ContextVar name=%r%s at 0x%x>" % (self._name, default, id(self))

    def __class_getitem__(cls, item):
        return cls


ContextVar.__module__ = "_contextvars"


def copy_context():
    return _here().copy()


# asyncio looks for this to give each task the context it was created in.
threading._gilscope_copy_context = copy_context
