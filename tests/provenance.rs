//! The standard-library modules gilscope embeds as Python source are its own code, not
//! CPython's: each is compared line by line with the CPython file it stands for (found
//! through `python3`), and too many identical lines, or a long run of them, fails.
//! docs/provenance.md says how the measure works and why these limits.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Each embedded module and the CPython files (relative to the standard library) it
/// stands for.
const PAIRS: &[(&str, &[&str])] = &[
    ("abc.py", &["abc.py", "_py_abc.py"]),
    ("argparse.py", &["argparse.py"]),
    ("asyncio.py", &["asyncio/"]),
    ("bisect.py", &["bisect.py"]),
    ("contextvars.py", &["contextvars.py"]),
    ("collections.py", &["collections/__init__.py"]),
    ("collections_abc.py", &["_collections_abc.py"]),
    ("contextlib.py", &["contextlib.py"]),
    ("copy.py", &["copy.py"]),
    ("dataclasses.py", &["dataclasses.py"]),
    ("datetime.py", &["datetime.py", "_pydatetime.py"]),
    ("enum.py", &["enum.py"]),
    ("functools.py", &["functools.py"]),
    ("futures.py", &["concurrent/futures/"]),
    ("graphlib.py", &["graphlib.py"]),
    ("heapq.py", &["heapq.py"]),
    ("io.py", &["io.py", "_pyio.py"]),
    ("json.py", &["json/"]),
    ("logging.py", &["logging/__init__.py"]),
    ("logging_handlers.py", &["logging/handlers.py"]),
    (
        "multiprocessing.py",
        &["multiprocessing/", "multiprocessing/dummy/"],
    ),
    ("operator.py", &["operator.py"]),
    ("pprint.py", &["pprint.py"]),
    ("sched.py", &["sched.py"]),
    ("statistics.py", &["statistics.py"]),
    ("string.py", &["string.py"]),
    ("textwrap.py", &["textwrap.py"]),
    ("timeit.py", &["timeit.py"]),
    ("traceback.py", &["traceback.py"]),
    ("typing.py", &["typing.py"]),
    ("warnings.py", &["warnings.py"]),
    ("weakref.py", &["weakref.py", "_weakrefset.py"]),
];

/// At most this share of a module's statements (lines over 25 characters that are not
/// `def`/`class` lines, whose public signatures must match) may occur in CPython's file.
const MAX_SHARE: f64 = 0.15;
/// At most this many consecutive lines (over 12 characters) may occur in CPython's file.
const MAX_RUN: usize = 8;

fn stdlib() -> PathBuf {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 runs (the tests compare with CPython)");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The file's lines, stripped; blank lines and comments as `None`.
fn lines(path: &Path) -> Vec<Option<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|l| {
            let s = l.trim();
            (!s.is_empty() && !s.starts_with('#')).then(|| s.to_owned())
        })
        .collect()
}

fn reference(lib: &Path, refs: &[&str]) -> HashSet<String> {
    let mut files = Vec::new();
    for r in refs {
        let p = lib.join(r);
        if r.ends_with('/') {
            let Ok(dir) = std::fs::read_dir(&p) else {
                continue;
            };
            files.extend(
                dir.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "py")),
            );
        } else if p.exists() {
            files.push(p);
        }
    }
    files.iter().flat_map(|f| lines(f)).flatten().collect()
}

/// The longest run of consecutive lines (over 12 characters; blank lines and comments
/// do not break a run) that all occur in `theirs`.
fn longest_run(ours: &[Option<String>], theirs: &HashSet<String>) -> usize {
    let (mut run, mut longest) = (0, 0);
    for s in ours.iter().flatten().filter(|s| s.len() > 12) {
        run = if theirs.contains(s) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[test]
fn embedded_modules_are_not_copies_of_cpythons() {
    let lib = stdlib();
    assert!(
        lib.join("threading.py").exists(),
        "no CPython standard library at {}",
        lib.display()
    );
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/python/src/modules");
    let mut report = Vec::new();
    for (module, refs) in PAIRS {
        let ours = lines(&modules.join(module));
        let theirs = reference(&lib, refs);
        assert!(!theirs.is_empty(), "no CPython file for {module}");
        let statements: Vec<&String> = ours
            .iter()
            .flatten()
            .filter(|s| s.len() > 25 && !s.starts_with("def ") && !s.starts_with("class "))
            .collect();
        let same = statements.iter().filter(|s| theirs.contains(**s)).count();
        let share = same as f64 / statements.len().max(1) as f64;
        let longest = longest_run(&ours, &theirs);
        if share > MAX_SHARE || longest > MAX_RUN {
            report.push(format!(
                "{module}: {same}/{} statements identical ({:.0} %), longest identical run {longest}",
                statements.len(),
                share * 100.0
            ));
        }
    }
    assert!(
        report.is_empty(),
        "embedded modules read as CPython's:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_measure_catches_a_pasted_block() {
    // The limits are not vacuous: CPython's own queue.py measured against itself fails both.
    let lib = stdlib();
    let theirs = reference(&lib, &["queue.py"]);
    let longest = longest_run(&lines(&lib.join("queue.py")), &theirs);
    assert!(longest > MAX_RUN, "a copy shows a run of {longest}");
}
