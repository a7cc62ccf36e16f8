//! Bad input never panics: random bytes, token soups and generated valid programs go
//! through parse, compile and a bounded run; generated programs also print what CPython
//! prints. `cargo test` runs a bounded number of cases; the soak run in `docs/fuzzing.md`
//! raises it with `PROPTEST_CASES`.

use std::io::Write;
use std::process::{Command, Stdio};

use gilscope::engine::{self, MS, Options};
use gilscope::python::{self, RunConfig};
use gilscope::trace::{EndReason, EventKind, Outcome, Store, Stream};
use proptest::prelude::*;

/// `cargo test` runs `default` cases from a fixed seed, so a change cannot fail on a case
/// nobody saw before it landed; the soak run (`PROPTEST_CASES` set) draws new ones.
fn cases(default: u32) -> ProptestConfig {
    match std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => ProptestConfig::with_cases(n),
        None => ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x9115_c09e),
            ..ProptestConfig::with_cases(default)
        },
    }
}

/// Compiles `source` and, if it compiles, runs it for at most 50 simulated ms; fails the
/// test if any worker panicked. Returns the trace of the run, if there was one.
fn run_bounded(source: &str) -> Result<Option<Store>, TestCaseError> {
    let Ok(program) = python::compile("fuzz.py", "/fuzz/fuzz.py", source) else {
        return Ok(None);
    };
    let options = Options {
        max_time: Some(50 * MS),
        ..Options::default()
    };
    let store = Store::from_chunks(engine::run_to_end(
        options,
        python::main_body(&program, RunConfig::default()),
    ));
    let panicked = store.events().iter().any(|e| {
        matches!(
            e.kind,
            EventKind::End {
                outcome: Outcome::Panicked
            }
        )
    });
    prop_assert!(!panicked, "a worker panicked on:\n{source}");
    Ok(Some(store))
}

const TOKENS: &[&str] = &[
    "def",
    "class",
    "if",
    "elif",
    "else",
    "for",
    "while",
    "in",
    "not",
    "and",
    "or",
    "try",
    "except",
    "finally",
    "with",
    "as",
    "return",
    "yield",
    "lambda",
    "import",
    "from",
    "global",
    "nonlocal",
    "pass",
    "break",
    "continue",
    "raise",
    "del",
    "assert",
    "async",
    "await",
    "None",
    "True",
    "False",
    "x",
    "y",
    "f",
    "print",
    "range",
    "len",
    "threading",
    "time",
    "0",
    "1",
    "-1",
    "10**9",
    "3.5",
    "1e308",
    "'s'",
    "\"t\"",
    "f'{x}'",
    "b'z'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    ";",
    "=",
    "+=",
    "==",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "<",
    ">",
    "!=",
    "|",
    "&",
    "^",
    "~",
    "<<",
    ">>",
    "->",
    "...",
    "\n",
    "\n    ",
    "\n        ",
    "\\",
    "#",
    "'''",
    "\t",
    "\u{0}",
    "é",
];

/// A program text of random tokens, mostly nonsense, sometimes almost Python.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.join(" "))
}

/// An integer expression over the prelude's variables, a few levels deep.
fn int_expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (-20i64..100).prop_map(|n| n.to_string()),
        prop::sample::select(vec!["a", "b", "c", "len(xs)", "len(s)", "n"]).prop_map(String::from),
        Just("10**20".to_owned()),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["+", "-", "*", "//", "%", "&", "|", "^"]),
                inner.clone()
            )
                .prop_map(|(x, op, y)| format!("({x} {op} {y})")),
            // Shifts stay small: huge operands only cost host time, in CPython too.
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("({x} << ({y} % 70))")),
            inner.clone().prop_map(|x| format!("({x}) ** 2")),
            inner.clone().prop_map(|x| format!("abs({x})")),
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("max({x}, {y})")),
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("f({x}, {y})")),
            inner.clone().prop_map(|x| format!("xs[{x} % len(xs)]")),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(x, y, z)| format!("({x} if {y} > {z} else -{x})")),
        ]
    })
}

