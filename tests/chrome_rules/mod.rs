//! The Chrome Trace Event Format as its consumers read it, for the export tests: the rules
//! every event must follow, and Perfetto's way of binding flows to slices (its JSON importer
//! sorts events by time, ends before everything else at one instant, and binds a flow event
//! to the slice on top of its track's stack at that moment: `json_trace_parser.cc`,
//! `flow_tracker.cc`, `slice_tracker.cc`, `trace_sorter.h` in google/perfetto).

#![allow(dead_code)] // each test binary uses part of it

use std::collections::{BTreeMap, BTreeSet};

use gilscope::trace::{Store, ThreadState};
use serde_json::Value;

/// A Chrome track: (pid, tid).
pub type Track = (u64, u64);

/// A duration slice as a consumer sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    pub track: Track,
    pub name: String,
    pub cat: String,
    /// Nanoseconds.
    pub start: u64,
    pub end: u64,
    /// 0 for a slice at the bottom of its track.
    pub depth: usize,
}

/// Where one end of a flow landed: the slice (or instant) on top of its track then.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub track: Track,
    /// The event's own time, in nanoseconds.
    pub t: u64,
    pub name: String,
    /// The slice's start (an instant's time).
    pub start: u64,
    /// Whether it is an instant rather than a duration slice.
    pub instant: bool,
}

/// A flow from the slice its `s` bound to, to the slice its `f` bound to.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub id: u64,
    pub from: Bound,
    pub to: Bound,
}

/// What a valid trace holds.
#[derive(Debug, Default)]
pub struct Checked {
    pub events: Vec<Value>,
    /// Every slice, in the order they end.
    pub slices: Vec<Slice>,
    pub flows: Vec<Flow>,
    /// `thread_name` of each track (last one given).
    pub thread_names: BTreeMap<Track, String>,
    /// `process_name` of each pid.
    pub process_names: BTreeMap<u64, String>,
    pub metadata: serde_json::Map<String, Value>,
}

impl Checked {
    /// The events named `name`.
    pub fn named(&self, name: &str) -> Vec<&Value> {
        self.events.iter().filter(|e| e["name"] == name).collect()
    }

    /// The slices named `name` (or starting with it, when `name` ends with `*`).
    pub fn slices_named(&self, name: &str) -> Vec<&Slice> {
        self.slices
            .iter()
            .filter(|s| match name.strip_suffix('*') {
                Some(prefix) => s.name.starts_with(prefix),
                None => s.name == name,
            })
            .collect()
    }

    /// The track named `name` in process `pid`.
    pub fn track(&self, pid: u64, name: &str) -> Track {
        *self
            .thread_names
            .iter()
            .find(|(t, n)| t.0 == pid && n.as_str() == name)
            .unwrap_or_else(|| panic!("no track {name} in pid {pid}"))
            .0
    }
}

