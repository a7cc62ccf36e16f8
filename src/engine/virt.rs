//! The virtual-clock backend: a discrete-event simulation of CPython's GIL and of the OS.
//!
//! Every simulated thread has its own OS worker thread, but only the worker holding the
//! *baton* executes; all others are parked. The baton holder runs ahead on a local clock and
//! syncs with the kernel (this module) when it calls a service or when its clock passes the
//! *horizon* (the next timer). The kernel processes timers in time order, applies CPython's
//! `take_gil`/`drop_gil` rules (reference section A.2, A.3, C.1), and hands the baton to the
//! thread that acquires the GIL. Time comes from one clock and every OS decision from one
//! seeded RNG, so a run is a pure function of (scenario, options, seed).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crossbeam::channel::{Sender, bounded};
use parking_lot::{Condvar, Mutex, MutexGuard};

use super::model::{OsModel, OsRng, US};
use super::sink::Sink;
use super::{Body, Control, Halt, Options, Primitive, Run, SyncError, ThreadExit, ThreadSpec};
use crate::trace::{
    DropReason, EndReason, Event, EventKind, Nanos, ObjId, ObjMeta, Outcome, RunEnd, Stream, Stuck,
    ThreadMeta, Tid, WaitOn, WakeCause,
};

/// Simulated time between two syncs of a thread that never calls the engine, so that the
/// UI sees progress and a cancelled run stops promptly.
const PROGRESS_STEP: Nanos = 1_000_000;

/// Kernel-side state of a simulated thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    /// Its OS thread is being created; a `Begin` timer is pending.
    New,
    /// Holds the GIL; its worker has (or is about to get) the baton.
    Running,
    /// In `take_gil`: sleeping on the GIL's condition variable with a timeout.
    GilCond { saved: u64 },
    /// In `take_gil`: signalled, the OS has yet to run it.
    GilWaking,
    /// After a drop with a pending request: waits until another thread took the GIL.
    SwitchWait { then: Then },
    /// The switch happened; the OS has yet to run it.
    SwitchWaking { then: Then },
    /// In a blocking call with the GIL released.
    Blocked { on: Blk, deadline: Option<Nanos> },
    /// Woken from a blocking call by another thread; the OS has yet to run it.
    Waking {
        on: Blk,
        cause: WakeCause,
        deadline: Option<Nanos>,
    },
    /// Gone.
    Finished,
}

/// What a thread does once a forced switch has happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Then {
    /// Back to `take_gil` (a drop at an eval-breaker check).
    TakeGil,
    /// Start the blocking call it released the GIL for.
    Block(Op),
}

/// A blocking call, started once the GIL is released.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Sleep(Nanos),
    Write {
        stream: Stream,
        text: u32,
        len: usize,
    },
    Wait {
        on: Blk,
        timeout: Option<Nanos>,
    },
}

/// What a blocked thread waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Blk {
    Sleep,
    Io,
    Join(Tid),
    Start(Tid),
    Lock(ObjId),
    Event(ObjId),
    Cond(ObjId),
    Sem(ObjId),
}

