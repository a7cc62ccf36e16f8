# logging for gilscope, written for this project from the documented behaviour of
# Python 3.11's logging package. It runs as Python on gilscope's VM, so a record costs
# bytecode as it does in CPython and a thread switch can land inside a logging call.
#
# The pieces: loggers named by dotted paths form a tree (a Manager keeps it, with
# PlaceHolders for names nobody asked for yet); a logger turns a call into a LogRecord
# and hands it to its handlers and its ancestors' handlers; a handler takes its RLock
# around emit, and a StreamHandler writes each formatted record, traceback included, in
# one write. Time is the simulated clock; the process is MainProcess.
import os
import sys
import threading
import time
import _gilscope

CRITICAL = FATAL = 50
ERROR = 40
WARNING = WARN = 30
INFO = 20
DEBUG = 10
NOTSET = 0

# level number -> name, and name -> level number (FATAL and WARN are aliases)
_NAME_OF = {}
_LEVEL_OF = {"FATAL": FATAL, "WARN": WARNING}
for _number, _label in ((50, "CRITICAL"), (40, "ERROR"), (30, "WARNING"), (20, "INFO"),
                        (10, "DEBUG"), (0, "NOTSET")):
    _NAME_OF[_number] = _label
    _LEVEL_OF[_label] = _number
del _number, _label

raiseExceptions = True
logThreads = True
logMultiprocessing = True
logProcesses = True
_startTime = time.time()
_lock = threading.RLock()


def getLevelName(level):
    name = _NAME_OF.get(level)
    if name is None:
        name = _LEVEL_OF.get(level)
    if name is None:
        return f"Level {level}"
    return name


def getLevelNamesMapping():
    return _LEVEL_OF.copy()


def addLevelName(level, levelName):
    with _lock:
        _NAME_OF[level] = levelName
        _LEVEL_OF[levelName] = level


def _as_level(level):
    # A level given as a number or as a registered name, as a number.
    if isinstance(level, int):
        return level
    if str(level) != level:
        raise TypeError(f"Level not an integer or a valid string: {level!r}")
    number = _LEVEL_OF.get(level)
    if number is None:
        raise ValueError(f"Unknown level: {level!r}")
    return number


# ----- records -----

class LogRecord:
    def __init__(self, name, level, pathname, lineno, msg, args, exc_info,
                 func=None, sinfo=None, **kwargs):
        now = time.time()
        # A single non-empty dict argument fills %(key)s fields of the message.
        if args and len(args) == 1:
            only = args[0]
            if isinstance(only, dict) and only:
                args = only
        base = pathname.rsplit("/", 1)[-1]
        self.name = name
        self.msg = msg
        self.args = args
        self.levelname = getLevelName(level)
        self.levelno = level
        self.pathname = pathname
        self.filename = base
        self.module = base[:-3] if base.endswith(".py") else base
        self.exc_info = exc_info
        self.exc_text = None
        self.stack_info = sinfo
        self.lineno = lineno
        self.funcName = func
        self.created = now
        self.msecs = int((now - int(now)) * 1000) + 0.0
        self.relativeCreated = (now - _startTime) * 1000
        if logThreads:
            current = threading.current_thread()
            self.thread, self.threadName = current.ident, current.name
        else:
            self.thread = self.threadName = None
        self.processName = _gilscope.process_name() if logMultiprocessing else None
        self.process = os.getpid() if logProcesses else None

    def __repr__(self):
        return (f'<LogRecord: {self.name}, {self.levelno}, {self.pathname}, '
                f'{self.lineno}, "{self.msg}">')

    def getMessage(self):
        text = str(self.msg)
        if self.args:
            text = text % self.args
        return text


def makeLogRecord(dict):
    record = LogRecord(None, None, "", 0, "", (), None, None)
    # gilscope's __dict__ is a copy, so each attribute is set on its own.
    for key, value in dict.items():
        setattr(record, key, value)
    return record


# ----- formatting -----

class PercentStyle:
    default_format = "%(message)s"
    asctime_format = "%(asctime)s"
    asctime_search = "%(asctime)"
    _marker = "%("

    def __init__(self, fmt, *, defaults=None):
        self._fmt = fmt if fmt else self.default_format
        self._defaults = defaults

    def usesTime(self):
        return self.asctime_search in self._fmt

    def validate(self):
        if self._marker not in self._fmt:
            raise ValueError(
                f"Invalid format '{self._fmt}' for '{self.default_format[0]}' style")

    def _fields(self, record):
        if not self._defaults:
            return record.__dict__
        merged = dict(self._defaults)
        merged.update(record.__dict__)
        return merged

    def _format(self, record):
        return self._fmt % self._fields(record)

    def format(self, record):
        try:
            return self._format(record)
        except KeyError as missing:
            raise ValueError(f"Formatting field not found in record: {missing}")


