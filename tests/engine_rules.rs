//! One test per rule of docs/gil.md ("The rules, numbered"), with Rust-closure scenarios, in
//! simulated time.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;

use common::*;
use gilscope::engine::{Ctx, MS, Primitive, ThreadSpec, US};
use gilscope::trace::{
    DropReason, EventKind, IoKind, Nanos, Site, Stream, ThreadState, Tid, WaitOn, WakeCause,
};

/// Rule 1: at most one thread holds the GIL, and only the holder runs.
#[test]
fn rule1_one_holder_at_a_time() {
    for seed in 0..5 {
        let store = trace(opts(seed, 5.0), mixed_scenario());
        let holds = store.all_holds(0);
        assert!(holds.len() > 10);
        for w in holds.windows(2) {
            let end = w[0].to.expect("only the last hold may be open");
            assert!(end <= w[1].from, "holds overlap: {:?} {:?}", w[0], w[1]);
        }
        // Running segments of different threads never overlap.
        let mut running: Vec<(Nanos, Nanos, Tid)> = Vec::new();
        for info in store.threads() {
            let tid = info.meta.tid;
            for (i, s) in store.lane(tid).iter().enumerate() {
                if s.state == ThreadState::Running {
                    running.push((s.start, store.segment_end(tid, i), tid));
                }
            }
        }
        running.sort_unstable();
        for w in running.windows(2) {
            assert!(
                w[0].1 <= w[1].0,
                "two threads run at once: {:?} {:?}",
                w[0],
                w[1]
            );
        }
    }
}

/// Rule 2: with nobody waiting, nothing interrupts the holder.
#[test]
fn rule2_no_interruption_without_a_waiter() {
    let store = trace(opts(1, 5.0), cpu_body(100 * MS));
    let drops = events_where(&store, |e| {
        matches!(
            e.kind,
            EventKind::GilDrop { .. } | EventKind::DropRequest { .. }
        )
    });
    assert_eq!(
        drops.len(),
        1,
        "only the final release at thread end: {drops:?}"
    );
    assert!(matches!(
        drops[0].kind,
        EventKind::GilDrop {
            reason: DropReason::ThreadEnd,
            ..
        }
    ));
    assert!(store.clock() >= 100 * MS);
}

/// Rule 3: a waiter asks only after a full interval with no switch in between.
#[test]
fn rule3_request_after_a_full_interval_without_switch() {
    for interval_ms in [1.0, 5.0] {
        let interval = (interval_ms * MS as f64) as Nanos;
        for seed in 0..5 {
            let store = trace(opts(seed, interval_ms), cpu_threads(3, 60 * MS));
            let requests =
                events_where(&store, |e| matches!(e.kind, EventKind::DropRequest { .. }));
            assert!(requests.len() > 5);
            let sw = switches(&store);
            for r in &requests {
                // The waiter has waited at least one interval...
                let segs = store.lane(r.tid);
                let i = segs.partition_point(|s| s.start <= r.t) - 1;
                assert_eq!(segs[i].state, ThreadState::WaitingGil);
                assert!(r.t - segs[i].start >= interval, "asked too early: {r:?}");
                // ...and the GIL did not change hands during that interval.
                let lo = r.t - interval;
                assert!(
                    !sw.iter().any(|&(t, _)| t > lo && t <= r.t),
                    "request at {} despite a switch in the interval",
                    r.t
                );
            }
        }
    }
}

/// Rule 4: the holder notices a request only at check points.
#[test]
fn rule4_requests_are_noticed_only_at_check_points() {
    let main = body(|ctx: &mut Ctx| {
        // The child yields at once (sleep(0)), so main holds the GIL while the child waits.
        let child = body(|c: &mut Ctx| {
            c.sleep(0)?;
            gilscope::demo::cpu_loop(c, 1_000)
        });
        let t = ctx.spawn(ThreadSpec::named("waiter"), child)?;
        // 20 ms of work with no check point inside (a long C call, or straight-line code).
        ctx.compute(20 * MS)?;
        ctx.checkpoint()?;
        ctx.join(t, None)?;
        Ok(())
    });
    let store = trace(opts(2, 5.0), main);
    let req = events_where(&store, |e| matches!(e.kind, EventKind::DropRequest { .. }));
    let drop = events_where(&store, |e| {
        e.tid == 0
            && matches!(
                e.kind,
                EventKind::GilDrop {
                    reason: DropReason::Requested { .. },
                    ..
                }
            )
    });
    assert_eq!(req.len(), 1);
    assert!(
        req[0].t < 6 * MS,
        "the waiter asks after one interval: {}",
        req[0].t
    );
    assert_eq!(drop.len(), 1);
    assert!(
        drop[0].t >= 20 * MS,
        "dropped inside the work: {}",
        drop[0].t
    );

    // With a check point every 20 ns, the holder reacts within one iteration.
    let store = trace(opts(2, 5.0), cpu_threads(2, 30 * MS));
    for e in store.events() {
        if let EventKind::DropRequest { holder } = e.kind {
            let next = store.events().iter().find(|d| {
                d.t >= e.t && d.tid == holder && matches!(d.kind, EventKind::GilDrop { .. })
            });
            let next = next.expect("the holder drops");
            assert!(next.t - e.t <= 20, "reaction {} ns", next.t - e.t);
        }
    }
}

