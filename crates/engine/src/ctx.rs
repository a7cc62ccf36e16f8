//! The runtime-services handle every simulated thread works through.

use super::real::RCtx;
use super::virt::VCtx;
use super::{Body, CtxError, Halt, Primitive, ProcessSpec, TaskPhase, ThreadSpec};
use gilscope_trace::{LostUpdate, Nanos, ObjId, Pid, Stream, TaskId, Tid};

pub(crate) enum Backend {
    Virtual(VCtx),
    Real(RCtx),
}

/// A simulated thread's handle on the engine: its clock, the GIL, and the OS services.
///
/// Every call that can block releases the GIL exactly where CPython does and returns
/// [`Halt`] when the run is torn down; the thread must then unwind and return it.
pub struct Ctx {
    pub(crate) tid: Tid,
    /// Local clock: the simulated time this thread has reached (virtual mode).
    pub(crate) t: Nanos,
    /// The thread syncs with the kernel when its clock reaches this time (virtual mode).
    pub(crate) horizon: Nanos,
    /// The earliest clock of the other threads running on cores: a free-threaded access to
    /// shared memory past it must let them go first (virtual mode, `--gil off`).
    pub(crate) peers: Nanos,
    pub(crate) line: u32,
    pub(crate) backend: Backend,
}

impl Ctx {
    pub(crate) fn virtual_ctx(tid: Tid, v: VCtx) -> Self {
        Ctx {
            tid,
            t: 0,
            horizon: 0,
            peers: Nanos::MAX,
            line: 0,
            backend: Backend::Virtual(v),
        }
    }

    pub(crate) fn real_ctx(tid: Tid, r: RCtx) -> Self {
        // A horizon of 0 sends every check point to the real GIL's drop-request flag.
        Ctx {
            tid,
            t: 0,
            horizon: 0,
            peers: Nanos::MAX,
            line: 0,
            backend: Backend::Real(r),
        }
    }

    /// This thread's id (0 = main).
    pub fn tid(&self) -> Tid {
        self.tid
    }

    /// The current time: this thread's simulated clock, or real time since the run began.
    pub fn now(&self) -> Nanos {
        match &self.backend {
            Backend::Virtual(_) => self.t,
            Backend::Real(r) => r.now(),
        }
    }

    /// The source line the thread executes, recorded with its events.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Sets the source line recorded with the thread's next events.
    pub fn set_line(&mut self, line: u32) {
        self.line = line;
    }

    /// Accounts `ns` of CPU time already spent executing (simulated time only; in real-clock
    /// mode the real execution took real time).
    #[inline]
    pub fn elapse(&mut self, ns: Nanos) {
        self.t += ns;
    }

    /// An eval-breaker check point (function entry, backward jump, after a call): the only
    /// place a running thread gives up the GIL on request (rule 4).
    #[inline]
    pub fn checkpoint(&mut self) -> Result<(), Halt> {
        if self.t >= self.horizon {
            self.checkpoint_slow()
        } else {
            Ok(())
        }
    }

