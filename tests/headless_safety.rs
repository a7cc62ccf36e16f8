//! The headless commands against a careless or hostile program and a hostile environment:
//! `run` stops an endless program at its time budget, stops when its reader goes away as
//! CPython does, and `record`, `export` and `snapshot` never leave a half-written file in
//! place of the old one. Waits poll for a condition with a deadline, never sleep.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gilscope-safety-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn program(dir: &Path, name: &str, source: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, source).unwrap();
    path
}

fn gilscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(args)
        .output()
        .unwrap()
}

/// Waits for `child` to end, failing the test at the deadline.
fn wait(child: &mut std::process::Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("gilscope did not stop within {DEADLINE:?}");
        }
        // std cannot wait for a child with a timeout: poll, 100 times a second.
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn run_stops_an_endless_program_at_60_simulated_seconds_with_status_3() {
    let dir = folder("max-time");
    let endless = program(
        &dir,
        "endless.py",
        "import time\nwhile True:\n    time.sleep(1)\n",
    );
    let out = gilscope(&["run", endless.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("time limit (60") && stderr.contains("--max-time none"),
        "{stderr}"
    );
    // The limit can be set, and removed.
    let out = gilscope(&["run", "--max-time", "2.5", endless.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(2.5"));
    let late = program(
        &dir,
        "late.py",
        "import time\ntime.sleep(100)\nprint('woke')\n",
    );
    let out = gilscope(&["run", "--max-time", "none", late.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "woke\n");
    let out = gilscope(&["run", late.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    // --json says why on stderr too.
    let out = gilscope(&[
        "run",
        "--json",
        "--max-time",
        "1",
        endless.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["end"], "time-limit");
    assert!(String::from_utf8_lossy(&out.stderr).contains("time limit (1"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_into_a_pipe_its_reader_closed_stops_as_cpython_does() {
    let dir = folder("pipe");
    // `gilscope run endless.py | head -c 10`: CPython's print raises BrokenPipeError when
    // its buffer is flushed into the closed pipe, and the program ends with status 1.
    let endless = program(
        &dir,
        "endless.py",
        "i = 0\nwhile True:\n    print('line', i)\n    i += 1\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["run", endless.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    assert_eq!(&head, b"line 0\nlin");
    let status = wait(&mut child);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.ends_with("BrokenPipeError: [Errno 32] Broken pipe\n"),
        "{stderr}"
    );

    // `gilscope run small.py | true`: the output waits in the buffer until exit, where
    // the last flush fails: CPython says so and exits with 120.
    let small = program(&dir, "small.py", "print('hello')\n");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["run", small.to_str().unwrap()])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(120));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n\
         BrokenPipeError: [Errno 32] Broken pipe\n"
    );

    // More than a buffer's worth into a closed pipe: the first flush fails mid-run.
    let finite = program(
        &dir,
        "finite.py",
        "for i in range(100000):\n    print('line', i)\n",
    );
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["run", finite.to_str().unwrap()])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).ends_with("BrokenPipeError: [Errno 32] Broken pipe\n")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_idle_endless_loop_costs_the_host_little() {
    // `while True: pass` in four threads, for the whole 60 simulated seconds, ends at the
    // time limit. The engine skips the iterations between check points, so this takes well
    // under a second; host time is not asserted (tests never depend on wall-clock speed):
    // docs/PERFORMANCE.md has the figures, and without the skip this test takes minutes.
    let dir = folder("idle");
    let spin = program(
        &dir,
        "spin.py",
        "import threading\ndef spin():\n    while True:\n        pass\n\
         for _ in range(3):\n    threading.Thread(target=spin, daemon=True).start()\n\
         while True:\n    pass\n",
    );
    let out = gilscope(&["run", spin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_pipe_is_the_programs_brokenpipeerror() {
    // The program itself gets CPython's BrokenPipeError at its next print: its traceback
    // names the line, and a program that catches it ends as it chooses (status 0 here).
    let dir = folder("pipe-exc");
    let catches = program(
        &dir,
        "catches.py",
        "import sys\ntry:\n    for i in range(10**6):\n        print('line', i)\n\
         except BrokenPipeError as e:\n    print('caught', e.errno, e, file=sys.stderr)\n",
    );
    let uncaught = program(
        &dir,
        "uncaught.py",
        "for i in range(10**6):\n    print('line', i)\n",
    );
    for (file, status, stderr_end) in [
        (&catches, 0, "caught 32 [Errno 32] Broken pipe\n"),
        (
            &uncaught,
            1,
            "line 2, in <module>\n    print('line', i)\nBrokenPipeError: [Errno 32] Broken pipe\n",
        ),
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
            .args(["run", file.to_str().unwrap()])
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{stderr}");
        assert!(stderr.ends_with(stderr_end), "{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
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

#[test]
fn a_symlink_loop_is_named_as_one() {
    // CPython says "Too many levels of symbolic links"; "no such file" would send the
    // teacher looking for a file that is there.
    let dir = folder("symlink-loop");
    std::os::unix::fs::symlink(dir.join("b.py"), dir.join("a.py")).unwrap();
    std::os::unix::fs::symlink(dir.join("a.py"), dir.join("b.py")).unwrap();
    let out = gilscope(&["run", dir.join("a.py").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("symbolic links"), "{stderr}");
    assert!(!stderr.contains("no such file"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
