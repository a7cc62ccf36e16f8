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
pub mod mem;
pub mod methods;
pub mod modules;
pub mod program;
pub mod source;
pub mod symtable;
pub mod syntax;
pub mod value;
pub mod vm;

use std::sync::Arc;

use gilscope_engine::Body;
pub use program::{FrontError, Program, compile, compile_file};
pub use source::LineIndex;
pub use vm::RunConfig;

/// The engine body of the program's main thread.
pub fn main_body(program: &Arc<Program>, config: RunConfig) -> Body {
    vm::interp::main_body(Arc::clone(program), config)
}
