//! What the screen says at time t is true of time t, in every mode: screens of the built-in
//! scenarios, drawn at many moments, at 80x24, 120x40 and 200x60, under every GIL mode and
//! several seeds, each checked against the trace it shows (the trace is the oracle: its
//! events, not the store's indexes the widgets read).
//!
//! `cargo test` checks the quick scenarios over ten seeds and the CPU-bound ones at one
//! seed (the VM is slow in debug builds); `cargo test --release --test ui_truth` checks
//! every scenario over ten seeds.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::collections::{BTreeSet, HashMap};

use gilscope::engine::{GilMode, Options, SEC};
use gilscope::i18n::Lang;
use gilscope::program::TraceSource;
use gilscope::python::RunConfig;
use gilscope::scenario;
use gilscope::trace::{EventKind, Nanos, Store, ThreadState, WaitOn};
use gilscope::ui::app::{App, Compare};
use gilscope::ui::keymap::Action;
use gilscope::ui::panels::{clock, short_time};
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::timeline::{Row, short_id};
use gilscope::ui::{Offscreen, Session, companion_mode, mode_key};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Scenarios quick enough for ten seeds in a debug build.
const QUICK: &[&str] = &[
    "programa1",
    "programa2",
    "sleep4",
    "deadlock",
    "producer_consumer",
    "asyncio_sleep",
];

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

const MODES: [GilMode; 3] = [GilMode::V311, GilMode::V39, GilMode::Off];

/// One run to look at: a scenario (with its arguments) under a mode and a seed.
struct Case {
    name: &'static str,
    args: &'static [&'static str],
    gil: GilMode,
    seed: u64,
}

/// The runs checked: every scenario in every mode; the quick ones (and all, in a release
/// build) over ten seeds.
fn cases() -> Vec<Case> {
    let release = !cfg!(debug_assertions);
    let mut out = Vec::new();
    for s in scenario::ALL {
        let quick = QUICK.contains(&s.name);
        // The race lesson's run is millions of events: once is enough to see its screens.
        let seeds: u64 = match (quick || release, s.name) {
            (_, "race") if !release => continue,
            (_, "race") => 1,
            (true, _) => 10,
            (false, _) => 1,
        };
        for gil in MODES {
            // A debug build runs the slow CPU-bound scenarios under one mode only, but the
            // two-thread one under every mode.
            if !quick && !release && gil != GilMode::V311 && s.name != "cpu2" {
                continue;
            }
            for seed in 0..seeds {
                out.push(Case {
                    name: s.name,
                    args: &[],
                    gil,
                    seed,
                });
            }
        }
    }
    for gil in MODES {
        out.push(Case {
            name: "deadlock",
            args: &["fixed"],
            gil,
            seed: 0,
        });
    }
    out
}

fn run(case: &Case) -> (Session, Store) {
    let config = RunConfig {
        args: case.args.iter().map(|s| (*s).to_owned()).collect(),
        gil: case.gil,
        ..RunConfig::default()
    };
    let trace = TraceSource::scenario(scenario::find(case.name).unwrap(), config).unwrap();
    let options = Options {
        seed: case.seed,
        gil: case.gil,
        max_time: Some(60 * SEC),
        ..Options::default()
    };
    let (_, store) = trace.trace(&options);
    let session = Session {
        trace,
        options,
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: Lang::En,
    };
    (session, store)
}

/// The moments looked at: the start, evenly spaced times, the first handoffs and drop
/// requests, a few writes and sleeps, and the end.
fn moments(store: &Store) -> Vec<Nanos> {
    let end = store.clock();
    let mut at: BTreeSet<Nanos> = (0..=10).map(|k| end * k / 10).collect();
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for e in store.events() {
        let kind = match e.kind {
            EventKind::GilTake { switch: true } => "take",
            EventKind::DropRequest { .. } => "request",
            EventKind::Write { .. } => "write",
            EventKind::Sleep { .. } => "sleep",
            EventKind::Block { .. } => "block",
            EventKind::SwitchInterval { .. } => "interval",
            _ => continue,
        };
        let n = kinds.entry(kind).or_default();
        if *n < 2 {
            *n += 1;
            at.insert(e.t);
            // Between this event and the thread's next one.
            at.insert(e.t + 1);
        }
    }
    at.into_iter().collect()
}

