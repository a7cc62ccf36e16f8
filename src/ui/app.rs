//! The UI's state. It changes in a few named places only: [`App::update`] applies an
//! action (a key or a mouse click turned into one), [`App::ingest`] adds the trace as it
//! arrives, [`App::tick`] advances playback, and [`App::lay_out`] fits scrolling and focus
//! to the screen's size before each frame. Drawing reads it and never writes it, so the
//! screen is a function of (trace, state, size) and stepping back and forth redraws exactly.

use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use crate::engine::{GilMode, MS, SEC, US};
use crate::trace::{Chunk, EndReason, EventKind, Nanos, Outcome, Store, ThreadState};

use super::keymap::{self, Action};
use super::keys::KeyEcho;
use super::quiz::{Hold, Phase, Quiz};
use super::timeline::Row;
use crate::i18n::{Catalog, Lang};
use crate::lessons::{Card, Question, Resolution, Stop};

/// Playback speeds, in simulated seconds per host second.
pub const SPEEDS: [f64; 16] = [
    1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
];

/// Events the UI keeps per run: a longer run drops its oldest history, so that an hour of
/// an endless program fits in bounded memory (`docs/PERFORMANCE.md`).
pub const TRACE_BUDGET: usize = 1_500_000;

/// Narrowest and widest time window.
const MIN_SPAN: Nanos = 2 * US;
const MAX_SPAN: Nanos = 3_600 * SEC;
/// Host seconds of playback the time window shows by default.
const WINDOW_HOST_SECS: f64 = 8.0;
/// Simulated time from the start that the speed and zoom are fitted to.
const FIT_HORIZON: Nanos = SEC;
/// A run that ends this soon plays slow enough to fill the window with all of it.
const SHORT_RUN: Nanos = 2 * SEC;
/// Where the playhead sits in a following window (fraction of its width).
const FOLLOW_AT: f64 = 0.75;

/// The panels, in focus order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Per-thread lanes and the GIL lane.
    Timeline,
    /// The program's source.
    Source,
    /// The program's output.
    Output,
    /// The event log.
    Events,
    /// Per-thread statistics.
    Stats,
}

impl Panel {
    /// All panels in focus order.
    pub const ALL: [Panel; 5] = [
        Panel::Timeline,
        Panel::Source,
        Panel::Output,
        Panel::Events,
        Panel::Stats,
    ];
}

/// What is drawn over the panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key help.
    Help,
    /// Details of the current event.
    Details,
    /// The list of built-in scenarios, with the selected row.
    Picker(usize),
}

/// The visible span of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWindow {
    /// Width of the window.
    pub span: Nanos,
    /// Start of the window when the user pinned it by panning; `None` follows the playhead.
    pub pinned: Option<Nanos>,
}

impl TimeWindow {
    /// The window's start for a given playhead, when the run ends at `end` (if it has): a
    /// pure function, so that moving the playhead back and forth redraws exactly. A
    /// following window never runs past the end of the run: its axis ends where the run
    /// does.
    pub fn start(&self, playhead: Nanos, end: Option<Nanos>) -> Nanos {
        match self.pinned {
            Some(t0) => t0,
            None => {
                let follow = playhead.saturating_sub((self.span as f64 * FOLLOW_AT) as Nanos);
                end.map_or(follow, |e| follow.min(e.saturating_sub(self.span)))
            }
        }
    }
}

/// What the event loop must do after an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Nothing special.
    None,
    /// Run the program again, with the same seed or the next one.
    Restart {
        /// Use another seed.
        new_seed: bool,
    },
    /// Save the screen as text and SVG.
    Snapshot,
    /// Open another built-in scenario.
    Scenario(Move),
    /// Run again under the next GIL mode, back at the same time.
    CycleGil,
    /// Open or close the split view.
    Split,
    /// Quit.
    Quit,
}

/// Which scenario to open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// The one after the current.
    Next,
    /// The one before the current.
    Prev,
    /// This one (an index into `scenario::ALL`).
    Pick(usize),
}

/// The split view's second run, drawn under the first on the same time axis: the same
/// program under another GIL mode (`V`), or another program (`gilscope compare`) on a
/// simulated machine of its own, started at the same t = 0.
#[derive(Debug)]
pub struct Compare {
    /// Its trace received so far.
    pub store: Store,
    /// The GIL mode it runs under.
    pub gil: GilMode,
    /// The other program, when it is not the same one.
    pub program: Option<crate::program::TraceSource>,
}

impl Compare {
    /// The same program under `gil`, about to start.
    pub fn new(gil: GilMode) -> Self {
        Compare {
            store: Store::bounded(TRACE_BUDGET),
            gil,
            program: None,
        }
    }

    /// Another program, under `gil`, about to start.
    pub fn program(program: crate::program::TraceSource, gil: GilMode) -> Self {
        Compare {
            program: Some(program),
            ..Compare::new(gil)
        }
    }
}

