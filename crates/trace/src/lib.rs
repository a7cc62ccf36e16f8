//! The trace: what happened in a run, as events and the indexes the front ends query.

mod event;
pub mod file;
mod record;
mod store;

pub use event::*;
pub use record::*;
pub use store::*;
