# tracebacks: cpython
# gilscope's csv, written for this project from the documented behaviour of Python
# 3.11's csv module: reader, writer, DictReader and DictWriter with the default (excel)
# dialect and its delimiter, quotechar, escapechar, doublequote, skipinitialspace,
# lineterminator and quoting parameters.

__all__ = ['QUOTE_MINIMAL', 'QUOTE_ALL', 'QUOTE_NONNUMERIC', 'QUOTE_NONE', 'Error',
           'Dialect', 'excel', 'excel_tab', 'reader', 'writer', 'DictReader',
           'DictWriter', 'register_dialect', 'get_dialect', 'list_dialects',
           'field_size_limit']

QUOTE_MINIMAL = 0
QUOTE_ALL = 1
QUOTE_NONNUMERIC = 2
QUOTE_NONE = 3


class Error(Exception):
    __module__ = '_csv'


class Dialect:
    delimiter = ','
    quotechar = '"'
    escapechar = None
    doublequote = True
    skipinitialspace = False
    lineterminator = '\r\n'
    quoting = QUOTE_MINIMAL
    strict = False


class excel(Dialect):
    pass


class excel_tab(excel):
    delimiter = '\t'


class unix_dialect(Dialect):
    lineterminator = '\n'
    quoting = QUOTE_ALL


_dialects = {'excel': excel, 'excel-tab': excel_tab, 'unix': unix_dialect}
_NAMES = ('delimiter', 'quotechar', 'escapechar', 'doublequote', 'skipinitialspace',
          'lineterminator', 'quoting', 'strict')


def register_dialect(name, dialect=excel, **kw):
    _dialects[name] = _Options(dialect, kw)


def get_dialect(name):
    if name not in _dialects:
        raise Error('unknown dialect')
    return _dialects[name]


def list_dialects():
    return list(_dialects)


def field_size_limit(new_limit=None):
    return 131072


class _Options:
    def __init__(self, dialect, kw):
        if isinstance(dialect, str):
            dialect = get_dialect(dialect)
        for name in _NAMES:
            setattr(self, name, kw.get(name, getattr(dialect, name)))
        for name in kw:
            if name not in _NAMES:
                raise TypeError("'%s' is an invalid keyword argument for this function"
                                % name)
        if not isinstance(self.delimiter, str) or len(self.delimiter) != 1:
            raise TypeError('"delimiter" must be a 1-character string')
        if self.quotechar is not None and (not isinstance(self.quotechar, str)
                                           or len(self.quotechar) != 1):
            raise TypeError('"quotechar" must be a 1-character string')


class _Reader:
    def __init__(self, f, dialect, kw):
        self._lines = iter(f)
        self.dialect = _Options(dialect, kw)
        self.line_num = 0

    def __iter__(self):
        return self

    def _next_line(self):
        line = next(self._lines)
        if not isinstance(line, str):
            raise Error('iterator should return strings, not %s (the file should be '
                        'opened in text mode)' % type(line).__name__)
        self.line_num += 1
        return line

    def __next__(self):
        d = self.dialect
        line = self._next_line()
        if line in ('\n', '\r\n', '\r'):
            return []
        if ((d.quotechar is None or d.quotechar not in line)
                and (d.escapechar is None or d.escapechar not in line)
                and '\r' not in line.rstrip('\r\n')):
            # No quoting on the line: split it at once, as the C reader would be quick to.
            fields = line.rstrip('\r\n').split(d.delimiter)
            if d.skipinitialspace:
                fields = [f.lstrip(' ') for f in fields]
            return [self._value(f, False) for f in fields]
        fields = []
        field = []
        quoted = False
        in_quotes = False
        start = True
        i = 0
        while True:
            if i >= len(line):
                if in_quotes:
                    try:
                        line = self._next_line()
                    except StopIteration:
                        if d.strict:
                            raise Error('unexpected end of data') from None
                        break
                    i = 0
                    continue
                break
            c = line[i]
            if in_quotes:
                if c == d.escapechar and i + 1 < len(line):
                    field.append(line[i + 1])
                    i += 2
                    continue
                if c == d.quotechar:
                    if d.doublequote and line[i + 1:i + 2] == d.quotechar:
                        field.append(c)
                        i += 2
                        continue
                    in_quotes = False
                    i += 1
                    continue
                field.append(c)
                i += 1
                continue
            if c == d.delimiter:
                fields.append(self._value(''.join(field), quoted))
                field = []
                quoted = False
                start = True
                i += 1
                if d.skipinitialspace:
                    while i < len(line) and line[i] == ' ':
                        i += 1
                continue
            if c in '\r\n':
                i += 1
                continue
            if start and c == d.quotechar and d.quoting != QUOTE_NONE:
                in_quotes = True
                quoted = True
                start = False
                i += 1
                continue
            if c == d.escapechar and i + 1 < len(line):
                field.append(line[i + 1])
                i += 2
                start = False
                continue
            field.append(c)
            start = False
            i += 1
        fields.append(self._value(''.join(field), quoted))
        return fields

    def _value(self, text, quoted):
        if self.dialect.quoting == QUOTE_NONNUMERIC and not quoted:
            if text == '':
                return text
            return float(text)
        return text


