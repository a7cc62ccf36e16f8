//! Width-aware text helpers: never slice by bytes, never write outside the buffer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Borders drawn with ASCII only (`--ascii`).
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// `s` cut to at most `width` columns, with `…` when cut.
pub fn clip(s: &str, width: usize) -> String {
    clip_with(s, width, '…')
}

/// `s` cut to at most `width` columns, ending with `mark` when cut.
pub fn clip_with(s: &str, width: usize, mark: char) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push(mark);
    out
}

/// Writes `s` at (x, y), clipped to `bounds` and to the buffer; returns the column after it.
pub fn put(buf: &mut Buffer, bounds: Rect, x: u16, y: u16, s: &str, style: Style) -> u16 {
    let area = buf.area.intersection(bounds);
    if y < area.y || y >= area.y + area.height || x < area.x || x >= area.x + area.width {
        return x;
    }
    let room = (area.x + area.width - x) as usize;
    let (end, _) = buf.set_stringn(x, y, s, room, style);
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_respects_display_width() {
        assert_eq!(clip("Thread-1 (azul)", 20), "Thread-1 (azul)");
        assert_eq!(clip("Thread-1 (azul)", 8), "Thread-…");
        assert_eq!(clip("日本語のスレッド", 5), "日本…");
        assert_eq!(clip("abc", 0), "");
    }

    #[test]
    fn put_never_writes_outside_the_buffer() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        let all = buf.area;
        put(&mut buf, all, 3, 0, "hello", Style::new());
        put(&mut buf, all, 9, 0, "x", Style::new());
        put(&mut buf, all, 0, 4, "x", Style::new());
        put(&mut buf, Rect::new(0, 0, 2, 1), 0, 0, "abc", Style::new());
        assert_eq!(buf, Buffer::with_lines(["ab hel"]));
    }
}
