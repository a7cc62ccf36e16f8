//! `run --json` of an endless printer keeps a compact report, not the whole trace: its peak
//! resident memory, as the kernel measured it for the child process (getrusage), stays
//! under a bound in bytes. Alone in its test binary, so no other test's children count.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::process::Command;

use nix::sys::resource::{UsageWho, getrusage};

/// Peak resident memory allowed for 2 simulated seconds of an endless printer (about
/// 300,000 prints). The whole trace took 665 MB; the report takes about 70 bytes a print.
const BOUND: i64 = 160 << 20;

#[test]
fn run_json_of_an_endless_printer_stays_under_its_memory_bound() {
    let dir = std::env::temp_dir().join(format!("gilscope-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let endless = dir.join("endless.py");
    std::fs::write(
        &endless,
        "i = 0\nwhile True:\n    print('line', i)\n    i += 1\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args([
            "run",
            "--json",
            "--max-time",
            "2",
            endless.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = report["lines"].as_array().unwrap().len();
    assert!(
        lines > 100_000,
        "only {lines} prints in 2 simulated seconds"
    );
    // ru_maxrss is in KiB on Linux.
    let peak = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss() * 1024;
    assert!(
        peak < BOUND,
        "peak RSS {} MB for {lines} prints (bound {} MB)",
        peak >> 20,
        BOUND >> 20
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
