//! The real-clock backend: the same workers run freely on OS threads against a real GIL
//! built like CPython's (`parking_lot` mutex and condition variables, timed waits, the
//! `switch_number` rule, FORCE_SWITCHING). Timestamps come from one `Instant`, taken under
//! the sink's lock so they never go backwards. Not deterministic, by design.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam::channel::{Sender, bounded};
use parking_lot::{Condvar, Mutex};

use super::model::{OsRng, US};
use super::sink::Sink;
use super::{
    Body, Control, Halt, Options, Primitive, Run, SyncError, TaskPhase, ThreadExit, ThreadSpec,
};
use gilscope_trace::{
    DropReason, EndReason, Event, EventKind, LostUpdate, Nanos, ObjId, ObjMeta, Outcome, RunEnd,
    Stream, Stuck, TaskId, TaskMeta, TaskState, ThreadMeta, Tid, WaitOn, WakeCause,
};

struct GilState {
    locked: bool,
    holder: Option<Tid>,
    last_holder: Option<Tid>,
    switch_number: u64,
    requester: Tid,
}

struct RThread {
    daemon: bool,
    started: bool,
    finished: bool,
    /// Set while blocked with no timeout (for deadlock detection).
    stuck_on: Option<WaitOn>,
}

enum RObj {
    Lock {
        owner: Option<Tid>,
        count: u32,
        reentrant: bool,
    },
    Event {
        set: bool,
    },
    Cond {
        lock: ObjId,
        waiters: Vec<(Tid, u64)>,
        next_ticket: u64,
        notified: Vec<u64>,
    },
    Sem {
        value: u64,
        bound: Option<u64>,
    },
}

/// Threads, objects and the run's state, under one mutex with one condition variable:
/// real-clock mode favours simplicity over throughput.
struct World {
    threads: Vec<RThread>,
    objs: Vec<RObj>,
    exit_status: i32,
    /// Asyncio tasks created so far.
    tasks: u32,
    handles: Vec<JoinHandle<()>>,
    prog_rng: OsRng,
}

pub(crate) struct Shared {
    start: Instant,
    max_time: Option<Nanos>,
    gil: Mutex<GilState>,
    gil_cond: Condvar,
    switch_cond: Condvar,
    drop_request: AtomicBool,
    interval: AtomicU64,
    sink: Mutex<Sink>,
    world: Mutex<World>,
    world_cv: Condvar,
    halted: AtomicBool,
    cancel_tx: Mutex<Option<Sender<()>>>,
}

/// The per-worker view of the real backend, held inside a [`super::Ctx`].
pub(crate) struct RCtx {
    shared: Arc<Shared>,
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
        pid: 0,
    });
    let shared = Arc::new(Shared {
        start: Instant::now(),
        max_time: options.max_time,
        gil: Mutex::new(GilState {
            locked: false,
            holder: None,
            last_holder: None,
            switch_number: 0,
            requester: 0,
        }),
        gil_cond: Condvar::new(),
        switch_cond: Condvar::new(),
        drop_request: AtomicBool::new(false),
        interval: AtomicU64::new(options.switch_interval),
        sink: Mutex::new(sink),
        world: Mutex::new(World {
            threads: vec![RThread {
                daemon: false,
                started: true,
                finished: false,
                stuck_on: None,
            }],
            objs: Vec::new(),
            exit_status: 0,
            tasks: 0,
            handles: Vec::new(),
            prog_rng: OsRng::new(options.seed ^ 0x5052_4f47_5241_4d00),
        }),
        world_cv: Condvar::new(),
        halted: AtomicBool::new(false),
        cancel_tx: Mutex::new(Some(cancel_tx)),
    });
    let s = Arc::clone(&shared);
    let handle = std::thread::Builder::new()
        .name("gilscope-t0".into())
        .stack_size(super::WORKER_STACK)
        .spawn(move || worker(s, 0, main));
    match handle {
        Ok(h) => shared.world.lock().handles.push(h),
        Err(_) => shared.halt(EndReason::Cancelled, Vec::new()),
    }
    Run {
        events: rx,
        control: Box::new(RealControl { shared }),
    }
}

