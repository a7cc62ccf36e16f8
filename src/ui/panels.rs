//! The panels around the timeline. Each is a struct that borrows exactly what it draws.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::keymap::BINDINGS;
use super::text::{ASCII_BORDER, put};
use super::theme::Theme;
use crate::i18n::Catalog;
use crate::narrate::{sentence, visible};
use crate::trace::{EventKind, Nanos, Store, Stream, Tid};

/// A bordered block in the theme's style; returns the inner area.
fn panel(area: Rect, buf: &mut Buffer, th: &Theme, title: &str, focused: bool) -> Rect {
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(th.border(focused))
        .title(Span::styled(format!(" {title} "), th.bold()));
    if !th.glyphs.unicode {
        block = block.border_set(ASCII_BORDER);
    }
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The top line: what runs, how, and where the playhead is.
pub struct Header<'a> {
    /// Program name.
    pub program: &'a str,
    /// Mode (GIL version).
    pub mode: &'a str,
    /// Seed.
    pub seed: u64,
    /// Switch interval.
    pub interval: Nanos,
    /// The playhead.
    pub playhead: Nanos,
    /// Playback speed (simulated s per host s).
    pub speed: f64,
    /// The run's state, as a catalogue key (`run.playing`).
    pub state: &'a str,
    /// The lesson's bookmark reached and how many there are.
    pub lesson: Option<(usize, usize)>,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

/// A time in seconds with microsecond precision, for the header and the event log, with
/// the language's decimal separator.
pub fn clock(cat: &Catalog, t: Nanos) -> String {
    let sep = if cat.lang() == crate::i18n::Lang::Pt {
        ','
    } else {
        '.'
    };
    format!(
        "{}{sep}{:06} s",
        t / 1_000_000_000,
        (t % 1_000_000_000) / 1_000
    )
}

/// A playback speed: `×1`, `×0.001`.
pub fn speed_label(s: f64) -> String {
    if s >= 1.0 {
        format!("×{s}")
    } else {
        format!("×{}", trim_float(s))
    }
}

fn trim_float(s: f64) -> String {
    let text = format!("{s:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Widget for &Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let icon = match (self.state, th.glyphs.unicode) {
            ("run.playing", true) => "▶",
            ("run.playing", false) => ">",
            ("run.paused", true) => "‖",
            ("run.paused", false) => "||",
            (_, true) => "■",
            (_, false) => "#",
        };
        // (text, style, priority): when the line is too narrow, the lowest priorities go
        // first; time, speed and state stay.
        let parts: Vec<(String, Style, u8)> = vec![
            ("gilscope".into(), th.bold(), 2),
            (self.program.into(), th.text(), 5),
            (self.mode.into(), th.dim(), 1),
            (
                self.cat.f("ui.seed", &[("seed", &self.seed.to_string())]),
                th.dim(),
                3,
            ),
            (
                self.cat
                    .f("ui.switch", &[("interval", &short_time(self.interval))]),
                th.dim(),
                4,
            ),
            (
                format!("t = {}", clock(self.cat, self.playhead)),
                th.bold(),
                9,
            ),
            (speed_label(self.speed), th.text(), 8),
            (
                self.lesson.map_or_else(String::new, |(n, total)| {
                    self.cat.f(
                        "ui.lesson",
                        &[("n", &n.to_string()), ("total", &total.to_string())],
                    )
                }),
                th.fg(th.accent).add_modifier(Modifier::BOLD),
                6,
            ),
            (
                format!("{icon} {}", self.cat.t(self.state)),
                th.fg(th.accent).add_modifier(Modifier::BOLD),
                7,
            ),
        ];
        let width = |p: &[&(String, Style, u8)]| -> usize {
            p.iter().map(|(t, _, _)| t.width()).sum::<usize>() + 3 * p.len().saturating_sub(1)
        };
        let mut kept: Vec<&(String, Style, u8)> =
            parts.iter().filter(|p| !p.0.is_empty()).collect();
        while width(&kept) > area.width as usize && kept.len() > 1 {
            if let Some(i) = (0..kept.len()).min_by_key(|&i| kept[i].2) {
                kept.remove(i);
            }
        }
        let mut x = area.x;
        for (i, (text, style, _)) in kept.iter().enumerate() {
            if i > 0 {
                x = put(buf, area, x, area.y, th.glyphs.sep, th.dim());
            }
            let left = (area.x + area.width).saturating_sub(x) as usize;
            x = put(buf, area, x, area.y, &th.clip(text, left), *style);
        }
    }
}

