//! The runtime-services handle every simulated thread works through, and the one trait
//! both clocks implement.
//!
//! [`Ctx`] keeps what the interpreter's hot path touches (the thread's local clock and the
//! horizon it may run to) in plain fields, so `elapse` and the fast path of `checkpoint` are
//! an addition and a comparison. Everything else goes to the clock behind [`Clock`], once
//! per service call: a virtual-clock run calls the kernel, a real-clock run the real GIL.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::api::ThreadSpec;
use crate::api::{CtxError, Halt, Primitive, ProcessSpec, SyncError, TaskPhase, ThreadExit};
use gilscope_trace::{IoKind, LostUpdate, Nanos, ObjId, Outcome, Pid, Stream, TaskId, Tid};

/// The code a simulated thread runs.
pub type Body = Box<dyn FnOnce(&mut Ctx) -> Result<ThreadExit, Halt> + Send + 'static>;

/// What a thread's clock reads and writes besides its own state: its id, where it is in
/// simulated time, and the line it executes.
#[derive(Debug)]
pub(crate) struct Local {
    pub(crate) tid: Tid,
    /// The simulated time this thread has reached (virtual clock).
    pub(crate) t: Nanos,
    /// The thread syncs with its clock when `t` reaches this time; 0 makes every check point
    /// ask the clock (the real clock, or a pending drop request).
    pub(crate) horizon: Nanos,
    /// The earliest clock of the other threads running on cores: a free-threaded access to
    /// shared memory past it must let them go first (virtual clock, `--gil off`).
    pub(crate) peers: Nanos,
    pub(crate) line: u32,
    /// The instruction of the thread's last check point or call
    /// ([`Site`](gilscope_trace::Site) bits).
    pub(crate) site: u32,
}

