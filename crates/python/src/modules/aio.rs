//! The native half of `asyncio` (the event loop, futures and tasks are Python,
//! `asyncio.py`): the loop's selector (what `epoll_wait` is to CPython's loop), the task
//! lanes of the trace, and the introspection of coroutines that reprs and tracebacks need.

use std::sync::Arc;

use super::support::timeout_ns;
use super::threading::SyncObject;
use crate::builtins::func;
use crate::bytecode::CodeKind;
use crate::value::{Args, Flow, NativeFn, Str, Value};
use crate::vm::Vm;
use gilscope_engine::{Primitive, TaskPhase};
use gilscope_trace::{ObjId, TaskId};

/// The natives `asyncio.py` is written on, put into its globals.
const NATIVES: &[(&str, NativeFn)] = &[
    ("_task_new", task_new),
    ("_task_state", task_state),
    ("_selector", selector),
    ("_select", select),
    ("_wake", wake),
    ("_iscoroutine", iscoroutine),
    ("_iscoroutinefunction", iscoroutinefunction),
    ("_coro_where", coro_where),
    ("_def_where", def_where),
    ("_format_exc", format_exc),
    ("_unreferenced", unreferenced),
];

/// `asyncio`'s natives for its module namespace.
pub fn natives() -> Vec<(Str, Value)> {
    NATIVES
        .iter()
        .map(|(n, f)| (Str::from(*n), func(n, "asyncio", *f)))
        .collect()
}

/// The submodules CPython's asyncio package shows as attributes (`asyncio.tasks`,
/// `asyncio.events`...). gilscope's asyncio is one module, so each name is that module:
/// `asyncio.tasks.Task` and `from asyncio.events import AbstractEventLoop` work, and a
/// mistyped `asyncio.coroutine` gets CPython's suggestion ('coroutines').
pub const SUBMODULES: &[&str] = &[
    "base_events",
    "base_futures",
    "base_subprocess",
    "base_tasks",
    "constants",
    "coroutines",
    "events",
    "exceptions",
    "format_helpers",
    "futures",
    "locks",
    "log",
    "mixins",
    "protocols",
    "queues",
    "runners",
    "selector_events",
    "sslproto",
    "staggered",
    "streams",
    "subprocess",
    "taskgroups",
    "tasks",
    "threads",
    "timeouts",
    "transports",
    "trsock",
    "unix_events",
];

/// Adds [`SUBMODULES`] to the loaded asyncio module.
pub fn name_submodules(module: &Value) {
    if let Value::Module(m) = module {
        let mut d = m.dict.lock();
        for name in SUBMODULES {
            if !d.contains_key(*name) {
                d.insert(Str::from(*name), module.clone());
            }
        }
    }
}

fn arg(args: &Args, i: usize) -> Value {
    args.pos.get(i).cloned().unwrap_or(Value::None)
}

/// `_task_new(name, coro)`: the task's lane in the trace, named after the task and the
/// coroutine it runs (`Task-1 (worker)`).
fn task_new(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let mut name = vm.to_str(&arg(&args, 0))?;
    if let Value::Generator(g) = arg(&args, 1) {
        let qualname = &g.code.qualname;
        let short = qualname.rsplit('.').next().unwrap_or(qualname);
        name = format!("{name} ({short})");
    }
    let id = vm.ctx.task_new(&name)?;
    Ok(Value::Int(i64::from(id)))
}

/// `_task_state(id, phase, what)`: phase is `running`, `ready`, `awaiting` (on `what`)
/// or `done`.
fn task_state(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Value::Int(id) = arg(&args, 0) else {
        return Ok(Value::None);
    };
    let Ok(id) = TaskId::try_from(id) else {
        return Ok(Value::None);
    };
    let phase = vm.to_str(&arg(&args, 1))?;
    let what = match arg(&args, 2) {
        Value::None => String::from("Future"),
        v => vm.to_str(&v)?,
    };
    let phase = match phase.as_str() {
        "running" => TaskPhase::Running,
        "ready" => TaskPhase::Ready,
        "awaiting" => TaskPhase::Awaiting(&what),
        _ => TaskPhase::Done,
    };
    vm.ctx.task_state(id, phase)?;
    Ok(Value::None)
}

fn event_of(vm: &mut Vm<'_>, v: &Value) -> Result<ObjId, Flow> {
    match v.downcast::<SyncObject>() {
        Some(SyncObject::Event(o)) => Ok(*o),
        _ => Err(vm.exc("TypeError", "not a selector")),
    }
}

