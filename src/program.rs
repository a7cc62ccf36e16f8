//! What gilscope runs: a built-in Rust scenario or (with the Python front end) a program,
//! and the options it runs with. Front ends launch programs through this, never the VM.
//! A front end may also show a trace saved earlier instead ([`TraceSource`]).

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

use crate::engine::{self, Body, ClockMode, GilMode, Options, Run};
use crate::python::RunConfig;
use crate::scenario::Scenario;
use crate::trace::Store;
use crate::trace::file::{self, FormatError, RunMeta};

/// A runnable program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// The built-in Rust demo scenario.
    Demo,
    /// A Python program compiled by the front end.
    Python(PythonProgram),
}

/// A compiled Python program and the way it is run (argv, `-u`).
#[derive(Clone)]
pub struct PythonProgram {
    /// The compiled program (source, bytecode listings).
    pub program: std::sync::Arc<crate::python::Program>,
    /// Its arguments and buffering.
    pub config: crate::python::RunConfig,
    /// The built-in scenario it is, if it is one (its lesson).
    pub scenario: Option<&'static Scenario>,
}

impl PartialEq for PythonProgram {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.program, &other.program) && self.config == other.config
    }
}

impl Eq for PythonProgram {}

impl std::fmt::Debug for PythonProgram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PythonProgram")
            .field("path", &self.program.display)
            .field("config", &self.config)
            .finish()
    }
}

/// The scenario gilscope opens when given none: the lecture's program 2.
pub const DEFAULT_SCENARIO: &str = "programa2";

/// Python scenarios embedded in the binary: (name, file name, source).
pub const SCENARIOS: &[(&str, &str, &str)] = &[
    (
        "programa1",
        "programa1.py",
        include_str!("../assets/scenarios/programa1.py"),
    ),
    (
        "programa2",
        "programa2.py",
        include_str!("../assets/scenarios/programa2.py"),
    ),
];

impl Program {
    /// The name shown in headers and titles.
    pub fn name(&self) -> &str {
        match self {
            Program::Demo => "demo (Rust scenario)",
            Program::Python(p) => &p.program.display,
        }
    }

    /// A short name for file names and command lines.
    pub fn slug(&self) -> &str {
        match self {
            Program::Demo => "demo",
            Program::Python(p) => {
                let name = p
                    .program
                    .display
                    .rsplit('/')
                    .next()
                    .unwrap_or(&p.program.display);
                name.strip_suffix(".py").unwrap_or(name)
            }
        }
    }

    /// Compiles Python `source`; `display` is the path as the user gave it.
    pub fn python(
        display: &str,
        source: &str,
        config: RunConfig,
    ) -> Result<Program, BrokenProgram> {
        Program::python_with(display, source, config, crate::python::compile)
    }

    /// Compiles the Python program in file `display` (its source is `source`) with the
    /// modules of its folder it imports.
    pub fn python_file(
        display: &str,
        source: &str,
        config: RunConfig,
    ) -> Result<Program, BrokenProgram> {
        Program::python_with(display, source, config, crate::python::compile_file)
    }

    fn python_with(
        display: &str,
        source: &str,
        config: RunConfig,
        compile: fn(
            &str,
            &str,
            &str,
        ) -> Result<Arc<crate::python::Program>, crate::python::FrontError>,
    ) -> Result<Program, BrokenProgram> {
        let abs = std::path::absolute(display)
            .map_or_else(|_| display.to_owned(), |p| p.display().to_string());
        match compile(display, &abs, source) {
            Ok(program) => Ok(Program::Python(PythonProgram {
                program,
                config,
                scenario: None,
            })),
            Err(e) => Err(BrokenProgram {
                name: display.to_owned(),
                source: source.to_owned(),
                message: e.to_string(),
                status: e.status(),
            }),
        }
    }

    /// The source text to show, if any.
    pub fn source(&self) -> Option<&str> {
        match self {
            Program::Demo => None,
            Program::Python(p) => Some(p.program.index.text()),
        }
    }

