//! The VM's cost model and the engine's scheduling against the calibration table of
//! docs/gil.md, measured the way a student would: with `time.perf_counter()` inside the
//! program (simulated time). The programs of rows 22-24 are here as constants; the same
//! text run under `python3` gives the CPython figures the bands come from.

use gilscope::engine::{self, MS, Options};
use gilscope::python::{self, RunConfig};
use gilscope::trace::{Store, Stream};

fn run(source: &str) -> Vec<f64> {
    run_with(source, Options::default())
}

fn run_with(source: &str, options: Options) -> Vec<f64> {
    let program = python::compile("cal.py", "/cal.py", source).expect("compiles");
    let store = Store::from_chunks(engine::run_to_end(
        options,
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

fn seeded(seed: u64) -> Options {
    Options {
        seed,
        ..Options::default()
    }
}

/// Row 22: five threads block on a lock the main thread holds, started 10 ms apart.
const LOCK_ORDER: &str = "import threading, time
lock = threading.Lock()
order = []
def worker(i):
    with lock:
        order.append(i)
lock.acquire()
ts = []
for i in range(5):
    t = threading.Thread(target=worker, args=(i,))
    t.start()
    ts.append(t)
    time.sleep(0.01)
lock.release()
for t in ts:
    t.join()
print(*order)
";

#[test]
fn lock_waiters_get_the_lock_in_the_order_they_blocked() {
    for seed in 0..10 {
        let order = run_with(LOCK_ORDER, seeded(seed));
        assert_eq!(order, [0.0, 1.0, 2.0, 3.0, 4.0], "seed {seed}");
    }
}

/// Row 23: three threads loop on a lock nobody else holds, started one after the other;
/// prints when the second and the third ran their first line, after the first (ms).
const LOCK_LOOP_START: &str = "import threading, time
lock = threading.Lock()
x = 0
first = {}
def work(i):
    global x
    first[i] = time.perf_counter()
    for _ in range(100_000):
        with lock:
            x += 1
ts = [threading.Thread(target=work, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print((first[1] - first[0]) * 1000, (first[2] - first[0]) * 1000)
";

/// A free lock is taken with the GIL held, and a waiter's drop request is seen at the
/// looping thread's next check point: the second thread starts after about two switch
/// intervals (CPython: 5-19 ms, mostly 11), the third some intervals later (CPython on a
/// quiet machine: 21-70 ms; gilscope's median over the seeds must fall there).
#[test]
fn a_thread_looping_on_a_free_lock_does_not_starve_thread_start_up() {
    let mut third = Vec::new();
    for seed in 0..10 {
        let v = run_with(LOCK_LOOP_START, seeded(seed));
        assert!(
            (5.0..=20.0).contains(&v[0]),
            "seed {seed}: second at {} ms",
            v[0]
        );
        assert!(
            v[1] > v[0] && v[1] <= 480.0,
            "seed {seed}: third at {} ms",
            v[1]
        );
        third.push(v[1]);
    }
    third.sort_by(f64::total_cmp);
    let median = third[third.len() / 2];
    assert!((21.0..=70.0).contains(&median), "third: {third:?}");
}

/// Row 24: operations that need the GIL twice, next to `NCPU` CPU-bound threads with a
/// switch interval of `INTERVAL` ms. Prints four lines of samples in ms: `start()` to the
/// target's first line, `start()` to its return, a target's last line to `join()`
/// returning, `notify()` to the waiter running again.
const GIL_TWICE: &str = "import sys, threading, time
sys.setswitchinterval(INTERVAL / 1000)
stop = False
def spin():
    while not stop:
        pass
for _ in range(NCPU):
    threading.Thread(target=spin, daemon=True).start()
time.sleep(0.05)
marks = {}
def first():
    marks['first'] = time.perf_counter()
def ender():
    time.sleep(0.002)
    marks['end'] = time.perf_counter()
cond = threading.Condition()
def waiter():
    with cond:
        marks['ready'] = True
        cond.wait()
        marks['woke'] = time.perf_counter()
s_first, s_ret, j, c = [], [], [], []
for _ in range(ROUNDS):
    t = threading.Thread(target=first)
    t0 = time.perf_counter(); t.start(); t1 = time.perf_counter()
    s_first.append(marks['first'] - t0); s_ret.append(t1 - t0)
    t.join()
    t = threading.Thread(target=ender); t.start(); t.join(); t2 = time.perf_counter()
    j.append(t2 - marks['end'])
    marks.pop('ready', None)
    t = threading.Thread(target=waiter); t.start()
    while 'ready' not in marks:
        time.sleep(0.001)
    time.sleep(0.002)
    with cond:
        cond.notify(); tn = time.perf_counter()
    t.join()
    c.append(marks['woke'] - tn)
stop = True
for v in (s_first, s_ret, j, c):
    print(*[round(x * 1000, 3) for x in v])
";

/// No sample may take longer than the longest CPython 3.11.7 showed for the same program
/// (three runs of 15 rounds per case, on a shared 2-core machine; docs/gil.md row 24):
/// (CPU-bound threads, interval ms, the four measures' maxima in ms). CPython's shortest
/// samples and medians are not asserted: gilscope does not match them yet (docs/gil.md).
const GIL_TWICE_MAX: [(u32, u32, [f64; 4]); 4] = [
    (1, 5, [85.2, 129.1, 28.1, 40.9]),
    (1, 1, [72.1, 76.0, 56.1, 48.0]),
    (3, 5, [116.0, 190.1, 114.4, 225.4]),
    (3, 1, [85.0, 92.3, 32.9, 60.1]),
];

#[test]
fn gil_twice_next_to_cpu_bound_threads_never_waits_longer_than_cpython() {
    let what = [
        "start->first",
        "start returns",
        "end->join",
        "notify->woken",
    ];
    for (ncpu, interval, maxima) in GIL_TWICE_MAX {
        let source = GIL_TWICE
            .replace("NCPU", &ncpu.to_string())
            .replace("INTERVAL", &interval.to_string())
            .replace("ROUNDS", "4");
        for seed in 0..2 {
            let program = python::compile("cal.py", "/cal.py", &source).expect("compiles");
            let store = Store::from_chunks(engine::run_to_end(
                Options {
                    seed,
                    switch_interval: u64::from(interval) * MS,
                    ..Options::default()
                },
                python::main_body(&program, RunConfig::default()),
            ));
            let out = store.output(Stream::Stdout);
            assert_eq!(out.lines().count(), 4, "{out}");
            for ((line, max), name) in out.lines().zip(maxima).zip(what) {
                for x in line.split_whitespace() {
                    let x: f64 = x.parse().expect("a number");
                    assert!(
                        x <= max,
                        "{ncpu} CPU-bound, {interval} ms, seed {seed}: {name} {x} ms"
                    );
                }
            }
        }
    }
}
