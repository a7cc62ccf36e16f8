//! The simulation engine: simulated Python threads on real OS worker threads, a GIL that
//! follows CPython 3.11's rules (docs/gil.md), one clock, and the events that feed the trace.
//!
//! Threads do all their work through a [`Ctx`], which hands every operation to one of two
//! clocks behind one trait: the virtual clock ([`virt`]) lets one worker run at a time and
//! decides who is next, so a run is a pure function of (scenario, options, seed); the real
//! clock ([`real`]) runs the same workers freely against a real `parking_lot` GIL.
//!
//! Modules depend downwards only: `api` (options, errors, descriptions) and `model` at the
//! bottom, then `sink` and `sync` (object rules both clocks share), then `ctx` (the handle
//! and the clock trait), then the two clocks, then this file, which picks one.

mod api;
mod ctx;
pub mod model;
mod real;
mod sink;
mod sync;
mod virt;

pub use api::{
    ClockMode, CtxError, GilMode, Halt, MAIN, Options, Primitive, ProcessSpec, Run, SyncError,
    TaskPhase, ThreadExit, ThreadSpec, WORKER_STACK,
};
pub use ctx::{Body, Ctx, LINE_EVERY};
pub use model::{MS, OsModel, SEC, US};

use gilscope_trace::Chunk;

/// Starts a run whose main thread (tid 0, named `MainThread`) executes `main`.
pub fn launch(options: Options, main: Body) -> Run {
    match options.clock {
        ClockMode::Virtual => virt::launch(options, main),
        ClockMode::Real => real::launch(options, main),
    }
}

/// Runs `main` to completion and returns every chunk it produced (for tests and headless
/// use; the TUI reads chunks as they arrive instead).
pub fn run_to_end(options: Options, main: Body) -> Vec<Chunk> {
    let run = launch(options, main);
    let mut chunks = Vec::new();
    while let Ok(chunk) = run.events().recv() {
        let last = chunk.end.is_some();
        chunks.push(chunk);
        if last {
            break;
        }
    }
    run.stop();
    chunks
}