def reader(f, dialect='excel', **kw):
    return _Reader(f, dialect, kw)


class _Writer:
    def __init__(self, f, dialect, kw):
        self._f = f
        self.dialect = _Options(dialect, kw)

    def _field(self, value, only):
        d = self.dialect
        if value is None:
            text = ''
        elif isinstance(value, float):
            text = repr(value)
        else:
            text = str(value)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if d.quoting == QUOTE_ALL or (d.quoting == QUOTE_NONNUMERIC and not numeric):
            quote = True
        else:
            quote = (d.quoting == QUOTE_MINIMAL
                     and ((only and text == '')
                          or any(c in text for c in (d.delimiter, '\r', '\n'))
                          or (d.quotechar is not None and d.quotechar in text)))
        if d.quoting == QUOTE_NONE:
            for c in (d.delimiter, '\r', '\n', d.quotechar):
                if c and c in text:
                    if d.escapechar is None:
                        raise Error('need to escape, but no escapechar set')
                    text = text.replace(c, d.escapechar + c)
            return text
        if d.quotechar is not None and d.quotechar in text:
            if d.doublequote:
                text = text.replace(d.quotechar, d.quotechar * 2)
            elif d.escapechar is not None:
                text = text.replace(d.quotechar, d.escapechar + d.quotechar)
            else:
                raise Error('need to escape, but no escapechar set')
        if quote:
            return d.quotechar + text + d.quotechar
        return text

    def writerow(self, row):
        try:
            items = list(row)
        except TypeError:
            raise Error('iterable expected, not %s' % type(row).__name__) from None
        only = len(items) == 1
        line = self.dialect.delimiter.join(self._field(v, only) for v in items)
        line += self.dialect.lineterminator
        return self._f.write(line)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(f, dialect='excel', **kw):
    return _Writer(f, dialect, kw)


class DictReader:
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, dialect='excel',
                 *args, **kw):
        self._fieldnames = fieldnames
        self.restkey = restkey
        self.restval = restval
        self.reader = reader(f, dialect, *args, **kw)
        self.dialect = dialect
        self.line_num = 0

    def __iter__(self):
        return self

    @property
    def fieldnames(self):
        if self._fieldnames is None:
            try:
                self._fieldnames = next(self.reader)
            except StopIteration:
                pass
        self.line_num = self.reader.line_num
        return self._fieldnames

    @fieldnames.setter
    def fieldnames(self, value):
        self._fieldnames = value

    def __next__(self):
        if self.line_num == 0:
            self.fieldnames
        row = next(self.reader)
        self.line_num = self.reader.line_num
        while row == []:
            row = next(self.reader)
        names = self.fieldnames
        d = dict(zip(names, row))
        lf = len(names)
        lr = len(row)
        if lf < lr:
            d[self.restkey] = row[lf:]
        elif lf > lr:
            for key in names[lr:]:
                d[key] = self.restval
        return d


class DictWriter:
    def __init__(self, f, fieldnames, restval='', extrasaction='raise', dialect='excel',
                 *args, **kw):
        self.fieldnames = fieldnames
        self.restval = restval
        if extrasaction.lower() not in ('raise', 'ignore'):
            raise ValueError("extrasaction (%s) must be 'raise' or 'ignore'" % extrasaction)
        self.extrasaction = extrasaction
        self.writer = writer(f, dialect, *args, **kw)

    def writeheader(self):
        header = dict(zip(self.fieldnames, self.fieldnames))
        return self.writerow(header)

    def _row(self, rowdict):
        if self.extrasaction == 'raise':
            wrong = [k for k in rowdict if k not in self.fieldnames]
            if wrong:
                raise ValueError('dict contains fields not in fieldnames: '
                                 + ', '.join([repr(x) for x in wrong]))
        return [rowdict.get(key, self.restval) for key in self.fieldnames]

    def writerow(self, rowdict):
        return self.writer.writerow(self._row(rowdict))

    def writerows(self, rowdicts):
        return self.writer.writerows(self._row(r) for r in rowdicts)


class Sniffer:
    def __init__(self):
        _unsupported('csv.Sniffer')
