//! Processes (one GIL each, simulated cores shared under an OS time-slicing model) and
//! free-threaded runs (no GIL, threads in parallel on the cores): docs/gil.md calibration
//! rows 7, 8, 14, in simulated time.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::*;
use gilscope::demo::cpu_loop;
use gilscope::engine::{Body, Ctx, GilMode, MS, Options, ProcessSpec, ThreadSpec};
use gilscope::trace::{EndReason, EventKind, Nanos, Store, Stream, ThreadState};

const WORK: Nanos = 400 * MS;

fn with(mode: GilMode, seed: u64) -> Options {
    Options {
        gil: mode,
        ..opts(seed, 5.0)
    }
}

fn cpu(ns: Nanos) -> Body {
    body(move |c: &mut Ctx| cpu_loop(c, ns / gilscope::demo::ITERATION))
}

/// Main splits `WORK` over `n` processes and joins them.
fn processes(n: u64) -> Body {
    body(move |ctx: &mut Ctx| {
        let mut pids = Vec::new();
        for i in 0..n {
            pids.push(ctx.spawn_process(
                ProcessSpec {
                    name: format!("Process-{}", i + 1),
                },
                cpu(WORK / n),
            )?);
        }
        for p in pids {
            ctx.join_process(p, None)?;
        }
        Ok(())
    })
}

/// Main splits `WORK` over `n` threads and joins them.
fn threads(n: u64) -> Body {
    body(move |ctx: &mut Ctx| {
        let mut tids = Vec::new();
        for i in 0..n {
            tids.push(ctx.spawn(ThreadSpec::named(format!("t{i}")), cpu(WORK / n))?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        Ok(())
    })
}

fn ratio(store: &Store) -> f64 {
    store.clock() as f64 / WORK as f64
}

/// Row 7: CPU-bound work in 2 or 4 processes on 2 cores takes 0.45-0.60 of the sequential
/// time; threads under the GIL do not speed up (row 6).
#[test]
fn row7_processes_use_both_cores() {
    for n in [2, 4] {
        let store = trace(with(GilMode::V311, 7), processes(n));
        let r = ratio(&store);
        assert!((0.45..=0.60).contains(&r), "{n} processes: {r:.3}");
        assert_eq!(store.procs().len() as u64, n + 1);
        for p in &store.procs()[1..] {
            assert_eq!(p.ended.unwrap().1, 0, "exit code");
        }
    }
    let r = ratio(&trace(with(GilMode::V311, 7), threads(2)));
    assert!((0.95..=1.15).contains(&r), "2 threads with the GIL: {r:.3}");
}

/// With more runnable processes than cores the OS slices time: every process is
/// preempted and waits for a core, and no core ever runs two threads at once.
#[test]
fn more_processes_than_cores_share_them_in_slices() {
    let store = trace(with(GilMode::V311, 3), processes(4));
    assert_eq!(store.core_count(), 2);
    let preempted = store
        .events()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::OffCore {
                    preempted: true,
                    ..
                }
            )
        })
        .count();
    assert!(preempted > 20, "{preempted} preemptions");
    for p in &store.procs()[1..] {
        let main = p.meta.main;
        assert!(
            store.stats(main, store.clock()).ready > 10 * MS,
            "{} never waited for a core",
            p.meta.name
        );
        assert!(
            store
                .lane(main)
                .iter()
                .any(|s| s.state == ThreadState::Ready)
        );
    }
    for core in 0..2 {
        let spans = store.core_spans(core, 0, store.clock() + 1);
        for w in spans.windows(2) {
            assert!(
                w[0].to.unwrap() <= w[1].from,
                "core {core} runs two threads at once"
            );
        }
    }
}

/// Each process has its own GIL: threads of different processes hold their GILs at the
/// same time; threads of one process never do.
#[test]
fn each_process_has_its_own_gil() {
    let two_threads = || {
        body(|c: &mut Ctx| {
            let a = c.spawn(ThreadSpec::named("a"), cpu(30 * MS))?;
            let b = c.spawn(ThreadSpec::named("b"), cpu(30 * MS))?;
            c.join(a, None)?;
            c.join(b, None)?;
            Ok(())
        })
    };
    let main = body(move |ctx: &mut Ctx| {
        let p1 = ctx.spawn_process(
            ProcessSpec {
                name: "Process-1".into(),
            },
            two_threads(),
        )?;
        let p2 = ctx.spawn_process(
            ProcessSpec {
                name: "Process-2".into(),
            },
            two_threads(),
        )?;
        ctx.join_process(p1, None)?;
        ctx.join_process(p2, None)?;
        Ok(())
    });
    let store = trace(with(GilMode::V311, 1), main);
    let mut overlap = 0;
    for pid in 1..=2 {
        let holds = store.all_holds(pid);
        assert!(holds.len() > 5);
        for w in holds.windows(2) {
            assert!(
                w[0].to.unwrap() <= w[1].from,
                "two holders in process {pid}"
            );
        }
        for h in holds {
            let to = h.to.unwrap();
            overlap += store.holds(3 - pid, h.from, to).len();
        }
    }
    assert!(overlap > 5, "the two processes never ran at the same time");
}

