//! asciicast v2 (the format asciinema records and plays, and agg turns into a GIF): a JSON
//! header line, then one `[time, code, data]` line per event. Frames are ratatui's own cell
//! diffs, encoded by crossterm exactly as the live screen is, with a full repaint at the
//! start and after every resize.

use std::io::{self, Write};
use std::time::Duration;

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::crossterm::style::Colored;
use serde::Serialize;

use crate::ui::theme::{TerminalColors, hex};

/// Hides the cursor, resets attributes, homes the cursor and clears the screen: what a
/// player needs before a full frame (diffs skip blank cells, so they assume a blank screen).
const REPAINT: &str = "\x1b[?25l\x1b[0m\x1b[H\x1b[2J";
/// crossterm ends every draw by resetting the underline colour (SGR 59). The players'
/// terminal emulator (avt) has no underline colours and reads SGR 58/59 parameters as
/// other attributes, so the cast must carry none; the UI never sets an underline colour.
const UNDERLINE_COLOR_RESET: &str = "\x1b[59m";

/// What the header says besides the size.
#[derive(Clone, Debug, PartialEq)]
pub struct CastInfo {
    /// Title shown by players.
    pub title: String,
    /// Pauses longer than this are shortened by players.
    pub idle_time_limit: Option<f64>,
    /// The terminal colours the frames were drawn for.
    pub colors: TerminalColors,
}

#[derive(Serialize)]
struct Header<'a> {
    version: u8,
    width: u16,
    height: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    idle_time_limit: Option<f64>,
    title: &'a str,
    env: Env,
    theme: Theme,
}

#[derive(Serialize)]
struct Env {
    #[serde(rename = "TERM")]
    term: &'static str,
}

#[derive(Serialize)]
struct Theme {
    fg: String,
    bg: String,
    palette: String,
}

/// What a finished recording holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CastStats {
    /// Output events (frames that changed something).
    pub frames: usize,
    /// Time of the last event.
    pub duration: Duration,
    /// Bytes written, header included.
    pub bytes: u64,
}

/// Writes an asciicast v2 recording, frame by frame. Times must not go backwards; a time
/// earlier than the previous event's is written as the previous event's.
pub struct CastWriter<W: Write> {
    out: W,
    info: CastInfo,
    /// What the player's screen shows now (`None` before the first frame).
    screen: Option<Buffer>,
    last: Duration,
    stats: CastStats,
}

impl<W: Write> CastWriter<W> {
    /// A recording into `out`; the header is written with the first frame, whose size it
    /// gives.
    pub fn new(out: W, info: CastInfo) -> Self {
        // crossterm drops every colour when NO_COLOR is set (a process-wide switch); a
        // recording keeps the colours its frames were drawn with. Frames drawn for a
        // NO_COLOR screen carry none, so the live screen is unchanged.
        Colored::set_ansi_color_disabled(false);
        CastWriter {
            out,
            info,
            screen: None,
            last: Duration::ZERO,
            stats: CastStats::default(),
        }
    }

    /// Records the screen `next` at time `t`: a full repaint if it is the first frame or
    /// the size changed (after an `"r"` event), otherwise the cells that changed; nothing
    /// if none did.
    pub fn frame(&mut self, t: Duration, next: &Buffer) -> io::Result<()> {
        let mut data = Vec::new();
        match &self.screen {
            Some(prev) if prev.area == next.area => encode(prev, next, &mut data)?,
            Some(_) => {
                let size = format!("{}x{}", next.area.width, next.area.height);
                self.event(t, "r", &size)?;
                data.extend_from_slice(REPAINT.as_bytes());
                encode(&Buffer::empty(next.area), next, &mut data)?;
            }
            None => {
                self.header(next)?;
                data.extend_from_slice(REPAINT.as_bytes());
                encode(&Buffer::empty(next.area), next, &mut data)?;
            }
        }
        match &mut self.screen {
            Some(prev) if prev.area == next.area => prev.clone_from(next),
            screen => *screen = Some(next.clone()),
        }
        if data.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8(data).map_err(|e| io::Error::other(e.to_string()))?;
        self.stats.frames += 1;
        self.event(t, "o", &text.replace(UNDERLINE_COLOR_RESET, ""))
    }

    /// Records keyboard input at time `t` (ignored before the first frame: there is no
    /// header yet to put it after).
    pub fn input(&mut self, t: Duration, data: &str) -> io::Result<()> {
        if self.screen.is_none() {
            return Ok(());
        }
        self.event(t, "i", data)
    }

    /// A marker at time `t` (players can pause on markers and jump between them): each
    /// lesson bookmark of a recording gets one, labelled with its sentence.
    pub fn marker(&mut self, t: Duration, label: &str) -> io::Result<()> {
        if self.screen.is_none() {
            return Ok(());
        }
        self.event(t, "m", label)
    }

    /// Keeps the last frame on screen until `t` (an empty output event, so that players
    /// know the recording lasts that long).
    pub fn hold(&mut self, t: Duration) -> io::Result<()> {
        if self.screen.is_none() {
            return Ok(());
        }
        self.event(t, "o", "")
    }

    /// Flushes and hands back the writer with what was written.
    pub fn finish(mut self) -> io::Result<(W, CastStats)> {
        self.out.flush()?;
        Ok((self.out, self.stats))
    }

    /// What has been written so far.
    pub fn stats(&self) -> CastStats {
        self.stats
    }

