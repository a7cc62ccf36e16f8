//! `queue`: Queue, LifoQueue and SimpleQueue, built like CPython's `queue.py` on one mutex
//! and three conditions, so `get`/`put` block and release the GIL the same way.

use std::collections::VecDeque;

use parking_lot::Mutex;

use super::pickle::Pickled;
use super::support::{make_module, timeout_ns};
use crate::value::{Args, Flow, Fork, NativeObject, Value};
use crate::vm::Vm;
use gilscope_engine::{Ctx, Primitive};
use gilscope_trace::ObjId;

/// Which queue class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueKind {
    /// FIFO.
    Fifo,
    /// LIFO.
    Lifo,
    /// `SimpleQueue`: FIFO, unbounded, no task tracking.
    Simple,
    /// `PriorityQueue`: the smallest item first.
    Priority,
    /// `multiprocessing.Queue`: shared by processes, items pickled.
    Process,
    /// `multiprocessing.SimpleQueue`.
    ProcessSimple,
}

impl QueueKind {
    /// The class name.
    pub fn name(self) -> &'static str {
        match self {
            QueueKind::Fifo => "Queue",
            QueueKind::Lifo => "LifoQueue",
            QueueKind::Simple => "SimpleQueue",
            QueueKind::Priority => "PriorityQueue",
            QueueKind::Process => "Queue",
            QueueKind::ProcessSimple => "SimpleQueue",
        }
    }

    /// Whether processes share it (a fork keeps it shared; its items are pickled).
    pub fn shared(self) -> bool {
        matches!(self, QueueKind::Process | QueueKind::ProcessSimple)
    }

    /// Whether it counts unfinished tasks (`task_done`, `join`).
    pub fn joinable(self) -> bool {
        !matches!(
            self,
            QueueKind::Simple | QueueKind::Process | QueueKind::ProcessSimple
        )
    }

    /// The module it reports in reprs.
    pub fn module(self) -> &'static str {
        match self {
            QueueKind::Simple => "_queue",
            QueueKind::Process | QueueKind::ProcessSimple => "multiprocessing.queues",
            _ => "queue",
        }
    }
}

/// A queue's state.
#[derive(Debug)]
pub struct QueueState {
    /// Its class.
    pub kind: QueueKind,
    /// 0 for unbounded.
    pub maxsize: usize,
    items: Mutex<VecDeque<Value>>,
    unfinished: Mutex<u64>,
    mutex: ObjId,
    not_empty: ObjId,
    not_full: ObjId,
    all_done: ObjId,
}

impl QueueState {
    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.lock().len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A snapshot of its items.
    pub fn items(&self) -> Vec<Value> {
        self.items.lock().iter().cloned().collect()
    }

    /// An empty queue of `kind` with its engine mutex and conditions.
    pub fn new(ctx: &mut Ctx, kind: QueueKind, maxsize: usize) -> QueueState {
        let mutex = ctx.create(Primitive::Lock, "queue mutex");
        let not_empty = ctx.create(Primitive::Condition(mutex), "queue not_empty");
        let not_full = ctx.create(Primitive::Condition(mutex), "queue not_full");
        let all_done = ctx.create(Primitive::Condition(mutex), "queue all_tasks_done");
        QueueState {
            kind,
            maxsize,
            items: Mutex::new(VecDeque::new()),
            unfinished: Mutex::new(0),
            mutex,
            not_empty,
            not_full,
            all_done,
        }
    }
}

impl NativeObject for QueueState {
    fn type_name(&self) -> &'static str {
        self.kind.name()
    }

    fn has_method(&self, name: &str) -> bool {
        METHODS.contains(&name)
            && (self.kind.joinable() || !matches!(name, "task_done" | "join" | "full"))
    }

    fn method_names(&self) -> Vec<&'static str> {
        METHODS
            .iter()
            .copied()
            .filter(|n| self.has_method(n))
            .collect()
    }

    fn call_method(
        &self,
        vm: &mut Vm<'_>,
        _this: &Value,
        name: &str,
        args: Args,
    ) -> Result<Option<Value>, Flow> {
        method(vm, self, name, args)
    }

    fn attr(&self, _vm: &mut Vm<'_>, _this: &Value, name: &str) -> Result<Option<Value>, Flow> {
        Ok(match name {
            "maxsize" => Some(Value::Int(self.maxsize as i64)),
            "unfinished_tasks" if self.kind != QueueKind::Simple => {
                Some(Value::Int(self.unfinished_tasks() as i64))
            }
            _ => None,
        })
    }

    fn repr(&self, _vm: &mut Vm<'_>, this: &Value) -> Result<Option<String>, Flow> {
        Ok(Some(format!(
            "<{}.{} object at {:#x}>",
            self.kind.module(),
            self.kind.name(),
            this.address()
        )))
    }

    fn iter(&self, vm: &mut Vm<'_>, _this: &Value) -> Result<Option<Value>, Flow> {
        Err(vm.exc("TypeError", "'Queue' object is not iterable"))
    }

    fn size(&self) -> Option<usize> {
        Some(self.len())
    }

    /// A queue processes share stays shared; any other is copied with fresh engine
    /// objects (its items copied too).
    fn fork(&self, this: &Value, fork: &mut dyn Fork) -> Value {
        if self.kind.shared() {
            return this.clone();
        }
        let items: Vec<Value> = self.items().iter().map(|x| fork.copy(x)).collect();
        let q = QueueState::new(fork.ctx(), self.kind, self.maxsize);
        *q.items.lock() = items.into_iter().collect();
        *q.unfinished.lock() = *self.unfinished.lock();
        Value::native(q)
    }
}

