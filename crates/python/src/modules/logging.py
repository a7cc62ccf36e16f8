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

# Switches a program may turn off: errors inside handlers reported on stderr, and the
# thread, process-name and pid fields every record fills in.
raiseExceptions = True
logThreads = logMultiprocessing = logProcesses = True

_loaded_at = time.time()     # relativeCreated counts from here
_lock = threading.RLock()    # guards the logger tree, level tables and basicConfig


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
    if isinstance(level, str):
        number = _LEVEL_OF.get(level)
        if number is None:
            raise ValueError(f"Unknown level: {level!r}")
        return number
    if not isinstance(level, int):
        raise TypeError(f"Level not an integer or a valid string: {level!r}")
    return level


# ----- records -----

class LogRecord:
    def __init__(self, name, level, pathname, lineno, msg, args, exc_info,
                 func=None, sinfo=None, **kwargs):
        now = time.time()
        label = getLevelName(level)
        # A single non-empty dict argument fills %(key)s fields of the message.
        if args and len(args) == 1:
            only = args[0]
            if isinstance(only, dict) and only:
                args = only
        base = pathname.rsplit("/", 1)[-1]
        self.name = name
        self.msg = msg
        self.args = args
        self.levelname = label
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
        self.relativeCreated = (now - _loaded_at) * 1000
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

    def _render(self, record):
        return self._fmt % self._fields(record)

    def format(self, record):
        try:
            return self._render(record)
        except KeyError as missing:
            raise ValueError(f"Formatting field not found in record: {missing}")


class StrFormatStyle(PercentStyle):
    default_format = "{message}"
    asctime_format = "{asctime}"
    asctime_search = "{asctime"

    def _render(self, record):
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

    def _render(self, record):
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
        self.datefmt = datefmt
        chosen = _style_class(style)(fmt, defaults=defaults)
        if validate:
            chosen.validate()
        self._style = chosen
        self._fmt = chosen._fmt

    # format() first, then the steps it takes, in the order it takes them; each step is
    # a method of its own so that a subclass can replace it.

    def format(self, record):
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        trace = record.exc_text
        if record.exc_info and not trace:
            # Kept on the record: every handler after the first reuses it.
            trace = record.exc_text = self.formatException(record.exc_info)
        if trace:
            text = _with_newline(text) + trace
        if record.stack_info:
            text = _with_newline(text) + self.formatStack(record.stack_info)
        return text

    def usesTime(self):
        return self._style.usesTime()

    def formatTime(self, record, datefmt=None):
        moment = time.localtime(record.created)
        if datefmt:
            return time.strftime(datefmt, moment)
        stamp = time.strftime(self.default_time_format, moment)
        msec_format = self.default_msec_format
        return msec_format % (stamp, record.msecs) if msec_format else stamp

    def formatMessage(self, record):
        return self._style.format(record)

    def formatException(self, ei):
        text = _gilscope.format_exception(ei[1])
        return text[:-1] if text.endswith("\n") else text

    def formatStack(self, stack_info):
        return stack_info


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
        chain = self.filters
        if filter not in chain:
            chain.append(filter)

    def removeFilter(self, filter):
        chain = self.filters
        if filter in chain:
            chain.remove(filter)

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
        self.level = _as_level(level)
        self.formatter = self._label = None
        self._shut = False
        self.createLock()

    # A handler's name reads and writes as an attribute or through get_name/set_name.
    def get_name(self):
        return self._label

    def set_name(self, name):
        self._label = name

    name = property(get_name, set_name)

    def createLock(self):
        self.lock = threading.RLock()

    # acquire and release do nothing for a handler made without a lock (NullHandler).
    def acquire(self):
        lock = self.lock
        if lock is not None:
            lock.acquire()

    def release(self):
        lock = self.lock
        if lock is not None:
            lock.release()

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
        self._shut = True

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


class _StderrHandler(StreamHandler):
    # The handler of last resort: whatever sys.stderr is at the time of the record.
    def __init__(self, level=NOTSET):
        # Not StreamHandler.__init__: the stream here is a property, never stored.
        Handler.__init__(self, level=level)

    @property
    def stream(self):
        return sys.stderr


lastResort = _StderrHandler(WARNING)


