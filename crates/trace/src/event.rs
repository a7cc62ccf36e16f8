//! The events the engine records: small, `Copy`, timestamped in simulated nanoseconds.

use serde::{Deserialize, Serialize};

/// Simulated (or, in real-clock mode, measured) time in nanoseconds since the run began.
pub type Nanos = u64;

/// A simulated Python thread; the main thread is 0, others are numbered in creation order.
pub type Tid = u32;

/// A simulated process (`multiprocessing`); the first process is 0.
pub type Pid = u32;

/// An asyncio task (its own lane under its event loop's thread), numbered in creation order.
pub type TaskId = u32;

/// A synchronisation object (lock, event, condition, semaphore), numbered in creation order.
pub type ObjId = u32;

/// Index of a text (program output, thread name) in the trace's text table.
pub type TextId = u32;

/// Marks "no thread" where a thread id is optional in a compact field.
pub const NO_THREAD: Tid = Tid::MAX;

/// One thing that happened to thread `tid` at time `t`, while it was on source line `line`
/// (0 when unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened.
    pub t: Nanos,
    /// The thread it happened to (or that did it).
    pub tid: Tid,
    /// The thread's current source line, 0 if none.
    pub line: u32,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened. Every variant fits in 12 bytes so an [`Event`] stays at 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// `tid` created thread `child` (`Thread.start()` began); names arrive as metadata.
    Spawn { child: Tid },
    /// The thread's OS thread is up and it enters `take_gil` for the first time.
    Begin,
    /// The thread ran its last bytecode; it no longer exists.
    End { outcome: Outcome },
    /// The thread starts waiting for the GIL (it was locked when it asked).
    GilWait,
    /// The thread took the GIL. `switch` is true when it went to a different thread than the
    /// last holder (CPython's `switch_number` increments).
    GilTake { switch: bool },
    /// The thread released the GIL, and why; `at` is the instruction after which (or, for
    /// a blocking call, inside which) it happened, when the program's bytecode says.
    GilDrop {
        reason: DropReason,
        #[serde(default, skip_serializing_if = "Site::is_unknown")]
        at: Site,
    },
    /// A waiter's interval expired with no switch, so it asked `holder` to drop the GIL.
    DropRequest { holder: Tid },
    /// After a forced drop, the old holder waits until another thread has taken the GIL
    /// (FORCE_SWITCHING).
    SwitchWait,
    /// The thread sleeps until `until` (before the OS's timer slack).
    Sleep { until: Nanos },
    /// The thread blocks (GIL released) on something.
    Block { on: WaitOn },
    /// A blocked or sleeping thread is woken by the OS; it will now ask for the GIL.
    Wake { cause: WakeCause },
    /// The thread wrote text (one `write()` system call) to a stream.
    Write { stream: Stream, text: TextId },
    /// The thread acquired a synchronisation object (lock, semaphore) without blocking, or
    /// after being woken.
    Acquire { obj: ObjId },
    /// The thread released a lock or semaphore.
    Release { obj: ObjId },
    /// The thread set an event or notified a condition; `woken` waiters were woken.
    Notify { obj: ObjId, woken: u32 },
    /// The thread was renamed; the new name is text `name`.
    Rename { name: TextId },
    /// Free-form annotation from the program's runtime (text `text`).
    Note { text: TextId },
    /// `tid` started process `pid` (`Process.start()`); its main thread appears as a thread
    /// of that process.
    ProcStart { pid: Pid },
    /// Process `pid` exited with exit code `code` (negative: killed by a signal).
    ProcEnd { pid: Pid, code: i32 },
    /// The thread got simulated CPU core `core` and runs on it.
    OnCore { core: u16 },
    /// The thread left core `core`: it blocked or ended, or (`preempted`) the OS gave the
    /// core to another runnable thread.
    OffCore { core: u16, preempted: bool },
    /// The thread could run (it holds its GIL, or there is none) but every core is busy.
    Ready,
    /// An asyncio task of this thread's event loop changed state.
    Task { task: TaskId, state: TaskState },
    /// Every live thread is blocked with nothing that could wake it (see the deadlock
    /// report in the trace's run end).
    Deadlock,
    /// The simulated time budget (`--max-time`) ran out.
    TimeLimit,
    /// The run is over; the process exit status.
    Exit { status: i32 },
    /// The program set the switch interval (`sys.setswitchinterval`), in nanoseconds.
    SwitchInterval { interval: Nanos },
    /// The thread runs its event's `line` now: a sample taken at a check point when the
    /// line changed, at most every 200 µs of the thread's time, so that where a thread is
    /// is known between its other events. Event logs leave these out.
    Line,
    /// A lost update: the thread stored into shared variable `var` (text id: `counter`,
    /// `self.total`, `d[key]`) a value computed from a read that thread `over`'s store has
    /// made stale since, so `over`'s update (and any other thread's since that read) is
    /// overwritten. `info` indexes the trace's lost-update table: the values, the lines
    /// and times of the read and of the overwritten store, how many updates were lost.
    LostUpdate { var: TextId, over: Tid, info: u32 },
}