    /// The main thread's body for a run with `options` (the VM places its check points
    /// for the GIL mode), to run on the engine directly (tests, headless use).
    pub fn body(&self, options: &Options) -> Body {
        match self {
            Program::Demo => crate::demo::demo(),
            Program::Python(p) => {
                let config = crate::python::RunConfig {
                    gil: options.gil,
                    ..p.config.clone()
                };
                crate::python::main_body(&p.program, config)
            }
        }
    }

    /// Starts a run of this program.
    pub fn launch(&self, options: Options) -> Run {
        let body = self.body(&options);
        // Core lanes from t = 0 in a program that starts processes, so the threads before
        // them show on their core too.
        let cores_from_start = options.cores_from_start || self.starts_processes();
        engine::launch(
            Options {
                cores_from_start,
                ..options
            },
            body,
        )
    }

    /// Whether the program uses processes (`multiprocessing`, a process pool).
    fn starts_processes(&self) -> bool {
        self.source()
            .is_some_and(|s| s.contains("multiprocessing") || s.contains("ProcessPoolExecutor"))
    }

    /// What a saved trace of this program run with `options` records about the run.
    pub fn meta(&self, options: &Options) -> RunMeta {
        RunMeta {
            program: self.name().to_owned(),
            source: self.source().map(str::to_owned),
            argv: match self {
                Program::Python(p) => p.config.args.clone(),
                Program::Demo => Vec::new(),
            },
            seed: options.seed,
            switch_interval_ns: options.switch_interval,
            clock: match options.clock {
                ClockMode::Virtual => "virtual",
                ClockMode::Real => "real",
            }
            .to_owned(),
            unbuffered: matches!(self, Program::Python(p) if p.config.unbuffered),
            max_time_ns: options.max_time,
            gil: match options.gil {
                GilMode::V311 => "3.11",
                GilMode::V39 => "3.9",
                GilMode::Off => "off",
            }
            .to_owned(),
            cores: options.cores,
            gilscope: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// A trace read from a file, with what was run to make it.
#[derive(Clone, Debug)]
pub struct SavedTrace {
    /// What was run, and how.
    pub meta: RunMeta,
    /// The whole trace.
    pub store: Store,
}

/// A Python program that does not compile: what the UI shows instead of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenProgram {
    /// The path as the user gave it.
    pub name: String,
    /// Its source.
    pub source: String,
    /// The error as CPython-style text (`FILE:LINE:COL: SyntaxError: ...` and the line).
    pub message: String,
    /// The exit status it gives (1 for a syntax error, 2 for an unsupported construct).
    pub status: i32,
}

impl BrokenProgram {
    /// The error in one line (a banner has one): CPython's report of a syntax error starts
    /// with `File "...", line N` and ends with `SyntaxError: message`, shown as Python's
    /// `str()` of the exception shows it, `SyntaxError: message (NAME, line N)`; other errors
    /// are one line already.
    pub fn headline(&self) -> String {
        let first = self.message.lines().next().unwrap_or_default();
        let place = first
            .trim_start()
            .strip_prefix("File \"")
            .and_then(|rest| rest.rsplit_once("\", line "));
        match (place, self.message.lines().last()) {
            (Some((_, line)), Some(last)) => format!("{last} ({}, line {line})", self.name),
            _ => first.to_owned(),
        }
    }

    /// A source file whose bytes are not a program (PEP 263): CPython's SyntaxError
    /// before it parses anything, or an encoding gilscope does not decode (status 2).
    pub fn undecodable(
        name: &str,
        bytes: &[u8],
        error: crate::python::source::Undecodable,
    ) -> BrokenProgram {
        use crate::python::source::Undecodable;
        let (message, status) = match error {
            Undecodable::NotUtf8(_) => return BrokenProgram::not_utf8(name, bytes),
            Undecodable::Problem(what) => (format!("SyntaxError: encoding problem: {what}\n"), 1),
            Undecodable::Unsupported(what, line, col) => {
                let text = String::from_utf8_lossy(bytes);
                let shown = text.lines().nth((line as usize).saturating_sub(1));
                let caret = " ".repeat((col as usize).saturating_sub(1));
                let shown = shown.unwrap_or("");
                (
                    format!(
                        "{name}:{line}:{col}: unsupported: source encoding '{what}' \
                         (gilscope reads UTF-8, Latin-1 and ASCII sources)\n    {shown}\n    {caret}^\n"
                    ),
                    2,
                )
            }
        };
        BrokenProgram {
            name: name.to_owned(),
            source: String::from_utf8_lossy(bytes).into_owned(),
            message,
            status,
        }
    }

    /// A source file that is not UTF-8: CPython's SyntaxError before it parses anything.
    pub fn not_utf8(name: &str, bytes: &[u8]) -> BrokenProgram {
        let at = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let abs =
            std::path::absolute(name).map_or_else(|_| name.to_owned(), |p| p.display().to_string());
        BrokenProgram {
            name: name.to_owned(),
            source: String::from_utf8_lossy(bytes).into_owned(),
            message: format!(
                "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {abs} on line {line}, \
                 but no encoding declared; see https://peps.python.org/pep-0263/ for details\n",
                bytes.get(at).copied().unwrap_or(0)
            ),
            status: 1,
        }
    }
}

/// Where a front end's trace comes from: a program run now, or a trace saved earlier.
#[derive(Clone, Debug)]
pub enum TraceSource {
    /// Run this program on the engine.
    Run(Program),
    /// Play back a saved trace exactly as it was recorded.
    Saved(Arc<SavedTrace>),
    /// A program that does not compile: nothing runs, the error is shown.
    Broken(Arc<BrokenProgram>),
}

/// A program or trace named on the command line that cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Neither a scenario nor a readable file.
    #[error("{0}: no such file or scenario (scenarios: {list})", list = scenario_names())]
    NotFound(String),
    /// A Python program that does not compile.
    #[error("{}", .0.message)]
    Compile(BrokenProgram),
    /// A file that could not be read.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// A file that is not a gilscope trace.
    #[error("{0}: {1}")]
    Trace(String, FormatError),
}

fn scenario_names() -> String {
    let mut names: Vec<&str> = crate::scenario::ALL.iter().map(|s| s.name).collect();
    names.push("demo");
    names.join(", ")
}

impl From<Program> for TraceSource {
    fn from(p: Program) -> Self {
        TraceSource::Run(p)
    }
}

impl TraceSource {
    /// Opens what the command line names: a Python file, a built-in scenario, or a saved
    /// trace (`.json`).
    pub fn open(arg: &str, config: RunConfig) -> Result<TraceSource, OpenError> {
        if arg == Program::Demo.slug() {
            return Ok(TraceSource::Run(Program::Demo));
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return match crate::scenario::find(arg) {
                    Some(scenario) => TraceSource::scenario(scenario, config),
                    None => Err(OpenError::NotFound(arg.to_owned())),
                };
            }
            // A symlink loop or a folder gilscope may not enter: said as it is.
            Err(e) => return Err(OpenError::Io(arg.to_owned(), e)),
        }
        let bytes = std::fs::read(path).map_err(|e| OpenError::Io(arg.to_owned(), e))?;
        if path.extension().is_some_and(|e| e != "json") {
            let text = crate::python::source::decode(&bytes)
                .map_err(|e| OpenError::Compile(BrokenProgram::undecodable(arg, &bytes, e)))?;
            return Program::python_file(arg, &text, config)
                .map(TraceSource::Run)
                .map_err(OpenError::Compile);
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| OpenError::Io(arg.to_owned(), std::io::Error::other(e)))?;
        if path.extension().is_some_and(|e| e == "json") {
            let (meta, store) =
                file::read(&text).map_err(|e| OpenError::Trace(arg.to_owned(), e))?;
            return Ok(TraceSource::Saved(Arc::new(SavedTrace { meta, store })));
        }
        Program::python_file(arg, &text, config)
            .map(TraceSource::Run)
            .map_err(OpenError::Compile)
    }

