//! The UI in a pseudo-terminal, ended by a signal as a lab script or a closed SSH session
//! ends it (SIGTERM from `kill` or `timeout`, SIGHUP, SIGINT sent from outside): the
//! terminal is given back as it was (main screen, cursor shown, mouse released, the line
//! discipline's modes as before raw mode) and the status is 128 + the signal. Every wait
//! polls for a condition with a deadline.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod pty;

use std::io::Read;
use std::time::Instant;

use crossbeam::channel::{Receiver, unbounded};
use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

use pty::DEADLINE;

/// The local modes of the terminal `master` drives, in words.
fn local_modes(master: &dyn MasterPty) -> String {
    format!("{:?}", master.get_termios().unwrap().local_flags)
}

struct Term {
    /// The local modes before the program started.
    cooked: String,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

impl Term {
    fn open(args: &[&str]) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gilscope"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // Read before the program starts: it may enter raw mode before the test looks.
        let cooked = local_modes(&*pair.master);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (tx, rx) = unbounded();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Term {
            cooked,
            master: pair.master,
            child,
            output: rx,
            parser: vt100::Parser::new(nz(30), nz(100), 0),
        }
    }

    /// The terminal's local modes (canonical input, echo, signals from keys), as `stty`
    /// reads them: raw mode turns them off.
    fn local_modes(&self) -> String {
        local_modes(&*self.master)
    }

    /// Reads output until `ok` holds of the screen (or of the terminal's modes).
    fn wait_for(&mut self, what: &str, ok: impl Fn(&Term) -> bool) {
        let start = Instant::now();
        while !ok(self) {
            let left = DEADLINE.saturating_sub(start.elapsed());
            assert!(
                !left.is_zero(),
                "waiting for {what}; the screen shows:\n{}",
                self.parser.screen().contents()
            );
            // Modes change without output: look again at least every 20 ms.
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(std::time::Duration::from_millis(20)))
            {
                self.parser.process(&bytes);
            }
        }
    }
}

/// Opens the UI, waits until it has taken the terminal, sends `signal` with `kill`, and
/// checks the terminal is back as it was and the exit status is 128 + the signal.
fn signal_restores_the_terminal(signal: &str, number: u32) {
    let mut t = Term::open(&["demo"]);
    let cooked = t.cooked.clone();
    t.wait_for("the UI to draw, in raw mode", |t| {
        t.parser.screen().contents().contains("space: play") && t.local_modes() != cooked
    });
    assert!(t.parser.screen().alternate_screen());
    assert!(t.parser.screen().hide_cursor());
    assert_ne!(
        t.parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
    let pid = t.child.process_id().unwrap();
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal} {pid}: {sent:?}");
    let status = pty::wait_exit(&mut *t.child, &t.output, &mut t.parser, None);
    assert_eq!(status.exit_code(), 128 + number, "{signal}: {status:?}");
    t.wait_for("the terminal given back", |t| {
        let s = t.parser.screen();
        !s.alternate_screen()
            && !s.hide_cursor()
            && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    });
    assert_eq!(
        t.local_modes(),
        cooked,
        "{signal}: the terminal is still raw"
    );
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    signal_restores_the_terminal("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    signal_restores_the_terminal("HUP", 1);
}

#[test]
fn an_outside_sigint_restores_the_terminal_and_exits_130() {
    signal_restores_the_terminal("INT", 2);
}
