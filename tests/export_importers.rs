//! Exports read back by a real viewer: speedscope's own importer (its npm release, pinned in
//! tests/importers, run under Node by tests/importers/speedscope-read.mjs) must find every
//! thread and every slice of three exports, with their names unchanged (no args glued on)
//! and their times to the nanosecond; and every GIL handoff must be a flow that follows the
//! format's rules and lands on the right threads (speedscope ignores flows, so these are
//! replayed as Perfetto's importer binds them, in `chrome_rules`).
//!
//! Needs Node.js and npm; `.ci/run` installs the pinned packages (`npm ci` in
//! tests/importers), and this test does too when they are missing.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod chrome_rules;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

use chrome_rules::{Checked, Track, assert_handoffs_are_flows, check};
use gilscope::cli::FILE_BUDGET;
use gilscope::engine::Options;
use gilscope::program::TraceSource;
use gilscope::python::RunConfig;
use serde_json::Value;

fn importers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/importers")
}

/// Installs the pinned importers from the lockfile, as `.ci/run` does, if they are missing.
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = importers();
        if dir.join("node_modules/speedscope/package.json").exists() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("the importer test needs Node.js and npm");
        assert!(status.success(), "npm ci in {}", dir.display());
    });
}

/// speedscope's reading of `files`: one JSON object per file.
fn speedscope(files: &[PathBuf]) -> Vec<Value> {
    install();
    let out = Command::new("node")
        .arg(importers().join("speedscope-read.mjs"))
        .args(files)
        .output()
        .expect("the importer test needs Node.js");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A slice relative to its track's first event, as speedscope counts time: (start ns, end
/// ns, name, depth).
type Rel = (i64, i64, String, u64);

/// The slices of each track of `trace`, relative to the track's first one.
fn expected(trace: &Checked) -> BTreeMap<Track, Vec<Rel>> {
    let mut by_track: BTreeMap<Track, Vec<Rel>> = BTreeMap::new();
    for s in &trace.slices {
        by_track.entry(s.track).or_default().push((
            s.start as i64,
            s.end as i64,
            s.name.clone(),
            s.depth as u64,
        ));
    }
    for slices in by_track.values_mut() {
        let first = slices.iter().map(|s| s.0).min().unwrap();
        for s in slices.iter_mut() {
            s.0 -= first;
            s.1 -= first;
        }
        slices.sort();
    }
    by_track
}

/// The name speedscope gives the profile of `track`.
fn profile_name(trace: &Checked, (pid, tid): Track) -> String {
    format!(
        "{} (pid {pid}), {} (tid {tid})",
        trace.process_names[&pid],
        trace.thread_names[&(pid, tid)]
    )
}

#[test]
fn speedscope_reads_back_every_thread_and_slice_and_every_handoff_is_a_flow() {
    let dir = std::env::temp_dir().join(format!("gilscope-importers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The lecture's program (prints and sleeps), two CPU-bound threads, and processes.
    let programs = ["programa2", "cpu2", "processes"];
    let files: Vec<PathBuf> = programs
        .iter()
        .map(|p| dir.join(format!("{p}.json")))
        .collect();
    for (program, file) in programs.iter().zip(&files) {
        let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
            .args(["export", program, "-o"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let read = speedscope(&files);
    for ((program, file), got) in programs.iter().zip(&files).zip(&read) {
        let trace = check(&std::fs::read_to_string(file).unwrap());
        assert_eq!(got["importer"], "Trace Event Format profile", "{program}");
        assert_eq!(got["error"], Value::Null, "{program}");
        assert_eq!(got["warnings"], serde_json::json!([]), "{program}");
        let want = expected(&trace);
        let profiles = got["profiles"].as_array().unwrap();
        assert_eq!(
            profiles.len(),
            want.len(),
            "{program}: one profile per track"
        );
        for (track, slices) in &want {
            let name = profile_name(&trace, *track);
            let profile = profiles
                .iter()
                .find(|p| p["name"] == name.as_str())
                .unwrap_or_else(|| panic!("{program}: speedscope has no {name}"));
            assert_eq!(profile["unit"], "microseconds");
            let mut read: Vec<Rel> = profile["slices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    let ns = |v: &Value| (v.as_f64().unwrap() * 1000.0).round() as i64;
                    let name = s[2].as_str().unwrap().to_owned();
                    (ns(&s[0]), ns(&s[1]), name, s[3].as_u64().unwrap())
                })
                .collect();
            read.sort();
            assert_eq!(&read, slices, "{program}: {name}");
        }
        // Every thread has its track (and every process its GIL track).
        let source = TraceSource::open(program, RunConfig::default()).unwrap();
        let options = source.options(&Options {
            max_time: Some(FILE_BUDGET),
            ..Options::default()
        });
        let (_, store) = source.trace(&options);
        for t in store.threads() {
            let track = chrome_rules::thread_track(&store, t.meta.tid);
            assert!(want.contains_key(&track), "{program}: {}", t.name);
        }
        let gils = trace.thread_names.values().filter(|n| *n == "GIL").count();
        assert_eq!(gils, store.procs().len().max(1), "{program}");
        assert!(!store.handoffs().is_empty(), "{program}");
        assert_handoffs_are_flows(&store, &trace);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn speedscope_takes_a_chrome_json_name_for_another_format() {
    // Why `export` warns about such names: speedscope picks the DevTools importer by name.
    let dir = std::env::temp_dir().join(format!("gilscope-misread-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("run.chrome.json");
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["export", "programa1", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let good = dir.join("run.json");
    std::fs::copy(&file, &good).unwrap();
    let read = speedscope(&[file, good]);
    assert_eq!(read[0]["importer"], "Chrome Timeline");
    assert!(read[0]["error"].is_string(), "{}", read[0]);
    assert_eq!(read[1]["importer"], "Trace Event Format profile");
    assert_eq!(read[1]["error"], Value::Null);
    std::fs::remove_dir_all(&dir).unwrap();
}
