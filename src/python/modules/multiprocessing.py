# multiprocessing for gilscope: processes started with fork (the default of CPython 3.11
# on Linux), written for gilscope's VM and run on it like user code, so the library's own
# bytecode costs simulated time and a thread switch can land inside it, as in CPython.
#
# Natives (from processes.rs, in this module's globals): _fork(process) -> engine pid,
# _join(pid, timeout) -> bool, _exitcode(pid), _terminate(pid), _run (Process.run),
# _getpid(pid=None), _cpu_count(), _semlock(kind, value), _event(), _condition(semlock),
# _cell(typecode, value), _array(typecode, init), _queue(kind, maxsize).
#
# Each process is a separate interpreter: _fork copies this process's memory into the
# child, whose main thread calls _after_fork, then run(), then _exit_function, as
# multiprocessing/process.py's _bootstrap does. Queues and pipes carry pickled copies.
import os
import threading
import queue as _queue_mod
import atexit


class ProcessError(Exception):
    __module__ = 'multiprocessing.context'


class BufferTooShort(ProcessError):
    __module__ = 'multiprocessing.context'


class TimeoutError(ProcessError):
    __module__ = 'multiprocessing.context'


class AuthenticationError(ProcessError):
    __module__ = 'multiprocessing.context'


SEM_VALUE_MAX = 2147483647

_SIGNAL_NAMES = {1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV',
                 13: 'SIGPIPE', 15: 'SIGTERM'}

# The state of this process: its counter of children (names Process-N), its live
# children, and the finalisers run at exit (pools terminate there).
_process_counter = [0]
_children = []
_finalizers = []
_finalizer_counter = [0]
_exiting = [False]


class Finalize:
    # multiprocessing.util.Finalize for exit: run by _exit_function, highest priority
    # first, the newest first among equals.
    __module__ = 'multiprocessing.util'

    def __init__(self, exitpriority, callback, *args):
        self._priority = exitpriority
        self._callback = callback
        self._args = args
        _finalizer_counter[0] += 1
        self._key = (exitpriority, _finalizer_counter[0])
        _finalizers.append(self)

    def __call__(self):
        if self in _finalizers:
            _finalizers.remove(self)
            return self._callback(*self._args)

    def cancel(self):
        if self in _finalizers:
            _finalizers.remove(self)


def _discard_child(p):
    if p in _children:
        _children.remove(p)


def _cleanup():
    for p in list(_children):
        if p._pid is not None and _exitcode(p._pid) is not None:
            _discard_child(p)


class BaseProcess:
    __module__ = 'multiprocessing.process'

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={},
                 *, daemon=None):
        if group is not None:
            raise AssertionError('group argument must be None for now')
        _process_counter[0] += 1
        self._identity = _current_process._identity + (_process_counter[0],)
        self._config = dict(_current_process._config)
        self._parent_pid = os.getpid()
        self._parent_name = _current_process.name
        self._pid = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        if name is None:
            name = type(self).__name__ + '-' + ':'.join([str(i) for i in self._identity])
        self._name = name
        if daemon is not None:
            self.daemon = daemon

    run = _run

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    def start(self):
        self._check_closed()
        if self._pid is not None:
            raise AssertionError('cannot start a process twice')
        if self._parent_pid != os.getpid():
            raise AssertionError('can only start a process object created by current process')
        if _current_process._config.get('daemon'):
            raise AssertionError('daemonic processes are not allowed to have children')
        _cleanup()
        self._pid = _fork(self)
        _children.append(self)

    def terminate(self):
        self._check_closed()
        if self._pid is None:
            raise AttributeError("'NoneType' object has no attribute 'terminate'")
        _terminate(self._pid)

    def kill(self):
        self.terminate()

    def join(self, timeout=None):
        self._check_closed()
        if self._parent_pid != os.getpid():
            raise AssertionError('can only join a child process')
        if self._pid is None:
            raise AssertionError('can only join a started process')
        if _join(self._pid, timeout):
            _discard_child(self)

    def is_alive(self):
        self._check_closed()
        if self is _current_process:
            return True
        if self._parent_pid != os.getpid():
            raise AssertionError('can only test a child process')
        if self._pid is None:
            return False
        if _exitcode(self._pid) is None:
            return True
        _discard_child(self)
        return False

    def close(self):
        if self._pid is not None:
            if _exitcode(self._pid) is None:
                raise ValueError("Cannot close a process while it is still running. "
                                 "You should first call join() or terminate().")
            _discard_child(self)
        self._closed = True

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        if not isinstance(name, str):
            raise AssertionError('name must be a string')
        self._name = name

    @property
    def daemon(self):
        return self._config.get('daemon', False)

    @daemon.setter
    def daemon(self, daemonic):
        if self._pid is not None:
            raise AssertionError('process has already started')
        self._config['daemon'] = daemonic

    @property
    def exitcode(self):
        self._check_closed()
        if self._pid is None:
            return None
        return _exitcode(self._pid)

    @property
    def ident(self):
        self._check_closed()
        if self is _current_process:
            return os.getpid()
        if self._pid is None:
            return None
        return _getpid(self._pid)

    pid = ident

    def __repr__(self):
        code = None
        if self is _current_process:
            status = 'started'
        elif self._closed:
            status = 'closed'
        elif self._parent_pid != os.getpid():
            status = 'unknown'
        elif self._pid is None:
            status = 'initial'
        else:
            code = _exitcode(self._pid)
            status = 'started' if code is None else 'stopped'
        parts = [type(self).__name__, 'name=%r' % self._name]
        if self._pid is not None and self is not _current_process:
            parts.append('pid=%s' % _getpid(self._pid))
        parts.append('parent=%s' % self._parent_pid)
        parts.append(status)
        if code is not None:
            if code < 0 and -code in _SIGNAL_NAMES:
                code = '-' + _SIGNAL_NAMES[-code]
            parts.append('exitcode=%s' % code)
        if self.daemon:
            parts.append('daemon')
        return '<%s>' % ' '.join(parts)


