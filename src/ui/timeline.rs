//! The timeline: one lane per thread (grouped by process when there are several), a GIL
//! lane per process with the reason of every handoff, a lane per simulated core when cores
//! were recorded, a time axis and the playhead. A frame costs the segments in view, not the
//! whole trace.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::put;
use super::theme::Theme;
use crate::i18n::Catalog;
use crate::narrate::reason_tag;
use crate::trace::{EventKind, Nanos, Pid, Store, TaskId, TaskState, ThreadState, Tid, WaitOn};

/// The timeline widget: borrows what it draws.
pub struct Timeline<'a> {
    /// The trace.
    pub store: &'a Store,
    /// Start of the visible window.
    pub t0: Nanos,
    /// Width of the visible window.
    pub span: Nanos,
    /// The playhead.
    pub playhead: Nanos,
    /// Colours and glyphs.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
    /// First lane shown.
    pub lane_scroll: usize,
    /// The selected lane, highlighted (when the panel has focus).
    pub selected: Option<Row>,
    /// Whether the run has a GIL (false for free-threaded runs: no GIL lanes).
    pub gil: bool,
    /// Nothing after this time is drawn: the lanes grow as the playhead advances, so
    /// stepping reveals what happens instead of showing it in advance.
    pub until: Nanos,
    /// Said after "Threads" in the title (the GIL mode, in the split view).
    pub title: Option<&'a str>,
    /// The label column's width, when it must match another timeline's so that their time
    /// axes line up; `None` fits it to this trace.
    pub label: Option<u16>,
}

/// Where the parts of the timeline landed, for mouse hit-testing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineGeometry {
    /// Columns of the lanes (without labels).
    pub plot: Rect,
    /// Rows of the scrolling lanes.
    pub lanes: Rect,
    /// What each row shows, from the top of `lanes`: the scrolling lanes, then the pinned
    /// rows.
    pub shown: Vec<Row>,
    /// How many of `shown` are scrolling lanes.
    pub scrolling: usize,
    /// The first scrolling lane shown (lanes above it are scrolled out of view).
    pub first: usize,
    /// Scrolling lanes below the last one shown.
    pub below: usize,
}

impl TimelineGeometry {
    /// Whether `row` is a scrolling lane on screen (one that can be selected).
    pub fn scrolls(&self, row: Row) -> bool {
        self.shown[..self.scrolling.min(self.shown.len())].contains(&row)
    }
}

/// One row of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Row {
    /// A process's header (with several processes).
    Process(Pid),
    /// A thread's lane.
    Thread(Tid),
    /// An asyncio task's lane, under its event loop's thread.
    Task(TaskId),
    /// A process's GIL: who holds it.
    Gil(Pid),
    /// Under a single GIL lane: why each handoff happened.
    Handoffs,
    /// A simulated CPU core: who runs on it.
    Core(u16),
    /// The time axis.
    Axis,
}

/// The rows of a trace: `(scrolling, pinned)`. One process: its threads scroll, the GIL
/// lane, its handoff reasons, the cores (if recorded) and the axis stay at the bottom.
/// Several processes: each has a header, its threads and its GIL lane; cores and axis stay.
pub fn rows(store: &Store, gil: bool) -> (Vec<Row>, Vec<Row>) {
    let mut scroll = Vec::new();
    let mut pinned = Vec::new();
    let procs = store.procs().len().max(1);
    let with_tasks = |tid: Tid, rows: &mut Vec<Row>| {
        rows.push(Row::Thread(tid));
        rows.extend(
            store
                .tasks()
                .iter()
                .filter(|t| t.meta.tid == tid)
                .map(|t| Row::Task(t.meta.task)),
        );
    };
    if procs == 1 {
        for t in store.threads() {
            with_tasks(t.meta.tid, &mut scroll);
        }
        if gil {
            pinned.extend([Row::Gil(0), Row::Handoffs]);
        }
    } else {
        for p in store.procs() {
            let pid = p.meta.pid;
            scroll.push(Row::Process(pid));
            scroll.extend(
                store
                    .threads()
                    .iter()
                    .filter(|t| t.meta.pid == pid)
                    .map(|t| Row::Thread(t.meta.tid)),
            );
            if gil {
                scroll.push(Row::Gil(pid));
            }
        }
    }
    pinned.extend((0..store.core_count() as u16).map(Row::Core));
    pinned.push(Row::Axis);
    (scroll, pinned)
}

