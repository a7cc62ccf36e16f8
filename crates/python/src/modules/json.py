# json for gilscope, written for this project from the documented behaviour of Python
# 3.11's json: dumps/loads (and dump/load over an object with write()/read()), with
# indent, separators, sort_keys, default, ensure_ascii, allow_nan, the object and number
# hooks, JSONEncoder/JSONDecoder, and JSONDecodeError with CPython's messages and
# positions. Output is the text CPython's encoder writes.

__all__ = ["dump", "dumps", "load", "loads", "JSONDecoder", "JSONDecodeError",
           "JSONEncoder"]


def _set_all(obj, **values):
    """Sets each keyword as an attribute of `obj`."""
    for name, value in values.items():
        setattr(obj, name, value)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}


def _quote(s, ensure_ascii):
    out = ['"']
    for c in s:
        e = _ESCAPES.get(c)
        if e is not None:
            out.append(e)
            continue
        n = ord(c)
        if n < 0x20:
            out.append("\\u%04x" % n)
        elif ensure_ascii and n > 0x7E:
            if n > 0xFFFF:
                n -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 | (n >> 10), 0xDC00 | (n & 0x3FF)))
            else:
                out.append("\\u%04x" % n)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


class JSONEncoder:
    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True,
                 allow_nan=True, sort_keys=False, indent=None, separators=None,
                 default=None):
        _set_all(self, skipkeys=skipkeys, ensure_ascii=ensure_ascii,
                             check_circular=check_circular, allow_nan=allow_nan,
                             sort_keys=sort_keys, indent=indent)
        if separators:
            self.item_separator = separators[0]
            self.key_separator = separators[1]
        elif indent is not None:
            self.item_separator = ","
        if default:
            self.default = default

    def default(self, o):
        raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")

    def encode(self, o):
        return "".join(self.iterencode(o))

    def _float(self, o):
        if o != o:
            text = "NaN"
        elif o == float("inf"):
            text = "Infinity"
        elif o == -float("inf"):
            text = "-Infinity"
        else:
            return float.__repr__(o)
        if not self.allow_nan:
            raise ValueError("Out of range float values are not JSON compliant")
        return text

    def iterencode(self, o, _one_shot=False):
        indent = self.indent
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        markers = {} if self.check_circular else None
        out = []
        self._encode(o, out, markers, indent, 0)
        return out

    def _key(self, key):
        if isinstance(key, str):
            return key
        if isinstance(key, float):
            return self._float(key)
        if key is True:
            return "true"
        if key is False:
            return "false"
        if key is None:
            return "null"
        if isinstance(key, int):
            return int.__repr__(key)
        if self.skipkeys:
            return None
        raise TypeError(f"keys must be str, int, float, bool or None, "
                        f"not {key.__class__.__name__}")

    def _encode(self, o, out, markers, indent, level):
        if isinstance(o, str):
            out.append(_quote(o, self.ensure_ascii))
        elif o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, int):
            out.append(int.__repr__(o))
        elif isinstance(o, float):
            out.append(self._float(o))
        elif isinstance(o, (list, tuple)):
            if not o:
                out.append("[]")
                return
            self._enter(o, markers)
            out.append("[")
            sep = self.item_separator
            if indent is not None:
                level += 1
                newline = "\n" + indent * level
                sep = sep + newline
                out.append(newline)
            first = True
            for v in o:
                if not first:
                    out.append(sep)
                first = False
                self._encode(v, out, markers, indent, level)
            if indent is not None:
                level -= 1
                out.append("\n" + indent * level)
            out.append("]")
            self._leave(o, markers)
        elif isinstance(o, dict):
            if not o:
                out.append("{}")
                return
            self._enter(o, markers)
            out.append("{")
            sep = self.item_separator
            if indent is not None:
                level += 1
                newline = "\n" + indent * level
                sep = sep + newline
                out.append(newline)
            items = list(o.items())
            if self.sort_keys:
                items = sorted(items)
            first = True
            for k, v in items:
                key = self._key(k)
                if key is None:
                    continue
                if not first:
                    out.append(sep)
                first = False
                out.append(_quote(key, self.ensure_ascii))
                out.append(self.key_separator)
                self._encode(v, out, markers, indent, level)
            if indent is not None:
                level -= 1
                out.append("\n" + indent * level)
            out.append("}")
            self._leave(o, markers)
        else:
            self._enter(o, markers)
            self._encode(self.default(o), out, markers, indent, level)
            self._leave(o, markers)

    def _enter(self, o, markers):
        if markers is not None:
            if id(o) in markers:
                raise ValueError("Circular reference detected")
            markers[id(o)] = o

    def _leave(self, o, markers):
        if markers is not None:
            del markers[id(o)]


class JSONDecodeError(ValueError):
    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__("%s: line %d column %d (char %d)" % (msg, lineno, colno, pos))
        _set_all(self, msg=msg, doc=doc, pos=pos, lineno=lineno, colno=colno)


_WS = " \t\n\r"
_UNESCAPE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
             "t": "\t"}