struct RealControl {
    shared: Arc<Shared>,
}

impl Control for RealControl {
    fn cancel(&self) {
        self.shared.cancel_tx.lock().take();
        self.shared.halt(EndReason::Cancelled, Vec::new());
    }

    fn join(&mut self) {
        loop {
            let handles = std::mem::take(&mut self.shared.world.lock().handles);
            if handles.is_empty() {
                return;
            }
            for h in handles {
                let _ = h.join();
            }
        }
    }
}

impl Shared {
    fn now(&self) -> Nanos {
        self.start.elapsed().as_nanos() as Nanos
    }

    /// Stamps and records an event: the one place real time is read for the trace.
    fn emit(&self, tid: Tid, line: u32, kind: EventKind) {
        let mut sink = self.sink.lock();
        let t = self.now();
        if sink.event(Event { t, tid, line, kind }).is_err() || sink.tick(t).is_err() {
            drop(sink);
            self.halt(EndReason::Cancelled, Vec::new());
        }
    }

    fn emit_text(&self, tid: Tid, line: u32, text: &str, kind: impl FnOnce(u32) -> EventKind) {
        let mut sink = self.sink.lock();
        let id = sink.text(text);
        let t = self.now();
        if sink
            .event(Event {
                t,
                tid,
                line,
                kind: kind(id),
            })
            .is_err()
        {
            drop(sink);
            self.halt(EndReason::Cancelled, Vec::new());
        }
    }

    /// Something waiters may be waiting for changed: clear the stuck marks (each waiter
    /// re-checks and marks itself again) and wake them all.
    fn changed(&self, w: &mut World) {
        for th in &mut w.threads {
            th.stuck_on = None;
        }
        self.world_cv.notify_all();
    }

    fn halted(&self) -> bool {
        self.halted.load(Ordering::SeqCst)
    }

    fn halt(&self, reason: EndReason, stuck: Vec<Stuck>) {
        if self.halted.swap(true, Ordering::SeqCst) {
            return;
        }
        let (live, status): (Vec<Tid>, i32) = {
            let mut w = self.world.lock();
            let live = (0..w.threads.len() as Tid)
                .filter(|&t| !w.threads[t as usize].finished)
                .collect();
            for th in &mut w.threads {
                th.finished = true;
            }
            (live, w.exit_status)
        };
        {
            let mut sink = self.sink.lock();
            let t = self.now();
            let mut push = |tid, kind| {
                let _ = sink.event(Event {
                    t,
                    tid,
                    line: 0,
                    kind,
                });
            };
            match reason {
                EndReason::Deadlock => push(0, EventKind::Deadlock),
                EndReason::TimeLimit => push(0, EventKind::TimeLimit),
                _ => {}
            }
            for tid in live {
                push(
                    tid,
                    EventKind::End {
                        outcome: Outcome::Halted,
                    },
                );
            }
            if reason == EndReason::Exited {
                push(0, EventKind::Exit { status });
            }
            sink.finish(RunEnd {
                t,
                reason,
                status,
                stuck,
                events: 0,
            });
        }
        // Wake everything that waits so it sees the halt and unwinds.
        {
            let _g = self.gil.lock();
            self.gil_cond.notify_all();
            self.switch_cond.notify_all();
        }
        let _w = self.world.lock();
        self.world_cv.notify_all();
    }

    fn check_time(&self) -> Result<(), Halt> {
        if self.halted() {
            return Err(Halt);
        }
        if let Some(limit) = self.max_time
            && self.now() >= limit
        {
            self.halt(EndReason::TimeLimit, Vec::new());
            return Err(Halt);
        }
        Ok(())
    }

