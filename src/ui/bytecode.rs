//! The bytecode pane: CPython 3.11's instructions (as `python3 -m dis` lists them) of the
//! code object the followed thread is in at the playhead, its check points marked, and
//! where each thread is. The pane is a claim about the playhead's time: an arrow marks an
//! instruction only when the trace says the thread is exactly there (its last word was a
//! GIL release that named the instruction, and it has not taken the GIL back since); a
//! thread that runs on gets its line marked, never a guessed instruction. The listing is
//! compiled from the program's source (what `gilscope dis` prints, as data); where the
//! threads are is read from the trace alone.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Widget};

use super::panels::clock;
use super::text::{ASCII_BORDER, put};
use super::theme::Theme;
use crate::engine::GilMode;
use crate::i18n::Catalog;
use crate::python::codegen::CodeObject;
use crate::python::codegen::konst::Const;
use crate::python::opcode::{Check, Op};
use crate::trace::{EventKind, LostUpdate, Nanos, Outcome, Site, Store, ThreadState, Tid};

/// One instruction, as `dis` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ins {
    /// Byte offset in its code object.
    pub offset: u32,
    /// CPython 3.11's opcode number.
    pub op: u8,
    /// Its name.
    pub name: &'static str,
    /// Its argument, if it takes one.
    pub arg: Option<u32>,
    /// What `dis` prints in parentheses after the argument (may be empty).
    pub argrepr: String,
    /// Its source line (`None` for an artificial instruction).
    pub line: Option<u32>,
    /// Whether it is the first of its line (`dis` prints the line number there).
    pub starts_line: bool,
    /// Whether a jump lands on it (`dis` prints `>>`).
    pub target: bool,
    /// Whether CPython 3.11 checks the eval breaker there: where the GIL can change hands.
    pub check: bool,
}

/// One code object's listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    /// `co_qualname` (`<module>` for the module).
    pub name: String,
    /// `co_firstlineno`.
    pub first_line: u32,
    /// Its instructions in order.
    pub instrs: Vec<Ins>,
}

/// Every code object of a program (the module first, then the code nested in it, depth
/// first, as `dis` lists them), indexed to place a trace's sites.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// The code objects.
    pub codes: Vec<Code>,
    /// (offset, opcode, line) to the instructions with them, as (code, instruction).
    by_site: HashMap<(u32, u8, u32), Vec<(usize, usize)>>,
    /// Line to the code objects with an instruction on it.
    by_line: HashMap<u32, Vec<usize>>,
}

impl Listing {
    /// CPython 3.11's listing of `source` (the file `display`), or `None` when it does not
    /// compile.
    pub fn of(display: &str, source: &str) -> Option<Listing> {
        let module = crate::python::dis::cpython_code(display, source).ok()?;
        let mut listing = Listing::default();
        listing.add(&module);
        for (c, code) in listing.codes.iter().enumerate() {
            for (i, ins) in code.instrs.iter().enumerate() {
                let Some(line) = ins.line else { continue };
                listing
                    .by_site
                    .entry((ins.offset, ins.op, line))
                    .or_default()
                    .push((c, i));
                let codes = listing.by_line.entry(line).or_default();
                if codes.last() != Some(&c) {
                    codes.push(c);
                }
            }
        }
        Some(listing)
    }

    fn add(&mut self, code: &CodeObject) {
        let targets: std::collections::HashSet<u32> = code
            .instrs
            .iter()
            .filter(|i| i.op.is_jump())
            .map(crate::python::dis::jump_target)
            .chain(code.exceptions.iter().map(|e| e.target))
            .collect();
        let mut last_line = None;
        let instrs = code
            .instrs
            .iter()
            .map(|i| {
                let starts_line = i.line.is_some() && i.line != last_line;
                if i.line.is_some() {
                    last_line = i.line;
                }
                Ins {
                    offset: i.offset,
                    op: i.op as u8,
                    name: i.op.name(),
                    arg: i.op.has_arg().then_some(i.arg),
                    argrepr: crate::python::dis::argrepr(code, i),
                    line: i.line,
                    starts_line,
                    target: targets.contains(&i.offset),
                    check: i.op.info().check != Check::No,
                }
            })
            .collect();
        self.codes.push(Code {
            name: code.qualname.clone(),
            first_line: code.firstlineno,
            instrs,
        });
        for c in &code.consts {
            if let Const::Code(inner) = c {
                self.add(inner);
            }
        }
    }