impl Blk {
    fn wait_on(self) -> WaitOn {
        match self {
            Blk::Sleep | Blk::Io => WaitOn::Io,
            Blk::Join(t) => WaitOn::Join(t),
            Blk::Start(t) => WaitOn::Start(t),
            Blk::Lock(o) => WaitOn::Lock(o),
            Blk::Event(o) => WaitOn::Event(o),
            Blk::Cond(o) => WaitOn::Cond(o),
            Blk::Sem(o) => WaitOn::Sem(o),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TimerKind {
    Begin,
    GilTimeout,
    GilWake,
    SwitchWake,
    Woken,
    Deadline,
    TimeLimit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    at: Nanos,
    seq: u64,
    tid: Tid,
    epoch: u64,
    kind: TimerKind,
}

struct Th {
    st: St,
    /// Bumped on every state change, so that stale timers are ignored.
    epoch: u64,
    line: u32,
    daemon: bool,
    /// Result of the last blocking call (acquired, not timed out).
    result: bool,
    /// Threads blocked in `join` on this one.
    joiners: Vec<Tid>,
    /// The thread whose `start()` waits for this one to begin.
    starter: Option<Tid>,
    baton: Arc<Condvar>,
    body: Option<Body>,
}

enum Obj {
    Lock {
        owner: Option<Tid>,
        count: u32,
        reentrant: bool,
        waiters: Vec<Tid>,
    },
    Event {
        set: bool,
        waiters: Vec<Tid>,
    },
    Cond {
        lock: ObjId,
        waiters: Vec<Tid>,
    },
    Sem {
        value: u64,
        bound: Option<u64>,
        waiters: Vec<Tid>,
    },
}

impl Obj {
    fn waiters(&mut self) -> &mut Vec<Tid> {
        match self {
            Obj::Lock { waiters, .. }
            | Obj::Event { waiters, .. }
            | Obj::Cond { waiters, .. }
            | Obj::Sem { waiters, .. } => waiters,
        }
    }
}

struct Gil {
    locked: bool,
    holder: Option<Tid>,
    last_holder: Option<Tid>,
    switch_number: u64,
    drop_request: bool,
    requester: Tid,
    interval: Nanos,
    /// Threads sleeping on the GIL's condition variable (in `take_gil`).
    cond: Vec<Tid>,
    /// Forced droppers waiting on `switch_cond` for another thread to take the GIL.
    switch_waiters: Vec<Tid>,
}

pub(crate) struct Kernel {
    now: Nanos,
    rng: OsRng,
    prog_rng: OsRng,
    model: OsModel,
    max_time: Option<Nanos>,
    threads: Vec<Th>,
    objs: Vec<Obj>,
    gil: Gil,
    timers: BinaryHeap<Reverse<Timer>>,
    seq: u64,
    sink: Sink,
    /// The worker allowed to execute.
    baton: Option<Tid>,
    halted: bool,
    exit_status: i32,
    handles: Vec<JoinHandle<()>>,
    shared: std::sync::Weak<Shared>,
}

pub(crate) struct Shared {
    k: Mutex<Kernel>,
    cancelled: AtomicBool,
    cancel_tx: Mutex<Option<Sender<()>>>,
}

/// What a service call did to the calling thread.
enum Step {
    /// It still holds the GIL and goes on.
    Continue,
    /// It gave up the GIL; it resumes when it holds it again.
    Parked,
}

pub(crate) fn launch(options: Options, main: Body) -> Run {
    let (tx, rx) = bounded(options.channel_chunks.max(1));
    let (cancel_tx, cancel_rx) = bounded(0);
    let mut sink = Sink::new(tx, cancel_rx);
    sink.thread(ThreadMeta {
        tid: 0,
        name: "MainThread".into(),
        parent: None,
        daemon: false,
    });
    let kernel = Kernel {
        now: 0,
        rng: OsRng::new(options.seed),
        prog_rng: OsRng::new(options.seed ^ 0x5052_4f47_5241_4d00),
        model: options.model.clone(),
        max_time: options.max_time,
        threads: Vec::new(),
        objs: Vec::new(),
        gil: Gil {
            locked: false,
            holder: None,
            last_holder: None,
            switch_number: 0,
            drop_request: false,
            requester: 0,
            interval: options.switch_interval,
            cond: Vec::new(),
            switch_waiters: Vec::new(),
        },
        timers: BinaryHeap::new(),
        seq: 0,
        sink,
        baton: None,
        halted: false,
        exit_status: 0,
        handles: Vec::new(),
        shared: std::sync::Weak::new(),
    };
    let shared = Arc::new(Shared {
        k: Mutex::new(kernel),
        cancelled: AtomicBool::new(false),
        cancel_tx: Mutex::new(Some(cancel_tx)),
    });
    {
        let mut k = shared.k.lock();
        k.shared = Arc::downgrade(&shared);
        if let Some(limit) = k.max_time {
            k.timer(limit, 0, 0, TimerKind::TimeLimit);
        }
        let tid = k.new_thread(false, Some(main));
        // The main thread exists from the start: it takes the GIL at time 0.
        k.threads[tid as usize].st = St::Running;
        k.gil.locked = true;
        k.gil.holder = Some(tid);
        k.gil.last_holder = Some(tid);
        k.emit(tid, EventKind::Begin);
        k.emit(tid, EventKind::GilTake { switch: true });
        k.spawn_worker(tid);
        k.give_baton(tid);
    }
    Run {
        events: rx,
        control: Box::new(VirtControl { shared }),
    }
}

struct VirtControl {
    shared: Arc<Shared>,
}

impl Control for VirtControl {
    fn cancel(&self) {
        self.shared.cancelled.store(true, Ordering::SeqCst);
        // Unblocks a worker waiting on a full channel, without taking the kernel lock.
        self.shared.cancel_tx.lock().take();
        let mut k = self.shared.k.lock();
        k.halt(EndReason::Cancelled, Vec::new());
    }

    fn join(&mut self) {
        let handles = std::mem::take(&mut self.shared.k.lock().handles);
        for h in handles {
            let _ = h.join();
        }
        // Workers spawned while we joined (none once halted, but be thorough).
        let rest = std::mem::take(&mut self.shared.k.lock().handles);
        for h in rest {
            let _ = h.join();
        }
    }
}

/// The per-worker view of the virtual backend, held inside a [`super::Ctx`].
pub(crate) struct VCtx {
    shared: Arc<Shared>,
    baton: Arc<Condvar>,
}

impl Kernel {
    fn timer(&mut self, at: Nanos, tid: Tid, epoch: u64, kind: TimerKind) {
        self.seq += 1;
        self.timers.push(Reverse(Timer {
            at,
            seq: self.seq,
            tid,
            epoch,
            kind,
        }));
    }

    /// Sets a thread's state and schedules the timer that ends it, if any.
    fn set(&mut self, tid: Tid, st: St) -> u64 {
        let th = &mut self.threads[tid as usize];
        th.st = st;
        th.epoch += 1;
        th.epoch
    }

    fn emit(&mut self, tid: Tid, kind: EventKind) {
        let line = self.threads.get(tid as usize).map_or(0, |t| t.line);
        let e = Event {
            t: self.now,
            tid,
            line,
            kind,
        };
        if self.sink.event(e).is_err() && !self.halted {
            self.halt(EndReason::Cancelled, Vec::new());
        }
    }

    /// Threads competing for the CPU through the GIL (running, or inside `take_gil`):
    /// the OS's wake-up latency grows with them (C.2 row 5).
    fn contenders(&self) -> usize {
        self.threads
            .iter()
            .filter(|t| {
                matches!(
                    t.st,
                    St::Running
                        | St::GilCond { .. }
                        | St::GilWaking
                        | St::SwitchWait { .. }
                        | St::SwitchWaking { .. }
                )
            })
            .count()
    }

    fn wake_latency(&mut self) -> Nanos {
        let n = self.contenders();
        self.model.wake_latency(&mut self.rng, n)
    }

    fn new_thread(&mut self, daemon: bool, body: Option<Body>) -> Tid {
        let tid = self.threads.len() as Tid;
        self.threads.push(Th {
            st: St::New,
            epoch: 0,
            line: 0,
            daemon,
            result: false,
            joiners: Vec::new(),
            starter: None,
            baton: Arc::new(Condvar::new()),
            body,
        });
        tid
    }

    fn spawn_worker(&mut self, tid: Tid) {
        let Some(shared) = self.shared.upgrade() else {
            return;
        };
        let th = &mut self.threads[tid as usize];
        let Some(body) = th.body.take() else { return };
        let baton = Arc::clone(&th.baton);
        let handle = std::thread::Builder::new()
            .name(format!("gilscope-t{tid}"))
            .stack_size(super::WORKER_STACK)
            .spawn(move || worker(shared, baton, tid, body));
        match handle {
            Ok(h) => self.handles.push(h),
            Err(_) => {
                // The host refused a thread: report it as a failure of that thread.
                self.halt(EndReason::Cancelled, Vec::new());
            }
        }
    }

    fn give_baton(&mut self, tid: Tid) {
        self.baton = Some(tid);
        self.threads[tid as usize].baton.notify_one();
    }

    /// The earliest time at which something other than the running thread happens.
    fn horizon(&self) -> Nanos {
        let step = self.now.saturating_add(PROGRESS_STEP);
        self.timers.peek().map_or(step, |Reverse(t)| t.at.min(step))
    }

    /// Processes every timer due at or before `t`, then sets the clock to `t`.
    fn advance_to(&mut self, t: Nanos) {
        while let Some(&Reverse(timer)) = self.timers.peek() {
            if timer.at > t || self.halted {
                break;
            }
            self.timers.pop();
            self.now = self.now.max(timer.at);
            self.fire(timer);
        }
        if !self.halted {
            self.now = self.now.max(t);
        }
    }

    /// Processes timers until some thread holds the GIL, or ends the run if none ever will.
    fn schedule(&mut self) {
        loop {
            if self.halted {
                return;
            }
            if let Some(h) = self.gil.holder
                && self.threads[h as usize].st == St::Running
            {
                return;
            }
            let Some(Reverse(timer)) = self.timers.pop() else {
                self.deadlock();
                return;
            };
            self.now = self.now.max(timer.at);
            self.fire(timer);
        }
    }

    fn fire(&mut self, timer: Timer) {
        if timer.kind == TimerKind::TimeLimit {
            self.emit(0, EventKind::TimeLimit);
            self.halt(EndReason::TimeLimit, Vec::new());
            return;
        }
        let tid = timer.tid;
        if self.threads[tid as usize].epoch != timer.epoch {
            return;
        }
        let st = self.threads[tid as usize].st;
        match (timer.kind, st) {
            (TimerKind::Begin, St::New) => {
                self.emit(tid, EventKind::Begin);
                self.take_gil(tid, true);
            }
            (TimerKind::GilTimeout, St::GilCond { saved }) => {
                self.gil.cond.retain(|&w| w != tid);
                // Rule 3: ask only if the interval expired with no switch in between.
                if self.gil.locked
                    && self.gil.switch_number == saved
                    && let Some(holder) = self.gil.holder
                    && !self.gil.drop_request
                {
                    self.gil.drop_request = true;
                    self.gil.requester = tid;
                    self.emit(tid, EventKind::DropRequest { holder });
                }
                self.take_gil(tid, false);
            }
            (TimerKind::GilWake, St::GilWaking) => self.take_gil(tid, false),
            (TimerKind::SwitchWake, St::SwitchWaking { then }) => match then {
                Then::TakeGil => self.take_gil(tid, true),
                Then::Block(op) => self.start_op(tid, op),
            },
            (TimerKind::Woken, St::Blocked { on: Blk::Sleep, .. }) => {
                self.threads[tid as usize].result = true;
                self.emit(
                    tid,
                    EventKind::Wake {
                        cause: WakeCause::Timer,
                    },
                );
                self.take_gil(tid, true);
            }
            (TimerKind::Woken, St::Blocked { on: Blk::Io, .. }) => {
                self.threads[tid as usize].result = true;
                self.emit(
                    tid,
                    EventKind::Wake {
                        cause: WakeCause::Io,
                    },
                );
                self.take_gil(tid, true);
            }
            (
                TimerKind::Woken,
                St::Waking {
                    on,
                    cause,
                    deadline,
                },
            ) => {
                self.woken(tid, on, cause, deadline);
            }
            (TimerKind::Deadline, St::Blocked { on, .. }) => {
                if let Some(obj) = obj_of(on) {
                    self.objs[obj as usize].waiters().retain(|&w| w != tid);
                }
                if let Blk::Join(child) = on {
                    self.threads[child as usize].joiners.retain(|&w| w != tid);
                }
                self.threads[tid as usize].result = false;
                self.emit(
                    tid,
                    EventKind::Wake {
                        cause: WakeCause::Timeout,
                    },
                );
                self.take_gil(tid, true);
            }
            _ => {}
        }
    }

    /// A thread woken by another runs again: it retries what it waited for.
    fn woken(&mut self, tid: Tid, on: Blk, cause: WakeCause, deadline: Option<Nanos>) {
        let acquired = match on {
            Blk::Lock(obj) | Blk::Sem(obj) => self.try_take(tid, obj),
            _ => true,
        };
        if !acquired {
            // Another thread barged in: wait again, keeping the original deadline.
            self.block_on(tid, on, deadline);
            return;
        }
        self.threads[tid as usize].result = true;
        self.emit(tid, EventKind::Wake { cause });
        if let Blk::Lock(obj) | Blk::Sem(obj) = on {
            self.emit(tid, EventKind::Acquire { obj });
        }
        self.take_gil(tid, true);
    }

    // ----- the GIL (reference A.2, A.3) -----

    /// `take_gil`: take it if free, otherwise sleep on the condition for one interval.
    fn take_gil(&mut self, tid: Tid, announce: bool) {
        if !self.gil.locked {
            self.acquire_gil(tid);
            return;
        }
        if announce {
            self.emit(tid, EventKind::GilWait);
        }
        let interval = self.gil.interval.max(US);
        let deadline = self.now + interval + self.model.timer_slack(&mut self.rng);
        let epoch = self.set(
            tid,
            St::GilCond {
                saved: self.gil.switch_number,
            },
        );
        self.gil.cond.push(tid);
        self.timer(deadline, tid, epoch, TimerKind::GilTimeout);
    }

    fn acquire_gil(&mut self, tid: Tid) {
        let switch = self.gil.last_holder != Some(tid);
        self.gil.locked = true;
        self.gil.holder = Some(tid);
        if switch {
            self.gil.last_holder = Some(tid);
            self.gil.switch_number += 1;
        }
        // 3.11: the interpreter-wide request is cleared whoever set it.
        self.gil.drop_request = false;
        self.set(tid, St::Running);
        self.emit(tid, EventKind::GilTake { switch });
        // signal(switch_cond): a forced dropper waiting for this switch may go on.
        for w in std::mem::take(&mut self.gil.switch_waiters) {
            if let St::SwitchWait { then } = self.threads[w as usize].st {
                let at = self.now + self.wake_latency();
                let epoch = self.set(w, St::SwitchWaking { then });
                self.timer(at, w, epoch, TimerKind::SwitchWake);
            }
        }
    }

    /// `drop_gil`: release, wake one waiter, and report whether FORCE_SWITCHING makes the
    /// caller wait for another thread to take the GIL.
    fn drop_gil(&mut self, tid: Tid, reason: DropReason) -> bool {
        debug_assert_eq!(self.gil.holder, Some(tid));
        self.gil.locked = false;
        self.gil.holder = None;
        self.gil.last_holder = Some(tid);
        self.emit(tid, EventKind::GilDrop { reason });
        // Rule 6: one waiter, chosen by the OS, not FIFO.
        if !self.gil.cond.is_empty() {
            let i = self.rng.index(self.gil.cond.len());
            let w = self.gil.cond.swap_remove(i);
            let at = self.now + self.wake_latency();
            let epoch = self.set(w, St::GilWaking);
            self.timer(at, w, epoch, TimerKind::GilWake);
        }
        // Rule 5: with a pending request the dropper waits until the switch happened.
        if self.gil.drop_request && self.gil.last_holder == Some(tid) {
            self.gil.drop_request = false;
            return true;
        }
        false
    }

    /// The running thread releases the GIL to block in `op`.
    fn release_for(&mut self, tid: Tid, reason: DropReason, op: Op) -> Step {
        if self.drop_gil(tid, reason) {
            self.switch_wait(tid, Then::Block(op));
        } else {
            self.start_op(tid, op);
        }
        Step::Parked
    }

    fn switch_wait(&mut self, tid: Tid, then: Then) {
        self.set(tid, St::SwitchWait { then });
        self.gil.switch_waiters.push(tid);
        self.emit(tid, EventKind::SwitchWait);
    }

    fn start_op(&mut self, tid: Tid, op: Op) {
        match op {
            Op::Sleep(d) => {
                self.emit(
                    tid,
                    EventKind::Sleep {
                        until: self.now + d,
                    },
                );
                let at = self.now + d + self.model.timer_slack(&mut self.rng);
                let epoch = self.set(
                    tid,
                    St::Blocked {
                        on: Blk::Sleep,
                        deadline: None,
                    },
                );
                self.timer(at, tid, epoch, TimerKind::Woken);
            }
            Op::Write { stream, text, len } => {
                self.emit(tid, EventKind::Write { stream, text });
                self.emit(tid, EventKind::Block { on: WaitOn::Io });
                let at = self.now + self.model.write_duration(len);
                let epoch = self.set(
                    tid,
                    St::Blocked {
                        on: Blk::Io,
                        deadline: None,
                    },
                );
                self.timer(at, tid, epoch, TimerKind::Woken);
            }
            Op::Wait { on, timeout } => {
                // The object may have become available while the thread waited for the
                // switch: retry before sleeping.
                if self.ready(tid, on) {
                    self.threads[tid as usize].result = true;
                    self.take_gil(tid, true);
                    return;
                }
                self.emit(tid, EventKind::Block { on: on.wait_on() });
                let deadline =
                    timeout.map(|d| self.now + d + self.model.timer_slack(&mut self.rng));
                self.block_on(tid, on, deadline);
            }
        }
    }

    fn block_on(&mut self, tid: Tid, on: Blk, deadline: Option<Nanos>) {
        let epoch = self.set(tid, St::Blocked { on, deadline });
        if let Some(obj) = obj_of(on) {
            self.objs[obj as usize].waiters().push(tid);
        }
        if let Blk::Join(child) = on {
            self.threads[child as usize].joiners.push(tid);
        }
        if let Some(at) = deadline {
            self.timer(at, tid, epoch, TimerKind::Deadline);
        }
    }

    /// Whether what `on` waits for is available now (taking it if it is a lock).
    fn ready(&mut self, tid: Tid, on: Blk) -> bool {
        match on {
            Blk::Lock(obj) | Blk::Sem(obj) => {
                let ok = self.try_take(tid, obj);
                if ok {
                    self.emit(tid, EventKind::Acquire { obj });
                }
                ok
            }
            Blk::Event(obj) => matches!(self.objs[obj as usize], Obj::Event { set: true, .. }),
            Blk::Join(child) => self.threads[child as usize].st == St::Finished,
            _ => false,
        }
    }

    /// Wakes `tid` (blocked on `on`) after the OS's latency.
    fn wake(&mut self, tid: Tid, on: Blk, by: Tid) {
        let deadline = match self.threads[tid as usize].st {
            St::Blocked { deadline, .. } => deadline,
            _ => None,
        };
        let at = self.now + self.wake_latency();
        let epoch = self.set(
            tid,
            St::Waking {
                on,
                cause: WakeCause::By(by),
                deadline,
            },
        );
        self.timer(at, tid, epoch, TimerKind::Woken);
    }

    // ----- synchronisation objects -----

    fn try_take(&mut self, tid: Tid, obj: ObjId) -> bool {
        match &mut self.objs[obj as usize] {
            Obj::Lock {
                owner,
                count,
                reentrant,
                ..
            } => match *owner {
                None => {
                    *owner = Some(tid);
                    *count = 1;
                    true
                }
                Some(o) if o == tid && *reentrant => {
                    *count += 1;
                    true
                }
                _ => false,
            },
            Obj::Sem { value, .. } if *value > 0 => {
                *value -= 1;
                true
            }
            _ => false,
        }
    }

    /// Wakes one waiter of `obj`, chosen by the OS.
    fn wake_one(&mut self, obj: ObjId, by: Tid, on: Blk) {
        let waiters = self.objs[obj as usize].waiters();
        if waiters.is_empty() {
            return;
        }
        let i = self.rng.index(waiters.len());
        let w = self.objs[obj as usize].waiters().swap_remove(i);
        self.wake(w, on, by);
    }

    fn release(&mut self, tid: Tid, obj: ObjId, n: u64) -> Result<(), SyncError> {
        match self.objs.get_mut(obj as usize) {
            Some(Obj::Lock {
                owner,
                count,
                reentrant,
                ..
            }) => {
                match *owner {
                    None => {
                        return Err(if *reentrant {
                            SyncError::NotOwner
                        } else {
                            SyncError::ReleaseUnlocked
                        });
                    }
                    Some(o) if *reentrant && o != tid => return Err(SyncError::NotOwner),
                    _ => {}
                }
                *count -= 1;
                if *count > 0 {
                    return Ok(());
                }
                *owner = None;
                self.emit(tid, EventKind::Release { obj });
                self.wake_one(obj, tid, Blk::Lock(obj));
                Ok(())
            }
            Some(Obj::Sem { value, bound, .. }) => {
                if let Some(b) = *bound
                    && *value + n > b
                {
                    return Err(SyncError::OverReleased);
                }
                *value += n;
                self.emit(tid, EventKind::Release { obj });
                for _ in 0..n {
                    self.wake_one(obj, tid, Blk::Sem(obj));
                }
                Ok(())
            }
            _ => Err(SyncError::NoSuchObject),
        }
    }

    // ----- thread life -----

    fn end_thread(&mut self, tid: Tid, outcome: Outcome) {
        if self.threads[tid as usize].st == St::Finished {
            return;
        }
        let holds = self.gil.holder == Some(tid);
        let joiners = std::mem::take(&mut self.threads[tid as usize].joiners);
        for j in joiners {
            self.wake(j, Blk::Join(tid), tid);
        }
        if holds {
            self.drop_gil(tid, DropReason::ThreadEnd);
            // A finishing thread does not wait for the switch: it is gone.
            self.gil.drop_request = false;
        }
        self.set(tid, St::Finished);
        self.emit(tid, EventKind::End { outcome });
    }

    fn deadlock(&mut self) {
        let mut stuck = Vec::new();
        for (i, th) in self.threads.iter().enumerate() {
            if let St::Blocked { on, .. } = th.st {
                let held_by = match on {
                    Blk::Lock(o) => match self.objs[o as usize] {
                        Obj::Lock { owner, .. } => owner,
                        _ => None,
                    },
                    Blk::Join(t) | Blk::Start(t) => Some(t),
                    _ => None,
                };
                stuck.push(Stuck {
                    tid: i as Tid,
                    on: on.wait_on(),
                    held_by,
                });
            }
        }
        self.emit(0, EventKind::Deadlock);
        self.halt(EndReason::Deadlock, stuck);
    }

    /// Ends the run: every live thread ends as halted, the last chunk is sent, and every
    /// parked worker is woken so it unwinds.
    fn halt(&mut self, reason: EndReason, stuck: Vec<Stuck>) {
        if self.halted {
            return;
        }
        self.halted = true;
        for tid in 0..self.threads.len() as Tid {
            if self.threads[tid as usize].st != St::Finished {
                self.set(tid, St::Finished);
                self.emit(
                    tid,
                    EventKind::End {
                        outcome: Outcome::Halted,
                    },
                );
            }
        }
        let status = self.exit_status;
        if reason == EndReason::Exited {
            self.emit(0, EventKind::Exit { status });
        }
        self.sink.finish(RunEnd {
            t: self.now,
            reason,
            status,
            stuck,
            events: 0,
        });
        for th in &self.threads {
            th.baton.notify_one();
        }
    }
}

fn obj_of(on: Blk) -> Option<ObjId> {
    match on {
        Blk::Lock(o) | Blk::Event(o) | Blk::Cond(o) | Blk::Sem(o) => Some(o),
        _ => None,
    }
}

/// The body of every worker OS thread.
fn worker(shared: Arc<Shared>, baton: Arc<Condvar>, tid: Tid, body: Body) {
    let mut ctx = super::Ctx::virtual_ctx(
        tid,
        VCtx {
            shared: Arc::clone(&shared),
            baton,
        },
    );
    if ctx.vwait_for_baton().is_err() {
        return;
    }
    let is_main = tid == super::MAIN;
    if !is_main {
        // Bootstrap: runs with the GIL, then tells the starter it has begun (rule 8).
        ctx.elapse(ctx.vmodel_cost(|m| m.bootstrap_cost));
        if ctx.vstarted().is_err() {
            return;
        }
    }
    let result = catch_unwind(AssertUnwindSafe(|| body(&mut ctx)));
    let outcome = match result {
        Ok(Ok(ThreadExit::Returned)) => Outcome::Returned,
        Ok(Ok(ThreadExit::Raised)) => Outcome::Raised,
        // A body may give up with Halt on its own (a bug in it): it still ends properly.
        Ok(Err(Halt)) if ctx.vis_running() => Outcome::Halted,
        Ok(Err(Halt)) => return,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let _ = ctx.vreport_panic(&msg);
            Outcome::Panicked
        }
    };
    if is_main && ctx.shutdown().is_err() {
        return;
    }
    ctx.elapse(ctx.vmodel_cost(|m| m.end_cost));
    ctx.vfinish(outcome);
}

impl VCtx {
    fn lock(&self) -> MutexGuard<'_, Kernel> {
        self.shared.k.lock()
    }
}

/// Virtual-mode implementations behind [`super::Ctx`]: each syncs the clock, performs the
/// operation in the kernel, and, if the thread gave up the GIL, parks until it holds it again.
impl super::Ctx {
    fn vctx(&self) -> &VCtx {
        match &self.backend {
            super::ctx::Backend::Virtual(v) => v,
            super::ctx::Backend::Real(_) => unreachable!("virtual call on a real context"),
        }
    }