class Process(BaseProcess):
    __module__ = 'multiprocessing.context'


class ForkProcess(Process):
    __module__ = 'multiprocessing.context'


class _MainProcess(BaseProcess):
    __module__ = 'multiprocessing.process'

    def __init__(self):
        self._identity = ()
        self._name = 'MainProcess'
        self._parent_pid = None
        self._pid = None
        self._closed = False
        self._target = None
        self._args = ()
        self._kwargs = {}
        self._config = {}


class _ParentProcess(BaseProcess):
    __module__ = 'multiprocessing.process'

    def __init__(self, name, pid):
        self._identity = ()
        self._name = name
        self._pid = None
        self._os_pid = pid
        self._parent_pid = None
        self._closed = False
        self._target = None
        self._args = ()
        self._kwargs = {}
        self._config = {}

    def is_alive(self):
        return True

    @property
    def ident(self):
        return self._os_pid

    pid = ident


_current_process = _MainProcess()
_parent_process = None


def current_process():
    return _current_process


def parent_process():
    return _parent_process


def active_children():
    _cleanup()
    return list(_children)


def cpu_count():
    return _cpu_count()


def get_start_method(allow_none=False):
    return 'fork'


def get_all_start_methods():
    return ['fork', 'spawn', 'forkserver']


def set_start_method(method, force=False):
    if method != 'fork':
        _unsupported("multiprocessing start method '%s' (gilscope forks)" % method)


def freeze_support():
    pass


def _after_fork(process):
    # In the child, at the start of _bootstrap: this process is the current one and has
    # no children yet.
    global _current_process, _parent_process
    _parent_process = _ParentProcess(process._parent_name, process._parent_pid)
    _current_process = process
    _process_counter[0] = 0
    _children.clear()
    _finalizers.clear()
    _exiting[0] = False
    for q in _afterfork_registry:
        q._reset()
    _log(20, 'child process calling self.run()')


def _run_finalizers(minpriority=None):
    todo = [f for f in _finalizers if minpriority is None or f._priority >= minpriority]
    todo.sort(key=lambda f: f._key, reverse=True)
    for f in todo:
        f()


def _exit_function():
    # atexit in the main process, the end of _bootstrap in a child: pools terminate,
    # daemonic children are killed, the others joined.
    if _exiting[0]:
        return
    _exiting[0] = True
    _log(20, 'process shutting down')
    _log(10, 'running all "atexit" finalizers with priority >= 0')
    _run_finalizers(0)
    for p in active_children():
        if p.daemon:
            _log(20, 'calling terminate() for daemon %s', p.name)
            _terminate(p._pid)
    for p in active_children():
        _log(20, 'calling join() for process %s', p.name)
        p.join()
    _log(10, 'running the remaining "atexit" finalizers')
    _run_finalizers()


atexit.register(_exit_function)


# ----- synchronisation (multiprocessing.synchronize) -----

class SemLock:
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, kind, value, maxvalue):
        self._semlock = _semlock(kind, value)
        self.acquire = self._semlock.acquire
        self.release = self._semlock.release

    def __enter__(self):
        return self._semlock.__enter__()

    def __exit__(self, *args):
        return self._semlock.__exit__(*args)


def _owner_name():
    name = _current_process.name
    t = threading.current_thread().name
    if t != 'MainThread':
        name = name + '|' + t
    return name


class Semaphore(SemLock):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, value=1):
        SemLock.__init__(self, 2, value, SEM_VALUE_MAX)

    def get_value(self):
        return self._semlock._get_value()

    def __repr__(self):
        return '<%s(value=%s)>' % (type(self).__name__, self._semlock._get_value())


class BoundedSemaphore(Semaphore):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, value=1):
        SemLock.__init__(self, 3, value, value)

    def __repr__(self):
        return '<%s(value=%s, maxvalue=%s)>' % (
            type(self).__name__, self._semlock._get_value(), self._semlock._maxvalue())


class Lock(SemLock):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self):
        SemLock.__init__(self, 0, 1, 1)

    def __repr__(self):
        owner = self._semlock._owner()
        names = ['None', _owner_name(), 'SomeOtherThread', 'SomeOtherProcess']
        return '<%s(owner=%s)>' % (type(self).__name__, names[owner])


class RLock(SemLock):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self):
        SemLock.__init__(self, 1, 1, 1)

    def __repr__(self):
        owner = self._semlock._owner()
        if owner == 0:
            name, count = 'None', 0
        elif owner == 1:
            name, count = _owner_name(), self._semlock._count()
        elif owner == 2:
            name, count = 'SomeOtherThread', 'nonzero'
        else:
            name, count = 'SomeOtherProcess', 'nonzero'
        return '<%s(%s, %s)>' % (type(self).__name__, name, count)


class Condition:
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, lock=None):
        self._lock = lock or RLock()
        self._waitq = _condition(self._lock._semlock)
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return '<%s(%s, %s)>' % (type(self).__name__, self._lock, 0)

    def wait(self, timeout=None):
        if not self._lock._semlock._is_mine():
            raise AssertionError('must acquire() condition before using wait()')
        return self._waitq.wait(timeout)

    def notify(self, n=1):
        if not self._lock._semlock._is_mine():
            raise AssertionError('lock is not owned')
        self._waitq.notify(n)

    def notify_all(self):
        self.notify(SEM_VALUE_MAX)

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        if result:
            return result
        if timeout is not None:
            import time
            endtime = time.monotonic() + timeout
        else:
            endtime = None
            waittime = None
        while not result:
            if endtime is not None:
                import time
                waittime = endtime - time.monotonic()
                if waittime <= 0:
                    break
            self.wait(waittime)
            result = predicate()
        return result


