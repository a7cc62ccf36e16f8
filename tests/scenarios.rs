//! Every built-in scenario, run headless: it makes the point it teaches, and its output
//! matches CPython 3.11's (as sorted lines where the interleaving may differ). Its lesson's
//! cards are tested in tests/lessons.rs.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use gilscope::engine::{MS, Options, SEC};
use gilscope::program::TraceSource;
use gilscope::python::RunConfig;
use gilscope::scenario;
use gilscope::trace::{DropReason, EndReason, EventKind, Nanos, Store, Stream, TaskState, WaitOn};

fn run_with(name: &str, args: &[&str], seed: u64) -> Store {
    let config = RunConfig {
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        ..RunConfig::default()
    };
    let source = TraceSource::scenario(scenario::find(name).unwrap(), config).unwrap();
    let options = Options {
        seed,
        max_time: Some(60 * SEC),
        ..Options::default()
    };
    source.trace(&options).1
}

fn run(name: &str) -> Store {
    run_with(name, &[], 0)
}

fn out(store: &Store) -> String {
    store.output(Stream::Stdout)
}

/// CPython 3.11's output of the scenario (committed beside this test), as sorted
/// characters: threads printing at the same moment may interleave, or even glue two lines
/// together (print writes its text and its newline separately), in either program.
fn cpython_sorted(name: &str) -> Vec<char> {
    let text = std::fs::read_to_string(format!("tests/scenarios/{name}.expected")).unwrap();
    sorted(&text)
}

fn sorted(text: &str) -> Vec<char> {
    let mut v: Vec<char> = text.chars().collect();
    v.sort_unstable();
    v
}

/// The time of the first write containing `text`.
fn written(store: &Store, text: &str) -> Nanos {
    let evs = store.events();
    store
        .writes()
        .iter()
        .map(|&i| evs[i as usize])
        .find(
            |e| matches!(e.kind, EventKind::Write { text: t, .. } if store.text(t).contains(text)),
        )
        .unwrap()
        .t
}

#[test]
fn outputs_match_cpython() {
    // CPython cannot run `downloads` here (no network, no requests or aiohttp), and its
    // totals would be the real network's: its test below checks its lines and its totals.
    for s in scenario::ALL.iter().filter(|s| s.name != "downloads") {
        let store = run(s.name);
        assert_eq!(sorted(&out(&store)), cpython_sorted(s.name), "{}", s.name);
    }
}

#[test]
fn programa1_prints_three_lines_and_ends_after_two_seconds() {
    let store = run("programa1");
    assert_eq!(
        out(&store),
        "Executa algo ...\nUsa o parâmetro 42\nFinalizou após o time\n"
    );
    let end = store.clock() as f64 / SEC as f64;
    assert!((2.03..=2.07).contains(&end), "{end}");
}

#[test]
fn programa2_starts_four_threads_that_print_before_main_does() {
    let store = run("programa2");
    let first = out(&store).lines().take(6).collect::<Vec<_>>().join("\n");
    assert!(first.ends_with("\n\nIniciando a thread"), "{first}");
    let end = store.clock() as f64 / SEC as f64;
    assert!((10.04..=10.07).contains(&end), "{end}");
}

#[test]
fn cpu2_threads_alternate_strictly_and_do_not_speed_up() {
    let store = run("cpu2");
    assert!(out(&store).contains("faster than one after the other: False"));
    let takes: Vec<u32> = store
        .handoffs()
        .iter()
        .filter(|h| matches!(h.reason, DropReason::Requested { .. }))
        .map(|h| h.to)
        .collect();
    assert!(takes.len() > 4);
    for w in takes.windows(2) {
        assert_ne!(w[0], w[1], "not strict alternation: {takes:?}");
    }
}

#[test]
fn cpu4_hands_the_gil_to_threads_that_did_not_ask_and_starves_one() {
    let store = run("cpu4");
    let to_other = store
        .handoffs()
        .iter()
        .any(|h| matches!(h.reason, DropReason::Requested { by } if by != h.to));
    assert!(to_other, "every handoff went to the thread that asked");
    let longest = (1..=4)
        .map(|t| store.stats(t, store.clock()).longest_wait)
        .max()
        .unwrap();
    assert!(longest >= 10 * MS, "longest wait only {longest} ns");
}

