# multiprocessing for gilscope: processes started with fork (the default of CPython 3.11
# on Linux), written for gilscope's VM and run on it like user code, so the library's own
# bytecode costs simulated time and a thread switch can land inside it, as in CPython.
#
# Natives (from processes.rs, in this module's globals): _fork(process) -> engine pid,
# _join(pid, timeout) -> bool, _exitcode(pid), _terminate(pid), _run (Process.run),
# _getpid(pid=None), _cpu_count(), _semlock(kind, value), _event(), _condition(semlock),
# _cell(typecode, value), _array(typecode, init), _queue(kind, maxsize).
# The Rust side calls _after_fork(process), _exit_function() and _log_exit(code) in a
# child, current_process() for log records, and reads a process's name, _target, _args
# and _kwargs.
#
# Each process is a separate interpreter: _fork copies this process's memory into the
# child, whose main thread calls _after_fork, then run(), then _exit_function, as
# CPython's bootstrap of a process does. Queues and pipes carry pickled copies.
import os
import threading
import queue as _stdqueue
import atexit
import time as _time


class ProcessError(Exception):
    __module__ = 'multiprocessing.context'


class BufferTooShort(ProcessError):
    __module__ = 'multiprocessing.context'


class TimeoutError(ProcessError):
    __module__ = 'multiprocessing.context'


class AuthenticationError(ProcessError):
    __module__ = 'multiprocessing.context'


SEM_VALUE_MAX = 2147483647

# How repr() spells the exit code of a process killed by a signal.
_SIGNALS = {1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV',
            13: 'SIGPIPE', 15: 'SIGTERM'}


class _Family:
    # This process's own bookkeeping; a forked child starts over with a fresh one.
    def __init__(self):
        self.made = 0           # Process objects created here: their names count on
        self.children = []      # started here and not yet reaped
        self.hooks = []         # live Finalize objects
        self.registered = 0     # how many Finalize objects were ever made here
        self.leaving = False    # _exit_function has begun


_family = _Family()


class Finalize:
    # multiprocessing.util.Finalize, for exit only (gilscope has no weak references, so
    # one without an exit priority only runs when called). It belongs to the process
    # that made it: calling it in a forked child does nothing, as in CPython. At exit
    # the highest priority runs first, the most recently made first among equals.
    __module__ = 'multiprocessing.util'

    def __init__(self, obj, callback, args=(), kwargs=None, exitpriority=None):
        self._fn = callback
        self._fn_args = args
        self._fn_kwargs = kwargs or {}
        _family.registered += 1
        self._order = (exitpriority, _family.registered)
        _family.hooks.append(self)

    def __call__(self, wr=None):
        hooks = _family.hooks
        if self not in hooks:
            return None
        hooks.remove(self)
        return self._fn(*self._fn_args, **self._fn_kwargs)

    def cancel(self):
        if self in _family.hooks:
            _family.hooks.remove(self)

    def still_active(self):
        return self in _family.hooks


def _exit_hooks(lowest=None):
    chosen = []
    for hook in _family.hooks:
        rank = hook._order[0]
        if rank is not None and (lowest is None or rank >= lowest):
            chosen.append(hook)
    chosen.sort(key=lambda h: h._order, reverse=True)
    for hook in chosen:
        hook()


def _forget(proc):
    if proc in _family.children:
        _family.children.remove(proc)


def _reap():
    # Drop the children that have ended (active_children() and start() do this first).
    for proc in _family.children[:]:
        if proc._epid is not None and _exitcode(proc._epid) is not None:
            _forget(proc)


class BaseProcess:
    __module__ = 'multiprocessing.process'

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={},
                 *, daemon=None):
        if group is not None:
            raise AssertionError('group argument must be None for now')
        creator = _this_process
        _family.made += 1
        self._identity = creator._identity + (_family.made,)
        self._config = creator._config.copy()
        self._parent_pid = _getpid()
        self._parent_name = creator.name
        self._epid = None       # the engine's pid once started
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._name = name or '%s-%s' % (type(self).__name__,
                                        ':'.join([str(n) for n in self._identity]))
        if daemon is not None:
            self.daemon = daemon

    run = _run

    def _usable(self):
        if self._closed:
            raise ValueError("process object is closed")

    def _mine(self, what):
        # The checks a parent's call makes: only the creator may use its child.
        self._usable()
        if self._parent_pid != _getpid():
            raise AssertionError('can only %s a child process' % what)
        if self._epid is None:
            raise AssertionError('can only %s a started process' % what)

    def start(self):
        self._usable()
        if self._epid is not None:
            raise AssertionError('cannot start a process twice')
        if self._parent_pid != _getpid():
            raise AssertionError('can only start a process object created by current process')
        if _this_process._config.get('daemon'):
            raise AssertionError('daemonic processes are not allowed to have children')
        _reap()
        self._epid = _fork(self)
        _family.children.append(self)

    def terminate(self):
        self._usable()
        if self._epid is None:
            raise AttributeError("'NoneType' object has no attribute 'terminate'")
        _terminate(self._epid)

    kill = terminate

    def join(self, timeout=None):
        self._mine('join')
        if _join(self._epid, timeout):
            _forget(self)

    def is_alive(self):
        self._usable()
        if self is _this_process:
            return True
        if self._parent_pid != _getpid():
            raise AssertionError('can only test a child process')
        if self._epid is None:
            return False
        running = _exitcode(self._epid) is None
        if not running:
            _forget(self)
        return running

    def close(self):
        if self._epid is not None:
            if _exitcode(self._epid) is None:
                raise ValueError("Cannot close a process while it is still running. "
                                 "You should first call join() or terminate().")
            _forget(self)
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
        cfg = self._config
        return cfg['daemon'] if 'daemon' in cfg else False

    @daemon.setter
    def daemon(self, daemonic):
        if self._epid is not None:
            raise AssertionError('process has already started')
        self._config['daemon'] = daemonic

    @property
    def exitcode(self):
        self._usable()
        return None if self._epid is None else _exitcode(self._epid)

    @property
    def ident(self):
        self._usable()
        if self is _this_process:
            return _getpid()
        return None if self._epid is None else _getpid(self._epid)

    pid = ident

    def __repr__(self):
        words = [type(self).__name__, 'name=%r' % self._name]
        code = None
        if self is _this_process:
            state = 'started'
        elif self._closed:
            state = 'closed'
        elif self._parent_pid != _getpid():
            state = 'unknown'
        elif self._epid is None:
            state = 'initial'
        else:
            words.append('pid=%s' % _getpid(self._epid))
            code = _exitcode(self._epid)
            state = 'started' if code is None else 'stopped'
        words.append('parent=%s' % self._parent_pid)
        words.append(state)
        if code is not None:
            if -code in _SIGNALS:
                code = '-' + _SIGNALS[-code]
            words.append('exitcode=%s' % code)
        if self.daemon:
            words.append('daemon')
        return '<' + ' '.join(words) + '>'


