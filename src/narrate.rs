//! Events explained in plain words, for the status line, the event log and recordings.

use crate::report::fmt_time;
use crate::trace::{DropReason, Event, EventKind, Outcome, Store, Stream, Tid, WaitOn, WakeCause};

/// What an object is called: its label, or its kind and number.
fn object(store: &Store, id: u32) -> String {
    store
        .objects()
        .get(id as usize)
        .map_or_else(|| format!("object {id}"), |o| o.label.clone())
}

/// What a process is called.
fn process(store: &Store, pid: u32) -> String {
    store
        .procs()
        .get(pid as usize)
        .map_or_else(|| format!("#{pid}"), |p| p.meta.name.clone())
}

/// The reason a thread released the GIL, as a phrase ("to sleep").
pub fn drop_reason(store: &Store, reason: DropReason) -> String {
    match reason {
        DropReason::Requested { by } => {
            format!("at a check point, because {} asked", store.thread_name(by))
        }
        DropReason::Sleep => "to sleep".into(),
        DropReason::Write => "to write to the terminal".into(),
        DropReason::Join => "to wait in join()".into(),
        DropReason::Lock => "to wait for a lock".into(),
        DropReason::Wait => "to wait (event or condition)".into(),
        DropReason::Start => "while start() waits for the new thread".into(),
        DropReason::ThreadEnd => "because it finished".into(),
    }
}

/// A short tag for a handoff reason, for the GIL lane.
pub fn reason_tag(reason: DropReason) -> &'static str {
    match reason {
        DropReason::Requested { .. } => "interval",
        DropReason::Sleep => "sleep",
        DropReason::Write => "print",
        DropReason::Join => "join",
        DropReason::Lock => "lock",
        DropReason::Wait => "wait",
        DropReason::Start => "start",
        DropReason::ThreadEnd => "end",
    }
}

/// What a blocked thread waits for, in words.
pub fn wait_on(store: &Store, on: WaitOn) -> String {
    match on {
        WaitOn::Join(t) => format!("join({})", store.thread_name(t)),
        WaitOn::Start(t) => format!("{} to start", store.thread_name(t)),
        WaitOn::Lock(o) => format!("lock {}", object(store, o)),
        WaitOn::Event(o) => format!("event {}", object(store, o)),
        WaitOn::Cond(o) => format!("condition {}", object(store, o)),
        WaitOn::Sem(o) => format!("semaphore {}", object(store, o)),
        WaitOn::Io => "a terminal write".into(),
        WaitOn::Process(p) => format!("process {}", process(store, p)),
    }
}

/// Text as it may be shown on one line: control characters and escapes made visible.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// One sentence explaining `e`.
pub fn sentence(store: &Store, e: &Event) -> String {
    let who = store.thread_label(e.tid);
    let name = |t: Tid| store.thread_label(t);
    match e.kind {
        EventKind::Spawn { child } => {
            format!(
                "{who} calls start() on {}; start() returns once it runs",
                name(child)
            )
        }
        EventKind::Begin => format!("{who} begins and asks for the GIL"),
        EventKind::End { outcome } => match outcome {
            Outcome::Returned => format!("{who} finished"),
            Outcome::Raised => format!("{who} ended with an exception"),
            Outcome::Panicked => format!("{who} failed inside gilscope"),
            Outcome::Halted => format!("{who} was stopped when the run ended"),
        },
        EventKind::GilWait => match store.holder_at(store.thread_pid(e.tid), e.t) {
            Some(h) if h != e.tid => format!("{who} waits for the GIL, held by {}", name(h)),
            _ => format!("{who} waits for the GIL"),
        },
        EventKind::GilTake { switch } => {
            let prev = store
                .handoffs_in(e.t, e.t + 1)
                .iter()
                .find(|h| h.to == e.tid);
            match prev {
                Some(h) if switch => format!(
                    "{who} takes the GIL; {} had released it {}",
                    name(h.from),
                    drop_reason(store, h.reason)
                ),
                _ => format!("{who} takes the GIL"),
            }
        }
        EventKind::GilDrop { reason } => {
            format!("{who} releases the GIL {}", drop_reason(store, reason))
        }
        EventKind::DropRequest { holder } => {
            let lane = store.lane(e.tid);
            let i = lane.partition_point(|s| s.start <= e.t);
            let waited = i.checked_sub(1).map_or(0, |i| e.t - lane[i].start);
            format!(
                "{who} has waited {} for the GIL with no switch, so it asks {} to drop it",
                fmt_time(waited),
                name(holder)
            )
        }
        EventKind::SwitchWait => {
            format!("{who} waits until another thread has taken the GIL (forced switch)")
        }
        EventKind::Sleep { until } => format!("{who} sleeps until {}", fmt_time(until)),
        EventKind::Block { on: WaitOn::Io } => format!("{who} is in a write() system call"),
        EventKind::Block { on } => format!("{who} blocks, waiting for {}", wait_on(store, on)),
        EventKind::Wake { cause } => match cause {
            WakeCause::Timer => format!("{who} wakes up: its sleep is over"),
            WakeCause::Timeout => format!("{who} wakes up: its wait timed out"),
            WakeCause::Io => format!("{who} returns from write()"),
            WakeCause::By(t) if t == e.tid => format!("{who} wakes up"),
            WakeCause::By(t) => format!("{who} wakes up, woken by {}", name(t)),
        },
        EventKind::Write { stream, text } => {
            let to = if stream == Stream::Stderr {
                "stderr"
            } else {
                "stdout"
            };
            format!("{who} writes \"{}\" to {to}", visible(store.text(text)))
        }
        EventKind::Acquire { obj } => format!("{who} acquires {}", object(store, obj)),
        EventKind::Release { obj } => format!("{who} releases {}", object(store, obj)),
        EventKind::Notify { obj, woken } => {
            format!("{who} signals {} (wakes {woken})", object(store, obj))
        }
        EventKind::Rename { name } => format!("thread renamed to {}", store.text(name)),
        EventKind::Note { text } => format!("{who}: {}", store.text(text)),
        EventKind::Deadlock => "Deadlock: every thread waits and nothing can wake them".into(),
        EventKind::TimeLimit => "The simulated time budget ran out".into(),
        EventKind::Exit { status } => format!("The process exits with status {status}"),
        EventKind::ProcStart { pid } => {
            format!("{who} starts process {} (fork)", process(store, pid))
        }
        EventKind::ProcEnd { pid, code } => {
            format!(
                "Process {} exits with exit code {code}",
                process(store, pid)
            )
        }
        EventKind::OnCore { core } => format!("{who} runs on core {core}"),
        EventKind::OffCore {
            core,
            preempted: true,
        } => {
            format!("The OS preempts {who}: core {core} goes to another runnable thread")
        }
        EventKind::OffCore { core, .. } => format!("{who} leaves core {core}"),
        EventKind::Ready => format!("{who} could run, but every core is busy"),
    }
}
