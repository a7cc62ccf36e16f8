//! Runs `gilscope dis` on every program of `tests/programs/`, `tests/corpus/teaching/` and
//! `tests/lecture/`, on every built-in scenario by its name (`gilscope dis cpu2`) and on the
//! cases written for it (`tests/dis/cases/`: constructs the corpora lack), and
//! compares it with what `python3 -m dis` printed under CPython 3.11
//! (`tests/dis/CORPUS/NAME.dis`, recorded by `tests/dis/regen.py`, so no Python is needed
//! here): the same instructions, arguments, offsets, line numbers, nested code objects and
//! exception tables, memory addresses removed. A program CPython does not compile is
//! compared by its error (`File "NAME.py", line N`, the line, the carets, the message).
//!
//! `tests/dis/known_differences` lists the programs whose listing still differs, each with
//! why. The list may only shrink: a listed program that now matches fails until its line
//! is removed.
//!
//! Each program is its own test, named `CORPUS::NAME` (`cargo test --test dis --
//! programs::14` runs the test programs whose name starts with 14), run in parallel by
//! `libtest-mimic` (`harness = false`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use libtest_mimic::{Arguments, Failed, Trial};

/// The corpora: the name used in test names and expected files, and their folder.
const CORPORA: &[(&str, &str)] = &[
    ("programs", "tests/programs"),
    ("teaching", "tests/corpus/teaching"),
    ("lecture", "tests/lecture"),
    (SCENARIOS, "assets/scenarios"),
    ("cases", "tests/dis/cases"),
];

/// The corpus of built-in scenarios, which `gilscope dis` is given by name.
const SCENARIOS: &str = "scenarios";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The programs of a corpus folder (every `.py` file but the regeneration script), in name
/// order, without `.py`.
fn program_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".py") && n != "regen.py")
                .map(|n| n.trim_end_matches(".py").to_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `CORPUS/NAME` of every program the listing of which is known to differ.
fn known_differences() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(root().join("tests/dis/known_differences")).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Removes every ` at 0x...` (the addresses of code objects).
fn mask_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at 0x".len()..];
        let hex = after
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(after.len());
        rest = &after[hex..];
    }
    out.push_str(rest);
    out
}

/// What `gilscope dis NAME.py` prints, run from the program's folder (a scenario: `gilscope
/// dis NAME` from the repository's root, where no file has that name): the listing, or
/// the error for a program it does not compile.
fn gilscope_dis(corpus: &str, dir: &Path, name: &str) -> Result<String, Failed> {
    let (arg, cwd) = if corpus == SCENARIOS {
        (name.to_owned(), root())
    } else {
        (format!("{name}.py"), dir.to_owned())
    };
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .arg("dis")
        .arg(&arg)
        .current_dir(cwd)
        .output()
        .map_err(|e| format!("gilscope dis {arg}: {e}"))?;
    let text = if out.status.success() {
        out.stdout
    } else {
        out.stderr
    };
    Ok(mask_addresses(&String::from_utf8_lossy(&text)))
}

/// The first line where two listings part, with a few lines of each from there.
fn first_difference(expected: &str, got: &str) -> String {
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    let at = e
        .iter()
        .zip(&g)
        .position(|(a, b)| a != b)
        .unwrap_or(e.len().min(g.len()));
    let show = |lines: &[&str]| {
        lines
            .iter()
            .skip(at)
            .take(6)
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    format!(
        "first difference at line {}:\n  python3 -m dis:\n{}  gilscope dis:\n{}",
        at + 1,
        show(&e),
        show(&g)
    )
}

/// Compares program `name` of `corpus` with CPython's recorded listing.
fn check(corpus: &str, dir: &Path, name: &str, known: bool) -> Result<(), Failed> {
    let path = root()
        .join("tests/dis")
        .join(corpus)
        .join(format!("{name}.dis"));
    let expected = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run tests/dis/regen.py)", path.display()))?;
    let got = gilscope_dis(corpus, dir, name)?;
    match (expected == got, known) {
        (true, false) | (false, true) => Ok(()),
        (true, true) => Err(format!(
            "{corpus}/{name} now matches python3 -m dis: remove it from tests/dis/known_differences"
        )
        .into()),
        (false, false) => Err(first_difference(&expected, &got).into()),
    }
}

/// Every entry of the known list names a program, and every program has its listing.
fn check_lists(programs: &BTreeSet<String>, known: &BTreeSet<String>) -> Result<(), Failed> {
    let stale: Vec<&String> = known.difference(programs).collect();
    if !stale.is_empty() {
        return Err(format!("tests/dis/known_differences names no program: {stale:?}").into());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let known = known_differences();
    let mut programs = BTreeSet::new();
    let mut trials = Vec::new();
    for &(corpus, folder) in CORPORA {
        let dir = root().join(folder);
        for name in program_names(&dir) {
            let id = format!("{corpus}/{name}");
            let is_known = known.contains(&id);
            programs.insert(id);
            let dir = dir.clone();
            trials.push(Trial::test(format!("{corpus}::{name}"), move || {
                check(corpus, &dir, &name, is_known)
            }));
        }
    }
    trials.push(Trial::test("known_differences_name_programs", move || {
        check_lists(&programs, &known)
    }));
    libtest_mimic::run(&args, trials).exit_code()
}
