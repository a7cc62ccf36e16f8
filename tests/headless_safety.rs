//! The headless commands against a careless or hostile program and a hostile environment:
//! `run` stops an endless program at its time budget, stops when its reader goes away as
//! CPython does, and `record`, `export` and `snapshot` never leave a half-written file in
//! place of the old one. Waits poll for a condition with a deadline, never sleep.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gilscope-safety-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn gilscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs gilscope with `args` where a file may grow to at most 1 KiB (`ulimit -f 1`), with
/// SIGXFSZ ignored, so a write past that fails as on a full disk instead of killing it.
fn with_a_full_disk(args: &[&str]) -> Output {
    let mut script = String::from("trap '' XFSZ; ulimit -f 1; exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_gilscope"))
        .args(args)
        .output()
        .unwrap()
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_write_cut_short_leaves_the_old_file_whole() {
    let dir = folder("full-disk");
    let old = "the old file, which a failed write must not touch\n";
    for (name, command) in [
        (
            "trace.json",
            &["export", "--format", "json", "demo", "-o"][..],
        ),
        ("chrome.json", &["export", "demo", "-o"][..]),
        ("demo.cast", &["record", "demo", "-o"][..]),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, old).unwrap();
        let mut args = command.to_vec();
        args.push(path.to_str().unwrap());
        let out = with_a_full_disk(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("File too large"), "{name}: {stderr}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), old, "{name}");
        // Where there is room, the same command replaces it.
        let out = gilscope(&args);
        assert!(out.status.success(), "{name}: {out:?}");
        assert_ne!(std::fs::read_to_string(&path).unwrap(), old, "{name}");
    }
    let stem = dir.join("shot");
    let text = dir.join("shot.txt");
    std::fs::write(&text, old).unwrap();
    let out = with_a_full_disk(&[
        "snapshot",
        "demo",
        "--at",
        "10ms",
        "-o",
        stem.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(std::fs::read_to_string(&text).unwrap(), old);
    // No temporary file is left behind.
    assert_eq!(
        entries(&dir),
        ["chrome.json", "demo.cast", "shot.txt", "trace.json"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
