//! Simulation speed: simulated seconds per host second for the lecture's programs and
//! every built-in scenario, each run to its end on the virtual clock with the default
//! options, as the TUI and `gilscope run` do (`TraceSource::open` then `trace`: the engine,
//! the event channel and the trace store). Run with `cargo bench --bench simspeed`
//! (optionally with names to run only those). Goal: >= 1,000x for the lecture programs.
//!
//! The lecture's programs are read from their copies in `tests/lecture/`.

use std::path::Path;
use std::time::{Duration, Instant};

use gilscope::engine::Options;
use gilscope::program::TraceSource;

/// Runs per program: at least `MIN_ROUNDS`, more (up to `MAX_ROUNDS`) while they take
/// under a second in all; the median and the fastest are shown.
const MIN_ROUNDS: usize = 3;
const MAX_ROUNDS: usize = 15;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ratio(x: f64) -> String {
    if x >= 10.0 {
        format!("{x:.0}x")
    } else {
        format!("{x:.2}x")
    }
}

fn lecture_files() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/lecture");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "py"))
                .map(|p| p.display().to_string())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn main() {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut names = lecture_files();
    names.extend(gilscope::scenario::ALL.iter().map(|s| s.name.to_owned()));
    names.push("demo".to_owned());
    let options = Options::default();
    println!(
        "{MIN_ROUNDS}-{MAX_ROUNDS} runs each, default options (seed 0, virtual clock, 3.11 GIL)"
    );
    println!(
        "| program | simulated | host, median (fastest) | simulated s per host s, median (best) | events | runs |"
    );
    println!("|---|---|---|---|---|---|");
    for name in &names {
        let short = Path::new(name)
            .file_name()
            .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
        if !only.is_empty() && !only.iter().any(|o| *o == short || o == name) {
            continue;
        }
        let source = match TraceSource::open(name, Default::default()) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        let (mut host, mut sim, mut events) = (Vec::new(), 0u64, 0usize);
        let began = Instant::now();
        while host.len() < MIN_ROUNDS
            || (host.len() < MAX_ROUNDS && began.elapsed() < Duration::from_secs(1))
        {
            let start = Instant::now();
            let (_, store) = source.trace(&options);
            host.push(start.elapsed());
            sim = store.end().map_or(store.clock(), |e| e.t);
            events = store.events().len();
        }
        let runs = host.len();
        let fastest = host.iter().min().copied().unwrap_or_default().as_secs_f64();
        let host = median(host).as_secs_f64();
        let simulated = sim as f64 / 1e9;
        println!(
            "| {short} | {simulated:.3} s | {:.2} ms ({:.2}) | {} ({}) | {events} | {runs} |",
            host * 1e3,
            fastest * 1e3,
            ratio(simulated / host),
            ratio(simulated / fastest),
        );
    }
}