/// Rule 5: after a forced drop the old holder waits until another thread took the GIL.
#[test]
fn rule5_forced_switch_never_returns_to_the_dropper() {
    let mut forced = 0;
    for seed in 0..10 {
        let store = trace(opts(seed, 5.0), cpu_threads(3, 40 * MS));
        let evs = store.events();
        for (i, e) in evs.iter().enumerate() {
            if let EventKind::GilDrop {
                reason: DropReason::Requested { .. },
                ..
            } = e.kind
            {
                forced += 1;
                assert!(
                    matches!(evs[i + 1].kind, EventKind::SwitchWait) && evs[i + 1].tid == e.tid
                );
                let next_take = evs[i..]
                    .iter()
                    .find(|x| matches!(x.kind, EventKind::GilTake { .. }))
                    .expect("someone takes it");
                assert_ne!(next_take.tid, e.tid, "the dropper won its own release back");
            }
        }
    }
    assert!(forced > 50);
}

/// Rule 6: one waiter is woken per release, chosen by the OS: not FIFO, and not always the
/// thread that asked.
#[test]
fn rule6_the_woken_waiter_is_not_chosen_in_fifo_order() {
    let mut not_requester = 0;
    let mut total = 0;
    let mut orders = std::collections::BTreeSet::new();
    for seed in 0..10 {
        let store = trace(opts(seed, 5.0), cpu_threads(4, 50 * MS));
        for h in store.handoffs() {
            if let DropReason::Requested { by } = h.reason {
                total += 1;
                if by != h.to {
                    not_requester += 1;
                }
            }
        }
        let order: Vec<Tid> = store.handoffs().iter().map(|h| h.to).take(12).collect();
        orders.insert(order);
    }
    assert!(
        not_requester > 0 && not_requester < total,
        "{not_requester} of {total}"
    );
    assert!(orders.len() > 5, "handoff order should vary with the seed");
}

