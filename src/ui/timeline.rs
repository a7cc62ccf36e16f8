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
use crate::trace::{EventKind, Nanos, Pid, Store, TaskId, TaskState, ThreadState, Tid};

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
    /// The selected thread, highlighted when the panel has focus.
    pub selected: usize,
    /// Whether the panel has focus.
    pub focused: bool,
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
    /// What each scrolling row shows, from the top of `lanes`.
    pub shown: Vec<Row>,
}

/// One row of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
        ((longest.max(procs).max(6) as u16) + 1 + indent)
            .min(24)
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
        }
    }

    /// The time at the start of plot column `c`.
    fn col_time(&self, c: u16, width: u16) -> Nanos {
        self.t0 + (self.span as u128 * c as u128 / width.max(1) as u128) as Nanos
    }
}

impl Widget for &Timeline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let legend = legend(th, self.cat, self.gil, self.store.core_count() > 0);
        let mut block = Block::new()
            .borders(Borders::ALL)
            .border_style(th.border(self.focused))
            .title(Span::styled(
                match self.title {
                    Some(mode) => format!(" {} ", self.cat.f("ui.threads_in", &[("mode", mode)])),
                    None => format!(" {} ", self.cat.t("ui.threads")),
                },
                th.bold(),
            ));
        if area.width as usize > legend.width() + 14 {
            block = block.title_bottom(Line::from(Span::styled(legend, th.dim())).right_aligned());
        }
        if !th.glyphs.unicode {
            block = block.border_set(super::text::ASCII_BORDER);
        }
        let geo = self.geometry(area);
        block.render(area, buf);
        let inner = Block::new().borders(Borders::ALL).inner(area);
        if inner.width < 4 || inner.height == 0 || geo.plot.width == 0 {
            return;
        }
        let plot_w = geo.plot.width;
        let cols: Vec<Nanos> = (0..=plot_w).map(|c| self.col_time(c, plot_w)).collect();
        let label_w = (geo.plot.x - inner.x).saturating_sub(1) as usize;
        let nested = self.store.procs().len() > 1;
        let (scroll, _) = rows(self.store, self.gil);
        let hidden_below = scroll
            .iter()
            .position(|r| geo.shown.last().is_some_and(|s| s == r))
            .map_or(0, |i| scroll.len().saturating_sub(i + 1));
        for (i, row) in geo.shown.iter().enumerate() {
            let y = inner.y + i as u16;
            match *row {
                Row::Thread(tid) => {
                    let mut style = th.thread_style(tid);
                    if self.focused && tid as usize == self.selected {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    let name = self.store.thread_name(tid);
                    let label = if nested {
                        format!("  {name}")
                    } else {
                        name.to_owned()
                    };
                    put(buf, inner, inner.x, y, &th.clip(&label, label_w), style);
                    self.draw_lane(buf, tid, geo.plot.x, y, &cols);
                }
                Row::Process(pid) => self.draw_process(buf, inner, pid, y, label_w, &cols),
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
                    put(buf, inner, inner.x, y, &th.clip(&label, label_w), th.dim());
                    self.draw_task(buf, task, geo.plot.x, y, &cols);
                }
                Row::Gil(pid) => {
                    let label = if nested { "  GIL" } else { "GIL" };
                    put(buf, inner, inner.x, y, label, th.bold());
                    self.draw_gil(buf, pid, geo.plot.x, y, &cols);
                }
                Row::Handoffs => self.draw_handoffs(buf, geo.plot.x, y, &cols),
                Row::Core(c) => {
                    put(
                        buf,
                        inner,
                        inner.x,
                        y,
                        &th.clip(&self.cat.f("ui.core", &[("core", &c.to_string())]), label_w),
                        th.bold(),
                    );
                    self.draw_core(buf, c, geo.plot.x, y, &cols);
                }
                Row::Axis => self.draw_axis(buf, geo.plot.x, y, plot_w),
            }
        }
        if hidden_below > 0 && geo.lanes.height > 0 {
            let y = geo.lanes.y + geo.lanes.height - 1;
            let more = self.cat.f("ui.more", &[("n", &hidden_below.to_string())]);
            put(buf, inner, inner.x, y, &th.clip(&more, label_w), th.dim());
        }
        let bottom = inner.y + inner.height;
        // The playhead: a reversed column through the lanes, a mark on the axis.
        if self.playhead >= self.t0 && self.playhead <= self.t0 + self.span {
            let x = geo.plot.x
                + ((self.playhead - self.t0) as u128 * plot_w as u128 / self.span.max(1) as u128)
                    .min(plot_w.saturating_sub(1) as u128) as u16;
            for yy in inner.y..bottom.saturating_sub(1) {
                if let Some(cell) = buf.cell_mut((x, yy)) {
                    if cell.symbol() == " " {
                        cell.set_char(th.glyphs.playhead);
                        cell.set_style(th.fg(th.playhead));
                    } else {
                        cell.modifier.insert(Modifier::REVERSED);
                    }
                }
            }
        }
    }
}