class StrFormatStyle(PercentStyle):
    default_format = "{message}"
    asctime_format = "{asctime}"
    asctime_search = "{asctime"

    def _format(self, record):
        return self._fmt.format(**self._fields(record))

    def validate(self):
        if "{" not in self._fmt:
            raise ValueError("invalid format: no fields")


class StringTemplateStyle(PercentStyle):
    default_format = "${message}"
    asctime_format = "${asctime}"
    asctime_search = "${asctime}"

    def usesTime(self):
        return "$asctime" in self._fmt or self.asctime_search in self._fmt

    def validate(self):
        if "$" not in self._fmt:
            raise ValueError("invalid format: no fields")

    def _format(self, record):
        import string
        return string.Template(self._fmt).substitute(**self._fields(record))


BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"

_STYLES = {
    "%": (PercentStyle, BASIC_FORMAT),
    "{": (StrFormatStyle, "{levelname}:{name}:{message}"),
    "$": (StringTemplateStyle, "${levelname}:${name}:${message}"),
}


def _style_class(style):
    if style not in _STYLES:
        raise ValueError("Style must be one of: " + ",".join(_STYLES))
    return _STYLES[style][0]


def _with_newline(text):
    return text if text[-1:] == "\n" else text + "\n"


class Formatter:
    converter = time.localtime
    default_time_format = "%Y-%m-%d %H:%M:%S"
    default_msec_format = "%s,%03d"

    def __init__(self, fmt=None, datefmt=None, style="%", validate=True, *,
                 defaults=None):
        self._style = _style_class(style)(fmt, defaults=defaults)
        if validate:
            self._style.validate()
        self._fmt = self._style._fmt
        self.datefmt = datefmt

    def formatTime(self, record, datefmt=None):
        moment = time.localtime(record.created)
        if datefmt:
            return time.strftime(datefmt, moment)
        text = time.strftime(self.default_time_format, moment)
        if self.default_msec_format:
            text = self.default_msec_format % (text, record.msecs)
        return text

    def formatException(self, ei):
        text = _gilscope.format_exception(ei[1])
        return text[:-1] if text.endswith("\n") else text

    def formatStack(self, stack_info):
        return stack_info

    def usesTime(self):
        return self._style.usesTime()

    def formatMessage(self, record):
        return self._style.format(record)

    def format(self, record):
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        if record.exc_info and not record.exc_text:
            # Kept on the record: every handler after the first reuses it.
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            text = _with_newline(text) + record.exc_text
        if record.stack_info:
            text = _with_newline(text) + self.formatStack(record.stack_info)
        return text


_plain_formatter = Formatter()


# ----- filters and handlers -----

class Filter:
    # Lets through the records of the logger `name` and of the loggers below it.
    def __init__(self, name=""):
        self.name = name
        self.nlen = len(name)

    def filter(self, record):
        wanted = self.name
        if not wanted or record.name == wanted:
            return True
        return record.name.startswith(wanted + ".")


class Filterer:
    def __init__(self):
        self.filters = []

    def addFilter(self, filter):
        if filter not in self.filters:
            self.filters.append(filter)

    def removeFilter(self, filter):
        if filter in self.filters:
            self.filters.remove(filter)

    def filter(self, record):
        # A filter is an object with a filter(record) method or a plain callable.
        for check in self.filters:
            method = getattr(check, "filter", None)
            verdict = method(record) if method is not None else check(record)
            if not verdict:
                return False
        return True


