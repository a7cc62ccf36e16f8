//! The process's heap in use, counted by a thin wrapper around the system allocator
//! (`cap`, which keeps `unsafe` out of this crate), so the Python VM can raise
//! `MemoryError` before a runaway program exhausts the machine.

use std::alloc::System;

#[global_allocator]
static ALLOCATOR: cap::Cap<System> = cap::Cap::new(System, usize::MAX);

/// Bytes of heap the process holds now.
pub fn live() -> usize {
    ALLOCATOR.allocated()
}
