//! The trace: what happened in a run, as events and the indexes the front ends query.

mod event;
mod record;
mod store;

pub use event::*;
pub use record::*;
pub use store::*;