    /// The one instruction a site names on `line`: `None` when the site lacks its opcode or
    /// offset, or when more than one code object has that instruction there (a site is
    /// never a guess).
    pub fn locate(&self, site: Site, line: u32) -> Option<(usize, usize)> {
        let (op, offset) = (site.op()?, site.offset()?);
        match self.by_site.get(&(offset, op, line))?.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The code objects with an instruction on `line`.
    pub fn codes_on(&self, line: u32) -> &[usize] {
        self.by_line.get(&line).map_or(&[], Vec::as_slice)
    }
}

/// Where a thread is at a time, as far as the trace says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Exactly at instruction (code, instruction): its last GIL release before the time
    /// named that instruction, and it has not taken the GIL back since.
    At(usize, usize),
    /// On this line, at an instruction the trace does not say.
    Line(u32),
    /// Not in the program's code: not started, or gone.
    Nowhere,
}

/// Events looked back through for a thread's last GIL release: between a release and the
/// next take a thread records only a few (waits, wakes, cores).
const LOOK_BACK: usize = 4096;

/// The thread's last GIL release at or before `t`, if it has not taken the GIL since:
/// the release's site and line.
pub fn released_at(store: &Store, tid: Tid, t: Nanos) -> Option<(Site, u32)> {
    let evs = store.events();
    let mine = store.thread_events(tid);
    let upto = mine.partition_point(|&i| evs[i as usize].t <= t);
    for &i in mine[..upto].iter().rev().take(LOOK_BACK) {
        let e = &evs[i as usize];
        match e.kind {
            EventKind::GilDrop { at, .. } => return Some((at, e.line)),
            EventKind::GilTake { .. } | EventKind::Begin => return None,
            _ => {}
        }
    }
    None
}

/// Where thread `tid` is at time `t`.
pub fn place(store: &Store, listing: &Listing, tid: Tid, t: Nanos) -> Place {
    let gone = match store.state_at(tid, t) {
        None | Some(ThreadState::Starting) => true,
        Some(ThreadState::Finished) => !store
            .threads()
            .get(tid as usize)
            .is_some_and(|i| matches!(i.ended, Some((_, Outcome::Halted)))),
        Some(_) => false,
    };
    let line = store.line_at(tid, t);
    if gone || line == 0 {
        return Place::Nowhere;
    }
    if let Some((site, at_line)) = released_at(store, tid, t)
        && let Some((c, i)) = listing.locate(site, at_line)
    {
        return Place::At(c, i);
    }
    Place::Line(line)
}

/// A lost update drawn on the bytecode: the event, its details, and the instructions of
/// the read and of the store when the listing has exactly one of each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost<'a> {
    /// The storing thread.
    pub tid: Tid,
    /// The thread whose update was overwritten.
    pub over: Tid,
    /// The variable (`counter`, `self.total`, `d[key]`).
    pub var: &'a str,
    /// When the stale store happened.
    pub t: Nanos,
    /// Its line.
    pub line: u32,
    /// The values and the read.
    pub info: &'a LostUpdate,
    /// The code object of both instructions, and the read's and the store's instruction.
    pub code: Option<(usize, Option<usize>, Option<usize>)>,
}

