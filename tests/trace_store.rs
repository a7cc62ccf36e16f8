//! The trace store's indexed queries agree with straightforward scans of the same trace.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;

use common::*;
use gilscope::engine::MS;
use gilscope::trace::{Nanos, Store, ThreadState, ThreadStats, Tid};

fn naive_stats(store: &Store, tid: Tid, t: Nanos) -> ThreadStats {
    let mut s = ThreadStats::default();
    let segs = store.lane(tid);
    for (i, seg) in segs.iter().enumerate() {
        if seg.start > t || seg.state == ThreadState::Finished {
            break;
        }
        let end = store.segment_end(tid, i).min(t);
        let d = end.saturating_sub(seg.start);
        match seg.state {
            ThreadState::Running => s.running += d,
            ThreadState::WaitingGil => {
                s.waiting += d;
                s.longest_wait = s.longest_wait.max(d);
            }
            ThreadState::Sleeping => s.sleeping += d,
            ThreadState::Blocked(_) => s.blocked += d,
            _ => {}
        }
    }
    s.handoffs = store
        .handoffs()
        .iter()
        .filter(|h| h.to == tid && h.t <= t)
        .count() as u32;
    s
}

#[test]
fn stats_from_prefix_totals_equal_a_full_scan() {
    // Enough handoffs that every lane has many blocks of prefix totals.
    let store = trace(opts(4, 1.0), cpu_threads(4, 150 * MS));
    assert!(store.lane(1).len() > 200);
    let end = store.clock();
    for tid in 0..5 {
        for k in 0..=97u64 {
            let t = end * k / 97;
            assert_eq!(
                store.stats(tid, t),
                naive_stats(&store, tid, t),
                "tid {tid} at {t}"
            );
        }
    }
}

#[test]
fn segment_and_hold_queries_return_exactly_what_overlaps() {
    let store = trace(opts(6, 5.0), gilscope::demo::demo());
    let end = store.clock();
    for tid in 0..4 {
        let lane = store.lane(tid);
        for k in 0..50u64 {
            let t0 = end * k / 50;
            let t1 = t0 + end / 37;
            let (first, segs) = store.segments(tid, t0, t1);
            let expected: Vec<_> = (0..lane.len())
                .filter(|&i| lane[i].start < t1 && store.segment_end(tid, i) > t0)
                .collect();
            let got: Vec<_> = (first..first + segs.len()).collect();
            // The indexed query may include one zero-overlap neighbour at the edges only
            // when a segment ends exactly at t0.
            for i in &expected {
                assert!(got.contains(i), "tid {tid} [{t0},{t1}) misses segment {i}");
            }
            assert!(got.len() <= expected.len() + 1);
        }
    }
    for k in 0..50u64 {
        let t0 = end * k / 50;
        let t1 = t0 + end / 29;
        let holds = store.holds(0, t0, t1);
        let expected = store
            .all_holds(0)
            .iter()
            .filter(|h| h.from < t1 && h.to.is_none_or(|to| to > t0))
            .count();
        assert_eq!(holds.len(), expected);
        assert!(
            holds
                .iter()
                .all(|h| h.from < t1 && h.to.is_none_or(|to| to > t0))
        );
    }
}