/// A duration without trailing zeros: `5 ms`, `1.5 ms`, `20 µs`.
pub fn short_time(ns: Nanos) -> String {
    let (v, unit) = if ns >= 1_000_000_000 {
        (ns as f64 / 1e9, "s")
    } else if ns >= 1_000_000 {
        (ns as f64 / 1e6, "ms")
    } else if ns >= 1_000 {
        (ns as f64 / 1e3, "µs")
    } else {
        (ns as f64, "ns")
    };
    format!("{} {unit}", trim_float(v))
}

/// A line of warning under the header.
pub struct Banner<'a> {
    /// The message.
    pub text: &'a str,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Banner<'_> {
    /// The most rows a banner takes: a deadlock among several threads names every lock.
    pub const MAX_ROWS: u16 = 3;

    /// The message broken into rows of `width` columns, after the ` ! ` mark.
    fn rows(&self, width: u16) -> Vec<String> {
        wrap(self.text, (width as usize).saturating_sub(4))
    }

    /// How many rows the message needs at `width`, at most [`Banner::MAX_ROWS`].
    pub fn height(&self, width: u16) -> u16 {
        (self.rows(width).len() as u16).clamp(1, Self::MAX_ROWS)
    }
}

impl Widget for &Banner<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let style = if self.theme.color {
            self.theme.alert().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        };
        buf.set_style(area, style);
        let mut rows = self.rows(area.width);
        if rows.len() > area.height as usize {
            // The last row that fits says there is more.
            let rest = rows
                .split_off(area.height.saturating_sub(1) as usize)
                .join(" ");
            rows.push(rest);
        }
        for (i, row) in rows.iter().enumerate().take(area.height as usize) {
            let mark = if i == 0 { " ! " } else { "   " };
            put(
                buf,
                area,
                area.x,
                area.y + i as u16,
                &self
                    .theme
                    .clip(&format!("{mark}{row}"), area.width as usize),
                style,
            );
        }
    }
}

/// The program's source with a marker per thread on the line it executes.
pub struct SourceView<'a> {
    /// The source lines (empty for Rust scenarios).
    pub lines: &'a [&'a str],
    /// (line, thread) for every live thread.
    pub markers: &'a [(u32, Tid)],
    /// The line to keep visible.
    pub follow: u32,
    /// Lines scrolled, if the user scrolled.
    pub scroll: Option<usize>,
    /// Whether the panel has focus.
    pub focused: bool,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &SourceView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let inner = panel(area, buf, th, self.cat.t("ui.source"), self.focused);
        if inner.height == 0 || inner.width < 8 {
            return;
        }
        if self.lines.is_empty() {
            put(
                buf,
                inner,
                inner.x,
                inner.y,
                &th.clip(self.cat.t("ui.no_source"), inner.width as usize),
                th.dim(),
            );
            return;
        }
        let h = inner.height as usize;
        let first = match self.scroll {
            Some(s) => s.min(self.lines.len().saturating_sub(1)),
            None => (self.follow as usize).saturating_sub(h / 2 + 1),
        };
        let num_w = self.lines.len().to_string().len();
        let marks_w = 3;
        for (row, (i, line)) in self
            .lines
            .iter()
            .enumerate()
            .skip(first)
            .take(h)
            .enumerate()
        {
            let y = inner.y + row as u16;
            let lineno = i as u32 + 1;
            let style = if lineno == self.follow {
                th.bold()
            } else {
                th.text()
            };
            let mut x = put(
                buf,
                inner,
                inner.x,
                y,
                &format!("{lineno:>num_w$} "),
                th.dim(),
            );
            let here: Vec<Tid> = self
                .markers
                .iter()
                .filter(|(l, _)| *l == lineno)
                .map(|&(_, t)| t)
                .collect();
            for (k, tid) in here.iter().take(marks_w).enumerate() {
                let glyph = if k == marks_w - 1 && here.len() > marks_w {
                    '+'
                } else {
                    th.glyphs.here
                };
                if let Some(cell) = buf.cell_mut((x + k as u16, y)) {
                    cell.set_char(glyph);
                    cell.set_style(th.thread_style(*tid).add_modifier(Modifier::BOLD));
                }
            }
            x += marks_w as u16 + 1;
            let code = visible(&line.replace('\t', "    "));
            let room = (inner.x + inner.width).saturating_sub(x) as usize;
            put(buf, inner, x, y, &th.clip(&code, room), style);
        }
    }
}

