//! The virtual-clock backend: a discrete-event simulation of CPython's GIL and of the OS.
//!
//! Every simulated thread has its own OS worker thread, but only the worker holding the
//! *baton* executes; all others are parked. The baton holder runs ahead on a local clock and
//! syncs with the kernel when it calls a service or when its clock passes the *horizon*
//! (the next timer). The kernel processes timers in time order, applies CPython's
//! `take_gil`/`drop_gil` rules (docs/gil.md), gives runnable threads the
//! simulated cores, and hands the baton to the runner with the earliest clock. Time comes
//! from one clock and every OS decision from one seeded RNG, so a run is a pure function of
//! (scenario, options, seed).

mod gil;
mod kernel;
mod objects;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam::channel::{Sender, bounded};
use parking_lot::{Condvar, Mutex, MutexGuard};

use crate::api::{
    Control, CtxError, GilMode, Halt, Options, Primitive, ProcessSpec, Run, SyncError, TaskPhase,
    ThreadSpec, join_workers,
};
use crate::ctx::{Body, BodyEnd, Clock, Ctx, Local, flatten, panic_report, run_body};
use crate::model::OsModel;
use crate::sink::{Sink, task_state};
use crate::sync::SyncState;
use gilscope_trace::{
    DropReason, EndReason, EventKind, IoKind, LostUpdate, Nanos, ObjId, ObjMeta, Outcome, Pid,
    ProcMeta, Stream, TaskId, TaskMeta, ThreadMeta, Tid, WaitOn,
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
    Run::new(rx, Box::new(VirtControl { shared }))
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
        join_workers(|| std::mem::take(&mut self.shared.k.lock().handles));
    }
}

/// The per-worker view of the virtual backend: the clock behind a worker's [`Ctx`].
#[derive(Clone)]
pub(crate) struct VCtx {
    shared: Arc<Shared>,
    baton: Arc<Condvar>,
}

/// The body of every worker OS thread.
fn worker(shared: Arc<Shared>, baton: Arc<Condvar>, tid: Tid, body: Body) {
    let v = VCtx { shared, baton };
    let mut ctx = Ctx::new(tid, Box::new(v.clone()));
    let l = &mut ctx.local;
    if v.turn(l).is_err() {
        return;
    }
    let proc_main = v.is_process_main(tid);
    if !proc_main {
        // Bootstrap: runs with the GIL, then tells the starter it has begun.
        l.t += v.model_cost(|m| m.bootstrap_cost);
        if v.started(l).is_err() {
            return;
        }
    }
    let outcome = match run_body(&mut ctx, body, || v.is_running()) {
        BodyEnd::Ended(outcome) => outcome,
        BodyEnd::Halted => return,
        BodyEnd::Panicked(msg) => {
            let _ = v.report_panic(&mut ctx.local, &msg);
            Outcome::Panicked
        }
    };
    if proc_main && ctx.shutdown().is_err() {
        return;
    }
    ctx.local.t += v.model_cost(|m| m.end_cost);
    v.finish(&mut ctx.local, outcome, proc_main);
}