#[test]
fn a_bounded_store_keeps_the_newest_history_exactly() {
    use gilscope::engine;
    use gilscope::engine::{Ctx, ThreadSpec};
    // CPU-bound threads next to one that prints and sleeps.
    let main = body(|ctx: &mut Ctx| {
        let printer = body(|c: &mut Ctx| {
            for i in 0..150 {
                c.write(gilscope::trace::Stream::Stdout, &format!("line {i}\n"))?;
                c.sleep(MS)?;
            }
            Ok(())
        });
        let mut tids = vec![ctx.spawn(ThreadSpec::named("printer"), printer)?];
        for i in 0..3 {
            tids.push(ctx.spawn(ThreadSpec::named(format!("cpu-{i}")), cpu_body(60 * MS))?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        Ok(())
    });
    let chunks = engine::run_to_end(opts(3, 1.0), main);
    let full = Store::from_chunks(chunks.clone());
    assert!(full.events().len() > 2_000, "{}", full.events().len());
    for budget in [64, 500, 1_500] {
        let mut bounded = Store::bounded(budget);
        for c in chunks.clone() {
            bounded.ingest(c);
        }
        let d = bounded.dropped();
        assert!(d > 0, "budget {budget} dropped nothing");
        assert!(bounded.events().len() <= budget);
        assert_eq!(bounded.events(), &full.events()[d..]);
        let horizon = bounded.horizon();
        assert_eq!(horizon, full.events()[d].t);
        assert_eq!(bounded.writes_total(), full.writes_total());
        for k in 0..full.writes_total() {
            match bounded.write(k) {
                Some(w) => assert_eq!(Some(w), full.write(k)),
                None => assert!(
                    full.events()[full.writes()[k] as usize].t < horizon,
                    "write {k} lost"
                ),
            }
        }
        let times: Vec<Nanos> = bounded.events().iter().map(|e| e.t).step_by(7).collect();
        for t in 0..full.threads().len() as Tid {
            for &at in &times {
                assert_eq!(bounded.stats(t, at), full.stats(t, at), "t{t} at {at}");
                assert_eq!(bounded.state_at(t, at), full.state_at(t, at));
            }
        }
        for w in times.windows(2) {
            assert_eq!(bounded.holds(0, w[0], w[1]), full.holds(0, w[0], w[1]));
            assert_eq!(
                bounded.handoffs_in(w[0], w[1]),
                full.handoffs_in(w[0], w[1])
            );
        }
        // Saved and loaded again, what is left reads the same.
        let again = Store::from_chunks([bounded.to_chunk()]);
        for k in 0..again.writes_total() {
            assert_eq!(
                again.write(k),
                bounded.write(k + bounded.writes_total() - again.writes_total())
            );
        }
    }
}

#[test]
fn a_bounded_store_keeps_the_text_of_a_write_that_follows_a_long_silence() {
    use gilscope::engine;
    use gilscope::engine::{Ctx, ThreadSpec};
    use gilscope::trace::Stream;
    // Threads that only compute, then one line at the end: when history is dropped in the
    // middle of the chunk that carries the line, nothing older refers to any text, and the
    // line's text (already in the store, its event not yet) must stay.
    let main = body(|ctx: &mut Ctx| {
        let mut tids = Vec::new();
        for i in 0..3 {
            tids.push(ctx.spawn(ThreadSpec::named(format!("cpu-{i}")), cpu_body(40 * MS))?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        ctx.write(Stream::Stdout, "the end\n")
    });
    let chunks = engine::run_to_end(opts(1, 0.2), main);
    let full = Store::from_chunks(chunks.clone());
    for budget in [16, 64, 500] {
        let mut bounded = Store::bounded(budget);
        for c in chunks.clone() {
            bounded.ingest(c);
        }
        assert!(bounded.dropped() > 0, "budget {budget} dropped nothing");
        assert_eq!(
            bounded.output(Stream::Stdout),
            "the end\n",
            "budget {budget}"
        );
        let last = full.writes_total() - 1;
        assert_eq!(bounded.write(last), full.write(last), "budget {budget}");
    }
}

#[test]
fn a_process_main_thread_is_created_when_its_process_starts() {
    // Its metadata may come in a chunk cut later (host timing decides where the engine
    // cuts): the creation time must come from the trace, not from the chunk.
    use gilscope::trace::{Chunk, Event, EventKind, ProcMeta, ThreadMeta};
    let meta = |tid, pid| ThreadMeta {
        tid,
        name: "MainThread".into(),
        parent: None,
        daemon: false,
        pid,
    };
    let proc_meta = |pid, main| ProcMeta {
        pid,
        name: format!("Process-{pid}"),
        parent: pid.checked_sub(1),
        main,
    };
    let mut store = Store::default();
    store.ingest(Chunk {
        procs: vec![proc_meta(0, 0), proc_meta(1, 1)],
        threads: vec![meta(0, 0), meta(1, 1)],
        clock: 50 * MS,
        ..Chunk::default()
    });
    store.ingest(Chunk {
        events: vec![Event {
            t: 41 * MS,
            tid: 1,
            line: 0,
            kind: EventKind::ProcStart { pid: 1 },
        }],
        clock: 60 * MS,
        ..Chunk::default()
    });
    assert_eq!(store.threads()[1].created, 41 * MS);
}