    fn vhandles(&self) -> (Arc<Shared>, Arc<Condvar>) {
        let v = self.vctx();
        (Arc::clone(&v.shared), Arc::clone(&v.baton))
    }

    fn vmodel_cost(&self, f: impl FnOnce(&OsModel) -> Nanos) -> Nanos {
        f(&self.vctx().lock().model)
    }

    /// Waits until this worker holds the baton (its thread holds the GIL).
    fn vwait_for_baton(&mut self) -> Result<(), Halt> {
        let (shared, baton) = self.vhandles();
        let mut k = shared.k.lock();
        while k.baton != Some(self.tid) && !k.halted {
            baton.wait(&mut k);
        }
        if k.halted {
            return Err(Halt);
        }
        self.t = k.now;
        self.horizon = k.horizon();
        Ok(())
    }

    /// Runs `op` in the kernel at this thread's local time; parks if the thread lost the GIL.
    fn vcall<R>(&mut self, op: impl FnOnce(&mut Kernel, Tid) -> (R, Step)) -> Result<R, Halt> {
        let tid = self.tid;
        let line = self.line;
        let (shared, baton) = self.vhandles();
        let mut k = shared.k.lock();
        if k.halted || shared.cancelled.load(Ordering::Relaxed) {
            k.halt(EndReason::Cancelled, Vec::new());
            return Err(Halt);
        }
        k.threads[tid as usize].line = line;
        k.advance_to(self.t);
        if k.halted {
            return Err(Halt);
        }
        let (r, step) = op(&mut k, tid);
        if let Step::Parked = step {
            k.schedule();
            if let Some(next) = k.gil.holder.filter(|_| !k.halted)
                && next != tid
            {
                k.give_baton(next);
                if k.threads[tid as usize].st == St::Finished {
                    return Ok(r);
                }
                while k.baton != Some(tid) && !k.halted {
                    baton.wait(&mut k);
                }
            }
        }
        if k.halted {
            return Err(Halt);
        }
        self.t = k.now;
        self.horizon = k.horizon();
        let clock = k.now;
        if k.sink.tick(clock).is_err() {
            k.halt(EndReason::Cancelled, Vec::new());
            return Err(Halt);
        }
        Ok(r)
    }

