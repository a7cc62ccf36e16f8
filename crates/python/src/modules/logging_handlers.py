# logging.handlers for gilscope, written for this project from the documented behaviour
# of Python 3.11. It has what a threaded program needs: QueueHandler and QueueListener
# (many threads log through one queue, one thread writes), BufferingHandler and
# MemoryHandler. The handlers that write files or use sockets, syslog, SMTP or HTTP are
# reported as unsupported: gilscope touches no real files and no network.
import logging
import queue
import threading

(
    DEFAULT_TCP_LOGGING_PORT,
    DEFAULT_UDP_LOGGING_PORT,
    DEFAULT_HTTP_LOGGING_PORT,
    DEFAULT_SOAP_LOGGING_PORT,
) = range(9020, 9024)
SYSLOG_UDP_PORT = SYSLOG_TCP_PORT = 514


def _unavailable(name, why):
    def refuse(*args, **kwargs):
        _unsupported(f"logging.handlers.{name}{why}")

    refuse.__name__ = name
    return refuse


_NO_FILES = " (no real files)"
_NO_NETWORK = " (no network)"
RotatingFileHandler = _unavailable("RotatingFileHandler", _NO_FILES)
TimedRotatingFileHandler = _unavailable("TimedRotatingFileHandler", _NO_FILES)
WatchedFileHandler = _unavailable("WatchedFileHandler", _NO_FILES)
SocketHandler = _unavailable("SocketHandler", _NO_NETWORK)
DatagramHandler = _unavailable("DatagramHandler", _NO_NETWORK)
SysLogHandler = _unavailable("SysLogHandler", _NO_NETWORK)
SMTPHandler = _unavailable("SMTPHandler", _NO_NETWORK)
HTTPHandler = _unavailable("HTTPHandler", _NO_NETWORK)
NTEventLogHandler = _unavailable("NTEventLogHandler", "")


class BufferingHandler(logging.Handler):
    # Keeps records in self.buffer; flush() (here: forget them) runs once shouldFlush says so.
    def __init__(self, capacity):
        super().__init__()
        self.capacity = capacity
        self.buffer = []

    def _full(self):
        return len(self.buffer) >= self.capacity

    def shouldFlush(self, record):
        return self._full()

    def emit(self, record):
        buffered = self.buffer
        buffered.append(record)
        if self.shouldFlush(record):
            self.flush()

    def flush(self):
        with self.lock:
            self.buffer.clear()

    def close(self):
        try:
            self.flush()
        finally:
            super().close()


class MemoryHandler(BufferingHandler):
    # Passes its buffer on to a target handler when full or when a severe record comes.
    def __init__(self, capacity, flushLevel=logging.ERROR, target=None, flushOnClose=True):
        super().__init__(capacity)
        self.target = target
        self.flushLevel, self.flushOnClose = flushLevel, flushOnClose

    def shouldFlush(self, record):
        return self._full() or record.levelno >= self.flushLevel

    def setTarget(self, target):
        with self.lock:
            self.target = target

    def flush(self):
        with self.lock:
            destination = self.target
            if not destination:
                return
            for item in self.buffer:
                destination.handle(item)
            self.buffer.clear()

    def close(self):
        try:
            if self.flushOnClose:
                self.flush()
        finally:
            with self.lock:
                self.target = None
                super().close()


class QueueHandler(logging.Handler):
    # Formats each record here, then puts a plain copy (no arguments, no exception) on a queue.
    def __init__(self, queue):
        super().__init__()
        self.queue = queue

    def enqueue(self, record):
        self.queue.put_nowait(record)

    def prepare(self, record):
        text = self.format(record)
        flat = logging.makeLogRecord(record.__dict__)
        flat.msg = flat.message = text
        flat.args = flat.exc_info = flat.exc_text = flat.stack_info = None
        return flat

    def emit(self, record):
        try:
            ready = self.prepare(record)
            self.enqueue(ready)
        except Exception:
            self.handleError(record)


class QueueListener:
    # A daemon thread takes records off the queue and gives them to the handlers until
    # stop() puts the end marker (None) on the queue.
    _sentinel = None

    def __init__(self, queue, *handlers, respect_handler_level=False):
        self._thread = None
        self.queue, self.handlers = queue, handlers
        self.respect_handler_level = respect_handler_level

    def prepare(self, record):
        return record

    def handle(self, record):
        ready = self.prepare(record)
        picky = self.respect_handler_level
        for target in self.handlers:
            if picky and ready.levelno < target.level:
                continue
            target.handle(ready)

    def start(self):
        # The thread's target keeps CPython's method name: it shows in the thread's name.
        worker = threading.Thread(target=self._monitor)
        worker.daemon = True
        self._thread = worker
        worker.start()

    def dequeue(self, block):
        return self.queue.get(block)

    def _monitor(self):
        source = self.queue
        acknowledge = getattr(source, "task_done", None)
        while True:
            try:
                item = self.dequeue(True)
            except queue.Empty:
                return
            finished = item is self._sentinel
            if not finished:
                self.handle(item)
            if acknowledge is not None:
                acknowledge()
            if finished:
                return

    def enqueue_sentinel(self):
        self.queue.put_nowait(self._sentinel)

    def stop(self):
        worker, self._thread = self._thread, None
        self.enqueue_sentinel()
        worker.join()
