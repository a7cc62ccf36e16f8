//! The command line: `gilscope run ...` and friends.

use std::io::Write as _;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::{ClockMode, GilMode, Options, SEC};
use crate::export;
use crate::i18n::Lang;
use crate::program::{OpenError, Program, TraceSource};
use crate::python::{IoConfig, NetProfile, RunConfig};
use crate::report;
use crate::trace::{EndReason, Nanos, Stream, file};
use crate::ui::Session;
use crate::ui::capture::{self, live::LiveWatcher, record::RecordOptions};
use crate::ui::theme::{Theme, ThemeName};

/// Watch CPython schedule threads under the GIL.
///
/// With no command, opens the interactive timeline.
#[derive(Debug, Parser)]
#[command(
    name = "gilscope",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open the interactive timeline (the default).
    #[command(flatten)]
    pub open: OpenArgs,
}

impl Cli {
    /// Parses `args` (the program's name first) with gilscope's own options wherever the
    /// user put them: `gilscope --lang pt scenarios` is `gilscope scenarios --lang pt`,
    /// and `gilscope deadlock fixed --lang pt` opens `deadlock fixed` in Portuguese. Other
    /// words after the program, and everything after `--`, are the program's arguments.
    pub fn parse_anywhere(args: impl IntoIterator<Item = std::ffi::OsString>) -> Cli {
        Cli::parse_from(place_options(args.into_iter().collect()))
    }
}

/// `args` with a command named after leading options moved to the front, and, for the
/// interactive timeline, gilscope's options found after the program moved before it.
fn place_options(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::CommandFactory as _;
    let cmd = Cli::command();
    let Some((name, rest)) = args.split_first() else {
        return args;
    };
    // Whether a word is one of gilscope's options, and whether it takes a value after it.
    let option = |word: &str| -> Option<bool> {
        let (flag, inline) = match word.split_once('=') {
            Some((f, _)) => (f, true),
            None => (word, false),
        };
        let long = flag.strip_prefix("--")?;
        cmd.get_arguments()
            .find(|a| a.get_long() == Some(long))
            .map(|a| a.get_action().takes_values() && !inline)
    };
    let text = |i: usize| rest[i].to_str().unwrap_or("");
    // The first word that is not an option or an option's value.
    let mut i = 0;
    while i < rest.len() && text(i) != "--" {
        match option(text(i)) {
            Some(true) => i += 2,
            Some(false) => i += 1,
            None if text(i).starts_with('-') => i += 1,
            None => break,
        }
    }
    let mut out = vec![name.clone()];
    if i >= rest.len() || text(i) == "--" {
        out.extend(rest.iter().cloned());
        return out;
    }
    if cmd.get_subcommands().any(|c| c.get_name() == text(i)) {
        out.push(rest[i].clone());
        out.extend(rest[..i].iter().cloned());
        out.extend(rest[i + 1..].iter().cloned());
        return out;
    }
    // The interactive timeline: gilscope's options after the program go before it.
    let (mut ours, mut program) = (Vec::new(), vec![rest[i].clone()]);
    let mut j = i + 1;
    while j < rest.len() {
        if text(j) == "--" {
            program.extend(rest[j..].iter().cloned());
            break;
        }
        match option(text(j)) {
            Some(takes) => {
                let n = if takes { 2 } else { 1 };
                ours.extend(rest[j..(j + n).min(rest.len())].iter().cloned());
                j += n;
            }
            None => {
                program.push(rest[j].clone());
                j += 1;
            }
        }
    }
    out.extend(rest[..i].iter().cloned());
    out.extend(ours);
    out.extend(program);
    out
}

