//! The append-only trace: raw events plus the indexes the front ends query (per-thread state
//! segments, GIL holds with the reason of every handoff, per-thread event lists).

use super::event::Site;
use super::event::{
    DropReason, Event, EventKind, Nanos, Outcome, Pid, Stream, TaskId, TaskState, ThreadState, Tid,
};
use super::record::{Chunk, LostUpdate, ObjMeta, ProcMeta, RunEnd, TaskMeta, ThreadMeta};

/// A stretch of time during which a thread stayed in one state. It ends where the next
/// segment of the same lane starts (the last one at the lane's end or the trace's clock).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// When the state began.
    pub start: Nanos,
    /// The state.
    pub state: ThreadState,
}

/// One holder's tenure of the GIL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hold {
    /// The holder.
    pub tid: Tid,
    /// When it took the GIL.
    pub from: Nanos,
    /// When it released it (`None` while held).
    pub to: Option<Nanos>,
    /// Why it released it.
    pub reason: Option<DropReason>,
}

/// The GIL going from one thread to another (within one process).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handoff {
    /// The process whose GIL it is.
    pub pid: Pid,
    /// When the new holder took it.
    pub t: Nanos,
    /// When the old holder released it (the gap is the OS's wake-up latency).
    pub released: Nanos,
    /// The old holder.
    pub from: Tid,
    /// The new holder.
    pub to: Tid,
    /// Why the old holder released it.
    pub reason: DropReason,
    /// The instruction the old holder released it at, if known.
    pub at: Site,
    /// The old holder's source line when it released it (0 if none).
    pub line: u32,
}

/// A process's last GIL release: who, when, why, at which instruction, on which line.
type LastDrop = (Tid, Nanos, DropReason, Site, u32);

/// A thread's tenure of a simulated CPU core.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreSpan {
    /// The thread on the core.
    pub tid: Tid,
    /// When it got the core.
    pub from: Nanos,
    /// When it left it (`None` while on it).
    pub to: Option<Nanos>,
}

/// A stretch of time an asyncio task stayed in one state (until the next one starts, or
/// the trace's clock).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskSegment {
    /// When the state began.
    pub start: Nanos,
    /// The state.
    pub state: TaskState,
}

/// An asyncio task as the trace knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskInfo {
    /// Identity given at creation.
    pub meta: TaskMeta,
    /// Its states over time.
    pub lane: Vec<TaskSegment>,
}

/// A process as the trace knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcInfo {
    /// Identity given at creation.
    pub meta: ProcMeta,
    /// When it was started.
    pub started: Nanos,
    /// When it exited, and its exit code.
    pub ended: Option<(Nanos, i32)>,
}

/// A thread as the trace knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadInfo {
    /// Identity given at creation.
    pub meta: ThreadMeta,
    /// Current name (after renames).
    pub name: String,
    /// When `start()` created it.
    pub created: Nanos,
    /// When it ended, and how.
    pub ended: Option<(Nanos, Outcome)>,
}

/// Time a thread spent in each state, up to some instant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThreadStats {
    /// Holding the GIL.
    pub running: Nanos,
    /// Waiting for the GIL.
    pub waiting: Nanos,
    /// In `time.sleep`.
    pub sleeping: Nanos,
    /// Blocked on join, locks, events, I/O.
    pub blocked: Nanos,
    /// Runnable but without a free CPU core.
    pub ready: Nanos,
    /// Longest single wait for the GIL.
    pub longest_wait: Nanos,
    /// Times the GIL was handed over to this thread.
    pub handoffs: u32,
}

impl ThreadStats {
    /// Total time covered (the thread's lifetime up to the instant asked for).
    pub fn total(&self) -> Nanos {
        self.running + self.waiting + self.sleeping + self.blocked + self.ready
    }

    fn add(&mut self, state: ThreadState, d: Nanos) {
        match state {
            ThreadState::Running => self.running += d,
            ThreadState::WaitingGil => {
                self.waiting += d;
                self.longest_wait = self.longest_wait.max(d);
            }
            ThreadState::Sleeping => self.sleeping += d,
            ThreadState::Blocked(_) => self.blocked += d,
            ThreadState::Ready => self.ready += d,
            ThreadState::Starting | ThreadState::Finished => {}
        }
    }
}

/// Segments between two stored prefix totals.
const CUM_EVERY: usize = 32;

