//! The GIL, as CPython 3.11's `take_gil` / `drop_gil` (docs/gil.md, rules 1-9), and
//! the blocking calls around it. One GIL per process; none in free-threaded mode.

use super::kernel::{Blk, Kernel, Op, St, Then, TimerKind};
use crate::api::GilMode;
use gilscope_trace::{DropReason, EventKind, Nanos, Site, Tid, WaitOn, WakeCause};

impl Kernel {
    /// `take_gil`: take it if free, otherwise sleep on the condition for one interval.
    /// Without a GIL the thread just runs.
    pub(super) fn take_gil(&mut self, tid: Tid, announce: bool) {
        if self.mode == GilMode::Off {
            self.set(tid, St::Running);
            self.want_cpu(tid);
            return;
        }
        if !self.gil(tid).locked {
            self.acquire_gil(tid);
            return;
        }
        if announce {
            self.emit(tid, EventKind::GilWait);
        }
        let interval = self.interval.max(1_000);
        let deadline = self.now + interval + self.model.timer_slack(&mut self.rng);
        let saved = self.gil(tid).switch_number;
        let epoch = self.set(tid, St::GilCond { saved });
        self.gil(tid).cond.push(tid);
        self.timer(deadline, tid, epoch, TimerKind::GilTimeout);
    }

    /// A waiter's timed wait ran out (rule 3): it asks only if the interval expired with no
    /// switch in between, then waits again.
    pub(super) fn gil_timeout(&mut self, tid: Tid, saved: u64) {
        let gil = self.gil(tid);
        gil.cond.retain(|&w| w != tid);
        let asks = gil.locked && gil.switch_number == saved && !gil.drop_request;
        if let (true, Some(holder)) = (asks, gil.holder) {
            gil.drop_request = true;
            gil.requester = tid;
            self.emit(tid, EventKind::DropRequest { holder });
        }
        self.take_gil(tid, false);
    }

    fn acquire_gil(&mut self, tid: Tid) {
        let gil = self.gil(tid);
        let switch = gil.last_holder != Some(tid);
        gil.locked = true;
        gil.holder = Some(tid);
        if switch {
            gil.last_holder = Some(tid);
            gil.switch_number += 1;
        }
        // 3.11: the interpreter-wide request is cleared whoever set it.
        gil.drop_request = false;
        let droppers = std::mem::take(&mut gil.switch_waiters);
        self.set(tid, St::Running);
        self.emit(tid, EventKind::GilTake { switch });
        // signal(switch_cond): a forced dropper waiting for this switch may go on.
        for w in droppers {
            if let St::SwitchWait { then } = self.threads[w as usize].st {
                let at = self.now + self.wake_latency(w);
                let epoch = self.set(w, St::SwitchWaking { then });
                self.timer(at, w, epoch, TimerKind::SwitchWake);
            }
        }
        self.want_cpu(tid);
    }

    /// `drop_gil`: release, wake one waiter, and report whether FORCE_SWITCHING makes the
    /// caller wait for another thread to take the GIL. Without a GIL: nothing to release.
    pub(super) fn drop_gil(&mut self, tid: Tid, reason: DropReason) -> bool {
        if self.mode == GilMode::Off {
            return false;
        }
        let gil = self.gil(tid);
        debug_assert_eq!(gil.holder, Some(tid));
        gil.locked = false;
        gil.holder = None;
        gil.last_holder = Some(tid);
        let at = match reason {
            DropReason::ThreadEnd => Site::UNKNOWN,
            _ => Site::from_bits(self.threads[tid as usize].site),
        };
        self.emit(tid, EventKind::GilDrop { reason, at });
        // Rule 6: one waiter, chosen by the OS, not FIFO.
        let n = self.gil(tid).cond.len();
        if n > 0 {
            let i = self.rng.index(n);
            let w = self.gil(tid).cond.swap_remove(i);
            let at = self.now + self.wake_latency(w);
            let epoch = self.set(w, St::GilWaking);
            self.timer(at, w, epoch, TimerKind::GilWake);
        }
        // Rule 5: with a pending request the dropper waits until the switch happened.
        let gil = self.gil(tid);
        if gil.drop_request && gil.last_holder == Some(tid) {
            gil.drop_request = false;
            return true;
        }
        false
    }

    /// The running thread stops to block in `op`: it leaves its core and releases the GIL.
    pub(super) fn release_for(&mut self, tid: Tid, reason: DropReason, op: Op) {
        self.leave_cpu(tid);
        if self.drop_gil(tid, reason) {
            self.switch_wait(tid, Then::Block(op));
        } else {
            self.start_op(tid, op);
        }
    }

    /// The eval breaker saw a drop request: drop, wait for the switch, take it again.
    pub(super) fn forced_drop(&mut self, tid: Tid) {
        let by = self.gil(tid).requester;
        self.leave_cpu(tid);
        if self.drop_gil(tid, DropReason::Requested { by }) {
            self.switch_wait(tid, Then::TakeGil);
        } else {
            self.take_gil(tid, true);
        }
    }

    fn switch_wait(&mut self, tid: Tid, then: Then) {
        self.set(tid, St::SwitchWait { then });
        self.gil(tid).switch_waiters.push(tid);
        self.emit(tid, EventKind::SwitchWait);
    }

