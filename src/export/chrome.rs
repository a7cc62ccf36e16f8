//! The trace as Chrome Trace Event Format JSON (object form), for Perfetto, chrome://tracing
//! and speedscope, written as the run goes so that memory stays bounded however long it is.
//!
//! What is in it (docs/recording.md has the table):
//! - one Chrome process per simulated process, one track per Python thread with its states
//!   as duration slices (`B`/`E`), and a `GIL` track per process with each holder's tenure
//!   and, inside it, how long the holder kept the GIL after a waiter asked for it;
//! - every GIL handoff as a flow (`s` on the thread that released, `f` with `"bp":"e"` on
//!   the thread that took), so Perfetto draws the arrow;
//! - a `GIL waiting` counter per process;
//! - instants for prints (with their text), drop requests, `start()` calls and handoffs
//!   (with the reason) on the threads' tracks, `Process.start()` on the process, and a global
//!   one where `--max-time` cut the run. A thread's instants fall where its state changes (a
//!   print releases the GIL), so that none sits inside a slice a flow must bind to.
//!
//! Slices carry no `args`: speedscope names a slice after its name and its `args`, so slices
//! that should add up (every `running`, every hold of one thread) must have equal ones. The
//! varying detail is on the instants.
//!
//! Times are microseconds since the run began, with three decimals: exact nanoseconds.
//! Slices are `B`/`E` pairs, not `X`: the end of one slice and the start of the next are then
//! the same number in the file, where `ts + dur` in a viewer's floating point can land a hair
//! after the next start and break the nesting (speedscope adds them in doubles).
//!
//! The file is written in windows of about [`WINDOW_EVENTS`] trace events, each window
//! sorted by time. A window ends at a trace event counted from the start of the run, so the
//! bytes do not depend on how the engine's chunks happened to arrive: a run exported as it
//! goes and the same trace saved and exported again give the same file.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::engine::Options;
use crate::i18n::{Catalog, Lang};
use crate::narrate::{drop_reason, reason_tag, wait_on};
use crate::program::TraceSource;
use crate::trace::file::RunMeta;
use crate::trace::{EndReason, EventKind, Nanos, Pid, RunEnd, Store, Stream, ThreadState, Tid};

/// Trace events per window. A window is written once everything in it is final, so the
/// trace kept in memory needs room for one window and one chunk from the engine.
pub const WINDOW_EVENTS: usize = 4096;

/// Events the trace keeps while a run is exported: it drops its oldest half past this, which
/// must never reach what is not written yet (a window and a 4,096-event chunk).
pub const TRACE_BUDGET: usize = 1 << 16;

const _: () = assert!(TRACE_BUDGET / 2 > 4 * WINDOW_EVENTS);

/// The tid of process `pid`'s GIL track: far above any thread's, so that no thread created
/// later takes it.
const GIL_TID: u32 = 1_000_000;

/// Print texts longer than this are cut in the instants' `args` (the output is not what a
/// trace viewer is for).
const TEXT_MAX: usize = 240;

/// Trace viewers are developer tools: their labels are English.
fn en() -> &'static Catalog {
    Lang::En.catalog()
}

/// A Chrome track: (pid, tid).
type Track = (u32, u32);

/// The Chrome id of a simulated process or thread (Chrome ids start at 1).
fn id(n: u32) -> u32 {
    n.saturating_add(1)
}

/// The track of a Python thread.
fn track(store: &Store, tid: Tid) -> Track {
    (id(store.thread_pid(tid)), id(tid))
}

/// The GIL track of process `pid`.
fn gil_track(pid: Pid) -> Track {
    (id(pid), GIL_TID.saturating_add(pid))
}

/// What a thread's state is called on its track (`None`: no slice, the thread is gone).
fn state_name(store: &Store, state: ThreadState) -> Option<String> {
    Some(match state {
        ThreadState::Starting => "starting".into(),
        ThreadState::Running => "running".into(),
        ThreadState::Ready => "ready (no free core)".into(),
        ThreadState::WaitingGil => "waiting for the GIL".into(),
        ThreadState::Sleeping => "sleeping".into(),
        ThreadState::Blocked(on) => format!("blocked: {}", wait_on(en(), store, on)),
        ThreadState::Finished => return None,
    })
}