#[derive(Clone, Debug, Default)]
struct Lane {
    segs: Vec<Segment>,
    /// `cum[k]` = totals of `segs[..k * CUM_EVERY]`.
    cum: Vec<ThreadStats>,
    /// Indexes into the event list of this thread's events.
    events: Vec<u32>,
    /// Times at which the GIL was handed to this thread.
    takes: Vec<Nanos>,
    /// Handoffs to this thread dropped with the oldest history.
    takes_dropped: u32,
    /// Times at which this thread took the GIL, handed over or not.
    acquired: Vec<Nanos>,
    /// Takes dropped with the oldest history.
    acquired_dropped: u32,
    /// When the thread's events first knew its source line.
    first_line: Option<Nanos>,
}

/// The trace of one run.
#[derive(Clone, Debug, Default)]
pub struct Store {
    procs: Vec<ProcInfo>,
    tasks: Vec<TaskInfo>,
    threads: Vec<ThreadInfo>,
    objects: Vec<ObjMeta>,
    texts: Vec<String>,
    events: Vec<Event>,
    lanes: Vec<Lane>,
    /// GIL holds, per process.
    holds: Vec<Vec<Hold>>,
    handoffs: Vec<Handoff>,
    /// Which thread ran on each core, per core.
    cores: Vec<Vec<CoreSpan>>,
    writes: Vec<u32>,
    /// Indexes of the lost-update events.
    lost_events: Vec<u32>,
    /// The lost-update table (`LostUpdate` events' `info`), from id `lost_base` on.
    lost: Vec<LostUpdate>,
    /// The id of `lost[0]`: entries of dropped events go with them.
    lost_base: u32,
    /// Whether any thread ever took a GIL (false in a free-threaded run).
    gil_seen: bool,
    clock: Nanos,
    end: Option<RunEnd>,
    /// Per process: the last release of its GIL not yet followed by an acquisition.
    last_drop: Vec<Option<LastDrop>>,
    /// Most events kept, if bounded: past it the oldest half of the history is dropped.
    budget: Option<usize>,
    /// Events dropped from the front so far.
    dropped: usize,
    /// Writes dropped with them.
    writes_dropped: usize,
    /// The history before this time was dropped (0 while nothing was).
    horizon: Nanos,
    /// The id of `texts[0]`: texts of dropped events go with them.
    text_base: u32,
    /// Every change of the switch interval (`sys.setswitchinterval`): when, and to what.
    /// Never dropped: a program sets it a few times at most.
    intervals: Vec<(Nanos, Nanos)>,
    /// Whether the run samples its threads' lines (`line` events: Python programs do).
    lines_sampled: bool,
}

impl Store {
    /// An empty trace.
    pub fn new() -> Self {
        Store::default()
    }

    /// An empty trace that keeps at most about `events` events: when it grows past them it
    /// drops the oldest half of its history (events, output, lanes, holds), so a run of any
    /// length fits in bounded memory. Statistics stay exact after the dropped part.
    pub fn bounded(events: usize) -> Self {
        Store {
            budget: Some(events.max(2)),
            ..Store::default()
        }
    }

    /// A trace built from a whole run's chunks.
    pub fn from_chunks(chunks: impl IntoIterator<Item = Chunk>) -> Self {
        let mut s = Store::new();
        for c in chunks {
            s.ingest(c);
        }
        s
    }

    /// Appends a chunk from the engine.
    pub fn ingest(&mut self, chunk: Chunk) {
        for meta in chunk.procs {
            let pid = meta.pid as usize;
            if self.holds.len() <= pid {
                self.holds.resize_with(pid + 1, Vec::new);
                self.last_drop.resize(pid + 1, None);
            }
            let info = ProcInfo {
                meta,
                started: self.clock,
                ended: None,
            };
            match self.procs.get_mut(pid) {
                Some(p) => *p = info,
                None => self.procs.push(info),
            }
        }
        for meta in chunk.threads {
            self.add_thread(meta);
        }
        self.objects.extend(chunk.objects);
        for (id, label) in chunk.renames {
            if let Some(o) = self.objects.get_mut(id as usize) {
                o.label = label;
            }
        }
        for meta in chunk.tasks {
            let i = meta.task as usize;
            let info = TaskInfo {
                meta,
                lane: Vec::new(),
            };
            match self.tasks.get_mut(i) {
                Some(t) => *t = info,
                None => self.tasks.push(info),
            }
        }
        // The chunk's texts belong to its events, some not pushed yet when history is
        // dropped below: they stay whatever the older events refer to.
        let chunk_texts = self.text_base + self.texts.len() as u32;
        self.texts.extend(chunk.texts);
        let chunk_lost = self.lost_base + self.lost.len() as u32;
        self.lost.extend(chunk.lost);
        self.events.reserve(chunk.events.len());
        for e in chunk.events {
            self.push(e);
            if self.budget.is_some_and(|b| self.events.len() > b) {
                self.drop_oldest_half(chunk_texts, chunk_lost);
            }
        }
        self.clock = self.clock.max(chunk.clock);
        if let Some(end) = chunk.end {
            self.clock = self.clock.max(end.t);
            self.end = Some(end);
        }
    }

