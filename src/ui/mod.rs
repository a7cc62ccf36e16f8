//! The terminal UI: state ([`app`]), keys ([`keymap`]), widgets, and one event loop that
//! selects over input, trace chunks and a tick that only runs while playing.

pub mod app;
pub mod keymap;
pub mod panels;
pub mod term;
pub mod text;
pub mod theme;
pub mod timeline;

use std::time::{Duration, Instant};

use crossbeam::channel::{Receiver, never, select, tick};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::engine::Options;
use crate::program::Program;
use app::{App, Overlay, Panel, Request};
use panels::{
    Banner, Details, EventLog, Footer, Header, Help, OutputView, SourceView, StatsView, StatusLine,
};
use theme::Theme;
use timeline::{Timeline, TimelineGeometry};

/// What the UI shows and how it runs it: fixed for a session, apart from the seed.
pub struct Session {
    /// The program.
    pub program: Program,
    /// Engine options (the seed changes with `R`).
    pub options: Options,
    /// Colours and glyphs.
    pub theme: Theme,
    /// The GIL mode shown in the header.
    pub mode: String,
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

/// Splits the screen: panels collapse as it shrinks, the timeline stays.
pub fn layout(area: Rect, threads: usize, banner: bool) -> Areas {
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
    if banner && area.height >= 10 {
        a.banner = Some(row(y));
        y += 1;
    }
    let rest = bottom.saturating_sub(y);
    let wanted = Timeline::wanted_height(threads);
    if rest < 14 {
        a.timeline = Rect::new(area.x, y, area.width, rest);
        return a;
    }
    let tl = wanted.min(rest * 11 / 20).max(7).min(rest);
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

/// Draws the whole screen for `app`; returns the timeline's geometry for the mouse.
pub fn draw(frame: &mut Frame, app: &mut App, session: &Session) -> TimelineGeometry {
    let area = frame.area();
    let th = &session.theme;
    let banner = app.banner();
    let areas = layout(area, app.store.threads().len(), banner.is_some());
    app.visible = areas.panels();
    if !app.visible.contains(&app.focus) {
        app.focus = Panel::Timeline;
    }
    let buf = frame.buffer_mut();
    let header = Header {
        program: session.program.name(),
        mode: &session.mode,
        seed: session.options.seed,
        interval: session.options.switch_interval,
        playhead: app.playhead,
        speed: app.speed(),
        state: app.run_state(),
        theme: th,
    };
    ratatui::widgets::Widget::render(&header, areas.header, buf);
    if let (Some(r), Some(text)) = (areas.banner, banner.as_deref()) {
        ratatui::widgets::Widget::render(&Banner { text, theme: th }, r, buf);
    }
    let timeline = Timeline {
        store: &app.store,
        t0: app.window.start(app.playhead),
        span: app.window.span,
        playhead: app.playhead,
        theme: th,
        lane_scroll: app.lane_scroll,
        selected: app.lane,
        focused: app.focus == Panel::Timeline,
    };
    // Keep the selected lane visible.
    let geo = timeline.geometry(areas.timeline);
    let rows = geo.lanes.height.max(1) as usize;
    if app.lane < app.lane_scroll {
        app.lane_scroll = app.lane;
    } else if app.lane >= app.lane_scroll + rows {
        app.lane_scroll = app.lane + 1 - rows;
    }
    let timeline = Timeline {
        lane_scroll: app.lane_scroll,
        ..timeline
    };
    ratatui::widgets::Widget::render(&timeline, areas.timeline, buf);
    if let Some(r) = areas.source {
        let lines: Vec<&str> = session
            .program
            .source()
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
        };
        ratatui::widgets::Widget::render(&view, r, buf);
    }
    if let Some(r) = areas.stats {
        let view = StatsView {
            store: &app.store,
            playhead: app.playhead,
            focused: app.focus == Panel::Stats,
            theme: th,
        };
        ratatui::widgets::Widget::render(&view, r, buf);
    }
    if let Some(r) = areas.events {
        let view = EventLog {
            store: &app.store,
            cursor: app.cursor,
            focused: app.focus == Panel::Events,
            theme: th,
        };
        ratatui::widgets::Widget::render(&view, r, buf);
    }
    if let Some(r) = areas.status {
        let text = match app.cursor.and_then(|c| app.store.events().get(c)) {
            Some(e) => crate::narrate::sentence(&app.store, e),
            None => "space: play · →: step · ?: help".to_owned(),
        };
        ratatui::widgets::Widget::render(
            &StatusLine {
                text: &text,
                theme: th,
            },
            r,
            buf,
        );
    }
    if let Some(r) = areas.footer {
        ratatui::widgets::Widget::render(&Footer { theme: th }, r, buf);
    }
    match (app.overlay, app.cursor) {
        (Overlay::Help, _) => ratatui::widgets::Widget::render(&Help { theme: th }, area, buf),
        (Overlay::Details, Some(index)) => {
            let d = Details {
                store: &app.store,
                index,
                theme: th,
            };
            ratatui::widgets::Widget::render(&d, area, buf);
        }
        _ => {}
    }
    geo
}

/// Runs the interactive UI until the user quits.
pub fn run(mut session: Session) -> std::io::Result<()> {
    let mut tui = term::Tui::new()?;
    let input = term::input_events();
    let mut app = App::new();
    let mut run = session.program.launch(session.options.clone());
    let ticker = tick(Duration::from_millis(16));
    let mut last_tick = Instant::now();
    let mut geo = TimelineGeometry::default();
    loop {
        if app.dirty {
            app.dirty = false;
            geo = tui.draw(|f| draw(f, &mut app, &session))?;
        }
        let trace = if app.wants_more() {
            run.events().clone()
        } else {
            never()
        };
        let tick_rx: Receiver<Instant> = if app.playing { ticker.clone() } else { never() };
        let mut request = Request::None;
        let was_playing = app.playing;
        select! {
            recv(input) -> ev => match ev {
                Ok(ev) => request = handle(&mut app, ev, geo),
                Err(_) => request = Request::Quit,
            },
            recv(trace) -> chunk => {
                if let Ok(chunk) = chunk {
                    app.ingest(chunk);
                }
            },
            recv(tick_rx) -> _ => {
                let now = Instant::now();
                app.tick(now - last_tick);
                last_tick = now;
            },
        }
        // Drain what else is pending, then draw once.
        while request == Request::None {
            match input.try_recv() {
                Ok(ev) => request = handle(&mut app, ev, geo),
                Err(_) => break,
            }
        }
        while app.wants_more() {
            match run.events().try_recv() {
                Ok(chunk) => app.ingest(chunk),
                Err(_) => break,
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
                if new_seed {
                    session.options.seed = session.options.seed.wrapping_add(1);
                }
                run.stop();
                run = session.program.launch(session.options.clone());
                app.restart();
            }
        }
    }
    run.stop();
    tui.restore()
}

fn handle(app: &mut App, ev: Event, geo: TimelineGeometry) -> Request {
    match ev {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            keymap::action_for(key).map_or(Request::None, |a| app.update(a))
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
                    if m.row < geo.lanes.y + geo.lanes.height {
                        app.lane = app.lane_scroll + (m.row - geo.lanes.y) as usize;
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