    /// A deadline for a wait: its own, capped by the time limit.
    fn deadline(&self, timeout: Option<Nanos>) -> Option<Instant> {
        let own = timeout.map(|d| self.start + Duration::from_nanos(self.now() + d));
        let limit = self.max_time.map(|m| self.start + Duration::from_nanos(m));
        match (own, limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    // ----- the GIL, as CPython's take_gil / drop_gil -----

    fn take_gil(&self, tid: Tid, line: u32) -> Result<(), Halt> {
        let mut g = self.gil.lock();
        if g.locked {
            self.emit(tid, line, EventKind::GilWait);
        }
        while g.locked {
            if self.halted() {
                return Err(Halt);
            }
            let saved = g.switch_number;
            let interval = self.interval.load(Ordering::Relaxed).max(US);
            let timed_out = self
                .gil_cond
                .wait_for(&mut g, Duration::from_nanos(interval))
                .timed_out();
            if timed_out
                && g.locked
                && g.switch_number == saved
                && let Some(holder) = g.holder
                && !self.drop_request.swap(true, Ordering::SeqCst)
            {
                g.requester = tid;
                self.emit(tid, line, EventKind::DropRequest { holder });
            }
        }
        if self.halted() {
            return Err(Halt);
        }
        let switch = g.last_holder != Some(tid);
        g.locked = true;
        g.holder = Some(tid);
        if switch {
            g.last_holder = Some(tid);
            g.switch_number += 1;
        }
        self.switch_cond.notify_all();
        self.drop_request.store(false, Ordering::SeqCst);
        self.emit(tid, line, EventKind::GilTake { switch });
        Ok(())
    }

    fn drop_gil(&self, tid: Tid, line: u32, reason: DropReason) -> Result<(), Halt> {
        let mut g = self.gil.lock();
        g.locked = false;
        g.holder = None;
        g.last_holder = Some(tid);
        self.emit(tid, line, EventKind::GilDrop { reason });
        self.gil_cond.notify_one();
        if self.drop_request.load(Ordering::SeqCst) && g.last_holder == Some(tid) {
            self.drop_request.store(false, Ordering::SeqCst);
            self.emit(tid, line, EventKind::SwitchWait);
            while g.last_holder == Some(tid) && !self.halted() {
                self.switch_cond.wait(&mut g);
            }
        }
        if self.halted() { Err(Halt) } else { Ok(()) }
    }

    /// Marks `tid` blocked with no timeout (or unblocked, with `None`); returns the
    /// deadlock report if that leaves no live thread able to make progress.
    fn mark_stuck(w: &mut World, tid: Tid, on: Option<WaitOn>) -> Option<Vec<Stuck>> {
        w.threads[tid as usize].stuck_on = on;
        on?;
        if !w
            .threads
            .iter()
            .filter(|t| !t.finished)
            .all(|t| t.stuck_on.is_some())
        {
            return None;
        }
        let stuck = w
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.finished)
            .filter_map(|(i, t)| {
                let on = t.stuck_on?;
                let held_by = match on {
                    WaitOn::Lock(o) => match w.objs.get(o as usize) {
                        Some(RObj::Lock { owner, .. }) => *owner,
                        _ => None,
                    },
                    WaitOn::Join(t) | WaitOn::Start(t) => Some(t),
                    _ => None,
                };
                Some(Stuck {
                    tid: i as Tid,
                    on,
                    held_by,
                })
            })
            .collect();
        Some(stuck)
    }
}

fn worker(shared: Arc<Shared>, tid: Tid, body: Body) {
    let mut ctx = super::Ctx::real_ctx(
        tid,
        RCtx {
            shared: Arc::clone(&shared),
        },
    );
    if shared.take_gil(tid, 0).is_err() {
        return;
    }
    if tid == super::MAIN {
        shared.emit(tid, 0, EventKind::Begin);
    } else {
        let mut w = shared.world.lock();
        w.threads[tid as usize].started = true;
        shared.changed(&mut w);
    }
    let result = catch_unwind(AssertUnwindSafe(|| body(&mut ctx)));
    let outcome = match result {
        Ok(Ok(ThreadExit::Returned)) => Outcome::Returned,
        Ok(Ok(ThreadExit::Raised)) => Outcome::Raised,
        // A body may give up with Halt on its own (a bug in it): it still ends properly.
        Ok(Err(Halt)) if !shared.halted() => Outcome::Halted,
        Ok(Err(Halt)) => return,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let text = format!("gilscope: internal error in a simulated thread: {msg}\n");
            shared.emit_text(tid, ctx.line, &text, |text| EventKind::Write {
                stream: Stream::Stderr,
                text,
            });
            Outcome::Panicked
        }
    };
    if tid == super::MAIN && ctx.shutdown().is_err() {
        return;
    }
    let _ = shared.drop_gil(tid, ctx.line, DropReason::ThreadEnd);
    {
        // Recorded before joiners can see it, so the end always precedes their wake-up.
        let mut w = shared.world.lock();
        if w.threads[tid as usize].finished {
            return;
        }
        shared.emit(tid, ctx.line, EventKind::End { outcome });
        w.threads[tid as usize].finished = true;
        shared.changed(&mut w);
    }
    if tid == super::MAIN {
        shared.halt(EndReason::Exited, Vec::new());
    }
}

