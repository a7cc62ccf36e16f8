//! `gilscope run --json`: one JSON object describing a finished run, read from the trace
//! store only (format documented in `docs/run-json.md`).

use serde_json::{Value as Json, json};

use crate::trace::{EndReason, EventKind, Nanos, Store, Stream, Stuck, WaitOn};

fn secs(ns: Nanos) -> f64 {
    ns as f64 / 1e9
}

/// What a stuck thread waits for, in words.
pub fn wait_label(store: &Store, s: &Stuck) -> String {
    let obj = |o: u32| {
        store.objects().get(o as usize).map_or_else(
            || format!("object {o}"),
            |m| format!("{} {}", m.kind.label(), m.label),
        )
    };
    let what = match s.on {
        WaitOn::Join(t) => format!("join of {}", store.thread_name(t)),
        WaitOn::Start(t) => format!("start of {}", store.thread_name(t)),
        WaitOn::Lock(o) | WaitOn::Event(o) | WaitOn::Cond(o) | WaitOn::Sem(o) => obj(o),
        WaitOn::Io => "I/O".to_owned(),
        WaitOn::Process(p) => format!(
            "join of process {}",
            store
                .procs()
                .get(p as usize)
                .map_or("?", |m| m.meta.name.as_str())
        ),
    };
    match s.held_by {
        Some(t) if !matches!(s.on, WaitOn::Join(_) | WaitOn::Start(_)) => {
            format!("{what} (held by {})", store.thread_name(t))
        }
        _ => what,
    }
}

/// The JSON report of a finished run with exit status `status`.
pub fn to_json(store: &Store, status: i32) -> Json {
    let end_t = store.end().map_or(store.clock(), |e| e.t);
    let lines: Vec<Json> = store
        .writes()
        .iter()
        .filter_map(|&i| {
            let e = store.events().get(i as usize)?;
            match e.kind {
                EventKind::Write {
                    stream: Stream::Stdout,
                    text,
                } => Some(json!({"t_s": secs(e.t), "thread": e.tid, "text": store.text(text)})),
                _ => None,
            }
        })
        .collect();
    let threads: Vec<Json> = store
        .threads()
        .iter()
        .map(|t| {
            let tid = t.meta.tid;
            let end = t.ended.map(|(at, _)| at);
            let s = store.stats(tid, end.unwrap_or(end_t));
            json!({
                "id": tid,
                "name": t.name,
                "start_s": secs(t.created),
                "end_s": end.map(secs),
                "running_s": secs(s.running),
                "waiting_gil_s": secs(s.waiting),
                "sleeping_s": secs(s.sleeping),
                "blocked_s": secs(s.blocked),
            })
        })
        .collect();
    // Every process's GIL, in time order (thread ids are unique across processes).
    let mut all: Vec<_> = (0..store.procs().len().max(1) as u32)
        .flat_map(|p| store.all_holds(p).iter().copied())
        .collect();
    all.sort_by_key(|h| (h.from, h.tid));
    let holds: Vec<Json> = all
        .iter()
        .map(|h| json!([h.tid, secs(h.from), secs(h.to.unwrap_or(end_t))]))
        .collect();
    let handoffs: Vec<Json> = store
        .handoffs()
        .iter()
        .map(|h| json!({"t_s": secs(h.t), "from": h.from, "to": h.to, "reason": h.reason.label()}))
        .collect();
    let deadlock = match store.end() {
        Some(e) if e.reason == EndReason::Deadlock => {
            let stuck: Vec<Json> = e
                .stuck
                .iter()
                .map(|s| {
                    json!({
                        "thread": s.tid,
                        "name": store.thread_name(s.tid),
                        "waits_for": wait_label(store, s),
                        "held_by": s.held_by,
                    })
                })
                .collect();
            json!({ "threads": stuck })
        }
        _ => Json::Null,
    };
    let end_reason = match store.end().map(|e| e.reason) {
        Some(EndReason::Exited) => "exited",
        Some(EndReason::Deadlock) => "deadlock",
        Some(EndReason::TimeLimit) => "time-limit",
        Some(EndReason::Cancelled) | None => "cancelled",
    };
    json!({
        "format": "gilscope-run/1",
        "exit_s": secs(end_t),
        "exit_status": status,
        "end": end_reason,
        "stdout": store.output(Stream::Stdout),
        "stderr": store.output(Stream::Stderr),
        "lines": lines,
        "threads": threads,
        "gil_holds": holds,
        "handoffs": handoffs,
        "deadlock": deadlock,
    })
}