/// Row 8: free-threaded, 2 or 4 CPU-bound threads on 2 cores take 0.45-0.60 of the
/// sequential time.
#[test]
fn row8_free_threaded_threads_run_in_parallel() {
    for n in [2, 4] {
        let store = trace(with(GilMode::Off, 8), threads(n));
        let r = ratio(&store);
        assert!(
            (0.45..=0.60).contains(&r),
            "{n} threads without the GIL: {r:.3}"
        );
        assert!(store.all_holds(0).is_empty(), "no GIL, no holds");
    }
}

fn lost(mode: GilMode, n: u64, iters: u64, seed: u64) -> u64 {
    let counter = Arc::new(AtomicU64::new(0));
    let c2 = Arc::clone(&counter);
    trace(
        with(mode, seed),
        body(move |ctx: &mut Ctx| {
            let mut tids = Vec::new();
            for i in 0..n {
                let c = Arc::clone(&c2);
                // counter += 1: LOAD_GLOBAL (a shared read), add, STORE_GLOBAL (a shared
                // write), the loop's back-edge.
                let b = body(move |cx: &mut Ctx| {
                    for _ in 0..iters {
                        cx.shared_access()?;
                        let v = c.load(Ordering::SeqCst);
                        cx.elapse(15);
                        cx.shared_access()?;
                        c.store(v + 1, Ordering::SeqCst);
                        cx.elapse(15);
                        cx.checkpoint()?;
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
    n * iters - counter.load(Ordering::SeqCst)
}

/// Row 14: without the GIL `counter += 1` loses increments in every run; with it, never
/// (row 12).
#[test]
fn row14_free_threaded_races_are_real() {
    for seed in 0..3 {
        for n in [2, 4] {
            let l = lost(GilMode::Off, n, 20_000, seed);
            assert!(l > 0, "seed {seed}, {n} threads: nothing lost");
            assert_eq!(lost(GilMode::V311, n, 20_000, seed), 0);
        }
    }
}

#[test]
fn processes_and_free_threading_are_deterministic_per_seed() {
    let saved = |s: &Store| gilscope::trace::file::write(&Default::default(), s).unwrap();
    for mode in [GilMode::V311, GilMode::Off] {
        let a = saved(&trace(with(mode, 5), processes(4)));
        let b = saved(&trace(with(mode, 5), processes(4)));
        assert_eq!(a, b, "{mode:?} processes");
        let a = saved(&trace(with(mode, 5), threads(4)));
        let b = saved(&trace(with(mode, 5), threads(4)));
        assert_eq!(a, b, "{mode:?} threads");
    }
}

#[test]
fn process_exit_codes_terminate_and_join_timeouts() {
    let main = body(|ctx: &mut Ctx| {
        let failing = body(|c: &mut Ctx| {
            c.set_exit_status(3);
            c.compute(MS)
        });
        let endless = body(|c: &mut Ctx| {
            loop {
                c.sleep(MS)?;
            }
        });
        let p1 = ctx.spawn_process(
            ProcessSpec {
                name: "Process-1".into(),
            },
            failing,
        )?;
        let p2 = ctx.spawn_process(
            ProcessSpec {
                name: "Process-2".into(),
            },
            endless,
        )?;
        let joined = ctx.join_process(p2, Some(20 * MS))?;
        ctx.terminate_process(p2)?;
        ctx.join_process(p2, None)?;
        ctx.join_process(p1, None)?;
        let report = format!(
            "{joined} {:?} {:?}\n",
            ctx.process_exit(p1),
            ctx.process_exit(p2)
        );
        ctx.write(Stream::Stdout, &report)?;
        Ok(())
    });
    let store = trace(with(GilMode::V311, 0), main);
    assert_eq!(store.output(Stream::Stdout), "false Some(3) Some(-15)\n");
    assert_eq!(store.end().unwrap().reason, EndReason::Exited);
}

#[test]
fn a_process_waiting_for_a_process_that_waits_for_it_deadlocks() {
    let main = body(|ctx: &mut Ctx| {
        let ev = ctx.create(gilscope::engine::Primitive::Event, "never");
        let child = body(move |c: &mut Ctx| c.event_wait(ev, None).map(|_| ()));
        let p = ctx.spawn_process(
            ProcessSpec {
                name: "Process-1".into(),
            },
            child,
        )?;
        ctx.join_process(p, None)?;
        Ok(())
    });
    let store = trace(with(GilMode::V311, 0), main);
    assert_eq!(store.end().unwrap().reason, EndReason::Deadlock);
    assert_eq!(store.end().unwrap().stuck.len(), 2);
}
