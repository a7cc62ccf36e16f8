//! The standard-library modules that draw on the run (issue 20): `uuid.uuid4()` comes from
//! the run's one seeded generator, so the same `--seed` gives the same UUIDs and another
//! seed others; and `dir()` lists what CPython 3.11.7 lists.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::path::PathBuf;
use std::process::Command;

/// `gilscope run --seed SEED` on a program holding `source`: its stdout.
fn run(name: &str, source: &str, seed: u64) -> String {
    let dir = std::env::temp_dir().join(format!("gilscope-stdlib-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join(format!("{name}.py"));
    std::fs::write(&file, source).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["run", "--seed", &seed.to_string(), file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn uuid4_follows_the_seed() {
    let program = "import uuid\nprint(uuid.uuid4(), uuid.uuid4(), uuid.uuid1().node)\n";
    let first = run("uuid4", program, 7);
    assert_eq!(
        first,
        run("uuid4", program, 7),
        "the same seed, the same UUIDs"
    );
    assert_ne!(first, run("uuid4", program, 8), "another seed, other UUIDs");
    let ids: Vec<&str> = first.split_whitespace().collect();
    assert_ne!(ids[0], ids[1]);
    assert!(ids[..2].iter().all(|u| u.len() == 36 && &u[14..15] == "4"));
}

#[test]
fn every_name_dir_lists_is_an_attribute() {
    let program = r#"
missing = []
for value in ["s", b"b", [1], {1: 2}, {1}, frozenset(), (1,), 3, 10**30, 2.5, True,
              str, bytes, list, dict, set, frozenset, tuple, int, float]:
    for name in dir(value):
        if not hasattr(value, name):
            missing.append((type(value).__name__, name))
print(missing, hasattr("", "isascii"), "isascii" in dir(str))
"#;
    assert_eq!(run("dir_attrs", program, 1), "[] True True\n");
}

#[test]
fn a_listed_method_gilscope_lacks_is_unsupported_not_missing() {
    let dir = std::env::temp_dir().join(format!("gilscope-stdlib-unsup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("translate.py");
    std::fs::write(&file, "print('abc'.translate({}))\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["run", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unsupported: str.translate()"), "{stderr}");
}
