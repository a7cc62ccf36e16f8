//! The event loop's one controller, after gitui's main loop: it waits on every source at
//! once (input, the run's trace, the split view's second run, the playback ticker, the
//! keystroke overlay's expiry), turns what arrived into a change of the [`App`], and draws
//! once when something changed. Requests that reach beyond the app (rerun the program,
//! open another scenario, split the screen, save a snapshot) each have their method here.

use std::time::{Duration, Instant};

use crossbeam::channel::{Receiver, Select, after, never, tick};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use super::app::{self, App, Move, Request};
use super::feed::Feed;
use super::keymap::Action;
use super::keys::KeyEcho;
use super::{
    Offscreen, Session, View, Watcher, companion_mode, draw, lessons_of, mode_key, questions_of,
};
use super::{next_mode, term};
use crate::engine::{ClockMode, Options};
use crate::program::TraceSource;
use crate::trace::Chunk;

/// Frames per second while playing.
const FRAME: Duration = Duration::from_millis(16);

/// One thing the loop waited for.
enum QueueEvent {
    /// A terminal event; `None` when the input thread is gone.
    Input(Option<Event>),
    /// A chunk of the run's trace; `None` when its feed closed.
    Trace(Option<Chunk>),
    /// A chunk of the split view's second run; `None` when its feed closed.
    Compare(Option<Chunk>),
    /// Time to advance playback.
    Tick,
    /// A key should leave the keystroke overlay.
    KeyExpiry,
}

/// The live session: what is shown, the runs feeding it, and who watches it.
pub struct Controller<'w> {
    session: Session,
    app: App,
    feed: Feed,
    /// The split view's second run, when it is open.
    lower: Option<Feed>,
    input: Receiver<Event>,
    ticker: Receiver<Instant>,
    last_tick: Instant,
    started: Instant,
    /// The size of the last frame drawn.
    size: Rect,
    /// The off-screen copy drawn for a watcher with its own theme.
    shadow: Option<Offscreen>,
    watcher: &'w mut dyn Watcher,
    quit: bool,
}

impl<'w> Controller<'w> {
    /// Starts `session`'s run; `keys` turns the keystroke overlay on, `quiz` quiz mode;
    /// `versus`, another program run beside it on a machine of its own.
    pub fn new(
        session: Session,
        keys: bool,
        quiz: bool,
        versus: Option<TraceSource>,
        input: Receiver<Event>,
        watcher: &'w mut dyn Watcher,
    ) -> Self {
        let mut app = App::new();
        app.lang = session.lang;
        if keys {
            app.keys = Some(KeyEcho::default());
        }
        app.set_lessons(lessons_of(&session.trace));
        app.set_questions(questions_of(&session.trace));
        if quiz {
            app.start_quiz();
        }
        if let Some(other) = versus {
            app.compare = Some(app::Compare::program(other, session.options.gil));
        }
        let feed = Feed::start(&session.trace, &session.options);
        let mut controller = Controller {
            session,
            app,
            feed,
            lower: None,
            input,
            ticker: tick(FRAME),
            last_tick: Instant::now(),
            started: Instant::now(),
            size: Rect::default(),
            shadow: None,
            watcher,
            quit: false,
        };
        controller.restart_lower();
        controller
    }

    /// Runs until the user quits: draw when something changed, wait for the next event,
    /// apply it and everything else already pending.
    pub fn run_main_loop(&mut self, tui: &mut term::Tui) -> std::io::Result<()> {
        while !self.quit {
            if self.app.dirty {
                self.draw(tui)?;
            }
            let event = self.select_event();
            let was_playing = self.app.playing;
            self.event(event);
            self.drain();
            if self.app.playing && !was_playing {
                // Playback starts now, not when the last tick happened.
                self.last_tick = Instant::now();
            }
        }
        Ok(())
    }

    /// Stops the runs.
    pub fn stop(self) {
        self.feed.stop();
        if let Some(f) = self.lower {
            f.stop();
        }
    }

