# tracebacks: cpython
# gilscope's asyncio. Everything a program's timeline can see of CPython 3.11's asyncio
# (the loop turning, futures settling, tasks stepping, locks and queues handing over) is
# bytecode here, run on gilscope's VM, so it costs simulated time as CPython's Python
# loop does (CPython's Future and Task are C and a little cheaper than ours). A loop
# belongs to the thread that runs it; between iterations it blocks in the native
# _select (CPython's epoll_wait) with the GIL released, until a timer is due or another
# thread posts a callback.
#
# Natives (aio.rs): _task_new(name, coro) -> lane id, _task_state(id, phase, what),
# _selector(), _select(sel, timeout) -> woken, _wake(sel), _iscoroutine(x),
# _iscoroutinefunction(f), _coro_where(coro), _def_where(fn), _format_exc(exc),
# _unreferenced(tasks).
#
# A comment `# traceback: FILE:LINE` puts the next line's frame in tracebacks as CPython's
# library frame FILE:LINE (under /usr/lib/python3.11/); the frames of other lines of this
# module are left out, as CPython's C code leaves none.
import _gilscope
import threading
import time
import sys
import logging as _logging


# ===== the exceptions (they say which CPython module they come from) =====

class CancelledError(BaseException):
    __module__ = 'asyncio.exceptions'


class InvalidStateError(Exception):
    __module__ = 'asyncio.exceptions'


class QueueEmpty(Exception):
    __module__ = 'asyncio.queues'


class QueueFull(Exception):
    __module__ = 'asyncio.queues'


class BrokenBarrierError(RuntimeError):
    __module__ = 'asyncio.exceptions'


# Since 3.11 asyncio's TimeoutError is the built-in one.
TimeoutError = TimeoutError

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'

# A future's status; the lower-case word starts its repr.
_PENDING = 'PENDING'
_CANCELLED = 'CANCELLED'
_FINISHED = 'FINISHED'
_FATAL = (SystemExit, KeyboardInterrupt)


def iscoroutine(obj):
    return _iscoroutine(obj)


def iscoroutinefunction(func):
    return _iscoroutinefunction(func)


def isfuture(obj):
    # The duck-typing mark every asyncio future carries (None means "not a future").
    return getattr(obj, '_asyncio_future_blocking', None) is not None


def _callback_text(fn, args=()):
    # How a callback shows in a repr: `name(args) at FILE:LINE` for a function of the
    # program; our own helpers carry CPython's text for theirs.
    shown = getattr(fn, '_shown_as', None)
    if shown is not None:
        return shown
    name = getattr(fn, '__qualname__', None) or getattr(fn, '__name__', None) or repr(fn)
    text = name + '(' + ', '.join([_short_repr(a) for a in args]) + ')'
    where = _def_where(fn)
    if where is not None and not where[0].startswith('<gilscope '):
        text += ' at %s:%d' % where
    return text


# reprlib's default limits (asyncio abbreviates results and arguments with reprlib.repr):
# items shown per container, nesting depth, and the length of other reprs.
_SHOWN_ITEMS = {'list': 6, 'tuple': 6, 'set': 6, 'frozenset': 6, 'dict': 4}
_SHOWN_DEPTH = 6


def _cut(text, limit):
    # Keep the two ends of a text longer than limit, '...' between them.
    if len(text) <= limit:
        return text
    head = (limit - 3) // 2
    tail = limit - 3 - head
    return text[:head] + '...' + text[len(text) - tail:]


def _ordered(items):
    try:
        return sorted(items)
    except Exception:
        return list(items)


def _short_repr(value, depth=_SHOWN_DEPTH):
    kind = type(value).__name__
    if kind == 'str':
        if len(value) <= 30:
            return repr(value)
        # Cut the string, then the repr of what is left, so the quotes survive.
        text = repr(value[:13] + value[len(value) - 14:])
        return text[:13] + '...' + text[len(text) - 14:]
    if kind == 'int':
        return _cut(repr(value), 40)
    limit = _SHOWN_ITEMS.get(kind)
    if limit is None:
        return _cut(repr(value), 30)
    if not value:
        return repr(value)
    if kind == 'list':
        ends = ('[', ']')
    elif kind == 'tuple':
        ends = ('(', ',)' if len(value) == 1 else ')')
    elif kind == 'frozenset':
        ends = ('frozenset({', '})')
    else:
        ends = ('{', '}')
    if depth <= 0:
        return ends[0] + '...' + ends[1]
    if kind == 'dict':
        keys = _ordered(value)
        shown = ['%s: %s' % (_short_repr(k, depth - 1), _short_repr(value[k], depth - 1))
                 for k in keys[:limit]]
    else:
        items = _ordered(value) if kind == 'set' or kind == 'frozenset' else list(value)
        shown = [_short_repr(item, depth - 1) for item in items[:limit]]
    if len(value) > limit:
        shown.append('...')
    return ends[0] + ', '.join(shown) + ends[1]


# ===== Future =====

class Future:
    __module__ = '_asyncio'  # C in CPython
    # True only between `yield self` in __await__ and the task that received it.
    _asyncio_future_blocking = False

    def __init__(self, *, loop=None):
        self._loop = get_event_loop() if loop is None else loop
        self._status = _PENDING
        self._value = None
        self._error = None
        self._done_cbs = []
        self._cancel_msg = None
        # The CancelledError a task ended with: the first result()/exception() raises
        # that very object (with its traceback), later ones a fresh one.
        self._kept_cancel = None
        # An error set and not yet looked at (Task reports those when freed).
        self._unretrieved = False
        # What a task awaiting this shows in its lane.
        self._label = 'Future'

    def _describe(self):
        parts = [self._status.lower()]
        if self._status == _FINISHED:
            if self._error is None:
                parts.append('result=' + _short_repr(self._value))
            else:
                parts.append('exception=' + repr(self._error))
        if self._done_cbs:
            parts.append('cb=[' + ', '.join([_callback_text(f) for f in self._done_cbs]) + ']')
        return parts

    def __repr__(self):
        return '<' + type(self).__name__ + ' ' + ' '.join(self._describe()) + '>'

    def _cancel_error(self):
        kept = self._kept_cancel
        if kept is not None:
            self._kept_cancel = None
            return kept
        if self._cancel_msg is None:
            return CancelledError()
        return CancelledError(self._cancel_msg)

    def _fire(self):
        # Settled: every done-callback goes to the loop, in the order they were added.
        waiting = self._done_cbs
        if waiting:
            self._done_cbs = []
            loop = self._loop
            for fn in waiting:
                if type(fn) is _Wakeup:
                    _task_state(fn.task._lane, 'ready')
                loop.call_soon(fn, self)

    def cancel(self, msg=None):
        self._unretrieved = False
        if self._status != _PENDING:
            return False
        self._status = _CANCELLED
        self._cancel_msg = msg
        self._fire()
        return True

    def cancelled(self):
        return self._status == _CANCELLED

    def done(self):
        return self._status != _PENDING

    def result(self):
        status = self._status
        if status == _FINISHED:
            self._unretrieved = False
            if self._error is None:
                return self._value
            raise self._error
        if status == _CANCELLED:
            raise self._cancel_error()
        raise InvalidStateError('Result is not set.')

    def exception(self):
        status = self._status
        if status == _FINISHED:
            self._unretrieved = False
            return self._error
        if status == _CANCELLED:
            raise self._cancel_error()
        raise InvalidStateError('Exception is not set.')

    def add_done_callback(self, fn, *, context=None):
        if self._status == _PENDING:
            self._done_cbs.append(fn)
        else:
            self._loop.call_soon(fn, self)

    def remove_done_callback(self, fn):
        before = len(self._done_cbs)
        if before:
            self._done_cbs = [f for f in self._done_cbs if f != fn]
        return before - len(self._done_cbs)

    def set_result(self, result):
        if self._status != _PENDING:
            raise InvalidStateError('invalid state')
        self._value = result
        self._status = _FINISHED
        self._fire()

    def set_exception(self, exception):
        if self._status != _PENDING:
            raise InvalidStateError('invalid state')
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError('StopIteration interacts badly with generators and cannot be raised into a Future')
        self._error = exception
        self._status = _FINISHED
        self._fire()
        self._unretrieved = True

    def __await__(self):
        if self._status == _PENDING:
            # The task driving this coroutine sees the flag and parks until we settle.
            self._asyncio_future_blocking = True
            yield self
            if self._status == _PENDING:
                raise RuntimeError("await wasn't used with future")
        return self.result()

    __iter__ = __await__

    def get_loop(self):
        return self._loop