    /// The eval-breaker check once the local clock passed the horizon: process due timers,
    /// then drop the GIL if a waiter asked (rules 4, 5).
    pub(crate) fn vcheckpoint(&mut self) -> Result<(), Halt> {
        self.vcall(|k, me| {
            if k.gil.drop_request && k.gil.holder == Some(me) {
                let by = k.gil.requester;
                if k.drop_gil(me, DropReason::Requested { by }) {
                    k.switch_wait(me, Then::TakeGil);
                } else {
                    k.take_gil(me, true);
                }
                ((), Step::Parked)
            } else {
                ((), Step::Continue)
            }
        })
    }

    fn vstarted(&mut self) -> Result<(), Halt> {
        self.vcall(|k, me| {
            if let Some(starter) = k.threads[me as usize].starter.take()
                && matches!(
                    k.threads[starter as usize].st,
                    St::Blocked {
                        on: Blk::Start(_),
                        ..
                    }
                )
            {
                k.wake(starter, Blk::Start(me), me);
            }
            ((), Step::Continue)
        })
    }

    fn vreport_panic(&mut self, msg: &str) -> Result<(), Halt> {
        let text = format!("gilscope: internal error in a simulated thread: {msg}\n");
        self.vcall(|k, me| {
            let id = k.sink.text(&text);
            k.emit(
                me,
                EventKind::Write {
                    stream: Stream::Stderr,
                    text: id,
                },
            );
            ((), Step::Continue)
        })
    }

