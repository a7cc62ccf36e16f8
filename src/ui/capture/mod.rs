//! The UI rendered to files: asciicast screencasts ([`record`], and the live recorder in
//! [`live`]), and snapshots of one screen as text and SVG ([`snapshot`], [`svg`]).

pub mod asciicast;
pub mod live;
pub mod record;
pub mod snapshot;
pub mod svg;