# ===== Task =====

_task_counter = [0]
# Every task, as CPython's WeakSet of tasks: id(task) -> weak handle. A task that ends
# stays until the next sweep, because deleting from a dict shifts the entries after it
# and tens of thousands of tasks (pyperformance's async_tree) would make that quadratic.
_all_tasks = {}
_pending_tasks = [0]
_current_tasks = {}    # loop -> the task stepping on it
# Tasks that ended with an error: reported when nothing refers to them any more (or at
# exit) unless the error was looked at, as CPython's Task.__del__ does.
_failed = []


class _Wakeup:
    # The done-callback that resumes a task. An object of its own, so that the future
    # can mark the task ready in its lane the moment it schedules it.
    _shown_as = 'Task.task_wakeup()'

    def __init__(self, task):
        self.task = task

    def __call__(self, future):
        task = self.task
        try:
            future.result()
        except BaseException as failure:
            task._step(failure)
            return
        task._step()

    def __eq__(self, other):
        return type(other) is _Wakeup and other.task is self.task

    def __hash__(self):
        return id(self.task)


class Task(Future):
    __module__ = '_asyncio'
    def __init__(self, coro, *, loop=None, name=None, context=None):
        Future.__init__(self, loop=loop)
        if not _iscoroutine(coro):
            raise TypeError('a coroutine was expected, got %r' % (coro,))
        # Every task takes a number, named or not.
        _task_counter[0] += 1
        self._title = 'Task-%d' % _task_counter[0] if name is None else str(name)
        self._cancels = 0             # cancel() calls not yet taken back by uncancel()
        self._cancel_pending = False  # throw CancelledError in at the next step
        self._awaiting = None         # the future the coroutine waits on
        self._co = coro
        # The contextvars context the steps run in, once a program imports contextvars.
        copy = getattr(threading, '_gilscope_copy_context', None)
        self._context = copy() if context is None and copy else context
        self._label = self._title
        self._lane = _task_new(self._title, coro)
        self._loop.call_soon(self._step)
        _all_tasks[id(self)] = _gilscope.weak_new(self)
        _pending_tasks[0] += 1

    def _describe(self):
        parts = Future._describe(self)
        if self._cancel_pending:
            parts[0] = 'cancelling'
        qualname, path, line, finished = _coro_where(self._co)
        where = 'done, defined at' if finished else 'running at'
        extra = ['name=%r' % (self._title,), 'coro=<%s() %s %s:%d>' % (qualname, where, path, line)]
        if self._awaiting is not None:
            extra.append('wait_for=%r' % (self._awaiting,))
        return parts[:1] + extra + parts[1:]

    def get_name(self):
        return self._title

    def set_name(self, value):
        self._title = str(value)

    def get_coro(self):
        return self._co

    def get_stack(self, *, limit=None):
        return []

    def cancel(self, msg=None):
        self._unretrieved = False
        if self._status != _PENDING:
            return False
        self._cancels += 1
        # Cancelling what we wait on is enough: its CancelledError reaches the coroutine.
        inner = self._awaiting
        if inner is not None and inner.cancel(msg=msg):
            return True
        self._cancel_pending = True
        self._cancel_msg = msg
        return True

    def cancelling(self):
        return self._cancels

    def uncancel(self):
        if self._cancels:
            self._cancels -= 1
        return self._cancels

    def _step(self, exc=None):
        ctx = self._context
        if ctx is not None and not ctx._entered:
            return ctx.run(self._step, exc)
        if self._status != _PENDING:
            raise InvalidStateError('_step(): already done: %r, %r' % (self, exc))
        if self._cancel_pending:
            self._cancel_pending = False
            if not isinstance(exc, CancelledError):
                exc = self._cancel_error()
        loop = self._loop
        self._awaiting = None
        _current_tasks[loop] = self
        _task_state(self._lane, 'running')
        try:
            if exc is None:
                yielded = self._co.send(None)
            else:
                yielded = self._co.throw(exc)
        except StopIteration as stop:
            if self._cancel_pending:
                # cancel() came while it ran, too late to throw in: it ends cancelled.
                self._cancel_pending = False
                Future.cancel(self, msg=self._cancel_msg)
            else:
                Future.set_result(self, stop.value)
        except CancelledError as cancelled:
            self._kept_cancel = cancelled
            Future.cancel(self)
        except BaseException as error:
            Future.set_exception(self, error)
            if isinstance(error, _FATAL):
                raise
            _failed.append(self)
        else:
            self._park(yielded)
        finally:
            _current_tasks.pop(loop, None)
            if self._status != _PENDING:
                _task_ended()
                _task_state(self._lane, 'done')
            else:
                inner = self._awaiting
                if inner is None or inner._status != _PENDING:
                    _task_state(self._lane, 'ready')
                else:
                    _task_state(self._lane, 'awaiting', inner._label)

    def _park(self, yielded):
        # What the coroutine handed up says what it waits for.
        loop = self._loop
        blocking = getattr(yielded, '_asyncio_future_blocking', None)
        if blocking is None:
            if yielded is None:
                # A bare yield (sleep(0)): the others run once, then we do again.
                loop.call_soon(self._step)
                return
            problem = 'Task got bad yield: %r' % (yielded,)
        elif yielded._loop is not loop:
            problem = 'Task %r got Future %r attached to a different loop' % (self, yielded)
        elif not blocking:
            problem = 'yield was used instead of yield from in task %r with %r' % (self, yielded)
        elif yielded is self:
            problem = 'Task cannot await on itself: %r' % (self,)
        else:
            yielded._asyncio_future_blocking = False
            yielded.add_done_callback(_Wakeup(self))
            self._awaiting = yielded
            if self._cancel_pending and yielded.cancel(msg=self._cancel_msg):
                self._cancel_pending = False
            return
        loop.call_soon(self._step, RuntimeError(problem))


class tasks:
    # asyncio.tasks, as base_events.py names it (`tasks.Task`), so that the line a
    # traceback shows reads as CPython's.
    Task = Task


