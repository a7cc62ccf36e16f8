//! Soak run: an endless program simulated for a long time while the UI's state takes in
//! its whole trace and draws frames, as playing it to the end would. Reports peak resident
//! memory. Run with
//! `cargo bench --bench soak -- [PROGRAM.py] [SIMULATED_SECONDS] [--real]`
//! (defaults: `benches/soak/endless8io.py`, 3600); figures in `docs/PERFORMANCE.md`.
//! With `--real` the program runs on the real clock for that many seconds and is then
//! stopped as quitting the UI stops it: the time to join every worker is reported.

use std::time::Instant;

use gilscope::engine::{ClockMode, Options, SEC};
use gilscope::program::TraceSource;
use gilscope::python::RunConfig;
use gilscope::ui::app::App;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Offscreen, Session};

fn main() {
    let real = std::env::args().any(|a| a == "--real");
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench" && a != "--real");
    let path = args
        .next()
        .unwrap_or_else(|| "benches/soak/endless8io.py".to_owned());
    let secs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3600);
    let source = match TraceSource::open(&path, RunConfig::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("soak: {path}: {e}");
            std::process::exit(2);
        }
    };
    let options = Options {
        clock: if real {
            ClockMode::Real
        } else {
            ClockMode::Virtual
        },
        max_time: Some(secs * SEC),
        ..Options::default()
    };
    let session = Session {
        trace: source.clone(),
        options: options.clone(),
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: gilscope::i18n::Lang::En,
    };
    let TraceSource::Run(program) = &source else {
        eprintln!("soak: {path} is not a program");
        std::process::exit(2);
    };
    let started = Instant::now();
    let run = program.launch(options.clone());
    let mut app = App::new();
    let mut screen = Offscreen::new(200, 60);
    let mut chunks = 0u64;
    while let Ok(chunk) = run.events().recv() {
        let last = chunk.end.is_some();
        app.ingest(chunk);
        // The playhead follows the run, as when it plays; a frame every 64 chunks.
        app.set_time(app.store.clock());
        chunks += 1;
        if chunks.is_multiple_of(64) || last {
            screen.draw(&mut app, &session);
        }
        if last {
            break;
        }
    }
    run.stop();
    let host = started.elapsed().as_secs_f64();
    if let Some(end) = app.store.end() {
        let seen = app.store.dropped() + app.store.events().len();
        println!(
            "the run recorded {} events and {seen} arrived{}",
            end.events,
            if end.events == seen as u64 {
                ""
            } else {
                ": EVENTS LOST"
            }
        );
    }
    if real {
        quit_while_running(program, &options);
    }
    let store = &app.store;
    let (events_bytes, all_bytes) = store.memory();
    println!(
        "{path}: {secs} simulated s in {host:.1} host s ({:.0}x); events {} seen, {} kept \
         ({:.1} MB, {:.1} MB with indexes and output); horizon {:.1} s; peak RSS {} MB",
        secs as f64 / host,
        store.dropped() + store.events().len(),
        store.events().len(),
        events_bytes as f64 / 1e6,
        all_bytes as f64 / 1e6,
        store.horizon() as f64 / SEC as f64,
        peak_rss_kb() / 1024,
    );
}

/// Runs the program again for a second of its trace, then stops it mid-run as quitting
/// the UI does, and reports how long joining every worker took.
fn quit_while_running(program: &gilscope::program::Program, options: &Options) {
    let run = program.launch(Options {
        max_time: None,
        ..options.clone()
    });
    let mut store = gilscope::trace::Store::bounded(1 << 20);
    while let Ok(chunk) = run.events().recv() {
        store.ingest(chunk);
        if store.clock() >= SEC {
            break;
        }
    }
    let stopping = Instant::now();
    run.stop();
    println!(
        "quit with {} threads running: every worker joined {:.1} ms after the stop",
        store.threads().len(),
        stopping.elapsed().as_secs_f64() * 1e3
    );
}

/// Peak resident memory of this process (`VmHWM`), in KiB; 0 where /proc is missing.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
