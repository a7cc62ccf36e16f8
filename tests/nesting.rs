//! Deeply nested sources: every recursive pass (parser, checks, symbol table, compiler)
//! stops where CPython 3.11 stops, with CPython's error and exit status 1, never a stack
//! overflow. The thresholds were measured with `python3 FILE.py` (CPython 3.11.7); each is
//! checked at its last accepted depth and one beyond. The front ends are checked at the
//! depths a hostile file uses, and a property test mixes nestings up to 100,000 deep.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::path::PathBuf;
use std::process::Command;

use gilscope::python::{self, FrontError};
use proptest::prelude::*;

const RECURSION: &str = "RecursionError: maximum recursion depth exceeded during compilation\n";
const MEMORY: &str = "MemoryError\n";
const PARENS: &str = "SyntaxError: too many nested parentheses\n";

/// A source nested `n` deep in one way.
type Nest = fn(usize) -> String;

/// Each kind of nesting: how to build it, the deepest CPython 3.11 compiles, and what it
/// says one deeper.
const THRESHOLDS: &[(&str, Nest, usize, &str)] = &[
    (
        "unary minus",
        |n| format!("x = {}1\n", "-".repeat(n)),
        2998,
        RECURSION,
    ),
    (
        "unary minus statement",
        |n| format!("{}1\n", "-".repeat(n)),
        2998,
        RECURSION,
    ),
    (
        "not",
        |n| format!("x = {}1\n", "not ".repeat(n)),
        2998,
        RECURSION,
    ),
    (
        "sum",
        |n| format!("x = {}\n", vec!["1"; n].join("+")),
        2999,
        RECURSION,
    ),
    (
        "conditional",
        |n| format!("x = {}1\n", "1 if 1 else ".repeat(n)),
        2998,
        RECURSION,
    ),
    (
        "return",
        |n| format!("def f():\n    return {}1\n", "-".repeat(n)),
        2997,
        RECURSION,
    ),
    (
        "subscript target",
        |n| format!("x{} = 1\n", "[0]".repeat(n)),
        2998,
        RECURSION,
    ),
    (
        "attribute",
        |n| format!("x = a{}\n", ".b".repeat(n)),
        2998,
        RECURSION,
    ),
    (
        "elif",
        |n| format!("if 1: pass\n{}", "elif 1: pass\n".repeat(n)),
        2998,
        RECURSION,
    ),
    (
        "f-string",
        |n| format!("x = f'{{{}1}}'\n", "-".repeat(n)),
        2996,
        RECURSION,
    ),
    ("blocks", blocks, 2998, RECURSION),
    (
        "power",
        |n| format!("x = {}\n", vec!["1"; n].join("**")),
        2984,
        MEMORY,
    ),
    (
        "lambda",
        |n| format!("f = {}1\n", "lambda: ".repeat(n)),
        2983,
        MEMORY,
    ),
    ("in brackets", in_brackets, 475, MEMORY),
    ("in calls", in_calls, 1408, MEMORY),
];

/// 99 nested `if` blocks (the most indentation CPython allows), then unary minuses.
fn blocks(n: usize) -> String {
    let levels = n.min(99);
    let mut s = String::new();
    for i in 0..levels {
        s.push_str(&format!("{}if 1:\n", "    ".repeat(i)));
    }
    format!(
        "{s}{}x = {}1\n",
        "    ".repeat(levels),
        "-".repeat(n - levels)
    )
}

/// Unary minuses inside 190 parenthesized unary minuses.
fn in_brackets(n: usize) -> String {
    format!(
        "x = {}{}1{}\n",
        "(-".repeat(190),
        "-".repeat(n),
        ")".repeat(190)
    )
}

/// Calls nested 199 deep (one fewer than CPython's bracket limit), then unary minuses.
fn in_calls(n: usize) -> String {
    let calls = n.min(199);
    format!(
        "x = {}{}1{}\n",
        "f(".repeat(calls),
        "-".repeat(n - calls),
        ")".repeat(calls)
    )
}

/// What compiling `source` says: `None` if it compiles, else the error's last line.
fn verdict(source: &str) -> Option<String> {
    match python::compile("t.py", "/t/t.py", source) {
        Ok(_) => None,
        Err(e) => {
            let text = e.to_string();
            let last = text.trim_end().lines().last().unwrap_or("").to_owned();
            Some(format!("{last}\n"))
        }
    }
}