/// Nanoseconds as microseconds with three decimals: exact, and the same text (so the same
/// double) wherever one instant appears.
fn push_ts(line: &mut String, t: Nanos) {
    use std::fmt::Write as _;
    let _ = write!(line, "{}.{:03}", t / 1000, t % 1000);
}

/// `s` as a JSON string.
fn push_str(line: &mut String, s: &str) {
    use std::fmt::Write as _;
    line.push('"');
    for c in s.chars() {
        match c {
            '"' => line.push_str("\\\""),
            '\\' => line.push_str("\\\\"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            '\t' => line.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(line, "\\u{:04x}", u32::from(c));
            }
            c => line.push(c),
        }
    }
    line.push('"');
}

/// The start of an event line: `{"ph":PH,"name":NAME,"cat":CAT,"pid":P,"tid":T,"ts":TS`.
fn head(ph: &str, name: &str, cat: &str, (pid, tid): Track, t: Nanos) -> String {
    use std::fmt::Write as _;
    let mut line = String::with_capacity(96);
    let _ = write!(line, "{{\"ph\":\"{ph}\",\"name\":");
    push_str(&mut line, name);
    if !cat.is_empty() {
        line.push_str(",\"cat\":");
        push_str(&mut line, cat);
    }
    let _ = write!(line, ",\"pid\":{pid},\"tid\":{tid},\"ts\":");
    push_ts(&mut line, t);
    line
}

/// The order of events at one instant: metadata, then slice ends before slice starts (as
/// Perfetto sorts them), then flows (bound to the slices open at that instant), counters,
/// and instants last (an instant is itself a slice to Perfetto, and a flow after it at the
/// same instant would bind to it).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Meta,
    End,
    Begin,
    Flow,
    Counter,
    Instant,
}

/// One event line waiting to be written, with where it sorts.
struct Line {
    t: Nanos,
    class: Class,
    text: String,
}

/// The slice open on a thread's track.
#[derive(Default)]
struct ThreadTrack {
    /// Its name as written in `thread_name` (after renames), once written.
    name: Option<String>,
    /// The open slice's name.
    open: Option<String>,
    /// Whether the open state is a wait for the GIL (for the counter).
    waiting: bool,
}

/// A process's GIL track and counter.
#[derive(Default)]
struct GilTrack {
    /// `process_name` written.
    named: bool,
    /// `thread_name` of the GIL track written.
    track_named: bool,
    /// The holder whose slice is open, and the slice's name.
    open: Option<(Tid, String)>,
    /// A hold ended at this time; not closed yet in case the same thread takes the GIL
    /// again at that very instant (the two are one slice, as speedscope would merge them).
    pending_end: Option<Nanos>,
    /// The first drop request during the current hold: (holder, time).
    request: Option<(Tid, Nanos)>,
    /// The `drop requested` slice is open.
    child_open: bool,
    /// Threads waiting for this GIL.
    waiting: i64,
}

/// A Chrome trace being written, window by window, as the trace it comes from grows.
pub struct ChromeTrace<W: Write> {
    out: W,
    run: RunMeta,
    /// Events written (for the separators).
    written: u64,
    /// Everything before this time has been written.
    done: Nanos,
    /// Windows passed.
    windows: usize,
    threads: Vec<ThreadTrack>,
    procs: Vec<GilTrack>,
    /// The id of the next flow (ids start at 1: catapult takes 0 for "no flow").
    next_flow: u64,
}

/// What [`stream`] wrote, and how the run ended.
pub struct Exported<W> {
    /// The writer, flushed.
    pub out: W,
    /// How the run ended (`None` for a trace saved before it did).
    pub end: Option<RunEnd>,
    /// The simulated time the trace reaches.
    pub clock: Nanos,
}

impl<W: Write> ChromeTrace<W> {
    /// Starts the file for a run described by `run`.
    pub fn new(mut out: W, run: &RunMeta) -> io::Result<Self> {
        out.write_all(b"{\"traceEvents\":[")?;
        Ok(ChromeTrace {
            out,
            run: run.clone(),
            written: 0,
            done: 0,
            windows: 0,
            threads: Vec::new(),
            procs: Vec::new(),
            next_flow: 1,
        })
    }

