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

/// Each name cut to at most `width` columns (with `mark` where cut) so that no two names
/// that differ read the same: where plain cutting makes two alike, a trailing
/// `(target)` goes first, then the middle of the name, keeping the part that tells them
/// apart (`Thread-1…` twice becomes `Thread-10` and `Thread-11`, or `worker-t…1`).
pub fn clip_distinct(names: &[String], width: usize, mark: char) -> Vec<String> {
    // A name too wide loses its `(target)` first when that makes it fit.
    let mut out: Vec<String> = names
        .iter()
        .map(|n| {
            let bare = without_parenthesis(n);
            if n.width() > width && bare.width() <= width {
                bare.to_owned()
            } else {
                clip_with(n, width, mark)
            }
        })
        .collect();
    let mut alike: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, label) in out.iter().enumerate() {
        alike.entry(label.as_str()).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = alike
        .into_values()
        .filter(|g| g.iter().any(|&j| names[j] != names[g[0]]))
        .collect();
    for group in groups {
        let bare: Vec<String> = group
            .iter()
            .map(|&j| clip_with(without_parenthesis(&names[j]), width, mark))
            .collect();
        let fixed = if all_distinct(&bare, &group, names) {
            bare
        } else {
            let prefix = common_prefix(group.iter().map(|&j| names[j].as_str()));
            group
                .iter()
                .map(|&j| clip_middle(&names[j], prefix, width, mark))
                .collect()
        };
        for (k, &j) in group.iter().enumerate() {
            out[j] = fixed[k].clone();
        }
    }
    out
}

/// `name` without a trailing parenthesised part (`Thread-1 (count)` → `Thread-1`).
fn without_parenthesis(name: &str) -> &str {
    match name.rfind(" (") {
        Some(i) if name.ends_with(')') => &name[..i],
        _ => name,
    }
}

/// Whether the labels of the names in `group` differ wherever their names do.
fn all_distinct(labels: &[String], group: &[usize], names: &[String]) -> bool {
    (0..labels.len()).all(|a| {
        (0..labels.len())
            .all(|b| a == b || labels[a] != labels[b] || names[group[a]] == names[group[b]])
    })
}

/// Bytes the names share at their start, ending on a character boundary.
fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> usize {
    let Some(first) = names.next() else {
        return 0;
    };
    let mut n = first.len();
    for other in names {
        n = first
            .char_indices()
            .zip(other.chars())
            .find(|((_, a), b)| a != b)
            .map_or(n.min(other.len()), |((i, _), _)| i.min(n));
    }
    n
}

/// `name` in `width` columns keeping the word where it differs from others (it differs
/// at byte `differs`): its start, `mark`, and that word onwards.
fn clip_middle(name: &str, differs: usize, width: usize, mark: char) -> String {
    if name.width() <= width {
        return name.to_owned();
    }
    if width < 2 {
        return clip_with(name, width, mark);
    }
    // The `(target)` goes before the middle does.
    let name = without_parenthesis(name);
    let word = name[..differs.min(name.len())]
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + 1);
    let tail = &name[word..];
    let head_room = if tail.width() + 2 <= width {
        width - 1 - tail.width()
    } else {
        word.min(width.saturating_sub(1) / 2)
    };
    let head = take_width(name, head_room.min(name[..word].width()));
    let tail = clip_with(tail, width.saturating_sub(head.width() + 1), mark);
    format!("{head}{mark}{tail}")
}

/// The longest start of `s` at most `width` columns wide.
fn take_width(s: &str, width: usize) -> &str {
    let mut w = 0;
    for (i, c) in s.char_indices() {
        w += c.width().unwrap_or(0);
        if w > width {
            return &s[..i];
        }
    }
    s
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
    fn names_cut_alike_are_told_apart() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let threads = names(&[
            "MainThread",
            "Thread-1 (count)",
            "Thread-10 (count)",
            "Thread-11 (count)",
        ]);
        assert_eq!(
            clip_distinct(&threads, 9, '…'),
            ["MainThre…", "Thread-1", "Thread-10", "Thread-11"]
        );
        assert_eq!(
            clip_distinct(&threads, 12, '…'),
            ["MainThread", "Thread-1", "Thread-10", "Thread-11"]
        );
        let workers = names(&["worker-thread-number-1", "worker-thread-number-2", "main"]);
        assert_eq!(
            clip_distinct(&workers, 10, '…'),
            ["worker-t…1", "worker-t…2", "main"]
        );
        // Names that are the same stay the same; names that fit are untouched.
        let same = names(&["job", "job", "Thread-1 (a)"]);
        assert_eq!(
            clip_distinct(&same, 20, '…'),
            ["job", "job", "Thread-1 (a)"]
        );
        for width in 2..24 {
            let many: Vec<String> = (0..40).map(|i| format!("Thread-{i} (work)")).collect();
            let cut = clip_distinct(&many, width, '…');
            for c in &cut {
                assert!(c.width() <= width, "{c} at {width}");
            }
            if width >= 9 {
                let unique: std::collections::HashSet<&String> = cut.iter().collect();
                assert_eq!(unique.len(), many.len(), "{width}: {cut:?}");
            }
        }
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