impl Timeline<'_> {
    /// The last time drawn: the playhead, or what has been simulated if less.
    fn limit(&self) -> Nanos {
        self.until.min(self.store.clock())
    }

    /// Rows needed to show every lane, with the borders.
    pub fn wanted_height(&self) -> u16 {
        let (scroll, pinned) = rows(self.store, self.gil);
        (scroll.len() + pinned.len() + 2).min(u16::MAX as usize) as u16
    }

    /// Label column width for this trace in an area `width` wide (the split view gives both
    /// timelines the wider of their two).
    pub fn label_width(&self, width: u16) -> u16 {
        if let Some(w) = self.label {
            return w.min(width / 3);
        }
        let longest = self
            .store
            .threads()
            .iter()
            .map(|t| t.name.width())
            .chain(
                // A task's label: indented under its thread, after the task mark.
                self.store.tasks().iter().map(|t| t.meta.name.width() + 2),
            )
            .max()
            .unwrap_or(4);
        let procs = self
            .store
            .procs()
            .iter()
            .map(|p| p.meta.name.width())
            .max()
            .unwrap_or(0);
        let indent = u16::from(self.store.procs().len() > 1) * 2;
        let id = u16::from(self.ids()) * 2;
        ((longest.max(procs).max(6) as u16) + 1 + indent + id)
            .min(26)
            .min(width / 3)
    }

    /// The geometry the timeline uses inside `area`: the pinned rows get their room first
    /// (down to the axis alone), the scrolling rows what is left.
    pub fn geometry(&self, area: Rect) -> TimelineGeometry {
        let inner = Block::new().borders(Borders::ALL).inner(area);
        let label = self.label_width(inner.width);
        let (scroll, mut pinned) = rows(self.store, self.gil);
        // Keep at least two lanes; drop pinned rows from the top (handoffs first) if needed.
        while pinned.len() > 1 && (inner.height as usize) < pinned.len() + 2.min(scroll.len()) {
            let i = pinned.iter().position(|r| *r == Row::Handoffs).unwrap_or(0);
            pinned.remove(i);
        }
        let lanes_h = inner.height.saturating_sub(pinned.len() as u16);
        let visible = lanes_h as usize;
        let first = self
            .lane_scroll
            .min(scroll.len().saturating_sub(visible.max(1)));
        let mut shown: Vec<Row> = scroll.iter().copied().skip(first).take(visible).collect();
        let scrolling = shown.len();
        let below = scroll.len().saturating_sub(first + scrolling);
        shown.extend(
            pinned
                .iter()
                .copied()
                .take(inner.height as usize - shown.len()),
        );
        TimelineGeometry {
            plot: Rect::new(
                inner.x + label,
                inner.y,
                inner.width.saturating_sub(label),
                inner.height,
            ),
            lanes: Rect::new(inner.x, inner.y, inner.width, lanes_h),
            shown,
            scrolling,
            first,
            below,
        }
    }

    /// Whether lanes show the one-character ids that the GIL and core lanes use.
    fn ids(&self) -> bool {
        self.gil || self.store.core_count() > 0
    }

    /// The time at the start of plot column `c`.
    fn col_time(&self, c: u16, width: u16) -> Nanos {
        self.t0 + (self.span as u128 * c as u128 / width.max(1) as u128) as Nanos
    }
}

/// Everything a timeline can draw that needs explaining, in the legend's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Glyph {
    /// A thread runs (holds the GIL, or needs none).
    Running,
    /// A thread waits for the GIL.
    Waiting,
    /// A thread could run but has no free core.
    NeedsCore,
    /// A task is ready and waits for its event loop.
    TaskReady,
    /// A thread sleeps.
    Sleeping,
    /// A task is suspended in an `await`.
    Awaiting,
    /// A thread is blocked (join, lock, event, a terminal write).
    Blocked,
    /// A thread waits for the network, the disk or a database (the GIL is free).
    Io,
    /// A thread was created and has not begun yet.
    Starting,
    /// A thread runs the interpreter's start-up or its bootstrap, not the program's code.
    Startup,
    /// A thread's `start()`.
    Spawn,
    /// A write (print).
    Print,
    /// A drop request: a waiter asks for the GIL.
    Asks,
    /// Where a task suspends.
    Await,
    /// A process's lifetime.
    Process,
    /// History dropped to the memory bound.
    Dropped,
    /// The GIL held by a thread: its id.
    Holder,
    /// A core running a thread: its id.
    OnCore,
    /// The GIL (or a core) held by several threads in turn within a column.
    Several,
    /// The GIL held by nobody.
    Free,
    /// A core running nobody.
    Idle,
    /// Why the GIL changed hands.
    Reason,
    /// The playhead.
    Playhead,
}

/// Which glyphs a frame drew.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Used {
    glyphs: std::collections::BTreeSet<Glyph>,
    /// The ids drawn in GIL lanes, in order.
    gil_ids: std::collections::BTreeSet<Tid>,
    /// The ids drawn in core lanes, in order.
    core_ids: std::collections::BTreeSet<Tid>,
}

impl Used {
    fn add(&mut self, g: Glyph) {
        self.glyphs.insert(g);
    }

    /// Whether `g` was drawn.
    pub fn has(&self, g: Glyph) -> bool {
        self.glyphs.contains(&g)
    }
}

