# gilscope's asyncio streams: open_connection(host, port) against the simulated web
# (modules/web.rs). Nothing leaves the machine. What the program writes is read as HTTP:
# each request head it completes (ended by an empty line) is answered by the simulated
# web, the response (status line, Content-Type, Content-Length, Connection: close, body)
# arriving after the network's time, then the end of the stream, as an HTTP/1.0 server
# closes. A read waits on a loop future meanwhile, so the task is suspended and the
# loop's thread stays free, as aiohttp's requests are. Connecting costs no time of its
# own (the simulated web counts one latency per request); a host that does not resolve
# or refuses fails after the lookup's latency, with the OSError CPython raises.
#
# asyncio.open_connection loads it on first use. Natives (web.rs): _request(method, url) -> (status,
# reason, body, content_type, label, ns) or None; _delay(ns) -> seconds.
from urllib.request import _os_error


class IncompleteReadError(EOFError):
    __module__ = 'asyncio.exceptions'

    def __init__(self, partial, expected):
        shown = 'undefined' if expected is None else repr(expected)
        EOFError.__init__(self, '%d bytes read on a total of %s expected bytes'
                          % (len(partial), shown))
        self.partial = partial
        self.expected = expected


class LimitOverrunError(Exception):
    __module__ = 'asyncio.exceptions'

    def __init__(self, message, consumed):
        Exception.__init__(self, message)
        self.consumed = consumed


def _wake(fut):
    if not fut.done():
        fut.set_result(None)


class StreamReader:
    __module__ = 'asyncio.streams'

    def __init__(self, limit=2 ** 16, loop=None):
        self._limit = limit
        self._buffer = b''
        self._eof = False
        self._waiter = None
        self._label = 'read'

    def feed_data(self, data):
        self._buffer += data
        self._wakeup()

    def feed_eof(self):
        self._eof = True
        self._wakeup()

    def at_eof(self):
        return self._eof and not self._buffer

    def _wakeup(self):
        waiter = self._waiter
        self._waiter = None
        if waiter is not None:
            _wake(waiter)

    async def _wait(self):
        import asyncio
        self._waiter = asyncio.get_running_loop().create_future()
        self._waiter._label = self._label
        await self._waiter

    def _take(self, n):
        data = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return data

    async def read(self, n=-1):
        if n == 0:
            return b''
        if n < 0:
            while not self._eof:
                await self._wait()
            return self._take(len(self._buffer))
        if not self._buffer and not self._eof:
            await self._wait()
        return self._take(n)

    async def readexactly(self, n):
        if n < 0:
            raise ValueError('readexactly size can not be less than zero')
        while len(self._buffer) < n:
            if self._eof:
                raise IncompleteReadError(self._take(len(self._buffer)), n)
            await self._wait()
        return self._take(n)

    async def readuntil(self, separator=b'\n'):
        if not separator:
            raise ValueError('Separator should be at least one-byte string')
        while True:
            i = self._buffer.find(separator)
            if i >= 0:
                return self._take(i + len(separator))
            if self._eof:
                raise IncompleteReadError(self._take(len(self._buffer)), None)
            await self._wait()

    async def readline(self):
        try:
            return await self.readuntil(b'\n')
        except IncompleteReadError as e:
            return e.partial

    def __aiter__(self):
        return self

    async def __anext__(self):
        line = await self.readline()
        if line == b'':
            raise StopAsyncIteration
        return line


class StreamWriter:
    __module__ = 'asyncio.streams'

    def __init__(self, reader, scheme, netloc, peer):
        self._reader = reader
        self._scheme = scheme
        self._netloc = netloc
        self._peer = peer
        self._sent = b''
        self._closing = False
        self._timers = []

    def write(self, data):
        if self._closing:
            return
        self._sent += data
        while True:
            end, gap = self._sent.find(b'\r\n\r\n'), 4
            if end < 0:
                end, gap = self._sent.find(b'\n\n'), 2
            if end < 0:
                return
            head = self._sent[:end].decode('latin-1')
            self._sent = self._sent[end + gap:]
            self._answer(head)

    def writelines(self, data):
        for chunk in data:
            self.write(chunk)

    def _answer(self, head):
        import asyncio
        words = head.split('\n')[0].strip().split()
        method = words[0] if words else ''
        target = words[1] if len(words) > 1 else '/'
        version = 'HTTP/1.1' if len(words) > 2 and words[2] == 'HTTP/1.1' else 'HTTP/1.0'
        if '://' not in target:
            target = '%s://%s%s' % (self._scheme, self._netloc,
                                    target if target.startswith('/') else '/' + target)
        status, reason, body, ctype, label, ns = _request(method or 'GET', target)
        if method == 'HEAD':
            body = b''
        response = ('%s %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n'
                    'Connection: close\r\n\r\n'
                    % (version, status, reason, ctype, len(body))).encode('latin-1') + body
        self._reader._label = label
        loop = asyncio.get_running_loop()
        self._timers.append(loop.call_later(_delay(ns), self._arrive, response))

    def _arrive(self, response):
        self._reader.feed_data(response)
        self._reader.feed_eof()

    async def drain(self):
        pass

    def can_write_eof(self):
        return True

    def write_eof(self):
        pass

    def get_extra_info(self, name, default=None):
        if name == 'peername':
            return self._peer
        return default

    def close(self):
        self._closing = True

    def is_closing(self):
        return self._closing

    async def wait_closed(self):
        pass


async def open_connection(host=None, port=None, *, limit=2 ** 16, ssl=None, **kwds):
    import asyncio
    if host is None or port is None:
        raise ValueError('host and port was not specified and no sock specified')
    scheme = 'https' if ssl or port == 443 else 'http'
    netloc = host if port == (443 if scheme == 'https' else 80) else '%s:%d' % (host, port)
    status, reason, body, ctype, label, ns = _request('GET', '%s://%s/' % (scheme, netloc))
    if status == 0:
        loop = asyncio.get_running_loop()
        failed = loop.create_future()
        failed._label = 'connect %s:%d' % (host, port)
        timer = loop.call_later(_delay(ns), _wake, failed)
        try:
            await failed
        finally:
            timer.cancel()
        raise _os_error(reason)
    reader = StreamReader(limit)
    return reader, StreamWriter(reader, scheme, netloc, (host, port))