/// `gilscope [PROGRAM] [OPTIONS] [ARGS]...`: the interactive timeline.
#[derive(Debug, Clone, Args)]
pub struct OpenArgs {
    /// A Python program (FILE.py), a built-in scenario (`gilscope scenarios` lists them) or a
    /// trace saved with `export --format json`. Default: the lecture's programa2.
    #[arg(value_name = "PROGRAM")]
    pub program: Option<String>,
    /// Arguments for the program (`sys.argv[1:]`).
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
    /// Shared simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Theme, language and glyphs.
    #[command(flatten)]
    pub look: LookArgs,
    /// How the session is watched.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// How the screen looks: theme, language and glyphs.
#[derive(Debug, Clone, Args)]
pub struct LookArgs {
    /// Colour theme.
    #[arg(long, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
    /// Language of texts and narration (default: from LANG / LC_ALL; pt for pt_*).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Draw with ASCII only (old terminals and fonts).
    #[arg(long)]
    pub ascii: bool,
}

/// Recording and the keystroke overlay, for the interactive UI.
#[derive(Debug, Clone, Args)]
pub struct LiveArgs {
    /// Record the session as an asciicast v2 screencast (keys and resizes included).
    #[arg(long, value_name = "OUT.cast")]
    pub record: Option<PathBuf>,
    /// Show the keys you press in a corner of the screen (on while recording).
    #[arg(long)]
    pub keys: bool,
    /// Quiz mode (the `Q` key): the playback stops where the lesson asks a question, you
    /// answer with 1-4, and it plays on to the answer (built-in scenarios).
    #[arg(long)]
    pub quiz: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a program headless: its output exactly as CPython prints it (or --json).
    ///
    /// A run is cut at --max-time, 60 s unless given (exit status 3).
    Run(RunArgs),
    /// Print a Python program's bytecode as `python3 -m dis` does under CPython 3.11.
    ///
    /// With --vm, the bytecode gilscope's VM runs, with source lines and GIL check points.
    Dis(DisArgs),
    /// List the built-in scenarios (open one with `gilscope NAME`).
    Scenarios(ScenariosArgs),
    /// Record a screencast of the UI playing a program, without a terminal (asciicast v2).
    ///
    /// The first screen shows for a second, then the UI plays the program to its end at
    /// its fitted speed (or --speed). A run is cut at --max-time, 60 s unless given. The
    /// recording always has colours, NO_COLOR or not.
    Record(RecordArgs),
    /// Write a program's trace as Chrome trace JSON (Perfetto) or in gilscope's own format.
    ///
    /// A run is cut at --max-time, 60 s unless given.
    Export(ExportArgs),
    /// Open a trace saved by `export --format json` in the UI, exactly as recorded.
    Replay(ReplayArgs),
    /// Save the UI's screen at one moment as text and SVG.
    ///
    /// A run is cut at --max-time, 60 s unless given.
    Snapshot(SnapshotArgs),
    /// Two programs on one time axis, one above the other: each runs on a simulated
    /// machine of its own (its own cores and scheduler), both from t = 0, and the header
    /// compares their totals.
    Compare(CompareArgs),
}

/// `gilscope compare A.py B.py`.
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// The first program (upper half): a FILE.py or a built-in scenario.
    #[arg(value_name = "A")]
    pub first: String,
    /// The second program (lower half).
    #[arg(value_name = "B")]
    pub second: String,
    /// Shared simulation options (both programs run with them).
    #[command(flatten)]
    pub sim: SimArgs,
    /// Theme, language and glyphs.
    #[command(flatten)]
    pub look: LookArgs,
    /// How the session is watched.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// What to run or show.
#[derive(Debug, Clone, Args)]
pub struct ProgramArg {
    /// A Python program (FILE.py), a built-in scenario (`gilscope scenarios` lists them) or a
    /// trace saved with `export --format json`.
    #[arg(value_name = "PROGRAM", default_value = crate::program::DEFAULT_SCENARIO)]
    pub program: String,
}

/// `gilscope scenarios`.
#[derive(Debug, Clone, Args)]
pub struct ScenariosArgs {
    /// Language of titles and summaries (default: from LANG / LC_ALL; pt for pt_*).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// `gilscope dis`.
#[derive(Debug, Clone, Args)]
pub struct DisArgs {
    /// A Python program (FILE.py) or a built-in scenario (`gilscope scenarios` lists them).
    #[arg(value_name = "PROGRAM")]
    pub program: String,
    /// Show the bytecode gilscope's VM runs today, check points marked, instead of
    /// CPython 3.11's.
    #[arg(long)]
    pub vm: bool,
}

/// `gilscope record`.
#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// What to record.
    #[command(flatten)]
    pub program: ProgramArg,
    /// Where to write the screencast.
    #[arg(short, long, value_name = "OUT.cast")]
    pub output: PathBuf,
    /// Screen size, COLSxROWS.
    #[arg(long, value_parser = parse_size, default_value = "120x40")]
    pub size: (u16, u16),
    /// Playback speed, simulated seconds per second (default: fitted to the program, as
    /// the UI does; rounded to the UI's speed steps).
    #[arg(long, value_parser = parse_speed)]
    pub speed: Option<f64>,
    /// Frames per second while playing.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=30))]
    pub fps: u32,
    /// Show the keys pressed (space, to start playing) in an overlay and as input events.
    #[arg(long)]
    pub keys: bool,
    /// Follow the scenario's lesson: pause at each bookmark with its sentence (and an
    /// asciicast marker), then play on.
    #[arg(long)]
    pub lesson: bool,
    /// Theme, language and glyphs.
    #[command(flatten)]
    pub look: LookArgs,
    /// Shared simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// `gilscope export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Chrome Trace Event Format (Perfetto, chrome://tracing).
    Chrome,
    /// gilscope's own trace format (docs/trace-format.md), for `gilscope replay`.
    Json,
}

/// `gilscope export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(flatten)]
    pub program: ProgramArg,
    /// Where to write it.
    #[arg(short, long, value_name = "OUT.json")]
    pub output: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Chrome)]
    pub format: ExportFormat,
    /// Shared simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// `gilscope replay`.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// A trace saved with `gilscope export --format json`.
    #[arg(value_name = "TRACE.json")]
    pub trace: PathBuf,
    /// Theme, language and glyphs.
    #[command(flatten)]
    pub look: LookArgs,
    /// How the session is watched.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// `gilscope snapshot`.