class Event:
    __module__ = 'multiprocessing.synchronize'

    def __init__(self):
        self._flag = _event()

    def is_set(self):
        return self._flag.is_set()

    def set(self):
        self._flag.set()

    def clear(self):
        self._flag.clear()

    def wait(self, timeout=None):
        return self._flag.wait(timeout)


def Barrier(parties, action=None, timeout=None):
    _unsupported('multiprocessing.Barrier')


# ----- shared memory (multiprocessing.sharedctypes) -----

_CTYPES = {'b': 'c_byte', 'B': 'c_ubyte', 'h': 'c_short', 'H': 'c_ushort', 'i': 'c_int',
           'I': 'c_uint', 'l': 'c_long', 'L': 'c_ulong', 'q': 'c_long', 'Q': 'c_ulong',
           'f': 'c_float', 'd': 'c_double'}


class _CData:
    # A C scalar in shared memory (what ctypes' c_int and friends are to CPython).
    __module__ = 'ctypes'

    def __init__(self, cell, code):
        self._cell = cell
        self._code = code

    @property
    def value(self):
        return self._cell.get()

    @value.setter
    def value(self, v):
        self._cell.set(v)

    def __repr__(self):
        return '%s(%r)' % (_CTYPES[self._code], self._cell.get())


class _CArray:
    __module__ = 'multiprocessing.sharedctypes'

    def __init__(self, mem, code):
        self._mem = mem
        self._code = code

    def __len__(self):
        return self._mem.len()

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._mem.items()[i]
        if i < 0:
            i += self._mem.len()
        return self._mem.get(i)

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            start, stop, step = i.indices(self._mem.len())
            values = list(v)
            if step != 1 or len(values) != stop - start:
                raise ValueError("Can only assign sequence of same size")
            self._mem.assign(start, values)
            return
        if i < 0:
            i += self._mem.len()
        self._mem.set(i, v)

    def __iter__(self):
        return iter(self._mem.items())

    def __repr__(self):
        return '<multiprocessing.sharedctypes.%s_Array_%d object at %s>' % (
            _CTYPES[self._code], self._mem.len(), hex(id(self)))


class Synchronized:
    __module__ = 'multiprocessing.sharedctypes'

    def __init__(self, obj, lock=None):
        self._obj = obj
        self._lock = lock or RLock()
        self.acquire = self._lock.acquire
        self.release = self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    @property
    def value(self):
        with self._lock:
            return self._obj.value

    @value.setter
    def value(self, v):
        with self._lock:
            self._obj.value = v

    def __repr__(self):
        return '<%s wrapper for %s>' % (type(self).__name__, self._obj)


class SynchronizedArray(Synchronized):
    __module__ = 'multiprocessing.sharedctypes'

    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, v):
        with self._lock:
            self._obj[i] = v

    def __iter__(self):
        with self._lock:
            return iter(list(self._obj))


def RawValue(typecode_or_type, *args):
    return _CData(_cell(typecode_or_type, *args), typecode_or_type)


def RawArray(typecode_or_type, size_or_initializer):
    return _CArray(_array(typecode_or_type, size_or_initializer), typecode_or_type)


def Value(typecode_or_type, *args, lock=True):
    obj = RawValue(typecode_or_type, *args)
    if lock is False:
        return obj
    if lock in (True, None):
        lock = RLock()
    return Synchronized(obj, lock)


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    obj = RawArray(typecode_or_type, size_or_initializer)
    if lock is False:
        return obj
    if lock in (True, None):
        lock = RLock()
    return SynchronizedArray(obj, lock)


# ----- queues and pipes (multiprocessing.queues, multiprocessing.connection) -----

class _Sentinel:
    pass


_SENTINEL = _Sentinel()
_afterfork_registry = []


class Queue:
    # Like CPython's: put() only appends to a buffer that a feeder thread of the putting
    # process pickles and writes into the pipe later, so a change made to an object
    # right after putting it can still travel with it.
    __module__ = 'multiprocessing.queues'

    def __init__(self, maxsize=0):
        if maxsize <= 0:
            maxsize = SEM_VALUE_MAX
        self._maxsize = maxsize
        self._q = _queue(0, 0)
        self._sem = BoundedSemaphore(maxsize)
        self._closed = False
        self._reset()
        _afterfork_registry.append(self)

    def _reset(self):
        self._notempty = threading.Condition(threading.Lock())
        self._buffer = []
        self._thread = None
        self._joincancelled = False
        self._close = None
        self._jointhread = None

    def _check_closed(self):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)

    def put(self, obj, block=True, timeout=None):
        self._check_closed()
        if not self._sem.acquire(block, timeout):
            raise _queue_mod.Full
        with self._notempty:
            if self._thread is None:
                self._start_thread()
            self._buffer.append(obj)
            self._notempty.notify()

    def get(self, block=True, timeout=None):
        self._check_closed()
        res = self._q.get(block, timeout)
        self._sem.release()
        return res

    def qsize(self):
        return self._maxsize - self._sem._semlock._get_value()

    def empty(self):
        return self._q.empty()

    def full(self):
        return self._sem._semlock._is_zero()

    def get_nowait(self):
        return self.get(False)

    def put_nowait(self, obj):
        return self.put(obj, False)

    def close(self):
        self._closed = True
        close = self._close
        if close:
            self._close = None
            close()

    def join_thread(self):
        if not self._closed:
            raise AssertionError("Queue %r not closed" % self)
        if self._jointhread:
            self._jointhread()

    def cancel_join_thread(self):
        self._joincancelled = True
        if self._jointhread:
            self._jointhread.cancel()

    def _start_thread(self):
        self._buffer.clear()
        self._thread = threading.Thread(
            target=Queue._feed, args=(self._buffer, self._notempty, self._q.put),
            name='QueueFeederThread')
        self._thread.daemon = True
        self._thread.start()
        if not self._joincancelled:
            self._jointhread = Finalize(-5, _finalize_join, self._thread)
        self._close = Finalize(10, _finalize_close, self._buffer, self._notempty)

    @staticmethod
    def _feed(buffer, notempty, send):
        while True:
            with notempty:
                if not buffer:
                    notempty.wait()
            while buffer:
                obj = buffer.pop(0)
                if obj is _SENTINEL:
                    return
                send(obj)