    fn add_thread(&mut self, meta: ThreadMeta) {
        let tid = meta.tid as usize;
        if self.threads.len() <= tid {
            self.lanes.resize_with(tid + 1, Lane::default);
        }
        let info = ThreadInfo {
            name: meta.name.clone(),
            meta,
            created: self.clock,
            ended: None,
        };
        if tid < self.threads.len() {
            self.threads[tid] = info;
        } else {
            self.threads.push(info);
        }
    }

    fn push(&mut self, e: Event) {
        let idx = self.events.len() as u32;
        let tid = e.tid as usize;
        if tid >= self.lanes.len() {
            self.lanes.resize_with(tid + 1, Lane::default);
        }
        self.clock = self.clock.max(e.t);
        self.lanes[tid].events.push(idx);
        if e.line > 0 && self.lanes[tid].first_line.is_none() {
            self.lanes[tid].first_line = Some(e.t);
        }
        match e.kind {
            EventKind::Spawn { child } => {
                if let Some(info) = self.threads.get_mut(child as usize) {
                    info.created = e.t;
                }
                if (child as usize) < self.lanes.len() {
                    self.set_state(child, e.t, ThreadState::Starting);
                }
            }
            EventKind::Begin if self.lanes[tid].segs.is_empty() => {
                self.set_state(e.tid, e.t, ThreadState::Starting);
            }
            EventKind::GilWait | EventKind::SwitchWait => {
                self.set_state(e.tid, e.t, ThreadState::WaitingGil);
            }
            EventKind::GilTake { switch } => {
                self.gil_seen = true;
                self.set_state(e.tid, e.t, ThreadState::Running);
                self.lanes[tid].acquired.push(e.t);
                let pid = self.pid_of(e.tid);
                self.holds[pid].push(Hold {
                    tid: e.tid,
                    from: e.t,
                    to: None,
                    reason: None,
                });
                if let Some((from, released, reason, at, line)) = self.last_drop[pid].take()
                    && switch
                    && from != e.tid
                {
                    let pid = pid as Pid;
                    self.handoffs.push(Handoff {
                        pid,
                        t: e.t,
                        released,
                        from,
                        to: e.tid,
                        reason,
                        at,
                        line,
                    });
                    self.lanes[tid].takes.push(e.t);
                }
            }
            EventKind::GilDrop { reason, at } => {
                let pid = self.pid_of(e.tid);
                if let Some(h) = self.holds[pid].last_mut()
                    && h.tid == e.tid
                    && h.to.is_none()
                {
                    h.to = Some(e.t);
                    h.reason = Some(reason);
                }
                self.last_drop[pid] = Some((e.tid, e.t, reason, at, e.line));
            }
            EventKind::OnCore { core } => {
                self.set_state(e.tid, e.t, ThreadState::Running);
                let c = core as usize;
                if self.cores.len() <= c {
                    self.cores.resize_with(c + 1, Vec::new);
                }
                self.cores[c].push(CoreSpan {
                    tid: e.tid,
                    from: e.t,
                    to: None,
                });
            }
            EventKind::OffCore { core, preempted } => {
                if let Some(span) = self.cores.get_mut(core as usize).and_then(|c| c.last_mut())
                    && span.tid == e.tid
                {
                    span.to = Some(e.t);
                }
                if preempted {
                    self.set_state(e.tid, e.t, ThreadState::Ready);
                }
            }
            EventKind::Ready => self.set_state(e.tid, e.t, ThreadState::Ready),
            EventKind::Task { task, state } => {
                if let Some(info) = self.tasks.get_mut(task as usize) {
                    match info.lane.last_mut() {
                        Some(last) if last.state == state => {}
                        Some(last) if last.start == e.t => last.state = state,
                        _ => info.lane.push(TaskSegment { start: e.t, state }),
                    }
                }
            }
            EventKind::ProcStart { pid } => {
                if let Some(p) = self.procs.get_mut(pid as usize) {
                    p.started = e.t;
                    // No `start()` spawns a process's main thread: it is created with
                    // its process, not whenever its metadata's chunk happened to arrive.
                    let main = p.meta.main as usize;
                    if let Some(info) = self.threads.get_mut(main) {
                        info.created = e.t;
                    }
                }
            }
            EventKind::ProcEnd { pid, code } => {
                if let Some(p) = self.procs.get_mut(pid as usize) {
                    p.ended = Some((e.t, code));
                }
            }
            EventKind::Sleep { .. } => self.set_state(e.tid, e.t, ThreadState::Sleeping),
            EventKind::Block { on } => self.set_state(e.tid, e.t, ThreadState::Blocked(on)),
            EventKind::Write { .. } => self.writes.push(idx),
            EventKind::SwitchInterval { interval } => self.intervals.push((e.t, interval)),
            EventKind::Line => self.lines_sampled = true,
            EventKind::LostUpdate { .. } => self.lost_events.push(idx),
            EventKind::Rename { name } => {
                let name = self.text(name).to_owned();
                if let Some(info) = self.threads.get_mut(tid) {
                    info.name = name;
                }
            }
            EventKind::End { outcome } => {
                self.set_state(e.tid, e.t, ThreadState::Finished);
                if let Some(info) = self.threads.get_mut(tid) {
                    info.ended = Some((e.t, outcome));
                }
                let pid = self.pid_of(e.tid);
                if let Some(h) = self.holds[pid].last_mut()
                    && h.tid == e.tid
                    && h.to.is_none()
                {
                    h.to = Some(e.t);
                    h.reason = Some(DropReason::ThreadEnd);
                }
                for spans in &mut self.cores {
                    if let Some(span) = spans.last_mut()
                        && span.tid == e.tid
                        && span.to.is_none()
                    {
                        span.to = Some(e.t);
                    }
                }
            }
            _ => {}
        }
        self.events.push(e);
    }

