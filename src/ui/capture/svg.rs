//! A screen as SVG, for slides: one rectangle per run of background colour, one text
//! element per run of text style, in the theme's terminal colours. Each run is stretched to
//! its cells (`textLength`), so columns line up whatever monospace font the viewer has.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell, CellWidth};
use ratatui::style::Modifier;

use crate::ui::theme::{Rgb, TerminalColors, hex};

/// Width of a cell, in SVG units (0.6 em, a monospace advance).
const CELL_W: u32 = 9;
/// Height of a cell.
const CELL_H: u32 = 18;
/// Font size.
const FONT: u32 = 15;
/// From a row's top to the text's baseline.
const BASELINE: u32 = 14;
/// Monospace fonts found on the usual systems, then the generic family.
const FONTS: &str = "ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, \
                     'Liberation Mono', monospace";

/// How one cell looks, after resolving colours and `REVERSED`.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: Rgb,
    bg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
    strike: bool,
    dim: bool,
    hidden: bool,
}

fn look(cell: &Cell, colors: &TerminalColors) -> Look {
    let m = cell.modifier;
    let (mut fg, mut bg) = (colors.rgb(cell.fg, true), colors.rgb(cell.bg, false));
    if m.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    Look {
        fg,
        bg,
        bold: m.contains(Modifier::BOLD),
        italic: m.contains(Modifier::ITALIC),
        underline: m.contains(Modifier::UNDERLINED),
        strike: m.contains(Modifier::CROSSED_OUT),
        dim: m.contains(Modifier::DIM),
        hidden: m.contains(Modifier::HIDDEN),
    }
}

/// The cells of row `y` that start a symbol: (column, symbol, its width in columns, look).
fn row<'a>(buf: &'a Buffer, y: u16, colors: &TerminalColors) -> Vec<(u16, &'a str, u16, Look)> {
    let area = buf.area;
    let mut out = Vec::new();
    let mut x = area.x;
    while x < area.x + area.width {
        let Some(cell) = buf.cell((x, y)) else { break };
        // A wide symbol covers the cells after it: those are not drawn.
        let w = cell.cell_width().max(1);
        out.push((x - area.x, cell.symbol(), w, look(cell, colors)));
        x += w;
    }
    out
}

/// `buf` as an SVG image in `colors`.
pub fn svg(buf: &Buffer, colors: &TerminalColors) -> String {
    let area = buf.area;
    let (w, h) = (area.width as u32 * CELL_W, area.height as u32 * CELL_H);
    let mut rects = String::new();
    let mut texts = String::new();
    for y in area.y..area.y + area.height {
        let top = (y - area.y) as u32 * CELL_H;
        let cells = row(buf, y, colors);
        // Backgrounds: runs of one colour other than the screen's.
        let mut i = 0;
        while i < cells.len() {
            let bg = cells[i].3.bg;
            let mut j = i;
            let mut cols = 0;
            while j < cells.len() && cells[j].3.bg == bg {
                cols += cells[j].2 as u32;
                j += 1;
            }
            if bg != colors.bg {
                let _ = writeln!(
                    rects,
                    r#"<rect x="{}" y="{top}" width="{}" height="{CELL_H}" fill="{}"/>"#,
                    cells[i].0 as u32 * CELL_W,
                    cols * CELL_W,
                    hex(bg)
                );
            }
            i = j;
        }
        // Text: runs of one style without their trailing blanks; blank runs left out.
        let mut i = 0;
        while i < cells.len() {
            let lk = cells[i].3;
            let mut j = i;
            while j < cells.len() && same_text_style(cells[j].3, lk) {
                j += 1;
            }
            let mut end = j;
            while end > i && cells[end - 1].1 == " " {
                end -= 1;
            }
            let cols: u32 = cells[i..end].iter().map(|c| c.2 as u32).sum();
            let text: String = cells[i..end].iter().map(|c| c.1).collect();
            if !lk.hidden && cols > 0 {
                let _ = writeln!(
                    texts,
                    r#"<text x="{}" y="{}" textLength="{}" lengthAdjust="spacingAndGlyphs" fill="{}"{}>{}</text>"#,
                    cells[i].0 as u32 * CELL_W,
                    top + BASELINE,
                    cols * CELL_W,
                    hex(lk.fg),
                    attributes(lk),
                    escape(&text)
                );
            }
            i = j;
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONTS}\" font-size=\"{FONT}\" \
         xml:space=\"preserve\">\n<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>\n\
         <g shape-rendering=\"crispEdges\">\n{rects}</g>\n<g>\n{texts}</g>\n</svg>\n",
        hex(colors.bg)
    )
}

/// Whether two cells can share a text element (backgrounds are drawn apart).
fn same_text_style(a: Look, b: Look) -> bool {
    let key = |l: Look| {
        (
            l.fg,
            l.bold,
            l.italic,
            l.underline,
            l.strike,
            l.dim,
            l.hidden,
        )
    };
    key(a) == key(b)
}

fn attributes(lk: Look) -> String {
    let mut a = String::new();
    if lk.bold {
        a.push_str(r#" font-weight="bold""#);
    }
    if lk.italic {
        a.push_str(r#" font-style="italic""#);
    }
    match (lk.underline, lk.strike) {
        (true, true) => a.push_str(r#" text-decoration="underline line-through""#),
        (true, false) => a.push_str(r#" text-decoration="underline""#),
        (false, true) => a.push_str(r#" text-decoration="line-through""#),
        (false, false) => {}
    }
    if lk.dim {
        a.push_str(r#" fill-opacity="0.6""#);
    }
    a
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// `buf` as plain text: one line per row, trailing blanks trimmed.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.y..area.y + area.height {
        let mut line = String::new();
        let mut x = area.x;
        while x < area.x + area.width {
            let Some(cell) = buf.cell((x, y)) else { break };
            line.push_str(cell.symbol());
            x += cell.cell_width().max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn colors() -> TerminalColors {
        crate::ui::theme::Theme::new(Default::default(), true, false).terminal
    }

    #[test]
    fn runs_become_rects_and_texts_with_reversed_resolved() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 2));
        buf.set_string(0, 0, "ab", Style::new().fg(Color::Rgb(255, 0, 0)));
        buf.set_string(2, 0, "<c>", Style::new().add_modifier(Modifier::REVERSED));
        buf.set_string(0, 1, "日本", Style::new().bg(Color::Blue));
        let svg = svg(&buf, &colors());
        assert!(svg.contains(r##"fill="#ff0000">ab</text>"##), "{svg}");
        // Reversed: the default foreground becomes the background, and the text takes the
        // screen's background colour.
        let c = colors();
        assert!(svg.contains(&format!(
            r#"<rect x="18" y="0" width="27" height="18" fill="{}"/>"#,
            hex(c.fg)
        )));
        assert!(svg.contains(&format!(r#"fill="{}">&lt;c&gt;</text>"#, hex(c.bg))));
        // Wide characters take two cells each.
        assert!(svg.contains(&format!(
            r#"<rect x="0" y="18" width="36" height="18" fill="{}"/>"#,
            hex(c.palette[4])
        )));
        assert!(svg.contains(r#"textLength="36""#));
        assert_eq!(text(&buf), "ab<c>\n日本\n");
    }
}