/// The UI state.
#[derive(Debug)]
pub struct App {
    /// The trace received so far.
    pub store: Store,
    /// Shown time.
    pub playhead: Nanos,
    /// Index of the current event (the last one at or before the playhead), if any.
    pub cursor: Option<usize>,
    /// Playing or paused.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// True until the user picks a speed or zoom: they are fitted to the trace.
    pub auto_fit: bool,
    /// The visible time window.
    pub window: TimeWindow,
    /// The focused panel.
    pub focus: Panel,
    /// Where the last frame put everything, from the layout pass ([`App::lay_out`]): the
    /// panels shown (focus skips the others), the lanes (for the mouse), how many lanes fit.
    pub view: super::View,
    /// First lane shown (when there are more lanes than rows).
    pub lane_scroll: usize,
    /// The selected lane (kept in view; its thread's line is kept visible in the source
    /// panel).
    pub selected: Row,
    /// Lines scrolled up from the newest in the output panel.
    pub output_scroll: usize,
    /// Lines scrolled in the source panel, if the user scrolled it.
    pub source_scroll: Option<usize>,
    /// The overlay.
    pub overlay: Overlay,
    /// Rows the help overlay is scrolled by.
    pub help_scroll: usize,
    /// A message for the status line (where a snapshot went), shown until the next action.
    pub notice: Option<String>,
    /// The keystroke overlay, when it is on (`--keys`, `--record`, `record --keys`).
    pub keys: Option<KeyEcho>,
    /// Host time carried between ticks below one nanosecond of simulated time.
    carry: f64,
    /// Set by updates that change what is drawn.
    pub dirty: bool,
    /// The language of texts and narration (`L` switches it).
    pub lang: Lang,
    /// The cards of the scenario's lesson.
    pub lessons: Vec<Card>,
    /// The card reached last, if any.
    pub lesson: Option<usize>,
    /// Where that card stopped in this run, and what it says there.
    lesson_stop: Option<Stop>,
    /// Whether the bookmark's sentence is shown (until the next other action).
    pub lesson_box: bool,
    /// A bookmark asked for whose event has not arrived yet.
    seek: Option<usize>,
    /// A time to come back to once the trace reaches it (after `G` reruns the program).
    seek_time: Option<Nanos>,
    /// Steps asked for before their events were simulated: done as they arrive.
    pending: std::collections::VecDeque<Action>,
    /// The split view's second run, when it is open.
    pub compare: Option<Compare>,
    /// The questions of the scenario's lesson.
    pub questions: Vec<Question>,
    /// The quiz, while quiz mode is on.
    pub quiz: Option<Quiz>,
    /// Whether the bytecode pane is open (`b`).
    pub bytecode: bool,
    /// CPython's listing of the program the pane shows, with the source it was compiled
    /// from (made by the layout pass when the pane opens, again when the program changes).
    listing: Option<(String, Option<super::bytecode::Listing>)>,
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

impl App {
    /// A paused app at t = 0 with an empty trace.
    pub fn new() -> Self {
        App {
            store: Store::bounded(TRACE_BUDGET),
            playhead: 0,
            cursor: None,
            playing: false,
            speed: SPEEDS.iter().position(|&s| s == 1.0).unwrap_or(12),
            auto_fit: true,
            window: TimeWindow {
                span: 8 * SEC,
                pinned: None,
            },
            focus: Panel::Timeline,
            view: super::View::default(),
            lane_scroll: 0,
            selected: Row::Thread(0),
            output_scroll: 0,
            source_scroll: None,
            overlay: Overlay::None,
            help_scroll: 0,
            notice: None,
            keys: None,
            carry: 0.0,
            dirty: true,
            lang: Lang::default(),
            lessons: Vec::new(),
            lesson: None,
            lesson_stop: None,
            lesson_box: false,
            seek: None,
            seek_time: None,
            pending: std::collections::VecDeque::new(),
            compare: None,
            questions: Vec::new(),
            quiz: None,
            bytecode: false,
            listing: None,
        }
    }

    /// Back to t = 0 with an empty trace, for a new run; keeps speed, zoom and focus.
    pub fn restart(&mut self) {
        self.pending.clear();
        self.lesson = None;
        self.lesson_stop = None;
        self.lesson_box = false;
        self.seek = None;
        if self.quiz.is_some() {
            self.quiz = Some(Quiz::new(self.questions.clone(), 0));
        }
        self.store = Store::bounded(TRACE_BUDGET);
        if let Some(c) = &mut self.compare {
            c.store = Store::bounded(TRACE_BUDGET);
        }
        self.playhead = 0;
        self.cursor = None;
        self.playing = false;
        self.output_scroll = 0;
        self.carry = 0.0;
        self.dirty = true;
    }

    /// Simulated seconds per host second.
    pub fn speed(&self) -> f64 {
        SPEEDS[self.speed]
    }

    /// Whether the run has ended and all of it has arrived.
    pub fn finished(&self) -> bool {
        self.store.end().is_some()
    }

    /// Whether the playhead has reached the end of a finished run (of both, when split).
    pub fn at_end(&self) -> bool {
        self.all_ended() && self.playhead >= self.limit()
    }

    /// Whether every run shown (both, in the split view) has ended and fully arrived.
    pub fn all_ended(&self) -> bool {
        self.finished()
            && self
                .compare
                .as_ref()
                .is_none_or(|c| c.store.end().is_some())
    }

    /// How far the playhead may go: not past what has been simulated of a run still going;
    /// to the later end once every run shown has ended.
    pub fn limit(&self) -> Nanos {
        let stores = std::iter::once(&self.store).chain(self.compare.as_ref().map(|c| &c.store));
        let going = stores
            .clone()
            .filter(|s| s.end().is_none())
            .map(Store::clock)
            .min();
        let end = stores.map(Store::clock).max().unwrap_or(0);
        going.map_or(end, |g| g.min(end))
    }

    /// How far ahead of the playhead the trace is read.
    fn read_ahead(&self) -> Nanos {
        self.window
            .span
            .max((self.speed() * 2.0 * SEC as f64) as Nanos)
    }