class Process(BaseProcess):
    __module__ = 'multiprocessing.context'


class ForkProcess(Process):
    __module__ = 'multiprocessing.context'


class _Lineage(BaseProcess):
    # The processes a program sees without creating them: the main process, and in a
    # child its parent (known by pid only).
    __module__ = 'multiprocessing.process'

    def __init__(self, name, os_pid=None):
        self._identity = ()
        self._config = {}
        self._name = name
        self._parent_pid = None
        self._epid = None
        self._os_pid = os_pid
        self._closed = False
        self._target = None
        self._args = ()
        self._kwargs = {}


class _MainProcess(_Lineage):
    __module__ = 'multiprocessing.process'


class _ParentProcess(_Lineage):
    __module__ = 'multiprocessing.process'

    def is_alive(self):
        return True

    @property
    def ident(self):
        return self._os_pid

    pid = ident


_this_process = _MainProcess('MainProcess')
_this_parent = None


def current_process():
    return _this_process


def parent_process():
    return _this_parent


def active_children():
    _reap()
    return _family.children[:]


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
    # First thing in a child: it is the current process now, its creator is its parent,
    # and nothing of the parent's family, exit hooks or queue feeders carries over.
    global _this_process, _this_parent, _family
    _this_parent = _ParentProcess(process._parent_name, process._parent_pid)
    _this_process = process
    _family = _Family()
    for q in _forked_queues:
        q._after_fork()
    _log(20, 'child process calling self.run()')


def _exit_function():
    # At exit of every process (atexit in the main one, after run() in a child): the
    # hooks of priority >= 0 (pools terminate there), then daemonic children are
    # terminated and the others joined, then the remaining hooks.
    if _family.leaving:
        return
    _family.leaving = True
    _log(20, 'process shutting down')
    _log(10, 'running all "atexit" finalizers with priority >= 0')
    _exit_hooks(0)
    for child in active_children():
        if child.daemon:
            _log(20, 'calling terminate() for daemon %s', child.name)
            _terminate(child._epid)
    for child in active_children():
        _log(20, 'calling join() for process %s', child.name)
        child.join()
    _log(10, 'running the remaining "atexit" finalizers')
    _exit_hooks()


atexit.register(_exit_function)


# ----- synchronisation (multiprocessing.synchronize) -----
#
# Every primitive is a native shared object (it stays shared across fork); the Python
# classes only give it CPython's names, reprs and checks. acquire/release are the native
# bound methods themselves, set on each instance, so taking a lock runs no bytecode.

_LOCK, _RLOCK, _SEMAPHORE, _BOUNDED = 0, 1, 2, 3


class SemLock:
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, kind, value, maxvalue):
        native = _semlock(kind, value)
        self._native = native
        self.acquire = native.acquire
        self.release = native.release

    def __enter__(self):
        return self._native.__enter__()

    def __exit__(self, *exc):
        return self._native.__exit__(*exc)


def _holder():
    # How a lock's repr names its owner when that is the calling thread.
    who = _this_process.name
    thread = threading.current_thread().name
    return who if thread == 'MainThread' else who + '|' + thread


class Semaphore(SemLock):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, value=1):
        SemLock.__init__(self, _SEMAPHORE, value, SEM_VALUE_MAX)

    def get_value(self):
        return self._native._get_value()

    def __repr__(self):
        return '<%s(value=%s)>' % (type(self).__name__, self.get_value())


class BoundedSemaphore(Semaphore):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, value=1):
        SemLock.__init__(self, _BOUNDED, value, value)

    def __repr__(self):
        native = self._native
        return '<%s(value=%s, maxvalue=%s)>' % (
            type(self).__name__, native._get_value(), native._maxvalue())


class Lock(SemLock):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self):
        SemLock.__init__(self, _LOCK, 1, 1)

    def __repr__(self):
        who = self._native._owner()   # 0 free, 1 this thread, 2 another, 3 elsewhere
        if who == 1:
            who = _holder()
        else:
            who = ('None', '', 'SomeOtherThread', 'SomeOtherProcess')[who]
        return '<%s(owner=%s)>' % (type(self).__name__, who)


class RLock(SemLock):
    __module__ = 'multiprocessing.synchronize'

    def __init__(self):
        SemLock.__init__(self, _RLOCK, 1, 1)

    def __repr__(self):
        native = self._native
        who = native._owner()
        if who == 0:
            shown = 'None, 0'
        elif who == 1:
            shown = '%s, %s' % (_holder(), native._count())
        else:
            shown = ('SomeOtherThread' if who == 2 else 'SomeOtherProcess') + ', nonzero'
        return '<%s(%s)>' % (type(self).__name__, shown)


class Condition:
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, lock=None):
        if not lock:
            lock = RLock()
        self._lock = lock
        self._sleepers = _condition(lock._native)
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)

    def __repr__(self):
        return '<%s(%s, 0)>' % (type(self).__name__, self._lock)

    def wait(self, timeout=None):
        if not self._lock._native._is_mine():
            raise AssertionError('must acquire() condition before using wait()')
        return self._sleepers.wait(timeout)

    def notify(self, n=1):
        if not self._lock._native._is_mine():
            raise AssertionError('lock is not owned')
        self._sleepers.notify(n)

    def notify_all(self):
        self.notify(SEM_VALUE_MAX)

    def wait_for(self, predicate, timeout=None):
        deadline = None if timeout is None else _time.monotonic() + timeout
        outcome = predicate()
        while not outcome:
            left = None
            if deadline is not None:
                left = deadline - _time.monotonic()
                if left <= 0:
                    break
            self.wait(left)
            outcome = predicate()
        return outcome


class Event:
    __module__ = 'multiprocessing.synchronize'

    def __init__(self):
        self._native = _event()

    def is_set(self):
        return self._native.is_set()

    def set(self):
        self._native.set()

    def clear(self):
        self._native.clear()

    def wait(self, timeout=None):
        return self._native.wait(timeout)