/// Methods of the queue classes.
pub const METHODS: &[&str] = &[
    "put",
    "get",
    "put_nowait",
    "get_nowait",
    "qsize",
    "empty",
    "full",
    "task_done",
    "join",
];

/// The `queue` module.
pub fn module(vm: &mut Vm<'_>) -> Value {
    let t = &vm.interp.types;
    make_module(
        "queue",
        &[],
        vec![
            ("Queue", Value::Class(t.get("Queue"))),
            ("LifoQueue", Value::Class(t.get("LifoQueue"))),
            ("SimpleQueue", Value::Class(t.get("SimpleQueue"))),
            ("PriorityQueue", Value::Class(t.get("PriorityQueue"))),
            ("Empty", Value::Class(t.get("Empty"))),
            ("Full", Value::Class(t.get("Full"))),
        ],
    )
}

/// Creates a queue.
pub fn construct(vm: &mut Vm<'_>, name: &str, mut args: Args) -> Result<Value, Flow> {
    let kind = match name {
        "LifoQueue" => QueueKind::Lifo,
        "PriorityQueue" => QueueKind::Priority,
        "SimpleQueue" => QueueKind::Simple,
        _ => QueueKind::Fifo,
    };
    let maxsize = args
        .take_kw("maxsize")
        .or_else(|| args.pos.first().cloned());
    let maxsize = match maxsize {
        Some(v) if kind != QueueKind::Simple => crate::builtins::as_index(vm, &v)?.max(0) as usize,
        _ => 0,
    };
    Ok(Value::native(QueueState::new(vm.ctx, kind, maxsize)))
}

fn lock(vm: &mut Vm<'_>, q: &QueueState) -> Result<(), Flow> {
    vm.ctx
        .acquire(q.mutex, true, None)
        .map(|_| ())
        .map_err(|e| vm.sync_err(e))
}

fn unlock(vm: &mut Vm<'_>, q: &QueueState) -> Result<(), Flow> {
    vm.ctx.release(q.mutex, 1).map_err(|e| vm.sync_err(e))
}

fn wait(vm: &mut Vm<'_>, cond: ObjId, t: Option<u64>) -> Result<(), Flow> {
    vm.ctx
        .cond_wait(cond, t)
        .map(|_| ())
        .map_err(|e| vm.sync_err(e))
}

fn raise(vm: &mut Vm<'_>, name: &str) -> Flow {
    let cls = vm.interp.types.get(name);
    Flow::Exc(vm.new_exception(cls, Vec::new()))
}

fn block_args(vm: &mut Vm<'_>, args: &mut Args, first: usize) -> Result<(bool, Option<u64>), Flow> {
    let block = args
        .take_kw("block")
        .or_else(|| args.pos.get(first).cloned());
    let timeout = args
        .take_kw("timeout")
        .or_else(|| args.pos.get(first + 1).cloned());
    let block = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    if let Some(t) = &timeout
        && let Some(f) = crate::vm::ops_num(t)
        && f < 0.0
    {
        return Err(vm.exc("ValueError", "'timeout' must be a non-negative number"));
    }
    let t = timeout_ns(vm, timeout.as_ref())?;
    Ok((block, t))
}

fn get(vm: &mut Vm<'_>, q: &QueueState, block: bool, timeout: Option<u64>) -> Result<Value, Flow> {
    lock(vm, q)?;
    if !block {
        if q.is_empty() {
            unlock(vm, q)?;
            return Err(raise(vm, "Empty"));
        }
    } else {
        let deadline = timeout.map(|t| vm.ctx.now() + t);
        while q.is_empty() {
            let w = match deadline {
                Some(dl) => {
                    let now = vm.ctx.now();
                    if now >= dl {
                        unlock(vm, q)?;
                        return Err(raise(vm, "Empty"));
                    }
                    Some(dl - now)
                }
                None => None,
            };
            wait(vm, q.not_empty, w)?;
        }
    }
    let item = {
        let mut g = q.items.lock();
        match q.kind {
            QueueKind::Lifo => g.pop_back(),
            _ => g.pop_front(),
        }
    };
    vm.ctx.notify(q.not_full, 1).map_err(|e| vm.sync_err(e))?;
    unlock(vm, q)?;
    Ok(item.unwrap_or(Value::None))
}