    pub(super) fn start_op(&mut self, tid: Tid, op: Op) {
        match op {
            Op::Sleep(d) => {
                self.emit(
                    tid,
                    EventKind::Sleep {
                        until: self.now + d,
                    },
                );
                let at = self.now + d + self.model.timer_slack(&mut self.rng);
                let epoch = self.set(
                    tid,
                    St::Blocked {
                        on: Blk::Sleep,
                        deadline: None,
                    },
                );
                self.timer(at, tid, epoch, TimerKind::Woken);
            }
            Op::Write { stream, text, len } => {
                self.emit(tid, EventKind::Write { stream, text });
                self.emit(tid, EventKind::Block { on: WaitOn::Io });
                let at = self.now + self.model.write_duration(&mut self.rng, len);
                let epoch = self.set(
                    tid,
                    St::Blocked {
                        on: Blk::Io(WaitOn::Io),
                        deadline: None,
                    },
                );
                self.timer(at, tid, epoch, TimerKind::Woken);
            }
            Op::Device { on, dur } => {
                self.emit(tid, EventKind::Block { on });
                let epoch = self.set(
                    tid,
                    St::Blocked {
                        on: Blk::Io(on),
                        deadline: None,
                    },
                );
                self.timer(self.now + dur, tid, epoch, TimerKind::Woken);
            }
            Op::Wait { on, timeout } => {
                // The object may have become available while the thread waited for the
                // switch: retry before sleeping.
                if self.available(tid, on) {
                    self.threads[tid as usize].result = true;
                    self.take_gil(tid, true);
                    return;
                }
                self.emit(tid, EventKind::Block { on: on.wait_on() });
                let deadline =
                    timeout.map(|d| self.now + d + self.model.timer_slack(&mut self.rng));
                self.block_on(tid, on, deadline);
            }
        }
    }

    pub(super) fn block_on(&mut self, tid: Tid, on: Blk, deadline: Option<Nanos>) {
        let epoch = self.set(tid, St::Blocked { on, deadline });
        if let Some(obj) = on.obj() {
            self.objs[obj as usize].waiters.push(tid);
        }
        match on {
            Blk::Join(child) => self.threads[child as usize].joiners.push(tid),
            Blk::Process(pid) => self.procs[pid as usize].joiners.push(tid),
            _ => {}
        }
        if let Some(at) = deadline {
            self.timer(at, tid, epoch, TimerKind::Deadline);
        }
    }

    /// Whether what `on` waits for is available now (taking it if it is a lock).
    pub(super) fn available(&mut self, tid: Tid, on: Blk) -> bool {
        match on {
            Blk::Lock(obj) | Blk::Sem(obj) => {
                let ok = self.try_take(tid, obj);
                if ok {
                    self.emit(tid, EventKind::Acquire { obj });
                }
                ok
            }
            Blk::Event(obj) => self.objs[obj as usize].state.is_set(),
            Blk::Join(child) => self.threads[child as usize].st == St::Finished,
            Blk::Process(pid) => self.procs[pid as usize].exit.is_some(),
            _ => false,
        }
    }

    /// Wakes `tid` (blocked on `on`) after the OS's latency.
    pub(super) fn wake(&mut self, tid: Tid, on: Blk, by: Tid) {
        let latency = self.wake_latency(tid);
        self.wake_after(tid, on, by, latency);
    }

    /// Wakes `tids` (blocked on `on`), in that order: the caller issues one futex wake
    /// after the other, and the OS runs the woken threads in the order it woke them, so
    /// the latencies drawn are handed out smallest first (docs/engine.md, "Wake-up order").
    pub(super) fn wake_in_order(&mut self, tids: &[Tid], on: Blk, by: Tid) {
        let mut latencies: Vec<Nanos> = tids.iter().map(|&t| self.wake_latency(t)).collect();
        latencies.sort_unstable();
        for (&t, latency) in tids.iter().zip(latencies) {
            self.wake_after(t, on, by, latency);
        }
    }

    fn wake_after(&mut self, tid: Tid, on: Blk, by: Tid, latency: Nanos) {
        let deadline = match self.threads[tid as usize].st {
            St::Blocked { deadline, .. } => deadline,
            St::Finished => return,
            _ => None,
        };
        let at = self.now + latency;
        let epoch = self.set(
            tid,
            St::Waking {
                on,
                cause: WakeCause::By(by),
                deadline,
            },
        );
        self.timer(at, tid, epoch, TimerKind::Woken);
    }

    /// A thread woken by another runs again: it retries what it waited for.
    pub(super) fn woken(&mut self, tid: Tid, on: Blk, cause: WakeCause, deadline: Option<Nanos>) {
        let acquired = match on {
            Blk::Lock(obj) | Blk::Sem(obj) => self.try_take(tid, obj),
            _ => true,
        };
        if !acquired {
            // Another thread barged in: wait again, keeping the original deadline.
            self.block_on(tid, on, deadline);
            return;
        }
        self.threads[tid as usize].result = true;
        self.emit(tid, EventKind::Wake { cause });
        if let Blk::Lock(obj) | Blk::Sem(obj) = on {
            self.emit(tid, EventKind::Acquire { obj });
        }
        self.take_gil(tid, true);
    }
}
