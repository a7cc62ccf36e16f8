# logging for gilscope: the root logger, named loggers, basicConfig and the usual format
# fields (threadName above all, as the classic threading examples use it), written in
# Python on gilscope's VM. Records go to stderr (or sys.stdout if asked) in one write.
import sys
import threading
import time

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
NOTSET = 0

_level_names = {CRITICAL: 'CRITICAL', ERROR: 'ERROR', WARNING: 'WARNING',
                INFO: 'INFO', DEBUG: 'DEBUG', NOTSET: 'NOTSET'}
_start = time.time()
_lock = threading.RLock()
BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"


def getLevelName(level):
    return _level_names.get(level, f"Level {level}")


class LogRecord:
    def __init__(self, name, level, msg, args):
        self.name = name
        self.levelno = level
        self.levelname = getLevelName(level)
        self.msg = msg
        self.args = args
        self.created = time.time()
        self.msecs = int((self.created - int(self.created)) * 1000)
        self.relativeCreated = (self.created - _start) * 1000
        t = threading.current_thread()
        self.threadName = t.name
        self.thread = threading.get_ident()
        self.process = 4242
        self.processName = 'MainProcess'
        self.funcName = '?'
        self.lineno = 0
        self.module = '?'
        self.filename = '?'
        self.pathname = '?'

    def getMessage(self):
        msg = str(self.msg)
        if self.args:
            msg = msg % self.args
        return msg


def _asctime(created):
    # The simulated clock starts at 2024-01-01 00:00:00 UTC.
    secs = int(created) - 1704067200
    day, rem = divmod(secs, 86400)
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    ms = int((created - int(created)) * 1000)
    return f"2024-01-{1 + day:02d} {hh:02d}:{mm:02d}:{ss:02d},{ms:03d}"


class Formatter:
    def __init__(self, fmt=None, datefmt=None, style='%'):
        if style != '%':
            _unsupported(f"logging format style {style!r}")
        self._fmt = fmt or "%(message)s"
        self.datefmt = datefmt

    def format(self, record):
        record.message = record.getMessage()
        record.asctime = _asctime(record.created)
        fields = dict(record.__dict__)
        return self._fmt % fields


class Handler:
    def __init__(self, level=NOTSET):
        self.level = level
        self.formatter = None

    def setLevel(self, level):
        self.level = level

    def setFormatter(self, fmt):
        self.formatter = fmt

    def handle(self, record):
        if record.levelno >= self.level:
            self.emit(record)


class StreamHandler(Handler):
    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream if stream is not None else sys.stderr

    def emit(self, record):
        fmt = self.formatter or Formatter(BASIC_FORMAT)
        with _lock:
            self.stream.write(fmt.format(record) + "\n")


class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = level
        self.handlers = []
        self.parent = None
        self.propagate = True

    def setLevel(self, level):
        self.level = level

    def addHandler(self, handler):
        self.handlers.append(handler)

    def getEffectiveLevel(self):
        logger = self
        while logger is not None:
            if logger.level:
                return logger.level
            logger = logger.parent
        return NOTSET

    def isEnabledFor(self, level):
        return level >= self.getEffectiveLevel()

    def log(self, level, msg, *args, **kwargs):
        if not self.isEnabledFor(level):
            return
        record = LogRecord(self.name, level, msg, args)
        logger = self
        found = False
        while logger is not None:
            for h in logger.handlers:
                found = True
                h.handle(record)
            if not logger.propagate:
                break
            logger = logger.parent
        if not found and level >= WARNING:
            sys.stderr.write(record.getMessage() + "\n")

    def debug(self, msg, *args, **kwargs):
        self.log(DEBUG, msg, *args)

    def info(self, msg, *args, **kwargs):
        self.log(INFO, msg, *args)

    def warning(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args)

    def error(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args)

    def exception(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args)

    def critical(self, msg, *args, **kwargs):
        self.log(CRITICAL, msg, *args)


root = Logger('root', WARNING)
_loggers = {}


def getLogger(name=None):
    if not name or name == 'root':
        return root
    if name not in _loggers:
        logger = Logger(name)
        logger.parent = root
        _loggers[name] = logger
    return _loggers[name]


def basicConfig(*, level=None, format=None, stream=None, filename=None, datefmt=None,
                style='%', handlers=None, force=False):
    if filename is not None:
        _unsupported("logging to a file")
    with _lock:
        if root.handlers and not force:
            return
        root.handlers = []
        h = StreamHandler(stream)
        h.setFormatter(Formatter(format or BASIC_FORMAT, datefmt, style))
        root.addHandler(h)
        if level is not None:
            root.setLevel(level)


def _ensure_configured():
    if not root.handlers:
        basicConfig()


def debug(msg, *args, **kwargs):
    _ensure_configured()
    root.debug(msg, *args)


def info(msg, *args, **kwargs):
    _ensure_configured()
    root.info(msg, *args)


def warning(msg, *args, **kwargs):
    _ensure_configured()
    root.warning(msg, *args)


def error(msg, *args, **kwargs):
    _ensure_configured()
    root.error(msg, *args)


def critical(msg, *args, **kwargs):
    _ensure_configured()
    root.critical(msg, *args)


def exception(msg, *args, **kwargs):
    _ensure_configured()
    root.error(msg, *args)


def log(level, msg, *args, **kwargs):
    _ensure_configured()
    root.log(level, msg, *args)