    /// Drops the oldest half of the history: every event before the time of the middle one,
    /// and what only they referred to. Indexes into the event list shift down; the prefix
    /// totals of the lanes are absolute, so statistics after the new horizon stay exact.
    /// Texts from `keep_texts_from` and lost updates from `keep_lost_from` on belong to
    /// events not pushed yet, and stay.
    fn drop_oldest_half(&mut self, keep_texts_from: u32, keep_lost_from: u32) {
        let Some(mid) = self.events.get(self.events.len() / 2) else {
            return;
        };
        let horizon = mid.t;
        let d = self.events.partition_point(|e| e.t < horizon);
        if d == 0 {
            return;
        }
        self.events.drain(..d);
        self.dropped += d;
        self.horizon = horizon;
        let shift = |v: &mut Vec<u32>| {
            let keep = v.partition_point(|&i| (i as usize) < d);
            v.drain(..keep);
            for i in v.iter_mut() {
                *i -= d as u32;
            }
        };
        let before = self.writes.len();
        shift(&mut self.writes);
        self.writes_dropped += before - self.writes.len();
        shift(&mut self.lost_events);
        // Lost updates are numbered in event order: the first one still referred to is the
        // first lost-update event kept.
        let oldest_lost = self
            .lost_events
            .first()
            .and_then(|&i| match self.events[i as usize].kind {
                EventKind::LostUpdate { info, .. } => Some(info),
                _ => None,
            })
            .unwrap_or(keep_lost_from)
            .min(keep_lost_from);
        let gone = oldest_lost.saturating_sub(self.lost_base) as usize;
        self.lost.drain(..gone.min(self.lost.len()));
        self.lost_base += gone as u32;
        for lane in &mut self.lanes {
            shift(&mut lane.events);
            let gone = lane.takes.partition_point(|&t| t < horizon);
            lane.takes.drain(..gone);
            lane.takes_dropped += gone as u32;
            let gone = lane.acquired.partition_point(|&t| t < horizon);
            lane.acquired.drain(..gone);
            lane.acquired_dropped += gone as u32;
            // Whole blocks of segments that ended before the horizon, with their totals.
            let ended = lane
                .segs
                .partition_point(|x| x.start <= horizon)
                .saturating_sub(1);
            let blocks = (ended / CUM_EVERY).min(lane.cum.len().saturating_sub(1));
            lane.segs.drain(..blocks * CUM_EVERY);
            lane.cum.drain(..blocks);
        }
        for task in &mut self.tasks {
            let ended = task
                .lane
                .partition_point(|x| x.start <= horizon)
                .saturating_sub(1);
            task.lane.drain(..ended);
        }
        for holds in &mut self.holds {
            let gone = holds.partition_point(|h| h.to.is_some_and(|to| to < horizon));
            holds.drain(..gone);
        }
        for spans in &mut self.cores {
            let gone = spans.partition_point(|x| x.to.is_some_and(|to| to < horizon));
            spans.drain(..gone);
        }
        let gone = self.handoffs.partition_point(|h| h.t < horizon);
        self.handoffs.drain(..gone);
        // Texts older than every text still referred to.
        let oldest = self
            .events
            .iter()
            .filter_map(|e| text_of(e.kind))
            .chain(
                self.tasks
                    .iter()
                    .flat_map(|t| t.lane.iter().filter_map(|x| text_of_task(x.state))),
            )
            .min()
            .unwrap_or(keep_texts_from)
            .min(keep_texts_from);
        let gone = oldest.saturating_sub(self.text_base) as usize;
        self.texts.drain(..gone.min(self.texts.len()));
        self.text_base += gone as u32;
    }

