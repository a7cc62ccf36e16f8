# tracebacks: cpython
# concurrent.futures for gilscope: Future, wait, as_completed, ThreadPoolExecutor and
# ProcessPoolExecutor, behaving as CPython 3.11's, written for gilscope's VM and run on
# it like user code, so every lock, condition and queue operation in here goes through
# the simulated GIL. Simplified where the difference cannot be observed: no weak
# references, and the process pool's call queue has no feeder thread of its own. The
# process pool's workers are multiprocessing processes (their own GIL each).
#
# A comment `# traceback: FILE:LINE` puts the next line's frame in tracebacks as CPython's
# library frame FILE:LINE (under /usr/lib/python3.11/); those lines read as CPython's,
# since tracebacks print them. Frames of the other lines are left out.
import threading
import queue
import os
import time

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'

# A future's states, as CPython names them. A cancelled future becomes "notified" when a
# worker takes it off the queue: only then do wait() and as_completed() count it.
_PENDING = 'PENDING'
_RUNNING = 'RUNNING'
_CANCELLED = 'CANCELLED'
_NOTIFIED = 'CANCELLED_AND_NOTIFIED'
_FINISHED = 'FINISHED'
_OVER = frozenset([_CANCELLED, _NOTIFIED, _FINISHED])
_SHOWN_AS = {_PENDING: 'pending', _RUNNING: 'running', _CANCELLED: 'cancelled',
             _NOTIFIED: 'cancelled', _FINISHED: 'finished'}


class Error(Exception):
    __module__ = 'concurrent.futures._base'


class CancelledError(Error):
    __module__ = 'concurrent.futures._base'


class BrokenExecutor(RuntimeError):
    __module__ = 'concurrent.futures._base'


class InvalidStateError(Error):
    __module__ = 'concurrent.futures._base'


class BrokenThreadPool(BrokenExecutor):
    __module__ = 'concurrent.futures.thread'


class BrokenProcessPool(BrokenExecutor):
    __module__ = 'concurrent.futures.process'


# Since 3.11 concurrent.futures.TimeoutError is the built-in TimeoutError.
TimeoutError = TimeoutError


