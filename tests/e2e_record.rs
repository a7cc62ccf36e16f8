//! The real binary in a pseudo-terminal, recording: `--record` writes a cast with the keys
//! pressed and the resizes, whose last frame is the last screen shown; `e` saves the
//! screen as text and SVG and says where. Every wait is for something to appear.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod support;

mod pty;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::time::Instant;

use crossbeam::channel::{Receiver, unbounded};
use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

use pty::DEADLINE;

struct Term {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Term {
    fn open(args: &[&str], dir: &Path, cols: u16, rows: u16, no_color: bool) -> Term {
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gilscope"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
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
        let nz = |n| NonZeroU16::new(n).unwrap();
        Term {
            master: pair.master,
            child,
            writer,
            output: rx,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
        }
    }

    fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !ok(&self.parser.screen().contents()) {
            let left = DEADLINE.saturating_sub(start.elapsed());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!(
                    "waiting for {what}; the screen shows:\n{}",
                    self.parser.screen().contents()
                ),
            }
        }
    }

    fn exit(&mut self) -> portable_pty::ExitStatus {
        pty::wait_exit(&mut *self.child, &self.output, &mut self.parser, None)
    }

    fn shows(&mut self, text: &str) {
        let t = text.to_owned();
        self.wait_for(text, move |s| s.contains(&t));
    }

    /// Quits with `q` and returns the last screen shown before the terminal left the
    /// alternate screen: the last frame drawn.
    fn quit(&mut self) -> String {
        const LEAVE: &[u8] = b"\x1b[?1049l";
        self.send("q");
        let start = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(start.elapsed());
            let bytes = self.output.recv_timeout(left).expect("the UI to quit");
            match bytes.windows(LEAVE.len()).position(|w| w == LEAVE) {
                Some(i) => {
                    self.parser.process(&bytes[..i]);
                    let last = self.parser.screen().contents();
                    self.parser.process(&bytes[i..]);
                    return last;
                }
                None => self.parser.process(&bytes),
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }
}

/// Whether the screen shows a whole frame without the key overlay: the overlay reaches the
/// last column, and a frame is written row by row, so a row that still ends with a key's
/// description has not been redrawn yet.
fn settled(screen: &str) -> bool {
    screen.contains("q quit")
        && !screen.lines().any(|l| {
            let l = l.trim_end();
            l.ends_with("next event") || l.ends_with("(text + SVG)")
        })
}

/// The lines of a screen without trailing blanks (styled blanks count as contents for
/// some terminals, not others).
fn lines(screen: &str) -> Vec<&str> {
    screen.lines().map(str::trim_end).collect()
}

#[test]
fn record_keys_resize_and_snapshot_in_the_live_ui() {
    let dir = std::env::temp_dir().join(format!("gilscope-e2e-rec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut t = Term::open(&["demo", "--record", "live.cast"], &dir, 100, 30, false);
    t.shows("paused");
    t.send("\x1b[C");
    t.shows("→  step to the next event");
    t.send("e");
    t.shows("snapshot saved: gilscope-demo-0.000000s.txt and .svg");
    // A smaller terminal, then wait for the key overlay to go.
    t.master.resize(size(80, 24)).unwrap();
    t.parser
        .screen_mut()
        .set_size(NonZeroU16::new(24).unwrap(), NonZeroU16::new(80).unwrap());
    t.wait_for("the keys to leave the 80x24 screen", settled);
    let last = t.quit();
    let status = t.exit();
    assert!(status.success(), "{status:?}");
    t.shows("live.cast: ");

    let cast = support::parse_cast(&std::fs::read_to_string(dir.join("live.cast")).unwrap());
    assert_eq!(
        (cast.header["width"].clone(), cast.header["height"].clone()),
        (100.into(), 30.into())
    );
    let inputs: Vec<&str> = cast
        .events
        .iter()
        .filter(|e| e.code == "i")
        .map(|e| e.data.as_str())
        .collect();
    assert_eq!(inputs, ["\x1b[C", "e", "q"]);
    let resizes: Vec<&str> = cast
        .events
        .iter()
        .filter(|e| e.code == "r")
        .map(|e| e.data.as_str())
        .collect();
    assert_eq!(resizes, ["80x24"]);
    let end = cast.events.last().unwrap().time;
    assert_eq!(lines(&cast.play(end).screen().contents()), lines(&last));
    // The snapshot: the screen without the key overlay, as text and SVG.
    let text = std::fs::read_to_string(dir.join("gilscope-demo-0.000000s.txt")).unwrap();
    assert!(
        text.starts_with("gilscope · demo (Rust scenario)"),
        "{text}"
    );
    assert!(!text.contains("step to the next event"), "{text}");
    let svg = std::fs::read_to_string(dir.join("gilscope-demo-0.000000s.svg")).unwrap();
    support::assert_well_formed_svg(&svg);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn under_no_color_the_screen_has_none_but_the_recording_and_snapshot_do() {
    let dir = std::env::temp_dir().join(format!("gilscope-e2e-nc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut t = Term::open(&["demo", "--record", "nc.cast"], &dir, 100, 30, true);
    t.shows("paused");
    t.send("e");
    t.shows("snapshot saved");
    t.wait_for("the key to leave the screen", settled);
    let screen = t.parser.screen();
    for row in 0..30 {
        for col in 0..100 {
            let cell = screen.cell(row, col).unwrap();
            assert_eq!(
                cell.fgcolor(),
                vt100::Color::Default,
                "({col},{row}) has colour"
            );
            assert_eq!(
                cell.bgcolor(),
                vt100::Color::Default,
                "({col},{row}) has colour"
            );
        }
    }
    let last = t.quit();
    assert!(t.exit().success());
    let cast = support::parse_cast(&std::fs::read_to_string(dir.join("nc.cast")).unwrap());
    let end = cast.events.last().unwrap().time;
    let played = cast.play(end);
    let coloured = (0..30).any(|r| {
        (0..100).any(|c| {
            matches!(
                played.screen().cell(r, c).unwrap().fgcolor(),
                vt100::Color::Rgb(..)
            )
        })
    });
    assert!(coloured, "the recording lost its colours");
    assert_eq!(lines(&played.screen().contents()), lines(&last));
    let svg = std::fs::read_to_string(dir.join("gilscope-demo-0.000000s.svg")).unwrap();
    assert!(
        svg.contains("fill=\"#e6e6e6\""),
        "the snapshot lost its colours"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
