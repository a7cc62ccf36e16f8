//! Lost updates: a thread stores into a shared variable (a global, an instance's
//! attribute, a list's or dict's item) a value computed from a read that another thread's
//! store has made stale since, so that thread's update is overwritten. The VM reports each
//! one to the trace (`LostUpdate`) as it happens, so lessons, the event log and the
//! narration can point at it.
//!
//! Each variable has a version, bumped by every store, and remembers who stored last, what,
//! when and on which line; each thread remembers, per variable, the version and value it
//! last read and in which activation of which frame. A store by the same activation after
//! another thread's store is a lost update (the activation stands for "computed from the
//! read": a read in one call and a store in another are not taken for one update).
//! Only in the program's own code, only while other threads run (a program with one
//! thread pays one branch per access), and only reads of values a program updates by
//! storing a new one: numbers, strings, tuples (see [`Vm::tracks_read`]).
//!
//! Free-threaded, two threads updating a counter lose an update at almost every store; a
//! thread reports at most one lost update per variable per [`REPORT_EVERY`] of simulated
//! time, whose `lost` counts the updates its stale stores lost since its previous report
//! (with a GIL, updates are lost at handoffs, a few milliseconds apart: each is reported).

use std::sync::Arc;

use super::vars::{VarKey, VarState};
use super::{Flow, Frame, Vm};
use crate::bytecode::{Code, Instr};
use crate::value::{Str, Value};
use gilscope_trace::{LostUpdate, Nanos};

/// A thread's last read of a variable.
#[derive(Clone, Debug)]
struct Read {
    /// The variable's version it read.
    version: u64,
    value: Value,
    t: Nanos,
    line: u32,
    offset: u32,
    /// The frame activation that read it.
    activation: u64,
}

/// A thread's last reads, and what it has not reported of its lost updates, by variable.
#[derive(Default)]
pub(crate) struct Reads {
    last: rustc_hash::FxHashMap<VarKey, Read>,
    unreported: rustc_hash::FxHashMap<VarKey, Unreported>,
}

/// The most variables remembered, per thread (its last reads) and per process (their last
/// stores): a thread that reads every item of a long list must not grow a table as long.
/// Past it a thread forgets its reads and starts again, and a process tracks no further
/// variables, which can only miss lost updates, never invent one nor miscount one.
const MAX_VARIABLES: usize = 4096;

/// The least simulated time between two reports of lost updates by one thread to one
/// variable.
pub const REPORT_EVERY: Nanos = 1_000_000;

/// What a thread has not reported yet of its lost updates to one variable.
#[derive(Clone, Copy, Debug, Default)]
struct Unreported {
    /// When it last reported one.
    last: Option<Nanos>,
    /// Updates lost since.
    lost: u64,
}

/// What a report shows of a value: its repr for numbers, strings and constants, its type
/// otherwise (a repr could run the program's code).
fn shown(vm: &Vm<'_>, v: &Value) -> String {
    match v {
        Value::None => "None".to_owned(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) if s.chars().count() <= 40 => crate::format::str_repr(s),
        other => format!("<{} object>", vm.type_name(other)),
    }
}

/// Whether an instruction reads or writes a variable whose updates are tracked.
#[inline]
pub(crate) fn watched(ins: Instr) -> bool {
    matches!(
        ins,
        Instr::LoadGlobal(_)
            | Instr::StoreGlobal(_)
            | Instr::LoadAttr(_)
            | Instr::StoreAttr(_)
            | Instr::BinarySubscr
            | Instr::StoreSubscr
    )
}

/// A load of a shared variable, whose value is known once its instruction has run.
pub(crate) struct Load {
    /// The module's, instance's or container's address.
    place: usize,
    what: Loaded,
}

/// Which variable of its place a load reads.
enum Loaded {
    /// A global or attribute: its name's index in the code's names.
    Name(u32),
    /// An item: its key.
    Item(Value),
}

