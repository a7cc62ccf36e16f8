//! Locks, events, conditions and semaphores: what the kernel keeps of them and how a
//! release wakes a waiter.

use super::super::SyncError;
use super::kernel::{Blk, Kernel, Obj};
use gilscope_trace::{EventKind, ObjId, Tid};

impl Kernel {
    pub(super) fn try_take(&mut self, tid: Tid, obj: ObjId) -> bool {
        match &mut self.objs[obj as usize] {
            Obj::Lock {
                owner,
                count,
                reentrant,
                ..
            } => match *owner {
                None => {
                    *owner = Some(tid);
                    *count = 1;
                    true
                }
                Some(o) if o == tid && *reentrant => {
                    *count += 1;
                    true
                }
                _ => false,
            },
            Obj::Sem { value, .. } if *value > 0 => {
                *value -= 1;
                true
            }
            _ => false,
        }
    }

    /// Wakes one waiter of `obj`, chosen by the OS.
    fn wake_one(&mut self, obj: ObjId, by: Tid, on: Blk) {
        let waiters = self.objs[obj as usize].waiters();
        if waiters.is_empty() {
            return;
        }
        let i = self.rng.index(waiters.len());
        let w = self.objs[obj as usize].waiters().swap_remove(i);
        self.wake(w, on, by);
    }

    pub(super) fn release(&mut self, tid: Tid, obj: ObjId, n: u64) -> Result<(), SyncError> {
        match self.objs.get_mut(obj as usize) {
            Some(Obj::Lock {
                owner,
                count,
                reentrant,
                ..
            }) => {
                match *owner {
                    None => {
                        return Err(if *reentrant {
                            SyncError::NotOwner
                        } else {
                            SyncError::ReleaseUnlocked
                        });
                    }
                    Some(o) if *reentrant && o != tid => return Err(SyncError::NotOwner),
                    _ => {}
                }
                *count -= 1;
                if *count > 0 {
                    return Ok(());
                }
                *owner = None;
                self.emit(tid, EventKind::Release { obj });
                self.wake_one(obj, tid, Blk::Lock(obj));
                Ok(())
            }
            Some(Obj::Sem { value, bound, .. }) => {
                if let Some(b) = *bound
                    && *value + n > b
                {
                    return Err(SyncError::OverReleased);
                }
                *value += n;
                self.emit(tid, EventKind::Release { obj });
                for _ in 0..n {
                    self.wake_one(obj, tid, Blk::Sem(obj));
                }
                Ok(())
            }
            _ => Err(SyncError::NoSuchObject),
        }
    }
}
