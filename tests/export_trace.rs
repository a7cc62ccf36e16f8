//! `gilscope export`: Chrome Trace Event Format that Perfetto and chrome://tracing accept,
//! and gilscope's own format, which round-trips byte for byte.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;
mod support;

use std::process::Command;

use gilscope::demo::{ITERATION, cpu_loop};
use gilscope::engine::{Ctx, MS, Options, Primitive, ThreadExit, ThreadSpec};
use gilscope::export::chrome;
use gilscope::program::{Program, TraceSource};
use gilscope::trace::file::RunMeta;
use gilscope::trace::{Store, Stream};
use serde_json::Value;
use support::validate_chrome_trace;

fn demo(seed: u64) -> (RunMeta, Store) {
    let options = Options {
        seed,
        ..Options::default()
    };
    TraceSource::from(Program::Demo).trace(&options)
}

/// Threads that sleep, print, take a lock in turn and join: every state and mark.
fn busy() -> Store {
    common::trace(
        common::opts(1, 5.0),
        Box::new(|ctx: &mut Ctx| {
            let lock = ctx.create(Primitive::Lock, "shared");
            let mut tids = Vec::new();
            for i in 0..3 {
                tids.push(ctx.spawn(
                    ThreadSpec::named(format!("worker-{i}")),
                    Box::new(move |c: &mut Ctx| {
                        for _ in 0..3 {
                            c.acquire(lock, true, None)
                                .map_err(|_| gilscope::engine::Halt)?;
                            // Long enough for the GIL to move on while the lock is held.
                            cpu_loop(c, 8 * MS / ITERATION)?;
                            c.release(lock, 1).map_err(|_| gilscope::engine::Halt)?;
                            c.sleep(MS)?;
                            c.write(Stream::Stdout, "tick\n")?;
                        }
                        common::cpu_body(12 * MS)(c)
                    }),
                )?);
            }
            for t in tids {
                ctx.join(t, None)?;
            }
            Ok(ThreadExit::Returned)
        }),
    )
}

fn events_named<'a>(events: &'a [Value], name: &str) -> Vec<&'a Value> {
    events
        .iter()
        .filter(|e| e["name"].as_str().is_some_and(|n| n.starts_with(name)))
        .collect()
}

#[test]
fn the_chrome_trace_validates_and_tells_the_story() {
    let (meta, store) = demo(2);
    let json = chrome::write(&meta, &store).unwrap();
    let events = validate_chrome_trace(&json);
    let names: Vec<&str> = events
        .iter()
        .filter(|e| e["name"] == "thread_name")
        .map(|e| e["args"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "MainThread",
            "Thread-1 (cpu)",
            "Thread-2 (cpu)",
            "Thread-3 (io)",
            "GIL"
        ]
    );
    // Every handoff, with its reason; every print and drop request.
    let handoffs = events_named(&events, "handoff");
    assert_eq!(handoffs.len(), store.handoffs().len());
    assert!(
        handoffs
            .iter()
            .all(|h| h["args"]["reason"].as_str().is_some())
    );
    assert!(handoffs.iter().any(|h| h["name"] == "handoff (interval)"));
    assert_eq!(events_named(&events, "print").len(), 5);
    assert!(!events_named(&events, "drop request").is_empty());
    // The GIL track: one slice per hold that lasts a microsecond or more (a thread that
    // takes the GIL and drops it at the same instant, to print or sleep, shows as the
    // handoffs around it).
    let gil_tid = store.threads().len() as u64 + 1;
    let holds = events
        .iter()
        .filter(|e| e["ph"] == "X" && e["tid"] == gil_tid)
        .count();
    let lasting = store
        .all_holds(0)
        .iter()
        .filter(|h| h.to.unwrap_or(store.clock()) / 1000 > h.from / 1000)
        .count();
    assert_eq!(holds, lasting);
    assert!(lasting > 20);
    // Timestamps are whole microseconds, in time order after the metadata.
    let ts: Vec<u64> = events
        .iter()
        .filter(|e| e["ph"] != "M")
        .map(|e| e["ts"].as_u64().unwrap())
        .collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]));
    assert!(*ts.last().unwrap() <= store.clock() / 1000);
    // Running time adds up per thread (to within rounding, 1 µs per slice).
    for t in store.threads() {
        let tid = t.meta.tid as u64 + 1;
        let running: u64 = events
            .iter()
            .filter(|e| e["tid"] == tid && e["name"] == "running")
            .map(|e| e["dur"].as_u64().unwrap())
            .sum();
        let stats = store.stats(t.meta.tid, store.clock());
        let slices = events
            .iter()
            .filter(|e| e["tid"] == tid && e["name"] == "running")
            .count() as u64;
        assert!(stats.running / 1000 <= running + slices + 1, "{}", t.name);
        assert!(running <= stats.running / 1000 + 1, "{}", t.name);
    }
}

