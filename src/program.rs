//! What gilscope runs: a built-in Rust scenario or (with the Python front end) a program,
//! and the options it runs with. Front ends launch programs through this, never the VM.

use crate::engine::{self, Body, Options, Run};

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
    /// The name shown in headers and titles.
    pub fn name(&self) -> &str {
        match self {
            Program::Demo => "demo (Rust scenario)",
            Program::Python(p) => &p.program.display,
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
        engine::launch(options, self.launch_body())
    }
}
