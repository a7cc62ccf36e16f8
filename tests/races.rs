//! Races as CPython 3.11 has them (docs/gil.md, calibration rows 12 and 15): `counter += 1` has no
//! check point inside, so it never loses an increment; a read-modify-write split by a
//! loop or a call does; a Lock fixes it.

use gilscope::engine::{self, GilMode, Options};
use gilscope::python::{self, RunConfig};
use gilscope::trace::{Store, Stream};

fn run(source: &str, seed: u64) -> String {
    run_mode(source, seed, GilMode::V311)
}

fn run_mode(source: &str, seed: u64, gil: GilMode) -> String {
    let program = python::compile("race.py", "/race.py", source).expect("compiles");
    let options = Options {
        seed,
        gil,
        ..Options::default()
    };
    let config = RunConfig {
        gil,
        ..RunConfig::default()
    };
    let store = Store::from_chunks(engine::run_to_end(
        options,
        python::main_body(&program, config),
    ));
    assert_eq!(store.output(Stream::Stderr), "");
    store.output(Stream::Stdout).trim().to_owned()
}

fn program(body: &str, iterations: u32) -> String {
    format!(
        "import threading\ncounter = 0\nlock = threading.Lock()\n\
         def work(n):\n    global counter\n    for _ in range(n):\n{body}\n\
         ts = [threading.Thread(target=work, args=({iterations},)) for _ in range(4)]\n\
         for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n"
    )
}

const ATOMIC: &str = "        counter += 1";
const SPLIT_BY_LOOP: &str = "        tmp = counter\n        for _ in range(1):\n            pass\n        counter = tmp + 1";
const SPLIT_BY_CALL: &str = "        tmp = counter\n        len('x')\n        counter = tmp + 1";
const LOCKED: &str = "        with lock:\n            tmp = counter\n            for _ in range(1):\n                pass\n            counter = tmp + 1";

#[test]
fn counter_plus_equals_never_loses_an_increment() {
    for seed in 0..3 {
        assert_eq!(run(&program(ATOMIC, 400_000), seed), "1600000");
    }
}

#[test]
fn a_read_modify_write_split_by_a_loop_or_a_call_loses_increments() {
    for body in [SPLIT_BY_LOOP, SPLIT_BY_CALL] {
        for seed in 0..2 {
            let n: u64 = run(&program(body, 400_000), seed)
                .parse()
                .expect("a number");
            assert!(n < 1_600_000, "no increment lost ({n})");
            assert!(n >= 400_000, "lost more than possible ({n})");
        }
    }
}

#[test]
fn a_lock_fixes_the_split_race() {
    for seed in 0..2 {
        assert_eq!(run(&program(LOCKED, 100_000), seed), "400000");
    }
}

#[test]
fn counter_plus_equals_loses_increments_on_3_9_and_free_threaded() {
    // docs/gil.md calibration rows 13 and 14: 3.9 checks before almost every instruction, 3.13t has no GIL.
    // 3.9 needs threads long enough to overlap (a switch only every 5 ms); without the
    // GIL, two cores overlap at once.
    for (gil, iterations) in [(GilMode::V39, 600_000u64), (GilMode::Off, 20_000)] {
        let n: u64 = run_mode(&program(ATOMIC, iterations as u32), 0, gil)
            .parse()
            .expect("a number");
        assert!(n < 4 * iterations, "{gil:?}: no increment lost ({n})");
        assert!(n >= iterations, "{gil:?}: lost more than possible ({n})");
    }
    // And the lock still fixes it without the GIL.
    let n = run_mode(&program(LOCKED, 5_000), 0, GilMode::Off);
    assert_eq!(n, "20000");
}

#[test]
fn dis_shows_no_check_point_inside_counter_plus_equals() {
    let p = python::compile(
        "c.py",
        "/c.py",
        "counter = 0\ndef f():\n    global counter\n    counter += 1\n",
    )
    .expect("compiles");
    let listings = p.listings();
    let f = listings.iter().find(|l| l.qualname == "f").expect("f");
    // Line 4 is `counter += 1` (then the implicit `return None`).
    let body: Vec<_> = f.rows.iter().filter(|r| r.line == 4).take(4).collect();
    let ops: Vec<&str> = body.iter().map(|r| r.op.as_str()).collect();
    assert_eq!(
        ops,
        ["LOAD_GLOBAL", "LOAD_CONST", "BINARY_OP", "STORE_GLOBAL"]
    );
    assert!(body.iter().all(|r| !r.check));
    // The function entry is a check point.
    assert!(f.rows[0].check && f.rows[0].op == "RESUME");
}
