//! `gilscope run --json`: one JSON object describing a finished run, read from the trace
//! store only (format documented in `docs/run-json.md`).
//!
//! The report is collected while the run goes, from a bounded store ([`Report::collect`]
//! after every chunk), into compact lists (a write is its time, thread and text; a hold
//! three numbers), and written with a streaming serializer at the end. An endless printer
//! so keeps about 60 bytes a print instead of the whole trace, and that memory is part of
//! the heap the VM's `MemoryError` budget counts.

use std::io::{self, Write};

use serde_json::json;

use crate::trace::{EndReason, EventKind, Handoff, Nanos, Store, Stream, Stuck, Tid, WaitOn};

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
    match s.named_holder() {
        Some(t) => format!("{what} (held by {})", store.thread_name(t)),
        None => what,
    }
}

/// One write of the program: when, by whom, to which stream, and where its text ends in
/// [`Report::text`].
#[derive(Clone, Copy, Debug)]
struct WriteRec {
    t: Nanos,
    tid: Tid,
    stream: Stream,
    end: usize,
}

/// One tenure of a GIL: `[thread, from, to]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct HoldRec {
    from: Nanos,
    tid: Tid,
    to: Nanos,
}

/// How far a time-ordered list of the store has been read: everything before `t`, and
/// the first `n` items at `t`. A bounded store drops only items older than everything the
/// last chunk brought, all read already, so the place survives a drop.
#[derive(Clone, Copy, Debug, Default)]
struct Cursor {
    t: Nanos,
    n: usize,
}

impl Cursor {
    /// The index in `items` (ordered by `time`) of the first item not read yet.
    fn start<T>(&self, items: &[T], time: impl Fn(&T) -> Nanos) -> usize {
        let first = items.partition_point(|x| time(x) < self.t);
        let at_t = items[first..].partition_point(|x| time(x) == self.t);
        first + self.n.min(at_t)
    }

    /// Marks an item at `t` read.
    fn read(&mut self, t: Nanos) {
        if t == self.t {
            self.n += 1;
        } else {
            self.t = t;
            self.n = 1;
        }
    }
}

