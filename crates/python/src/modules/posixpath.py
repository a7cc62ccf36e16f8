# tracebacks: cpython
# gilscope's os.path (posixpath), written for this project from the documented behaviour
# of Python 3.11's posixpath. The string operations are POSIX's; the ones that look at the
# disk (exists, isfile, isdir, getsize) see the program's folder and below and the files
# it wrote this run (the file layer, _gilscope_files), and abspath is relative to that
# folder, the program's os.getcwd().
import _gilscope_files as _files

sep = '/'
curdir = '.'
pardir = '..'
extsep = '.'
altsep = None
pathsep = ':'
defpath = '/bin:/usr/bin'
devnull = '/dev/null'


def _str(p):
    return _files._name_of(p)


def isabs(s):
    return _str(s).startswith('/')


def join(a, *p):
    path = _str(a)
    for b in p:
        b = _str(b)
        if b.startswith('/'):
            path = b
        elif not path or path.endswith('/'):
            path += b
        else:
            path += '/' + b
    return path


def split(p):
    p = _str(p)
    i = p.rfind('/') + 1
    head, tail = p[:i], p[i:]
    if head and head != '/' * len(head):
        head = head.rstrip('/')
    return head, tail


def basename(p):
    p = _str(p)
    return p[p.rfind('/') + 1:]


def dirname(p):
    return split(p)[0]


def splitext(p):
    p = _str(p)
    slash = p.rfind('/')
    dot = p.rfind('.')
    if dot > slash:
        start = slash + 1
        while start < dot and p[start] == '.':
            start += 1
        if start < dot:
            return p[:dot], p[dot:]
    return p, p[:0]


def normpath(path):
    path = _str(path)
    if not path:
        return '.'
    initial = 1 if path.startswith('/') else 0
    if initial and path.startswith('//') and not path.startswith('///'):
        initial = 2
    parts = []
    for comp in path.split('/'):
        if comp in ('', '.'):
            continue
        if comp != '..' or (not initial and not parts) or (parts and parts[-1] == '..'):
            parts.append(comp)
        elif parts:
            parts.pop()
    path = '/'.join(parts)
    if initial:
        path = '/' * initial + path
    return path or '.'


def abspath(path):
    path = _str(path)
    if not isabs(path):
        path = join(_files.getcwd(), path)
    return normpath(path)


def realpath(path):
    return abspath(path)


def exists(path):
    return _files._kind_of(path) is not None


def isfile(path):
    return _files._kind_of(path) == 'file'


def isdir(path):
    return _files._kind_of(path) == 'dir'


def islink(path):
    return False


def getsize(path):
    return _files._getsize(path)


def expanduser(path):
    return _str(path)


def relpath(path, start=None):
    path = abspath(path)
    start = abspath(start if start is not None else curdir)
    a = [x for x in start.split('/') if x]
    b = [x for x in path.split('/') if x]
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    parts = [pardir] * (len(a) - n) + b[n:]
    return join(*parts) if parts else curdir
