# traceback for gilscope: the report of an exception, the current one or a given one,
# worded as the VM words an uncaught exception (chained causes and contexts, carets),
# printed to a file or returned as text; and the current stack. The VM keeps no
# traceback objects (`e.__traceback__` is None), so the functions taking one are
# reported as unsupported.
import sys
import _gilscope


def _chunks(text):
    """The report as CPython's lists give it: each frame's lines together, and each
    "The above exception..." message with its blank lines."""
    out = []
    for line in text.splitlines(True):
        if out and line.startswith("    ") and out[-1].startswith("  File "):
            out[-1] += line
        elif out and out[-1].startswith("\n") and not out[-1].endswith("\n\n"):
            out[-1] += line
        else:
            out.append(line)
    return out


def _report(exc, value, limit):
    if limit is not None:
        _unsupported("the limit argument of the traceback functions")
    if value is not _missing:
        exc = value
    if exc is None:
        return "NoneType: None\n"
    if not isinstance(exc, BaseException):
        raise TypeError(f"Exception expected for value, {type(exc).__name__} found")
    return _gilscope.format_exception(exc)


_missing = object()


def format_exception(exc, /, value=_missing, tb=_missing, limit=None, chain=True):
    return _chunks(_report(exc, value, limit))


def format_exception_only(exc, /, value=_missing):
    if value is not _missing:
        exc = value
    return [_gilscope.format_exception(exc).splitlines(True)[-1]]


def print_exception(exc, /, value=_missing, tb=_missing, limit=None, file=None, chain=True):
    (sys.stderr if file is None else file).write(_report(exc, value, limit))


def format_exc(limit=None, chain=True):
    return _report(sys.exc_info()[1], _missing, limit)


def print_exc(limit=None, file=None, chain=True):
    (sys.stderr if file is None else file).write(format_exc(limit))


def format_stack(f=None, limit=None):
    if f is not None:
        _unsupported("traceback.format_stack of a frame object")
    frames = _gilscope.format_stack()
    if limit is not None:
        frames = frames[-limit:] if limit > 0 else frames[:-limit]
    return frames


def print_stack(f=None, limit=None, file=None):
    (sys.stderr if file is None else file).write("".join(format_stack(f, limit)))


def _no_tracebacks(*args, **kwargs):
    _unsupported("traceback objects (format_tb, print_tb, extract_tb, walk_tb)")


format_tb = print_tb = extract_tb = extract_stack = walk_tb = walk_stack = _no_tracebacks
