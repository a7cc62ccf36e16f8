# tracebacks: cpython
# gilscope's pathlib, written for this project from the documented behaviour of Python
# 3.11's pathlib.Path on POSIX: the pure operations (/, name, stem, suffix, parent,
# parts, with_suffix...) and the ones that reach the program's folder through the file
# layer (_gilscope_files): exists, is_file, is_dir, iterdir, glob, open, read_text,
# write_text... A Path's repr is PosixPath's, as on Linux.
import _gilscope_files as _files
import posixpath as _path

__all__ = ['PurePath', 'PurePosixPath', 'Path', 'PosixPath']


def _normalize(text):
    if not text:
        return '.'
    initial = '/' if text.startswith('/') else ''
    if text.startswith('//') and not text.startswith('///'):
        initial = '//'
    parts = [p for p in text.split('/') if p and p != '.']
    joined = initial + '/'.join(parts)
    return joined or '.'


def _match(name, pattern):
    # fnmatch's *, ? and [...] over one name.
    if not pattern:
        return not name
    c = pattern[0]
    if c == '*':
        for i in range(len(name) + 1):
            if _match(name[i:], pattern[1:]):
                return True
        return False
    if not name:
        return False
    if c == '?':
        return _match(name[1:], pattern[1:])
    if c == '[':
        end = pattern.find(']', 2)
        if end > 0:
            chars = pattern[1:end]
            negate = chars[:1] in ('!', '^')
            if negate:
                chars = chars[1:]
            hit = False
            i = 0
            while i < len(chars):
                if i + 2 < len(chars) and chars[i + 1] == '-':
                    hit = hit or chars[i] <= name[0] <= chars[i + 2]
                    i += 3
                else:
                    hit = hit or chars[i] == name[0]
                    i += 1
            if hit == negate:
                return False
            return _match(name[1:], pattern[end + 1:])
    return c == name[0] and _match(name[1:], pattern[1:])


class PurePath:
    def __init__(self, *args):
        parts = []
        for a in args:
            if isinstance(a, PurePath):
                parts.append(a._str)
            else:
                s = _files.fspath(a)
                if not isinstance(s, str):
                    raise TypeError('argument should be a str or an os.PathLike object '
                                    'where __fspath__ returns a str, not %r'
                                    % type(a).__name__)
                parts.append(s)
        self._str = _normalize(_path.join(*parts) if parts else '')

    def _make(self, text):
        return type(self)(text)

    def __str__(self):
        return self._str

    def __fspath__(self):
        return self._str

    def __repr__(self):
        return 'PosixPath(%r)' % self._str

    def __eq__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._str == other._str

    def __hash__(self):
        return hash(self._str)

    def __lt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self.parts < other.parts

    def __le__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self.parts <= other.parts

    def __gt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self.parts > other.parts

    def __ge__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self.parts >= other.parts

    def __truediv__(self, key):
        try:
            return self._make(_path.join(self._str, _files.fspath(key)))
        except TypeError:
            return NotImplemented

    def __rtruediv__(self, key):
        try:
            return self._make(_path.join(_files.fspath(key), self._str))
        except TypeError:
            return NotImplemented

    def joinpath(self, *args):
        out = self
        for a in args:
            out = out / a
        return out

    @property
    def parts(self):
        if self._str == '.':
            return ()
        if self._str.startswith('/'):
            return ('/',) + tuple(p for p in self._str.split('/') if p)
        return tuple(self._str.split('/'))

    @property
    def anchor(self):
        return '/' if self._str.startswith('/') else ''

    root = anchor

    @property
    def drive(self):
        return ''

    @property
    def name(self):
        if self._str in ('.', '/'):
            return ''
        return self._str[self._str.rfind('/') + 1:]

    @property
    def suffix(self):
        name = self.name
        i = name.rfind('.')
        if 0 < i < len(name) - 1:
            return name[i:]
        return ''

    @property
    def suffixes(self):
        name = self.name
        if name.endswith('.'):
            return []
        name = name.lstrip('.')
        return ['.' + s for s in name.split('.')[1:]]

    @property
    def stem(self):
        name = self.name
        i = name.rfind('.')
        if 0 < i < len(name) - 1:
            return name[:i]
        return name

    @property
    def parent(self):
        s = self._str
        if s in ('.', '/'):
            return self
        i = s.rfind('/')
        if i < 0:
            return self._make('.')
        return self._make(s[:i] or '/')

    @property
    def parents(self):
        out = []
        p = self
        while p.parent != p:
            p = p.parent
            out.append(p)
        return tuple(out)

    def is_absolute(self):
        return self._str.startswith('/')

    def with_name(self, name):
        if not self.name:
            raise ValueError('%r has an empty name' % self)
        return self.parent / name

    def with_stem(self, stem):
        return self.with_name(stem + self.suffix)

    def with_suffix(self, suffix):
        if suffix and (not suffix.startswith('.') or suffix == '.'):
            raise ValueError('Invalid suffix %r' % suffix)
        if not self.name:
            raise ValueError('%r has an empty name' % self)
        return self.with_name(self.stem + suffix)

    def relative_to(self, *other):
        base = PurePath(*other)._str
        if base == '.':
            return self
        if self._str == base:
            return self._make('.')
        if not self._str.startswith(base.rstrip('/') + '/'):
            raise ValueError('%r is not in the subpath of %r OR one path is relative and '
                             'the other is absolute.' % (self._str, base))
        return self._make(self._str[len(base.rstrip('/')) + 1:])

    def match(self, pattern):
        pats = [p for p in pattern.split('/') if p]
        parts = self.parts
        if len(pats) > len(parts):
            return False
        return all(_match(n, p) for n, p in zip(parts[len(parts) - len(pats):], pats))

    def as_posix(self):
        return self._str


