//! Events explained in plain words, in the catalogue's language, for the status line, the
//! event log and recordings.

use crate::i18n::Catalog;
use crate::trace::{
    DropReason, Event, EventKind, IoKind, Outcome, Site, Store, Stream, TaskState, ThreadState,
    Tid, WaitOn, WakeCause,
};

/// What an object is called: its label, or its kind and number.
fn object(cat: &Catalog, store: &Store, id: u32) -> String {
    store.objects().get(id as usize).map_or_else(
        || cat.f("wait.object", &[("id", &id.to_string())]),
        |o| o.label.clone(),
    )
}

/// What a process is called.
fn process(store: &Store, pid: u32) -> String {
    store
        .procs()
        .get(pid as usize)
        .map_or_else(|| format!("#{pid}"), |p| p.meta.name.clone())
}

/// The reason a thread released the GIL, as a phrase ("to sleep").
pub fn drop_reason(cat: &Catalog, store: &Store, reason: DropReason) -> String {
    match reason {
        DropReason::Requested { by } => {
            cat.f("reason.requested", &[("by", &store.thread_label(by))])
        }
        other => cat.t(reason_key("reason", other)).to_owned(),
    }
}

/// The CPython instruction a GIL release happened at, as `gilscope dis` names it:
/// `JUMP_BACKWARD (offset 28, line 15)`; `None` when the trace does not know it exactly.
pub fn site(cat: &Catalog, at: Site, line: u32) -> Option<String> {
    let op = crate::python::opcode::Op::from_u8(at.op()?)?;
    let offset = at.offset()?;
    Some(cat.f(
        "site.at",
        &[
            ("op", op.name()),
            ("offset", &offset.to_string()),
            ("line", &line.to_string()),
        ],
    ))
}

fn reason_key(group: &str, reason: DropReason) -> &'static str {
    match (group, reason) {
        ("reason", DropReason::Requested { .. }) => "reason.requested",
        ("reason", DropReason::Sleep) => "reason.sleep",
        ("reason", DropReason::Write) => "reason.write",
        ("reason", DropReason::Join) => "reason.join",
        ("reason", DropReason::Lock) => "reason.lock",
        ("reason", DropReason::Wait) => "reason.wait",
        ("reason", DropReason::Start) => "reason.start",
        ("reason", DropReason::ThreadEnd) => "reason.end",
        ("reason", DropReason::Io) => "reason.io",
        (_, DropReason::Requested { .. }) => "tag.requested",
        (_, DropReason::Sleep) => "tag.sleep",
        (_, DropReason::Write) => "tag.write",
        (_, DropReason::Join) => "tag.join",
        (_, DropReason::Lock) => "tag.lock",
        (_, DropReason::Wait) => "tag.wait",
        (_, DropReason::Start) => "tag.start",
        (_, DropReason::ThreadEnd) => "tag.end",
        (_, DropReason::Io) => "tag.io",
    }
}

/// A short tag for a handoff reason, for the GIL lane.
pub fn reason_tag(cat: &Catalog, reason: DropReason) -> &str {
    cat.t(reason_key("tag", reason))
}

/// What a blocked thread waits for, in words.
pub fn wait_on(cat: &Catalog, store: &Store, on: WaitOn) -> String {
    let who = |t: Tid| store.thread_label(t);
    match on {
        WaitOn::Join(t) => cat.f("wait.join", &[("who", &who(t))]),
        WaitOn::Start(t) => cat.f("wait.start", &[("who", &who(t))]),
        WaitOn::Lock(o) => cat.f("wait.lock", &[("obj", &object(cat, store, o))]),
        WaitOn::Event(o) => cat.f("wait.event", &[("obj", &object(cat, store, o))]),
        WaitOn::Cond(o) => cat.f("wait.cond", &[("obj", &object(cat, store, o))]),
        WaitOn::Sem(o) => cat.f("wait.sem", &[("obj", &object(cat, store, o))]),
        WaitOn::Io => cat.t("wait.io").to_owned(),
        WaitOn::Process(p) => cat.f("wait.process", &[("proc", &process(store, p))]),
        WaitOn::Device(kind, what) => {
            let key = match kind {
                IoKind::Net => "wait.net",
                IoKind::Disk => "wait.disk",
                IoKind::Db => "wait.db",
            };
            cat.f(key, &[("what", &visible(store.text(what)))])
        }
    }
}

