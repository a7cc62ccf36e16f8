//! What travels from the engine to the trace: chunks of events with the metadata they refer to.

use serde::{Deserialize, Serialize};

use super::event::{Event, Nanos, ObjId, Pid, TaskId, Tid, WaitOn};

/// A batch sent over the engine's bounded channel. Apply `threads`, `objects` and `texts`
/// before `events`: events only refer to metadata created before them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chunk {
    /// Processes created since the previous chunk.
    pub procs: Vec<ProcMeta>,
    /// Threads created since the previous chunk.
    pub threads: Vec<ThreadMeta>,
    /// Synchronisation objects created since the previous chunk.
    pub objects: Vec<ObjMeta>,
    /// Objects named since the previous chunk, by the program variable they were stored in.
    pub renames: Vec<(ObjId, String)>,
    /// Asyncio tasks created since the previous chunk.
    pub tasks: Vec<TaskMeta>,
    /// Texts (output, names) whose ids continue the previous chunk's.
    pub texts: Vec<String>,
    /// Lost updates (the details of `LostUpdate` events), whose ids continue the previous
    /// chunk's as text ids do.
    pub lost: Vec<LostUpdate>,
    /// Events in time order.
    pub events: Vec<Event>,
    /// The simulation has reached this time (nothing earlier will arrive).
    pub clock: Nanos,
    /// Set on the last chunk of a run.
    pub end: Option<RunEnd>,
}

/// The details of one lost update (a `LostUpdate` event): what the storing thread read,
/// what it stored, and whose store it overwrote. Values are as Python's `repr` shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostUpdate {
    /// The value the storing thread read.
    pub read: String,
    /// When it read it.
    pub read_t: Nanos,
    /// The source line of the read.
    pub read_line: u32,
    /// The bytecode offset of the read in its code object, if known.
    pub read_offset: Option<u32>,
    /// The value it stores (computed from the read).
    pub stored: String,
    /// The bytecode offset of the store, if known (its time and line are the event's).
    pub store_offset: Option<u32>,
    /// The value its store overwrites: the last one the event's `over` thread stored.
    pub overwritten: String,
    /// When that overwritten store happened.
    pub over_t: Nanos,
    /// The source line of the overwritten store.
    pub over_line: u32,
    /// Stores by other threads between the read and this store: the updates lost.
    pub lost: u32,
}

/// A thread's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadMeta {
    /// Its id (0 = main).
    pub tid: Tid,
    /// Its name as Python reports it, e.g. `Thread-1 (imprimir)`.
    pub name: String,
    /// The thread that started it.
    pub parent: Option<Tid>,
    /// Daemon threads do not keep the process alive.
    pub daemon: bool,
    /// The process it belongs to.
    pub pid: Pid,
}

/// An asyncio task's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskMeta {
    /// Its id.
    pub task: TaskId,
    /// Its name as asyncio reports it (`Task-1`, or the coroutine's).
    pub name: String,
    /// The thread whose event loop runs it.
    pub tid: Tid,
}

/// A process's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcMeta {
    /// Its id (0 = the program's own process).
    pub pid: Pid,
    /// Its name as `multiprocessing` reports it, e.g. `Process-1`.
    pub name: String,
    /// The process that started it.
    pub parent: Option<Pid>,
    /// Its main thread.
    pub main: Tid,
}

/// Kinds of synchronisation objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjKind {
    /// `threading.Lock`.
    Lock,
    /// `threading.RLock`.
    RLock,
    /// `threading.Event`.
    Event,
    /// `threading.Condition`.
    Condition,
    /// `threading.Semaphore` / `BoundedSemaphore`.
    Semaphore,
}

impl ObjKind {
    /// Lowercase name for text output.
    pub fn label(self) -> &'static str {
        match self {
            ObjKind::Lock => "lock",
            ObjKind::RLock => "rlock",
            ObjKind::Event => "event",
            ObjKind::Condition => "condition",
            ObjKind::Semaphore => "semaphore",
        }
    }
}

/// A synchronisation object's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjMeta {
    /// Its id.
    pub id: ObjId,
    /// What it is.
    pub kind: ObjKind,
    /// A human label: the first variable a Python program stored it in (`account_a`), else
    /// what its creator called it (`Lock`).
    pub label: String,
}

/// Why a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The main thread finished and the process exited.
    Exited,
    /// Every live thread was blocked with nothing to wake it.
    Deadlock,
    /// The `--max-time` budget ran out.
    TimeLimit,
    /// The consumer stopped listening (the UI quit).
    Cancelled,
}

/// One line of a deadlock report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stuck {
    /// The blocked thread.
    pub tid: Tid,
    /// What it waits for.
    pub on: WaitOn,
    /// Who holds it (the lock's owner, the joined thread), if anyone.
    pub held_by: Option<Tid>,
}

impl Stuck {
    /// The holder worth naming beside what it waits for: the lock's owner, never the thread
    /// of a join or a start, which the wait itself already names.
    pub fn named_holder(&self) -> Option<Tid> {
        match self.on {
            WaitOn::Join(_) | WaitOn::Start(_) => None,
            _ => self.held_by,
        }
    }
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunEnd {
    /// Simulated time of the end.
    pub t: Nanos,
    /// Why it ended.
    pub reason: EndReason,
    /// The process exit status the program chose (meaningful when `reason` is `Exited`).
    pub status: i32,
    /// For a deadlock: every live thread and what it waits for, in thread order.
    pub stuck: Vec<Stuck>,
    /// How many events the engine recorded in all (a consumer checks it lost none).
    pub events: u64,
}