    /// A built-in scenario, ready to run with its lesson.
    pub fn scenario(
        scenario: &'static Scenario,
        config: RunConfig,
    ) -> Result<TraceSource, OpenError> {
        // A scenario's files are those of its assets folder, where the source tree has it.
        let mut config = config;
        config
            .io
            .files_dir
            .get_or_insert_with(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios"));
        match Program::python(scenario.file, scenario.source, config) {
            Ok(Program::Python(p)) => Ok(TraceSource::Run(Program::Python(PythonProgram {
                scenario: Some(scenario),
                ..p
            }))),
            Ok(other) => Ok(TraceSource::Run(other)),
            Err(e) => Err(OpenError::Compile(e)),
        }
    }

    /// How the Python program runs (arguments, buffering); the default for the others.
    pub fn run_config(&self) -> RunConfig {
        match self {
            TraceSource::Run(Program::Python(p)) => p.config.clone(),
            _ => RunConfig::default(),
        }
    }

    /// The built-in scenario shown, if it is one.
    pub fn lesson(&self) -> Option<&'static Scenario> {
        match self {
            TraceSource::Run(Program::Python(p)) => p.scenario,
            _ => None,
        }
    }

    /// The name shown in headers and titles.
    pub fn name(&self) -> &str {
        match self {
            TraceSource::Run(p) => p.name(),
            TraceSource::Saved(s) => &s.meta.program,
            TraceSource::Broken(b) => &b.name,
        }
    }

