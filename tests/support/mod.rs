//! Helpers for the recording and export tests: an asciicast reader, a terminal that replays
//! casts, and screen comparison (the Chrome trace rules are in `chrome_rules`).
#![allow(dead_code)]

use std::num::NonZeroU16;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use serde_json::Value;

/// One asciicast v2 event.
#[derive(Clone, Debug, PartialEq)]
pub struct CastEvent {
    pub time: f64,
    pub code: String,
    pub data: String,
}

/// A parsed asciicast v2 file.
#[derive(Clone, Debug)]
pub struct Cast {
    pub header: serde_json::Map<String, Value>,
    pub events: Vec<CastEvent>,
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Parses `text` as asciicast v2 the way the strictest consumer (agg) does, and checks the
/// rules the players rely on; panics with the first violation.
pub fn parse_cast(text: &str) -> Cast {
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("a header line")).unwrap();
    let header = header.as_object().expect("the header is an object").clone();
    assert_eq!(header["version"], 2);
    for key in ["width", "height"] {
        let v = header[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key} is an integer"));
        assert!(v > 0 && v <= u16::MAX as u64, "{key} = {v}");
    }
    let env = header["env"].as_object().expect("env");
    assert_eq!(
        env.keys().collect::<Vec<_>>(),
        ["TERM"],
        "env carries TERM only"
    );
    let theme = header["theme"].as_object().expect("a theme");
    assert!(is_hex_colour(theme["fg"].as_str().unwrap()), "{theme:?}");
    assert!(is_hex_colour(theme["bg"].as_str().unwrap()), "{theme:?}");
    let palette: Vec<&str> = theme["palette"].as_str().unwrap().split(':').collect();
    assert_eq!(palette.len(), 16, "{palette:?}");
    assert!(palette.iter().all(|c| is_hex_colour(c)), "{palette:?}");

    let mut events = Vec::new();
    let mut last = 0.0;
    for line in lines {
        let v: Value = serde_json::from_str(line).unwrap();
        let a = v.as_array().expect("an event is an array");
        assert_eq!(a.len(), 3, "{line}");
        let time = a[0].as_f64().expect("time is a number");
        assert!(time >= last, "time goes back: {time} after {last}");
        last = time;
        let code = a[1].as_str().expect("code is a string").to_owned();
        assert!(["o", "i", "r", "m"].contains(&code.as_str()), "code {code}");
        let data = a[2].as_str().expect("data is a string").to_owned();
        assert!(!data.contains('\u{fffd}'), "a character was split: {line}");
        events.push(CastEvent { time, code, data });
    }
    Cast { header, events }
}

impl Cast {
    /// The output events' data, concatenated.
    pub fn output(&self) -> String {
        self.events
            .iter()
            .filter(|e| e.code == "o")
            .map(|e| e.data.as_str())
            .collect()
    }

    /// A terminal that has played the cast up to (and including) time `until`.
    pub fn play(&self, until: f64) -> vt100::Parser {
        let nz = |v: &Value| NonZeroU16::new(v.as_u64().unwrap() as u16).unwrap();
        let mut vt = vt100::Parser::new(nz(&self.header["height"]), nz(&self.header["width"]), 0);
        for e in self.events.iter().filter(|e| e.time <= until) {
            match e.code.as_str() {
                "o" => vt.process(e.data.as_bytes()),
                "r" => {
                    let (c, r) = e.data.split_once('x').unwrap();
                    let n = |s: &str| NonZeroU16::new(s.parse().unwrap()).unwrap();
                    vt.set_size(n(r), n(c));
                }
                _ => {}
            }
        }
        vt
    }
}

/// The colour a terminal shows for a ratatui colour, as crossterm writes it.
fn vt_colour(c: Color) -> vt100::Color {
    let named = |i| vt100::Color::Idx(i);
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(i) => named(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
    }
}

/// Differences between a terminal screen and a UI buffer (text, colours, bold, reverse),
/// as readable lines; empty when they show the same.
pub fn screen_differences(screen: &vt100::Screen, buf: &Buffer) -> Vec<String> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let Some(vt) = screen.cell(y, x) else {
                out.push(format!("({x},{y}) missing on the terminal"));
                break;
            };
            let want = (
                cell.symbol().to_owned(),
                vt_colour(cell.fg),
                vt_colour(cell.bg),
                cell.modifier.contains(Modifier::BOLD),
                cell.modifier.contains(Modifier::REVERSED),
            );
            let text = if vt.has_contents() {
                vt.contents().to_owned()
            } else {
                " ".to_owned()
            };
            let got = (text, vt.fgcolor(), vt.bgcolor(), vt.bold(), vt.inverse());
            if want != got && out.len() < 10 {
                out.push(format!("({x},{y}): want {want:?}, got {got:?}"));
            }
            x += if vt.is_wide() { 2 } else { 1 };
        }
    }
    out
}

/// Checks that `svg` is one well-formed `<svg>` element: every tag closed in order,
/// attributes quoted, text escaped.
pub fn assert_well_formed_svg(svg: &str) {
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{}",
        &svg[..80]
    );
    let mut open: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find(['<', '>', '&']) {
        let c = rest.as_bytes()[i];
        assert_ne!(c, b'>', "a bare > in text: {}", &rest[..i + 1]);
        if c == b'&' {
            let entity = &rest[i..rest[i..].find(';').map_or(rest.len(), |j| i + j + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;"].contains(&entity),
                "entity {entity}"
            );
            rest = &rest[i + entity.len()..];
            continue;
        }
        let end = i + rest[i..].find('>').expect("an unclosed tag");
        let tag = &rest[i + 1..end];
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "</{name}> closes the wrong element");
        } else if !tag.ends_with('/') {
            open.push(tag.split(' ').next().unwrap());
        }
        rest = &rest[end + 1..];
        if open.is_empty() {
            assert!(rest.trim().is_empty(), "content after </svg>");
            return;
        }
    }
    panic!("elements left open: {open:?}");
}