class Future:
    __module__ = 'concurrent.futures._base'

    # _cond guards the state; _watchers are the queues of the wait() and as_completed()
    # calls watching this future (each gets the future once it completes).
    def __init__(self):
        self._cond = threading.Condition()
        self._state = _PENDING
        self._value = None
        self._exception = None
        self._watchers = []
        self._callbacks = []

    def __repr__(self):
        with self._cond:
            head = '<%s at %s state=%s' % (type(self).__name__, hex(id(self)),
                                           _SHOWN_AS[self._state])
            if self._state != _FINISHED:
                return head + '>'
            if self._exception:
                return '%s raised %s>' % (head, type(self._exception).__name__)
            return '%s returned %s>' % (head, type(self._value).__name__)

    def _run_callbacks(self):
        for fn in self._callbacks:
            self._call_back(fn)

    def _call_back(self, fn):
        # A callback that raises is logged, as CPython does, and the others still run.
        try:
            fn(self)
        except Exception:
            import logging
            logging.getLogger('concurrent.futures').exception(
                'exception calling callback for %r', self)

    def __get_result(self):
        if self._exception:
            # traceback: concurrent/futures/_base.py:401
            raise self._exception
        return self._value

    def cancel(self):
        with self._cond:
            state = self._state
            if state == _RUNNING or state == _FINISHED:
                return False
            if state == _PENDING:
                self._state = _CANCELLED
                self._cond.notify_all()
            else:
                return True
        self._run_callbacks()
        return True

    def cancelled(self):
        with self._cond:
            return self._state == _CANCELLED or self._state == _NOTIFIED

    def running(self):
        with self._cond:
            return self._state == _RUNNING

    def done(self):
        with self._cond:
            return self._state != _PENDING and self._state != _RUNNING

    def add_done_callback(self, fn):
        with self._cond:
            if self._state == _PENDING or self._state == _RUNNING:
                self._callbacks.append(fn)
                return
        self._call_back(fn)

    def result(self, timeout=None):
        # Settled already, or after waiting: CPython's tracebacks tell the two apart.
        with self._cond:
            if self._state == _FINISHED:
                # traceback: concurrent/futures/_base.py:449
                return self.__get_result()
            if self._state == _CANCELLED or self._state == _NOTIFIED:
                # traceback: concurrent/futures/_base.py:447
                raise CancelledError()
            self._cond.wait(timeout)
            if self._state == _FINISHED:
                # traceback: concurrent/futures/_base.py:456
                return self.__get_result()
            if self._state == _CANCELLED or self._state == _NOTIFIED:
                # traceback: concurrent/futures/_base.py:454
                raise CancelledError()
            # traceback: concurrent/futures/_base.py:458
            raise TimeoutError()

    def exception(self, timeout=None):
        with self._cond:
            if self._state == _PENDING or self._state == _RUNNING:
                self._cond.wait(timeout)
            if self._state == _FINISHED:
                return self._exception
            if self._state == _CANCELLED or self._state == _NOTIFIED:
                raise CancelledError()
            raise TimeoutError()

    def set_running_or_notify_cancel(self):
        with self._cond:
            if self._state == _CANCELLED:
                self._state = _NOTIFIED
                for watcher in self._watchers:
                    watcher.put(self)
                return False
            if self._state != _PENDING:
                import logging
                logging.getLogger('concurrent.futures').critical(
                    'Future %s in unexpected state: %s', id(self), self._state)
                raise RuntimeError('Future in unexpected state')
            self._state = _RUNNING
            return True

    def set_result(self, result):
        with self._cond:
            if self._state in _OVER:
                raise InvalidStateError('%s: %r' % (self._state, self))
            self._value = result
            self._state = _FINISHED
            for watcher in self._watchers:
                watcher.put(self)
            self._cond.notify_all()
        self._run_callbacks()

    def set_exception(self, exception):
        with self._cond:
            if self._state in _OVER:
                raise InvalidStateError('%s: %r' % (self._state, self))
            self._exception = exception
            self._state = _FINISHED
            for watcher in self._watchers:
                watcher.put(self)
            self._cond.notify_all()
        self._run_callbacks()


def _watch(fs, inbox):
    # Gives the futures of fs already settled; the others will put themselves in inbox.
    settled = []
    for f in fs:
        with f._cond:
            if f._state == _FINISHED or f._state == _NOTIFIED:
                settled.append(f)
            else:
                f._watchers.append(inbox)
    return settled


def _unwatch(fs, inbox):
    for f in fs:
        with f._cond:
            if inbox in f._watchers:
                f._watchers.remove(inbox)


def as_completed(fs, timeout=None):
    deadline = None if timeout is None else time.monotonic() + timeout
    fs = list(dict.fromkeys(fs))
    inbox = queue.SimpleQueue()
    try:
        ready = _watch(fs, inbox)
        left = len(fs) - len(ready)
        for f in ready:
            yield f
        while left:
            if deadline is None:
                f = inbox.get()
            else:
                try:
                    f = inbox.get(timeout=max(0, deadline - time.monotonic()))
                except queue.Empty:
                    f = None
                if f is None:
                    raise TimeoutError('%d (of %d) futures unfinished' % (left, len(fs)))
            if f not in ready:
                ready.append(f)
                left -= 1
                yield f
    finally:
        _unwatch(fs, inbox)