impl Widget for &Timeline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let geo = self.geometry(area);
        let hidden = geo.first + geo.below;
        let title = match self.title {
            Some(mode) => self.cat.f("ui.threads_in", &[("mode", mode)]),
            None => self.cat.t("ui.threads").to_owned(),
        };
        let mut block = Block::new()
            .borders(Borders::ALL)
            .border_style(th.border(self.selected.is_some()))
            .title(Span::styled(format!(" {title} "), th.bold()));
        // Lanes that do not fit are counted, with the keys that scroll them.
        let more = (hidden > 0).then(|| {
            let key = match (geo.first, geo.below) {
                (0, _) => "ui.more_lanes_below",
                (_, 0) => "ui.more_lanes_above",
                _ => "ui.more_lanes",
            };
            let more = self.cat.f(
                key,
                &[
                    ("n", &hidden.to_string()),
                    ("above", &geo.first.to_string()),
                    ("below", &geo.below.to_string()),
                ],
            );
            th.clip(
                &more,
                (area.width as usize).saturating_sub(title.width() + 8),
            )
        });
        if let Some(more) = &more {
            block = block.title_top(
                Line::from(Span::styled(format!(" {more} "), th.bold())).right_aligned(),
            );
        }
        if !th.glyphs.unicode {
            block = block.border_set(super::text::ASCII_BORDER);
        }
        block.render(area, buf);
        let inner = Block::new().borders(Borders::ALL).inner(area);
        if inner.width < 4 || inner.height == 0 || geo.plot.width == 0 {
            return;
        }
        let mut used = Used::default();
        let plot_w = geo.plot.width;
        let cols: Vec<Nanos> = (0..=plot_w).map(|c| self.col_time(c, plot_w)).collect();
        let label_w = (geo.plot.x - inner.x).saturating_sub(1) as usize;
        let nested = self.store.procs().len() > 1;
        // Names cut so that no two lanes read alike.
        let names: Vec<String> = self
            .store
            .threads()
            .iter()
            .map(|t| t.name.clone())
            .collect();
        let names = th.clip_distinct(&names, self.name_room(label_w));
        for (i, row) in geo.shown.iter().enumerate() {
            let y = inner.y + i as u16;
            let picked = self.selected == Some(*row);
            match *row {
                Row::Thread(tid) => {
                    let name = names.get(tid as usize).map_or("", String::as_str);
                    self.draw_label(buf, (inner, y), name, tid, picked);
                    self.draw_lane(buf, tid, geo.plot.x, y, &cols, &mut used);
                }
                Row::Process(pid) => {
                    self.draw_process(buf, inner, pid, y, label_w, &cols, &mut used);
                }
                Row::Task(task) => {
                    let Some(info) = self.store.tasks().get(task as usize) else {
                        continue;
                    };
                    let label = format!(
                        "{}{} {}",
                        if nested { "    " } else { "  " },
                        th.glyphs.task,
                        info.meta.name
                    );
                    let mut style = th.dim();
                    if picked {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    put(buf, inner, inner.x, y, &th.clip(&label, label_w), style);
                    self.draw_task(buf, task, geo.plot.x, y, &cols, &mut used);
                }
                Row::Gil(pid) => {
                    let label = if nested { "  GIL" } else { "GIL" };
                    let mut style = th.bold();
                    if picked {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    put(buf, inner, inner.x, y, label, style);
                    self.draw_gil(buf, pid, geo.plot.x, y, &cols, &mut used);
                }
                Row::Handoffs => {
                    // The row says what it is: why the GIL changed hands.
                    let why = format!("{} {}", self.cat.t("ui.why"), th.glyphs.reason);
                    let label = th.clip(&why, label_w);
                    put(buf, inner, inner.x, y, &label, th.dim());
                    self.draw_handoffs(buf, geo.plot.x, y, &cols, &mut used);
                }
                Row::Core(c) => {
                    put(
                        buf,
                        inner,
                        inner.x,
                        y,
                        &th.clip(&self.cat.f("ui.core", &[("core", &c.to_string())]), label_w),
                        th.bold(),
                    );
                    self.draw_core(buf, c, geo.plot.x, y, &cols, &mut used);
                }
                Row::Axis => self.draw_axis(buf, geo.plot.x, y, plot_w),
            }
        }
        let bottom = inner.y + inner.height;
        // A bounded trace dropped what came before its horizon: say so where it is
        // missing, with a mark on every lane at the horizon even when there is no room
        // for the words.
        let horizon = self.store.horizon();
        let lanes_end = bottom.saturating_sub(1);
        // Nothing is claimed where the history is gone: what the store kept of it is
        // partial (a GIL lane would read "free"), so those columns stay empty.
        let gone = cols
            .iter()
            .skip(1)
            .take_while(|&&end| end <= horizon)
            .count() as u16;
        for yy in inner.y..lanes_end {
            for x in geo.plot.x..geo.plot.x + gone.min(plot_w) {
                if let Some(cell) = buf.cell_mut((x, yy)) {
                    cell.set_char(' ');
                    cell.set_style(Style::new());
                }
            }
        }
        if horizon > self.t0 && horizon <= self.t0 + self.span && geo.lanes.height > 0 {
            let c = cols.partition_point(|&t| t < horizon).saturating_sub(1) as u16;
            let text = self.cat.t("ui.dropped");
            let room = c as usize;
            if room > text.width() / 2 {
                put(
                    buf,
                    inner,
                    geo.plot.x,
                    geo.lanes.y,
                    &th.clip(text, room),
                    th.dim(),
                );
            }
            for yy in inner.y..lanes_end {
                if let Some(cell) = buf.cell_mut((geo.plot.x + c.min(plot_w - 1), yy)) {
                    cell.set_char(th.glyphs.dropped);
                    cell.set_style(th.bold());
                }
            }
            used.add(Glyph::Dropped);
        } else if horizon > self.t0 && geo.lanes.height > 0 {
            // The whole window is before the horizon: all of it was dropped.
            let text = self.cat.t("ui.dropped");
            put(
                buf,
                inner,
                geo.plot.x,
                geo.lanes.y,
                &th.clip(text, plot_w as usize),
                th.dim(),
            );
            used.add(Glyph::Dropped);
        }
        // The playhead: a reversed column through the lanes, a mark on the axis.
        if self.playhead >= self.t0 && self.playhead <= self.t0 + self.span {
            let x = geo.plot.x
                + ((self.playhead - self.t0) as u128 * plot_w as u128 / self.span.max(1) as u128)
                    .min(plot_w.saturating_sub(1) as u128) as u16;
            for yy in inner.y..lanes_end {
                if let Some(cell) = buf.cell_mut((x, yy)) {
                    if cell.symbol() == " " {
                        cell.set_char(th.glyphs.playhead);
                        cell.set_style(th.fg(th.playhead));
                        used.add(Glyph::Playhead);
                    } else {
                        cell.modifier.insert(Modifier::REVERSED);
                    }
                }
            }
        }
        // The legend: every glyph drawn above, on the bottom border and, when that is
        // full, on the free end of the top border (the help lists them all).
        let bottom_room = (area.width as usize).saturating_sub(4);
        let top_room = (area.width as usize)
            .saturating_sub(title.width() + 6 + more.as_ref().map_or(0, |m| m.width() + 3));
        let rows = legend(th, self.cat, &used, &[bottom_room, top_room]);
        for (text, y) in rows
            .iter()
            .zip([area.y + area.height.saturating_sub(1), area.y])
        {
            if text.is_empty() || area.height < 2 {
                continue;
            }
            let line = Line::from(Span::styled(format!(" {text} "), th.dim())).right_aligned();
            let mut r = Rect::new(area.x + 1, y, area.width.saturating_sub(2), 1);
            if y == area.y
                && let Some(m) = &more
            {
                r.width = r.width.saturating_sub(m.width() as u16 + 3);
            }
            line.render(r, buf);
        }
    }
}