/// The instructions of `code` on `line` that read (`store` false) or store `var`, if there
/// is exactly one.
fn access(code: &Code, line: u32, var: &str, store: bool) -> Option<usize> {
    let (name, attr, item) = match var.split_once('[') {
        Some((base, _)) => (base, None, true),
        None => match var.rsplit_once('.') {
            Some((_, attr)) => (var, Some(attr), false),
            None => (var, None, false),
        },
    };
    let hits: Vec<usize> = code
        .instrs
        .iter()
        .enumerate()
        .filter(|(_, i)| i.line == Some(line))
        .filter(|(_, i)| {
            let Some(op) = Op::from_u8(i.op) else {
                return false;
            };
            let bare = i.argrepr.strip_prefix("NULL + ").unwrap_or(&i.argrepr);
            match (store, item, attr) {
                (false, true, _) => op == Op::BinarySubscr,
                (true, true, _) => op == Op::StoreSubscr,
                (false, false, Some(a)) => op == Op::LoadAttr && bare == a,
                (true, false, Some(a)) => op == Op::StoreAttr && bare == a,
                (false, false, None) => {
                    matches!(
                        op,
                        Op::LoadGlobal
                            | Op::LoadName
                            | Op::LoadFast
                            | Op::LoadDeref
                            | Op::LoadClassderef
                    ) && bare == name
                }
                (true, false, None) => {
                    matches!(
                        op,
                        Op::StoreGlobal | Op::StoreName | Op::StoreFast | Op::StoreDeref
                    ) && bare == name
                }
            }
        })
        .map(|(k, _)| k)
        .collect();
    match hits.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The lost update of event `index`, placed on the listing.
pub fn lost_update<'a>(store: &'a Store, listing: &Listing, index: usize) -> Option<Lost<'a>> {
    let e = store.events().get(index)?;
    let EventKind::LostUpdate { var, over, info } = e.kind else {
        return None;
    };
    let info = store.lost_update(info)?;
    let var = store.text(var);
    let code = listing.codes_on(e.line).iter().find_map(|&c| {
        let code = &listing.codes[c];
        let stored = access(code, e.line, var, true)?;
        Some((c, access(code, info.read_line, var, false), Some(stored)))
    });
    Some(Lost {
        tid: e.tid,
        over,
        var,
        t: e.t,
        line: e.line,
        info,
        code,
    })
}

/// What the pane draws, before it is drawn: a pure function of the trace, the listing and
/// the time, which tests check against the trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaneView<'a> {
    /// The code object shown.
    pub code: usize,
    /// Threads exactly at an instruction of it: (instruction, thread).
    pub arrows: Vec<(usize, Tid)>,
    /// Threads on a line of it at an instruction not known: (line, thread).
    pub lines: Vec<(u32, Tid)>,
    /// The lost update at the cursor, if any.
    pub lost: Option<Lost<'a>>,
}

/// The bytecode pane.
pub struct BytecodePane<'a> {
    /// The program's CPython listing (`None`: no Python source, or it does not compile).
    pub listing: Option<&'a Listing>,
    /// The trace.
    pub store: &'a Store,
    /// The playhead.
    pub playhead: Nanos,
    /// The thread whose code object is shown.
    pub follow: Tid,
    /// The current event: a lost update there is drawn on the bytecode.
    pub cursor: Option<usize>,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
    /// The run's GIL mode: the listing is CPython 3.11's, and the title says so when the
    /// run stands for another version.
    pub gil: GilMode,
}

