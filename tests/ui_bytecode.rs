//! The bytecode pane: where it goes at each screen size, its colours read from the cells,
//! a whole screen as a snapshot, and its claim checked against the trace: every arrow it
//! draws is where the thread's last GIL release before the playhead put it, in every GIL
//! mode and many seeds.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;

use common::text;
use gilscope::engine::{self, GilMode, MS, Options};
use gilscope::program::{Program, TraceSource};
use gilscope::python::RunConfig;
use gilscope::trace::{EventKind, Nanos, Site, Store, Tid};
use gilscope::ui::app::App;
use gilscope::ui::bytecode::{BytecodePane, Listing};
use gilscope::ui::keymap::Action;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Offscreen, Session};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// Three threads that call, loop, take a lock, sleep and race on a global: every kind of
/// GIL release, small enough to run many times.
const PROGRAM: &str = "\
import threading
import time

counter = 0
lock = threading.Lock()


def work(n):
    global counter
    for _ in range(n):
        value = counter
        len('x')
        counter = value + 1
    with lock:
        time.sleep(0.001)
    k = n
    while k > 0:
        k -= 1


threads = [threading.Thread(target=work, args=(N,)) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
";

/// [`PROGRAM`] with `n` rounds per thread.
fn rounds(n: u32) -> String {
    PROGRAM.replace("args=(N,)", &format!("args=({n},)"))
}

fn program(name: &str, source: &str) -> Program {
    Program::python(name, source, RunConfig::default()).unwrap()
}

fn scenario(name: &str) -> Program {
    let TraceSource::Run(p) = TraceSource::open(name, RunConfig::default()).unwrap() else {
        unreachable!("a scenario runs")
    };
    p
}

fn run(program: &Program, options: &Options) -> Store {
    Store::from_chunks(engine::run_to_end(options.clone(), program.body(options)))
}

fn session(program: Program, options: Options) -> Session {
    Session {
        trace: program.into(),
        options,
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: gilscope::i18n::Lang::En,
    }
}

/// The app with `store` after `actions`, the bytecode pane open.
fn app_with(store: &Store, actions: &[Action]) -> App {
    let mut app = App::new();
    app.ingest(store.to_chunk());
    app.update(Action::Bytecode);
    for &a in actions {
        app.update(a);
    }
    app
}

#[test]
fn the_pane_replaces_the_source_when_narrow_and_sits_beside_it_when_wide() {
    let options = Options::default();
    let p = program("race_small.py", &rounds(3000));
    let store = run(&p, &options);
    let s = session(p, options);
    let mut app = app_with(&store, &[Action::NextHandoff, Action::NextHandoff]);
    let small = text(Offscreen::new(80, 24).draw(&mut app, &s));
    assert!(small.contains("Bytecode ·"), "{small}");
    assert!(!small.contains("Source"), "{small}");
    assert!(small.contains("check point"), "the legend: {small}");
    let big = text(Offscreen::new(200, 60).draw(&mut app, &s));
    assert!(
        big.contains("Bytecode ·") && big.contains("Source"),
        "{big}"
    );
    assert!(big.contains("Output") && big.contains("Stats"), "{big}");
    // `b` closes it again: the source is back.
    app.update(Action::Bytecode);
    let closed = text(Offscreen::new(80, 24).draw(&mut app, &s));
    assert!(closed.contains("Source") && !closed.contains("Bytecode"));
}

/// Where the trace alone says each thread is at `t`, walked from the start: the site of
/// its last GIL release, unless it took the GIL or began since.
fn oracle(store: &Store, t: Nanos) -> std::collections::HashMap<Tid, Option<(Site, u32)>> {
    let mut last = std::collections::HashMap::new();
    for e in store.events().iter().take_while(|e| e.t <= t) {
        match e.kind {
            EventKind::GilDrop { at, .. } => {
                last.insert(e.tid, Some((at, e.line)));
            }
            EventKind::GilTake { .. } | EventKind::Begin | EventKind::End { .. } => {
                last.insert(e.tid, None);
            }
            _ => {}
        }
    }
    last
}

/// Renders the pane for `follow` at `t` and checks every arrow drawn (a `▶` in the marker
/// columns, in a thread's colour) against the oracle; returns how many it drew.
fn check_arrows(
    store: &Store,
    listing: &Listing,
    (follow, t): (Tid, Nanos),
    gil: GilMode,
    th: &Theme,
) -> usize {
    let area = Rect::new(0, 0, 70, 40);
    let mut buf = Buffer::empty(area);
    let pane = BytecodePane {
        listing: Some(listing),
        store,
        playhead: t,
        follow,
        cursor: None,
        theme: th,
        cat: gilscope::i18n::Lang::En.catalog(),
        gil,
    };
    (&pane).render(area, &mut buf);
    // The listing is 3.11's; a run of another version says so in the title.
    let title: String = (0..area.width).map(|x| buf[(x, 0)].symbol()).collect();
    assert_eq!(
        title.contains("CPython 3.11's instructions"),
        gil != GilMode::V311,
        "{title}"
    );
    let view = pane.view(listing);
    let code = &listing.codes[view.code];
    let truth = oracle(store, t);
    let mut drawn = 0;
    // Rows of the listing: inside the border, above the legend.
    for y in 1..area.height - 2 {
        let row: Vec<&str> = (1..area.width - 1).map(|x| buf[(x, y)].symbol()).collect();
        // Two marker columns, the line (3 digits and a space), the check point, the jump
        // mark, then the offset.
        let offset: Option<u32> = row[7..]
            .concat()
            .trim_start_matches(['>', ' '])
            .split(' ')
            .next()
            .and_then(|s| s.parse().ok());
        for x in 1..3 {
            let cell = &buf[(x, y)];
            if cell.symbol() != "▶" {
                continue;
            }
            drawn += 1;
            let tid = store
                .threads()
                .iter()
                .map(|i| i.meta.tid)
                .find(|&tid| cell.fg == th.thread(tid))
                .unwrap();
            let offset = offset.unwrap_or_else(|| panic!("no offset on row {row:?}"));
            let ins = code.instrs.iter().find(|i| i.offset == offset).unwrap();
            let Some(Some((site, line))) = truth.get(&tid) else {
                panic!("{tid} drawn at {offset} at t={t}, but it runs or has no release");
            };
            assert_eq!(site.offset(), Some(ins.offset), "t={t} tid={tid}");
            assert_eq!(site.op(), Some(ins.op), "t={t} tid={tid}");
            assert_eq!(ins.line, Some(*line), "t={t} tid={tid}");
        }
    }
    // The view agrees: every arrow it places was drawn (the row may scroll out of view).
    assert!(view.arrows.len() >= drawn);
    drawn
}

#[test]
fn every_arrow_drawn_is_the_threads_last_release_in_every_mode_and_seed() {
    let th = Theme::new(ThemeName::Dark, true, false);
    let source = rounds(3000);
    let p = program("race_small.py", &source);
    let listing = Listing::of("race_small.py", &source).unwrap();
    let mut arrows = [0usize; 3];
    for (m, gil) in [GilMode::V311, GilMode::V39, GilMode::Off]
        .into_iter()
        .enumerate()
    {
        for seed in 0..6 {
            let options = Options {
                seed,
                gil,
                ..Options::default()
            };
            let store = run(&p, &options);
            let end = store.end().unwrap().t;
            // Every release and take, and a grid of times between.
            let mut times: Vec<Nanos> = store
                .events()
                .iter()
                .filter(|e| {
                    matches!(
                        e.kind,
                        EventKind::GilDrop { .. } | EventKind::GilTake { .. }
                    )
                })
                .map(|e| e.t)
                .step_by(7)
                .collect();
            times.extend((0..40).map(|k| end * k / 40));
            for t in times {
                for info in store.threads() {
                    arrows[m] += check_arrows(&store, &listing, (info.meta.tid, t), gil, &th);
                }
            }
        }
    }
    // 3.11 names its releases' instructions: the pane draws arrows. Neither 3.9 (whose
    // bytecode is not 3.11's) nor a free-threaded run (no releases) has any to draw.
    assert!(arrows[0] > 100, "{arrows:?}");
    assert_eq!(arrows[1..], [0, 0]);
}

#[test]
fn arrows_and_lines_are_in_their_threads_colours() {
    let th = Theme::new(ThemeName::Dark, true, false);
    let options = Options::default();
    let p = scenario("cpu2");
    let store = run(&p, &options);
    let listing = Listing::of("cpu2.py", p.source().unwrap()).unwrap();
    // The first interval handoff between the two workers: one waits at the loop's check
    // point, the other runs somewhere on the loop's line.
    let evs = store.events();
    let (drop, take) = evs
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.tid > 0
                && matches!(
                    e.kind,
                    EventKind::GilDrop {
                        reason: gilscope::trace::DropReason::Requested { .. },
                        ..
                    }
                )
        })
        .find_map(|(i, d)| {
            let take = evs[i..]
                .iter()
                .find(|e| matches!(e.kind, EventKind::GilTake { .. }))?;
            (take.tid > 0 && take.tid != d.tid && store.line_at(take.tid, take.t + MS) > 0)
                .then_some((d, take))
        })
        .unwrap();
    // A millisecond on: the taker runs (its line is known), the other still waits.
    let t = take.t + MS;
    let pane = BytecodePane {
        listing: Some(&listing),
        store: &store,
        playhead: t,
        follow: drop.tid,
        cursor: None,
        theme: &th,
        cat: gilscope::i18n::Lang::En.catalog(),
        gil: GilMode::V311,
    };
    let view = pane.view(&listing);
    assert_eq!(listing.codes[view.code].name, "count");
    assert!(
        view.arrows.iter().any(|&(_, tid)| tid == drop.tid),
        "{view:?}"
    );
    assert!(
        view.lines.iter().any(|&(_, tid)| tid == take.tid),
        "{view:?}"
    );
    for (w, h) in [(80, 24), (200, 60)] {
        let area = Rect::new(0, 0, w / 2, h / 2);
        let mut buf = Buffer::empty(area);
        (&pane).render(area, &mut buf);
        let cells: Vec<_> = (0..area.height)
            .flat_map(|y| (1..3).map(move |x| (x, y)))
            .map(|p| &buf[p])
            .collect();
        let arrow = cells.iter().find(|c| c.symbol() == "▶").unwrap();
        assert_eq!(arrow.fg, th.thread(drop.tid));
        let bar = cells.iter().find(|c| c.symbol() == "┃").unwrap();
        assert_eq!(bar.fg, th.thread(take.tid));
        let all = text(&buf);
        assert!(all.contains("POP_JUMP_BACKWARD_IF_TRUE") || all.contains("JUMP_BACKWARD"));
        assert!(all.contains('•'), "check points marked: {all}");
    }
}