/// Rule 7: every blocking call releases the GIL, sleep(0) included, even if it returns at
/// once; the caller then takes it back like any waiter.
#[test]
fn rule7_blocking_calls_release_the_gil() {
    let main = body(|ctx: &mut Ctx| {
        let cpu = ctx.spawn(ThreadSpec::named("cpu"), cpu_body(100 * MS))?;
        let lock = ctx.create(Primitive::Lock, "lock");
        for _ in 0..5 {
            ctx.sleep(0)?;
        }
        ctx.acquire(lock, true, None)
            .map_err(|_| gilscope::engine::Halt)?;
        ctx.release(lock, 1).map_err(|_| gilscope::engine::Halt)?;
        ctx.write(Stream::Stdout, "x\n")?;
        ctx.join(cpu, None)?;
        Ok(())
    });
    let store = trace(opts(3, 5.0), main);
    let main_drops: Vec<DropReason> = store
        .events()
        .iter()
        .filter(|e| e.tid == 0)
        .filter_map(|e| match e.kind {
            EventKind::GilDrop { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    let sleeps = main_drops
        .iter()
        .filter(|r| **r == DropReason::Sleep)
        .count();
    assert_eq!(sleeps, 5, "sleep(0) releases every time: {main_drops:?}");
    // An uncontended lock is taken without releasing the GIL.
    assert!(!main_drops.contains(&DropReason::Lock));
    assert!(main_drops.contains(&DropReason::Write));
    assert!(main_drops.contains(&DropReason::Join));
    // Convoy: the CPU thread takes the GIL at each sleep(0); main needs a whole interval to
    // get it back, so five sleep(0) cost about five intervals.
    let first = store
        .events()
        .iter()
        .find(|e| {
            e.tid == 0
                && e.kind
                    == EventKind::GilDrop {
                        reason: DropReason::Sleep,
                        at: Site::UNKNOWN,
                    }
        })
        .map(|e| e.t);
    let wrote = store
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::Write { .. }))
        .map(|e| e.t);
    let span = wrote.unwrap() - first.unwrap();
    assert!(
        (20 * MS..=32 * MS).contains(&span),
        "5 x sleep(0) took {span} ns"
    );

    // A contended lock: the blocking acquire releases the GIL.
    let main = body(|ctx: &mut Ctx| {
        let lock = ctx.create(Primitive::Lock, "lock");
        ctx.acquire(lock, true, None)
            .map_err(|_| gilscope::engine::Halt)?;
        let t = ctx.spawn(
            ThreadSpec::named("taker"),
            body(move |c: &mut Ctx| {
                c.acquire(lock, true, None)
                    .map_err(|_| gilscope::engine::Halt)?;
                c.release(lock, 1).map_err(|_| gilscope::engine::Halt)
            }),
        )?;
        ctx.sleep(MS)?;
        ctx.release(lock, 1).map_err(|_| gilscope::engine::Halt)?;
        ctx.join(t, None)?;
        Ok(())
    });
    let store = trace(opts(3, 5.0), main);
    assert!(store.events().iter().any(|e| e.tid == 1
        && e.kind
            == EventKind::GilDrop {
                reason: DropReason::Lock,
                at: Site::UNKNOWN,
            }));
    assert!(store.events().iter().any(|e| e.tid == 1
        && e.kind
            == EventKind::Wake {
                cause: WakeCause::By(0)
            }));
}

/// Rule 8: `start()` returns only after the new thread ran; `join()` returns after the
/// thread ended, then re-takes the GIL.
#[test]
fn rule8_start_returns_after_the_new_thread_ran() {
    for seed in 0..10 {
        let main = body(|ctx: &mut Ctx| {
            let t = ctx.spawn(ThreadSpec::named("child"), cpu_body(2 * MS))?;
            ctx.note("start returned")?;
            ctx.join(t, None)?;
            ctx.note("join returned")?;
            Ok(())
        });
        let store = trace(opts(seed, 5.0), main);
        let evs = store.events();
        let child_runs = evs
            .iter()
            .position(|e| e.tid == 1 && matches!(e.kind, EventKind::GilTake { .. }));
        let returned = evs
            .iter()
            .position(|e| matches!(e.kind, EventKind::Note { .. }));
        assert!(
            child_runs.unwrap() < returned.unwrap(),
            "start() returned before the child ran"
        );
        // Right after start(), the child holds the GIL and main waits for it.
        let spawn_t = evs
            .iter()
            .find(|e| matches!(e.kind, EventKind::Spawn { .. }))
            .unwrap()
            .t;
        assert_eq!(store.holder_at(0, spawn_t + 200 * US), Some(1));
        let end = evs
            .iter()
            .position(|e| e.tid == 1 && matches!(e.kind, EventKind::End { .. }));
        let joined = evs
            .iter()
            .rposition(|e| matches!(e.kind, EventKind::Note { .. }));
        assert!(end.unwrap() < joined.unwrap());
    }
}

/// Rule 9 (engine side): a write is one system call with the GIL released, so another
/// thread can write between a thread's text and its newline when they are two writes
/// (`python -u`): lines glue together for some seeds.
#[test]
fn rule9_a_write_releases_the_gil_so_unbuffered_lines_can_glue() {
    let mut glued_runs = 0;
    for seed in 0..10 {
        let main = body(|ctx: &mut Ctx| {
            let mut tids = Vec::new();
            for name in ["a", "b", "c", "d"] {
                let b = body(move |c: &mut Ctx| {
                    for _ in 0..10 {
                        c.write(Stream::Stdout, name)?;
                        c.write(Stream::Stdout, "\n")?;
                        c.sleep(gilscope::engine::SEC)?;
                    }
                    Ok(())
                });
                tids.push(ctx.spawn(ThreadSpec::named(name), b)?);
            }
            for t in tids {
                ctx.join(t, None)?;
            }
            Ok(())
        });
        let store = trace(opts(seed, 5.0), main);
        let writes = events_where(&store, |e| matches!(e.kind, EventKind::Write { .. }));
        assert_eq!(writes.len(), 80, "one event per write");
        let out = store.output(Stream::Stdout);
        assert_eq!(out.len(), 80);
        if out.lines().any(|l| l.len() > 1) {
            glued_runs += 1;
        }
    }
    assert!(glued_runs > 0, "no seed glued two lines together");
}

/// A scenario mixing CPU work, sleeps, locks and writes, for invariant checks.
fn mixed_scenario() -> gilscope::engine::Body {
    body(|ctx: &mut Ctx| {
        let lock = ctx.create(Primitive::Lock, "shared");
        let mut tids = Vec::new();
        for i in 0..3u64 {
            let b = body(move |c: &mut Ctx| {
                for k in 0..20u64 {
                    gilscope::demo::cpu_loop(c, 5_000 * (i + 1))?;
                    if k % 3 == 0 {
                        c.sleep((k + i) * 100 * US)?;
                    }
                    c.acquire(lock, true, None)
                        .map_err(|_| gilscope::engine::Halt)?;
                    c.compute(50 * US)?;
                    c.release(lock, 1).map_err(|_| gilscope::engine::Halt)?;
                    c.write(Stream::Stdout, "w\n")?;
                }
                Ok(())
            });
            tids.push(ctx.spawn(ThreadSpec::named(format!("t{i}")), b)?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        Ok(())
    })
}

/// Rule 7 for the network, the disk and a database: a device call releases the GIL (the
/// reason says `io`), blocks for its duration plus a seeded jitter, says what it waits
/// for, and another thread holds the GIL meanwhile.
#[test]
fn device_calls_release_the_gil_for_their_duration_and_say_what_they_wait_for() {
    let run = |seed: u64| {
        let main = body(|ctx: &mut Ctx| {
            let cpu = ctx.spawn(ThreadSpec::named("cpu"), cpu_body(200 * MS))?;
            ctx.device(IoKind::Net, "GET /page/3", 50 * MS, 10 * MS)?;
            ctx.join(cpu, None)?;
            Ok(())
        });
        trace(opts(seed, 5.0), main)
    };
    let store = run(7);
    let block = store
        .events()
        .iter()
        .find(|e| {
            e.tid == 0
                && matches!(
                    e.kind,
                    EventKind::Block {
                        on: WaitOn::Device(..)
                    }
                )
        })
        .copied()
        .unwrap();
    let EventKind::Block {
        on: WaitOn::Device(IoKind::Net, what),
    } = block.kind
    else {
        panic!("{block:?}");
    };
    assert_eq!(store.text(what), "GET /page/3");
    assert!(store.events().iter().any(|e| e.tid == 0
        && matches!(
            e.kind,
            EventKind::GilDrop {
                reason: DropReason::Io,
                ..
            }
        )));
    let woke = store
        .events()
        .iter()
        .find(|e| {
            e.tid == 0
                && e.kind
                    == EventKind::Wake {
                        cause: WakeCause::Io,
                    }
        })
        .map(|e| e.t)
        .unwrap();
    let waited = woke - block.t;
    assert!((50 * MS..=60 * MS).contains(&waited), "waited {waited} ns");
    assert_eq!(
        store.state_at(0, block.t + MS),
        Some(ThreadState::Blocked(WaitOn::Device(IoKind::Net, what)))
    );
    // The CPU thread holds the GIL while main waits for the network.
    assert_eq!(
        store.state_at(1, block.t + 20 * MS),
        Some(ThreadState::Running)
    );
    // Same seed, same jitter; the seeds do not all draw the same one.
    let wait_of = |s: &gilscope::trace::Store| {
        let b = s
            .events()
            .iter()
            .find(|e| {
                e.tid == 0
                    && matches!(
                        e.kind,
                        EventKind::Block {
                            on: WaitOn::Device(..)
                        }
                    )
            })
            .map(|e| e.t)
            .unwrap();
        let w = s
            .events()
            .iter()
            .find(|e| {
                e.tid == 0
                    && e.kind
                        == EventKind::Wake {
                            cause: WakeCause::Io,
                        }
            })
            .map(|e| e.t)
            .unwrap();
        w - b
    };
    assert_eq!(wait_of(&run(7)), waited);
    let waits: std::collections::BTreeSet<Nanos> = (0..6).map(|s| wait_of(&run(s))).collect();
    assert!(waits.len() > 1, "{waits:?}");
}
