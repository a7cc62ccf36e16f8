# pprint for gilscope, written for this project from the documented behaviour of
# Python 3.11: pprint, pformat, pp, saferepr, isreadable, isrecursive and PrettyPrinter.
# dicts, lists, tuples, sets, frozensets and long strings are laid out over several
# lines the way Python 3.11 lays them out; every other value is printed with its repr.
#
# Two renderings: the flat one (`format`, one line, honouring depth and recursion) and
# the laid-out one (`_emit`), which writes a value flat when it fits in the room left on
# its line and otherwise breaks it up, one element per line. The laid-out text goes to
# the stream in the same pieces as in CPython, so threads printing at once interleave
# alike.
import sys

# Characters str.splitlines() breaks a line after ("\r\n" counts as one break).
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _lines_with_ends(text):
    lines = []
    start = 0
    pos = 0
    size = len(text)
    while pos < size:
        ch = text[pos]
        pos += 1
        if ch in _LINE_BREAKS:
            if ch == "\r" and pos < size and text[pos] == "\n":
                pos += 1
            lines.append(text[start:pos])
            start = pos
    if start < size:
        lines.append(text[start:])
    return lines


def _words(line):
    # Splits a line into pieces that each end with the blanks following a word.
    pieces = []
    start = 0
    size = len(line)
    while start < size:
        end = start
        while end < size and not line[end].isspace():
            end += 1
        while end < size and line[end].isspace():
            end += 1
        pieces.append(line[start:end])
        start = end
    return pieces


def _string_chunks(text, room, allowance):
    # The reprs of the pieces a long string is cut into: whole lines when they fit,
    # otherwise runs of words. The very last piece also leaves `allowance` columns free.
    chunks = []
    lines = _lines_with_ends(text)
    last_line = len(lines) - 1
    for row, line in enumerate(lines):
        whole = repr(line)
        if len(whole) <= (room - allowance if row == last_line else room):
            chunks.append(whole)
            continue
        words = _words(line)
        last_word = len(words) - 1
        pending = ""
        for col, word in enumerate(words):
            limit = room
            if row == last_line and col == last_word:
                limit -= allowance
            longer = pending + word
            if len(repr(longer)) <= limit:
                pending = longer
            else:
                if pending:
                    chunks.append(repr(pending))
                pending = word
        if pending:
            chunks.append(repr(pending))
    return chunks


class _Collector:
    def __init__(self):
        self.pieces = []

    def write(self, text):
        self.pieces.append(text)

    def text(self):
        return "".join(self.pieces)


class _SortKey:
    # Orders values of any types: by `<` where it works, else by type name and id.
    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        mine, theirs = self.value, other.value
        try:
            return mine < theirs
        except TypeError:
            return (str(type(mine)), id(mine)) < (str(type(theirs)), id(theirs))


def _pair_key(pair):
    return _SortKey(pair[0]), _SortKey(pair[1])


def _recursion(obj):
    return f"<Recursion on {type(obj).__name__} with id={id(obj)}>"


# Flat renderings of the containers: opening text, closing text.
_BRACKETS = {dict: ("{", "}"), list: ("[", "]"), tuple: ("(", ")")}