class NullHandler(Handler):
    # For libraries: a record sent here goes nowhere, and no lock is taken for it.
    def emit(self, record):
        return None

    handle = emit

    def createLock(self):
        self.lock = None


# ----- the tree of loggers -----

class PlaceHolder:
    # Stands for a logger name nobody asked for yet; remembers the loggers below it.
    def __init__(self, alogger):
        self.loggerMap = {alogger: None}

    def append(self, alogger):
        self.loggerMap.setdefault(alogger, None)


class Manager:
    # Settings a program may change on the manager (logging.disable sets `disable`);
    # gilscope never warns about a missing handler, the flag is there for programs.
    disable = NOTSET
    loggerClass = None
    emittedNoHandlerWarning = False

    def __init__(self, rootnode):
        self.root = rootnode
        self.loggerDict = {}

    def getLogger(self, name):
        if isinstance(name, str):
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
        raise TypeError("A logger name must be a string")

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

    def _forget_levels(self):
        # Drops the isEnabledFor answers cached by every logger: a level changed.
        with _lock:
            self.root._enabled.clear()
            for entry in self.loggerDict.values():
                if isinstance(entry, Logger):
                    entry._enabled.clear()


def _exception_triple(exc_info):
    # exc_info=True means the exception being handled; an exception object stands for
    # itself; a (type, value, traceback) tuple is taken as it is.
    if isinstance(exc_info, tuple):
        return exc_info
    if not isinstance(exc_info, BaseException):
        return sys.exc_info()
    return type(exc_info), exc_info, exc_info.__traceback__


class Logger(Filterer):
    def __init__(self, name, level=NOTSET):
        Filterer.__init__(self)
        self.name = name
        self.level = _as_level(level)
        self.parent = None
        self.handlers = []
        self.propagate, self.disabled = True, False
        self._enabled = {}    # level -> isEnabledFor's answer, until a level changes

    def setLevel(self, level):
        self.level = _as_level(level)
        self.manager._forget_levels()

    # One method per level, most severe first; they are the hot path of most programs,
    # so each is written out: a call below the logger's level returns after one check.

    def critical(self, msg, *args, **options):
        if not self.isEnabledFor(CRITICAL):
            return
        self._log(CRITICAL, msg, args, **options)

    def error(self, msg, *args, **options):
        if not self.isEnabledFor(ERROR):
            return
        self._log(ERROR, msg, args, **options)

    def exception(self, msg, *args, exc_info=True, **options):
        self.error(msg, *args, exc_info=exc_info, **options)

    def warning(self, msg, *args, **options):
        if not self.isEnabledFor(WARNING):
            return
        self._log(WARNING, msg, args, **options)

    def info(self, msg, *args, **options):
        if not self.isEnabledFor(INFO):
            return
        self._log(INFO, msg, args, **options)

    def debug(self, msg, *args, **options):
        if not self.isEnabledFor(DEBUG):
            return
        self._log(DEBUG, msg, args, **options)

    fatal = critical
    warn = warning

    def log(self, level, msg, *args, **options):
        if not isinstance(level, int):
            if raiseExceptions:
                raise TypeError("level must be an integer")
        elif self.isEnabledFor(level):
            self._log(level, msg, args, **options)

    def isEnabledFor(self, level):
        if self.disabled:
            return False
        try:
            return self._enabled[level]
        except KeyError:
            pass
        with _lock:
            answer = self.manager.disable < level and level >= self.getEffectiveLevel()
            self._enabled[level] = answer
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

    def makeRecord(self, name, level, fn, lno, msg, args, exc_info, func=None,
                   extra=None, sinfo=None):
        record = _record_factory(name, level, fn, lno, msg, args, exc_info, func, sinfo)
        if extra is not None:
            taken = record.__dict__
            for key in extra:
                if key == "message" or key == "asctime" or key in taken:
                    raise KeyError(f"Attempt to overwrite {key!r} in LogRecord")
                setattr(record, key, extra[key])
        return record

    def _log(self, level, msg, args, exc_info=None, extra=None,
             stack_info=False, stacklevel=1):
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
            attached = self.handlers
            if hdlr not in attached:
                attached.append(hdlr)

    def removeHandler(self, hdlr):
        with _lock:
            attached = self.handlers
            if hdlr in attached:
                attached.remove(hdlr)

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
        # The root's children are named by the suffix alone.
        full = suffix if self is self.root else ".".join((self.name, suffix))
        return self.manager.getLogger(full)

    def __repr__(self):
        return (f"<{type(self).__name__} {self.name} "
                f"({getLevelName(self.getEffectiveLevel())})>")


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
    def at_level(self, msg, *args, **options):
        self.log(level, msg, *args, **options)

    at_level.__name__ = name
    at_level.__qualname__ = "LoggerAdapter." + name
    return at_level


