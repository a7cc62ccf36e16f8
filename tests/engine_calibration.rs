//! Rust-closure scenarios that reproduce the calibration figures of docs/gil.md
//! concerning the engine (rows 2-5, 9, 10, 11, 12, 15), in simulated time.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::*;
use gilscope::engine::{Ctx, Halt, MS, Primitive, SEC, ThreadSpec, US};
use gilscope::trace::{DropReason, EventKind, Nanos, Tid};

/// Two CPU-bound threads of 20 ns iterations for `secs` simulated seconds each.
fn two_cpu(seed: u64, interval_ms: f64, secs: f64) -> gilscope::trace::Store {
    trace(
        opts(seed, interval_ms),
        cpu_threads(2, (secs * SEC as f64) as Nanos),
    )
}

/// The switches while both threads compete (after both started, before one ends).
fn contended_switches(store: &gilscope::trace::Store) -> Vec<(Nanos, Tid)> {
    let first_end = store
        .threads()
        .iter()
        .filter(|t| t.meta.tid != 0)
        .filter_map(|t| t.ended.map(|(e, _)| e))
        .min()
        .unwrap();
    switches(store)
        .into_iter()
        .filter(|&(t, tid)| tid != 0 && t > 20 * MS && t < first_end)
        .collect()
}

/// Rows 2 and 3: period between GIL acquisitions and handoffs per second, for switch
/// intervals of 5, 1 and 20 ms.
#[test]
fn row2_row3_two_cpu_threads_hand_over_at_the_interval() {
    for (interval, period_band, rate_band) in [
        (5.0, (5.05, 5.20), (188.0, 200.0)),
        (1.0, (1.05, 1.15), (870.0, 935.0)),
        (20.0, (20.05, 20.30), (48.5, 50.0)),
    ] {
        let store = two_cpu(7, interval, 0.6);
        let sw = contended_switches(&store);
        let gaps: Vec<Nanos> = sw.windows(2).map(|w| w[1].0 - w[0].0).collect();
        let period = median(gaps) as f64 / MS as f64;
        assert!(
            period >= period_band.0 && period <= period_band.1,
            "interval {interval} ms: period {period:.3} ms"
        );
        let span = (sw.last().unwrap().0 - sw[0].0) as f64 / SEC as f64;
        let rate = (sw.len() - 1) as f64 / span;
        assert!(
            rate >= rate_band.0 && rate <= rate_band.1,
            "interval {interval} ms: {rate:.1} handoffs/s"
        );
    }
}

/// Row 4: strict alternation, and an equal share of CPU.
#[test]
fn row4_two_cpu_threads_alternate_strictly_and_share_evenly() {
    for seed in 0..3 {
        let store = two_cpu(seed, 5.0, 0.3);
        let sw = contended_switches(&store);
        for w in sw.windows(2) {
            assert_ne!(w[0].1, w[1].1, "same thread twice in a row");
        }
        let end = store.clock();
        let a = store.stats(1, end).running as f64;
        let b = store.stats(2, end).running as f64;
        let share = a / (a + b);
        assert!((0.49..=0.51).contains(&share), "share {share:.3}");
    }
}

/// Row 5: the GIL's idle gap at a forced handoff (the OS's wake-up latency): 15-30 us with
/// two threads, 30-50 us with three or four; always within 10-60 us.
#[test]
fn row5_idle_gap_at_a_forced_handoff() {
    for (n, band) in [(2, (15, 30)), (4, (30, 50))] {
        let store = trace(opts(5, 5.0), cpu_threads(n, 100 * MS));
        let gaps: Vec<Nanos> = store
            .handoffs()
            .iter()
            // Once main has started every thread and blocks in join.
            .filter(|h| matches!(h.reason, DropReason::Requested { .. }) && h.t > 40 * MS)
            .map(|h| h.t - h.released)
            .collect();
        assert!(gaps.len() > 10);
        let m = median(gaps.clone()) / US;
        assert!(m >= band.0 && m <= band.1, "{n} threads: median gap {m} us");
        // A waiter whose own timeout fires during the gap can take the GIL sooner: rare.
        let inside = gaps
            .iter()
            .filter(|&&g| (10 * US..=60 * US).contains(&g))
            .count();
        assert!(inside * 10 >= gaps.len() * 9, "{gaps:?}");
    }
}

/// Row 9: `time.sleep(0)` with no other thread costs 0.05-0.1 ms.
#[test]
fn row9_sleep_zero_alone() {
    let store = trace(
        opts(9, 5.0),
        body(|ctx: &mut Ctx| {
            for _ in 0..200 {
                ctx.sleep(0)?;
            }
            Ok(())
        }),
    );
    let per = store.clock() / 200;
    assert!(
        (50 * US..=100 * US).contains(&per),
        "sleep(0) costs {per} ns"
    );
}

