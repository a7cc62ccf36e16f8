//! The keystroke overlay for screencasts: the keys just pressed and what they did, shown in
//! a corner for a moment so that viewers of a recording can follow along.

use std::collections::VecDeque;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::keymap::Action;
use super::text::put;
use super::theme::Theme;
use crate::i18n::Catalog;

/// How long a key stays on screen.
pub const SHOW_FOR: Duration = Duration::from_millis(1500);
/// How many keys are shown at once (the newest at the bottom).
const MAX_SHOWN: usize = 3;

/// One key on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shown {
    key: String,
    what: &'static str,
    until: Duration,
}

/// Recent keys, each with the time (since the session began) it leaves the screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyEcho {
    shown: VecDeque<Shown>,
}

impl KeyEcho {
    /// Shows `key`, which did `action`, from `now` on.
    pub fn push(&mut self, key: KeyEvent, action: Action, now: Duration) {
        let what = super::keymap::binding(action).map_or("", |b| b.help);
        if self.shown.len() == MAX_SHOWN {
            self.shown.pop_front();
        }
        self.shown.push_back(Shown {
            key: key_name(key),
            what,
            until: now + SHOW_FOR,
        });
    }

    /// Drops the keys whose time is up; true if any went.
    pub fn expire(&mut self, now: Duration) -> bool {
        let before = self.shown.len();
        self.shown.retain(|s| s.until > now);
        self.shown.len() != before
    }

    /// When the next key leaves the screen, if one is shown.
    pub fn next_expiry(&self) -> Option<Duration> {
        self.shown.iter().map(|s| s.until).min()
    }

    /// Whether nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }
}

/// A key as people name it: `space`, `→`, `shift+→`, `ctrl+c`, `e`.
pub fn key_name(key: KeyEvent) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Right => "→".to_owned(),
        KeyCode::Left => "←".to_owned(),
        KeyCode::Up => "↑".to_owned(),
        KeyCode::Down => "↓".to_owned(),
        KeyCode::Enter => "Enter".to_owned(),
        KeyCode::Esc => "Esc".to_owned(),
        KeyCode::Tab => "Tab".to_owned(),
        KeyCode::BackTab => "shift+Tab".to_owned(),
        KeyCode::Home => "Home".to_owned(),
        KeyCode::End => "End".to_owned(),
        KeyCode::PageUp => "PgUp".to_owned(),
        KeyCode::PageDown => "PgDn".to_owned(),
        other => format!("{other:?}"),
    };
    let mut name = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        name.push_str("ctrl+");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        name.push_str("alt+");
    }
    // A shifted character already says so (`R`, `?`); other keys name the shift.
    let char_key = matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab);
    if key.modifiers.contains(KeyModifiers::SHIFT) && !char_key {
        name.push_str("shift+");
    }
    name.push_str(&base);
    name
}

/// The overlay: one line per recent key, in the bottom right corner of `area`, above the
/// status and footer lines.
pub struct KeyOverlay<'a> {
    /// The keys.
    pub echo: &'a KeyEcho,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts in the chosen language.
    pub cat: &'a Catalog,
}

impl Widget for &KeyOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let lines: Vec<String> = self
            .echo
            .shown
            .iter()
            .map(|s| {
                let what = self.cat.t(s.what);
                th.clip(&format!(" {}  {what} ", s.key), area.width as usize)
            })
            .collect();
        let n = lines.len() as u16;
        let w = lines.iter().map(|l| l.width()).max().unwrap_or(0) as u16;
        // Keep clear of the footer and status lines when the screen has them.
        let below = if area.height >= 6 { 2 } else { 0 };
        if n == 0 || w == 0 || area.height < n + below {
            return;
        }
        let top = area.y + area.height - below - n;
        let x = area.x + area.width - w;
        let style = th
            .fg(th.accent)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD);
        for (i, line) in lines.iter().enumerate() {
            let row = Rect::new(x, top + i as u16, w, 1);
            Clear.render(row, buf);
            buf.set_style(row, style);
            put(buf, row, x + w - line.width() as u16, row.y, line, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_named_as_people_say_them() {
        let k = |c, m| KeyEvent::new(c, m);
        assert_eq!(key_name(k(KeyCode::Char(' '), KeyModifiers::NONE)), "space");
        assert_eq!(key_name(k(KeyCode::Right, KeyModifiers::SHIFT)), "shift+→");
        assert_eq!(key_name(k(KeyCode::Char('R'), KeyModifiers::SHIFT)), "R");
        assert_eq!(
            key_name(k(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            "ctrl+c"
        );
    }

    #[test]
    fn keys_leave_the_screen_after_their_time() {
        let mut echo = KeyEcho::default();
        let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
        echo.push(space, Action::TogglePlay, Duration::ZERO);
        echo.push(space, Action::TogglePlay, Duration::from_secs(1));
        assert_eq!(echo.next_expiry(), Some(SHOW_FOR));
        assert!(!echo.expire(Duration::from_millis(1499)));
        assert!(echo.expire(SHOW_FOR));
        assert!(!echo.is_empty());
        assert!(echo.expire(Duration::from_secs(1) + SHOW_FOR));
        assert!(echo.is_empty());
        for i in 0..5 {
            echo.push(space, Action::TogglePlay, Duration::from_secs(i));
        }
        assert_eq!(echo.shown.len(), MAX_SHOWN);
    }
}
