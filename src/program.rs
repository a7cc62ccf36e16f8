//! What gilscope runs: a built-in Rust scenario or (with the Python front end) a program,
//! and the options it runs with. Front ends launch programs through this, never the VM.
//! A front end may also show a trace saved earlier instead ([`TraceSource`]).

use std::path::Path;
use std::sync::Arc;

use crate::engine::{self, Body, ClockMode, GilMode, Options, Run};
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

impl Program {
    /// The program gilscope opens when given none.
    pub const DEFAULT: Program = Program::Demo;

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
            Program::Python(p) => std::path::Path::new(&p.program.display)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("program"),
        }
    }

    /// The source text to show, if any.
    pub fn source(&self) -> Option<&str> {
        match self {
            Program::Demo => None,
            Program::Python(p) => Some(p.program.index.text()),
        }
    }

    /// The main thread's body, to run on the engine directly (tests, headless use).
    pub fn launch_body(&self) -> Body {
        match self {
            Program::Demo => crate::demo::demo(),
            Program::Python(p) => crate::python::main_body(&p.program, p.config.clone()),
        }
    }

    /// Starts a run of this program.
    pub fn launch(&self, options: Options) -> Run {
        let body = match self {
            Program::Python(p) => {
                let config = crate::python::RunConfig {
                    gil: options.gil,
                    ..p.config.clone()
                };
                crate::python::main_body(&p.program, config)
            }
            Program::Demo => self.launch_body(),
        };
        engine::launch(options, body)
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

/// Where a front end's trace comes from: a program run now, or a trace saved earlier.
#[derive(Clone, Debug)]
pub enum TraceSource {
    /// Run this program on the engine.
    Run(Program),
    /// Play back a saved trace exactly as it was recorded.
    Saved(Arc<SavedTrace>),
}

/// A program or trace named on the command line that cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Neither a scenario nor a readable file.
    #[error("{0}: no such scenario or file (scenarios: demo)")]
    NotFound(String),
    /// A file that could not be read.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// A file that is not a gilscope trace.
    #[error("{0}: {1}")]
    Trace(String, FormatError),
    /// A file that is neither a Python program nor a saved trace.
    #[error("{0}: gilscope opens Python programs (.py) and saved traces (.json)")]
    Unsupported(String),
    /// A Python program that does not compile (the message has its position).
    #[error("{0}")]
    Python(String),
}

impl From<Program> for TraceSource {
    fn from(p: Program) -> Self {
        TraceSource::Run(p)
    }
}

impl TraceSource {
    /// Opens what the command line names: a built-in scenario or a saved trace file.
    pub fn open(arg: &str) -> Result<TraceSource, OpenError> {
        if arg == Program::Demo.slug() {
            return Ok(TraceSource::Run(Program::Demo));
        }
        let path = Path::new(arg);
        if !path.exists() {
            return Err(OpenError::NotFound(arg.to_owned()));
        }
        if path.extension().is_some_and(|e| e == "py") {
            let source =
                std::fs::read_to_string(path).map_err(|e| OpenError::Io(arg.to_owned(), e))?;
            let abs = std::path::absolute(path)
                .map_or_else(|_| arg.to_owned(), |p| p.display().to_string());
            let program = crate::python::compile(arg, &abs, &source)
                .map_err(|e| OpenError::Python(e.to_string().trim_end().to_owned()))?;
            return Ok(TraceSource::Run(Program::Python(PythonProgram {
                program,
                config: crate::python::RunConfig::default(),
            })));
        }
        if path.extension().is_none_or(|e| e != "json") {
            return Err(OpenError::Unsupported(arg.to_owned()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| OpenError::Io(arg.to_owned(), e))?;
        let (meta, store) = file::read(&text).map_err(|e| OpenError::Trace(arg.to_owned(), e))?;
        Ok(TraceSource::Saved(Arc::new(SavedTrace { meta, store })))
    }

    /// The name shown in headers and titles.
    pub fn name(&self) -> &str {
        match self {
            TraceSource::Run(p) => p.name(),
            TraceSource::Saved(s) => &s.meta.program,
        }
    }

    /// A short name for file names.
    pub fn slug(&self) -> String {
        let name = match self {
            TraceSource::Run(p) => p.slug(),
            TraceSource::Saved(s) => &s.meta.program,
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
        }
    }

    /// The options the trace is (or was) made with: `given` for a program, the recorded
    /// ones for a saved trace (so headers show the seed it was recorded with).
    pub fn options(&self, given: &Options) -> Options {
        match self {
            TraceSource::Run(_) => given.clone(),
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
        match self {
            TraceSource::Run(p) => {
                let chunks = engine::run_to_end(options.clone(), p.launch_body());
                (p.meta(options), Store::from_chunks(chunks))
            }
            TraceSource::Saved(s) => (s.meta.clone(), s.store.clone()),
        }
    }
}