/// The program's output up to the playhead, each character in its writer's colour.
pub struct OutputView<'a> {
    /// The trace.
    pub store: &'a Store,
    /// The playhead.
    pub playhead: Nanos,
    /// Lines scrolled up from the newest.
    pub scroll: usize,
    /// Whether the panel has focus.
    pub focused: bool,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

/// A line of output: its pieces, each with the thread that wrote it and its stream.
type OutLine = Vec<(String, Tid, Stream)>;

impl OutputView<'_> {
    /// The last `n` lines written by the playhead (the newest last), reading only the
    /// writes needed.
    fn last_lines(&self, n: usize) -> Vec<OutLine> {
        let store = self.store;
        let evs = store.events();
        let writes = store.writes();
        let upto = writes.partition_point(|&i| evs[i as usize].t <= self.playhead);
        // Walk back until enough newlines are seen.
        let mut start = upto;
        let mut newlines = 0;
        while start > 0 && newlines <= n {
            start -= 1;
            if let EventKind::Write { text, .. } = evs[writes[start] as usize].kind {
                newlines += store.text(text).matches('\n').count();
            }
        }
        let mut lines: Vec<OutLine> = vec![Vec::new()];
        for &i in &writes[start..upto] {
            let e = evs[i as usize];
            let EventKind::Write { text, stream } = e.kind else {
                continue;
            };
            let mut parts = store.text(text).split('\n').peekable();
            while let Some(part) = parts.next() {
                if !part.is_empty() {
                    let line = lines.last_mut().map(|l| l as &mut OutLine);
                    if let Some(l) = line {
                        l.push((visible(part), e.tid, stream));
                    }
                }
                if parts.peek().is_some() {
                    lines.push(Vec::new());
                }
            }
        }
        if lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        let skip = lines.len().saturating_sub(n);
        lines.split_off(skip)
    }
}

impl Widget for &OutputView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let inner = panel(area, buf, th, self.cat.t("ui.output"), self.focused);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let h = inner.height as usize;
        let mut lines = self.last_lines(h + self.scroll);
        lines.truncate(lines.len().saturating_sub(self.scroll));
        let skip = lines.len().saturating_sub(h);
        for (row, line) in lines.iter().skip(skip).enumerate() {
            let y = inner.y + row as u16;
            let mut x = inner.x;
            for (text, tid, stream) in line {
                let style = match stream {
                    Stream::Stdout => th.thread_style(*tid),
                    Stream::Stderr => th.alert(),
                };
                let room = (inner.x + inner.width).saturating_sub(x) as usize;
                if room == 0 {
                    break;
                }
                x = put(buf, inner, x, y, &th.clip(text, room), style);
            }
        }
    }
}

/// The event log around the current event.
pub struct EventLog<'a> {
    /// The trace.
    pub store: &'a Store,
    /// The current event.
    pub cursor: Option<usize>,
    /// Whether the panel has focus.
    pub focused: bool,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &EventLog<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let inner = panel(area, buf, th, self.cat.t("ui.events"), self.focused);
        let h = inner.height as usize;
        if h == 0 || inner.width < 10 {
            return;
        }
        let evs = self.store.events();
        // The current event sits on the second-to-last row: the log reads as history.
        let anchor = self.cursor.map_or(0, |c| c + 1);
        let first = anchor.saturating_sub(h.saturating_sub(1));
        let name_w = 14.min(inner.width as usize / 4);
        for (row, i) in (first..evs.len()).take(h).enumerate() {
            let e = &evs[i];
            let y = inner.y + row as u16;
            let current = Some(i) == self.cursor;
            let base = if current { th.selected() } else { Style::new() };
            let mut x = put(
                buf,
                inner,
                inner.x,
                y,
                &format!("{:>14} ", clock(self.cat, e.t)),
                th.dim().patch(base),
            );
            let name = th.clip(&self.store.thread_label(e.tid), name_w);
            x = put(
                buf,
                inner,
                x,
                y,
                &format!("{name:<name_w$} "),
                th.thread_style(e.tid).patch(base),
            );
            let room = (inner.x + inner.width).saturating_sub(x) as usize;
            put(
                buf,
                inner,
                x,
                y,
                &th.clip(&sentence(self.cat, self.store, e), room),
                th.text().patch(base),
            );
        }
    }
}

