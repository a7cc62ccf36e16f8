//! Snapshots: the screen at one moment as plain text and as SVG, for notes and slides.

use std::io;
use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;

use super::svg;
use crate::trace::Nanos;
use crate::ui::app::App;
use crate::ui::theme::TerminalColors;
use crate::ui::{Offscreen, Session};

/// Where a snapshot went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The plain-text screen.
    pub text: PathBuf,
    /// The SVG image.
    pub svg: PathBuf,
}

/// Writes `screen` to `<stem>.txt` and `<stem>.svg`, each whole or not at all.
pub fn write(screen: &Buffer, colors: &TerminalColors, stem: &Path) -> io::Result<Written> {
    let with = |ext: &str| {
        let mut name = stem.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    let written = Written {
        text: with(".txt"),
        svg: with(".svg"),
    };
    crate::save::write_bytes(&written.text, svg::text(screen))?;
    crate::save::write_bytes(&written.svg, svg::svg(screen, colors))?;
    Ok(written)
}

/// A stem in `dir` that names no snapshot yet: `gilscope-<slug>-<t>s`, then `-2`, `-3`…
pub fn free_stem(dir: &Path, slug: &str, t: Nanos) -> PathBuf {
    let base = format!(
        "gilscope-{slug}-{}.{:06}s",
        t / 1_000_000_000,
        t % 1_000_000_000 / 1_000
    );
    let taken = |stem: &str| {
        dir.join(format!("{stem}.txt")).exists() || dir.join(format!("{stem}.svg")).exists()
    };
    let mut stem = base.clone();
    let mut n = 1;
    while taken(&stem) {
        n += 1;
        stem = format!("{base}-{n}");
    }
    dir.join(stem)
}

/// The screen the UI shows, paused at simulated time `t` (clamped to the trace), at
/// `size` columns × rows.
pub fn screen_at(session: &Session, t: Nanos, size: (u16, u16)) -> Buffer {
    let (_, store) = session.trace.trace(&session.options);
    let mut app = App::new();
    app.lang = session.lang;
    app.ingest(store.to_chunk());
    app.set_time(t.min(store.clock()));
    let mut screen = Offscreen::new(size.0.max(1), size.1.max(1));
    screen.draw(&mut app, session).clone()
}
