//! Where the UI's trace chunks come from: a live run of a program, or a saved trace played
//! back. Either way the event loop reads one channel, so it stays a single loop.

use crossbeam::channel::{Receiver, TryRecvError, bounded, never};

use crate::engine::{Options, Run};
use crate::program::TraceSource;
use crate::trace::Chunk;

/// A stream of trace chunks for the event loop.
pub struct Feed {
    rx: Receiver<Chunk>,
    /// The live run, kept so that dropping the feed stops it.
    run: Option<Run>,
    /// False once the channel is closed: nothing more will come.
    open: bool,
}

impl Feed {
    /// Starts feeding `source`: launches the program, or queues the saved trace as one
    /// chunk.
    pub fn start(source: &TraceSource, options: &Options) -> Feed {
        match source {
            TraceSource::Run(program) => {
                let run = program.launch(options.clone());
                Feed {
                    rx: run.events().clone(),
                    run: Some(run),
                    open: true,
                }
            }
            TraceSource::Broken(_) => {
                // Nothing runs: a closed, empty feed.
                let (_, rx) = bounded(0);
                Feed {
                    rx,
                    run: None,
                    open: false,
                }
            }
            TraceSource::Saved(saved) => {
                let (tx, rx) = bounded(1);
                // The channel has room for it and its sender goes away right after, so the
                // loop receives the trace and then sees the channel closed.
                let _ = tx.send(saved.store.to_chunk());
                Feed {
                    rx,
                    run: None,
                    open: true,
                }
            }
        }
    }

    /// The channel to select on (one that never fires once the feed is closed).
    pub fn events(&self) -> Receiver<Chunk> {
        if self.open { self.rx.clone() } else { never() }
    }

    /// Takes what arrived, if anything; notices when the feed closes.
    pub fn try_next(&mut self) -> Option<Chunk> {
        match self.rx.try_recv() {
            Ok(chunk) => Some(chunk),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.open = false;
                None
            }
        }
    }

    /// Records what a `select!` on [`Feed::events`] returned.
    pub fn received(&mut self, got: Result<Chunk, crossbeam::channel::RecvError>) -> Option<Chunk> {
        match got {
            Ok(chunk) => Some(chunk),
            Err(_) => {
                self.open = false;
                None
            }
        }
    }

    /// Stops the live run, if any, and waits for its threads.
    pub fn stop(self) {
        if let Some(run) = self.run {
            run.stop();
        }
    }
}
