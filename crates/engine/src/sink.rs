//! Where the engine's events go: one buffer, stamped in order, sent in chunks over a bounded
//! channel. A full channel blocks the sender (back-pressure); nothing is ever dropped.

use std::time::{Duration, Instant};

use crossbeam::channel::{Receiver, Sender, select};

use crate::api::TaskPhase;
use gilscope_trace::{
    Chunk, Event, LostUpdate, Nanos, ObjMeta, ProcMeta, RunEnd, TaskMeta, TaskState, TextId,
    ThreadMeta,
};

/// Events per chunk before a flush.
const CHUNK_EVENTS: usize = 4096;
/// Host time after which a partial chunk is flushed, so a live UI sees progress.
const FLUSH_EVERY: Duration = Duration::from_millis(15);

/// The consumer went away; the run must stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Gone;

pub(crate) struct Sink {
    tx: Sender<Chunk>,
    cancel: Receiver<()>,
    chunk: Chunk,
    next_text: TextId,
    next_lost: u32,
    last_flush: Instant,
    finished: bool,
    count: u64,
}

impl Sink {
    pub(crate) fn new(tx: Sender<Chunk>, cancel: Receiver<()>) -> Self {
        Sink {
            tx,
            cancel,
            chunk: Chunk::default(),
            next_text: 0,
            next_lost: 0,
            last_flush: Instant::now(),
            finished: false,
            count: 0,
        }
    }

    /// Records an event; flushes when the chunk is full.
    pub(crate) fn event(&mut self, e: Event) -> Result<(), Gone> {
        if self.finished {
            return Ok(());
        }
        self.chunk.events.push(e);
        self.count += 1;
        if self.chunk.events.len() >= CHUNK_EVENTS {
            self.flush(e.t)
        } else {
            Ok(())
        }
    }

    /// Stores a text and returns its id.
    pub(crate) fn text(&mut self, text: &str) -> TextId {
        let id = self.next_text;
        self.next_text += 1;
        self.chunk.texts.push(text.to_owned());
        id
    }

    /// Stores a lost update's details and returns its id.
    pub(crate) fn lost(&mut self, info: LostUpdate) -> u32 {
        let id = self.next_lost;
        self.next_lost += 1;
        self.chunk.lost.push(info);
        id
    }

    pub(crate) fn process(&mut self, meta: ProcMeta) {
        self.chunk.procs.push(meta);
    }

    pub(crate) fn thread(&mut self, meta: ThreadMeta) {
        self.chunk.threads.push(meta);
    }

    pub(crate) fn task(&mut self, meta: TaskMeta) {
        self.chunk.tasks.push(meta);
    }

    pub(crate) fn object(&mut self, meta: ObjMeta) {
        self.chunk.objects.push(meta);
    }

    pub(crate) fn rename(&mut self, id: gilscope_trace::ObjId, label: &str) {
        self.chunk.renames.push((id, label.to_owned()));
    }

    /// Flushes if the consumer has not heard from us for a while (a live UI wants progress).
    pub(crate) fn tick(&mut self, clock: Nanos) -> Result<(), Gone> {
        if self.last_flush.elapsed() >= FLUSH_EVERY {
            self.flush(clock)
        } else {
            Ok(())
        }
    }

    /// Sends what is buffered, blocking while the channel is full.
    pub(crate) fn flush(&mut self, clock: Nanos) -> Result<(), Gone> {
        if self.finished {
            return Ok(());
        }
        self.chunk.clock = clock;
        let chunk = std::mem::take(&mut self.chunk);
        self.last_flush = Instant::now();
        self.send(chunk)
    }

    /// Sends the last chunk, stamped with the number of events recorded; later events are
    /// ignored.
    pub(crate) fn finish(&mut self, mut end: RunEnd) {
        if self.finished {
            return;
        }
        end.events = self.count;
        let mut chunk = std::mem::take(&mut self.chunk);
        chunk.clock = end.t;
        chunk.end = Some(end);
        // A consumer that is gone does not need the end.
        let _ = self.send(chunk);
        self.finished = true;
    }

    fn send(&self, chunk: Chunk) -> Result<(), Gone> {
        select! {
            send(self.tx, chunk) -> res => res.map_err(|_| Gone),
            recv(self.cancel) -> _ => Err(Gone),
        }
    }
}

/// A task phase as recorded in the trace (its text stored in the sink).
pub(crate) fn task_state(sink: &mut Sink, phase: TaskPhase<'_>) -> TaskState {
    match phase {
        TaskPhase::Running => TaskState::Running,
        TaskPhase::Ready => TaskState::Ready,
        TaskPhase::Awaiting(what) => TaskState::Awaiting {
            what: sink.text(what),
        },
        TaskPhase::Done => TaskState::Done,
    }
}