def _finalize_join(thread):
    if thread.is_alive():
        thread.join()


def _finalize_close(buffer, notempty):
    with notempty:
        buffer.append(_SENTINEL)
        notempty.notify()


class JoinableQueue(Queue):
    __module__ = 'multiprocessing.queues'

    def __init__(self, maxsize=0):
        Queue.__init__(self, maxsize)
        self._unfinished_tasks = Semaphore(0)
        self._cond = Condition()

    def put(self, obj, block=True, timeout=None):
        self._check_closed()
        if not self._sem.acquire(block, timeout):
            raise _queue_mod.Full
        with self._notempty, self._cond:
            if self._thread is None:
                self._start_thread()
            self._buffer.append(obj)
            self._unfinished_tasks.release()
            self._notempty.notify()

    def task_done(self):
        with self._cond:
            if not self._unfinished_tasks.acquire(False):
                raise ValueError('task_done() called too many times')
            if self._unfinished_tasks._semlock._is_zero():
                self._cond.notify_all()

    def join(self):
        with self._cond:
            if not self._unfinished_tasks._semlock._is_zero():
                self._cond.wait()


class SimpleQueue:
    __module__ = 'multiprocessing.queues'

    def __init__(self):
        self._q = _queue(1)
        self._closed = False

    def get(self):
        return self._q.get()

    def put(self, obj):
        self._q.put(obj)

    def empty(self):
        return self._q.empty()

    def close(self):
        self._closed = True


class Connection:
    __module__ = 'multiprocessing.connection'

    def __init__(self, inq, outq):
        self._in = inq
        self._out = outq
        self._closed = False
        self._ahead = []

    def _check(self, readable):
        if self._closed:
            raise OSError("handle is closed")
        if readable and self._in is None:
            raise OSError("connection is write-only")
        if not readable and self._out is None:
            raise OSError("connection is read-only")

    @property
    def closed(self):
        return self._closed

    @property
    def readable(self):
        return self._in is not None

    @property
    def writable(self):
        return self._out is not None

    def send(self, obj):
        self._check(False)
        self._out.put(obj)

    def recv(self):
        self._check(True)
        if self._ahead:
            return self._ahead.pop()
        return self._in.get()

    def poll(self, timeout=0.0):
        self._check(True)
        if self._ahead or not self._in.empty():
            return True
        if timeout is not None and timeout <= 0:
            return False
        try:
            self._ahead.append(self._in.get(True, timeout))
        except _queue_mod.Empty:
            return False
        return True

    def close(self):
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


def Pipe(duplex=True):
    a = _queue(1)
    if duplex:
        b = _queue(1)
        return Connection(a, b), Connection(b, a)
    return Connection(a, None), Connection(None, a)


# ----- pools (multiprocessing.pool) -----

INIT = 'INIT'
RUN = 'RUN'
CLOSE = 'CLOSE'
TERMINATE = 'TERMINATE'

_job_counter = [0]


def _next_job():
    job = _job_counter[0]
    _job_counter[0] += 1
    return job


def _mapstar(args):
    return list(map(*args))


def _starmapstar(args):
    return [args[0](*a) for a in args[1]]


class MaybeEncodingError(Exception):
    __module__ = 'multiprocessing.pool'

    def __init__(self, exc, value):
        self.exc = repr(exc)
        self.value = repr(value)
        super().__init__(self.exc, self.value)

    def __str__(self):
        return "Error sending result: '%s'. Reason: '%s'" % (self.value, self.exc)


def _pool_worker(inqueue, outqueue, initializer=None, initargs=(), maxtasks=None):
    if initializer is not None:
        initializer(*initargs)
    completed = 0
    while maxtasks is None or completed < maxtasks:
        task = inqueue.get()
        if task is None:
            break
        job, i, func, args, kwds = task
        try:
            result = (True, func(*args, **kwds))
        except Exception as e:
            result = (False, e)
        try:
            outqueue.put((job, i, result))
        except Exception as e:
            outqueue.put((job, i, (False, MaybeEncodingError(e, result[1]))))
        task = job = result = func = args = kwds = None
        completed += 1


def _reraise(exc):
    raise exc


