//! What gilscope runs: a built-in Rust scenario or (with the Python front end) a program,
//! and the options it runs with. Front ends launch programs through this, never the VM.

use crate::engine::{self, Body, Options, Run};

/// A runnable program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// The built-in Rust demo scenario.
    Demo,
}

impl Program {
    /// The name shown in headers and titles.
    pub fn name(&self) -> &str {
        match self {
            Program::Demo => "demo (Rust scenario)",
        }
    }

    /// The source text to show, if any.
    pub fn source(&self) -> Option<&str> {
        match self {
            Program::Demo => None,
        }
    }

    /// The main thread's body, to run on the engine directly (tests, headless use).
    pub fn launch_body(&self) -> Body {
        match self {
            Program::Demo => crate::demo::demo(),
        }
    }

    /// Starts a run of this program.
    pub fn launch(&self, options: Options) -> Run {
        engine::launch(options, self.launch_body())
    }
}
