//! Small differences from CPython a careless or hostile file meets (issue 24): null bytes,
//! coding declarations, `raise KeyboardInterrupt`, a very deep `==`. Each expectation is
//! what `python3 FILE.py` (CPython 3.11.7) prints and its exit status.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::path::PathBuf;
use std::process::Command;

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gilscope-edges-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `gilscope run` on a file holding `bytes`: exit status, stdout, stderr.
fn run(dir: &std::path::Path, name: &str, bytes: &[u8]) -> (i32, String, String) {
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["run", file.to_str().unwrap()])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn source_files_decode_as_cpython_decodes_them() {
    let dir = folder("decode");
    let cases: &[(&str, &[u8], i32, &str, &str)] = &[
        (
            "latin1.py",
            b"# -*- coding: latin-1 -*-\nprint(\"caf\xe9\", len(\"\xe9\"))\n",
            0,
            "caf\u{e9} 1\n",
            "",
        ),
        (
            "second_line.py",
            b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-1 :\nprint(\"caf\xe9\")\n",
            0,
            "caf\u{e9}\n",
            "",
        ),
        (
            "unknown.py",
            b"# coding: foo\nprint(1)\n",
            1,
            "",
            "SyntaxError: encoding problem: foo\n",
        ),
        (
            "bom.py",
            b"\xef\xbb\xbf# coding: latin-1\nprint(1)\n",
            1,
            "",
            "SyntaxError: encoding problem: iso-8859-1 with BOM\n",
        ),
        (
            "utf8.py",
            "# coding: utf-8\nprint('caf\u{e9}')\n".as_bytes(),
            0,
            "caf\u{e9}\n",
            "",
        ),
    ];
    for &(name, bytes, status, stdout, stderr) in cases {
        let got = run(&dir, name, bytes);
        assert_eq!(
            got,
            (status, stdout.to_owned(), stderr.to_owned()),
            "{name}"
        );
    }
    // Too late for a declaration (the third line): not UTF-8, as CPython says.
    let (status, _, stderr) = run(
        &dir,
        "late.py",
        b"x = 1\n\n# coding: latin-1\nprint(\"\xe9\")\n",
    );
    assert_eq!(status, 1);
    assert!(
        stderr.starts_with("SyntaxError: Non-UTF-8 code starting with '\\xe9'"),
        "{stderr}"
    );
    // An encoding CPython knows and gilscope does not decode is unsupported, not unknown.
    let (status, _, stderr) = run(&dir, "cp1252.py", b"# -*- coding: cp1252 -*-\nprint(1)\n");
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("unsupported: source encoding 'cp1252'"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn null_bytes_keyboard_interrupt_and_deep_equality() {
    let dir = folder("misc");
    let (status, _, stderr) = run(&dir, "nul.py", b"print(1)\n\0\n");
    assert_eq!(status, 1);
    assert!(
        stderr.ends_with("line 2\n    \nSyntaxError: source code cannot contain null bytes\n"),
        "{stderr}"
    );

    let (status, _, stderr) = run(&dir, "interrupt.py", b"raise KeyboardInterrupt\n");
    assert_eq!(status, 130, "{stderr}");
    assert!(
        stderr.ends_with("    raise KeyboardInterrupt\nKeyboardInterrupt\n"),
        "{stderr}"
    );

    // CPython's limit counts the module's frame: 999 nested lists compare, 1,000 do not.
    let deep = |n: usize| {
        format!(
            "def nest(n):\n    a = []\n    for _ in range(n):\n        a = [a]\n    return a\n\
             print(nest({n}) == nest({n}))\n"
        )
    };
    assert_eq!(run(&dir, "eq_ok.py", deep(998).as_bytes()).1, "True\n");
    let (status, _, stderr) = run(&dir, "eq_deep.py", deep(999).as_bytes());
    assert_eq!(status, 1);
    assert!(
        stderr.ends_with("RecursionError: maximum recursion depth exceeded in comparison\n"),
        "{stderr}"
    );
    let (status, _, stderr) = run(&dir, "eq_huge.py", deep(100_000).as_bytes());
    assert_eq!(status, 1);
    assert!(stderr.ends_with("in comparison\n"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