/// Real-clock implementations behind [`super::Ctx`].
impl super::Ctx {
    fn rshared(&self) -> &Arc<Shared> {
        match &self.backend {
            super::ctx::Backend::Real(r) => &r.shared,
            super::ctx::Backend::Virtual(_) => unreachable!("real call on a virtual context"),
        }
    }

    pub(crate) fn rcheckpoint(&mut self) -> Result<(), Halt> {
        let s = Arc::clone(self.rshared());
        s.check_time()?;
        if s.drop_request.load(Ordering::Relaxed) {
            let by = s.gil.lock().requester;
            s.drop_gil(self.tid, self.line, DropReason::Requested { by })?;
            s.take_gil(self.tid, self.line)?;
        }
        Ok(())
    }

    pub(crate) fn rcompute(&mut self, ns: Nanos) -> Result<(), Halt> {
        let end = Instant::now() + Duration::from_nanos(ns);
        while Instant::now() < end {
            std::hint::spin_loop();
        }
        self.rshared().check_time()
    }

    /// Releases the GIL around `f` (a blocking call), then takes it back.
    fn rblocking<R>(
        &mut self,
        reason: DropReason,
        f: impl FnOnce(&Shared, Tid, u32) -> R,
    ) -> Result<R, Halt> {
        let s = Arc::clone(self.rshared());
        s.check_time()?;
        s.drop_gil(self.tid, self.line, reason)?;
        let r = f(&s, self.tid, self.line);
        s.take_gil(self.tid, self.line)?;
        s.check_time()?;
        Ok(r)
    }

    /// Waits on the world's condition variable until `ready` says yes, the deadline passes
    /// (false) or the run halts.
    fn rwait_until(
        s: &Shared,
        tid: Tid,
        timeout: Option<Nanos>,
        on: WaitOn,
        mut ready: impl FnMut(&mut World) -> bool,
    ) -> bool {
        let deadline = s.deadline(timeout);
        let mut w = s.world.lock();
        loop {
            if ready(&mut w) {
                Shared::mark_stuck(&mut w, tid, None);
                return true;
            }
            if s.halted() {
                return false;
            }
            if timeout.is_none()
                && let Some(stuck) = Shared::mark_stuck(&mut w, tid, Some(on))
            {
                drop(w);
                s.halt(EndReason::Deadlock, stuck);
                return false;
            }
            match deadline {
                Some(d) => {
                    if s.world_cv.wait_until(&mut w, d).timed_out() {
                        Shared::mark_stuck(&mut w, tid, None);
                        let ok = ready(&mut w);
                        drop(w);
                        let _ = s.check_time();
                        return ok;
                    }
                }
                None => s.world_cv.wait(&mut w),
            }
        }
    }