    fn vfinish(&mut self, outcome: Outcome) {
        let _ = self.vcall(|k, me| {
            k.end_thread(me, outcome);
            if me == super::MAIN {
                // Interpreter exit: daemon threads die with the process.
                k.halt(EndReason::Exited, Vec::new());
                ((), Step::Continue)
            } else {
                ((), Step::Parked)
            }
        });
        // A finished worker never gets the baton back: vcall returned once someone else
        // had it (or the run ended), and this OS thread now exits.
    }

    pub(crate) fn vsleep(&mut self, d: Nanos) -> Result<(), Halt> {
        self.vcall(|k, me| ((), k.release_for(me, DropReason::Sleep, Op::Sleep(d))))
    }

    pub(crate) fn vwrite(&mut self, stream: Stream, text: &str) -> Result<(), Halt> {
        self.vcall(|k, me| {
            let id = k.sink.text(text);
            let op = Op::Write {
                stream,
                text: id,
                len: text.len(),
            };
            ((), k.release_for(me, DropReason::Write, op))
        })
    }

    pub(crate) fn vspawn(&mut self, spec: ThreadSpec, body: Body) -> Result<Tid, Halt> {
        let cost = self.vmodel_cost(|m| m.spawn_cost);
        self.elapse(cost);
        self.vcall(|k, me| {
            let child = k.new_thread(spec.daemon, Some(body));
            k.sink.thread(ThreadMeta {
                tid: child,
                name: spec.name,
                parent: Some(me),
                daemon: spec.daemon,
            });
            k.emit(me, EventKind::Spawn { child });
            k.threads[child as usize].starter = Some(me);
            let at = k.now + k.model.thread_start_latency(&mut k.rng);
            let epoch = k.threads[child as usize].epoch;
            k.timer(at, child, epoch, TimerKind::Begin);
            k.spawn_worker(child);
            // Rule 8: start() waits (GIL released) until the new thread has begun.
            let op = Op::Wait {
                on: Blk::Start(child),
                timeout: None,
            };
            (child, k.release_for(me, DropReason::Start, op))
        })
    }

