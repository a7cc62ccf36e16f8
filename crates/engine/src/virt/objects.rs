//! Locks, events, conditions and semaphores in the kernel: the rules are `crate::sync`'s;
//! here is who sleeps on them and who a release wakes.

use super::kernel::{Blk, Kernel};
use crate::api::SyncError;
use crate::sync::SyncState;
use gilscope_trace::{EventKind, ObjId, Tid};

impl Kernel {
    pub(super) fn try_take(&mut self, tid: Tid, obj: ObjId) -> bool {
        self.objs[obj as usize].state.try_take(tid)
    }

    /// Wakes the oldest waiter of `obj`: CPython's locks are semaphores on a futex, whose
    /// waiters the kernel wakes in the order they went to sleep (docs/gil.md, "Locks and the
    /// order waiters get them"). A waiter that loses the lock to a barging thread queues again at the back.
    fn wake_one(&mut self, obj: ObjId, by: Tid, on: Blk) {
        let waiters = &mut self.objs[obj as usize].waiters;
        if waiters.is_empty() {
            return;
        }
        let w = waiters.remove(0);
        self.wake(w, on, by);
    }

    /// `release()` by `tid`: a freed lock wakes its oldest waiter; `release(n)` of a
    /// semaphore notifies `n` waiters of its Condition, oldest first.
    pub(super) fn release(&mut self, tid: Tid, obj: ObjId, n: u64) -> Result<(), SyncError> {
        let o = self
            .objs
            .get_mut(obj as usize)
            .ok_or(SyncError::NoSuchObject)?;
        if !o.state.release(tid, n)? {
            return Ok(());
        }
        self.emit(tid, EventKind::Release { obj });
        match self.objs[obj as usize].state {
            SyncState::Sem { .. } => {
                let waiters = &mut self.objs[obj as usize].waiters;
                let take = usize::try_from(n).unwrap_or(usize::MAX).min(waiters.len());
                let woken: Vec<Tid> = waiters.drain(..take).collect();
                self.wake_in_order(&woken, Blk::Sem(obj), tid);
            }
            _ => self.wake_one(obj, tid, Blk::Lock(obj)),
        }
        Ok(())
    }

    /// `Condition.wait`'s `_release_save`: `tid` releases lock `lock` whatever its depth;
    /// returns the depth to restore.
    pub(super) fn release_save(&mut self, tid: Tid, lock: ObjId) -> Result<u32, SyncError> {
        let o = self
            .objs
            .get_mut(lock as usize)
            .ok_or(SyncError::NoSuchObject)?;
        let depth = o.state.release_save(tid)?;
        self.emit(tid, EventKind::Release { obj: lock });
        self.wake_one(lock, tid, Blk::Lock(lock));
        Ok(depth)
    }
}
