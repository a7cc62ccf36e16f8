//! Locks, events, conditions and semaphores as CPython defines them, written once for both
//! clocks: who may take, release or wait on what, and the errors Python raises. Where the
//! waiters sleep and who is woken is each clock's business.

use crate::api::{Primitive, SyncError};
use gilscope_trace::{ObjId, Tid, WaitOn};

/// The state of one synchronisation object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SyncState {
    /// `Lock` or `RLock` (`reentrant`): its owner and recursion depth.
    Lock {
        owner: Option<Tid>,
        count: u32,
        reentrant: bool,
    },
    /// `Event`: its flag.
    Event { set: bool },
    /// `Condition` over lock `lock`.
    Cond { lock: ObjId },
    /// `Semaphore` (`bound` for a `BoundedSemaphore`).
    Sem { value: u64, bound: Option<u64> },
}

impl SyncState {
    /// A new object of kind `prim`, free (a semaphore at its initial value).
    pub(crate) fn new(prim: Primitive) -> Self {
        match prim {
            Primitive::Lock | Primitive::RLock => SyncState::Lock {
                owner: None,
                count: 0,
                reentrant: prim == Primitive::RLock,
            },
            Primitive::Event => SyncState::Event { set: false },
            Primitive::Condition(lock) => SyncState::Cond { lock },
            Primitive::Semaphore { value, bound } => SyncState::Sem { value, bound },
        }
    }

    /// What a thread blocked in `acquire` on object `obj` waits for; `None` if it is not a
    /// lock or semaphore.
    pub(crate) fn acquire_wait(&self, obj: ObjId) -> Option<WaitOn> {
        match self {
            SyncState::Lock { .. } => Some(WaitOn::Lock(obj)),
            SyncState::Sem { .. } => Some(WaitOn::Sem(obj)),
            _ => None,
        }
    }

    /// Takes a free lock (or an `RLock` the caller owns, once more) or one unit of a
    /// semaphore; false if it would block.
    pub(crate) fn try_take(&mut self, me: Tid) -> bool {
        match self {
            SyncState::Lock {
                owner,
                count,
                reentrant,
            } => match *owner {
                None => {
                    *owner = Some(me);
                    *count = 1;
                    true
                }
                Some(o) if o == me && *reentrant => {
                    *count += 1;
                    true
                }
                _ => false,
            },
            SyncState::Sem { value, .. } if *value > 0 => {
                *value -= 1;
                true
            }
            _ => false,
        }
    }

    /// `release()` of a lock (once) or a semaphore (`n` times): true if waiters may now go
    /// on (the lock became free; a semaphore always).
    pub(crate) fn release(&mut self, me: Tid, n: u64) -> Result<bool, SyncError> {
        match self {
            SyncState::Lock {
                owner,
                count,
                reentrant,
            } => {
                match *owner {
                    None if *reentrant => return Err(SyncError::NotOwner),
                    None => return Err(SyncError::ReleaseUnlocked),
                    Some(o) if *reentrant && o != me => return Err(SyncError::NotOwner),
                    Some(_) => {}
                }
                *count -= 1;
                if *count > 0 {
                    return Ok(false);
                }
                *owner = None;
                Ok(true)
            }
            SyncState::Sem { value, bound } => {
                if let Some(b) = *bound
                    && *value + n > b
                {
                    return Err(SyncError::OverReleased);
                }
                *value += n;
                Ok(true)
            }
            _ => Err(SyncError::NoSuchObject),
        }
    }

    /// Whether `me` owns this lock (what `Condition.wait` and `notify` require).
    pub(crate) fn owned_by(&self, me: Tid) -> bool {
        matches!(self, SyncState::Lock { owner: Some(o), .. } if *o == me)
    }

    /// `Condition.wait`'s `_release_save`: releases the lock whatever its depth (it must be
    /// owned by `me`), returning the depth to restore.
    pub(crate) fn release_save(&mut self, me: Tid) -> Result<u32, SyncError> {
        match self {
            SyncState::Lock { owner, count, .. } if *owner == Some(me) => {
                let depth = *count;
                *count = 0;
                *owner = None;
                Ok(depth)
            }
            _ => Err(SyncError::WaitNotOwner),
        }
    }

    /// `_acquire_restore`'s second half: the re-acquired lock gets back its depth.
    pub(crate) fn restore_depth(&mut self, depth: u32) {
        if let SyncState::Lock { count, .. } = self
            && depth > 1
        {
            *count = depth;
        }
    }

    /// (locked, owner, depth); a semaphore is "locked" at 0 and gives its value as the
    /// depth; an event is "locked" when set.
    pub(crate) fn state(&self) -> (bool, Option<Tid>, u32) {
        match *self {
            SyncState::Lock { owner, count, .. } => (owner.is_some(), owner, count),
            SyncState::Sem { value, .. } => {
                (value == 0, None, u32::try_from(value).unwrap_or(u32::MAX))
            }
            SyncState::Event { set } => (set, None, 0),
            SyncState::Cond { .. } => (false, None, 0),
        }
    }

    /// The lock of a condition.
    pub(crate) fn cond_lock(&self) -> Result<ObjId, SyncError> {
        match *self {
            SyncState::Cond { lock } => Ok(lock),
            _ => Err(SyncError::NoSuchObject),
        }
    }

    /// Whether this is an event that is set.
    pub(crate) fn is_set(&self) -> bool {
        matches!(self, SyncState::Event { set: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_rlock_is_released_as_often_as_it_was_taken_and_only_by_its_owner() {
        let mut l = SyncState::new(Primitive::RLock);
        assert!(l.try_take(1) && l.try_take(1));
        assert!(!l.try_take(2));
        assert_eq!(l.release(2, 1), Err(SyncError::NotOwner));
        assert_eq!(l.release(1, 1), Ok(false));
        assert_eq!(l.release(1, 1), Ok(true));
        assert_eq!(l.release(1, 1), Err(SyncError::NotOwner));
    }

    #[test]
    fn a_plain_lock_may_be_released_by_another_thread_but_not_twice() {
        let mut l = SyncState::new(Primitive::Lock);
        assert!(l.try_take(1) && !l.try_take(1));
        assert_eq!(l.release(2, 1), Ok(true));
        assert_eq!(l.release(2, 1), Err(SyncError::ReleaseUnlocked));
    }

    #[test]
    fn condition_wait_saves_and_restores_an_rlock_depth() {
        let mut l = SyncState::new(Primitive::RLock);
        assert!(l.try_take(3) && l.try_take(3) && l.try_take(3));
        assert_eq!(l.release_save(4), Err(SyncError::WaitNotOwner));
        assert_eq!(l.release_save(3), Ok(3));
        assert!(l.try_take(3));
        l.restore_depth(3);
        assert_eq!(l.state(), (true, Some(3), 3));
    }

    #[test]
    fn a_bounded_semaphore_refuses_to_go_over_its_bound() {
        let mut s = SyncState::new(Primitive::Semaphore {
            value: 1,
            bound: Some(1),
        });
        assert!(s.try_take(0) && !s.try_take(0));
        assert_eq!(s.release(0, 2), Err(SyncError::OverReleased));
        assert_eq!(s.release(0, 1), Ok(true));
    }
}