/// One clock: every service a simulated thread can ask for, with the GIL released and
/// re-taken where CPython does (docs/gil.md). The virtual clock (`virt`) and the real clock
/// (`real`) implement it; [`Ctx`] forwards to it.
pub(crate) trait Clock: Send {
    /// The current time as this thread sees it.
    fn now(&self, l: &Local) -> Nanos;
    /// An eval-breaker check whose fast path (`t < horizon`) did not suffice.
    fn checkpoint(&mut self, l: &mut Local) -> Result<(), Halt>;
    /// A free-threaded shared-memory access whose fast path did not suffice.
    fn shared_access(&mut self, l: &mut Local) -> Result<(), Halt>;
    /// `ns` of work with the GIL held and no check point inside.
    fn compute(&mut self, l: &mut Local, ns: Nanos) -> Result<(), Halt>;
    /// `time.sleep`.
    fn sleep(&mut self, l: &mut Local, ns: Nanos) -> Result<(), Halt>;
    /// One `write()` system call.
    fn write(&mut self, l: &mut Local, stream: Stream, text: &str) -> Result<(), Halt>;
    /// A network, disk or database call: GIL released, blocked for `base` plus up to
    /// `jitter` drawn from the run's RNG.
    fn device(
        &mut self,
        l: &mut Local,
        kind: IoKind,
        what: &str,
        base: Nanos,
        jitter: Nanos,
    ) -> Result<(), Halt>;
    /// `Thread.start()`.
    fn spawn(&mut self, l: &mut Local, spec: ThreadSpec, body: Body) -> Result<Tid, Halt>;
    /// `Thread.join(timeout)`.
    fn join(&mut self, l: &mut Local, tid: Tid, timeout: Option<Nanos>) -> Result<bool, Halt>;
    /// Whether this is the real clock.
    fn is_real(&self) -> bool;
    /// `Process.start()`.
    fn spawn_process(&mut self, l: &mut Local, spec: ProcessSpec, body: Body) -> Result<Pid, Halt>;
    /// `Process.join(timeout)`.
    fn join_process(
        &mut self,
        l: &mut Local,
        pid: Pid,
        timeout: Option<Nanos>,
    ) -> Result<bool, Halt>;
    /// `Process.terminate()`.
    fn terminate_process(&mut self, l: &mut Local, pid: Pid) -> Result<(), Halt>;
    /// A process's exit code, once it has exited.
    fn process_exit(&self, pid: Pid) -> Option<i32>;
    /// The caller's process.
    fn pid(&self, l: &Local) -> Pid;
    /// The CPU cores the program sees.
    fn cores(&self) -> usize;
    /// Whether `tid` exists and has not finished.
    fn is_alive(&self, tid: Tid) -> bool;
    /// The caller's process's threads: (id, alive, daemon).
    fn threads(&self, l: &Local) -> Vec<(Tid, bool, bool)>;
    /// A new synchronisation object.
    fn create(&mut self, prim: Primitive, label: &str) -> ObjId;
    /// A new name for an object.
    fn name_object(&mut self, obj: ObjId, label: &str);
    /// Lock or semaphore acquire.
    fn acquire(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError>;
    /// Lock release, or semaphore release `n` times.
    fn release(&mut self, l: &mut Local, obj: ObjId, n: u64) -> Result<(), CtxError>;
    /// An object's state: (locked, owner, depth).
    fn state(&self, obj: ObjId) -> (bool, Option<Tid>, u32);
    /// `Event.set()` / `Event.clear()`.
    fn event_set(&mut self, l: &mut Local, obj: ObjId, value: bool) -> Result<(), Halt>;
    /// `Event.wait(timeout)`.
    fn event_wait(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<bool, Halt>;
    /// `Condition.wait(timeout)`.
    fn cond_wait(
        &mut self,
        l: &mut Local,
        cond: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError>;
    /// `Condition.notify(n)`.
    fn notify(&mut self, l: &mut Local, cond: ObjId, n: usize) -> Result<(), CtxError>;
    /// `sys.setswitchinterval`, recorded in the trace.
    fn set_switch_interval(&mut self, l: &mut Local, ns: Nanos);
    /// `sys.getswitchinterval`.
    fn switch_interval(&self) -> Nanos;
    /// The exit status of the caller's process.
    fn set_exit_status(&mut self, l: &Local, status: i32);
    /// A thread's new name.
    fn rename(&mut self, l: &mut Local, tid: Tid, name: &str) -> Result<(), Halt>;
    /// A new asyncio task.
    fn task_new(&mut self, l: &mut Local, name: &str) -> Result<TaskId, Halt>;
    /// What an asyncio task does now.
    fn task_state(&mut self, l: &mut Local, task: TaskId, phase: TaskPhase<'_>)
    -> Result<(), Halt>;
    /// A `line` event: where the thread is, between its other events.
    fn line(&mut self, l: &mut Local) -> Result<(), Halt>;
    /// A lost update: this thread's store into `var` overwrote `over`'s.
    fn lost_update(
        &mut self,
        l: &mut Local,
        var: &str,
        over: Tid,
        info: LostUpdate,
    ) -> Result<(), Halt>;
    /// A free-form note in the trace.
    fn note(&mut self, l: &mut Local, text: &str) -> Result<(), Halt>;
    /// A draw from the program's own RNG.
    fn random_u64(&mut self) -> u64;
    /// A draw in `[0, hi]` from the run's RNG, in simulated-time order.
    fn jitter(&mut self, l: &mut Local, hi: Nanos) -> Result<Nanos, Halt>;
}

/// A simulated thread's handle on the engine: its clock, the GIL, and the OS services.
///
/// Every call that can block releases the GIL exactly where CPython does and returns
/// [`Halt`] when the run is torn down; the thread must then unwind and return it.
pub struct Ctx {
    pub(crate) local: Local,
    /// The line of the thread's last `line` event, and the thread's time then.
    marked: (u32, Nanos),
    clock: Box<dyn Clock>,
}

/// How often, at most, a thread's line is recorded as a `line` event of its own: the line
/// a front end shows for a thread at any moment is at most this old.
pub const LINE_EVERY: Nanos = 200 * crate::US;

impl Ctx {
    /// Thread `tid`'s handle on `clock`. A horizon of 0 sends the first check point to the
    /// clock.
    pub(crate) fn new(tid: Tid, clock: Box<dyn Clock>) -> Self {
        Ctx {
            local: Local {
                tid,
                t: 0,
                horizon: 0,
                peers: Nanos::MAX,
                line: 0,
                site: gilscope_trace::Site::UNKNOWN.bits(),
            },
            marked: (0, 0),
            clock,
        }
    }

    /// This thread's id (0 = main).
    pub fn tid(&self) -> Tid {
        self.local.tid
    }

    /// The current time: this thread's simulated clock, or real time since the run began.
    pub fn now(&self) -> Nanos {
        self.clock.now(&self.local)
    }

    /// The source line the thread executes, recorded with its events.
    pub fn line(&self) -> u32 {
        self.local.line
    }

    /// Sets the source line recorded with the thread's next events.
    pub fn set_line(&mut self, line: u32) {
        self.local.line = line;
    }

    /// The thread is at (or calls out from) the program's instruction `site`: a GIL
    /// release at its next check point or blocking call names it.
    #[inline]
    pub fn set_site(&mut self, site: gilscope_trace::Site) {
        self.local.site = site.bits();
    }

    /// The thread is at a check point on source line `line`. The line goes with its next
    /// events; when it changed, it is also recorded as a `line` event of its own, at most
    /// every [`LINE_EVERY`] of the thread's time (the first line at once), so that front
    /// ends know where each thread is between its other events.
    #[inline]
    pub fn mark_line(&mut self, line: u32) -> Result<(), Halt> {
        self.local.line = line;
        let (last, at) = self.marked;
        // Inline, as the interpreter calls it at every check point: the line has not
        // changed, or the last sample is too recent (the thread's own time suffices here;
        // under the virtual clock it is the clock).
        if line == last || line == 0 || (last != 0 && self.local.t < at.saturating_add(LINE_EVERY))
        {
            return Ok(());
        }
        self.mark_line_slow(line)
    }

    /// Records the line sample; kept out of line so check points inline only the tests.
    #[cold]
    #[inline(never)]
    fn mark_line_slow(&mut self, line: u32) -> Result<(), Halt> {
        self.marked = (line, self.local.t);
        self.clock.line(&mut self.local)
    }

    /// Accounts `ns` of CPU time already spent executing (simulated time only; in real-clock
    /// mode the real execution took real time).
    #[inline]
    pub fn elapse(&mut self, ns: Nanos) {
        self.local.t += ns;
    }

    /// An eval-breaker check point (function entry, backward jump, after a call): the only
    /// place a running thread gives up the GIL on request (docs/gil.md, "Check points").
    #[inline]
    pub fn checkpoint(&mut self) -> Result<(), Halt> {
        if self.local.t >= self.local.horizon {
            self.checkpoint_slow()
        } else {
            Ok(())
        }
    }

    /// Whether the next [`Ctx::checkpoint`] asks the clock (and so may release the GIL).
    #[inline]
    pub fn checkpoint_due(&self) -> bool {
        self.local.t >= self.local.horizon
    }

    /// A loop whose iterations, `period` long each, do nothing another thread or the trace
    /// could see (`while True: pass`): accounts at once the whole iterations that end
    /// before the thread's next check point can matter (at most a simulated second's worth),
    /// so the thread reaches that check point at the time running them would have, without
    /// the host running them one by one.
    pub fn idle_loop(&mut self, period: Nanos) {
        if period == 0 || self.local.horizon <= self.local.t {
            return;
        }
        let gap = (self.local.horizon - self.local.t).min(crate::SEC);
        self.local.t += gap / period * period;
    }

    /// Kept out of line, so the interpreter loop that inlines `checkpoint` stays small.
    #[cold]
    #[inline(never)]
    fn checkpoint_slow(&mut self) -> Result<(), Halt> {
        self.clock.checkpoint(&mut self.local)
    }

    #[cold]
    #[inline(never)]
    fn shared_access_slow(&mut self) -> Result<(), Halt> {
        self.clock.shared_access(&mut self.local)
    }

    /// A free-threaded access to memory other threads may touch (a global, an attribute, an
    /// item): with `--gil off` the thread first lets every runner whose clock is behind its
    /// own go, so accesses from different cores interleave in simulated time and races
    /// come out of timing. Free with the GIL.
    #[inline]
    pub fn shared_access(&mut self) -> Result<(), Halt> {
        if self.local.t > self.local.peers || self.local.t >= self.local.horizon {
            self.shared_access_slow()
        } else {
            Ok(())
        }
    }

    /// Work that takes `ns` of CPU time with the GIL held and no check point inside (a Rust
    /// scenario's unit of work; in real-clock mode it spins for that long).
    pub fn compute(&mut self, ns: Nanos) -> Result<(), Halt> {
        self.clock.compute(&mut self.local, ns)
    }

    /// `time.sleep`: releases the GIL (even for 0), sleeps, re-takes the GIL.
    pub fn sleep(&mut self, ns: Nanos) -> Result<(), Halt> {
        self.clock.sleep(&mut self.local, ns)
    }

    /// One `write()` system call to a terminal: releases the GIL around it.
    pub fn write(&mut self, stream: Stream, text: &str) -> Result<(), Halt> {
        self.clock.write(&mut self.local, stream, text)
    }

    /// A blocking network, disk or database call (`kind`), waiting for `what` (`GET
    /// /page/3`, `read 4 KB`): releases the GIL as CPython's C code does around the
    /// system call, blocks for `base` plus a jitter of up to `jitter` drawn from the run's
    /// seeded RNG, and takes the GIL again.
    pub fn device(
        &mut self,
        kind: IoKind,
        what: &str,
        base: Nanos,
        jitter: Nanos,
    ) -> Result<(), Halt> {
        self.clock.device(&mut self.local, kind, what, base, jitter)
    }

    /// `Thread.start()`: creates a thread running `body` and returns once it has begun
    /// (docs/gil.md, "Thread start, end and join"); the new thread usually holds the GIL
    /// at that point.
    pub fn spawn(&mut self, spec: ThreadSpec, body: Body) -> Result<Tid, Halt> {
        self.clock.spawn(&mut self.local, spec, body)
    }

    /// `Thread.join(timeout)`: true once `tid` has finished, false on timeout.
    pub fn join(&mut self, tid: Tid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        self.clock.join(&mut self.local, tid, timeout)
    }

    /// Whether this is a real-clock run (real OS threads and sleeps), where processes
    /// cannot be simulated.
    pub fn is_real_clock(&self) -> bool {
        self.clock.is_real()
    }

    /// `Process.start()`: a new process (its own GIL, its own threads) whose main thread
    /// runs `body`; returns at once, the child starts after the OS's fork latency.
    pub fn spawn_process(&mut self, spec: ProcessSpec, body: Body) -> Result<Pid, Halt> {
        self.clock.spawn_process(&mut self.local, spec, body)
    }

    /// `Process.join(timeout)`: true once process `pid` has exited.
    pub fn join_process(&mut self, pid: Pid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        self.clock.join_process(&mut self.local, pid, timeout)
    }

    /// `Process.terminate()`: process `pid` dies at once (exit code -15).
    pub fn terminate_process(&mut self, pid: Pid) -> Result<(), Halt> {
        self.clock.terminate_process(&mut self.local, pid)
    }

    /// Process `pid`'s exit code, once it has exited.
    pub fn process_exit(&self, pid: Pid) -> Option<i32> {
        self.clock.process_exit(pid)
    }

    /// The process this thread belongs to (0 for the program's own).
    pub fn pid(&self) -> Pid {
        self.clock.pid(&self.local)
    }

    /// The simulated CPU cores (`--cores N`), or the machine's in real-clock mode: what
    /// `os.cpu_count()` reports to the program.
    pub fn cores(&self) -> usize {
        self.clock.cores()
    }

    /// Whether `tid` exists and has not finished.
    pub fn is_alive(&self, tid: Tid) -> bool {
        self.clock.is_alive(tid)
    }

    /// Every thread of this process created so far: (id, alive, daemon).
    pub fn threads(&self) -> Vec<(Tid, bool, bool)> {
        self.clock.threads(&self.local)
    }

    /// Interpreter shutdown (`threading._shutdown`): joins every live non-daemon thread.
    pub fn shutdown(&mut self) -> Result<(), Halt> {
        loop {
            let me = self.local.tid;
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
        self.clock.create(prim, label)
    }

    /// Names object `obj` after the variable the program stored it in (`account_a`): the
    /// trace then calls it that everywhere, its earlier events included.
    pub fn name_object(&mut self, obj: ObjId, label: &str) {
        self.clock.name_object(obj, label);
    }

    /// Acquires a lock or semaphore: first a try with the GIL held, then (if `blocking`) a
    /// wait with the GIL released, up to `timeout`. True if acquired. A lock's waiters get
    /// it in the order they blocked (docs/engine.md, "Wake-up order").
    pub fn acquire(
        &mut self,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError> {
        self.clock.acquire(&mut self.local, obj, blocking, timeout)
    }

    /// Releases a lock, or a semaphore `n` times.
    pub fn release(&mut self, obj: ObjId, n: u64) -> Result<(), CtxError> {
        self.clock.release(&mut self.local, obj, n)
    }

    /// A lock's state: (locked, owner, recursion depth); a semaphore is "locked" at 0 and
    /// gives its value as the depth; an event is "locked" when set.
    pub fn state(&self, obj: ObjId) -> (bool, Option<Tid>, u32) {
        self.clock.state(obj)
    }

    /// `Event.set()` (true) or `Event.clear()` (false).
    pub fn event_set(&mut self, obj: ObjId, value: bool) -> Result<(), Halt> {
        self.clock.event_set(&mut self.local, obj, value)
    }

    /// `Event.wait(timeout)`: true if the event is (or becomes) set.
    pub fn event_wait(&mut self, obj: ObjId, timeout: Option<Nanos>) -> Result<bool, Halt> {
        self.clock.event_wait(&mut self.local, obj, timeout)
    }

    /// `Condition.wait(timeout)`: releases the condition's lock, waits to be notified, then
    /// re-acquires it. True if notified, false on timeout.
    pub fn cond_wait(&mut self, cond: ObjId, timeout: Option<Nanos>) -> Result<bool, CtxError> {
        self.clock.cond_wait(&mut self.local, cond, timeout)
    }

    /// `Condition.notify(n)`: wakes up to `n` waiters, oldest first.
    pub fn notify(&mut self, cond: ObjId, n: usize) -> Result<(), CtxError> {
        self.clock.notify(&mut self.local, cond, n)
    }

    /// `sys.setswitchinterval`, in nanoseconds (waiters read it at each timed wait).
    pub fn set_switch_interval(&mut self, ns: Nanos) {
        self.clock.set_switch_interval(&mut self.local, ns);
    }

    /// `sys.getswitchinterval`, in nanoseconds.
    pub fn switch_interval(&self) -> Nanos {
        self.clock.switch_interval()
    }

    /// The exit status of this thread's process when its main thread ends.
    pub fn set_exit_status(&mut self, status: i32) {
        self.clock.set_exit_status(&self.local, status);
    }

    /// Records a new name for thread `tid`.
    pub fn rename(&mut self, tid: Tid, name: &str) -> Result<(), Halt> {
        self.clock.rename(&mut self.local, tid, name)
    }

    /// A new asyncio task of this thread's event loop, named `name`: it gets its own lane.
    pub fn task_new(&mut self, name: &str) -> Result<TaskId, Halt> {
        self.clock.task_new(&mut self.local, name)
    }

    /// Records what asyncio task `task` does now (the loop runs it, it is ready, it awaits
    /// something, it is done). Costs no simulated time and releases nothing.
    pub fn task_state(&mut self, task: TaskId, phase: TaskPhase<'_>) -> Result<(), Halt> {
        self.clock.task_state(&mut self.local, task, phase)
    }

    /// Records a lost update the program just made: this thread stored into `var` a value
    /// computed from a read that thread `over`'s store made stale (`info` has the values,
    /// lines and times). Costs no simulated time and releases nothing.
    pub fn lost_update(&mut self, var: &str, over: Tid, info: LostUpdate) -> Result<(), Halt> {
        self.clock.lost_update(&mut self.local, var, over, info)
    }

    /// Records a free-form note in the trace at the current time.
    pub fn note(&mut self, text: &str) -> Result<(), Halt> {
        self.clock.note(&mut self.local, text)
    }

    /// A jitter in `[0, hi]` drawn from the run's seeded RNG in simulated-time order (an
    /// asyncio request's latency, which suspends a task instead of blocking the thread).
    pub fn jitter(&mut self, hi: Nanos) -> Result<Nanos, Halt> {
        self.clock.jitter(&mut self.local, hi)
    }

    /// A draw from the program's own RNG (Python's `random`), seeded from the run's seed
    /// but separate from the OS's draws.
    pub fn random_u64(&mut self) -> u64 {
        self.clock.random_u64()
    }
}

/// How a thread's body ended, as both clocks' workers record it.
pub(crate) enum BodyEnd {
    /// It ended on its own (returned, raised, or gave up with `Halt` while the run went on).
    Ended(Outcome),
    /// It panicked: the message goes to the simulated stderr, the thread ends `panicked`.
    Panicked(String),
    /// The run was torn down under it: nothing more to record.
    Halted,
}

/// Runs `body` on `ctx`, catching a panic at the thread boundary; `running` says whether
/// the run still goes on (a body that gives up with `Halt` on its own still ends properly).
pub(crate) fn run_body(ctx: &mut Ctx, body: Body, running: impl FnOnce() -> bool) -> BodyEnd {
    match catch_unwind(AssertUnwindSafe(|| body(ctx))) {
        Ok(Ok(ThreadExit::Returned)) => BodyEnd::Ended(Outcome::Returned),
        Ok(Ok(ThreadExit::Raised)) => BodyEnd::Ended(Outcome::Raised),
        Ok(Err(Halt)) if running() => BodyEnd::Ended(Outcome::Halted),
        Ok(Err(Halt)) => BodyEnd::Halted,
        Err(payload) => BodyEnd::Panicked(panic_message(payload.as_ref())),
    }
}

/// The text both clocks write to the simulated stderr when a worker panics.
pub(crate) fn panic_report(msg: &str) -> String {
    format!("gilscope: internal error in a simulated thread: {msg}\n")
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Flattens a clock's two-level result (the run halted, or the program misused an object).
pub(crate) fn flatten<T>(r: Result<Result<T, SyncError>, Halt>) -> Result<T, CtxError> {
    Ok(r??)
}
