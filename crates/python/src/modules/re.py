# re for gilscope, written for this project from the documented behaviour of Python
# 3.11's re: compile, search, match, fullmatch, findall, finditer, sub, subn, split,
# escape and purge; Pattern and Match objects with CPython's reprs; re.error with
# CPython's messages and positions. The matching is native (_compile, _search; see re.rs
# for the engine and the few places it differs from CPython's).

__all__ = ["match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
           "compile", "purge", "escape", "error", "Pattern", "Match", "A", "I", "L", "M",
           "S", "X", "U", "ASCII", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL",
           "VERBOSE", "UNICODE", "NOFLAG"]

NOFLAG = 0
IGNORECASE = I = 2
LOCALE = L = 4
MULTILINE = M = 8
DOTALL = S = 16
UNICODE = U = 32
VERBOSE = X = 64
DEBUG = 128
ASCII = A = 256

_FLAG_NAMES = [(IGNORECASE, "re.IGNORECASE"), (LOCALE, "re.LOCALE"),
               (MULTILINE, "re.MULTILINE"), (DOTALL, "re.DOTALL"),
               (UNICODE, "re.UNICODE"), (VERBOSE, "re.VERBOSE"), (DEBUG, "re.DEBUG"),
               (ASCII, "re.ASCII")]