/// Row 10: four threads each sleeping 1 s take 1.000-1.005 s; four sleeps in a row take
/// 4.000-4.005 s.
#[test]
fn row10_sleeping_threads_overlap() {
    let parallel = trace(
        opts(10, 5.0),
        body(|ctx: &mut Ctx| {
            let mut tids = Vec::new();
            for i in 0..4 {
                let b = body(|c: &mut Ctx| c.sleep(SEC));
                tids.push(ctx.spawn(ThreadSpec::named(format!("s{i}")), b)?);
            }
            for t in tids {
                ctx.join(t, None)?;
            }
            Ok(())
        }),
    );
    let t = parallel.clock() as f64 / SEC as f64;
    assert!((1.000..=1.005).contains(&t), "4 parallel sleeps: {t:.4} s");
    let serial = trace(
        opts(10, 5.0),
        body(|ctx: &mut Ctx| {
            for _ in 0..4 {
                ctx.sleep(SEC)?;
            }
            Ok(())
        }),
    );
    let t = serial.clock() as f64 / SEC as f64;
    assert!((4.000..=4.005).contains(&t), "4 serial sleeps: {t:.4} s");
}

/// Row 11: `start()` call → target's first statement; → `start()` returns; target end →
/// `join()` returns: 20-150 us each, and the target always runs first.
#[test]
fn row11_start_and_join_latencies() {
    for seed in 0..10 {
        let store = trace(
            opts(seed, 5.0),
            body(|ctx: &mut Ctx| {
                ctx.note("call")?;
                // The target blocks soon (as a print would), so start() can return, and
                // is still alive when main joins it.
                let child = body(|c: &mut Ctx| {
                    c.note("first")?;
                    c.sleep(MS)?;
                    c.compute(10 * US)
                });
                let t = ctx.spawn(ThreadSpec::named("child"), child)?;
                ctx.note("returned")?;
                ctx.join(t, None)?;
                ctx.note("joined")?;
                Ok(())
            }),
        );
        let note = |s: &str| {
            store
                .events()
                .iter()
                .find(|e| matches!(e.kind, EventKind::Note { text } if store.text(text) == s))
                .unwrap()
                .t
        };
        let end = store.threads()[1].ended.unwrap().0;
        let call = note("call");
        let band = 20 * US..=150 * US;
        assert!(band.contains(&(note("first") - call)), "first statement");
        assert!(band.contains(&(note("returned") - call)), "start() returns");
        assert!(note("first") < note("returned"), "the target runs first");
        assert!(
            band.contains(&(note("joined") - end)),
            "join() returns: {}",
            note("joined") - end
        );
    }
}

/// Runs `threads` threads doing `iters` increments of a shared counter with `step`, and
/// returns how many increments were lost.
fn lost_updates(
    threads: u64,
    iters: u64,
    step: fn(&mut Ctx, &AtomicU64, u32) -> Result<(), Halt>,
) -> u64 {
    let counter = Arc::new(AtomicU64::new(0));
    let c2 = Arc::clone(&counter);
    trace(
        opts(12, 5.0),
        body(move |ctx: &mut Ctx| {
            let lock = ctx.create(Primitive::Lock, "counter_lock");
            let mut tids = Vec::new();
            for i in 0..threads {
                let c = Arc::clone(&c2);
                let b = body(move |cx: &mut Ctx| {
                    for _ in 0..iters {
                        step(cx, &c, lock)?;
                        cx.elapse(20);
                        cx.checkpoint()?; // the loop's back-edge
                    }
                    Ok(())
                });
                tids.push(ctx.spawn(ThreadSpec::named(format!("w{i}")), b)?);
            }
            for t in tids {
                ctx.join(t, None)?;
            }
            Ok(())
        }),
    );
    threads * iters - counter.load(Ordering::SeqCst)
}

/// `counter += 1`: read, add, write with no check point inside.
fn increment(ctx: &mut Ctx, c: &AtomicU64, _lock: u32) -> Result<(), Halt> {
    let v = c.load(Ordering::SeqCst);
    ctx.elapse(30);
    c.store(v + 1, Ordering::SeqCst);
    Ok(())
}

/// `tmp = counter; <a call>; counter = tmp + 1`: a check point between read and write.
fn split_increment(ctx: &mut Ctx, c: &AtomicU64, _lock: u32) -> Result<(), Halt> {
    let v = c.load(Ordering::SeqCst);
    ctx.elapse(30);
    ctx.checkpoint()?;
    c.store(v + 1, Ordering::SeqCst);
    Ok(())
}

/// The split increment under a lock.
fn locked_split_increment(ctx: &mut Ctx, c: &AtomicU64, lock: u32) -> Result<(), Halt> {
    ctx.acquire(lock, true, None).map_err(|_| Halt)?;
    split_increment(ctx, c, lock)?;
    ctx.release(lock, 1).map_err(|_| Halt)
}

/// Row 12: `counter += 1` in 2 or 4 threads never loses an increment under the 3.11 GIL;
/// the same read-modify-write split by a check point does.
#[test]
fn row12_counter_increment_is_exact_but_a_split_one_races() {
    for threads in [2, 4] {
        assert_eq!(lost_updates(threads, 300_000, increment), 0);
        assert!(lost_updates(threads, 300_000, split_increment) > 0);
    }
}

/// Row 15: a race protected by a lock loses nothing.
#[test]
fn row15_a_lock_fixes_the_race() {
    for threads in [2, 4] {
        assert_eq!(lost_updates(threads, 100_000, locked_split_increment), 0);
    }
}