/// A thread state in words (the details overlay).
pub fn state(cat: &Catalog, store: &Store, s: Option<ThreadState>) -> String {
    match s {
        None => cat.t("state.not_started").to_owned(),
        Some(ThreadState::Starting) => cat.t("state.starting").to_owned(),
        Some(ThreadState::Running) => cat.t("state.running").to_owned(),
        Some(ThreadState::Ready) => cat.t("state.ready").to_owned(),
        Some(ThreadState::WaitingGil) => cat.t("state.waiting").to_owned(),
        Some(ThreadState::Sleeping) => cat.t("state.sleeping").to_owned(),
        Some(ThreadState::Blocked(on)) => {
            cat.f("state.blocked", &[("what", &wait_on(cat, store, on))])
        }
        Some(ThreadState::Finished) => cat.t("state.finished").to_owned(),
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

/// What the thread of wake-up `e` was blocked on just before it: a wake from I/O ends a
/// terminal write or a device call, and the sentence says which. Writes and device calls
/// take time, so a block that begins at the wake's own instant is the next call.
fn blocked_on(store: &Store, e: &Event) -> Option<WaitOn> {
    let lane = store.lane(e.tid);
    let upto = lane.partition_point(|s| s.start < e.t);
    lane[..upto].iter().rev().find_map(|s| match s.state {
        ThreadState::Blocked(on) => Some(on),
        _ => None,
    })
}

/// One sentence explaining `e`.
pub fn sentence(cat: &Catalog, store: &Store, e: &Event) -> String {
    let who = store.thread_label(e.tid);
    let name = |t: Tid| store.thread_label(t);
    let one = |key: &str| cat.f(key, &[("who", &who)]);
    match e.kind {
        EventKind::Spawn { child } => {
            cat.f("narration.spawn", &[("who", &who), ("child", &name(child))])
        }
        // Free-threaded, a thread that begins asks for no GIL.
        EventKind::Begin if !store.has_gil() => one("narration.begin_free"),
        EventKind::Begin => one("narration.begin"),
        EventKind::End { outcome } => one(match outcome {
            Outcome::Returned => "narration.end_returned",
            Outcome::Raised => "narration.end_raised",
            Outcome::Panicked => "narration.end_panicked",
            Outcome::Halted => "narration.end_halted",
        }),
        EventKind::GilWait => match store.holder_at(store.thread_pid(e.tid), e.t) {
            Some(h) if h != e.tid => cat.f(
                "narration.gil_wait_held",
                &[("who", &who), ("holder", &name(h))],
            ),
            _ => one("narration.gil_wait"),
        },
        EventKind::GilTake { switch } => {
            let prev = store
                .handoffs_in(e.t, e.t + 1)
                .iter()
                .find(|h| h.to == e.tid);
            match prev {
                Some(h) if switch => match site(cat, h.at, h.line) {
                    Some(site) => cat.f(
                        "narration.gil_take_from_at",
                        &[
                            ("who", &who),
                            ("from", &name(h.from)),
                            ("site", &site),
                            ("reason", &drop_reason(cat, store, h.reason)),
                        ],
                    ),
                    None => cat.f(
                        "narration.gil_take_from",
                        &[
                            ("who", &who),
                            ("from", &name(h.from)),
                            ("reason", &drop_reason(cat, store, h.reason)),
                        ],
                    ),
                },
                _ => one("narration.gil_take"),
            }
        }
        EventKind::GilDrop { reason, at } => match site(cat, at, e.line) {
            Some(site) => cat.f(
                "narration.gil_drop_at",
                &[
                    ("who", &who),
                    ("site", &site),
                    ("reason", &drop_reason(cat, store, reason)),
                ],
            ),
            None => cat.f(
                "narration.gil_drop",
                &[("who", &who), ("reason", &drop_reason(cat, store, reason))],
            ),
        },
        EventKind::DropRequest { holder } => {
            let lane = store.lane(e.tid);
            let i = lane.partition_point(|s| s.start <= e.t);
            let waited = i.checked_sub(1).map_or(0, |i| e.t - lane[i].start);
            cat.f(
                "narration.drop_request",
                &[
                    ("who", &who),
                    ("waited", &cat.time(waited)),
                    ("holder", &name(holder)),
                ],
            )
        }
        EventKind::SwitchWait => one("narration.switch_wait"),
        EventKind::Sleep { until } => cat.f(
            "narration.sleep",
            &[("who", &who), ("until", &cat.time(until))],
        ),
        EventKind::Block { on: WaitOn::Io } => one("narration.block_io"),
        EventKind::Block {
            on: WaitOn::Device(kind, what),
        } => {
            let key = match kind {
                IoKind::Net => "narration.block_net",
                IoKind::Disk => "narration.block_disk",
                IoKind::Db => "narration.block_db",
            };
            cat.f(key, &[("who", &who), ("what", &visible(store.text(what)))])
        }
        EventKind::Block { on } => cat.f(
            "narration.block",
            &[("who", &who), ("what", &wait_on(cat, store, on))],
        ),
        EventKind::Wake { cause } => match cause {
            WakeCause::Timer => one("narration.wake_timer"),
            WakeCause::Timeout => one("narration.wake_timeout"),
            WakeCause::Io => match blocked_on(store, e) {
                Some(WaitOn::Device(kind, what)) => {
                    let key = match kind {
                        IoKind::Net => "narration.wake_net",
                        IoKind::Disk => "narration.wake_disk",
                        IoKind::Db => "narration.wake_db",
                    };
                    cat.f(key, &[("who", &who), ("what", &visible(store.text(what)))])
                }
                _ => one("narration.wake_io"),
            },
            WakeCause::By(t) if t == e.tid => one("narration.wake"),
            WakeCause::By(t) => cat.f("narration.wake_by", &[("who", &who), ("by", &name(t))]),
        },
        EventKind::Write { stream, text } => {
            let to = if stream == Stream::Stderr {
                "stderr"
            } else {
                "stdout"
            };
            let text = visible(store.text(text));
            cat.f(
                "narration.write",
                &[("who", &who), ("text", &text), ("stream", to)],
            )
        }
        EventKind::Acquire { obj } => cat.f(
            "narration.acquire",
            &[("who", &who), ("obj", &object(cat, store, obj))],
        ),
        EventKind::Release { obj } => cat.f(
            "narration.release",
            &[("who", &who), ("obj", &object(cat, store, obj))],
        ),
        EventKind::Notify { obj, woken } => cat.f(
            "narration.notify",
            &[
                ("who", &who),
                ("obj", &object(cat, store, obj)),
                ("woken", &woken.to_string()),
            ],
        ),
        EventKind::Rename { name } => cat.f("narration.rename", &[("name", store.text(name))]),
        EventKind::Note { text } => cat.f(
            "narration.note",
            &[("who", &who), ("text", store.text(text))],
        ),
        EventKind::Deadlock => cat.t("narration.deadlock").to_owned(),
        EventKind::TimeLimit => cat.t("narration.time_limit").to_owned(),
        EventKind::Exit { status } => cat.f("narration.exit", &[("status", &status.to_string())]),
        EventKind::Line => cat.f(
            "narration.line",
            &[("who", &who), ("line", &e.line.to_string())],
        ),
        EventKind::SwitchInterval { interval } => cat.f(
            "narration.switch_interval",
            &[("who", &who), ("interval", &cat.time(interval))],
        ),
        EventKind::ProcStart { pid } => cat.f(
            "narration.proc_start",
            &[("who", &who), ("proc", &process(store, pid))],
        ),
        EventKind::ProcEnd { pid, code } => cat.f(
            "narration.proc_end",
            &[("proc", &process(store, pid)), ("code", &code.to_string())],
        ),
        EventKind::OnCore { core } => cat.f(
            "narration.on_core",
            &[("who", &who), ("core", &core.to_string())],
        ),
        EventKind::OffCore {
            core,
            preempted: true,
        } => cat.f(
            "narration.preempted",
            &[("who", &who), ("core", &core.to_string())],
        ),
        EventKind::OffCore { core, .. } => cat.f(
            "narration.off_core",
            &[("who", &who), ("core", &core.to_string())],
        ),
        EventKind::Ready => one("narration.ready"),
        EventKind::LostUpdate { var, over, info } => match store.lost_update(info) {
            Some(l) => cat.f(
                "narration.lost_update",
                &[
                    ("who", &who),
                    ("var", store.text(var)),
                    ("stored", &l.stored),
                    ("read", &l.read),
                    ("line", &l.read_line.to_string()),
                    ("over", &name(over)),
                    ("overwritten", &l.overwritten),
                    ("lost", &l.lost.to_string()),
                ],
            ),
            None => cat.f(
                "narration.lost_update_short",
                &[
                    ("who", &who),
                    ("var", store.text(var)),
                    ("over", &name(over)),
                ],
            ),
        },
        EventKind::Task { task, state } => {
            let name = store
                .tasks()
                .get(task as usize)
                .map_or("?", |t| t.meta.name.as_str());
            match state {
                TaskState::Running => cat.f("narration.task_running", &[("task", name)]),
                TaskState::Ready => cat.f("narration.task_ready", &[("task", name)]),
                TaskState::Awaiting { what } => cat.f(
                    "narration.task_awaiting",
                    &[("task", name), ("what", store.text(what))],
                ),
                TaskState::Done => cat.f("narration.task_done", &[("task", name)]),
            }
        }
    }
}
