//! The real-clock backend: the same workers run freely on OS threads against a real GIL
//! built like CPython's (`parking_lot` mutex and condition variables, timed waits, the
//! `switch_number` rule, FORCE_SWITCHING). Timestamps come from one `Instant`, taken under
//! the sink's lock so they never go backwards. Not deterministic, by design.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam::channel::{Sender, bounded};
use parking_lot::{Condvar, Mutex};

use crate::api::{
    Control, CtxError, Halt, MAIN, Options, Primitive, ProcessSpec, Run, SyncError, TaskPhase,
    ThreadSpec, WORKER_STACK, join_workers,
};
use crate::ctx::{Body, BodyEnd, Clock, Ctx, Local, flatten, panic_report, run_body};
use crate::model::{OsRng, US};
use crate::sink::{Sink, task_state};
use crate::sync::SyncState;
use gilscope_trace::{
    DropReason, EndReason, Event, EventKind, IoKind, LostUpdate, Nanos, ObjId, ObjMeta, Outcome,
    Pid, RunEnd, Site, Stream, Stuck, TaskId, TaskMeta, TaskState, ThreadMeta, Tid, WaitOn,
    WakeCause,
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

/// A synchronisation object: the threads blocked in `acquire` on it, oldest first; for a
/// condition, its waiters' tickets in the order they came and the tickets notified but not
/// yet woken.
struct RObj {
    state: SyncState,
    queue: Vec<Tid>,
    waiters: Vec<(Tid, u64)>,
    next_ticket: u64,
    notified: Vec<u64>,
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

/// The per-worker view of the real backend: the clock behind a worker's [`Ctx`].
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
        .stack_size(WORKER_STACK)
        .spawn(move || worker(s, 0, main));
    match handle {
        Ok(h) => shared.world.lock().handles.push(h),
        Err(_) => shared.halt(EndReason::Cancelled, Vec::new()),
    }
    Run::new(rx, Box::new(RealControl { shared }))
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
        join_workers(|| std::mem::take(&mut self.shared.world.lock().handles));
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

    fn drop_gil(&self, tid: Tid, line: u32, at: Site, reason: DropReason) -> Result<(), Halt> {
        let mut g = self.gil.lock();
        g.locked = false;
        g.holder = None;
        g.last_holder = Some(tid);
        self.emit(tid, line, EventKind::GilDrop { reason, at });
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
                    WaitOn::Lock(o) => w.objs.get(o as usize).and_then(|r| r.state.state().1),
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
    let mut ctx = Ctx::new(
        tid,
        Box::new(RCtx {
            shared: Arc::clone(&shared),
        }),
    );
    if shared.take_gil(tid, 0).is_err() {
        return;
    }
    if tid == MAIN {
        shared.emit(tid, 0, EventKind::Begin);
    } else {
        let mut w = shared.world.lock();
        w.threads[tid as usize].started = true;
        shared.changed(&mut w);
    }
    let outcome = match run_body(&mut ctx, body, || !shared.halted()) {
        BodyEnd::Ended(outcome) => outcome,
        BodyEnd::Halted => return,
        BodyEnd::Panicked(msg) => {
            let text = panic_report(&msg);
            shared.emit_text(tid, ctx.line(), &text, |text| EventKind::Write {
                stream: Stream::Stderr,
                text,
            });
            Outcome::Panicked
        }
    };
    if tid == MAIN && ctx.shutdown().is_err() {
        return;
    }
    let line = ctx.line();
    let _ = shared.drop_gil(tid, line, Site::UNKNOWN, DropReason::ThreadEnd);
    {
        // Recorded before joiners can see it, so the end always precedes their wake-up.
        let mut w = shared.world.lock();
        if w.threads[tid as usize].finished {
            return;
        }
        shared.emit(tid, line, EventKind::End { outcome });
        w.threads[tid as usize].finished = true;
        shared.changed(&mut w);
    }
    if tid == MAIN {
        shared.halt(EndReason::Exited, Vec::new());
    }
}

/// The real clock's services that need the GIL released around a wait.
impl RCtx {
    /// Releases the GIL around `f` (a blocking call), then takes it back.
    fn blocking<R>(
        &mut self,
        l: &mut Local,
        reason: DropReason,
        f: impl FnOnce(&Shared, Tid, u32) -> R,
    ) -> Result<R, Halt> {
        let s = Arc::clone(&self.shared);
        s.check_time()?;
        s.drop_gil(l.tid, l.line, Site::from_bits(l.site), reason)?;
        let r = f(&s, l.tid, l.line);
        s.take_gil(l.tid, l.line)?;
        s.check_time()?;
        Ok(r)
    }

    /// Waits on the world's condition variable until `ready` says yes, the deadline passes
    /// (false) or the run halts.
    fn wait_until(
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

    fn acquire_inner(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<Result<bool, SyncError>, Halt> {
        let s = Arc::clone(&self.shared);
        let me = l.tid;
        let try_take = move |w: &mut World| {
            w.objs
                .get_mut(obj as usize)
                .is_some_and(|o| o.state.try_take(me))
        };
        let mut w = s.world.lock();
        let Some(on) = w
            .objs
            .get(obj as usize)
            .and_then(|o| o.state.acquire_wait(obj))
        else {
            return Ok(Err(SyncError::NoSuchObject));
        };
        if try_take(&mut w) {
            drop(w);
            s.emit(me, l.line, EventKind::Acquire { obj });
            return Ok(Ok(true));
        }
        if !blocking || timeout == Some(0) {
            return Ok(Ok(false));
        }
        drop(w);
        // Blocked waiters take the lock in the order they blocked, as on CPython's futex
        // (docs/gil.md, "Locks and the order waiters get them"): of a semaphore's free
        // units, the oldest waiters get one each. A thread that never blocked may still
        // barge in with the try above.
        let in_turn = move |w: &mut World| {
            let o = &mut w.objs[obj as usize];
            let free = match o.state {
                SyncState::Sem { value, .. } => value,
                _ => 1,
            };
            let ahead = o.queue.iter().take_while(|&&t| t != me).count() as u64;
            let took = ahead < free && o.state.try_take(me);
            if took {
                o.queue.retain(|&t| t != me);
            }
            took
        };
        let got = self.blocking(l, DropReason::Lock, |s, tid, line| {
            s.emit(tid, line, EventKind::Block { on });
            s.world.lock().objs[obj as usize].queue.push(tid);
            let ok = Self::wait_until(s, tid, timeout, on, in_turn);
            if !ok {
                let mut w = s.world.lock();
                w.objs[obj as usize].queue.retain(|&t| t != tid);
                s.changed(&mut w);
            }
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

    fn release_inner(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        n: u64,
    ) -> Result<Result<(), SyncError>, Halt> {
        let s = Arc::clone(&self.shared);
        let r = {
            let mut w = s.world.lock();
            let r = match w.objs.get_mut(obj as usize) {
                Some(o) => o.state.release(l.tid, n),
                None => Err(SyncError::NoSuchObject),
            };
            if r == Ok(true) {
                s.changed(&mut w);
            }
            r
        };
        if r == Ok(true) {
            s.emit(l.tid, l.line, EventKind::Release { obj });
        }
        Ok(r.map(|_| ()))
    }

    fn cond_wait_inner(
        &mut self,
        l: &mut Local,
        cond: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<Result<bool, SyncError>, Halt> {
        let s = Arc::clone(&self.shared);
        let me = l.tid;
        let (lock, saved, ticket) = {
            let mut w = s.world.lock();
            let lock = match w.objs.get(cond as usize).map(|o| o.state.cond_lock()) {
                Some(Ok(lock)) => lock,
                _ => return Ok(Err(SyncError::NoSuchObject)),
            };
            let saved = match w.objs.get_mut(lock as usize) {
                Some(o) => o.state.release_save(me),
                None => Err(SyncError::WaitNotOwner),
            };
            let saved = match saved {
                Ok(d) => d,
                Err(e) => return Ok(Err(e)),
            };
            let c = &mut w.objs[cond as usize];
            c.next_ticket += 1;
            let ticket = c.next_ticket;
            c.waiters.push((me, ticket));
            s.changed(&mut w);
            (lock, saved, ticket)
        };
        s.emit(me, l.line, EventKind::Release { obj: lock });
        let notified = self.blocking(l, DropReason::Wait, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Cond(cond),
                },
            );
            let was_notified = move |w: &mut World| {
                let notified = &mut w.objs[cond as usize].notified;
                match notified.iter().position(|&t| t == ticket) {
                    Some(i) => {
                        notified.swap_remove(i);
                        true
                    }
                    None => false,
                }
            };
            let ok = Self::wait_until(s, tid, timeout, WaitOn::Cond(cond), was_notified);
            if !ok {
                let mut w = s.world.lock();
                w.objs[cond as usize].waiters.retain(|&(_, t)| t != ticket);
            }
            let cause = if ok {
                WakeCause::By(tid)
            } else {
                WakeCause::Timeout
            };
            s.emit(tid, line, EventKind::Wake { cause });
            ok
        })?;
        self.acquire_inner(l, lock, true, None)?.map(|_| ()).ok();
        if let Some(o) = s.world.lock().objs.get_mut(lock as usize) {
            o.state.restore_depth(saved);
        }
        Ok(Ok(notified))
    }

    fn notify_inner(
        &mut self,
        l: &mut Local,
        cond: ObjId,
        n: usize,
    ) -> Result<Result<(), SyncError>, Halt> {
        let s = Arc::clone(&self.shared);
        let me = l.tid;
        let woken = {
            let mut w = s.world.lock();
            let lock = match w.objs.get(cond as usize).map(|o| o.state.cond_lock()) {
                Some(Ok(lock)) => lock,
                _ => return Ok(Err(SyncError::NoSuchObject)),
            };
            if !w.objs[lock as usize].state.owned_by(me) {
                return Ok(Err(SyncError::NotifyNotOwner));
            }
            let c = &mut w.objs[cond as usize];
            let take = n.min(c.waiters.len());
            let woken: Vec<(Tid, u64)> = c.waiters.drain(..take).collect();
            c.notified.extend(woken.iter().map(|&(_, t)| t));
            s.changed(&mut w);
            woken.len()
        };
        s.emit(
            me,
            l.line,
            EventKind::Notify {
                obj: cond,
                woken: woken as u32,
            },
        );
        Ok(Ok(()))
    }
}

impl Clock for RCtx {
    fn now(&self, _l: &Local) -> Nanos {
        self.shared.now()
    }

    fn shared_access(&mut self, _l: &mut Local) -> Result<(), Halt> {
        Ok(())
    }

    fn is_real(&self) -> bool {
        true
    }

    /// Processes cannot be simulated on real OS threads: the VM stops such a program first.
    fn spawn_process(
        &mut self,
        _l: &mut Local,
        _spec: ProcessSpec,
        _body: Body,
    ) -> Result<Pid, Halt> {
        Err(Halt)
    }

    fn join_process(
        &mut self,
        _l: &mut Local,
        _pid: Pid,
        _timeout: Option<Nanos>,
    ) -> Result<bool, Halt> {
        Ok(true)
    }

    fn terminate_process(&mut self, _l: &mut Local, _pid: Pid) -> Result<(), Halt> {
        Ok(())
    }

    fn process_exit(&self, _pid: Pid) -> Option<i32> {
        None
    }

    fn pid(&self, _l: &Local) -> Pid {
        0
    }

    fn cores(&self) -> usize {
        std::thread::available_parallelism().map_or(1, usize::from)
    }

    fn acquire(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError> {
        flatten(self.acquire_inner(l, obj, blocking, timeout))
    }

    fn release(&mut self, l: &mut Local, obj: ObjId, n: u64) -> Result<(), CtxError> {
        flatten(self.release_inner(l, obj, n))
    }

    fn cond_wait(
        &mut self,
        l: &mut Local,
        cond: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError> {
        flatten(self.cond_wait_inner(l, cond, timeout))
    }

    fn notify(&mut self, l: &mut Local, cond: ObjId, n: usize) -> Result<(), CtxError> {
        flatten(self.notify_inner(l, cond, n))
    }

    fn checkpoint(&mut self, l: &mut Local) -> Result<(), Halt> {
        let s = Arc::clone(&self.shared);
        s.check_time()?;
        if s.drop_request.load(Ordering::Relaxed) {
            let by = s.gil.lock().requester;
            s.drop_gil(
                l.tid,
                l.line,
                Site::from_bits(l.site),
                DropReason::Requested { by },
            )?;
            s.take_gil(l.tid, l.line)?;
        }
        Ok(())
    }

    fn compute(&mut self, _l: &mut Local, ns: Nanos) -> Result<(), Halt> {
        let end = Instant::now() + Duration::from_nanos(ns);
        while Instant::now() < end {
            std::hint::spin_loop();
        }
        self.shared.check_time()
    }

    fn sleep(&mut self, l: &mut Local, ns: Nanos) -> Result<(), Halt> {
        let until = self.shared.now() + ns;
        self.shared.emit(l.tid, l.line, EventKind::Sleep { until });
        self.blocking(l, DropReason::Sleep, |s, tid, line| {
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

    fn write(&mut self, l: &mut Local, stream: Stream, text: &str) -> Result<(), Halt> {
        self.blocking(l, DropReason::Write, |s, tid, line| {
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

    fn device(
        &mut self,
        l: &mut Local,
        kind: IoKind,
        what: &str,
        base: Nanos,
        jitter: Nanos,
    ) -> Result<(), Halt> {
        let ns = base + self.shared.world.lock().prog_rng.uniform(0, jitter);
        self.blocking(l, DropReason::Io, |s, tid, line| {
            s.emit_text(tid, line, what, |text| EventKind::Block {
                on: WaitOn::Device(kind, text),
            });
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
                    cause: WakeCause::Io,
                },
            );
        })
    }

    fn spawn(&mut self, l: &mut Local, spec: ThreadSpec, body: Body) -> Result<Tid, Halt> {
        let s = Arc::clone(&self.shared);
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
                parent: Some(l.tid),
                daemon: spec.daemon,
                pid: 0,
            });
            s.emit(l.tid, l.line, EventKind::Spawn { child });
            let s2 = Arc::clone(&s);
            let spawned = std::thread::Builder::new()
                .name(format!("gilscope-t{child}"))
                .stack_size(WORKER_STACK)
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
        self.blocking(l, DropReason::Start, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Start(child),
                },
            );
            Self::wait_until(s, tid, None, WaitOn::Start(child), |w| {
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

    fn join(&mut self, l: &mut Local, child: Tid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        let s = Arc::clone(&self.shared);
        let done = |w: &mut World| w.threads.get(child as usize).is_none_or(|t| t.finished);
        if done(&mut s.world.lock()) {
            return Ok(true);
        }
        if timeout == Some(0) {
            return Ok(false);
        }
        self.blocking(l, DropReason::Join, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Join(child),
                },
            );
            let ok = Self::wait_until(s, tid, timeout, WaitOn::Join(child), done);
            let cause = if ok {
                WakeCause::By(child)
            } else {
                WakeCause::Timeout
            };
            s.emit(tid, line, EventKind::Wake { cause });
            ok
        })
    }

    fn is_alive(&self, tid: Tid) -> bool {
        self.shared
            .world
            .lock()
            .threads
            .get(tid as usize)
            .is_some_and(|t| !t.finished)
    }

    fn threads(&self, _l: &Local) -> Vec<(Tid, bool, bool)> {
        let w = self.shared.world.lock();
        w.threads
            .iter()
            .enumerate()
            .map(|(i, t)| (i as Tid, !t.finished, t.daemon))
            .collect()
    }

    fn create(&mut self, prim: Primitive, label: &str) -> ObjId {
        let s = &self.shared;
        let mut w = s.world.lock();
        let id = w.objs.len() as ObjId;
        w.objs.push(RObj {
            state: SyncState::new(prim),
            queue: Vec::new(),
            waiters: Vec::new(),
            next_ticket: 0,
            notified: Vec::new(),
        });
        s.sink.lock().object(ObjMeta {
            id,
            kind: prim.kind(),
            label: label.to_owned(),
        });
        id
    }

    fn name_object(&mut self, obj: ObjId, label: &str) {
        self.shared.sink.lock().rename(obj, label);
    }

    fn state(&self, obj: ObjId) -> (bool, Option<Tid>, u32) {
        self.shared
            .world
            .lock()
            .objs
            .get(obj as usize)
            .map_or((false, None, 0), |o| o.state.state())
    }

    fn event_set(&mut self, l: &mut Local, obj: ObjId, value: bool) -> Result<(), Halt> {
        let s = Arc::clone(&self.shared);
        {
            let mut w = s.world.lock();
            if let Some(RObj {
                state: SyncState::Event { set },
                ..
            }) = w.objs.get_mut(obj as usize)
            {
                *set = value;
            }
            s.changed(&mut w);
        }
        if value {
            s.emit(l.tid, l.line, EventKind::Notify { obj, woken: 0 });
        }
        s.check_time()
    }

    fn event_wait(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<bool, Halt> {
        let s = Arc::clone(&self.shared);
        let is_set = |w: &mut World| w.objs.get(obj as usize).is_some_and(|o| o.state.is_set());
        if is_set(&mut s.world.lock()) {
            return Ok(true);
        }
        if timeout == Some(0) {
            return Ok(false);
        }
        self.blocking(l, DropReason::Wait, |s, tid, line| {
            s.emit(
                tid,
                line,
                EventKind::Block {
                    on: WaitOn::Event(obj),
                },
            );
            let ok = Self::wait_until(s, tid, timeout, WaitOn::Event(obj), is_set);
            let cause = if ok {
                WakeCause::By(tid)
            } else {
                WakeCause::Timeout
            };
            s.emit(tid, line, EventKind::Wake { cause });
            ok
        })
    }

    fn set_switch_interval(&mut self, l: &mut Local, ns: Nanos) {
        self.shared.interval.store(ns, Ordering::Relaxed);
        self.shared
            .emit(l.tid, l.line, EventKind::SwitchInterval { interval: ns });
    }

    fn switch_interval(&self) -> Nanos {
        self.shared.interval.load(Ordering::Relaxed)
    }

    fn set_exit_status(&mut self, _l: &Local, status: i32) {
        self.shared.world.lock().exit_status = status;
    }

    fn rename(&mut self, l: &mut Local, tid: Tid, name: &str) -> Result<(), Halt> {
        let s = Arc::clone(&self.shared);
        s.emit_text(tid, l.line, name, |name| EventKind::Rename { name });
        s.check_time()
    }

    fn line(&mut self, l: &mut Local) -> Result<(), Halt> {
        let s = Arc::clone(&self.shared);
        s.emit(l.tid, l.line, EventKind::Line);
        s.check_time()
    }

    fn note(&mut self, l: &mut Local, text: &str) -> Result<(), Halt> {
        let s = Arc::clone(&self.shared);
        s.emit_text(l.tid, l.line, text, |text| EventKind::Note { text });
        s.check_time()
    }

    fn lost_update(
        &mut self,
        l: &mut Local,
        var: &str,
        over: Tid,
        info: LostUpdate,
    ) -> Result<(), Halt> {
        let s = Arc::clone(&self.shared);
        let id = s.sink.lock().lost(info);
        s.emit_text(l.tid, l.line, var, |var| EventKind::LostUpdate {
            var,
            over,
            info: id,
        });
        s.check_time()
    }

    fn task_new(&mut self, l: &mut Local, name: &str) -> Result<TaskId, Halt> {
        let s = Arc::clone(&self.shared);
        let task = {
            let mut w = s.world.lock();
            w.tasks += 1;
            w.tasks - 1
        };
        let me = l.tid;
        s.sink.lock().task(TaskMeta {
            task,
            name: name.to_owned(),
            tid: me,
        });
        s.emit(
            me,
            l.line,
            EventKind::Task {
                task,
                state: TaskState::Ready,
            },
        );
        s.check_time()?;
        Ok(task)
    }

    fn task_state(
        &mut self,
        l: &mut Local,
        task: TaskId,
        phase: TaskPhase<'_>,
    ) -> Result<(), Halt> {
        let s = Arc::clone(&self.shared);
        let mut sink = s.sink.lock();
        let state = task_state(&mut sink, phase);
        let t = s.now();
        let e = Event {
            t,
            tid: l.tid,
            line: l.line,
            kind: EventKind::Task { task, state },
        };
        let sent = sink.event(e);
        drop(sink);
        if sent.is_err() {
            s.halt(EndReason::Cancelled, Vec::new());
        }
        s.check_time()
    }

    fn random_u64(&mut self) -> u64 {
        self.shared.world.lock().prog_rng.next_u64()
    }

    fn jitter(&mut self, _l: &mut Local, hi: Nanos) -> Result<Nanos, Halt> {
        Ok(self.shared.world.lock().prog_rng.uniform(0, hi))
    }
}
