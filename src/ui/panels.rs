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
    /// The GIL mode the run simulates.
    pub mode: crate::engine::GilMode,
    /// Seed.
    pub seed: u64,
    /// The switch interval in force at the playhead.
    pub interval: Nanos,
    /// The playhead.
    pub playhead: Nanos,
    /// Playback speed (simulated s per host s).
    pub speed: f64,
    /// The run's state, as a catalogue key (`run.playing`).
    pub state: &'a str,
    /// The lesson's bookmark reached and how many there are.
    pub lesson: Option<(usize, usize)>,
    /// Two programs compared: their totals so far (`2.049 s vs 10.049 s`), kept on the
    /// narrowest screen.
    pub versus: Option<String>,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

/// A time in seconds with microsecond precision, for the header and the event log, with
/// the language's decimal separator.
pub fn clock(cat: &Catalog, t: Nanos) -> String {
    // Cut, not rounded: a time shown is never later than the moment it names.
    format!(
        "{}{}{:06} s",
        t / 1_000_000_000,
        cat.decimal_point(),
        (t % 1_000_000_000) / 1_000
    )
}

/// A playback speed: `×1`, `×0.001` (`×0,001` in Portuguese).
pub fn speed_label(cat: &Catalog, s: f64) -> String {
    let digits = if s >= 1.0 { 0 } else { 4 };
    format!("×{}", trim_number(&cat.number(s, digits)))
}

/// A number without trailing zeros after its decimal separator.
fn trim_number(text: &str) -> String {
    if !text.contains(['.', ',']) {
        return text.to_owned();
    }
    text.trim_end_matches('0')
        .trim_end_matches(['.', ','])
        .to_owned()
}

/// One item of the header: its text, a shorter form for narrow screens, and its style.
struct Part {
    text: String,
    short: Option<String>,
    style: Style,
}

/// What the header gives up, in order, until it fits: first what a class can do without,
/// then shorter forms, then more; the time, the run's state and the GIL mode always stay.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Name,
    Program,
    Mode,
    Seed,
    Switch,
    Time,
    Speed,
    Lesson,
    State,
    Versus,
}

/// How the header shrinks: drop an item, or use its short form.
#[derive(Clone, Copy)]
enum Step {
    Drop(Item),
    Shorten(Item),
}

/// The order the header shrinks in; `default_switch` when the program did not change the
/// switch interval (then it can go early).
fn shrink_steps(default_switch: bool) -> Vec<Step> {
    use Item::*;
    use Step::*;
    let mut steps = vec![Drop(Seed)];
    if default_switch {
        steps.push(Drop(Switch));
    }
    steps.extend([
        Drop(Name),
        Shorten(Mode),
        Shorten(Time),
        Shorten(Lesson),
        Drop(Program),
        Drop(Switch),
        Shorten(State),
        Drop(Speed),
        Drop(Lesson),
    ]);
    steps
}

/// Fits `parts` in `width` columns with `sep` between them, shrinking them in `steps`.
fn fit_parts(parts: &mut Vec<(Item, Part)>, width: usize, sep: &str, steps: &[Step]) {
    let wide = |p: &[(Item, Part)]| -> bool {
        p.iter().map(|(_, p)| p.text.width()).sum::<usize>()
            + sep.width() * p.len().saturating_sub(1)
            > width
    };
    for step in steps {
        if !wide(parts) {
            return;
        }
        match *step {
            Step::Drop(item) => parts.retain(|(i, _)| *i != item),
            Step::Shorten(item) => {
                for (i, p) in parts.iter_mut() {
                    if *i == item
                        && let Some(short) = p.short.take()
                    {
                        p.text = short;
                    }
                }
            }
        }
    }
}