impl Timeline<'_> {
    /// A thread's label: its id as the GIL and core lanes show it, then its name.
    fn draw_label(
        &self,
        buf: &mut Buffer,
        (inner, y): (Rect, u16),
        name: &str,
        tid: Tid,
        picked: bool,
    ) {
        let th = self.theme;
        // A thread that `start()` has not created yet by the playhead is named dim: its
        // lane is ahead of time, and the screen must not say it already runs.
        let born = self
            .store
            .threads()
            .get(tid as usize)
            .is_some_and(|t| t.created <= self.limit());
        let mut style = if born { th.thread_style(tid) } else { th.dim() };
        if picked {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let mut x = inner.x;
        if self.store.procs().len() > 1 {
            x += 2;
        }
        if self.ids() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_char(short_id(tid));
                cell.set_style(if born { id_style(th, tid) } else { th.dim() });
            }
            x += 2;
        }
        put(buf, inner, x, y, name, style);
    }

    /// The room for a thread's name in a label column `label_w` wide: less the process
    /// indent and the id.
    fn name_room(&self, label_w: usize) -> usize {
        let indent = if self.store.procs().len() > 1 { 2 } else { 0 };
        let id = if self.ids() { 2 } else { 0 };
        label_w.saturating_sub(indent + id)
    }

    /// One lane: the state that fills most of each column, then marks for events.
    fn draw_lane(
        &self,
        buf: &mut Buffer,
        tid: Tid,
        x0: u16,
        y: u16,
        cols: &[Nanos],
        used: &mut Used,
    ) {
        let th = self.theme;
        let w = cols.len() - 1;
        let (first, segs) = self.store.segments(tid, cols[0], cols[w].max(cols[0] + 1));
        let lane = self.store.lane(tid);
        let limit = self.limit();
        let code_from = self.store.code_from(tid);
        let mut k = 0;
        for c in 0..w {
            let (a, b) = (
                cols[c],
                cols[c + 1].max(cols[c] + 1).min(limit.max(cols[c] + 1)),
            );
            if a >= limit {
                break;
            }
            // Time spent in each state within [a, b): keep the largest.
            let mut best: Option<(ThreadState, Nanos)> = None;
            while k < segs.len() {
                let s = segs[k];
                let end = lane
                    .get(first + k + 1)
                    .map_or_else(|| self.store.segment_end(tid, first + k), |n| n.start);
                if s.start >= b {
                    break;
                }
                let overlap = end.min(b).saturating_sub(s.start.max(a));
                if overlap > 0
                    && best.is_none_or(|(st, d)| {
                        overlap > d || (overlap == d && rank(s.state) > rank(st))
                    })
                {
                    best = Some((s.state, overlap));
                }
                if end > b {
                    break;
                }
                k += 1;
            }
            let state = best.map(|(s, _)| s);
            let Some(cell) = buf.cell_mut((x0 + c as u16, y)) else {
                continue;
            };
            // Running before the thread reached the program's code is start-up.
            if state == Some(ThreadState::Running) && code_from.is_some_and(|t| a + (b - a) / 2 < t)
            {
                cell.set_char(th.glyphs.startup);
                cell.set_style(th.thread_style(tid));
                used.add(Glyph::Startup);
                continue;
            }
            cell.set_char(th.glyphs.state(state));
            cell.set_style(th.state_style(tid, state));
            if let Some(g) = state.and_then(state_glyph) {
                used.add(g);
            }
        }
        // Marks, drawn over the states where their events happen.
        let evs = self.store.thread_events(tid);
        let all = self.store.events();
        let from = evs.partition_point(|&i| all[i as usize].t < cols[0]);
        for &i in &evs[from..] {
            let e = all[i as usize];
            if e.t >= cols[w] || e.t > limit {
                break;
            }
            let (glyph, prio, g) = match e.kind {
                EventKind::DropRequest { .. } => (th.glyphs.request, 3, Glyph::Asks),
                EventKind::Spawn { .. } => (th.glyphs.spawn, 2, Glyph::Spawn),
                EventKind::Write { .. } => (th.glyphs.write, 1, Glyph::Print),
                _ => continue,
            };
            let c = cols
                .partition_point(|&t| t <= e.t)
                .saturating_sub(1)
                .min(w - 1);
            if let Some(cell) = buf.cell_mut((x0 + c as u16, y)) {
                let current = mark_rank(cell.symbol(), th);
                if prio >= current {
                    cell.set_char(glyph);
                    cell.set_style(mark_style(th, e.kind));
                    used.add(g);
                }
            }
        }
    }

    /// An asyncio task's lane: running, ready (waiting for the loop), awaiting; a mark
    /// where it suspends in an `await`.
    fn draw_task(
        &self,
        buf: &mut Buffer,
        task: TaskId,
        x0: u16,
        y: u16,
        cols: &[Nanos],
        used: &mut Used,
    ) {
        let th = self.theme;
        let w = cols.len() - 1;
        let limit = self.limit();
        let (first, segs) = self
            .store
            .task_segments(task, cols[0], cols[w].max(cols[0] + 1));
        let colour = th.thread(task + 1 + self.store.threads().len() as u32);
        for c in 0..w {
            let (a, b) = (
                cols[c],
                cols[c + 1].max(cols[c] + 1).min(limit.max(cols[c] + 1)),
            );
            if a >= limit {
                break;
            }
            let mut best: Option<(TaskState, Nanos)> = None;
            for (k, s) in segs.iter().enumerate() {
                let end = self.store.task_segment_end(task, first + k);
                let overlap = end.min(b).saturating_sub(s.start.max(a));
                if overlap > 0 && best.is_none_or(|(_, d)| overlap > d) {
                    best = Some((s.state, overlap));
                }
            }
            // A ready task waits for its event loop, not for the GIL: it has its own glyph.
            let (glyph, style, g) = match best.map(|(s, _)| s) {
                Some(TaskState::Running) => (
                    th.glyphs.running,
                    th.fg(colour).add_modifier(Modifier::BOLD),
                    Glyph::Running,
                ),
                Some(TaskState::Ready) => (th.glyphs.ready, th.fg(colour), Glyph::TaskReady),
                Some(TaskState::Awaiting { .. }) => {
                    (th.glyphs.sleeping, th.fg(th.sleeping), Glyph::Awaiting)
                }
                Some(TaskState::Done) | None => continue,
            };
            if let Some(cell) = buf.cell_mut((x0 + c as u16, y)) {
                cell.set_char(glyph);
                cell.set_style(style);
                used.add(g);
            }
        }
        // Await points: where the task suspends.
        for s in segs {
            if matches!(s.state, TaskState::Awaiting { .. })
                && s.start >= cols[0]
                && s.start <= limit
            {
                let c = cols
                    .partition_point(|&t| t <= s.start)
                    .saturating_sub(1)
                    .min(w - 1);
                if let Some(cell) = buf.cell_mut((x0 + c as u16, y)) {
                    cell.set_char(th.glyphs.await_mark);
                    cell.set_style(th.bold());
                    used.add(Glyph::Await);
                }
            }
        }
    }

    /// A process's GIL lane.
    fn draw_gil(
        &self,
        buf: &mut Buffer,
        pid: Pid,
        x0: u16,
        y: u16,
        cols: &[Nanos],
        used: &mut Used,
    ) {
        let w = cols.len() - 1;
        let spans: Vec<(Tid, Nanos, Option<Nanos>)> = self
            .store
            .holds(pid, cols[0], cols[w].max(cols[0] + 1))
            .iter()
            .map(|h| (h.tid, h.from, h.to))
            .collect();
        self.draw_tenures(buf, &spans, x0, y, cols, (Glyph::Holder, Glyph::Free, used));
    }

    /// A core's lane.
    fn draw_core(
        &self,
        buf: &mut Buffer,
        core: u16,
        x0: u16,
        y: u16,
        cols: &[Nanos],
        used: &mut Used,
    ) {
        let w = cols.len() - 1;
        let spans: Vec<(Tid, Nanos, Option<Nanos>)> = self
            .store
            .core_spans(core as usize, cols[0], cols[w].max(cols[0] + 1))
            .iter()
            .map(|s| (s.tid, s.from, s.to))
            .collect();
        self.draw_tenures(buf, &spans, x0, y, cols, (Glyph::OnCore, Glyph::Idle, used));
    }

    /// A process header: its name, then its lifetime as a thin line with its exit code.
    #[allow(clippy::too_many_arguments)] // the row's place, its process and the legend
    fn draw_process(
        &self,
        buf: &mut Buffer,
        inner: Rect,
        pid: Pid,
        y: u16,
        label_w: usize,
        cols: &[Nanos],
        used: &mut Used,
    ) {
        let th = self.theme;
        let Some(p) = self.store.procs().get(pid as usize) else {
            return;
        };
        let mut style = th.bold();
        if self.selected == Some(Row::Process(pid)) {
            style = style.add_modifier(Modifier::REVERSED);
        }
        put(
            buf,
            inner,
            inner.x,
            y,
            &th.clip(&p.meta.name, label_w),
            style,
        );
        let w = cols.len() - 1;
        let x0 = inner.x + label_w as u16 + 1;
        let limit = self.limit();
        let end = p.ended.map_or(limit, |(t, _)| t).min(limit);
        for c in 0..w {
            if cols[c + 1] > p.started
                && cols[c] < end
                && let Some(cell) = buf.cell_mut((x0 + c as u16, y))
            {
                cell.set_char(th.glyphs.process);
                cell.set_style(th.dim());
                used.add(Glyph::Process);
            }
        }
        if let Some((t, code)) = p.ended.filter(|&(t, _)| t <= limit) {
            let c = cols.partition_point(|&x| x <= t).saturating_sub(1);
            if c < w {
                // Where the process ended, or ending there when there is no room after.
                let text = self.cat.f("ui.exit_code", &[("code", &code.to_string())]);
                let at = c.min(w.saturating_sub(text.width()));
                let text = th.clip(&text, w - at);
                put(buf, inner, x0 + at as u16, y, &text, th.dim());
            }
        }
    }

    /// Who holds something (the GIL, a core) in each column, by majority of time, as the
    /// holder's id on its colour, so it also reads without colour.
    fn draw_tenures(
        &self,
        buf: &mut Buffer,
        spans: &[(Tid, Nanos, Option<Nanos>)],
        x0: u16,
        y: u16,
        cols: &[Nanos],
        (held, free, used): (Glyph, Glyph, &mut Used),
    ) {
        let th = self.theme;
        let w = cols.len() - 1;
        let limit = self.limit();
        let mut k = 0;
        for c in 0..w {
            let (a, b) = (
                cols[c],
                cols[c + 1].max(cols[c] + 1).min(limit.max(cols[c] + 1)),
            );
            if a >= limit {
                // Nothing is drawn beyond the playhead or what has been simulated.
                break;
            }
            // Time each holder had it within the column.
            let mut had: Vec<(Tid, Nanos)> = Vec::new();
            let mut j = k;
            while j < spans.len() && spans[j].1 < b {
                let (tid, from, to) = spans[j];
                let to = to.unwrap_or(limit).min(limit);
                let overlap = to.min(b).saturating_sub(from.max(a));
                if overlap > 0 {
                    match had.iter_mut().find(|(t, _)| *t == tid) {
                        Some((_, d)) => *d += overlap,
                        None => had.push((tid, overlap)),
                    }
                }
                if to <= b {
                    k = j + 1;
                }
                j += 1;
            }
            let Some(cell) = buf.cell_mut((x0 + c as u16, y)) else {
                continue;
            };
            let total: Nanos = had.iter().map(|&(_, d)| d).sum();
            let best = had.iter().copied().max_by_key(|&(_, d)| d);
            // Several holders, none of them for most of it: one id would say only that
            // thread held it.
            if had.len() > 1 && best.is_some_and(|(_, d)| d * 2 <= total) {
                cell.set_char(th.glyphs.several);
                cell.set_style(th.bold());
                used.add(Glyph::Several);
                continue;
            }
            match best {
                Some((tid, _)) => {
                    cell.set_char(short_id(tid));
                    cell.set_style(id_style(th, tid));
                    used.add(held);
                    if held == Glyph::Holder {
                        used.gil_ids.insert(tid);
                    } else {
                        used.core_ids.insert(tid);
                    }
                }
                None => {
                    cell.set_char(th.glyphs.free);
                    cell.set_style(th.dim());
                    used.add(free);
                }
            }
        }
    }

    /// Under the GIL lane: each handoff's reason, where there is room for it.
    fn draw_handoffs(&self, buf: &mut Buffer, x0: u16, y: u16, cols: &[Nanos], used: &mut Used) {
        let th = self.theme;
        let w = cols.len() - 1;
        let mut free_from = 0usize;
        let end = cols[w].max(cols[0] + 1).min(self.limit() + 1);
        for h in self.store.handoffs_in(cols[0], end) {
            let c = cols.partition_point(|&t| t <= h.t).saturating_sub(1);
            if c < free_from || c >= w {
                continue;
            }
            let tag = format!("{}{}", th.glyphs.reason, reason_tag(self.cat, h.reason));
            let room = w - c;
            // A tag cut to less than a few letters says nothing: leave it out.
            if room < tag.width().min(4) {
                continue;
            }
            let text = th.clip(&tag, room);
            put(
                buf,
                buf.area,
                x0 + c as u16,
                y,
                &text,
                th.thread_style(h.to),
            );
            used.add(Glyph::Reason);
            free_from = c + text.width() + 1;
        }
    }

    /// The time axis: ticks at 1-2-5 steps, labelled in a unit that suits the window.
    fn draw_axis(&self, buf: &mut Buffer, x0: u16, y: u16, w: u16) {
        let th = self.theme;
        let step = tick_step(self.span, w);
        let mut t = self.t0.div_ceil(step) * step;
        let mut free_from = 0u16;
        while t <= self.t0 + self.span {
            let c = ((t - self.t0) as u128 * w as u128 / self.span.max(1) as u128) as u16;
            if c >= w {
                break;
            }
            if c >= free_from {
                let label = format!(
                    "{}{}",
                    if th.glyphs.unicode { '╵' } else { '|' },
                    axis_label(self.cat, t, step, self.t0 + self.span)
                );
                // A label that does not fit whole is left out, never cut.
                if label.width() > (w - c) as usize {
                    break;
                }
                let text = th.clip(&label, label.width());
                put(buf, buf.area, x0 + c, y, &text, th.dim());
                free_from = c + text.width() as u16 + 1;
            }
            t += step;
        }
    }
}

