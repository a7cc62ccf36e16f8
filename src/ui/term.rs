//! The one place that owns the terminal: raw mode, alternate screen, mouse, cursor; restored
//! on drop, on error, (through [`restore`]) from the panic hook, and when a signal ends
//! the UI (SIGTERM from `kill` or `timeout`, SIGHUP from a closed SSH session, SIGINT sent
//! from outside: in raw mode ctrl-C is a key, not a signal).
//!
//! A signal closes the UI's input channel, so the UI quits the way `q` quits (a recording
//! is finished); [`signalled`] then tells the caller to exit with 128 + the signal. If the
//! UI has not quit within [`SIGNAL_GRACE`], or a second signal comes, the terminal is
//! restored and the process exits from the signal thread.

use std::io::{self, Stdout, Write as _, stdout};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use crossbeam::channel::{Receiver, Sender, select, unbounded};
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
        // Before the terminal changes: a signal from here on restores it.
        watch_signals()?;
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

/// Terminal events, read on their own thread (the only reader of the terminal). The
/// channel closes, which makes the UI quit, when the terminal cannot be read or a signal
/// asks gilscope to end.
pub fn input_events() -> Receiver<Event> {
    let (raw_tx, raw_rx) = unbounded();
    let (tx, rx) = unbounded();
    let reader = std::thread::Builder::new()
        .name("gilscope-input".into())
        .spawn(move || {
            while let Ok(ev) = event::read() {
                if raw_tx.send(ev).is_err() {
                    break;
                }
            }
        });
    // The reader blocks in `event::read` and cannot be told to stop, so events pass
    // through a forwarder that also listens for signals and lets go of `tx` on one.
    let signals = signal_channel().1.clone();
    let forwarder = std::thread::Builder::new()
        .name("gilscope-input-fwd".into())
        .spawn(move || forward(&raw_rx, &signals, &tx));
    if reader.is_err() || forwarder.is_err() {
        // Without an input thread the UI cannot be used; the closed channel makes it quit.
        return unbounded().1;
    }
    rx
}

/// Passes terminal events on until the terminal closes, the UI stops listening, or a
/// signal comes.
fn forward(raw: &Receiver<Event>, signals: &Receiver<i32>, tx: &Sender<Event>) {
    loop {
        select! {
            recv(raw) -> ev => {
                let Ok(ev) = ev else { return };
                if tx.send(ev).is_err() {
                    return;
                }
            },
            recv(signals) -> _ => return,
        }
    }
}

/// How long the UI has to quit after a signal before the signal thread restores the
/// terminal and exits itself.
pub const SIGNAL_GRACE: Duration = Duration::from_secs(3);

/// The first terminating signal received while the UI ran (0: none).
static SIGNALLED: AtomicI32 = AtomicI32::new(0);

/// The terminating signal that ended the UI, if one did: the process should exit with
/// 128 + it, as a shell reports a process a signal ended.
pub fn signalled() -> Option<i32> {
    match SIGNALLED.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// Where the signal thread tells the input forwarder to close the UI's input.
fn signal_channel() -> &'static (Sender<i32>, Receiver<i32>) {
    static CHANNEL: OnceLock<(Sender<i32>, Receiver<i32>)> = OnceLock::new();
    CHANNEL.get_or_init(unbounded)
}

/// Catches SIGTERM, SIGHUP and SIGINT (once per process) on a thread of their own.
fn watch_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static WATCHING: OnceLock<()> = OnceLock::new();
    if WATCHING.get().is_some() {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("gilscope-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                on_signal(sig);
            }
        })?;
    let _ = WATCHING.set(());
    Ok(())
}

/// The first signal asks the UI to quit (and starts the grace period); a second one, or
/// the end of the grace period, restores the terminal and exits at once.
fn on_signal(sig: i32) {
    match SIGNALLED.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => {
            let _ = signal_channel().0.send(sig);
            let backstop = std::thread::Builder::new()
                .name("gilscope-signal-grace".into())
                .spawn(move || {
                    std::thread::sleep(SIGNAL_GRACE);
                    restore();
                    std::process::exit(128 + sig);
                });
            if backstop.is_err() {
                restore();
                std::process::exit(128 + sig);
            }
        }
        Err(first) => {
            restore();
            std::process::exit(128 + first);
        }
    }
}
