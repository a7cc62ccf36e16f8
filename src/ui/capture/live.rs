//! What watches the interactive UI: the `--record` recorder (frames, keys, resizes, on the
//! host's clock) and the snapshot key.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::PathBuf;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;

use super::asciicast::{CastInfo, CastStats, CastWriter, key_bytes};
use super::snapshot;
use crate::trace::Nanos;
use crate::ui::Watcher;
use crate::ui::theme::Theme;

/// Pauses longer than this are shortened by players: the lecturer's thinking time.
pub const IDLE_TIME_LIMIT: f64 = 2.0;

/// Records the session (if asked) and writes snapshots.
pub struct LiveWatcher {
    cast: Option<(PathBuf, CastWriter<BufWriter<File>>)>,
    /// Recordings and snapshots are in colour: this theme, when the screen's has none.
    theme: Theme,
    own_theme: bool,
    slug: String,
    dir: PathBuf,
}

impl LiveWatcher {
    /// A watcher writing snapshots named after `slug` into `dir`, and recording into
    /// `record` if given (the file is created now, so a bad path fails before the UI
    /// starts). `theme` is the screen's; under NO_COLOR its coloured twin draws what is
    /// recorded and saved.
    pub fn new(
        record: Option<PathBuf>,
        title: String,
        theme: &Theme,
        slug: String,
        dir: PathBuf,
    ) -> io::Result<Self> {
        let own_theme = !theme.color;
        let theme = Theme {
            color: true,
            ..theme.clone()
        };
        let cast = match record {
            Some(path) => {
                let file = BufWriter::new(File::create(&path)?);
                let info = CastInfo {
                    title,
                    idle_time_limit: Some(IDLE_TIME_LIMIT),
                    colors: theme.terminal,
                };
                Some((path, CastWriter::new(file, info)))
            }
            None => None,
        };
        Ok(LiveWatcher {
            cast,
            theme,
            own_theme,
            slug,
            dir,
        })
    }

    /// Finishes the recording, if there is one: where it went and what it holds.
    pub fn finish(self) -> io::Result<Option<(PathBuf, CastStats)>> {
        match self.cast {
            Some((path, cast)) => {
                let (_, stats) = cast.finish()?;
                Ok(Some((path, stats)))
            }
            None => Ok(None),
        }
    }

    /// Runs `f` on the recording; a failure stops recording (and is reported once).
    fn recording(
        &mut self,
        f: impl FnOnce(&mut CastWriter<BufWriter<File>>) -> io::Result<()>,
    ) -> io::Result<()> {
        let Some((_, cast)) = &mut self.cast else {
            return Ok(());
        };
        let result = f(cast);
        if result.is_err() {
            self.cast = None;
        }
        result
    }
}

impl Watcher for LiveWatcher {
    fn theme(&self) -> Option<Theme> {
        self.own_theme.then(|| self.theme.clone())
    }

    fn recording(&self) -> bool {
        self.cast.is_some()
    }

    fn frame(&mut self, t: Duration, screen: &Buffer) -> io::Result<()> {
        self.recording(|cast| cast.frame(t, screen))
    }

    fn key(&mut self, t: Duration, key: KeyEvent) -> io::Result<()> {
        match key_bytes(key) {
            Some(bytes) => self.recording(|cast| cast.input(t, &bytes)),
            None => Ok(()),
        }
    }

    fn snapshot(&mut self, screen: &Buffer, playhead: Nanos) -> String {
        let stem = snapshot::free_stem(&self.dir, &self.slug, playhead);
        match snapshot::write(screen, &self.theme.terminal, &stem) {
            Ok(w) => format!("snapshot saved: {} and .svg", w.text.display()),
            Err(e) => format!("snapshot failed: {}: {e}", stem.display()),
        }
    }
}
