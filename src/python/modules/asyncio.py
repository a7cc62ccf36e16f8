# tracebacks: cpython
# asyncio for gilscope: an event loop, futures and tasks behaving as CPython 3.11's,
# written for gilscope's VM and run on it, so the loop's own bytecode costs simulated time
# (CPython's loop is Python too; its Future and Task are C, a little cheaper than here).
# The loop runs on the thread that calls run(); it waits for timers and for other
# threads in _select (epoll_wait), with the GIL released.
#
# Natives (aio.rs): _task_new(name) -> lane id, _task_state(id, phase, what),
# _selector(), _select(sel, timeout) -> woken, _wake(sel), _iscoroutine(x),
# _iscoroutinefunction(f), _coro_where(coro), _format_exc(exc), _unreferenced(tasks).
#
# A comment `# traceback: FILE:LINE` puts the next line's frame in tracebacks as CPython's
# library frame FILE:LINE (under /usr/lib/python3.11/); the frames of other lines of this
# module are left out, as CPython's C code leaves none.
import threading
import time
import sys


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


TimeoutError = TimeoutError

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'

_PENDING = 'PENDING'
_CANCELLED = 'CANCELLED'
_FINISHED = 'FINISHED'


def iscoroutine(obj):
    return _iscoroutine(obj)


def iscoroutinefunction(func):
    return _iscoroutinefunction(func)


def isfuture(obj):
    return getattr(obj, '_asyncio_future_blocking', None) is not None


# ----- futures -----

def _format_callback(cb):
    where = getattr(cb, '_cpython_where', None)
    if where is not None:
        return where
    name = getattr(cb, '__qualname__', None) or getattr(cb, '__name__', None) or repr(cb)
    return name + '()'