    pub(crate) fn vjoin(&mut self, child: Tid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        self.vcall(|k, me| {
            if k.threads
                .get(child as usize)
                .is_none_or(|t| t.st == St::Finished)
            {
                return (true, Step::Continue);
            }
            if timeout == Some(0) {
                return (false, Step::Continue);
            }
            let op = Op::Wait {
                on: Blk::Join(child),
                timeout,
            };
            k.threads[me as usize].result = false;
            (false, k.release_for(me, DropReason::Join, op))
        })
        .and_then(|done| if done { Ok(true) } else { self.vresult() })
    }

    fn vresult(&mut self) -> Result<bool, Halt> {
        let tid = self.tid;
        Ok(self.vctx().lock().threads[tid as usize].result)
    }

    /// Whether the run goes on (the thread was not stopped by a halt).
    fn vis_running(&self) -> bool {
        !self.vctx().lock().halted
    }

    pub(crate) fn vis_alive(&self, tid: Tid) -> bool {
        self.vctx()
            .lock()
            .threads
            .get(tid as usize)
            .is_some_and(|t| t.st != St::Finished)
    }

    pub(crate) fn vcreate(&mut self, prim: Primitive, label: &str) -> ObjId {
        let mut k = self.vctx().lock();
        let id = k.objs.len() as ObjId;
        let obj = match prim {
            Primitive::Lock => Obj::Lock {
                owner: None,
                count: 0,
                reentrant: false,
                waiters: vec![],
            },
            Primitive::RLock => Obj::Lock {
                owner: None,
                count: 0,
                reentrant: true,
                waiters: vec![],
            },
            Primitive::Event => Obj::Event {
                set: false,
                waiters: vec![],
            },
            Primitive::Condition(lock) => Obj::Cond {
                lock,
                waiters: vec![],
            },
            Primitive::Semaphore { value, bound } => Obj::Sem {
                value,
                bound,
                waiters: vec![],
            },
        };
        k.objs.push(obj);
        k.sink.object(ObjMeta {
            id,
            kind: prim.kind(),
            label: label.to_owned(),
        });
        id
    }

