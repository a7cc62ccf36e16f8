//! The simulated web, run as a user runs it: every program of `tests/corpus/teaching/web/`
//! through `gilscope run`. CPython cannot run them here (no network, no `requests` or
//! `aiohttp` installed), so what is compared is stated per check:
//!
//! - each program's stdout and stderr against `NAME.expected.txt`, with every number
//!   masked (byte counts and timings depend on the network profile, the lines do not),
//!   and its exit status 0;
//! - the download comparison's total times, read from the programs' own output: the
//!   sequential fetches take several times longer than threads, a pool or asyncio, and
//!   those three are within a factor of two of each other.

use std::path::{Path, PathBuf};
use std::process::Command;

fn web_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/teaching/web")
}

fn run(name: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["run", name])
        .current_dir(web_dir())
        .output()
        .expect("gilscope runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every run of digits becomes `#`.
fn mask(text: &str) -> String {
    let mut out = String::new();
    let mut digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !digits {
                out.push('#');
            }
            digits = true;
        } else {
            out.push(c);
            digits = false;
        }
    }
    out
}

#[test]
fn every_web_program_prints_its_expected_lines() {
    let mut names: Vec<String> = std::fs::read_dir(web_dir())
        .expect("the web corpus exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "{names:?}");
    for name in names {
        let (status, stdout, stderr) = run(&name);
        let expected_path = web_dir().join(name.replace(".py", ".expected.txt"));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        assert_eq!(status, 0, "{name}: {stderr}");
        assert_eq!(mask(&stdout), mask(&expected), "{name}");
        assert_eq!(stderr, "", "{name}");
    }
}

/// `NAME: ... in S s` lines of a program's output, as (NAME, seconds).
fn totals(stdout: &str) -> Vec<(String, f64)> {
    stdout
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once(':')?;
            let secs = rest.rsplit_once(" in ")?.1.strip_suffix(" s")?;
            Some((name.to_owned(), secs.parse().ok()?))
        })
        .collect()
}

#[test]
fn twenty_downloads_are_slow_one_by_one_and_fast_in_parallel() {
    let (_, a, _) = run("downloads_requests.py");
    let (_, b, _) = run("downloads_aiohttp.py");
    let mut t = totals(&a);
    t.extend(totals(&b));
    let names: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["sequential", "threads", "pool", "asyncio"],
        "{a}{b}"
    );
    let seq = t[0].1;
    let parallel: Vec<f64> = t[1..].iter().map(|(_, s)| *s).collect();
    for p in &parallel {
        assert!(seq > 5.0 * p, "sequential {seq} s against {p} s");
    }
    let lo = parallel.iter().copied().fold(f64::MAX, f64::min);
    let hi = parallel.iter().copied().fold(0.0, f64::max);
    assert!(hi < 2.0 * lo, "threads, pool and asyncio: {parallel:?}");
}
