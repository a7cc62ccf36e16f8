//! Where a card stops: a question asked of the trace, written as steps joined by `then`.
//! Each step finds the first event (or the `nth=`) after the previous step's that matches
//! its kind and filters, and binds the threads it involves to role names the later steps,
//! the checks and the card's sentence use (`{to}`).
//!
//! ```text
//! handoff reason=interval from=(count) to=(count)
//! drop reason=sleep by=(io) then request by=who
//! lost var=counter then back handoff from=who
//! parallel threads=(count)
//! all threads=(wait) state=sleeping n=4
//! ```
//!
//! Thread selectors: `main` (thread 0), `(fn)` (a thread started with target `fn`, as its
//! name `Thread-N (fn)` says), `proc` (a thread of a child process), `any`, or a role.
//! `key!=value` negates a filter, `a|b` accepts either value. `as=NAME` also binds the
//! step's first role as NAME; `back` before a step looks backwards from the previous
//! moment for its last match. The steps and their roles are listed in docs/lessons.md.

use crate::trace::{
    DropReason, EventKind, IoKind, Nanos, Outcome, Store, TaskState, ThreadState, Tid, WaitOn,
};

/// A thread selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sel {
    /// Any thread.
    Any,
    /// The main thread of the program's own process (thread 0).
    Main,
    /// A thread of a child process (`multiprocessing`).
    Proc,
    /// A thread whose name ends in `(fn)`: started with target `fn`.
    Fn(String),
    /// The thread bound to this role by an earlier step or this one.
    Role(String),
}

impl Sel {
    /// Parses a selector: `main`, `proc`, `any`, `(fn)` or a role name.
    pub fn parse(s: &str) -> Result<Sel, String> {
        match s {
            "main" => Ok(Sel::Main),
            "proc" => Ok(Sel::Proc),
            "any" => Ok(Sel::Any),
            _ => {
                if let Some(f) = s.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
                    return Ok(Sel::Fn(f.to_owned()));
                }
                if !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    Ok(Sel::Role(s.to_owned()))
                } else {
                    Err(format!("'{s}' is not a thread selector"))
                }
            }
        }
    }

    /// Whether thread `tid` is selected, given the roles bound so far.
    pub fn matches(&self, store: &Store, roles: &[(String, Tid)], tid: Tid) -> bool {
        match self {
            Sel::Any => true,
            Sel::Main => tid == 0,
            Sel::Proc => store.thread_pid(tid) > 0,
            Sel::Fn(f) => store
                .thread_name(tid)
                .strip_suffix(')')
                .and_then(|n| n.strip_suffix(f.as_str()))
                .is_some_and(|n| n.ends_with('(')),
            Sel::Role(r) => role(roles, r) == Some(tid),
        }
    }

    /// The role it names, if it names one.
    pub fn role(&self) -> Option<&str> {
        match self {
            Sel::Role(r) => Some(r),
            _ => None,
        }
    }
}

/// The thread bound to `name`.
pub fn role(roles: &[(String, Tid)], name: &str) -> Option<Tid> {
    roles.iter().rev().find(|(n, _)| n == name).map(|&(_, t)| t)
}

/// A thread state as lessons name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateTag {
    /// Runs (holds the GIL, or needs none, and has a core).
    Running,
    /// Waits for the GIL.
    Waiting,
    /// In `time.sleep`.
    Sleeping,
    /// Blocked on anything.
    Blocked,
    /// In a `write()` system call.
    BlockedIo,
    /// In a blocking call to the simulated network, disk or database.
    BlockedDevice(IoKind),
    /// Waiting for a lock.
    BlockedLock,
    /// In `join()`.
    BlockedJoin,
    /// In `start()`, waiting for the new thread to begin.
    BlockedStart,
    /// Waiting for a process (`Process.join()`).
    BlockedProcess,
    /// Runnable without a free core.
    Ready,
    /// Created, not yet running.
    Starting,
    /// Gone.
    Finished,
}