def _report_unretrieved(tasks):
    for task in tasks:
        if not task._unretrieved:
            continue
        task._unretrieved = False
        task._loop.call_exception_handler({
            'message': 'Task exception was never retrieved',
            'exception': task._error,
            'future': task,
        })


def current_task(loop=None):
    return _current_tasks.get(get_running_loop() if loop is None else loop)


def all_tasks(loop=None):
    if loop is None:
        loop = get_running_loop()
    return set([task for task in _live_tasks() if task._loop is loop])


def _live_tasks():
    tasks = []
    for handle in _all_tasks.values():
        task = _gilscope.weak_get(handle)
        if task is not None and task._status == _PENDING:
            tasks.append(task)
    return tasks


def _task_ended():
    _pending_tasks[0] -= 1
    if len(_all_tasks) > 2 * _pending_tasks[0] + 64:
        live = {id(task): _gilscope.weak_new(task) for task in _live_tasks()}
        _all_tasks.clear()
        _all_tasks.update(live)


def create_task(coro, *, name=None, context=None):
    loop = get_running_loop()
    if context is None and name is None:
        # traceback: asyncio/tasks.py:384
        task = loop.create_task(coro)
    else:
        task = loop.create_task(coro, name=name, context=context)
    return task


def ensure_future(coro_or_future, *, loop=None):
    if isfuture(coro_or_future):
        if loop is None or loop is coro_or_future._loop:
            return coro_or_future
        raise ValueError('The future belongs to a different loop than the one specified as the loop argument')
    if _iscoroutine(coro_or_future):
        return (get_event_loop() if loop is None else loop).create_task(coro_or_future)
    if not hasattr(coro_or_future, '__await__'):
        raise TypeError('An asyncio.Future, a coroutine or an awaitable is required')
    return ensure_future(_await_it(coro_or_future), loop=loop)


async def _await_it(awaitable):
    # Any awaitable becomes a coroutine a task can drive.
    return await awaitable


# ===== handles, timers and the loop =====

class Handle:
    def __init__(self, callback, args, loop, context=None):
        self._fn = callback
        self._fn_args = args
        self._dead = False
        self._loop = loop
        self._context = context

    def __repr__(self):
        words = [type(self).__name__]
        if self._dead:
            words.append('cancelled')
        when = self._when_text()
        if when:
            words.append(when)
        if self._fn is not None:
            words.append(_callback_text(self._fn, self._fn_args))
        return '<' + ' '.join(words) + '>'

    def _when_text(self):
        return ''

    def cancel(self):
        if not self._dead:
            self._dead = True
            # Let go of what the callback would have kept alive.
            self._fn = None
            self._fn_args = None

    def cancelled(self):
        return self._dead

    def get_context(self):
        return self._context

    def _run(self):
        try:
            if self._context is None:
                self._fn(*self._fn_args)
            else:
                self._context.run(self._fn, *self._fn_args)
        except BaseException as problem:
            if isinstance(problem, _FATAL):
                raise
            # Anything else a callback raises is the loop's handler's to report.
            self._loop.call_exception_handler({
                'message': 'Exception in callback ' + _callback_text(self._fn),
                'exception': problem,
                'handle': self,
            })


class TimerHandle(Handle):
    def __init__(self, when, callback, args, loop, context=None):
        Handle.__init__(self, callback, args, loop, context)
        self._deadline = when
        self._in_heap = False

    # Timers order by deadline in the loop's heap.
    def __lt__(self, other):
        return self._deadline < other._deadline

    def __le__(self, other):
        return self._deadline <= other._deadline

    def __gt__(self, other):
        return self._deadline > other._deadline

    def __ge__(self, other):
        return self._deadline >= other._deadline

    def cancel(self):
        if not self._dead:
            if self._in_heap:
                # Still in the heap: counted, so the loop knows when to sweep it.
                self._loop._dead_timers += 1
            Handle.cancel(self)

    def when(self):
        return self._deadline

    def _when_text(self):
        return 'when=%r' % (self._deadline,)


def _heappush(heap, item):
    # A binary min-heap (the timers, earliest first), as heapq keeps one.
    heap.append(item)
    pos = len(heap) - 1
    while pos > 0:
        parent = (pos - 1) >> 1
        if item < heap[parent]:
            heap[pos] = heap[parent]
            pos = parent
        else:
            break
    heap[pos] = item


def _heappop(heap):
    last = heap.pop()
    if not heap:
        return last
    top = heap[0]
    n = len(heap)
    pos = 0
    child = 1
    # Sift the hole at the root down to a leaf, then the last item up into place.
    while child < n:
        right = child + 1
        if right < n and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = last
    while pos > 0:
        parent = (pos - 1) >> 1
        if last < heap[parent]:
            heap[pos] = heap[parent]
            pos = parent
        else:
            break
    heap[pos] = last
    return top


# The heap is swept of cancelled timers at once when it holds more than this many and
# more than this share of them are cancelled; otherwise only its top is cleaned.
_SWEEP_ABOVE = 100
_SWEEP_SHARE = 0.5
# The longest the selector waits in one go (a day), however far the next timer.
_LONGEST_WAIT = 86400
# Timers due within the clock's resolution run in this iteration.
_RESOLUTION = 1e-09


def _stop_when_done(fut):
    # The future of run_until_complete settled. A SystemExit or KeyboardInterrupt stops
    # the loop by propagating out of it, so the loop is left alone then.
    if fut.cancelled() or not isinstance(fut.exception(), _FATAL):
        fut.get_loop().stop()


_stop_when_done._shown_as = (
    '_run_until_complete_cb() at /usr/lib/python3.11/asyncio/base_events.py:180')


def _log_debug(msg, *args):
    # What CPython's asyncio logs on its 'asyncio' logger (asyncio/log.py), shown when the
    # program sets logging to DEBUG.
    _logging.getLogger('asyncio').debug(msg, *args)


class AbstractEventLoop:
    # The loop's interface; programs name it in annotations and isinstance() checks.
    __module__ = 'asyncio.events'


