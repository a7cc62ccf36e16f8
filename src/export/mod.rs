//! Front ends that write a trace or the UI's screens to files: asciicast screencasts
//! ([`record`], and the live recorder in [`live`]), Chrome traces ([`chrome`]), snapshots as
//! text and SVG ([`snapshot`], [`svg`]). They read the trace and draw through `ui`; the
//! terminal-free core never imports them.

pub mod asciicast;
pub mod chrome;
pub mod live;
pub mod record;
pub mod snapshot;
pub mod svg;