impl Widget for &Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let cat = self.cat;
        let icon = match (self.state, th.glyphs.unicode) {
            ("run.playing", true) => "▶",
            ("run.playing", false) => ">",
            ("run.paused", true) => "‖",
            ("run.paused", false) => "||",
            (_, true) => "■",
            (_, false) => "#",
        };
        let accent = th.fg(th.accent).add_modifier(Modifier::BOLD);
        let mode = super::mode_key(self.mode);
        let part = |text: String, short: Option<String>, style: Style| Part { text, short, style };
        let mut parts = vec![
            (Item::Name, part("gilscope".into(), None, th.bold())),
            (Item::Program, part(self.program.into(), None, th.text())),
            (
                Item::Mode,
                part(
                    cat.t(mode).into(),
                    Some(cat.t(&format!("{mode}_short")).into()),
                    accent,
                ),
            ),
            (
                Item::Seed,
                part(
                    cat.f("ui.seed", &[("seed", &self.seed.to_string())]),
                    None,
                    th.dim(),
                ),
            ),
            (
                Item::Switch,
                part(
                    cat.f(
                        "ui.switch",
                        &[("interval", &short_time(cat, self.interval))],
                    ),
                    None,
                    th.dim(),
                ),
            ),
            (
                Item::Time,
                part(
                    format!("t = {}", clock(cat, self.playhead)),
                    Some(clock(cat, self.playhead)),
                    th.bold(),
                ),
            ),
            (
                Item::Speed,
                part(speed_label(cat, self.speed), None, th.text()),
            ),
        ];
        if let Some(v) = &self.versus {
            parts.push((Item::Versus, part(v.clone(), None, accent)));
        }
        if let Some((n, total)) = self.lesson {
            let (n, total) = (n.to_string(), total.to_string());
            parts.push((
                Item::Lesson,
                part(
                    cat.f("ui.lesson", &[("n", &n), ("total", &total)]),
                    Some(format!("{n}/{total}")),
                    accent,
                ),
            ));
        }
        parts.push((
            Item::State,
            part(
                format!("{icon} {}", cat.t(self.state)),
                Some(icon.to_owned()),
                accent,
            ),
        ));
        let sep = th.glyphs.sep;
        let steps = shrink_steps(self.interval == DEFAULT_SWITCH);
        fit_parts(&mut parts, area.width as usize, sep, &steps);
        let mut x = area.x;
        for (i, (_, p)) in parts.iter().enumerate() {
            if i > 0 {
                x = put(buf, area, x, area.y, sep, th.dim());
            }
            let left = (area.x + area.width).saturating_sub(x) as usize;
            x = put(buf, area, x, area.y, &th.clip(&p.text, left), p.style);
        }
    }
}

/// CPython's default switch interval.
const DEFAULT_SWITCH: Nanos = 5_000_000;

/// A duration without trailing zeros, the language's way: `5 ms`, `1.5 ms` (`1,5 ms`),
/// `20 µs`.
pub fn short_time(cat: &Catalog, ns: Nanos) -> String {
    let (v, unit) = if ns >= 1_000_000_000 {
        (ns as f64 / 1e9, "s")
    } else if ns >= 1_000_000 {
        (ns as f64 / 1e6, "ms")
    } else if ns >= 1_000 {
        (ns as f64 / 1e3, "µs")
    } else {
        (ns as f64, "ns")
    };
    format!("{} {unit}", trim_number(&cat.number(v, 4)))
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

/// The program's output up to the playhead, each character in its writer's colour; long
/// lines wrap, so the conclusions a program prints are read whole.
pub struct OutputView<'a> {
    /// The trace.
    pub store: &'a Store,
    /// The playhead.
    pub playhead: Nanos,
    /// Rows scrolled up from the newest.
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
    /// The last `n` rows of `width` columns written by the playhead (the newest last),
    /// reading only the writes needed; whether older output was dropped with the trace's
    /// oldest history and the rows reach back to it.
    fn last_rows(&self, n: usize, width: usize) -> (Vec<OutLine>, bool) {
        let store = self.store;
        let evs = store.events();
        let writes = store.writes();
        let upto = writes.partition_point(|&i| evs[i as usize].t <= self.playhead);
        // Walk back until enough rows are seen (a line takes at least one).
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
                if !part.is_empty()
                    && let Some(l) = lines.last_mut()
                {
                    l.push((visible(part), e.tid, stream));
                }
                if parts.peek().is_some() {
                    lines.push(Vec::new());
                }
            }
        }
        if lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        let mut rows: Vec<OutLine> = lines
            .into_iter()
            .flat_map(|l| wrap_pieces(l, width))
            .collect();
        let skip = rows.len().saturating_sub(n);
        let dropped = start == 0 && skip == 0 && store.writes_total() > writes.len();
        (rows.split_off(skip), dropped)
    }
}