class Barrier:
    # threading.Barrier's rules, kept where every process sees them: the phase and the count
    # of waiters in shared memory, the waiting on a process-shared condition, as
    # multiprocessing.synchronize.Barrier keeps them. Phase 0 fills, 1 drains, -1 resets,
    # -2 is broken.
    __module__ = 'multiprocessing.synchronize'

    def __init__(self, parties, action=None, timeout=None):
        self._cond = Condition()
        self._mem = RawArray('i', 2)
        self._action = action
        self._timeout = timeout
        self._parties = parties

    @property
    def _phase(self):
        return self._mem[0]

    @_phase.setter
    def _phase(self, v):
        self._mem[0] = v

    @property
    def _count(self):
        return self._mem[1]

    @_count.setter
    def _count(self, v):
        self._mem[1] = v

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            # Arrivals wait while the previous round drains or a reset clears.
            while self._phase in (-1, 1):
                self._cond.wait()
            if self._phase < 0:
                raise threading.BrokenBarrierError
            index = self._count
            self._count = index + 1
            try:
                if index + 1 == self._parties:
                    try:
                        if self._action:
                            self._action()
                        self._phase = 1
                        self._cond.notify_all()
                    except:
                        self._break()
                        raise
                else:
                    if not self._cond.wait_for(lambda: self._phase != 0, timeout):
                        self._break()
                        raise threading.BrokenBarrierError
                    if self._phase < 0:
                        raise threading.BrokenBarrierError
                return index
            finally:
                self._count = self._count - 1
                # The last one out ends the draining or the reset.
                if self._count == 0 and self._phase in (-1, 1):
                    self._phase = 0
                    self._cond.notify_all()

    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._phase in (0, -2):
                    self._phase = -1
            else:
                self._phase = 0
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._phase = -2
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        return self._count if self._phase == 0 else 0

    @property
    def broken(self):
        return self._phase == -2

    def __repr__(self):
        cls = type(self)
        if self.broken:
            return '<%s.%s at %#x: broken>' % (cls.__module__, cls.__qualname__, id(self))
        return '<%s.%s at %#x: waiters=%d/%d>' % (
            cls.__module__, cls.__qualname__, id(self), self.n_waiting, self.parties)


# ----- shared memory (multiprocessing.sharedctypes) -----

# The ctypes class each array typecode stands for (the name reprs show).
_CTYPE_OF = dict(b='c_byte', B='c_ubyte', h='c_short', H='c_ushort', i='c_int',
                 I='c_uint', l='c_long', L='c_ulong', q='c_long', Q='c_ulong',
                 f='c_float', d='c_double')


class _CData:
    # A C scalar in shared memory (what ctypes' c_int and friends are to CPython).
    __module__ = 'ctypes'

    def __init__(self, cell, code):
        self._mem = cell
        self._code = code

    @property
    def value(self):
        return self._mem.get()

    @value.setter
    def value(self, v):
        self._mem.set(v)

    def __repr__(self):
        return '%s(%r)' % (_CTYPE_OF[self._code], self._mem.get())


class _CArray:
    __module__ = 'multiprocessing.sharedctypes'

    def __init__(self, mem, code):
        self._mem = mem
        self._code = code

    def __len__(self):
        return self._mem.len()

    def _index(self, i):
        return i + self._mem.len() if i < 0 else i

    def __getitem__(self, i):
        if type(i) is slice:
            return self._mem.items()[i]
        return self._mem.get(self._index(i))

    def __setitem__(self, i, v):
        if type(i) is not slice:
            self._mem.set(self._index(i), v)
            return
        spots = list(range(self._mem.len()))[i]
        new = list(v)
        if len(spots) != len(new):
            raise ValueError("Can only assign sequence of same size")
        if spots and spots[-1] - spots[0] == len(spots) - 1:
            self._mem.assign(spots[0], new)
            return
        for at, x in zip(spots, new):
            self._mem.set(at, x)

    def __iter__(self):
        return iter(self._mem.items())

    def __repr__(self):
        return '<multiprocessing.sharedctypes.%s_Array_%d object at %s>' % (
            _CTYPE_OF[self._code], self._mem.len(), hex(id(self)))


class Synchronized:
    __module__ = 'multiprocessing.sharedctypes'

    def __init__(self, obj, lock=None):
        if not lock:
            lock = RLock()
        self._wrapped = obj
        self._guard = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._guard.__enter__()

    def __exit__(self, *exc):
        return self._guard.__exit__(*exc)

    def get_obj(self):
        return self._wrapped

    def get_lock(self):
        return self._guard

    @property
    def value(self):
        with self._guard:
            return self._wrapped.value

    @value.setter
    def value(self, v):
        with self._guard:
            self._wrapped.value = v

    def __repr__(self):
        return '<%s wrapper for %r>' % (type(self).__name__, self._wrapped)


class SynchronizedArray(Synchronized):
    __module__ = 'multiprocessing.sharedctypes'

    def __len__(self):
        return len(self._wrapped)

    def __getitem__(self, i):
        with self._guard:
            return self._wrapped[i]

    def __setitem__(self, i, v):
        with self._guard:
            self._wrapped[i] = v

    def __iter__(self):
        with self._guard:
            items = list(self._wrapped)
        return iter(items)


def RawValue(typecode_or_type, *args):
    return _CData(_cell(typecode_or_type, *args), typecode_or_type)


def RawArray(typecode_or_type, size_or_initializer):
    return _CArray(_array(typecode_or_type, size_or_initializer), typecode_or_type)


def _locked(raw, lock, wrapper):
    # Value()/Array(): lock=False gives the raw object, True or None a new RLock.
    if lock is False:
        return raw
    if lock is True or lock is None:
        lock = RLock()
    return wrapper(raw, lock)


def Value(typecode_or_type, *args, lock=True):
    return _locked(RawValue(typecode_or_type, *args), lock, Synchronized)


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    return _locked(RawArray(typecode_or_type, size_or_initializer), lock, SynchronizedArray)


# ----- queues and pipes (multiprocessing.queues, multiprocessing.connection) -----

class _Stop:
    # What a queue's closing puts behind the last item: its feeder thread ends there.
    pass


_STOP = _Stop()
# Every Queue of this process: a forked child gets its own (not yet started) feeders.
_forked_queues = []


def _feed(pending, wake, send):
    # The body of a queue's feeder thread: items are pickled (by send) only here, after
    # put() returned, so a change made to an object right after putting it can still
    # travel with it, as in CPython.
    while True:
        with wake:
            if not pending:
                wake.wait()
        while pending:
            item = pending.pop(0)
            if item is _STOP:
                return
            send(item)


def _stop_feeder(pending, wake):
    with wake:
        pending.append(_STOP)
        wake.notify()


