//! The virtual-clock backend: a discrete-event simulation of CPython's GIL and of the OS.
//!
//! Every simulated thread has its own OS worker thread, but only the worker holding the
//! *baton* executes; all others are parked. The baton holder runs ahead on a local clock and
//! syncs with the kernel when it calls a service or when its clock passes the *horizon*
//! (the next timer). The kernel processes timers in time order, applies CPython's
//! `take_gil`/`drop_gil` rules (reference section A.2, A.3, C.1), gives runnable threads the
//! simulated cores, and hands the baton to the runner with the earliest clock. Time comes
//! from one clock and every OS decision from one seeded RNG, so a run is a pure function of
//! (scenario, options, seed).

mod gil;
mod kernel;
mod objects;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam::channel::{Sender, bounded};
use parking_lot::{Condvar, Mutex, MutexGuard};

use super::model::OsModel;
use super::sink::Sink;
use super::{
    Body, Control, GilMode, Halt, Options, Primitive, ProcessSpec, Run, SyncError, TaskPhase,
    ThreadExit, ThreadSpec, WORKER_STACK,
};
use gilscope_trace::{
    DropReason, EndReason, EventKind, LostUpdate, Nanos, ObjId, ObjMeta, Outcome, Pid, ProcMeta,
    Stream, TaskId, TaskMeta, TaskState, ThreadMeta, Tid,
};
use kernel::{Blk, Kernel, Obj, Op, St, TimerKind};

pub(crate) struct Shared {
    k: Mutex<Kernel>,
    cancelled: AtomicBool,
    cancel_tx: Mutex<Option<Sender<()>>>,
}

pub(crate) fn launch(options: Options, main: Body) -> Run {
    let (tx, rx) = bounded(options.channel_chunks.max(1));
    let (cancel_tx, cancel_rx) = bounded(0);
    let mut sink = Sink::new(tx, cancel_rx);
    sink.process(ProcMeta {
        pid: 0,
        name: "MainProcess".into(),
        parent: None,
        main: 0,
    });
    sink.thread(ThreadMeta {
        tid: 0,
        name: "MainThread".into(),
        parent: None,
        daemon: false,
        pid: 0,
    });
    let kernel = Kernel::new(
        sink,
        options.seed,
        options.model.clone(),
        options.gil,
        options.switch_interval,
        options.cores,
    );
    let shared = Arc::new(Shared {
        k: Mutex::new(kernel),
        cancelled: AtomicBool::new(false),
        cancel_tx: Mutex::new(Some(cancel_tx)),
    });
    {
        let mut k = shared.k.lock();
        k.shared = Arc::downgrade(&shared);
        if options.cores_from_start {
            k.show_cores();
        }
        if let Some(limit) = options.max_time {
            k.timer(limit, 0, 0, TimerKind::TimeLimit);
        }
        let (_, tid) = k.new_proc(main);
        // The main thread exists from the start: it takes the GIL at time 0.
        k.emit(tid, EventKind::Begin);
        k.take_gil(tid, true);
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
        loop {
            let handles = std::mem::take(&mut self.shared.k.lock().handles);
            if handles.is_empty() {
                return;
            }
            for h in handles {
                let _ = h.join();
            }
        }
    }
}

/// The per-worker view of the virtual backend, held inside a [`super::Ctx`].
pub(crate) struct VCtx {
    shared: Arc<Shared>,
    baton: Arc<Condvar>,
}