_CONSTANTS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None,
                 parse_constant=None, strict=True, object_pairs_hook=None):
        _set_all(self, object_hook=object_hook, strict=strict,
                             object_pairs_hook=object_pairs_hook)
        self.parse_float = float if parse_float is None else parse_float
        self.parse_int = int if parse_int is None else parse_int
        self.parse_constant = parse_constant or (lambda name: _CONSTANTS[name])

    def decode(self, s):
        obj, end = self.raw_decode(s, self._skip(s, 0))
        end = self._skip(s, end)
        if end < len(s):
            raise JSONDecodeError("Extra data", s, end)
        return obj

    def raw_decode(self, s, idx=0):
        return self._value(s, idx)

    def _skip(self, s, i):
        while i < len(s) and s[i] in _WS:
            i += 1
        return i

    def _value(self, s, i):
        if i >= len(s):
            raise JSONDecodeError("Expecting value", s, i)
        c = s[i]
        if c == '"':
            return self._string(s, i + 1)
        if c == "{":
            return self._object(s, i + 1)
        if c == "[":
            return self._array(s, i + 1)
        if s.startswith("null", i):
            return None, i + 4
        if s.startswith("true", i):
            return True, i + 4
        if s.startswith("false", i):
            return False, i + 5
        for name in ("NaN", "Infinity", "-Infinity"):
            if s.startswith(name, i):
                return self.parse_constant(name), i + len(name)
        return self._number(s, i)

    def _number(self, s, i):
        j = i
        if j < len(s) and s[j] == "-":
            j += 1
        if j < len(s) and s[j] == "0":
            j += 1
        elif j < len(s) and "1" <= s[j] <= "9":
            while j < len(s) and s[j].isdigit():
                j += 1
        else:
            raise JSONDecodeError("Expecting value", s, i)
        is_float = False
        if j + 1 < len(s) and s[j] == "." and s[j + 1].isdigit():
            is_float = True
            j += 1
            while j < len(s) and s[j].isdigit():
                j += 1
        if j < len(s) and s[j] in "eE":
            k = j + 1
            if k < len(s) and s[k] in "+-":
                k += 1
            if k < len(s) and s[k].isdigit():
                is_float = True
                j = k
                while j < len(s) and s[j].isdigit():
                    j += 1
        text = s[i:j]
        if is_float:
            return self.parse_float(text), j
        return self.parse_int(text), j

    def _string(self, s, i):
        begin = i - 1
        chunks = []
        while True:
            j = i
            while j < len(s) and s[j] != '"' and s[j] != "\\":
                if self.strict and ord(s[j]) < 0x20:
                    raise JSONDecodeError("Invalid control character at", s, j)
                j += 1
            if j >= len(s):
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            chunks.append(s[i:j])
            if s[j] == '"':
                return "".join(chunks), j + 1
            if j + 1 >= len(s):
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            esc = s[j + 1]
            if esc == "u":
                code = self._hex4(s, j + 2, j)
                i = j + 6
                if 0xD800 <= code <= 0xDBFF and s.startswith("\\u", i):
                    low = self._hex4(s, i + 2, i)
                    if 0xDC00 <= low <= 0xDFFF:
                        code = 0x10000 + (((code - 0xD800) << 10) | (low - 0xDC00))
                        i += 6
                chunks.append(chr(code))
            else:
                ch = _UNESCAPE.get(esc)
                if ch is None:
                    raise JSONDecodeError("Invalid \\escape: {0!r}".format(esc), s, j)
                chunks.append(ch)
                i = j + 2

    def _hex4(self, s, i, at):
        h = s[i:i + 4]
        if len(h) == 4 and all(c in "0123456789abcdefABCDEF" for c in h):
            return int(h, 16)
        raise JSONDecodeError("Invalid \\uXXXX escape", s, at)

    def _object(self, s, i):
        pairs = []
        i = self._skip(s, i)
        if i < len(s) and s[i] == "}":
            return self._finish_object(pairs), i + 1
        while True:
            if i >= len(s) or s[i] != '"':
                raise JSONDecodeError(
                    "Expecting property name enclosed in double quotes", s, i)
            key, i = self._string(s, i + 1)
            i = self._skip(s, i)
            if i >= len(s) or s[i] != ":":
                raise JSONDecodeError("Expecting ':' delimiter", s, i)
            i = self._skip(s, i + 1)
            value, i = self._value(s, i)
            pairs.append((key, value))
            i = self._skip(s, i)
            if i < len(s) and s[i] == "}":
                return self._finish_object(pairs), i + 1
            if i >= len(s) or s[i] != ",":
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self._skip(s, i + 1)

    def _finish_object(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        obj = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(obj)
        return obj

    def _array(self, s, i):
        values = []
        i = self._skip(s, i)
        if i < len(s) and s[i] == "]":
            return values, i + 1
        while True:
            value, i = self._value(s, i)
            values.append(value)
            i = self._skip(s, i)
            if i < len(s) and s[i] == "]":
                return values, i + 1
            if i >= len(s) or s[i] != ",":
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self._skip(s, i + 1)


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
          cls=None, indent=None, separators=None, default=None, sort_keys=False, **kw):
    options = {
        "skipkeys": skipkeys,
        "ensure_ascii": ensure_ascii,
        "check_circular": check_circular,
        "allow_nan": allow_nan,
        "indent": indent,
        "separators": separators,
        "default": default,
        "sort_keys": sort_keys,
    }
    options.update(kw)
    return (cls or JSONEncoder)(**options).encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


def loads(s, *, cls=None, **kw):
    if not isinstance(s, str):
        raise TypeError(f"the JSON object must be str, bytes or bytearray, "
                        f"not {s.__class__.__name__}")
    return (cls or JSONDecoder)(**kw).decode(s)


def load(fp, **kw):
    return loads(fp.read(), **kw)