def _to_logger(name):
    # A LoggerAdapter method that only hands the call on to the adapted logger.
    def forward(self, *args, **kwargs):
        return getattr(self.logger, name)(*args, **kwargs)

    forward.__name__ = name
    forward.__qualname__ = "LoggerAdapter." + name
    return forward


class LoggerAdapter:
    # Passes calls on to a logger, with `extra` attached to every record.
    def __init__(self, logger, extra=None):
        self.logger, self.extra = logger, extra

    def process(self, msg, kwargs):
        # The adapter's extra replaces whatever extra the call gave.
        kwargs["extra"] = self.extra
        return msg, kwargs

    def log(self, level, msg, *args, **options):
        if not self.isEnabledFor(level):
            return
        msg, options = self.process(msg, options)
        self.logger.log(level, msg, *args, **options)

    critical = _adapter_level(CRITICAL, "critical")
    error = _adapter_level(ERROR, "error")
    warning = warn = _adapter_level(WARNING, "warning")
    info = _adapter_level(INFO, "info")
    debug = _adapter_level(DEBUG, "debug")

    def exception(self, msg, *args, exc_info=True, **options):
        self.log(ERROR, msg, *args, exc_info=exc_info, **options)

    def isEnabledFor(self, level):
        return self.logger.isEnabledFor(level)

    setLevel = _to_logger("setLevel")
    getEffectiveLevel = _to_logger("getEffectiveLevel")
    hasHandlers = _to_logger("hasHandlers")

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


def basicConfig(**options):
    # Gives the root logger a handler, unless it has one already (or force=True).
    # Handlers and level take effect before unknown options are reported, as in CPython.
    with _lock:
        if options.pop("force", False):
            for old in root.handlers[:]:
                root.removeHandler(old)
                old.close()
        if root.handlers:
            return
        for about_files in ("encoding", "errors"):
            options.pop(about_files, None)
        handlers = _default_handlers(options)
        style = options.pop("style", "%")
        _style_class(style)
        shared = Formatter(options.pop("format", _STYLES[style][1]),
                           options.pop("datefmt", None), style)
        for hdlr in handlers:
            if hdlr.formatter is None:
                hdlr.setFormatter(shared)
            root.addHandler(hdlr)
        wanted = options.pop("level", None)
        if wanted is not None:
            root.setLevel(wanted)
        if options:
            raise ValueError("Unrecognised argument(s): " + ", ".join(options))


def getLogger(name=None):
    # No name, "" and "root" all stand for the root logger.
    if name and name != root.name:
        return Logger.manager.getLogger(name)
    return root


# The shortcuts log through the root logger, configuring it first if it has no handler.

def critical(msg, *args, **options):
    if not root.handlers:
        basicConfig()
    root.critical(msg, *args, **options)


def error(msg, *args, **options):
    if not root.handlers:
        basicConfig()
    root.error(msg, *args, **options)


def exception(msg, *args, exc_info=True, **options):
    error(msg, *args, exc_info=exc_info, **options)


def warning(msg, *args, **options):
    if not root.handlers:
        basicConfig()
    root.warning(msg, *args, **options)


def info(msg, *args, **options):
    if not root.handlers:
        basicConfig()
    root.info(msg, *args, **options)


def debug(msg, *args, **options):
    if not root.handlers:
        basicConfig()
    root.debug(msg, *args, **options)


def log(level, msg, *args, **options):
    if not root.handlers:
        basicConfig()
    root.log(level, msg, *args, **options)


fatal = critical
warn = warning


def disable(level=CRITICAL):
    manager = Logger.manager
    manager.disable = level
    manager._forget_levels()


def shutdown(handlerList=None):
    for hdlr in list(root.handlers):
        hdlr.flush()
        hdlr.close()


def captureWarnings(capture):
    return None