impl Timeline<'_> {
    /// One lane: the state that fills most of each column, then marks for events.
    fn draw_lane(&self, buf: &mut Buffer, tid: Tid, x0: u16, y: u16, cols: &[Nanos]) {
        let th = self.theme;
        let w = cols.len() - 1;
        let (first, segs) = self.store.segments(tid, cols[0], cols[w].max(cols[0] + 1));
        let lane = self.store.lane(tid);
        let limit = self.limit();
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
            cell.set_char(th.glyphs.state(state));
            cell.set_style(th.state_style(tid, state));
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
            let (glyph, prio) = match e.kind {
                EventKind::DropRequest { .. } => (th.glyphs.request, 3),
                EventKind::Spawn { .. } => (th.glyphs.spawn, 2),
                EventKind::Write { .. } => (th.glyphs.write, 1),
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
                }
            }
        }
    }

    /// An asyncio task's lane: running, ready (waiting for the loop), awaiting; a mark
    /// where it suspends in an `await`.
    fn draw_task(&self, buf: &mut Buffer, task: TaskId, x0: u16, y: u16, cols: &[Nanos]) {
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
            let (glyph, style) = match best.map(|(s, _)| s) {
                Some(TaskState::Running) => (
                    th.glyphs.running,
                    th.fg(colour).add_modifier(Modifier::BOLD),
                ),
                Some(TaskState::Ready) => (th.glyphs.waiting, th.fg(th.waiting)),
                Some(TaskState::Awaiting { .. }) => (th.glyphs.sleeping, th.fg(th.sleeping)),
                Some(TaskState::Done) | None => continue,
            };
            if let Some(cell) = buf.cell_mut((x0 + c as u16, y)) {
                cell.set_char(glyph);
                cell.set_style(style);
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
                }
            }
        }
    }

    /// A process's GIL lane.
    fn draw_gil(&self, buf: &mut Buffer, pid: Pid, x0: u16, y: u16, cols: &[Nanos]) {
        let w = cols.len() - 1;
        let spans: Vec<(Tid, Nanos, Option<Nanos>)> = self
            .store
            .holds(pid, cols[0], cols[w].max(cols[0] + 1))
            .iter()
            .map(|h| (h.tid, h.from, h.to))
            .collect();
        self.draw_tenures(buf, &spans, x0, y, cols);
    }

    /// A core's lane.
    fn draw_core(&self, buf: &mut Buffer, core: u16, x0: u16, y: u16, cols: &[Nanos]) {
        let w = cols.len() - 1;
        let spans: Vec<(Tid, Nanos, Option<Nanos>)> = self
            .store
            .core_spans(core as usize, cols[0], cols[w].max(cols[0] + 1))
            .iter()
            .map(|s| (s.tid, s.from, s.to))
            .collect();
        self.draw_tenures(buf, &spans, x0, y, cols);
    }

    /// A process header: its name, then its lifetime as a thin line with its exit code.
    fn draw_process(
        &self,
        buf: &mut Buffer,
        inner: Rect,
        pid: Pid,
        y: u16,
        label_w: usize,
        cols: &[Nanos],
    ) {
        let th = self.theme;
        let Some(p) = self.store.procs().get(pid as usize) else {
            return;
        };
        put(
            buf,
            inner,
            inner.x,
            y,
            &th.clip(&p.meta.name, label_w),
            th.bold(),
        );
        let w = cols.len() - 1;
        let x0 = inner.x + label_w as u16 + 1;
        let limit = self.limit();
        let end = p.ended.map_or(limit, |(t, _)| t).min(limit);
        let line = if th.glyphs.unicode { '─' } else { '-' };
        for c in 0..w {
            if cols[c + 1] > p.started
                && cols[c] < end
                && let Some(cell) = buf.cell_mut((x0 + c as u16, y))
            {
                cell.set_char(line);
                cell.set_style(th.dim());
            }
        }
        if let Some((t, code)) = p.ended.filter(|&(t, _)| t <= limit) {
            let c = cols.partition_point(|&x| x <= t).saturating_sub(1);
            if c < w {
                let text = th.clip(
                    &self.cat.f("ui.exit_code", &[("code", &code.to_string())]),
                    w - c,
                );
                put(buf, inner, x0 + c as u16, y, &text, th.dim());
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
            let mut best: Option<(Tid, Nanos)> = None;
            let mut j = k;
            while j < spans.len() && spans[j].1 < b {
                let (tid, from, to) = spans[j];
                let to = to.unwrap_or(limit).min(limit);
                let overlap = to.min(b).saturating_sub(from.max(a));
                if overlap > 0 && best.is_none_or(|(_, d)| overlap > d) {
                    best = Some((tid, overlap));
                }
                if to <= b {
                    k = j + 1;
                }
                j += 1;
            }
            let Some(cell) = buf.cell_mut((x0 + c as u16, y)) else {
                continue;
            };
            match best {
                Some((tid, _)) => {
                    cell.set_char(short_id(tid));
                    let style = if th.color {
                        Style::new()
                            .fg(ratatui::style::Color::Black)
                            .bg(th.thread(tid))
                    } else {
                        Style::new().add_modifier(Modifier::REVERSED)
                    };
                    cell.set_style(style);
                }
                None => {
                    cell.set_char(if th.glyphs.unicode { '┄' } else { '.' });
                    cell.set_style(th.dim());
                }
            }
        }
    }

    /// Under the GIL lane: each handoff's reason, where there is room for it.
    fn draw_handoffs(&self, buf: &mut Buffer, x0: u16, y: u16, cols: &[Nanos]) {
        let th = self.theme;
        let w = cols.len() - 1;
        let mut free_from = 0usize;
        let end = cols[w].max(cols[0] + 1).min(self.limit() + 1);
        for h in self.store.handoffs_in(cols[0], end) {
            let c = cols.partition_point(|&t| t <= h.t).saturating_sub(1);
            if c < free_from || c >= w {
                continue;
            }
            let mark = if th.glyphs.unicode { "▲" } else { "^" };
            let tag = format!("{mark}{}", reason_tag(self.cat, h.reason));
            let room = w - c;
            let text = th.clip(&tag, room);
            put(
                buf,
                buf.area,
                x0 + c as u16,
                y,
                &text,
                th.thread_style(h.to),
            );
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
                    axis_label(t, step, self.t0 + self.span)
                );
                let text = th.clip(&label, (w - c) as usize);
                put(buf, buf.area, x0 + c, y, &text, th.dim());
                free_from = c + text.width() as u16 + 1;
            }
            t += step;
        }
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