    /// The process of `tid` (as an index), making room for its indexes.
    fn pid_of(&mut self, tid: Tid) -> usize {
        let pid = self
            .threads
            .get(tid as usize)
            .map_or(0, |t| t.meta.pid as usize);
        if self.holds.len() <= pid {
            self.holds.resize_with(pid + 1, Vec::new);
            self.last_drop.resize(pid + 1, None);
        }
        pid
    }

    fn set_state(&mut self, tid: Tid, t: Nanos, state: ThreadState) {
        let lane = &mut self.lanes[tid as usize];
        if let Some(last) = lane.segs.last_mut() {
            if last.state == state {
                return;
            }
            if last.state == ThreadState::Finished {
                return;
            }
            if last.start == t {
                // A zero-length state (e.g. the instant between a release and what follows).
                last.state = state;
                Self::merge_tail(lane);
                return;
            }
        }
        let n = lane.segs.len();
        if n.is_multiple_of(CUM_EVERY) {
            // Totals of segs[..n]: the previous checkpoint plus the segments since, the last
            // of which ends now.
            let base = n.saturating_sub(CUM_EVERY);
            let mut total = lane.cum.last().copied().unwrap_or_default();
            for i in base..n {
                let stop = lane.segs.get(i + 1).map_or(t, |x| x.start);
                total.add(lane.segs[i].state, stop.saturating_sub(lane.segs[i].start));
            }
            lane.cum.push(total);
        }
        lane.segs.push(Segment { start: t, state });
    }

    /// After overwriting the last segment's state, merge it with an equal predecessor,
    /// keeping one prefix total per started block of `CUM_EVERY` segments.
    fn merge_tail(lane: &mut Lane) {
        let n = lane.segs.len();
        if n >= 2 && lane.segs[n - 2].state == lane.segs[n - 1].state {
            lane.segs.pop();
            let want = lane.segs.len().div_ceil(CUM_EVERY);
            lane.cum.truncate(want);
        }
    }

    // ----- queries -----

    /// The time the simulation has reached.
    pub fn clock(&self) -> Nanos {
        self.clock
    }

    /// How the run ended, once it has.
    pub fn end(&self) -> Option<&RunEnd> {
        self.end.as_ref()
    }

    /// Every event, in time order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Text `id` (output or a name); empty if unknown (or dropped with old history).
    pub fn text(&self, id: u32) -> &str {
        id.checked_sub(self.text_base)
            .and_then(|i| self.texts.get(i as usize))
            .map_or("", String::as_str)
    }

    /// How many of the oldest events a bounded trace has dropped.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The time before which a bounded trace dropped its history (0 if it dropped nothing).
    pub fn horizon(&self) -> Nanos {
        self.horizon
    }

    /// The threads, by id.
    pub fn threads(&self) -> &[ThreadInfo] {
        &self.threads
    }

    /// A thread's current name.
    pub fn thread_name(&self, tid: Tid) -> &str {
        self.threads
            .get(tid as usize)
            .map_or("?", |t| t.name.as_str())
    }

    /// A thread's name as lists show it: with its process (`P1 MainThread`) when the run
    /// has several processes, so that the main threads of different processes differ.
    pub fn thread_label(&self, tid: Tid) -> String {
        let name = self.thread_name(tid);
        match self.threads.get(tid as usize) {
            Some(t) if self.procs.len() > 1 => format!("P{} {name}", t.meta.pid),
            _ => name.to_owned(),
        }
    }

    /// The synchronisation objects, by id.
    pub fn objects(&self) -> &[ObjMeta] {
        &self.objects
    }

    /// All state segments of `tid`.
    pub fn lane(&self, tid: Tid) -> &[Segment] {
        self.lanes
            .get(tid as usize)
            .map_or(&[], |l| l.segs.as_slice())
    }

    /// Where segment `i` of `tid` ends.
    pub fn segment_end(&self, tid: Tid, i: usize) -> Nanos {
        let segs = self.lane(tid);
        match segs.get(i + 1) {
            Some(next) => next.start,
            None => match segs.get(i) {
                Some(s) if s.state == ThreadState::Finished => s.start,
                _ => self.clock,
            },
        }
    }

