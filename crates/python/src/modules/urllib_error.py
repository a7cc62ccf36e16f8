# gilscope's urllib.error: the two exceptions urlopen raises, written from CPython 3.11's
# documented behaviour (their messages and attributes).


class URLError(OSError):
    __module__ = 'urllib.error'

    def __init__(self, reason, filename=None):
        self.args = reason,
        self.reason = reason
        if filename is not None:
            self.filename = filename

    def __str__(self):
        return '<urlopen error %s>' % self.reason


class HTTPError(URLError):
    __module__ = 'urllib.error'

    def __init__(self, url, code, msg, hdrs, fp):
        self.code = code
        self.msg = msg
        self.hdrs = hdrs
        self.fp = fp
        self.filename = url
        self.args = ()

    def __str__(self):
        return 'HTTP Error %s: %s' % (self.code, self.msg)

    def __repr__(self):
        return '<HTTPError %s: %r>' % (self.code, self.msg)

    @property
    def reason(self):
        return self.msg

    @property
    def status(self):
        return self.code

    @property
    def headers(self):
        return self.hdrs

    def getcode(self):
        return self.code

    def geturl(self):
        return self.filename

    def read(self, amt=None):
        if self.fp is None:
            return b''
        return self.fp.read(amt)


class ContentTooShortError(URLError):
    __module__ = 'urllib.error'

    def __init__(self, message, content):
        URLError.__init__(self, message)
        self.content = content