    /// Whether the UI needs more of the trace: it reads ahead of the playhead only as far as
    /// it shows, so an endless program's trace stays bounded (the engine waits on the
    /// channel meanwhile).
    pub fn wants_more(&self) -> bool {
        if self.finished() {
            return false;
        }
        if self.seek.is_some() || self.seek_time.is_some() || !self.pending.is_empty() {
            return true;
        }
        // A question's answer may lie further ahead than the playhead reads: read on until
        // the next one is known, so that the playback stops where it is asked.
        if self.quiz.as_ref().is_some_and(Quiz::needs_trace) {
            return true;
        }
        // The fitted speed and zoom must not depend on how the engine happened to cut its
        // chunks (that follows host timing): read the whole stretch the fit looks at first,
        // so that a run opens the same way every time, and as its saved trace replays.
        if self.auto_fit && self.store.clock() < FIT_HORIZON {
            return true;
        }
        let ahead = self.read_ahead();
        let next_needed = self.cursor.map_or(0, |c| c + 1) >= self.store.events().len();
        next_needed || self.store.clock() < self.playhead.saturating_add(ahead)
    }

    /// Whether the split view's second run should be read further: as far ahead of the
    /// playhead as the first (and as far as the first has gone, so the two stay level).
    pub fn compare_wants_more(&self) -> bool {
        let Some(c) = &self.compare else {
            return false;
        };
        if c.store.end().is_some() {
            return false;
        }
        let clock = c.store.clock();
        clock < self.playhead.saturating_add(self.read_ahead())
            || clock < self.store.clock()
            || self.seek_time.is_some_and(|t| clock < t)
    }

    /// Adds a chunk of the split view's second run.
    pub fn ingest_compare(&mut self, chunk: Chunk) {
        if let Some(c) = &mut self.compare {
            c.store.ingest(chunk);
            self.settle_seek();
            self.dirty = true;
        }
    }

    /// Goes to the time asked for by [`App::return_to`] once the runs reach it (or end).
    fn settle_seek(&mut self) {
        if let Some(t) = self.seek_time
            && (self.limit() >= t || self.all_ended())
        {
            self.seek_time = None;
            self.set_time(t.min(self.limit()));
        }
    }

    /// Adds a chunk of the trace.
    pub fn ingest(&mut self, chunk: Chunk) {
        let dropped = self.store.dropped();
        self.store.ingest(chunk);
        // A bounded trace dropped old events: indexes into it moved down.
        let gone = self.store.dropped() - dropped;
        if gone > 0 {
            self.cursor = self.cursor.and_then(|c| c.checked_sub(gone));
        }
        if self.auto_fit {
            self.fit();
        }
        if let Some(target) = self.seek {
            self.go_to_lesson(target, true);
        }
        // Steps taken from the keyboard while the trace was catching up, in order; one
        // that still cannot be done puts itself back in front. A notice on the status line
        // was said after they were typed (typing them cleared the one before): it stays.
        let waiting = std::mem::take(&mut self.pending);
        let notice = if waiting.is_empty() {
            None
        } else {
            self.notice.take()
        };
        for (i, action) in waiting.iter().enumerate() {
            self.update(*action);
            if !self.pending.is_empty() {
                self.pending.extend(waiting.iter().skip(i + 1));
                break;
            }
        }
        if notice.is_some() {
            self.notice = notice;
        }
        self.settle_seek();
        // While paused the view is a function of the cursor; new events after it change
        // nothing but what comes next, yet the header shows the trace's clock.
        self.dirty = true;
    }

    /// Picks a speed and a window that make the trace's activity visible: CPU-bound
    /// programs (the GIL busy most of the time) play slowly enough that a typical hold
    /// (half the held time is in holds at least this long: one switch interval when
    /// threads compute) lasts about half a second; I/O-bound programs play in real time.
    fn fit(&mut self) {
        let store = &self.store;
        let horizon = store.clock().min(FIT_HORIZON);
        if horizon == 0 {
            return;
        }
        // The busiest GIL (of any process), or the busiest core when there is no GIL.
        let mut tenures: Vec<Vec<(Nanos, Option<Nanos>)>> = (0..store.procs().len().max(1))
            .map(|p| {
                store
                    .holds(p as u32, 0, horizon)
                    .iter()
                    .map(|h| (h.from, h.to))
                    .collect()
            })
            .collect();
        tenures.extend((0..store.core_count()).map(|c| {
            store
                .core_spans(c, 0, horizon)
                .iter()
                .map(|s| (s.from, s.to))
                .collect()
        }));
        let busiest = tenures
            .into_iter()
            .max_by_key(|spans| {
                spans
                    .iter()
                    .map(|&(f, t)| t.unwrap_or(horizon).min(horizon).saturating_sub(f))
                    .sum::<Nanos>()
            })
            .unwrap_or_default();
        let busy: Nanos = busiest
            .iter()
            .map(|&(f, t)| t.unwrap_or(horizon).min(horizon).saturating_sub(f))
            .sum();
        let speed = if busy * 2 > horizon {
            // The first hold is the interpreter's start-up, alone on the GIL: weighted by
            // time it would set the pace of a short run by itself.
            let mut lens: Vec<Nanos> = busiest
                .iter()
                .skip(1)
                .filter_map(|&(f, t)| t.map(|to| to - f))
                .filter(|&d| d > 0)
                .collect();
            lens.sort_unstable();
            // Weighted by time held: thousands of 25 µs holds around a lock in a
            // second phase would otherwise set a pace of x0.0001 for the whole run.
            let total: Nanos = lens.iter().sum();
            let mut held = 0;
            let typical = lens
                .iter()
                .copied()
                .find(|&d| {
                    held += d;
                    held * 2 >= total
                })
                .unwrap_or(5 * MS)
                .max(US);
            typical as f64 / 0.5 / SEC as f64
        } else {
            1.0
        };
        self.speed = nearest_speed(speed);
        // A run shorter than that window plays slower, so it fills the window instead of
        // flashing by in a corner of it.
        if let Some(end) = store
            .end()
            .map(|e| e.t)
            .filter(|&t| t > 0 && t <= SHORT_RUN)
        {
            let needed = end as f64 / SEC as f64 / WINDOW_HOST_SECS;
            if let Some(i) = SPEEDS.iter().position(|&v| v >= needed)
                && i < self.speed
            {
                self.speed = i;
            }
        }
        self.fit_window();
    }