#[test]
fn cpu2_paused_after_a_handoff_with_the_pane_open_200x60() {
    let options = Options::default();
    let p = scenario("cpu2");
    let store = run(&p, &options);
    let s = session(p, options);
    let steps = [Action::NextHandoff; 6];
    let mut app = app_with(&store, &steps);
    app.update(Action::Down);
    app.update(Action::Down);
    insta::assert_snapshot!(text(Offscreen::new(200, 60).draw(&mut app, &s)));
}

#[test]
fn cpu2_paused_after_a_handoff_with_the_pane_open_80x24() {
    let options = Options::default();
    let p = scenario("cpu2");
    let store = run(&p, &options);
    let s = session(p, options);
    let mut app = app_with(&store, &[Action::NextHandoff; 6]);
    app.update(Action::Down);
    app.update(Action::Down);
    insta::assert_snapshot!(text(Offscreen::new(80, 24).draw(&mut app, &s)));
}

#[test]
fn a_lost_update_is_drawn_on_its_read_and_store_instructions() {
    let options = Options {
        gil: GilMode::V39,
        ..Options::default()
    };
    // Long enough for the 5 ms interval to split a read from its store.
    let source = rounds(100_000);
    let p = program("race_small.py", &source);
    let store = run(&p, &options);
    let listing = Listing::of("race_small.py", &source).unwrap();
    let lost = store.lost_updates();
    assert!(
        !lost.is_empty(),
        "3.9 loses updates of the unlocked counter"
    );
    for &i in lost {
        let l = gilscope::ui::bytecode::lost_update(&store, &listing, i as usize).unwrap();
        let (c, read, stored) = l.code.unwrap();
        let code = &listing.codes[c];
        assert_eq!(code.name, "work");
        let name = |k: Option<usize>| {
            let ins = &code.instrs[k.unwrap()];
            (ins.name, ins.argrepr.as_str(), ins.line)
        };
        assert_eq!(name(read), ("LOAD_GLOBAL", "counter", Some(11)));
        assert_eq!(name(stored), ("STORE_GLOBAL", "counter", Some(13)));
    }
    // `u` goes to the first, `U` comes back from the second; the pane tells the story.
    let s = session(p, options);
    let mut app = app_with(&store, &[Action::NextLost]);
    assert_eq!(app.cursor, Some(lost[0] as usize));
    let screen = text(Offscreen::new(200, 60).draw(&mut app, &s));
    assert!(screen.contains("updates lost"), "{screen}");
    assert!(
        screen.contains("read") && screen.contains("STORE_GLOBAL"),
        "{screen}"
    );
    if lost.len() > 1 {
        app.update(Action::NextLost);
        assert_eq!(app.cursor, Some(lost[1] as usize));
        app.update(Action::PrevLost);
        assert_eq!(app.cursor, Some(lost[0] as usize));
    }
}