impl StateTag {
    /// Parses `running`, `waiting`, `blocked-lock`, ...
    pub fn parse(s: &str) -> Option<StateTag> {
        Some(match s {
            "running" => StateTag::Running,
            "waiting" => StateTag::Waiting,
            "sleeping" => StateTag::Sleeping,
            "blocked" => StateTag::Blocked,
            "blocked-io" => StateTag::BlockedIo,
            "blocked-net" => StateTag::BlockedDevice(IoKind::Net),
            "blocked-disk" => StateTag::BlockedDevice(IoKind::Disk),
            "blocked-db" => StateTag::BlockedDevice(IoKind::Db),
            "blocked-lock" => StateTag::BlockedLock,
            "blocked-join" => StateTag::BlockedJoin,
            "blocked-start" => StateTag::BlockedStart,
            "blocked-process" => StateTag::BlockedProcess,
            "ready" => StateTag::Ready,
            "starting" => StateTag::Starting,
            "finished" => StateTag::Finished,
            _ => return None,
        })
    }

    /// Whether state `s` is one of these.
    pub fn holds(self, s: ThreadState) -> bool {
        if let (StateTag::BlockedDevice(want), ThreadState::Blocked(WaitOn::Device(kind, _))) =
            (self, s)
        {
            return want == kind;
        }
        matches!(
            (self, s),
            (StateTag::Running, ThreadState::Running)
                | (StateTag::Waiting, ThreadState::WaitingGil)
                | (StateTag::Sleeping, ThreadState::Sleeping)
                | (StateTag::Blocked, ThreadState::Blocked(_))
                | (StateTag::BlockedIo, ThreadState::Blocked(WaitOn::Io))
                | (StateTag::BlockedLock, ThreadState::Blocked(WaitOn::Lock(_)))
                | (StateTag::BlockedJoin, ThreadState::Blocked(WaitOn::Join(_)))
                | (
                    StateTag::BlockedStart,
                    ThreadState::Blocked(WaitOn::Start(_))
                )
                | (
                    StateTag::BlockedProcess,
                    ThreadState::Blocked(WaitOn::Process(_))
                )
                | (StateTag::Ready, ThreadState::Ready)
                | (StateTag::Starting, ThreadState::Starting)
                | (StateTag::Finished, ThreadState::Finished)
        )
    }
}

/// The kinds of step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Handoff,
    Request,
    Drop,
    Write,
    Spawn,
    Begin,
    Wake,
    Block,
    Acquire,
    Sleep,
    Ready,
    Lost,
    Parallel,
    All,
    Tasks,
    Deadlock,
    End,
    After(Nanos),
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "handoff" => Kind::Handoff,
            "request" => Kind::Request,
            "drop" => Kind::Drop,
            "write" => Kind::Write,
            "spawn" => Kind::Spawn,
            "begin" => Kind::Begin,
            "wake" => Kind::Wake,
            "block" => Kind::Block,
            "acquire" => Kind::Acquire,
            "sleep" => Kind::Sleep,
            "ready" => Kind::Ready,
            "lost" => Kind::Lost,
            "parallel" => Kind::Parallel,
            "all" => Kind::All,
            "tasks" => Kind::Tasks,
            "deadlock" => Kind::Deadlock,
            "end" => Kind::End,
            _ => {
                return s
                    .strip_prefix('+')
                    .and_then(parse_duration)
                    .map(Kind::After);
            }
        })
    }

    /// Whether it looks at states over time rather than at one event (and so only forwards).
    fn looks_at_states(self) -> bool {
        matches!(
            self,
            Kind::Lost
                | Kind::Parallel
                | Kind::All
                | Kind::Tasks
                | Kind::Deadlock
                | Kind::End
                | Kind::After(_)
        )
    }

    /// The filters it takes (besides `nth`) and the roles and values it binds.
    fn keys(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Kind::Handoff => (
                &["from", "to", "asker", "reason", "fromline", "waited"],
                &["from", "to", "asker", "waited"],
            ),
            Kind::Request => (&["by", "holder"], &["who", "holder"]),
            Kind::Drop => (&["by", "reason"], &["who"]),
            Kind::Write => (&["by", "text"], &["who"]),
            Kind::Spawn => (&["by", "child"], &["who", "child"]),
            Kind::Begin | Kind::Wake | Kind::Sleep | Kind::Ready => (&["by"], &["who"]),
            Kind::Block => (&["by", "on", "lock"], &["who"]),
            Kind::Acquire => (&["by", "lock"], &["who"]),
            Kind::Lost => (
                &["by", "over", "var"],
                &[
                    "who",
                    "over",
                    "var",
                    "read",
                    "stored",
                    "overwritten",
                    "lost",
                    "line",
                ],
            ),
            Kind::Parallel => (&["threads", "n"], &["a", "b"]),
            Kind::All => (&["threads", "state", "n"], &[]),
            Kind::Tasks => (&["state", "n"], &[]),
            Kind::Deadlock | Kind::End | Kind::After(_) => (&[], &[]),
        }
    }
}