/// Microseconds in the file to nanoseconds; panics unless exact to the nanosecond.
fn ns(e: &Value, key: &str) -> u64 {
    let v = e[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number: {e}"));
    assert!(v >= 0.0, "negative {key}: {e}");
    let n = (v * 1000.0).round();
    assert!((v * 1000.0 - n).abs() < 1e-3, "{key} finer than 1 ns: {e}");
    n as u64
}

/// One entry of a track's stack while the events are replayed.
struct Open {
    name: String,
    cat: String,
    start: u64,
    instant: bool,
}

/// Checks `json` against the Trace Event Format as Perfetto, chrome://tracing and speedscope
/// read it; panics with the first violation. Returns what it holds.
pub fn check(json: &str) -> Checked {
    let v: Value = serde_json::from_str(json).expect("valid JSON");
    let obj = v.as_object().expect("the object form");
    if let Some(unit) = obj.get("displayTimeUnit") {
        assert!(unit == "ms" || unit == "ns", "displayTimeUnit {unit}");
    }
    let mut out = Checked::default();
    if let Some(meta) = obj.get("metadata") {
        let meta = meta.as_object().expect("metadata is an object");
        for (k, v) in meta {
            assert!(
                v.is_string() || v.is_number() || v.is_boolean(),
                "metadata.{k} is not flat: Perfetto keeps strings and integers"
            );
        }
        out.metadata = meta.clone();
    }
    out.events = obj["traceEvents"].as_array().expect("traceEvents").clone();
    let mut used: BTreeSet<Track> = BTreeSet::new();
    let mut last_ts = 0;
    for e in &out.events {
        let field = |k: &str| e.get(k).unwrap_or_else(|| panic!("{k} missing in {e}"));
        let ph = field("ph").as_str().expect("ph is a string");
        assert_eq!(ph.chars().count(), 1, "{e}");
        let t = ns(e, "ts");
        let pid = field("pid").as_u64().expect("pid is an integer");
        let tid = field("tid").as_u64().expect("tid is an integer");
        assert!(
            pid >= 1 && tid >= 1,
            "ids start at 1 (Perfetto takes tid 0 for the pid): {e}"
        );
        let name = field("name").as_str().expect("name is a string");
        // Time order in the file, but for a flow's start: it is written with its end.
        if ph != "s" {
            assert!(t >= last_ts, "out of time order: {e}");
            last_ts = t;
        }
        match ph {
            "M" => {
                let args = field("args");
                match name {
                    "thread_name" => {
                        let n = args["name"].as_str().filter(|n| !n.is_empty());
                        let n = n.unwrap_or_else(|| panic!("{e}"));
                        out.thread_names.insert((pid, tid), n.to_owned());
                    }
                    "process_name" => {
                        let n = args["name"].as_str().filter(|n| !n.is_empty());
                        let n = n.unwrap_or_else(|| panic!("{e}"));
                        out.process_names.insert(pid, n.to_owned());
                    }
                    "thread_sort_index" | "process_sort_index" => {
                        assert!(args["sort_index"].as_i64().is_some(), "{e}")
                    }
                    other => panic!("unexpected metadata {other}"),
                }
                assert!(
                    e.get("cat").is_none(),
                    "speedscope's sniffing wants no cat on M"
                );
            }
            "B" | "E" => {
                assert!(
                    e.get("args").is_none(),
                    "args on a slice split it in speedscope: {e}"
                );
                used.insert((pid, tid));
            }
            "i" | "I" => {
                let s = e.get("s").and_then(Value::as_str).unwrap_or("t");
                assert!(["g", "p", "t"].contains(&s), "{e}");
                used.insert((pid, tid));
            }
            "s" | "f" => {
                let id = field("id").as_u64().expect("a flow id is an integer");
                assert!(id >= 1, "flow id 0 is no flow to catapult: {e}");
                if ph == "f" {
                    assert_eq!(e["bp"], "e", "f binds to its enclosing slice: {e}");
                }
                used.insert((pid, tid));
            }
            "C" => {
                let args = field("args").as_object().expect("counter args");
                assert!(!args.is_empty(), "a counter needs a series: {e}");
                assert!(args.values().all(Value::is_number), "{e}");
            }
            other => panic!("phase {other} is not one gilscope writes: {e}"),
        }
    }
    for track in &used {
        assert!(
            out.thread_names.contains_key(track),
            "track {track:?} has no thread_name"
        );
        assert!(
            out.process_names.contains_key(&track.0),
            "pid {} has no process_name",
            track.0
        );
    }
    replay(&mut out);
    out
}

/// Replays the events in Perfetto's order: slices must nest and close, flows pair up and
/// bind to a slice.
fn replay(out: &mut Checked) {
    let key = |e: &Value| match e["ph"].as_str() {
        Some("E") => 0,
        _ => 1,
    };
    let mut order: Vec<(u64, u8, usize)> = out
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e["ph"] != "M")
        .map(|(i, e)| (ns(e, "ts"), key(e), i))
        .collect();
    order.sort();
    let mut stacks: BTreeMap<Track, Vec<Open>> = BTreeMap::new();
    let mut starts: BTreeMap<u64, (Bound, String, String)> = BTreeMap::new();
    let mut ended: BTreeSet<u64> = BTreeSet::new();
    for (t, _, i) in order {
        let e = &out.events[i];
        let ph = e["ph"].as_str().unwrap_or_default();
        let track = (
            e["pid"].as_u64().unwrap_or(0),
            e["tid"].as_u64().unwrap_or(0),
        );
        let name = e["name"].as_str().unwrap_or_default().to_owned();
        let cat = e["cat"].as_str().unwrap_or_default().to_owned();
        let stack = stacks.entry(track).or_default();
        // An instant is a zero-length slice: the next slice or instant at a later time (or
        // a slice at the same time) ends it.
        let pop_instants = |stack: &mut Vec<Open>, instant: bool| {
            while stack
                .last()
                .is_some_and(|o| o.instant && (o.start < t || !instant))
            {
                stack.pop();
            }
        };
        match ph {
            "B" => {
                pop_instants(stack, false);
                stack.push(Open {
                    name,
                    cat,
                    start: t,
                    instant: false,
                });
            }
            "E" => {
                pop_instants(stack, false);
                let open = stack
                    .pop()
                    .unwrap_or_else(|| panic!("E without B on {track:?}: {e}"));
                assert!(!open.instant);
                assert_eq!(
                    (&open.name, &open.cat),
                    (&name, &cat),
                    "E closes another slice: {e}"
                );
                assert!(t > open.start, "empty slice: {e}");
                out.slices.push(Slice {
                    track,
                    name,
                    cat,
                    start: open.start,
                    end: t,
                    depth: stack.len(),
                });
            }
            "i" | "I" if e["s"] == "t" || e.get("s").is_none() => {
                pop_instants(stack, true);
                stack.push(Open {
                    name,
                    cat,
                    start: t,
                    instant: true,
                });
            }
            "s" | "f" => {
                let top = stack
                    .last()
                    .unwrap_or_else(|| panic!("a flow with no slice to bind to: {e}"));
                let bound = Bound {
                    track,
                    t,
                    name: top.name.clone(),
                    start: top.start,
                    instant: top.instant,
                };
                let id = e["id"].as_u64().unwrap_or(0);
                if ph == "s" {
                    let dup = starts.insert(id, (bound, name, cat));
                    assert!(dup.is_none(), "two flow starts with id {id}");
                } else {
                    let (from, s_name, s_cat) = starts
                        .remove(&id)
                        .unwrap_or_else(|| panic!("a flow end before (or without) its start: {e}"));
                    assert_eq!(
                        (s_name, s_cat),
                        (name, cat),
                        "a flow is keyed by id, cat and name"
                    );
                    assert!(ended.insert(id), "two flow ends with id {id}");
                    out.flows.push(Flow {
                        id,
                        from,
                        to: bound,
                    });
                }
            }
            _ => {}
        }
    }
    assert!(
        starts.is_empty(),
        "flow starts without an end: {:?}",
        starts.keys()
    );
    for (track, stack) in stacks {
        assert!(
            stack.iter().all(|o| o.instant),
            "slices left open on {track:?}: {:?}",
            stack.iter().map(|o| &o.name).collect::<Vec<_>>()
        );
    }
}