/// A line of coloured pieces broken into rows of `width` columns, at spaces where it can
/// (a word longer than a row is cut).
fn wrap_pieces(line: OutLine, width: usize) -> Vec<OutLine> {
    let width = width.max(1);
    let chars: Vec<(char, Tid, Stream)> = line
        .iter()
        .flat_map(|(text, tid, stream)| text.chars().map(move |c| (c, *tid, *stream)))
        .collect();
    let w = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    let mut rows = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        // The longest run from `start` that fits.
        let mut end = start;
        let mut used = 0;
        while end < chars.len() && used + w(chars[end].0) <= width {
            used += w(chars[end].0);
            end += 1;
        }
        let mut next = end;
        if end < chars.len() {
            if let Some(space) = (start + 1..=end.min(chars.len() - 1))
                .rev()
                .find(|&i| chars[i].0 == ' ')
            {
                end = space;
                next = space + 1;
            } else if end == start {
                // Not even one character fits: take it anyway.
                end = start + 1;
                next = end;
            }
        }
        let mut row: OutLine = Vec::new();
        for &(c, tid, stream) in &chars[start..end] {
            match row.last_mut() {
                Some((text, t, s)) if *t == tid && *s == stream => text.push(c),
                _ => row.push((c.to_string(), tid, stream)),
            }
        }
        rows.push(row);
        start = next;
    }
    if rows.is_empty() {
        rows.push(Vec::new());
    }
    rows
}

impl Widget for &OutputView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let inner = panel(area, buf, th, self.cat.t("ui.output"), self.focused);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let h = inner.height as usize;
        let (mut rows, dropped) = self.last_rows(h + self.scroll, inner.width as usize);
        rows.truncate(rows.len().saturating_sub(self.scroll));
        let mut y = inner.y;
        if dropped && rows.len() < h {
            // The output before the trace's horizon is gone: say so where it was.
            let text = th.clip(self.cat.t("ui.output_dropped"), inner.width as usize);
            put(buf, inner, inner.x, y, &text, th.dim());
            y += 1;
        }
        let room = (inner.y + inner.height).saturating_sub(y) as usize;
        let skip = rows.len().saturating_sub(room);
        for row in rows.iter().skip(skip) {
            let mut x = inner.x;
            for (text, tid, stream) in row {
                let style = match stream {
                    Stream::Stdout => th.thread_style(*tid),
                    Stream::Stderr => th.alert(),
                };
                x = put(buf, inner, x, y, text, style);
            }
            y += 1;
        }
    }
}

/// The event log up to the current event: nothing after the playhead is listed.
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
        // The current event sits on the last row: the log reads as history, up to now.
        let Some(cursor) = self.cursor.filter(|&c| c < evs.len()) else {
            let text = if self.store.dropped() > 0 {
                self.cat.t("ui.events_dropped")
            } else {
                self.cat.t("ui.no_events")
            };
            put(
                buf,
                inner,
                inner.x,
                inner.y,
                &th.clip(text, inner.width as usize),
                th.dim(),
            );
            return;
        };
        // The told events up to the cursor, the current one last (`line` samples only say
        // where a thread is: the source panel shows that).
        let mut shown: Vec<usize> = (0..=cursor)
            .rev()
            .filter(|&i| evs[i].kind.is_told())
            .take(h)
            .collect();
        shown.reverse();
        let mut y = inner.y;
        let from_first = shown.len() < h;
        if self.store.dropped() > 0 && from_first {
            // The oldest events were dropped to the memory bound: say so above the first
            // one kept.
            let text = th.clip(self.cat.t("ui.events_dropped"), inner.width as usize);
            put(buf, inner, inner.x, y, &text, th.dim());
            y += 1;
        }
        let names: Vec<String> = self
            .store
            .threads()
            .iter()
            .map(|t| self.store.thread_label(t.meta.tid))
            .collect();
        let name_w = 14.min(inner.width as usize / 4);
        let names = th.clip_distinct(&names, name_w);
        for i in shown {
            let e = &evs[i];
            let current = i == cursor;
            let base = if current { th.selected() } else { Style::new() };
            let mut x = put(
                buf,
                inner,
                inner.x,
                y,
                &format!("{:>14} ", clock(self.cat, e.t)),
                th.dim().patch(base),
            );
            let name = names.get(e.tid as usize).map_or("?", String::as_str);
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
            y += 1;
        }
    }
}

