//! The terminal UI: state ([`app`]), keys ([`keymap`]), widgets, and one event loop that
//! selects over input, trace chunks and a tick that only runs while playing.

pub mod app;
pub mod capture;
pub mod feed;
pub mod keymap;
pub mod keys;
pub mod panels;
pub mod term;
pub mod text;
pub mod theme;
pub mod timeline;

use std::time::{Duration, Instant};

use crossbeam::channel::{Receiver, after, never, select, tick};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal};

use crate::engine::Options;
use crate::i18n::Lang;
use crate::program::TraceSource;
use crate::trace::Nanos;
use app::{App, Move, Overlay, Panel, Request};
use feed::Feed;
use keys::{KeyEcho, KeyOverlay};
use panels::{
    Banner, Details, EventLog, Footer, Header, Help, LessonBox, OutputView, Picker, SourceView,
    StatsView, StatusLine,
};
use theme::Theme;
use timeline::{Timeline, TimelineGeometry};

/// What the UI shows and how it runs it: fixed for a session, apart from the seed.
#[derive(Clone)]
pub struct Session {
    /// The program to run, or the saved trace to play back.
    pub trace: TraceSource,
    /// Engine options (the seed changes with `R`); for a saved trace, those it was made
    /// with.
    pub options: Options,
    /// Colours and glyphs.
    pub theme: Theme,
    /// The language the session starts in (`L` switches it).
    pub lang: Lang,
}

/// The catalogue key naming a GIL mode in the header.
pub fn mode_key(gil: crate::engine::GilMode) -> &'static str {
    match gil {
        crate::engine::GilMode::V311 => "mode.v311",
        crate::engine::GilMode::V39 => "mode.v39",
        crate::engine::GilMode::Off => "mode.off",
    }
}

/// Where each panel goes for a terminal size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// Top line.
    pub header: Rect,
    /// Warning line (deadlock, exception), if shown.
    pub banner: Option<Rect>,
    /// Lanes.
    pub timeline: Rect,
    /// Source panel.
    pub source: Option<Rect>,
    /// Output panel.
    pub output: Option<Rect>,
    /// Stats panel.
    pub stats: Option<Rect>,
    /// Event log.
    pub events: Option<Rect>,
    /// Narration line.
    pub status: Option<Rect>,
    /// Keys line.
    pub footer: Option<Rect>,
}

impl Areas {
    /// Panels shown in this layout, in focus order.
    pub fn panels(&self) -> Vec<Panel> {
        let mut v = vec![Panel::Timeline];
        for (p, r) in [
            (Panel::Source, self.source),
            (Panel::Output, self.output),
            (Panel::Events, self.events),
            (Panel::Stats, self.stats),
        ] {
            if r.is_some() {
                v.push(p);
            }
        }
        v
    }
}