    /// Lock or semaphore acquire: a try without releasing the GIL, then a blocking wait.
    pub(crate) fn vacquire(
        &mut self,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<Result<bool, SyncError>, Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        let r = self.vcall(|k, me| {
            let blk = match k.objs.get(obj as usize) {
                Some(Obj::Lock { .. }) => Blk::Lock(obj),
                Some(Obj::Sem { .. }) => Blk::Sem(obj),
                _ => return (Some(Err(SyncError::NoSuchObject)), Step::Continue),
            };
            if k.try_take(me, obj) {
                k.emit(me, EventKind::Acquire { obj });
                return (Some(Ok(true)), Step::Continue);
            }
            if !blocking || timeout == Some(0) {
                return (Some(Ok(false)), Step::Continue);
            }
            k.threads[me as usize].result = false;
            let op = Op::Wait { on: blk, timeout };
            (None, k.release_for(me, DropReason::Lock, op))
        })?;
        match r {
            Some(r) => Ok(r),
            None => self.vresult().map(Ok),
        }
    }

    pub(crate) fn vrelease(&mut self, obj: ObjId, n: u64) -> Result<Result<(), SyncError>, Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        self.vcall(|k, me| (k.release(me, obj, n), Step::Continue))
    }

    pub(crate) fn vlocked(&self, obj: ObjId) -> (bool, Option<Tid>, u32) {
        match self.vctx().lock().objs.get(obj as usize) {
            Some(Obj::Lock { owner, count, .. }) => (owner.is_some(), *owner, *count),
            Some(Obj::Sem { value, .. }) => (*value == 0, None, 0),
            Some(Obj::Event { set, .. }) => (*set, None, 0),
            _ => (false, None, 0),
        }
    }