impl EventKind {
    /// Whether the event is a happening to tell (a `line` sample is not: it only says
    /// where the thread is).
    pub fn is_told(self) -> bool {
        self != EventKind::Line
    }
}

/// A CPython 3.11 instruction of the program: its opcode number (`Lib/opcode.py`) and its
/// byte offset in its code object, as `python3 -m dis` prints them. Either part can be
/// unknown: the offset when the VM's own bytecode and CPython's do not line up there (the
/// line of the event is then all there is), the whole site outside the program's code or
/// under `--gil 3.9`, whose bytecode is not 3.11's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Site(u32);

impl Default for Site {
    fn default() -> Self {
        Site::UNKNOWN
    }
}

impl Site {
    /// No instruction known.
    pub const UNKNOWN: Site = Site(u32::MAX);
    const NO_OFFSET: u32 = 0x00FF_FFFF;

    /// The instruction with opcode `op` at byte `offset` (`None`: offset unknown; offsets
    /// of 16 MiB and more are unknown too).
    pub fn new(op: u8, offset: Option<u32>) -> Site {
        let off = offset
            .filter(|&o| o < Self::NO_OFFSET)
            .unwrap_or(Self::NO_OFFSET);
        Site(u32::from(op) << 24 | off)
    }

    /// Whether nothing is known.
    pub fn is_unknown(&self) -> bool {
        *self == Site::UNKNOWN
    }

    /// The opcode number, if known.
    pub fn op(self) -> Option<u8> {
        (!self.is_unknown()).then_some((self.0 >> 24) as u8)
    }

    /// The byte offset, if known.
    pub fn offset(self) -> Option<u32> {
        let off = self.0 & Self::NO_OFFSET;
        (!self.is_unknown() && off != Self::NO_OFFSET).then_some(off)
    }

    /// The packed form (opcode in the high byte, offset below), for a thread's hot state.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// A site from its packed form.
    pub fn from_bits(bits: u32) -> Site {
        Site(bits)
    }
}

/// How a thread ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its function returned.
    Returned,
    /// An exception escaped it (Python: printed as `Exception in thread ...`).
    Raised,
    /// Its worker panicked; the engine caught it.
    Panicked,
    /// The run ended (deadlock, time limit, interpreter exit) while it was alive.
    Halted,
}

/// Why the GIL was released: the reason of every handoff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DropReason {
    /// The interval expired and waiter `by` asked (drop request seen at a check point).
    Requested { by: Tid },
    /// `time.sleep`.
    Sleep,
    /// A write system call (`print` to a terminal).
    Write,
    /// `Thread.join`.
    Join,
    /// A blocking lock or semaphore acquire.
    Lock,
    /// `Event.wait`, `Condition.wait` and other waits.
    Wait,
    /// `Thread.start()` waiting for the new thread to run.
    Start,
    /// The thread ended.
    ThreadEnd,
    /// A blocking network, disk or database call (CPython's C code releases the GIL around
    /// the system call: `Py_BEGIN_ALLOW_THREADS`).
    Io,
}