/// Splits the screen: panels collapse as it shrinks, the timeline stays. `split` gives the
/// timeline more of the height, for two runs one above the other.
pub fn layout(area: Rect, wanted: u16, banner: u16, split: bool) -> Areas {
    let mut a = Areas::default();
    let mut y = area.y;
    let mut bottom = area.y + area.height;
    let row = |y: u16| Rect::new(area.x, y, area.width, 1);
    if area.height == 0 || area.width == 0 {
        return a;
    }
    a.header = row(y);
    y += 1;
    if area.height >= 4 {
        bottom -= 1;
        a.footer = Some(row(bottom));
    }
    if area.height >= 6 {
        bottom -= 1;
        a.status = Some(row(bottom));
    }
    if banner > 0 && area.height >= 10 {
        // Rows beyond the first only on a screen tall enough to spare them.
        let rows = if area.height >= 30 { banner } else { 1 };
        a.banner = Some(Rect::new(area.x, y, area.width, rows));
        y += rows;
    }
    let rest = bottom.saturating_sub(y);
    if rest < 14 {
        a.timeline = Rect::new(area.x, y, area.width, rest);
        return a;
    }
    let share = if split { rest * 7 / 10 } else { rest * 11 / 20 };
    let tl = wanted.min(share).max(7).min(rest);
    a.timeline = Rect::new(area.x, y, area.width, tl);
    y += tl;
    let mut lower = bottom.saturating_sub(y);
    if lower >= 12 && area.height >= 28 {
        let ev = 7.min(lower / 2);
        a.events = Some(Rect::new(area.x, bottom - ev, area.width, ev));
        lower -= ev;
    }
    if lower < 3 {
        return a;
    }
    let mid = |x: u16, w: u16| Some(Rect::new(x, y, w, lower));
    let w = area.width;
    if w >= 110 {
        let src = w * 2 / 5;
        let out = w * 3 / 10;
        a.source = mid(area.x, src);
        a.output = mid(area.x + src, out);
        a.stats = mid(area.x + src + out, w - src - out);
    } else if w >= 60 {
        let src = w / 2;
        a.source = mid(area.x, src);
        a.output = mid(area.x + src, w - src);
    } else {
        a.output = mid(area.x, w);
    }
    a
}

/// Rows of the upper timeline when two share `height` rows: what it wants if both fit, else
/// a share in proportion; each keeps at least its borders and one row when it can.
pub fn split_rows(height: u16, want_top: u16, want_low: u16) -> u16 {
    let (h, top, low) = (height as u32, want_top as u32, want_low as u32);
    let rows = if top + low <= h {
        h - low
    } else {
        h * top / (top + low).max(1)
    };
    let least = h.min(3);
    rows.clamp(least, h.saturating_sub(3).max(least)) as u16
}

