//! The command line: `gilscope run ...` and friends.

use std::io::Write as _;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::{self, ClockMode, GilMode, Options, SEC};
use crate::program::Program;
use crate::report;
use crate::trace::{EndReason, Store, Stream};
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

/// `gilscope [OPTIONS]`: the interactive timeline.
#[derive(Debug, Clone, Args)]
pub struct OpenArgs {
    /// Shared simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
    /// Colour theme.
    #[arg(long, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
    /// Draw with ASCII only (old terminals and fonts).
    #[arg(long)]
    pub ascii: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a program headless and print a summary of its threads.
    Run(RunArgs),
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
    /// Simulated time budget in seconds; the run stops when it runs out.
    #[arg(long, value_name = "SECONDS")]
    pub max_time: Option<f64>,
    /// Which clock drives the run.
    #[arg(long, value_enum, default_value_t = Clock::Virtual)]
    pub clock: Clock,
    /// Which CPython's scheduling to simulate: 3.11 (checks at back-edges, calls and
    /// function entry), 3.9 (checks before every instruction), off (free-threaded 3.13t).
    #[arg(long, value_enum, default_value_t = Gil::V311)]
    pub gil: Gil,
    /// Simulated CPU cores (free-threaded threads and processes run in parallel on them).
    #[arg(long, default_value_t = 2)]
    pub cores: usize,
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
    /// Run the built-in Rust demo scenario.
    #[arg(long)]
    pub demo: bool,
    /// Shared simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// Exit status when the simulated time budget ran out.
pub const EXIT_TIME_LIMIT: i32 = 3;
/// Exit status when the program deadlocked.
pub const EXIT_DEADLOCK: i32 = 4;

impl SimArgs {
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
            max_time: self.max_time.map(|m| secs("--max-time", m)).transpose()?,
            clock: match self.clock {
                Clock::Virtual => ClockMode::Virtual,
                Clock::Real => ClockMode::Real,
            },
            gil: match self.gil {
                Gil::V311 => GilMode::V311,
                Gil::V39 => GilMode::V39,
                Gil::Off => GilMode::Off,
            },
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
        None => open(&cli.open),
    }
}

/// How the header names a GIL mode.
pub fn mode_label(gil: GilMode) -> &'static str {
    match gil {
        GilMode::V311 => "CPython 3.11 GIL",
        GilMode::V39 => "CPython 3.9 GIL",
        GilMode::Off => "free-threaded (no GIL)",
    }
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
            return 2;
        }
    };
    let session = crate::ui::Session {
        program: Program::Demo,
        options: options.clone(),
        theme: Theme::new(args.theme, !no_color(), args.ascii),
        mode: mode_label(options.gil).into(),
    };
    match crate::ui::run(session) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("gilscope: terminal error: {e}");
            1
        }
    }
}

fn run(args: &RunArgs) -> i32 {
    let options = match args.sim.options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gilscope: {e}");
            return 2;
        }
    };
    if !args.demo {
        eprintln!("gilscope: give --demo (running Python files comes next)");
        return 2;
    }
    let store = Store::from_chunks(engine::run_to_end(options, crate::demo::demo()));
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(store.output(Stream::Stdout).as_bytes());
    let _ = write!(stdout, "\n{}", report::summary(&store, 100));
    match store.end().map(|e| e.reason) {
        Some(EndReason::TimeLimit) => EXIT_TIME_LIMIT,
        Some(EndReason::Deadlock) => EXIT_DEADLOCK,
        _ => store.end().map_or(1, |e| e.status),
    }
}