    /// A window that shows a few host seconds of playback at the current speed, and no
    /// more than the whole run once it has ended (the axis then ends where the run ends).
    fn fit_window(&mut self) {
        let span = (self.speed() * WINDOW_HOST_SECS * SEC as f64) as Nanos;
        let span = match self.run_end() {
            Some(end) if end > 0 => span.min(end),
            _ => span,
        };
        self.window.span = span.clamp(MIN_SPAN, MAX_SPAN);
    }

    /// When the runs shown end, once every one of them has ended (the later end, in the
    /// split view).
    pub fn run_end(&self) -> Option<Nanos> {
        self.all_ended().then(|| self.limit())
    }

    /// The start of the time window shown now.
    pub fn window_start(&self) -> Nanos {
        self.window.start(self.playhead, self.run_end())
    }

    /// The time under plot column `column` of a plot `width` columns wide.
    pub fn time_at_column(&self, column: u16, width: u16) -> Nanos {
        self.window_start()
            + (self.window.span as u128 * column as u128 / width.max(1) as u128) as Nanos
    }

    /// Plays at the listed speed nearest to `s` (simulated seconds per host second), with
    /// the window that suits it, and stops fitting the speed to the trace.
    pub fn set_speed(&mut self, s: f64) {
        self.auto_fit = false;
        self.speed = nearest_speed(s);
        self.fit_window();
        self.dirty = true;
    }

    /// A key press at `now` (host time since the session began): the action bound to it,
    /// shown in the keystroke overlay when that is on.
    pub fn press(&mut self, key: KeyEvent, now: Duration) -> Request {
        let Some(action) = keymap::action_for(key) else {
            return Request::None;
        };
        if let Some(echo) = &mut self.keys {
            echo.push(key, action, now);
        }
        self.update(action)
    }

    /// Takes keys whose time is up off the keystroke overlay.
    pub fn expire_keys(&mut self, now: Duration) {
        if let Some(echo) = &mut self.keys
            && echo.expire(now)
        {
            self.dirty = true;
        }
    }

    /// Advances the playhead by `dt` of host time (while playing).
    pub fn tick(&mut self, dt: Duration) {
        if !self.playing {
            return;
        }
        let advance = self.speed() * dt.as_secs_f64() * SEC as f64 + self.carry;
        let whole = advance.floor();
        self.carry = advance - whole;
        // Never play past what has been simulated, nor past a question of the quiz.
        let limit = self.limit();
        let mut next = self.playhead.saturating_add(whole as Nanos).min(limit);
        if let Some(quiz) = &mut self.quiz {
            match quiz.hold(&self.store, self.playhead) {
                Hold::Free => {}
                Hold::At(t) => next = next.min(t.max(self.playhead)),
                Hold::Here => next = self.playhead,
            }
        }
        if next != self.playhead {
            self.set_time(next);
        }
        if self
            .quiz
            .as_mut()
            .is_some_and(|q| q.arrive(&self.store, next))
        {
            self.quiz_stop();
        }
        if self.at_end() {
            self.playing = false;
            self.dirty = true;
        }
    }

    /// The first event the log tells after `cursor` (from the start when `None`): `line`
    /// samples are stepped over.
    fn told_after(&self, cursor: Option<usize>) -> Option<usize> {
        let from = cursor.map_or(0, |c| c + 1);
        let evs = self.store.events();
        (from..evs.len()).find(|&i| evs[i].kind.is_told())
    }

    /// The last event the log tells before index `i`.
    fn told_before_index(&self, i: usize) -> Option<usize> {
        let evs = self.store.events();
        (0..i.min(evs.len())).rev().find(|&k| evs[k].kind.is_told())
    }

    /// The last event the log tells at or before time `t`.
    fn told_before(&self, t: Nanos) -> Option<usize> {
        let upto = self.store.events_until(t);
        self.told_before_index(upto)
    }

    /// Moves the playhead to `t`; the current event follows.
    pub fn set_time(&mut self, t: Nanos) {
        self.playhead = t;
        self.cursor = self.told_before(t);
        self.keep_in_view();
        self.dirty = true;
    }

    /// Moves to event `i`.
    fn set_cursor(&mut self, i: usize) {
        if let Some(e) = self.store.events().get(i) {
            self.playhead = e.t;
            self.cursor = Some(i);
            self.keep_in_view();
            self.dirty = true;
        }
    }

    /// A pinned window that lost the playhead goes back to following it.
    fn keep_in_view(&mut self) {
        if let Some(t0) = self.window.pinned
            && (self.playhead < t0 || self.playhead > t0 + self.window.span)
        {
            self.window.pinned = None;
        }
    }