/// Per-thread shares of time up to the playhead, and how often each took the GIL: the
/// same takes the event log lists.
pub struct StatsView<'a> {
    /// The trace.
    pub store: &'a Store,
    /// The playhead.
    pub playhead: Nanos,
    /// Whether the run has a GIL (without one: no GIL columns, a column for waiting for a
    /// core).
    pub gil: bool,
    /// Whether the panel has focus.
    pub focused: bool,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

/// A statistics column: its heading (catalogue key) and when it goes on a narrow panel
/// (lowest first).
struct Column {
    key: &'static str,
    drop: u8,
}

impl Widget for &StatsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let cat = self.cat;
        let inner = panel(area, buf, th, cat.t("ui.stats"), self.focused);
        if inner.height == 0 || inner.width < 12 {
            return;
        }
        let mut cols = vec![Column {
            key: "stats.run",
            drop: 9,
        }];
        if self.gil {
            cols.push(Column {
                key: "stats.wait",
                drop: 8,
            });
        } else {
            cols.push(Column {
                key: "stats.ready",
                drop: 8,
            });
        }
        cols.push(Column {
            key: "stats.sleep",
            drop: 3,
        });
        cols.push(Column {
            key: "stats.block",
            drop: 2,
        });
        if self.gil {
            cols.push(Column {
                key: "stats.got",
                drop: 7,
            });
            cols.push(Column {
                key: "stats.max_wait",
                drop: 5,
            });
        }
        let threads = self.store.threads();
        let values: Vec<Vec<String>> = threads
            .iter()
            .map(|info| {
                let tid = info.meta.tid;
                let s = self.store.stats(tid, self.playhead);
                let total = s.total().max(1) as f64;
                let pct = |v: Nanos| format!("{}%", cat.number(100.0 * v as f64 / total, 0));
                cols.iter()
                    .map(|c| match c.key {
                        "stats.run" => pct(s.running),
                        "stats.wait" => pct(s.waiting),
                        "stats.ready" => pct(s.ready),
                        "stats.sleep" => pct(s.sleeping),
                        "stats.block" => pct(s.blocked),
                        "stats.got" => self.store.takes(tid, self.playhead).to_string(),
                        _ => cat.time(s.longest_wait),
                    })
                    .collect()
            })
            .collect();
        // Each column as wide as its heading or its widest value, one space before it, so
        // that numbers never run together.
        let widths: Vec<usize> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                values
                    .iter()
                    .map(|v| v[i].width())
                    .chain([cat.t(c.key).width()])
                    .max()
                    .unwrap_or(0)
                    + 1
            })
            .collect();
        // Names need room to be read: columns go before names are cut below this.
        let name_min = 12;
        let mut shown: Vec<usize> = (0..cols.len()).collect();
        while !shown.is_empty()
            && name_min + shown.iter().map(|&i| widths[i]).sum::<usize>() > inner.width as usize
        {
            if let Some(k) = (0..shown.len()).min_by_key(|&k| cols[shown[k]].drop) {
                shown.remove(k);
            }
        }
        let used: usize = shown.iter().map(|&i| widths[i]).sum();
        let name_w = (inner.width as usize).saturating_sub(used).max(1);
        let mut x = put(
            buf,
            inner,
            inner.x,
            inner.y,
            &format!("{:<name_w$}", th.clip(cat.t("stats.thread"), name_w)),
            th.dim(),
        );
        for &i in &shown {
            let w = widths[i];
            x = put(
                buf,
                inner,
                x,
                inner.y,
                &format!("{:>w$}", cat.t(cols[i].key)),
                th.dim(),
            );
        }
        let names: Vec<String> = threads
            .iter()
            .map(|t| self.store.thread_label(t.meta.tid))
            .collect();
        let names = th.clip_distinct(&names, name_w.saturating_sub(1));
        let rows = inner.height as usize - 1;
        let fits = if threads.len() > rows {
            // The last row counts the threads that do not fit.
            let more = cat.f(
                "ui.more_threads",
                &[("n", &(threads.len() + 1 - rows).to_string())],
            );
            let y = inner.y + inner.height - 1;
            put(
                buf,
                inner,
                inner.x,
                y,
                &th.clip(&more, inner.width as usize),
                th.dim(),
            );
            rows.saturating_sub(1)
        } else {
            rows
        };
        for (row, info) in threads.iter().enumerate().take(fits) {
            let y = inner.y + 1 + row as u16;
            let tid = info.meta.tid;
            let name = names.get(row).map_or("", String::as_str);
            let mut x = put(
                buf,
                inner,
                inner.x,
                y,
                &format!("{name:<name_w$}"),
                th.thread_style(tid),
            );
            for &i in &shown {
                let w = widths[i];
                x = put(
                    buf,
                    inner,
                    x,
                    y,
                    &format!("{:>w$}", values[row][i]),
                    th.text(),
                );
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
    /// Whether the program has a lesson (its key then matters more).
    pub lesson: bool,
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
                    key_label(b.label, th, self.cat),
                    self.cat.t(key),
                    footer_priority(key, self.lesson),
                ))
            })
            .collect();
        // Too wide: drop the least needed first; help and quit always stay.
        let width = |v: &[(String, &str, u8)]| -> usize {
            v.iter()
                .map(|(k, w, _)| k.width() + w.width() + 3)
                .sum::<usize>()
                - 2
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

/// How much the footer needs an entry (catalogue key): help and quit most, the lesson's
/// key when there is a lesson.
fn footer_priority(key: &str, lesson: bool) -> u8 {
    match key {
        "footer.help" | "footer.quit" => 9,
        "footer.play" | "footer.step" => 7,
        "footer.lesson" if lesson => 6,
        "footer.speed" => 5,
        "footer.handoff" | "footer.zoom" => 4,
        "footer.panel" => 2,
        _ => 1,
    }
}

/// A key's label in the language (`space`, `espaço`), in ASCII when the theme is.
fn key_label(label: &str, th: &Theme, cat: &Catalog) -> String {
    let label = match label {
        "space" => cat.t("keyname.space"),
        other => other,
    };
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

/// One row of the help.
enum HelpRow {
    /// A key and what it does.
    Key(String, String),
    /// A section's title.
    Title(String),
    /// A glyph of the timeline and what it means.
    Glyph(String, String),
}

/// The help overlay: every key binding, then the legend of every glyph; it scrolls when
/// the screen is too small for it.
pub struct Help<'a> {
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
    /// Rows scrolled.
    pub scroll: usize,
}

/// Columns of a help column.
const HELP_COL: u16 = 58;

impl Help<'_> {
    fn rows(&self) -> Vec<HelpRow> {
        let th = self.theme;
        let mut rows: Vec<HelpRow> = BINDINGS
            .iter()
            .map(|b| {
                HelpRow::Key(
                    key_label(b.label, th, self.cat),
                    self.cat.t(b.help).to_owned(),
                )
            })
            .collect();
        rows.push(HelpRow::Title(self.cat.t("ui.legend").to_owned()));
        rows.extend(
            super::timeline::legend_entries(th, self.cat)
                .into_iter()
                .map(|(g, what)| HelpRow::Glyph(g, what)),
        );
        rows
    }

    /// The box, the number of columns, and the rows of each column.
    fn frame(&self, area: Rect, n: usize) -> (Rect, u16, usize) {
        let room = area.height.saturating_sub(4).max(1) as usize;
        // Two columns when one would not fit and the screen is wide enough, so a 120x40
        // projector shows everything at once; what does not fit scrolls.
        let cols: u16 = if n > room && area.width >= 2 * HELP_COL + 4 {
            2
        } else {
            1
        };
        let per_col = n.div_ceil(cols as usize).min(room);
        let h = (per_col as u16 + 2).min(area.height);
        let w = (cols * HELP_COL + 2).min(area.width);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        (r, cols, h.saturating_sub(2) as usize)
    }

    /// How far the help scrolls on a screen of `area`: its rows that do not fit.
    pub fn overflow(&self, area: Rect) -> usize {
        let n = self.rows().len();
        let (_, cols, rows) = self.frame(area, n);
        if n <= rows * cols as usize {
            return 0;
        }
        // The last row of the last column says how to scroll.
        n - (rows * cols as usize).saturating_sub(1)
    }
}