/// Draws the whole screen for `app`; returns the timeline's geometry for the mouse.
pub fn draw(frame: &mut Frame, app: &mut App, session: &Session) -> TimelineGeometry {
    let area = frame.area();
    let th = &session.theme;
    let cat = app.cat();
    // A program that does not compile shows its error; otherwise what went wrong in the run.
    let banner = session.trace.problem().or_else(|| app.banner());
    let timeline = Timeline {
        store: &app.store,
        t0: app.window.start(app.playhead),
        span: app.window.span,
        playhead: app.playhead,
        theme: th,
        cat,
        lane_scroll: app.lane_scroll,
        selected: app.lane,
        focused: app.focus == Panel::Timeline,
        gil: session.options.gil != crate::engine::GilMode::Off,
        until: app.playhead,
        title: None,
        label: None,
    };
    // The split view: the second run under the first, on the same time axis.
    let lower = app.compare.as_ref().map(|c| Timeline {
        store: &c.store,
        lane_scroll: 0,
        focused: false,
        gil: c.gil != crate::engine::GilMode::Off,
        title: Some(cat.t(mode_key(c.gil))),
        ..timeline
    });
    let (timeline, wanted) = match &lower {
        Some(low) => {
            let inner_w = area.width.saturating_sub(2);
            let label = timeline.label_width(inner_w).max(low.label_width(inner_w));
            let top = Timeline {
                title: Some(cat.t(mode_key(session.options.gil))),
                label: Some(label),
                ..timeline
            };
            let wanted = top.wanted_height().saturating_add(low.wanted_height());
            (top, wanted)
        }
        None => {
            let wanted = timeline.wanted_height();
            (timeline, wanted)
        }
    };
    let lower = lower.map(|low| Timeline {
        label: timeline.label,
        ..low
    });
    let banner_rows = banner.as_deref().map_or(0, |text| {
        Banner {
            text,
            theme: th,
            cat,
        }
        .height(area.width)
    });
    let mut areas = layout(area, wanted, banner_rows, lower.is_some());
    // Each run gets the rows it wants, or a share in proportion when both do not fit.
    let lower_area = lower.as_ref().map(|low| {
        let all = areas.timeline;
        let top_h = split_rows(all.height, timeline.wanted_height(), low.wanted_height());
        areas.timeline = Rect::new(all.x, all.y, all.width, top_h);
        Rect::new(all.x, all.y + top_h, all.width, all.height - top_h)
    });
    app.visible = areas.panels();
    if !app.visible.contains(&app.focus) {
        app.focus = Panel::Timeline;
    }
    let buf = frame.buffer_mut();
    let header = Header {
        program: session.trace.name(),
        mode: cat.t(mode_key(session.options.gil)),
        lesson: app.lesson.map(|i| (i + 1, app.lessons.len())),
        seed: session.options.seed,
        interval: session.options.switch_interval,
        playhead: app.playhead,
        speed: app.speed(),
        state: app.run_state(),
        theme: th,
        cat,
    };
    ratatui::widgets::Widget::render(&header, areas.header, buf);
    if let (Some(r), Some(text)) = (areas.banner, banner.as_deref()) {
        ratatui::widgets::Widget::render(
            &Banner {
                text,
                theme: th,
                cat,
            },
            r,
            buf,
        );
    }
    // Keep the selected thread's lane visible.
    let geo = timeline.geometry(areas.timeline);
    let (scroll_rows, _) = timeline::rows(&app.store, timeline.gil);
    let rows = geo.lanes.height.max(1) as usize;
    if let Some(i) = scroll_rows
        .iter()
        .position(|r| *r == timeline::Row::Thread(app.lane as u32))
    {
        if i < app.lane_scroll {
            app.lane_scroll = i;
        } else if i >= app.lane_scroll + rows {
            app.lane_scroll = i + 1 - rows;
        }
    }
    let timeline = Timeline {
        lane_scroll: app.lane_scroll,
        ..timeline
    };
    let mut geo = timeline.geometry(areas.timeline);
    ratatui::widgets::Widget::render(&timeline, areas.timeline, buf);
    if let (Some(low), Some(r)) = (&lower, lower_area) {
        ratatui::widgets::Widget::render(low, r, buf);
        // A click or wheel on either plot moves the shared time axis.
        let low_plot = low.geometry(r).plot;
        geo.plot.height = (low_plot.y + low_plot.height).saturating_sub(geo.plot.y);
    }
    if let Some(r) = areas.source {
        let lines: Vec<&str> = session
            .trace
            .code()
            .map(|s| s.lines().collect())
            .unwrap_or_default();
        let markers: Vec<(u32, u32)> = app
            .store
            .threads()
            .iter()
            .filter(|t| {
                matches!(app.store.state_at(t.meta.tid, app.playhead), Some(s) if s != crate::trace::ThreadState::Finished)
            })
            .map(|t| (app.store.line_at(t.meta.tid, app.playhead), t.meta.tid))
            .filter(|&(l, _)| l > 0)
            .collect();
        let follow = app.store.line_at(app.followed_thread(), app.playhead);
        let view = SourceView {
            lines: &lines,
            markers: &markers,
            follow,
            scroll: app.source_scroll,
            focused: app.focus == Panel::Source,
            theme: th,
            cat,
        };
        ratatui::widgets::Widget::render(&view, r, buf);
    }
    if let Some(r) = areas.output {
        let view = OutputView {
            store: &app.store,
            playhead: app.playhead,
            scroll: app.output_scroll,
            focused: app.focus == Panel::Output,
            theme: th,
            cat,
        };
        ratatui::widgets::Widget::render(&view, r, buf);
    }
    if let Some(r) = areas.stats {
        let view = StatsView {
            store: &app.store,
            playhead: app.playhead,
            focused: app.focus == Panel::Stats,
            theme: th,
            cat,
        };
        ratatui::widgets::Widget::render(&view, r, buf);
    }
    if let Some(r) = areas.events {
        let view = EventLog {
            store: &app.store,
            cursor: app.cursor,
            focused: app.focus == Panel::Events,
            theme: th,
            cat,
        };
        ratatui::widgets::Widget::render(&view, r, buf);
    }
    if let Some(r) = areas.status {
        let text = match (
            &app.notice,
            app.cursor.and_then(|c| app.store.events().get(c)),
        ) {
            (Some(notice), _) => notice.clone(),
            (None, Some(e)) => crate::narrate::sentence(cat, &app.store, e),
            (None, None) => cat.t("ui.hint").to_owned(),
        };
        ratatui::widgets::Widget::render(
            &StatusLine {
                text: &text,
                theme: th,
                cat,
            },
            r,
            buf,
        );
    }
    if let Some(r) = areas.footer {
        ratatui::widgets::Widget::render(&Footer { theme: th, cat }, r, buf);
    }
    if let Some(text) = app.lesson_text() {
        ratatui::widgets::Widget::render(&LessonBox { text, theme: th }, area, buf);
    }
    match (app.overlay, app.cursor) {
        (Overlay::Help, _) => ratatui::widgets::Widget::render(&Help { theme: th, cat }, area, buf),
        (Overlay::Picker(selected), _) => {
            let p = Picker {
                selected,
                lang: app.lang,
                theme: th,
                cat,
            };
            ratatui::widgets::Widget::render(&p, area, buf);
        }
        (Overlay::Details, Some(index)) => {
            let d = Details {
                store: &app.store,
                index,
                theme: th,
                cat,
            };
            ratatui::widgets::Widget::render(&d, area, buf);
        }
        _ => {}
    }
    if let Some(echo) = app.keys.as_ref().filter(|e| !e.is_empty()) {
        ratatui::widgets::Widget::render(
            &KeyOverlay {
                echo,
                theme: th,
                cat,
            },
            area,
            buf,
        );
    }
    geo
}

