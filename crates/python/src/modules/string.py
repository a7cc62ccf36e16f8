# string for gilscope: the constants, capwords and Template ($name substitution),
# written in Python on gilscope's VM.

# The character classes, built from their ASCII code ranges (the loops are C-level
# built-ins, so importing the module stays cheap).
digits = "".join(map(chr, range(48, 58)))
octdigits = digits[:8]
ascii_lowercase = "".join(map(chr, range(97, 123)))
ascii_uppercase = ascii_lowercase.upper()
ascii_letters = ascii_lowercase + ascii_uppercase
hexdigits = digits + ascii_lowercase[:6] + ascii_uppercase[:6]
# Every printable ASCII character that is neither a letter, a digit nor a space.
punctuation = "".join(map(chr, [*range(33, 48), *range(58, 65), *range(91, 97),
                                *range(123, 127)]))
whitespace = " \t\n\r\x0b\x0c"
printable = "".join((digits, ascii_letters, punctuation, whitespace))


def capwords(s, sep=None):
    return (sep or ' ').join(word.capitalize() for word in s.split(sep))


def _is_ident_start(c):
    return c == '_' or c in ascii_letters


def _is_ident_char(c):
    return c == '_' or c in ascii_letters or c in digits


class Template:
    delimiter = '$'

    def __init__(self, template):
        self.template = template

    def _invalid(self, i):
        lines = self.template[:i].split('\n')
        raise ValueError(f"Invalid placeholder in string: line {len(lines)}, col {len(lines[-1]) + 1}")

    def _scan(self, mapping, safe):
        t = self.template
        out = []
        i = 0
        n = len(t)
        while i < n:
            c = t[i]
            if c != self.delimiter:
                out.append(c)
                i += 1
                continue
            if i + 1 < n and t[i + 1] == self.delimiter:
                out.append(self.delimiter)
                i += 2
                continue
            braced = i + 1 < n and t[i + 1] == '{'
            j = i + 2 if braced else i + 1
            k = j
            if k < n and _is_ident_start(t[k]):
                k += 1
                while k < n and _is_ident_char(t[k]):
                    k += 1
            name = t[j:k]
            if not name or (braced and (k >= n or t[k] != '}')):
                if safe:
                    out.append(c)
                    i += 1
                    continue
                self._invalid(i)
            end = k + 1 if braced else k
            if name in mapping:
                out.append(str(mapping[name]))
            elif safe:
                out.append(t[i:end])
            else:
                raise KeyError(name)
            i = end
        return ''.join(out)

    def substitute(self, mapping=None, /, **kws):
        values = dict(mapping or {})
        values.update(kws)
        return self._scan(values, False)

    def safe_substitute(self, mapping=None, /, **kws):
        values = dict(mapping or {})
        values.update(kws)
        return self._scan(values, True)

    def get_identifiers(self):
        found = []
        for name in _names(self.template, self.delimiter):
            if name not in found:
                found.append(name)
        return found

    def is_valid(self):
        try:
            self._scan({}, False)
        except KeyError:
            pass
        except ValueError:
            return False
        return True


def _names(t, delim):
    i = 0
    while i < len(t):
        if t[i] == delim and i + 1 < len(t):
            if t[i + 1] == delim:
                i += 2
                continue
            j = i + 2 if t[i + 1] == '{' else i + 1
            k = j
            while k < len(t) and _is_ident_char(t[k]) and (k > j or _is_ident_start(t[k])):
                k += 1
            if k > j:
                yield t[j:k]
            i = k
        else:
            i += 1
