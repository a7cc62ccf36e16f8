//! UI benchmarks: the cost of one frame on a big trace. Run with `cargo bench --bench ui`;
//! figures in `docs/PERFORMANCE.md`.

use divan::{Bencher, black_box};
use gilscope::engine::{self, Body, Ctx, MS, Options, ThreadExit, ThreadSpec, US};
use gilscope::program::Program;
use gilscope::trace::Store;
use gilscope::ui::app::App;
use gilscope::ui::keymap::Action;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Offscreen, Session};

fn main() {
    divan::main();
}

/// 64 CPU-bound threads with a 1 ms switch interval, until the trace holds about 1 M events.
fn big_trace() -> Store {
    let main: Body = Box::new(|ctx: &mut Ctx| {
        let mut tids = Vec::new();
        for i in 0..64 {
            let b: Body = Box::new(|c: &mut Ctx| {
                for _ in 0..400_000 {
                    c.elapse(10 * US);
                    c.checkpoint()?;
                }
                Ok(ThreadExit::Returned)
            });
            tids.push(ctx.spawn(ThreadSpec::named(format!("Thread-{} (worker)", i + 1)), b)?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        Ok(ThreadExit::Returned)
    });
    let options = Options {
        switch_interval: MS,
        max_time: Some(230 * engine::SEC),
        ..Options::default()
    };
    Store::from_chunks(engine::run_to_end(options, main))
}

/// One frame (layout, every panel, into a 200x60 buffer) with the playhead in the middle of
/// a 64-thread, ~1 M-event trace.
#[divan::bench(sample_count = 50)]
fn frame_200x60_64_threads_1m_events(bencher: Bencher) {
    let store = big_trace();
    eprintln!(
        "trace: {} events, {} threads",
        store.events().len(),
        store.threads().len()
    );
    let mut app = App::new();
    app.ingest(store.to_chunk());
    app.set_time(store.clock() / 2);
    app.update(Action::ZoomOut);
    let session = Session {
        trace: Program::Demo.into(),
        options: Options::default(),
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: gilscope::i18n::Lang::En,
    };
    let mut screen = Offscreen::new(200, 60);
    bencher.bench_local(|| {
        black_box(screen.draw(&mut app, &session));
    });
}