    pub(crate) fn rsleep(&mut self, ns: Nanos) -> Result<(), Halt> {
        let until = self.rshared().now() + ns;
        self.rshared()
            .emit(self.tid, self.line, EventKind::Sleep { until });
        self.rblocking(DropReason::Sleep, |s, tid, line| {
            let deadline = s.deadline(Some(ns));
            let mut w = s.world.lock();
            while !s.halted() {
                match deadline {
                    Some(d) if s.world_cv.wait_until(&mut w, d).timed_out() => break,
                    Some(_) => {}
                    None => break,
                }
            }
            drop(w);
            s.emit(
                tid,
                line,
                EventKind::Wake {
                    cause: WakeCause::Timer,
                },
            );
        })
    }

    pub(crate) fn rwrite(&mut self, stream: Stream, text: &str) -> Result<(), Halt> {
        self.rblocking(DropReason::Write, |s, tid, line| {
            s.emit_text(tid, line, text, |text| EventKind::Write { stream, text });
            s.emit(tid, line, EventKind::Block { on: WaitOn::Io });
            s.emit(
                tid,
                line,
                EventKind::Wake {
                    cause: WakeCause::Io,
                },
            );
        })
    }

    pub(crate) fn rspawn(&mut self, spec: ThreadSpec, body: Body) -> Result<Tid, Halt> {
        let s = Arc::clone(self.rshared());
        let child = {
            let mut w = s.world.lock();
            let child = w.threads.len() as Tid;
            w.threads.push(RThread {
                daemon: spec.daemon,
                started: false,
                finished: false,
                stuck_on: None,
            });
            s.sink.lock().thread(ThreadMeta {
                tid: child,
                name: spec.name,
                parent: Some(self.tid),
                daemon: spec.daemon,
                pid: 0,
            });
            s.emit(self.tid, self.line, EventKind::Spawn { child });
            let s2 = Arc::clone(&s);
            let spawned = std::thread::Builder::new()
                .name(format!("gilscope-t{child}"))
                .stack_size(super::WORKER_STACK)
                .spawn(move || {
                    s2.emit(child, 0, EventKind::Begin);
                    worker(s2, child, body);
                });
            match spawned {
                Ok(h) => w.handles.push(h),
                Err(_) => w.threads[child as usize].finished = true,
            }
            child
        };
        self.rblocking(DropReason::Start, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Start(child),
                },
            );
            Self::rwait_until(s, tid, None, WaitOn::Start(child), |w| {
                let th = &w.threads[child as usize];
                th.started || th.finished
            });
            s.emit(
                tid,
                line,
                EventKind::Wake {
                    cause: WakeCause::By(child),
                },
            );
        })?;
        Ok(child)
    }

    pub(crate) fn rjoin(&mut self, child: Tid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        let s = Arc::clone(self.rshared());
        let done = |w: &mut World| w.threads.get(child as usize).is_none_or(|t| t.finished);
        if done(&mut s.world.lock()) {
            return Ok(true);
        }
        if timeout == Some(0) {
            return Ok(false);
        }
        self.rblocking(DropReason::Join, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Join(child),
                },
            );
            let ok = Self::rwait_until(s, tid, timeout, WaitOn::Join(child), done);
            let cause = if ok {
                WakeCause::By(child)
            } else {
                WakeCause::Timeout
            };
            s.emit(tid, line, EventKind::Wake { cause });
            ok
        })
    }

    pub(crate) fn ris_alive(&self, tid: Tid) -> bool {
        self.rshared()
            .world
            .lock()
            .threads
            .get(tid as usize)
            .is_some_and(|t| !t.finished)
    }

    pub(crate) fn rthreads(&self) -> Vec<(Tid, bool, bool)> {
        let w = self.rshared().world.lock();
        w.threads
            .iter()
            .enumerate()
            .map(|(i, t)| (i as Tid, !t.finished, t.daemon))
            .collect()
    }

    pub(crate) fn rcreate(&mut self, prim: Primitive, label: &str) -> ObjId {
        let s = self.rshared();
        let mut w = s.world.lock();
        let id = w.objs.len() as ObjId;
        w.objs.push(match prim {
            Primitive::Lock => RObj::Lock {
                owner: None,
                count: 0,
                reentrant: false,
            },
            Primitive::RLock => RObj::Lock {
                owner: None,
                count: 0,
                reentrant: true,
            },
            Primitive::Event => RObj::Event { set: false },
            Primitive::Condition(lock) => RObj::Cond {
                lock,
                waiters: Vec::new(),
                next_ticket: 0,
                notified: Vec::new(),
            },
            Primitive::Semaphore { value, bound } => RObj::Sem { value, bound },
        });
        s.sink.lock().object(ObjMeta {
            id,
            kind: prim.kind(),
            label: label.to_owned(),
        });
        id
    }

    pub(crate) fn rname_object(&mut self, obj: ObjId, label: &str) {
        self.rshared().sink.lock().rename(obj, label);
    }

    pub(crate) fn racquire(
        &mut self,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<Result<bool, SyncError>, Halt> {
        let s = Arc::clone(self.rshared());
        let me = self.tid;
        let try_take = move |w: &mut World| match w.objs.get_mut(obj as usize) {
            Some(RObj::Lock {
                owner,
                count,
                reentrant,
            }) => match *owner {
                None => {
                    *owner = Some(me);
                    *count = 1;
                    true
                }
                Some(o) if o == me && *reentrant => {
                    *count += 1;
                    true
                }
                _ => false,
            },
            Some(RObj::Sem { value, .. }) if *value > 0 => {
                *value -= 1;
                true
            }
            _ => false,
        };
        {
            let mut w = s.world.lock();
            let on = match w.objs.get(obj as usize) {
                Some(RObj::Lock { .. }) => WaitOn::Lock(obj),
                Some(RObj::Sem { .. }) => WaitOn::Sem(obj),
                _ => return Ok(Err(SyncError::NoSuchObject)),
            };
            if try_take(&mut w) {
                drop(w);
                s.emit(me, self.line, EventKind::Acquire { obj });
                return Ok(Ok(true));
            }
            if !blocking || timeout == Some(0) {
                return Ok(Ok(false));
            }
            drop(w);
            let got = self.rblocking(DropReason::Lock, |s, tid, line| {
                s.emit(tid, line, EventKind::Block { on });
                let ok = Self::rwait_until(s, tid, timeout, on, try_take);
                let cause = if ok {
                    WakeCause::By(tid)
                } else {
                    WakeCause::Timeout
                };
                s.emit(tid, line, EventKind::Wake { cause });
                if ok {
                    s.emit(tid, line, EventKind::Acquire { obj });
                }
                ok
            })?;
            Ok(Ok(got))
        }
    }

    pub(crate) fn rrelease(&mut self, obj: ObjId, n: u64) -> Result<Result<(), SyncError>, Halt> {
        let s = Arc::clone(self.rshared());
        let me = self.tid;
        let r = {
            let mut w = s.world.lock();
            let r = match w.objs.get_mut(obj as usize) {
                Some(RObj::Lock {
                    owner,
                    count,
                    reentrant,
                }) => match *owner {
                    None if *reentrant => Err(SyncError::NotOwner),
                    None => Err(SyncError::ReleaseUnlocked),
                    Some(o) if *reentrant && o != me => Err(SyncError::NotOwner),
                    Some(_) => {
                        *count -= 1;
                        if *count == 0 {
                            *owner = None;
                        }
                        Ok(())
                    }
                },
                Some(RObj::Sem { value, bound }) => match *bound {
                    Some(b) if *value + n > b => Err(SyncError::OverReleased),
                    _ => {
                        *value += n;
                        Ok(())
                    }
                },
                _ => Err(SyncError::NoSuchObject),
            };
            if r.is_ok() {
                s.changed(&mut w);
            }
            r
        };
        if r.is_ok() {
            s.emit(me, self.line, EventKind::Release { obj });
        }
        Ok(r)
    }

    pub(crate) fn rlocked(&self, obj: ObjId) -> (bool, Option<Tid>, u32) {
        match self.rshared().world.lock().objs.get(obj as usize) {
            Some(RObj::Lock { owner, count, .. }) => (owner.is_some(), *owner, *count),
            Some(RObj::Sem { value, .. }) => {
                (*value == 0, None, (*value).min(u64::from(u32::MAX)) as u32)
            }
            Some(RObj::Event { set }) => (*set, None, 0),
            _ => (false, None, 0),
        }
    }

    pub(crate) fn revent_set(&mut self, obj: ObjId, value: bool) -> Result<(), Halt> {
        let s = Arc::clone(self.rshared());
        {
            let mut w = s.world.lock();
            if let Some(RObj::Event { set }) = w.objs.get_mut(obj as usize) {
                *set = value;
            }
            s.changed(&mut w);
        }
        if value {
            s.emit(self.tid, self.line, EventKind::Notify { obj, woken: 0 });
        }
        s.check_time()
    }

    pub(crate) fn revent_wait(&mut self, obj: ObjId, timeout: Option<Nanos>) -> Result<bool, Halt> {
        let s = Arc::clone(self.rshared());
        let is_set =
            |w: &mut World| matches!(w.objs.get(obj as usize), Some(RObj::Event { set: true }));
        if is_set(&mut s.world.lock()) {
            return Ok(true);
        }
        if timeout == Some(0) {
            return Ok(false);
        }
        self.rblocking(DropReason::Wait, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Event(obj),
                },
            );
            let ok = Self::rwait_until(s, tid, timeout, WaitOn::Event(obj), is_set);
            let cause = if ok {
                WakeCause::By(tid)
            } else {
                WakeCause::Timeout
            };
            s.emit(tid, line, EventKind::Wake { cause });
            ok
        })
    }

    pub(crate) fn rcond_wait(
        &mut self,
        cond: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<Result<bool, SyncError>, Halt> {
        let s = Arc::clone(self.rshared());
        let me = self.tid;
        let (lock, saved, ticket) = {
            let mut w = s.world.lock();
            let lock = match w.objs.get(cond as usize) {
                Some(RObj::Cond { lock, .. }) => *lock,
                _ => return Ok(Err(SyncError::NoSuchObject)),
            };
            let saved = match w.objs.get_mut(lock as usize) {
                Some(RObj::Lock {
                    owner: Some(o),
                    count,
                    ..
                }) if *o == me => {
                    let c = *count;
                    *count = 0;
                    c
                }
                _ => return Ok(Err(SyncError::WaitNotOwner)),
            };
            if let Some(RObj::Lock { owner, .. }) = w.objs.get_mut(lock as usize) {
                *owner = None;
            }
            let ticket = match w.objs.get_mut(cond as usize) {
                Some(RObj::Cond {
                    waiters,
                    next_ticket,
                    ..
                }) => {
                    *next_ticket += 1;
                    waiters.push((me, *next_ticket));
                    *next_ticket
                }
                _ => 0,
            };
            s.changed(&mut w);
            (lock, saved, ticket)
        };
        s.emit(me, self.line, EventKind::Release { obj: lock });
        let notified = self.rblocking(DropReason::Wait, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Cond(cond),
                },
            );
            let was_notified = move |w: &mut World| match w.objs.get_mut(cond as usize) {
                Some(RObj::Cond { notified, .. }) => {
                    if let Some(i) = notified.iter().position(|&t| t == ticket) {
                        notified.swap_remove(i);
                        true
                    } else {
                        false
                    }
                }
                _ => true,
            };
            let ok = Self::rwait_until(s, tid, timeout, WaitOn::Cond(cond), was_notified);
            if !ok {
                let mut w = s.world.lock();
                if let Some(RObj::Cond { waiters, .. }) = w.objs.get_mut(cond as usize) {
                    waiters.retain(|&(_, t)| t != ticket);
                }
            }
            let cause = if ok {
                WakeCause::By(tid)
            } else {
                WakeCause::Timeout
            };
            s.emit(tid, line, EventKind::Wake { cause });
            ok
        })?;
        self.racquire(lock, true, None)?.map(|_| ()).ok();
        if saved > 1
            && let Some(RObj::Lock { count, .. }) = s.world.lock().objs.get_mut(lock as usize)
        {
            *count = saved;
        }
        Ok(Ok(notified))
    }

    pub(crate) fn rnotify(&mut self, cond: ObjId, n: usize) -> Result<Result<(), SyncError>, Halt> {
        let s = Arc::clone(self.rshared());
        let me = self.tid;
        let woken = {
            let mut w = s.world.lock();
            let lock = match w.objs.get(cond as usize) {
                Some(RObj::Cond { lock, .. }) => *lock,
                _ => return Ok(Err(SyncError::NoSuchObject)),
            };
            let owns = matches!(w.objs.get(lock as usize), Some(RObj::Lock { owner: Some(o), .. }) if *o == me);
            if !owns {
                return Ok(Err(SyncError::NotifyNotOwner));
            }
            let woken = match w.objs.get_mut(cond as usize) {
                Some(RObj::Cond {
                    waiters, notified, ..
                }) => {
                    let take = n.min(waiters.len());
                    let woken: Vec<(Tid, u64)> = waiters.drain(..take).collect();
                    notified.extend(woken.iter().map(|&(_, t)| t));
                    woken.len()
                }
                _ => 0,
            };
            s.changed(&mut w);
            woken
        };
        s.emit(
            me,
            self.line,
            EventKind::Notify {
                obj: cond,
                woken: woken as u32,
            },
        );
        Ok(Ok(()))
    }

    pub(crate) fn rset_interval(&mut self, ns: Nanos) {
        self.rshared().interval.store(ns, Ordering::Relaxed);
    }

    pub(crate) fn rinterval(&self) -> Nanos {
        self.rshared().interval.load(Ordering::Relaxed)
    }

    pub(crate) fn rset_exit_status(&mut self, status: i32) {
        self.rshared().world.lock().exit_status = status;
    }

    pub(crate) fn rrename(&mut self, tid: Tid, name: &str) -> Result<(), Halt> {
        let s = Arc::clone(self.rshared());
        s.emit_text(tid, self.line, name, |name| EventKind::Rename { name });
        s.check_time()
    }

    pub(crate) fn rnote(&mut self, text: &str) -> Result<(), Halt> {
        let s = Arc::clone(self.rshared());
        s.emit_text(self.tid, self.line, text, |text| EventKind::Note { text });
        s.check_time()
    }

    pub(crate) fn rlost_update(
        &mut self,
        var: &str,
        over: Tid,
        info: LostUpdate,
    ) -> Result<(), Halt> {
        let s = Arc::clone(self.rshared());
        let id = s.sink.lock().lost(info);
        s.emit_text(self.tid, self.line, var, |var| EventKind::LostUpdate {
            var,
            over,
            info: id,
        });
        s.check_time()
    }

    pub(crate) fn rtask_new(&mut self, name: &str) -> Result<TaskId, Halt> {
        let s = Arc::clone(self.rshared());
        let task = {
            let mut w = s.world.lock();
            w.tasks += 1;
            w.tasks - 1
        };
        let me = self.tid;
        s.sink.lock().task(TaskMeta {
            task,
            name: name.to_owned(),
            tid: me,
        });
        s.emit(
            me,
            self.line,
            EventKind::Task {
                task,
                state: TaskState::Ready,
            },
        );
        s.check_time()?;
        Ok(task)
    }

    pub(crate) fn rtask_state(&mut self, task: TaskId, phase: TaskPhase<'_>) -> Result<(), Halt> {
        let s = Arc::clone(self.rshared());
        let mut sink = s.sink.lock();
        let state = super::virt::task_state(&mut sink, phase);
        let t = s.now();
        let e = Event {
            t,
            tid: self.tid,
            line: self.line,
            kind: EventKind::Task { task, state },
        };
        let sent = sink.event(e);
        drop(sink);
        if sent.is_err() {
            s.halt(EndReason::Cancelled, Vec::new());
        }
        s.check_time()
    }

    pub(crate) fn rrandom(&mut self) -> u64 {
        self.rshared().world.lock().prog_rng.next_u64()
    }
}

impl RCtx {
    pub(crate) fn now(&self) -> Nanos {
        self.shared.now()
    }
}