class Future:
    _asyncio_future_blocking = False

    def __init__(self, *, loop=None):
        if loop is None:
            loop = get_event_loop()
        self._loop = loop
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._callbacks = []
        self._cancel_message = None
        self._cancelled_exc = None
        self._log_traceback = False
        # gilscope: what a task awaiting this future waits for, in its lane.
        self._what = 'Future'

    def _repr_info(self):
        info = [self._state.lower()]
        if self._state == _FINISHED:
            if self._exception is not None:
                info.append('exception=%r' % (self._exception,))
            else:
                info.append('result=%s' % _short_repr(self._result))
        if self._callbacks:
            info.append('cb=[%s]' % ', '.join([_format_callback(cb) for cb in self._callbacks]))
        return info

    def __repr__(self):
        return '<%s %s>' % (type(self).__name__, ' '.join(self._repr_info()))

    def _make_cancelled_error(self):
        if self._cancelled_exc is not None:
            exc = self._cancelled_exc
            self._cancelled_exc = None
            return exc
        if self._cancel_message is None:
            return CancelledError()
        return CancelledError(self._cancel_message)

    def cancel(self, msg=None):
        self._log_traceback = False
        if self._state != _PENDING:
            return False
        self._state = _CANCELLED
        self._cancel_message = msg
        self._schedule_callbacks()
        return True

    def _schedule_callbacks(self):
        callbacks = self._callbacks[:]
        if not callbacks:
            return
        self._callbacks[:] = []
        for callback in callbacks:
            if type(callback) is _Wakeup:
                _task_state(callback.task._trace, 'ready')
            self._loop.call_soon(callback, self)

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def result(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError('Result is not ready.')
        self._log_traceback = False
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError('Exception is not set.')
        self._log_traceback = False
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state != _PENDING:
            self._loop.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        kept = [f for f in self._callbacks if f != fn]
        removed = len(self._callbacks) - len(kept)
        if removed:
            self._callbacks[:] = kept
        return removed

    def set_result(self, result):
        if self._state != _PENDING:
            raise InvalidStateError('%s: %r' % (self._state, self))
        self._result = result
        self._state = _FINISHED
        self._schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise InvalidStateError('%s: %r' % (self._state, self))
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._state = _FINISHED
        self._schedule_callbacks()
        self._log_traceback = True

    def __await__(self):
        if not self.done():
            self._asyncio_future_blocking = True
            yield self
        if not self.done():
            raise RuntimeError("await wasn't used with future")
        return self.result()

    __iter__ = __await__

    def get_loop(self):
        return self._loop


def _short_repr(value):
    text = repr(value)
    if len(text) > 20:
        text = text[:8] + '...' + text[-9:]
    return text


# ----- tasks -----

_task_counter = [0]
_all_tasks = []
_current_tasks = {}
# Tasks that ended with an exception: reported if nobody retrieves it before the task is
# freed (when nothing refers to it any more, or at exit), as CPython's Task.__del__ does.
_failed = []


class _Wakeup:
    # The done-callback that resumes a task: its own object, so that the loop can show
    # the task as ready in its lane when the callback is scheduled.
    _cpython_where = 'Task.task_wakeup()'

    def __init__(self, task):
        self.task = task

    def __call__(self, future):
        self.task._wakeup(future)

    def __eq__(self, other):
        return type(other) is _Wakeup and other.task is self.task

    def __hash__(self):
        return id(self.task)


class Task(Future):
    def __init__(self, coro, *, loop=None, name=None, context=None):
        Future.__init__(self, loop=loop)
        if not _iscoroutine(coro):
            raise TypeError('a coroutine was expected, got %r' % (coro,))
        _task_counter[0] += 1
        if name is None:
            self._name = 'Task-%d' % _task_counter[0]
        else:
            self._name = str(name)
        self._num_cancels_requested = 0
        self._must_cancel = False
        self._fut_waiter = None
        self._coro = coro
        self._what = self._name
        self._trace = _task_new(self._name)
        self._loop.call_soon(self._step)
        _all_tasks.append(self)

    def _repr_info(self):
        info = Future._repr_info(self)
        if self._must_cancel:
            info[0] = 'cancelling'
        info.insert(1, 'name=%r' % self._name)
        qualname, path, line, done = _coro_where(self._coro)
        if done:
            info.insert(2, 'coro=<%s() done, defined at %s:%d>' % (qualname, path, line))
        else:
            info.insert(2, 'coro=<%s() running at %s:%d>' % (qualname, path, line))
        if self._fut_waiter is not None:
            info.insert(3, 'wait_for=%r' % (self._fut_waiter,))
        return info

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def get_coro(self):
        return self._coro

    def get_stack(self, *, limit=None):
        return []

    def cancel(self, msg=None):
        self._log_traceback = False
        if self.done():
            return False
        self._num_cancels_requested += 1
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel(msg=msg):
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def _step(self, exc=None):
        if self.done():
            raise InvalidStateError('_step(): already done: %r, %r' % (self, exc))
        if self._must_cancel:
            if not isinstance(exc, CancelledError):
                exc = self._make_cancelled_error()
            self._must_cancel = False
        coro = self._coro
        self._fut_waiter = None
        _current_tasks[self._loop] = self
        _task_state(self._trace, 'running')
        try:
            if exc is None:
                result = coro.send(None)
            else:
                result = coro.throw(exc)
        except StopIteration as e:
            if self._must_cancel:
                self._must_cancel = False
                Future.cancel(self, msg=self._cancel_message)
            else:
                Future.set_result(self, e.value)
        except CancelledError as e:
            self._cancelled_exc = e
            Future.cancel(self)
        except (KeyboardInterrupt, SystemExit) as e:
            Future.set_exception(self, e)
            raise
        except BaseException as e:
            Future.set_exception(self, e)
            _failed.append(self)
        else:
            self._suspended(result)
        finally:
            _current_tasks.pop(self._loop, None)
            if self.done():
                _all_tasks.remove(self)
            self._trace_state()

    def _suspended(self, result):
        # What the coroutine yielded says what it waits for.
        blocking = getattr(result, '_asyncio_future_blocking', None)
        if blocking is not None:
            if result._loop is not self._loop:
                new_exc = RuntimeError(
                    'Task %r got Future %r attached to a different loop' % (self, result))
                self._loop.call_soon(self._step, new_exc)
            elif blocking:
                if result is self:
                    new_exc = RuntimeError('Task cannot await on itself: %r' % (self,))
                    self._loop.call_soon(self._step, new_exc)
                else:
                    result._asyncio_future_blocking = False
                    result.add_done_callback(_Wakeup(self))
                    self._fut_waiter = result
                    if self._must_cancel:
                        if self._fut_waiter.cancel(msg=self._cancel_message):
                            self._must_cancel = False
            else:
                new_exc = RuntimeError(
                    'yield was used instead of yield from in task %r with %r' % (self, result))
                self._loop.call_soon(self._step, new_exc)
        elif result is None:
            self._loop.call_soon(self._step)
        else:
            new_exc = RuntimeError('Task got bad yield: %r' % (result,))
            self._loop.call_soon(self._step, new_exc)

    def _trace_state(self):
        if self.done():
            _task_state(self._trace, 'done')
        elif self._fut_waiter is None:
            _task_state(self._trace, 'ready')
        elif self._fut_waiter.done():
            _task_state(self._trace, 'ready')
        else:
            _task_state(self._trace, 'awaiting', self._fut_waiter._what)

    def _wakeup(self, future):
        try:
            future.result()
        except BaseException as exc:
            self._step(exc)
        else:
            self._step()


def _report_unretrieved(tasks):
    for task in tasks:
        if task._log_traceback:
            task._log_traceback = False
            task._loop.call_exception_handler({
                'message': 'Task exception was never retrieved',
                'exception': task._exception,
                'future': task,
            })


def current_task(loop=None):
    if loop is None:
        loop = get_running_loop()
    return _current_tasks.get(loop)


def all_tasks(loop=None):
    if loop is None:
        loop = get_running_loop()
    return set([t for t in _all_tasks if t._loop is loop])


def create_task(coro, *, name=None, context=None):
    loop = get_running_loop()
    return loop.create_task(coro, name=name, context=context)


def ensure_future(coro_or_future, *, loop=None):
    if isfuture(coro_or_future):
        if loop is not None and loop is not coro_or_future._loop:
            raise ValueError('The future belongs to a different loop than the one '
                             'specified as the loop argument')
        return coro_or_future
    if _iscoroutine(coro_or_future):
        if loop is None:
            loop = get_event_loop()
        return loop.create_task(coro_or_future)
    if hasattr(coro_or_future, '__await__'):
        return ensure_future(_wrap_awaitable(coro_or_future), loop=loop)
    raise TypeError('An asyncio.Future, a coroutine or an awaitable is required')


async def _wrap_awaitable(awaitable):
    return await awaitable


# ----- handles and the event loop -----

class Handle:
    def __init__(self, callback, args, loop, context=None):
        self._callback = callback
        self._args = args
        self._cancelled = False
        self._loop = loop

    def __repr__(self):
        info = [type(self).__name__]
        if self._cancelled:
            info.append('cancelled')
        if self._callback is not None:
            info.append(_format_callback(self._callback))
        return '<%s>' % ' '.join(info)

    def cancel(self):
        if not self._cancelled:
            self._cancelled = True
            self._callback = None
            self._args = None

    def cancelled(self):
        return self._cancelled

    def get_context(self):
        return None

    def _run(self):
        try:
            self._callback(*self._args)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                'message': 'Exception in callback %s' % _format_callback(self._callback),
                'exception': exc,
                'handle': self,
            })