#[derive(Debug, Clone, Args)]
pub struct SnapshotArgs {
    /// What to show.
    #[command(flatten)]
    pub program: ProgramArg,
    /// The simulated time to show: `2.5s`, `300ms`, `40us`, or seconds.
    #[arg(long, value_parser = parse_time)]
    pub at: Nanos,
    /// Where to write, without extension (default: gilscope-PROGRAM-TIME in the current
    /// directory); `.txt` and `.svg` are added.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Screen size, COLSxROWS.
    #[arg(long, value_parser = parse_size, default_value = "120x40")]
    pub size: (u16, u16),
    /// Theme, language and glyphs.
    #[command(flatten)]
    pub look: LookArgs,
    /// Shared simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// Options every way of running a program shares.
#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Seed for the OS's decisions (wake-up order and latency, timer slack).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// CPython's switch interval in seconds (sys.setswitchinterval).
    #[arg(long, value_name = "SECONDS", default_value_t = 0.005)]
    pub switch_interval: f64,
    /// Simulated time budget in seconds; the run stops when it runs out (exit status 3).
    /// `run`, `record`, `export` and `snapshot` stop at 60 s unless given; `none` lets a
    /// run go on for ever (the UI's default).
    #[arg(long, value_name = "SECONDS|none", value_parser = parse_limit)]
    pub max_time: Option<TimeLimit>,
    /// Which clock drives the run.
    #[arg(long, value_enum, default_value_t = Clock::Virtual)]
    pub clock: Clock,
    /// Which CPython's scheduling to simulate: 3.11 (checks at back-edges, calls and
    /// function entry), 3.9 (checks before almost every instruction), off (free-threaded 3.13t).
    #[arg(long, value_enum, default_value_t = Gil::V311)]
    pub gil: Gil,
    /// Simulated CPU cores (free-threaded threads and processes run in parallel on them).
    #[arg(long, default_value_t = 2)]
    pub cores: usize,
    /// Like `python -u`: print writes its text and its newline as two system calls.
    #[arg(long)]
    pub unbuffered: bool,
    /// The simulated network that urllib, requests and aiohttp talk to: lan (1 ms, 100
    /// MB/s), wifi (40 ms + up to 20 ms of jitter, 4 MB/s), mobile (120 ms, 1 MB/s) or
    /// slow (300 ms, 200 KB/s). Nothing leaves the machine.
    #[arg(long, value_name = "PROFILE", default_value = "wifi", value_parser = parse_net)]
    pub net: NetProfile,
    /// Serve the simulated web's pages from this folder (URL path -> file; a folder's
    /// index.html); without it pages are generated from their URL.
    #[arg(long, value_name = "DIR")]
    pub web: Option<PathBuf>,
    /// Write the files the program wrote under this folder when it ends. Without it they
    /// live in memory for the run only: a program never changes the files on disk.
    #[arg(long, value_name = "DIR")]
    pub write_files: Option<PathBuf>,
}

/// `--net`'s value: a profile name.
fn parse_net(s: &str) -> Result<NetProfile, String> {
    NetProfile::named(s.trim())
        .ok_or_else(|| format!("expected one of {}, not {s}", NetProfile::NAMES.join(", ")))
}

/// `--max-time`: a budget of simulated seconds, or none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeLimit {
    /// Stop after this many simulated seconds.
    Seconds(f64),
    /// Never stop for time.
    None,
}

/// `--max-time`'s value: seconds, or `none`.
fn parse_limit(s: &str) -> Result<TimeLimit, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(TimeLimit::None);
    }
    s.trim()
        .parse::<f64>()
        .map(TimeLimit::Seconds)
        .map_err(|_| format!("expected seconds (such as 60 or 2.5) or none, not {s}"))
}

/// `--gil`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Gil {
    /// CPython 3.10-3.13 with the GIL.
    #[value(name = "3.11")]
    V311,
    /// CPython 3.9 and older.
    #[value(name = "3.9")]
    V39,
    /// Free-threaded CPython 3.13t: no GIL.
    Off,
}