class _UnixSelectorEventLoop(AbstractEventLoop):
    __module__ = 'asyncio.unix_events'

    def __init__(self):
        self._runnable = []     # handles to run in the next iteration, in order
        self._timers = []       # heap of TimerHandles
        self._dead_timers = 0   # cancelled timers still in the heap
        self._closed = False
        self._stop_asked = False
        self._owner = None      # thread id while running
        self._executor = None
        self._error_hook = None
        self._debug_on = False
        self._sel = _selector()
        _log_debug('Using selector: %s', 'EpollSelector')

    def __repr__(self):
        return '<%s running=%s closed=%s debug=%s>' % (
            type(self).__name__, self.is_running(), self._closed, self._debug_on)

    def get_debug(self):
        return self._debug_on

    def set_debug(self, enabled):
        self._debug_on = enabled

    def time(self):
        return time.monotonic()

    def _ensure_open(self):
        if self._closed:
            raise RuntimeError('Event loop is closed')

    def _ensure_idle(self):
        if self._owner is not None:
            raise RuntimeError('This event loop is already running')
        if _get_running_loop() is not None:
            raise RuntimeError('Cannot run the event loop while another loop is running')

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        self._ensure_open()
        # traceback: asyncio/base_events.py:436
        task = tasks.Task(coro, loop=self, name=name, context=context)
        return task

    def call_soon(self, callback, *args, context=None):
        self._ensure_open()
        entry = Handle(callback, args, self, context)
        self._runnable.append(entry)
        return entry

    def call_later(self, delay, callback, *args, context=None):
        if delay is None:
            raise TypeError('delay must not be None')
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError('when cannot be None')
        self._ensure_open()
        entry = TimerHandle(when, callback, args, self, context)
        _heappush(self._timers, entry)
        entry._in_heap = True
        return entry

    def call_soon_threadsafe(self, callback, *args, context=None):
        self._ensure_open()
        entry = Handle(callback, args, self, context)
        self._runnable.append(entry)
        # Another thread's callback: the loop may be asleep in its selector.
        _wake(self._sel)
        return entry

    def run_forever(self):
        self._ensure_open()
        self._ensure_idle()
        self._owner = threading.get_ident()
        _set_running_loop(self)
        try:
            # A stop() asked before we started still lets one iteration run.
            self._run_once()
            while not self._stop_asked:
                self._run_once()
        finally:
            self._stop_asked = False
            self._owner = None
            _set_running_loop(None)

    def run_until_complete(self, future):
        self._ensure_open()
        self._ensure_idle()
        made_here = not isfuture(future)
        future = ensure_future(future, loop=self)
        future.add_done_callback(_stop_when_done)
        try:
            self.run_forever()
        except BaseException:
            # The error that ended a task made here propagates: it counts as seen.
            if made_here and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_stop_when_done)
        if future.done():
            # traceback: asyncio/base_events.py:653
            return future.result()
        raise RuntimeError('Event loop stopped before Future completed.')

    def stop(self):
        self._stop_asked = True

    def is_running(self):
        return self._owner is not None

    def is_closed(self):
        return self._closed

    def close(self):
        if self._owner is not None:
            raise RuntimeError('Cannot close a running event loop')
        if self._closed:
            return
        if self._debug_on:
            _log_debug('Close %r', self)
        self._closed = True
        self._runnable = []
        self._timers = []
        pool = self._executor
        self._executor = None
        if pool is not None:
            pool.shutdown(wait=False)

    async def shutdown_asyncgens(self):
        pass

    async def shutdown_default_executor(self):
        pool = self._executor
        if pool is None:
            return
        # The pool's shutdown blocks, so a thread of its own waits for the workers.
        finished = self.create_future()
        closer = threading.Thread(target=self._do_shutdown, args=(finished,))
        closer.start()
        try:
            await finished
        finally:
            closer.join()

    def _do_shutdown(self, future):
        try:
            self._executor.shutdown(wait=True)
        except Exception as problem:
            if not self._closed:
                self.call_soon_threadsafe(future.set_exception, problem)
            return
        if not self._closed:
            self.call_soon_threadsafe(future.set_result, None)

    def run_in_executor(self, executor, func, *args):
        self._ensure_open()
        if executor is None:
            if self._executor is None:
                import concurrent.futures
                self._executor = concurrent.futures.ThreadPoolExecutor(thread_name_prefix='asyncio')
            executor = self._executor
        fut = wrap_future(executor.submit(func, *args), loop=self)
        fut._label = 'run_in_executor(%s)' % getattr(func, '__name__', 'func')
        return fut

    def set_default_executor(self, executor):
        self._executor = executor

    def set_exception_handler(self, handler):
        self._error_hook = handler

    def get_exception_handler(self):
        return self._error_hook

    def default_exception_handler(self, context):
        # The message, then every other key of the context but the exception, sorted,
        # then the exception's traceback.
        lines = [context.get('message') or 'Unhandled exception in event loop']
        lines += ['%s: %r' % (key, context[key]) for key in sorted(context)
                  if key != 'message' and key != 'exception']
        report = '\n'.join(lines) + '\n'
        error = context.get('exception')
        if error is not None:
            report += _format_exc(error)
        sys.stderr.write(report)

    def call_exception_handler(self, context):
        hook = self._error_hook
        if hook is None:
            self.default_exception_handler(context)
        else:
            hook(self, context)

    def _run_once(self):
        timers = self._timers
        if len(timers) > _SWEEP_ABOVE and self._dead_timers > len(timers) * _SWEEP_SHARE:
            # Mostly cancelled: rebuild the heap from the live timers.
            self._timers = []
            for entry in timers:
                if entry._dead:
                    entry._in_heap = False
                else:
                    _heappush(self._timers, entry)
            timers = self._timers
            self._dead_timers = 0
        else:
            while timers and timers[0]._dead:
                self._dead_timers -= 1
                _heappop(timers)._in_heap = False
        # Wait for the next timer, or only poll when there is work already.
        if self._runnable or self._stop_asked:
            timeout = 0
        elif timers:
            timeout = min(max(0, timers[0]._deadline - self.time()), _LONGEST_WAIT)
        else:
            timeout = None
        _select(self._sel, timeout)
        horizon = self.time() + _RESOLUTION
        while timers and timers[0]._deadline < horizon:
            entry = _heappop(timers)
            entry._in_heap = False
            self._runnable.append(entry)
        # Only what is runnable now; what these callbacks schedule waits a turn. The batch
        # is taken whole (popping the front of a list one by one is quadratic when tens of
        # thousands of timers fire together); if a fatal error escapes a callback, what
        # did not run goes back in front, as CPython's ready deque keeps it.
        batch = self._runnable
        self._runnable = []
        done = 0
        try:
            for entry in batch:
                done += 1
                if not entry._dead:
                    entry._run()
        finally:
            if done < len(batch):
                self._runnable[:0] = batch[done:]
        # Drop our hold on the handles, so a failed task they refer to can be freed.
        batch = entry = None
        if _failed:
            _report_unretrieved(_unreferenced(_failed))


# ===== which loop is current =====

_running = threading.local()
_event_loops = {}    # thread id -> the loop set for that thread


def _get_running_loop():
    return getattr(_running, 'loop', None)


def _set_running_loop(loop):
    _running.loop = loop


def get_running_loop():
    running = _get_running_loop()
    if running is None:
        raise RuntimeError('no running event loop')
    return running


def new_event_loop():
    return _UnixSelectorEventLoop()


def set_event_loop(loop):
    _event_loops[threading.get_ident()] = loop


def get_event_loop():
    running = _get_running_loop()
    if running is not None:
        return running
    me = threading.get_ident()
    loop = _event_loops.get(me)
    if loop is not None:
        return loop
    # Only the main thread gets a loop made on demand.
    thread = threading.current_thread()
    if thread is not threading.main_thread():
        raise RuntimeError('There is no current event loop in thread %r.' % thread.name)
    loop = new_event_loop()
    _event_loops[me] = loop
    return loop


