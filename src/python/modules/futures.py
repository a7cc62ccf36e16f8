# concurrent.futures for gilscope: ThreadPoolExecutor, ProcessPoolExecutor and Future,
# behaving as CPython 3.11's (simplified where the behaviour cannot be observed: no weak
# references; the process pool's call queue has no feeder thread). Runs on gilscope's own
# VM, so every lock, condition and queue operation goes through the simulated GIL, and
# the process pool's workers are multiprocessing processes (their own GIL each).
import threading
import queue
import os

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'

_PENDING = 'PENDING'
_RUNNING = 'RUNNING'
_CANCELLED = 'CANCELLED'
_FINISHED = 'FINISHED'


class Error(Exception):
    __module__ = 'concurrent.futures._base'


class CancelledError(Error):
    __module__ = 'concurrent.futures._base'


class BrokenExecutor(RuntimeError):
    __module__ = 'concurrent.futures._base'


class InvalidStateError(Error):
    __module__ = 'concurrent.futures._base'


# Since 3.11 concurrent.futures.TimeoutError is the built-in TimeoutError.
TimeoutError = TimeoutError


class Future:
    def __init__(self):
        self._condition = threading.Condition()
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._waiters = []
        self._done_callbacks = []

    def __repr__(self):
        with self._condition:
            if self._state == _FINISHED:
                if self._exception:
                    return '<%s at %s state=%s raised %s>' % (
                        self.__class__.__name__, hex(id(self)), self._state.lower(),
                        self._exception.__class__.__name__)
                return '<%s at %s state=%s returned %s>' % (
                    self.__class__.__name__, hex(id(self)), self._state.lower(),
                    self._result.__class__.__name__)
            return '<%s at %s state=%s>' % (
                self.__class__.__name__, hex(id(self)), self._state.lower())

    def _invoke_callbacks(self):
        for callback in self._done_callbacks:
            try:
                callback(self)
            except Exception:
                pass

    def cancel(self):
        with self._condition:
            if self._state in [_RUNNING, _FINISHED]:
                return False
            if self._state == _CANCELLED:
                return True
            self._state = _CANCELLED
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        with self._condition:
            return self._state == _CANCELLED

    def running(self):
        with self._condition:
            return self._state == _RUNNING

    def done(self):
        with self._condition:
            return self._state in [_CANCELLED, _FINISHED]

    def _get_result(self):
        if self._exception:
            raise self._exception
        return self._result

    def add_done_callback(self, fn):
        with self._condition:
            if self._state not in [_CANCELLED, _FINISHED]:
                self._done_callbacks.append(fn)
                return
        fn(self)

    def result(self, timeout=None):
        with self._condition:
            if self._state == _CANCELLED:
                raise CancelledError()
            elif self._state == _FINISHED:
                return self._get_result()
            self._condition.wait(timeout)
            if self._state == _CANCELLED:
                raise CancelledError()
            elif self._state == _FINISHED:
                return self._get_result()
            raise TimeoutError()

    def exception(self, timeout=None):
        with self._condition:
            if self._state == _CANCELLED:
                raise CancelledError()
            elif self._state == _FINISHED:
                return self._exception
            self._condition.wait(timeout)
            if self._state == _CANCELLED:
                raise CancelledError()
            elif self._state == _FINISHED:
                return self._exception
            raise TimeoutError()

    def set_running_or_notify_cancel(self):
        with self._condition:
            if self._state == _CANCELLED:
                return False
            self._state = _RUNNING
            return True

    def set_result(self, result):
        with self._condition:
            self._result = result
            self._state = _FINISHED
            for waiter in self._waiters:
                waiter.put(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def set_exception(self, exception):
        with self._condition:
            self._exception = exception
            self._state = _FINISHED
            for waiter in self._waiters:
                waiter.put(self)
            self._condition.notify_all()
        self._invoke_callbacks()


def as_completed(fs, timeout=None):
    fs = list(fs)
    waiter = queue.SimpleQueue()
    pending = []
    for f in fs:
        with f._condition:
            if f._state in [_CANCELLED, _FINISHED]:
                waiter.put(f)
            else:
                f._waiters.append(waiter)
                pending.append(f)
    seen = []
    for _ in range(len(fs)):
        f = waiter.get(timeout=timeout) if timeout is not None else waiter.get()
        if f not in seen:
            seen.append(f)
            yield f
    for f in pending:
        with f._condition:
            if waiter in f._waiters:
                f._waiters.remove(waiter)


class DoneAndNotDoneFutures:
    def __init__(self, done, not_done):
        self.done = done
        self.not_done = not_done

    def __iter__(self):
        return iter((self.done, self.not_done))

    def __repr__(self):
        return 'DoneAndNotDoneFutures(done=%r, not_done=%r)' % (self.done, self.not_done)


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    fs = list(fs)
    waiter = queue.SimpleQueue()
    done = []
    for f in fs:
        with f._condition:
            if f._state in [_CANCELLED, _FINISHED]:
                done.append(f)
            else:
                f._waiters.append(waiter)

    def satisfied():
        if return_when == FIRST_COMPLETED:
            return len(done) > 0
        if return_when == FIRST_EXCEPTION:
            for f in done:
                if f._state == _FINISHED and f._exception is not None:
                    return True
        return len(done) == len(fs)

    while not satisfied():
        try:
            f = waiter.get(timeout=timeout) if timeout is not None else waiter.get()
        except queue.Empty:
            break
        if f not in done:
            done.append(f)
    for f in fs:
        with f._condition:
            if waiter in f._waiters:
                f._waiters.remove(waiter)
    return DoneAndNotDoneFutures(set(done), set(f for f in fs if f not in done))


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


def _worker(executor, work_queue, initializer, initargs):
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException:
            executor._broken = 'A thread initializer failed, the thread pool is not usable anymore'
            return
    while True:
        work_item = work_queue.get(block=True)
        if work_item is not None:
            work_item.run()
            del work_item
            executor._idle_semaphore.release()
            continue
        # Wake the other workers: the executor is shutting down.
        work_queue.put(None)
        return


class Executor:
    def submit(self, fn, /, *args, **kwargs):
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        fs = [self.submit(fn, *args) for args in zip(*iterables)]

        def result_iterator():
            try:
                fs.reverse()
                while fs:
                    yield fs.pop().result(timeout)
            finally:
                for future in fs:
                    future.cancel()
        return result_iterator()

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False


_executor_counter = [0]
_live_queues = []
_live_process_pools = []


def _python_exit():
    # threading._register_atexit: wake and join every worker thread and every process
    # pool's manager before the interpreter joins non-daemon threads.
    items = list(_live_queues)
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()
    pools = list(_live_process_pools)
    for ex in pools:
        ex._shutdown = True
        ex._result_queue.put(('wakeup', None, None))
    for ex in pools:
        ex._manager.join()


threading._register_atexit(_python_exit)


class ThreadPoolExecutor(Executor):
    def __init__(self, max_workers=None, thread_name_prefix='', initializer=None, initargs=()):
        if max_workers is None:
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = []
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        if not thread_name_prefix:
            thread_name_prefix = 'ThreadPoolExecutor-%d' % _executor_counter[0]
            _executor_counter[0] += 1
        self._thread_name_prefix = thread_name_prefix
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenExecutor(self._broken)
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = Future()
            w = _WorkItem(f, fn, args, kwargs)
            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix, num_threads)
            t = threading.Thread(name=thread_name, target=_worker,
                                 args=(self, self._work_queue, self._initializer,
                                       self._initargs))
            t.start()
            self._threads.append(t)
            _live_queues.append((t, self._work_queue))

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()