    /// A short name for file names.
    pub fn slug(&self) -> String {
        let name = match self {
            TraceSource::Run(p) => p.slug(),
            TraceSource::Saved(s) => &s.meta.program,
            TraceSource::Broken(b) => &b.name,
        };
        let slug: String = name
            .chars()
            .take_while(|&c| c != ' ' && c != '(')
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        if slug.is_empty() {
            "trace".to_owned()
        } else {
            slug
        }
    }

    /// The program's source text to show, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            TraceSource::Run(p) => p.source(),
            TraceSource::Saved(s) => s.meta.source.as_deref(),
            TraceSource::Broken(b) => Some(&b.source),
        }
    }

    /// Why nothing runs, for a program that does not compile, in one line.
    pub fn problem(&self) -> Option<String> {
        match self {
            TraceSource::Broken(b) => Some(b.headline()),
            _ => None,
        }
    }

    /// The options the trace is (or was) made with: `given` for a program, the recorded
    /// ones for a saved trace (so headers show the seed it was recorded with).
    pub fn options(&self, given: &Options) -> Options {
        match self {
            TraceSource::Run(_) | TraceSource::Broken(_) => given.clone(),
            TraceSource::Saved(s) => Options {
                seed: s.meta.seed,
                switch_interval: s.meta.switch_interval_ns,
                max_time: s.meta.max_time_ns,
                clock: if s.meta.clock == "real" {
                    ClockMode::Real
                } else {
                    ClockMode::Virtual
                },
                gil: match s.meta.gil.as_str() {
                    "3.9" => GilMode::V39,
                    "off" => GilMode::Off,
                    _ => GilMode::V311,
                },
                cores: s.meta.cores,
                ..given.clone()
            },
        }
    }

    /// The whole trace and what made it: runs the program to its end, or hands back the
    /// saved trace.
    pub fn trace(&self, options: &Options) -> (RunMeta, Store) {
        self.trace_into(options, Store::new(), |_| ControlFlow::Continue(()))
    }

    /// Like [`TraceSource::trace`], into `store` (a bounded one keeps memory bounded),
    /// calling `each` after every chunk of a live run arrives (to show output as it comes).
    /// `each` may stop the run early (its reader went away): the trace then has no end.
    pub fn trace_into(
        &self,
        options: &Options,
        mut store: Store,
        mut each: impl FnMut(&Store) -> ControlFlow<()>,
    ) -> (RunMeta, Store) {
        match self {
            TraceSource::Run(p) => {
                let run = p.launch(options.clone());
                while let Ok(chunk) = run.events().recv() {
                    let last = chunk.end.is_some();
                    store.ingest(chunk);
                    if each(&store).is_break() || last {
                        break;
                    }
                }
                run.stop();
                (p.meta(options), store)
            }
            TraceSource::Saved(s) => {
                let _ = each(&s.store);
                (s.meta.clone(), s.store.clone())
            }
            TraceSource::Broken(b) => {
                let meta = RunMeta {
                    program: b.name.clone(),
                    source: Some(b.source.clone()),
                    ..RunMeta::default()
                };
                (meta, Store::new())
            }
        }
    }
}
