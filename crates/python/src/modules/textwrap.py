# textwrap for gilscope, written for this project from the documented behaviour of
# Python 3.11's textwrap: wrap, fill, shorten, dedent, indent and TextWrapper. Text is
# cut into chunks (runs of whitespace, and words split after the hyphen of a hyphenated
# word) and the chunks are packed into lines the way CPython's TextWrapper packs them.
# fix_sentence_endings is not simulated.

__all__ = ["TextWrapper", "wrap", "fill", "dedent", "indent", "shorten"]


def _set_all(obj, **values):
    """Sets each keyword as an attribute of `obj`."""
    for name, value in values.items():
        setattr(obj, name, value)


_whitespace = "\t\n\x0b\x0c\r "


class TextWrapper:
    def __init__(self, width=70, initial_indent="", subsequent_indent="",
                 expand_tabs=True, replace_whitespace=True, fix_sentence_endings=False,
                 break_long_words=True, drop_whitespace=True, break_on_hyphens=True,
                 tabsize=8, *, max_lines=None, placeholder=" [...]"):
        _set_all(
            self,
            width=width,
            initial_indent=initial_indent,
            subsequent_indent=subsequent_indent,
            expand_tabs=expand_tabs,
            replace_whitespace=replace_whitespace,
            fix_sentence_endings=fix_sentence_endings,
            break_long_words=break_long_words,
            drop_whitespace=drop_whitespace,
            break_on_hyphens=break_on_hyphens,
            tabsize=tabsize,
            max_lines=max_lines,
            placeholder=placeholder,
        )

    def _chunks(self, text):
        """Runs of blanks and words (a hyphenated word in pieces ending at its hyphens)."""
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize)
        if self.replace_whitespace:
            text = "".join(" " if c in _whitespace else c for c in text)
        out = []
        start = 0
        while start < len(text):
            blank = text[start] in _whitespace
            stop = start + 1
            while stop < len(text) and (text[stop] in _whitespace) == blank:
                stop += 1
            piece = text[start:stop]
            out.extend([piece] if blank else self._word_pieces(piece))
            start = stop
        return out

    def _word_pieces(self, word):
        if not self.break_on_hyphens:
            return [word]
        pieces = []
        cut = 0
        for at in range(2, len(word) - 2):
            # Two letters before the hyphen; a letter, maybe a hyphen, a letter after.
            after = word[at + 1:at + 4]
            if after[1:2] == "-":
                after = after[0] + after[2:]
            if word[at] == "-" and word[at - 2:at].isalpha() and after[:2].isalpha() \
                    and len(after) >= 2:
                pieces.append(word[cut:at + 1])
                cut = at + 1
        return pieces + [word[cut:]]

    def _cut_long(self, todo, line, used, room):
        """Puts the part of the over-long chunk on top of `todo` that fits into `line`."""
        big = todo[-1]
        if not self.break_long_words:
            if not line:
                line.append(todo.pop())
            return
        take = room - used if room >= 1 else 1
        if self.break_on_hyphens and len(big) > take:
            dash = big.rfind("-", 0, take)
            if dash > 0 and big[:dash].strip("-"):
                take = dash + 1
        line.append(big[:take])
        todo[-1] = big[take:]

    def _pack(self, chunks):
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        ph = self.placeholder
        if self.max_lines is not None:
            first = self.subsequent_indent if self.max_lines > 1 else self.initial_indent
            if len(first) + len(ph.lstrip()) > self.width:
                raise ValueError("placeholder too large for max width")
        todo = chunks[::-1]
        lines = []
        while todo:
            prefix = self.subsequent_indent if lines else self.initial_indent
            room = self.width - len(prefix)
            if lines and self.drop_whitespace and not todo[-1].strip():
                todo.pop()
            line = []
            used = 0
            while todo and used + len(todo[-1]) <= room:
                used += len(todo[-1])
                line.append(todo.pop())
            if todo and len(todo[-1]) > room:
                self._cut_long(todo, line, used, room)
                used = sum(len(piece) for piece in line)
            if line and self.drop_whitespace and not line[-1].strip():
                used -= len(line.pop())
            if not line:
                continue
            fits = self.max_lines is None or len(lines) + 1 < self.max_lines
            nothing_left = not todo or (self.drop_whitespace and len(todo) == 1
                                        and not todo[0].strip())
            if fits or (nothing_left and used <= room):
                lines.append(prefix + "".join(line))
                continue
            return self._truncated(lines, line, used, room, prefix)
        return lines

    def _truncated(self, lines, line, used, room, prefix):
        """The lines with the placeholder where the text no longer fits max_lines."""
        ph = self.placeholder
        while line:
            if line[-1].strip() and used + len(ph) <= room:
                return lines + [prefix + "".join(line) + ph]
            used -= len(line.pop())
        if lines and len(lines[-1].rstrip()) + len(ph) <= self.width:
            return lines[:-1] + [lines[-1].rstrip() + ph]
        return lines + [prefix + ph.lstrip()]

    def wrap(self, text):
        return self._pack(self._chunks(text))

    def fill(self, text):
        return "\n".join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    w = TextWrapper(width=width, max_lines=1, **kwargs)
    return w.fill(" ".join(text.strip().split()))


def _leading(line):
    n = 0
    while n < len(line) and line[n] in " \t":
        n += 1
    return line[:n]


def dedent(text):
    lines = text.split("\n")
    # Lines of only blanks and tabs become empty; they set no margin.
    lines = ["" if line.strip(" \t") == "" else line for line in lines]
    margin = None
    for line in lines:
        if not line:
            continue
        lead = _leading(line)
        if margin is None:
            margin = lead
        elif lead.startswith(margin):
            pass
        elif margin.startswith(lead):
            margin = lead
        else:
            common = 0
            while common < len(margin) and common < len(lead) and margin[common] == lead[common]:
                common += 1
            margin = margin[:common]
    if margin:
        lines = [line[len(margin):] if line else line for line in lines]
    return "\n".join(lines)


def indent(text, prefix, predicate=None):
    if predicate is None:
        def predicate(line):
            return line.strip()
    return "".join(prefix + line if predicate(line) else line
                   for line in text.splitlines(True))