/// `--clock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Clock {
    /// Simulated time, deterministic per seed.
    Virtual,
    /// Real OS threads and sleeps: shows real jitter.
    Real,
}

/// `gilscope run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Run the built-in Rust demo scenario (prints a summary of its threads).
    #[arg(long)]
    pub demo: bool,
    /// Shared simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Print one JSON object (docs/run-json.md) instead of the program's output.
    #[arg(long)]
    pub json: bool,
    /// The Python program to run (or a built-in scenario's name).
    #[arg(required_unless_present = "demo")]
    pub file: Option<String>,
    /// Arguments for the program (`sys.argv[1:]`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Exit status when the simulated time budget ran out.
pub const EXIT_TIME_LIMIT: i32 = 3;
/// Exit status when the program deadlocked.
pub const EXIT_DEADLOCK: i32 = 4;

impl SimArgs {
    /// The interpreter whose scheduling `--gil` asks for.
    pub fn gil_mode(&self) -> GilMode {
        match self.gil {
            Gil::V311 => GilMode::V311,
            Gil::V39 => GilMode::V39,
            Gil::Off => GilMode::Off,
        }
    }

    /// Engine options from the command line, with the time budget `default` unless
    /// `--max-time` gives one (or `none`).
    pub fn options_limited(&self, default: Nanos) -> Result<Options, String> {
        let mut options = self.options()?;
        if self.max_time.is_none() {
            options.max_time = Some(default);
        }
        Ok(options)
    }

    /// Engine options from the command line; an error names the bad option.
    pub fn options(&self) -> Result<Options, String> {
        let secs = |name: &str, s: f64| {
            if s.is_finite() && s > 0.0 {
                Ok((s * SEC as f64).round() as u64)
            } else {
                Err(format!(
                    "{name} must be a positive number of seconds, not {s}"
                ))
            }
        };
        let options = Options {
            seed: self.seed,
            switch_interval: secs("--switch-interval", self.switch_interval)?,
            max_time: match self.max_time {
                Some(TimeLimit::Seconds(m)) => Some(secs("--max-time", m)?),
                Some(TimeLimit::None) | None => None,
            },
            clock: match self.clock {
                Clock::Virtual => ClockMode::Virtual,
                Clock::Real => ClockMode::Real,
            },
            gil: self.gil_mode(),
            cores: self.cores,
            ..Options::default()
        };
        options.validate()?;
        Ok(options)
    }
}

/// Runs the command line; returns the process exit status.
pub fn main(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Run(args)) => run(&args),
        Some(Command::Dis(args)) => dis(&args),
        Some(Command::Scenarios(args)) => scenarios(&args),
        Some(Command::Record(args)) => record(&args),
        Some(Command::Export(args)) => export(&args),
        Some(Command::Replay(args)) => replay(&args),
        Some(Command::Snapshot(args)) => snapshot(&args),
        Some(Command::Compare(args)) => compare(&args),
        None => open(&cli.open),
    }
}

/// Simulated time budget of the headless commands (`run`, `record`, `export`,
/// `snapshot`) when none is given: they must end even on a program that never does.
pub const FILE_BUDGET: Nanos = 60 * SEC;

/// Exit status of gilscope's own usage errors (unreadable file, bad option).
pub const EXIT_USAGE: i32 = 2;
/// Exit status when a file could not be written.
const EXIT_IO: i32 = 1;

/// `COLSxROWS`.
fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("expected COLSxROWS such as 120x40, not {s}");
    let (c, r) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let cols: u16 = c.trim().parse().map_err(|_| bad())?;
    let rows: u16 = r.trim().parse().map_err(|_| bad())?;
    if !(20..=1000).contains(&cols) || !(6..=500).contains(&rows) {
        return Err(format!("{s}: the screen must be 20x6 to 1000x500"));
    }
    Ok((cols, rows))
}

/// A positive speed.
fn parse_speed(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("expected a positive number, not {s}")),
    }
}

/// A simulated time: `2.5s`, `300ms`, `40us` (or `µs`), `100ns`, or plain seconds.
pub fn parse_time(s: &str) -> Result<Nanos, String> {
    let s = s.trim();
    let (num, scale) = [
        ("ns", 1.0),
        ("us", 1e3),
        ("µs", 1e3),
        ("ms", 1e6),
        ("s", 1e9),
    ]
    .iter()
    .find_map(|&(unit, scale)| s.strip_suffix(unit).map(|n| (n, scale)))
    .unwrap_or((s, 1e9));
    match num.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok((v * scale).round() as Nanos),
        _ => Err(format!("expected a time such as 2.5s or 300ms, not {s}")),
    }
}

