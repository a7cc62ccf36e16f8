//! Runs every program of `tests/corpus/teaching/` through `gilscope run` and compares its
//! stdout, stderr and exit status with what CPython 3.11 printed (`NAME.expected.json`,
//! recorded by `tests/corpus/teaching/regen.py`, so no Python is needed here).
//!
//! Each expected file carries the level CPython's own runs agreed at: `exact` (byte for
//! byte), `unordered` (the same lines in any order), `numbers` (the same lines in the same
//! order once every number is masked: timings, thread ids), `loose` (both) or `chars`
//! (the same characters in any order: CPython split the lines of threads' prints). Files
//! whose first line is `# teaching: module` are modules the programs import, not programs.
//! A program whose output CPython itself leaves open (how many updates a race loses) has a
//! line `# teaching: level LEVEL`, and its expected file may be no stricter than that.
//!
//! Each program is its own test, named `teaching::NAME` (`cargo test --test teaching --
//! barrier` runs the programs whose name holds `barrier`), run in parallel by
//! `libtest-mimic` (`harness = false`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use libtest_mimic::{Arguments, Failed, Trial};

/// How closely gilscope's output must match CPython's, strictest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Exact,
    Unordered,
    Numbers,
    Loose,
    Chars,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "exact" => Level::Exact,
            "unordered" => Level::Unordered,
            "numbers" => Level::Numbers,
            "loose" => Level::Loose,
            "chars" => Level::Chars,
            _ => return None,
        })
    }

    fn masks_numbers(self) -> bool {
        matches!(self, Level::Numbers | Level::Loose)
    }

    fn sorts_lines(self) -> bool {
        matches!(self, Level::Unordered | Level::Loose)
    }
}

struct Expected {
    level: Level,
    status: i32,
    stdout: String,
    stderr: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/teaching")
}

fn load_expected(path: &Path, dir: &str) -> Result<Expected, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e} (run python3 tests/corpus/teaching/regen.py)",
            path.display()
        )
    })?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let s = |k: &str| v[k].as_str().unwrap_or("").replace("{DIR}", dir);
    let level = v["level"].as_str().and_then(Level::parse).ok_or_else(|| {
        format!(
            "{}: no valid level (exact/unordered/numbers/loose/chars)",
            path.display()
        )
    })?;
    Ok(Expected {
        level,
        status: v["status"]
            .as_i64()
            .and_then(|s| i32::try_from(s).ok())
            .unwrap_or(-1),
        stdout: s("stdout"),
        stderr: s("stderr"),
    })
}

/// Every run of digits (and every hex address) becomes `#`, as regen.py does.
fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0'
            && matches!(b.get(i + 1), Some(b'x'))
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            i += 2;
            while i < b.len() && b[i].is_ascii_hexdigit() {
                i += 1;
            }
            out.push('#');
        } else if b[i].is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push('#');
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The lines compared at `level` (regen.py's `view`); at `chars`, one character a line.
fn view(text: &str, level: Level) -> Vec<String> {
    if level == Level::Chars {
        let mut chars: Vec<String> = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(String::from)
            .collect();
        chars.sort();
        return chars;
    }
    let text = if level.masks_numbers() {
        mask(text)
    } else {
        text.to_owned()
    };
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    if level.sorts_lines() {
        lines.sort();
    }
    lines
}

/// A line diff of `want` against `got` (`-` only in CPython's, `+` only in gilscope's),
/// from a longest common subsequence, with two lines of context around each change.
fn diff(want: &[String], got: &[String]) -> String {
    let (n, m) = (want.len(), got.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if want[i] == got[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && want[i] == got[j] {
            ops.push((' ', &want[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', &want[i]));
            i += 1;
        } else {
            ops.push(('+', &got[j]));
            j += 1;
        }
    }
    let near_change = |k: usize| {
        let lo = k.saturating_sub(2);
        let hi = (k + 2).min(ops.len() - 1);
        ops[lo..=hi].iter().any(|(c, _)| *c != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (c, line)) in ops.iter().enumerate() {
        if near_change(k) {
            if skipped {
                out.push_str("  ...\n");
                skipped = false;
            }
            out.push_str(&format!("{c} {line}\n"));
        } else {
            skipped = true;
        }
    }
    out
}

/// Why gilscope's run of `name` does not match, or `None` when it does.
fn check(dir: &Path, name: &str) -> Option<String> {
    let dir_s = dir.display().to_string();
    let expected = match load_expected(&dir.join(name.replace(".py", ".expected.json")), &dir_s) {
        Ok(e) => e,
        Err(e) => return Some(e),
    };
    let out = match Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .current_dir(dir)
        .arg("run")
        .arg(name)
        .output()
    {
        Ok(o) => o,
        Err(e) => return Some(format!("gilscope did not run: {e}")),
    };
    let status = out.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if let Some(declared) = declared_level(&dir.join(name))
        && expected.level < declared
    {
        problems.push(format!(
            "recorded at {:?}, stricter than its `# teaching: level` line allows ({declared:?})",
            expected.level
        ));
    }
    if status != expected.status {
        problems.push(format!(
            "exit status {status}, CPython's {}",
            expected.status
        ));
    }
    for (stream, got, want) in [
        ("stdout", &out.stdout, &expected.stdout),
        ("stderr", &out.stderr, &expected.stderr),
    ] {
        let got = String::from_utf8_lossy(got);
        let (g, w) = (view(&got, expected.level), view(want, expected.level));
        if g != w {
            problems.push(format!(
                "{stream} differs (- CPython, + gilscope):\n{}",
                diff(&w, &g)
            ));
        }
    }
    if problems.is_empty() {
        None
    } else {
        Some(format!(
            "{name} [{:?}]: {}",
            expected.level,
            problems.join("\n")
        ))
    }
}

/// The level a program's `# teaching: level LEVEL` line declares, if it has one.
fn declared_level(path: &Path) -> Option<Level> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("# teaching: level "))
        .and_then(|l| Level::parse(l.trim()))
}

fn is_module(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|s| s.starts_with("# teaching: module"))
}

/// The programs of the corpus (not the modules they import), in name order.
fn program_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/corpus/teaching exists")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py") && n != "regen.py" && !is_module(&dir.join(n)))
        .collect();
    names.sort();
    names
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let dir = corpus_dir();
    let names = program_names(&dir);
    let count = names.len();
    let mut trials = vec![
        Trial::test("the_corpus_has_at_least_100_programs", move || {
            if count >= 100 {
                Ok(())
            } else {
                Err(format!("the corpus has {count} programs").into())
            }
        }),
        Trial::test("masking_and_diff", || {
            masking_and_diff();
            Ok(())
        }),
    ];
    trials.extend(names.into_iter().map(|name| {
        let dir = dir.clone();
        let test = format!("teaching::{}", name.trim_end_matches(".py"));
        Trial::test(test, move || {
            check(&dir, &name).map_or(Ok(()), |why| Err(Failed::from(why)))
        })
    }));
    libtest_mimic::run(&args, trials).exit_code()
}

fn masking_and_diff() {
    assert_eq!(mask("at 0x7f3a, 12.5 ms: T-3"), "at #, #.# ms: T-#");
    assert_eq!(view("b 2\na 1\n", Level::Loose), vec!["", "a #", "b #"]);
    let want: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let got: Vec<String> = ["a", "x", "c"].map(String::from).to_vec();
    assert_eq!(diff(&want, &got), "  a\n- b\n+ x\n  c\n");
}
