# BaseExceptionGroup and ExceptionGroup (PEP 654, Python 3.11) for gilscope, and the
# helpers behind `except*`. Written for gilscope's VM; loaded the first time a program
# names one of the two classes or runs an `except*` clause, so programs that use neither
# pay nothing for it.
#
# An `except*` statement compiles to: STAR_BEGIN (the state of one handling: the
# exception caught, the part still unmatched, what the handlers raised), per clause
# STAR_MATCH (split off the leaves of that type), STAR_RAISED when a clause's body
# raises, and STAR_END (re-raise what is left, if anything). Each calls the function of
# the same name below.


def _plural(n):
    return '' if n == 1 else 's'


class BaseExceptionGroup(BaseException):
    __module__ = 'builtins'

    def __init__(self, message, exceptions):
        if not isinstance(message, str):
            raise TypeError("argument 1 must be str, not %s" % type(message).__name__)
        items = tuple(exceptions)
        if not items:
            raise ValueError("second argument (exceptions) must be a non-empty sequence")
        for i, e in enumerate(items):
            if not isinstance(e, BaseException):
                raise ValueError("Item %d of second argument (exceptions) is not an "
                                 "exception" % i)
        if isinstance(self, Exception):
            for e in items:
                if not isinstance(e, Exception):
                    raise TypeError("Cannot nest BaseExceptions in an ExceptionGroup")
        super().__init__(message, exceptions)
        self._message = message
        self._exceptions = items

    @property
    def message(self):
        return self._message

    @property
    def exceptions(self):
        return self._exceptions

    def __str__(self):
        n = len(self._exceptions)
        return '%s (%d sub-exception%s)' % (self._message, n, _plural(n))

    def derive(self, excs):
        return _group(self._message, excs)

    def _derived(self, excs):
        # A part of this group: same message, and the traceback and chaining it had.
        part = self.derive(excs)
        part.__traceback__ = self.__traceback__
        part.__cause__ = self.__cause__
        part.__context__ = self.__context__
        return part

    def split(self, condition):
        test = _condition(condition)
        if test(self):
            return self, None
        matched = []
        rest = []
        for e in self._exceptions:
            if isinstance(e, BaseExceptionGroup):
                m, r = e.split(condition)
                if m is not None:
                    matched.append(m)
                if r is not None:
                    rest.append(r)
            elif test(e):
                matched.append(e)
            else:
                rest.append(e)
        m = self._derived(matched) if matched else None
        r = self._derived(rest) if rest else None
        return m, r

    def subgroup(self, condition):
        return self.split(condition)[0]


class ExceptionGroup(BaseExceptionGroup, Exception):
    __module__ = 'builtins'


def _group(message, excs):
    # What BaseExceptionGroup(message, excs) gives in CPython: an ExceptionGroup when
    # every member is an Exception.
    if all(isinstance(e, Exception) for e in excs):
        return ExceptionGroup(message, excs)
    return BaseExceptionGroup(message, excs)


def _condition(condition):
    if isinstance(condition, type) and issubclass(condition, BaseException):
        return lambda e: isinstance(e, condition)
    if isinstance(condition, tuple) and all(
            isinstance(c, type) and issubclass(c, BaseException) for c in condition):
        return lambda e: isinstance(e, condition)
    if callable(condition):
        return condition
    raise TypeError("expected an exception type, a tuple of exception types, or a "
                    "callable (other than a class)")


def _star_begin(exc):
    if isinstance(exc, BaseExceptionGroup):
        whole = exc
    else:
        # A naked exception is caught as if it were a group of one.
        whole = _group('', (exc,))
        whole.__traceback__ = exc.__traceback__
    return [exc, whole, whole, []]


def _star_match(state, kind):
    classes = kind if isinstance(kind, tuple) else (kind,)
    for c in classes:
        if isinstance(c, type) and issubclass(c, BaseExceptionGroup):
            raise TypeError("catching ExceptionGroup with except* is not allowed. "
                            "Use except instead.")
    rest = state[2]
    if rest is None:
        return None, False
    matched, state[2] = rest.split(kind)
    return matched, matched is not None


def _star_raised(state, exc):
    state[3].append(exc)


def _star_end(state):
    original, whole, rest, raised = state
    if not raised:
        if rest is whole:
            return original
        return rest
    parts = list(raised)
    if rest is not None:
        parts.append(rest)
    return _group('', parts)