impl<'a> BytecodePane<'a> {
    /// What the pane shows at the playhead.
    pub fn view(&self, listing: &Listing) -> PaneView<'a> {
        let lost = self
            .cursor
            .filter(|&c| {
                self.store
                    .events()
                    .get(c)
                    .is_some_and(|e| e.t == self.playhead)
            })
            .and_then(|c| lost_update(self.store, listing, c));
        let places: Vec<(Tid, Place)> = self
            .store
            .threads()
            .iter()
            .map(|i| i.meta.tid)
            .map(|tid| (tid, place(self.store, listing, tid, self.playhead)))
            .collect();
        let followed = places
            .iter()
            .find(|(t, _)| *t == self.follow)
            .map_or(Place::Nowhere, |p| p.1);
        let code = match (&lost, followed) {
            (
                Some(Lost {
                    code: Some((c, ..)),
                    ..
                }),
                _,
            ) => *c,
            (_, Place::At(c, _)) => c,
            (_, Place::Line(line)) => self.code_of_line(listing, line),
            (_, Place::Nowhere) => 0,
        };
        let mut arrows = Vec::new();
        let mut lines = Vec::new();
        for (tid, p) in places {
            match p {
                Place::At(c, i) if c == code => arrows.push((i, tid)),
                Place::Line(l) if listing.codes_on(l).contains(&code) => lines.push((l, tid)),
                _ => {}
            }
        }
        PaneView {
            code,
            arrows,
            lines,
            lost,
        }
    }

    /// The code object shown for the followed thread on `line`, at an instruction the
    /// trace does not say: the one code object with that line, or, when several have it
    /// (a `def` line, a comprehension), the one its last named instruction was in, else
    /// the innermost.
    fn code_of_line(&self, listing: &Listing, line: u32) -> usize {
        let codes = listing.codes_on(line);
        if codes.len() > 1 {
            let evs = self.store.events();
            let mine = self.store.thread_events(self.follow);
            let upto = mine.partition_point(|&i| evs[i as usize].t <= self.playhead);
            let last = mine[..upto].iter().rev().take(LOOK_BACK).find_map(|&i| {
                let e = &evs[i as usize];
                match e.kind {
                    EventKind::GilDrop { at, .. } => listing.locate(at, e.line),
                    _ => None,
                }
            });
            if let Some((c, _)) = last.filter(|(c, _)| codes.contains(c)) {
                return c;
            }
        }
        codes.last().copied().unwrap_or(0)
    }

    fn lost_rows(&self, lost: &Lost<'_>, code: &Code) -> Vec<(String, Style)> {
        let th = self.theme;
        let cat = self.cat;
        let who = |tid| short(self.store, tid);
        // Where a step happened: its instruction when the listing has exactly one that
        // fits, else its line.
        let at = |i: Option<usize>, line: u32| match i.and_then(|i| code.instrs.get(i)) {
            Some(ins) => cat.f(
                "bytecode.at",
                &[("name", ins.name), ("offset", &ins.offset.to_string())],
            ),
            None => cat.f("bytecode.at_line", &[("line", &line.to_string())]),
        };
        let (read, stored) = lost
            .code
            .map_or((None, None), |(_, read, stored)| (read, stored));
        let overwritten = lost
            .code
            .and_then(|_| access(code, lost.info.over_line, lost.var, true));
        let step = |key, tid, value: &str, at: String, t| {
            cat.f(
                key,
                &[
                    ("t", &clock(cat, t)),
                    ("who", &who(tid)),
                    ("value", value),
                    ("at", &at),
                ],
            )
        };
        vec![
            (
                cat.f(
                    "bytecode.lost",
                    &[
                        ("var", lost.var),
                        ("over", &who(lost.over)),
                        ("lost", &lost.info.lost.to_string()),
                    ],
                ),
                th.alert(),
            ),
            (
                step(
                    "bytecode.read",
                    lost.tid,
                    &lost.info.read,
                    at(read, lost.info.read_line),
                    lost.info.read_t,
                ),
                th.thread_style(lost.tid),
            ),
            (
                step(
                    "bytecode.stored",
                    lost.over,
                    &lost.info.overwritten,
                    at(overwritten, lost.info.over_line),
                    lost.info.over_t,
                ),
                th.thread_style(lost.over),
            ),
            (
                step(
                    "bytecode.stored",
                    lost.tid,
                    &lost.info.stored,
                    at(stored, lost.line),
                    lost.t,
                ),
                th.thread_style(lost.tid).add_modifier(Modifier::BOLD),
            ),
        ]
    }
}