    /// The segments of `tid` overlapping `[t0, t1)`, with the index of the first one:
    /// O(log n + k).
    pub fn segments(&self, tid: Tid, t0: Nanos, t1: Nanos) -> (usize, &[Segment]) {
        let segs = self.lane(tid);
        let first = segs.partition_point(|s| s.start <= t0).saturating_sub(1);
        let last = segs.partition_point(|s| s.start < t1);
        if first >= last {
            return (first, &[]);
        }
        (first, &segs[first..last])
    }

    /// The state of `tid` at time `t` (`None` before it exists).
    pub fn state_at(&self, tid: Tid, t: Nanos) -> Option<ThreadState> {
        let segs = self.lane(tid);
        let i = segs.partition_point(|s| s.start <= t);
        if i == 0 {
            None
        } else {
            Some(segs[i - 1].state)
        }
    }

    /// The processes, by id.
    pub fn procs(&self) -> &[ProcInfo] {
        &self.procs
    }

    /// The asyncio tasks, by id.
    pub fn tasks(&self) -> &[TaskInfo] {
        &self.tasks
    }

    /// The segments of task `task` overlapping `[t0, t1)`, with the index of the first:
    /// O(log n + k).
    pub fn task_segments(&self, task: TaskId, t0: Nanos, t1: Nanos) -> (usize, &[TaskSegment]) {
        let lane = self
            .tasks
            .get(task as usize)
            .map_or(&[][..], |t| t.lane.as_slice());
        let first = lane.partition_point(|s| s.start <= t0).saturating_sub(1);
        let last = lane.partition_point(|s| s.start < t1);
        if first >= last {
            (first, &[])
        } else {
            (first, &lane[first..last])
        }
    }

    /// Where segment `i` of task `task` ends.
    pub fn task_segment_end(&self, task: TaskId, i: usize) -> Nanos {
        let lane = self
            .tasks
            .get(task as usize)
            .map_or(&[][..], |t| t.lane.as_slice());
        match lane.get(i + 1) {
            Some(next) => next.start,
            None => match lane.get(i) {
                Some(s) if s.state == TaskState::Done => s.start,
                _ => self.clock,
            },
        }
    }

    /// Process `pid`'s GIL holds overlapping `[t0, t1)`: O(log n + k).
    pub fn holds(&self, pid: Pid, t0: Nanos, t1: Nanos) -> &[Hold] {
        let holds = self.all_holds(pid);
        let first = holds.partition_point(|h| h.to.is_some_and(|to| to <= t0));
        let last = holds.partition_point(|h| h.from < t1);
        if first >= last {
            &[]
        } else {
            &holds[first..last]
        }
    }

    /// Every GIL hold of process `pid`, in time order.
    pub fn all_holds(&self, pid: Pid) -> &[Hold] {
        self.holds.get(pid as usize).map_or(&[], Vec::as_slice)
    }

    /// The holder of process `pid`'s GIL at time `t`.
    pub fn holder_at(&self, pid: Pid, t: Nanos) -> Option<Tid> {
        let holds = self.all_holds(pid);
        let i = holds.partition_point(|h| h.from <= t);
        let h = holds.get(i.checked_sub(1)?)?;
        match h.to {
            Some(to) if to <= t => None,
            _ => Some(h.tid),
        }
    }

    /// The process a thread belongs to.
    pub fn thread_pid(&self, tid: Tid) -> Pid {
        self.threads.get(tid as usize).map_or(0, |t| t.meta.pid)
    }

    /// Every handoff of every process's GIL, in time order.
    pub fn handoffs(&self) -> &[Handoff] {
        &self.handoffs
    }

    /// The handoffs within `[t0, t1)`, of every process.
    pub fn handoffs_in(&self, t0: Nanos, t1: Nanos) -> &[Handoff] {
        let a = self.handoffs.partition_point(|h| h.t < t0);
        let b = self.handoffs.partition_point(|h| h.t < t1);
        &self.handoffs[a..b.max(a)]
    }

    /// Simulated cores seen in the trace (0 when cores were not recorded: a single
    /// process with a GIL runs one thread at a time).
    pub fn core_count(&self) -> usize {
        self.cores.len()
    }

    /// Who ran on `core` during `[t0, t1)`: O(log n + k).
    pub fn core_spans(&self, core: usize, t0: Nanos, t1: Nanos) -> &[CoreSpan] {
        let spans = self.cores.get(core).map_or(&[][..], Vec::as_slice);
        let first = spans.partition_point(|s| s.to.is_some_and(|to| to <= t0));
        let last = spans.partition_point(|s| s.from < t1);
        if first >= last {
            &[]
        } else {
            &spans[first..last]
        }
    }

    /// Number of events at or before `t`; the last of them is "the event before t".
    pub fn events_until(&self, t: Nanos) -> usize {
        self.events.partition_point(|e| e.t <= t)
    }

