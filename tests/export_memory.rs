//! `gilscope export` writes as it goes: exporting an endless printer stays in bounded
//! memory however much it writes (issue 24). Measured with the child's own peak RSS, from
//! getrusage; this file holds one test so that no other child is counted.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::process::Command;

use nix::sys::resource::{UsageWho, getrusage};

/// What the export may take, whatever it writes: the program and its bounded trace. (It
/// took about 23 MB here; keeping the whole trace took 1 GB for 3 simulated seconds.)
const BOUND: u64 = 40 << 20;

#[test]
fn exporting_an_endless_printer_takes_bounded_memory() {
    let dir = std::env::temp_dir().join(format!("gilscope-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("printer.py"),
        "while True:\n    print('hello from an endless printer')\n",
    )
    .unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args([
            "export",
            "printer.py",
            "--max-time",
            "1",
            "-o",
            "trace.json",
        ])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    // ru_maxrss is in kilobytes on Linux: the largest child waited for, here the only one.
    let peak =
        u64::try_from(getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss()).unwrap() * 1024;
    let written = std::fs::metadata(dir.join("trace.json")).unwrap().len();
    assert!(
        peak < BOUND,
        "peak RSS {peak} bytes for a {written}-byte trace"
    );
    // And it did write a trace much larger than the memory it used.
    assert!(
        written > 2 * peak,
        "{written} bytes written, peak RSS {peak}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
