//! Shared variables as the lost-update detector (`races.rs`) sees them: their keys and
//! last stores. Apart from `races.rs` so that the interpreter's shared state, which holds
//! them, does not import the VM.

use crate::value::{Str, Value};
use gilscope_trace::{Nanos, Tid};

/// A shared variable: the object it lives in (by address) and its name in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct VarKey {
    /// The address of the module, instance or container.
    pub(super) place: usize,
    /// The global's or attribute's name, or the item's key (`[3]`, `['a']`).
    pub(super) name: Str,
}

impl VarKey {
    /// Variable `name` of the module, instance or container at `place`.
    pub(super) fn new(place: usize, name: Str) -> Self {
        VarKey { place, name }
    }
}

/// The last store into a variable.
#[derive(Clone, Debug)]
pub(crate) struct VarState {
    /// Stores so far (while tracked).
    pub(super) version: u64,
    /// Who stored last.
    pub(super) writer: Tid,
    /// What, when and on which line.
    pub(super) value: Value,
    pub(super) t: Nanos,
    pub(super) line: u32,
}

/// Every variable's last store, shared by the threads of a process .
pub(crate) type Versions = rustc_hash::FxHashMap<VarKey, VarState>;