    /// Index of the last event at or before `t`.
    pub fn event_before(&self, t: Nanos) -> Option<usize> {
        self.events_until(t).checked_sub(1)
    }

    /// Index of the first event after `t`.
    pub fn event_after(&self, t: Nanos) -> Option<usize> {
        let i = self.events_until(t);
        (i < self.events.len()).then_some(i)
    }

    /// Indexes of `tid`'s events.
    pub fn thread_events(&self, tid: Tid) -> &[u32] {
        self.lanes
            .get(tid as usize)
            .map_or(&[], |l| l.events.as_slice())
    }

    /// The source line `tid` was on at time `t`: the line of its last event by then (0 if
    /// it has not run a line of the program yet). Every event of a thread carries the line
    /// it last reported, and once it has reported one it never goes back to 0.
    pub fn line_at(&self, tid: Tid, t: Nanos) -> u32 {
        let evs = self.thread_events(tid);
        let i = evs.partition_point(|&i| self.events[i as usize].t <= t);
        i.checked_sub(1)
            .map_or(0, |i| self.events[evs[i] as usize].line)
    }

    /// The line marked for each thread at time `t`, as (line, thread): every thread that
    /// exists and has run a line of the program, while it lives, and after the run's end
    /// for the threads the end stopped (a deadlock keeps its blocked threads' lines).
    pub fn markers(&self, t: Nanos) -> Vec<(u32, Tid)> {
        self.threads
            .iter()
            .filter(|info| match self.state_at(info.meta.tid, t) {
                None => false,
                Some(ThreadState::Finished) => {
                    matches!(info.ended, Some((_, Outcome::Halted)))
                }
                Some(_) => true,
            })
            .map(|info| (self.line_at(info.meta.tid, t), info.meta.tid))
            .filter(|&(line, _)| line > 0)
            .collect()
    }

    /// When `tid` reached the program's own code, in a run that samples its threads'
    /// lines (Python programs do): its first event that knows its line. Before it, the
    /// thread runs the interpreter's start-up (the main thread) or its bootstrap; `None`
    /// when the run has no lines or the thread's first line has not arrived.
    pub fn code_from(&self, tid: Tid) -> Option<Nanos> {
        if !self.lines_sampled {
            return None;
        }
        self.lanes.get(tid as usize)?.first_line
    }

    /// The switch interval in force at time `t`, if the program changed it by then
    /// (`sys.setswitchinterval`); `None` while the run's own setting holds.
    pub fn switch_interval_at(&self, t: Nanos) -> Option<Nanos> {
        let i = self.intervals.partition_point(|&(at, _)| at <= t);
        i.checked_sub(1).map(|i| self.intervals[i].1)
    }

    /// How many times `tid` took the GIL by time `t`, handed over by another thread or
    /// taken back after releasing it (the event log's "takes the GIL").
    pub fn takes(&self, tid: Tid, t: Nanos) -> u32 {
        self.lanes.get(tid as usize).map_or(0, |l| {
            l.acquired_dropped + l.acquired.partition_point(|&x| x <= t) as u32
        })
    }

    /// Indexes of the write events (program output), in time order.
    pub fn writes(&self) -> &[u32] {
        &self.writes
    }

    /// Indexes of the lost-update events, in time order.
    pub fn lost_updates(&self) -> &[u32] {
        &self.lost_events
    }

    /// Entry `info` of the lost-update table (what a `LostUpdate` event refers to); `None`
    /// if unknown or dropped with old history.
    pub fn lost_update(&self, info: u32) -> Option<&LostUpdate> {
        info.checked_sub(self.lost_base)
            .and_then(|i| self.lost.get(i as usize))
    }

    /// Whether any thread took a GIL in this run: false for a free-threaded run (and for
    /// an empty trace).
    pub fn has_gil(&self) -> bool {
        self.gil_seen
    }

    /// Writes (program output) since the start, dropped ones included: write `k` for
    /// [`Store::write`] counts from the first of the run.
    pub fn writes_total(&self) -> usize {
        self.writes_dropped + self.writes.len()
    }

    /// Write number `k` of the run (counted as [`Store::writes_total`] counts): its stream
    /// and text; `None` if it was dropped with old history or has not happened.
    pub fn write(&self, k: usize) -> Option<(Stream, &str)> {
        let i = *self.writes.get(k.checked_sub(self.writes_dropped)?)?;
        match self.events.get(i as usize)?.kind {
            EventKind::Write { stream, text } => Some((stream, self.text(text))),
            _ => None,
        }
    }