/// One filter of a step: `key=value` or `key!=value`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Filter {
    key: String,
    negate: bool,
    value: String,
    /// The value as a thread selector, for the keys that take one.
    sel: Option<Sel>,
}

/// One step of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    kind: Kind,
    /// Looks backwards from the previous moment.
    back: bool,
    /// Another name for the step's first role (`as=`).
    alias: Option<String>,
    /// What each candidate event is tested for.
    filters: Vec<Filter>,
    /// Which match (1 = the first).
    nth: usize,
    /// `threads=`: the threads `parallel` and `all` look at.
    threads: Sel,
    /// `state=`: the state `all` and `tasks` look for.
    state: Option<String>,
    /// `n=`: how many threads or tasks at least.
    n: Option<usize>,
}

/// Keys whose value is a thread selector.
const THREAD_KEYS: &[&str] = &["from", "to", "asker", "by", "holder", "child", "over"];

/// A card's moment, as written in its lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    steps: Vec<Step>,
}

/// Where a query stopped: an event, the threads bound to roles and the values bound to
/// names on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moment {
    /// Index of the event in the store.
    pub event: usize,
    /// Its time.
    pub t: Nanos,
    /// Role names and their threads.
    pub roles: Vec<(String, Tid)>,
    /// Value names and their values (`read`, `lost`, ...).
    pub values: Vec<(String, String)>,
}