class PrettyPrinter:
    def __init__(self, indent=1, width=80, depth=None, stream=None, *,
                 compact=False, sort_dicts=True, underscore_numbers=False):
        step, width = int(indent), int(width)
        if step < 0:
            raise ValueError("indent must be >= 0")
        if depth is not None and depth <= 0:
            raise ValueError("depth must be > 0")
        if not width:
            raise ValueError("width must be != 0")
        self._indent_per_level = step
        self._width = width
        self._depth = depth
        self._stream = sys.stdout if stream is None else stream
        self._compact, self._sort_dicts = bool(compact), sort_dicts
        self._underscore_numbers = underscore_numbers

    # -- public API --

    def pprint(self, object):
        out = self._stream
        if out is not None:
            self._emit(object, out, 0, 0, {}, 0)
            out.write("\n")

    def pformat(self, object):
        sink = _Collector()
        self._emit(object, sink, 0, 0, {}, 0)
        return sink.text()

    def isrecursive(self, object):
        return self.format(object, {}, 0, 0)[2]

    def isreadable(self, object):
        _, readable, recursive = self.format(object, {}, 0, 0)
        return readable and not recursive

    def format(self, object, context, maxlevels, level):
        # (text, readable, recursive) for `object` on one line. `context` holds the ids
        # of the containers being rendered around it; `maxlevels` 0 or None: no limit.
        return self._flat(object, context, maxlevels, level)

    # -- one-line rendering --

    def _safe_repr(self, object, context, maxlevels, level):
        # The name CPython's PrettyPrinter gives its one-line renderer (subclasses and
        # pyperformance's pprint benchmark call it).
        return self._flat(object, context, maxlevels, level)

    def _ordered_items(self, mapping):
        if self._sort_dicts:
            return sorted(mapping.items(), key=_pair_key)
        return mapping.items()

    def _flat(self, obj, context, maxlevels, level):
        kind = type(obj)
        if kind is int and self._underscore_numbers:
            return f"{obj:_d}", True, False
        brackets = _BRACKETS.get(kind)
        if brackets is None:
            # Readable: a repr that eval() could read back (not "<...>", not empty).
            text = repr(obj)
            return text, (not text.startswith("<")) if text else text, False
        if not obj:
            return repr(obj), True, False
        opening, closing = brackets
        if kind is tuple and len(obj) == 1:
            closing = ",)"
        key = id(obj)
        if maxlevels and level >= maxlevels:
            return opening + "..." + closing, False, key in context
        if key in context:
            return _recursion(obj), False, True
        context[key] = 1
        level += 1
        all_readable, any_recursive = True, False
        shown = []
        if kind is dict:
            for k, v in self._ordered_items(obj):
                k_text, k_ok, k_rec = self.format(k, context, maxlevels, level)
                v_text, v_ok, v_rec = self.format(v, context, maxlevels, level)
                shown.append(k_text + ": " + v_text)
                all_readable = all_readable and k_ok and v_ok
                any_recursive = any_recursive or k_rec or v_rec
        else:
            for item in obj:
                text, ok, rec = self.format(item, context, maxlevels, level)
                shown.append(text)
                all_readable = all_readable and ok
                any_recursive = any_recursive or rec
        del context[key]
        return opening + ", ".join(shown) + closing, all_readable, any_recursive

    def _repr(self, obj, context, level):
        return self.format(obj, dict(context), self._depth, level)[0]

    # -- laid-out rendering --

    def _emit(self, obj, stream, indent, allowance, context, level):
        key = id(obj)
        if key in context:
            stream.write(_recursion(obj))
            return
        text = self._repr(obj, context, level)
        layout = _LAYOUTS.get(type(obj))
        if layout is None or len(text) <= self._width - indent - allowance:
            stream.write(text)
            return
        context[key] = 1
        layout(self, obj, stream, indent, allowance, context, level + 1)
        del context[key]

    def _lay_out_dict(self, mapping, stream, indent, allowance, context, level):
        stream.write("{")
        step = self._indent_per_level
        if step > 1:
            stream.write(" " * (step - 1))
        if not mapping:
            stream.write("}")
            return
        pairs = list(self._ordered_items(mapping))
        column = indent + step
        newline = ",\n" + " " * column
        last = len(pairs) - 1
        for n, (k, v) in enumerate(pairs):
            k_text = self._repr(k, context, level)
            stream.write(k_text)
            stream.write(": ")
            tail = allowance + 1 if n == last else 1
            self._emit(v, stream, column + len(k_text) + 2, tail, context, level)
            if n != last:
                stream.write(newline)
        stream.write("}")

    def _lay_out_list(self, items, stream, indent, allowance, context, level):
        stream.write("[")
        self._lay_out_items(items, stream, indent, allowance + 1, context, level)
        stream.write("]")

    def _lay_out_tuple(self, items, stream, indent, allowance, context, level):
        closing = ",)" if len(items) == 1 else ")"
        stream.write("(")
        self._lay_out_items(items, stream, indent, allowance + len(closing), context, level)
        stream.write(closing)

    def _lay_out_set(self, items, stream, indent, allowance, context, level):
        if not items:
            stream.write(repr(items))
            return
        if type(items) is set:
            opening, closing = "{", "}"
        else:
            opening, closing = "frozenset({", "})"
            indent += len("frozenset") + 1
        stream.write(opening)
        ordered = sorted(items, key=_SortKey)
        self._lay_out_items(ordered, stream, indent, allowance + len(closing), context, level)
        stream.write(closing)

    def _lay_out_str(self, text, stream, indent, allowance, context, level):
        if not text:
            stream.write(repr(text))
            return
        outermost = level == 1
        if outermost:
            indent += 1
            allowance += 1
        chunks = _string_chunks(text, self._width - indent, allowance)
        if len(chunks) == 1:
            stream.write(chunks[0])
            return
        if outermost:
            stream.write("(")
        newline = "\n" + " " * indent
        for n, chunk in enumerate(chunks):
            if n:
                stream.write(newline)
            stream.write(chunk)
        if outermost:
            stream.write(")")

    def _lay_out_items(self, items, stream, indent, allowance, context, level):
        # One element per line; with compact=True, as many short elements per line as fit.
        step = self._indent_per_level
        if step > 1:
            stream.write(" " * (step - 1))
        indent += step
        newline = ",\n" + " " * indent
        line_room = self._width - indent + 1
        left = line_room
        last = len(items) - 1
        separator = ""
        for n, item in enumerate(items):
            if n == last:
                line_room -= allowance
                left -= allowance
            if self._compact:
                text = self._repr(item, context, level)
                needed = len(text) + 2
                if left < needed:
                    left = line_room
                    if separator:
                        separator = newline
                if left >= needed:
                    left -= needed
                    stream.write(separator)
                    stream.write(text)
                    separator = ", "
                    continue
            stream.write(separator)
            separator = newline
            self._emit(item, stream, indent, allowance if n == last else 1, context, level)


_LAYOUTS = {
    dict: PrettyPrinter._lay_out_dict,
    list: PrettyPrinter._lay_out_list,
    tuple: PrettyPrinter._lay_out_tuple,
    set: PrettyPrinter._lay_out_set,
    frozenset: PrettyPrinter._lay_out_set,
    str: PrettyPrinter._lay_out_str,
}


def pformat(object, indent=1, width=80, depth=None, *,
            compact=False, sort_dicts=True, underscore_numbers=False):
    printer = PrettyPrinter(indent=indent, width=width, depth=depth, compact=compact,
                            sort_dicts=sort_dicts, underscore_numbers=underscore_numbers)
    return printer.pformat(object)


def pprint(object, stream=None, indent=1, width=80, depth=None, *,
           compact=False, sort_dicts=True, underscore_numbers=False):
    PrettyPrinter(indent=indent, width=width, depth=depth, stream=stream, compact=compact,
                  sort_dicts=sort_dicts, underscore_numbers=underscore_numbers).pprint(object)


def pp(object, *args, sort_dicts=False, **kwargs):
    pprint(object, *args, sort_dicts=sort_dicts, **kwargs)


def _plain_flat(object):
    return PrettyPrinter().format(object, {}, None, 0)


def saferepr(object):
    return _plain_flat(object)[0]


def isreadable(object):
    return _plain_flat(object)[1]


def isrecursive(object):
    return _plain_flat(object)[2]