/// The rectangle of the panel whose top border carries `title`.
fn panel(buf: &Buffer, title: &str) -> Option<Rect> {
    let area = buf.area;
    for y in 0..area.height {
        let row = line(buf, y);
        let Some(at) = row.find(&format!("┌ {title} ")) else {
            continue;
        };
        let x = row[..at].chars().count() as u16;
        let mut w = 1;
        while x + w < area.width && buf[(x + w, y)].symbol() != "┐" {
            w += 1;
        }
        let mut h = 1;
        while y + h < area.height && buf[(x, y + h)].symbol() != "└" {
            h += 1;
        }
        return Some(Rect::new(
            x + 1,
            y + 1,
            w.saturating_sub(1),
            h.saturating_sub(1),
        ));
    }
    None
}

fn line(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

fn text_in(buf: &Buffer, r: Rect, y: u16) -> String {
    (r.x..r.x + r.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// What the checks read from the trace's events (not from the store's indexes, which
/// the widgets use): when each thread took the GIL, and when the switch interval changed.
struct Oracle {
    takes: Vec<Vec<Nanos>>,
    intervals: Vec<(Nanos, Nanos)>,
    /// Per thread: each event that knew its line, as (time, line).
    lines: Vec<Vec<(Nanos, u32)>>,
}

impl Oracle {
    fn new(store: &Store) -> Self {
        let mut takes = vec![Vec::new(); store.threads().len()];
        let mut intervals = Vec::new();
        let mut lines = vec![Vec::new(); store.threads().len()];
        for e in store.events() {
            if e.line > 0 {
                lines[e.tid as usize].push((e.t, e.line));
            }
            match e.kind {
                EventKind::GilTake { .. } => takes[e.tid as usize].push(e.t),
                EventKind::SwitchInterval { interval } => intervals.push((e.t, interval)),
                _ => {}
            }
        }
        Oracle {
            takes,
            intervals,
            lines,
        }
    }

    /// Where thread `tid` was by time `t`, as its events say: (line, since when).
    fn line_at(&self, tid: u32, t: Nanos) -> Option<(u32, Nanos)> {
        let lines = &self.lines[tid as usize];
        let i = lines.partition_point(|&(at, _)| at <= t);
        i.checked_sub(1).map(|i| (lines[i].1, lines[i].0))
    }
}

/// What went wrong on one screen, if anything.
fn check_screen(
    session: &Session,
    app: &App,
    buf: &Buffer,
    store: &Store,
    oracle: &Oracle,
) -> Vec<String> {
    let mut bad = Vec::new();
    let t = app.playhead;
    let cat = app.cat();
    let head = line(buf, 0);
    // The header: the GIL mode at every width, the switch interval in force.
    let mode = mode_key(session.options.gil);
    if !head.contains(cat.t(mode)) && !head.contains(cat.t(&format!("{mode}_short"))) {
        bad.push(format!("the header lacks the GIL mode: {head}"));
    }
    let interval = oracle
        .intervals
        .iter()
        .take_while(|&&(at, _)| at <= t)
        .last()
        .map_or(session.options.switch_interval, |&(_, i)| i);
    let shown = cat.f("ui.switch", &[("interval", &short_time(cat, interval))]);
    let word = cat.f("ui.switch", &[("interval", "")]);
    if head.contains(word.trim()) && !head.contains(&shown) {
        bad.push(format!(
            "the header's switch interval is not {shown}: {head}"
        ));
    }
    if interval != session.options.switch_interval && !head.contains(&shown) {
        bad.push(format!(
            "the header hides the interval set ({shown}): {head}"
        ));
    }
    if !head.contains(&clock(cat, t)) {
        bad.push(format!(
            "the header's time is not {}: {head}",
            clock(cat, t)
        ));
    }
    // The events pane lists nothing after the playhead.
    if let Some(r) = panel(buf, cat.t("ui.events")) {
        for y in r.y..r.y + r.height {
            let row = text_in(buf, r, y);
            let Some(time) = row.split(" s ").next().map(str::trim) else {
                continue;
            };
            if let Ok(secs) = time.replace(',', ".").parse::<f64>() {
                let at = (secs * 1e9).round() as Nanos;
                if at > t + 500 {
                    bad.push(format!(
                        "the events pane lists {time} s at {}",
                        clock(cat, t)
                    ));
                }
            }
        }
    }
    // The timeline draws nothing after the playhead, and the GIL lane's ids are in their
    // threads' colours.
    let view = &app.view;
    let geo = &view.geometry;
    let plot = geo.plot;
    let t0 = app.window_start();
    let col_start = |c: u16| app.time_at_column(c, plot.width);
    for (i, row) in geo.shown.iter().enumerate() {
        let y = plot.y + i as u16;
        let lane = matches!(
            row,
            Row::Thread(_) | Row::Task(_) | Row::Gil(_) | Row::Core(_)
        );
        if !lane {
            continue;
        }
        for c in 0..plot.width {
            let cell = &buf[(plot.x + c, y)];
            let sym = cell.symbol();
            if col_start(c) > t && t >= t0 && sym != " " && sym != "│" {
                bad.push(format!(
                    "{row:?} draws '{sym}' at column {c}, after the playhead ({})",
                    clock(cat, t)
                ));
                break;
            }
            if matches!(row, Row::Gil(_) | Row::Core(_))
                && let Some(ch) = sym.chars().next()
                && let Some(tid) = (0..store.threads().len() as u32).find(|&x| short_id(x) == ch)
                && cell.bg != session.theme.thread(tid)
            {
                bad.push(format!("{row:?}: id {ch} not on thread {tid}'s colour"));
            }
        }
    }
    // Source markers: every thread that reached the program's code is marked while it
    // lives (and after a deadlock or the time limit stopped it), on the line its events
    // say, a line of code: a sleeping thread's on its sleep call, a joining one's on its
    // join, a running one inside its function, not on its `def` for longer than a line
    // sample takes.
    if let Some(code) = session.trace.code() {
        let lines: Vec<&str> = code.lines().collect();
        let markers = store.markers(t);
        for info in store.threads() {
            let tid = info.meta.tid;
            let alive = match store.state_at(tid, t) {
                None => false,
                Some(ThreadState::Finished) => {
                    matches!(info.ended, Some((_, gilscope::trace::Outcome::Halted)))
                }
                Some(_) => true,
            };
            let Some((line, since)) = oracle.line_at(tid, t) else {
                continue;
            };
            if alive && !markers.contains(&(line, tid)) {
                bad.push(format!(
                    "thread {tid} is on line {line} but not marked there"
                ));
            }
            let text = lines.get(line as usize - 1).copied().unwrap_or("").trim();
            let running = store.state_at(tid, t) == Some(ThreadState::Running);
            if alive
                && running
                && (text.starts_with("def ") || text.starts_with("async def "))
                && t - since > 2 * gilscope::engine::LINE_EVERY
            {
                bad.push(format!(
                    "thread {tid} runs, marked on `{text}` (line {line}) since {} ns ago",
                    t - since
                ));
            }
        }
        for (l, tid) in markers {
            let text = lines.get(l as usize - 1).copied().unwrap_or("").trim();
            if text.is_empty() || text.starts_with('#') {
                bad.push(format!(
                    "thread {tid} marked on line {l}, which is not code"
                ));
                continue;
            }
            let state = store.state_at(tid, t);
            let want = match state {
                Some(ThreadState::Sleeping) => Some("sleep"),
                Some(ThreadState::Blocked(WaitOn::Join(_))) => Some("join"),
                Some(ThreadState::Blocked(WaitOn::Start(_))) => Some("start"),
                _ => None,
            };
            if let Some(call) = want
                && !text.contains(call)
            {
                bad.push(format!(
                    "thread {tid} ({state:?}) marked on line {l} `{text}`, not a {call} call"
                ));
            }
        }
        if let Some(r) = panel(buf, cat.t("ui.source")) {
            let marked: BTreeSet<u32> = store.markers(t).iter().map(|&(l, _)| l).collect();
            for y in r.y..r.y + r.height {
                let row = text_in(buf, r, y);
                let mut words = row.split_whitespace();
                let (Some(n), Some(next)) = (words.next(), words.next()) else {
                    continue;
                };
                if let Ok(n) = n.parse::<u32>()
                    && next.starts_with(['▶', '+'])
                    && !marked.contains(&n)
                {
                    bad.push(format!("line {n} is marked but no thread is on it"));
                }
            }
        }
    }
    // Stats: columns apart, GIL takes as the event log counts them, names told apart.
    if let Some(r) = panel(buf, cat.t("ui.stats")) {
        let heading: Vec<char> = text_in(buf, r, r.y).chars().collect();
        let got: Vec<char> = cat.t("stats.got").chars().collect();
        // The takes column ends where its heading does (numbers are right-aligned).
        let takes_end = heading
            .windows(got.len())
            .position(|w| w == got.as_slice())
            .map(|i| i + got.len());
        let mut names = Vec::new();
        for (k, info) in store.threads().iter().enumerate() {
            let y = r.y + 1 + k as u16;
            if y >= r.y + r.height {
                break;
            }
            let row = text_in(buf, r, y);
            if row.starts_with('+') {
                break;
            }
            if row.contains("%")
                && row
                    .split('%')
                    .skip(1)
                    .any(|p| p.starts_with(char::is_numeric))
            {
                bad.push(format!("stats columns run together: {row}"));
            }
            if let Some(end) = takes_end {
                let logged = oracle.takes[k].partition_point(|&x| x <= t);
                let upto: String = row.chars().take(end).collect();
                let shown = upto.split_whitespace().last().unwrap_or("");
                if shown.parse::<usize>().ok() != Some(logged) {
                    bad.push(format!(
                        "stats: {} took the GIL {logged} times, the row says: {row}",
                        info.name
                    ));
                }
            }
            names.push((
                row.split("  ").next().unwrap_or("").to_owned(),
                info.name.clone(),
            ));
        }
        for (i, (a, full_a)) in names.iter().enumerate() {
            for (b, full_b) in &names[i + 1..] {
                if a == b && full_a != full_b {
                    bad.push(format!("two stats rows read {a}"));
                }
            }
        }
    }
    bad
}

/// Checks the screens of one run; returns what was wrong. Seed 0 is drawn at every size,
/// the other seeds each at one of them in turn.
fn check_case(case: &Case) -> Vec<String> {
    let (session, store) = run(case);
    let oracle = Oracle::new(&store);
    let mut bad = Vec::new();
    let sizes: Vec<(u16, u16)> = if case.seed == 0 {
        SIZES.to_vec()
    } else {
        vec![SIZES[case.seed as usize % SIZES.len()]]
    };
    let mut app = App::new();
    app.ingest(store.to_chunk());
    let mut screens: Vec<Offscreen> = sizes.iter().map(|&(w, h)| Offscreen::new(w, h)).collect();
    for &t in &moments(&store) {
        app.set_time(t);
        for screen in &mut screens {
            let area = screen.area();
            let buf = screen.draw(&mut app, &session).clone();
            for b in check_screen(&session, &app, &buf, &store, &oracle) {
                bad.push(format!(
                    "{} {:?} {:?} seed {} at {} ns, {}x{}: {b}",
                    case.name, case.args, case.gil, case.seed, t, area.width, area.height
                ));
            }
        }
    }
    if case.seed > 0 {
        return bad;
    }
    bad.extend(check_split(case, &session, &store, &oracle));
    // Stepping event by event from the start, in Portuguese at 120x40.
    let mut app = App::new();
    app.lang = Lang::Pt;
    app.ingest(store.to_chunk());
    let mut screen = Offscreen::new(120, 40);
    for _ in 0..25 {
        app.update(Action::StepForward);
        let buf = screen.draw(&mut app, &session).clone();
        for b in check_screen(&session, &app, &buf, &store, &oracle) {
            bad.push(format!(
                "{} {:?} stepped to {} ns, pt: {b}",
                case.name, case.gil, app.playhead
            ));
        }
    }
    bad
}

/// The split view (`V`): the run over the same program under its companion mode, on the
/// same time axis. Every size and moment: the upper screen passes the checks above, the
/// lower timeline is titled with its own mode and draws nothing after the playhead.
fn check_split(case: &Case, session: &Session, store: &Store, oracle: &Oracle) -> Vec<String> {
    let other = companion_mode(case.gil, false);
    let (_, lower_store) = run(&Case {
        gil: other,
        ..*case
    });
    let mut app = App::new();
    app.ingest(store.to_chunk());
    app.compare = Some(Compare::new(other));
    app.ingest_compare(lower_store.to_chunk());
    let cat = app.cat();
    let title = format!("Threads · {}", cat.t(mode_key(other)));
    let mut bad = Vec::new();
    for (w, h) in SIZES {
        let mut screen = Offscreen::new(w, h);
        for &t in &moments(store) {
            app.set_time(t);
            let buf = screen.draw(&mut app, session).clone();
            let mut found = check_screen(session, &app, &buf, store, oracle);
            if let Some(lower) = app.view.lower {
                let top = line(&buf, lower.y);
                if lower.height > 2 && !top.contains(&title) {
                    found.push(format!("the lower timeline is not titled {title}: {top}"));
                }
                let plot = app.view.geometry.plot;
                let t0 = app.window_start();
                for y in lower.y + 1..(lower.y + lower.height).saturating_sub(1) {
                    let row = line(&buf, y);
                    // The time axis's labels are not lanes; in the reason row a mark (▲)
                    // is at its handoff and its word runs on to the right of it.
                    if row.contains('╵') {
                        continue;
                    }
                    let reasons = row.contains('▲');
                    let text = |c: u16| {
                        let sym = buf[(plot.x + c, y)].symbol();
                        sym.chars().all(|ch| ch.is_alphanumeric() || ch == ' ')
                    };
                    // A word that begins at or before the playhead labels what happened
                    // there (a reason, a process's exit status) and may run on past it.
                    let label_from_before = |c: u16| {
                        let blank = |c: u16| buf[(plot.x + c, y)].symbol() == " ";
                        // Back to the word's first letter: letters, digits, single spaces.
                        let mut k = c;
                        while k > 0 && text(k - 1) && !(blank(k - 1) && (k < 2 || blank(k - 2))) {
                            k -= 1;
                        }
                        app.time_at_column(k, plot.width) <= t
                    };
                    for c in 0..plot.width {
                        let sym = buf[(plot.x + c, y)].symbol();
                        if (!reasons || sym == "▲")
                            && !(sym != " " && text(c) && label_from_before(c))
                            && t >= t0
                            && app.time_at_column(c, plot.width) > t
                            && sym != " "
                            && sym != "│"
                        {
                            found.push(format!(
                                "the lower timeline draws '{sym}' at column {c} after the playhead: {row}"
                            ));
                            break;
                        }
                    }
                }
            } else if h >= 24 {
                found.push("the split view shows no lower timeline".to_owned());
            }
            for b in found {
                bad.push(format!(
                    "{} {:?} {:?} split with {other:?} at {t} ns, {w}x{h}: {b}",
                    case.name, case.args, case.gil
                ));
            }
        }
    }
    bad
}

#[test]
fn every_screen_is_true_of_its_moment() {
    // UI_TRUTH_ONLY=NAME checks one scenario (to look into a failure quickly).
    let only = std::env::var("UI_TRUTH_ONLY").ok();
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|c| only.as_deref().is_none_or(|o| o == c.name))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found = std::sync::Mutex::new(Vec::new());
    // The runs are independent: two at a time.
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let bad = check_case(case);
                    found.lock().unwrap().extend(bad);
                }
            });
        }
    });
    let found = found.into_inner().unwrap();
    let shown: Vec<&String> = found.iter().take(40).collect();
    assert!(
        found.is_empty(),
        "{} problems, the first:\n{}",
        found.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