/// A task phase as recorded in the trace (its text stored in the sink).
pub(super) fn task_state(sink: &mut Sink, phase: TaskPhase<'_>) -> TaskState {
    match phase {
        TaskPhase::Running => TaskState::Running,
        TaskPhase::Ready => TaskState::Ready,
        TaskPhase::Awaiting(what) => TaskState::Awaiting {
            what: sink.text(what),
        },
        TaskPhase::Done => TaskState::Done,
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
    if ctx.vturn().is_err() {
        return;
    }
    let proc_main = ctx.vis_process_main();
    if !proc_main {
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
    if proc_main && ctx.shutdown().is_err() {
        return;
    }
    ctx.elapse(ctx.vmodel_cost(|m| m.end_cost));
    ctx.vfinish(outcome, proc_main);
}

impl VCtx {
    fn lock(&self) -> MutexGuard<'_, Kernel> {
        self.shared.k.lock()
    }
}

/// Virtual-mode implementations behind [`super::Ctx`]: each syncs the clock, performs the
/// operation in the kernel as the earliest runner, and, if the thread stopped running,
/// parks until it runs again.
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

    fn vis_process_main(&self) -> bool {
        let k = self.vctx().lock();
        let pid = k.threads[self.tid as usize].pid;
        k.process_main(pid) == self.tid
    }

    /// Waits for this thread's turn: it runs on a core, has the earliest clock of all
    /// runners, and every timer due by its clock has been processed.
    fn vturn(&mut self) -> Result<(), Halt> {
        let (shared, baton) = self.vhandles();
        let mut k = shared.k.lock();
        self.wait_turn(&mut k, &baton, false)
    }

    /// Only the baton holder touches the kernel, so that nothing depends on when the OS
    /// runs the other workers. `executing` says the caller comes from running code (it
    /// holds the baton and its local clock is current).
    fn wait_turn(
        &mut self,
        k: &mut MutexGuard<'_, Kernel>,
        baton: &Condvar,
        mut executing: bool,
    ) -> Result<(), Halt> {
        let me = self.tid;
        loop {
            if !executing {
                while k.baton != Some(me) && !k.stopped(me) {
                    baton.wait(k);
                }
                if !k.stopped(me) {
                    self.t = k.threads[me as usize].clock;
                }
            }
            if k.stopped(me) {
                if k.baton == Some(me) && !k.halted {
                    k.schedule();
                    if let Some(e) = k.earliest() {
                        k.give_baton(e);
                    }
                }
                return Err(Halt);
            }
            if executing && k.on_core(me) {
                k.threads[me as usize].clock = self.t;
            }
            executing = false;
            if !k.on_core(me) || k.earliest() != Some(me) {
                k.schedule();
                if let Some(e) = k.earliest() {
                    k.give_baton(e);
                }
                continue;
            }
            match k.next_timer() {
                Some(at) if at <= self.t => {
                    k.fire_next();
                }
                _ => break,
            }
        }
        k.now = k.now.max(self.t);
        self.horizon = k.horizon();
        self.peers = if k.mode == GilMode::Off {
            k.peers(me)
        } else {
            Nanos::MAX
        };
        Ok(())
    }

    /// Runs `op` in the kernel at this thread's local time; parks if the thread stopped
    /// running.
    fn vcall<R>(&mut self, op: impl FnOnce(&mut Kernel, Tid) -> R) -> Result<R, Halt> {
        let tid = self.tid;
        let line = self.line;
        let (shared, baton) = self.vhandles();
        let mut k = shared.k.lock();
        if !k.halted && shared.cancelled.load(Ordering::Relaxed) {
            k.halt(EndReason::Cancelled, Vec::new());
        }
        if k.stopped(tid) {
            return Err(Halt);
        }
        k.threads[tid as usize].line = line;
        self.wait_turn(&mut k, &baton, true)?;
        let r = op(&mut k, tid);
        if k.threads[tid as usize].st == St::Finished {
            // A finished thread never runs again: pass the baton on and return.
            if !k.halted {
                k.schedule();
                if let Some(e) = k.earliest() {
                    k.give_baton(e);
                }
            }
            return Ok(r);
        }
        self.wait_turn(&mut k, &baton, true)?;
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
            if k.mode != GilMode::Off && k.gil(me).drop_request && k.gil(me).holder == Some(me) {
                k.forced_drop(me);
            }
        })
    }

    /// A free-threaded access to shared memory that must not overtake another runner.
    pub(crate) fn vshared_access(&mut self) -> Result<(), Halt> {
        self.vcall(|_, _| ())
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
        })
    }

    fn vfinish(&mut self, outcome: Outcome, proc_main: bool) {
        let _ = self.vcall(|k, me| {
            let pid = k.threads[me as usize].pid;
            k.end_thread(me, outcome);
            if proc_main {
                if pid == 0 {
                    // Interpreter exit: every other thread and process dies with it.
                    k.halt(EndReason::Exited, Vec::new());
                } else {
                    let status = k.procs[pid as usize].status;
                    // An uncaught exception in a child process's main: exit code 1.
                    let code = if outcome == Outcome::Returned {
                        status
                    } else {
                        1.max(status)
                    };
                    k.end_process(pid, code, me);
                }
            }
        });
    }

    fn vis_running(&self) -> bool {
        !self.vctx().lock().halted
    }

    pub(crate) fn vsleep(&mut self, d: Nanos) -> Result<(), Halt> {
        self.vcall(|k, me| k.release_for(me, DropReason::Sleep, Op::Sleep(d)))
    }

    pub(crate) fn vwrite(&mut self, stream: Stream, text: &str) -> Result<(), Halt> {
        self.vcall(|k, me| {
            let id = k.sink.text(text);
            let op = Op::Write {
                stream,
                text: id,
                len: text.len(),
            };
            k.release_for(me, DropReason::Write, op);
        })
    }

    pub(crate) fn vspawn(&mut self, spec: ThreadSpec, body: Body) -> Result<Tid, Halt> {
        let cost = self.vmodel_cost(|m| m.spawn_cost);
        self.elapse(cost);
        self.vcall(|k, me| {
            let pid = k.threads[me as usize].pid;
            let child = k.new_thread(pid, spec.daemon, Some(body));
            k.sink.thread(ThreadMeta {
                tid: child,
                name: spec.name,
                parent: Some(me),
                daemon: spec.daemon,
                pid,
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
            k.release_for(me, DropReason::Start, op);
            child
        })
    }

    /// `Process.start()`: forks a new process whose main thread runs `body`; returns at
    /// once (the child starts after the OS's fork latency).
    pub(crate) fn vspawn_process(&mut self, spec: ProcessSpec, body: Body) -> Result<Pid, Halt> {
        let cost = self.vmodel_cost(|m| m.fork_cost);
        self.elapse(cost);
        self.vcall(|k, me| {
            let parent = k.threads[me as usize].pid;
            let (pid, main) = k.new_proc(body);
            k.sink.process(ProcMeta {
                pid,
                name: spec.name,
                parent: Some(parent),
                main,
            });
            k.sink.thread(ThreadMeta {
                tid: main,
                name: "MainThread".into(),
                parent: Some(me),
                daemon: false,
                pid,
            });
            k.show_cores();
            k.emit(me, EventKind::ProcStart { pid });
            let (lo, hi) = k.model.process_start;
            let at = k.now + k.rng.uniform(lo, hi);
            let epoch = k.threads[main as usize].epoch;
            k.timer(at, main, epoch, TimerKind::Begin);
            k.spawn_worker(main);
            pid
        })
    }

    /// `Process.join(timeout)`: true once `pid` has exited.
    pub(crate) fn vjoin_process(&mut self, pid: Pid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        let done = self.vcall(|k, me| {
            if k.procs.get(pid as usize).is_none_or(|p| p.exit.is_some()) {
                return Some(true);
            }
            if timeout == Some(0) {
                return Some(false);
            }
            k.threads[me as usize].result = false;
            let op = Op::Wait {
                on: Blk::Process(pid),
                timeout,
            };
            k.release_for(me, DropReason::Join, op);
            None
        })?;
        match done {
            Some(b) => Ok(b),
            None => self.vresult(),
        }
    }

    /// `Process.terminate()`: the process dies at once with exit code -15 (SIGTERM).
    pub(crate) fn vterminate_process(&mut self, pid: Pid) -> Result<(), Halt> {
        self.vcall(|k, me| {
            if k.procs.get(pid as usize).is_some_and(|p| p.exit.is_none()) && pid != 0 {
                k.end_process(pid, -15, me);
            }
        })
    }

    pub(crate) fn vprocess_exit(&self, pid: Pid) -> Option<i32> {
        self.vctx()
            .lock()
            .procs
            .get(pid as usize)
            .and_then(|p| p.exit)
    }

    pub(crate) fn vpid(&self) -> Pid {
        self.vctx().lock().threads[self.tid as usize].pid
    }

    pub(crate) fn vjoin(&mut self, child: Tid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        let done = self.vcall(|k, me| {
            if k.threads
                .get(child as usize)
                .is_none_or(|t| t.st == St::Finished)
            {
                return Some(true);
            }
            if timeout == Some(0) {
                return Some(false);
            }
            k.threads[me as usize].result = false;
            let op = Op::Wait {
                on: Blk::Join(child),
                timeout,
            };
            k.release_for(me, DropReason::Join, op);
            None
        })?;
        match done {
            Some(b) => Ok(b),
            None => self.vresult(),
        }
    }

    fn vresult(&mut self) -> Result<bool, Halt> {
        let tid = self.tid;
        Ok(self.vctx().lock().threads[tid as usize].result)
    }

    pub(crate) fn vcores(&self) -> usize {
        self.vctx().lock().cores.len()
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
        let waiters = Vec::new();
        let obj = match prim {
            Primitive::Lock => Obj::Lock {
                owner: None,
                count: 0,
                reentrant: false,
                waiters,
            },
            Primitive::RLock => Obj::Lock {
                owner: None,
                count: 0,
                reentrant: true,
                waiters,
            },
            Primitive::Event => Obj::Event {
                set: false,
                waiters,
            },
            Primitive::Condition(lock) => Obj::Cond { lock, waiters },
            Primitive::Semaphore { value, bound } => Obj::Sem {
                value,
                bound,
                waiters,
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

    pub(crate) fn vname_object(&mut self, obj: ObjId, label: &str) {
        self.vctx().lock().sink.rename(obj, label);
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
                _ => return Some(Err(SyncError::NoSuchObject)),
            };
            if k.try_take(me, obj) {
                k.emit(me, EventKind::Acquire { obj });
                return Some(Ok(true));
            }
            if !blocking || timeout == Some(0) {
                return Some(Ok(false));
            }
            k.threads[me as usize].result = false;
            let op = Op::Wait { on: blk, timeout };
            k.release_for(me, DropReason::Lock, op);
            None
        })?;
        match r {
            Some(r) => Ok(r),
            None => self.vresult().map(Ok),
        }
    }

    pub(crate) fn vrelease(&mut self, obj: ObjId, n: u64) -> Result<Result<(), SyncError>, Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        self.vcall(|k, me| k.release(me, obj, n))
    }

    pub(crate) fn vlocked(&self, obj: ObjId) -> (bool, Option<Tid>, u32) {
        match self.vctx().lock().objs.get(obj as usize) {
            Some(Obj::Lock { owner, count, .. }) => (owner.is_some(), *owner, *count),
            Some(Obj::Sem { value, .. }) => {
                (*value == 0, None, (*value).min(u64::from(u32::MAX)) as u32)
            }
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
        })
    }

    pub(crate) fn vevent_wait(&mut self, obj: ObjId, timeout: Option<Nanos>) -> Result<bool, Halt> {
        let cost = self.vmodel_cost(|m| m.sync_op);
        self.elapse(cost);
        let done = self.vcall(|k, me| {
            if let Some(Obj::Event { set: true, .. }) = k.objs.get(obj as usize) {
                return Some(true);
            }
            if !matches!(k.objs.get(obj as usize), Some(Obj::Event { .. })) || timeout == Some(0) {
                return Some(false);
            }
            k.threads[me as usize].result = false;
            let op = Op::Wait {
                on: Blk::Event(obj),
                timeout,
            };
            k.release_for(me, DropReason::Wait, op);
            None
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
                _ => return Err(SyncError::NoSuchObject),
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
                _ => return Err(SyncError::WaitNotOwner),
            };
            k.release(me, lock, 1)?;
            k.threads[me as usize].result = false;
            let op = Op::Wait {
                on: Blk::Cond(cond),
                timeout,
            };
            k.release_for(me, DropReason::Wait, op);
            Ok((lock, saved))
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
            let lock = match k.objs.get(cond as usize) {
                Some(Obj::Cond { lock, .. }) => *lock,
                _ => return Err(SyncError::NoSuchObject),
            };
            let owns = matches!(
                k.objs.get(lock as usize),
                Some(Obj::Lock { owner: Some(o), .. }) if *o == me
            );
            if !owns {
                return Err(SyncError::NotifyNotOwner);
            }
            let woken: Vec<Tid> = match k.objs.get_mut(cond as usize) {
                // CPython's Condition keeps its waiters in a deque: notify is FIFO.
                Some(Obj::Cond { waiters, .. }) => {
                    let take = n.min(waiters.len());
                    waiters.drain(..take).collect()
                }
                _ => Vec::new(),
            };
            k.emit(
                me,
                EventKind::Notify {
                    obj: cond,
                    woken: woken.len() as u32,
                },
            );
            for w in woken {
                k.wake(w, Blk::Cond(cond), me);
            }
            Ok(())
        })
    }

    pub(crate) fn vset_interval(&mut self, ns: Nanos) {
        self.vctx().lock().interval = ns;
    }

    pub(crate) fn vinterval(&self) -> Nanos {
        self.vctx().lock().interval
    }

    pub(crate) fn vset_exit_status(&mut self, status: i32) {
        let mut k = self.vctx().lock();
        let pid = k.threads[self.tid as usize].pid;
        k.procs[pid as usize].status = status;
    }

    /// The threads of the caller's process: (id, alive, daemon).
    pub(crate) fn vthreads(&self) -> Vec<(Tid, bool, bool)> {
        let k = self.vctx().lock();
        let pid = k.threads[self.tid as usize].pid;
        k.threads
            .iter()
            .enumerate()
            .filter(|(_, t)| t.pid == pid)
            .map(|(i, t)| (i as Tid, t.st != St::Finished, t.daemon))
            .collect()
    }

    pub(crate) fn vrename(&mut self, tid: Tid, name: &str) -> Result<(), Halt> {
        let name = name.to_owned();
        self.vcall(move |k, _me| {
            let id = k.sink.text(&name);
            k.emit(tid, EventKind::Rename { name: id });
        })
    }

    pub(crate) fn vnote(&mut self, text: &str) -> Result<(), Halt> {
        self.vcall(|k, me| {
            let id = k.sink.text(text);
            k.emit(me, EventKind::Note { text: id });
        })
    }

    pub(crate) fn vlost_update(
        &mut self,
        var: &str,
        over: Tid,
        info: LostUpdate,
    ) -> Result<(), Halt> {
        self.vcall(|k, me| {
            let var = k.sink.text(var);
            let info = k.sink.lost(info);
            k.emit(me, EventKind::LostUpdate { var, over, info });
        })
    }

    pub(crate) fn vtask_new(&mut self, name: &str) -> Result<TaskId, Halt> {
        self.vcall(|k, me| {
            let task = k.tasks;
            k.tasks += 1;
            k.sink.task(TaskMeta {
                task,
                name: name.to_owned(),
                tid: me,
            });
            k.emit(
                me,
                EventKind::Task {
                    task,
                    state: TaskState::Ready,
                },
            );
            task
        })
    }

    pub(crate) fn vtask_state(&mut self, task: TaskId, phase: TaskPhase<'_>) -> Result<(), Halt> {
        self.vcall(|k, me| {
            let state = task_state(&mut k.sink, phase);
            k.emit(me, EventKind::Task { task, state });
        })
    }

    pub(crate) fn vrandom(&mut self) -> u64 {
        self.vctx().lock().prog_rng.next_u64()
    }
}