class ApplyResult:
    __module__ = 'multiprocessing.pool'

    def __init__(self, pool, callback, error_callback):
        self._pool = pool
        self._event = threading.Event()
        self._job = _next_job()
        self._cache = pool._cache
        self._callback = callback
        self._error_callback = error_callback
        self._cache[self._job] = self

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("%r not ready" % self)
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, i, obj):
        self._success, self._value = obj
        if self._callback and self._success:
            self._callback(self._value)
        if self._error_callback and not self._success:
            self._error_callback(self._value)
        self._event.set()
        del self._cache[self._job]
        self._pool = None


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    __module__ = 'multiprocessing.pool'

    def __init__(self, pool, chunksize, length, callback, error_callback):
        ApplyResult.__init__(self, pool, callback, error_callback)
        self._success = True
        self._value = [None] * length
        self._chunksize = chunksize
        if chunksize <= 0:
            self._number_left = 0
            self._event.set()
            del self._cache[self._job]
        else:
            self._number_left = length // chunksize + bool(length % chunksize)

    def _set(self, i, success_result):
        self._number_left -= 1
        success, result = success_result
        if success and self._success:
            self._value[i * self._chunksize:(i + 1) * self._chunksize] = result
            if self._number_left == 0:
                if self._callback:
                    self._callback(self._value)
                del self._cache[self._job]
                self._event.set()
                self._pool = None
        else:
            if not success and self._success:
                self._success = False
                self._value = result
            if self._number_left == 0:
                if self._error_callback:
                    self._error_callback(self._value)
                del self._cache[self._job]
                self._event.set()
                self._pool = None


class IMapIterator:
    __module__ = 'multiprocessing.pool'

    def __init__(self, pool):
        self._pool = pool
        self._cond = threading.Condition(threading.Lock())
        self._job = _next_job()
        self._cache = pool._cache
        self._items = []
        self._index = 0
        self._length = None
        self._unsorted = {}
        self._cache[self._job] = self

    def __iter__(self):
        return self

    def next(self, timeout=None):
        with self._cond:
            if not self._items:
                if self._index == self._length:
                    self._pool = None
                    raise StopIteration
                self._cond.wait(timeout)
                if not self._items:
                    if self._index == self._length:
                        self._pool = None
                        raise StopIteration
                    raise TimeoutError
            item = self._items.pop(0)
        success, value = item
        if success:
            return value
        raise value

    __next__ = next

    def _set(self, i, obj):
        with self._cond:
            if self._index == i:
                self._items.append(obj)
                self._index += 1
                while self._index in self._unsorted:
                    obj = self._unsorted.pop(self._index)
                    self._items.append(obj)
                    self._index += 1
                self._cond.notify()
            else:
                self._unsorted[i] = obj
            if self._index == self._length:
                del self._cache[self._job]
                self._pool = None

    def _set_length(self, length):
        with self._cond:
            self._length = length
            if self._index == self._length:
                self._cond.notify()
                del self._cache[self._job]
                self._pool = None


class IMapUnorderedIterator(IMapIterator):
    __module__ = 'multiprocessing.pool'

    def _set(self, i, obj):
        with self._cond:
            self._items.append(obj)
            self._index += 1
            self._cond.notify()
            if self._index == self._length:
                del self._cache[self._job]
                self._pool = None