class Handler(Filterer):
    def __init__(self, level=NOTSET):
        Filterer.__init__(self)
        self._name = None
        self.level = _as_level(level)
        self.formatter = None
        self._closed = False
        self.createLock()

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        self._name = value

    def get_name(self):
        return self._name

    def set_name(self, name):
        self._name = name

    def createLock(self):
        self.lock = threading.RLock()

    def acquire(self):
        if self.lock:
            self.lock.acquire()

    def release(self):
        if self.lock:
            self.lock.release()

    def setLevel(self, level):
        self.level = _as_level(level)

    def setFormatter(self, fmt):
        self.formatter = fmt

    def format(self, record):
        return (self.formatter or _plain_formatter).format(record)

    def emit(self, record):
        raise NotImplementedError("emit must be implemented by Handler subclasses")

    def handle(self, record):
        passed = self.filter(record)
        if not passed:
            return passed
        self.acquire()
        try:
            self.emit(record)
        finally:
            self.release()
        return passed

    def flush(self):
        pass

    def close(self):
        self._closed = True

    def handleError(self, record):
        if not (raiseExceptions and sys.stderr):
            return
        failure = sys.exc_info()[1]
        report = ("--- Logging error ---\n" + _gilscope.format_exception(failure)
                  + f"Message: {record.msg!r}\nArguments: {record.args}\n")
        sys.stderr.write(report)

    def __repr__(self):
        return f"<{type(self).__name__} ({getLevelName(self.level)})>"


def _describe_stream(stream):
    if stream is sys.stdout:
        return "<stdout>"
    if stream is sys.stderr:
        return "<stderr>"
    return str(getattr(stream, "name", ""))


class StreamHandler(Handler):
    terminator = "\n"

    def __init__(self, stream=None):
        Handler.__init__(self)
        self.stream = sys.stderr if stream is None else stream

    def flush(self):
        with self.lock:
            target = self.stream
            if target and hasattr(target, "flush"):
                target.flush()

    def emit(self, record):
        try:
            line = self.format(record) + self.terminator
            self.stream.write(line)
            self.flush()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def setStream(self, stream):
        previous = self.stream
        if stream is previous:
            return None
        with self.lock:
            self.flush()
            self.stream = stream
        return previous

    def __repr__(self):
        label = _describe_stream(self.stream)
        if label:
            label += " "
        return f"<{type(self).__name__} {label}({getLevelName(self.level)})>"


class FileHandler(StreamHandler):
    def __init__(self, filename, mode="a", encoding=None, delay=False, errors=None):
        _unsupported("logging to a file (logging.FileHandler)")


class NullHandler(Handler):
    def createLock(self):
        self.lock = None

    def handle(self, record):
        return None

    def emit(self, record):
        return None


class _StderrHandler(StreamHandler):
    # The handler of last resort: whatever sys.stderr is at the time of the record.
    def __init__(self, level=NOTSET):
        Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stderr


lastResort = _StderrHandler(WARNING)


# ----- the tree of loggers -----

class PlaceHolder:
    # Stands for a logger name nobody asked for yet; remembers the loggers below it.
    def __init__(self, alogger):
        self.loggerMap = {alogger: None}

    def append(self, alogger):
        self.loggerMap.setdefault(alogger, None)


class Manager:
    def __init__(self, rootnode):
        self.root = rootnode
        self.disable = 0
        self.emittedNoHandlerWarning = False
        self.loggerDict = {}
        self.loggerClass = None

    def getLogger(self, name):
        if not isinstance(name, str):
            raise TypeError("A logger name must be a string")
        with _lock:
            known = self.loggerDict.get(name)
            if known is not None and not isinstance(known, PlaceHolder):
                return known
            made = (self.loggerClass or _logger_class)(name)
            made.manager = self
            self.loggerDict[name] = made
            if known is not None:
                self._take_over_children(known, made)
            self._link_to_parent(made)
            return made

    def _link_to_parent(self, logger):
        # The nearest existing ancestor becomes the parent; the names in between get
        # PlaceHolders that remember this logger.
        name = logger.name
        parent = None
        cut = name.rfind(".")
        while cut > 0 and parent is None:
            above = self.loggerDict.get(name[:cut])
            if above is None:
                self.loggerDict[name[:cut]] = PlaceHolder(logger)
            elif isinstance(above, PlaceHolder):
                above.append(logger)
            else:
                parent = above
            cut = name.rfind(".", 0, cut - 1)
        logger.parent = parent if parent is not None else self.root

    def _take_over_children(self, holder, logger):
        # Loggers created below the placeholder now hang from the new logger.
        prefix = logger.name
        for child in holder.loggerMap:
            if not child.parent.name.startswith(prefix):
                logger.parent = child.parent
                child.parent = logger

    def _clear_cache(self):
        with _lock:
            self.root._cache.clear()
            for entry in self.loggerDict.values():
                if isinstance(entry, Logger):
                    entry._cache.clear()


def _exception_triple(exc_info):
    # exc_info=True means the exception being handled; an exception object stands for
    # itself; a (type, value, traceback) tuple is taken as it is.
    if isinstance(exc_info, tuple):
        return exc_info
    if isinstance(exc_info, BaseException):
        return type(exc_info), exc_info, exc_info.__traceback__
    return sys.exc_info()


