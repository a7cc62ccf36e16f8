//! `gilscope export`: the Chrome trace follows the Trace Event Format as Perfetto,
//! chrome://tracing and speedscope read it (slices nest, every GIL handoff is a flow bound to
//! the right threads), is written as the run goes, and says where `--max-time` cut it; and
//! gilscope's own format round-trips byte for byte.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod chrome_rules;
mod common;

use std::process::Command;

use chrome_rules::{assert_handoffs_are_flows, check, thread_track};
use gilscope::demo::{ITERATION, cpu_loop};
use gilscope::engine::{Ctx, MS, Options, Primitive, ProcessSpec, ThreadExit, ThreadSpec};
use gilscope::export::chrome;
use gilscope::program::{Program, TraceSource};
use gilscope::trace::file::RunMeta;
use gilscope::trace::{Store, Stream};
use serde_json::Value;

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

#[test]
fn the_chrome_trace_validates_and_tells_the_story() {
    let (meta, store) = demo(2);
    let json = chrome::write(&meta, &store).unwrap();
    let trace = check(&json);
    let names: std::collections::BTreeSet<&str> =
        trace.thread_names.values().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "GIL",
            "MainThread",
            "Thread-1 (cpu)",
            "Thread-2 (cpu)",
            "Thread-3 (io)"
        ]
        .into()
    );
    // The GIL track comes first in its process.
    let gil = trace.track(1, "GIL");
    assert!(trace.named("thread_sort_index").iter().any(|e| {
        (e["pid"].as_u64(), e["tid"].as_u64()) == (Some(gil.0), Some(gil.1))
            && e["args"]["sort_index"] == -1
    }));
    assert_handoffs_are_flows(&store, &trace);
    assert!(store.handoffs().len() > 20);
    // Every handoff, with its reason, on the GIL track; every print and drop request.
    let handoffs: Vec<&Value> = trace
        .events
        .iter()
        .filter(|e| {
            e["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("handoff ("))
        })
        .collect();
    assert_eq!(handoffs.len(), store.handoffs().len());
    assert!(
        handoffs
            .iter()
            .all(|h| h["args"]["reason"].as_str().is_some())
    );
    assert!(handoffs.iter().any(|h| h["name"] == "handoff (interval)"));
    assert_eq!(trace.named("print").len(), 5);
    let requests = trace.named("drop request");
    assert!(!requests.is_empty());
    // A drop request is also a slice in the holder's hold, from the request to the release.
    let asked = trace.slices_named("drop requested");
    assert!(!asked.is_empty() && asked.len() <= requests.len());
    for a in &asked {
        assert_eq!((a.track, a.depth), (gil, 1));
        let hold = trace
            .slices
            .iter()
            .find(|s| s.track == gil && s.depth == 0 && s.start <= a.start && a.end <= s.end);
        assert!(hold.is_some_and(|h| h.end == a.end), "{a:?}");
    }
    // The GIL track holds each thread's tenure to the nanosecond.
    for t in store.threads() {
        let held: u64 = store
            .all_holds(0)
            .iter()
            .filter(|h| h.tid == t.meta.tid)
            .map(|h| h.to.unwrap_or(store.clock()) - h.from)
            .sum();
        let slices: u64 = trace
            .slices
            .iter()
            .filter(|s| s.track == gil && s.depth == 0 && s.name == t.name)
            .map(|s| s.end - s.start)
            .sum();
        assert_eq!(slices, held, "{}", t.name);
        // And its own track each state, to the nanosecond.
        let running: u64 = trace
            .slices
            .iter()
            .filter(|s| s.track == thread_track(&store, t.meta.tid) && s.name == "running")
            .map(|s| s.end - s.start)
            .sum();
        assert_eq!(
            running,
            store.stats(t.meta.tid, store.clock()).running,
            "{}",
            t.name
        );
    }
    // The GIL waiting counter goes up and comes back to zero.
    let waiting: Vec<i64> = trace
        .named("GIL")
        .iter()
        .filter(|e| e["ph"] == "C")
        .map(|e| e["args"]["waiting"].as_i64().unwrap())
        .collect();
    assert!(waiting.iter().any(|&w| w >= 2), "{waiting:?}");
    assert!(waiting.iter().all(|&w| w >= 0));
    assert_eq!(waiting.last(), Some(&0));
    // The run ended by itself: nothing cut.
    assert_eq!(trace.metadata["truncated"], false);
    assert_eq!(trace.metadata["end"], "exited");
}

#[test]
fn locks_sleeps_and_joins_export_without_overlaps() {
    let store = busy();
    let trace = check(&chrome::write(&RunMeta::default(), &store).unwrap());
    for state in [
        "blocked: lock*",
        "blocked: join*",
        "sleeping",
        "waiting for the GIL",
    ] {
        assert!(!trace.slices_named(state).is_empty(), "{state}");
    }
    assert_eq!(trace.named("print").len(), 9);
    assert_handoffs_are_flows(&store, &trace);
}

/// A process printing 14,000 lines while the other's threads take turns: about 80,000
/// events, so many windows, holds that span them, and a bounded trace that drops history.
fn many_windows() -> Vec<gilscope::trace::Chunk> {
    gilscope::engine::run_to_end(
        common::opts(3, 5.0),
        Box::new(|ctx: &mut Ctx| {
            let printer = ctx.spawn_process(
                ProcessSpec {
                    name: "Process-1".into(),
                },
                Box::new(|c: &mut Ctx| {
                    for _ in 0..14_000 {
                        c.write(Stream::Stdout, "line\n")?;
                    }
                    Ok(ThreadExit::Returned)
                }),
            )?;
            let spinner = ctx.spawn(ThreadSpec::named("spinner"), common::cpu_body(120 * MS))?;
            common::cpu_body(120 * MS)(ctx)?;
            ctx.join(spinner, None)?;
            ctx.join_process(printer, None)?;
            Ok(ThreadExit::Returned)
        }),
    )
}

#[test]
fn windows_written_as_chunks_arrive_make_the_same_file_as_the_whole_trace() {
    let chunks = many_windows();
    assert!(chunks.len() > 10);
    let meta = RunMeta::default();
    let whole_store = Store::from_chunks(chunks.clone());
    assert!(whole_store.events().len() > 16 * chrome::WINDOW_EVENTS);
    let whole = chrome::write(&meta, &whole_store).unwrap();
    let mut store = Store::bounded(chrome::TRACE_BUDGET);
    let mut trace = chrome::ChromeTrace::new(Vec::new(), &meta).unwrap();
    for chunk in chunks {
        store.ingest(chunk);
        trace.update(&store).unwrap();
    }
    assert!(store.dropped() > 0, "the bounded trace dropped history");
    let streamed = String::from_utf8(trace.finish(&store).unwrap()).unwrap();
    assert!(streamed == whole, "the files differ");
    let checked = check(&whole);
    assert_handoffs_are_flows(&whole_store, &checked);
    assert_eq!(checked.named("print").len(), 14_000);
    // Main's holds span windows: each is one slice on its GIL track.
    let gil = checked.track(1, "GIL");
    let held: u64 = checked
        .slices
        .iter()
        .filter(|s| s.track == gil && s.depth == 0)
        .map(|s| s.end - s.start)
        .sum();
    let holds: u64 = whole_store
        .all_holds(0)
        .iter()
        .map(|h| h.to.unwrap_or(whole_store.clock()) - h.from)
        .sum();
    assert_eq!(held, holds);
}

#[test]
fn the_validator_rejects_what_viewers_misread() {
    let named = r#"{"ph":"M","name":"process_name","pid":1,"tid":1,"ts":0,"args":{"name":"p"}},
        {"ph":"M","name":"thread_name","pid":1,"tid":1,"ts":0,"args":{"name":"a"}},
        {"ph":"M","name":"thread_name","pid":1,"tid":2,"ts":0,"args":{"name":"b"}}"#;
    let doc = |events: &str| format!(r#"{{"traceEvents":[{named},{events}]}}"#);
    let ok = doc(r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0},
        {"ph":"s","name":"h","cat":"gil","id":1,"pid":1,"tid":1,"ts":4.999},
        {"ph":"E","name":"x","pid":1,"tid":1,"ts":5},
        {"ph":"B","name":"y","pid":1,"tid":2,"ts":5},
        {"ph":"f","name":"h","cat":"gil","id":1,"bp":"e","pid":1,"tid":2,"ts":5},
        {"ph":"E","name":"y","pid":1,"tid":2,"ts":6}"#);
    let flows = check(&ok).flows;
    assert_eq!(
        (flows[0].from.name.as_str(), flows[0].to.name.as_str()),
        ("x", "y")
    );
    for bad in [
        // Slices that do not nest.
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0},{"ph":"B","name":"y","pid":1,"tid":1,"ts":1},
           {"ph":"E","name":"x","pid":1,"tid":1,"ts":2},{"ph":"E","name":"y","pid":1,"tid":1,"ts":3}"#,
        // A slice left open.
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0}"#,
        // A track without a name.
        r#"{"ph":"B","name":"x","pid":1,"tid":3,"ts":0},{"ph":"E","name":"x","pid":1,"tid":3,"ts":1}"#,
        // Args on a slice.
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0,"args":{"n":1}},{"ph":"E","name":"x","pid":1,"tid":1,"ts":1}"#,
        // Finer than a nanosecond.
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0.0001},{"ph":"E","name":"x","pid":1,"tid":1,"ts":1}"#,
        // A flow end without its start, one without bp, one with id 0, one bound to nothing.
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0},{"ph":"f","name":"h","id":1,"bp":"e","pid":1,"tid":1,"ts":1},{"ph":"E","name":"x","pid":1,"tid":1,"ts":2}"#,
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0},{"ph":"s","name":"h","id":1,"pid":1,"tid":1,"ts":1},{"ph":"f","name":"h","id":1,"pid":1,"tid":1,"ts":1},{"ph":"E","name":"x","pid":1,"tid":1,"ts":2}"#,
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":0},{"ph":"s","name":"h","id":0,"pid":1,"tid":1,"ts":1},{"ph":"f","name":"h","id":0,"bp":"e","pid":1,"tid":1,"ts":1},{"ph":"E","name":"x","pid":1,"tid":1,"ts":2}"#,
        r#"{"ph":"s","name":"h","id":1,"pid":1,"tid":1,"ts":1},{"ph":"B","name":"x","pid":1,"tid":2,"ts":0},{"ph":"f","name":"h","id":1,"bp":"e","pid":1,"tid":2,"ts":1},{"ph":"E","name":"x","pid":1,"tid":2,"ts":2}"#,
        // Out of time order.
        r#"{"ph":"B","name":"x","pid":1,"tid":1,"ts":3},{"ph":"E","name":"x","pid":1,"tid":1,"ts":4},{"ph":"B","name":"y","pid":1,"tid":1,"ts":1},{"ph":"E","name":"y","pid":1,"tid":1,"ts":2}"#,
    ] {
        let bad = doc(bad);
        assert!(std::panic::catch_unwind(|| check(&bad)).is_err(), "{bad}");
    }
}