class Runner:
    def __init__(self, *, debug=None, loop_factory=None):
        self._phase = 'new'    # new / ready / closed
        self._factory = loop_factory
        self._debug_wish = debug
        self._loop = None

    def __enter__(self):
        self._open()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()

    def close(self):
        if self._phase != 'ready':
            return
        loop = self._loop
        try:
            # Tasks still running are cancelled and given their last steps; then the
            # two shutdown coroutines run, each as a task of its own.
            _cancel_leftovers(loop)
            for shutdown in (loop.shutdown_asyncgens, loop.shutdown_default_executor):
                loop.run_until_complete(shutdown())
        finally:
            set_event_loop(None)
            loop.close()
            self._loop = None
            self._phase = 'closed'

    def get_loop(self):
        self._open()
        return self._loop

    def run(self, coro, *, context=None):
        if not _iscoroutine(coro):
            raise ValueError('a coroutine was expected, got %r' % (coro,))
        if _get_running_loop() is not None:
            raise RuntimeError('Runner.run() cannot be called from a running event loop')
        self._open()
        task = self._loop.create_task(coro)
        # traceback: asyncio/runners.py:118
        return self._loop.run_until_complete(task)

    def _open(self):
        if self._phase == 'ready':
            return
        if self._phase == 'closed':
            raise RuntimeError('Runner is closed')
        if self._factory is not None:
            self._loop = self._factory()
        else:
            self._loop = new_event_loop()
            set_event_loop(self._loop)
        if self._debug_wish is not None:
            self._loop.set_debug(self._debug_wish)
        self._phase = 'ready'


def run(main, *, debug=None):
    if _get_running_loop() is not None:
        raise RuntimeError('asyncio.run() cannot be called from a running event loop')
    with Runner(debug=debug) as runner:
        # traceback: asyncio/runners.py:190
        return runner.run(main)


def _cancel_leftovers(loop):
    leftovers = all_tasks(loop)
    if not leftovers:
        return
    for task in leftovers:
        task.cancel()
    loop.run_until_complete(gather(*leftovers, return_exceptions=True))
    for task in leftovers:
        error = None if task.cancelled() else task.exception()
        if error is not None:
            what = 'unhandled exception during asyncio.run() shutdown'
            loop.call_exception_handler({'message': what, 'exception': error, 'task': task})


# ===== sleep, gather, wait, wait_for, as_completed, shield =====

class _YieldOnce:
    # `await sleep(0)`: one bare yield, so the task lets the others run once.
    def __await__(self):
        yield


def _wake_sleeper(fut, result):
    # A sleep cancelled meanwhile has nothing left to wake.
    if fut.cancelled():
        return
    fut.set_result(result)


async def sleep(delay, result=None):
    if delay > 0:
        loop = get_running_loop()
        alarm = loop.create_future()
        alarm._label = 'sleep(%r)' % (delay,)
        timer = loop.call_later(delay, _wake_sleeper, alarm, result)
        try:
            return await alarm
        finally:
            timer.cancel()
    await _YieldOnce()
    return result


class _GatheringFuture(Future):
    # What gather() returns: cancelling it cancels the children instead.
    def __init__(self, children, *, loop):
        Future.__init__(self, loop=loop)
        self._children = children
        self._cancel_asked = False
        self._label = 'gather'

    def cancel(self, msg=None):
        if self._status != _PENDING:
            return False
        hit = [child for child in self._children if child.cancel(msg=msg)]
        if hit:
            # It ends once the children do; the CancelledError comes then.
            self._cancel_asked = True
        return len(hit) > 0


def gather(*coros_or_futures, return_exceptions=False):
    if not coros_or_futures:
        empty = get_event_loop().create_future()
        empty.set_result([])
        return empty

    def _done_callback(child):
        left[0] -= 1
        if outer.done():
            # Too late to matter: an error is only marked seen.
            if not child.cancelled():
                child.exception()
            return
        if not return_exceptions:
            # The first failure is the gather's.
            if child.cancelled():
                outer.set_exception(child._cancel_error())
                return
            error = child.exception()
            if error is not None:
                outer.set_exception(error)
                return
        if left[0]:
            return
        outcome = []
        for fut in children:
            if fut.cancelled():
                outcome.append(CancelledError('' if fut._cancel_msg is None else fut._cancel_msg))
            else:
                error = fut.exception()
                outcome.append(fut.result() if error is None else error)
        if outer._cancel_asked:
            outer.set_exception(child._cancel_error())
        else:
            outer.set_result(outcome)

    _done_callback._shown_as = (
        'gather.<locals>._done_callback() at /usr/lib/python3.11/asyncio/tasks.py:764')
    # A coroutine or future given twice is one child, awaited once, listed twice.
    made = {}
    children = []
    left = [0]
    loop = None
    for arg in coros_or_futures:
        fut = made.get(arg)
        if fut is None:
            fut = ensure_future(arg, loop=loop)
            loop = fut._loop
            made[arg] = fut
            left[0] += 1
            fut.add_done_callback(_done_callback)
        children.append(fut)
    outer = _GatheringFuture(children, loop=loop)
    return outer


def _settle(waiter, *ignored):
    if not waiter.done():
        waiter.set_result(None)


async def _cancel_and_wait(fut):
    # Cancel fut and wait until it has really ended (it may take steps to unwind).
    ended = get_running_loop().create_future()
    ended._label = fut._label

    def on_end(_):
        _settle(ended)

    fut.add_done_callback(on_end)
    try:
        fut.cancel()
        await ended
    finally:
        fut.remove_done_callback(on_end)


def _result_within_time(fut):
    # The outcome of a future cancelled at its deadline: a CancelledError is the timeout.
    try:
        return fut.result()
    except CancelledError as exc:
        raise TimeoutError() from exc


async def wait_for(fut, timeout):
    if timeout is None:
        return await fut
    fut = ensure_future(fut, loop=get_running_loop())
    if timeout <= 0:
        # No time at all: what is already done counts, the rest is cancelled.
        if not fut.done():
            await _cancel_and_wait(fut)
            return _result_within_time(fut)
        return fut.result()
    loop = fut._loop
    waiter = loop.create_future()
    waiter._label = 'wait_for(%s, %r)' % (fut._label, timeout)
    alarm = loop.call_later(timeout, _settle, waiter)

    def on_end(_):
        _settle(waiter)

    fut.add_done_callback(on_end)
    try:
        try:
            await waiter
        except CancelledError:
            # We were cancelled: so is fut, unless it made it in time.
            if fut.done():
                return fut.result()
            fut.remove_done_callback(on_end)
            await _cancel_and_wait(fut)
            raise
        if fut.done():
            return fut.result()
        fut.remove_done_callback(on_end)
        await _cancel_and_wait(fut)
        return _result_within_time(fut)
    finally:
        alarm.cancel()


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    if isfuture(fs) or _iscoroutine(fs):
        raise TypeError('expect a list of futures, not %s' % type(fs).__name__)
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when != FIRST_COMPLETED and return_when != FIRST_EXCEPTION and return_when != ALL_COMPLETED:
        raise ValueError('Invalid return_when value: %s' % (return_when,))
    fs = list(fs)
    for f in fs:
        if _iscoroutine(f):
            # traceback: asyncio/tasks.py:425
            raise TypeError("Passing coroutines is forbidden, use tasks explicitly.")
    loop = get_running_loop()
    waiter = loop.create_future()
    waiter._label = 'wait'
    alarm = None
    if timeout is not None:
        alarm = loop.call_later(timeout, _settle, waiter)
    left = [len(fs)]

    def _on_completion(f):
        left[0] -= 1
        enough = left[0] <= 0 or return_when == FIRST_COMPLETED
        if not enough and return_when == FIRST_EXCEPTION:
            enough = not f.cancelled() and f.exception() is not None
        if enough:
            if alarm is not None:
                alarm.cancel()
            _settle(waiter)

    for f in fs:
        f.add_done_callback(_on_completion)
    try:
        await waiter
    finally:
        if alarm is not None:
            alarm.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)
    finished = set()
    unfinished = set()
    for f in fs:
        if f.done():
            finished.add(f)
        else:
            unfinished.add(f)
    return finished, unfinished