/// Draws screens without a terminal, into a buffer of a fixed size: for recordings,
/// snapshots and tests.
pub struct Offscreen {
    terminal: Terminal<TestBackend>,
}

impl Offscreen {
    /// A `width` × `height` screen.
    pub fn new(width: u16, height: u16) -> Self {
        let terminal = match Terminal::new(TestBackend::new(width, height)) {
            Ok(t) => t,
            Err(never) => match never {},
        };
        Offscreen { terminal }
    }

    /// The screen's area.
    pub fn area(&self) -> Rect {
        self.terminal.backend().buffer().area
    }

    /// Draws `app` as the UI would and returns the screen.
    pub fn draw(&mut self, app: &mut App, session: &Session) -> &Buffer {
        match self.terminal.draw(|f| {
            draw(f, app, session);
        }) {
            Ok(frame) => frame.buffer,
            Err(never) => match never {},
        }
    }
}

/// Sees the live session from outside the UI: every frame drawn, every key pressed, and
/// the snapshot key (the recorder and the snapshot writer live in `export`, the UI only
/// renders).
pub trait Watcher {
    /// The theme the watcher's frames and snapshots are drawn in, when it is not the
    /// screen's (a recording keeps its colours under NO_COLOR).
    fn theme(&self) -> Option<Theme> {
        None
    }
    /// Whether it wants the frames (a recorder does).
    fn recording(&self) -> bool;
    /// A frame was drawn `t` after the session began.
    fn frame(&mut self, t: Duration, screen: &Buffer) -> std::io::Result<()>;
    /// A key was pressed `t` after the session began.
    fn key(&mut self, t: Duration, key: KeyEvent) -> std::io::Result<()>;
    /// The user asked for a snapshot of `screen` at simulated time `playhead`; returns
    /// what to tell them on the status line.
    fn snapshot(&mut self, screen: &Buffer, playhead: Nanos) -> String;
}

/// The cards of what `trace` shows, if it is a scenario with a lesson.
pub fn lessons_of(trace: &TraceSource) -> Vec<crate::lessons::Card> {
    trace.lesson().map(|s| s.lesson().cards).unwrap_or_default()
}