/// The Chrome track of gilscope thread `tid`.
pub fn thread_track(store: &Store, tid: u32) -> Track {
    (u64::from(store.thread_pid(tid)) + 1, u64::from(tid) + 1)
}

/// Every handoff of `store` is one flow of `trace`, in order, from a slice of the thread
/// that released the GIL to a slice of the thread that took it: the `running` slices
/// themselves whenever the thread ran before the release, or runs from the take.
pub fn assert_handoffs_are_flows(store: &Store, trace: &Checked) {
    assert_eq!(trace.flows.len(), store.handoffs().len());
    for (h, f) in store.handoffs().iter().zip(&trace.flows) {
        assert_eq!(f.from.track, thread_track(store, h.from), "{h:?}");
        assert_eq!(f.to.track, thread_track(store, h.to), "{h:?}");
        assert!(f.from.t < h.released && f.to.t <= h.t, "{h:?} {f:?}");
        let before = h.released.saturating_sub(1);
        if store.state_at(h.from, before) == Some(ThreadState::Running) {
            assert_eq!(
                (f.from.name.as_str(), f.from.instant),
                ("running", false),
                "{h:?}"
            );
        }
        if store.state_at(h.to, h.t) == Some(ThreadState::Running) {
            assert_eq!((f.to.name.as_str(), f.to.start), ("running", h.t), "{h:?}");
        }
    }
}
