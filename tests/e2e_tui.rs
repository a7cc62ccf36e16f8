//! The real binary in a pseudo-terminal: open, step, help, play, resize, quit, and the
//! terminal given back as it was. The screen is rebuilt from the bytes with a VT parser;
//! every wait is for something to appear, with a deadline, never a fixed sleep.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod pty;

use std::io::{Read, Write};
use std::time::Duration;

use crossbeam::channel::{Receiver, unbounded};
use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Term {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    /// Every byte the program wrote to the terminal.
    raw: Vec<u8>,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

use pty::DEADLINE;

impl Term {
    fn open(args: &[&str], cols: u16, rows: u16) -> Term {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gilscope"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
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
            master: pair.master,
            child,
            writer,
            output: rx,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
        }
    }

    /// Reads output until the screen satisfies `ok`.
    fn wait_for(&mut self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        let start = std::time::Instant::now();
        while !ok(self.parser.screen()) {
            let left = DEADLINE.saturating_sub(start.elapsed());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                Err(_) => panic!(
                    "waiting for {what}; the screen shows:\n{}",
                    self.parser.screen().contents()
                ),
            }
        }
    }

    fn exit(&mut self) -> portable_pty::ExitStatus {
        pty::wait_exit(
            &mut *self.child,
            &self.output,
            &mut self.parser,
            Some(&mut self.raw),
        )
    }

    fn shows(&mut self, text: &str) {
        let t = text.to_owned();
        self.wait_for(text, move |s| s.contents().contains(&t));
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser.screen_mut().set_size(nz(rows), nz(cols));
    }
}

#[test]
fn open_step_play_resize_and_quit_restore_the_terminal() {
    let mut t = Term::open(&["demo"], 100, 30);
    t.shows("paused");
    t.shows("space: play");
    assert!(t.parser.screen().alternate_screen());
    assert!(t.parser.screen().hide_cursor());

    // Three steps: the third event is main calling start().
    t.send("\x1b[C\x1b[C\x1b[C");
    t.shows("calls start() on Thread-1");
    // Help opens and closes.
    t.send("?");
    t.shows("Keys (Esc closes)");
    t.send("\x1b");
    t.wait_for("help to close", |s| {
        !s.contents().contains("Keys (Esc closes)")
    });
    // Play, then pause.
    t.send(" ");
    t.shows("playing");
    t.send(" ");
    t.shows("paused");
    // A smaller terminal: panels collapse, the lanes stay.
    t.resize(40, 12);
    t.wait_for("a 40-column layout", |s| {
        let c = s.contents();
        // The header keeps the GIL mode, the time and the state at every width.
        c.lines()
            .next()
            .is_some_and(|l| l.starts_with("GIL 3.11 · 0.0") && l.contains('‖'))
    });
    t.resize(120, 40);
    t.shows("Output");
    // Quit: the process ends well and the terminal is back to normal.
    t.send("q");
    let status = t.exit();
    assert!(status.success(), "{status:?}");
    while let Ok(bytes) = t.output.recv_timeout(Duration::from_millis(500)) {
        t.parser.process(&bytes);
    }
    let s = t.parser.screen();
    assert!(!s.alternate_screen(), "still on the alternate screen");
    assert!(!s.hide_cursor(), "cursor still hidden");
    assert_eq!(
        s.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse still captured"
    );
}

/// A key that reaches the terminal together with a resize is still read. crossterm's default
/// reader polls edge-triggered and returns the resize alone, leaving the key unread until
/// another byte comes (crossterm-rs/crossterm#1057): a `q` typed just after a resize then
/// never quit. Twenty resizes, each with a key on its heels.
#[test]
fn a_key_typed_with_a_resize_is_not_lost() {
    let mut t = Term::open(&["demo"], 100, 30);
    t.shows("paused");
    for round in 0..20 {
        let (cols, rows) = if round % 2 == 0 { (90, 28) } else { (100, 30) };
        t.resize(cols, rows);
        t.send("?");
        t.shows("Keys (Esc closes)");
        t.resize(cols + 5, rows + 1);
        t.send("?");
        t.wait_for("help to close", |s| {
            !s.contents().contains("Keys (Esc closes)")
        });
    }
    t.resize(100, 30);
    t.send("q");
    assert!(t.exit().success());
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let mut t = Term::open(&[], 80, 24);
    t.shows("paused");
    t.send("\x03");
    let status = t.exit();
    assert!(status.success());
    while let Ok(bytes) = t.output.recv_timeout(Duration::from_millis(500)) {
        t.parser.process(&bytes);
    }
    assert!(!t.parser.screen().alternate_screen());
    assert!(!t.parser.screen().hide_cursor());
}

#[test]
fn with_no_argument_the_lecture_program_opens_paused_at_zero() {
    let mut t = Term::open(&[], 120, 40);
    t.shows("programa2.py");
    t.shows("t = 0.000000 s");
    // At t = 0 the main thread has no line yet: the panel shows the top of the file (a
    // line further down shows only in frames drawn before the trace arrives).
    t.shows("def main():");
    t.shows("space: play");
    t.send("q");
    assert!(t.exit().success());
}