impl Query {
    /// Parses a query; the message says what is wrong.
    pub fn parse(text: &str) -> Result<Query, String> {
        let words = split_words(text)?;
        let mut steps = Vec::new();
        for part in words.split(|w| w == "then") {
            let back = part.first().is_some_and(|w| w == "back");
            let part = if back { &part[1..] } else { part };
            let (head, rest) = part
                .split_first()
                .ok_or_else(|| format!("an empty step in '{text}'"))?;
            let kind = Kind::parse(head).ok_or_else(|| format!("unknown step '{head}'"))?;
            if back && kind.looks_at_states() {
                return Err(format!("{head} cannot look back"));
            }
            let (allowed, binds) = kind.keys();
            let mut step = Step {
                kind,
                back,
                alias: None,
                filters: Vec::new(),
                nth: 1,
                threads: Sel::Any,
                state: None,
                n: None,
            };
            for w in rest {
                let (key, negate, value) = match w.split_once("!=") {
                    Some((k, v)) => (k, true, v),
                    None => match w.split_once('=') {
                        Some((k, v)) => (k, false, v),
                        None => return Err(format!("'{w}' is not key=value")),
                    },
                };
                if key == "as" {
                    if binds.is_empty()
                        || Sel::parse(value)
                            .ok()
                            .and_then(|s| s.role().map(str::to_owned))
                            .is_none()
                    {
                        return Err(format!("{head} binds no role to call '{value}'"));
                    }
                    step.alias = Some(value.to_owned());
                    continue;
                }
                if key == "nth" {
                    step.nth = value
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("nth={value} is not a count"))?;
                    continue;
                }
                if !allowed.contains(&key) {
                    return Err(format!("{head} takes no '{key}' (it takes {allowed:?})"));
                }
                if matches!(key, "threads" | "state" | "n") {
                    if negate {
                        return Err(format!("{key} cannot be negated"));
                    }
                    match key {
                        "threads" => step.threads = Sel::parse(value)?,
                        "state" => {
                            check_value(key, value)?;
                            step.state = Some(value.to_owned());
                        }
                        _ => {
                            check_value(key, value)?;
                            step.n = value.parse().ok();
                        }
                    }
                    continue;
                }
                let sel = if THREAD_KEYS.contains(&key) {
                    Some(Sel::parse(value)?)
                } else {
                    check_value(key, value)?;
                    None
                };
                step.filters.push(Filter {
                    key: key.to_owned(),
                    negate,
                    value: value.to_owned(),
                    sel,
                });
            }
            steps.push(step);
        }
        if steps.first().is_some_and(|s| s.back) {
            return Err("the first step cannot look back".to_owned());
        }
        let q = Query { steps };
        // Every role a filter names must be bound by then.
        // A filter on the step's own role (`by!=who`) means an earlier binding.
        let mut bound: Vec<&str> = Vec::new();
        for step in &q.steps {
            let before = bound.clone();
            bound.extend(step.kind.keys().1);
            bound.extend(step.alias.as_deref());
            let sels = step
                .filters
                .iter()
                .filter_map(|f| f.sel.as_ref().map(|s| (key_role(&f.key), s)));
            for (own, sel) in sels.chain([("threads", &step.threads)]) {
                if let Some(r) = sel.role() {
                    let seen = if r == own { &before } else { &bound };
                    if !seen.contains(&r) {
                        return Err(format!("role '{r}' is not bound by then"));
                    }
                }
            }
        }
        Ok(q)
    }

    /// The role and value names the query binds.
    pub fn binds(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .steps
            .iter()
            .flat_map(|s| s.kind.keys().1.iter().copied().chain(s.alias.as_deref()))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The moment in `store`, if it has happened yet.
    pub fn find(&self, store: &Store) -> Option<Moment> {
        self.find_steps(store, Moment::default(), 0)
    }

    /// The moment after moment `from` (its roles and values carry on), if it has
    /// happened yet: the query's steps continue from `from`'s.
    pub fn find_from(&self, store: &Store, from: &Moment) -> Option<Moment> {
        self.find_steps(store, from.clone(), from.event + 1)
    }

    fn find_steps(&self, store: &Store, mut at: Moment, mut start: usize) -> Option<Moment> {
        for step in &self.steps {
            at = find_step(step, store, start, &at)?;
            start = at.event + 1;
        }
        Some(at)
    }
}

/// Checks the values of keys that are not thread selectors.
fn check_value(key: &str, value: &str) -> Result<(), String> {
    let ok = match key {
        "reason" => REASONS.contains(&value),
        "on" => WAITS.contains(&value),
        "state" => StateTag::parse(value).is_some() || TASK_STATES.contains(&value),
        "n" => value.parse::<usize>().is_ok_and(|n| n > 0),
        "waited" => parse_duration(value).is_some(),
        _ => !value.is_empty(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{key}={value} is not a valid value"))
    }
}

/// GIL drop reasons, as [`DropReason::label`] names them.
const REASONS: &[&str] = &[
    "interval",
    "sleep",
    "write",
    "join",
    "lock",
    "wait",
    "start",
    "thread-end",
    "io",
];

/// What a blocked thread can wait on.
const WAITS: &[&str] = &[
    "join", "lock", "event", "cond", "sem", "start", "io", "process", "net", "disk", "db",
];

/// The states of an asyncio task.
const TASK_STATES: &[&str] = &["running", "ready", "awaiting", "done"];

fn wait_label(on: WaitOn) -> &'static str {
    match on {
        WaitOn::Join(_) => "join",
        WaitOn::Lock(_) => "lock",
        WaitOn::Event(_) => "event",
        WaitOn::Cond(_) => "cond",
        WaitOn::Sem(_) => "sem",
        WaitOn::Start(_) => "start",
        WaitOn::Io => "io",
        WaitOn::Process(_) => "process",
        WaitOn::Device(kind, _) => kind.label(),
    }
}