class BrokenProcessPool(BrokenExecutor):
    __module__ = 'concurrent.futures.process'


# How many calls the process pool queues beyond one per worker (CPython's
# EXTRA_QUEUED_CALLS): a call still pending in the executor can be cancelled.
_EXTRA_QUEUED_CALLS = 1


def _process_worker(call_queue, result_queue, initializer, initargs, max_tasks):
    # The loop of a worker process: calls come in pickled, results go back pickled.
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException:
            return
    done = 0
    while True:
        call = call_queue.get(block=True)
        if call is None:
            result_queue.put(('exit', os.getpid(), None))
            return
        work_id, fn, args, kwargs = call
        try:
            r = fn(*args, **kwargs)
        except BaseException as e:
            result_queue.put(('error', work_id, e))
        else:
            result_queue.put(('done', work_id, r))
        call = fn = args = kwargs = r = None
        done += 1
        if max_tasks is not None and done >= max_tasks:
            result_queue.put(('exit', os.getpid(), None))
            return


def _process_chunk(fn, chunk):
    return [fn(*args) for args in chunk]


def _get_chunks(iterables, chunksize):
    items = list(zip(*iterables))
    for start in range(0, len(items), chunksize):
        yield tuple(items[start:start + chunksize])


class _ExecutorManagerThread(threading.Thread):
    # The thread of the parent process that feeds the workers and collects results.
    def __init__(self, executor):
        threading.Thread.__init__(self)
        self.executor = executor

    def run(self):
        ex = self.executor
        while True:
            ex._add_call_items_to_queue()
            kind, ident, value = ex._result_queue.get()
            if kind == 'done' or kind == 'error':
                with ex._shutdown_lock:
                    f = ex._pending.pop(ident, None)
                if f is not None:
                    if kind == 'done':
                        f.set_result(value)
                    else:
                        f.set_exception(value)
            elif kind == 'exit':
                ex._exited += 1
            if ex._shutdown and not ex._pending:
                break
        for _ in ex._processes:
            ex._call_queue.put(None)
        for p in ex._processes:
            p.join()