class Pool:
    __module__ = 'multiprocessing.pool'
    _Process = ForkProcess

    def __init__(self, processes=None, initializer=None, initargs=(),
                 maxtasksperchild=None, context=None):
        self._pool = []
        self._state = INIT
        self._terminated = False
        self._taskqueue = _queue_mod.SimpleQueue()
        self._change_notifier = SimpleQueue()
        self._cache = {}
        self._maxtasksperchild = maxtasksperchild
        self._initializer = initializer
        self._initargs = initargs
        if processes is None:
            processes = os.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if maxtasksperchild is not None:
            if not isinstance(maxtasksperchild, int) or maxtasksperchild <= 0:
                raise ValueError("maxtasksperchild must be a positive int or None")
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._processes = processes
        self._inqueue = SimpleQueue()
        self._outqueue = SimpleQueue()
        self._repopulate_pool()
        self._worker_handler = threading.Thread(target=Pool._handle_workers, args=(self,))
        self._worker_handler.daemon = True
        self._worker_handler._state = RUN
        self._worker_handler.start()
        self._task_handler = threading.Thread(
            target=Pool._handle_tasks,
            args=(self._taskqueue, self._inqueue.put, self._outqueue, self._pool, self._cache))
        self._task_handler.daemon = True
        self._task_handler._state = RUN
        self._task_handler.start()
        self._result_handler = threading.Thread(
            target=Pool._handle_results, args=(self._outqueue, self._cache))
        self._result_handler.daemon = True
        self._result_handler._state = RUN
        self._result_handler.start()
        self._terminator = Finalize(15, self._terminate_pool)
        self._state = RUN

    def __repr__(self):
        return '<%s.%s state=%s pool_size=%d>' % (
            type(self).__module__, type(self).__qualname__, self._state, len(self._pool))

    def _repopulate_pool(self):
        for _ in range(self._processes - len(self._pool)):
            w = self._Process(target=_pool_worker,
                              args=(self._inqueue, self._outqueue, self._initializer,
                                    self._initargs, self._maxtasksperchild))
            w.name = w.name.replace('Process', 'PoolWorker')
            w.daemon = True
            w.start()
            self._pool.append(w)

    def _maintain_pool(self):
        cleaned = False
        for w in list(self._pool):
            if w.exitcode is not None:
                w.join()
                self._pool.remove(w)
                cleaned = True
        if cleaned and self._state == RUN:
            self._repopulate_pool()

    @staticmethod
    def _handle_workers(pool):
        thread = threading.current_thread()
        while thread._state == RUN or (pool._cache and thread._state != TERMINATE):
            pool._maintain_pool()
            try:
                pool._change_notifier._q.get(True, 0.1)
                while not pool._change_notifier.empty():
                    pool._change_notifier.get()
            except _queue_mod.Empty:
                pass
        pool._taskqueue.put(None)

    @staticmethod
    def _handle_tasks(taskqueue, put, outqueue, pool, cache):
        thread = threading.current_thread()
        while True:
            item = taskqueue.get()
            if item is None:
                break
            taskseq, set_length = item
            idx = -1
            stopped = False
            for task in taskseq:
                if thread._state != RUN:
                    stopped = True
                    break
                idx = task[1]
                try:
                    put(task)
                except Exception as e:
                    if task[0] in cache:
                        cache[task[0]]._set(task[1], (False, e))
            if stopped:
                break
            if set_length:
                set_length(idx + 1)
        outqueue.put(None)
        for p in pool:
            put(None)

    @staticmethod
    def _handle_results(outqueue, cache):
        thread = threading.current_thread()
        while True:
            task = outqueue.get()
            if thread._state != RUN or task is None:
                break
            job, i, obj = task
            if job in cache:
                cache[job]._set(i, obj)
        while cache and thread._state != TERMINATE:
            task = outqueue.get()
            if task is None:
                continue
            job, i, obj = task
            if job in cache:
                cache[job]._set(i, obj)

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    @staticmethod
    def _get_tasks(func, items, size):
        for start in range(0, len(items), size):
            yield (func, tuple(items[start:start + size]))

    @staticmethod
    def _guarded_task_generation(job, func, iterable):
        i = -1
        try:
            for i, x in enumerate(iterable):
                yield (job, i, func, (x,), {})
        except Exception as e:
            yield (job, i + 1, _reraise, (e,), {})

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        self._taskqueue.put(([(result._job, 0, func, args, kwds)], None))
        return result

    def map(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, _mapstar, chunksize).get()

    def starmap(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, _starmapstar, chunksize).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, _mapstar, chunksize, callback, error_callback)

    def starmap_async(self, func, iterable, chunksize=None, callback=None,
                      error_callback=None):
        return self._map_async(func, iterable, _starmapstar, chunksize, callback,
                               error_callback)

    def _map_async(self, func, iterable, mapper, chunksize=None, callback=None,
                   error_callback=None):
        self._check_running()
        items = list(iterable)
        if chunksize is None:
            chunksize, extra = divmod(len(items), len(self._pool) * 4)
            if extra:
                chunksize += 1
        if len(items) == 0:
            chunksize = 0
        result = MapResult(self, chunksize, len(items), callback, error_callback)
        if chunksize > 0:
            batches = Pool._get_tasks(func, items, chunksize)
            self._taskqueue.put(
                (Pool._guarded_task_generation(result._job, mapper, batches), None))
        return result

    def imap(self, func, iterable, chunksize=1):
        self._check_running()
        items = list(iterable)
        if chunksize == 1:
            result = IMapIterator(self)
            self._taskqueue.put(
                (Pool._guarded_task_generation(result._job, func, items), result._set_length))
            return result
        if chunksize < 1:
            raise ValueError("Chunksize must be 1+, not %d" % chunksize)
        result = IMapIterator(self)
        batches = Pool._get_tasks(func, items, chunksize)
        self._taskqueue.put(
            (Pool._guarded_task_generation(result._job, _mapstar, batches), result._set_length))
        return (item for chunk in result for item in chunk)

    def imap_unordered(self, func, iterable, chunksize=1):
        self._check_running()
        items = list(iterable)
        if chunksize == 1:
            result = IMapUnorderedIterator(self)
            self._taskqueue.put(
                (Pool._guarded_task_generation(result._job, func, items), result._set_length))
            return result
        if chunksize < 1:
            raise ValueError("Chunksize must be 1+, not %d" % chunksize)
        result = IMapUnorderedIterator(self)
        batches = Pool._get_tasks(func, items, chunksize)
        self._taskqueue.put(
            (Pool._guarded_task_generation(result._job, _mapstar, batches), result._set_length))
        return (item for chunk in result for item in chunk)

    def close(self):
        if self._state == RUN:
            self._state = CLOSE
            self._worker_handler._state = CLOSE
            self._change_notifier.put(None)

    def terminate(self):
        self._state = TERMINATE
        self._terminate_pool()

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        elif self._state not in (CLOSE, TERMINATE):
            raise ValueError("In unknown state")
        self._worker_handler.join()
        self._task_handler.join()
        self._result_handler.join()
        for p in self._pool:
            p.join()

    def _terminate_pool(self):
        if self._terminated:
            return
        self._terminated = True
        self._terminator.cancel()
        self._worker_handler._state = TERMINATE
        self._change_notifier.put(None)
        self._task_handler._state = TERMINATE
        self._result_handler._state = TERMINATE
        self._outqueue.put(None)
        me = threading.current_thread()
        if me is not self._worker_handler:
            self._worker_handler.join()
        for p in self._pool:
            if p.exitcode is None:
                p.terminate()
        if me is not self._task_handler:
            self._task_handler.join()
        if me is not self._result_handler:
            self._result_handler.join()
        for p in self._pool:
            if p.is_alive():
                p.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()


# ----- managers (multiprocessing.managers) -----
#
# Manager() starts a server process (named SyncManager-N, counted like any child) that
# owns the shared dicts, lists and namespaces. A proxy, in whichever process holds it,
# sends (operation, object id, name, args, kwargs) down the manager's request pipe and
# reads the answer from its reply pipe; a lock shared by all processes keeps one
# caller's answer from being read by another. Values travel pickled both ways, so a
# proxy's answers are copies, as in CPython. Proxies reach child processes by fork
# (Process arguments, globals); they cannot be pickled into a queue or a pool task.

class RemoteError(Exception):
    __module__ = 'multiprocessing.managers'


class Namespace:
    __module__ = 'multiprocessing.managers'

    def __init__(self, **kwds):
        for k, v in kwds.items():
            setattr(self, k, v)

    def __repr__(self):
        shown = ['%s=%r' % (k, v) for k, v in self.__dict__.items() if not k.startswith('_')]
        return 'Namespace(%s)' % ', '.join(sorted(shown))