    /// Lays the app out for the terminal, draws it, and shows the frame to the watcher.
    fn draw(&mut self, tui: &mut term::Tui) -> std::io::Result<()> {
        self.app.dirty = false;
        let (app, session) = (&mut self.app, &self.session);
        let ((), screen) = tui.draw(|f| {
            app.lay_out(f.area(), session);
            draw(f, app, session);
        })?;
        self.size = screen.area;
        let watched = match (self.watcher.recording(), self.watcher.theme()) {
            (false, _) => Ok(()),
            (true, None) => self.watcher.frame(self.started.elapsed(), screen),
            (true, Some(theme)) => {
                // Drawn again in the watcher's colours, at the screen's size.
                let view = Session {
                    theme,
                    ..self.session.clone()
                };
                let size = self.size;
                let off = match &mut self.shadow {
                    Some(off) if off.area() == size => off,
                    other => other.insert(Offscreen::new(size.width, size.height)),
                };
                self.watcher
                    .frame(self.started.elapsed(), off.draw(&mut self.app, &view))
            }
        };
        if let Err(e) = watched {
            let text = self
                .app
                .cat()
                .f("ui.recording_failed", &[("error", &e.to_string())]);
            self.app.say(text);
        }
        Ok(())
    }

    /// Waits for the next thing to happen. The trace is read only as far ahead as the app
    /// wants it, and the ticker only runs while playing, so an idle UI costs nothing.
    fn select_event(&self) -> QueueEvent {
        let trace = if self.app.wants_more() {
            self.feed.events()
        } else {
            never()
        };
        let lower = match &self.lower {
            Some(f) if self.app.compare_wants_more() => f.events(),
            _ => never(),
        };
        let ticker = if self.app.playing {
            self.ticker.clone()
        } else {
            never()
        };
        let expiry = match self.app.keys.as_ref().and_then(KeyEcho::next_expiry) {
            Some(at) => after(at.saturating_sub(self.started.elapsed())),
            None => never(),
        };
        let mut sel = Select::new();
        let sources = [
            sel.recv(&self.input),
            sel.recv(&trace),
            sel.recv(&lower),
            sel.recv(&ticker),
            sel.recv(&expiry),
        ];
        let op = sel.select();
        match sources.iter().position(|&i| i == op.index()) {
            Some(0) => QueueEvent::Input(op.recv(&self.input).ok()),
            Some(1) => QueueEvent::Trace(op.recv(&trace).ok()),
            Some(2) => QueueEvent::Compare(op.recv(&lower).ok()),
            Some(3) => {
                let _ = op.recv(&ticker);
                QueueEvent::Tick
            }
            _ => {
                let _ = op.recv(&expiry);
                QueueEvent::KeyExpiry
            }
        }
    }

    /// Applies one event.
    fn event(&mut self, event: QueueEvent) {
        match event {
            QueueEvent::Input(Some(ev)) => self.input(ev),
            QueueEvent::Input(None) => self.quit = true,
            QueueEvent::Trace(chunk) => {
                if let Some(chunk) = self
                    .feed
                    .received(chunk.ok_or(crossbeam::channel::RecvError))
                {
                    self.app.ingest(chunk);
                }
            }
            QueueEvent::Compare(chunk) => {
                let got = chunk.ok_or(crossbeam::channel::RecvError);
                if let Some(chunk) = self.lower.as_mut().and_then(|f| f.received(got)) {
                    self.app.ingest_compare(chunk);
                }
            }
            QueueEvent::Tick => {
                let now = Instant::now();
                self.app.tick(now - self.last_tick);
                self.last_tick = now;
            }
            QueueEvent::KeyExpiry => self.app.expire_keys(self.started.elapsed()),
        }
    }

    /// Applies what else is already pending (input first), so that a burst of keys or
    /// chunks makes one frame.
    fn drain(&mut self) {
        while !self.quit {
            match self.input.try_recv() {
                Ok(ev) => self.input(ev),
                Err(_) => break,
            }
        }
        while self.app.wants_more() {
            match self.feed.try_next() {
                Some(chunk) => self.app.ingest(chunk),
                None => break,
            }
        }
        while self.app.compare_wants_more() {
            match self.lower.as_mut().and_then(Feed::try_next) {
                Some(chunk) => self.app.ingest_compare(chunk),
                None => break,
            }
        }
    }