/// What a blocked thread waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum WaitOn {
    /// `join` on a thread.
    Join(Tid),
    /// A lock (also `RLock`), held by the thread in the trace's lock state.
    Lock(ObjId),
    /// An event.
    Event(ObjId),
    /// A condition variable.
    Cond(ObjId),
    /// A semaphore.
    Sem(ObjId),
    /// `Thread.start()` waiting for the child to begin.
    Start(Tid),
    /// An I/O system call (a write).
    Io,
    /// `Process.join()` on a process.
    Process(Pid),
    /// A blocking call to the simulated network, disk or database, and what it waits for
    /// (text: `GET /page/3`, `read 4 KB`, `SELECT ...`).
    Device(IoKind, TextId),
}

/// What a blocking [`WaitOn::Device`] call waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IoKind {
    /// The (simulated) network: an HTTP request and its response.
    Net,
    /// The disk: reading or writing a file.
    Disk,
    /// A database: one SQL statement.
    Db,
}

impl IoKind {
    /// Short lowercase label, for text output and exports.
    pub fn label(self) -> &'static str {
        match self {
            IoKind::Net => "net",
            IoKind::Disk => "disk",
            IoKind::Db => "db",
        }
    }
}

/// Why a blocked thread woke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "tid", rename_all = "snake_case")]
pub enum WakeCause {
    /// Its sleep ended.
    Timer,
    /// Its timed wait ran out.
    Timeout,
    /// Thread `by` released, set, notified or ended what it waited for.
    By(Tid),
    /// Its I/O completed.
    Io,
}

/// An output stream of the simulated process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// The state of an asyncio task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TaskState {
    /// The event loop runs it.
    Running,
    /// Scheduled: it waits for the loop to get to it.
    Ready,
    /// Suspended in an `await` (on what: text `what`).
    Awaiting { what: TextId },
    /// Finished (returned, raised or cancelled).
    Done,
}

/// The per-thread state the timeline draws, derived from the events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThreadState {
    /// Created but not yet running.
    Starting,
    /// Holds the GIL (or needs none) and runs bytecode on a core.
    Running,
    /// Could run, but the OS has no free core for it (more runnable threads than cores).
    Ready,
    /// Waits to take the GIL (including the old holder's wait for the switch).
    WaitingGil,
    /// In `time.sleep`.
    Sleeping,
    /// Blocked on a join, lock, event, condition, semaphore, a write, or a network, disk or
    /// database call.
    Blocked(WaitOn),
    /// Gone.
    Finished,
}

impl ThreadState {
    /// Short lowercase label, for text output and exports.
    pub fn label(self) -> &'static str {
        match self {
            ThreadState::Starting => "starting",
            ThreadState::Running => "running",
            ThreadState::Ready => "ready-no-core",
            ThreadState::WaitingGil => "waiting-gil",
            ThreadState::Sleeping => "sleeping",
            ThreadState::Blocked(WaitOn::Join(_)) => "blocked-join",
            ThreadState::Blocked(WaitOn::Lock(_)) => "blocked-lock",
            ThreadState::Blocked(WaitOn::Io) => "blocked-io",
            ThreadState::Blocked(WaitOn::Start(_)) => "blocked-start",
            ThreadState::Blocked(WaitOn::Device(IoKind::Net, _)) => "blocked-net",
            ThreadState::Blocked(WaitOn::Device(IoKind::Disk, _)) => "blocked-disk",
            ThreadState::Blocked(WaitOn::Device(IoKind::Db, _)) => "blocked-db",
            ThreadState::Blocked(_) => "blocked-wait",
            ThreadState::Finished => "finished",
        }
    }
}

impl DropReason {
    /// Short lowercase label, for text output and exports.
    pub fn label(self) -> &'static str {
        match self {
            DropReason::Requested { .. } => "interval",
            DropReason::Sleep => "sleep",
            DropReason::Write => "write",
            DropReason::Join => "join",
            DropReason::Lock => "lock",
            DropReason::Wait => "wait",
            DropReason::Start => "start",
            DropReason::ThreadEnd => "thread-end",
            DropReason::Io => "io",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_at_most_32_bytes() {
        assert!(
            std::mem::size_of::<Event>() <= 32,
            "{}",
            std::mem::size_of::<Event>()
        );
    }
}
