//! What must be true at a card's moment for its sentence to be true: the checks written
//! beside the sentence in its lesson file. A check is `[WHEN] SUBJECT PREDICATE`:
//!
//! ```text
//! to running                  the thread bound to `to` runs
//! [-4ms] who waiting          4 ms before the moment, `who` waited for the GIL
//! [-1.9s..-10ms] gil free     nobody held the GIL during all of that stretch
//! (count) running             every thread started with target `count` runs
//! main blocked-start          the main thread is inside start()
//! who holds account_a         `who` holds the lock stored in `account_a`
//! some (transfer) wants account_b   at least one of those threads waits for it
//! some (count) waited 10ms     one of them waited 10 ms or more for the GIL at once
//! cores busy 2                two cores have a thread on them
//! output has 'False'          what the program printed so far contains `False`
//! ```
//!
//! The subjects and predicates are listed in docs/lessons.md.

use super::query::{
    Moment, Sel, StateTag, object_label, on_cores, parse_signed_duration, thread_state,
};
use crate::trace::{EventKind, Nanos, Store, ThreadState, Tid, WaitOn};

/// What a check is about.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Subject {
    /// Threads: every one the selector picks, or (`some`) at least one.
    Threads(Sel, bool),
    /// The GIL of the program's own process.
    Gil,
    /// The simulated cores.
    Cores,
    /// What the program printed so far.
    Output,
}

/// What a check asserts of its subject.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pred {
    /// The threads are in this state.
    State(StateTag),
    /// The threads exist and have not finished.
    Alive,
    /// The threads have not been created yet.
    Absent,
    /// The thread holds its process's GIL.
    HoldsGil,
    /// The thread runs on a core.
    OnCore,
    /// The thread holds the lock with this label.
    Holds(String),
    /// The thread waits for the lock with this label.
    Wants(String),
    /// The thread waits for a lock this thread holds, or to join it.
    WaitsFor(Sel),
    /// The thread's longest single wait for the GIL so far is at least this long.
    Waited(Nanos),
    /// Nobody holds the GIL.
    Free,
    /// Somebody holds the GIL.
    Held,
    /// This thread holds the GIL.
    HeldBy(Sel),
    /// Exactly this many cores have a thread on them.
    Busy(usize),
    /// The output contains this text.
    Has(String),
}

/// One check of a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// When, relative to the moment: one offset, or a stretch (both ends included).
    from: i64,
    to: i64,
    subject: Subject,
    pred: Pred,
    /// As written, for messages.
    text: String,
}