/// A run's report, collected chunk by chunk.
#[derive(Debug, Default)]
pub struct Report {
    /// Every write's text, in order.
    text: String,
    writes: Vec<WriteRec>,
    /// Writes of the store read so far (counted as [`Store::writes_total`] counts).
    writes_read: usize,
    /// Finished GIL tenures, per process.
    holds: Vec<Vec<HoldRec>>,
    hold_cursors: Vec<Cursor>,
    handoffs: Vec<Handoff>,
    handoff_cursor: Cursor,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report::default()
    }

    /// Takes what `store` holds that the report has not: call it after every chunk, before
    /// the store can drop history the report has not read (a bounded store drops only
    /// history older than its last chunk).
    pub fn collect(&mut self, store: &Store) {
        let dropped = store.writes_total() - store.writes().len();
        while self.writes_read < store.writes_total() {
            let k = self.writes_read;
            self.writes_read += 1;
            let Some(e) = k
                .checked_sub(dropped)
                .and_then(|i| store.writes().get(i))
                .and_then(|&i| store.events().get(i as usize))
            else {
                continue;
            };
            if let EventKind::Write { stream, text } = e.kind {
                self.text.push_str(store.text(text));
                self.writes.push(WriteRec {
                    t: e.t,
                    tid: e.tid,
                    stream,
                    end: self.text.len(),
                });
            }
        }
        let procs = store.procs().len().max(1);
        self.holds.resize_with(procs, Vec::new);
        self.hold_cursors.resize(procs, Cursor::default());
        for (pid, (kept, cursor)) in self
            .holds
            .iter_mut()
            .zip(&mut self.hold_cursors)
            .enumerate()
        {
            let all = store.all_holds(pid as u32);
            for h in &all[cursor.start(all, |h| h.from)..] {
                // Only the last hold can still be open; it is read once it ends.
                let Some(to) = h.to else { break };
                cursor.read(h.from);
                kept.push(HoldRec {
                    from: h.from,
                    tid: h.tid,
                    to,
                });
            }
        }
        let all = store.handoffs();
        for h in &all[self.handoff_cursor.start(all, |h| h.t)..] {
            self.handoff_cursor.read(h.t);
            self.handoffs.push(*h);
        }
    }

    /// Writes the JSON report of the run `store` ended (its end, threads and statistics;
    /// the lists come from what [`Report::collect`] took) with exit status `status`.
    pub fn write(&self, store: &Store, status: i32, out: &mut impl Write) -> io::Result<()> {
        let end_t = store.end().map_or(store.clock(), |e| e.t);
        let end_reason = match store.end().map(|e| e.reason) {
            Some(EndReason::Exited) => "exited",
            Some(EndReason::Deadlock) => "deadlock",
            Some(EndReason::TimeLimit) => "time-limit",
            Some(EndReason::Cancelled) | None => "cancelled",
        };
        write!(out, "{{\"format\":\"gilscope-run/1\",\"exit_s\":")?;
        serde_json::to_writer(&mut *out, &secs(end_t))?;
        write!(
            out,
            ",\"exit_status\":{status},\"end\":\"{end_reason}\",\"stdout\":"
        )?;
        self.write_stream(Stream::Stdout, out)?;
        write!(out, ",\"stderr\":")?;
        self.write_stream(Stream::Stderr, out)?;
        write!(out, ",\"lines\":[")?;
        let mut first = true;
        let mut start = 0;
        for w in &self.writes {
            let text = self.text.get(start..w.end).unwrap_or_default();
            start = w.end;
            if w.stream != Stream::Stdout {
                continue;
            }
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            serde_json::to_writer(
                &mut *out,
                &json!({"t_s": secs(w.t), "thread": w.tid, "text": text}),
            )?;
        }
        write!(out, "],\"threads\":[")?;
        for (i, t) in store.threads().iter().enumerate() {
            let tid = t.meta.tid;
            let end = t.ended.map(|(at, _)| at);
            let s = store.stats(tid, end.unwrap_or(end_t));
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(
                &mut *out,
                &json!({
                    "id": tid,
                    "name": t.name,
                    "start_s": secs(t.created),
                    "end_s": end.map(secs),
                    "running_s": secs(s.running),
                    "waiting_gil_s": secs(s.waiting),
                    "sleeping_s": secs(s.sleeping),
                    "blocked_s": secs(s.blocked),
                }),
            )?;
        }
        write!(out, "],\"gil_holds\":[")?;
        for (i, h) in self.holds_in_order(store, end_t).iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, &json!([h.tid, secs(h.from), secs(h.to)]))?;
        }
        write!(out, "],\"handoffs\":[")?;
        for (i, h) in self.handoffs.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(
                &mut *out,
                &json!({"t_s": secs(h.t), "from": h.from, "to": h.to, "reason": h.reason.label()}),
            )?;
        }
        write!(out, "],\"deadlock\":")?;
        match store.end() {
            Some(e) if e.reason == EndReason::Deadlock => {
                let stuck: Vec<_> = e
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
                serde_json::to_writer(&mut *out, &json!({ "threads": stuck }))?;
            }
            _ => out.write_all(b"null")?,
        }
        out.write_all(b"}\n")
    }

    /// Everything written to `stream`, as one JSON string.
    fn write_stream(&self, stream: Stream, out: &mut impl Write) -> io::Result<()> {
        out.write_all(b"\"")?;
        let mut start = 0;
        for w in &self.writes {
            let text = self.text.get(start..w.end).unwrap_or_default();
            start = w.end;
            if w.stream == stream && !text.is_empty() {
                // Escaped piece by piece: each is whole UTF-8, so the pieces escape as the
                // whole would.
                let quoted = serde_json::to_string(text)?;
                out.write_all(&quoted.as_bytes()[1..quoted.len() - 1])?;
            }
        }
        out.write_all(b"\"")
    }

    /// Every process's holds in time order (thread ids are unique across processes), the
    /// ones still open at the end closed there.
    fn holds_in_order(&self, store: &Store, end_t: Nanos) -> Vec<HoldRec> {
        let mut all: Vec<HoldRec> = self.holds.iter().flatten().copied().collect();
        for pid in 0..self.holds.len() {
            if let Some(h) = store.all_holds(pid as u32).last()
                && h.to.is_none()
            {
                all.push(HoldRec {
                    from: h.from,
                    tid: h.tid,
                    to: end_t,
                });
            }
        }
        all.sort_by_key(|h| (h.from, h.tid));
        all
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::engine::{Options, run_to_end};
    use crate::program::Program;
    use crate::python::RunConfig;

    /// The report of `source` collected from a store that keeps only `budget` events,
    /// and from one that keeps them all.
    fn both(source: &str, budget: usize) -> (String, String) {
        let program = Program::python("t.py", source, RunConfig::default()).unwrap();
        let options = Options::default();
        let chunks = run_to_end(options.clone(), program.body(&options));
        let mut bounded = Store::bounded(budget);
        let mut streamed = Report::new();
        for c in chunks.iter().cloned() {
            bounded.ingest(c);
            streamed.collect(&bounded);
        }
        let whole = Store::from_chunks(chunks);
        let mut at_end = Report::new();
        at_end.collect(&whole);
        let mut a = Vec::new();
        streamed.write(&bounded, 0, &mut a).unwrap();
        let mut b = Vec::new();
        at_end.write(&whole, 0, &mut b).unwrap();
        assert!(bounded.dropped() > 0, "the bounded store dropped nothing");
        (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap())
    }

    #[test]
    fn a_report_collected_chunk_by_chunk_from_a_bounded_store_is_the_whole_one() {
        let source = "import threading\n\
                      def work(n):\n\
                      \x20   total = 0\n\
                      \x20   for i in range(4000):\n\
                      \x20       total += i\n\
                      \x20       print(n, i, 'é\\x1b')\n\
                      ts = [threading.Thread(target=work, args=(k,)) for k in range(3)]\n\
                      for t in ts: t.start()\n\
                      for t in ts: t.join()\n\
                      print('done')\n";
        // Twice a chunk (4,096 events), as `run` keeps: each chunk arrives whole.
        let (streamed, whole) = both(source, 8192);
        assert_eq!(streamed, whole);
        let v: serde_json::Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(v["format"], "gilscope-run/1");
        assert!(v["stdout"].as_str().unwrap().ends_with("done\n"));
        let lines: String = v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap())
            .collect();
        assert_eq!(lines, v["stdout"].as_str().unwrap());
        assert!(v["handoffs"].as_array().unwrap().len() > 10);
        let holds = v["gil_holds"].as_array().unwrap();
        assert!(
            holds
                .windows(2)
                .all(|w| w[0][1].as_f64() <= w[1][1].as_f64())
        );
    }
}
