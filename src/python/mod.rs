//! The Python front end: parse (ruff's parser) → compile → bytecode → VM on the engine.
//!
//! The API the command line and the UI use: [`compile`] a source into a [`Program`],
//! [`main_body`] to get the engine body that runs it, and [`Program::listings`] for the
//! bytecode of every code object with its source lines.

pub mod builtins;
pub mod bytecode;
pub mod compile;
pub mod dis;
pub mod format;
pub mod methods;
pub mod modules;
pub mod symtable;
pub mod value;
pub mod vm;

use std::sync::Arc;

use crate::engine::Body;
pub use compile::LineIndex;
pub use vm::RunConfig;

/// A compiled program, ready to run.
pub struct Program {
    /// The path as the user gave it (compile errors, unsupported constructs).
    pub display: String,
    /// The path shown in tracebacks (absolute, as CPython shows `__main__`'s file).
    pub path: String,
    /// The source, indexed by line.
    pub index: LineIndex,
    /// The module's code.
    pub code: Arc<bytecode::Code>,
}

impl Program {
    /// The disassembly of every code object (module first).
    pub fn listings(&self) -> Vec<dis::CodeListing> {
        dis::listings(&self.code)
    }

    /// The text of source line `n` (1-based).
    pub fn source_line(&self, n: u32) -> &str {
        self.index.line(n)
    }
}

/// Why a source could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrontError {
    /// Invalid syntax (exit status 1, like CPython).
    #[error("{0}")]
    Syntax(String),
    /// A construct gilscope does not support (exit status 2).
    #[error("{0}")]
    Unsupported(String),
}

impl FrontError {
    /// The process exit status for this error.
    pub fn status(&self) -> i32 {
        match self {
            FrontError::Syntax(_) => 1,
            FrontError::Unsupported(_) => 2,
        }
    }
}

fn report(display: &str, index: &LineIndex, line: u32, col: u32, msg: &str) -> String {
    let text = index.line(line);
    let caret = " ".repeat(col.saturating_sub(1) as usize);
    format!("{display}:{line}:{col}: {msg}\n    {text}\n    {caret}^\n")
}

/// Compiles `source`. `display` is the path as the user gave it (for compile errors);
/// `abs_path` the one tracebacks show.
pub fn compile(display: &str, abs_path: &str, source: &str) -> Result<Arc<Program>, FrontError> {
    let index = LineIndex::new(source);
    let parsed = ruff_python_parser::parse_module(source).map_err(|e| {
        let (line, col) = index.pos(e.location.start().to_usize());
        FrontError::Syntax(report(
            display,
            &index,
            line,
            col + 1,
            &format!("SyntaxError: {}", e.error),
        ))
    })?;
    let module = parsed.into_syntax();
    let file = Arc::new(compile::SourceFile::new(abs_path, source, index.clone()));
    let compiled = compile::compile_module(&module.body, &file).map_err(|e| {
        let text = report(display, &index, e.line, e.col, &e.message);
        if e.syntax {
            FrontError::Syntax(text)
        } else {
            FrontError::Unsupported(text)
        }
    })?;
    Ok(Arc::new(Program {
        display: display.to_owned(),
        path: abs_path.to_owned(),
        index,
        code: compiled.code,
    }))
}

/// The engine body of the program's main thread.
pub fn main_body(program: &Arc<Program>, config: RunConfig) -> Body {
    vm::interp::main_body(Arc::clone(program), config)
}