/// A thread's one-character id in the GIL lane: 0-9, then a-z, then A-Z.
pub fn short_id(tid: Tid) -> char {
    const IDS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    IDS[tid as usize % IDS.len()] as char
}

/// The legend of lane glyphs: the states that can occur in this run.
pub fn legend(th: &Theme, cat: &Catalog, gil: bool, cores: bool) -> String {
    let g = th.glyphs;
    let mut parts = vec![format!("{} {}", g.running, cat.t("legend.running"))];
    if gil {
        parts.push(format!("{} {}", g.waiting, cat.t("legend.waiting")));
    }
    if cores {
        parts.push(format!("{} {}", g.ready, cat.t("legend.ready")));
    }
    parts.push(format!("{} {}", g.sleeping, cat.t("legend.sleeping")));
    parts.push(format!("{} {}", g.blocked, cat.t("legend.blocked")));
    parts.push(format!("{} {}", g.write, cat.t("legend.print")));
    if gil {
        parts.push(format!("{} {}", g.request, cat.t("legend.asks")));
    }
    format!(" {} ", parts.join("  "))
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

/// An axis label for `t`, precise enough for `step`, in the unit of the window's end.
pub fn axis_label(t: Nanos, step: Nanos, end: Nanos) -> String {
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
    format!("{:.*} {name}", digits, t as f64 / unit)
}