fn task_label(s: TaskState) -> &'static str {
    match s {
        TaskState::Running => "running",
        TaskState::Ready => "ready",
        TaskState::Awaiting { .. } => "awaiting",
        TaskState::Done => "done",
    }
}

/// Splits a query or check into words; `'...'` keeps spaces inside one word.
pub fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if quoted {
        return Err(format!("unclosed quote in '{text}'"));
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}

/// `5ms`, `1.5s`, `40us`, `-10ms` as signed nanoseconds.
pub fn parse_signed_duration(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) => parse_duration(rest).map(|d| -(d as i64)),
        None => parse_duration(s).map(|d| d as i64),
    }
}

/// `5ms`, `1.5s`, `40us`, `0` as nanoseconds.
pub fn parse_duration(s: &str) -> Option<Nanos> {
    if s == "0" {
        return Some(0);
    }
    let (num, scale) = [("ms", 1e6), ("us", 1e3), ("ns", 1.0), ("s", 1e9)]
        .iter()
        .find_map(|&(unit, scale)| s.strip_suffix(unit).map(|n| (n, scale)))?;
    let v: f64 = num.parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * scale).round() as Nanos)
}

/// A candidate match: the event, and what it binds.
struct Cand {
    roles: Vec<(String, Tid)>,
    values: Vec<(String, String)>,
    /// Attributes the non-thread filters test (`reason`, `text`, `var`, ...).
    attrs: Vec<(&'static str, String)>,
}

impl Cand {
    fn new() -> Self {
        Cand {
            roles: Vec::new(),
            values: Vec::new(),
            attrs: Vec::new(),
        }
    }

    fn role(mut self, name: &str, tid: Tid) -> Self {
        self.roles.push((name.to_owned(), tid));
        self
    }

    fn attr(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.attrs.push((key, value.into()));
        self
    }

