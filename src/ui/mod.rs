//! The terminal UI: state ([`app`]), keys ([`keymap`]), widgets, a pure layout and
//! drawing of (trace, state, size) ([`compose`], [`draw`]), and one event loop
//! ([`controller`]) that selects over input, trace chunks and a tick that only runs while
//! playing.

pub mod app;
pub mod bytecode;
pub mod capture;
pub mod controller;
pub mod feed;
pub mod keymap;
pub mod keys;
pub mod panels;
pub mod quiz;
pub mod term;
pub mod text;
pub mod theme;
pub mod timeline;

use std::time::Duration;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui::{Frame, Terminal};

use crate::engine::Options;
use crate::i18n::Lang;
use crate::program::TraceSource;
use crate::trace::Nanos;
use app::{App, Overlay, Panel};
use bytecode::BytecodePane;
use controller::Controller;
use keys::KeyOverlay;
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
    /// The bytecode pane, when open: beside the source on a wide screen, in its place on
    /// a narrower one.
    pub bytecode: Option<Rect>,
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
/// timeline more of the height, for two runs one above the other; `bytecode` opens the
/// bytecode pane beside the source (at [`BESIDE`] columns and more) or in its place.
pub fn layout(area: Rect, wanted: u16, banner: u16, split: bool, bytecode: bool) -> Areas {
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
    if bytecode && w >= BESIDE {
        let src = w * 3 / 10;
        let code = w * 3 / 10;
        let out = w / 5;
        a.source = mid(area.x, src);
        a.bytecode = mid(area.x + src, code);
        a.output = mid(area.x + src + code, out);
        a.stats = mid(area.x + src + code + out, w - src - code - out);
    } else if w >= 110 {
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
    if bytecode && w < BESIDE {
        a.bytecode = a.source.take();
    }
    a
}

/// The narrowest screen that shows the bytecode pane beside the source, not instead.
pub const BESIDE: u16 = 140;

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

/// Where everything goes on a screen of a given size: a pure function of the state, the
/// session and the size. The layout pass ([`App::lay_out`]) keeps it for the mouse and the
/// scrolling; [`draw`] computes the same.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// The panels.
    pub areas: Areas,
    /// Panels shown, in focus order.
    pub panels: Vec<Panel>,
    /// The (upper) timeline's rows and columns.
    pub geometry: TimelineGeometry,
    /// The split view's lower timeline, if open.
    pub lower: Option<Rect>,
    /// Where a click or the wheel moves the time axis: the plots of both timelines.
    pub plot: Rect,
    /// Lanes that fit in the (upper) timeline.
    pub lane_rows: usize,
    /// The first lane shown.
    pub lane_scroll: usize,
    /// Whether the (upper) run has a GIL.
    pub gil: bool,
    /// How far the help can scroll: its rows that do not fit.
    pub help_rows: usize,
}

/// The timeline widgets of the screen: the run, and the split view's second run under it.
fn timelines<'a>(
    app: &'a App,
    session: &'a Session,
    width: u16,
) -> (Timeline<'a>, Option<Timeline<'a>>) {
    let cat = app.cat();
    let timeline = Timeline {
        store: &app.store,
        t0: app.window_start(),
        span: app.window.span,
        playhead: app.playhead,
        theme: &session.theme,
        cat,
        lane_scroll: app.lane_scroll,
        selected: (app.focus == Panel::Timeline).then_some(app.selected),
        gil: session.options.gil != crate::engine::GilMode::Off,
        until: app.playhead,
        title: None,
        label: None,
    };
    let Some(c) = &app.compare else {
        return (timeline, None);
    };
    // Two programs are told apart by their names, two modes of one program by the modes.
    let (top_title, low_title) = match &c.program {
        Some(p) => (session.trace.name(), p.name()),
        None => (cat.t(mode_key(session.options.gil)), cat.t(mode_key(c.gil))),
    };
    // The split view: the second run under the first, on the same time axis, with label
    // columns of the same width so that the axes line up.
    let lower = Timeline {
        store: &c.store,
        lane_scroll: 0,
        selected: None,
        gil: c.gil != crate::engine::GilMode::Off,
        title: Some(low_title),
        ..timeline
    };
    let inner_w = width.saturating_sub(2);
    let label = timeline
        .label_width(inner_w)
        .max(lower.label_width(inner_w));
    let top = Timeline {
        title: Some(top_title),
        label: Some(label),
        ..timeline
    };
    let lower = Timeline {
        label: Some(label),
        ..lower
    };
    (top, Some(lower))
}

