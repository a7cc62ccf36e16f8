//! The lecture's programs, verbatim (copies of `shared/lecture/`), against reference
//! C.2 rows 16-21: output, and timings read from the trace in simulated time.

use std::sync::Arc;

use gilscope::engine::{self, Options, SEC};
use gilscope::python::{self, Program, RunConfig};
use gilscope::trace::{EventKind, Nanos, Store, Stream};

fn program(name: &str) -> Arc<Program> {
    let path = format!("{}/tests/lecture/{name}", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).expect("lecture program");
    python::compile(name, &path, &source).expect("compiles")
}

fn run(name: &str, seed: u64, unbuffered: bool) -> Store {
    let options = Options {
        seed,
        ..Options::default()
    };
    let config = RunConfig {
        args: Vec::new(),
        unbuffered,
        ..RunConfig::default()
    };
    Store::from_chunks(engine::run_to_end(
        options,
        python::main_body(&program(name), config),
    ))
}

/// Each stdout write: (time, text).
fn writes(store: &Store) -> Vec<(Nanos, String)> {
    store
        .writes()
        .iter()
        .filter_map(|&i| match store.events()[i as usize].kind {
            EventKind::Write {
                stream: Stream::Stdout,
                text,
            } => Some((store.events()[i as usize].t, store.text(text).to_owned())),
            _ => None,
        })
        .collect()
}

fn secs(ns: Nanos) -> f64 {
    ns as f64 / SEC as f64
}

fn exit_time(store: &Store) -> f64 {
    secs(store.end().expect("run ended").t)
}

#[test]
fn programa1_prints_cpythons_lines_in_the_timing_bands() {
    let store = run("programa1.py", 0, false);
    assert_eq!(
        store.output(Stream::Stdout),
        "Executa algo ...\nUsa o parâmetro 42\nFinalizou após o time\n"
    );
    assert_eq!(store.output(Stream::Stderr), "");
    assert_eq!(store.end().map(|e| e.status), Some(0));
    let w = writes(&store);
    assert_eq!(w.len(), 3);
    for (t, _) in &w[..2] {
        assert!(
            (0.02..=0.06).contains(&secs(*t)),
            "first lines at {}",
            secs(*t)
        );
    }
    assert!(
        (2.02..=2.06).contains(&secs(w[2].0)),
        "last line at {}",
        secs(w[2].0)
    );
    let exit = exit_time(&store);
    assert!((2.03..=2.07).contains(&exit), "exit at {exit}");
}

fn rounds(store: &Store) -> Vec<Vec<(Nanos, String)>> {
    let mut rounds = vec![Vec::new(); 10];
    for (t, text) in writes(store) {
        if let Some(rest) = text.strip_prefix("Cor impressa: rodada ") {
            let k: usize = rest[..1].parse().expect("round number");
            let colour = rest.split(" - ").nth(1).unwrap_or("").trim().to_owned();
            rounds[k].push((t, colour));
        }
    }
    rounds
}

#[test]
fn programa2_meets_reference_rows_17_to_20() {
    for seed in [0, 1, 2] {
        let store = run("programa2.py", seed, false);
        assert_eq!(store.end().map(|e| e.status), Some(0));
        let exit = exit_time(&store);
        assert!(
            (10.04..=10.07).contains(&exit),
            "seed {seed}: exit at {exit}"
        );
        let rounds = rounds(&store);
        for (k, r) in rounds.iter().enumerate() {
            assert_eq!(r.len(), 4, "seed {seed}: round {k} has 4 lines");
            for (t, _) in r {
                let off = secs(*t) - k as f64;
                assert!(
                    (0.03..=0.06).contains(&off),
                    "seed {seed}: round {k} at k+{off}"
                );
            }
            let spread =
                r.iter().map(|x| x.0).max().unwrap() - r.iter().map(|x| x.0).min().unwrap();
            assert!(
                spread < SEC / 1000,
                "seed {seed}: round {k} spread {spread} ns"
            );
        }
        // Row 19: `Iniciando a thread` comes after the four round-0 lines.
        let w = writes(&store);
        let start = w
            .iter()
            .position(|(_, t)| t.contains("Iniciando a thread"))
            .unwrap();
        let last_round0 = w
            .iter()
            .rposition(|(_, t)| t.starts_with("Cor impressa: rodada 0"))
            .unwrap();
        assert!(start > last_round0, "seed {seed}");
        assert!(w.last().unwrap().1 == "Finalizando a thread\n");
    }
}

#[test]
fn programa2_colour_order_varies_with_the_seed() {
    let orders: Vec<Vec<Vec<String>>> = (0..6)
        .map(|seed| {
            rounds(&run("programa2.py", seed, false))
                .into_iter()
                .map(|r| r.into_iter().map(|x| x.1).collect())
                .collect()
        })
        .collect();
    // Round 0 follows start order; later rounds differ between seeds.
    let start_order = ["azul", "amarelo", "vermelho", "verde"];
    assert!(orders.iter().all(|o| o[0] == start_order));
    let later: std::collections::HashSet<&Vec<Vec<String>>> = orders.iter().collect();
    assert!(later.len() > 1, "every seed gave the same colour orders");
    assert!(
        orders
            .iter()
            .any(|o| o[1..].iter().any(|r| r != &start_order)),
        "later rounds never reordered"
    );
}

#[test]
fn programa2_unbuffered_glues_lines() {
    let mut glued = 0;
    for seed in 0..5 {
        let store = run("programa2.py", seed, true);
        let out = store.output(Stream::Stdout);
        glued += out.matches("azulCor").count()
            + out.matches("amareloCor").count()
            + out.matches("vermelhoCor").count()
            + out.matches("verdeCor").count();
        // Same content as buffered, only the line breaks move.
        let mut a: Vec<char> = out.chars().filter(|c| !c.is_whitespace()).collect();
        let mut b: Vec<char> = run("programa2.py", seed, false)
            .output(Stream::Stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }
    assert!(glued > 0, "python -u glues lines (reference C.2 row 21)");
}

#[test]
fn a_python_program_runs_through_the_program_api_the_ui_uses() {
    let p = gilscope::program::Program::Python(gilscope::program::PythonProgram {
        scenario: None,
        program: program("programa1.py"),
        config: RunConfig::default(),
    });
    assert_eq!(p.name(), "programa1.py");
    assert!(p.source().is_some_and(|s| s.contains("alguma_coisa")));
    let store = Store::from_chunks(engine::run_to_end(
        Options::default(),
        p.body(&Options::default()),
    ));
    assert_eq!(
        store.output(Stream::Stdout),
        "Executa algo ...\nUsa o parâmetro 42\nFinalizou após o time\n"
    );
}