impl Widget for &BytecodePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let cat = self.cat;
        let Some(listing) = self.listing.filter(|l| !l.codes.is_empty()) else {
            let inner = frame(area, buf, th, cat.t("bytecode.title_none"));
            put(
                buf,
                inner,
                inner.x,
                inner.y,
                &th.clip(cat.t("bytecode.none"), inner.width as usize),
                th.dim(),
            );
            return;
        };
        let view = self.view(listing);
        let code = &listing.codes[view.code];
        let key = match self.gil {
            GilMode::V311 => "bytecode.title",
            GilMode::V39 | GilMode::Off => "bytecode.title_311",
        };
        let title = cat.f(key, &[("code", &code.name)]);
        let inner = frame(area, buf, th, &title);
        if inner.height == 0 || inner.width < 12 {
            return;
        }
        let width = inner.width as usize;
        let mut top = inner.y;
        let mut rows = inner.height;
        // The lost update's story, when the cursor is on one: its four steps in order.
        if let Some(lost) = &view.lost {
            let story = self.lost_rows(lost, code);
            let shown = story.len().min((rows as usize).saturating_sub(3));
            for (text, style) in story.iter().take(shown) {
                put(buf, inner, inner.x, top, &th.clip(text, width), *style);
                top += 1;
                rows -= 1;
            }
        }
        // The legend, on the last row, when there is room for the listing above it.
        if rows >= 5 {
            rows -= 1;
            let y = top + rows;
            let mut x = inner.x;
            for (glyph, key, style) in [
                (th.glyphs.here, "bytecode.legend_at", th.bold()),
                (bar(th), "bytecode.legend_line", th.bold()),
                (check(th), "bytecode.legend_check", th.bold()),
            ] {
                x = put(buf, inner, x, y, &glyph.to_string(), style);
                x = put(buf, inner, x, y, &format!(" {}  ", cat.t(key)), th.dim());
            }
        }
        let lost_marks = view.lost.as_ref().and_then(|l| l.code.map(|c| (l, c)));
        // The row to keep in view: the followed thread's instruction, else its line's
        // first, else the lost update's store.
        let focus_row = view
            .arrows
            .iter()
            .find(|(_, t)| *t == self.follow)
            .map(|(i, _)| *i)
            .or_else(|| lost_marks.and_then(|(_, (_, read, stored))| stored.or(read)))
            .or_else(|| {
                view.lines
                    .iter()
                    .find(|(_, t)| *t == self.follow)
                    .and_then(|(l, _)| code.instrs.iter().position(|i| i.line == Some(*l)))
            })
            .unwrap_or(0);
        let h = rows as usize;
        let first = focus_row
            .saturating_sub(h / 3)
            .min(code.instrs.len().saturating_sub(h));
        let line_w = code
            .instrs
            .iter()
            .filter_map(|i| i.line)
            .max()
            .map_or(3, |l| l.to_string().len().max(3));
        // A narrow pane drops the jump marks and the argument's number (its meaning in
        // parentheses stays), and pads names less.
        let wide = width >= 56;
        let name_w = code
            .instrs
            .iter()
            .map(|i| i.name.len())
            .max()
            .unwrap_or(0)
            .min(if wide { 20 } else { 13 });
        for (row, (k, ins)) in code
            .instrs
            .iter()
            .enumerate()
            .skip(first)
            .take(h)
            .enumerate()
        {
            let y = top + row as u16;
            let here: Vec<Tid> = view
                .arrows
                .iter()
                .filter(|(i, _)| *i == k)
                .map(|&(_, t)| t)
                .collect();
            let on_line: Vec<Tid> = view
                .lines
                .iter()
                .filter(|(l, _)| ins.line == Some(*l))
                .map(|&(_, t)| t)
                .collect();
            // Two marker columns: threads at this instruction first, then threads somewhere
            // on its line.
            let marks = here
                .iter()
                .map(|&t| (th.glyphs.here, t))
                .chain(on_line.iter().map(|&t| (bar(th), t)));
            for (n, (glyph, tid)) in marks.take(2).enumerate() {
                if let Some(cell) = buf.cell_mut((inner.x + n as u16, y)) {
                    cell.set_char(glyph);
                    cell.set_style(th.thread_style(tid).add_modifier(Modifier::BOLD));
                }
            }
            let mut x = inner.x + 2;
            let line = match ins.line {
                Some(l) if ins.starts_line => format!("{l:>line_w$} "),
                _ => " ".repeat(line_w + 1),
            };
            let line_style = match on_line.first() {
                Some(&t) if ins.starts_line => th.thread_style(t).add_modifier(Modifier::BOLD),
                _ => th.dim(),
            };
            x = put(buf, inner, x, y, &line, line_style);
            if ins.check {
                put(buf, inner, x, y, &check(th).to_string(), th.bold());
            }
            x += 1;
            if wide {
                let jump = if ins.target { ">>" } else { "  " };
                x = put(buf, inner, x, y, jump, th.dim());
            }
            x = put(buf, inner, x, y, &format!("{:>4} ", ins.offset), th.dim());
            let name_style = if here.contains(&self.follow) {
                th.bold()
            } else {
                th.text()
            };
            let mut text = format!("{:<name_w$}", ins.name);
            match ins.arg {
                Some(arg) if wide => {
                    text.push_str(&format!(" {arg:>3}"));
                    if !ins.argrepr.is_empty() {
                        text.push_str(&format!(" ({})", ins.argrepr));
                    }
                }
                Some(_) if !ins.argrepr.is_empty() => {
                    text.push(' ');
                    text.push_str(&ins.argrepr);
                }
                Some(arg) => text.push_str(&format!(" {arg}")),
                None => {}
            }
            let room = (inner.x + inner.width).saturating_sub(x) as usize;
            x = put(buf, inner, x, y, &th.clip(&text, room), name_style);
            // Notes in the storing thread's colour (the rows above name the threads).
            if let Some((lost, (_, read, stored))) = lost_marks {
                let note = if read == Some(k) {
                    Some((
                        cat.f("bytecode.read_note", &[("value", &lost.info.read)]),
                        th.thread_style(lost.tid),
                    ))
                } else if stored == Some(k) {
                    Some((
                        cat.f("bytecode.store_note", &[("value", &lost.info.stored)]),
                        th.thread_style(lost.tid).add_modifier(Modifier::BOLD),
                    ))
                } else {
                    None
                };
                if let Some((note, style)) = note {
                    let room = (inner.x + inner.width).saturating_sub(x + 1) as usize;
                    put(buf, inner, x + 1, y, &th.clip(&note, room), style);
                }
            }
        }
    }
}

/// A thread's short name for a note beside an instruction: `Thread-1` for
/// `Thread-1 (add)`.
fn short(store: &Store, tid: Tid) -> String {
    let name = store.thread_name(tid);
    name.split(" (").next().unwrap_or(name).to_owned()
}

/// The glyph marking a thread somewhere on a line.
fn bar(th: &Theme) -> char {
    if th.glyphs.unicode { '┃' } else { '|' }
}

/// The glyph marking a check point.
fn check(th: &Theme) -> char {
    if th.glyphs.unicode { '•' } else { '*' }
}

/// The pane's border and title; returns the inner area.
fn frame(area: Rect, buf: &mut Buffer, th: &Theme, title: &str) -> Rect {
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(th.border(false))
        .title(ratatui::text::Span::styled(format!(" {title} "), th.bold()));
    if !th.glyphs.unicode {
        block = block.border_set(ASCII_BORDER);
    }
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}