fn put(
    vm: &mut Vm<'_>,
    q: &QueueState,
    item: Value,
    block: bool,
    timeout: Option<u64>,
) -> Result<Value, Flow> {
    lock(vm, q)?;
    if q.maxsize > 0 {
        if !block {
            if q.len() >= q.maxsize {
                unlock(vm, q)?;
                return Err(raise(vm, "Full"));
            }
        } else {
            let deadline = timeout.map(|t| vm.ctx.now() + t);
            while q.len() >= q.maxsize {
                let w = match deadline {
                    Some(dl) => {
                        let now = vm.ctx.now();
                        if now >= dl {
                            unlock(vm, q)?;
                            return Err(raise(vm, "Full"));
                        }
                        Some(dl - now)
                    }
                    None => None,
                };
                wait(vm, q.not_full, w)?;
            }
        }
    }
    if q.kind == QueueKind::Priority {
        // Keep the items sorted (heapq's order for distinct keys; equal keys stay FIFO).
        let items: Vec<Value> = q.items.lock().iter().cloned().collect();
        let mut at = items.len();
        for (i, x) in items.iter().enumerate() {
            let lt = vm.compare(item.clone(), x.clone(), crate::bytecode::CmpOp::Lt);
            match lt.and_then(|r| vm.truthy(&r)) {
                Ok(true) => {
                    at = i;
                    break;
                }
                Ok(false) => {}
                Err(e) => {
                    unlock(vm, q)?;
                    return Err(e);
                }
            }
        }
        q.items.lock().insert(at, item);
    } else {
        q.items.lock().push_back(item);
    }
    *q.unfinished.lock() += 1;
    vm.ctx.notify(q.not_empty, 1).map_err(|e| vm.sync_err(e))?;
    unlock(vm, q)?;
    Ok(Value::None)
}

/// What a process-shared queue carries: the item pickled (the sender's interpreter is not
/// the receiver's).
fn pickled(vm: &mut Vm<'_>, q: &QueueState, item: Value) -> Result<Value, Flow> {
    if !q.kind.shared() {
        return Ok(item);
    }
    let p = super::pickle::dumps(vm, &item)?;
    Ok(Value::native(p))
}

/// The item a process-shared queue delivered, rebuilt in the receiver's memory.
fn unpickled(vm: &mut Vm<'_>, q: &QueueState, item: Value) -> Result<Value, Flow> {
    match item.downcast::<Pickled>() {
        Some(p) if q.kind.shared() => super::pickle::loads(vm, p),
        _ => Ok(item),
    }
}

/// Calls a queue method.
pub fn method(
    vm: &mut Vm<'_>,
    q: &QueueState,
    name: &str,
    mut args: Args,
) -> Result<Option<Value>, Flow> {
    let simple = !q.kind.joinable();
    Ok(Some(match name {
        "get" => {
            let (block, t) = block_args(vm, &mut args, 0)?;
            let item = get(vm, q, block, t)?;
            unpickled(vm, q, item)?
        }
        "get_nowait" => {
            let item = get(vm, q, false, None)?;
            unpickled(vm, q, item)?
        }
        "put" => {
            let item = args
                .take_kw("obj")
                .or_else(|| args.take_kw("item"))
                .or_else(|| args.pos.first().cloned())
                .unwrap_or(Value::None);
            let (block, t) = block_args(vm, &mut args, 1)?;
            let item = pickled(vm, q, item)?;
            put(vm, q, item, block, t)?
        }
        "put_nowait" => {
            let item = args.pos.first().cloned().unwrap_or(Value::None);
            let item = pickled(vm, q, item)?;
            put(vm, q, item, false, None)?
        }
        "qsize" => Value::Int(q.len() as i64),
        "empty" => Value::Bool(q.is_empty()),
        "full" if !matches!(q.kind, QueueKind::Simple | QueueKind::ProcessSimple) => {
            Value::Bool(q.maxsize > 0 && q.len() >= q.maxsize)
        }
        "task_done" if !simple => {
            lock(vm, q)?;
            let left = {
                let mut u = q.unfinished.lock();
                if *u == 0 {
                    None
                } else {
                    *u -= 1;
                    Some(*u)
                }
            };
            match left {
                None => {
                    unlock(vm, q)?;
                    return Err(vm.exc("ValueError", "task_done() called too many times"));
                }
                Some(0) => {
                    vm.ctx
                        .notify(q.all_done, usize::MAX)
                        .map_err(|e| vm.sync_err(e))?;
                }
                Some(_) => {}
            }
            unlock(vm, q)?;
            Value::None
        }
        "join" if !simple => {
            lock(vm, q)?;
            while *q.unfinished.lock() > 0 {
                wait(vm, q.all_done, None)?;
            }
            unlock(vm, q)?;
            Value::None
        }
        _ => return Ok(None),
    }))
}

impl QueueState {
    /// `unfinished_tasks`: items put and not yet marked done.
    pub fn unfinished_tasks(&self) -> u64 {
        *self.unfinished.lock()
    }
}
