# io for gilscope, written for this project from the documented behaviour of Python
# 3.11's io.StringIO: an in-memory text stream (write, read, readline, seek, tell,
# getvalue, iteration, use as a context manager and as print()'s file). Files and
# binary streams belong to the file layer.

import sys

__all__ = ["StringIO", "UnsupportedOperation", "SEEK_SET", "SEEK_CUR", "SEEK_END"]

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2


class UnsupportedOperation(OSError, ValueError):
    pass


class StringIO:
    def __init__(self, initial_value="", newline="\n"):
        if initial_value is None:
            initial_value = ""
        if not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not "
                            + type(initial_value).__name__)
        self._buf = initial_value
        # Text written at the end, not yet joined onto _buf: appending stays linear.
        self._tail = []
        self._len = len(initial_value)
        self._pos = 0
        self._closed = False
        self.newline = newline

    def _check(self):
        if self._closed:
            raise ValueError("I/O operation on closed file")

    @property
    def closed(self):
        return self._closed

    def close(self):
        self._closed = True

    def readable(self):
        self._check()
        return True

    def writable(self):
        self._check()
        return True

    def seekable(self):
        self._check()
        return True

    def isatty(self):
        self._check()
        return False

    def flush(self):
        self._check()

    def _text(self):
        if self._tail:
            self._buf += "".join(self._tail)
            self._tail = []
        return self._buf

    def getvalue(self):
        self._check()
        return self._text()

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        if self.newline not in (None, "", "\n"):
            s = s.replace("\n", self.newline)
        n = len(s)
        if self._pos == self._len:
            self._tail.append(s)
            self._len += n
            self._pos += n
            return n
        buf = self._text()
        if self._pos > len(buf):
            buf = buf + "\0" * (self._pos - len(buf))
        self._buf = buf[:self._pos] + s + buf[self._pos + n:]
        self._len = len(self._buf)
        self._pos += n
        return n

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def read(self, size=-1):
        self._check()
        text = self._text()
        if size is None or size < 0:
            end = len(text)
        else:
            end = min(self._pos + size, len(text))
        s = text[self._pos:end]
        self._pos = max(self._pos, end)
        return s

    def readline(self, size=-1):
        self._check()
        text = self._text()
        end = text.find("\n", self._pos)
        end = len(text) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        s = text[self._pos:end]
        self._pos = max(self._pos, end)
        return s

    def readlines(self, hint=-1):
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                return lines

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("Negative seek position %d" % pos)
            self._pos = pos
        elif whence == 1:
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
        elif whence == 2:
            if pos != 0:
                raise OSError("Can't do nonzero end-relative seeks")
            self._pos = self._len
        else:
            raise ValueError("Invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._pos

    def tell(self):
        self._check()
        return self._pos

    def truncate(self, size=None):
        self._check()
        if size is None:
            size = self._pos
        self._buf = self._text()[:size]
        self._len = len(self._buf)
        return size

    def __iter__(self):
        self._check()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<_io.StringIO object at 0x%x>" % id(self)


TextIOWrapper = type(sys.stdout)
