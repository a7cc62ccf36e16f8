//! `gilscope replay`: a saved trace plays in the UI exactly as the live run did: the same
//! screens at the same steps, fed through the same loop input (a [`Feed`]).

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::sync::Arc;
use std::time::Duration;

use gilscope::engine::Options;
use gilscope::program::{Program, SavedTrace, TraceSource};
use gilscope::trace::file;
use gilscope::ui::app::{App, Request};
use gilscope::ui::feed::Feed;
use gilscope::ui::keymap::Action;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Offscreen, Session};
use ratatui::buffer::Buffer;

fn session(trace: TraceSource, options: &Options) -> Session {
    Session {
        options: trace.options(options),
        trace,
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: gilscope::i18n::Lang::En,
    }
}

/// An app fed everything `session`'s feed delivers, as the event loop would.
fn fed(session: &Session) -> App {
    let mut feed = Feed::start(&session.trace, &session.options);
    let mut app = App::new();
    while !app.finished() {
        let chunk = feed.events().recv_timeout(Duration::from_secs(20)).unwrap();
        app.ingest(chunk);
    }
    assert!(feed.try_next().is_none());
    feed.stop();
    app
}

/// The screens after each action.
fn screens(session: &Session, actions: &[Action]) -> Vec<Buffer> {
    let mut app = fed(session);
    let mut screen = Offscreen::new(120, 40);
    let mut out = vec![screen.draw(&mut app, session).clone()];
    for &a in actions {
        assert_eq!(app.update(a), Request::None);
        out.push(screen.draw(&mut app, session).clone());
    }
    out
}

#[test]
fn a_saved_trace_replays_the_same_screens_at_the_same_steps() {
    let options = Options {
        seed: 5,
        ..Options::default()
    };
    let live = session(Program::Demo.into(), &options);
    let (meta, store) = live.trace.trace(&live.options);
    let text = file::write(&meta, &store).unwrap();
    let (meta, store) = file::read(&text).unwrap();
    let saved = session(
        TraceSource::Saved(Arc::new(SavedTrace { meta, store })),
        &Options::default(),
    );
    assert_eq!(saved.options.seed, 5);
    let mut steps = vec![Action::StepForward; 12];
    steps.extend([Action::NextHandoff; 4]);
    steps.extend([
        Action::Details,
        Action::Back,
        Action::ZoomIn,
        Action::StepBack,
        Action::PrevHandoff,
        Action::FocusNext,
        Action::End,
        Action::Start,
    ]);
    let a = screens(&live, &steps);
    let b = screens(&saved, &steps);
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "after {} steps", i);
    }
    // The steps did move the screen.
    assert_ne!(a[0], a[12]);
    assert_ne!(a[12], a[16]);
}

#[test]
fn replay_refuses_what_is_not_a_trace() {
    let dir = std::env::temp_dir().join(format!("gilscope-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"format\": \"other\"}").unwrap();
    for (arg, says) in [
        (bad.to_str().unwrap(), "not a gilscope trace"),
        ("demo", "not a trace file"),
        ("missing.json", "no such file or scenario"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gilscope"))
            .args(["replay", arg])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{arg}: {err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_fit_waits_for_its_horizon_so_chunk_boundaries_do_not_matter() {
    let (_, store) = TraceSource::from(Program::Demo).trace(&Options::default());
    let whole = store.to_chunk();
    let mut first = whole.clone();
    first.events.truncate(10);
    first.clock = first.events[9].t;
    first.end = None;
    let mut rest = whole.clone();
    rest.threads.clear();
    rest.objects.clear();
    rest.texts.clear();
    rest.events.drain(..10);
    let mut cut = App::new();
    cut.ingest(first);
    // A few microseconds in: the UI keeps reading although it shows all it needs.
    assert!(cut.wants_more());
    cut.ingest(rest);
    let mut at_once = App::new();
    at_once.ingest(whole);
    assert_eq!(cut.speed(), at_once.speed());
    assert_eq!(cut.window, at_once.window);
}