    /// Writes every window of `store` that is final: call it after each chunk of a run.
    pub fn update(&mut self, store: &Store) -> io::Result<()> {
        if store.horizon() > self.done {
            return Err(io::Error::other(
                "the trace dropped events before they were written (a bug in gilscope)",
            ));
        }
        loop {
            let boundary = (self.windows + 1) * WINDOW_EVENTS;
            let Some(i) = boundary.checked_sub(store.dropped()) else {
                return Err(io::Error::other("a window boundary was dropped"));
            };
            let Some(e) = store.events().get(i) else {
                return Ok(());
            };
            if e.t > self.done {
                self.window(store, self.done, Some(e.t))?;
                self.done = e.t;
            }
            self.windows += 1;
        }
    }

    /// Writes the rest of `store` (slices still open end at its clock) and the metadata,
    /// and hands back the flushed writer.
    pub fn finish(mut self, store: &Store) -> io::Result<W> {
        self.update(store)?;
        self.window(store, self.done, None)?;
        self.out
            .write_all(b"\n],\n\"displayTimeUnit\":\"ms\",\n\"metadata\":")?;
        let meta = metadata(&self.run, store);
        serde_json::to_writer(&mut self.out, &meta).map_err(io::Error::other)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }

    /// Writes what happened in `[from, to)` (to the end when `to` is `None`).
    fn window(&mut self, store: &Store, from: Nanos, to: Option<Nanos>) -> io::Result<()> {
        let end = to.unwrap_or(Nanos::MAX);
        let mut lines = Vec::new();
        self.threads
            .resize_with(store.threads().len(), ThreadTrack::default);
        self.procs
            .resize_with(store.procs().len().max(1), GilTrack::default);
        self.name_tracks(store, end, &mut lines);
        self.events(store, from, end, &mut lines)?;
        let waits = self.thread_slices(store, from, end, &mut lines);
        self.gil_slices(store, from, end, &mut lines);
        self.flows(store, from, end, &mut lines)?;
        self.counters(waits, &mut lines);
        if to.is_none() {
            self.close(store, &mut lines);
        }
        lines.sort_by_key(|l| (l.t, l.class));
        for l in lines {
            self.out
                .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            self.out.write_all(l.text.as_bytes())?;
            self.written += 1;
        }
        Ok(())
    }

    /// `process_name`, `thread_name` and sort indexes for the threads (and their processes)
    /// whose first state begins before `end`.
    fn name_tracks(&mut self, store: &Store, end: Nanos, lines: &mut Vec<Line>) {
        for (tid, t) in store.threads().iter().enumerate() {
            let Some(first) = store.lane(tid as Tid).first() else {
                continue;
            };
            if self.threads[tid].name.is_some() || first.start >= end {
                continue;
            }
            let pid = t.meta.pid;
            if let Some(p) = self.procs.get_mut(pid as usize)
                && !p.named
            {
                p.named = true;
                let name = if pid == 0 {
                    format!("{} (CPython, simulated)", self.run.program)
                } else {
                    store
                        .procs()
                        .get(pid as usize)
                        .map_or_else(|| format!("process {pid}"), |p| p.meta.name.clone())
                };
                let at = (id(pid), id(t.meta.tid));
                lines.push(meta(
                    first.start,
                    "process_name",
                    at,
                    json!({ "name": name }),
                ));
                let sort = json!({ "sort_index": pid });
                lines.push(meta(first.start, "process_sort_index", at, sort));
            }
            let at = track(store, tid as Tid);
            let name = json!({ "name": t.meta.name });
            lines.push(meta(first.start, "thread_name", at, name));
            let sort = json!({ "sort_index": tid });
            lines.push(meta(first.start, "thread_sort_index", at, sort));
            self.threads[tid].name = Some(t.meta.name.clone());
        }
    }

