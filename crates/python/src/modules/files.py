# tracebacks: cpython
# gilscope's files (module _gilscope_files), written for this project from the documented
# behaviour of Python 3.11's open(), io's file objects, os.listdir and os.getcwd.
#
# A program reads the files of its own folder and below; everything it writes goes to
# _overlay, kept in memory for the run, and later reads see it. The user's files never
# change (--write-files DIR writes the overlay out under DIR at exit). Each read and write
# blocks with the GIL released for a time that grows with its size, as CPython's FileIO
# releases it around the system call.
#
# Natives (files.rs): _resolve_native(path) -> absolute path or None outside the folder;
# _root(); _stat(abs) -> (kind, size); _read(abs) -> bytes or None; _listdir(abs) ->
# sorted names or None; _disk(verb, name, nbytes or None); _write_dir(); _write_out(items).

# What the program wrote this run: absolute path -> bytes.
_overlay = {}
_flush_registered = [False]
# The files open for writing. What they hold is published when they are flushed or
# closed; a read of the same path, and the end of the run, flush them first, as CPython's
# reference counting closes `open(name, 'w').write(text)` at once.
_writers = []

# What CPython's buffered readers and writers move per system call.
_CHUNK = 8192

_OUTSIDE = ("Permission denied (gilscope lets a program open only the files of its "
            "own folder and below)")


def fspath(path):
    if isinstance(path, (str, bytes)):
        return path
    method = getattr(type(path), '__fspath__', None)
    if method is None:
        raise TypeError("expected str, bytes or os.PathLike object, not "
                        + type(path).__name__)
    return method(path)


class PathLike:
    def __fspath__(self):
        raise NotImplementedError


def _name_of(file):
    name = fspath(file)
    if isinstance(name, bytes):
        name = name.decode()
    return name


def _resolve(name):
    full = _resolve_native(name)
    if full is None:
        raise PermissionError(13, _OUTSIDE, name)
    return full


def _kind(full):
    # 'file', 'dir' or None, the overlay first.
    if full in _overlay:
        return 'file'
    kind = _stat(full)[0]
    if kind == 1:
        return 'file'
    if kind == 2:
        return 'dir'
    return None


def _contents(full):
    for f in list(_writers):
        if f._full == full:
            f.flush()
    if full in _overlay:
        return _overlay[full]
    return _read(full)


def _parent(full):
    i = full.rfind('/')
    return full[:i] if i > 0 else '/'


def _base(full):
    return full[full.rfind('/') + 1:]


def _publish(full, data):
    _overlay[full] = data
    if not _flush_registered[0] and _write_dir():
        import atexit
        atexit.register(_write_all)
        _flush_registered[0] = True


def _write_all():
    for f in list(_writers):
        f.flush()
    for error in _write_out(sorted(_overlay.items())):
        import sys
        print('gilscope: --write-files:', error, file=sys.stderr)


def getcwd():
    return _root()


def listdir(path='.'):
    name = _name_of(path)
    full = _resolve(name)
    kind = _kind(full)
    if kind is None:
        raise FileNotFoundError(2, 'No such file or directory', name)
    if kind == 'file':
        raise NotADirectoryError(20, 'Not a directory', name)
    names = _listdir(full) or []
    prefix = full.rstrip('/') + '/'
    for written in _overlay:
        if written.startswith(prefix) and '/' not in written[len(prefix):]:
            if written[len(prefix):] not in names:
                names.append(written[len(prefix):])
    names.sort()
    return names


def _check_mode(mode):
    if any(c not in 'rwxabt+' for c in mode) or len(set(mode)) != len(mode):
        raise ValueError('invalid mode: %r' % mode)
    kinds = [c for c in mode if c in 'rwxa']
    if 'b' in mode and 't' in mode:
        raise ValueError("can't have text and binary mode at once")
    if len(kinds) > 1:
        raise ValueError('must have exactly one of create/read/write/append mode')
    if not kinds:
        raise ValueError('Must have exactly one of create/read/write/append mode and '
                         'at most one plus')
    return kinds[0]


def _decode(raw, encoding, errors):
    enc = encoding.lower().replace('_', '-')
    if enc == 'utf-8-sig':
        if raw[:3] == b'\xef\xbb\xbf':
            raw = raw[3:]
        enc = 'utf-8'
    if errors is None:
        return raw.decode(enc)
    return raw.decode(enc, errors)


def _encode(text, encoding, errors):
    enc = encoding.lower().replace('_', '-')
    if enc == 'utf-8-sig':
        enc = 'utf-8'
    if errors is None:
        return text.encode(enc)
    return text.encode(enc, errors)