/// Opens the program argument and the options for a headless command; the error is
/// reported and becomes the exit status.
fn headless(program: &ProgramArg, sim: &SimArgs) -> Result<(TraceSource, Options), i32> {
    let options = sim.options_limited(FILE_BUDGET).map_err(|e| {
        eprintln!("gilscope: {e}");
        EXIT_USAGE
    })?;
    let source = open_source(&program.program, run_config(sim, &[]))?;
    let options = source.options(&options);
    Ok((source, options))
}

fn record(args: &RecordArgs) -> i32 {
    let (trace, options) = match headless(&args.program, &args.sim) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let session = Session {
        trace,
        lang: args.look.lang.unwrap_or_else(Lang::from_env),
        options,
        theme: Theme::new(args.look.theme, true, args.look.ascii),
    };
    let opts = RecordOptions {
        size: args.size,
        fps: args.fps,
        speed: args.speed,
        keys: args.keys,
        lesson: args.lesson,
    };
    let written = crate::save::write_file(&args.output, |out| {
        capture::record::record(&session, &opts, out)
    });
    match written {
        Ok(stats) => {
            println!(
                "{}: {:.1} s, {} frames, {} bytes",
                args.output.display(),
                stats.duration.as_secs_f64(),
                stats.frames,
                stats.bytes
            );
            0
        }
        Err(e) => {
            eprintln!("gilscope: {}: {e}", args.output.display());
            EXIT_IO
        }
    }
}

fn export(args: &ExportArgs) -> i32 {
    let (source, options) = match headless(&args.program, &args.sim) {
        Ok(x) => x,
        Err(status) => return status,
    };
    // The Chrome trace is written as the run goes, in bounded memory; gilscope's own format
    // is one document, written at the end.
    let written = match args.format {
        ExportFormat::Chrome => {
            if let Some(advice) = export::chrome::name_advice(&args.output) {
                eprintln!("gilscope: note: {advice}");
            }
            crate::save::write_file(&args.output, |out| {
                export::chrome::stream(&source, &options, out).map(|e| (e.end, e.clock))
            })
        }
        ExportFormat::Json => {
            let (meta, store) = source.trace(&options);
            file::write(&meta, &store)
                .map_err(std::io::Error::from)
                .and_then(|t| crate::save::write_bytes(&args.output, t))
                .map(|()| (store.end().cloned(), store.clock()))
        }
    };
    match written {
        Ok((end, clock)) => {
            println!("{}", args.output.display());
            if end.is_some_and(|e| e.reason == EndReason::TimeLimit) {
                eprintln!(
                    "gilscope: the simulated time limit ({}) ran out before the program ended: \
                     the trace stops there",
                    report::fmt_time(clock)
                );
            }
            0
        }
        Err(e) => {
            eprintln!("gilscope: {}: {e}", args.output.display());
            EXIT_IO
        }
    }
}

fn snapshot(args: &SnapshotArgs) -> i32 {
    let (trace, options) = match headless(&args.program, &args.sim) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let session = Session {
        trace,
        lang: args.look.lang.unwrap_or_else(Lang::from_env),
        options,
        theme: Theme::new(args.look.theme, true, args.look.ascii),
    };
    let screen = capture::snapshot::screen_at(&session, args.at, args.size);
    let stem = match &args.output {
        Some(p) => p.clone(),
        None => capture::snapshot::free_stem(Path::new(""), &session.trace.slug(), args.at),
    };
    match capture::snapshot::write(&screen, &session.theme.terminal, &stem) {
        Ok(w) => {
            println!("{}\n{}", w.text.display(), w.svg.display());
            0
        }
        Err(e) => {
            eprintln!("gilscope: {}: {e}", stem.display());
            EXIT_IO
        }
    }
}

fn replay(args: &ReplayArgs) -> i32 {
    let source = match TraceSource::open(&args.trace.to_string_lossy(), RunConfig::default()) {
        Ok(s @ TraceSource::Saved(_)) => s,
        Ok(_) => {
            eprintln!(
                "gilscope: {}: not a trace file (give one written by `gilscope export --format json`)",
                args.trace.display()
            );
            return EXIT_USAGE;
        }
        Err(e) => {
            eprintln!("gilscope: {e}");
            return EXIT_USAGE;
        }
    };
    let options = source.options(&Options::default());
    interactive(source, None, options, &args.look, &args.live)
}

fn compare(args: &CompareArgs) -> i32 {
    let options = match args.sim.options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gilscope: {e}");
            return EXIT_USAGE;
        }
    };
    let mut sources = Vec::new();
    for name in [&args.first, &args.second] {
        match TraceSource::open(name, run_config(&args.sim, &[])) {
            Ok(s @ TraceSource::Run(_)) => sources.push(s),
            Ok(_) => {
                eprintln!("gilscope: {name}: compare runs programs, not saved traces");
                return EXIT_USAGE;
            }
            Err(e) => {
                eprintln!("gilscope: {e}");
                return EXIT_USAGE;
            }
        }
    }
    let second = sources.pop();
    let Some(first) = sources.pop() else {
        return EXIT_USAGE;
    };
    interactive(first, second, options, &args.look, &args.live)
}

