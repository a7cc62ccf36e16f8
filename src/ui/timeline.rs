//! The timeline: one lane per thread, the GIL lane with the reason of every handoff, a time
//! axis and the playhead. A frame costs the segments in view, not the whole trace.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::put;
use super::theme::Theme;
use crate::narrate::reason_tag;
use crate::trace::{EventKind, Nanos, Store, ThreadState, Tid};

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
    /// First lane shown.
    pub lane_scroll: usize,
    /// The selected lane, highlighted when the panel has focus.
    pub selected: usize,
    /// Whether the panel has focus.
    pub focused: bool,
}

/// Where the parts of the timeline landed, for mouse hit-testing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimelineGeometry {
    /// Columns of the lanes (without labels).
    pub plot: Rect,
    /// Rows of the thread lanes.
    pub lanes: Rect,
}

impl Timeline<'_> {
    /// Rows needed to show every lane: lanes, GIL, handoffs, axis, borders.
    pub fn wanted_height(threads: usize) -> u16 {
        (threads + 5).min(u16::MAX as usize) as u16
    }

    /// Label column width for this trace in an area `width` wide.
    fn label_width(&self, width: u16) -> u16 {
        let longest = self
            .store
            .threads()
            .iter()
            .map(|t| t.name.width())
            .max()
            .unwrap_or(4);
        (longest.max(4) as u16 + 1).min(24).min(width / 3)
    }

    /// The geometry the timeline uses inside `area`.
    pub fn geometry(&self, area: Rect) -> TimelineGeometry {
        let inner = Block::new().borders(Borders::ALL).inner(area);
        let label = self.label_width(inner.width);
        // Rows below the lanes: GIL lane, handoff tags (if room), axis.
        let below = if inner.height >= 5 {
            3
        } else {
            inner.height.min(2)
        };
        let lanes_h = inner.height.saturating_sub(below);
        TimelineGeometry {
            plot: Rect::new(
                inner.x + label,
                inner.y,
                inner.width.saturating_sub(label),
                inner.height,
            ),
            lanes: Rect::new(inner.x, inner.y, inner.width, lanes_h),
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
        let legend = legend(th);
        let mut block = Block::new()
            .borders(Borders::ALL)
            .border_style(th.border(self.focused))
            .title(Span::styled(" Threads ", th.bold()));
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
        let threads = self.store.threads();
        let rows = geo.lanes.height as usize;
        let first = self
            .lane_scroll
            .min(threads.len().saturating_sub(rows.max(1)));
        for (row, info) in threads.iter().skip(first).take(rows).enumerate() {
            let tid = info.meta.tid;
            let y = geo.lanes.y + row as u16;
            let mut label_style = th.thread_style(tid);
            if self.focused && tid as usize == self.selected {
                label_style = label_style.add_modifier(Modifier::REVERSED);
            }
            let label_w = geo.plot.x - inner.x;
            put(
                buf,
                inner,
                inner.x,
                y,
                &th.clip(&info.name, label_w.saturating_sub(1) as usize),
                label_style,
            );
            self.draw_lane(buf, tid, geo.plot.x, y, &cols);
        }
        if threads.len() > first + rows && rows > 0 {
            let more = format!("↓{}", threads.len() - first - rows);
            let y = geo.lanes.y + geo.lanes.height - 1;
            put(
                buf,
                inner,
                inner.x,
                y,
                &th.clip(&more, (geo.plot.x - inner.x) as usize),
                th.dim(),
            );
        }
        let mut y = geo.lanes.y + geo.lanes.height;
        let bottom = inner.y + inner.height;
        if y < bottom {
            put(buf, inner, inner.x, y, "GIL", th.bold());
            self.draw_gil(buf, geo.plot.x, y, &cols);
            y += 1;
        }
        if y + 1 < bottom {
            self.draw_handoffs(buf, geo.plot.x, y, &cols);
            y += 1;
        }
        if y < bottom {
            self.draw_axis(buf, geo.plot.x, y, plot_w);
        }
        // The playhead: a reversed column through lanes and GIL lane, a mark on the axis.
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
        let mut k = 0;
        for c in 0..w {
            let (a, b) = (cols[c], cols[c + 1].max(cols[c] + 1));
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
            if e.t >= cols[w] {
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

    /// The GIL lane: the holder of each column (by majority of time), as its id in its
    /// colour, so it also reads without colour.
    fn draw_gil(&self, buf: &mut Buffer, x0: u16, y: u16, cols: &[Nanos]) {
        let th = self.theme;
        let w = cols.len() - 1;
        let holds = self.store.holds(cols[0], cols[w].max(cols[0] + 1));
        let mut k = 0;
        for c in 0..w {
            let (a, b) = (cols[c], cols[c + 1].max(cols[c] + 1));
            let mut best: Option<(Tid, Nanos)> = None;
            let mut j = k;
            while j < holds.len() && holds[j].from < b {
                let h = holds[j];
                let to = h.to.unwrap_or(self.store.clock());
                let overlap = to.min(b).saturating_sub(h.from.max(a));
                if overlap > 0 && best.is_none_or(|(_, d)| overlap > d) {
                    best = Some((h.tid, overlap));
                }
                if to <= b {
                    k = j + 1;
                }
                j += 1;
            }
            let Some(cell) = buf.cell_mut((x0 + c as u16, y)) else {
                continue;
            };
            if a >= self.store.clock() {
                // Nothing is known beyond what has been simulated.
                continue;
            }
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
        for h in self.store.handoffs_in(cols[0], cols[w].max(cols[0] + 1)) {
            let c = cols.partition_point(|&t| t <= h.t).saturating_sub(1);
            if c < free_from || c >= w {
                continue;
            }
            let mark = if th.glyphs.unicode { "▲" } else { "^" };
            let tag = format!("{mark}{}", reason_tag(h.reason));
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
        ThreadState::Running => 5,
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

/// The legend of lane glyphs.
pub fn legend(th: &Theme) -> String {
    let g = th.glyphs;
    format!(
        " {} running  {} waiting GIL  {} sleeping  {} blocked  {} print  {} asks GIL ",
        g.running, g.waiting, g.sleeping, g.blocked, g.write, g.request
    )
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