/// `_selector()`: what the loop waits on in `select()`; another thread wakes it
/// (`call_soon_threadsafe` writes to CPython's self-pipe).
fn selector(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let id = vm.ctx.create(Primitive::Event, "loop selector");
    Ok(Value::native(SyncObject::Event(id)))
}

/// `_select(selector, timeout)`: `epoll_wait` with the timeout rounded up to a
/// millisecond, as `selectors.EpollSelector` does; the GIL is released while it waits.
/// True if another thread woke it.
fn select(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let ev = event_of(vm, &arg(&args, 0))?;
    let timeout = match args.pos.get(1) {
        None | Some(Value::None) => None,
        Some(v) => {
            let ns = timeout_ns(vm, Some(v))?.unwrap_or(0);
            Some(ns.div_ceil(gilscope_engine::MS) * gilscope_engine::MS)
        }
    };
    let woken = match timeout {
        // A poll: epoll_wait(0) returns at once (it does release the GIL in CPython, a
        // switch opportunity the engine has no operation for).
        Some(0) => vm.ctx.state(ev).0,
        t => vm.ctx.event_wait(ev, t)?,
    };
    if woken {
        vm.ctx.event_set(ev, false)?;
    }
    Ok(Value::Bool(woken))
}

/// `_wake(selector)`: wakes a loop blocked in `select()`.
fn wake(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let ev = event_of(vm, &arg(&args, 0))?;
    vm.ctx.event_set(ev, true)?;
    Ok(Value::None)
}

fn iscoroutine(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    Ok(Value::Bool(matches!(
        arg(&args, 0),
        Value::Generator(g) if crate::vm::coro::is_coroutine(&g)
    )))
}

fn iscoroutinefunction(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let f = match arg(&args, 0) {
        Value::Method(m) => match &m.func {
            crate::value::MethodFunc::Callable(c) => c.clone(),
            crate::value::MethodFunc::Native(_) => Value::None,
        },
        other => other,
    };
    Ok(Value::Bool(matches!(
        f,
        Value::Function(func) if func.code.kind == CodeKind::Coroutine
    )))
}

/// `_coro_where(coro)`: (qualname, file, line, done) — the line it runs at (its `def`
/// before it started), or where it was defined once done.
fn coro_where(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Value::Generator(g) = arg(&args, 0) else {
        return Ok(Value::None);
    };
    let done = g.done.load(std::sync::atomic::Ordering::Relaxed);
    let suspended = g.frame.lock().as_ref().map(|f| f.pc);
    let line = match suspended {
        Some(pc) if pc > 0 && !done => g.code.line_of(pc),
        Some(_) => g.code.first_line,
        // Running now (on this thread): where its frame called out from.
        None if !done => {
            let depth = g.running_depth.load(std::sync::atomic::Ordering::Relaxed);
            let line = (depth <= vm.call_depth())
                .then(|| vm.call_line(depth))
                .flatten();
            line.filter(|&l| l > 0).unwrap_or(g.code.first_line)
        }
        None => g.code.first_line,
    };
    Ok(Value::tuple(vec![
        Value::Str(g.code.qualname.clone()),
        Value::str(&g.code.file.path),
        Value::Int(i64::from(line)),
        Value::Bool(done),
    ]))
}

/// `_def_where(fn)`: (file, line) of a Python function's `def` (what CPython reads from
/// `fn.__code__` to show a callback as `f() at FILE:LINE`), None for anything else.
fn def_where(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Value::Function(f) = arg(&args, 0) else {
        return Ok(Value::None);
    };
    Ok(Value::tuple(vec![
        Value::str(&f.code.file.path),
        Value::Int(i64::from(f.code.first_line)),
    ]))
}

/// `_format_exc(exc)`: the traceback of `exc` as CPython's `traceback.format_exception`
/// gives it.
fn format_exc(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let e = arg(&args, 0);
    Ok(Value::str(&vm.format_exception(&e)))
}

/// `_unreferenced(tasks)`: removes from the list and returns the tasks nothing else refers
/// to any more (CPython would free them now, and report an exception nobody retrieved).
fn unreferenced(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Value::List(l) = arg(&args, 0) else {
        return Ok(Value::list(Vec::new()));
    };
    let mut gone = Vec::new();
    l.lock().retain(|v| match v {
        Value::Instance(i) if Arc::strong_count(i) == 1 => {
            gone.push(v.clone());
            false
        }
        _ => true,
    });
    Ok(Value::list(gone))
}
