//! The VM knows a lost update when it happens: a thread stores into a shared variable (a
//! global, an attribute, an item) a value computed from a read that another thread's store
//! has made stale since. Each is recorded as a `LostUpdate` event with who read what and
//! whose store it overwrites; nothing is recorded where no update is lost.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use gilscope::engine::{GilMode, Options, SEC};
use gilscope::program::{Program, TraceSource};
use gilscope::python::RunConfig;
use gilscope::trace::{EventKind, LostUpdate, Store, Tid};

fn run(source: &str, gil: GilMode) -> Store {
    let program = Program::python("race.py", source, RunConfig::default()).unwrap();
    let options = Options {
        gil,
        max_time: Some(60 * SEC),
        ..Options::default()
    };
    TraceSource::Run(program).trace(&options).1
}

/// Each lost update: (storing thread, variable, overwritten thread, details).
fn lost(store: &Store) -> Vec<(Tid, String, Tid, LostUpdate)> {
    let evs = store.events();
    store
        .lost_updates()
        .iter()
        .map(|&i| {
            let e = evs[i as usize];
            let EventKind::LostUpdate { var, over, info } = e.kind else {
                panic!("{e:?} is not a lost update");
            };
            let l = store.lost_update(info).unwrap().clone();
            (e.tid, store.text(var).to_owned(), over, l)
        })
        .collect()
}

/// Four threads add to one counter with a call between the read and the write.
const GLOBAL: &str = "\
import threading

counter = 0


def work():
    return 0


def add(times):
    global counter
    for _ in range(times):
        value = counter
        work()
        counter = value + 1