    fn value(mut self, key: &str, value: impl Into<String>) -> Self {
        self.values.push((key.to_owned(), value.into()));
        self
    }
}

/// The role a filter key tests (`by` tests the step's `who`).
fn key_role(key: &str) -> &str {
    if key == "by" { "who" } else { key }
}

/// Whether `cand` passes `step`'s filters, with `prev` the roles bound before the step.
/// A filter naming a role sees the step's other roles and those bound before; naming its
/// own role (`by!=who`), it sees the earlier binding only.
fn passes(step: &Step, store: &Store, prev: &[(String, Tid)], cand: &Cand) -> bool {
    let mut roles = prev.to_vec();
    roles.extend(cand.roles.iter().cloned());
    step.filters.iter().all(|f| {
        let own = key_role(&f.key);
        let hit = match &f.sel {
            Some(sel) => role(&cand.roles, own).is_some_and(|t| {
                let seen = if sel.role() == Some(own) {
                    prev
                } else {
                    &roles[..]
                };
                sel.matches(store, seen, t)
            }),
            None => cand.attrs.iter().any(|(k, v)| {
                *k == f.key
                    && match f.key.as_str() {
                        "text" => v.contains(f.value.as_str()),
                        // At least this long (the attribute is in nanoseconds).
                        "waited" => parse_duration(&f.value)
                            .is_some_and(|d| v.parse::<Nanos>().is_ok_and(|w| w >= d)),
                        _ => f.value.split('|').any(|alt| alt == v),
                    }
            }),
        };
        hit != f.negate
    })
}

/// The first (or `nth`) match of `step` at or after event `start`, after moment `prev`.
fn find_step(step: &Step, store: &Store, start: usize, prev: &Moment) -> Option<Moment> {
    let evs = store.events();
    let mut seen = 0;
    let mut hit = |i: usize, cand: Cand| -> Option<Moment> {
        if !passes(step, store, &prev.roles, &cand) {
            return None;
        }
        seen += 1;
        (seen == step.nth).then(|| {
            let mut roles = prev.roles.clone();
            if let (Some(alias), Some((_, first))) = (&step.alias, cand.roles.first()) {
                roles.push((alias.clone(), *first));
            }
            roles.extend(cand.roles);
            let mut values = prev.values.clone();
            values.extend(cand.values);
            Moment {
                event: i,
                t: evs[i].t,
                roles,
                values,
            }
        })
    };
    match step.kind {
        Kind::After(d) => {
            // A moment between events: the time itself, after the last event before it.
            let target = prev.t.saturating_add(d);
            if !settled(store, target) || target > store.clock() {
                return None;
            }
            let i = store.event_before(target)?.max(prev.event);
            Some(Moment {
                event: i,
                t: target,
                ..prev.clone()
            })
        }
        Kind::End => {
            store.end()?;
            let i = evs.len().checked_sub(1)?;
            // The end may be the previous moment itself (a deadlock is the last event).
            (i + 1 >= start).then(|| Moment {
                event: i,
                t: evs[i].t,
                ..prev.clone()
            })
        }
        Kind::Lost => {
            let from = store
                .lost_updates()
                .partition_point(|&i| (i as usize) < start);
            for &i in &store.lost_updates()[from..] {
                let i = i as usize;
                let e = evs[i];
                let EventKind::LostUpdate { var, over, info } = e.kind else {
                    continue;
                };
                let mut cand = Cand::new()
                    .role("who", e.tid)
                    .role("over", over)
                    .attr("var", store.text(var))
                    .value("var", store.text(var));
                if let Some(l) = store.lost_update(info) {
                    cand = cand
                        .value("read", l.read.clone())
                        .value("stored", l.stored.clone())
                        .value("overwritten", l.overwritten.clone())
                        .value("lost", l.lost.to_string())
                        .value("line", l.read_line.to_string());
                }
                if let Some(m) = hit(i, cand) {
                    return Some(m);
                }
            }
            None
        }
        Kind::Parallel => {
            let sel = &step.threads;
            let n = step.n.unwrap_or(2);
            for (i, e) in evs.iter().enumerate().skip(start) {
                if !matches!(e.kind, EventKind::OnCore { .. })
                    || !sel.matches(store, &prev.roles, e.tid)
                {
                    continue;
                }
                if !settled(store, e.t) {
                    return None;
                }
                let on: Vec<Tid> = on_cores(store, e.t)
                    .into_iter()
                    .filter(|&t| sel.matches(store, &prev.roles, t))
                    .collect();
                if on.len() >= n && on.contains(&e.tid) {
                    let other = on.iter().copied().find(|&t| t != e.tid).unwrap_or(e.tid);
                    if let Some(m) = hit(i, Cand::new().role("a", e.tid).role("b", other)) {
                        return Some(m);
                    }
                }
            }
            None
        }
        Kind::All => {
            let sel = &step.threads;
            let state = step.state.as_deref().and_then(StateTag::parse)?;
            let n = step.n.unwrap_or(1);
            for i in instant_ends(store, start) {
                let t = evs[i].t;
                let present: Vec<Tid> = (0..store.threads().len() as Tid)
                    .filter(|&tid| sel.matches(store, &prev.roles, tid))
                    .filter(|&tid| thread_state(store, tid, t).is_some())
                    .collect();
                let all = present
                    .iter()
                    .all(|&tid| thread_state(store, tid, t).is_some_and(|s| state.holds(s)));
                if present.len() >= n
                    && all
                    && let Some(m) = hit(i, Cand::new())
                {
                    return Some(m);
                }
            }
            None
        }
        Kind::Tasks => {
            let state = step.state.as_deref()?;
            let n = step.n.unwrap_or(1);
            for i in instant_ends(store, start) {
                let t = evs[i].t;
                let count = (0..store.tasks().len() as u32)
                    .filter(|&k| {
                        store
                            .task_segments(k, t, t + 1)
                            .1
                            .last()
                            .is_some_and(|s| s.start <= t && task_label(s.state) == state)
                    })
                    .count();
                if count >= n
                    && let Some(m) = hit(i, Cand::new())
                {
                    return Some(m);
                }
            }
            None
        }
        _ => {
            // The events that can match, from the store's indexes where it has them:
            // forwards from `start`, or backwards from the previous moment.
            let all: Box<dyn DoubleEndedIterator<Item = usize>> = match step.kind {
                Kind::Write => Box::new(store.writes().iter().map(|&i| i as usize)),
                Kind::Handoff => Box::new(handoff_takes(store)),
                _ if step.back => Box::new(0..prev.event),
                _ => Box::new(start..evs.len()),
            };
            let order: Box<dyn Iterator<Item = usize>> = if step.back {
                Box::new(all.rev().filter(|&i| i < prev.event))
            } else {
                Box::new(all.filter(move |&i| i >= start))
            };
            for i in order {
                let e = evs[i];
                let cand = match (step.kind, e.kind) {
                    (Kind::Handoff, EventKind::GilTake { switch: true }) => {
                        let Some(h) = store
                            .handoffs_in(e.t, e.t + 1)
                            .iter()
                            .find(|h| h.to == e.tid)
                        else {
                            continue;
                        };
                        let line = store.line_at(h.from, h.released);
                        let waited = waited_for_gil(store, h.to, e.t);
                        let mut c = Cand::new()
                            .role("from", h.from)
                            .role("to", h.to)
                            .attr("reason", h.reason.label())
                            .attr("fromline", line.to_string())
                            .attr("waited", waited.to_string())
                            .value("waited", format!("{:.0} ms", waited as f64 / 1e6));
                        if let DropReason::Requested { by } = h.reason {
                            c = c.role("asker", by);
                        }
                        c
                    }
                    (Kind::Request, EventKind::DropRequest { holder }) => {
                        Cand::new().role("who", e.tid).role("holder", holder)
                    }
                    (Kind::Drop, EventKind::GilDrop { reason, .. }) => Cand::new()
                        .role("who", e.tid)
                        .attr("reason", reason.label()),
                    (Kind::Write, EventKind::Write { text, .. }) => Cand::new()
                        .role("who", e.tid)
                        .attr("text", store.text(text)),
                    (Kind::Spawn, EventKind::Spawn { child }) => {
                        Cand::new().role("who", e.tid).role("child", child)
                    }
                    (Kind::Begin, EventKind::Begin)
                    | (Kind::Wake, EventKind::Wake { .. })
                    | (Kind::Sleep, EventKind::Sleep { .. })
                    | (Kind::Ready, EventKind::Ready) => Cand::new().role("who", e.tid),
                    (Kind::Block, EventKind::Block { on }) => {
                        let c = Cand::new().role("who", e.tid).attr("on", wait_label(on));
                        match on {
                            WaitOn::Lock(o) => c.attr("lock", object_label(store, o)),
                            _ => c,
                        }
                    }
                    (Kind::Acquire, EventKind::Acquire { obj }) => Cand::new()
                        .role("who", e.tid)
                        .attr("lock", object_label(store, obj)),
                    (Kind::Deadlock, EventKind::Deadlock) => Cand::new(),
                    _ => continue,
                };
                if let Some(m) = hit(i, cand) {
                    return Some(m);
                }
            }
            None
        }
    }
}

/// The indexes of the events at which the GIL changed hands (the new holder's take), in
/// order.
fn handoff_takes(store: &Store) -> impl DoubleEndedIterator<Item = usize> + '_ {
    let evs = store.events();
    store.handoffs().iter().filter_map(move |h| {
        let from = store.events_until(h.t.saturating_sub(1));
        (from..evs.len())
            .take_while(|&i| evs[i].t == h.t)
            .find(|&i| evs[i].tid == h.to && matches!(evs[i].kind, EventKind::GilTake { .. }))
    })
}