def as_completed(fs, *, timeout=None):
    if isfuture(fs) or _iscoroutine(fs):
        raise TypeError('expect an iterable of futures, not %s' % type(fs).__name__)
    loop = get_event_loop()
    todo = []
    for f in fs:
        f = ensure_future(f, loop=loop)
        if f not in todo:
            todo.append(f)
    # The futures in the order they finish; None for each one left at the timeout.
    arrivals = Queue()
    alarm = None

    def _on_timeout():
        for f in todo:
            f.remove_done_callback(_on_completion)
            arrivals.put_nowait(None)
        todo.clear()

    def _on_completion(f):
        if todo:
            todo.remove(f)
            arrivals.put_nowait(f)
            if not todo and alarm is not None:
                alarm.cancel()

    async def _wait_for_one():
        f = await arrivals.get()
        if f is None:
            raise TimeoutError
        return f.result()

    for f in todo:
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        alarm = loop.call_later(timeout, _on_timeout)
    for _ in range(len(todo)):
        yield _wait_for_one()


def _copy_outcome(source, target):
    # target takes the result or the error of source (done, not cancelled).
    error = source.exception()
    if error is None:
        target.set_result(source.result())
    else:
        target.set_exception(error)


def shield(arg):
    inner = ensure_future(arg)
    if inner.done():
        return inner
    outer = inner._loop.create_future()
    outer._label = 'shield(%s)' % inner._label

    def _inner_settled(inner):
        if not outer.cancelled():
            if inner.cancelled():
                outer.cancel()
            else:
                _copy_outcome(inner, outer)
        elif not inner.cancelled():
            # Nobody waits for it any more: its error only counts as seen.
            inner.exception()

    def _outer_settled(outer):
        # The caller's side ended first (cancelled): the inner one goes on unwatched.
        # (Once inner is done its callbacks are gone and this removes nothing.)
        inner.remove_done_callback(_inner_settled)

    outer.add_done_callback(_outer_settled)
    inner.add_done_callback(_inner_settled)
    return outer


def wrap_future(future, *, loop=None):
    # An asyncio future mirroring a concurrent.futures one: the outcome crosses over by
    # call_soon_threadsafe (the worker thread finishes it), a cancel goes the other way.
    if isfuture(future):
        return future
    mirror = (get_event_loop() if loop is None else loop).create_future()
    loop = mirror._loop

    def adopt(source):
        if mirror.done():
            return
        if source.cancelled():
            mirror.cancel()
        else:
            _copy_outcome(source, mirror)

    def post(source):
        if not loop.is_closed():
            loop.call_soon_threadsafe(adopt, source)

    def pass_cancel(target):
        if target.cancelled():
            future.cancel()

    mirror.add_done_callback(pass_cancel)
    future.add_done_callback(post)
    return mirror


def run_coroutine_threadsafe(coro, loop):
    if not _iscoroutine(coro):
        raise TypeError('A coroutine object is required')
    import concurrent.futures
    result = concurrent.futures.Future()

    def report(task):
        if task.cancelled():
            result.cancel()
        elif task.exception() is None:
            result.set_result(task.result())
        else:
            result.set_exception(task.exception())

    def start():
        # On the loop's thread: the task, and its outcome into the caller's future.
        try:
            ensure_future(coro, loop=loop).add_done_callback(report)
        except BaseException as problem:
            result.set_exception(problem)
            raise

    loop.call_soon_threadsafe(start)
    return result


async def to_thread(func, *args, **kwargs):
    loop = get_running_loop()
    copy = getattr(threading, '_gilscope_copy_context', None)
    if copy:
        import functools
        fut = loop.run_in_executor(None, functools.partial(copy().run, func, *args, **kwargs))
    elif kwargs:
        import functools
        fut = loop.run_in_executor(None, functools.partial(func, *args, **kwargs))
    else:
        fut = loop.run_in_executor(None, func, *args)
    fut._label = 'to_thread(%s)' % getattr(func, '__name__', 'func')
    return await fut


# ===== timeouts and task groups (3.11) =====

class Timeout:
    # `async with timeout(...)`: at the deadline the task running the block is
    # cancelled; leaving the block turns that cancellation (ours, not one from
    # elsewhere) into TimeoutError.
    def __init__(self, when):
        self._deadline = when
        # created / active / expiring / expired / finished, the words its repr shows
        self._phase = 'created'
        self._timer = None
        self._host = None

    def __repr__(self):
        if self._phase == 'active':
            when = self._deadline
            return '<Timeout [active] when=%r>' % (when if when is None else round(when, 3),)
        return '<Timeout [%s]>' % self._phase

    def when(self):
        return self._deadline

    def reschedule(self, when):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._deadline = when
        if when is None:
            return
        loop = get_running_loop()
        if when > loop.time():
            self._timer = loop.call_at(when, self._expire)
        else:
            self._timer = loop.call_soon(self._expire)

    def expired(self):
        return self._phase == 'expiring' or self._phase == 'expired'

    async def __aenter__(self):
        self._phase = 'active'
        self._host = current_task()
        if self._host is None:
            raise RuntimeError('Timeout should be used inside a task')
        self.reschedule(self._deadline)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._phase == 'active':
            self._phase = 'finished'
        elif self._phase == 'expiring':
            self._phase = 'expired'
            if self._host.uncancel() == 0 and exc_type is CancelledError:
                raise TimeoutError() from exc_val
        return None

    def _expire(self):
        self._host.cancel()
        self._phase = 'expiring'
        self._timer = None


def timeout(delay):
    loop = get_running_loop()
    return Timeout(None if delay is None else loop.time() + delay)


def timeout_at(when):
    return Timeout(when)