class error(Exception):
    """A pattern or template that is not a valid regular expression."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        self.lineno = None
        self.colno = None
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            newline = "\n" if isinstance(pattern, str) else b"\n"
            self.lineno = pattern.count(newline, 0, pos) + 1
            self.colno = pos - pattern.rfind(newline, 0, pos)
            if newline in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        Exception.__init__(self, msg)



def _is_text(s):
    return isinstance(s, (str, bytes))


class Pattern:
    """A compiled regular expression."""

    def __init__(self, pattern, flags):
        if not _is_text(pattern):
            raise TypeError("first argument must be string or compiled pattern")
        if isinstance(pattern, str):
            if flags & LOCALE:
                raise ValueError("cannot use LOCALE flag with a str pattern")
            if flags & ASCII and flags & UNICODE:
                raise ValueError("ASCII and UNICODE flags are incompatible")
        elif flags & UNICODE:
            raise ValueError("cannot use UNICODE flag with a bytes pattern")
        got = _compile(pattern, flags)
        if got[0] is None:
            if got[1].startswith("unsupported:"):
                _unsupported(got[1][len("unsupported: "):])
            raise error(got[1], pattern, got[2])
        self.pattern = pattern
        self.groups = got[0]
        self.groupindex = dict(got[1])
        self.flags = got[2]
        if isinstance(pattern, str) and not self.flags & ASCII:
            self.flags |= UNICODE
        self._flags = flags

    def __repr__(self):
        text = repr(self.pattern)
        if len(text) > 200:
            text = text[:200]
        flags = self.flags
        if isinstance(self.pattern, str):
            flags &= ~UNICODE
        if not flags:
            return "re.compile(%s)" % text
        names = []
        for bit, name in _FLAG_NAMES:
            if flags & bit:
                names.append(name)
                flags &= ~bit
        if flags:
            names.append(hex(flags))
        return "re.compile(%s, %s)" % (text, "|".join(names))

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def _check(self, string):
        if isinstance(self.pattern, str):
            if not isinstance(string, str):
                if isinstance(string, bytes):
                    raise TypeError("cannot use a string pattern on a bytes-like object")
                raise TypeError("expected string or bytes-like object, got '%s'"
                                % type(string).__name__)
        elif not isinstance(string, bytes):
            if isinstance(string, str):
                raise TypeError("cannot use a bytes pattern on a string-like object")
            raise TypeError("expected string or bytes-like object, got '%s'"
                            % type(string).__name__)

    def _run(self, string, pos, endpos, mode):
        self._check(string)
        n = len(string)
        if endpos is None or endpos > n:
            endpos = n
        if pos < 0:
            pos = 0
        if endpos < 0:
            endpos = 0
        spans = _search(self.pattern, self._flags, string, pos, endpos, mode)
        if spans is None:
            return None
        return Match(self, string, pos, endpos, spans)

    def search(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, 0)

    def match(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, 1)

    def fullmatch(self, string, pos=0, endpos=None):
        return self._run(string, pos, endpos, 2)

    def finditer(self, string, pos=0, endpos=None):
        self._check(string)
        if endpos is None or endpos > len(string):
            endpos = len(string)
        return _Scanner(self, string, pos, endpos)

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self.finditer(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.group(1) or string[:0])
            else:
                out.append(tuple(g or string[:0] for g in m.groups()))
        return out

    def split(self, string, maxsplit=0):
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if maxsplit and n >= maxsplit:
                break
            out.append(_slice(string, last, m.start()))
            out.extend(m.groups())
            last = m.end()
            n += 1
        out.append(_slice(string, last, len(string)))
        return out

    def subn(self, repl, string, count=0):
        if callable(repl):
            expand = repl
        else:
            self._check(repl)
            parts = _template(self, repl)
            if len(parts) == 1 and isinstance(parts[0], (str, bytes)):
                literal = parts[0]
                expand = lambda m: literal
            else:
                expand = lambda m: _expand(m, parts)
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            out.append(_slice(string, last, m.start()))
            piece = expand(m)
            if piece is not None:
                out.append(piece)
            last = m.end()
            n += 1
        out.append(_slice(string, last, len(string)))
        return string[:0].join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def scanner(self, string, pos=0, endpos=None):
        return self.finditer(string, pos, endpos)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class _Scanner:
    """The iterator finditer returns: successive non-overlapping matches."""

    def __init__(self, pattern, string, pos, endpos):
        self._pattern = pattern
        self._string = string
        self._pos = max(pos, 0)
        self._endpos = endpos
        self._done = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._done or self._pos > self._endpos:
            raise StopIteration
        m = self._pattern._run(self._string, self._pos, self._endpos, 0)
        if m is None:
            self._done = True
            raise StopIteration
        start, end = m.span()
        # After an empty match the next search starts one character later.
        self._pos = end + 1 if end == start else end
        return m


def _group_index(pattern, g):
    if isinstance(g, int) and not isinstance(g, bool):
        if 0 <= g <= pattern.groups:
            return g
    elif isinstance(g, str) and g in pattern.groupindex:
        return pattern.groupindex[g]
    raise IndexError("no such group")


class Match:
    """The result of a successful match."""

    def __init__(self, pattern, string, pos, endpos, spans):
        self.re = pattern
        self.string = string
        self.pos = pos
        self.endpos = endpos
        self._spans = spans
        self.lastindex = None
        for g in range(1, pattern.groups + 1):
            end = spans[2 * g + 1]
            if end < 0:
                continue
            last = self.lastindex
            # The group that closed last: the one that ends last; on a tie, the later
            # one unless it is nested in the earlier (which closes after it).
            if (last is None or end > spans[2 * last + 1]
                    or spans[2 * g] >= spans[2 * last + 1]):
                self.lastindex = g
        self.lastgroup = None
        for name, g in pattern.groupindex.items():
            if g == self.lastindex:
                self.lastgroup = name

    def _group(self, g, default=None):
        i = _group_index(self.re, g)
        start = self._spans[2 * i]
        if start < 0:
            return default
        return _slice(self.string, start, self._spans[2 * i + 1])

    def group(self, *groups):
        if not groups:
            return self._group(0)
        if len(groups) == 1:
            return self._group(groups[0])
        return tuple(self._group(g) for g in groups)

    def __getitem__(self, g):
        return self._group(g)

    def groups(self, default=None):
        return tuple(self._group(g, default) for g in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._group(name, default) for name in self.re.groupindex}

    def start(self, group=0):
        return self._spans[2 * _group_index(self.re, group)]

    def end(self, group=0):
        return self._spans[2 * _group_index(self.re, group) + 1]

    def span(self, group=0):
        i = _group_index(self.re, group)
        return (self._spans[2 * i], self._spans[2 * i + 1])

    @property
    def regs(self):
        return tuple((self._spans[2 * i], self._spans[2 * i + 1])
                     for i in range(self.re.groups + 1))

    def expand(self, template):
        return _expand(self, _template(self.re, template))

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=%r, match=%r>" % (self.span(), self.group())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
            "v": "\v", "\\": "\\"}


def _template(pattern, template):
    """`template` as a list of literal pieces and group numbers."""
    is_bytes = isinstance(template, bytes)
    text = template.decode("latin-1") if is_bytes else template
    parts = []
    literal = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        i += 1
        if c != "\\":
            literal.append(c)
            continue
        if i >= n:
            raise error("bad escape (end of pattern)", template, i - 1)
        c = text[i]
        i += 1
        group = None
        if c == "g":
            if i >= n or text[i] != "<":
                raise error("missing <", template, i)
            close = text.find(">", i + 1)
            if close < 0:
                raise error("missing >, unterminated name", template, i + 1)
            name = text[i + 1:close]
            if not name:
                raise error("missing group name", template, i + 1)
            if name.isdigit() and name.isascii():
                group = int(name)
                if group > pattern.groups:
                    raise error("invalid group reference %d" % group, template, i + 1)
            elif name.isidentifier():
                if name not in pattern.groupindex:
                    raise IndexError("unknown group name '%s'" % name)
                group = pattern.groupindex[name]
            else:
                raise error("bad character in group name '%s'" % name, template, i + 1)
            i = close + 1
        elif c == "0":
            digits = c
            while i < n and len(digits) < 3 and text[i] in "01234567":
                digits += text[i]
                i += 1
            literal.append(chr(int(digits, 8)))
        elif c in "123456789":
            start = i - 1
            digits = c
            if i < n and text[i] in "0123456789":
                digits += text[i]
                i += 1
                if (i < n and text[i] in "01234567" and digits[0] in "01234567"
                        and digits[1] in "01234567"):
                    digits += text[i]
                    i += 1
                    value = int(digits, 8)
                    if value > 0o377:
                        raise error("octal escape value \\%s outside of range 0-0o377"
                                    % digits, template, start - 1)
                    literal.append(chr(value))
                    continue
            group = int(digits)
            if group > pattern.groups:
                raise error("invalid group reference %d" % group, template, start)
        elif c in _ESCAPES:
            literal.append(_ESCAPES[c])
        elif c.isascii() and c.isalpha():
            raise error("bad escape \\%s" % c, template, i - 2)
        else:
            literal.append("\\" + c)
        if group is not None:
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(group)
    if literal or not parts:
        parts.append("".join(literal))
    if is_bytes:
        return [p.encode("latin-1") if isinstance(p, str) else p for p in parts]
    return parts


def _expand(m, parts):
    empty = m.string[:0]
    out = []
    for p in parts:
        if isinstance(p, int):
            out.append(m._group(p) or empty)
        else:
            out.append(p)
    return empty.join(out)


_cache = {}


def _compile_cached(pattern, flags):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is None:
        p = Pattern(pattern, flags)
        _cache[key] = p
    return p


def compile(pattern, flags=0):
    return _compile_cached(pattern, flags)


def search(pattern, string, flags=0):
    return _compile_cached(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return _compile_cached(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return _compile_cached(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return _compile_cached(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return _compile_cached(pattern, flags).finditer(string)


def sub(pattern, repl, string, count=0, flags=0):
    return _compile_cached(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return _compile_cached(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return _compile_cached(pattern, flags).split(string, maxsplit)


def purge():
    _cache.clear()


_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"


def escape(pattern):
    if isinstance(pattern, bytes):
        return escape(pattern.decode("latin-1")).encode("latin-1")
    return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