def open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
         closefd=True, opener=None):
    if isinstance(file, int):
        _unsupported('open() of a file descriptor')
    if not isinstance(mode, str):
        raise TypeError("open() argument 'mode' must be str, not " + type(mode).__name__)
    kind = _check_mode(mode)
    binary = 'b' in mode
    if binary and encoding is not None:
        raise ValueError("binary mode doesn't take an encoding argument")
    if binary and newline is not None:
        raise ValueError("binary mode doesn't take a newline argument")
    if newline not in (None, '', '\n', '\r', '\r\n'):
        raise ValueError('illegal newline value: %r' % (newline,))
    name = _name_of(file)
    full = _resolve(name)
    exists = _kind(full)
    if exists == 'dir':
        raise IsADirectoryError(21, 'Is a directory', name)
    if kind == 'r' and exists is None:
        raise FileNotFoundError(2, 'No such file or directory', name)
    if kind == 'x' and exists is not None:
        raise FileExistsError(17, 'File exists', name)
    if kind != 'r' and exists is None and _kind(_parent(full)) != 'dir':
        raise FileNotFoundError(2, 'No such file or directory', name)
    _disk('open', _base(full), None)
    raw = b''
    if kind in 'ra' and exists is not None:
        raw = _contents(full)
        if raw is None:
            raise PermissionError(13, 'Permission denied', name)
    if kind in 'wx':
        _publish(full, b'')
    if binary:
        cls = BufferedReader
        if '+' in mode:
            cls = BufferedRandom
        elif kind != 'r':
            cls = BufferedWriter
        f = cls(name, mode, full, raw, kind, None, None, None)
    else:
        f = TextIOWrapper(name, mode, full, raw, kind, encoding or 'UTF-8', errors, newline)
    if f._writable:
        _writers.append(f)
    return f