/// Runs the interactive UI until the user quits. `keys` turns the keystroke overlay on;
/// `watcher` sees every frame and key, and writes snapshots.
pub fn run(mut session: Session, keys: bool, watcher: &mut dyn Watcher) -> std::io::Result<()> {
    let mut tui = term::Tui::new()?;
    let input = term::input_events();
    let started = Instant::now();
    let mut app = App::new();
    app.lang = session.lang;
    if keys {
        app.keys = Some(KeyEcho::default());
    }
    app.set_lessons(lessons_of(&session.trace));
    let mut feed = Feed::start(&session.trace, &session.options);
    // The split view's second run, when it is open.
    let mut lower: Option<Feed> = None;
    let ticker = tick(Duration::from_millis(16));
    let mut last_tick = Instant::now();
    let mut geo = TimelineGeometry::default();
    let mut size = Rect::default();
    // The off-screen copy drawn for a watcher with its own theme.
    let mut shadow: Option<Offscreen> = None;
    loop {
        if app.dirty {
            app.dirty = false;
            let (g, screen) = tui.draw(|f| draw(f, &mut app, &session))?;
            geo = g;
            size = screen.area;
            let watched = match (watcher.recording(), watcher.theme()) {
                (false, _) => Ok(()),
                (true, None) => watcher.frame(started.elapsed(), screen),
                (true, Some(theme)) => {
                    // Drawn again in the watcher's colours, at the screen's size.
                    let view = Session {
                        theme,
                        ..session.clone()
                    };
                    let off = match &mut shadow {
                        Some(off) if off.area() == size => off,
                        other => other.insert(Offscreen::new(size.width, size.height)),
                    };
                    watcher.frame(started.elapsed(), off.draw(&mut app, &view))
                }
            };
            if let Err(e) = watched {
                app.notice = Some(
                    app.cat()
                        .f("ui.recording_failed", &[("error", &e.to_string())]),
                );
                app.dirty = true;
            }
        }
        let trace = if app.wants_more() {
            feed.events()
        } else {
            never()
        };
        let lower_trace = match &lower {
            Some(f) if app.compare_wants_more() => f.events(),
            _ => never(),
        };
        let tick_rx: Receiver<Instant> = if app.playing { ticker.clone() } else { never() };
        // Wakes the loop when a key should leave the keystroke overlay.
        let expiry = match app.keys.as_ref().and_then(KeyEcho::next_expiry) {
            Some(at) => after(at.saturating_sub(started.elapsed())),
            None => never(),
        };
        let mut request = Request::None;
        let was_playing = app.playing;
        select! {
            recv(input) -> ev => match ev {
                Ok(ev) => request = handle(&mut app, ev, &geo, started.elapsed(), watcher),
                Err(_) => request = Request::Quit,
            },
            recv(trace) -> chunk => {
                if let Some(chunk) = feed.received(chunk) {
                    app.ingest(chunk);
                }
            },
            recv(lower_trace) -> chunk => {
                if let Some(chunk) = lower.as_mut().and_then(|f| f.received(chunk)) {
                    app.ingest_compare(chunk);
                }
            },
            recv(tick_rx) -> _ => {
                let now = Instant::now();
                app.tick(now - last_tick);
                last_tick = now;
            },
            recv(expiry) -> _ => app.expire_keys(started.elapsed()),
        }
        // Drain what else is pending, then draw once.
        while request == Request::None {
            match input.try_recv() {
                Ok(ev) => request = handle(&mut app, ev, &geo, started.elapsed(), watcher),
                Err(_) => break,
            }
        }
        while app.wants_more() {
            match feed.try_next() {
                Some(chunk) => app.ingest(chunk),
                None => break,
            }
        }
        while app.compare_wants_more() {
            match lower.as_mut().and_then(Feed::try_next) {
                Some(chunk) => app.ingest_compare(chunk),
                None => break,
            }
        }
        if app.playing && !was_playing {
            // Playback starts now, not when the last tick happened.
            last_tick = Instant::now();
        }
        match request {
            Request::None => {}
            Request::Quit => break,
            Request::Restart { new_seed } => {
                let saved = matches!(session.trace, TraceSource::Saved(_));
                if new_seed && !saved {
                    session.options.seed = session.options.seed.wrapping_add(1);
                }
                feed.stop();
                feed = Feed::start(&session.trace, &session.options);
                restart_lower(&mut lower, &app, &session);
                app.restart();
                if new_seed && saved {
                    app.notice = Some(app.cat().t("ui.saved_seed").to_owned());
                }
            }
            Request::CycleGil => {
                let real = session.options.clock == crate::engine::ClockMode::Real;
                if matches!(session.trace, TraceSource::Saved(_)) {
                    app.notice = Some(app.cat().t("ui.saved_mode").to_owned());
                } else if let Some(c) = &mut app.compare {
                    // In the split view G changes the lower run: the upper one stays put.
                    c.gil = next_mode(c.gil, real);
                    if c.gil == session.options.gil {
                        c.gil = next_mode(c.gil, real);
                    }
                    c.store = crate::trace::Store::bounded(app::TRACE_BUDGET);
                    restart_lower(&mut lower, &app, &session);
                    let mode = app
                        .compare
                        .as_ref()
                        .map_or("", |c| app.cat().t(mode_key(c.gil)));
                    app.notice = Some(app.cat().f("ui.split_mode", &[("mode", mode)]));
                } else {
                    session.options.gil = next_mode(session.options.gil, real);
                    let back_to = app.playhead;
                    feed.stop();
                    feed = Feed::start(&session.trace, &session.options);
                    app.restart();
                    app.return_to(back_to);
                    let mode = app.cat().t(mode_key(session.options.gil)).to_owned();
                    app.notice = Some(app.cat().f("ui.gil_mode", &[("mode", &mode)]));
                }
            }
            Request::Scenario(mv) => {
                let all = crate::scenario::ALL;
                let current = session.trace.lesson().map(crate::scenario::Scenario::index);
                let index = match (mv, current) {
                    (Move::Pick(i), _) => i.min(all.len() - 1),
                    (Move::Next, Some(i)) => (i + 1) % all.len(),
                    (Move::Prev, Some(i)) => (i + all.len() - 1) % all.len(),
                    (Move::Next, None) => 0,
                    (Move::Prev, None) => all.len() - 1,
                };
                match TraceSource::scenario(&all[index], session.trace.run_config()) {
                    Ok(trace) => {
                        feed.stop();
                        session.trace = trace;
                        feed = Feed::start(&session.trace, &session.options);
                        restart_lower(&mut lower, &app, &session);
                        app.restart();
                        // Another program: fit speed and zoom to it again.
                        app.auto_fit = true;
                        app.set_lessons(lessons_of(&session.trace));
                    }
                    Err(e) => app.notice = Some(e.to_string()),
                }
            }
            Request::Split => {
                let real = session.options.clock == crate::engine::ClockMode::Real;
                if app.compare.take().is_some() {
                    restart_lower(&mut lower, &app, &session);
                    app.notice = Some(app.cat().t("ui.split_off").to_owned());
                } else if matches!(session.trace, TraceSource::Run(_)) {
                    let gil = companion_mode(session.options.gil, real);
                    app.compare = Some(app::Compare::new(gil));
                    restart_lower(&mut lower, &app, &session);
                    let mode = app.cat().t(mode_key(gil));
                    app.notice = Some(app.cat().f("ui.split_on", &[("mode", mode)]));
                } else {
                    app.notice = Some(app.cat().t("ui.saved_split").to_owned());
                }
            }
            Request::Snapshot => {
                // The same screen again, without the keystroke overlay: slides do not
                // want it.
                let keys = app.keys.take();
                let view = Session {
                    theme: watcher.theme().unwrap_or_else(|| session.theme.clone()),
                    ..session.clone()
                };
                let mut off = Offscreen::new(size.width, size.height);
                let notice = watcher.snapshot(off.draw(&mut app, &view), app.playhead);
                app.keys = keys;
                app.notice = Some(notice);
                app.dirty = true;
            }
        }
    }
    feed.stop();
    if let Some(f) = lower {
        f.stop();
    }
    tui.restore()
}