impl Check {
    /// Parses a check; the message says what is wrong.
    pub fn parse(text: &str) -> Result<Check, String> {
        let words = super::query::split_words(text)?;
        let mut rest: &[String] = &words;
        let (mut from, mut to) = (0, 0);
        if let Some(first) = rest.first()
            && let Some(inner) = first.strip_prefix('[').and_then(|w| w.strip_suffix(']'))
        {
            let bad = || format!("'{first}' is not [OFFSET] or [FROM..TO]");
            match inner.split_once("..") {
                Some((a, b)) => {
                    from = parse_signed_duration(a).ok_or_else(bad)?;
                    to = parse_signed_duration(b).ok_or_else(bad)?;
                }
                None => {
                    from = parse_signed_duration(inner).ok_or_else(bad)?;
                    to = from;
                }
            }
            if from > to || to > 0 {
                return Err(format!("'{first}': checks look at the moment or before it"));
            }
            rest = &rest[1..];
        }
        let some = rest.first().is_some_and(|w| w == "some");
        if some {
            rest = &rest[1..];
        }
        let [subject, pred, args @ ..] = rest else {
            return Err(format!("'{text}' is not SUBJECT PREDICATE"));
        };
        let arg = || {
            args.first()
                .cloned()
                .ok_or_else(|| format!("'{pred}' needs an argument in '{text}'"))
        };
        let count = || {
            arg().and_then(|a| {
                a.parse::<usize>()
                    .map_err(|_| format!("'{a}' is not a count in '{text}'"))
            })
        };
        let (subject, pred) = match subject.as_str() {
            "gil" => (
                Subject::Gil,
                match pred.as_str() {
                    "free" => Pred::Free,
                    "held" => Pred::Held,
                    "held-by" => Pred::HeldBy(Sel::parse(&arg()?)?),
                    _ => return Err(format!("gil is free, held or held-by, not '{pred}'")),
                },
            ),
            "cores" => match pred.as_str() {
                "busy" => (Subject::Cores, Pred::Busy(count()?)),
                _ => return Err(format!("cores can be busy N, not '{pred}'")),
            },
            "output" => match pred.as_str() {
                "has" => (Subject::Output, Pred::Has(arg()?)),
                _ => return Err(format!("output has 'TEXT', not '{pred}'")),
            },
            sel => (
                Subject::Threads(Sel::parse(sel)?, some),
                match pred.as_str() {
                    "alive" => Pred::Alive,
                    "absent" => Pred::Absent,
                    "holds-gil" => Pred::HoldsGil,
                    "on-core" => Pred::OnCore,
                    "holds" => Pred::Holds(arg()?),
                    "wants" => Pred::Wants(arg()?),
                    "waits-for" => Pred::WaitsFor(Sel::parse(&arg()?)?),
                    "waited" => {
                        let a = arg()?;
                        Pred::Waited(
                            super::query::parse_duration(&a)
                                .ok_or_else(|| format!("'{a}' is not a duration"))?,
                        )
                    }
                    p => Pred::State(
                        StateTag::parse(p)
                            .ok_or_else(|| format!("'{p}' is not a thread state or predicate"))?,
                    ),
                },
            ),
        };
        if some && !matches!(subject, Subject::Threads(..)) {
            return Err(format!("'some' goes with threads, in '{text}'"));
        }
        let needs_arg = matches!(
            pred,
            Pred::HeldBy(_)
                | Pred::Busy(_)
                | Pred::Has(_)
                | Pred::Holds(_)
                | Pred::Wants(_)
                | Pred::WaitsFor(_)
                | Pred::Waited(_)
        );
        if args.len() > usize::from(needs_arg) {
            return Err(format!("'{text}' has words left over"));
        }
        Ok(Check {
            from,
            to,
            subject,
            pred,
            text: text.to_owned(),
        })
    }

    /// Whether it checks what the program printed.
    pub fn is_about_output(&self) -> bool {
        self.subject == Subject::Output
    }

    /// The roles the check names.
    pub fn roles(&self) -> Vec<&str> {
        let mut out = Vec::new();
        if let Subject::Threads(s, _) = &self.subject {
            out.extend(s.role());
        }
        if let Pred::HeldBy(s) | Pred::WaitsFor(s) = &self.pred {
            out.extend(s.role());
        }
        out
    }

    /// Whether the check holds at `moment` in `store`; the message says what is not so.
    pub fn verify(&self, store: &Store, moment: &Moment) -> Result<(), String> {
        let at = |off: i64| moment.t.saturating_add_signed(off);
        let (t0, t1) = (at(self.from), at(self.to));
        // Every instant the state can change in the stretch: its start and each event in it.
        let evs = store.events();
        let mut times = vec![t0];
        let first = store.events_until(t0);
        times.extend(
            evs[first.min(evs.len())..store.events_until(t1)]
                .iter()
                .map(|e| e.t),
        );
        times.dedup();
        for t in times {
            self.holds_at(store, moment, t)
                .map_err(|why| format!("'{}' at {:.6} s: {why}", self.text, t as f64 / 1e9))?;
        }
        Ok(())
    }