class TaskGroup:
    # Structured concurrency (3.11), written for gilscope. The group keeps its live
    # children; the first child to fail (or a body that raises) puts the group into
    # "shutdown": the other children are cancelled, and so is the task running the
    # `async with`, once, so that an `await` in the body stops too. Leaving the block
    # waits until no child is left; then the group raises, in this order: a
    # SystemExit/KeyboardInterrupt seen anywhere; the children's errors (and the body's)
    # as one ExceptionGroup; or the CancelledError of a cancellation that came from
    # outside the group.
    def __init__(self):
        self._state = 'new'        # new / open / closing
        self._loop = None
        self._owner = None         # the task running the `async with` block
        self._children = []
        self._failures = []
        self._fatal = None         # the first SystemExit or KeyboardInterrupt
        self._shutdown = False
        self._owner_cancelled = False   # we cancelled the owner ourselves
        self._idle = None          # a future set when the last child finishes

    def __repr__(self):
        info = []
        if self._children:
            info.append('tasks=%d' % len(self._children))
        if self._failures:
            info.append('errors=%d' % len(self._failures))
        if self._shutdown:
            info.append('cancelling')
        elif self._state != 'new':
            info.append('entered')
        return '<TaskGroup%s>' % ''.join(' ' + i for i in info)

    async def __aenter__(self):
        if self._state != 'new':
            raise RuntimeError('TaskGroup %r has been already entered' % self)
        self._state = 'open'
        self._loop = get_running_loop()
        self._owner = current_task(self._loop)
        if self._owner is None:
            raise RuntimeError('TaskGroup %r cannot determine the parent task' % self)
        return self

    def create_task(self, coro, *, name=None, context=None):
        if self._state == 'new':
            raise RuntimeError('TaskGroup %r has not been entered' % self)
        if self._state == 'closing' and not self._children:
            raise RuntimeError('TaskGroup %r is finished' % self)
        if self._shutdown:
            raise RuntimeError('TaskGroup %r is shutting down' % self)
        task = self._loop.create_task(coro, name=name)
        if task.done():
            self._child_done(task)
        else:
            self._children.append(task)
            task.add_done_callback(self._child_done)
        return task

    def _begin_shutdown(self):
        self._shutdown = True
        for task in self._children:
            if not task.done():
                task.cancel()

    def _child_done(self, task):
        if task in self._children:
            self._children.remove(task)
        if not self._children and self._idle is not None and not self._idle.done():
            self._idle.set_result(None)
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        self._failures.append(exc)
        if self._fatal is None and isinstance(exc, _FATAL):
            self._fatal = exc
        if self._owner.done():
            # Nobody left to raise it to: the loop's handler reports it.
            self._loop.call_exception_handler({
                'message': 'Task %r has errored out but its parent task %r is already completed'
                % (task, self._owner),
                'exception': exc,
                'task': task,
            })
            return
        if not self._shutdown and not self._owner_cancelled:
            self._begin_shutdown()
            self._owner_cancelled = True
            self._owner.cancel()

    async def __aexit__(self, et, exc, tb):
        self._state = 'closing'
        outside_cancel = None
        if exc is not None:
            if self._fatal is None and isinstance(exc, _FATAL):
                self._fatal = exc
            if isinstance(exc, CancelledError):
                outside_cancel = exc
            if not self._shutdown:
                self._begin_shutdown()
        while self._children:
            self._idle = self._loop.create_future()
            self._idle._label = 'TaskGroup'
            try:
                await self._idle
            except CancelledError as e:
                # Cancelled while waiting for the children: they go down too.
                if not self._shutdown:
                    outside_cancel = e
                    self._begin_shutdown()
            self._idle = None
        if self._owner_cancelled and self._owner.uncancel() == 0:
            # The cancellation we sent the owner ends here.
            outside_cancel = None
        if self._fatal is not None:
            raise self._fatal
        if exc is not None and not isinstance(exc, CancelledError):
            self._failures.append(exc)
        if self._failures:
            failures, self._failures = self._failures, None
            # What BaseExceptionGroup(...) gives in CPython: an ExceptionGroup when
            # every failure is an Exception.
            if all(isinstance(f, Exception) for f in failures):
                group = ExceptionGroup
            else:
                group = BaseExceptionGroup
            me = group('unhandled errors in a TaskGroup', failures)
            # traceback: asyncio/taskgroups.py:145
            raise me from None
        if outside_cancel is not None:
            raise outside_cancel


# ===== locks, events, conditions, semaphores, barriers (asyncio.locks) =====
# Each waiter parks on a future of its own, in arrival order; waking one sets its future
# and the loop resumes it later, so whoever runs first may still take the resource.

class _Held:
    # `async with` for the primitives that have acquire() and release().
    async def __aenter__(self):
        await self.acquire()

    async def __aexit__(self, *exc_info):
        self.release()


def _lock_repr(obj, extra, waiters):
    if waiters:
        extra = '%s, waiters:%d' % (extra, len(waiters))
    return '<asyncio.locks.%s object at %s [%s]>' % (type(obj).__name__, hex(id(obj)), extra)


class Lock(_Held):
    def __init__(self):
        self._held = False
        self._queue = None     # waiting acquirers' futures, made on first contention

    def __repr__(self):
        return _lock_repr(self, 'locked' if self._held else 'unlocked', self._queue)

    def locked(self):
        return self._held

    async def acquire(self):
        queue = self._queue
        if not self._held:
            # Free, and nobody (still) in line ahead of us: take it now.
            if not queue:
                self._held = True
                return True
            for fut in queue:
                if not fut.cancelled():
                    break
            else:
                self._held = True
                return True
        if queue is None:
            queue = []
            self._queue = queue
        fut = get_running_loop().create_future()
        fut._label = 'Lock.acquire()'
        queue.append(fut)
        try:
            await fut
        except CancelledError:
            queue.remove(fut)
            # Woken and cancelled at once: the next one in line gets the turn.
            if not self._held:
                self._wake_first()
            raise
        queue.remove(fut)
        self._held = True
        return True

    def release(self):
        if not self._held:
            raise RuntimeError('Lock is not acquired.')
        self._held = False
        self._wake_first()

    def _wake_first(self):
        if self._queue:
            first = self._queue[0]
            if not first.done():
                first.set_result(True)


class Event:
    def __init__(self):
        self._queue = []
        self._flag = False

    def __repr__(self):
        return _lock_repr(self, 'set' if self._flag else 'unset', self._queue)

    def is_set(self):
        return self._flag

    def set(self):
        if self._flag:
            return
        self._flag = True
        for fut in self._queue:
            if not fut.done():
                fut.set_result(True)

    def clear(self):
        self._flag = False

    async def wait(self):
        if self._flag:
            return True
        fut = get_running_loop().create_future()
        fut._label = 'Event.wait()'
        self._queue.append(fut)
        try:
            await fut
        finally:
            self._queue.remove(fut)
        return True


class Condition(_Held):
    def __init__(self, lock=None):
        self._queue = []
        self._lock = Lock() if lock is None else lock
        # The lock's own methods, bound: `async with cond` takes the lock itself.
        for name in ('locked', 'acquire', 'release'):
            setattr(self, name, getattr(self._lock, name))

    def __repr__(self):
        return _lock_repr(self, 'locked' if self._lock.locked() else 'unlocked', self._queue)

    async def wait(self):
        if not self._lock.locked():
            raise RuntimeError('cannot wait on un-acquired lock')
        self.release()
        fut = get_running_loop().create_future()
        fut._label = 'Condition.wait()'
        self._queue.append(fut)
        try:
            await fut
            return True
        finally:
            self._queue.remove(fut)
            # The lock is ours again before we leave, however we leave; a cancellation
            # that comes while we queue for it is raised once we have it.
            interrupted = None
            while True:
                try:
                    await self.acquire()
                    break
                except CancelledError as why:
                    interrupted = why
            if interrupted is not None:
                raise interrupted

    async def wait_for(self, predicate):
        while True:
            verdict = predicate()
            if verdict:
                return verdict
            await self.wait()

    def notify(self, n=1):
        if not self._lock.locked():
            raise RuntimeError('cannot notify on un-acquired lock')
        woken = 0
        for fut in self._queue:
            if woken >= n:
                return
            if not fut.done():
                woken += 1
                fut.set_result(False)

    def notify_all(self):
        self.notify(len(self._queue))


