//! gilscope: watch CPython schedule threads under the GIL.
//!
//! Data flows one way: a program (Python source, or a Rust scenario) runs on the
//! [`engine`], which records [`trace`] events; front ends ([`report`], [`ui`], [`export`],
//! [`cli`]) read the trace only.

pub mod cli;
pub mod demo;
pub mod export;
pub mod i18n;
pub mod lessons;
pub mod narrate;
pub mod program;
pub mod report;
pub mod run_json;
pub mod save;
pub mod scenario;
pub mod ui;

pub use gilscope_engine as engine;
pub use gilscope_python as python;
pub use gilscope_trace as trace;