    /// A terminal event: keys and the mouse become actions.
    fn input(&mut self, ev: Event) {
        let now = self.started.elapsed();
        match ev {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                let request = self.app.press(key, now);
                if let Err(e) = self.watcher.key(now, key) {
                    let text = self
                        .app
                        .cat()
                        .f("ui.recording_failed", &[("error", &e.to_string())]);
                    self.app.say(text);
                }
                self.request(request);
            }
            Event::Mouse(m) => {
                if let Some(action) = mouse_action(&self.app, &self.app.view, m) {
                    let request = self.app.update(action);
                    self.request(request);
                }
            }
            Event::Resize(..) => self.app.dirty = true,
            _ => {}
        }
    }

    /// Does what an update asked of the loop.
    fn request(&mut self, request: Request) {
        match request {
            Request::None => {}
            Request::Quit => self.quit = true,
            Request::Restart { new_seed } => self.restart(new_seed),
            Request::CycleGil => self.cycle_gil(),
            Request::Scenario(mv) => self.open_scenario(mv),
            Request::Split => self.toggle_split(),
            Request::Snapshot => self.snapshot(),
        }
    }

    /// `r` / `R`: runs the program again, with the same seed or the next one.
    fn restart(&mut self, new_seed: bool) {
        let saved = matches!(self.session.trace, TraceSource::Saved(_));
        if new_seed && !saved {
            self.session.options.seed = self.session.options.seed.wrapping_add(1);
        }
        self.restart_feed();
        self.restart_lower();
        self.app.restart();
        if new_seed && saved {
            let text = self.app.cat().t("ui.saved_seed").to_owned();
            self.app.say(text);
        }
    }

    /// `G`: reruns the program under the next GIL mode and comes back to the same time; in
    /// the split view, changes the lower run's mode instead.
    fn cycle_gil(&mut self) {
        let real = self.session.options.clock == ClockMode::Real;
        let cat = self.app.cat();
        if matches!(self.session.trace, TraceSource::Saved(_)) {
            self.app.say(cat.t("ui.saved_mode").to_owned());
            return;
        }
        let upper = self.session.options.gil;
        if let Some(c) = self.app.compare.as_mut().filter(|c| c.program.is_some()) {
            // Two programs: both run under the next mode, on the same clock again.
            let gil = next_mode(upper, real);
            self.session.options.gil = gil;
            c.gil = gil;
            let back_to = self.app.playhead;
            self.restart_feed();
            self.restart_lower();
            self.app.restart();
            self.app.return_to(back_to);
            self.app
                .say(cat.f("ui.gil_mode", &[("mode", cat.t(mode_key(gil)))]));
        } else if let Some(c) = &self.app.compare {
            // In the split view G changes the lower run: the upper one stays put.
            let mut gil = next_mode(c.gil, real);
            if gil == upper {
                gil = next_mode(gil, real);
            }
            self.app.compare = Some(app::Compare::new(gil));
            self.restart_lower();
            self.app
                .say(cat.f("ui.split_mode", &[("mode", cat.t(mode_key(gil)))]));
        } else {
            self.session.options.gil = next_mode(upper, real);
            let back_to = self.app.playhead;
            self.restart_feed();
            self.app.restart();
            self.app.return_to(back_to);
            let mode = cat.t(mode_key(self.session.options.gil));
            self.app.say(cat.f("ui.gil_mode", &[("mode", mode)]));
        }
    }

    /// `n` / `p` / the picker: opens another built-in scenario.
    fn open_scenario(&mut self, mv: Move) {
        let all = crate::scenario::ALL;
        let current = self
            .session
            .trace
            .lesson()
            .map(crate::scenario::Scenario::index);
        let index = match (mv, current) {
            (Move::Pick(i), _) => i.min(all.len() - 1),
            (Move::Next, Some(i)) => (i + 1) % all.len(),
            (Move::Prev, Some(i)) => (i + all.len() - 1) % all.len(),
            (Move::Next, None) => 0,
            (Move::Prev, None) => all.len() - 1,
        };
        match TraceSource::scenario(&all[index], self.session.trace.run_config()) {
            Ok(trace) => {
                self.session.trace = trace;
                self.restart_feed();
                self.restart_lower();
                self.app.restart();
                self.app.open(lessons_of(&self.session.trace));
                self.app.set_questions(questions_of(&self.session.trace));
            }
            Err(e) => self.app.say(e.to_string()),
        }
    }

    /// `V`: opens or closes the split view.
    fn toggle_split(&mut self) {
        let real = self.session.options.clock == ClockMode::Real;
        let cat = self.app.cat();
        if self
            .app
            .compare
            .as_ref()
            .is_some_and(|c| c.program.is_some())
        {
            // Two programs stay side by side: V toggles modes of one program only.
            self.app.say(cat.t("ui.compare_split").to_owned());
        } else if self.app.compare.take().is_some() {
            self.restart_lower();
            self.app.say(cat.t("ui.split_off").to_owned());
        } else if matches!(self.session.trace, TraceSource::Run(_)) {
            let gil = companion_mode(self.session.options.gil, real);
            self.app.compare = Some(app::Compare::new(gil));
            self.restart_lower();
            self.app
                .say(cat.f("ui.split_on", &[("mode", cat.t(mode_key(gil)))]));
        } else {
            self.app.say(cat.t("ui.saved_split").to_owned());
        }
    }

    /// `e`: the same screen again, without the keystroke overlay (slides do not want it),
    /// in the watcher's colours, saved by the watcher.
    fn snapshot(&mut self) {
        let keys = self.app.keys.take();
        let view = Session {
            theme: self
                .watcher
                .theme()
                .unwrap_or_else(|| self.session.theme.clone()),
            ..self.session.clone()
        };
        let mut off = Offscreen::new(self.size.width, self.size.height);
        let screen: Buffer = off.draw(&mut self.app, &view).clone();
        let notice = self.watcher.snapshot(&screen, self.app.playhead);
        self.app.keys = keys;
        // The layout pass above was for the snapshot's screen: the next frame redoes it.
        self.app.say(notice);
    }

    /// Starts the run again from scratch.
    fn restart_feed(&mut self) {
        let old = std::mem::replace(
            &mut self.feed,
            Feed::start(&self.session.trace, &self.session.options),
        );
        old.stop();
    }

    /// Stops the split view's run and starts it again from scratch, if the view is open.
    fn restart_lower(&mut self) {
        if let Some(f) = self.lower.take() {
            f.stop();
        }
        self.lower = self.app.compare.as_ref().map(|c| {
            let options = Options {
                gil: c.gil,
                ..self.session.options.clone()
            };
            Feed::start(c.program.as_ref().unwrap_or(&self.session.trace), &options)
        });
    }
}

/// The action a mouse event asks for on the screen laid out as `view`: a click on the
/// timeline moves the playhead there (and selects the lane clicked), the wheel pans, and
/// with ctrl it zooms.
pub fn mouse_action(app: &App, view: &View, m: MouseEvent) -> Option<Action> {
    let plot = view.plot;
    let inside = m.column >= plot.x
        && m.column < plot.x + plot.width
        && m.row >= plot.y
        && m.row < plot.y + plot.height;
    if !inside {
        return None;
    }
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let t = app.time_at_column(m.column - plot.x, plot.width);
            let lane = view
                .geometry
                .shown
                .get((m.row - plot.y) as usize)
                .copied()
                .filter(|r| view.geometry.scrolls(*r));
            Some(Action::Seek { t, lane })
        }
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let up = m.kind == MouseEventKind::ScrollUp;
            Some(if m.modifiers.contains(KeyModifiers::CONTROL) {
                if up { Action::ZoomIn } else { Action::ZoomOut }
            } else {
                Action::Nudge { earlier: up }
            })
        }
        _ => None,
    }
}