/// Per-thread shares of time up to the playhead.
pub struct StatsView<'a> {
    /// The trace.
    pub store: &'a Store,
    /// The playhead.
    pub playhead: Nanos,
    /// Whether the panel has focus.
    pub focused: bool,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &StatsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let inner = panel(area, buf, th, self.cat.t("ui.stats"), self.focused);
        if inner.height == 0 || inner.width < 20 {
            return;
        }
        // Columns in display order, with the order in which they are dropped when narrow.
        let cols = [
            ("stats.run", 5, 0),
            ("stats.wait", 5, 1),
            ("stats.sleep", 6, 4),
            ("stats.block", 6, 5),
            ("stats.got", 4, 2),
            ("stats.max_wait", 9, 3),
        ];
        let name_min = 8;
        let mut shown = [false; 6];
        let mut used = name_min + 1;
        for keep in 0..cols.len() {
            if let Some(i) = cols.iter().position(|c| c.2 == keep)
                && used + cols[i].1 <= inner.width as usize
            {
                shown[i] = true;
                used += cols[i].1;
            }
        }
        let name_w = (inner.width as usize + name_min + 1)
            .saturating_sub(used + 1)
            .clamp(name_min, 18);
        let mut x = put(
            buf,
            inner,
            inner.x,
            inner.y,
            &format!("{:<name_w$} ", self.cat.t("stats.thread")),
            th.dim(),
        );
        for (i, (c, w, _)) in cols.iter().enumerate() {
            if shown[i] {
                let c = th.clip(self.cat.t(c), *w);
                x = put(buf, inner, x, inner.y, &format!("{c:>w$}"), th.dim());
            }
        }
        for (row, info) in self
            .store
            .threads()
            .iter()
            .enumerate()
            .take(inner.height as usize - 1)
        {
            let y = inner.y + 1 + row as u16;
            let tid = info.meta.tid;
            let s = self.store.stats(tid, self.playhead);
            let total = s.total().max(1) as f64;
            let pct = |v: Nanos| format!("{:.0}%", 100.0 * v as f64 / total);
            let name = th.clip(&self.store.thread_label(tid), name_w);
            let mut x = put(
                buf,
                inner,
                inner.x,
                y,
                &format!("{name:<name_w$} "),
                th.thread_style(tid),
            );
            let values = [
                pct(s.running),
                pct(s.waiting),
                pct(s.sleeping),
                pct(s.blocked),
                s.handoffs.to_string(),
                self.cat.time(s.longest_wait),
            ];
            for (i, v) in values.iter().enumerate() {
                if shown[i] {
                    let w = cols[i].1;
                    x = put(
                        buf,
                        inner,
                        x,
                        y,
                        &th.clip(&format!("{v:>w$}"), w),
                        th.text(),
                    );
                }
            }
        }
    }
}

/// One line explaining the current event, or a hint before the first step.
pub struct StatusLine<'a> {
    /// The text.
    pub text: &'a str,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        put(
            buf,
            area,
            area.x,
            area.y,
            &self.theme.clip(self.text, area.width as usize),
            self.theme.bold(),
        );
    }
}