    /// Applies an action; returns what the event loop must do.
    pub fn update(&mut self, action: Action) -> Request {
        self.dirty = true;
        self.notice = None;
        if !matches!(
            action,
            Action::NextLesson | Action::PrevLesson | Action::ToggleLang
        ) {
            self.lesson_box = false;
        }
        if let Overlay::Picker(row) = self.overlay {
            let n = crate::scenario::ALL.len();
            match action {
                Action::Up => self.overlay = Overlay::Picker(row.saturating_sub(1)),
                Action::Down => self.overlay = Overlay::Picker((row + 1).min(n - 1)),
                Action::Details => {
                    self.overlay = Overlay::None;
                    return Request::Scenario(Move::Pick(row));
                }
                Action::Quit => return Request::Quit,
                _ => self.overlay = Overlay::None,
            }
            return Request::None;
        }
        if self.overlay == Overlay::Help {
            // The help scrolls when it is taller than the screen.
            let scrolled = match action {
                Action::Up => Some(self.help_scroll.saturating_sub(1)),
                Action::Down => Some(self.help_scroll + 1),
                Action::PageUp => Some(self.help_scroll.saturating_sub(10)),
                Action::PageDown => Some(self.help_scroll + 10),
                Action::Start => Some(0),
                Action::End => Some(usize::MAX),
                _ => None,
            };
            if let Some(to) = scrolled {
                self.help_scroll = to.min(self.view.help_rows);
                return Request::None;
            }
        }
        if self.overlay != Overlay::None {
            match action {
                Action::Back | Action::Help | Action::Details => {
                    self.overlay = Overlay::None;
                    return Request::None;
                }
                Action::Quit => return Request::Quit,
                // A snapshot keeps what is on screen, overlay included (details make slides).
                Action::Snapshot => return Request::Snapshot,
                _ => self.overlay = Overlay::None,
            }
        }
        if let Some(request) = self.quiz_action(action) {
            return request;
        }
        if matches!(
            action,
            Action::StepForward | Action::NextHandoff | Action::NextLost
        ) && !self.pending.is_empty()
        {
            // Keep the order of steps typed ahead of the trace.
            self.pending.push_back(action);
            return Request::None;
        }
        match action {
            Action::TogglePlay => {
                if self.at_end() {
                    self.set_time(0);
                }
                self.playing = !self.playing;
                self.carry = 0.0;
            }
            Action::StepForward => {
                self.playing = false;
                if let Some(next) = self.told_after(self.cursor) {
                    self.set_cursor(next);
                } else if !self.finished() {
                    // Not simulated yet: step as soon as it arrives.
                    self.pending.push_back(action);
                }
            }
            Action::StepBack => {
                self.playing = false;
                match self.cursor {
                    Some(c)
                        if self
                            .store
                            .events()
                            .get(c)
                            .is_some_and(|e| e.t < self.playhead) =>
                    {
                        self.set_cursor(c)
                    }
                    Some(c) => match self.told_before_index(c) {
                        Some(prev) => self.set_cursor(prev),
                        None => {
                            self.playhead = 0;
                            self.cursor = None;
                            self.keep_in_view();
                        }
                    },
                    None => {
                        self.playhead = 0;
                        self.keep_in_view();
                    }
                }
            }
            Action::NextHandoff => {
                self.playing = false;
                let from = self.cursor.map_or(0, |c| c + 1);
                match self.find_handoff(from, true) {
                    Some(i) => self.set_cursor(i),
                    None if !self.finished() => self.pending.push_back(action),
                    None => {}
                }
            }
            Action::PrevHandoff => {
                self.playing = false;
                if let Some(c) = self.cursor.filter(|&c| c > 0)
                    && let Some(i) = self.find_handoff(c - 1, false)
                {
                    self.set_cursor(i);
                }
            }
            Action::Start => {
                self.playing = false;
                self.set_time(0);
                self.cursor = None;
            }
            Action::End => {
                self.playing = false;
                let end = self.limit();
                let last = self.store.events().len().checked_sub(1);
                self.set_time(end);
                self.cursor = last;
                if !self.all_ended() {
                    // The end is the run's end: read on to it (a run is cut at --max-time).
                    self.return_to(Nanos::MAX);
                }
            }
            Action::Faster => {
                self.auto_fit = false;
                self.speed = (self.speed + 1).min(SPEEDS.len() - 1);
            }
            Action::Slower => {
                self.auto_fit = false;
                self.speed = self.speed.saturating_sub(1);
            }
            Action::ZoomIn => self.zoom(0.5),
            Action::ZoomOut => self.zoom(2.0),
            Action::PanLeft => self.pan(-0.25),
            Action::PanRight => self.pan(0.25),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(self.view.panels.len().saturating_sub(1)),
            Action::Up => self.scroll(-1),
            Action::Down => self.scroll(1),
            Action::PageUp => self.scroll(-10),
            Action::PageDown => self.scroll(10),
            Action::Details => {
                if self.cursor.is_some() {
                    self.overlay = Overlay::Details;
                }
            }
            Action::Help => {
                self.overlay = Overlay::Help;
                self.help_scroll = 0;
            }
            Action::NextLesson => {
                let next = self.lesson.map_or(0, |l| l + 1);
                if self.lessons.is_empty() {
                    self.notice = Some(self.cat().t("ui.no_lesson").to_owned());
                } else {
                    self.go_to_lesson(next, true);
                }
            }
            Action::PrevLesson => {
                if let Some(prev) = self.lesson.and_then(|l| l.checked_sub(1)) {
                    self.go_to_lesson(prev, false);
                }
            }
            Action::Bytecode => self.bytecode = !self.bytecode,
            Action::NextLost => {
                self.playing = false;
                let from = self.cursor.map_or(0, |c| c + 1);
                let lost = self.store.lost_updates();
                match lost.get(lost.partition_point(|&i| (i as usize) < from)) {
                    Some(&i) => self.set_cursor(i as usize),
                    None if !self.finished() => self.pending.push_back(action),
                    None if lost.is_empty() => {
                        self.notice = Some(self.cat().t("bytecode.no_lost").to_owned());
                    }
                    None => {}
                }
            }
            Action::PrevLost => {
                self.playing = false;
                let lost = self.store.lost_updates();
                let before = self.cursor.unwrap_or(0);
                let k = lost.partition_point(|&i| (i as usize) < before);
                if let Some(&i) = k.checked_sub(1).and_then(|k| lost.get(k)) {
                    self.set_cursor(i as usize);
                }
            }
            Action::NextScenario => return Request::Scenario(Move::Next),
            Action::PrevScenario => return Request::Scenario(Move::Prev),
            Action::Picker => self.overlay = Overlay::Picker(0),
            Action::CycleGil => return Request::CycleGil,
            Action::Split => return Request::Split,
            Action::Quiz => self.toggle_quiz(),
            Action::Answer(_) => self.notice = Some(self.cat().t("quiz.no_question").to_owned()),
            Action::ToggleLang => {
                self.lang = self.lang.other();
                self.notice = Some(self.cat().t("lang.switched").to_owned());
            }
            Action::Restart => return Request::Restart { new_seed: false },
            Action::RestartNewSeed => return Request::Restart { new_seed: true },
            Action::Snapshot => return Request::Snapshot,
            // Esc closes what is open (the overlays are closed above) and never quits.
            Action::Back => {}
            Action::Quit => return Request::Quit,
            Action::Seek { t, lane } => {
                if let Some(row) = lane {
                    self.selected = row;
                    self.focus = Panel::Timeline;
                    self.source_scroll = None;
                }
                self.playing = false;
                self.set_time(t.min(self.limit()));
            }
            Action::Nudge { earlier } => {
                let t0 = self.window_start();
                let step = self.window.span / 10;
                self.pan_to(if earlier {
                    t0.saturating_sub(step)
                } else {
                    t0 + step
                });
            }
        }
        Request::None
    }