threads = [threading.Thread(target=add, args=(200_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter < 800_000)
";

#[test]
fn a_stale_store_into_a_global_is_a_lost_update_naming_who_overwrote_whom() {
    for gil in [GilMode::V311, GilMode::V39] {
        let store = run(GLOBAL, gil);
        assert_eq!(store.output(gilscope::trace::Stream::Stdout), "True\n");
        let found = lost(&store);
        assert!(!found.is_empty(), "{gil:?}: no lost update");
        for (who, var, over, l) in &found {
            assert_eq!(var, "counter");
            assert_ne!(who, over);
            assert!(store.thread_name(*who).ends_with("(add)"));
            assert!(store.thread_name(*over).ends_with("(add)"));
            // Read on line 13, stored on line 15 (the event's), over a store on line 15.
            assert_eq!((l.read_line, l.over_line), (13, 15), "{l:?}");
            assert!(l.read_t < l.over_t, "{l:?}");
            assert!(l.lost >= 1);
            // The value stored is the one read plus one (what it overwrites may be less:
            // that thread's store may have been stale too).
            let (read, stored): (i64, i64) = (l.read.parse().unwrap(), l.stored.parse().unwrap());
            assert_eq!(stored, read + 1);
        }
        let evs = store.events();
        let first = evs[store.lost_updates()[0] as usize];
        assert_eq!(first.line, 15);
    }
}

#[test]
fn free_threaded_a_thread_reports_its_lost_updates_at_most_once_a_millisecond() {
    let store = run(GLOBAL, GilMode::Off);
    let found = lost(&store);
    assert!(!found.is_empty());
    let evs = store.events();
    let mut last: std::collections::HashMap<Tid, u64> = std::collections::HashMap::new();
    for &i in store.lost_updates() {
        let e = evs[i as usize];
        if let Some(before) = last.insert(e.tid, e.t) {
            assert!(e.t >= before + 1_000_000, "{} then {}", before, e.t);
        }
    }
    // The reports account for every update lost (all but the last stale stores of each
    // thread, which come after its last report).
    let reported: u64 = found.iter().map(|(.., l)| u64::from(l.lost)).sum();
    assert!(reported > 1_000, "{reported}");
}

#[test]
fn with_a_lock_or_a_single_thread_no_update_is_lost() {
    let locked = GLOBAL
        .replace("counter = 0\n", "counter = 0\nlock = threading.Lock()\n")
        .replace(
            "        value = counter\n        work()\n        counter = value + 1\n",
            "        with lock:\n            value = counter\n            work()\n            counter = value + 1\n",
        )
        .replace("args=(200_000,)", "args=(50_000,)")
        .replace("print(counter < 800_000)", "print(counter == 200_000)");
    for gil in [GilMode::V311, GilMode::V39, GilMode::Off] {
        let store = run(&locked, gil);
        assert_eq!(store.output(gilscope::trace::Stream::Stdout), "True\n");
        assert!(lost(&store).is_empty(), "{gil:?}: {:?}", lost(&store));
    }
    let single =
        "counter = 0\nfor _ in range(1000):\n    value = counter\n    counter = value + 1\n";
    assert!(lost(&run(single, GilMode::V311)).is_empty());
}

#[test]
fn a_store_not_computed_from_the_read_in_the_same_call_is_no_lost_update() {
    // The main thread reads counter, the threads add to it, then main resets it from
    // another function: its store does not come from its read.
    let reset = GLOBAL.replace(
        "print(counter < 800_000)",
        "def reset():\n    global counter\n    counter = 0\n\n\nseen = counter\nreset()\nprint(counter)",
    );
    let reset = reset.replace(
        "for t in threads:\n    t.start()",
        "seen = counter\nfor t in threads:\n    t.start()",
    );
    let store = run(&reset, GilMode::V311);
    assert!(
        lost(&store).iter().all(|(who, ..)| *who != 0),
        "{:?}",
        lost(&store)
    );
}

#[test]
fn attributes_and_items_are_shared_variables_too() {
    let attr = "\
import threading


class Account:
    def __init__(self):
        self.balance = 0


def work():
    return 0


account = Account()


def add(times):
    for _ in range(times):
        b = account.balance
        work()
        account.balance = b + 1


threads = [threading.Thread(target=add, args=(200_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(account.balance < 800_000)
";
    let item = attr
        .replace("account = Account()", "totals = {'n': 0}")
        .replace("b = account.balance", "b = totals['n']")
        .replace("account.balance = b + 1", "totals['n'] = b + 1")
        .replace(
            "print(account.balance < 800_000)",
            "print(totals['n'] < 800_000)",
        );
    for (source, name) in [(attr, "Account.balance"), (item.as_str(), "dict['n']")] {
        let store = run(source, GilMode::V311);
        assert_eq!(store.output(gilscope::trace::Stream::Stdout), "True\n");
        let found = lost(&store);
        assert!(!found.is_empty(), "{name}");
        assert!(found.iter().all(|(_, v, ..)| v == name), "{found:?}");
    }
}

#[test]
fn many_items_updated_by_one_thread_each_are_no_lost_update() {
    // Two threads each add to their own half of a long list: more items than the VM
    // remembers, none shared, so nothing is lost and nothing may be reported.
    let halves = "\
import threading

data = [0] * 20_000


def bump(lo, hi):
    for _ in range(2):
        for i in range(lo, hi):
            data[i] = data[i] + 1


a = threading.Thread(target=bump, args=(0, 10_000))
b = threading.Thread(target=bump, args=(10_000, 20_000))
a.start()
b.start()
a.join()
b.join()
print(sum(data))
";
    for gil in [GilMode::V311, GilMode::V39, GilMode::Off] {
        let store = run(halves, gil);
        assert_eq!(store.output(gilscope::trace::Stream::Stdout), "40000\n");
        assert!(lost(&store).is_empty(), "{gil:?}: {:?}", lost(&store));
    }
}

#[test]
fn narration_names_lost_updates_and_free_threaded_threads_ask_for_no_gil() {
    use gilscope::i18n::Lang;
    let store = run(&GLOBAL.replace("200_000", "20_000"), GilMode::Off);
    for lang in [Lang::En, Lang::Pt] {
        let said: Vec<String> = store
            .events()
            .iter()
            .map(|e| gilscope::narrate::sentence(lang.catalog(), &store, e))
            .collect();
        assert!(said.iter().all(|s| !s.contains("GIL")), "{lang:?}");
        let lost = &said[store.lost_updates()[0] as usize];
        assert!(lost.contains("counter"), "{lost}");
    }
}