/// The footer: the main keys, from the key map.
pub struct Footer<'a> {
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &Footer<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let mut items: Vec<(String, &str, u8)> = BINDINGS
            .iter()
            .filter_map(|b| {
                let key = b.footer?;
                Some((
                    key_label(b.label, th),
                    self.cat.t(key),
                    footer_priority(key),
                ))
            })
            .collect();
        // Too wide: drop the least needed first; help and quit always stay.
        let width = |v: &[(String, &str, u8)]| -> usize {
            v.iter().map(|(k, w, _)| k.width() + w.width() + 3).sum()
        };
        while width(&items) > area.width as usize && items.len() > 2 {
            if let Some(i) = (0..items.len()).min_by_key(|&i| items[i].2) {
                items.remove(i);
            }
        }
        let mut x = area.x;
        for (key, what, _) in &items {
            let kx = put(
                buf,
                area,
                x,
                area.y,
                key,
                th.fg(th.accent).add_modifier(Modifier::BOLD),
            );
            x = put(buf, area, kx, area.y, &format!(" {what}  "), th.dim());
        }
    }
}

/// How much the footer needs an entry (catalogue key): help and quit most.
fn footer_priority(key: &str) -> u8 {
    match key {
        "footer.help" | "footer.quit" => 9,
        "footer.play" | "footer.step" => 7,
        "footer.speed" => 5,
        "footer.handoff" | "footer.zoom" => 4,
        "footer.panel" => 2,
        _ => 1,
    }
}

/// A key's label, in ASCII when the theme is.
fn key_label(label: &str, th: &Theme) -> String {
    if th.glyphs.unicode {
        label.to_owned()
    } else {
        label
            .replace('→', "right")
            .replace('←', "left")
            .replace('↑', "up")
            .replace('↓', "down")
    }
}

/// The help overlay: every key binding.
pub struct Help<'a> {
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        const COL: u16 = 56;
        let n = BINDINGS.len();
        // Two columns when one would not fit, so a 120x40 projector shows every key.
        let room = area.height.saturating_sub(4).max(1) as usize;
        let cols: u16 = if n > room && area.width >= 2 * COL + 4 {
            2
        } else {
            1
        };
        let per_col = n.div_ceil(cols as usize);
        let h = (per_col as u16 + 2).min(area.height);
        let w = (cols * COL + 2).min(area.width);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        Clear.render(r, buf);
        let inner = panel(r, buf, th, self.cat.t("ui.keys"), true);
        let rows = inner.height as usize;
        let capacity = rows * cols as usize;
        let fits = if n > capacity {
            capacity.saturating_sub(1)
        } else {
            n
        };
        if fits < n && rows > 0 {
            let left = (n - fits).to_string();
            let more = self.cat.f("ui.help_more", &[("n", &left)]);
            let last = fits / rows;
            let x = inner.x + last as u16 * COL;
            put(
                buf,
                inner,
                x + 1,
                inner.y + (fits % rows) as u16,
                &th.clip(
                    &more,
                    (inner.x + inner.width).saturating_sub(x + 1) as usize,
                ),
                th.dim(),
            );
        }
        for (i, b) in BINDINGS.iter().enumerate().take(fits) {
            let col_x = inner.x + (i / rows) as u16 * COL;
            let y = inner.y + (i % rows) as u16;
            let x = put(
                buf,
                inner,
                col_x + 1,
                y,
                &format!("{:<10}", key_label(b.label, th)),
                th.fg(th.accent).add_modifier(Modifier::BOLD),
            );
            let end = (col_x + COL).min(inner.x + inner.width);
            let room = end.saturating_sub(x + 1) as usize;
            put(
                buf,
                inner,
                x,
                y,
                &th.clip(self.cat.t(b.help), room),
                th.text(),
            );
        }
    }
}