/// Each service syncs the thread's clock, performs the operation in the kernel as the
/// earliest runner, and, if the thread stopped running, parks until it runs again.
impl VCtx {
    fn lock(&self) -> MutexGuard<'_, Kernel> {
        self.shared.k.lock()
    }

    fn model_cost(&self, f: impl FnOnce(&OsModel) -> Nanos) -> Nanos {
        f(&self.lock().model)
    }

    fn is_process_main(&self, tid: Tid) -> bool {
        let k = self.lock();
        let pid = k.threads[tid as usize].pid;
        k.process_main(pid) == tid
    }

    /// Waits for this thread's turn: it runs on a core, has the earliest clock of all
    /// runners, and every timer due by its clock has been processed.
    fn turn(&self, l: &mut Local) -> Result<(), Halt> {
        let mut k = self.shared.k.lock();
        Self::wait_turn(l, &mut k, &self.baton, false)
    }

    /// Only the baton holder touches the kernel, so that nothing depends on when the OS
    /// runs the other workers. `executing` says the caller comes from running code (it
    /// holds the baton and its local clock is current).
    fn wait_turn(
        l: &mut Local,
        k: &mut MutexGuard<'_, Kernel>,
        baton: &Condvar,
        mut executing: bool,
    ) -> Result<(), Halt> {
        let me = l.tid;
        loop {
            if !executing {
                while k.baton != Some(me) && !k.stopped(me) {
                    baton.wait(k);
                }
                if !k.stopped(me) {
                    l.t = k.threads[me as usize].clock;
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
                k.threads[me as usize].clock = l.t;
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
                Some(at) if at <= l.t => {
                    k.fire_next();
                }
                _ => break,
            }
        }
        k.now = k.now.max(l.t);
        // A drop request set during any kernel call (a waiter's timeout fired inside a lock
        // acquire, say) is seen at the holder's very next check point (docs/gil.md, "Check
        // points").
        l.horizon = if k.mode != GilMode::Off && k.gil(me).drop_request {
            0
        } else {
            k.horizon()
        };
        l.peers = if k.mode == GilMode::Off {
            k.peers(me)
        } else {
            Nanos::MAX
        };
        Ok(())
    }

    /// Runs `op` in the kernel at this thread's local time; parks if the thread stopped
    /// running.
    fn call<R>(&self, l: &mut Local, op: impl FnOnce(&mut Kernel, Tid) -> R) -> Result<R, Halt> {
        let tid = l.tid;
        let mut k = self.shared.k.lock();
        if !k.halted && self.shared.cancelled.load(Ordering::Relaxed) {
            k.halt(EndReason::Cancelled, Vec::new());
        }
        if k.stopped(tid) {
            return Err(Halt);
        }
        k.threads[tid as usize].line = l.line;
        k.threads[tid as usize].site = l.site;
        Self::wait_turn(l, &mut k, &self.baton, true)?;
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
        Self::wait_turn(l, &mut k, &self.baton, true)?;
        let clock = k.now;
        if k.sink.tick(clock).is_err() {
            k.halt(EndReason::Cancelled, Vec::new());
            return Err(Halt);
        }
        Ok(r)
    }

    /// A call that costs `sync_op` of CPU time first (a lock, event or condition method).
    fn sync_call<R>(
        &self,
        l: &mut Local,
        op: impl FnOnce(&mut Kernel, Tid) -> R,
    ) -> Result<R, Halt> {
        l.t += self.model_cost(|m| m.sync_op);
        self.call(l, op)
    }

    /// The result of the blocking call the thread just came back from.
    fn result(&self, l: &Local) -> bool {
        self.lock().threads[l.tid as usize].result
    }

    /// Blocks in the call `op` returns (`Ok`), unless it answers at once (`Err`); then the
    /// blocking call's result once the thread runs again.
    fn wait_for(
        &self,
        l: &mut Local,
        reason: DropReason,
        op: impl FnOnce(&mut Kernel, Tid) -> Result<Op, bool>,
    ) -> Result<bool, Halt> {
        let done = self.call(l, |k, me| match op(k, me) {
            Ok(op) => {
                k.threads[me as usize].result = false;
                k.release_for(me, reason, op);
                None
            }
            Err(answer) => Some(answer),
        })?;
        match done {
            Some(b) => Ok(b),
            None => Ok(self.result(l)),
        }
    }

    fn started(&self, l: &mut Local) -> Result<(), Halt> {
        self.call(l, |k, me| {
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

    fn report_panic(&self, l: &mut Local, msg: &str) -> Result<(), Halt> {
        let text = panic_report(msg);
        self.call(l, |k, me| {
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

    fn finish(&self, l: &mut Local, outcome: Outcome, proc_main: bool) {
        let _ = self.call(l, |k, me| {
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

    fn is_running(&self) -> bool {
        !self.lock().halted
    }
}

impl Clock for VCtx {
    fn now(&self, l: &Local) -> Nanos {
        l.t
    }

    /// The eval-breaker check once the local clock passed the horizon: process due timers,
    /// then drop the GIL if a waiter asked.
    fn checkpoint(&mut self, l: &mut Local) -> Result<(), Halt> {
        self.call(l, |k, me| {
            if k.mode != GilMode::Off && k.gil(me).drop_request && k.gil(me).holder == Some(me) {
                k.forced_drop(me);
            }
        })
    }

    fn shared_access(&mut self, l: &mut Local) -> Result<(), Halt> {
        self.call(l, |_, _| ())
    }

    fn compute(&mut self, l: &mut Local, ns: Nanos) -> Result<(), Halt> {
        l.t += ns;
        Ok(())
    }

    fn sleep(&mut self, l: &mut Local, d: Nanos) -> Result<(), Halt> {
        self.call(l, |k, me| {
            k.release_for(me, DropReason::Sleep, Op::Sleep(d))
        })
    }

    fn write(&mut self, l: &mut Local, stream: Stream, text: &str) -> Result<(), Halt> {
        self.call(l, |k, me| {
            let id = k.sink.text(text);
            let op = Op::Write {
                stream,
                text: id,
                len: text.len(),
            };
            k.release_for(me, DropReason::Write, op);
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
        self.call(l, |k, me| {
            let text = k.sink.text(what);
            let dur = base + k.rng.uniform(0, jitter);
            let op = Op::Device {
                on: WaitOn::Device(kind, text),
                dur,
            };
            k.release_for(me, DropReason::Io, op);
        })
    }

    fn spawn(&mut self, l: &mut Local, spec: ThreadSpec, body: Body) -> Result<Tid, Halt> {
        l.t += self.model_cost(|m| m.spawn_cost);
        self.call(l, |k, me| {
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
            // start() waits (GIL released) until the new thread has begun.
            let op = Op::Wait {
                on: Blk::Start(child),
                timeout: None,
            };
            k.release_for(me, DropReason::Start, op);
            child
        })
    }

    fn join(&mut self, l: &mut Local, child: Tid, timeout: Option<Nanos>) -> Result<bool, Halt> {
        self.wait_for(l, DropReason::Join, |k, _| {
            if k.threads
                .get(child as usize)
                .is_none_or(|t| t.st == St::Finished)
            {
                return Err(true);
            }
            if timeout == Some(0) {
                return Err(false);
            }
            let on = Blk::Join(child);
            Ok(Op::Wait { on, timeout })
        })
    }

    fn is_real(&self) -> bool {
        false
    }

    /// Forks a new process whose main thread runs `body`; returns at once (the child starts
    /// after the OS's fork latency).
    fn spawn_process(&mut self, l: &mut Local, spec: ProcessSpec, body: Body) -> Result<Pid, Halt> {
        l.t += self.model_cost(|m| m.fork_cost);
        self.call(l, |k, me| {
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

    fn join_process(
        &mut self,
        l: &mut Local,
        pid: Pid,
        timeout: Option<Nanos>,
    ) -> Result<bool, Halt> {
        self.wait_for(l, DropReason::Join, |k, _| {
            if k.procs.get(pid as usize).is_none_or(|p| p.exit.is_some()) {
                return Err(true);
            }
            if timeout == Some(0) {
                return Err(false);
            }
            let on = Blk::Process(pid);
            Ok(Op::Wait { on, timeout })
        })
    }

    /// The process dies at once with exit code -15 (SIGTERM).
    fn terminate_process(&mut self, l: &mut Local, pid: Pid) -> Result<(), Halt> {
        self.call(l, |k, me| {
            if k.procs.get(pid as usize).is_some_and(|p| p.exit.is_none()) && pid != 0 {
                k.end_process(pid, -15, me);
            }
        })
    }

    fn process_exit(&self, pid: Pid) -> Option<i32> {
        self.lock().procs.get(pid as usize).and_then(|p| p.exit)
    }

    fn pid(&self, l: &Local) -> Pid {
        self.lock().threads[l.tid as usize].pid
    }

    fn cores(&self) -> usize {
        self.lock().cores.len()
    }

    fn is_alive(&self, tid: Tid) -> bool {
        self.lock()
            .threads
            .get(tid as usize)
            .is_some_and(|t| t.st != St::Finished)
    }

    /// The threads of the caller's process: (id, alive, daemon).
    fn threads(&self, l: &Local) -> Vec<(Tid, bool, bool)> {
        let k = self.lock();
        let pid = k.threads[l.tid as usize].pid;
        k.threads
            .iter()
            .enumerate()
            .filter(|(_, t)| t.pid == pid)
            .map(|(i, t)| (i as Tid, t.st != St::Finished, t.daemon))
            .collect()
    }

    fn create(&mut self, prim: Primitive, label: &str) -> ObjId {
        let mut k = self.lock();
        let id = k.objs.len() as ObjId;
        k.objs.push(Obj {
            state: SyncState::new(prim),
            waiters: Vec::new(),
        });
        k.sink.object(ObjMeta {
            id,
            kind: prim.kind(),
            label: label.to_owned(),
        });
        id
    }

    fn name_object(&mut self, obj: ObjId, label: &str) {
        self.lock().sink.rename(obj, label);
    }

    /// A try without releasing the GIL, then a blocking wait.
    fn acquire(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        blocking: bool,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError> {
        let r = self.sync_call(l, |k, me| {
            let blk = match k.objs.get(obj as usize).map(|o| o.state) {
                Some(SyncState::Lock { .. }) => Blk::Lock(obj),
                Some(SyncState::Sem { .. }) => Blk::Sem(obj),
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
            Some(r) => Ok(r?),
            None => Ok(self.result(l)),
        }
    }

    fn release(&mut self, l: &mut Local, obj: ObjId, n: u64) -> Result<(), CtxError> {
        flatten(self.sync_call(l, |k, me| k.release(me, obj, n)))
    }

    fn state(&self, obj: ObjId) -> (bool, Option<Tid>, u32) {
        self.lock()
            .objs
            .get(obj as usize)
            .map_or((false, None, 0), |o| o.state.state())
    }

    fn event_set(&mut self, l: &mut Local, obj: ObjId, value: bool) -> Result<(), Halt> {
        self.sync_call(l, |k, me| {
            let Some(o) = k.objs.get_mut(obj as usize) else {
                return;
            };
            let SyncState::Event { set } = &mut o.state else {
                return;
            };
            *set = value;
            if value {
                let woken = std::mem::take(&mut o.waiters);
                k.emit(
                    me,
                    EventKind::Notify {
                        obj,
                        woken: woken.len() as u32,
                    },
                );
                k.wake_in_order(&woken, Blk::Event(obj), me);
            }
        })
    }

    fn event_wait(
        &mut self,
        l: &mut Local,
        obj: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<bool, Halt> {
        l.t += self.model_cost(|m| m.sync_op);
        self.wait_for(l, DropReason::Wait, |k, _| {
            match k.objs.get(obj as usize).map(|o| o.state) {
                Some(SyncState::Event { set: true }) => Err(true),
                Some(SyncState::Event { .. }) if timeout != Some(0) => {
                    let on = Blk::Event(obj);
                    Ok(Op::Wait { on, timeout })
                }
                _ => Err(false),
            }
        })
    }

    /// Releases the lock completely, blocks until notified, then (with the GIL again)
    /// re-acquires the lock as CPython's Python code does.
    fn cond_wait(
        &mut self,
        l: &mut Local,
        cond: ObjId,
        timeout: Option<Nanos>,
    ) -> Result<bool, CtxError> {
        let (lock, saved) = flatten(self.sync_call(l, |k, me| {
            let o = k.objs.get(cond as usize).ok_or(SyncError::NoSuchObject)?;
            let lock = o.state.cond_lock()?;
            let saved = k.release_save(me, lock)?;
            k.threads[me as usize].result = false;
            let op = Op::Wait {
                on: Blk::Cond(cond),
                timeout,
            };
            k.release_for(me, DropReason::Wait, op);
            Ok((lock, saved))
        }))?;
        let notified = self.result(l);
        // Re-acquire the lock (it may block again), restoring an RLock's depth.
        self.acquire(l, lock, true, None)?;
        if let Some(o) = self.lock().objs.get_mut(lock as usize) {
            o.state.restore_depth(saved);
        }
        Ok(notified)
    }

    fn notify(&mut self, l: &mut Local, cond: ObjId, n: usize) -> Result<(), CtxError> {
        flatten(self.sync_call(l, |k, me| {
            let o = k.objs.get(cond as usize).ok_or(SyncError::NoSuchObject)?;
            let lock = o.state.cond_lock()?;
            if !k.objs[lock as usize].state.owned_by(me) {
                return Err(SyncError::NotifyNotOwner);
            }
            // CPython's Condition keeps its waiters in a deque: notify is FIFO.
            let waiters = &mut k.objs[cond as usize].waiters;
            let take = n.min(waiters.len());
            let woken: Vec<Tid> = waiters.drain(..take).collect();
            k.emit(
                me,
                EventKind::Notify {
                    obj: cond,
                    woken: woken.len() as u32,
                },
            );
            k.wake_in_order(&woken, Blk::Cond(cond), me);
            Ok(())
        }))
    }

    /// Sets the interval at this thread's time, and records it so that front ends show
    /// the interval in force (a halted run is seen by the thread's next call).
    fn set_switch_interval(&mut self, l: &mut Local, ns: Nanos) {
        let _ = self.call(l, |k, me| {
            k.interval = ns;
            k.emit(me, EventKind::SwitchInterval { interval: ns });
        });
    }

    fn switch_interval(&self) -> Nanos {
        self.lock().interval
    }

    fn set_exit_status(&mut self, l: &Local, status: i32) {
        let mut k = self.lock();
        let pid = k.threads[l.tid as usize].pid;
        k.procs[pid as usize].status = status;
    }

    fn rename(&mut self, l: &mut Local, tid: Tid, name: &str) -> Result<(), Halt> {
        self.call(l, |k, _me| {
            let id = k.sink.text(name);
            k.emit(tid, EventKind::Rename { name: id });
        })
    }

    fn line(&mut self, l: &mut Local) -> Result<(), Halt> {
        self.call(l, |k, me| k.emit(me, EventKind::Line))
    }

    fn lost_update(
        &mut self,
        l: &mut Local,
        var: &str,
        over: Tid,
        info: LostUpdate,
    ) -> Result<(), Halt> {
        self.call(l, |k, me| {
            let var = k.sink.text(var);
            let info = k.sink.lost(info);
            k.emit(me, EventKind::LostUpdate { var, over, info });
        })
    }

    fn task_new(&mut self, l: &mut Local, name: &str) -> Result<TaskId, Halt> {
        self.call(l, |k, me| {
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
                    state: gilscope_trace::TaskState::Ready,
                },
            );
            task
        })
    }

    fn task_state(
        &mut self,
        l: &mut Local,
        task: TaskId,
        phase: TaskPhase<'_>,
    ) -> Result<(), Halt> {
        self.call(l, |k, me| {
            let state = task_state(&mut k.sink, phase);
            k.emit(me, EventKind::Task { task, state });
        })
    }

    fn note(&mut self, l: &mut Local, text: &str) -> Result<(), Halt> {
        self.call(l, |k, me| {
            let id = k.sink.text(text);
            k.emit(me, EventKind::Note { text: id });
        })
    }

    fn random_u64(&mut self) -> u64 {
        self.lock().prog_rng.next_u64()
    }

    fn jitter(&mut self, l: &mut Local, hi: Nanos) -> Result<Nanos, Halt> {
        self.call(l, |k, _| k.rng.uniform(0, hi))
    }
}
