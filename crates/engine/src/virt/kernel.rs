//! The kernel's state: threads, processes, timers, simulated cores, and the rule that
//! decides which worker executes.
//!
//! A *runner* is a thread on a simulated core (it holds its process's GIL, or needs none).
//! Runners advance on local clocks; the kernel always lets the runner with the earliest
//! clock act (perform a service call, process a timer), so everything happens in time
//! order however far a runner ran ahead between two calls.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::sync::Arc;
use std::thread::JoinHandle;

use parking_lot::Condvar;

use super::Shared;
use crate::api::{GilMode, WORKER_STACK};
use crate::ctx::Body;
use crate::model::{OsModel, OsRng};
use crate::sink::Sink;
use crate::sync::SyncState;
use gilscope_trace::{
    DropReason, EndReason, Event, EventKind, Nanos, ObjId, Outcome, Pid, RunEnd, Site, Stream,
    Stuck, Tid, WaitOn, WakeCause,
};

/// Simulated time between two syncs of a thread that never calls the engine, so that the
/// UI sees progress and a cancelled run stops promptly.
pub(super) const PROGRESS_STEP: Nanos = 1_000_000;

/// Kernel-side state of a simulated thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum St {
    /// Its OS thread is being created; a `Begin` timer is pending.
    New,
    /// Holds its GIL (or needs none) and wants a CPU: on a core, or queued for one.
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
pub(super) enum Then {
    /// Back to `take_gil` (a drop at an eval-breaker check).
    TakeGil,
    /// Start the blocking call it released the GIL for.
    Block(Op),
}

/// A blocking call, started once the GIL is released.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
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
    /// A network, disk or database call that takes `dur`.
    Device {
        on: WaitOn,
        dur: Nanos,
    },
}

/// What a blocked thread waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Blk {
    Sleep,
    /// A write (`WaitOn::Io`) or a device call (`WaitOn::Device`).
    Io(WaitOn),
    Join(Tid),
    Start(Tid),
    Process(Pid),
    Lock(ObjId),
    Event(ObjId),
    Cond(ObjId),
    Sem(ObjId),
}

impl Blk {
    pub(super) fn wait_on(self) -> WaitOn {
        match self {
            Blk::Sleep => WaitOn::Io,
            Blk::Io(on) => on,
            Blk::Join(t) => WaitOn::Join(t),
            Blk::Start(t) => WaitOn::Start(t),
            Blk::Process(p) => WaitOn::Process(p),
            Blk::Lock(o) => WaitOn::Lock(o),
            Blk::Event(o) => WaitOn::Event(o),
            Blk::Cond(o) => WaitOn::Cond(o),
            Blk::Sem(o) => WaitOn::Sem(o),
        }
    }