class ProcessPoolExecutor(Executor):
    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(),
                 *, max_tasks_per_child=None):
        import multiprocessing
        if max_workers is None:
            max_workers = os.cpu_count() or 1
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        if max_tasks_per_child is not None:
            if not isinstance(max_tasks_per_child, int):
                raise TypeError("max_tasks_per_child must be an integer")
            elif max_tasks_per_child <= 0:
                raise ValueError("max_tasks_per_child must be >= 1")
        self._mp = multiprocessing
        self._max_workers = max_workers
        self._initializer = initializer
        self._initargs = initargs
        self._max_tasks_per_child = max_tasks_per_child
        self._processes = []
        self._manager = None
        self._shutdown = False
        self._broken = False
        self._shutdown_lock = threading.Lock()
        self._pending = {}
        self._work_ids = []
        self._queue_count = 0
        self._calls = {}
        self._exited = 0
        self._call_queue = multiprocessing.Queue(max_workers + _EXTRA_QUEUED_CALLS)
        self._result_queue = multiprocessing.SimpleQueue()

    def _start_manager(self):
        if self._manager is None:
            for _ in range(self._max_workers):
                p = self._mp.ForkProcess(
                    target=_process_worker,
                    args=(self._call_queue, self._result_queue, self._initializer,
                          self._initargs, self._max_tasks_per_child))
                p.start()
                self._processes.append(p)
            self._manager = _ExecutorManagerThread(self)
            self._manager.start()
            _live_process_pools.append(self)

    def _add_call_items_to_queue(self):
        while self._work_ids and not self._call_queue.full():
            work_id = self._work_ids.pop(0)
            f, fn, args, kwargs = self._calls.pop(work_id)
            if f.set_running_or_notify_cancel():
                self._call_queue.put((work_id, fn, args, kwargs), block=True)
            else:
                self._pending.pop(work_id, None)

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = Future()
            work_id = self._queue_count
            self._queue_count += 1
            self._pending[work_id] = f
            self._calls[work_id] = (f, fn, args, kwargs)
            self._work_ids.append(work_id)
            self._result_queue.put(('wakeup', None, None))
            self._start_manager()
            return f

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")
        chunks = Executor.map(self, _ProcessChunk(fn), _get_chunks(iterables, chunksize),
                              timeout=timeout)

        def flatten():
            for chunk in chunks:
                for item in chunk:
                    yield item
        return flatten()

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                for work_id in list(self._work_ids):
                    f = self._calls[work_id][0]
                    f.cancel()
            manager = self._manager
            if manager is not None:
                self._result_queue.put(('wakeup', None, None))
        if wait and manager is not None:
            manager.join()


class _ProcessChunk:
    # partial(_process_chunk, fn), picklable by name.
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, chunk):
        return _process_chunk(self.fn, chunk)