def _imul(obj, n):
    obj *= n


def _set_item(obj, key, value):
    obj[key] = value


def _del_item(obj, key):
    del obj[key]


# The special methods a proxy forwards, as the operations they stand for.
_OPERATORS = {
    '__repr__': repr, '__str__': str, '__len__': len,
    '__contains__': lambda obj, item: item in obj,
    '__getitem__': lambda obj, key: obj[key],
    '__setitem__': _set_item, '__delitem__': _del_item,
    '__reversed__': lambda obj: list(reversed(obj)),
    '__add__': lambda obj, other: obj + other,
    '__mul__': lambda obj, n: obj * n, '__rmul__': lambda obj, n: n * obj,
    '__imul__': _imul,
}


def _manager_server(requests, replies):
    objects = {}
    count = 0
    while True:
        op, ident, name, args, kwds = requests.get()
        if op == 'shutdown':
            replies.put((True, None))
            return
        try:
            if op == 'create':
                count += 1
                objects[count] = _MANAGED[name](*args, **kwds)
                result = count
            elif op == 'snapshot':
                result = list(objects[ident])
            elif op == 'getattr':
                result = getattr(objects[ident], name)
            elif op == 'setattr':
                result = setattr(objects[ident], name, args[0])
            elif op == 'delattr':
                result = delattr(objects[ident], name)
            elif op == 'release':
                result = objects.pop(ident, None) and None
            elif name in _OPERATORS:
                result = _OPERATORS[name](objects[ident], *args)
            else:
                result = getattr(objects[ident], name)(*args, **kwds)
                if name in ('keys', 'values', 'items'):
                    result = list(result)
        except BaseException as e:
            replies.put((False, e))
        else:
            replies.put((True, result))


class _ManagerLink:
    # The two pipes to a manager's server and the lock around one request and its reply.
    def __init__(self):
        self._requests = _queue(1)
        self._replies = _queue(1)
        self._lock = Lock()
        self.alive = False

    def ask(self, op, ident=None, name=None, args=(), kwds={}):
        if not self.alive:
            raise OSError('the manager has been shut down')
        with self._lock:
            self._requests.put((op, ident, name, tuple(args), dict(kwds)))
            ok, value = self._replies.get()
        if ok:
            return value
        raise value


class BaseProxy:
    __module__ = 'multiprocessing.managers'

    def __init__(self, link, ident, typeid):
        object.__setattr__(self, '_link', link)
        object.__setattr__(self, '_id', ident)
        object.__setattr__(self, '_typeid', typeid)

    def _callmethod(self, methodname, args=(), kwds={}):
        return self._link.ask('call', self._id, methodname, args, kwds)

    def _getvalue(self):
        return self._link.ask('call', self._id, 'copy')

    def __repr__(self):
        return '<%s object, typeid %r at %s>' % (type(self).__name__, self._typeid, hex(id(self)))

    def __str__(self):
        try:
            return self._callmethod('__repr__')
        except Exception:
            return repr(self)[:-1] + "; '__str__()' failed>"

    def __reduce__(self):
        raise TypeError('gilscope cannot pickle a manager proxy: pass it to the process '
                        'as an argument instead')


def _forward(*names):
    def make(name):
        def method(self, *args, **kwds):
            return self._callmethod(name, args, kwds)
        method.__name__ = name
        return method
    return {n: make(n) for n in names}


class _SequenceProxy(BaseProxy):
    def __iter__(self):
        return iter(self._link.ask('snapshot', self._id))


for _n, _m in _forward('__contains__', '__delitem__', '__getitem__', '__len__',
                       '__setitem__', 'pop').items():
    setattr(_SequenceProxy, _n, _m)


class ListProxy(_SequenceProxy):
    __module__ = 'multiprocessing.managers'

    def __iadd__(self, value):
        self._callmethod('extend', (value,))
        return self

    def __imul__(self, value):
        self._callmethod('__imul__', (value,))
        return self


for _n, _m in _forward('__reversed__', '__add__', '__mul__', '__rmul__', 'append', 'count',
                       'extend', 'index', 'insert', 'remove', 'reverse', 'sort').items():
    setattr(ListProxy, _n, _m)


class DictProxy(_SequenceProxy):
    __module__ = 'multiprocessing.managers'


for _n, _m in _forward('clear', 'copy', 'get', 'items', 'keys', 'popitem', 'setdefault',
                       'update', 'values').items():
    setattr(DictProxy, _n, _m)


class NamespaceProxy(BaseProxy):
    __module__ = 'multiprocessing.managers'

    def __getattr__(self, key):
        if key[0] == '_':
            return object.__getattribute__(self, key)
        return self._link.ask('getattr', self._id, key)

    def __setattr__(self, key, value):
        if key[0] == '_':
            return object.__setattr__(self, key, value)
        return self._link.ask('setattr', self._id, key, (value,))

    def __delattr__(self, key):
        if key[0] == '_':
            return object.__delattr__(self, key)
        return self._link.ask('delattr', self._id, key)


class ValueProxy(BaseProxy):
    __module__ = 'multiprocessing.managers'

    def get(self):
        return self._link.ask('getattr', self._id, 'value')

    def set(self, value):
        return self._link.ask('setattr', self._id, 'value', (value,))

    value = property(get, set)


class _ServerValue:
    def __init__(self, typecode, value, lock=True):
        self.value = value

    def __repr__(self):
        return '%s(%r)' % (type(self).__name__[1:], self.value)


_MANAGED = {'dict': dict, 'list': list, 'Namespace': Namespace, 'Value': _ServerValue}