/// A synchronisation object's label.
pub fn object_label(store: &Store, obj: u32) -> String {
    store
        .objects()
        .get(obj as usize)
        .map_or_else(String::new, |o| o.label.clone())
}

/// The threads on a core at time `t` (a thread that leaves at `t` is gone).
pub fn on_cores(store: &Store, t: Nanos) -> Vec<Tid> {
    (0..store.core_count())
        .filter_map(|c| {
            store
                .core_spans(c, t, t + 1)
                .iter()
                .find(|s| s.from <= t && s.to.is_none_or(|to| to > t))
                .map(|s| s.tid)
        })
        .collect()
}

/// How long `tid` had been waiting for the GIL when it took it at `t`: the length of the
/// wait that ends there (0 if it did not wait).
fn waited_for_gil(store: &Store, tid: Tid, t: Nanos) -> Nanos {
    let lane = store.lane(tid);
    let i = lane.partition_point(|s| s.start < t);
    match i.checked_sub(1).map(|k| lane[k]) {
        Some(s) if s.state == ThreadState::WaitingGil => t - s.start,
        _ => 0,
    }
}

/// The state of `tid` at `t`, as the lanes show it; but a thread halted by the end of the
/// run (a deadlock, the time limit) did not finish: it is in the state its last events put
/// it in, blocked on its lock for a deadlock.
pub fn thread_state(store: &Store, tid: Tid, t: Nanos) -> Option<ThreadState> {
    let state = store.state_at(tid, t);
    let halted = store
        .threads()
        .get(tid as usize)
        .is_some_and(|th| th.ended == Some((t, Outcome::Halted)));
    if state != Some(ThreadState::Finished) || !halted {
        return state;
    }
    // The lane merged what happened at `t` into its end: replay that instant without it.
    let evs = store.events();
    let mut s = t.checked_sub(1).and_then(|b| store.state_at(tid, b));
    for &i in store.thread_events(tid) {
        let e = evs[i as usize];
        if e.t != t {
            continue;
        }
        s = match e.kind {
            EventKind::Begin => Some(ThreadState::Starting),
            EventKind::GilWait | EventKind::SwitchWait => Some(ThreadState::WaitingGil),
            EventKind::GilTake { .. } | EventKind::OnCore { .. } => Some(ThreadState::Running),
            EventKind::Ready
            | EventKind::OffCore {
                preempted: true, ..
            } => Some(ThreadState::Ready),
            EventKind::Sleep { .. } => Some(ThreadState::Sleeping),
            EventKind::Block { on } => Some(ThreadState::Blocked(on)),
            _ => s,
        };
    }
    s
}

/// Whether everything that happens at time `t` is in the store: the simulation has gone
/// past it, or the run is over.
pub fn settled(store: &Store, t: Nanos) -> bool {
    store.end().is_some() || t < store.clock()
}

/// Indexes (from `start`) of the last event of each instant the store has all of: the
/// state after everything that happened at that time.
fn instant_ends(store: &Store, start: usize) -> impl Iterator<Item = usize> + '_ {
    let evs = store.events();
    (start..evs.len())
        .filter(move |&i| evs.get(i + 1).is_none_or(|n| n.t > evs[i].t) && settled(store, evs[i].t))
}
