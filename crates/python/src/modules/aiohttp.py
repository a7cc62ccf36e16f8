# gilscope's aiohttp: the part of the third-party `aiohttp` package teaching code uses
# (ClientSession, session.get as an async context manager, the response's awaited body),
# written from its documented behaviour and answered by the simulated web
# (modules/web.rs). A request never blocks the event loop's thread: its task awaits a
# loop timer as long as the network takes, as a real socket waits in the selector.
#
# Natives (web.rs): _request(method, url) -> (status, reason, body, content_type, label,
# ns) or None; _delay(ns) -> seconds (with the network's jitter).
import asyncio as _asyncio
import json as _json
from urllib.request import _os_error


class ClientError(Exception):
    __module__ = 'aiohttp.client_exceptions'


class ClientConnectionError(ClientError):
    __module__ = 'aiohttp.client_exceptions'


class ClientOSError(ClientConnectionError, OSError):
    __module__ = 'aiohttp.client_exceptions'


class ClientConnectorError(ClientOSError):
    __module__ = 'aiohttp.client_exceptions'

    def __init__(self, host, port, os_error):
        ClientOSError.__init__(self, os_error.errno, os_error.strerror)
        self.host = host
        self.port = port
        self.os_error = os_error

    def __str__(self):
        return 'Cannot connect to host %s:%s ssl:%s [%s]' % (
            self.host, self.port, 'default' if self.port == 443 else False,
            self.os_error.strerror)


class ClientResponseError(ClientError):
    __module__ = 'aiohttp.client_exceptions'

    def __init__(self, request_info, history, *, status=None, message='', headers=None):
        ClientError.__init__(self, request_info, history)
        self.request_info = request_info
        self.status = status
        self.message = message
        self.headers = headers

    def __str__(self):
        return '%s, message=%r, url=%r' % (self.status, self.message, self.request_info)


class InvalidURL(ClientError, ValueError):
    __module__ = 'aiohttp.client_exceptions'


class ContentTypeError(ClientResponseError):
    __module__ = 'aiohttp.client_exceptions'


class ClientTimeout:
    __module__ = 'aiohttp.client'

    def __init__(self, total=None, connect=None, sock_read=None, sock_connect=None):
        self.total = total
        self.connect = connect
        self.sock_read = sock_read
        self.sock_connect = sock_connect


class ClientResponse:
    __module__ = 'aiohttp.client_reqrep'

    def __init__(self, method, url, status, reason, body, ctype):
        self.method = method
        self.url = url
        self.status = status
        self.reason = reason
        self._body = body
        self.content_type = ctype.split(';')[0]
        self.headers = {'Content-Type': ctype, 'Content-Length': str(len(body))}
        self.closed = False

    @property
    def ok(self):
        return self.status < 400

    async def read(self):
        return self._body

    async def text(self, encoding=None):
        return self._body.decode(encoding or 'utf-8', 'replace')

    async def json(self, *, content_type='application/json', loads=_json.loads):
        if content_type is not None and self.content_type != content_type:
            raise ContentTypeError(
                self.url, (), status=self.status,
                message='Attempt to decode JSON with unexpected mimetype: %s'
                % self.content_type)
        return loads(self._body.decode('utf-8'))

    def raise_for_status(self):
        if self.status >= 400:
            raise ClientResponseError(self.url, (), status=self.status,
                                      message=self.reason, headers=self.headers)

    def release(self):
        self.closed = True

    def close(self):
        self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.release()

    def __repr__(self):
        return '<ClientResponse(%s) [%s %s]>' % (self.url, self.status, self.reason)


def _wake(fut):
    if not fut.done():
        fut.set_result(None)


async def _send(method, url, raise_for_status):
    answer = _request(method, url)
    if answer is None:
        raise InvalidURL(url)
    status, reason, body, ctype, label, ns = answer
    loop = _asyncio.get_running_loop()
    arrived = loop.create_future()
    arrived._label = label
    timer = loop.call_later(_delay(ns), _wake, arrived)
    try:
        await arrived
    finally:
        timer.cancel()
    if status == 0:
        scheme, _, rest = url.partition('://')
        host = rest.split('/')[0].split('?')[0]
        port = 443 if scheme == 'https' else 80
        if ':' in host:
            host, port = host.split(':')[0], int(host.split(':')[1])
        raise ClientConnectorError(host, port, _os_error(reason))
    response = ClientResponse(method, url, status, reason, body, ctype)
    if raise_for_status:
        response.raise_for_status()
    return response


class _RequestContext:
    # What session.get() returns: awaitable, and an async context manager that releases
    # the response on the way out.
    def __init__(self, coro):
        self._coro = coro
        self._response = None

    def __await__(self):
        return self._coro.__await__()

    async def __aenter__(self):
        self._response = await self._coro
        return self._response

    async def __aexit__(self, *exc):
        self._response.release()


class ClientSession:
    __module__ = 'aiohttp.client'

    def __init__(self, base_url=None, *, timeout=None, headers=None,
                 raise_for_status=False, **kwargs):
        self._base = base_url
        self.timeout = timeout
        self.headers = dict(headers or {})
        self._raise = raise_for_status
        self.closed = False

    def _url(self, url):
        if self._base is not None and '://' not in url:
            return self._base.rstrip('/') + '/' + url.lstrip('/')
        return url

    def request(self, method, url, **kwargs):
        if self.closed:
            raise RuntimeError('Session is closed')
        return _RequestContext(_send(method, self._url(url), self._raise))

    def get(self, url, **kwargs):
        return self.request('GET', url, **kwargs)

    def post(self, url, **kwargs):
        return self.request('POST', url, **kwargs)

    async def close(self):
        self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()


async def request(method, url, **kwargs):
    async with ClientSession() as session:
        return await session.request(method, url, **kwargs)