/// Whether `NO_COLOR` asks for no colour (set and not empty, as no-color.org says).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

fn open(args: &OpenArgs) -> i32 {
    let options = match args.sim.options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gilscope: {e}");
            return EXIT_USAGE;
        }
    };
    let name = args
        .program
        .as_deref()
        .unwrap_or(crate::program::DEFAULT_SCENARIO);
    // A program that does not compile still opens: the UI shows its source and the error.
    let source = match TraceSource::open(name, run_config(&args.sim, &args.args)) {
        Ok(s) => s,
        Err(OpenError::Compile(broken)) => TraceSource::Broken(Arc::new(broken)),
        Err(e) => {
            eprintln!("gilscope: {e}");
            return EXIT_USAGE;
        }
    };
    interactive(source, None, options, &args.look, &args.live)
}

/// Runs the interactive UI on `trace` (beside `versus`, if given), recording it if asked.
fn interactive(
    trace: TraceSource,
    versus: Option<TraceSource>,
    options: Options,
    look: &LookArgs,
    live: &LiveArgs,
) -> i32 {
    let LookArgs { theme, lang, ascii } = *look;
    let session = Session {
        trace,
        lang: lang.unwrap_or_else(Lang::from_env),
        options,
        theme: Theme::new(theme, !no_color(), ascii),
    };
    let title = match &versus {
        // A comparison's cast names both programs, as its header does.
        Some(b) => format!(
            "gilscope: {} vs {} (seed {})",
            session.trace.name(),
            b.name(),
            session.options.seed
        ),
        None => capture::record::title(&session),
    };
    let watcher = LiveWatcher::new(
        live.record.clone(),
        title,
        &session.theme,
        session.trace.slug(),
        PathBuf::new(),
    );
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            let path = live.record.as_deref().unwrap_or(Path::new(""));
            eprintln!("gilscope: {}: {e}", path.display());
            return EXIT_IO;
        }
    };
    let keys = live.keys || live.record.is_some();
    let ran = crate::ui::run(session, keys, live.quiz, versus, &mut watcher);
    let recorded = watcher.finish();
    // A signal ended the UI (its terminal closed, `kill`, `timeout`): the terminal is
    // restored and the recording finished; exit as a shell expects of a signalled process.
    let status = |ok: i32| crate::ui::term::signalled().map_or(ok, |sig| 128 + sig);
    if let Err(e) = ran {
        eprintln!("gilscope: terminal error: {e}");
        return status(EXIT_IO);
    }
    match recorded {
        Ok(Some((path, stats))) => {
            println!(
                "{}: {:.1} s, {} frames, {} bytes",
                path.display(),
                stats.duration.as_secs_f64(),
                stats.frames,
                stats.bytes
            );
            status(0)
        }
        Ok(None) => status(0),
        Err(e) => {
            eprintln!("gilscope: the recording could not be finished: {e}");
            status(EXIT_IO)
        }
    }
}

/// How a Python program runs: its arguments and its buffering.
fn run_config(sim: &SimArgs, args: &[String]) -> RunConfig {
    RunConfig {
        args: args.to_vec(),
        unbuffered: sim.unbuffered,
        gil: sim.gil_mode(),
        io: IoConfig {
            net: sim.net,
            web_dir: sim.web.clone(),
            files_dir: None,
            write_dir: sim.write_files.clone(),
        },
        ..RunConfig::default()
    }
}

/// Opens a program for a headless command; a compile error is printed as CPython prints
/// it and its status returned.
fn open_source(name: &str, config: RunConfig) -> Result<TraceSource, i32> {
    TraceSource::open(name, config).map_err(|e| match e {
        OpenError::Compile(broken) => {
            eprint!("{}", broken.message);
            broken.status
        }
        other => {
            eprintln!("gilscope: {other}");
            EXIT_USAGE
        }
    })
}

/// Events `gilscope run` keeps while it streams a program's output: enough for every chunk
/// the engine sends (4,096 events) to arrive whole, small enough for runs of any length.
const RUN_TRACE_BUDGET: usize = 1 << 16;

/// The size of CPython's stdout buffer when stdout is not a terminal
/// (`io.DEFAULT_BUFFER_SIZE`): output reaches a pipe or file in blocks of this size.
const PIPE_BUFFER: usize = 8192;

