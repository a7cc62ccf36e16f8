//! The instruction a GIL handoff names (`crates/python/src/sites.rs`) against what
//! `python3 -m dis` printed under CPython 3.11 (`tests/dis/CORPUS/NAME.dis`, see
//! tests/dis.rs): for every program of the corpora, every VM instruction that has a site
//! must be, in CPython's listing of its code object, an instruction of that name at that
//! offset on the VM instruction's line. The test also prints how many of the VM's check
//! points have a site (the others name their line only).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use gilscope::python::bytecode::Code;
use gilscope::python::opcode::Op;
use gilscope::python::value::Value;

const CORPORA: &[(&str, &str)] = &[
    ("programs", "tests/programs"),
    ("teaching", "tests/corpus/teaching"),
    ("lecture", "tests/lecture"),
    ("scenarios", "assets/scenarios"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One code object of a `dis` listing: offset -> (opcode name, line).
type Listing = HashMap<u32, (String, u32)>;

/// The code objects of a `python3 -m dis` listing by (name, first line), in order.
fn parse_dis(text: &str) -> HashMap<(String, u32), Vec<Listing>> {
    let mut out: HashMap<(String, u32), Vec<Listing>> = HashMap::new();
    let mut key = ("<module>".to_owned(), 1);
    let mut cur = Listing::new();
    let mut line = 0;
    for row in text.lines() {
        if let Some(head) = row.strip_prefix("Disassembly of <code object ") {
            out.entry(key).or_default().push(std::mem::take(&mut cur));
            let name = head.split(" at ").next().unwrap_or_default();
            let name = name.split(", file").next().unwrap_or_default().to_owned();
            let first = head
                .rsplit("line ")
                .next()
                .and_then(|s| s.trim_end_matches(">:").parse().ok())
                .unwrap_or(0);
            key = (name, first);
            line = 0;
            continue;
        }
        let toks: Vec<&str> = row.split_whitespace().filter(|t| *t != ">>").collect();
        let num = |i: usize| toks.get(i).and_then(|t| t.parse::<u32>().ok());
        let (off, op) = match (num(0), num(1)) {
            (Some(l), Some(o)) => {
                line = l;
                (o, toks.get(2))
            }
            (Some(o), None) => (o, toks.get(1)),
            _ => continue,
        };
        let Some(op) = op.filter(|s| s.chars().all(|c| c.is_ascii_uppercase() || c == '_')) else {
            continue;
        };
        cur.insert(off, ((*op).to_owned(), line));
    }
    out.entry(key).or_default().push(cur);
    out
}

fn codes(code: &Arc<Code>, out: &mut Vec<Arc<Code>>) {
    out.push(Arc::clone(code));
    for c in &code.consts {
        if let Value::Code(inner) = c {
            codes(inner, out);
        }
    }
}

#[test]
fn every_site_is_the_instruction_python3_dis_prints_there() {
    let (mut checks, mut named, mut programs) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for (corpus, dir) in CORPORA {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files {
            let Some(stem) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".py"))
            else {
                continue;
            };
            let expected = root().join(format!("tests/dis/{corpus}/{stem}.dis"));
            let (Ok(text), Ok(source)) = (
                std::fs::read_to_string(&expected),
                std::fs::read_to_string(&path),
            ) else {
                continue;
            };
            let display = format!("{stem}.py");
            let Ok(program) = gilscope::python::compile(&display, &display, &source) else {
                continue;
            };
            programs += 1;
            let listing = parse_dis(&text);
            let mut all = Vec::new();
            codes(&program.code, &mut all);
            let mut seen: HashMap<(String, u32), usize> = HashMap::new();
            for code in all {
                let key = (code.name.to_string(), code.first_line);
                let n = seen.entry(key.clone()).or_insert(0);
                let theirs = listing.get(&key).and_then(|v| v.get(*n));
                *n += 1;
                for (pc, ins) in code.instrs.iter().enumerate() {
                    checks += usize::from(ins.is_check_point());
                    let site = code.site(pc);
                    let (Some(op), Some(offset)) = (site.op(), site.offset()) else {
                        continue;
                    };
                    named += usize::from(ins.is_check_point());
                    let name = Op::from_u8(op).map_or("?", |o| o.name());
                    let line = code.line_of(pc);
                    let got = theirs.and_then(|l| l.get(&offset));
                    if got.map(|(n, l)| (n.as_str(), *l)) != Some((name, line)) {
                        wrong.push(format!(
                            "{corpus}/{stem} {}: VM {ins:?} line {line} -> {name} at {offset}, \
                             python3 dis has {got:?}",
                            code.qualname
                        ));
                    }
                }
            }
        }
    }
    println!("{programs} programs: {named} of {checks} check points name their instruction");
    assert!(programs > 300, "only {programs} programs compared");
    assert!(
        wrong.is_empty(),
        "{} wrong sites:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Most check points line up; the others name their line only.
    assert!(named * 10 >= checks * 8, "{named} of {checks}");
}