class Logger(Filterer):
    def __init__(self, name, level=NOTSET):
        Filterer.__init__(self)
        self.name = name
        self.level = _as_level(level)
        self.parent = None
        self.propagate = True
        self.handlers = []
        self.disabled = False
        self._cache = {}

    def setLevel(self, level):
        self.level = _as_level(level)
        self.manager._clear_cache()

    # One method per level, most severe first. Each checks the level before anything
    # else, so a call below the logger's level costs little.

    def critical(self, msg, *args, **kwargs):
        if self.isEnabledFor(CRITICAL):
            self._log(CRITICAL, msg, args, **kwargs)

    def error(self, msg, *args, **kwargs):
        if self.isEnabledFor(ERROR):
            self._log(ERROR, msg, args, **kwargs)

    def exception(self, msg, *args, exc_info=True, **kwargs):
        self.error(msg, *args, exc_info=exc_info, **kwargs)

    def warning(self, msg, *args, **kwargs):
        if self.isEnabledFor(WARNING):
            self._log(WARNING, msg, args, **kwargs)

    def info(self, msg, *args, **kwargs):
        if self.isEnabledFor(INFO):
            self._log(INFO, msg, args, **kwargs)

    def debug(self, msg, *args, **kwargs):
        if self.isEnabledFor(DEBUG):
            self._log(DEBUG, msg, args, **kwargs)

    fatal = critical
    warn = warning

    def log(self, level, msg, *args, **kwargs):
        if isinstance(level, int):
            if self.isEnabledFor(level):
                self._log(level, msg, args, **kwargs)
        elif raiseExceptions:
            raise TypeError("level must be an integer")

    def isEnabledFor(self, level):
        if self.disabled:
            return False
        try:
            return self._cache[level]
        except KeyError:
            pass
        with _lock:
            answer = self.manager.disable < level and level >= self.getEffectiveLevel()
            self._cache[level] = answer
        return answer

    def getEffectiveLevel(self):
        node = self
        while node:
            if node.level:
                return node.level
            node = node.parent
        return NOTSET

    def findCaller(self, stack_info=False, stacklevel=1):
        path, line, function = _gilscope.caller(stacklevel)
        return path, line, function, None

    def makeRecord(self, name, level, fn, lno, msg, args, exc_info,
                   func=None, extra=None, sinfo=None):
        record = _record_factory(name, level, fn, lno, msg, args, exc_info, func, sinfo)
        if extra is not None:
            taken = record.__dict__
            for key in extra:
                if key == "message" or key == "asctime" or key in taken:
                    raise KeyError(f"Attempt to overwrite {key!r} in LogRecord")
                setattr(record, key, extra[key])
        return record

    def _log(self, level, msg, args, exc_info=None, extra=None, stack_info=False,
             stacklevel=1):
        path, line, function, stack = self.findCaller(stack_info, stacklevel)
        if exc_info:
            exc_info = _exception_triple(exc_info)
        self.handle(self.makeRecord(self.name, level, path, line, msg, args, exc_info,
                                    function, extra, stack))

    def handle(self, record):
        if not self.disabled and self.filter(record):
            self.callHandlers(record)

    def addHandler(self, hdlr):
        with _lock:
            if hdlr not in self.handlers:
                self.handlers.append(hdlr)

    def removeHandler(self, hdlr):
        with _lock:
            if hdlr in self.handlers:
                self.handlers.remove(hdlr)

    def hasHandlers(self):
        node = self
        while node:
            if node.handlers:
                return True
            node = node.parent if node.propagate else None
        return False

    def callHandlers(self, record):
        # Up the tree until a logger that does not propagate; with no handler at all
        # on the way, the handler of last resort takes the record.
        seen = 0
        level = record.levelno
        node = self
        while node:
            for hdlr in node.handlers:
                seen += 1
                if level >= hdlr.level:
                    hdlr.handle(record)
            node = node.parent if node.propagate else None
        if not seen and lastResort and level >= lastResort.level:
            lastResort.handle(record)

    def getChild(self, suffix):
        if self is not self.root:
            suffix = self.name + "." + suffix
        return self.manager.getLogger(suffix)

    def __repr__(self):
        level = getLevelName(self.getEffectiveLevel())
        return f"<{type(self).__name__} {self.name} ({level})>"


class RootLogger(Logger):
    def __init__(self, level):
        super().__init__("root", level)


_logger_class = Logger
_record_factory = LogRecord