def _await_feeder(feeder):
    if feeder.is_alive():
        feeder.join()


class Queue:
    __module__ = 'multiprocessing.queues'

    def __init__(self, maxsize=0):
        self._maxsize = maxsize if maxsize > 0 else SEM_VALUE_MAX
        self._pipe = _queue(0, 0)
        self._room = BoundedSemaphore(self._maxsize)
        self._closed = False
        self._after_fork()
        _forked_queues.append(self)

    def _after_fork(self):
        self._wake = threading.Condition(threading.Lock())
        self._pending = []
        self._feeder = None
        self._keep_feeder = False   # cancel_join_thread() was called
        self._closer = None         # Finalize: the stop item behind the last put
        self._joiner = None         # Finalize: exit waits for the feeder

    def _ensure_open(self):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)

    def put(self, obj, block=True, timeout=None):
        self._ensure_open()
        if not self._room.acquire(block, timeout):
            raise _stdqueue.Full
        with self._wake:
            if self._feeder is None:
                self._start_feeder()
            self._pending.append(obj)
            self._wake.notify()

    def get(self, block=True, timeout=None):
        self._ensure_open()
        item = self._pipe.get(block, timeout)
        self._room.release()
        return item

    def qsize(self):
        return self._maxsize - self._room._native._get_value()

    def empty(self):
        return self._pipe.empty()

    def full(self):
        return self._room._native._is_zero()

    def get_nowait(self):
        return self.get(False)

    def put_nowait(self, obj):
        return self.put(obj, block=False)

    def close(self):
        self._closed = True
        closer, self._closer = self._closer, None
        if closer:
            closer()

    def join_thread(self):
        if not self._closed:
            raise AssertionError("Queue %r not closed" % self)
        if self._joiner:
            self._joiner()

    def cancel_join_thread(self):
        self._keep_feeder = True
        if self._joiner:
            self._joiner.cancel()

    def _start_feeder(self):
        del self._pending[:]
        feeder = threading.Thread(target=_feed, name='QueueFeederThread',
                                  args=(self._pending, self._wake, self._pipe.put))
        feeder.daemon = True
        self._feeder = feeder
        feeder.start()
        if not self._keep_feeder:
            self._joiner = Finalize(None, _await_feeder, (feeder,), exitpriority=-5)
        self._closer = Finalize(None, _stop_feeder, (self._pending, self._wake),
                                exitpriority=10)


class JoinableQueue(Queue):
    __module__ = 'multiprocessing.queues'

    def __init__(self, maxsize=0):
        Queue.__init__(self, maxsize)
        self._open_tasks = Semaphore(0)
        self._settled = Condition()

    def put(self, obj, block=True, timeout=None):
        self._ensure_open()
        if not self._room.acquire(block, timeout):
            raise _stdqueue.Full
        with self._wake, self._settled:
            if self._feeder is None:
                self._start_feeder()
            self._pending.append(obj)
            self._open_tasks.release()
            self._wake.notify()

    def task_done(self):
        with self._settled:
            if not self._open_tasks.acquire(False):
                raise ValueError('task_done() called too many times')
            if self._open_tasks._native._is_zero():
                self._settled.notify_all()

    def join(self):
        with self._settled:
            if not self._open_tasks._native._is_zero():
                self._settled.wait()


class SimpleQueue:
    __module__ = 'multiprocessing.queues'

    def __init__(self):
        self._pipe = _queue(1)
        self._closed = False

    def get(self):
        return self._pipe.get()

    def put(self, obj):
        self._pipe.put(obj)

    def empty(self):
        return self._pipe.empty()

    def close(self):
        self._closed = True


class Connection:
    # One end of a Pipe: rx is the channel it reads, tx the one it writes (None when
    # the pipe is one-way and this end does not do that).
    __module__ = 'multiprocessing.connection'

    def __init__(self, rx, tx):
        self._rx = rx
        self._tx = tx
        self._closed = False
        self._peeked = []    # what poll() had to take off the channel to see it

    def _usable(self, reading):
        if self._closed:
            raise OSError("handle is closed")
        if reading and self._rx is None:
            raise OSError("connection is write-only")
        if not reading and self._tx is None:
            raise OSError("connection is read-only")

    @property
    def closed(self):
        return self._closed

    @property
    def readable(self):
        return self._rx is not None

    @property
    def writable(self):
        return self._tx is not None

    def send(self, obj):
        self._usable(False)
        self._tx.put(obj)

    def recv(self):
        self._usable(True)
        if self._peeked:
            return self._peeked.pop()
        return self._rx.get()

    def poll(self, timeout=0.0):
        self._usable(True)
        if self._peeked or not self._rx.empty():
            return True
        if timeout is not None and timeout <= 0:
            return False
        try:
            got = self._rx.get(True, timeout)
        except _stdqueue.Empty:
            return False
        self._peeked.append(got)
        return True

    def close(self):
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def Pipe(duplex=True):
    forth = _queue(1)
    if not duplex:
        return Connection(forth, None), Connection(None, forth)
    back = _queue(1)
    return Connection(forth, back), Connection(back, forth)


# ----- pools (multiprocessing.pool) -----
#
# As in CPython, a Pool is its worker processes plus three daemon threads of the
# creating process: _handle_workers replaces workers that exit, _handle_tasks feeds the
# tasks to the workers' inbound queue, _handle_results hands each result to its job.

INIT = 'INIT'
RUN = 'RUN'
CLOSE = 'CLOSE'
TERMINATE = 'TERMINATE'

_last_job = -1


def _new_job():
    global _last_job
    _last_job += 1
    return _last_job


def _mapstar(args):
    return list(map(*args))


def _starmapstar(args):
    fn, batch = args
    return [fn(*one) for one in batch]


class MaybeEncodingError(Exception):
    __module__ = 'multiprocessing.pool'

    def __init__(self, exc, value):
        self.exc = repr(exc)
        self.value = repr(value)
        Exception.__init__(self, self.exc, self.value)

    def __str__(self):
        return "Error sending result: '%s'. Reason: '%s'" % (self.value, self.exc)


def _pool_worker(inqueue, outqueue, initializer=None, initargs=(), maxtasks=None):
    # A worker process: (job, index, fn, args, kwargs) in, (job, index, (ok, value)) out,
    # until None arrives or it has done maxtasks tasks.
    if initializer:
        initializer(*initargs)
    todo = -1 if maxtasks is None else maxtasks
    while todo != 0:
        task = inqueue.get()
        if task is None:
            return
        job, index, fn, args, kwargs = task
        try:
            outcome = (True, fn(*args, **kwargs))
        except Exception as e:
            outcome = (False, e)
        try:
            outqueue.put((job, index, outcome))
        except Exception as e:
            outqueue.put((job, index, (False, MaybeEncodingError(e, outcome[1]))))
        task = fn = args = kwargs = outcome = None
        todo -= 1