/// The GIL mode after `mode` in the cycle `G` walks: 3.11 → 3.9 → free-threaded (not under
/// the real clock, which has no free-threaded mode) → 3.11.
pub fn next_mode(mode: crate::engine::GilMode, real: bool) -> crate::engine::GilMode {
    use crate::engine::GilMode;
    match mode {
        GilMode::V311 => GilMode::V39,
        GilMode::V39 if !real => GilMode::Off,
        GilMode::V39 | GilMode::Off => GilMode::V311,
    }
}

/// The mode the split view compares `mode` with first: the GIL against no GIL, the most
/// telling contrast; 3.9 against 3.11 under the real clock.
pub fn companion_mode(mode: crate::engine::GilMode, real: bool) -> crate::engine::GilMode {
    use crate::engine::GilMode;
    match mode {
        GilMode::Off => GilMode::V311,
        _ if !real => GilMode::Off,
        other => next_mode(other, real),
    }
}

/// Stops the split view's run and starts it again from scratch, if the view is open.
fn restart_lower(lower: &mut Option<Feed>, app: &App, session: &Session) {
    if let Some(f) = lower.take() {
        f.stop();
    }
    *lower = app.compare.as_ref().map(|c| {
        let options = Options {
            gil: c.gil,
            ..session.options.clone()
        };
        Feed::start(&session.trace, &options)
    });
}

