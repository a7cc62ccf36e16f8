//! gilscope's VM against CPython on the same CPU-bound program, paired in one run:
//! `countdown(20_000_000)` (reference C.2 row 1). Run with `cargo bench --bench countdown`.
//! Prints the median host time of each and their ratio (goal: gilscope <= 1.0x python3).
//! python3's time includes its startup (about 0.05 s); see `vm_vs_cpython` for more
//! programs with the startup measured.

use std::process::Command;
use std::time::{Duration, Instant};

use gilscope::engine::{self, Options};
use gilscope::python::{self, RunConfig};

const SOURCE: &str =
    "def countdown(n):\n    while n > 0:\n        n -= 1\n\ncountdown(20_000_000)\n";
const ROUNDS: usize = 5;

fn gilscope_once() -> Duration {
    let program = python::compile("countdown.py", "/countdown.py", SOURCE).expect("compiles");
    let start = Instant::now();
    let chunks = engine::run_to_end(
        Options::default(),
        python::main_body(&program, RunConfig::default()),
    );
    let took = start.elapsed();
    assert!(
        chunks
            .last()
            .and_then(|c| c.end.as_ref())
            .is_some_and(|e| e.status == 0)
    );
    took
}

/// The interpreter `python3` names, past any shim (a pyenv shim is a shell script that
/// costs 0.1-0.2 s per launch and would flatter gilscope).
fn real_python() -> String {
    Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}

fn python_once(python: &str, path: &std::path::Path) -> Option<Duration> {
    let start = Instant::now();
    let status = Command::new(python).arg(path).status().ok()?;
    let took = start.elapsed();
    status.success().then_some(took)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let dir = std::env::temp_dir().join(format!("gilscope-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("countdown.py");
    if std::fs::write(&path, SOURCE).is_err() {
        eprintln!("cannot write {}", path.display());
        return;
    }
    let python = real_python();
    let (mut g, mut p) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        g.push(gilscope_once());
        match python_once(&python, &path) {
            Some(d) => p.push(d),
            None => {
                eprintln!("python3 not available: gilscope alone {:?}", median(g));
                return;
            }
        }
    }
    let (gm, pm) = (median(g), median(p));
    println!(
        "countdown(20_000_000): gilscope {:.3} s, python3 {:.3} s, ratio {:.2}x (median of {ROUNDS} paired runs)",
        gm.as_secs_f64(),
        pm.as_secs_f64(),
        gm.as_secs_f64() / pm.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