/// What CPython 3.11 prints when its last flush of stdout, at exit, finds the pipe closed
/// (the process then exits with status [`EXIT_FLUSH_FAILED`]).
const FLUSH_FAILED: &str = "Exception ignored in: <_io.TextIOWrapper name='<stdout>' \
                            mode='w' encoding='utf-8'>\nBrokenPipeError: [Errno 32] Broken pipe\n";

/// CPython's exit status when flushing stdout at exit fails.
const EXIT_FLUSH_FAILED: i32 = 120;

/// The program's stdout as `run` writes it: straight through to a terminal (CPython's
/// stdout is line-buffered there, and a print is one line); to a pipe or a file in blocks,
/// as CPython's buffered stdout reaches them, so a reader that went away (`| head`) is
/// noticed at the write where CPython notices it. It then tells the program, whose next
/// write to stdout raises `BrokenPipeError`.
struct ProgramStdout {
    out: std::io::Stdout,
    pending: Vec<u8>,
    /// Bytes held back before a write: 0 on a terminal.
    block: usize,
    /// A write found the reader gone.
    broken: bool,
    /// The program's side of `broken`.
    reader: crate::python::StdoutReader,
}

impl ProgramStdout {
    fn new(reader: crate::python::StdoutReader) -> Self {
        use std::io::IsTerminal as _;
        let out = std::io::stdout();
        let block = if out.is_terminal() { 0 } else { PIPE_BUFFER };
        ProgramStdout {
            out,
            pending: Vec::new(),
            block,
            broken: false,
            reader,
        }
    }

    /// Adds `text`, writing the held-back output once a block is full. Once the reader is
    /// gone, what the program wrote before it learnt so is dropped.
    fn write(&mut self, text: &str) -> std::io::Result<()> {
        if self.broken {
            return Ok(());
        }
        self.pending.extend_from_slice(text.as_bytes());
        if self.pending.len() > self.block {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes everything held back.
    fn flush(&mut self) -> std::io::Result<()> {
        let mut out = self.out.lock();
        let written = if self.broken {
            Err(std::io::ErrorKind::BrokenPipe.into())
        } else {
            out.write_all(&self.pending).and_then(|()| out.flush())
        };
        self.pending.clear();
        if written
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
        {
            self.broken = true;
            self.reader.close();
        }
        written
    }
}

/// The exit status of a finished run.
fn status_of(store: &crate::trace::Store) -> i32 {
    match store.end().map(|e| e.reason) {
        Some(EndReason::TimeLimit) => EXIT_TIME_LIMIT,
        Some(EndReason::Deadlock) => EXIT_DEADLOCK,
        _ => store.end().map_or(1, |e| e.status),
    }
}

/// Tells on stderr why a run ended early: the time limit, or a deadlock (who waits for
/// what).
fn explain_end(store: &crate::trace::Store) {
    let mut err = std::io::stderr().lock();
    match store.end().map(|e| e.reason) {
        Some(EndReason::TimeLimit) => {
            let _ = writeln!(
                err,
                "gilscope: the simulated time limit ({}) ran out before the program ended \
                 (--max-time SECONDS changes it, --max-time none removes it)",
                report::fmt_time(store.clock())
            );
        }
        Some(EndReason::Deadlock) => {
            let _ = writeln!(err, "gilscope: deadlock: every thread is blocked");
            for s in store.end().map(|e| e.stuck.as_slice()).unwrap_or(&[]) {
                let _ = writeln!(
                    err,
                    "  {} waits for {}",
                    store.thread_label(s.tid),
                    crate::run_json::wait_label(store, s)
                );
            }
        }
        _ => {}
    }
}

fn run(args: &RunArgs) -> i32 {
    let options = match args.sim.options_limited(FILE_BUDGET) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gilscope: {e}");
            return EXIT_USAGE;
        }
    };
    let name = match (&args.file, args.demo) {
        (Some(f), _) => f.as_str(),
        (None, _) => "demo",
    };
    let reader = crate::python::StdoutReader::default();
    let config = RunConfig {
        stdout_reader: reader.clone(),
        ..run_config(&args.sim, &args.args)
    };
    let source = match open_source(name, config) {
        Ok(s) => s,
        Err(status) => return status,
    };
    if args.json {
        return run_json(&source, &options);
    }
    // Output goes out as the run makes it, as CPython's would, and the trace kept for the
    // end-of-run messages is bounded, so an endless program runs in bounded memory. (The
    // demo's summary reads the whole trace; the demo is short.)
    let demo = matches!(source, TraceSource::Run(Program::Demo));
    let kept = if demo {
        crate::trace::Store::new()
    } else {
        crate::trace::Store::bounded(RUN_TRACE_BUDGET)
    };
    let mut printed = 0;
    let mut out = ProgramStdout::new(reader);
    let (_, store) = source.trace_into(&options, kept, |store| {
        let mut err = std::io::stderr().lock();
        while let Some((stream, text)) = store.write(printed) {
            printed += 1;
            // A reader gone is the program's to handle (`BrokenPipeError`); its traceback
            // still goes to stderr.
            match stream {
                Stream::Stdout => {
                    let _ = out.write(text);
                }
                Stream::Stderr => {
                    // What went to stdout before comes out before it.
                    let _ = out.flush();
                    let _ = err.write_all(text.as_bytes());
                }
            }
        }
        if out.block == 0 {
            let _ = out.flush();
        }
        ControlFlow::Continue(())
    });
    let mut status = status_of(&store);
    if demo {
        let _ = out.write(&format!("\n{}", report::summary(&store, 100)));
    }
    let gone_before = out.broken;
    if out.flush().is_err() && out.broken && !gone_before {
        // The last flush, at exit, found the reader gone.
        eprint!("{FLUSH_FAILED}");
        status = EXIT_FLUSH_FAILED;
    }
    explain_end(&store);
    status
}

