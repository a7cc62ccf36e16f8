//! Trace formats for other tools: the Chrome trace ([`chrome`]) that Perfetto, chrome://tracing
//! and speedscope open. Screen captures (screencasts, snapshots) render the UI and live
//! beside it, in `ui::capture`.

pub mod chrome;
