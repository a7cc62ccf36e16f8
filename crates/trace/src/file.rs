//! The on-disk trace format, `gilscope-trace` version 3 (documented in
//! `docs/trace-format.md`): a JSON object with the run's metadata, its threads, objects,
//! texts and lost updates, and one event per line. Saving and loading a trace gives it back
//! exactly. Version 2 files (no device waits) and version 1 files (no lost updates either)
//! are read too.

use serde::{Deserialize, Serialize};

use super::event::{Event, Nanos};
use super::record::{Chunk, LostUpdate, ObjMeta, ProcMeta, RunEnd, TaskMeta, ThreadMeta};
use super::store::Store;

/// The format name written in every file.
pub const FORMAT: &str = "gilscope-trace";
/// The format version this build writes (and the newest it reads).
pub const VERSION: u32 = 3;
/// The oldest version this build reads: version 1 differs only in having no lost updates
/// and no device waits.
pub const OLDEST_VERSION: u32 = 1;

/// What was run, and how: enough to label and replay a trace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunMeta {
    /// The program's name (a file name or a scenario name).
    pub program: String,
    /// The program's source text, if it was Python.
    pub source: Option<String>,
    /// Its command-line arguments (`sys.argv[1:]`).
    pub argv: Vec<String>,
    /// The seed of the OS model.
    pub seed: u64,
    /// The switch interval at start, in ns.
    pub switch_interval_ns: Nanos,
    /// `virtual` or `real`.
    pub clock: String,
    /// Whether stdout was unbuffered (`python -u`).
    pub unbuffered: bool,
    /// The simulated time budget, in ns.
    pub max_time_ns: Option<Nanos>,
    /// The interpreter simulated: `3.11`, `3.9` or `off` (free-threaded).
    #[serde(default = "default_gil")]
    pub gil: String,
    /// Simulated CPU cores.
    #[serde(default = "default_cores")]
    pub cores: usize,
    /// The gilscope version that recorded it.
    pub gilscope: String,
}

fn default_gil() -> String {
    "3.11".to_owned()
}

fn default_cores() -> usize {
    2
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    meta: RunMeta,
    #[serde(default)]
    procs: Vec<ProcMeta>,
    threads: Vec<ThreadMeta>,
    objects: Vec<ObjMeta>,
    #[serde(default)]
    tasks: Vec<TaskMeta>,
    texts: Vec<String>,
    /// Absent from version 1 files and from runs without a lost update.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    lost_updates: Vec<LostUpdate>,
    clock: Nanos,
    end: Option<RunEnd>,
}

#[derive(Deserialize)]
struct Whole {
    #[serde(flatten)]
    header: Header,
    events: Vec<Event>,
}

/// A trace file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Not JSON, or not the expected shape.
    #[error("not a gilscope trace: {0}")]
    Json(#[from] serde_json::Error),
    /// Another format or a newer version.
    #[error(
        "unsupported trace format {0} version {1} (this gilscope reads {FORMAT} {OLDEST_VERSION} to {VERSION})"
    )]
    Version(String, u32),
}

/// Writes a trace as text in the file format.
pub fn write(meta: &RunMeta, store: &Store) -> Result<String, serde_json::Error> {
    let chunk = store.to_chunk();
    let header = Header {
        format: FORMAT.to_owned(),
        version: VERSION,
        meta: meta.clone(),
        procs: chunk.procs,
        threads: chunk.threads,
        objects: chunk.objects,
        tasks: chunk.tasks,
        texts: chunk.texts,
        lost_updates: chunk.lost,
        clock: chunk.clock,
        end: chunk.end,
    };
    let mut out = serde_json::to_string_pretty(&header)?;
    // Replace the closing brace by the events, one per line, for diffable files.
    out.pop();
    out.push_str(",\n  \"events\": [");
    for (i, e) in chunk.events.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(&serde_json::to_string(e)?);
    }
    out.push_str("\n  ]\n}\n");
    Ok(out)
}

/// Reads a trace written by [`write`].
pub fn read(text: &str) -> Result<(RunMeta, Store), FormatError> {
    let whole: Whole = serde_json::from_str(text)?;
    let h = whole.header;
    if h.format != FORMAT || !(OLDEST_VERSION..=VERSION).contains(&h.version) {
        return Err(FormatError::Version(h.format, h.version));
    }
    let chunk = Chunk {
        procs: h.procs,
        threads: h.threads,
        objects: h.objects,
        renames: Vec::new(),
        tasks: h.tasks,
        texts: h.texts,
        lost: h.lost_updates,
        events: whole.events,
        clock: h.clock,
        end: h.end,
    };
    Ok((h.meta, Store::from_chunks([chunk])))
}
