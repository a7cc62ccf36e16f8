# gilscope's urllib.request: urlopen against the simulated web (modules/web.rs). Nothing
# leaves the machine; a request blocks the calling thread with the GIL released for the
# network's time, as CPython's socket calls do.
#
# Natives (web.rs): _request(method, url) -> (status, reason, body, content_type, label,
# ns) or None; _block(label, ns).
from urllib.error import URLError, HTTPError


class gaierror(OSError):
    # socket.gaierror: the name lookup failed.
    __module__ = 'socket'

    def __init__(self, number, text):
        OSError.__init__(self, number, text)
        self.errno = number
        self.strerror = text

    def __str__(self):
        return '[Errno %s] %s' % (self.errno, self.strerror)


class _Refused(gaierror):
    # What connect() raises when nothing listens (CPython: ConnectionRefusedError).
    __module__ = 'builtins'


def _os_error(reason):
    # '[Errno -2] Name or service not known' -> socket.gaierror(-2, ...);
    # '[Errno 111] Connection refused' -> ConnectionRefusedError(111, ...).
    number, _, text = reason[len('[Errno '):].partition('] ')
    if int(number) == 111:
        return _Refused(111, text)
    return gaierror(int(number), text)


class _Headers:
    # The few things programs do with http.client.HTTPMessage.
    def __init__(self, items):
        self._items = items

    def get(self, name, default=None):
        for key, value in self._items:
            if key.lower() == name.lower():
                return value
        return default

    __getitem__ = get

    def get_content_charset(self, failobj=None):
        ctype = self.get('Content-Type', '')
        if 'charset=' in ctype:
            return ctype.split('charset=')[1].split(';')[0].strip()
        return failobj

    def items(self):
        return list(self._items)

    def keys(self):
        return [k for k, v in self._items]

    def __iter__(self):
        return iter(self.keys())

    def __contains__(self, name):
        return self.get(name) is not None

    def __str__(self):
        return ''.join('%s: %s\n' % kv for kv in self._items) + '\n'


class HTTPResponse:
    __module__ = 'http.client'

    def __init__(self, url, status, reason, body, ctype):
        self.url = url
        self.status = status
        self.code = status
        self.reason = reason
        self._body = body
        self._pos = 0
        self.closed = False
        self.headers = _Headers([('Content-Type', ctype),
                                 ('Content-Length', str(len(body)))])
        self.msg = self.headers
        self.length = len(body)

    def read(self, amt=None):
        if self.closed:
            return b''
        if amt is None or amt < 0:
            amt = len(self._body) - self._pos
        chunk = self._body[self._pos:self._pos + amt]
        self._pos += len(chunk)
        self.length = len(self._body) - self._pos
        return chunk

    def readline(self, limit=-1):
        end = self._body.find(b'\n', self._pos)
        end = len(self._body) if end < 0 else end + 1
        if limit is not None and limit >= 0:
            end = min(end, self._pos + limit)
        chunk = self._body[self._pos:end]
        self._pos = end
        return chunk

    def readlines(self):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def __iter__(self):
        return iter(self.readlines())

    def getcode(self):
        return self.status

    def geturl(self):
        return self.url

    def getheader(self, name, default=None):
        return self.headers.get(name, default)

    def getheaders(self):
        return self.headers.items()

    def info(self):
        return self.headers

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Request:
    __module__ = 'urllib.request'

    def __init__(self, url, data=None, headers={}, origin_req_host=None,
                 unverifiable=False, method=None):
        self.full_url = url
        self.data = data
        self.headers = dict(headers)
        self.method = method

    def get_method(self):
        if self.method is not None:
            return self.method
        return 'GET' if self.data is None else 'POST'

    def add_header(self, key, val):
        self.headers[key.capitalize()] = val

    def get_full_url(self):
        return self.full_url


def urlopen(url, data=None, timeout=None, *, context=None):
    if isinstance(url, Request):
        method = url.get_method()
        url = url.full_url
    else:
        method = 'GET' if data is None else 'POST'
    answer = _request(method, url)
    if answer is None:
        if '://' not in url:
            raise ValueError('unknown url type: %r' % (url,))
        raise URLError('unknown url type: %s' % url.split('://')[0])
    status, reason, body, ctype, label, ns = answer
    _block(label, ns)
    if status == 0:
        raise URLError(_os_error(reason))
    response = HTTPResponse(url, status, reason, body, ctype)
    if status >= 400:
        raise HTTPError(url, status, reason, response.headers, response)
    return response