#[test]
fn each_nesting_stops_where_cpython_stops() {
    for &(what, nest, deepest, error) in THRESHOLDS {
        assert_eq!(
            verdict(&nest(deepest)),
            None,
            "{what} {deepest} deep compiles"
        );
        assert_eq!(
            verdict(&nest(deepest + 1)).as_deref(),
            Some(error),
            "{what} {} deep",
            deepest + 1
        );
    }
}

#[test]
fn long_flat_sources_compile() {
    // Long but flat: CPython folds comparisons, `and` chains and string concatenation
    // into one node.
    for source in [
        format!("x = {}\n", vec!["1"; 100_000].join(" < ")),
        format!("x = {}\n", vec!["1"; 100_000].join(" and ")),
        format!("x = {}\n", vec!["'a'"; 100_000].join(" ")),
    ] {
        assert_eq!(verdict(&source), None);
    }
}

#[test]
fn too_deep_is_exit_status_1() {
    let e = python::compile(
        "t.py",
        "/t/t.py",
        &format!("x = {}1\n", "-".repeat(100_000)),
    );
    assert!(matches!(&e, Err(FrontError::TooDeep(_))));
    assert_eq!(e.err().map(|e| e.status()), Some(1));
}

/// The hostile files: what `python3` prints for each (last line), exit status 1.
fn hostile() -> Vec<(&'static str, String, &'static str)> {
    vec![
        (
            "sum",
            format!("print({})\n", vec!["1"; 30_000].join("+")),
            RECURSION,
        ),
        (
            "brackets",
            format!("x = {}1{}\n", "(".repeat(20_000), ")".repeat(20_000)),
            PARENS,
        ),
        (
            "minuses",
            format!("print({}1)\n", "-".repeat(100_000)),
            MEMORY,
        ),
    ]
}

fn folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gilscope-nesting-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_front_end_refuses_hostile_nesting() {
    let dir = folder();
    for (name, source, error) in hostile() {
        let file = dir.join(format!("{name}.py"));
        std::fs::write(&file, &source).unwrap();
        let file = file.to_str().unwrap();
        let out_file = dir.join("out.json");
        let out_file = out_file.to_str().unwrap();
        for args in [
            vec!["run", file],
            vec!["run", "--json", file],
            vec!["dis", file],
            vec!["export", "-o", out_file, file],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?} on {name}: {stderr}");
            assert!(stderr.ends_with(error), "{args:?} on {name}: {stderr}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// One way to nest, for the property test.
#[derive(Clone, Copy, Debug)]
enum Layer {
    Minus,
    Not,
    Paren,
    Bracket,
    Call,
    Lambda,
    Power,
    Sum,
    Conditional,
}

/// A source made of `layers`, each repeated: an expression as deep as their sum.
fn layered(layers: &[(Layer, usize)]) -> String {
    let (mut open, mut close) = (String::new(), String::new());
    for &(layer, n) in layers {
        let (o, c) = match layer {
            Layer::Minus => ("-", ""),
            Layer::Not => ("not ", ""),
            Layer::Paren => ("(", ")"),
            Layer::Bracket => ("[", "]"),
            Layer::Call => ("f(", ")"),
            Layer::Lambda => ("lambda: ", ""),
            Layer::Power => ("1 ** ", ""),
            Layer::Sum => ("1 + ", ""),
            Layer::Conditional => ("1 if 1 else ", ""),
        };
        open.push_str(&o.repeat(n));
        close.insert_str(0, &c.repeat(n));
    }
    format!("x = {open}1{close}\n")
}

fn layer() -> impl Strategy<Value = (Layer, usize)> {
    let kind = prop_oneof![
        Just(Layer::Minus),
        Just(Layer::Not),
        Just(Layer::Paren),
        Just(Layer::Bracket),
        Just(Layer::Call),
        Just(Layer::Lambda),
        Just(Layer::Power),
        Just(Layer::Sum),
        Just(Layer::Conditional),
    ];
    let depth = prop_oneof![1usize..300, 300usize..3_500, 3_500usize..100_000];
    (kind, depth)
}

proptest! {
    #![proptest_config(ProptestConfig {
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x0dee_9e57),
        ..ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        )
    })]

    /// Nestings mixed up to 100,000 deep compile or end in one of CPython's errors; none
    /// overflows the stack (which would abort this test process).
    #[test]
    fn mixed_nesting_never_overflows(layers in prop::collection::vec(layer(), 1..4)) {
        let source = layered(&layers);
        if let Some(error) = verdict(&source) {
            prop_assert!(
                [RECURSION, MEMORY, PARENS].contains(&error.as_str()),
                "{layers:?}: {error}"
            );
        }
    }
}
