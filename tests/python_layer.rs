//! The Python crate is layered: values -> bytecode -> compiler -> VM -> built-ins ->
//! modules (`crates/python/src/lib.rs` lists the files of each layer). A lower file
//! reaches a higher one only through the hooks and traits the higher one registers at
//! start-up, so no import circle runs through more than two files.
//!
//! This test builds the file-level import graph of `crates/python/src` from the paths the
//! code names (`use crate::...`, `use super::...`, a child module's path, and fully
//! qualified `crate::x::y` paths in code) and fails naming the circle if one runs through
//! more than two files. The Python crate cannot reach the UI at all: it does not depend
//! on the application or ratatui, so the compiler refuses that.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// A token of Rust source with comments, strings and characters removed.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

/// The tokens of `src` that matter for paths (comments, string and char literals dropped).
fn tokens(src: &str) -> Vec<Tok> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_char = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if ch == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(Tok::Other);
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && ident_char(c[i]) {
                    i += 1;
                }
            }
            out.push(Tok::Other);
        } else if ident_char(ch) {
            let start = i;
            while i < c.len() && ident_char(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            // Raw and byte strings: r"..", r#".."#, b"..", br#".."#.
            let raw = matches!(word.as_str(), "r" | "br");
            if (raw || word == "b") && matches!(c.get(i), Some('"' | '#')) {
                let mut hashes = 0;
                while c.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                i += 1;
                loop {
                    if i >= c.len() {
                        break;
                    }
                    if !raw && c[i] == '\\' {
                        i += 2;
                        continue;
                    }
                    if c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#')) {
                        i += 1 + hashes;
                        break;
                    }
                    i += 1;
                }
                out.push(Tok::Other);
            } else if word.chars().all(|d| d.is_ascii_digit()) {
                out.push(Tok::Other);
            } else {
                out.push(Tok::Ident(word));
            }
        } else {
            i += 1;
            out.push(match ch {
                ':' if next == Some(':') => {
                    i += 1;
                    Tok::PathSep
                }
                '{' => Tok::Open,
                '}' => Tok::Close,
                ',' => Tok::Comma,
                ';' => Tok::Semi,
                '*' => Tok::Star,
                _ => Tok::Other,
            });
        }
    }
    out
}

