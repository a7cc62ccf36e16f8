//! The engine's vocabulary: run options, errors, thread and object descriptions, and the
//! handle on a run in progress. Every other module builds on these; none of them is
//! named here.

use std::thread::JoinHandle;

use crossbeam::channel::Receiver;

use crate::model::{MS, OsModel};
use gilscope_trace::{Chunk, Nanos, ObjKind, Tid};

/// Which clock drives the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClockMode {
    /// Simulated time; deterministic per seed.
    #[default]
    Virtual,
    /// Real OS threads, real sleeps, a real GIL; shows the OS's jitter.
    Real,
}

/// Which interpreter's scheduling the run simulates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GilMode {
    /// CPython 3.10-3.13 with the GIL: eval-breaker checks at back-edges, calls, entry.
    #[default]
    V311,
    /// CPython 3.9: the same GIL, but the eval breaker is polled between almost any two
    /// instructions, at 3.9's costs (the VM places the check points; the engine is the same).
    V39,
    /// Free-threaded CPython 3.13t: no GIL, threads run in parallel on the simulated cores.
    Off,
}

/// Everything a run depends on besides the program itself.
#[derive(Clone, Debug)]
pub struct Options {
    /// Seed of the RNG that stands for the OS's decisions.
    pub seed: u64,
    /// CPython's switch interval (`sys.setswitchinterval`), 5 ms by default.
    pub switch_interval: Nanos,
    /// Which clock drives the run.
    pub clock: ClockMode,
    /// Simulated time budget; the run ends with a time-limit event when it runs out.
    pub max_time: Option<Nanos>,
    /// The OS and runtime timing model.
    pub model: OsModel,
    /// Capacity of the event channel, in chunks.
    pub channel_chunks: usize,
    /// Which interpreter's scheduling to simulate.
    pub gil: GilMode,
    /// Simulated CPU cores shared by every thread of every process.
    pub cores: usize,
    /// Records which thread runs on which core from the start (a program that will start
    /// processes), not only from when a second process appears.
    pub cores_from_start: bool,
}

impl Options {
    /// Checks combinations the engine cannot run; the message names the options.
    pub fn validate(&self) -> Result<(), String> {
        if self.cores == 0 || self.cores > 256 {
            return Err(format!(
                "--cores must be between 1 and 256, not {}",
                self.cores
            ));
        }
        if self.clock == ClockMode::Real && self.gil == GilMode::Off {
            return Err("--clock real runs with the GIL only (not with --gil off)".into());
        }
        Ok(())
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 0,
            switch_interval: 5 * MS,
            clock: ClockMode::Virtual,
            max_time: None,
            model: OsModel::default(),
            channel_chunks: 16,
            gil: GilMode::V311,
            cores: 2,
            cores_from_start: false,
        }
    }
}

/// Returned by every engine call that can block or sync when the run is being torn down
/// (deadlock, time limit, exit, cancellation): the thread must unwind and return it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the run was halted")]
pub struct Halt;

/// Misuse of a synchronisation object, reported to the program (Python raises it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// `release()` of a lock that is not locked.
    #[error("release unlocked lock")]
    ReleaseUnlocked,
    /// `release()` of an `RLock` (or a condition's lock) by a thread that does not own it.
    #[error("cannot release un-acquired lock")]
    NotOwner,
    /// `Condition.wait`/`notify` without holding its lock.
    #[error("cannot wait on un-acquired lock")]
    WaitNotOwner,
    /// `Condition.notify` without holding its lock.
    #[error("cannot notify on un-acquired lock")]
    NotifyNotOwner,
    /// A bounded semaphore released too many times.
    #[error("Semaphore released too many times")]
    OverReleased,
    /// The object id does not name an object of the right kind.
    #[error("no such synchronisation object")]
    NoSuchObject,
}

/// An engine call that can block or be misused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CtxError {
    /// The run is being torn down.
    #[error(transparent)]
    Halt(#[from] Halt),
    /// The program misused an object.
    #[error(transparent)]
    Sync(#[from] SyncError),
}

/// How a thread's body ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadExit {
    /// It returned normally.
    Returned,
    /// An exception escaped (the body already reported it on stderr).
    Raised,
}

/// A new thread's identity, given to [`crate::Ctx::spawn`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadSpec {
    /// Its name, as Python reports it.
    pub name: String,
    /// Daemon threads do not keep the process alive.
    pub daemon: bool,
}

impl ThreadSpec {
    /// A non-daemon thread named `name`.
    pub fn named(name: impl Into<String>) -> Self {
        ThreadSpec {
            name: name.into(),
            daemon: false,
        }
    }
}

/// A new process's identity, given to [`crate::Ctx::spawn_process`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessSpec {
    /// Its name, as `multiprocessing` reports it (`Process-1`).
    pub name: String,
}

/// What an asyncio task is doing, reported by the event loop for the task's lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskPhase<'a> {
    /// The loop runs it.
    Running,
    /// Scheduled, waiting for the loop.
    Ready,
    /// Suspended in an `await` on this (`sleep(1)`, `Queue.get()`, a future...).
    Awaiting(&'a str),
    /// Finished.
    Done,
}

/// The synchronisation primitives the engine provides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    /// A plain lock.
    Lock,
    /// A reentrant lock.
    RLock,
    /// An event flag.
    Event,
    /// A condition variable over a lock (the lock's id).
    Condition(u32),
    /// A counting semaphore with an optional bound.
    Semaphore {
        /// Initial value.
        value: u64,
        /// Maximum value for a bounded semaphore.
        bound: Option<u64>,
    },
}

impl Primitive {
    /// The kind recorded in the trace.
    pub fn kind(self) -> ObjKind {
        match self {
            Primitive::Lock => ObjKind::Lock,
            Primitive::RLock => ObjKind::RLock,
            Primitive::Event => ObjKind::Event,
            Primitive::Condition(_) => ObjKind::Condition,
            Primitive::Semaphore { .. } => ObjKind::Semaphore,
        }
    }
}

/// A run in progress: its events arrive on [`Run::events`]; dropping it stops the run.
pub struct Run {
    events: Receiver<Chunk>,
    control: Box<dyn Control>,
}

/// What a backend lets the owner of a run do to it.
pub(crate) trait Control: Send {
    /// Ends the run if it is still going and wakes every worker so it unwinds.
    fn cancel(&self);
    /// Waits for every worker thread to exit.
    fn join(&mut self);
}

/// Joins the worker threads `take` hands out until it hands out none (a worker may start
/// others while the first ones are joined).
pub(crate) fn join_workers(mut take: impl FnMut() -> Vec<JoinHandle<()>>) {
    loop {
        let handles = take();
        if handles.is_empty() {
            return;
        }
        for h in handles {
            let _ = h.join();
        }
    }
}

impl Run {
    /// A run whose chunks arrive on `events` and that `control` stops.
    pub(crate) fn new(events: Receiver<Chunk>, control: Box<dyn Control>) -> Self {
        Run { events, control }
    }

    /// The channel the run's chunks arrive on, in order; the last one carries `end`.
    pub fn events(&self) -> &Receiver<Chunk> {
        &self.events
    }

    /// Stops the run (if it is still going) and joins every worker thread.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        self.control.cancel();
        self.control.join();
    }
}

/// Stack size of every worker thread: a simulated thread runs an interpreter whose calls
/// nest on the worker's stack (CPython's default recursion limit is 1000 Python frames).
pub const WORKER_STACK: usize = 256 << 20;

/// The thread id of the main thread.
pub const MAIN: Tid = 0;