/// Details of one event and of every thread at its time.
pub struct Details<'a> {
    /// The trace.
    pub store: &'a Store,
    /// The event.
    pub index: usize,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &Details<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let Some(e) = self.store.events().get(self.index) else {
            return;
        };
        let cat = self.cat;
        let mut lines: Vec<(String, Style)> = vec![
            (
                cat.f(
                    "details.event",
                    &[("n", &self.index.to_string()), ("t", &clock(cat, e.t))],
                ),
                th.bold(),
            ),
            (sentence(cat, self.store, e), th.text()),
            (
                cat.f(
                    "details.thread",
                    &[
                        ("name", &self.store.thread_label(e.tid)),
                        ("id", &e.tid.to_string()),
                        ("line", &e.line.to_string()),
                    ],
                ),
                th.text(),
            ),
            (
                cat.f("details.kind", &[("kind", &format!("{:?}", e.kind))]),
                th.dim(),
            ),
            (String::new(), th.text()),
            (cat.t("details.threads").to_owned(), th.bold()),
        ];
        for info in self.store.threads() {
            let state =
                crate::narrate::state(cat, self.store, self.store.state_at(info.meta.tid, e.t));
            lines.push((
                format!(
                    "  {:<22} {state}",
                    th.clip(&self.store.thread_label(info.meta.tid), 22)
                ),
                th.thread_style(info.meta.tid),
            ));
        }
        let holder = self
            .store
            .holder_at(self.store.thread_pid(e.tid), e.t)
            .map_or_else(
                || cat.t("details.nobody").to_owned(),
                |t| self.store.thread_label(t),
            );
        lines.push((cat.f("details.gil", &[("holder", &holder)]), th.text()));
        let h = (lines.len() as u16 + 2).min(area.height);
        let w = 72.min(area.width);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        Clear.render(r, buf);
        let inner = panel(r, buf, th, self.cat.t("ui.event"), true);
        for (row, (text, style)) in lines.iter().enumerate().take(inner.height as usize) {
            put(
                buf,
                inner,
                inner.x + 1,
                inner.y + row as u16,
                &th.clip(text, inner.width.saturating_sub(1) as usize),
                *style,
            );
        }
    }
}

/// A bookmark's sentence, in a box at the bottom of the screen.
pub struct LessonBox<'a> {
    /// The sentence.
    pub text: &'a str,
    /// Colours.
    pub theme: &'a Theme,
}

impl Widget for &LessonBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        if area.width < 12 || area.height < 5 {
            return;
        }
        let w = area.width.saturating_sub(4).min(100);
        let lines = wrap(self.text, w.saturating_sub(4) as usize);
        let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        // Just above the status and footer lines.
        let y = area.y + area.height.saturating_sub(h + 2);
        let r = Rect::new(area.x + (area.width - w) / 2, y, w, h);
        Clear.render(r, buf);
        let style = th.fg(th.accent).add_modifier(Modifier::BOLD);
        let mut block = Block::new().borders(Borders::ALL).border_style(style);
        if !th.glyphs.unicode {
            block = block.border_set(ASCII_BORDER);
        }
        let inner = block.inner(r);
        block.render(r, buf);
        for (i, line) in lines.iter().enumerate().take(inner.height as usize) {
            put(
                buf,
                inner,
                inner.x + 1,
                inner.y + i as u16,
                &th.clip(line, inner.width as usize),
                th.bold(),
            );
        }
    }
}

/// `text` broken into lines of at most `width` columns, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width.max(1) {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The list of built-in scenarios: name, title, and the summary of the selected one.
pub struct Picker<'a> {
    /// The selected row.
    pub selected: usize,
    /// The language of titles and summaries.
    pub lang: crate::i18n::Lang,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &Picker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let all = crate::scenario::ALL;
        let h = (all.len() as u16 + 6).min(area.height);
        let w = 96.min(area.width);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        Clear.render(r, buf);
        let inner = panel(r, buf, th, self.cat.t("ui.picker"), true);
        let rows = (inner.height as usize).saturating_sub(3);
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        for (row, (i, s)) in all.iter().enumerate().skip(first).take(rows).enumerate() {
            let y = inner.y + row as u16;
            let lesson = s.lesson();
            let line = format!(" {:<18} {}", s.name, lesson.title.get(self.lang));
            let style = if i == self.selected {
                th.selected()
            } else {
                th.text()
            };
            put(
                buf,
                inner,
                inner.x,
                y,
                &th.clip(&line, inner.width as usize),
                style,
            );
        }
        if let Some(s) = all.get(self.selected) {
            let summary = s.lesson().summary.get(self.lang).to_owned();
            let y = inner.y + inner.height.saturating_sub(2);
            for (i, line) in wrap(&summary, inner.width.saturating_sub(2) as usize)
                .iter()
                .take(2)
                .enumerate()
            {
                put(
                    buf,
                    inner,
                    inner.x + 1,
                    y + i as u16,
                    &th.clip(line, inner.width as usize),
                    th.dim(),
                );
            }
        }
    }
}
