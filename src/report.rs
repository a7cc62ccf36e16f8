//! Headless text front end: a summary of a finished trace, one text line per thread.

use std::fmt::Write as _;

use crate::trace::{EndReason, Nanos, Store, ThreadState, Tid};

/// A time span formatted with a unit that suits it (s, ms, µs, ns).
pub fn fmt_time(ns: Nanos) -> String {
    if ns >= 1_000_000_000 {
        format!("{:.3} s", ns as f64 / 1e9)
    } else if ns >= 1_000_000 {
        format!("{:.2} ms", ns as f64 / 1e6)
    } else if ns >= 1_000 {
        format!("{:.1} µs", ns as f64 / 1e3)
    } else {
        format!("{ns} ns")
    }
}

/// The glyph a text lane uses for a state (distinct without colour).
pub fn glyph(state: Option<ThreadState>) -> char {
    match state {
        None | Some(ThreadState::Finished) => ' ',
        Some(ThreadState::Starting) => '·',
        Some(ThreadState::Running) => '█',
        Some(ThreadState::Ready) => '▒',
        Some(ThreadState::WaitingGil) => '░',
        Some(ThreadState::Sleeping) => 'z',
        Some(ThreadState::Blocked(_)) => '-',
    }
}

/// The state drawn for a column covering `[t0, t1)`: running wins (it is what the GIL
/// shows), then waiting, then whatever the thread was doing at the column's start.
fn column_state(store: &Store, tid: Tid, t0: Nanos, t1: Nanos) -> Option<ThreadState> {
    let (_, segs) = store.segments(tid, t0, t1);
    let mut best = store.state_at(tid, t0);
    for s in segs {
        match s.state {
            ThreadState::Running => return Some(ThreadState::Running),
            ThreadState::WaitingGil => best = Some(ThreadState::WaitingGil),
            other if best.is_none() => best = Some(other),
            _ => {}
        }
    }
    best
}

/// A multi-line summary: how the run ended, one lane per thread across `width` columns,
/// and a table of per-thread statistics.
pub fn summary(store: &Store, width: usize) -> String {
    let mut out = String::new();
    let end = store.clock().max(1);
    let reason = match store.end().map(|e| e.reason) {
        Some(EndReason::Exited) => "exited",
        Some(EndReason::Deadlock) => "DEADLOCK",
        Some(EndReason::TimeLimit) => "time limit reached",
        Some(EndReason::Cancelled) => "cancelled",
        None => "still running",
    };
    let status = store.end().map_or(0, |e| e.status);
    let _ = writeln!(
        out,
        "simulated {} · {reason} (status {status}) · {} events · {} GIL handoffs",
        fmt_time(end),
        store.events().len(),
        store.handoffs().len()
    );
    let name_w = store
        .threads()
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(4)
        .min(24);
    let cols = width.saturating_sub(name_w + 3).max(10);
    let _ = writeln!(out, "{:name_w$}   0{:>w$}", "", fmt_time(end), w = cols - 1);
    for info in store.threads() {
        let tid = info.meta.tid;
        let lane: String = (0..cols)
            .map(|c| {
                let t0 = end * c as u64 / cols as u64;
                let t1 = end * (c as u64 + 1) / cols as u64;
                glyph(column_state(store, tid, t0, t1.max(t0 + 1)))
            })
            .collect();
        let name: String = info.name.chars().take(name_w).collect();
        let _ = writeln!(out, "{name:name_w$} │{lane}│");
    }
    let ready = if store.core_count() > 0 {
        "  ▒ needs a core"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{:name_w$}   █ running  ░ waiting for the GIL{ready}  z sleeping  - blocked",
        ""
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:name_w$}  {:>8} {:>8} {:>8} {:>8} {:>8} {:>12}",
        "thread", "running", "waiting", "sleeping", "blocked", "handoffs", "longest wait"
    );
    for info in store.threads() {
        let s = store.stats(info.meta.tid, end);
        let total = s.total().max(1) as f64;
        let pct = |x: Nanos| format!("{:.0}%", 100.0 * x as f64 / total);
        let name: String = info.name.chars().take(name_w).collect();
        let _ = writeln!(
            out,
            "{name:name_w$}  {:>8} {:>8} {:>8} {:>8} {:>8} {:>12}",
            pct(s.running),
            pct(s.waiting),
            pct(s.sleeping),
            pct(s.blocked),
            s.handoffs,
            fmt_time(s.longest_wait)
        );
    }
    if let Some(end) = store.end() {
        for s in &end.stuck {
            let _ = writeln!(
                out,
                "stuck: {} waits for {}",
                store.thread_name(s.tid),
                crate::run_json::wait_label(store, s)
            );
        }
    }
    out
}