fn ident(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

/// Reads a use tree at `toks[*i]`, appending every path it names (prefix included).
fn use_tree(toks: &[Tok], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut path = prefix.to_vec();
    loop {
        match toks.get(*i) {
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                *i += 1;
                match toks.get(*i) {
                    Some(Tok::PathSep) => {
                        *i += 1;
                        continue;
                    }
                    // A rename: `a::b as c`.
                    Some(Tok::Ident(a)) if a == "as" => *i += 2,
                    _ => {}
                }
                out.push(path);
                return;
            }
            Some(Tok::Star) => {
                *i += 1;
                out.push(path);
                return;
            }
            Some(Tok::Open) => {
                *i += 1;
                loop {
                    match toks.get(*i) {
                        Some(Tok::Close) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Comma) => *i += 1,
                        None => return,
                        _ => use_tree(toks, i, &path, out),
                    }
                }
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

/// One source file: its module path and what it declares and names.
struct Scan {
    /// Child modules declared with `mod name;` (in files of their own).
    file_mods: Vec<String>,
    /// Inline modules (`mod tests { .. }`), by their path below the file's module.
    inline_mods: BTreeSet<Vec<String>>,
    /// Paths named, each with the inline module (below the file's) it is named in.
    paths: Vec<(Vec<String>, Vec<String>)>,
}

fn scan(src: &str) -> Scan {
    let toks = tokens(src);
    let mut scan = Scan {
        file_mods: Vec::new(),
        inline_mods: BTreeSet::new(),
        paths: Vec::new(),
    };
    // Open inline modules, each with the brace depth it closes at.
    let mut scope: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let here = |scope: &[(String, usize)]| -> Vec<String> {
        scope.iter().map(|(n, _)| n.clone()).collect()
    };
    while i < toks.len() {
        let after_sep = i > 0 && toks[i - 1] == Tok::PathSep;
        match &toks[i] {
            Tok::Open => {
                depth += 1;
                i += 1;
            }
            Tok::Close => {
                if scope.last().is_some_and(|(_, d)| *d == depth) {
                    scope.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(w) if w == "mod" && !after_sep => {
                let name = ident(toks.get(i + 1)).map(str::to_owned);
                match (name, toks.get(i + 2)) {
                    (Some(n), Some(Tok::Semi)) if scope.is_empty() => scan.file_mods.push(n),
                    (Some(n), Some(Tok::Open)) => {
                        depth += 1;
                        scope.push((n, depth));
                        scan.inline_mods.insert(here(&scope));
                    }
                    _ => {}
                }
                i += 3;
            }
            Tok::Ident(w) if w == "use" && !after_sep => {
                i += 1;
                let mut found = Vec::new();
                use_tree(&toks, &mut i, &[], &mut found);
                let at = here(&scope);
                scan.paths
                    .extend(found.into_iter().map(|p| (at.clone(), p)));
            }
            Tok::Ident(w) if !after_sep && toks.get(i + 1) == Some(&Tok::PathSep) => {
                let mut path = vec![w.clone()];
                i += 1;
                while toks.get(i) == Some(&Tok::PathSep) {
                    match ident(toks.get(i + 1)) {
                        Some(s) => path.push(s.to_owned()),
                        None => break,
                    }
                    i += 2;
                }
                scan.paths.push((here(&scope), path));
            }
            _ => i += 1,
        }
    }
    scan
}

/// The file-level import graph of a crate whose files are given as (path, text), with the
/// crate root at `lib.rs`: for each file, the files it names.
fn import_graph(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    // Module path -> the file holding it; modules declared from the root down.
    let mut module_file: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut scans: BTreeMap<String, (Vec<String>, Scan)> = BTreeMap::new();
    let mut pending = vec![(Vec::<String>::new(), "lib.rs".to_owned())];
    while let Some((module, file)) = pending.pop() {
        let Some(text) = files.get(&file) else {
            continue;
        };
        let s = scan(text);
        let dir = match file.rsplit_once('/') {
            Some((d, "mod.rs")) => format!("{d}/"),
            None if file == "lib.rs" => String::new(),
            _ => format!("{}/", file.trim_end_matches(".rs")),
        };
        for child in &s.file_mods {
            let flat = format!("{dir}{child}.rs");
            let nested = format!("{dir}{child}/mod.rs");
            let f = if files.contains_key(&flat) {
                flat
            } else {
                nested
            };
            let mut m = module.clone();
            m.push(child.clone());
            pending.push((m, f));
        }
        for inline in &s.inline_mods {
            let mut m = module.clone();
            m.extend(inline.iter().cloned());
            module_file.insert(m, file.clone());
        }
        module_file.insert(module.clone(), file.clone());
        scans.insert(file, (module, s));
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, (module, s)) in &scans {
        let edges = graph.entry(file.clone()).or_default();
        for (inline, path) in &s.paths {
            let mut at = module.clone();
            at.extend(inline.iter().cloned());
            let mut segs = path.iter().peekable();
            let mut cur = match segs.peek().map(|s| s.as_str()) {
                Some("crate") => {
                    segs.next();
                    Vec::new()
                }
                Some("super" | "self") => at.clone(),
                Some(first) => {
                    let mut child = at.clone();
                    child.push(first.to_owned());
                    if !module_file.contains_key(&child) {
                        continue;
                    }
                    at.clone()
                }
                None => continue,
            };
            while let Some(seg) = segs.peek() {
                match seg.as_str() {
                    "super" => {
                        cur.pop();
                    }
                    "self" => {}
                    name => {
                        let mut child = cur.clone();
                        child.push(name.to_owned());
                        if !module_file.contains_key(&child) {
                            break;
                        }
                        cur = child;
                    }
                }
                segs.next();
            }
            if let Some(target) = module_file.get(&cur)
                && target != file
            {
                edges.insert(target.clone());
            }
        }
    }
    graph
}

/// A circle through more than two files, as the files in order (the last imports the
/// first), if the graph has one.
fn long_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let none = BTreeSet::new();
    let next = |n: &String| graph.get(n).unwrap_or(&none);
    // A circle u -> v -> w -> ... -> u with three distinct files exists exactly when some
    // w after v reaches u without passing v.
    for (u, vs) in graph {
        for v in vs.iter().filter(|v| *v != u) {
            for w in next(v).iter().filter(|w| *w != u && *w != v) {
                let mut from: BTreeMap<&String, &String> = BTreeMap::new();
                let mut queue = VecDeque::from([w]);
                from.insert(w, w);
                while let Some(n) = queue.pop_front() {
                    if n == u {
                        let mut back = vec![u.clone()];
                        let mut at = u;
                        while at != w {
                            at = from[at];
                            back.push(at.clone());
                        }
                        back.reverse();
                        back.pop();
                        let mut circle = vec![u.clone(), v.clone()];
                        circle.extend(back);
                        return Some(circle);
                    }
                    for m in next(n) {
                        if m != v && !from.contains_key(m) {
                            from.insert(m, n);
                            queue.push_back(m);
                        }
                    }
                }
            }
        }
    }
    None
}

fn rust_files(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let rel = p.strip_prefix(root).expect("under root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.insert(rel, std::fs::read_to_string(&p).expect("readable"));
        }
    }
}

#[test]
fn no_import_circle_runs_through_more_than_two_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/python/src");
    let mut files = BTreeMap::new();
    rust_files(&root, &root, &mut files);
    let graph = import_graph(&files);
    assert_eq!(
        graph.len(),
        files.len(),
        "every file is a module of the crate"
    );
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges > graph.len(), "the scan found the imports ({edges})");
    if let Some(circle) = long_circle(&graph) {
        let listing: Vec<String> = graph
            .iter()
            .map(|(f, to)| {
                let to: Vec<&str> = to.iter().map(String::as_str).collect();
                format!("  {f} -> {}", to.join(", "))
            })
            .collect();
        panic!(
            "import circle through {} files: {} -> {}\nthe graph:\n{}",
            circle.len(),
            circle.join(" -> "),
            circle[0],
            listing.join("\n")
        );
    }
}

fn graph_of(edges: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in edges {
        g.entry((*a).to_owned())
            .or_default()
            .insert((*b).to_owned());
        g.entry((*b).to_owned()).or_default();
    }
    g
}

#[test]
fn a_circle_of_three_files_is_found_and_named() {
    let g = graph_of(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]);
    let circle = long_circle(&g).expect("a -> b -> c -> a");
    assert_eq!(circle.len(), 3);
    for f in ["a", "b", "c"] {
        assert!(circle.contains(&f.to_owned()), "{circle:?}");
    }
    let g = graph_of(&[("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "b")]);
    assert_eq!(long_circle(&g).map(|c| c.len()), Some(4));
}

#[test]
fn pairs_importing_each_other_are_allowed() {
    // A hub with files that import it back, and a chain that never returns.
    let g = graph_of(&[
        ("vm", "ops"),
        ("ops", "vm"),
        ("vm", "exc"),
        ("exc", "vm"),
        ("ops", "value"),
        ("exc", "value"),
        ("value", "code"),
        ("code", "value"),
    ]);
    assert_eq!(long_circle(&g), None);
}

#[test]
fn the_scan_resolves_use_trees_child_modules_and_paths_in_code() {
    let files: BTreeMap<String, String> = [
        ("lib.rs", "pub mod value;\npub mod vm;\nmod note;\n"),
        (
            "value.rs",
            "// use crate::vm::Vm; in a comment\nconst S: &str = \"crate::vm::x\";\n\
             pub struct V<'a>(&'a str);\n#[cfg(test)]\nmod tests { use super::*; }\n",
        ),
        (
            "vm/mod.rs",
            "mod ops;\nuse crate::{value::{self, V}, note as n};\n\
             fn f() { ops::g(); let c = 'x'; }\n",
        ),
        (
            "vm/ops.rs",
            "fn g() { super::f(); crate::value::V(\"\"); }\n",
        ),
        (
            "note.rs",
            "fn h() { crate::vm::f(); crate::vm::ops::g(); }\n",
        ),
    ]
    .into_iter()
    .map(|(p, s)| (p.to_owned(), s.to_owned()))
    .collect();
    let g = import_graph(&files);
    let to = |f: &str| -> Vec<&str> { g[f].iter().map(String::as_str).collect() };
    assert_eq!(to("value.rs"), Vec::<&str>::new());
    assert_eq!(to("vm/mod.rs"), ["note.rs", "value.rs", "vm/ops.rs"]);
    assert_eq!(to("vm/ops.rs"), ["value.rs", "vm/mod.rs"]);
    assert_eq!(to("note.rs"), ["vm/mod.rs", "vm/ops.rs"]);
    let circle = long_circle(&g).expect("vm/mod.rs -> note.rs -> vm/ops.rs -> vm/mod.rs");
    assert_eq!(circle.len(), 3, "{circle:?}");
}