impl Vm<'_> {
    /// Before watched instruction `ins` (at `pc` of `code`, in frame activation
    /// `activation`) runs: a store is recorded, and reported if it is a lost update; a
    /// load returns what [`Vm::race_after`] needs to record the read.
    pub(crate) fn race_before(
        &mut self,
        f: &Frame,
        code: &Code,
        pc: usize,
        ins: Instr,
        activation: u64,
    ) -> Result<Option<Load>, Flow> {
        let n = f.stack.len();
        // The operand `k` places below the top of the stack (0 is the top).
        let operand = |k: usize| n.checked_sub(k + 1).and_then(|i| f.stack.get(i));
        let at = (code, pc);
        match ins {
            Instr::LoadGlobal(i) => Ok(Some(Load {
                place: Arc::as_ptr(&f.globals) as usize,
                what: Loaded::Name(i),
            })),
            Instr::LoadAttr(i) => Ok(match operand(0) {
                Some(Value::Instance(inst)) => Some(Load {
                    place: Arc::as_ptr(inst) as usize,
                    what: Loaded::Name(i),
                }),
                _ => None,
            }),
            Instr::BinarySubscr => {
                Ok(operand(1)
                    .and_then(item_place)
                    .zip(operand(0))
                    .map(|(place, idx)| Load {
                        place,
                        what: Loaded::Item(idx.clone()),
                    }))
            }
            Instr::StoreGlobal(i) => {
                let (Some(v), Some(name)) = (operand(0), code.names.get(i as usize)) else {
                    return Ok(None);
                };
                let key = VarKey::new(Arc::as_ptr(&f.globals) as usize, name.clone());
                self.race_store(key, |_| name.to_string(), v, at, activation)?;
                Ok(None)
            }
            Instr::StoreAttr(i) => {
                let (Some(obj @ Value::Instance(inst)), Some(v), Some(name)) =
                    (operand(0), operand(1), code.names.get(i as usize))
                else {
                    return Ok(None);
                };
                let key = VarKey::new(Arc::as_ptr(inst) as usize, name.clone());
                let named = |vm: &Vm<'_>| format!("{}.{}", vm.type_name(obj), &**name);
                self.race_store(key, named, v, at, activation)?;
                Ok(None)
            }
            Instr::StoreSubscr => {
                let (Some(idx), Some(obj), Some(v)) = (operand(0), operand(1), operand(2)) else {
                    return Ok(None);
                };
                let Some(key) = item_place(obj).and_then(|place| item_key(place, idx)) else {
                    return Ok(None);
                };
                let named = |vm: &Vm<'_>| item_name(vm, obj, idx);
                self.race_store(key, named, v, at, activation)?;
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// After load `load` (at `pc` of `code`) has pushed its value: the read is recorded.
    pub(crate) fn race_after(
        &mut self,
        load: Load,
        f: &Frame,
        code: &Code,
        pc: usize,
        activation: u64,
    ) {
        let Some(value) = f.stack.last() else {
            return;
        };
        if !self.tracks_read(value) {
            return;
        }
        let key = match &load.what {
            Loaded::Name(i) => code
                .names
                .get(*i as usize)
                .map(|name| VarKey::new(load.place, name.clone())),
            Loaded::Item(idx) => item_key(load.place, idx),
        };
        if let Some(key) = key {
            self.race_read(key, value, code, pc, activation);
        }
    }

    /// Whether accesses to shared variables are tracked: while other threads run.
    #[inline]
    pub(crate) fn tracking_races(&self) -> bool {
        self.interp.alive.load(std::sync::atomic::Ordering::Relaxed) > 0
    }

    /// Whether this thread's read of `value` from a shared variable is tracked: while other
    /// threads run, and only a value that is updated by storing a new one (a number, a
    /// string, a tuple). A mutable object is updated in place, and functions, classes and
    /// modules are looked up far more often than they are replaced: tracking their reads
    /// would cost every call to a global function its price.
    #[inline]
    fn tracks_read(&self, value: &Value) -> bool {
        matches!(
            value,
            Value::None
                | Value::Bool(_)
                | Value::Int(_)
                | Value::BigInt(_)
                | Value::Float(_)
                | Value::Str(_)
                | Value::Tuple(_)
                | Value::FrozenSet(_)
        ) && self.tracking_races()
    }

    /// This thread read `value` from variable `key` at instruction `pc` of `code`, in frame
    /// activation `activation`.
    fn race_read(&mut self, key: VarKey, value: &Value, code: &Code, pc: usize, activation: u64) {
        let version = self
            .interp
            .versions
            .lock()
            .get(&key)
            .map_or(0, |s| s.version);
        let read = Read {
            version,
            value: value.clone(),
            t: self.ctx.now(),
            line: code.line_of(pc),
            offset: pc as u32,
            activation,
        };
        if self.reads.last.len() >= MAX_VARIABLES && !self.reads.last.contains_key(&key) {
            self.reads.last.clear();
        }
        self.reads.last.insert(key, read);
    }

    /// This thread stores `value` into variable `key` (named `name` in reports) at
    /// instruction `pc` of `code`, in frame activation `activation`: a lost update if its
    /// last read of it, in the same activation, was made stale by another thread's store.
    fn race_store(
        &mut self,
        key: VarKey,
        name: impl FnOnce(&Vm<'_>) -> String,
        value: &Value,
        (code, pc): (&Code, usize),
        activation: u64,
    ) -> Result<(), gilscope_engine::Halt> {
        let me = self.ctx.tid();
        let now = self.ctx.now();
        let line = code.line_of(pc);
        let read = self
            .reads
            .last
            .remove(&key)
            .filter(|r| r.activation == activation);
        let before = {
            let mut versions = self.interp.versions.lock();
            if !versions.contains_key(&key) {
                if versions.len() >= MAX_VARIABLES {
                    return Ok(());
                }
                let first = VarState {
                    version: 0,
                    writer: me,
                    value: Value::None,
                    t: now,
                    line,
                };
                versions.insert(key.clone(), first);
            }
            let Some(state) = versions.get_mut(&key) else {
                return Ok(());
            };
            let stale = read
                .as_ref()
                .is_some_and(|r| state.version > r.version && state.writer != me);
            let old = std::mem::replace(&mut state.value, value.clone());
            let before = stale.then(|| VarState {
                value: old,
                ..*state
            });
            state.version += 1;
            state.writer = me;
            state.t = now;
            state.line = line;
            before
        };
        let (Some(read), Some(before)) = (read, before) else {
            return Ok(());
        };
        let lost = before.version - read.version;
        let due = self.reads.unreported.entry(key).or_default();
        due.lost += lost;
        if due.last.is_some_and(|last| now < last + REPORT_EVERY) {
            return Ok(());
        }
        let lost = std::mem::take(&mut due.lost);
        due.last = Some(now);
        let info = LostUpdate {
            read: shown(self, &read.value),
            read_t: read.t,
            read_line: read.line,
            read_offset: Some(read.offset),
            stored: shown(self, value),
            store_offset: Some(pc as u32),
            overwritten: shown(self, &before.value),
            over_t: before.t,
            over_line: before.line,
            lost: u32::try_from(lost).unwrap_or(u32::MAX),
        };
        let var = name(self);
        self.ctx.set_line(line);
        self.ctx.lost_update(&var, before.writer, info)
    }
}

/// The address of a list or dict, whose items are tracked.
fn item_place(obj: &Value) -> Option<usize> {
    match obj {
        Value::List(l) => Some(Arc::as_ptr(l) as usize),
        Value::Dict(d) => Some(Arc::as_ptr(d) as usize),
        _ => None,
    }
}

/// The key of item `idx` of the list or dict at `place`, if its stores are tracked (an
/// int or str key).
fn item_key(place: usize, idx: &Value) -> Option<VarKey> {
    let name = match idx {
        Value::Int(i) => format!("[{i}]"),
        Value::Str(s) => format!("[{}]", crate::format::str_repr(s)),
        _ => return None,
    };
    Some(VarKey::new(place, Str::from(name.as_str())))
}

/// How a report names item `idx` of `obj`: `dict['total']`, `list[3]`.
fn item_name(vm: &Vm<'_>, obj: &Value, idx: &Value) -> String {
    let key = format!("[{}]", shown(vm, idx));
    format!("{}{key}", vm.type_name(obj))
}