#[test]
fn sleep4_four_one_second_sleeps_take_one_second() {
    let store = run("sleep4");
    let phase = written(&store, "took") - written(&store, "t0: start");
    assert!((SEC..=1_010 * MS).contains(&phase), "{phase}");
    assert!(out(&store).contains("took 1.0 s"));
}

#[test]
fn processes_run_in_parallel_and_take_at_most_six_tenths_of_the_threads_time() {
    for seed in 0..2 {
        let store = run_with("processes", &[], seed);
        let evs = store.events();
        let first =
            |pred: &dyn Fn(&EventKind) -> bool| evs.iter().find(|e| pred(&e.kind)).unwrap().t;
        let threads =
            written(&store, "threads finished") - first(&|k| matches!(k, EventKind::Spawn { .. }));
        let procs = written(&store, "processes faster")
            - first(&|k| matches!(k, EventKind::ProcStart { .. }));
        let ratio = procs as f64 / threads as f64;
        assert!(
            ratio <= 0.6,
            "processes took {ratio:.2} of the threads' time"
        );
        assert!(
            ratio >= 0.45,
            "processes took only {ratio:.2} of the threads' time"
        );
        // Each process ran its loop with its own GIL, both at once on the two cores.
        let ends: Vec<i32> = evs
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::ProcEnd { code, .. } => Some(code),
                _ => None,
            })
            .collect();
        assert_eq!(ends, vec![0, 0]);
        assert!(out(&store).ends_with("processes faster than threads: True\n"));
        // The threads before the processes show on their core too: one core, in turns.
        let proc_start = first(&|k| matches!(k, EventKind::ProcStart { .. }));
        let thread_cores: std::collections::BTreeSet<u16> = evs
            .iter()
            .filter(|e| e.t < proc_start && e.tid > 0)
            .filter_map(|e| match e.kind {
                EventKind::OnCore { core } => Some(core),
                _ => None,
            })
            .collect();
        assert!(!thread_cores.is_empty(), "no core shown for the threads");
    }
}

#[test]
fn downloads_overlaps_the_waits_three_ways_and_adds_them_up_one_by_one() {
    for seed in 0..3 {
        let o = out(&run_with("downloads", &[], seed));
        let totals: Vec<(&str, f64)> = o
            .lines()
            .filter_map(|l| {
                let (name, secs) = l.split_once(": ")?;
                Some((name, secs.strip_suffix(" s")?.parse().ok()?))
            })
            .collect();
        let names: Vec<&str> = totals.iter().map(|&(n, _)| n).collect();
        assert_eq!(
            names,
            ["sequential", "with_threads", "with_pool", "with_asyncio"],
            "{o}"
        );
        assert!(o.ends_with("slowest: sequential\n"), "{o}");
        // Twenty waits of 40-60 ms one after another; twenty at once (threads, asyncio) take
        // about one; a pool of five, four rounds.
        let [seq, threads, pool, tasks] = [0, 1, 2, 3].map(|i| totals[i].1);
        assert!((0.8..=1.4).contains(&seq), "{o}");
        assert!(threads < 0.15 && tasks < 0.15, "{o}");
        assert!((2.0 * threads..=seq / 2.0).contains(&pool), "{o}");
    }
}