/// `run --json`: the run's report on stdout (docs/run-json.md), collected as the run goes
/// from a bounded trace, so memory grows only with what the report lists.
fn run_json(source: &TraceSource, options: &Options) -> i32 {
    let mut report = crate::run_json::Report::new();
    let kept = crate::trace::Store::bounded(RUN_TRACE_BUDGET);
    let (_, store) = source.trace_into(options, kept, |store| {
        report.collect(store);
        ControlFlow::Continue(())
    });
    let status = status_of(&store);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = report
        .write(&store, status, &mut out)
        .and_then(|()| out.flush());
    explain_end(&store);
    match written {
        Ok(()) => status,
        Err(e) => {
            eprintln!("gilscope: the report could not be written: {e}");
            EXIT_IO
        }
    }
}

fn scenarios(args: &ScenariosArgs) -> i32 {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let mut out = std::io::stdout().lock();
    for s in crate::scenario::ALL {
        let l = s.lesson();
        let _ = writeln!(out, "{:<18} {}", s.name, l.title.get(lang));
        let _ = writeln!(out, "{:<18} {}", "", l.summary.get(lang));
    }
    0
}

fn dis(args: &DisArgs) -> i32 {
    let (display, source) = if !Path::new(&args.program).exists()
        && let Some(scenario) = crate::scenario::find(&args.program)
    {
        (scenario.file.to_owned(), scenario.source.to_owned())
    } else {
        let display = args.program.clone();
        let bytes = match std::fs::read(&display) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("gilscope: can't open file '{display}': {e}");
                return EXIT_USAGE;
            }
        };
        match crate::python::source::decode(&bytes) {
            Ok(s) => (display, s.into_owned()),
            Err(e) => {
                let broken = crate::program::BrokenProgram::undecodable(&display, &bytes, e);
                eprint!("{}", broken.message);
                return broken.status;
            }
        }
    };
    let listing = if args.vm {
        crate::python::compile(&display, &display, &source)
            .map(|p| crate::python::dis::render(&p.listings()))
    } else {
        crate::python::dis::cpython(&display, &source)
    };
    match listing {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(e) => {
            eprint!("{e}");
            e.status()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Cli {
        Cli::parse_anywhere(line.split_whitespace().map(std::ffi::OsString::from))
    }

    #[test]
    fn options_work_wherever_they_are_put() {
        let cli = parse("gilscope --lang pt scenarios");
        assert!(matches!(
            cli.command,
            Some(Command::Scenarios(ScenariosArgs {
                lang: Some(Lang::Pt)
            }))
        ));
        let cli = parse("gilscope deadlock fixed --lang pt --seed 3 --flag");
        assert_eq!(cli.open.program.as_deref(), Some("deadlock"));
        assert_eq!(cli.open.args, ["fixed", "--flag"]);
        assert_eq!(cli.open.look.lang, Some(Lang::Pt));
        assert_eq!(cli.open.sim.seed, 3);
        // After `--`, everything is the program's.
        let cli = parse("gilscope prog.py -- --lang pt");
        assert_eq!(cli.open.args, ["--lang", "pt"]);
        assert_eq!(cli.open.look.lang, None);
        // A program argument named like a command stays the program's.
        let cli = parse("gilscope prog.py run --gil=3.9");
        assert!(cli.command.is_none());
        assert_eq!(cli.open.args, ["run"]);
        assert_eq!(cli.open.sim.gil, Gil::V39);
        let cli = parse("gilscope --seed 2 snapshot demo --at 1s");
        assert!(matches!(cli.command, Some(Command::Snapshot(s)) if s.sim.seed == 2));
    }
}
