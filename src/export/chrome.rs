//! The trace as Chrome Trace Event Format JSON (object form), for Perfetto and
//! chrome://tracing: one Chrome process per simulated process, one track per Python thread
//! with its state as complete (`X`) events, a GIL track per process with each holder's
//! tenure, and instant events for prints, drop requests, thread starts and handoffs (with
//! their reason in `args`).
//!
//! Times are whole microseconds since the run began. Both ends of every slice are rounded
//! down, so slices that touch in the trace still touch, and never overlap, in the export;
//! slices shorter than a microsecond after rounding are left out.

use serde::Serialize;
use serde_json::{Value, json};

use crate::i18n::{Catalog, Lang};
use crate::narrate::{drop_reason, reason_tag, wait_on};

/// Trace viewers are developer tools: their labels are English.
fn en() -> &'static Catalog {
    Lang::En.catalog()
}
use crate::trace::file::RunMeta;
use crate::trace::{EventKind, Nanos, Pid, Store, Stream, ThreadState, Tid};

#[derive(Serialize)]
struct Event {
    name: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    cat: &'static str,
    ph: &'static str,
    ts: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    dur: Option<u64>,
    pid: u32,
    tid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'static str>,
    #[serde(skip_serializing_if = "Value::is_null")]
    args: Value,
}

/// Microseconds, rounded down.
fn us(t: Nanos) -> u64 {
    t / 1_000
}

/// The Chrome id of a simulated process or thread (Chrome ids start at 1).
fn id(n: u32) -> u32 {
    n.saturating_add(1)
}

/// A Chrome track: (pid, tid).
type Track = (u32, u32);

/// The track of a Python thread.
fn track(store: &Store, tid: Tid) -> Track {
    (id(store.thread_pid(tid)), id(tid))
}

/// The GIL track of process `pid`: a tid after every thread's.
fn gil_track(store: &Store, pid: Pid) -> Track {
    (id(pid), id(store.threads().len() as u32 + pid))
}

/// What a thread's state is called on its track.
fn state_name(store: &Store, state: ThreadState) -> String {
    match state {
        ThreadState::Starting => "starting".into(),
        ThreadState::Running => "running".into(),
        ThreadState::Ready => "ready (no free core)".into(),
        ThreadState::WaitingGil => "waiting for the GIL".into(),
        ThreadState::Sleeping => "sleeping".into(),
        ThreadState::Blocked(on) => format!("blocked: {}", wait_on(en(), store, on)),
        ThreadState::Finished => "finished".into(),
    }
}

fn meta(name: &str, (pid, tid): Track, args: Value) -> Event {
    Event {
        name: name.into(),
        cat: "",
        ph: "M",
        ts: 0,
        dur: None,
        pid,
        tid,
        s: None,
        args,
    }
}

fn slice(name: String, cat: &'static str, at: Track, from: Nanos, to: Nanos, args: Value) -> Event {
    Event {
        name,
        cat,
        ph: "X",
        ts: us(from),
        dur: Some(us(to) - us(from)),
        pid: at.0,
        tid: at.1,
        s: None,
        args,
    }
}

fn instant(name: String, cat: &'static str, at: Track, t: Nanos, args: Value) -> Event {
    Event {
        name,
        cat,
        ph: "i",
        ts: us(t),
        dur: None,
        pid: at.0,
        tid: at.1,
        s: Some("t"),
        args,
    }
}

/// The whole trace as a Chrome Trace Event Format JSON object, one event per line.
pub fn write(run: &RunMeta, store: &Store) -> Result<String, serde_json::Error> {
    let threads = store.threads();
    let mut head = Vec::new();
    for p in store.procs() {
        let pid = p.meta.pid;
        let name = if pid == 0 {
            format!("{} (CPython, simulated)", run.program)
        } else {
            p.meta.name.clone()
        };
        let main = (id(pid), id(p.meta.main));
        head.push(meta("process_name", main, json!({ "name": name })));
        head.push(meta(
            "process_sort_index",
            main,
            json!({ "sort_index": pid }),
        ));
    }
    for t in threads {
        let at = track(store, t.meta.tid);
        head.push(meta("thread_name", at, json!({ "name": t.name })));
        head.push(meta(
            "thread_sort_index",
            at,
            json!({ "sort_index": t.meta.tid }),
        ));
    }

    let mut body = Vec::new();
    for t in threads {
        let tid = t.meta.tid;
        for (i, seg) in store.lane(tid).iter().enumerate() {
            let end = store.segment_end(tid, i);
            if seg.state == ThreadState::Finished || us(end) <= us(seg.start) {
                continue;
            }
            let args = json!({ "state": seg.state.label() });
            let name = state_name(store, seg.state);
            body.push(slice(
                name,
                "state",
                track(store, tid),
                seg.start,
                end,
                args,
            ));
        }
    }
    for p in store.procs() {
        let pid = p.meta.pid;
        let holds = store.all_holds(pid);
        if holds.is_empty() {
            // No GIL (free-threaded), or it never ran: no GIL track.
            continue;
        }
        let gil = gil_track(store, pid);
        head.push(meta("thread_name", gil, json!({ "name": "GIL" })));
        let last = json!({ "sort_index": threads.len() });
        head.push(meta("thread_sort_index", gil, last));
        for h in holds {
            let to = h.to.unwrap_or(store.clock());
            if us(to) <= us(h.from) {
                continue;
            }
            let args = json!({
                "holder": store.thread_name(h.tid),
                "released": h.reason.map(|r| drop_reason(en(), store, r)),
            });
            let name = store.thread_name(h.tid).to_owned();
            body.push(slice(name, "gil", gil, h.from, to, args));
        }
    }
    for h in store.handoffs() {
        let args = json!({
            "from": store.thread_name(h.from),
            "to": store.thread_name(h.to),
            "reason": drop_reason(en(), store, h.reason),
            "released_us": us(h.released),
            "latency_ns": h.t - h.released,
        });
        let name = format!("handoff ({})", reason_tag(en(), h.reason));
        body.push(instant(name, "gil", gil_track(store, h.pid), h.t, args));
    }
    for e in store.events() {
        let tid = track(store, e.tid);
        match e.kind {
            EventKind::Write { stream, text } => {
                let name = match stream {
                    Stream::Stdout => "print",
                    Stream::Stderr => "print (stderr)",
                };
                let args = json!({ "text": store.text(text) });
                body.push(instant(name.into(), "io", tid, e.t, args));
            }
            EventKind::DropRequest { holder } => {
                let args = json!({ "holder": store.thread_name(holder) });
                body.push(instant("drop request".into(), "gil", tid, e.t, args));
            }
            EventKind::Spawn { child } => {
                let args = json!({ "thread": store.thread_name(child) });
                body.push(instant("start()".into(), "thread", tid, e.t, args));
            }
            _ => {}
        }
    }
    // Time order; at equal times the longer slice first, so that viewers nest correctly.
    body.sort_by_key(|e| (e.ts, std::cmp::Reverse(e.dur.unwrap_or(0))));

    let other = json!({
        "tool": format!("gilscope {}", env!("CARGO_PKG_VERSION")),
        "program": run.program,
        "seed": run.seed,
        "switch_interval_ns": run.switch_interval_ns,
        "clock": run.clock,
    });
    let mut out = String::from("{\"displayTimeUnit\": \"ms\",\n\"otherData\": ");
    out.push_str(&serde_json::to_string(&other)?);
    out.push_str(",\n\"traceEvents\": [");
    for (i, e) in head.iter().chain(&body).enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(e)?);
    }
    out.push_str("\n]}\n");
    Ok(out)
}