def _reraise(exc):
    raise exc


class ApplyResult:
    __module__ = 'multiprocessing.pool'

    def __init__(self, pool, callback, error_callback):
        self._done = threading.Event()
        self._job = _new_job()
        self._jobs = pool._jobs
        self._on_value = callback
        self._on_error = error_callback
        self._jobs[self._job] = self

    def ready(self):
        return self._done.is_set()

    def successful(self):
        if not self._done.is_set():
            raise ValueError("%r not ready" % self)
        return self._ok

    def wait(self, timeout=None):
        self._done.wait(timeout)

    def get(self, timeout=None):
        self._done.wait(timeout)
        if not self._done.is_set():
            raise TimeoutError
        if not self._ok:
            raise self._value
        return self._value

    def _set(self, i, outcome):
        self._ok, self._value = outcome
        hook = self._on_value if self._ok else self._on_error
        if hook:
            hook(self._value)
        self._done.set()
        del self._jobs[self._job]


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    # The result of map_async: one list filled chunk by chunk; the first failure wins,
    # but the result is ready only once every chunk is back.
    __module__ = 'multiprocessing.pool'

    def __init__(self, pool, chunksize, length, callback, error_callback):
        ApplyResult.__init__(self, pool, callback, error_callback)
        self._ok = True
        self._value = [None] * length
        self._chunk = chunksize
        if chunksize > 0:
            self._left = -(-length // chunksize)
        else:
            self._left = 0
            self._done.set()
            del self._jobs[self._job]

    def _set(self, i, outcome):
        ok, value = outcome
        self._left -= 1
        if ok and self._ok:
            self._value[i * self._chunk:(i + 1) * self._chunk] = value
        elif self._ok:
            self._ok = False
            self._value = value
        if self._left:
            return
        hook = self._on_value if self._ok else self._on_error
        if hook:
            hook(self._value)
        del self._jobs[self._job]
        self._done.set()


class IMapIterator:
    __module__ = 'multiprocessing.pool'

    def __init__(self, pool):
        self._cond = threading.Condition(threading.Lock())
        self._job = _new_job()
        self._jobs = pool._jobs
        self._ready = []       # (ok, value) pairs next() hands out, in order
        self._seen = 0         # results received (in order, for imap)
        self._length = None    # the number of tasks, once they are all sent
        self._early = {}       # imap: results that came before their turn
        self._jobs[self._job] = self

    def __iter__(self):
        return self

    def next(self, timeout=None):
        with self._cond:
            if not self._ready and self._seen != self._length:
                self._cond.wait(timeout)
            if not self._ready:
                if self._seen == self._length:
                    raise StopIteration
                raise TimeoutError
            ok, value = self._ready.pop(0)
        if ok:
            return value
        raise value

    __next__ = next

    def _set(self, i, outcome):
        with self._cond:
            if i != self._seen:
                self._early[i] = outcome
            else:
                self._ready.append(outcome)
                self._seen += 1
                early = self._early
                while self._seen in early:
                    self._ready.append(early.pop(self._seen))
                    self._seen += 1
                self._cond.notify()
            if self._seen == self._length:
                del self._jobs[self._job]

    def _set_length(self, length):
        with self._cond:
            self._length = length
            if self._seen == length:
                self._cond.notify()
                del self._jobs[self._job]


class IMapUnorderedIterator(IMapIterator):
    __module__ = 'multiprocessing.pool'

    def _set(self, i, outcome):
        with self._cond:
            self._ready.append(outcome)
            self._seen += 1
            self._cond.notify()
            if self._seen == self._length:
                del self._jobs[self._job]


class _Phase:
    # Where each of a pool's handler threads is: RUN, CLOSE (the worker handler, after
    # close()) or TERMINATE.
    def __init__(self):
        self.workers = self.tasks = self.results = RUN


def _batches(fn, items, size):
    for first in range(0, len(items), size):
        yield (fn, tuple(items[first:first + size]))


def _numbered(job, fn, inputs):
    # The tasks of one map job; an error while producing the inputs becomes a task that
    # raises it in a worker, so the job fails instead of the task handler.
    n = 0
    try:
        for x in inputs:
            yield (job, n, fn, (x,), {})
            n += 1
    except Exception as e:
        yield (job, n, _reraise, (e,), {})


class Pool:
    __module__ = 'multiprocessing.pool'
    _Process = ForkProcess
    # The workers' task and result queues: pipes that pickle what they carry.
    _queue = SimpleQueue
    _worker = staticmethod(_pool_worker)

    def __init__(self, processes=None, initializer=None, initargs=(),
                 maxtasksperchild=None, context=None):
        self._workers = []
        self._state = INIT
        self._terminated = False
        self._tasks = _stdqueue.SimpleQueue()
        self._nudge = SimpleQueue()
        self._jobs = {}
        if processes is None:
            processes = os.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if maxtasksperchild is not None and (
                not isinstance(maxtasksperchild, int) or maxtasksperchild <= 0):
            raise ValueError("maxtasksperchild must be a positive int or None")
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._processes = processes
        self._worker_args = (initializer, initargs, maxtasksperchild)
        self._inbox = self._queue()
        self._outbox = self._queue()
        self._add_workers()
        self._phase = _Phase()
        self._handlers = []
        for fn, args in ((Pool._handle_workers, (self, self._phase)),
                         (Pool._handle_tasks, (self._tasks, self._inbox.put, self._outbox,
                                               self._workers, self._jobs, self._phase)),
                         (Pool._handle_results, (self._outbox, self._jobs, self._phase))):
            handler = threading.Thread(target=fn, args=args)
            handler.daemon = True
            handler.start()
            self._handlers.append(handler)
        self._terminator = Finalize(self, self._terminate_pool, exitpriority=15)
        self._state = RUN

    def __repr__(self):
        cls = type(self)
        return '<%s.%s state=%s pool_size=%d>' % (
            cls.__module__, cls.__qualname__, self._state, len(self._workers))

    def _add_workers(self):
        while len(self._workers) < self._processes:
            w = self._Process(target=self._worker,
                              args=(self._inbox, self._outbox) + self._worker_args)
            w.name = w.name.replace('Process', 'PoolWorker')
            w.daemon = True
            w.start()
            self._workers.append(w)

    def _maintain_pool(self):
        gone = [w for w in self._workers if w.exitcode is not None]
        for w in gone:
            w.join()
            self._workers.remove(w)
        if gone and self._state == RUN:
            self._add_workers()

    @staticmethod
    def _handle_workers(pool, phase):
        # Replaces exited workers (maxtasksperchild) until the pool closes and its jobs
        # are done, or it terminates; looks again every 0.1 s or when nudged.
        nudge = pool._nudge._pipe
        while phase.workers == RUN or (pool._jobs and phase.workers != TERMINATE):
            pool._maintain_pool()
            try:
                nudge.get(True, 0.1)
            except _stdqueue.Empty:
                continue
            while not nudge.empty():
                nudge.get()
        pool._tasks.put(None)

    @staticmethod
    def _handle_tasks(tasks, put, outqueue, workers, jobs, phase):
        # Sends the tasks of each job in turn (a map job's are produced lazily), then
        # tells imap results how many there were; on None or termination, stops the
        # result handler and every worker.
        stopped = False
        while not stopped:
            item = tasks.get()
            if item is None:
                break
            taskseq, set_length = item
            sent = 0
            for task in taskseq:
                if phase.tasks != RUN:
                    stopped = True
                    break
                sent = task[1] + 1
                try:
                    put(task)
                except Exception as e:
                    owner = jobs.get(task[0])
                    if owner is not None:
                        owner._set(task[1], (False, e))
            else:
                if set_length:
                    set_length(sent)
        outqueue.put(None)
        for w in workers:
            put(None)

    @staticmethod
    def _handle_results(outqueue, jobs, phase):
        while True:
            got = outqueue.get()
            if phase.results != RUN or got is None:
                break
            job, i, outcome = got
            if job in jobs:
                jobs[job]._set(i, outcome)
        # After close(): the results live jobs still wait for.
        while jobs and phase.results != TERMINATE:
            got = outqueue.get()
            if got is not None:
                job, i, outcome = got
                if job in jobs:
                    jobs[job]._set(i, outcome)

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    def apply(self, func, args=(), kwds={}):
        pending = self.apply_async(func, args, kwds)
        return pending.get()

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        res = ApplyResult(self, callback, error_callback)
        self._tasks.put(([(res._job, 0, func, args, kwds)], None))
        return res

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
        if not items:
            chunksize = 0
        elif chunksize is None:
            # About four chunks per worker.
            chunksize = -(-len(items) // (len(self._workers) * 4))
        res = MapResult(self, chunksize, len(items), callback, error_callback)
        if chunksize > 0:
            chunks = _batches(func, items, chunksize)
            self._tasks.put((_numbered(res._job, mapper, chunks), None))
        return res

    def _stream(self, kind, func, iterable, chunksize):
        # imap and imap_unordered: one task per item, or per chunk of items.
        self._check_running()
        items = list(iterable)
        if chunksize == 1:
            fn, inputs = func, items
        elif chunksize < 1:
            raise ValueError("Chunksize must be 1+, not %d" % chunksize)
        else:
            fn, inputs = _mapstar, _batches(func, items, chunksize)
        res = kind(self)
        self._tasks.put((_numbered(res._job, fn, inputs), res._set_length))
        return res

    def imap(self, func, iterable, chunksize=1):
        res = self._stream(IMapIterator, func, iterable, chunksize)
        if chunksize == 1:
            return res
        return (x for batch in res for x in batch)

    def imap_unordered(self, func, iterable, chunksize=1):
        res = self._stream(IMapUnorderedIterator, func, iterable, chunksize)
        if chunksize == 1:
            return res
        return (x for batch in res for x in batch)

    def close(self):
        if self._state == RUN:
            self._state = CLOSE
            self._phase.workers = CLOSE
            self._nudge.put(None)

    def terminate(self):
        self._state = TERMINATE
        self._terminate_pool()

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        if self._state != CLOSE and self._state != TERMINATE:
            raise ValueError("In unknown state")
        for handler in self._handlers:
            handler.join()
        for w in self._workers:
            w.join()

    def _terminate_pool(self):
        # terminate(), leaving the with block, or exit: stop the handlers, kill the
        # workers still running, wait for all of them.
        if self._terminated:
            return
        self._terminated = True
        self._terminator.cancel()
        phase = self._phase
        phase.workers = TERMINATE
        self._nudge.put(None)
        phase.tasks = phase.results = TERMINATE
        self._outbox.put(None)
        me = threading.current_thread()
        by_workers, by_tasks, by_results = self._handlers
        if me is not by_workers:
            by_workers.join()
        for w in self._workers:
            if w.exitcode is None:
                w.terminate()
        for handler in (by_tasks, by_results):
            if handler is not me:
                handler.join()
        for w in self._workers:
            if w.is_alive():
                w.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, *exc_info):
        self.terminate()


class _DummyProcess(threading.Thread):
    # multiprocessing.dummy.Process: a thread that answers as a process does.
    __module__ = 'multiprocessing.dummy'

    @property
    def exitcode(self):
        if self.ident is not None and not self.is_alive():
            return 0
        return None

    def terminate(self):
        # A thread cannot be killed: the pool's shutdown waits for it instead.
        pass


def _thread_pool_worker(inqueue, outqueue, initializer=None, initargs=(), maxtasks=None):
    _pool_worker(inqueue, outqueue, initializer, initargs, maxtasks)


# CPython's thread pool workers run a function named `worker` ("Thread-3 (worker)").
_thread_pool_worker.__name__ = 'worker'


class ThreadPool(Pool):
    # Pool's workers as threads of this process: tasks and results pass by reference
    # through queue.SimpleQueue, so lambdas and unpicklable values work.
    __module__ = 'multiprocessing.pool'
    _Process = _DummyProcess
    _queue = _stdqueue.SimpleQueue
    _worker = staticmethod(_thread_pool_worker)

    def __init__(self, processes=None, initializer=None, initargs=()):
        Pool.__init__(self, processes, initializer, initargs)


def _dummy_pool(processes=None, initializer=None, initargs=()):
    return ThreadPool(processes, initializer, initargs)


# ----- managers (multiprocessing.managers) -----
#
# Manager() starts a server process (named SyncManager-N, counted like any child) that
# owns the shared dicts, lists and namespaces. A proxy, in whichever process holds it,
# sends (operation, object id, name, args, kwargs) down the manager's request channel
# and reads the answer from its reply channel; a lock shared by all processes keeps one
# caller's answer from being read by another. Values travel pickled both ways, so a
# proxy's answers are copies, as in CPython.
#
# A proxy names its manager by a token, looked up in _links, the table of the managers
# this process knows: so a proxy pickles (into a queue, a pool task) as plain data and
# works in any process forked after its manager started.

class RemoteError(Exception):
    __module__ = 'multiprocessing.managers'


class Namespace:
    __module__ = 'multiprocessing.managers'

    def __init__(self, **kwds):
        for key in kwds:
            setattr(self, key, kwds[key])

    def __repr__(self):
        public = sorted('%s=%r' % kv for kv in self.__dict__.items() if kv[0][:1] != '_')
        return 'Namespace(%s)' % ', '.join(public)


class _ServerValue:
    # What Manager().Value(typecode, value) refers to in the server.
    def __init__(self, typecode, value, lock=True):
        self.typecode = typecode
        self.value = value

    def __repr__(self):
        return 'Value(%r, %r)' % (self.typecode, self.value)


_MAKERS = {'dict': dict, 'list': list, 'Namespace': Namespace, 'Value': _ServerValue}


def _op_imul(obj, n):
    obj *= n


def _op_setitem(obj, key, value):
    obj[key] = value


def _op_delitem(obj, key):
    del obj[key]


# The special methods a proxy forwards, run in the server as the operations they are.
_SPECIAL = {
    '__repr__': repr, '__str__': str, '__len__': len,
    '__contains__': lambda obj, x: x in obj,
    '__getitem__': lambda obj, key: obj[key],
    '__setitem__': _op_setitem, '__delitem__': _op_delitem,
    '__reversed__': lambda obj: list(reversed(obj)),
    '__add__': lambda obj, other: obj + other,
    '__mul__': lambda obj, n: obj * n, '__rmul__': lambda obj, n: n * obj,
    '__imul__': _op_imul,
}


def _serve(op, owned, ident, name, args, kwds):
    if op == 'call':
        if name in _SPECIAL:
            return _SPECIAL[name](owned[ident], *args)
        answer = getattr(owned[ident], name)(*args, **kwds)
        if name == 'keys' or name == 'values' or name == 'items':
            answer = list(answer)
        return answer
    if op == 'getattr':
        return getattr(owned[ident], name)
    if op == 'setattr':
        setattr(owned[ident], name, args[0])
    elif op == 'delattr':
        delattr(owned[ident], name)
    elif op == 'iter':
        return list(owned[ident])
    elif op == 'release':
        owned.pop(ident, None)
    return None


def _manager_server(requests, replies):
    # The server process's whole life: answer requests until told to stop.
    owned = {}
    made = 0
    while True:
        op, ident, name, args, kwds = requests.get()
        if op == 'shutdown':
            replies.put((True, None))
            return
        if op == 'create':
            try:
                obj = _MAKERS[name](*args, **kwds)
            except BaseException as e:
                replies.put((False, e))
                continue
            made += 1
            owned[made] = obj
            replies.put((True, made))
            continue
        try:
            answer = _serve(op, owned, ident, name, args, kwds)
        except BaseException as e:
            replies.put((False, e))
        else:
            replies.put((True, answer))


class _ManagerLink:
    # The two channels to one manager's server, and the lock around a request and its
    # reply.
    def __init__(self):
        self._requests = _queue(1)
        self._replies = _queue(1)
        self._turn = Lock()
        self.alive = True

    def ask(self, op, ident=None, name=None, args=(), kwds={}):
        if not self.alive:
            raise OSError('the manager has been shut down')
        with self._turn:
            self._requests.put((op, ident, name, tuple(args), dict(kwds)))
            ok, answer = self._replies.get()
        if not ok:
            raise answer
        return answer


_links = {}
_links_made = 0


class BaseProxy:
    __module__ = 'multiprocessing.managers'

    def __init__(self, token, ident, typeid):
        object.__setattr__(self, '_token', token)
        object.__setattr__(self, '_id', ident)
        object.__setattr__(self, '_typeid', typeid)

    def _talk(self, op, name=None, args=(), kwds={}):
        link = _links.get(self._token)
        if link is None:
            _unsupported('a manager proxy in a process forked before its manager started')
        return link.ask(op, self._id, name, args, kwds)

    def _callmethod(self, methodname, args=(), kwds={}):
        return self._talk('call', methodname, args, kwds)

    def _getvalue(self):
        return self._talk('call', 'copy')

    def __repr__(self):
        return '<%s object, typeid %r at %s>' % (
            type(self).__name__, self._typeid, hex(id(self)))

    def __str__(self):
        try:
            return self._talk('call', '__repr__')
        except Exception:
            return "%s; '__str__()' failed>" % repr(self)[:-1]


def _remote(name):
    def call(self, *args, **kwds):
        return self._talk('call', name, args, kwds)
    call.__name__ = name
    return call


def _expose(cls, names):
    # The methods of cls that run the referent's method of the same name in the server.
    for name in names.split():
        setattr(cls, name, _remote(name))


class _ContainerProxy(BaseProxy):
    def __iter__(self):
        return iter(self._talk('iter'))


_expose(_ContainerProxy, '__contains__ __delitem__ __getitem__ __len__ __setitem__ pop')


class ListProxy(_ContainerProxy):
    __module__ = 'multiprocessing.managers'

    def __iadd__(self, value):
        self._talk('call', 'extend', (value,))
        return self

    def __imul__(self, value):
        self._talk('call', '__imul__', (value,))
        return self


_expose(ListProxy, '__reversed__ __add__ __mul__ __rmul__ append count extend index '
                   'insert remove reverse sort')


class DictProxy(_ContainerProxy):
    __module__ = 'multiprocessing.managers'


_expose(DictProxy, 'clear copy get items keys popitem setdefault update values')


class NamespaceProxy(BaseProxy):
    __module__ = 'multiprocessing.managers'

    # Names starting with '_' are the proxy's own; the others live in the server.
    def __getattr__(self, key):
        if key[0] == '_':
            raise AttributeError("'NamespaceProxy' object has no attribute %r" % key)
        return self._talk('getattr', key)

    def __setattr__(self, key, value):
        if key[0] == '_':
            object.__setattr__(self, key, value)
        else:
            self._talk('setattr', key, (value,))

    def __delattr__(self, key):
        if key[0] == '_':
            object.__delattr__(self, key)
        else:
            self._talk('delattr', key)


class ValueProxy(BaseProxy):
    __module__ = 'multiprocessing.managers'

    def get(self):
        return self._talk('getattr', 'value')

    def set(self, value):
        return self._talk('setattr', 'value', (value,))

    @property
    def value(self):
        return self._talk('getattr', 'value')

    @value.setter
    def value(self, new):
        self._talk('setattr', 'value', (new,))


def _stop_manager(link, server):
    if link.alive:
        link.ask('shutdown')
        link.alive = False
    server.join(1.0)
    if server.is_alive():
        server.terminate()
        server.join()


class BaseManager:
    __module__ = 'multiprocessing.managers'

    def __init__(self, address=None, authkey=None, serializer='pickle', ctx=None, *,
                 shutdown_timeout=1.0):
        self._token = None
        self._server = None
        self._stopper = None

    def start(self, initializer=None, initargs=()):
        global _links_made
        if self._token is not None:
            raise ProcessError('Already started server')
        _links_made += 1
        self._token = (_getpid(), _links_made)
        link = _links[self._token] = _ManagerLink()
        server = Process(target=_manager_server, args=(link._requests, link._replies))
        server.name = '%s-%s' % (type(self).__name__,
                                 ':'.join([str(n) for n in server._identity]))
        self._server = server
        server.start()
        self._stopper = Finalize(self, _stop_manager, (link, server), exitpriority=0)

    def shutdown(self):
        if self._stopper is not None:
            self._stopper()

    def join(self, timeout=None):
        if self._server is not None:
            self._server.join(timeout)

    @property
    def address(self):
        return '/tmp/pymp-gilscope/listener-%d' % id(self)

    def __enter__(self):
        if self._token is None:
            self.start()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown()

    def _create(self, typeid, proxytype, *args, **kwds):
        ident = _links[self._token].ask('create', None, typeid, args, kwds)
        return proxytype(self._token, ident, typeid)

    def dict(self, *args, **kwds):
        return self._create('dict', DictProxy, *args, **kwds)

    def list(self, sequence=()):
        return self._create('list', ListProxy, sequence)

    def Namespace(self, **kwds):
        return self._create('Namespace', NamespaceProxy, **kwds)

    def Value(self, typecode, value, lock=True):
        return self._create('Value', ValueProxy, typecode, value, lock)

    # Synchronisation objects and queues: the process-shared ones themselves (they
    # reach children by fork, not through the server).
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
    manager = SyncManager()
    manager.start()
    return manager


# ----- logging (multiprocessing.util) -----

SUBDEBUG = 5
SUBWARNING = 25
DEFAULT_LOGGING_FORMAT = '[%(levelname)s/%(processName)s] %(message)s'
# The 'multiprocessing' logger once get_logger() made it; until then the library's own
# log calls cost nothing but a global lookup.
_mp_logger = None


def get_logger():
    global _mp_logger
    if _mp_logger is None:
        import logging
        _mp_logger = logging.getLogger('multiprocessing')
        _mp_logger.propagate = 0
    return _mp_logger


def log_to_stderr(level=None):
    import logging
    logger = get_logger()
    to_stderr = logging.StreamHandler()
    to_stderr.setFormatter(logging.Formatter(DEFAULT_LOGGING_FORMAT))
    logger.addHandler(to_stderr)
    if level:
        logger.setLevel(level)
    return logger


def _log(level, msg, *args):
    if _mp_logger is not None:
        _mp_logger.log(level, msg, *args)


def _log_exit(exitcode):
    # The child's last words, after any traceback (called by the Rust bootstrap).
    _log(20, 'process exiting with exitcode %d' % exitcode)


# ----- contexts and the submodules -----

class _Context:
    # What get_context() returns: the module's API for the one start method, fork.
    __module__ = 'multiprocessing.context'

    def __repr__(self):
        return '<multiprocessing.context.ForkContext object at %s>' % hex(id(self))

    def get_start_method(self, allow_none=False):
        return 'fork'

    def __getattr__(self, name):
        import multiprocessing
        return getattr(multiprocessing, name)


def get_context(method=None):
    if method is not None and method != 'fork':
        _unsupported("multiprocessing start method '%s' (gilscope forks)" % method)
    return _Context()


class _Submodule:
    # multiprocessing.pool and the others: `import multiprocessing.pool` gives one of
    # these (mod.rs), holding the names that submodule has in CPython.
    def __init__(self, **names):
        for key in names:
            setattr(self, key, names[key])


dummy = _Submodule(Pool=_dummy_pool, Process=_DummyProcess, Queue=_stdqueue.Queue,
                   JoinableQueue=_stdqueue.Queue, Lock=threading.Lock,
                   RLock=threading.RLock, Semaphore=threading.Semaphore,
                   BoundedSemaphore=threading.BoundedSemaphore,
                   Condition=threading.Condition, Event=threading.Event,
                   Barrier=threading.Barrier, current_process=threading.current_thread,
                   active_children=lambda: [], freeze_support=lambda: None)
pool = _Submodule(Pool=Pool, ThreadPool=ThreadPool, ApplyResult=ApplyResult, AsyncResult=ApplyResult,
                  MapResult=MapResult, IMapIterator=IMapIterator,
                  MaybeEncodingError=MaybeEncodingError, TimeoutError=TimeoutError)
process = _Submodule(BaseProcess=BaseProcess, current_process=current_process,
                     active_children=active_children, parent_process=parent_process)
queues = _Submodule(Queue=Queue, SimpleQueue=SimpleQueue, JoinableQueue=JoinableQueue)
util = _Submodule(Finalize=Finalize, get_logger=get_logger, log_to_stderr=log_to_stderr,
                  SUBDEBUG=SUBDEBUG, SUBWARNING=SUBWARNING,
                  DEFAULT_LOGGING_FORMAT=DEFAULT_LOGGING_FORMAT)
managers = _Submodule(BaseManager=BaseManager, SyncManager=SyncManager, BaseProxy=BaseProxy,
                      Namespace=Namespace, RemoteError=RemoteError, DictProxy=DictProxy,
                      ListProxy=ListProxy)
synchronize = _Submodule(Lock=Lock, RLock=RLock, Semaphore=Semaphore,
                         BoundedSemaphore=BoundedSemaphore, Condition=Condition, Event=Event)
context = _Submodule(Process=Process, ForkProcess=ForkProcess, ProcessError=ProcessError,
                     TimeoutError=TimeoutError, get_context=get_context)
sharedctypes = _Submodule(Value=Value, Array=Array, RawValue=RawValue, RawArray=RawArray,
                          Synchronized=Synchronized, SynchronizedArray=SynchronizedArray)