#[test]
fn a_program_that_does_not_compile_opens_with_its_error_in_a_banner() {
    let dir = std::env::temp_dir().join(format!("gilscope-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.py");
    std::fs::write(&bad, "import threading\nprint('ok'\n").unwrap();
    let mut t = Term::open(&[bad.to_str().unwrap()], 100, 30);
    // The banner has CPython's message in one line, as `str()` of the exception reads.
    t.shows("SyntaxError: '(' was never closed (");
    t.shows("line 2)");
    t.shows("print('ok'");
    t.send("q");
    assert!(t.exit().success());
}

#[test]
fn g_reruns_the_program_under_the_next_gil_mode_at_the_same_time() {
    let mut t = Term::open(&["race"], 120, 40);
    t.shows("CPython 3.11 GIL");
    t.send("\x1b[1;2C\x1b[1;2C\x1b[1;2C"); // three handoffs in
    t.wait_for("a few handoffs in", |s| {
        !s.contents().contains("t = 0.000000 s")
    });
    let at = |s: &vt100::Screen| {
        s.contents()
            .lines()
            .next()
            .and_then(|l| l.split("t = ").nth(1))
            .map(|r| r[..14].to_owned())
    };
    let before = at(t.parser.screen()).unwrap();
    t.send("G");
    t.shows("CPython 3.9 GIL");
    t.wait_for("the same time again", |s| {
        at(s).as_deref() == Some(before.as_str())
    });
    t.send("G");
    t.shows("free-threaded (no GIL)");
    t.shows("core 0");
    t.send("G");
    t.shows("CPython 3.11 GIL");
    t.send("q");
    assert!(t.exit().success());
}

#[test]
fn v_splits_the_screen_between_two_gil_modes() {
    // Two counting threads, as in cpu2 but a tenth of its count: a debug build simulates
    // both runs to their end in a second instead of the 20 s the test may wait (cpu2 under
    // 3.9 takes 5 to 20 s of a loaded machine, so `End` reached "finished" only sometimes).
    let dir = std::env::temp_dir().join(format!("gilscope-e2e-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("count2.py");
    std::fs::write(
        &program,
        "import threading\n\
         def count(n):\n\
         \x20   while n > 0:\n\
         \x20       n -= 1\n\
         a = threading.Thread(target=count, args=(100_000,))\n\
         b = threading.Thread(target=count, args=(100_000,))\n\
         a.start()\n\
         b.start()\n\
         a.join()\n\
         b.join()\n",
    )
    .unwrap();
    let mut t = Term::open(&[program.to_str().unwrap()], 120, 40);
    t.shows("CPython 3.11 GIL");
    t.send("V");
    t.shows("Threads · CPython 3.11 GIL");
    t.shows("Threads · free-threaded (no GIL)");
    t.shows("core 1");
    t.send("G"); // in the split view G changes the lower run
    t.shows("Threads · CPython 3.9 GIL");
    t.shows("Threads · CPython 3.11 GIL");
    t.send("\x1b[F"); // End
    t.shows("finished");
    t.send("V");
    t.shows("Split view closed");
    t.wait_for("one timeline again", |s| {
        !s.contents().contains("Threads · ")
    });
    t.send("q");
    assert!(t.exit().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sixty_four_threads_printing_escapes_survive_key_repeat_a_resize_storm_and_1x1() {
    let dir = std::env::temp_dir().join(format!("gilscope-e2e-stress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("escapes64.py");
    // Each thread prints what would clear the screen, retitle the window, ring the bell
    // and leave the alternate screen if it reached the terminal.
    std::fs::write(
        &program,
        "import threading, time\n\
         def noisy(i):\n\
         \x20   for k in range(40):\n\
         \x20       print('\\x1b[2J\\x1b]0;pwned\\x07\\x1b[?1049l\\r', i, k, '\\u202e\\x00')\n\
         \x20       time.sleep(0.001 * (i % 7))\n\
         ts = [threading.Thread(target=noisy, args=(i,)) for i in range(64)]\n\
         for t in ts: t.start()\n\
         for t in ts: t.join()\n\
         print('all done')\n",
    )
    .unwrap();
    let mut t = Term::open(&[program.to_str().unwrap()], 120, 40);
    t.shows("paused");
    // Key repeat: 300 steps typed at once, then play fast.
    t.send(&"\x1b[C".repeat(300));
    t.send(" ++++++++");
    // A resize storm, down to one cell, without waiting between sizes.
    for _ in 0..5 {
        for (cols, rows) in [
            (1, 1),
            (2, 2),
            (300, 100),
            (10, 3),
            (40, 12),
            (1, 1),
            (200, 60),
        ] {
            t.resize(cols, rows);
        }
    }
    t.resize(120, 40);
    t.wait_for("the full layout again", |s| {
        let c = s.contents();
        c.contains("MainThread") && c.contains("Output") && c.lines().count() >= 39
    });
    t.send("\x1b[F"); // End
    t.shows("finished");
    t.shows("all done");
    t.send("q");
    let status = t.exit();
    assert!(status.success(), "{status:?}");
    while let Ok(bytes) = t.output.recv_timeout(Duration::from_millis(500)) {
        t.parser.process(&bytes);
        t.raw.extend_from_slice(&bytes);
    }
    let s = t.parser.screen();
    assert!(!s.alternate_screen() && !s.hide_cursor());
    let raw = String::from_utf8_lossy(&t.raw);
    assert!(
        !raw.contains("\x1b]0;pwned"),
        "a title escape reached the terminal"
    );
    assert!(!raw.contains('\x07'), "the bell reached the terminal");
    assert!(
        !raw.contains('\u{202e}'),
        "a bidi override reached the terminal"
    );
}