/// The banner's text: why nothing runs, or what went wrong by the playhead.
fn banner_text(app: &App, session: &Session) -> Option<String> {
    session.trace.problem().or_else(|| app.banner())
}

/// Where everything goes for `app` on a screen of `area`.
pub fn compose(app: &App, session: &Session, area: Rect) -> View {
    let (upper, lower) = timelines(app, session, area.width);
    let wanted = match &lower {
        Some(low) => upper.wanted_height().saturating_add(low.wanted_height()),
        None => upper.wanted_height(),
    };
    let banner_rows = banner_text(app, session).map_or(0, |text| {
        Banner {
            text: &text,
            theme: &session.theme,
            cat: app.cat(),
        }
        .height(area.width)
    });
    let mut areas = layout(area, wanted, banner_rows, lower.is_some(), app.bytecode);
    // Each run gets the rows it wants, or a share in proportion when both do not fit.
    let lower_area = lower.as_ref().map(|low| {
        let all = areas.timeline;
        let top_h = split_rows(all.height, upper.wanted_height(), low.wanted_height());
        areas.timeline = Rect::new(all.x, all.y, all.width, top_h);
        Rect::new(all.x, all.y + top_h, all.width, all.height - top_h)
    });
    let geometry = upper.geometry(areas.timeline);
    let mut plot = geometry.plot;
    if let (Some(low), Some(r)) = (&lower, lower_area) {
        // A click or wheel on either plot moves the shared time axis.
        let low_plot = low.geometry(r).plot;
        plot.height = (low_plot.y + low_plot.height).saturating_sub(plot.y);
    }
    let help = Help {
        theme: &session.theme,
        cat: app.cat(),
        scroll: 0,
    };
    View {
        panels: areas.panels(),
        areas,
        lane_rows: geometry.lanes.height as usize,
        lane_scroll: geometry.first,
        geometry,
        lower: lower_area,
        plot,
        gil: upper.gil,
        help_rows: help.overflow(area),
    }
}