/// Something to print: ints, floats, strings, containers and their methods.
fn any_expr() -> impl Strategy<Value = String> {
    let e = int_expr;
    prop_oneof![
        e(),
        (e(), e()).prop_map(|(x, y)| format!("{x} / ({y} or 1)")),
        (e(), e()).prop_map(|(x, y)| format!("divmod({x}, ({y}) or 7)")),
        e().prop_map(|x| format!("f'{{{x}:>8}}|{{{x}!r}}|{{{x}:x}}'")),
        e().prop_map(|x| format!("s * ({x} % 4)")),
        e().prop_map(|x| format!("str({x})[::-1]")),
        Just("sorted(xs, reverse=True)".to_owned()),
        Just("[v * 2 for v in xs if v % 2]".to_owned()),
        Just("{k: v for k, v in d.items()}".to_owned()),
        Just("list(zip(xs, s))".to_owned()),
        Just("(sum(xs), min(xs), max(xs))".to_owned()),
        Just("'-'.join(str(v) for v in xs[:5])".to_owned()),
        Just("s.upper().split('I')".to_owned()),
        e().prop_map(|x| format!("round({x} / 3, 2)")),
        e().prop_map(|x| format!("'%5d|%-4s|%.2f' % ({x}, s, {x} / 7)")),
    ]
}

/// One statement, with nested blocks at `indent`.
fn stmt(depth: u32) -> BoxedStrategy<Vec<String>> {
    let simple = prop_oneof![
        (prop::sample::select(vec!["a", "b", "c"]), int_expr())
            .prop_map(|(v, x)| vec![format!("{v} = {x}")]),
        any_expr().prop_map(|x| vec![format!("print({x})")]),
        int_expr().prop_map(|x| vec![format!("xs.append({x})")]),
        int_expr().prop_map(|x| vec![format!("d[{x} % 5] = s")]),
        int_expr().prop_map(|x| vec![format!("s = (s + str({x}))[-12:]")]),
        Just(vec!["xs = xs[-6:]".to_owned()]),
        int_expr().prop_map(|x| vec![format!("print(d.get({x} % 5, 'none'))")]),
    ];
    if depth == 0 {
        return simple.boxed();
    }
    let block = move || prop::collection::vec(stmt(depth - 1), 1..4).prop_map(indent);
    prop_oneof![
        3 => simple,
        1 => (int_expr(), int_expr(), block(), block()).prop_map(|(x, y, t, e)| {
            let mut v = vec![format!("if {x} < {y}:")];
            v.extend(t);
            v.push("else:".to_owned());
            v.extend(e);
            v
        }),
        1 => ((0u32..5), block()).prop_map(|(k, b)| {
            let mut v = vec![format!("for n in range({k}):")];
            v.extend(b);
            v
        }),
        1 => block().prop_map(|b| {
            let mut v = vec!["try:".to_owned()];
            v.extend(b);
            v.push("except (ZeroDivisionError, ValueError, IndexError, KeyError, TypeError, OverflowError) as e:".to_owned());
            v.push("    print(type(e).__name__, e)".to_owned());
            v
        }),
    ]
    .boxed()
}

fn indent(stmts: Vec<Vec<String>>) -> Vec<String> {
    stmts
        .into_iter()
        .flatten()
        .map(|l| format!("    {l}"))
        .collect()
}

const PRELUDE: &str = "a, b, c, n = 3, -7, 12, 1
s = 'hi'
xs = [1, 2, 3]
d = {0: 'zero'}


def f(x, y=2):
    return x * 3 - y

";

/// A valid program: the prelude and a few generated statements.
fn program() -> impl Strategy<Value = String> {
    prop::collection::vec(stmt(2), 1..8).prop_map(|stmts| {
        let mut text = PRELUDE.to_owned();
        for line in stmts.into_iter().flatten() {
            text.push_str(&line);
            text.push('\n');
        }
        text
    })
}

/// CPython 3.11's stdout and exit status for `source`.
fn cpython(source: &str) -> (String, i32) {
    let mut child = Command::new("python3")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(source.as_bytes())
        .expect("write program");
    let out = child.wait_with_output().expect("python3 finishes");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        run_bounded(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn token_soups_never_panic(source in soup()) {
        run_bounded(&source)?;
    }
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn generated_programs_print_what_cpython_prints(source in program()) {
        let store = run_bounded(&source)?;
        let Some(store) = store else {
            return Err(TestCaseError::fail(format!("a valid program did not compile:\n{source}")));
        };
        let end = store.end().expect("the run ended");
        prop_assert_eq!(&end.reason, &EndReason::Exited, "{}", source);
        let (stdout, status) = cpython(&source);
        prop_assert_eq!(store.output(Stream::Stdout), stdout, "{}", source);
        prop_assert_eq!(end.status, status, "{}", source);
    }
}
