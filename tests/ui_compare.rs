//! `gilscope compare A.py B.py`: two programs, each run on a simulated machine of its own,
//! drawn one above the other on one time axis, with their totals in the header; at
//! 120x40 and 80x24, with a threads/asyncio pair and the lecture's two programs.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;

use common::text;
use gilscope::engine::{Options, SEC};
use gilscope::i18n::Lang;
use gilscope::program::TraceSource;
use gilscope::python::RunConfig;
use gilscope::trace::Store;
use gilscope::ui::app::{App, Compare};
use gilscope::ui::keymap::Action;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Offscreen, Session};

fn open(path: &str) -> TraceSource {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    TraceSource::open(&path, RunConfig::default()).unwrap()
}

/// The whole run of `trace`, as a store.
fn run(trace: &TraceSource, options: &Options) -> Store {
    let TraceSource::Run(program) = trace else {
        panic!("not a program");
    };
    let run = program.launch(options.clone());
    let mut store = Store::new();
    while let Ok(chunk) = run.events().recv() {
        let last = chunk.end.is_some();
        store.ingest(chunk);
        if last {
            break;
        }
    }
    run.stop();
    store
}

#[test]
fn two_programs_share_one_time_axis_and_the_header_compares_their_totals() {
    let options = Options {
        max_time: Some(60 * SEC),
        ..Options::default()
    };
    for (a, b) in [
        (
            "assets/compare/with_threads.py",
            "assets/compare/with_asyncio.py",
        ),
        (
            "assets/scenarios/programa1.py",
            "assets/scenarios/programa2.py",
        ),
    ] {
        let (first, second) = (open(a), open(b));
        let (upper, lower) = (run(&first, &options), run(&second, &options));
        let totals = [upper.end().unwrap().t, lower.end().unwrap().t];
        let session = Session {
            trace: first,
            options: options.clone(),
            theme: Theme::new(ThemeName::Dark, true, false),
            lang: Lang::En,
        };
        for (w, h) in [(120, 40), (80, 24)] {
            let mut app = App::new();
            app.ingest(upper.to_chunk());
            let mut c = Compare::program(second.clone(), options.gil);
            c.store.ingest(lower.to_chunk());
            app.compare = Some(c);
            app.update(Action::End);
            let screen = text(&Offscreen::new(w, h).draw(&mut app, &session).clone());
            let name = |p: &str| p.rsplit('/').next().unwrap().to_owned();
            // Each half is titled with its program.
            for p in [a, b] {
                assert!(screen.contains(&name(p)), "{w}x{h}: {p}:\n{screen}");
            }
            // The header keeps both totals, on the narrowest screen too.
            let header = screen.lines().next().unwrap();
            let fmt = |t: u64| format!("{:.3} s", t as f64 / 1e9);
            let versus = format!("{} vs {}", fmt(totals[0]), fmt(totals[1]));
            assert!(header.contains(&versus), "{w}x{h}: {header}");
            // One axis: the playhead is at the later end, for both halves.
            assert_eq!(app.playhead, totals[0].max(totals[1]));
        }
    }
}
