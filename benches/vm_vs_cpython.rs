//! gilscope's VM against CPython on several CPU-bound teaching programs, paired in one run.
//! Run with `cargo bench --bench vm_vs_cpython` (optionally with program names to run only
//! those, e.g. `cargo bench --bench vm_vs_cpython -- fib sieve`).
//!
//! Each program (`benches/programs/*.py`) runs ROUNDS times alternately in gilscope's VM
//! (in-process, `engine::run_to_end` on the virtual clock, compile included) and in
//! `python3` as a subprocess, stdout discarded. The table shows medians of host time, the
//! interpreter's startup (`python3 -c pass`, median) subtracted from python3's figure, and
//! the ratio gilscope / python3 (goal <= 1.0x, stretch 0.5x).
//!
//! `python3` is resolved once to the real interpreter (`sys.executable`): a pyenv shim is
//! a shell script that costs 0.1-0.2 s per launch, which would flatter gilscope.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gilscope::engine::{self, Options};
use gilscope::python::{self, RunConfig};

const ROUNDS: usize = 5;

const PROGRAMS: &[(&str, &str, &str)] = &[
    (
        "countdown",
        "while n > 0: n -= 1, 10 M times",
        include_str!("programs/countdown.py"),
    ),
    (
        "fib",
        "recursive fib(25), 30 times",
        include_str!("programs/fib.py"),
    ),
    (
        "sum_squares",
        "sum([i * i for i in range(100_000)]), 50 times",
        include_str!("programs/sum_squares.py"),
    ),
    (
        "join",
        "append f-strings, join, upper: 20 x 100 k",
        include_str!("programs/join.py"),
    ),
    (
        "word_count",
        "d[w] = d.get(w, 0) + 1 over 9 x 300 k words",
        include_str!("programs/word_count.py"),
    ),
    (
        "sieve",
        "sieve of Eratosthenes to 2 M, twice",
        include_str!("programs/sieve.py"),
    ),
    (
        "matmul",
        "60x60 list-of-lists matmul, 30 times",
        include_str!("programs/matmul.py"),
    ),
    (
        "methods",
        "obj.deposit(x) (attribute +=), 3 M calls",
        include_str!("programs/methods.py"),
    ),
    (
        "dict_delete",
        "dict as a FIFO: 20 k inserts and deletes, popitem, 10 times",
        include_str!("programs/dict_delete.py"),
    ),
];

/// Host time of one run in gilscope and its simulated time.
fn gilscope_once(name: &str, source: &str) -> (Duration, Duration) {
    let start = Instant::now();
    let file = format!("{name}.py");
    let program = python::compile(&file, &format!("/{file}"), source).expect("compiles");
    let chunks = engine::run_to_end(
        Options::default(),
        python::main_body(&program, RunConfig::default()),
    );
    let took = start.elapsed();
    let end = chunks
        .last()
        .and_then(|c| c.end.as_ref())
        .expect("the run ends");
    assert_eq!(end.status, 0, "{name} exits with 0");
    (took, Duration::from_nanos(end.t))
}

fn python_once(python: &Path, args: &[&std::ffi::OsStr]) -> Option<Duration> {
    let start = Instant::now();
    let status = Command::new(python)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .ok()?;
    let took = start.elapsed();
    status.success().then_some(took)
}

/// The interpreter `python3` names, past any shim.
fn real_python() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let Some(python) = real_python() else {
        eprintln!("python3 not available");
        return;
    };
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("gilscope-vm-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let startup: Vec<Duration> = (0..ROUNDS)
        .filter_map(|_| python_once(&python, &["-c".as_ref(), "pass".as_ref()]))
        .collect();
    if startup.is_empty() {
        eprintln!("{} does not run", python.display());
        return;
    }
    let startup = median(startup);
    println!(
        "{version} ({}), startup (-c pass) {:.3} s, medians of {ROUNDS} paired runs",
        python.display(),
        startup.as_secs_f64()
    );
    println!(
        "| program | what | gilscope | python3 | python3 - startup | ratio | ratio without startup | simulated |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for &(name, what, source) in PROGRAMS {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let path = dir.join(format!("{name}.py"));
        if std::fs::write(&path, source).is_err() {
            eprintln!("cannot write {}", path.display());
            return;
        }
        let (mut g, mut p, mut sim) = (Vec::new(), Vec::new(), Duration::ZERO);
        for _ in 0..ROUNDS {
            let (host, simulated) = gilscope_once(name, source);
            g.push(host);
            sim = simulated;
            match python_once(&python, &[path.as_os_str()]) {
                Some(d) => p.push(d),
                None => {
                    eprintln!("{name}: python3 failed");
                    return;
                }
            }
        }
        let (gm, pm) = (median(g).as_secs_f64(), median(p).as_secs_f64());
        let net = (pm - startup.as_secs_f64()).max(1e-9);
        println!(
            "| {name} | {what} | {gm:.3} s | {pm:.3} s | {net:.3} s | {:.2}x | {:.2}x | {:.3} s |",
            gm / pm,
            gm / net,
            sim.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