    /// Everything written to `stream`, concatenated.
    pub fn output(&self, stream: Stream) -> String {
        let mut out = String::new();
        for &i in &self.writes {
            if let EventKind::Write { stream: s, text } = self.events[i as usize].kind
                && s == stream
            {
                out.push_str(self.text(text));
            }
        }
        out
    }

    /// Time `tid` spent in each state up to `t`: O(log n + 32).
    pub fn stats(&self, tid: Tid, t: Nanos) -> ThreadStats {
        let Some(lane) = self.lanes.get(tid as usize) else {
            return ThreadStats::default();
        };
        let t = t.min(self.clock);
        let n = lane.segs.partition_point(|s| s.start <= t);
        // The segment containing t (index n - 1) must be summed partially, not taken whole
        // from a prefix total.
        let k = (n.saturating_sub(1) / CUM_EVERY).min(lane.cum.len().saturating_sub(1));
        let mut s = lane.cum.get(k).copied().unwrap_or_default();
        let base = if lane.cum.is_empty() {
            0
        } else {
            k * CUM_EVERY
        };
        for i in base..n {
            let stop = lane.segs.get(i + 1).map_or(t, |x| x.start.min(t));
            let seg = lane.segs[i];
            if seg.state == ThreadState::Finished {
                break;
            }
            s.add(seg.state, stop.saturating_sub(seg.start));
        }
        s.handoffs = lane.takes_dropped + lane.takes.partition_point(|&x| x <= t) as u32;
        s
    }

    /// Everything the trace holds, as one chunk (for saving it): of a bounded trace that
    /// dropped history, what is left, with its text and lost-update ids renumbered from 0.
    pub fn to_chunk(&self) -> Chunk {
        let (base, lost_base) = (self.text_base, self.lost_base);
        Chunk {
            procs: self.procs.iter().map(|p| p.meta.clone()).collect(),
            tasks: self.tasks.iter().map(|t| t.meta.clone()).collect(),
            threads: self.threads.iter().map(|t| t.meta.clone()).collect(),
            objects: self.objects.clone(),
            renames: Vec::new(),
            texts: self.texts.clone(),
            lost: self.lost.clone(),
            events: self
                .events
                .iter()
                .map(|e| Event {
                    kind: rebase(e.kind, base, lost_base),
                    ..*e
                })
                .collect(),
            clock: self.clock,
            end: self.end.clone(),
        }
    }

    /// Bytes held by the raw events, and by everything (events, indexes, texts).
    pub fn memory(&self) -> (usize, usize) {
        let ev = self.events.capacity() * std::mem::size_of::<Event>();
        let lanes: usize = self
            .lanes
            .iter()
            .map(|l| {
                l.segs.capacity() * std::mem::size_of::<Segment>()
                    + l.cum.capacity() * std::mem::size_of::<ThreadStats>()
                    + l.events.capacity() * 4
                    + l.takes.capacity() * 8
                    + l.acquired.capacity() * 8
            })
            .sum();
        let texts: usize = self.texts.iter().map(String::capacity).sum();
        let holds: usize = self.holds.iter().map(Vec::capacity).sum();
        let other = holds * std::mem::size_of::<Hold>()
            + self.handoffs.capacity() * std::mem::size_of::<Handoff>()
            + self.writes.capacity() * 4;
        (ev, ev + lanes + texts + other)
    }
}

/// The text an event refers to, if any.
fn text_of(kind: EventKind) -> Option<u32> {
    match kind {
        EventKind::Write { text, .. } | EventKind::Note { text } => Some(text),
        EventKind::Rename { name } => Some(name),
        EventKind::LostUpdate { var, .. } => Some(var),
        EventKind::Task { state, .. } => text_of_task(state),
        _ => None,
    }
}

/// The text a task state refers to, if any.
fn text_of_task(state: TaskState) -> Option<u32> {
    match state {
        TaskState::Awaiting { what } => Some(what),
        _ => None,
    }
}

/// `kind` with its text id lowered by `base`, its lost-update id by `lost_base`.
fn rebase(kind: EventKind, base: u32, lost_base: u32) -> EventKind {
    let r = |id: u32| id.saturating_sub(base);
    match kind {
        EventKind::Write { stream, text } => EventKind::Write {
            stream,
            text: r(text),
        },
        EventKind::Note { text } => EventKind::Note { text: r(text) },
        EventKind::Rename { name } => EventKind::Rename { name: r(name) },
        EventKind::LostUpdate { var, over, info } => EventKind::LostUpdate {
            var: r(var),
            over,
            info: info.saturating_sub(lost_base),
        },
        EventKind::Task {
            task,
            state: TaskState::Awaiting { what },
        } => EventKind::Task {
            task,
            state: TaskState::Awaiting { what: r(what) },
        },
        other => other,
    }
}