PurePosixPath = PurePath


class _Stat:
    def __init__(self, size):
        self.st_size = size


class Path(PurePath):
    @classmethod
    def cwd(cls):
        return cls(_files.getcwd())

    @classmethod
    def home(cls):
        return cls(_files.getcwd())

    def absolute(self):
        if self.is_absolute():
            return self
        return self._make(_path.join(_files.getcwd(), self._str))

    def resolve(self, strict=False):
        return self._make(_path.abspath(self._str))

    def exists(self):
        return _path.exists(self._str)

    def is_file(self):
        return _path.isfile(self._str)

    def is_dir(self):
        return _path.isdir(self._str)

    def is_symlink(self):
        return False

    def stat(self):
        return _Stat(_path.getsize(self._str))

    def open(self, mode='r', buffering=-1, encoding=None, errors=None, newline=None):
        return _files.open(self, mode, buffering, encoding, errors, newline)

    def read_text(self, encoding=None, errors=None):
        with self.open('r', encoding=encoding, errors=errors) as f:
            return f.read()

    def read_bytes(self):
        with self.open('rb') as f:
            return f.read()

    def write_text(self, data, encoding=None, errors=None, newline=None):
        if not isinstance(data, str):
            raise TypeError('data must be str, not %s' % type(data).__name__)
        with self.open('w', encoding=encoding, errors=errors, newline=newline) as f:
            return f.write(data)

    def write_bytes(self, data):
        with self.open('wb') as f:
            return f.write(data)

    def iterdir(self):
        for name in _files.listdir(self._str):
            yield self / name

    def _children(self, pattern):
        if not self.is_dir():
            return []
        return [p for p in self.iterdir() if _match(p.name, pattern)]

    def glob(self, pattern):
        if not pattern:
            raise ValueError("Unacceptable pattern: ''")
        if pattern.startswith('/'):
            raise NotImplementedError('Non-relative patterns are unsupported')
        found = [self]
        for part in [p for p in pattern.split('/') if p and p != '.']:
            nxt = []
            for base in found:
                if part == '**':
                    nxt.extend(base._walk())
                elif part == '..':
                    nxt.append(base / '..')
                else:
                    nxt.extend(base._children(part))
            found = nxt
        seen = set()
        for p in found:
            if p._str not in seen:
                seen.add(p._str)
                yield p

    def rglob(self, pattern):
        return self.glob('**/' + pattern)

    def _walk(self):
        out = [self]
        for p in self.iterdir():
            if p.is_dir():
                out.extend(p._walk())
        return out

    def touch(self, mode=0o666, exist_ok=True):
        if self.exists():
            if not exist_ok:
                raise FileExistsError(17, 'File exists', self._str)
            return
        self.open('w').close()

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        if self.is_dir() and exist_ok:
            return
        _unsupported('Path.mkdir (gilscope writes files only into folders that exist)')


PosixPath = Path