/// Draws the whole screen for `app`: reads the state, never changes it (the layout pass,
/// [`App::lay_out`], runs before it).
pub fn draw(frame: &mut Frame, app: &App, session: &Session) {
    let area = frame.area();
    let th = &session.theme;
    let cat = app.cat();
    let view = compose(app, session, area);
    let areas = view.areas;
    let (timeline, lower) = timelines(app, session, area.width);
    let buf = frame.buffer_mut();
    // Two programs: their names, and each one's total so far (its end, once it has ended).
    let (program, versus) = match app
        .compare
        .as_ref()
        .and_then(|c| c.program.as_ref().map(|p| (c, p)))
    {
        Some((c, other)) => {
            let total = |s: &crate::trace::Store| {
                let (t, more) = match s.end() {
                    Some(e) => (e.t, ""),
                    None => (s.clock(), "…"),
                };
                format!("{} s{more}", cat.number(t as f64 / 1e9, 3))
            };
            let short = |name: &str| name.rsplit('/').next().unwrap_or(name).to_owned();
            (
                format!("{} vs {}", short(session.trace.name()), short(other.name())),
                Some(format!("{} vs {}", total(&app.store), total(&c.store))),
            )
        }
        None => (session.trace.name().to_owned(), None),
    };
    let header = Header {
        program: &program,
        mode: session.options.gil,
        lesson: app.lesson.map(|i| (i + 1, app.lessons.len())),
        versus,
        seed: session.options.seed,
        interval: app
            .store
            .switch_interval_at(app.playhead)
            .unwrap_or(session.options.switch_interval),
        playhead: app.playhead,
        speed: app.speed(),
        state: app.run_state(),
        theme: th,
        cat,
    };
    header.render(areas.header, buf);
    if let (Some(r), Some(text)) = (areas.banner, banner_text(app, session)) {
        Banner {
            text: &text,
            theme: th,
            cat,
        }
        .render(r, buf);
    }
    timeline.render(areas.timeline, buf);
    if let (Some(low), Some(r)) = (&lower, view.lower) {
        low.render(r, buf);
    }
    let lines: Vec<&str> = session
        .trace
        .code()
        .map(|s| s.lines().collect())
        .unwrap_or_default();
    if let Some(r) = areas.source {
        let markers = app.store.markers(app.playhead);
        let follow = app.store.line_at(app.followed_thread(), app.playhead);
        SourceView {
            lines: &lines,
            markers: &markers,
            follow,
            scroll: app.source_scroll,
            focused: app.focus == Panel::Source,
            theme: th,
            cat,
        }
        .render(r, buf);
    }
    if let Some(r) = areas.bytecode {
        BytecodePane {
            listing: app.listing(),
            store: &app.store,
            playhead: app.playhead,
            follow: app.followed_thread(),
            cursor: app.cursor,
            theme: th,
            cat,
            gil: session.options.gil,
        }
        .render(r, buf);
    }
    if let Some(r) = areas.output {
        OutputView {
            store: &app.store,
            playhead: app.playhead,
            scroll: app.output_scroll,
            focused: app.focus == Panel::Output,
            theme: th,
            cat,
        }
        .render(r, buf);
    }
    if let Some(r) = areas.stats {
        StatsView {
            store: &app.store,
            playhead: app.playhead,
            gil: view.gil,
            focused: app.focus == Panel::Stats,
            theme: th,
            cat,
        }
        .render(r, buf);
    }
    if let Some(r) = areas.events {
        EventLog {
            store: &app.store,
            cursor: app.cursor,
            focused: app.focus == Panel::Events,
            theme: th,
            cat,
        }
        .render(r, buf);
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
        StatusLine {
            text: &text,
            theme: th,
            cat,
        }
        .render(r, buf);
    }
    if let Some(r) = areas.footer {
        Footer {
            lesson: !app.lessons.is_empty(),
            theme: th,
            cat,
        }
        .render(r, buf);
    }
    if let Some(text) = app.lesson_text() {
        LessonBox { text, theme: th }.render(area, buf);
    }
    if let Some(quiz) = &app.quiz {
        quiz::QuizBox {
            quiz,
            over: app.at_end(),
            lang: app.lang,
            theme: th,
            cat,
        }
        .render(area, buf);
    }
    match (app.overlay, app.cursor) {
        (Overlay::Help, _) => Help {
            theme: th,
            cat,
            scroll: app.help_scroll,
        }
        .render(area, buf),
        (Overlay::Picker(selected), _) => Picker {
            selected,
            lang: app.lang,
            theme: th,
            cat,
        }
        .render(area, buf),
        (Overlay::Details, Some(index)) => Details {
            store: &app.store,
            index,
            lines: &lines,
            theme: th,
            cat,
        }
        .render(area, buf),
        _ => {}
    }
    if let Some(echo) = app.keys.as_ref().filter(|e| !e.is_empty()) {
        KeyOverlay {
            echo,
            theme: th,
            cat,
        }
        .render(area, buf);
    }
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

    /// Lays `app` out for this screen and draws it as the UI would; returns the screen.
    pub fn draw(&mut self, app: &mut App, session: &Session) -> &Buffer {
        app.lay_out(self.area(), session);
        match self.terminal.draw(|f| draw(f, app, session)) {
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

/// The quiz questions of what `trace` shows, if it is a scenario with a lesson.
pub fn questions_of(trace: &TraceSource) -> Vec<crate::lessons::Question> {
    trace
        .lesson()
        .map(|s| s.lesson().questions)
        .unwrap_or_default()
}

/// The cards of what `trace` shows, if it is a scenario with a lesson.
pub fn lessons_of(trace: &TraceSource) -> Vec<crate::lessons::Card> {
    trace.lesson().map(|s| s.lesson().cards).unwrap_or_default()
}

/// Runs the interactive UI until the user quits. `keys` turns the keystroke overlay on;
/// `watcher` sees every frame and key, and writes snapshots.
pub fn run(
    session: Session,
    keys: bool,
    quiz: bool,
    versus: Option<TraceSource>,
    watcher: &mut dyn Watcher,
) -> std::io::Result<()> {
    let mut tui = term::Tui::new()?;
    let mut controller =
        Controller::new(session, keys, quiz, versus, term::input_events(), watcher);
    let ran = controller.run_main_loop(&mut tui);
    controller.stop();
    ran.and(tui.restore())
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