fn handle(
    app: &mut App,
    ev: Event,
    geo: &TimelineGeometry,
    now: Duration,
    watcher: &mut dyn Watcher,
) -> Request {
    match ev {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            let request = app.press(key, now);
            if let Err(e) = watcher.key(now, key) {
                app.notice = Some(
                    app.cat()
                        .f("ui.recording_failed", &[("error", &e.to_string())]),
                );
            }
            request
        }
        Event::Mouse(m) => {
            let plot = geo.plot;
            let inside = m.column >= plot.x
                && m.column < plot.x + plot.width
                && m.row >= plot.y
                && m.row < plot.y + plot.height;
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) if inside => {
                    let t0 = app.window.start(app.playhead);
                    let t = t0
                        + (app.window.span as u128 * (m.column - plot.x) as u128
                            / plot.width.max(1) as u128) as u64;
                    if let Some(timeline::Row::Thread(tid)) =
                        geo.shown.get((m.row - plot.y) as usize)
                    {
                        app.lane = *tid as usize;
                        app.focus = Panel::Timeline;
                    }
                    app.playing = false;
                    app.set_time(t.min(app.store.clock()));
                }
                MouseEventKind::ScrollUp | MouseEventKind::ScrollDown if inside => {
                    let up = m.kind == MouseEventKind::ScrollUp;
                    if m.modifiers.contains(KeyModifiers::CONTROL) {
                        app.update(if up {
                            keymap::Action::ZoomIn
                        } else {
                            keymap::Action::ZoomOut
                        });
                    } else {
                        let t0 = app.window.start(app.playhead);
                        let step = app.window.span / 10;
                        app.pan_to(if up {
                            t0.saturating_sub(step)
                        } else {
                            t0 + step
                        });
                    }
                }
                _ => {}
            }
            Request::None
        }
        Event::Resize(..) => {
            app.dirty = true;
            Request::None
        }
        _ => Request::None,
    }
}