/// What a state's glyph means, for the legend.
fn state_glyph(s: ThreadState) -> Option<Glyph> {
    match s {
        ThreadState::Running => Some(Glyph::Running),
        ThreadState::Ready => Some(Glyph::NeedsCore),
        ThreadState::WaitingGil => Some(Glyph::Waiting),
        ThreadState::Sleeping => Some(Glyph::Sleeping),
        ThreadState::Blocked(WaitOn::Device(..)) => Some(Glyph::Io),
        ThreadState::Blocked(_) => Some(Glyph::Blocked),
        ThreadState::Starting => Some(Glyph::Starting),
        ThreadState::Finished => None,
    }
}

/// Preference when two states fill a column equally.
fn rank(s: ThreadState) -> u8 {
    match s {
        ThreadState::Running => 6,
        ThreadState::Ready => 5,
        ThreadState::WaitingGil => 4,
        ThreadState::Blocked(_) => 3,
        ThreadState::Sleeping => 2,
        ThreadState::Starting => 1,
        ThreadState::Finished => 0,
    }
}

fn mark_rank(symbol: &str, th: &Theme) -> u8 {
    let g = th.glyphs;
    match symbol.chars().next() {
        Some(c) if c == g.request => 3,
        Some(c) if c == g.spawn => 2,
        Some(c) if c == g.write => 1,
        _ => 0,
    }
}