    /// The index of the next (or previous) GIL handoff event starting at `from`.
    fn find_handoff(&self, from: usize, forward: bool) -> Option<usize> {
        let evs = self.store.events();
        // A take that switched threads after a release (the first take of all is not a
        // handoff: nobody held the GIL before).
        let is_handoff = |i: &usize| {
            let e = evs[*i];
            matches!(e.kind, EventKind::GilTake { switch: true })
                && self
                    .store
                    .handoffs_in(e.t, e.t + 1)
                    .iter()
                    .any(|h| h.to == e.tid)
        };
        if forward {
            (from..evs.len()).find(is_handoff)
        } else {
            (0..=from).rev().find(is_handoff)
        }
    }

    fn zoom(&mut self, factor: f64) {
        self.auto_fit = false;
        let old = self.window.span;
        let new = ((old as f64 * factor) as Nanos).clamp(MIN_SPAN, MAX_SPAN);
        if let Some(t0) = self.window.pinned {
            // Keep the playhead where it is on screen.
            let rel = self.playhead.saturating_sub(t0) as f64 / old as f64;
            self.window.pinned = Some(self.playhead.saturating_sub((rel * new as f64) as Nanos));
        }
        self.window.span = new;
    }

    fn pan(&mut self, fraction: f64) {
        self.auto_fit = false;
        let t0 = self.window_start() as f64;
        let moved = (t0 + fraction * self.window.span as f64).max(0.0) as Nanos;
        self.window.pinned = Some(moved);
    }

    /// Pins the window so that `t0` is its start.
    pub fn pan_to(&mut self, t0: Nanos) {
        self.auto_fit = false;
        self.window.pinned = Some(t0);
        self.dirty = true;
    }

    fn cycle_focus(&mut self, by: usize) {
        let panels = &self.view.panels;
        let n = panels.len().max(1);
        let i = panels.iter().position(|&p| p == self.focus).unwrap_or(0);
        self.focus = panels.get((i + by) % n).copied().unwrap_or(Panel::Timeline);
    }

    fn scroll(&mut self, by: isize) {
        let step = |x: usize| x.saturating_add_signed(by);
        match self.focus {
            Panel::Timeline => {
                // Every lane that scrolls can be selected, so every lane can be brought
                // into view.
                let (rows, _) = super::timeline::rows(&self.store, self.view.gil);
                if let Some(last) = rows.len().checked_sub(1) {
                    let i = rows.iter().position(|r| *r == self.selected).unwrap_or(0);
                    self.selected = rows[step(i).min(last)];
                }
                self.source_scroll = None;
            }
            Panel::Source => self.source_scroll = Some(step(self.source_scroll.unwrap_or(0))),
            Panel::Output => {
                self.output_scroll = self.output_scroll.saturating_add_signed(-by);
            }
            Panel::Events => {
                // Through the events the log lists, by as many as asked.
                self.playing = false;
                let mut target = self.cursor;
                for _ in 0..by.unsigned_abs() {
                    let next = if by > 0 {
                        self.told_after(target)
                    } else {
                        target.and_then(|c| self.told_before_index(c))
                    };
                    match next {
                        Some(n) => target = Some(n),
                        None => break,
                    }
                }
                if let Some(t) = target {
                    self.set_cursor(t);
                }
            }
            Panel::Stats => {}
        }
    }