    pub(super) fn obj(self) -> Option<ObjId> {
        match self {
            Blk::Lock(o) | Blk::Event(o) | Blk::Cond(o) | Blk::Sem(o) => Some(o),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TimerKind {
    Begin,
    GilTimeout,
    GilWake,
    SwitchWake,
    Woken,
    Deadline,
    SliceEnd,
    TimeLimit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Timer {
    pub(super) at: Nanos,
    pub(super) seq: u64,
    pub(super) tid: Tid,
    pub(super) epoch: u64,
    pub(super) kind: TimerKind,
}

pub(super) struct Th {
    pub(super) pid: Pid,
    pub(super) st: St,
    /// Bumped on every state change, so that stale timers are ignored.
    pub(super) epoch: u64,
    pub(super) line: u32,
    /// The thread's instruction at its last check point or call ([`Site`] bits, set by
    /// the thread's calls into the kernel).
    pub(super) site: u32,
    pub(super) daemon: bool,
    /// Result of the last blocking call (acquired, not timed out).
    pub(super) result: bool,
    /// Threads blocked in `join` on this one.
    pub(super) joiners: Vec<Tid>,
    /// The thread whose `start()` waits for this one to begin.
    pub(super) starter: Option<Tid>,
    pub(super) baton: Arc<Condvar>,
    pub(super) body: Option<Body>,
    /// The core it runs on, while it is a runner.
    pub(super) core: Option<u16>,
    /// Bumped each time it gets a core, so that stale slice timers are ignored.
    pub(super) stint: u64,
    /// Its local time where it last stopped (synced, parked, or got its core).
    pub(super) clock: Nanos,
    /// Work done past a preemption, credited when it runs again.
    pub(super) overrun: Nanos,
    /// When it got its current core.
    pub(super) on_core_since: Nanos,
}

pub(super) struct Gil {
    pub(super) locked: bool,
    pub(super) holder: Option<Tid>,
    pub(super) last_holder: Option<Tid>,
    pub(super) switch_number: u64,
    pub(super) drop_request: bool,
    pub(super) requester: Tid,
    /// Threads sleeping on the GIL's condition variable (in `take_gil`).
    pub(super) cond: Vec<Tid>,
    /// Forced droppers waiting on `switch_cond` for another thread to take the GIL.
    pub(super) switch_waiters: Vec<Tid>,
}

impl Gil {
    pub(super) fn new() -> Self {
        Gil {
            locked: false,
            holder: None,
            last_holder: None,
            switch_number: 0,
            drop_request: false,
            requester: 0,
            cond: Vec::new(),
            switch_waiters: Vec::new(),
        }
    }
}

/// A simulated process: its own GIL, its own threads, an exit code once it ended.
pub(super) struct Proc {
    pub(super) gil: Gil,
    /// Its main thread (ending it ends the process).
    pub(super) main: Tid,
    pub(super) exit: Option<i32>,
    /// The exit code its main thread chose.
    pub(super) status: i32,
    pub(super) joiners: Vec<Tid>,
}

/// A synchronisation object and the threads blocked on it, oldest first.
pub(super) struct Obj {
    pub(super) state: SyncState,
    pub(super) waiters: Vec<Tid>,
}

pub(crate) struct Kernel {
    /// Time of the last thing the kernel did; never goes backwards.
    pub(super) now: Nanos,
    pub(super) rng: OsRng,
    pub(super) prog_rng: OsRng,
    pub(super) model: OsModel,
    pub(super) mode: GilMode,
    pub(super) interval: Nanos,
    pub(super) threads: Vec<Th>,
    pub(super) procs: Vec<Proc>,
    pub(super) objs: Vec<Obj>,
    /// Asyncio tasks created so far.
    pub(super) tasks: u32,
    pub(super) timers: BinaryHeap<Reverse<Timer>>,
    pub(super) seq: u64,
    pub(super) sink: Sink,
    /// Which thread runs on each simulated core.
    pub(super) cores: Vec<Option<Tid>>,
    /// Runnable threads waiting for a core, oldest first.
    pub(super) ready: VecDeque<Tid>,
    /// Whether core events are recorded (several processes, or no GIL).
    pub(super) show_cores: bool,
    /// The worker allowed to execute.
    pub(super) baton: Option<Tid>,
    pub(super) halted: bool,
    pub(super) handles: Vec<JoinHandle<()>>,
    pub(super) shared: std::sync::Weak<Shared>,
}

impl Kernel {
    pub(super) fn new(
        sink: Sink,
        seed: u64,
        model: OsModel,
        mode: GilMode,
        interval: Nanos,
        cores: usize,
    ) -> Self {
        Kernel {
            now: 0,
            rng: OsRng::new(seed),
            prog_rng: OsRng::new(seed ^ 0x5052_4f47_5241_4d00),
            model,
            mode,
            interval,
            threads: Vec::new(),
            procs: Vec::new(),
            objs: Vec::new(),
            tasks: 0,
            timers: BinaryHeap::new(),
            seq: 0,
            sink,
            cores: vec![None; cores.max(1)],
            ready: VecDeque::new(),
            show_cores: mode == GilMode::Off,
            baton: None,
            halted: false,
            handles: Vec::new(),
            shared: std::sync::Weak::new(),
        }
    }

    pub(super) fn timer(&mut self, at: Nanos, tid: Tid, epoch: u64, kind: TimerKind) {
        self.seq += 1;
        self.timers.push(Reverse(Timer {
            at,
            seq: self.seq,
            tid,
            epoch,
            kind,
        }));
    }

    /// Sets a thread's state; returns the new epoch for the timer that ends it.
    pub(super) fn set(&mut self, tid: Tid, st: St) -> u64 {
        let th = &mut self.threads[tid as usize];
        th.st = st;
        th.epoch += 1;
        th.epoch
    }

    pub(super) fn emit(&mut self, tid: Tid, kind: EventKind) {
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

    pub(super) fn gil(&mut self, tid: Tid) -> &mut Gil {
        let pid = self.threads[tid as usize].pid;
        &mut self.procs[pid as usize].gil
    }

    /// Threads of `tid`'s process competing for the CPU through its GIL (running, or inside
    /// `take_gil`): the OS's wake-up latency grows with them (docs/gil.md, calibration
    /// row 5).
    fn contenders(&self, tid: Tid) -> usize {
        let pid = self.threads.get(tid as usize).map_or(0, |t| t.pid);
        self.threads
            .iter()
            .filter(|t| t.pid == pid)
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

    pub(super) fn wake_latency(&mut self, tid: Tid) -> Nanos {
        let n = self.contenders(tid);
        self.model.wake_latency(&mut self.rng, n)
    }

    pub(super) fn new_thread(&mut self, pid: Pid, daemon: bool, body: Option<Body>) -> Tid {
        let tid = self.threads.len() as Tid;
        self.threads.push(Th {
            pid,
            st: St::New,
            epoch: 0,
            line: 0,
            site: Site::UNKNOWN.bits(),
            daemon,
            result: false,
            joiners: Vec::new(),
            starter: None,
            baton: Arc::new(Condvar::new()),
            body,
            core: None,
            stint: 0,
            clock: self.now,
            overrun: 0,
            on_core_since: 0,
        });
        tid
    }

    /// A new process with a new main thread that will run `body`.
    pub(super) fn new_proc(&mut self, body: Body) -> (Pid, Tid) {
        let pid = self.procs.len() as Pid;
        let main = self.new_thread(pid, false, Some(body));
        self.procs.push(Proc {
            gil: Gil::new(),
            main,
            exit: None,
            status: 0,
            joiners: Vec::new(),
        });
        (pid, main)
    }

    /// The main thread of process `pid`.
    pub(super) fn process_main(&self, pid: Pid) -> Tid {
        self.procs[pid as usize].main
    }

    pub(super) fn spawn_worker(&mut self, tid: Tid) {
        let Some(shared) = self.shared.upgrade() else {
            return;
        };
        let th = &mut self.threads[tid as usize];
        let Some(body) = th.body.take() else { return };
        let baton = Arc::clone(&th.baton);
        let handle = std::thread::Builder::new()
            .name(format!("gilscope-t{tid}"))
            .stack_size(WORKER_STACK)
            .spawn(move || super::worker(shared, baton, tid, body));
        match handle {
            Ok(h) => self.handles.push(h),
            Err(_) => self.halt(EndReason::Cancelled, Vec::new()),
        }
    }

    pub(super) fn give_baton(&mut self, tid: Tid) {
        self.baton = Some(tid);
        self.threads[tid as usize].baton.notify_one();
    }

    /// The earliest time at which something other than the running thread happens.
    pub(super) fn horizon(&self) -> Nanos {
        let step = self.now.saturating_add(PROGRESS_STEP);
        self.timers.peek().map_or(step, |Reverse(t)| t.at.min(step))
    }

    /// The earliest clock among the runners other than `tid` (free-threaded shared-memory
    /// accesses must not overtake it).
    pub(super) fn peers(&self, tid: Tid) -> Nanos {
        self.cores
            .iter()
            .flatten()
            .filter(|&&r| r != tid)
            .map(|&r| self.threads[r as usize].clock)
            .min()
            .unwrap_or(Nanos::MAX)
    }

    /// The runner that acts next: the earliest clock, ties broken by thread id.
    pub(super) fn earliest(&self) -> Option<Tid> {
        self.cores
            .iter()
            .flatten()
            .copied()
            .min_by_key(|&r| (self.threads[r as usize].clock, r))
    }

    /// Whether `tid` runs on a core.
    pub(super) fn on_core(&self, tid: Tid) -> bool {
        self.threads[tid as usize].core.is_some()
    }

    // ----- simulated cores -----

    /// Records core events from now on (a second process, or no GIL): the current runners
    /// are announced on their cores.
    pub(super) fn show_cores(&mut self) {
        if self.show_cores {
            return;
        }
        self.show_cores = true;
        for c in 0..self.cores.len() {
            if let Some(t) = self.cores[c] {
                self.emit(t, EventKind::OnCore { core: c as u16 });
            }
        }
    }

    /// `tid` became runnable at `now`: it gets a free core, or queues for one. Like Linux's
    /// CFS, a thread waking from a wait preempts the runner that has run longest, if that
    /// one has run for more than the wake-up granularity (sleepers are owed CPU time).
    pub(super) fn want_cpu(&mut self, tid: Tid) {
        if let Some(c) = self.cores.iter().position(Option::is_none) {
            self.put_on_core(tid, c);
            return;
        }
        let longest = self
            .cores
            .iter()
            .flatten()
            .copied()
            .min_by_key(|&r| (self.threads[r as usize].on_core_since, r));
        let waking = self.threads[tid as usize].overrun == 0;
        match longest {
            Some(r)
                if waking
                    && self
                        .now
                        .saturating_sub(self.threads[r as usize].on_core_since)
                        >= self.model.wakeup_granularity =>
            {
                self.ready.push_front(tid);
                self.preempt(r);
            }
            _ => {
                self.ready.push_back(tid);
                if self.show_cores {
                    self.emit(tid, EventKind::Ready);
                }
                self.start_slices();
            }
        }
    }

    fn put_on_core(&mut self, tid: Tid, core: usize) {
        self.cores[core] = Some(tid);
        let th = &mut self.threads[tid as usize];
        th.core = Some(core as u16);
        th.stint += 1;
        th.on_core_since = self.now;
        th.clock = self.now + std::mem::take(&mut th.overrun);
        if self.show_cores {
            self.emit(tid, EventKind::OnCore { core: core as u16 });
        }
        if !self.ready.is_empty() {
            self.slice_timer(tid);
        }
    }

    fn slice_timer(&mut self, tid: Tid) {
        let runnable = self.ready.len() + self.cores.iter().flatten().count();
        let slice = self.model.slice(runnable, self.cores.len());
        let stint = self.threads[tid as usize].stint;
        self.timer(self.now + slice, tid, stint, TimerKind::SliceEnd);
    }

    /// With threads queued for a core, every runner gets a time slice.
    fn start_slices(&mut self) {
        let runners: Vec<Tid> = self.cores.iter().flatten().copied().collect();
        for r in runners {
            let stint = self.threads[r as usize].stint;
            let has = self
                .timers
                .iter()
                .any(|Reverse(t)| t.kind == TimerKind::SliceEnd && t.tid == r && t.epoch == stint);
            if !has {
                self.slice_timer(r);
            }
        }
    }

    /// `tid` stops running (blocks, waits, ends): its core goes to the next ready thread.
    pub(super) fn leave_cpu(&mut self, tid: Tid) {
        self.ready.retain(|&r| r != tid);
        let Some(core) = self.threads[tid as usize].core.take() else {
            return;
        };
        self.threads[tid as usize].stint += 1;
        self.cores[core as usize] = None;
        if self.show_cores {
            self.emit(
                tid,
                EventKind::OffCore {
                    core,
                    preempted: false,
                },
            );
        }
        if let Some(next) = self.ready.pop_front() {
            self.put_on_core(next, core as usize);
        }
    }

    /// The slice of `tid` ran out: if a thread waits for a core, `tid` yields it.
    fn slice_end(&mut self, tid: Tid) {
        if !self.ready.is_empty() {
            self.preempt(tid);
        }
    }

    /// `tid` yields its core to the first ready thread and queues; the work it did past
    /// this moment is credited when it runs again.
    fn preempt(&mut self, tid: Tid) {
        let Some(core) = self.threads[tid as usize].core else {
            return;
        };
        let Some(next) = self.ready.pop_front() else {
            return;
        };
        let th = &mut self.threads[tid as usize];
        th.overrun = th.clock.saturating_sub(self.now);
        th.core = None;
        th.stint += 1;
        self.cores[core as usize] = None;
        self.ready.push_back(tid);
        self.emit(
            tid,
            EventKind::OffCore {
                core,
                preempted: true,
            },
        );
        self.put_on_core(next, core as usize);
    }

    // ----- time -----

    /// Processes the next timer.
    pub(super) fn fire_next(&mut self) -> bool {
        let Some(Reverse(timer)) = self.timers.pop() else {
            return false;
        };
        self.now = self.now.max(timer.at);
        self.fire(timer);
        true
    }

    /// The next timer's time.
    pub(super) fn next_timer(&self) -> Option<Nanos> {
        self.timers.peek().map(|Reverse(t)| t.at)
    }

    /// Processes timers until some thread runs, or ends the run if none ever will. Only
    /// the time limit left means nothing can happen any more: that is a deadlock, not a
    /// program running out of time.
    pub(super) fn schedule(&mut self) {
        while !self.halted && self.earliest().is_none() {
            let only_the_limit = self
                .timers
                .iter()
                .all(|Reverse(t)| t.kind == TimerKind::TimeLimit || !self.timer_live(t));
            if only_the_limit || !self.fire_next() {
                self.deadlock();
            }
        }
    }

    /// Whether `t` will still do something when it fires (its thread has not moved on).
    fn timer_live(&self, t: &Timer) -> bool {
        match self.threads.get(t.tid as usize) {
            Some(th) if t.kind == TimerKind::SliceEnd => th.stint == t.epoch,
            Some(th) => th.epoch == t.epoch,
            None => false,
        }
    }

    fn fire(&mut self, timer: Timer) {
        if timer.kind == TimerKind::TimeLimit {
            self.emit(0, EventKind::TimeLimit);
            self.halt(EndReason::TimeLimit, Vec::new());
            return;
        }
        let tid = timer.tid;
        if timer.kind == TimerKind::SliceEnd {
            if self.threads[tid as usize].stint == timer.epoch {
                self.slice_end(tid);
            }
            return;
        }
        if self.threads[tid as usize].epoch != timer.epoch {
            return;
        }
        let st = self.threads[tid as usize].st;
        match (timer.kind, st) {
            (TimerKind::Begin, St::New) => {
                self.emit(tid, EventKind::Begin);
                self.take_gil(tid, true);
            }
            (TimerKind::GilTimeout, St::GilCond { saved }) => self.gil_timeout(tid, saved),
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
            (TimerKind::Woken, St::Blocked { on: Blk::Io(_), .. }) => {
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
                self.stop_waiting(tid, on);
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

    /// Removes `tid` from the waiters of what it blocked on.
    pub(super) fn stop_waiting(&mut self, tid: Tid, on: Blk) {
        if let Some(obj) = on.obj() {
            self.objs[obj as usize].waiters.retain(|&w| w != tid);
        }
        match on {
            Blk::Join(child) => self.threads[child as usize].joiners.retain(|&w| w != tid),
            Blk::Process(pid) => self.procs[pid as usize].joiners.retain(|&w| w != tid),
            _ => {}
        }
    }

    // ----- thread and process life -----

    /// `tid` ends: its joiners wake, it leaves its core and releases its GIL.
    pub(super) fn end_thread(&mut self, tid: Tid, outcome: Outcome) {
        if self.threads[tid as usize].st == St::Finished {
            return;
        }
        let joiners = std::mem::take(&mut self.threads[tid as usize].joiners);
        self.wake_in_order(&joiners, Blk::Join(tid), tid);
        if self.gil(tid).holder == Some(tid) {
            self.drop_gil(tid, DropReason::ThreadEnd);
            // A finishing thread does not wait for the switch: it is gone.
            self.gil(tid).drop_request = false;
        }
        self.leave_cpu(tid);
        self.set(tid, St::Finished);
        self.emit(tid, EventKind::End { outcome });
    }

    /// Process `pid` ends with `code`: its remaining (daemon) threads stop, its joiners
    /// wake.
    pub(super) fn end_process(&mut self, pid: Pid, code: i32, by: Tid) {
        if self.procs[pid as usize].exit.is_some() {
            return;
        }
        for t in 0..self.threads.len() as Tid {
            let th = &self.threads[t as usize];
            if th.pid == pid && th.st != St::Finished {
                self.stop_thread(t);
            }
        }
        self.procs[pid as usize].exit = Some(code);
        self.emit(by, EventKind::ProcEnd { pid, code });
        for j in std::mem::take(&mut self.procs[pid as usize].joiners) {
            self.wake(j, Blk::Process(pid), by);
        }
    }

    /// Stops a live thread from outside (its process died): it ends as halted; its worker
    /// unwinds when it next wakes.
    fn stop_thread(&mut self, t: Tid) {
        if let St::Blocked { on, .. } | St::Waking { on, .. } = self.threads[t as usize].st {
            self.stop_waiting(t, on);
        }
        let gil = self.gil(t);
        gil.cond.retain(|&w| w != t);
        gil.switch_waiters.retain(|&w| w != t);
        if gil.holder == Some(t) {
            gil.locked = false;
            gil.holder = None;
            gil.drop_request = false;
        }
        self.leave_cpu(t);
        self.set(t, St::Finished);
        self.emit(
            t,
            EventKind::End {
                outcome: Outcome::Halted,
            },
        );
        self.threads[t as usize].baton.notify_one();
    }

    /// Whether `tid` was stopped from outside and must unwind.
    pub(super) fn stopped(&self, tid: Tid) -> bool {
        self.halted || self.threads[tid as usize].st == St::Finished
    }

    pub(super) fn deadlock(&mut self) {
        let mut stuck = Vec::new();
        for (i, th) in self.threads.iter().enumerate() {
            if let St::Blocked { on, .. } = th.st {
                let held_by = match on {
                    Blk::Lock(o) => self.objs[o as usize].state.state().1,
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
    pub(super) fn halt(&mut self, reason: EndReason, stuck: Vec<Stuck>) {
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
        let status = self.procs.first().map_or(0, |p| p.status);
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
