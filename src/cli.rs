//! The command line: `gilscope run ...` and friends.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::{self, ClockMode, Options, SEC};
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
    /// Like `python -u`: print writes its text and its newline as two system calls.
    #[arg(long)]
    pub unbuffered: bool,
    /// A Python program to open (the built-in demo scenario without one).
    pub file: Option<PathBuf>,
    /// Arguments for the program (`sys.argv[1:]`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a program headless: its output exactly as CPython prints it (or --json).
    Run(RunArgs),
    /// Print the bytecode of a Python program, with source lines and GIL check points.
    Dis(DisArgs),
}

/// `gilscope dis`.
#[derive(Debug, Clone, Args)]
pub struct DisArgs {
    /// The Python program.
    pub file: PathBuf,
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
    /// Like `python -u`: print writes its text and its newline as two system calls.
    #[arg(long)]
    pub unbuffered: bool,
    /// Print one JSON object (docs/run-json.md) instead of the program's output.
    #[arg(long)]
    pub json: bool,
    /// The Python program to run.
    #[arg(required_unless_present = "demo")]
    pub file: Option<PathBuf>,
    /// Arguments for the program (`sys.argv[1:]`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
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
        Ok(Options {
            seed: self.seed,
            switch_interval: secs("--switch-interval", self.switch_interval)?,
            max_time: self.max_time.map(|m| secs("--max-time", m)).transpose()?,
            clock: match self.clock {
                Clock::Virtual => ClockMode::Virtual,
                Clock::Real => ClockMode::Real,
            },
            ..Options::default()
        })
    }
}

/// Runs the command line; returns the process exit status.
pub fn main(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Run(args)) => run(&args),
        Some(Command::Dis(args)) => dis(&args),
        None => open(&cli.open),
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
    let program = match &args.file {
        None => Program::Demo,
        Some(file) => match load(file) {
            Ok(p) => Program::Python(crate::program::PythonProgram {
                program: p,
                config: crate::python::RunConfig {
                    args: args.args.clone(),
                    unbuffered: args.unbuffered,
                },
            }),
            Err(status) => return status,
        },
    };
    let session = crate::ui::Session {
        program,
        options,
        theme: Theme::new(args.theme, !no_color(), args.ascii),
        mode: "CPython 3.11 GIL".into(),
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
        return run_file(args, options);
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

/// Exit status of gilscope's own usage errors (unreadable file, bad option).
pub const EXIT_USAGE: i32 = 2;

fn load(file: &std::path::Path) -> Result<std::sync::Arc<crate::python::Program>, i32> {
    let display = file.display().to_string();
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gilscope: can't open file '{display}': {e}");
            return Err(EXIT_USAGE);
        }
    };
    let abs =
        std::path::absolute(file).map_or_else(|_| display.clone(), |p| p.display().to_string());
    crate::python::compile(&display, &abs, &source).map_err(|e| {
        eprint!("{e}");
        e.status()
    })
}

fn run_file(args: &RunArgs, options: Options) -> i32 {
    let Some(file) = &args.file else {
        eprintln!("gilscope: give a Python file (or --demo)");
        return EXIT_USAGE;
    };
    let program = match load(file) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let config = crate::python::RunConfig {
        args: args.args.clone(),
        unbuffered: args.unbuffered,
    };
    let store = Store::from_chunks(engine::run_to_end(
        options,
        crate::python::main_body(&program, config),
    ));
    let status = match store.end().map(|e| e.reason) {
        Some(EndReason::TimeLimit) => EXIT_TIME_LIMIT,
        Some(EndReason::Deadlock) => EXIT_DEADLOCK,
        _ => store.end().map_or(1, |e| e.status),
    };
    if args.json {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", crate::run_json::to_json(&store, status));
        return status;
    }
    let _ = std::io::stdout()
        .lock()
        .write_all(store.output(Stream::Stdout).as_bytes());
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(store.output(Stream::Stderr).as_bytes());
    match store.end().map(|e| e.reason) {
        Some(EndReason::TimeLimit) => {
            let _ = writeln!(
                err,
                "gilscope: the simulated time limit ({}) ran out before the program ended",
                report::fmt_time(store.clock())
            );
        }
        Some(EndReason::Deadlock) => {
            let _ = writeln!(err, "gilscope: deadlock: every thread is blocked");
            for s in store.end().map(|e| e.stuck.as_slice()).unwrap_or(&[]) {
                let _ = writeln!(
                    err,
                    "  {} waits for {}",
                    store.thread_name(s.tid),
                    crate::run_json::wait_label(&store, s)
                );
            }
        }
        _ => {}
    }
    status
}

fn dis(args: &DisArgs) -> i32 {
    match load(&args.file) {
        Ok(p) => {
            print!("{}", crate::python::dis::render(&p.listings()));
            0
        }
        Err(status) => status,
    }
}