class Semaphore(_Held):
    def __init__(self, value=1):
        if value < 0:
            raise ValueError('Semaphore initial value must be >= 0')
        self._queue = None
        self._free = value

    def __repr__(self):
        extra = 'locked' if self.locked() else 'unlocked, value:%s' % self._free
        return _lock_repr(self, extra, self._queue)

    def locked(self):
        # No slot free, or someone already in line for the next one.
        if self._free == 0:
            return True
        for fut in self._queue or ():
            if not fut.cancelled():
                return True
        return False

    async def acquire(self):
        if not self.locked():
            self._free -= 1
            return True
        if self._queue is None:
            self._queue = []
        fut = get_running_loop().create_future()
        fut._label = 'Semaphore.acquire()'
        self._queue.append(fut)
        try:
            await fut
        except CancelledError:
            self._queue.remove(fut)
            if not fut.cancelled():
                # Handed a slot, then cancelled: the slot goes to the next in line.
                self._free += 1
                self._wake_next()
            raise
        self._queue.remove(fut)
        if self._free > 0:
            self._wake_next()
        return True

    def release(self):
        self._free += 1
        self._wake_next()

    def _wake_next(self):
        # The slot is taken on the waiter's behalf as it is woken.
        for fut in self._queue or ():
            if not fut.done():
                self._free -= 1
                fut.set_result(True)
                return True
        return False


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        self._limit = value
        Semaphore.__init__(self, value)

    def release(self):
        if self._free >= self._limit:
            # traceback: asyncio/locks.py:434
            raise ValueError('BoundedSemaphore released too many times')
        Semaphore.release(self)


class Barrier:
    # A reusable meeting point for `parties` tasks, written for gilscope. Every task
    # that has to wait parks on a future of its own in `_parked`; any change of phase
    # wakes them all and each one looks at the phase again. The phases:
    #   'filling'    tasks arrive and wait for the round to be complete;
    #   'draining'   the round is complete and its tasks are leaving, newcomers wait;
    #   'resetting'  reset() broke the round, its tasks leave with BrokenBarrierError;
    #   'broken'     abort() was called, every wait raises BrokenBarrierError.
    # When the last task of a round (or of a reset) leaves, the barrier fills again.
    def __init__(self, parties):
        if parties < 1:
            raise ValueError('parties must be > 0')
        self._size = parties
        self._phase = 'filling'
        self._inside = 0
        self._parked = []

    def __repr__(self):
        extra = self._phase
        if extra != 'broken':
            extra += ', waiters:%d/%d' % (self.n_waiting, self._size)
        return '<asyncio.locks.Barrier object at %s [%s]>' % (hex(id(self)), extra)

    async def __aenter__(self):
        return await self.wait()

    async def __aexit__(self, *args):
        pass

    def _wake_all(self):
        parked, self._parked = self._parked, []
        for fut in parked:
            if not fut.done():
                fut.set_result(None)

    async def _park(self):
        fut = get_running_loop().create_future()
        fut._label = 'Barrier.wait()'
        self._parked.append(fut)
        try:
            await fut
        finally:
            if fut in self._parked:
                self._parked.remove(fut)

    async def wait(self):
        # Newcomers stay out while the previous round leaves or a reset unwinds.
        while self._phase == 'draining' or self._phase == 'resetting':
            await self._park()
        if self._phase == 'broken':
            raise BrokenBarrierError('Barrier aborted')
        arrival = self._inside
        self._inside = arrival + 1
        try:
            if self._inside == self._size:
                # The round is complete: open it for everyone inside.
                self._phase = 'draining'
                self._wake_all()
            else:
                while self._phase == 'filling':
                    await self._park()
                if self._phase != 'draining':
                    raise BrokenBarrierError('Abort or reset of barrier')
            return arrival
        finally:
            self._inside -= 1
            if self._inside == 0:
                if self._phase != 'broken':
                    self._phase = 'filling'
                self._wake_all()

    async def reset(self):
        self._phase = 'resetting' if self._inside else 'filling'
        self._wake_all()

    async def abort(self):
        self._phase = 'broken'
        self._wake_all()

    @property
    def parties(self):
        return self._size

    @property
    def n_waiting(self):
        return self._inside if self._phase == 'filling' else 0

    @property
    def broken(self):
        return self._phase == 'broken'


# ===== queues (asyncio.queues) =====
# _init, _get, _put and _queue are the hooks subclasses (LIFO, priority) replace.

class Queue:
    def __init__(self, maxsize=0):
        self._init(maxsize)
        self._cap = maxsize
        self._getters = []      # futures of get() calls waiting for an item
        self._putters = []      # futures of put() calls waiting for room
        self._unfinished = 0    # items put and not yet task_done()
        self._all_done = Event()
        self._all_done.set()

    def _put(self, item):
        self._queue.append(item)

    def _get(self):
        return self._queue.pop(0)

    def _init(self, maxsize):
        self._queue = []

    def _wake_one(self, waiters):
        # The first waiter still waiting; the cancelled ones are dropped on the way.
        while waiters:
            fut = waiters.pop(0)
            if not fut.done():
                fut.set_result(None)
                return

    def __repr__(self):
        return '<%s at %s%s>' % (type(self).__name__, hex(id(self)), self._format())

    def __str__(self):
        return '<%s%s>' % (type(self).__name__, self._format())

    def _format(self):
        text = ' maxsize=%r' % (self._cap,)
        if getattr(self, '_queue', None):
            text += ' _queue=%r' % (list(self._queue),)
        for label, waiting in (('_getters', self._getters), ('_putters', self._putters)):
            if waiting:
                text += ' %s[%d]' % (label, len(waiting))
        if self._unfinished:
            text += ' tasks=%d' % (self._unfinished,)
        return text

    def qsize(self):
        return len(self._queue)

    @property
    def maxsize(self):
        return self._cap

    def empty(self):
        return not self._queue

    def full(self):
        return 0 < self._cap <= self.qsize()

    async def put(self, item):
        while self.full():
            fut = get_running_loop().create_future()
            fut._label = 'Queue.put()'
            self._putters.append(fut)
            try:
                await fut
            except BaseException:
                fut.cancel()
                if fut in self._putters:
                    self._putters.remove(fut)
                # We were handed the room and leave without using it: pass it on.
                if not fut.cancelled() and not self.full():
                    self._wake_one(self._putters)
                raise
        self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished += 1
        self._all_done.clear()
        self._wake_one(self._getters)

    async def get(self):
        while self.empty():
            fut = get_running_loop().create_future()
            fut._label = 'Queue.get()'
            self._getters.append(fut)
            try:
                await fut
            except BaseException:
                fut.cancel()
                if fut in self._getters:
                    self._getters.remove(fut)
                # We were handed an item and leave without it: pass it on.
                if not fut.cancelled() and not self.empty():
                    self._wake_one(self._getters)
                raise
        item = self.get_nowait()
        return item

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wake_one(self._putters)
        return item

    def task_done(self):
        if self._unfinished <= 0:
            raise ValueError('task_done() called too many times')
        self._unfinished -= 1
        if not self._unfinished:
            self._all_done.set()

    async def join(self):
        if self._unfinished:
            await self._all_done.wait()


class PriorityQueue(Queue):
    def _put(self, item):
        _heappush(self._queue, item)

    def _get(self):
        return _heappop(self._queue)


class LifoQueue(Queue):
    def _get(self):
        return self._queue.pop()


def _exit_report():
    # At exit every task is freed: the errors still unseen are reported now.
    failed = list(_failed)
    _failed.clear()
    _report_unretrieved(failed)


import atexit
atexit.register(_exit_report)