class _FileBase:
    # A file's contents as this object sees them: _data (str in text mode, bytes in
    # binary) plus _tail, pieces appended at the end not yet joined (appending stays
    # linear). Mode 'a' without '+' keeps the old contents apart (_prefix) and never reads.
    def __init__(self, name, mode, full, raw, kind, encoding, errors, newline):
        self.name = name
        self.mode = mode
        self._full = full
        self._kind = kind
        self._binary = encoding is None
        self.encoding = encoding
        self.errors = errors
        self._newline = newline
        self._readable = kind == 'r' or '+' in mode
        self._writable = kind != 'r' or '+' in mode
        self._closed = False
        self._raw = raw
        self._raw_len = len(raw)
        self._fetched = 0 if kind == 'r' or '+' in mode else len(raw)
        self._eof_seen = False
        self._prefix = raw if kind == 'a' and '+' not in mode else b''
        self._data = None if self._readable else (b'' if self._binary else '')
        self._tail = []
        self._len = 0
        self._pos = 0
        self._unwritten = 0
        self._dirty = False
        self._on_close = None
        if self._readable and kind in 'wx':
            self._data = b'' if self._binary else ''
        if self._kind == 'a' and self._data is None:
            self._load()
            self._pos = self._len

    def _load(self):
        if self._data is not None:
            return
        if self._binary:
            self._data = self._raw
        else:
            text = _decode(self._raw, self.encoding, self.errors)
            if self._newline is None:
                text = text.replace('\r\n', '\n').replace('\r', '\n')
            self._data = text
        self._len = len(self._data)

    def _join(self):
        if self._tail:
            self._data = self._data + (b'' if self._binary else '').join(self._tail)
            self._tail = []

    def _check(self):
        if self._closed:
            raise ValueError('I/O operation on closed file.')

    def _check_read(self):
        self._check()
        if not self._readable:
            import io
            raise io.UnsupportedOperation('not readable')
        self._load()
        self._join()

    def _charge(self, upto, whole=False):
        # The disk time of the bytes up to character (or byte) `upto`, fetched as a
        # buffered reader fetches them: everything at once for read(), else blocks.
        if self._full is None:
            return
        if self._binary or self._len == self._raw_len:
            need = upto
        else:
            need = -(-upto * self._raw_len // max(self._len, 1))
        need = min(need, self._raw_len)
        if need <= self._fetched:
            if self._raw_len == 0 and not self._eof_seen:
                self._eof_seen = True
                _disk('read', _base(self._full), 0)
            return
        if whole:
            new = self._raw_len
        else:
            new = min(self._raw_len, max(need, self._fetched + _CHUNK))
        _disk('read', _base(self._full), new - self._fetched)
        self._fetched = new

    @property
    def closed(self):
        return self._closed

    def readable(self):
        self._check()
        return self._readable

    def writable(self):
        self._check()
        return self._writable

    def seekable(self):
        self._check()
        return True

    def isatty(self):
        self._check()
        return False

    def fileno(self):
        _unsupported('fileno() of a file')

    def read(self, size=-1):
        self._check_read()
        if size is None or size < 0:
            end = self._len
            self._charge(end, True)
        else:
            end = min(self._len, self._pos + size)
            self._charge(end)
        out = self._data[self._pos:end]
        self._pos = end
        return out

    def _line_end(self, start):
        data = self._data
        if self._binary:
            i = data.find(b'\n', start)
            return -1 if i < 0 else i + 1
        nl = self._newline
        if nl is None or nl == '\n':
            i = data.find('\n', start)
            return -1 if i < 0 else i + 1
        if nl == '':
            i = data.find('\n', start)
            j = data.find('\r', start)
            if j >= 0 and (i < 0 or j < i):
                return j + 2 if data[j + 1:j + 2] == '\n' else j + 1
            return -1 if i < 0 else i + 1
        i = data.find(nl, start)
        return -1 if i < 0 else i + len(nl)

    def readline(self, size=-1):
        self._check_read()
        end = self._line_end(self._pos)
        if end < 0:
            end = self._len
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        self._charge(end)
        out = self._data[self._pos:end]
        self._pos = end
        return out

    def readlines(self, hint=-1):
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                break
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                break
        return lines

    def __iter__(self):
        self._check()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def _translate(self, s):
        if self._newline in ('\r', '\r\n'):
            return s.replace('\n', self._newline)
        return s

    def write(self, s):
        self._check()
        if not self._writable:
            import io
            raise io.UnsupportedOperation('not writable')
        if self._binary:
            if not isinstance(s, bytes):
                raise TypeError("a bytes-like object is required, not '%s'"
                                % type(s).__name__)
            piece = s
            size = len(s)
        else:
            if not isinstance(s, str):
                raise TypeError('write() argument must be str, not ' + type(s).__name__)
            piece = self._translate(s)
            size = len(_encode(piece, self.encoding, self.errors))
        if self._data is None:
            self._load()
        if self._kind == 'a':
            self._join_all_at_end()
        if self._pos == self._len:
            self._tail.append(piece)
        else:
            self._join()
            self._data = (self._data[:self._pos] + piece
                          + self._data[self._pos + len(piece):])
        self._pos += len(piece)
        self._len = max(self._len, self._pos)
        self._dirty = True
        self._unwritten += size
        if self._unwritten >= _CHUNK:
            self._write_block()
        return len(s)

    def _join_all_at_end(self):
        # Appending always writes at the end, wherever the position was moved.
        self._pos = self._len

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def _write_block(self):
        if self._unwritten and self._full is not None:
            _disk('write', _base(self._full), self._unwritten)
        self._unwritten = 0

    def _contents_bytes(self):
        self._join()
        if self._binary:
            return self._prefix + self._data
        return self._prefix + _encode(self._data, self.encoding, self.errors)

    def flush(self):
        self._check()
        if self._dirty:
            self._write_block()
            data = self._contents_bytes()
            if self._full is not None:
                _publish(self._full, data)
            self._dirty = False

    def close(self):
        if self._closed:
            return
        self.flush()
        self._closed = True
        if self in _writers:
            _writers.remove(self)
        if self._on_close is not None and self._writable:
            self._on_close(self._contents_bytes())

    def seek(self, offset, whence=0):
        self._check()
        if self._data is None:
            self._load()
        self._join()
        if whence == 0:
            if offset < 0:
                raise ValueError('negative seek position %r' % offset)
            pos = offset
        elif whence == 1:
            if not self._binary and offset != 0:
                import io
                raise io.UnsupportedOperation("can't do nonzero cur-relative seeks")
            pos = self._pos + offset
        elif whence == 2:
            if not self._binary and offset != 0:
                import io
                raise io.UnsupportedOperation("can't do nonzero end-relative seeks")
            pos = self._len + offset
        else:
            raise ValueError('invalid whence (%r, should be 0, 1 or 2)' % whence)
        self._pos = max(pos, 0)
        return self._pos

    def tell(self):
        self._check()
        return self._pos + len(self._prefix)

    def truncate(self, size=None):
        self._check()
        if self._data is None:
            self._load()
        self._join()
        if size is None:
            size = self._pos
        self._data = self._data[:size]
        self._len = len(self._data)
        self._dirty = True
        return size

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class TextIOWrapper(_FileBase):
    __module__ = '_io'

    @property
    def newlines(self):
        return None

    def __repr__(self):
        return '<_io.TextIOWrapper name=%r mode=%r encoding=%r>' % (
            self.name, self.mode, self.encoding)


class BufferedReader(_FileBase):
    __module__ = '_io'

    def __repr__(self):
        return '<_io.%s name=%r>' % (type(self).__name__, self.name)


class BufferedWriter(BufferedReader):
    __module__ = '_io'


class BufferedRandom(BufferedReader):
    __module__ = '_io'


def _memory_file(name, mode, data, encoding=None, errors=None, newline=None, on_close=None):
    # A file object over bytes in memory (gzip's): no disk time, `on_close` gets the
    # bytes written when it is closed.
    kind = _check_mode(mode)
    binary = 't' not in mode
    if binary:
        f = BufferedWriter(name, mode, None, data, kind, None, None, None)
        if kind == 'r':
            f = BufferedReader(name, mode, None, data, kind, None, None, None)
    else:
        f = TextIOWrapper(name, mode, None, data, kind, encoding or 'UTF-8', errors,
                          newline)
    f._on_close = on_close
    return f


# What os.path and pathlib ask of the file layer.

def _kind_of(path):
    # 'file', 'dir' or None; None too outside the folder (os.path.exists says False).
    full = _resolve_native(_name_of(path))
    if full is None:
        return None
    return _kind(full)


def _getsize(path):
    name = _name_of(path)
    full = _resolve(name)
    if full in _overlay:
        return len(_overlay[full])
    kind, size = _stat(full)
    if kind == 0:
        raise FileNotFoundError(2, 'No such file or directory', name)
    return size
