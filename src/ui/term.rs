//! The one place that owns the terminal: raw mode, alternate screen, mouse, cursor; restored
//! on drop, on error and (through [`restore`]) from the panic hook.

use std::io::{self, Stdout, Write as _, stdout};

use crossbeam::channel::{Receiver, unbounded};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

/// The terminal, set up for the UI while this lives.
pub struct Tui {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    active: bool,
}

impl Tui {
    /// Enters raw mode and the alternate screen, captures the mouse, hides the cursor.
    pub fn new() -> io::Result<Self> {
        enable_raw_mode()?;
        let mut out = stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok(Tui {
            terminal,
            active: true,
        })
    }

    /// Draws one frame as a synchronized update (no tearing on terminals that support it);
    /// returns what `f` returned and the screen as drawn (for a recorder).
    pub fn draw<R>(&mut self, f: impl FnOnce(&mut Frame) -> R) -> io::Result<(R, &Buffer)> {
        let mut out = None;
        execute!(stdout(), BeginSynchronizedUpdate)?;
        let drawn = self.terminal.draw(|frame| out = Some(f(frame)));
        execute!(stdout(), EndSynchronizedUpdate)?;
        let completed = drawn?;
        let out = out.ok_or_else(|| io::Error::other("frame not drawn"))?;
        Ok((out, completed.buffer))
    }

    /// Gives the terminal back.
    pub fn restore(mut self) -> io::Result<()> {
        self.active = false;
        restore();
        Ok(())
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.active {
            restore();
        }
    }
}

/// Puts the terminal back as it was: mouse released, main screen, cursor shown, raw mode off.
/// Safe to call more than once and from a panic hook.
pub fn restore() {
    let mut out = stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Terminal events, read on their own thread (the only reader of the terminal).
pub fn input_events() -> Receiver<Event> {
    let (tx, rx) = unbounded();
    let spawned = std::thread::Builder::new()
        .name("gilscope-input".into())
        .spawn(move || {
            while let Ok(ev) = event::read() {
                if tx.send(ev).is_err() {
                    break;
                }
            }
        });
    if spawned.is_err() {
        // Without an input thread the UI cannot be used; the closed channel makes it quit.
        return unbounded().1;
    }
    rx
}