fn mark_style(th: &Theme, kind: EventKind) -> Style {
    match kind {
        EventKind::DropRequest { .. } => th.alert(),
        _ => th.bold(),
    }
}

/// A thread's id as the GIL and core lanes show it: dark on the thread's colour (reversed
/// without colour).
pub fn id_style(th: &Theme, tid: Tid) -> Style {
    if th.color {
        Style::new()
            .fg(ratatui::style::Color::Black)
            .bg(th.thread(tid))
    } else {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}

/// A thread's one-character id in the GIL lane: 0-9, then a-z, then A-Z.
pub fn short_id(tid: Tid) -> char {
    const IDS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    IDS[tid as usize % IDS.len()] as char
}

/// Every glyph a timeline can draw, with what it means, in the legend's order: for the
/// help.
pub fn legend_entries(th: &Theme, cat: &Catalog) -> Vec<(String, String)> {
    let all = Used {
        glyphs: [
            Glyph::Running,
            Glyph::Waiting,
            Glyph::NeedsCore,
            Glyph::TaskReady,
            Glyph::Sleeping,
            Glyph::Awaiting,
            Glyph::Blocked,
            Glyph::Io,
            Glyph::Starting,
            Glyph::Startup,
            Glyph::Spawn,
            Glyph::Print,
            Glyph::Asks,
            Glyph::Await,
            Glyph::Process,
            Glyph::Holder,
            Glyph::OnCore,
            Glyph::Several,
            Glyph::Free,
            Glyph::Idle,
            Glyph::Reason,
            Glyph::Dropped,
            Glyph::Playhead,
        ]
        .into_iter()
        .collect(),
        gil_ids: [0, 1].into_iter().collect(),
        core_ids: [0, 1].into_iter().collect(),
    };
    entries(th, cat, &all)
}

/// The legend's entries for what was drawn: (glyph, meaning).
fn entries(th: &Theme, cat: &Catalog, used: &Used) -> Vec<(String, String)> {
    let g = th.glyphs;
    let mut out = Vec::new();
    let mut add = |glyph: String, key: &str| out.push((glyph, cat.t(key).to_owned()));
    // A glyph two things share is explained once, with both meanings.
    let awaits = used.has(Glyph::Awaiting);
    let sleeps = used.has(Glyph::Sleeping);
    for item in &used.glyphs {
        match item {
            Glyph::Running => add(g.running.into(), "legend.running"),
            Glyph::Waiting => add(g.waiting.into(), "legend.waiting"),
            Glyph::NeedsCore if used.has(Glyph::TaskReady) => {
                add(g.ready.into(), "legend.ready_both")
            }
            Glyph::NeedsCore => add(g.ready.into(), "legend.ready"),
            Glyph::TaskReady if used.has(Glyph::NeedsCore) => {}
            Glyph::TaskReady => add(g.ready.into(), "legend.task_ready"),
            Glyph::Sleeping if awaits => add(g.sleeping.into(), "legend.sleeping_awaiting"),
            Glyph::Sleeping => add(g.sleeping.into(), "legend.sleeping"),
            Glyph::Awaiting if sleeps => {}
            Glyph::Awaiting => add(g.sleeping.into(), "legend.awaiting"),
            Glyph::Blocked => add(g.blocked.into(), "legend.blocked"),
            Glyph::Io => add(g.io.into(), "legend.io"),
            Glyph::Starting => add(g.starting.into(), "legend.starting"),
            Glyph::Startup => add(g.startup.into(), "legend.startup"),
            Glyph::Spawn => add(g.spawn.into(), "legend.spawn"),
            Glyph::Print => add(g.write.into(), "legend.print"),
            Glyph::Asks => add(g.request.into(), "legend.asks"),
            Glyph::Await => add(g.await_mark.into(), "legend.await"),
            Glyph::Process => add(g.process.into(), "legend.process"),
            Glyph::Holder | Glyph::OnCore => {
                let (set, key) = if *item == Glyph::Holder {
                    (&used.gil_ids, "legend.holder")
                } else {
                    (&used.core_ids, "legend.on_core")
                };
                // Ids apart, so that `1` and `4` do not read as fourteen.
                let mut ids: Vec<String> = set
                    .iter()
                    .take(3)
                    .map(|&t| short_id(t).to_string())
                    .collect();
                if set.len() > 3 {
                    ids.push(g.ellipsis.to_string());
                }
                add(ids.join("/"), key);
            }
            Glyph::Several => add(g.several.into(), "legend.several"),
            Glyph::Free if used.has(Glyph::Idle) => add(g.free.into(), "legend.free_idle"),
            Glyph::Free => add(g.free.into(), "legend.free"),
            Glyph::Idle if used.has(Glyph::Free) => {}
            Glyph::Idle => add(g.free.into(), "legend.idle"),
            Glyph::Reason => add(g.reason.into(), "legend.reason"),
            Glyph::Dropped => add(g.dropped.into(), "legend.dropped"),
            Glyph::Playhead => add(g.playhead.into(), "legend.playhead"),
        }
    }
    out
}

/// The legend of what was drawn, in rows of the given widths: the entries in order, as
/// many as fit, then a pointer to the help for the rest.
pub fn legend(th: &Theme, cat: &Catalog, used: &Used, widths: &[usize]) -> Vec<String> {
    let all = entries(th, cat, used);
    let more = cat.t("legend.more");
    let mut rows = vec![String::new(); widths.len()];
    let mut next = 0;
    for (r, &width) in widths.iter().enumerate() {
        let last = r + 1 == widths.len();
        while let Some((glyph, what)) = all.get(next) {
            let item = format!("{glyph} {what}");
            let sep = if rows[r].is_empty() { 0 } else { 2 };
            // The last row keeps room for the pointer to the help, unless this is the
            // last entry.
            let keep = if last && next + 1 < all.len() {
                more.width() + 2
            } else {
                0
            };
            if rows[r].width() + sep + item.width() + keep > width {
                break;
            }
            if sep > 0 {
                rows[r].push_str("  ");
            }
            rows[r].push_str(&item);
            next += 1;
        }
    }
    if next < all.len()
        && let Some(row) = rows.last_mut()
    {
        if !row.is_empty() {
            row.push_str("  ");
        }
        row.push_str(more);
    }
    rows.iter()
        .zip(widths)
        .map(|(row, &w)| th.clip(row, w))
        .collect()
}

/// A tick step (1, 2 or 5 × 10^k ns) giving a label every ~14 columns.
pub fn tick_step(span: Nanos, width: u16) -> Nanos {
    let want = (span as f64 / (width.max(14) as f64 / 14.0)).max(1.0);
    let mut step: Nanos = 1;
    loop {
        for m in [1, 2, 5] {
            if (step * m) as f64 >= want {
                return step * m;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// An axis label for `t`, precise enough for `step`, in the unit of the window's end,
/// written the language's way.
pub fn axis_label(cat: &Catalog, t: Nanos, step: Nanos, end: Nanos) -> String {
    let (unit, name) = if end >= 1_000_000_000 {
        (1e9, "s")
    } else if end >= 1_000_000 {
        (1e6, "ms")
    } else if end >= 1_000 {
        (1e3, "µs")
    } else {
        (1.0, "ns")
    };
    let digits = ((unit / step as f64).log10().ceil().max(0.0) as usize).min(9);
    format!("{} {name}", cat.number(t as f64 / unit, digits))
}