root = RootLogger(WARNING)
Logger.root = root
Logger.manager = root.manager = Manager(root)


def setLoggerClass(klass):
    global _logger_class
    _logger_class = klass


def getLoggerClass():
    return _logger_class


def setLogRecordFactory(factory):
    global _record_factory
    _record_factory = factory


def getLogRecordFactory():
    return _record_factory


def _adapter_level(level, name):
    # LoggerAdapter's per-level methods: all of them go through its log().
    def at_level(self, msg, *args, **kwargs):
        self.log(level, msg, *args, **kwargs)

    at_level.__name__ = name
    at_level.__qualname__ = "LoggerAdapter." + name
    return at_level


class LoggerAdapter:
    # Passes calls on to a logger, with `extra` attached to every record.
    def __init__(self, logger, extra=None):
        self.logger = logger
        self.extra = extra

    def process(self, msg, kwargs):
        kwargs["extra"] = self.extra
        return msg, kwargs

    def log(self, level, msg, *args, **kwargs):
        if self.isEnabledFor(level):
            msg, kwargs = self.process(msg, kwargs)
            self.logger.log(level, msg, *args, **kwargs)

    critical = _adapter_level(CRITICAL, "critical")
    error = _adapter_level(ERROR, "error")
    warning = warn = _adapter_level(WARNING, "warning")
    info = _adapter_level(INFO, "info")
    debug = _adapter_level(DEBUG, "debug")

    def exception(self, msg, *args, exc_info=True, **kwargs):
        self.log(ERROR, msg, *args, exc_info=exc_info, **kwargs)

    def isEnabledFor(self, level):
        return self.logger.isEnabledFor(level)

    def setLevel(self, level):
        self.logger.setLevel(level)

    def getEffectiveLevel(self):
        return self.logger.getEffectiveLevel()

    def hasHandlers(self):
        return self.logger.hasHandlers()

    @property
    def name(self):
        return self.logger.name

    def __repr__(self):
        inner = self.logger
        level = getLevelName(inner.getEffectiveLevel())
        return f"<{type(self).__name__} {inner.name} ({level})>"


# ----- module-level configuration and shortcuts -----

def _default_handlers(options):
    handlers = options.pop("handlers", None)
    if handlers is None:
        if "stream" in options and "filename" in options:
            raise ValueError("'stream' and 'filename' should not be specified together")
        filename = options.pop("filename", None)
        options.pop("filemode", None)
        if filename:
            return [FileHandler(filename)]
        return [StreamHandler(options.pop("stream", None))]
    if "stream" in options or "filename" in options:
        raise ValueError("'stream' or 'filename' should not be specified together "
                         "with 'handlers'")
    return handlers


def basicConfig(**kwargs):
    # Gives the root logger a handler, unless it has one already (or force=True).
    with _lock:
        if kwargs.pop("force", False):
            for old in list(root.handlers):
                root.removeHandler(old)
                old.close()
        if root.handlers:
            return
        kwargs.pop("encoding", None)
        kwargs.pop("errors", None)
        handlers = _default_handlers(kwargs)
        datefmt = kwargs.pop("datefmt", None)
        style = kwargs.pop("style", "%")
        _style_class(style)
        shared = Formatter(kwargs.pop("format", _STYLES[style][1]), datefmt, style)
        for hdlr in handlers:
            if hdlr.formatter is None:
                hdlr.setFormatter(shared)
            root.addHandler(hdlr)
        level = kwargs.pop("level", None)
        if level is not None:
            root.setLevel(level)
        if kwargs:
            raise ValueError("Unrecognised argument(s): " + ", ".join(kwargs))


def getLogger(name=None):
    if not name or (isinstance(name, str) and name == root.name):
        return root
    return Logger.manager.getLogger(name)


# The shortcuts log through the root logger, configuring it first if it has no handler.

def critical(msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.critical(msg, *args, **kwargs)


def error(msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.error(msg, *args, **kwargs)


def exception(msg, *args, exc_info=True, **kwargs):
    error(msg, *args, exc_info=exc_info, **kwargs)


def warning(msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.warning(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.info(msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.debug(msg, *args, **kwargs)


def log(level, msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.log(level, msg, *args, **kwargs)


fatal = critical
warn = warning


def disable(level=CRITICAL):
    manager = Logger.manager
    manager.disable = level
    manager._clear_cache()


def shutdown(handlerList=None):
    for hdlr in list(root.handlers):
        hdlr.flush()
        hdlr.close()


def captureWarnings(capture):
    return None
