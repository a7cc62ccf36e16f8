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
        _share_traceback(part, self)
        part.__cause__ = self.__cause__
        part.__context__ = self.__context__
        part.__suppress_context__ = self.__suppress_context__
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
    # [caught, as a group, still unmatched, raised by handlers, re-raised, clause's part]
    return [exc, whole, whole, [], [], None]


def _star_match(state, kind):
    classes = kind if isinstance(kind, tuple) else (kind,)
    for c in classes:
        if isinstance(c, type) and issubclass(c, BaseExceptionGroup):
            raise TypeError("catching ExceptionGroup with except* is not allowed. "
                            "Use except instead.")
    rest = state[2]
    if rest is None:
        return None, False
    if state[0] is state[1]:
        matched, state[2] = rest.split(kind)
    elif _condition(kind)(state[0]):
        # The naked exception matched: the handler gets the whole wrapping group.
        matched, state[2] = rest, None
    else:
        matched = None
    state[5] = matched
    return matched, matched is not None


def _star_raised(state, exc):
    # `raise` (or `raise e`) of the clause's own part puts those leaves back where they
    # were in the caught group; anything else is new and joins the group raised at the end.
    if exc is state[5]:
        state[4].append(exc)
    else:
        state[3].append(exc)


def _leaf_ids(exc, into):
    if isinstance(exc, BaseExceptionGroup):
        for e in exc.exceptions:
            _leaf_ids(e, into)
    else:
        into.add(id(exc))


def _star_end(state):
    original, whole, rest, raised, reraised, _ = state
    if not raised and not reraised:
        if rest is whole:
            return original
        return rest
    if original is not whole:
        # Only one clause can have handled a naked exception: what it raised goes on.
        return (raised + reraised)[0]
    keep = set()
    for part in reraised:
        _leaf_ids(part, keep)
    if rest is not None:
        _leaf_ids(rest, keep)
    kept = None
    if keep:
        kept = whole.split(lambda e: id(e) in keep)[0]
    parts = raised + [kept] if kept is not None else raised
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return _group('', parts)