/// Runs gilscope in `dir`; returns its stderr.
fn gilscope(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    stderr
}

#[test]
fn the_json_format_round_trips_byte_for_byte_through_the_command() {
    let dir = std::env::temp_dir().join(format!("gilscope-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = |n: &str| dir.join(n);
    gilscope(
        &dir,
        &[
            "export", "demo", "--seed", "4", "--format", "json", "-o", "a.json",
        ],
    );
    gilscope(
        &dir,
        &["export", "a.json", "--format", "json", "-o", "b.json"],
    );
    let a = std::fs::read(path("a.json")).unwrap();
    assert_eq!(a, std::fs::read(path("b.json")).unwrap());
    // The saved trace exports to the same Chrome trace as the run itself.
    gilscope(&dir, &["export", "demo", "--seed", "4", "-o", "c1.json"]);
    gilscope(&dir, &["export", "a.json", "-o", "c2.json"]);
    assert_eq!(
        std::fs::read(path("c1.json")).unwrap(),
        std::fs::read(path("c2.json")).unwrap()
    );
    check(&std::fs::read_to_string(path("c1.json")).unwrap());
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

#[test]
fn a_trace_cut_by_max_time_says_so_in_its_metadata_and_on_stderr() {
    let dir = std::env::temp_dir().join(format!("gilscope-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("forever.py"), "while True:\n    print('again')\n").unwrap();
    let stderr = gilscope(
        &dir,
        &["export", "forever.py", "--max-time", "0.05", "-o", "t.json"],
    );
    assert!(
        stderr.contains("the simulated time limit (50.00 ms) ran out before the program ended"),
        "{stderr}"
    );
    let trace = check(&std::fs::read_to_string(dir.join("t.json")).unwrap());
    assert_eq!(trace.metadata["truncated"], true);
    assert_eq!(trace.metadata["end"], "time-limit");
    assert_eq!(trace.metadata["max_time_ns"], 50_000_000);
    assert!(
        trace.metadata["truncated_because"]
            .as_str()
            .unwrap()
            .contains("--max-time 50.00 ms")
    );
    // Where it was cut, on the timeline too.
    let cut = trace.named("time limit (--max-time)");
    assert_eq!(cut.len(), 1);
    assert_eq!(
        (cut[0]["s"].as_str(), cut[0]["ts"].as_f64()),
        (Some("g"), Some(50_000.0))
    );
    // A program that ends by itself is not cut, and the command says nothing.
    let stderr = gilscope(&dir, &["export", "programa1", "-o", "p.json"]);
    assert_eq!(stderr, "");
    let trace = check(&std::fs::read_to_string(dir.join("p.json")).unwrap());
    assert_eq!(trace.metadata["truncated"], false);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn names_speedscope_takes_for_another_format_get_a_note() {
    use std::path::Path;
    for name in [
        "run.chrome.json",
        "out/run.speedscope.json",
        "Trace-20250101T101010.json",
        "Profile-20250101T101010.json",
        "x-recording.json",
    ] {
        let advice = chrome::name_advice(Path::new(name));
        assert!(
            advice.is_some_and(|a| a.contains("name it *.json")),
            "{name}"
        );
    }
    for name in [
        "trace.json",
        "run.trace.json",
        "chrome.json",
        "trace-2025.json",
    ] {
        assert_eq!(chrome::name_advice(Path::new(name)), None, "{name}");
    }
    let dir = std::env::temp_dir().join(format!("gilscope-name-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stderr = gilscope(&dir, &["export", "programa1", "-o", "p.chrome.json"]);
    assert!(
        stderr.starts_with("gilscope: note: speedscope takes a file named *.chrome.json"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