    pub(crate) fn vevent_set(&mut self, obj: ObjId, value: bool) -> Result<(), Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        self.vcall(|k, me| {
            if let Some(Obj::Event { set, waiters }) = k.objs.get_mut(obj as usize) {
                *set = value;
                if value {
                    let woken = std::mem::take(waiters);
                    k.emit(
                        me,
                        EventKind::Notify {
                            obj,
                            woken: woken.len() as u32,
                        },
                    );
                    for w in woken {
                        k.wake(w, Blk::Event(obj), me);
                    }
                }
            }
            ((), Step::Continue)
        })
    }

    pub(crate) fn vevent_wait(&mut self, obj: ObjId, timeout: Option<Nanos>) -> Result<bool, Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        let done = self.vcall(|k, me| {
            if let Some(Obj::Event { set: true, .. }) = k.objs.get(obj as usize) {
                return (Some(true), Step::Continue);
            }
            if !matches!(k.objs.get(obj as usize), Some(Obj::Event { .. })) || timeout == Some(0) {
                return (Some(false), Step::Continue);
            }
            k.threads[me as usize].result = false;
            let op = Op::Wait {
                on: Blk::Event(obj),
                timeout,
            };
            (None, k.release_for(me, DropReason::Wait, op))
        })?;
        match done {
            Some(b) => Ok(b),
            None => self.vresult(),
        }
    }

    /// `Condition.wait`: release the lock completely, block until notified, then (with the
    /// GIL again) re-acquire the lock as CPython's Python code does.
    pub(crate) fn vcond_wait(
        &mut self,
        cond: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<Result<bool, SyncError>, Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        let r = self.vcall(|k, me| {
            let lock = match k.objs.get(cond as usize) {
                Some(Obj::Cond { lock, .. }) => *lock,
                _ => return (Err(SyncError::NoSuchObject), Step::Continue),
            };
            let saved = match k.objs.get_mut(lock as usize) {
                Some(Obj::Lock {
                    owner: Some(o),
                    count,
                    ..
                }) if *o == me => {
                    let c = *count;
                    *count = 1;
                    c
                }
                _ => return (Err(SyncError::WaitNotOwner), Step::Continue),
            };
            if let Err(e) = k.release(me, lock, 1) {
                return (Err(e), Step::Continue);
            }
            k.threads[me as usize].result = false;
            let op = Op::Wait {
                on: Blk::Cond(cond),
                timeout,
            };
            (Ok((lock, saved)), k.release_for(me, DropReason::Wait, op))
        })?;
        let (lock, saved) = match r {
            Ok(x) => x,
            Err(e) => return Ok(Err(e)),
        };
        let notified = self.vresult()?;
        // Re-acquire the lock (it may block again), restoring an RLock's depth.
        self.vacquire(lock, true, None)?.map(|_| ()).ok();
        if saved > 1 {
            let mut k = self.vctx().lock();
            if let Some(Obj::Lock { count, .. }) = k.objs.get_mut(lock as usize) {
                *count = saved;
            }
        }
        Ok(Ok(notified))
    }

    pub(crate) fn vnotify(&mut self, cond: ObjId, n: usize) -> Result<Result<(), SyncError>, Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        self.vcall(|k, me| {
            let (lock, waiters) = match k.objs.get_mut(cond as usize) {
                Some(Obj::Cond { lock, waiters }) => (*lock, waiters),
                _ => return (Err(SyncError::NoSuchObject), Step::Continue),
            };
            let take = n.min(waiters.len());
            // CPython's Condition keeps its waiters in a deque: notify is FIFO.
            let woken: Vec<Tid> = waiters.drain(..take).collect();
            let owns = matches!(k.objs.get(lock as usize), Some(Obj::Lock { owner: Some(o), .. }) if *o == me);
            if !owns {
                if let Some(Obj::Cond { waiters, .. }) = k.objs.get_mut(cond as usize) {
                    for (i, w) in woken.into_iter().enumerate() {
                        waiters.insert(i, w);
                    }
                }
                return (Err(SyncError::NotifyNotOwner), Step::Continue);
            }
            k.emit(me, EventKind::Notify { obj: cond, woken: woken.len() as u32 });
            for w in woken {
                k.wake(w, Blk::Cond(cond), me);
            }
            (Ok(()), Step::Continue)
        })
    }

    pub(crate) fn vset_interval(&mut self, ns: Nanos) {
        self.vctx().lock().gil.interval = ns;
    }

    pub(crate) fn vinterval(&self) -> Nanos {
        self.vctx().lock().gil.interval
    }

    pub(crate) fn vset_exit_status(&mut self, status: i32) {
        self.vctx().lock().exit_status = status;
    }

    pub(crate) fn vthreads(&self) -> Vec<(Tid, bool, bool)> {
        let k = self.vctx().lock();
        k.threads
            .iter()
            .enumerate()
            .map(|(i, t)| (i as Tid, t.st != St::Finished, t.daemon))
            .collect()
    }

    pub(crate) fn vrename(&mut self, tid: Tid, name: &str) -> Result<(), Halt> {
        let name = name.to_owned();
        self.vcall(move |k, _me| {
            let id = k.sink.text(&name);
            k.emit(tid, EventKind::Rename { name: id });
            ((), Step::Continue)
        })
    }

    pub(crate) fn vnote(&mut self, text: &str) -> Result<(), Halt> {
        self.vcall(|k, me| {
            let id = k.sink.text(text);
            k.emit(me, EventKind::Note { text: id });
            ((), Step::Continue)
        })
    }

    pub(crate) fn vrandom(&mut self) -> u64 {
        self.vctx().lock().prog_rng.next_u64()
    }
}