class BaseManager:
    __module__ = 'multiprocessing.managers'

    def __init__(self):
        self._link = None
        self._process = None
        self._finalizer = None

    def start(self, initializer=None, initargs=()):
        if self._link is not None:
            raise ProcessError('Already started server')
        self._link = _ManagerLink()
        self._link.alive = True
        proc = Process(target=_manager_server, args=(self._link._requests, self._link._replies))
        proc.name = type(self).__name__ + '-' + ':'.join(str(i) for i in proc._identity)
        self._process = proc
        proc.start()
        self._finalizer = Finalize(0, BaseManager._stop, self._link, proc)

    @staticmethod
    def _stop(link, proc):
        if link.alive:
            link.ask('shutdown')
            link.alive = False
        proc.join(1.0)
        if proc.is_alive():
            proc.terminate()
            proc.join()

    def shutdown(self):
        if self._finalizer is not None:
            self._finalizer()

    def join(self, timeout=None):
        if self._process is not None:
            self._process.join(timeout)

    @property
    def address(self):
        return '/tmp/pymp-gilscope/listener-%d' % id(self)

    def __enter__(self):
        if self._link is None:
            self.start()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown()

    def _create(self, typeid, proxytype, *args, **kwds):
        ident = self._link.ask('create', None, typeid, args, kwds)
        return proxytype(self._link, ident, typeid)

    def dict(self, *args, **kwds):
        return self._create('dict', DictProxy, *args, **kwds)

    def list(self, sequence=()):
        return self._create('list', ListProxy, sequence)

    def Namespace(self, **kwds):
        return self._create('Namespace', NamespaceProxy, **kwds)

    def Value(self, typecode, value, lock=True):
        return self._create('Value', ValueProxy, typecode, value, lock)

    # Synchronisation objects and queues: the process-shared ones themselves (they
    # reach children by fork, as proxies do here).
    def Lock(self):
        return Lock()

    def RLock(self):
        return RLock()

    def Semaphore(self, value=1):
        return Semaphore(value)

    def BoundedSemaphore(self, value=1):
        return BoundedSemaphore(value)

    def Condition(self, lock=None):
        return Condition(lock)

    def Event(self):
        return Event()

    def Queue(self, maxsize=0):
        return Queue(maxsize)

    def JoinableQueue(self, maxsize=0):
        return JoinableQueue(maxsize)


class SyncManager(BaseManager):
    __module__ = 'multiprocessing.managers'


def Manager():
    m = SyncManager()
    m.start()
    return m


# ----- logging (multiprocessing.util) -----

SUBDEBUG = 5
SUBWARNING = 25
DEFAULT_LOGGING_FORMAT = '[%(levelname)s/%(processName)s] %(message)s'
_logger = [None]


def get_logger():
    import logging
    if _logger[0] is None:
        logger = logging.getLogger('multiprocessing')
        logger.propagate = 0
        _logger[0] = logger
    return _logger[0]


def log_to_stderr(level=None):
    import logging
    logger = get_logger()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(DEFAULT_LOGGING_FORMAT))
    logger.addHandler(handler)
    if level:
        logger.setLevel(level)
    return logger


def _log(level, msg, *args):
    if _logger[0] is not None:
        _logger[0].log(level, msg, *args)


def _log_exit(exitcode):
    # Called by the child's bootstrap last, after any traceback, as _bootstrap does.
    _log(20, 'process exiting with exitcode %d' % exitcode)


class _Context:
    # What get_context() returns: the module's API for the one start method, fork.
    __module__ = 'multiprocessing.context'

    def __init__(self, method):
        self._method = method

    def __repr__(self):
        return '<multiprocessing.context.ForkContext object at %s>' % hex(id(self))

    def get_start_method(self, allow_none=False):
        return 'fork'

    def __getattr__(self, name):
        import multiprocessing
        return getattr(multiprocessing, name)


def get_context(method=None):
    if method not in (None, 'fork'):
        _unsupported("multiprocessing start method '%s' (gilscope forks)" % method)
    return _Context('fork')


class _Namespace:
    def __init__(self, **items):
        for k, v in items.items():
            setattr(self, k, v)


pool = _Namespace(Pool=Pool, ApplyResult=ApplyResult, AsyncResult=ApplyResult,
                  MapResult=MapResult, IMapIterator=IMapIterator,
                  MaybeEncodingError=MaybeEncodingError, TimeoutError=TimeoutError)
process = _Namespace(BaseProcess=BaseProcess, current_process=current_process,
                     active_children=active_children, parent_process=parent_process)
queues = _Namespace(Queue=Queue, SimpleQueue=SimpleQueue, JoinableQueue=JoinableQueue)
util = _Namespace(Finalize=Finalize, get_logger=get_logger, log_to_stderr=log_to_stderr,
                  SUBDEBUG=SUBDEBUG, SUBWARNING=SUBWARNING,
                  DEFAULT_LOGGING_FORMAT=DEFAULT_LOGGING_FORMAT)
managers = _Namespace(BaseManager=BaseManager, SyncManager=SyncManager, BaseProxy=BaseProxy,
                      Namespace=Namespace, RemoteError=RemoteError, DictProxy=DictProxy,
                      ListProxy=ListProxy)
synchronize = _Namespace(Lock=Lock, RLock=RLock, Semaphore=Semaphore,
                         BoundedSemaphore=BoundedSemaphore, Condition=Condition, Event=Event)
context = _Namespace(Process=Process, ForkProcess=ForkProcess, ProcessError=ProcessError,
                     TimeoutError=TimeoutError, get_context=get_context)
sharedctypes = _Namespace(Value=Value, Array=Array, RawValue=RawValue, RawArray=RawArray,
                          Synchronized=Synchronized, SynchronizedArray=SynchronizedArray)
