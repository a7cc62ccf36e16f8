//! `gilscope record`: plays a trace headless, the way the UI plays it, and records every
//! frame the UI draws. Time in the recording is the playback schedule's, never the host
//! clock's, so the same trace gives the same bytes.
//!
//! The schedule: the first screen stays for [`START_HOLD`], then space starts playback at
//! the UI's auto-fitted speed (or `--speed`); one frame every 1/fps s until the playhead
//! reaches the end of the trace; the last screen stays for [`END_HOLD`].

use std::io::{self, Write};
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::asciicast::{CastInfo, CastStats, CastWriter, key_bytes};
use crate::ui::app::App;
use crate::ui::keys::KeyEcho;
use crate::ui::{Offscreen, Session};

/// How long the first screen is shown before playback starts.
pub const START_HOLD: Duration = Duration::from_secs(1);
/// How long the last screen is shown.
pub const END_HOLD: Duration = Duration::from_secs(2);
/// Players shorten longer pauses to this (the holds above stay within it).
pub const IDLE_TIME_LIMIT: f64 = 2.0;

/// How to record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordOptions {
    /// Columns and rows.
    pub size: (u16, u16),
    /// Frames per second while playing (players and agg show at most 30).
    pub fps: u32,
    /// Simulated seconds per host second; `None` fits it to the trace as the UI does.
    pub speed: Option<f64>,
    /// Show the keys pressed (an overlay, and `"i"` events).
    pub keys: bool,
    /// Follow the scenario's lesson: play to each bookmark, pause there with its sentence
    /// (and a marker), then go on.
    pub lesson: bool,
}

impl Default for RecordOptions {
    fn default() -> Self {
        RecordOptions {
            size: (120, 40),
            fps: 20,
            speed: None,
            keys: false,
            lesson: false,
        }
    }
}

/// How long a bookmark's sentence stays on screen: time to read it.
fn reading_time(text: &str) -> Duration {
    let words = text.split_whitespace().count() as u64;
    Duration::from_millis(2_000 + 300 * words)
}

/// The title of a recording of `session`.
pub fn title(session: &Session) -> String {
    format!(
        "gilscope: {} (seed {})",
        session.trace.name(),
        session.options.seed
    )
}

/// Plays `session`'s trace to its end and writes the asciicast to `out`.
pub fn record<W: Write>(session: &Session, opts: &RecordOptions, out: W) -> io::Result<CastStats> {
    let (_, store) = session.trace.trace(&session.options);
    let mut app = App::new();
    app.lang = session.lang;
    app.ingest(store.to_chunk());
    let lessons = if opts.lesson {
        crate::ui::lessons_of(&session.trace)
    } else {
        Vec::new()
    };
    // Where each card stops, in order (a card this run does not show is skipped).
    let mut stops: Vec<(usize, crate::trace::Nanos)> = lessons
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c.resolve(&store) {
            crate::lessons::Resolution::Found(stop) => Some((i, stop.t)),
            _ => None,
        })
        .collect();
    stops.reverse();
    app.set_lessons(lessons);
    if let Some(s) = opts.speed {
        app.set_speed(s);
    }
    if opts.keys {
        app.keys = Some(KeyEcho::default());
    }
    let info = CastInfo {
        title: title(session),
        idle_time_limit: Some(IDLE_TIME_LIMIT),
        colors: session.theme.terminal,
    };
    let mut cast = CastWriter::new(out, info);
    let mut screen = Offscreen::new(opts.size.0.max(1), opts.size.1.max(1));
    cast.frame(Duration::ZERO, screen.draw(&mut app, session))?;

    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    app.press(space, START_HOLD);
    if opts.keys
        && let Some(bytes) = key_bytes(space)
    {
        cast.input(START_HOLD, &bytes)?;
    }
    cast.frame(START_HOLD, screen.draw(&mut app, session))?;

    let fps = u128::from(opts.fps.clamp(1, 30));
    let at = |k: u128| START_HOLD + Duration::from_micros((k * 1_000_000 / fps) as u64);
    let mut k = 0;
    let mut now = START_HOLD;
    // Play until the end; then, if keys are shown, until the last one has left the screen.
    let keys_shown = |app: &App| app.keys.as_ref().is_some_and(|k| !k.is_empty());
    let bracket = KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE);
    while app.playing || keys_shown(&app) {
        k += 1;
        let next = at(k);
        // Stop at the next bookmark instead of playing past it.
        let step = app.speed() * (next - now).as_secs_f64() * 1e9;
        if let Some(&(i, t)) = stops.last()
            && app.playing
            && (app.playhead as f64 + step) as crate::trace::Nanos >= t
        {
            stops.pop();
            app.press(bracket, next);
            if opts.keys
                && let Some(bytes) = key_bytes(bracket)
            {
                cast.input(next, &bytes)?;
            }
            let text = app.lesson_text().unwrap_or_default().to_owned();
            cast.marker(next, &text)?;
            cast.frame(next, screen.draw(&mut app, session))?;
            debug_assert_eq!(app.lesson, Some(i));
            // Read, then play on.
            now = next + reading_time(&text);
            cast.hold(now)?;
            k = ((now - START_HOLD).as_micros() * fps).div_ceil(1_000_000);
            app.press(space, now);
            if opts.keys
                && let Some(bytes) = key_bytes(space)
            {
                cast.input(now, &bytes)?;
            }
            cast.frame(now, screen.draw(&mut app, session))?;
            continue;
        }
        app.tick(next - now);
        now = next;
        app.expire_keys(now);
        if app.playing && app.playhead >= store.clock() && !app.finished() {
            // A trace cut short (no recorded end): playback has nowhere further to go.
            app.playing = false;
            app.dirty = true;
        }
        cast.frame(now, screen.draw(&mut app, session))?;
    }
    cast.hold(now + END_HOLD)?;
    let (_, stats) = cast.finish()?;
    Ok(stats)
}