#[test]
fn asyncio_sleep_overlaps_four_waits_on_one_thread_with_a_lane_per_task() {
    let store = run("asyncio_sleep");
    assert_eq!(
        out(&store),
        std::fs::read_to_string("tests/scenarios/asyncio_sleep.expected").unwrap()
    );
    let phase = written(&store, "took") - written(&store, "task0: start");
    assert!((SEC..=1_010 * MS).contains(&phase), "{phase}");
    // One thread: the loop's.
    assert_eq!(store.threads().len(), 1);
    // A lane per task, named after the task and its coroutine: main and the four waits
    // (gather wraps each coroutine in a task), each running, then awaiting its sleep, then
    // ready and done; then, as in CPython, asyncio.run's two shutdown coroutines run as
    // tasks of their own.
    let tasks = store.tasks();
    let names: Vec<&str> = tasks.iter().map(|t| t.meta.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Task-1 (main)",
            "Task-2 (wait)",
            "Task-3 (wait)",
            "Task-4 (wait)",
            "Task-5 (wait)",
            "Task-6 (shutdown_asyncgens)",
            "Task-7 (shutdown_default_executor)"
        ]
    );
    let took = written(&store, "took");
    assert!(tasks[5..].iter().all(|t| t.lane[0].start > took));
    for t in &tasks[1..5] {
        let states: Vec<TaskState> = t.lane.iter().map(|s| s.state).collect();
        let awaits = states
            .iter()
            .filter_map(|s| match s {
                TaskState::Awaiting { what } => Some(store.text(*what).to_owned()),
                _ => None,
            })
            .collect::<Vec<_>>();
        assert_eq!(awaits, ["sleep(1)"], "{}", t.meta.name);
        assert!(states.contains(&TaskState::Running));
        assert_eq!(states.last(), Some(&TaskState::Done));
    }
    // Main waits for the gather the whole second.
    let main_awaits: Vec<String> = tasks[0]
        .lane
        .iter()
        .filter_map(|s| match s.state {
            TaskState::Awaiting { what } => Some(store.text(what).to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(main_awaits, ["gather"]);
    // While the loop waits in its selector, the source panel shows the program's line
    // the last task suspended at, not a line of gilscope's asyncio module.
    let tid = store.threads()[0].meta.tid;
    assert_eq!(store.line_at(tid, SEC / 2), 7);
}

#[test]
fn convoy_every_sleep_zero_costs_an_interval() {
    let store = run("convoy");
    assert!(out(&store).contains("took more than 1 ms: True"));
    // The I/O thread (Thread-2) spends its life waiting for the GIL: 20 waits of ~5 ms.
    let s = store.stats(2, store.clock());
    assert!(s.waiting >= 20 * 4 * MS, "waited only {} ns", s.waiting);
}

#[test]
fn race_loses_increments_without_the_lock_and_none_with_it() {
    for seed in 0..3 {
        let o = out(&run_with("race", &[], seed));
        assert!(
            o.contains("without a lock, all 1600000 increments counted: False"),
            "{o}"
        );
        assert!(
            o.contains("with a lock, all 400000 increments counted: True"),
            "{o}"
        );
    }
}

#[test]
fn deadlock_names_both_locks_and_the_fix_runs_through() {
    let store = run("deadlock");
    let end = store.end().unwrap();
    assert_eq!(end.reason, EndReason::Deadlock);
    let locks: Vec<(u32, u32)> = end
        .stuck
        .iter()
        .filter_map(|s| match s.on {
            WaitOn::Lock(l) => Some((l, s.held_by.unwrap())),
            _ => None,
        })
        .collect();
    assert_eq!(locks.len(), 2, "{:?}", end.stuck);
    assert_ne!(locks[0].0, locks[1].0, "two different locks");
    // Named after the variables that hold them, as the banner and narration say them.
    let mut names: Vec<&str> = locks
        .iter()
        .map(|&(l, _)| store.objects()[l as usize].label.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["account_a", "account_b"]);
    let fixed = run_with("deadlock", &["fixed"], 0);
    assert_eq!(fixed.end().unwrap().reason, EndReason::Exited);
    assert!(out(&fixed).ends_with("all transfers done\n"));
}

#[test]
fn producer_consumer_hands_every_item_over_once_and_consumers_block() {
    let store = run("producer_consumer");
    assert!(out(&store).contains("all consumed once: True"));
    let blocked = (2..=3).all(|t| {
        store
            .lane(t)
            .iter()
            .any(|s| matches!(s.state, gilscope::trace::ThreadState::Blocked(_)))
    });
    assert!(blocked, "consumers never waited on the empty queue");
}

#[test]
fn interval_one_millisecond_hands_over_twenty_times_more_often() {
    let store = run("interval");
    let split = written(&store, "1 ms");
    let (short, long): (Vec<_>, Vec<_>) = store
        .handoffs()
        .iter()
        .filter(|h| matches!(h.reason, DropReason::Requested { .. }))
        .partition(|h| h.t < split);
    let rate = |hs: &[&gilscope::trace::Handoff]| {
        let span = (hs.last().unwrap().t - hs[0].t) as f64 / SEC as f64;
        hs.len() as f64 / span
    };
    let (r1, r20) = (rate(&short), rate(&long));
    assert!(r1 > 10.0 * r20, "1 ms: {r1:.0}/s, 20 ms: {r20:.0}/s");
}
