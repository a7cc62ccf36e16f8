# gilscope's requests: the part of the third-party `requests` package teaching code uses
# (get, post, Session, Response), written from its documented behaviour and answered by
# the simulated web (modules/web.rs). Nothing leaves the machine; a request blocks the
# calling thread with the GIL released for the network's time.
#
# Natives (web.rs): _request(method, url) -> (status, reason, body, content_type, label,
# ns) or None; _block(label, ns).
import json as _json


class RequestException(OSError):
    __module__ = 'requests.exceptions'

    def __init__(self, *args, response=None, request=None):
        OSError.__init__(self, *args)
        self.response = response
        self.request = request


class HTTPError(RequestException):
    __module__ = 'requests.exceptions'


class ConnectionError(RequestException):
    __module__ = 'requests.exceptions'


class Timeout(RequestException):
    __module__ = 'requests.exceptions'


class ConnectTimeout(ConnectionError, Timeout):
    __module__ = 'requests.exceptions'


class ReadTimeout(Timeout):
    __module__ = 'requests.exceptions'


class InvalidURL(RequestException, ValueError):
    __module__ = 'requests.exceptions'


class MissingSchema(RequestException, ValueError):
    __module__ = 'requests.exceptions'


class InvalidSchema(RequestException, ValueError):
    __module__ = 'requests.exceptions'


class JSONDecodeError(RequestException, ValueError):
    __module__ = 'requests.exceptions'


class Response:
    __module__ = 'requests.models'

    def __init__(self, url, status, reason, body, ctype):
        self.url = url
        self.status_code = status
        self.reason = reason
        self.content = body
        self.headers = {'Content-Type': ctype, 'Content-Length': str(len(body))}
        self.encoding = 'utf-8'

    @property
    def text(self):
        return self.content.decode(self.encoding or 'utf-8', 'replace')

    @property
    def ok(self):
        return self.status_code < 400

    def json(self, **kwargs):
        try:
            return _json.loads(self.text, **kwargs)
        except ValueError as problem:
            raise JSONDecodeError(str(problem))

    def raise_for_status(self):
        if 400 <= self.status_code < 500:
            kind = 'Client Error'
        elif 500 <= self.status_code < 600:
            kind = 'Server Error'
        else:
            return
        raise HTTPError('%s %s: %s for url: %s' % (self.status_code, kind, self.reason,
                                                   self.url), response=self)

    def iter_content(self, chunk_size=1):
        for i in range(0, len(self.content), chunk_size or len(self.content) or 1):
            yield self.content[i:i + (chunk_size or len(self.content))]

    def iter_lines(self):
        for line in self.content.splitlines():
            yield line

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return '<Response [%s]>' % self.status_code


def _with_params(url, params):
    if not params:
        return url
    items = params.items() if isinstance(params, dict) else params
    query = '&'.join('%s=%s' % (k, v) for k, v in items)
    return url + ('&' if '?' in url else '?') + query


def request(method, url, params=None, **kwargs):
    url = _with_params(url, params)
    if '://' not in url:
        raise MissingSchema("Invalid URL %r: No scheme supplied. Perhaps you meant "
                            "https://%s?" % (url, url))
    answer = _request(method.upper(), url)
    if answer is None:
        raise InvalidSchema('No connection adapters were found for %r' % (url,))
    status, reason, body, ctype, label, ns = answer
    _block(label, ns)
    if status == 0:
        scheme, _, rest = url.partition('://')
        host = rest.split('/')[0].split('?')[0]
        path = rest[len(host):] or '/'
        pool = 'HTTPSConnectionPool' if scheme == 'https' else 'HTTPConnectionPool'
        port = 443 if scheme == 'https' else 80
        if ':' in host:
            host, port = host.split(':')[0], int(host.split(':')[1])
        raise ConnectionError("%s(host=%r, port=%s): Max retries exceeded with url: %s "
                              "(Caused by NewConnectionError('Failed to establish a new "
                              "connection: %s'))" % (pool, host, port, path, reason))
    return Response(url, status, reason, body, ctype)


def get(url, params=None, **kwargs):
    return request('GET', url, params=params, **kwargs)


def post(url, data=None, json=None, **kwargs):
    return request('POST', url, **kwargs)


def head(url, **kwargs):
    return request('HEAD', url, **kwargs)


class Session:
    __module__ = 'requests.sessions'

    def __init__(self):
        self.headers = {}
        self.closed = False

    def request(self, method, url, **kwargs):
        return request(method, url, **kwargs)

    def get(self, url, **kwargs):
        return request('GET', url, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return request('POST', url, **kwargs)

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


codes = type('codes', (), {'ok': 200, 'OK': 200, 'not_found': 404, 'NOT_FOUND': 404})