    fn header(&mut self, first: &Buffer) -> io::Result<()> {
        let c = &self.info.colors;
        let header = Header {
            version: 2,
            width: first.area.width,
            height: first.area.height,
            idle_time_limit: self.info.idle_time_limit,
            title: &self.info.title,
            env: Env {
                term: "xterm-256color",
            },
            theme: Theme {
                fg: hex(c.fg),
                bg: hex(c.bg),
                palette: c.palette.map(hex).join(":"),
            },
        };
        let line = serde_json::to_string(&header)?;
        self.line(&line)
    }

    fn event(&mut self, t: Duration, code: &str, data: &str) -> io::Result<()> {
        let t = t.max(self.last);
        self.last = t;
        self.stats.duration = t;
        let us = t.as_micros();
        // Microseconds, as asciinema writes them; fixed digits keep equal runs identical.
        let line = format!(
            "[{}.{:06}, {}, {}]",
            us / 1_000_000,
            us % 1_000_000,
            serde_json::to_string(code)?,
            serde_json::to_string(data)?
        );
        self.line(&line)
    }

    fn line(&mut self, line: &str) -> io::Result<()> {
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.stats.bytes += line.len() as u64 + 1;
        Ok(())
    }
}

/// The bytes that turn `prev` into `next` on a terminal: ratatui's cell diff, written by the
/// same crossterm backend as the live screen (cursor moves, SGR, text).
fn encode(prev: &Buffer, next: &Buffer, out: &mut Vec<u8>) -> io::Result<()> {
    let mut cells = prev.diff_iter(next).peekable();
    if cells.peek().is_none() {
        return Ok(());
    }
    let mut backend = CrosstermBackend::new(out);
    backend.draw(cells)?;
    Backend::flush(&mut backend)
}

/// What a terminal sends for `key`, as asciicast `"i"` data; `None` for keys without a
/// conventional byte sequence.
pub fn key_bytes(key: KeyEvent) -> Option<String> {
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    // xterm's modifier parameter: 2 = shift.
    let arrow = |c: char| {
        if shift {
            format!("\x1b[1;2{c}")
        } else {
            format!("\x1b[{c}")
        }
    };
    Some(match key.code {
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
            let c = c.to_ascii_lowercase();
            if !c.is_ascii_lowercase() {
                return None;
            }
            // Ctrl-A is 0x01 … Ctrl-Z is 0x1a.
            char::from(c as u8 - b'a' + 1).to_string()
        }
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "\r".to_owned(),
        KeyCode::Esc => "\x1b".to_owned(),
        KeyCode::Tab => "\t".to_owned(),
        KeyCode::BackTab => "\x1b[Z".to_owned(),
        KeyCode::Backspace => "\x7f".to_owned(),
        KeyCode::Up => arrow('A'),
        KeyCode::Down => arrow('B'),
        KeyCode::Right => arrow('C'),
        KeyCode::Left => arrow('D'),
        KeyCode::Home => "\x1b[H".to_owned(),
        KeyCode::End => "\x1b[F".to_owned(),
        KeyCode::PageUp => "\x1b[5~".to_owned(),
        KeyCode::PageDown => "\x1b[6~".to_owned(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn writer() -> CastWriter<Vec<u8>> {
        CastWriter::new(
            Vec::new(),
            CastInfo {
                title: "t".into(),
                idle_time_limit: Some(2.0),
                colors: crate::ui::theme::Theme::new(Default::default(), true, false).terminal,
            },
        )
    }

    fn lines(w: CastWriter<Vec<u8>>) -> Vec<String> {
        let (out, _) = w.finish().unwrap();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn frames_are_a_repaint_then_diffs_and_a_resize_repaints() {
        let mut w = writer();
        let mut a = Buffer::empty(Rect::new(0, 0, 4, 1));
        a.set_string(0, 0, "ab", Style::new().fg(Color::Rgb(1, 2, 3)));
        w.frame(Duration::ZERO, &a).unwrap();
        w.frame(Duration::from_millis(10), &a).unwrap();
        let mut b = a.clone();
        b.set_string(1, 0, "x", Style::new());
        w.frame(Duration::from_millis(20), &b).unwrap();
        let c = Buffer::empty(Rect::new(0, 0, 5, 2));
        w.frame(Duration::from_millis(5), &c).unwrap();
        let l = lines(w);
        assert!(
            l[0].starts_with("{\"version\":2,\"width\":4,\"height\":1,"),
            "{}",
            l[0]
        );
        assert!(l[1].starts_with("[0.000000, \"o\", \"\\u001b[?25l\\u001b[0m\\u001b[H\\u001b[2J"));
        assert!(l[1].contains("38;2;1;2;3"), "{}", l[1]);
        // The unchanged frame wrote nothing; the change is one cell.
        assert!(
            l[2].starts_with("[0.020000, \"o\", \"\\u001b[1;2H"),
            "{}",
            l[2]
        );
        // Time never goes back; the resize comes before its repaint.
        assert_eq!(l[3], "[0.020000, \"r\", \"5x2\"]");
        assert!(l[4].contains("[2J"));
        assert!(l.iter().all(|x| !x.contains("[59m") && !x.contains("2026")));
    }

    #[test]
    fn keys_become_the_bytes_a_terminal_sends() {
        let k = |c, m| key_bytes(KeyEvent::new(c, m));
        assert_eq!(
            k(KeyCode::Char(' '), KeyModifiers::NONE).as_deref(),
            Some(" ")
        );
        assert_eq!(
            k(KeyCode::Right, KeyModifiers::SHIFT).as_deref(),
            Some("\x1b[1;2C")
        );
        assert_eq!(
            k(KeyCode::Char('c'), KeyModifiers::CONTROL).as_deref(),
            Some("\x03")
        );
        assert_eq!(k(KeyCode::F(5), KeyModifiers::NONE), None);
    }
}