#[test]
fn locks_sleeps_and_joins_export_without_overlaps() {
    let store = busy();
    let json = chrome::write(&RunMeta::default(), &store).unwrap();
    let events = validate_chrome_trace(&json);
    assert!(!events_named(&events, "blocked: lock").is_empty());
    assert!(!events_named(&events, "blocked: join").is_empty());
    assert!(!events_named(&events, "sleeping").is_empty());
    assert!(!events_named(&events, "waiting for the GIL").is_empty());
    assert_eq!(events_named(&events, "print").len(), 9);
}

#[test]
fn the_validator_rejects_what_viewers_misread() {
    let ok = r#"{"traceEvents":[{"name":"thread_name","ph":"M","ts":0,"pid":1,"tid":1,"args":{"name":"a"}},
        {"name":"x","ph":"X","ts":0,"dur":5,"pid":1,"tid":1}]}"#;
    validate_chrome_trace(ok);
    for bad in [
        // Overlapping slices on one track.
        r#"{"traceEvents":[{"name":"thread_name","ph":"M","ts":0,"pid":1,"tid":1,"args":{"name":"a"}},
            {"name":"x","ph":"X","ts":0,"dur":5,"pid":1,"tid":1},{"name":"y","ph":"X","ts":4,"dur":5,"pid":1,"tid":1}]}"#,
        // A track without a name.
        r#"{"traceEvents":[{"name":"x","ph":"X","ts":0,"dur":5,"pid":1,"tid":1}]}"#,
        // No dur.
        r#"{"traceEvents":[{"name":"thread_name","ph":"M","ts":0,"pid":1,"tid":1,"args":{"name":"a"}},
            {"name":"x","ph":"X","ts":0,"pid":1,"tid":1}]}"#,
        // No ts.
        r#"{"traceEvents":[{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"a"}}]}"#,
    ] {
        assert!(
            std::panic::catch_unwind(|| validate_chrome_trace(bad)).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn the_json_format_round_trips_byte_for_byte_through_the_command() {
    let dir = std::env::temp_dir().join(format!("gilscope-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = |n: &str| dir.join(n);
    let gilscope = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    gilscope(&[
        "export", "demo", "--seed", "4", "--format", "json", "-o", "a.json",
    ]);
    gilscope(&["export", "a.json", "--format", "json", "-o", "b.json"]);
    let a = std::fs::read(path("a.json")).unwrap();
    assert_eq!(a, std::fs::read(path("b.json")).unwrap());
    // The saved trace exports to the same Chrome trace as the run itself.
    gilscope(&["export", "demo", "--seed", "4", "-o", "c1.json"]);
    gilscope(&["export", "a.json", "-o", "c2.json"]);
    assert_eq!(
        std::fs::read(path("c1.json")).unwrap(),
        std::fs::read(path("c2.json")).unwrap()
    );
    validate_chrome_trace(&std::fs::read_to_string(path("c1.json")).unwrap());
    // And it records what was run.
    let text = String::from_utf8(a).unwrap();
    assert!(
        text.contains("\"program\": \"demo (Rust scenario)\""),
        "{}",
        &text[..300]
    );
    assert!(text.contains("\"seed\": 4"));
    std::fs::remove_dir_all(&dir).unwrap();
}