    /// The thread whose line the source panel follows: the selected lane's thread if the
    /// user picked one, else the GIL holder, else main.
    pub fn followed_thread(&self) -> u32 {
        let picked = match self.selected {
            Row::Thread(t) => Some(t),
            Row::Task(k) => self.store.tasks().get(k as usize).map(|t| t.meta.tid),
            Row::Process(p) | Row::Gil(p) => {
                self.store.procs().get(p as usize).map(|p| p.meta.main)
            }
            Row::Handoffs | Row::Core(_) | Row::Axis => None,
        };
        match picked {
            Some(t) if self.focus == Panel::Timeline && t > 0 => t,
            _ => self.store.holder_at(0, self.playhead).unwrap_or(0),
        }
    }

    /// CPython's listing of the program, once the layout pass has made it (`None` for a
    /// program without Python source or one that does not compile).
    pub fn listing(&self) -> Option<&super::bytecode::Listing> {
        self.listing.as_ref().and_then(|(_, l)| l.as_ref())
    }

    /// The layout pass, before each frame: where everything goes on a screen of `area`,
    /// kept for the mouse; the focus moves off a panel that no longer fits, and the lanes
    /// scroll to keep the selected one in view.
    pub fn lay_out(&mut self, area: ratatui::layout::Rect, session: &super::Session) {
        if self.bytecode
            && let Some(source) = session.trace.code()
            && self.listing.as_ref().is_none_or(|(s, _)| s != source)
        {
            let listing = super::bytecode::Listing::of(session.trace.name(), source);
            self.listing = Some((source.to_owned(), listing));
        }
        let mut view = super::compose(self, session, area);
        if !view.panels.contains(&self.focus) {
            self.focus = Panel::Timeline;
        }
        let (rows, _) = super::timeline::rows(&self.store, view.gil);
        let fit = view.lane_rows.max(1);
        if let Some(i) = rows.iter().position(|r| *r == self.selected) {
            if i < self.lane_scroll {
                self.lane_scroll = i;
            } else if i >= self.lane_scroll + fit {
                self.lane_scroll = i + 1 - fit;
            }
        }
        self.lane_scroll = self.lane_scroll.min(rows.len().saturating_sub(fit));
        if view.lane_scroll != self.lane_scroll {
            view = super::compose(self, session, area);
        }
        self.help_scroll = self.help_scroll.min(view.help_rows);
        self.view = view;
    }

    /// After a rerun, comes back to time `t` as soon as the trace reaches it.
    pub fn return_to(&mut self, t: Nanos) {
        self.seek_time = Some(t);
    }

    /// Shows `text` on the status line until the next action.
    pub fn say(&mut self, text: String) {
        self.notice = Some(text);
        self.dirty = true;
    }

    /// Another program is open: speed and zoom are fitted to it again, its lesson starts.
    pub fn open(&mut self, lessons: Vec<Card>) {
        self.auto_fit = true;
        self.set_lessons(lessons);
    }

    /// Starts a lesson: its cards, none reached yet.
    pub fn set_lessons(&mut self, lessons: Vec<Card>) {
        self.lessons = lessons;
        self.lesson = None;
        self.lesson_stop = None;
        self.lesson_box = false;
        self.seek = None;
    }

    /// Sets the lesson's questions (quiz mode starts over, if it is on).
    pub fn set_questions(&mut self, questions: Vec<Question>) {
        self.questions = questions;
        if self.quiz.is_some() {
            self.quiz = Some(Quiz::new(self.questions.clone(), 0));
        }
    }

    /// `Q`: turns quiz mode on (its questions asked from the playhead on) or off.
    fn toggle_quiz(&mut self) {
        let cat = self.cat();
        if self.quiz.take().is_some() {
            self.notice = Some(cat.t("quiz.off").to_owned());
        } else if self.questions.is_empty() {
            self.notice = Some(cat.t("quiz.none").to_owned());
        } else {
            let n = self.questions.len().to_string();
            self.notice = Some(cat.f("quiz.on", &[("n", &n)]));
            self.quiz = Some(Quiz::new(self.questions.clone(), self.playhead));
        }
    }

    /// Turns quiz mode on from the start (`--quiz`), if the program has questions.
    pub fn start_quiz(&mut self) {
        if self.quiz.is_none() {
            self.toggle_quiz();
        }
    }

    /// What an action does to the quiz: while a question waits for an answer only the
    /// answer keys (and Esc, which passes) move on, so the screen stays where it is asked;
    /// after the answer is shown, space plays on. `None`: the action goes on as usual.
    fn quiz_action(&mut self, action: Action) -> Option<Request> {
        let quiz = self.quiz.as_mut()?;
        match (&quiz.phase, action) {
            (Phase::Asking(_), Action::Answer(n)) => {
                if !quiz.answer(Some(n as usize)) {
                    return Some(Request::None);
                }
            }
            (Phase::Asking(_), Action::Back) => {
                quiz.answer(None);
            }
            (
                Phase::Asking(a),
                Action::TogglePlay
                | Action::StepForward
                | Action::StepBack
                | Action::NextHandoff
                | Action::PrevHandoff
                | Action::NextLost
                | Action::PrevLost
                | Action::Start
                | Action::End
                | Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::NextLesson
                | Action::PrevLesson
                | Action::PanLeft
                | Action::PanRight
                | Action::Seek { .. }
                | Action::Nudge { .. },
            ) => {
                let keys = format!("1-{}", a.choices.len());
                self.notice = Some(self.cat().f("quiz.answer_first", &[("keys", &keys)]));
                return Some(Request::None);
            }
            (Phase::Revealed { .. }, Action::TogglePlay | Action::Back) => {
                quiz.play_on();
            }
            _ => return None,
        }
        self.playing = true;
        self.carry = 0.0;
        Some(Request::None)
    }