impl Widget for &Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let all = self.rows();
        let n = all.len();
        let (r, cols, rows) = self.frame(area, n);
        if rows == 0 {
            return;
        }
        Clear.render(r, buf);
        let inner = panel(r, buf, th, self.cat.t("ui.keys"), true);
        let scrolls = n > rows * cols as usize;
        let first = self.scroll.min(self.overflow(area));
        let fits = rows * cols as usize - usize::from(scrolls);
        if scrolls {
            let left = n - first - fits.min(n - first);
            let hint = self.cat.f(
                "ui.help_scroll",
                &[("above", &first.to_string()), ("below", &left.to_string())],
            );
            let y = inner.y + inner.height - 1;
            let x = inner.x + (cols - 1) * HELP_COL + 1;
            let room = (inner.x + inner.width).saturating_sub(x) as usize;
            put(buf, inner, x, y, &th.clip(&hint, room), th.dim());
        }
        for (i, row) in all.iter().skip(first).take(fits).enumerate() {
            let col_x = inner.x + (i / rows) as u16 * HELP_COL;
            let y = inner.y + (i % rows) as u16;
            let end = (col_x + HELP_COL).min(inner.x + inner.width);
            let (key, text, key_style) = match row {
                HelpRow::Key(k, t) => (
                    k.as_str(),
                    t.as_str(),
                    th.fg(th.accent).add_modifier(Modifier::BOLD),
                ),
                HelpRow::Glyph(g, t) => (g.as_str(), t.as_str(), th.bold()),
                HelpRow::Title(t) => {
                    let room = end.saturating_sub(col_x + 1) as usize;
                    put(buf, inner, col_x + 1, y, &th.clip(t, room), th.bold());
                    continue;
                }
            };
            let x = put(
                buf,
                inner,
                col_x + 1,
                y,
                &format!("{:<10}", th.clip(key, 9)),
                key_style,
            );
            let room = end.saturating_sub(x + 1) as usize;
            put(buf, inner, x, y, &th.clip(text, room), th.text());
        }
    }
}

/// Details of one event and of every thread at its time.
pub struct Details<'a> {
    /// The trace.
    pub store: &'a Store,
    /// The event.
    pub index: usize,
    /// The program's source lines (empty for Rust scenarios).
    pub lines: &'a [&'a str],
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
                    ],
                ),
                th.text(),
            ),
            (where_in_code(cat, self.lines, e.line), th.text()),
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

/// Where a thread was in the program when an event happened: its line and the code on it,
/// or that it had not reached the program's code yet (start-up).
fn where_in_code(cat: &Catalog, lines: &[&str], line: u32) -> String {
    if line == 0 {
        return cat.t("details.no_line").to_owned();
    }
    match line.checked_sub(1).and_then(|i| lines.get(i as usize)) {
        Some(code) => cat.f(
            "details.line_code",
            &[("line", &line.to_string()), ("code", &visible(code.trim()))],
        ),
        None => cat.f("details.line", &[("line", &line.to_string())]),
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
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
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
