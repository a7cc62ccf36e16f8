# tracebacks: cpython
# gilscope's gzip, written for this project from the documented behaviour of Python
# 3.11's gzip: compress, decompress and open/GzipFile over the program's files. The
# compression is the flate2 crate's (natives _gz_compress(data, level) -> bytes and
# _gz_decompress(data) -> (bytes, None) or (None, error)); the file's bytes are read and
# written through the file layer (_gilscope_files), so they take the disk's time and
# writes go to the in-memory overlay.
import _gilscope_files as _files

__all__ = ['BadGzipFile', 'GzipFile', 'open', 'compress', 'decompress']


class BadGzipFile(OSError):
    __module__ = 'gzip'


def compress(data, compresslevel=9, *, mtime=None):
    return _gz_compress(bytes(data), compresslevel)


def decompress(data):
    out, error = _gz_decompress(bytes(data))
    if error is not None:
        if error.startswith('Not a gzipped'):
            raise BadGzipFile(error)
        raise EOFError(error)
    return out


def _gzip_file(filename, mode, compresslevel, encoding, errors, newline):
    binary_mode = mode.replace('t', '')
    if 'b' not in binary_mode:
        binary_mode += 'b'
    kind = binary_mode[0]
    name = filename if isinstance(filename, str) else _files._name_of(filename)
    if kind == 'r':
        with _files.open(filename, 'rb') as f:
            data = decompress(f.read())
        return _files._memory_file(name, mode, data, encoding, errors, newline)
    target = _files.open(filename, binary_mode)

    def finish(data):
        target.write(compress(data, compresslevel))
        target.close()

    return _files._memory_file(name, mode.replace('a', 'w').replace('x', 'w'), b'',
                               encoding, errors, newline, finish)


def open(filename, mode='rb', compresslevel=9, encoding=None, errors=None, newline=None):
    if 't' in mode:
        if 'b' in mode:
            raise ValueError('Invalid mode: %r' % (mode,))
    else:
        if encoding is not None:
            raise ValueError("Argument 'encoding' not supported in binary mode")
        if errors is not None:
            raise ValueError("Argument 'errors' not supported in binary mode")
        if newline is not None:
            raise ValueError("Argument 'newline' not supported in binary mode")
    if mode[:1] not in ('r', 'w', 'a', 'x'):
        raise ValueError('Invalid mode: %r' % (mode,))
    if 't' not in mode and 'b' not in mode:
        mode += 'b'
    return _gzip_file(filename, mode, compresslevel, encoding, errors, newline)


def GzipFile(filename=None, mode=None, compresslevel=9, fileobj=None, mtime=None):
    if fileobj is not None:
        _unsupported('GzipFile over a file object')
    return open(filename, (mode or 'rb').replace('t', ''), compresslevel)