    fn holds_at(&self, store: &Store, moment: &Moment, t: Nanos) -> Result<(), String> {
        match (&self.subject, &self.pred) {
            (Subject::Gil, pred) => {
                let holder = store.holder_at(0, t);
                let ok = match pred {
                    Pred::Free => holder.is_none(),
                    Pred::Held => holder.is_some(),
                    Pred::HeldBy(sel) => {
                        holder.is_some_and(|h| sel.matches(store, &moment.roles, h))
                    }
                    _ => false,
                };
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "the GIL is held by {}",
                        holder.map_or("nobody".to_owned(), |h| store.thread_label(h))
                    ))
                }
            }
            (Subject::Cores, Pred::Busy(n)) => {
                let on = on_cores(store, t);
                if on.len() == *n {
                    Ok(())
                } else {
                    Err(format!("{} cores are busy", on.len()))
                }
            }
            (Subject::Output, Pred::Has(text)) => {
                let evs = store.events();
                let upto = store.writes().partition_point(|&i| evs[i as usize].t <= t);
                let out: String = store.writes()[..upto]
                    .iter()
                    .filter_map(|&i| match evs[i as usize].kind {
                        EventKind::Write { text, .. } => Some(store.text(text)),
                        _ => None,
                    })
                    .collect();
                if out.contains(text.as_str()) {
                    Ok(())
                } else {
                    Err(format!("the output so far is {out:?}"))
                }
            }
            (Subject::Threads(sel, some), pred) => {
                let tids: Vec<Tid> = (0..store.threads().len() as Tid)
                    .filter(|&tid| sel.matches(store, &moment.roles, tid))
                    .collect();
                if tids.is_empty() && *pred != Pred::Absent {
                    return Err("no such thread".to_owned());
                }
                let mut why = Vec::new();
                for tid in tids {
                    match thread_holds(store, moment, pred, tid, t) {
                        Ok(()) if *some => return Ok(()),
                        Ok(()) => {}
                        Err(w) => why.push(format!("{} {w}", store.thread_label(tid))),
                    }
                }
                if why.is_empty() {
                    Ok(())
                } else if *some {
                    Err(why.join(", "))
                } else {
                    Err(why.swap_remove(0))
                }
            }
            _ => Err("not a check".to_owned()),
        }
    }
}

/// Whether `pred` holds of thread `tid` at `t`; else what it is instead.
fn thread_holds(
    store: &Store,
    moment: &Moment,
    pred: &Pred,
    tid: Tid,
    t: Nanos,
) -> Result<(), String> {
    let state = thread_state(store, tid, t);
    let is = || format!("is {}", state.map_or("not started", ThreadState::label));
    let ok = match pred {
        Pred::State(s) => state.is_some_and(|x| s.holds(x)),
        Pred::Alive => state.is_some_and(|s| s != ThreadState::Finished),
        Pred::Absent => state.is_none(),
        Pred::HoldsGil => store.holder_at(store.thread_pid(tid), t) == Some(tid),
        Pred::OnCore => on_cores(store, t).contains(&tid),
        Pred::Holds(lock) => {
            let holder = lock_holder(store, lock, t);
            if holder != Some(tid) {
                return Err(format!(
                    "does not hold {lock} (held by {})",
                    holder.map_or("nobody".to_owned(), |h| store.thread_label(h))
                ));
            }
            true
        }
        Pred::Wants(lock) => matches!(
            state,
            Some(ThreadState::Blocked(WaitOn::Lock(o))) if object_label(store, o) == *lock
        ),
        Pred::WaitsFor(sel) => match state {
            Some(ThreadState::Blocked(WaitOn::Lock(o))) => {
                lock_holder(store, &object_label(store, o), t)
                    .is_some_and(|h| sel.matches(store, &moment.roles, h))
            }
            Some(ThreadState::Blocked(WaitOn::Join(j))) => sel.matches(store, &moment.roles, j),
            _ => false,
        },
        Pred::Waited(d) => {
            let longest = store.stats(tid, t).longest_wait;
            if longest < *d {
                return Err(format!(
                    "waited at most {:.1} ms at once",
                    longest as f64 / 1e6
                ));
            }
            true
        }
        _ => false,
    };
    if ok { Ok(()) } else { Err(is()) }
}

/// Who holds the lock labelled `lock` at `t`: the last to acquire it, unless it released
/// it since.
fn lock_holder(store: &Store, lock: &str, t: Nanos) -> Option<Tid> {
    let evs = store.events();
    let mut holder = None;
    for e in &evs[..store.events_until(t)] {
        match e.kind {
            EventKind::Acquire { obj } if object_label(store, obj) == lock => holder = Some(e.tid),
            EventKind::Release { obj } if object_label(store, obj) == lock => holder = None,
            _ => {}
        }
    }
    holder
}
