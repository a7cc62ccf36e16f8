# contextlib for gilscope, written for this project from the documented behaviour of
# Python 3.11: contextmanager, ContextDecorator, suppress, nullcontext, closing and
# ExitStack. gilscope has no traceback objects, so the third argument every __exit__
# receives here is None. redirect_stdout/redirect_stderr and the async helpers are
# reported as unsupported.
from functools import wraps


class AbstractContextManager:
    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        return None


class ContextDecorator:
    # A decorated function runs inside `with <manager>:` on every call. Managers that
    # can be entered only once hand out a fresh copy for each call.
    def _manager_for_call(self):
        return self

    def __call__(self, func):
        manager = self

        @wraps(func)
        def run_inside(*args, **kwds):
            with manager._manager_for_call():
                return func(*args, **kwds)

        return run_inside


def _is_block_exception(raised, thrown):
    # Did the generator let the exception thrown into it escape (possibly as the
    # RuntimeError that a StopIteration escaping a generator turns into)?
    if raised is thrown:
        return True
    return (
        isinstance(raised, RuntimeError)
        and isinstance(thrown, StopIteration)
        and raised.__cause__ is thrown
    )


class _GeneratorBackedManager(ContextDecorator, AbstractContextManager):
    def __init__(self, factory, args, kwds):
        self._recipe = (factory, args, kwds)
        self.gen = factory(*args, **kwds)
        self.__doc__ = getattr(factory, "__doc__", None)

    def _manager_for_call(self):
        factory, args, kwds = self._recipe
        return type(self)(factory, args, kwds)

    def __enter__(self):
        for value in self.gen:
            return value
        raise RuntimeError("generator didn't yield") from None

    def __exit__(self, kind, exc, tb):
        if kind is None:
            for _ in self.gen:
                raise RuntimeError("generator didn't stop")
            return False
        if exc is None:
            exc = kind()
        # Raise the block's exception at the generator's yield and see what comes out.
        # If it comes back out, it is reported with the block's frames only.
        depth = _traceback_depth(exc)
        try:
            self.gen.throw(exc)
        except StopIteration as finished:
            # The generator ran to its end: that swallows the exception, unless the
            # exception was this very StopIteration.
            return finished is not exc
        except BaseException as raised:
            if _is_block_exception(raised, exc):
                _traceback_cut(exc, depth)
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    @wraps(func)
    def build(*args, **kwds):
        return _GeneratorBackedManager(func, args, kwds)

    return build


def asynccontextmanager(func):
    _unsupported("contextlib.asynccontextmanager")


def redirect_stdout(new_target):
    _unsupported("contextlib.redirect_stdout")


def redirect_stderr(new_target):
    _unsupported("contextlib.redirect_stderr")


class closing(AbstractContextManager):
    # Hands back the object itself and calls its close() on the way out.
    def __init__(self, thing):
        self._closeable = thing

    def __enter__(self):
        return self._closeable

    def __exit__(self, *details):
        self._closeable.close()


class nullcontext(AbstractContextManager):
    def __init__(self, enter_result=None):
        self._value = enter_result

    def __enter__(self):
        return self._value

    def __exit__(self, *details):
        return None


class suppress(AbstractContextManager):
    def __init__(self, *exceptions):
        self._kinds = exceptions

    def __enter__(self):
        return None

    def __exit__(self, kind, exc, tb):
        return kind is not None and issubclass(kind, self._kinds)


def _exit_of(manager, method):
    def leave(kind, exc, tb):
        return method(manager, kind, exc, tb)

    return leave


class ExitStack(AbstractContextManager):
    def __init__(self):
        self._pending = []

    def pop_all(self):
        moved = type(self)()
        moved._pending, self._pending = self._pending, []
        return moved

    def push(self, exit):
        method = getattr(type(exit), "__exit__", None)
        self._pending.append(exit if method is None else _exit_of(exit, method))
        return exit

    def enter_context(self, cm):
        cls = type(cm)
        enter = getattr(cls, "__enter__", None)
        leave = getattr(cls, "__exit__", None)
        if enter is None or leave is None:
            raise TypeError(
                f"'{cls.__module__}.{cls.__qualname__}' object does not support "
                "the context manager protocol"
            )
        value = enter(cm)
        self._pending.append(_exit_of(cm, leave))
        return value

    def callback(self, fn, /, *args, **kwds):
        def call_back(kind, exc, tb):
            fn(*args, **kwds)

        call_back.__wrapped__ = fn
        self._pending.append(call_back)
        return fn

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, *details):
        # Unwind newest first. Each exit sees the exception still in flight: the block's,
        # or one a later exit raised; an exit returning true clears it.
        arrived_with_error = details[0] is not None
        cleared = False
        raised = None
        while self._pending:
            leave = self._pending.pop()
            try:
                handled = leave(*details)
            except BaseException as err:
                raised = err
                details = (type(err), err, None)
                continue
            if handled:
                cleared = True
                raised = None
                details = (None, None, None)
        if raised is not None:
            raise raised
        return arrived_with_error and cleared
