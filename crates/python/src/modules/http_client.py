# gilscope's http.client: HTTPConnection and HTTPSConnection against the simulated web
# (modules/web.rs), which answers as it answers urllib. Nothing leaves the machine. The
# request's time is spent in getresponse() with the GIL released, as CPython's socket
# reads release it; a host that does not resolve or refuses fails in request(), after
# the lookup's latency, with the OSError CPython's connect raises.
#
# Natives (web.rs): _request(method, url) -> (status, reason, body, content_type, label,
# ns) or None; _block(label, ns).
from urllib.request import HTTPResponse, _os_error

HTTP_PORT = 80
HTTPS_PORT = 443
OK = 200
NOT_FOUND = 404

responses = {200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently',
             302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized',
             403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error',
             503: 'Service Unavailable'}


class HTTPException(Exception):
    __module__ = 'http.client'


class NotConnected(HTTPException):
    __module__ = 'http.client'


class InvalidURL(HTTPException):
    __module__ = 'http.client'


class ImproperConnectionState(HTTPException):
    __module__ = 'http.client'


class CannotSendRequest(ImproperConnectionState):
    __module__ = 'http.client'


class ResponseNotReady(ImproperConnectionState):
    __module__ = 'http.client'


class HTTPConnection:
    __module__ = 'http.client'
    default_port = HTTP_PORT
    _scheme = 'http'

    def __init__(self, host, port=None, timeout=None, source_address=None,
                 blocksize=8192):
        if port is None and ':' in host and not host.endswith(']'):
            host, _, text = host.rpartition(':')
            if text:
                try:
                    port = int(text)
                except ValueError:
                    raise InvalidURL("nonnumeric port: '%s'" % text) from None
        self.host = host
        self.port = self.default_port if port is None else port
        self.timeout = timeout
        self._pending = None

    def _url(self, path):
        netloc = self.host
        if self.port != self.default_port:
            netloc = '%s:%d' % (self.host, self.port)
        if not path.startswith('/'):
            path = '/' + path
        return '%s://%s%s' % (self._scheme, netloc, path)

    def connect(self):
        pass

    def set_debuglevel(self, level):
        pass

    def request(self, method, url, body=None, headers={}, *, encode_chunked=False):
        if self._pending is not None:
            raise CannotSendRequest('Request-sent')
        answer = _request(method, self._url(url))
        if answer is None:
            raise InvalidURL('URL can\'t contain control characters. %r' % (url,))
        status, reason, data, ctype, label, ns = answer
        if status == 0:
            _block(label, ns)
            raise _os_error(reason)
        if method == 'HEAD':
            data = b''
        self._pending = (self._url(url), status, reason, data, ctype, label, ns)

    def getresponse(self):
        if self._pending is None:
            raise ResponseNotReady('Idle')
        url, status, reason, data, ctype, label, ns = self._pending
        self._pending = None
        _block(label, ns)
        response = HTTPResponse(url, status, reason, data, ctype)
        response.version = 11
        return response

    def close(self):
        self._pending = None


class HTTPSConnection(HTTPConnection):
    __module__ = 'http.client'
    default_port = HTTPS_PORT
    _scheme = 'https'

    def __init__(self, host, port=None, *, timeout=None, source_address=None,
                 context=None, blocksize=8192):
        HTTPConnection.__init__(self, host, port, timeout, source_address, blocksize)