    /// The instants of `[from, end)`, and what the other passes need from the events: new
    /// thread names, drop requests.
    fn events(
        &mut self,
        store: &Store,
        from: Nanos,
        end: Nanos,
        lines: &mut Vec<Line>,
    ) -> io::Result<()> {
        let events = store.events();
        let first = events.partition_point(|e| e.t < from);
        for e in &events[first..] {
            if e.t >= end {
                break;
            }
            let at = track(store, e.tid);
            match e.kind {
                EventKind::Write { stream, text } => {
                    let name = match stream {
                        Stream::Stdout => "print",
                        Stream::Stderr => "print (stderr)",
                    };
                    let text = store.text(text);
                    let args = if text.len() > TEXT_MAX {
                        let mut cut = TEXT_MAX;
                        while !text.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        json!({ "text": format!("{}…", &text[..cut]), "bytes": text.len() })
                    } else {
                        json!({ "text": text })
                    };
                    lines.push(instant(e.t, name, "io", at, "t", &args)?);
                }
                EventKind::DropRequest { holder } => {
                    let args = json!({ "holder": self.name(holder) });
                    lines.push(instant(e.t, "drop request", "gil", at, "t", &args)?);
                    let pid = store.thread_pid(holder);
                    if let Some(gil) = self.procs.get_mut(pid as usize)
                        && gil.request.is_none()
                        && store.holder_at(pid, e.t) == Some(holder)
                    {
                        gil.request = Some((holder, e.t));
                    }
                }
                EventKind::Spawn { child } => {
                    let args = json!({ "thread": store.threads().get(child as usize).map(|t| &t.meta.name) });
                    lines.push(instant(e.t, "start()", "thread", at, "t", &args)?);
                }
                EventKind::ProcStart { pid } => {
                    // On the process, not the thread: it happens while the thread runs, and
                    // an instant there would catch the flow of the thread's next release.
                    let name = store.procs().get(pid as usize).map(|p| &p.meta.name);
                    let args = json!({ "process": name, "by": self.name(e.tid) });
                    lines.push(instant(e.t, "Process.start()", "process", at, "p", &args)?);
                }
                EventKind::Rename { name } => {
                    let name = store.text(name).to_owned();
                    if let Some(t) = self.threads.get_mut(e.tid as usize)
                        && t.name.is_some()
                    {
                        lines.push(meta(e.t, "thread_name", at, json!({ "name": name })));
                        t.name = Some(name);
                    }
                }
                EventKind::TimeLimit => {
                    let args = json!({ "max_time_ns": self.run.max_time_ns });
                    lines.push(instant(
                        e.t,
                        "time limit (--max-time)",
                        "run",
                        at,
                        "g",
                        &args,
                    )?);
                }
                EventKind::Deadlock => {
                    lines.push(instant(e.t, "deadlock", "run", at, "g", &Value::Null)?);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The name of thread `tid` as last written.
    fn name(&self, tid: Tid) -> String {
        self.threads
            .get(tid as usize)
            .and_then(|t| t.name.clone())
            .unwrap_or_else(|| format!("thread {tid}"))
    }

    /// Each thread's state changes in `[from, end)` as slice ends and starts; returns the
    /// changes in the number of threads waiting for each GIL: (time, pid, +1 or -1).
    fn thread_slices(
        &mut self,
        store: &Store,
        from: Nanos,
        end: Nanos,
        lines: &mut Vec<Line>,
    ) -> Vec<(Nanos, Pid, i64)> {
        let mut waits = Vec::new();
        for (tid, t) in self.threads.iter_mut().enumerate() {
            let tid = tid as Tid;
            let at = track(store, tid);
            let segs = store.lane(tid);
            let first = segs.partition_point(|s| s.start < from);
            for s in &segs[first..] {
                if s.start >= end {
                    break;
                }
                let name = state_name(store, s.state);
                if name != t.open {
                    if let Some(open) = t.open.take() {
                        lines.push(slice_edge(s.start, Class::End, &open, "state", at));
                    }
                    if let Some(name) = name {
                        lines.push(slice_edge(s.start, Class::Begin, &name, "state", at));
                        t.open = Some(name);
                    }
                }
                let waiting = s.state == ThreadState::WaitingGil;
                if waiting != t.waiting {
                    t.waiting = waiting;
                    waits.push((s.start, store.thread_pid(tid), if waiting { 1 } else { -1 }));
                }
            }
        }
        waits
    }

    /// Each process's GIL holds in `[from, end)`, with the `drop requested` slice inside a
    /// hold from the first request to the release.
    fn gil_slices(&mut self, store: &Store, from: Nanos, end: Nanos, lines: &mut Vec<Line>) {
        for pid in 0..self.procs.len() {
            let holds = store.all_holds(pid as Pid);
            let first = holds.partition_point(|h| h.to.is_some_and(|to| to < from));
            let at = gil_track(pid as Pid);
            for h in &holds[first..] {
                if h.from >= end {
                    break;
                }
                if h.to == Some(h.from) {
                    continue;
                }
                let name = self.name(h.tid);
                let gil = &mut self.procs[pid];
                if h.from >= from {
                    if !gil.track_named {
                        gil.track_named = true;
                        lines.push(meta(h.from, "thread_name", at, json!({ "name": "GIL" })));
                        let first = json!({ "sort_index": -1 });
                        lines.push(meta(h.from, "thread_sort_index", at, first));
                    }
                    let same = gil.open.as_ref().is_some_and(|(tid, _)| *tid == h.tid);
                    match gil.pending_end.take() {
                        Some(t) if t == h.from && same => {}
                        pending => {
                            if let Some(t) = pending
                                && let Some((_, open)) = gil.open.take()
                            {
                                lines.push(slice_edge(t, Class::End, &open, "gil", at));
                            }
                            lines.push(slice_edge(h.from, Class::Begin, &name, "gil", at));
                            gil.open = Some((h.tid, name));
                        }
                    }
                }
                if let Some((holder, r)) = gil.request
                    && holder == h.tid
                    && r >= h.from
                    && r < end
                    && h.to.is_none_or(|to| r < to)
                    && !gil.child_open
                {
                    lines.push(slice_edge(r, Class::Begin, "drop requested", "gil", at));
                    gil.child_open = true;
                }
                if let Some(to) = h.to
                    && to >= from
                    && to < end
                {
                    if gil.child_open {
                        gil.child_open = false;
                        lines.push(slice_edge(to, Class::End, "drop requested", "gil", at));
                    }
                    if gil.request.is_some_and(|(_, r)| r < to) {
                        gil.request = None;
                    }
                    gil.pending_end = Some(to);
                }
            }
            let gil = &mut self.procs[pid];
            // The hold that ended last in this window cannot merge with one of the next.
            if let Some(t) = gil.pending_end.take()
                && let Some((_, open)) = gil.open.take()
            {
                lines.push(slice_edge(t, Class::End, &open, "gil", at));
            }
        }
    }

    /// Each handoff of `[from, end)` as a flow from the thread that released the GIL to
    /// the one that took it, and as an instant on the GIL track with the reason.
    fn flows(
        &mut self,
        store: &Store,
        from: Nanos,
        end: Nanos,
        lines: &mut Vec<Line>,
    ) -> io::Result<()> {
        use std::fmt::Write as _;
        for h in store.handoffs_in(from, end) {
            let id = self.next_flow;
            self.next_flow += 1;
            // Inside the slice that ends with the release (a flow binds to the slice open at
            // its time, and at the release itself the next state has begun).
            let released = h.released.saturating_sub(1);
            let mut s = head("s", "GIL handoff", "gil", track(store, h.from), released);
            let _ = write!(s, ",\"id\":{id}}}");
            lines.push(Line {
                t: released,
                class: Class::Flow,
                text: s,
            });
            // The slice that begins with the take, unless the thread ended at that instant.
            let taken = if store.state_at(h.to, h.t) == Some(ThreadState::Finished) {
                h.t.saturating_sub(1)
            } else {
                h.t
            };
            let mut f = head("f", "GIL handoff", "gil", track(store, h.to), taken);
            let _ = write!(f, ",\"id\":{id},\"bp\":\"e\"}}");
            lines.push(Line {
                t: taken,
                class: Class::Flow,
                text: f,
            });
            let mut args = json!({
                "from": self.name(h.from),
                "to": self.name(h.to),
                "reason": drop_reason(en(), store, h.reason),
                "released_ns": h.released,
                "latency_ns": h.t - h.released,
                "flow": id,
            });
            // The CPython instruction it was released at, as `gilscope dis` shows it.
            if let Some(op) = h.at.op().and_then(crate::python::opcode::Op::from_u8)
                && let Some(offset) = h.at.offset()
            {
                args["instruction"] = json!(op.name());
                args["offset"] = json!(offset);
                args["line"] = json!(h.line);
            }
            let name = format!("handoff ({})", reason_tag(en(), h.reason));
            lines.push(instant(h.t, &name, "gil", gil_track(h.pid), "t", &args)?);
        }
        Ok(())
    }

    /// The `GIL waiting` counter of each process, at each instant its value changes.
    fn counters(&mut self, mut waits: Vec<(Nanos, Pid, i64)>, lines: &mut Vec<Line>) {
        use std::fmt::Write as _;
        waits.sort_by_key(|&(t, pid, _)| (t, pid));
        for (i, &(t, pid, d)) in waits.iter().enumerate() {
            let Some(gil) = self.procs.get_mut(pid as usize) else {
                continue;
            };
            gil.waiting += d;
            let last_at_instant = waits
                .get(i + 1)
                .is_none_or(|&(t2, pid2, _)| (t2, pid2) != (t, pid));
            if last_at_instant {
                let mut line = head("C", "GIL", "gil", gil_track(pid), t);
                let _ = write!(line, ",\"args\":{{\"waiting\":{}}}}}", gil.waiting);
                lines.push(Line {
                    t,
                    class: Class::Counter,
                    text: line,
                });
            }
        }
    }

    /// Ends every slice still open at the end of the trace.
    fn close(&mut self, store: &Store, lines: &mut Vec<Line>) {
        let t = store.clock();
        for (tid, track_) in self.threads.iter_mut().enumerate() {
            if let Some(open) = track_.open.take() {
                let at = track(store, tid as Tid);
                lines.push(slice_edge(t, Class::End, &open, "state", at));
            }
        }
        for (pid, gil) in self.procs.iter_mut().enumerate() {
            let at = gil_track(pid as Pid);
            if gil.child_open {
                gil.child_open = false;
                lines.push(slice_edge(t, Class::End, "drop requested", "gil", at));
            }
            if let Some((_, open)) = gil.open.take() {
                lines.push(slice_edge(t, Class::End, &open, "gil", at));
            }
        }
    }
}

fn slice_edge(t: Nanos, class: Class, name: &str, cat: &str, at: Track) -> Line {
    let ph = if class == Class::End { "E" } else { "B" };
    let mut text = head(ph, name, cat, at, t);
    text.push('}');
    Line { t, class, text }
}

fn meta(t: Nanos, name: &str, at: Track, args: Value) -> Line {
    let mut text = head("M", name, "", at, t);
    text.push_str(",\"args\":");
    text.push_str(&args.to_string());
    text.push('}');
    Line {
        t,
        class: Class::Meta,
        text,
    }
}

/// An instant of scope `s` (`t` thread, `g` global).
fn instant(t: Nanos, name: &str, cat: &str, at: Track, s: &str, args: &Value) -> io::Result<Line> {
    use std::fmt::Write as _;
    let mut text = head("i", name, cat, at, t);
    let _ = write!(text, ",\"s\":\"{s}\"");
    if !args.is_null() {
        text.push_str(",\"args\":");
        text.push_str(&serde_json::to_string(args).map_err(io::Error::other)?);
    }
    text.push('}');
    Ok(Line {
        t,
        class: Class::Instant,
        text,
    })
}

/// The file's `metadata`: what was run, and whether the trace stops before the program did.
/// Values are flat (Perfetto keeps strings and integers, as `json_metadata.KEY`).
fn metadata(run: &RunMeta, store: &Store) -> Value {
    let end = store.end();
    let truncated = end.is_some_and(|e| e.reason == EndReason::TimeLimit);
    let mut meta = json!({
        "tool": format!("gilscope {}", env!("CARGO_PKG_VERSION")),
        "program": run.program,
        "seed": run.seed,
        "switch_interval_ns": run.switch_interval_ns,
        "clock": run.clock,
        "gil": run.gil,
        "cores": run.cores,
        "end": match end.map(|e| e.reason) {
            Some(EndReason::Exited) => "exited",
            Some(EndReason::Deadlock) => "deadlock",
            Some(EndReason::TimeLimit) => "time-limit",
            Some(EndReason::Cancelled) => "cancelled",
            None => "unknown",
        },
        "end_ns": store.clock(),
        "truncated": truncated,
    });
    if let Some(e) = end
        && e.reason == EndReason::Exited
    {
        meta["exit_status"] = json!(e.status);
    }
    if let Some(max) = run.max_time_ns {
        meta["max_time_ns"] = json!(max);
    }
    if truncated {
        meta["truncated_because"] = json!(format!(
            "the simulated time limit (--max-time {}) ran out before the program ended",
            crate::report::fmt_time(run.max_time_ns.unwrap_or(store.clock()))
        ));
    }
    meta
}

/// Writes the Chrome trace of a whole trace to `out`, and hands `out` back flushed.
pub fn write_to<W: Write>(out: W, run: &RunMeta, store: &Store) -> io::Result<W> {
    ChromeTrace::new(out, run)?.finish(store)
}

/// The Chrome trace of a whole trace, as text.
pub fn write(run: &RunMeta, store: &Store) -> io::Result<String> {
    let bytes = write_to(Vec::new(), run, store)?;
    String::from_utf8(bytes).map_err(io::Error::other)
}

/// Runs `source` (or reads the trace it holds) and writes its Chrome trace to `out` as the
/// run goes, keeping a bounded trace in memory. On a write error the run is stopped.
pub fn stream<W: Write>(
    source: &TraceSource,
    options: &Options,
    out: W,
) -> io::Result<Exported<W>> {
    match source {
        TraceSource::Run(program) => {
            let mut trace = ChromeTrace::new(out, &program.meta(options))?;
            let mut store = Store::bounded(TRACE_BUDGET);
            let run = program.launch(options.clone());
            while let Ok(chunk) = run.events().recv() {
                let last = chunk.end.is_some();
                store.ingest(chunk);
                trace.update(&store)?;
                if last {
                    break;
                }
            }
            run.stop();
            let end = store.end().cloned();
            Ok(Exported {
                out: trace.finish(&store)?,
                end,
                clock: store.clock(),
            })
        }
        TraceSource::Saved(_) | TraceSource::Broken(_) => {
            let (meta, store) = source.trace(options);
            Ok(Exported {
                out: write_to(out, &meta, &store)?,
                end: store.end().cloned(),
                clock: store.clock(),
            })
        }
    }
}

/// Why speedscope would not read a trace saved under this file name as one, if it would not:
/// speedscope picks its importer by the file name before it looks at the contents
/// (speedscope 1.25, `src/import/index.ts`: a `*.chrome.json` is a Chrome DevTools profile
/// to it). Perfetto and chrome://tracing look at the contents only.
pub fn name_advice(path: &std::path::Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    // speedscope's tests, in its order: the first that matches decides.
    let stamped = |prefix: &str| {
        name.match_indices(prefix).any(|(i, _)| {
            let stamp = name.as_bytes().get(i + prefix.len()..i + prefix.len() + 15);
            stamp.is_some_and(|s| {
                s.iter().enumerate().all(|(k, &b)| {
                    if k == 8 {
                        b == b'T'
                    } else {
                        b.is_ascii_digit()
                    }
                })
            })
        })
    };
    let ends = |ending: &str| name.ends_with(ending);
    let what = if ends(".speedscope.json") {
        "*.speedscope.json for its own format"
    } else if stamped("Trace-") {
        "Trace-YYYYMMDDTHHMMSS for a Chrome DevTools timeline"
    } else if ends(".chrome.json") || stamped("Profile-") {
        "*.chrome.json or Profile-YYYYMMDDTHHMMSS for a Chrome DevTools profile"
    } else if ends(".stackprof.json") {
        "*.stackprof.json for a stackprof profile"
    } else if ends(".instruments.txt") || ends(".linux-perf.txt") || ends(".collapsedstack.txt") {
        "*.instruments.txt, *.linux-perf.txt or *.collapsedstack.txt for stack samples"
    } else if ends(".v8log.json") {
        "*.v8log.json for a V8 log"
    } else if ends(".heapprofile") {
        "*.heapprofile for a Chrome heap profile"
    } else if ends("-recording.json") {
        "*-recording.json for a Safari profile"
    } else if name.starts_with("callgrind.") || ends(".pmcstat.graph") || ends(".jfr") {
        "callgrind.*, *.pmcstat.graph or *.jfr for another profiler's format"
    } else {
        return None;
    };
    Some(format!(
        "speedscope takes a file named {what} and will not read this trace \
         (Perfetto will): name it *.json, e.g. trace.json, for both"
    ))
}