class DoneAndNotDoneFutures:
    # The named pair wait() returns.
    __module__ = 'concurrent.futures._base'

    def __init__(self, done, not_done):
        self.done = done
        self.not_done = not_done

    def __iter__(self):
        return iter((self.done, self.not_done))

    def __getitem__(self, i):
        return (self.done, self.not_done)[i]

    def __len__(self):
        return 2

    def __repr__(self):
        return 'DoneAndNotDoneFutures(done=%r, not_done=%r)' % (self.done, self.not_done)


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    deadline = None if timeout is None else time.monotonic() + timeout
    fs = list(dict.fromkeys(fs))
    inbox = queue.SimpleQueue()
    done = _watch(fs, inbox)
    while len(done) < len(fs):
        if return_when == FIRST_COMPLETED and done:
            break
        if return_when == FIRST_EXCEPTION and [f for f in done if f._exception is not None]:
            break
        try:
            if deadline is None:
                f = inbox.get()
            else:
                f = inbox.get(timeout=max(0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if f not in done:
            done.append(f)
    _unwatch(fs, inbox)
    return DoneAndNotDoneFutures(set(done), set([f for f in fs if f not in done]))


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        # The call, under the names the traceback line below reads.
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.future = future

    def run(self):
        future = self.future
        if not future.set_running_or_notify_cancel():
            return
        try:
            # traceback: concurrent/futures/thread.py:58
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as failure:
            future.set_exception(failure)
        else:
            future.set_result(result)


def _worker(executor, work_queue, initializer, initargs):
    # A thread of a ThreadPoolExecutor: runs work items until it takes None (shutdown),
    # which it puts back for the next thread.
    if initializer:
        try:
            initializer(*initargs)
        except BaseException:
            import logging
            logging.getLogger('concurrent.futures').critical('Exception in initializer:',
                                                             exc_info=True)
            executor._initializer_failed()
            return
    while True:
        item = work_queue.get(block=True)
        if item is None:
            work_queue.put(None)
            return
        item.run()
        item = None
        executor._idle.release()


def _result_or_cancel(fut, timeout=None):
    # The result of a map() call, cancelling it if waiting for it fails.
    try:
        # traceback: concurrent/futures/_base.py:317
        return fut.result(timeout)
    finally:
        fut.cancel()


class Executor:
    __module__ = 'concurrent.futures._base'

    def submit(self, fn, /, *args, **kwargs):
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        deadline = None if timeout is None else time.monotonic() + timeout
        fs = [self.submit(fn, *args) for args in zip(*iterables)]
        fs.reverse()
        end_time = deadline

        def result_iterator():
            try:
                while fs:
                    if end_time is None:
                        # traceback: concurrent/futures/_base.py:619
                        yield _result_or_cancel(fs.pop())
                    else:
                        # traceback: concurrent/futures/_base.py:621
                        yield _result_or_cancel(fs.pop(), end_time - time.monotonic())
            finally:
                # Abandoned early (an error, a break): the calls not yet started are dropped.
                for unread in fs:
                    unread.cancel()
        return result_iterator()

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.shutdown(wait=True)
        return False


# Thread pools that never had a prefix are numbered in order of creation.
_unnamed_pools = 0
# (thread, its work queue) of every thread pool worker, and every started process pool:
# what the interpreter's exit wakes and waits for.
_pool_threads = []
_process_pools = []


def _wake_pools_at_exit():
    # Registered with threading._register_atexit: runs before the interpreter joins the
    # non-daemon threads. Wakes every worker and every process pool's manager thread,
    # then waits for them.
    threads = _pool_threads[:]
    for t, q in threads:
        q.put(None)
    for t, q in threads:
        t.join()
    pools = _process_pools[:]
    for ex in pools:
        ex._shutdown = True
        ex._results.put(('wakeup', None, None))
    for ex in pools:
        ex._manager.join()


threading._register_atexit(_wake_pools_at_exit)


def _worker_count(asked, default):
    if asked is None:
        return default
    if asked <= 0:
        raise ValueError("max_workers must be greater than 0")
    return asked


def _check_initializer(fn):
    if fn is not None and not callable(fn):
        raise TypeError("initializer must be a callable")


class ThreadPoolExecutor(Executor):
    __module__ = 'concurrent.futures.thread'

    def __init__(self, max_workers=None, thread_name_prefix='', initializer=None, initargs=()):
        global _unnamed_pools
        # By default, as CPython: the CPUs and 4 more (for I/O-bound work), at most 32.
        self._max_workers = _worker_count(max_workers, min((os.cpu_count() or 1) + 4, 32))
        _check_initializer(initializer)
        if not thread_name_prefix:
            thread_name_prefix = 'ThreadPoolExecutor-%d' % _unnamed_pools
            _unnamed_pools += 1
        self._prefix = thread_name_prefix
        self._inbox = queue.SimpleQueue()
        self._idle = threading.Semaphore(0)
        self._threads = []
        self._broken = False
        self._shutdown = False
        self._lock = threading.Lock()
        self._init = (initializer, initargs)

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            if self._broken:
                # traceback: concurrent/futures/thread.py:164
                raise BrokenThreadPool(self._broken)
            if self._shutdown:
                # traceback: concurrent/futures/thread.py:167
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = Future()
            self._inbox.put(_WorkItem(f, fn, args, kwargs))
            self._maybe_add_thread()
            return f

    def _initializer_failed(self):
        # A worker's initializer raised: the pool is broken, and the calls still queued
        # fail with BrokenThreadPool.
        with self._lock:
            self._broken = ('A thread initializer failed, the thread pool is not '
                            'usable anymore')
            while not self._inbox.empty():
                item = self._inbox.get()
                if item is not None:
                    item.future.set_exception(BrokenThreadPool(self._broken))

    def _maybe_add_thread(self):
        # A new thread only when no existing one is idle, up to max_workers.
        if self._idle.acquire(timeout=0):
            return
        n = len(self._threads)
        if n >= self._max_workers:
            return
        t = threading.Thread(name='%s_%d' % (self._prefix, n), target=_worker,
                             args=(self, self._inbox) + self._init)
        t.start()
        self._threads.append(t)
        _pool_threads.append((t, self._inbox))

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._lock:
            self._shutdown = True
            if cancel_futures:
                while not self._inbox.empty():
                    item = self._inbox.get()
                    if item is not None:
                        item.future.cancel()
            self._inbox.put(None)
        if wait:
            for t in self._threads:
                t.join()


# How many calls the process pool queues beyond one per worker (CPython's
# EXTRA_QUEUED_CALLS): a call still pending in the executor can be cancelled.
_EXTRA_QUEUED_CALLS = 1


def _process_worker(call_queue, result_queue, initializer, initargs, max_tasks):
    # A worker process: calls come in pickled, (kind, id, value) goes back pickled, and
    # ('exit', pid, None) when it ends, ('broken', pid, None) if its initializer failed.
    if initializer:
        try:
            initializer(*initargs)
        except BaseException:
            import logging
            logging.getLogger('concurrent.futures').critical('Exception in initializer:',
                                                             exc_info=True)
            result_queue.put(('broken', os.getpid(), None))
            return
    budget = -1 if max_tasks is None else max_tasks
    while budget != 0:
        call = call_queue.get(block=True)
        if call is None:
            break
        work_id, fn, args, kwargs = call
        try:
            reply = ('done', work_id, fn(*args, **kwargs))
        except BaseException as failure:
            reply = ('error', work_id, failure)
        result_queue.put(reply)
        call = fn = args = kwargs = reply = None
        budget -= 1
    result_queue.put(('exit', os.getpid(), None))


def _process_chunk(fn, chunk):
    return [fn(*one) for one in chunk]


class _ProcessChunk:
    # partial(_process_chunk, fn), picklable by name.
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, chunk):
        return _process_chunk(self.fn, chunk)


def _get_chunks(iterables, chunksize):
    items = list(zip(*iterables))
    for first in range(0, len(items), chunksize):
        yield tuple(items[first:first + chunksize])


def _chain_from_iterable_of_lists(chunks):
    for chunk in chunks:
        yield from chunk


class _ExecutorManagerThread(threading.Thread):
    # The thread of the parent process that feeds the workers and collects results.
    def __init__(self, executor):
        threading.Thread.__init__(self)
        self.executor = executor

    def run(self):
        ex = self.executor
        while True:
            ex._feed_workers()
            kind, key, value = ex._results.get()
            if kind == 'broken':
                ex._break_down()
                return
            if kind == 'done' or kind == 'error':
                with ex._lock:
                    f = ex._pending.pop(key, None)
                if f is not None and kind == 'done':
                    f.set_result(value)
                elif f is not None:
                    f.set_exception(value)
            elif kind == 'exit':
                ex._replace_worker(key)
            if ex._shutdown and not ex._pending:
                break
        for p in ex._processes:
            ex._calls.put(None)
        # As CPython's join_executor_internals: the call queue's feeder thread ends
        # before the workers are joined, so no thread of the pool outlives shutdown().
        ex._calls.close()
        ex._calls.join_thread()
        for p in ex._processes:
            p.join()


class ProcessPoolExecutor(Executor):
    __module__ = 'concurrent.futures.process'

    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(),
                 *, max_tasks_per_child=None):
        import multiprocessing
        self._max_workers = _worker_count(max_workers, os.cpu_count() or 1)
        _check_initializer(initializer)
        limit = max_tasks_per_child
        if limit is not None and not isinstance(limit, int):
            raise TypeError("max_tasks_per_child must be an integer")
        if limit is not None and limit <= 0:
            raise ValueError("max_tasks_per_child must be >= 1")
        self._mp = multiprocessing
        self._worker_args = (initializer, initargs, max_tasks_per_child)
        self._processes = []
        self._manager = None
        self._shutdown = False
        self._broken = False
        self._lock = threading.Lock()
        self._pending = {}       # work id -> future, until its result is back
        self._queued = []        # work ids not yet handed to the workers, in order
        self._work = {}          # work id -> (future, fn, args, kwargs) for those
        self._next_id = 0
        self._calls = multiprocessing.Queue(self._max_workers + _EXTRA_QUEUED_CALLS)
        self._results = multiprocessing.SimpleQueue()

    def _start_manager(self):
        if self._manager is not None:
            return
        for _ in range(self._max_workers):
            self._spawn_worker()
        self._manager = _ExecutorManagerThread(self)
        self._manager.start()
        _process_pools.append(self)

    def _spawn_worker(self):
        p = self._mp.ForkProcess(target=_process_worker,
                                 args=(self._calls, self._results) + self._worker_args)
        p.start()
        self._processes.append(p)

    def _replace_worker(self, os_pid):
        # A worker that did max_tasks_per_child calls left: another takes its place
        # unless the pool is shutting down with nothing left to do.
        for p in self._processes:
            if p.pid == os_pid:
                p.join()
                self._processes.remove(p)
                break
        if self._pending or not self._shutdown:
            self._spawn_worker()

    def _break_down(self):
        # A worker died without being asked to (its initializer failed): the pool is
        # broken, every call not yet answered fails, the other workers are killed.
        with self._lock:
            self._broken = ('A child process terminated abruptly, the process pool is not '
                            'usable anymore')
            orphans = list(self._pending.values())
            self._pending.clear()
            self._queued.clear()
            self._work.clear()
        for f in orphans:
            try:
                f.set_exception(BrokenProcessPool(
                    'A process in the process pool was terminated abruptly while the '
                    'future was running or pending.'))
            except InvalidStateError:
                pass
        for p in self._processes:
            if p.exitcode is None:
                p.terminate()
        for p in self._processes:
            p.join()

    def _feed_workers(self):
        # Moves calls to the workers' queue while it has room; a call cancelled while
        # it waited here is dropped.
        while self._queued and not self._calls.full():
            work_id = self._queued.pop(0)
            f, fn, args, kwargs = self._work.pop(work_id)
            if f.set_running_or_notify_cancel():
                self._calls.put((work_id, fn, args, kwargs), block=True)
            else:
                self._pending.pop(work_id, None)

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            if self._broken:
                # traceback: concurrent/futures/process.py:791
                raise BrokenProcessPool(self._broken)
            if self._shutdown:
                # traceback: concurrent/futures/process.py:793
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = Future()
            work_id = self._next_id
            self._next_id += 1
            self._pending[work_id] = f
            self._work[work_id] = (f, fn, args, kwargs)
            self._queued.append(work_id)
            self._results.put(('wakeup', None, None))
            self._start_manager()
            return f

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")
        chunks = Executor.map(self, _ProcessChunk(fn), _get_chunks(iterables, chunksize),
                              timeout=timeout)
        return _chain_from_iterable_of_lists(chunks)

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._lock:
            self._shutdown = True
            if cancel_futures:
                for work_id in self._queued:
                    self._work[work_id][0].cancel()
            manager = self._manager
            if manager is not None:
                self._results.put(('wakeup', None, None))
        if wait and manager is not None:
            manager.join()