    /// The quiz stopped the playback: where a question is asked, or at the event that
    /// answers it, which becomes the current event (highlighted in the log and on the
    /// lanes) with the lane of the thread it is about selected.
    fn quiz_stop(&mut self) {
        self.playing = false;
        self.dirty = true;
        let Some(quiz) = &self.quiz else {
            return;
        };
        match &quiz.phase {
            Phase::Asking(a) => {
                let t = a.ask_t;
                self.set_time(t);
            }
            Phase::Revealed { asked, .. } => {
                let (event, t, thread) = (asked.answer_event, asked.answer_t, asked.thread);
                self.set_cursor(event);
                self.playhead = self.playhead.max(t);
                if let Some(tid) = thread {
                    self.selected = Row::Thread(tid);
                    self.source_scroll = None;
                }
            }
            _ => {}
        }
    }

    /// Goes to card `i` and pauses where it stops with its sentence shown; if the trace
    /// has not got there yet, reads on until it does. A card this run does not show is
    /// passed over, to the next one the way the user is going (`forward` or back).
    fn go_to_lesson(&mut self, i: usize, forward: bool) {
        self.dirty = true;
        let Some(card) = self.lessons.get(i) else {
            self.seek = None;
            if forward {
                self.notice = Some(self.cat().t("ui.lesson_end").to_owned());
            }
            return;
        };
        match card.resolve(&self.store) {
            Resolution::Found(stop) => {
                self.seek = None;
                self.playing = false;
                self.set_cursor(stop.event);
                // A moment between events stops at its own time, after the event before it.
                self.playhead = self.playhead.max(stop.t);
                // The card's lowest lane is selected, so that the layout scrolls it into view
                // with the lanes above it: a card never talks about threads off screen.
                let (rows, _) = super::timeline::rows(&self.store, self.view.gil);
                if let Some(row) = stop
                    .threads
                    .iter()
                    .filter_map(|&t| rows.iter().position(|r| *r == Row::Thread(t)))
                    .max()
                {
                    self.selected = rows[row];
                    self.source_scroll = None;
                }
                self.lesson = Some(i);
                self.lesson_stop = Some(stop);
                self.lesson_box = true;
            }
            Resolution::Pending if !self.finished() => self.seek = Some(i),
            Resolution::Pending | Resolution::Absent => {
                self.seek = None;
                match (forward, i.checked_sub(1)) {
                    (true, _) => self.go_to_lesson(i + 1, true),
                    (false, Some(prev)) => self.go_to_lesson(prev, false),
                    (false, None) => {}
                }
            }
        }
    }

    /// The card shown, where it stopped.
    pub fn lesson_stop(&self) -> Option<&Stop> {
        self.lesson_stop.as_ref()
    }

    /// The sentence of the card shown, in the chosen language.
    pub fn lesson_text(&self) -> Option<&str> {
        self.lesson_stop
            .as_ref()
            .filter(|_| self.lesson_box)
            .map(|s| s.text.get(self.lang))
    }

    /// How the run is going, for the header, as a catalogue key.
    pub fn run_state(&self) -> &'static str {
        if self.at_end() {
            match self.store.end().map(|e| e.reason) {
                Some(EndReason::Deadlock) => "run.deadlock",
                Some(EndReason::TimeLimit) => "run.time_limit",
                _ => "run.finished",
            }
        } else if self.playing {
            "run.playing"
        } else {
            "run.paused"
        }
    }

    /// The texts in the chosen language.
    pub fn cat(&self) -> &'static Catalog {
        self.lang.catalog()
    }

    /// The problem to show in a banner, if the run has one by the playhead.
    pub fn banner(&self) -> Option<String> {
        let end = self.store.end()?;
        let cat = self.cat();
        let store = &self.store;
        match end.reason {
            EndReason::Deadlock if self.playhead >= end.t => {
                let who: Vec<String> = end
                    .stuck
                    .iter()
                    .map(|s| {
                        let what = crate::narrate::wait_on(cat, store, s.on);
                        let what = match s.named_holder() {
                            Some(h) => cat.f(
                                "banner.held",
                                &[("what", &what), ("who", &store.thread_label(h))],
                            ),
                            None => what,
                        };
                        cat.f(
                            "banner.stuck",
                            &[("who", &store.thread_label(s.tid)), ("what", &what)],
                        )
                    })
                    .collect();
                Some(cat.f("banner.deadlock", &[("who", &who.join("; "))]))
            }
            EndReason::TimeLimit if self.playhead >= end.t => {
                Some(cat.f("banner.time_limit", &[("t", &cat.time(end.t))]))
            }
            _ => {
                let raised = store.threads().iter().find(|t| {
                    matches!(t.ended, Some((at, Outcome::Raised | Outcome::Panicked)) if at <= self.playhead)
                })?;
                Some(cat.f(
                    "banner.exception",
                    &[("who", &store.thread_label(raised.meta.tid))],
                ))
            }
        }
    }

    /// The state of every thread at the playhead (for tests and the details overlay).
    pub fn states(&self) -> Vec<Option<ThreadState>> {
        (0..self.store.threads().len() as u32)
            .map(|t| self.store.state_at(t, self.playhead))
            .collect()
    }
}

/// The index of the speed closest to `s` (on a log scale).
fn nearest_speed(s: f64) -> usize {
    let target = s.max(SPEEDS[0]).ln();
    let mut best = 0;
    for (i, v) in SPEEDS.iter().enumerate() {
        if (v.ln() - target).abs() < (SPEEDS[best].ln() - target).abs() {
            best = i;
        }
    }
    best
}
