# warnings for gilscope: warn() with CPython 3.11's default filters (DeprecationWarning
# shown only when raised from __main__; Pending/Import/ResourceWarning ignored), the
# actions ("default" once per location, "module", "once", "always", "ignore",
# "error"), filterwarnings/simplefilter/resetwarnings and catch_warnings; written in
# Python on gilscope's VM. A filter's message and module patterns understand the regex
# subset `.`, `*`, `\x` (the `re` module is not simulated).
import sys
import _gilscope

_ACTIONS = ("default", "error", "ignore", "always", "all", "module", "once")

filters = [
    ("default", None, DeprecationWarning, "__main__", 0),
    ("ignore", None, DeprecationWarning, None, 0),
    ("ignore", None, PendingDeprecationWarning, None, 0),
    ("ignore", None, ImportWarning, None, 0),
    ("ignore", None, ResourceWarning, None, 0),
]
defaultaction = "default"
# What was shown already, by action: (text, category, module, lineno) for "default",
# without lineno for "module", without module for "once". Emptied when filters change,
# as CPython invalidates its registries.
_seen = set()


def _match(pattern, text, i=0, j=0):
    """Whether `pattern` (`.`, `x*`, `\\x`, literals) matches the start of `text`."""
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            i += 1
            c = pattern[i]
            literal = True
        else:
            literal = False
        star = i + 1 < len(pattern) and pattern[i + 1] == "*"
        ok = lambda k: k < len(text) and (text[k] == c or (c == "." and not literal))
        if star:
            k = j
            while True:
                if _match(pattern, text, i + 2, k):
                    return True
                if not ok(k):
                    return False
                k += 1
        if not ok(j):
            return False
        i += 1
        j += 1
    return True


def _is_category(c):
    return isinstance(c, type) and issubclass(c, Warning)


def _check_action(action):
    if action not in _ACTIONS:
        raise ValueError(f"invalid action: {action!r}")


def _add(entry, append):
    global _seen
    if entry in filters:
        filters.remove(entry)
    if append:
        filters.append(entry)
    else:
        filters.insert(0, entry)
    _seen = set()


def filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False):
    _check_action(action)
    if not isinstance(message, str):
        raise TypeError("message must be a string")
    if not _is_category(category):
        raise TypeError("category must be a Warning subclass")
    _add((action, message.lower() or None, category, module or None, lineno), append)


def simplefilter(action, category=Warning, lineno=0, append=False):
    _check_action(action)
    _add((action, None, category, None, lineno), append)


def resetwarnings():
    global _seen
    filters[:] = []
    _seen = set()


def _action(text, category, module, lineno):
    for action, msg, cat, mod, line in filters:
        if ((msg is None or _match(msg, text.lower()))
                and issubclass(category, cat)
                and (mod is None or mod == module or _match(mod, module))
                and (line == 0 or line == lineno)):
            return action
    return defaultaction


def formatwarning(message, category, filename, lineno, line=None):
    text = f"{filename}:{lineno}: {category.__name__}: {message}\n"
    if line:
        text += f"  {line.strip()}\n"
    return text


def showwarning(message, category, filename, lineno, file=None, line=None):
    (sys.stderr if file is None else file).write(
        formatwarning(message, category, filename, lineno, line))


def warn(message, category=None, stacklevel=1, source=None):
    if isinstance(message, Warning):
        category = type(message)
    if category is None:
        category = UserWarning
    if not _is_category(category):
        raise TypeError(f"category must be a Warning subclass, not '{type(category).__name__}'")
    site = _gilscope.warn_site(stacklevel)
    filename, lineno, module, line = site if site is not None else ("sys", 1, "sys", "")
    text = str(message)
    action = _action(text, category, module, lineno)
    if action == "error":
        raise message if isinstance(message, Warning) else category(message)
    if action == "ignore":
        return
    if action == "once":
        key = ("once", text, category)
    elif action == "module":
        key = ("module", text, category, module)
    elif action in ("always", "all"):
        key = None
    else:
        key = ("default", text, category, module, lineno)
    if key is not None:
        if key in _seen:
            return
        _seen.add(key)
    showwarning(message if isinstance(message, Warning) else category(message), category,
                filename, lineno, None, line)


class WarningMessage:
    def __init__(self, message, category, filename, lineno, file=None, line=None,
                 source=None):
        self.message, self.category = message, category
        self.filename, self.lineno = filename, lineno
        self.file, self.line, self.source = file, line, source

    def __str__(self):
        return (f"{{message : {self.message!r}, category : {getattr(self.category, '__name__', None)!r}, "
                f"filename : {self.filename!r}, lineno : {self.lineno}, "
                f"line : {self.line!r}}}")


class catch_warnings:
    def __init__(self, *, record=False, action=None, category=Warning, lineno=0,
                 append=False):
        self._record = record
        self._action = action, category, lineno, append

    def __enter__(self):
        global showwarning, _seen
        self._saved = (filters[:], showwarning)
        _seen = set()
        action, category, lineno, append = self._action
        if action is not None:
            simplefilter(action, category, lineno, append)
        if not self._record:
            return None
        log = []

        def record(message, category, filename, lineno, file=None, line=None):
            log.append(WarningMessage(message, category, filename, lineno, file, line))

        showwarning = record
        return log

    def __exit__(self, *exc):
        global showwarning, _seen
        filters[:], showwarning = self._saved
        _seen = set()