    #[cold]
    fn checkpoint_slow(&mut self) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vcheckpoint(),
            Backend::Real(_) => self.rcheckpoint(),
        }
    }

    /// A free-threaded access to memory other threads may touch (a global, an attribute, an
    /// item): with `--gil off` the thread first lets every runner whose clock is behind its
    /// own go, so accesses from different cores interleave in simulated time and races
    /// come out of timing. Free with the GIL.
    #[inline]
    pub fn shared_access(&mut self) -> Result<(), Halt> {
        if self.t > self.peers || self.t >= self.horizon {
            match self.backend {
                Backend::Virtual(_) => self.vshared_access(),
                Backend::Real(_) => Ok(()),
            }
        } else {
            Ok(())
        }
    }

    /// Work that takes `ns` of CPU time with the GIL held and no check point inside (a Rust
    /// scenario's unit of work; in real-clock mode it spins for that long).
    pub fn compute(&mut self, ns: Nanos) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => {
                self.elapse(ns);
                Ok(())
            }
            Backend::Real(_) => self.rcompute(ns),
        }
    }

    /// `time.sleep`: releases the GIL (even for 0), sleeps, re-takes the GIL.
    pub fn sleep(&mut self, ns: Nanos) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vsleep(ns),
            Backend::Real(_) => self.rsleep(ns),
        }
    }

    /// One `write()` system call to a terminal: releases the GIL around it.
    pub fn write(&mut self, stream: Stream, text: &str) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vwrite(stream, text),
            Backend::Real(_) => self.rwrite(stream, text),
        }
    }

    /// `Thread.start()`: creates a thread running `body` and returns once it has begun
    /// (rule 8); the new thread usually holds the GIL at that point.
    pub fn spawn(&mut self, spec: ThreadSpec, body: Body) -> Result<Tid, Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vspawn(spec, body),
            Backend::Real(_) => self.rspawn(spec, body),
        }
    }

    /// `Thread.join(timeout)`: true once `tid` has finished, false on timeout.
    pub fn join(&mut self, tid: Tid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vjoin(tid, timeout),
            Backend::Real(_) => self.rjoin(tid, timeout),
        }
    }

    /// Whether this is a real-clock run (real OS threads and sleeps), where processes
    /// cannot be simulated.
    pub fn is_real_clock(&self) -> bool {
        matches!(self.backend, Backend::Real(_))
    }

    /// `Process.start()`: a new process (its own GIL, its own threads) whose main thread
    /// runs `body`; returns at once, the child starts after the OS's fork latency.
    pub fn spawn_process(&mut self, spec: ProcessSpec, body: Body) -> Result<Pid, Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vspawn_process(spec, body),
            Backend::Real(_) => Err(Halt),
        }
    }

    /// `Process.join(timeout)`: true once process `pid` has exited.
    pub fn join_process(&mut self, pid: Pid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vjoin_process(pid, timeout),
            Backend::Real(_) => Ok(true),
        }
    }

    /// `Process.terminate()`: process `pid` dies at once (exit code -15).
    pub fn terminate_process(&mut self, pid: Pid) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vterminate_process(pid),
            Backend::Real(_) => Ok(()),
        }
    }

    /// Process `pid`'s exit code, once it has exited.
    pub fn process_exit(&self, pid: Pid) -> Option<i32> {
        match self.backend {
            Backend::Virtual(_) => self.vprocess_exit(pid),
            Backend::Real(_) => None,
        }
    }

    /// The process this thread belongs to (0 for the program's own).
    pub fn pid(&self) -> Pid {
        match self.backend {
            Backend::Virtual(_) => self.vpid(),
            Backend::Real(_) => 0,
        }
    }

    /// The simulated CPU cores (`--cores N`), or the machine's in real-clock mode: what
    /// `os.cpu_count()` reports to the program.
    pub fn cores(&self) -> usize {
        match self.backend {
            Backend::Virtual(_) => self.vcores(),
            Backend::Real(_) => std::thread::available_parallelism().map_or(1, usize::from),
        }
    }

    /// Whether `tid` exists and has not finished.
    pub fn is_alive(&self, tid: Tid) -> bool {
        match self.backend {
            Backend::Virtual(_) => self.vis_alive(tid),
            Backend::Real(_) => self.ris_alive(tid),
        }
    }

    /// Every thread of this process created so far: (id, alive, daemon).
    pub fn threads(&self) -> Vec<(Tid, bool, bool)> {
        match self.backend {
            Backend::Virtual(_) => self.vthreads(),
            Backend::Real(_) => self.rthreads(),
        }
    }

    /// Interpreter shutdown (`threading._shutdown`): joins every live non-daemon thread.
    pub fn shutdown(&mut self) -> Result<(), Halt> {
        loop {
            let me = self.tid;
            let next = self
                .threads()
                .into_iter()
                .find(|&(t, alive, daemon)| t != me && alive && !daemon);
            match next {
                Some((t, _, _)) => {
                    self.join(t, None)?;
                }
                None => return Ok(()),
            }
        }
    }

    /// Creates a lock, event, condition or semaphore; `label` names it in the trace.
    pub fn create(&mut self, prim: Primitive, label: &str) -> ObjId {
        match self.backend {
            Backend::Virtual(_) => self.vcreate(prim, label),
            Backend::Real(_) => self.rcreate(prim, label),
        }
    }

    /// Names object `obj` after the variable the program stored it in (`account_a`): the
    /// trace then calls it that everywhere, its earlier events included.
    pub fn name_object(&mut self, obj: ObjId, label: &str) {
        match self.backend {
            Backend::Virtual(_) => self.vname_object(obj, label),
            Backend::Real(_) => self.rname_object(obj, label),
        }
    }

    /// Acquires a lock or semaphore: first a try with the GIL held, then (if `blocking`) a
    /// wait with the GIL released, up to `timeout`. True if acquired.
    pub fn acquire(
        &mut self,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError> {
        let r = match self.backend {
            Backend::Virtual(_) => self.vacquire(obj, blocking, timeout)?,
            Backend::Real(_) => self.racquire(obj, blocking, timeout)?,
        };
        Ok(r?)
    }

    /// Releases a lock, or a semaphore `n` times.
    pub fn release(&mut self, obj: ObjId, n: u64) -> Result<(), CtxError> {
        let r = match self.backend {
            Backend::Virtual(_) => self.vrelease(obj, n)?,
            Backend::Real(_) => self.rrelease(obj, n)?,
        };
        Ok(r?)
    }

    /// A lock's state: (locked, owner, recursion depth); a semaphore is "locked" at 0 and
    /// gives its value as the depth; an event is "locked" when set.
    pub fn state(&self, obj: ObjId) -> (bool, Option<Tid>, u32) {
        match self.backend {
            Backend::Virtual(_) => self.vlocked(obj),
            Backend::Real(_) => self.rlocked(obj),
        }
    }

    /// `Event.set()` (true) or `Event.clear()` (false).
    pub fn event_set(&mut self, obj: ObjId, value: bool) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vevent_set(obj, value),
            Backend::Real(_) => self.revent_set(obj, value),
        }
    }

    /// `Event.wait(timeout)`: true if the event is (or becomes) set.
    pub fn event_wait(&mut self, obj: ObjId, timeout: Option<Nanos>) -> Result<bool, Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vevent_wait(obj, timeout),
            Backend::Real(_) => self.revent_wait(obj, timeout),
        }
    }

    /// `Condition.wait(timeout)`: releases the condition's lock, waits to be notified, then
    /// re-acquires it. True if notified, false on timeout.
    pub fn cond_wait(&mut self, cond: ObjId, timeout: Option<Nanos>) -> Result<bool, CtxError> {
        let r = match self.backend {
            Backend::Virtual(_) => self.vcond_wait(cond, timeout)?,
            Backend::Real(_) => self.rcond_wait(cond, timeout)?,
        };
        Ok(r?)
    }

    /// `Condition.notify(n)`: wakes up to `n` waiters, oldest first.
    pub fn notify(&mut self, cond: ObjId, n: usize) -> Result<(), CtxError> {
        let r = match self.backend {
            Backend::Virtual(_) => self.vnotify(cond, n)?,
            Backend::Real(_) => self.rnotify(cond, n)?,
        };
        Ok(r?)
    }

    /// `sys.setswitchinterval`, in nanoseconds (waiters read it at each timed wait).
    pub fn set_switch_interval(&mut self, ns: Nanos) {
        match self.backend {
            Backend::Virtual(_) => self.vset_interval(ns),
            Backend::Real(_) => self.rset_interval(ns),
        }
    }

    /// `sys.getswitchinterval`, in nanoseconds.
    pub fn switch_interval(&self) -> Nanos {
        match self.backend {
            Backend::Virtual(_) => self.vinterval(),
            Backend::Real(_) => self.rinterval(),
        }
    }

    /// The exit status of this thread's process when its main thread ends.
    pub fn set_exit_status(&mut self, status: i32) {
        match self.backend {
            Backend::Virtual(_) => self.vset_exit_status(status),
            Backend::Real(_) => self.rset_exit_status(status),
        }
    }

    /// Records a new name for thread `tid`.
    pub fn rename(&mut self, tid: Tid, name: &str) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vrename(tid, name),
            Backend::Real(_) => self.rrename(tid, name),
        }
    }

    /// A new asyncio task of this thread's event loop, named `name`: it gets its own lane.
    pub fn task_new(&mut self, name: &str) -> Result<TaskId, Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vtask_new(name),
            Backend::Real(_) => self.rtask_new(name),
        }
    }

    /// Records what asyncio task `task` does now (the loop runs it, it is ready, it awaits
    /// something, it is done). Costs no simulated time and releases nothing.
    pub fn task_state(&mut self, task: TaskId, phase: TaskPhase<'_>) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vtask_state(task, phase),
            Backend::Real(_) => self.rtask_state(task, phase),
        }
    }

    /// Records a lost update the program just made: this thread stored into `var` a value
    /// computed from a read that thread `over`'s store made stale (`info` has the values,
    /// lines and times). Costs no simulated time and releases nothing.
    pub fn lost_update(&mut self, var: &str, over: Tid, info: LostUpdate) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vlost_update(var, over, info),
            Backend::Real(_) => self.rlost_update(var, over, info),
        }
    }

    /// Records a free-form note in the trace at the current time.
    pub fn note(&mut self, text: &str) -> Result<(), Halt> {
        match self.backend {
            Backend::Virtual(_) => self.vnote(text),
            Backend::Real(_) => self.rnote(text),
        }
    }

    /// A draw from the program's own RNG (Python's `random`), seeded from the run's seed
    /// but separate from the OS's draws.
    pub fn random_u64(&mut self) -> u64 {
        match self.backend {
            Backend::Virtual(_) => self.vrandom(),
            Backend::Real(_) => self.rrandom(),
        }
    }
}