class TimerHandle(Handle):
    def __init__(self, when, callback, args, loop, context=None):
        Handle.__init__(self, callback, args, loop, context)
        self._when = when
        self._scheduled = False

    def __lt__(self, other):
        return self._when < other._when

    def __le__(self, other):
        return self._when <= other._when

    def __gt__(self, other):
        return self._when > other._when

    def __ge__(self, other):
        return self._when >= other._when

    def cancel(self):
        if not self._cancelled:
            self._loop._timer_handle_cancelled(self)
        Handle.cancel(self)

    def when(self):
        return self._when


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


def _heapify(heap):
    items = list(heap)
    heap[:] = []
    for item in items:
        _heappush(heap, item)


_MIN_SCHEDULED_TIMER_HANDLES = 100
_MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5
MAXIMUM_SELECT_TIMEOUT = 24 * 3600


def _run_until_complete_cb(fut):
    if not fut.cancelled():
        exc = fut.exception()
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            return
    fut.get_loop().stop()


_run_until_complete_cb._cpython_where = (
    '_run_until_complete_cb() at /usr/lib/python3.11/asyncio/base_events.py:180')


class _UnixSelectorEventLoop:
    __module__ = 'asyncio.unix_events'

    def __init__(self):
        self._timer_cancelled_count = 0
        self._closed = False
        self._stopping = False
        self._ready = []
        self._scheduled = []
        self._default_executor = None
        self._thread_id = None
        self._clock_resolution = 1e-09
        self._exception_handler = None
        self._debug = False
        self._selector = _selector()

    def __repr__(self):
        return '<%s running=%s closed=%s debug=%s>' % (
            type(self).__name__, self.is_running(), self.is_closed(), self.get_debug())

    def get_debug(self):
        return self._debug

    def set_debug(self, enabled):
        self._debug = enabled

    def time(self):
        return time.monotonic()

    def _check_closed(self):
        if self._closed:
            raise RuntimeError('Event loop is closed')

    def _check_running(self):
        if self.is_running():
            raise RuntimeError('This event loop is already running')
        if _get_running_loop() is not None:
            raise RuntimeError('Cannot run the event loop while another loop is running')

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        self._check_closed()
        return Task(coro, loop=self, name=name, context=context)

    def call_soon(self, callback, *args, context=None):
        self._check_closed()
        handle = Handle(callback, args, self, context)
        self._ready.append(handle)
        return handle

    def call_later(self, delay, callback, *args, context=None):
        if delay is None:
            raise TypeError('delay must not be None')
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        timer = TimerHandle(when, callback, args, self, context)
        _heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def call_soon_threadsafe(self, callback, *args, context=None):
        self._check_closed()
        handle = Handle(callback, args, self, context)
        self._ready.append(handle)
        _wake(self._selector)
        return handle

    def _timer_handle_cancelled(self, handle):
        if handle._scheduled:
            self._timer_cancelled_count += 1

    def run_forever(self):
        self._check_closed()
        self._check_running()
        self._thread_id = threading.get_ident()
        _set_running_loop(self)
        try:
            while True:
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            self._thread_id = None
            _set_running_loop(None)

    def run_until_complete(self, future):
        self._check_closed()
        self._check_running()
        new_task = not isfuture(future)
        future = ensure_future(future, loop=self)
        future.add_done_callback(_run_until_complete_cb)
        try:
            self.run_forever()
        except BaseException:
            if new_task and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
        if not future.done():
            raise RuntimeError('Event loop stopped before Future completed.')
        # traceback: asyncio/base_events.py:653
        return future.result()

    def stop(self):
        self._stopping = True

    def is_running(self):
        return self._thread_id is not None

    def is_closed(self):
        return self._closed

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self._closed:
            return
        self._closed = True
        self._ready.clear()
        self._scheduled.clear()
        executor = self._default_executor
        if executor is not None:
            self._default_executor = None
            executor.shutdown(wait=False)

    async def shutdown_asyncgens(self):
        pass

    async def shutdown_default_executor(self):
        if self._default_executor is None:
            return
        future = self.create_future()
        thread = threading.Thread(target=self._do_shutdown, args=(future,))
        thread.start()
        try:
            await future
        finally:
            thread.join()

    def _do_shutdown(self, future):
        try:
            self._default_executor.shutdown(wait=True)
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_result, None)
        except Exception as ex:
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_exception, ex)

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        if executor is None:
            executor = self._default_executor
            if executor is None:
                import concurrent.futures
                executor = concurrent.futures.ThreadPoolExecutor(thread_name_prefix='asyncio')
                self._default_executor = executor
        fut = wrap_future(executor.submit(func, *args), loop=self)
        fut._what = 'run_in_executor(%s)' % getattr(func, '__name__', 'func')
        return fut

    def set_default_executor(self, executor):
        self._default_executor = executor

    def set_exception_handler(self, handler):
        self._exception_handler = handler

    def get_exception_handler(self):
        return self._exception_handler

    def default_exception_handler(self, context):
        message = context.get('message') or 'Unhandled exception in event loop'
        exception = context.get('exception')
        lines = [message]
        for key in sorted(context):
            if key in ('message', 'exception'):
                continue
            lines.append('%s: %r' % (key, context[key]))
        text = '\n'.join(lines) + '\n'
        if exception is not None:
            text += _format_exc(exception)
        sys.stderr.write(text)

    def call_exception_handler(self, context):
        if self._exception_handler is None:
            self.default_exception_handler(context)
        else:
            self._exception_handler(self, context)

    def _run_once(self):
        sched_count = len(self._scheduled)
        if (sched_count > _MIN_SCHEDULED_TIMER_HANDLES and
                self._timer_cancelled_count / sched_count > _MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            kept = []
            for handle in self._scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    kept.append(handle)
            self._scheduled[:] = kept
            _heapify(self._scheduled)
            self._timer_cancelled_count = 0
        else:
            while self._scheduled and self._scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = _heappop(self._scheduled)
                handle._scheduled = False
        timeout = None
        if self._ready or self._stopping:
            timeout = 0
        elif self._scheduled:
            when = self._scheduled[0]._when
            timeout = min(max(0, when - self.time()), MAXIMUM_SELECT_TIMEOUT)
        _select(self._selector, timeout)
        end_time = self.time() + self._clock_resolution
        while self._scheduled:
            handle = self._scheduled[0]
            if handle._when >= end_time:
                break
            handle = _heappop(self._scheduled)
            handle._scheduled = False
            self._ready.append(handle)
        ntodo = len(self._ready)
        for i in range(ntodo):
            handle = self._ready.pop(0)
            if handle._cancelled:
                continue
            handle._run()
        handle = None
        if _failed:
            _report_unretrieved(_unreferenced(_failed))


# ----- the current loop -----

_running = threading.local()
_event_loops = {}


def _get_running_loop():
    return getattr(_running, 'loop', None)


def _set_running_loop(loop):
    _running.loop = loop


def get_running_loop():
    loop = _get_running_loop()
    if loop is None:
        raise RuntimeError('no running event loop')
    return loop


def new_event_loop():
    return _UnixSelectorEventLoop()


def set_event_loop(loop):
    _event_loops[threading.get_ident()] = loop


def get_event_loop():
    loop = _get_running_loop()
    if loop is not None:
        return loop
    ident = threading.get_ident()
    loop = _event_loops.get(ident)
    if loop is None:
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("There is no current event loop in thread %r."
                               % threading.current_thread().name)
        loop = new_event_loop()
        _event_loops[ident] = loop
    return loop


class Runner:
    def __init__(self, *, debug=None, loop_factory=None):
        self._loop = None
        self._debug = debug
        self._loop_factory = loop_factory
        self._state = 'created'

    def __enter__(self):
        self._lazy_init()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()

    def close(self):
        if self._state != 'initialized':
            return
        loop = self._loop
        try:
            _cancel_all_tasks(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            set_event_loop(None)
            loop.close()
            self._loop = None
            self._state = 'closed'

    def get_loop(self):
        self._lazy_init()
        return self._loop

    def run(self, coro, *, context=None):
        if not _iscoroutine(coro):
            raise ValueError("a coroutine was expected, got %r" % (coro,))
        if _get_running_loop() is not None:
            raise RuntimeError("Runner.run() cannot be called from a running event loop")
        self._lazy_init()
        task = self._loop.create_task(coro)
        # traceback: asyncio/runners.py:118
        return self._loop.run_until_complete(task)

    def _lazy_init(self):
        if self._state == 'closed':
            raise RuntimeError("Runner is closed")
        if self._state == 'initialized':
            return
        if self._loop_factory is None:
            self._loop = new_event_loop()
            set_event_loop(self._loop)
        else:
            self._loop = self._loop_factory()
        if self._debug is not None:
            self._loop.set_debug(self._debug)
        self._state = 'initialized'


def run(main, *, debug=None):
    if _get_running_loop() is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    with Runner(debug=debug) as runner:
        # traceback: asyncio/runners.py:190
        return runner.run(main)


def _cancel_all_tasks(loop):
    to_cancel = all_tasks(loop)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(gather(*to_cancel, return_exceptions=True))
    for task in to_cancel:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler({
                'message': 'unhandled exception during asyncio.run() shutdown',
                'exception': task.exception(),
                'task': task,
            })


# ----- coroutines of the module -----

class _Sleep0:
    # `await sleep(0)`: one bare yield, so the task lets the others run once.
    def __await__(self):
        yield


def _set_result_unless_cancelled(fut, result):
    if fut.cancelled():
        return
    fut.set_result(result)


async def sleep(delay, result=None):
    if delay <= 0:
        await _Sleep0()
        return result
    loop = get_running_loop()
    future = loop.create_future()
    future._what = 'sleep(%r)' % (delay,)
    h = loop.call_later(delay, _set_result_unless_cancelled, future, result)
    try:
        return await future
    finally:
        h.cancel()


class _GatheringFuture(Future):
    def __init__(self, children, *, loop):
        Future.__init__(self, loop=loop)
        self._children = children
        self._cancel_requested = False
        self._what = 'gather'

    def cancel(self, msg=None):
        if self.done():
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg=msg):
                ret = True
        if ret:
            self._cancel_requested = True
        return ret


def gather(*coros_or_futures, return_exceptions=False):
    if not coros_or_futures:
        loop = get_event_loop()
        outer = loop.create_future()
        outer.set_result([])
        return outer

    def _done_callback(fut):
        state[0] += 1
        if outer is None or outer.done():
            if not fut.cancelled():
                fut.exception()
            return
        if not return_exceptions:
            if fut.cancelled():
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
                return
            else:
                exc = fut.exception()
                if exc is not None:
                    outer.set_exception(exc)
                    return
        if state[0] == nfuts:
            results = []
            for f in children:
                if f.cancelled():
                    res = f._make_cancelled_error() if return_exceptions else None
                    if not return_exceptions:
                        res = CancelledError('' if f._cancel_message is None else f._cancel_message)
                else:
                    res = f.exception()
                    if res is None:
                        res = f.result()
                results.append(res)
            if outer._cancel_requested:
                exc = fut._make_cancelled_error()
                outer.set_exception(exc)
            else:
                outer.set_result(results)

    _done_callback._cpython_where = (
        'gather.<locals>._done_callback() at /usr/lib/python3.11/asyncio/tasks.py:764')
    arg_to_fut = {}
    children = []
    nfuts = 0
    state = [0]
    outer = None
    loop = None
    for arg in coros_or_futures:
        if arg not in arg_to_fut:
            fut = ensure_future(arg, loop=loop)
            if loop is None:
                loop = fut._loop
            if fut is not arg:
                fut._log_destroy_pending = False
            nfuts += 1
            arg_to_fut[arg] = fut
            fut.add_done_callback(_done_callback)
        else:
            fut = arg_to_fut[arg]
        children.append(fut)
    outer = _GatheringFuture(children, loop=loop)
    return outer


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def _cancel_and_wait(fut):
    loop = get_running_loop()
    waiter = loop.create_future()
    waiter._what = fut._what

    def cb(f):
        _release_waiter(waiter)

    fut.add_done_callback(cb)
    try:
        fut.cancel()
        await waiter
    finally:
        fut.remove_done_callback(cb)


async def wait_for(fut, timeout):
    loop = get_running_loop()
    if timeout is None:
        return await fut
    if timeout <= 0:
        fut = ensure_future(fut, loop=loop)
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    waiter = loop.create_future()
    timeout_handle = loop.call_later(timeout, _release_waiter, waiter)

    def cb(f):
        _release_waiter(waiter)

    fut = ensure_future(fut, loop=loop)
    waiter._what = 'wait_for(%s, %r)' % (fut._what, timeout)
    fut.add_done_callback(cb)
    try:
        try:
            await waiter
        except CancelledError:
            if fut.done():
                return fut.result()
            else:
                fut.remove_done_callback(cb)
                await _cancel_and_wait(fut)
                raise
        if fut.done():
            return fut.result()
        else:
            fut.remove_done_callback(cb)
            await _cancel_and_wait(fut)
            try:
                return fut.result()
            except CancelledError as exc:
                raise TimeoutError() from exc
    finally:
        timeout_handle.cancel()


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    if isfuture(fs) or _iscoroutine(fs):
        raise TypeError('expect a list of futures, not %s' % type(fs).__name__)
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError('Invalid return_when value: %s' % (return_when,))
    fs = list(fs)
    if any(_iscoroutine(f) for f in fs):
        raise TypeError("Passing coroutines is forbidden, use tasks explicitly.")
    loop = get_running_loop()
    waiter = loop.create_future()
    waiter._what = 'wait'
    timeout_handle = None
    if timeout is not None:
        timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    counter = [len(fs)]

    def _on_completion(f):
        counter[0] -= 1
        if (counter[0] <= 0 or
                return_when == FIRST_COMPLETED or
                return_when == FIRST_EXCEPTION and (not f.cancelled() and
                                                    f.exception() is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(_on_completion)
    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)
    done, pending = set(), set()
    for f in fs:
        if f.done():
            done.add(f)
        else:
            pending.add(f)
    return done, pending


def as_completed(fs, *, timeout=None):
    if isfuture(fs) or _iscoroutine(fs):
        raise TypeError('expect an iterable of futures, not %s' % type(fs).__name__)
    loop = get_event_loop()
    todo = []
    for f in fs:
        f = ensure_future(f, loop=loop)
        if f not in todo:
            todo.append(f)
    done = Queue()
    timeout_handle = None

    def _on_timeout():
        for f in todo:
            f.remove_done_callback(_on_completion)
            done.put_nowait(None)
        todo.clear()

    def _on_completion(f):
        if not todo:
            return
        todo.remove(f)
        done.put_nowait(f)
        if not todo and timeout_handle is not None:
            timeout_handle.cancel()

    async def _wait_for_one():
        f = await done.get()
        if f is None:
            raise TimeoutError
        return f.result()

    for f in todo:
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        timeout_handle = loop.call_later(timeout, _on_timeout)
    for _ in range(len(todo)):
        yield _wait_for_one()


def shield(arg):
    inner = ensure_future(arg)
    if inner.done():
        return inner
    loop = inner._loop
    outer = loop.create_future()
    outer._what = 'shield(%s)' % inner._what

    def _inner_done_callback(inner):
        if outer.cancelled():
            if not inner.cancelled():
                inner.exception()
            return
        if inner.cancelled():
            outer.cancel()
        else:
            exc = inner.exception()
            if exc is not None:
                outer.set_exception(exc)
            else:
                outer.set_result(inner.result())

    def _outer_done_callback(outer):
        if not inner.done():
            inner.remove_done_callback(_inner_done_callback)

    inner.add_done_callback(_inner_done_callback)
    outer.add_done_callback(_outer_done_callback)
    return outer


def wrap_future(future, *, loop=None):
    if isfuture(future):
        return future
    if loop is None:
        loop = get_event_loop()
    new_future = loop.create_future()

    def _copy_state(source):
        if new_future.done():
            return
        if source.cancelled():
            new_future.cancel()
        else:
            exc = source.exception()
            if exc is not None:
                new_future.set_exception(exc)
            else:
                new_future.set_result(source.result())

    def _call_check_cancel(destination):
        if destination.cancelled():
            future.cancel()

    def _call_set_state(source):
        if loop.is_closed():
            return
        loop.call_soon_threadsafe(_copy_state, source)

    new_future.add_done_callback(_call_check_cancel)
    future.add_done_callback(_call_set_state)
    return new_future


def run_coroutine_threadsafe(coro, loop):
    if not _iscoroutine(coro):
        raise TypeError('A coroutine object is required')
    import concurrent.futures
    future = concurrent.futures.Future()

    def callback():
        try:
            task = ensure_future(coro, loop=loop)

            def done(t):
                if t.cancelled():
                    future.cancel()
                elif t.exception() is not None:
                    future.set_exception(t.exception())
                else:
                    future.set_result(t.result())
            task.add_done_callback(done)
        except BaseException as exc:
            future.set_exception(exc)
            raise

    loop.call_soon_threadsafe(callback)
    return future


async def to_thread(func, *args, **kwargs):
    loop = get_running_loop()
    if kwargs:
        import functools
        call = functools.partial(func, *args, **kwargs)
        fut = loop.run_in_executor(None, call)
    else:
        fut = loop.run_in_executor(None, func, *args)
    fut._what = 'to_thread(%s)' % getattr(func, '__name__', 'func')
    return await fut


# ----- timeouts and task groups (3.11) -----

class Timeout:
    def __init__(self, when):
        self._when = when
        self._state = 'created'
        self._timeout_handler = None
        self._task = None

    def when(self):
        return self._when

    def reschedule(self, when):
        if self._timeout_handler is not None:
            self._timeout_handler.cancel()
        self._when = when
        if when is None:
            self._timeout_handler = None
        else:
            loop = get_running_loop()
            if when <= loop.time():
                self._timeout_handler = loop.call_soon(self._on_timeout)
            else:
                self._timeout_handler = loop.call_at(when, self._on_timeout)

    def expired(self):
        return self._state in ('expiring', 'expired')

    async def __aenter__(self):
        self._state = 'entered'
        self._task = current_task()
        if self._task is None:
            raise RuntimeError("Timeout should be used inside a task")
        self.reschedule(self._when)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        if self._timeout_handler is not None:
            self._timeout_handler.cancel()
            self._timeout_handler = None
        if self._state == 'expiring':
            self._state = 'expired'
            if self._task.uncancel() == 0 and exc_type is CancelledError:
                raise TimeoutError from exc_val
        elif self._state == 'entered':
            self._state = 'exited'
        return None

    def _on_timeout(self):
        self._task.cancel()
        self._state = 'expiring'
        self._timeout_handler = None


def timeout(delay):
    loop = get_running_loop()
    return Timeout(loop.time() + delay if delay is not None else None)


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
            raise RuntimeError("TaskGroup %r has been already entered" % self)
        self._state = 'open'
        self._loop = get_running_loop()
        self._owner = current_task(self._loop)
        if self._owner is None:
            raise RuntimeError('TaskGroup %r cannot determine the parent task' % self)
        return self

    def create_task(self, coro, *, name=None, context=None):
        if self._state == 'new':
            raise RuntimeError("TaskGroup %r has not been entered" % self)
        if self._state == 'closing' and not self._children:
            raise RuntimeError("TaskGroup %r is finished" % self)
        if self._shutdown:
            raise RuntimeError("TaskGroup %r is shutting down" % self)
        task = self._loop.create_task(coro, name=name)
        if task.done():
            self._child_done(task)
        else:
            self._children.append(task)
            task.add_done_callback(self._child_done)
        return task

    @staticmethod
    def _fatal_kind(exc):
        return isinstance(exc, (SystemExit, KeyboardInterrupt))

    def _begin_shutdown(self):
        self._shutdown = True
        for child in self._children:
            if not child.done():
                child.cancel()

    def _child_done(self, task):
        if task in self._children:
            self._children.remove(task)
        if not self._children and self._idle is not None and not self._idle.done():
            self._idle.set_result(None)
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        self._failures.append(exc)
        if self._fatal is None and self._fatal_kind(exc):
            self._fatal = exc
        if self._owner.done():
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
            if self._fatal is None and self._fatal_kind(exc):
                self._fatal = exc
            if isinstance(exc, CancelledError):
                outside_cancel = exc
            if not self._shutdown:
                self._begin_shutdown()
        while self._children:
            self._idle = self._loop.create_future()
            self._idle._what = 'TaskGroup'
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
            raise group('unhandled errors in a TaskGroup', failures) from None
        if outside_cancel is not None:
            raise outside_cancel


# ----- synchronisation (asyncio.locks) and queues (asyncio.queues) -----

class Lock:
    def __init__(self):
        self._waiters = None
        self._locked = False

    def __repr__(self):
        extra = 'locked' if self._locked else 'unlocked'
        if self._waiters:
            extra = '%s, waiters:%d' % (extra, len(self._waiters))
        return '<asyncio.locks.Lock object at %s [%s]>' % (hex(id(self)), extra)

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    def locked(self):
        return self._locked

    async def acquire(self):
        if (not self._locked and (self._waiters is None or
                all(w.cancelled() for w in self._waiters))):
            self._locked = True
            return True
        if self._waiters is None:
            self._waiters = []
        fut = get_running_loop().create_future()
        fut._what = 'Lock.acquire()'
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not self._locked:
                self._wake_up_first()
            raise
        self._locked = True
        return True

    def release(self):
        if self._locked:
            self._locked = False
            self._wake_up_first()
        else:
            raise RuntimeError('Lock is not acquired.')

    def _wake_up_first(self):
        if not self._waiters:
            return
        fut = self._waiters[0]
        if not fut.done():
            fut.set_result(True)


class Event:
    def __init__(self):
        self._waiters = []
        self._value = False

    def __repr__(self):
        extra = 'set' if self._value else 'unset'
        if self._waiters:
            extra = '%s, waiters:%d' % (extra, len(self._waiters))
        return '<asyncio.locks.Event object at %s [%s]>' % (hex(id(self)), extra)

    def is_set(self):
        return self._value

    def set(self):
        if not self._value:
            self._value = True
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        self._value = False

    async def wait(self):
        if self._value:
            return True
        fut = get_running_loop().create_future()
        fut._what = 'Event.wait()'
        self._waiters.append(fut)
        try:
            await fut
            return True
        finally:
            self._waiters.remove(fut)


class Condition:
    def __init__(self, lock=None):
        if lock is None:
            lock = Lock()
        self._lock = lock
        self.locked = lock.locked
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = []

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    async def wait(self):
        if not self.locked():
            raise RuntimeError('cannot wait on un-acquired lock')
        self.release()
        try:
            fut = get_running_loop().create_future()
            fut._what = 'Condition.wait()'
            self._waiters.append(fut)
            try:
                await fut
                return True
            finally:
                self._waiters.remove(fut)
        finally:
            err = None
            while True:
                try:
                    await self.acquire()
                    break
                except CancelledError as e:
                    err = e
            if err is not None:
                raise err

    async def wait_for(self, predicate):
        result = predicate()
        while not result:
            await self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        if not self.locked():
            raise RuntimeError('cannot notify on un-acquired lock')
        idx = 0
        for fut in self._waiters:
            if idx >= n:
                break
            if not fut.done():
                idx += 1
                fut.set_result(False)

    def notify_all(self):
        self.notify(len(self._waiters))


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._waiters = None
        self._value = value

    def __repr__(self):
        extra = 'locked' if self.locked() else 'unlocked, value:%s' % self._value
        if self._waiters:
            extra = '%s, waiters:%d' % (extra, len(self._waiters))
        return '<asyncio.locks.%s object at %s [%s]>' % (type(self).__name__, hex(id(self)), extra)

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    def locked(self):
        return self._value == 0 or (
            any(not w.cancelled() for w in (self._waiters or ())))

    async def acquire(self):
        if not self.locked():
            self._value -= 1
            return True
        if self._waiters is None:
            self._waiters = []
        fut = get_running_loop().create_future()
        fut._what = 'Semaphore.acquire()'
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not fut.cancelled():
                self._value += 1
                self._wake_up_next()
            raise
        if self._value > 0:
            self._wake_up_next()
        return True

    def release(self):
        self._value += 1
        self._wake_up_next()

    def _wake_up_next(self):
        if not self._waiters:
            return False
        for fut in self._waiters:
            if not fut.done():
                self._value -= 1
                fut.set_result(True)
                return True
        return False


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        self._bound_value = value
        Semaphore.__init__(self, value)

    def release(self):
        if self._value >= self._bound_value:
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
        self._parties = parties
        self._phase = 'filling'
        self._inside = 0
        self._parked = []

    def __repr__(self):
        extra = self._phase
        if not self.broken:
            extra += f', waiters:{self.n_waiting}/{self.parties}'
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
        fut._what = 'Barrier.wait()'
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
            raise BrokenBarrierError("Barrier aborted")
        arrival = self._inside
        self._inside = arrival + 1
        try:
            if self._inside == self._parties:
                # The round is complete: open it for everyone inside.
                self._phase = 'draining'
                self._wake_all()
            else:
                while self._phase == 'filling':
                    await self._park()
                if self._phase != 'draining':
                    raise BrokenBarrierError("Abort or reset of barrier")
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
        return self._parties

    @property
    def n_waiting(self):
        return self._inside if self._phase == 'filling' else 0

    @property
    def broken(self):
        return self._phase == 'broken'


class Queue:
    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._getters = []
        self._putters = []
        self._unfinished_tasks = 0
        self._finished = Event()
        self._finished.set()
        self._init(maxsize)

    def _init(self, maxsize):
        self._queue = []

    def _get(self):
        return self._queue.pop(0)

    def _put(self, item):
        self._queue.append(item)

    def _wakeup_next(self, waiters):
        while waiters:
            waiter = waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break

    def __repr__(self):
        return '<%s at %s %s>' % (type(self).__name__, hex(id(self)), self._format())

    def __str__(self):
        return '<%s %s>' % (type(self).__name__, self._format())

    def _format(self):
        result = 'maxsize=%r' % (self._maxsize,)
        if getattr(self, '_queue', None):
            result += ' _queue=%r' % list(self._queue)
        if self._getters:
            result += ' _getters[%d]' % len(self._getters)
        if self._putters:
            result += ' _putters[%d]' % len(self._putters)
        if self._unfinished_tasks:
            result += ' tasks=%d' % self._unfinished_tasks
        return result

    def qsize(self):
        return len(self._queue)

    @property
    def maxsize(self):
        return self._maxsize

    def empty(self):
        return not self._queue

    def full(self):
        if self._maxsize <= 0:
            return False
        return self.qsize() >= self._maxsize

    async def put(self, item):
        while self.full():
            putter = get_running_loop().create_future()
            putter._what = 'Queue.put()'
            self._putters.append(putter)
            try:
                await putter
            except BaseException:
                putter.cancel()
                if putter in self._putters:
                    self._putters.remove(putter)
                if not self.full() and not putter.cancelled():
                    self._wakeup_next(self._putters)
                raise
        return self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        while self.empty():
            getter = get_running_loop().create_future()
            getter._what = 'Queue.get()'
            self._getters.append(getter)
            try:
                await getter
            except BaseException:
                getter.cancel()
                if getter in self._getters:
                    self._getters.remove(getter)
                if not self.empty() and not getter.cancelled():
                    self._wakeup_next(self._getters)
                raise
        return self.get_nowait()

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        if self._unfinished_tasks <= 0:
            raise ValueError('task_done() called too many times')
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class LifoQueue(Queue):
    def _get(self):
        return self._queue.pop()


class PriorityQueue(Queue):
    def _put(self, item):
        _heappush(self._queue, item)

    def _get(self):
        return _heappop(self._queue)


def _exit_report():
    failed = list(_failed)
    _failed.clear()
    _report_unretrieved(failed)


import atexit
atexit.register(_exit_report)
