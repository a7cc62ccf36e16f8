//! The VM's cost model against reference C.2, measured the way a student would: with
//! `time.perf_counter()` inside the program (simulated time).

use gilscope::engine::{self, Options};
use gilscope::python::{self, RunConfig};
use gilscope::trace::{Store, Stream};

fn run(source: &str) -> Vec<f64> {
    let program = python::compile("cal.py", "/cal.py", source).expect("compiles");
    let store = Store::from_chunks(engine::run_to_end(
        Options::default(),
        python::main_body(&program, RunConfig::default()),
    ));
    assert_eq!(store.output(Stream::Stderr), "");
    store
        .output(Stream::Stdout)
        .split_whitespace()
        .map(|w| w.parse().expect("a number"))
        .collect()
}

#[test]
fn row_1_countdown_costs_about_20_ns_per_iteration() {
    let v = run("import time\n\
                 def countdown(n):\n    while n > 0:\n        n -= 1\n\
                 t = time.perf_counter()\ncountdown(1_000_000)\n\
                 print((time.perf_counter() - t) / 1_000_000 * 1e9)\n");
    assert!((15.0..=30.0).contains(&v[0]), "{} ns per iteration", v[0]);
}

#[test]
fn row_6_two_cpu_bound_threads_take_about_as_long_as_sequential() {
    let v = run("import threading, time\n\
                 def countdown(n):\n    while n > 0:\n        n -= 1\n\
                 t = time.perf_counter()\ncountdown(2_000_000)\ns = time.perf_counter() - t\n\
                 ts = [threading.Thread(target=countdown, args=(1_000_000,)) for _ in range(2)]\n\
                 t = time.perf_counter()\nfor x in ts:\n    x.start()\nfor x in ts:\n    x.join()\n\
                 print((time.perf_counter() - t) / s)\n");
    assert!((0.95..=1.15).contains(&v[0]), "ratio {}", v[0]);
}

#[test]
fn row_11_thread_start_and_join_latencies() {
    let v = run("import threading, time\nmarks = {}\n\
                 def target():\n    marks['first'] = time.perf_counter()\n    marks['end'] = time.perf_counter()\n\
                 t = threading.Thread(target=target)\nt0 = time.perf_counter()\nt.start()\n\
                 t1 = time.perf_counter()\nt.join()\nt2 = time.perf_counter()\n\
                 print((marks['first'] - t0) * 1e6, (t1 - t0) * 1e6, (t2 - marks['end']) * 1e6)\n");
    for (what, us) in ["start->first", "start returns", "end->join"]
        .iter()
        .zip(&v)
    {
        assert!((20.0..=150.0).contains(us), "{what}: {us} us");
    }
    assert!(v[0] < v[1], "the target runs before start() returns");
}

#[test]
fn row_10_four_sleeping_threads_overlap() {
    let v = run("import threading, time\n\
                 ts = [threading.Thread(target=time.sleep, args=(1,)) for _ in range(4)]\n\
                 t = time.perf_counter()\nfor x in ts:\n    x.start()\nfor x in ts:\n    x.join()\n\
                 a = time.perf_counter() - t\n\
                 t = time.perf_counter()\nfor _ in range(4):\n    time.sleep(1)\n\
                 print(a, time.perf_counter() - t)\n");
    assert!((1.000..=1.005).contains(&v[0]), "parallel sleeps {}", v[0]);
    assert!(
        (4.000..=4.005).contains(&v[1]),
        "sequential sleeps {}",
        v[1]
    );
}
