//! The native half of `multiprocessing` (the rest is Python, `multiprocessing.py`): forking a
//! process and running it, and the objects that live in memory every process shares
//! (locks and semaphores, events, conditions, `Value`/`Array` cells). Queues are
//! `queue.rs` queues of the shared kinds, carrying pickled items.
//!
//! A process is a separate interpreter: `Process.start()` copies the parent's memory
//! (`vm::fork`) and the engine starts a new process (its own GIL) whose main thread runs
//! `_bootstrap` as CPython's `multiprocessing/process.py` does.

use std::sync::Arc;

use parking_lot::Mutex;

use super::support::timeout_ns;
use super::threading::SyncObject;
use crate::builtins::func;
use crate::value::{Args, Flow, NativeFn, NativeObject, Str, Value};
use crate::vm::interp::Interp;
use crate::vm::{Vm, fork};
use gilscope_engine::{Body, Ctx, Halt, Primitive, ProcessSpec, ThreadExit, US};
use gilscope_trace::{Nanos, ObjId, Pid};

/// Simulated CPU time of `Process.start()` beyond the engine's `fork()`: the `Popen`
/// object, two pipes, the finaliser (CPython 3.11: `start()` returns ~0.5 ms after the
/// process object was created).
const START: Nanos = 120 * US;
/// The child's `_bootstrap` before `run()`: after-fork handlers, copy-on-write faults of
/// the first pages it touches (CPython 3.11: the target's first line runs ~1.6 ms after
/// `start()` was called).
const BOOTSTRAP: Nanos = 350 * US;
/// The child's exit after `run()`: `_exit_function`, `os._exit`, the kernel tearing the
/// address space down (CPython 3.11: `join()` returns ~1 ms after the target's last line).
const EXIT: Nanos = 500 * US;

/// Where CPython's `multiprocessing/process.py` lives in the tracebacks of processes.
pub const PROCESS_PY: &str = "/usr/lib/python3.11/multiprocessing/process.py";

/// What `os.getpid()` reports for engine process `pid`.
pub fn os_pid(pid: Pid) -> i64 {
    4242 + i64::from(pid)
}

/// A `multiprocessing` object in memory every process shares: a fork keeps it shared.
#[derive(Debug)]
pub enum SharedObj {
    /// `Lock`, `RLock`, `Semaphore`, `BoundedSemaphore` (CPython's `SemLock`).
    SemLock {
        /// The engine lock or semaphore.
        id: ObjId,
        /// Which of the four.
        kind: SemKind,
        /// A bounded semaphore's bound.
        maxvalue: u64,
    },
    /// `Event`.
    Event(ObjId),
    /// A `Condition`'s wait queue (over its lock's engine object).
    Condition(ObjId),
    /// The memory of a `Value` (a C scalar of type `code`).
    Cell(Mutex<Scalar>, char),
    /// The memory of an `Array`.
    Array(Mutex<Vec<Scalar>>, char),
}

/// Which lock a [`SharedObj::SemLock`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SemKind {
    /// `Lock`.
    Lock,
    /// `RLock`.
    RLock,
    /// `Semaphore`.
    Semaphore,
    /// `BoundedSemaphore`.
    Bounded,
}

impl NativeObject for SharedObj {
    fn type_name(&self) -> &'static str {
        match self {
            SharedObj::SemLock { .. } => "SemLock",
            SharedObj::Event(_) | SharedObj::Condition(_) => "SemLock",
            SharedObj::Cell(..) | SharedObj::Array(..) => "SharedMemory",
        }
    }

    fn has_method(&self, name: &str) -> bool {
        has_method(self, name)
    }

    fn method_names(&self) -> Vec<&'static str> {
        [
            super::queue::METHODS,
            super::random::METHODS,
            super::threading::METHODS,
        ]
        .iter()
        .flat_map(|t| t.iter().copied())
        .filter(|n| has_method(self, n))
        .collect()
    }

    fn call_method(
        &self,
        vm: &mut Vm<'_>,
        this: &Value,
        name: &str,
        args: Args,
    ) -> Result<Option<Value>, Flow> {
        method(vm, this, self, name, args)
    }

    /// The Python wrappers have reprs of their own.
    fn repr(&self, _vm: &mut Vm<'_>, this: &Value) -> Result<Option<String>, Flow> {
        Ok(Some(format!(
            "<_multiprocessing.{} object at {:#x}>",
            self.type_name(),
            this.address()
        )))
    }

    /// The name in pickling's "... objects should only be shared between processes
    /// through inheritance".
    fn inherited_only(&self) -> Option<&'static str> {
        Some(match self {
            SharedObj::SemLock { kind, .. } => match kind {
                SemKind::Lock => "Lock",
                SemKind::RLock => "RLock",
                SemKind::Semaphore => "Semaphore",
                SemKind::Bounded => "BoundedSemaphore",
            },
            SharedObj::Event(_) => "Event",
            SharedObj::Condition(_) => "Condition",
            SharedObj::Cell(..) => "Synchronized",
            SharedObj::Array(..) => "SynchronizedArray",
        })
    }
}

/// A C scalar in shared memory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    /// An integer type.
    Int(i64),
    /// `float` (`f`) or `double` (`d`).
    Float(f64),
}

/// A Python value stored as C type `code` (ints wrap around as in C; `f` rounds to single
/// precision).
fn to_scalar(vm: &mut Vm<'_>, code: char, v: &Value) -> Result<Scalar, Flow> {
    let bits = match code {
        'b' | 'B' => 8,
        'h' | 'H' => 16,
        'i' | 'I' => 32,
        'f' | 'd' => 0,
        _ => 64,
    };
    if bits == 0 {
        let f = match v {
            Value::Float(f) => *f,
            Value::Int(i) => *i as f64,
            Value::Bool(b) => f64::from(u8::from(*b)),
            other => {
                let msg = format!("must be real number, not {}", vm.type_name(other));
                return Err(vm.exc("TypeError", &msg));
            }
        };
        return Ok(Scalar::Float(if code == 'f' {
            f64::from(f as f32)
        } else {
            f
        }));
    }
    let i = match v {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        other => {
            let msg = format!("int expected instead of {}", vm.type_name(other));
            return Err(vm.exc("TypeError", &msg));
        }
    };
    let signed = code.is_ascii_lowercase();
    Ok(Scalar::Int(wrap(i, bits, signed)))
}

fn wrap(i: i64, bits: u32, signed: bool) -> i64 {
    if bits >= 64 {
        return i;
    }
    let m = 1i64 << bits;
    let u = i.rem_euclid(m);
    if signed && u >= m / 2 { u - m } else { u }
}

fn from_scalar(s: Scalar) -> Value {
    match s {
        Scalar::Int(i) => Value::Int(i),
        Scalar::Float(f) => Value::Float(f),
    }
}

fn zero(code: char) -> Scalar {
    if matches!(code, 'f' | 'd') {
        Scalar::Float(0.0)
    } else {
        Scalar::Int(0)
    }
}

/// The natives `multiprocessing.py` is written on, put into its globals.
pub const NATIVES: &[(&str, NativeFn)] = &[
    ("_fork", fork_process),
    ("_join", join_process),
    ("_exitcode", exitcode),
    ("_terminate", terminate),
    ("_run", process_run),
    ("_getpid", getpid),
    ("_cpu_count", cpu_count),
    ("_semlock", new_semlock),
    ("_event", new_event),
    ("_condition", new_condition),
    ("_cell", new_cell),
    ("_array", new_array),
    ("_queue", new_queue),
];

fn arg(args: &Args, i: usize) -> Value {
    args.pos.get(i).cloned().unwrap_or(Value::None)
}

fn int_arg(vm: &mut Vm<'_>, args: &Args, i: usize) -> Result<i64, Flow> {
    crate::builtins::as_index(vm, &arg(args, i))
}

fn shared(obj: SharedObj) -> Value {
    Value::native(obj)
}

/// `_fork(process)`: `Process.start()` with the fork start method; gives the engine pid.
fn fork_process(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if vm.ctx.is_real_clock() {
        // The real-clock backend has no processes (`Ctx::spawn_process` would halt the
        // run silently, cutting the program's output short with status 0).
        return Err(Flow::Unsupported(format!(
            "{}: unsupported: multiprocessing with --clock real (processes run on the virtual clock only)",
            vm.where_now()
        )));
    }
    let process = arg(&args, 0);
    // popen_fork flushes the standard streams first, so the child does not inherit
    // (and print again) what the parent had buffered.
    vm.flush_stdout()?;
    vm.ctx.elapse(START);
    let name = match vm.get_attr(&process, "name")? {
        Value::Str(s) => s.to_string(),
        _ => "Process".to_owned(),
    };
    let thread = super::threading::current_thread_value(vm);
    let thread_name = match vm.get_attr(&thread, "name") {
        Ok(Value::Str(s)) => s.to_string(),
        _ => "MainThread".to_owned(),
    };
    let parent = vm.ctx.pid();
    let forked = fork::fork(vm, &[process]);
    let child = forked.roots.into_iter().next().unwrap_or(Value::None);
    forked.interp.set_parent_pid(parent);
    let body = process_body(forked.interp, child, thread_name);
    let pid = vm.ctx.spawn_process(ProcessSpec { name }, body)?;
    Ok(Value::Int(i64::from(pid)))
}

/// The main thread of a forked process: `BaseProcess._bootstrap`.
fn process_body(interp: Arc<Interp>, process: Value, thread_name: String) -> Body {
    Box::new(move |ctx: &mut Ctx| {
        let _teardown = Teardown(Arc::clone(&interp));
        ctx.elapse(BOOTSTRAP);
        let main = interp.main_thread_object(&thread_name);
        interp.register_main(ctx.tid(), main);
        let mut vm = Vm::new(ctx, Arc::clone(&interp));
        let code = bootstrap(&mut vm, &process)?;
        vm.threading_shutdown()?;
        vm.flush_stdout().map_err(|_| Halt)?;
        vm.ctx.set_exit_status(code);
        vm.ctx.elapse(EXIT);
        Ok(ThreadExit::Returned)
    })
}

/// Empties a finished process's modules, as CPython's finalization does: functions and
/// their modules refer to each other, so the forked copy would otherwise outlive the
/// process (a program that starts thousands of processes ran out of memory).
struct Teardown(Arc<Interp>);

impl Drop for Teardown {
    fn drop(&mut self) {
        let modules: Vec<Value> = std::mem::take(&mut *self.0.modules.lock())
            .into_iter()
            .map(|(_, m)| m)
            .collect();
        for m in modules {
            if let Value::Module(m) = m {
                // Dropped outside the lock: values' own drops may take other locks.
                let dict = std::mem::take(&mut *m.dict.lock());
                drop(dict);
            }
        }
        let main = std::mem::take(&mut *self.0.main.dict.lock());
        drop(main);
    }
}

/// `_bootstrap` up to `threading._shutdown`: `run()`, `util._exit_function()`, and the
/// report of how `run()` ended. Gives the exit code.
fn bootstrap(vm: &mut Vm<'_>, process: &Value) -> Result<i32, Halt> {
    let module = vm.interp.modules.lock().get("multiprocessing").cloned();
    let Some(module) = module else {
        return Ok(1);
    };
    let result = match vm.call_method(
        module.clone(),
        "_after_fork",
        Args::new(vec![process.clone()]),
    ) {
        Ok(_) => vm.call_method(process.clone(), "run", Args::default()),
        Err(e) => Err(e),
    };
    let result = match result {
        Ok(_) => vm
            .call_method(module.clone(), "_exit_function", Args::default())
            .map(|_| ()),
        Err(e) => {
            let _ = vm.call_method(module.clone(), "_exit_function", Args::default());
            Err(e)
        }
    };
    let code = exit_status(vm, process, result)?;
    // `process exiting with exitcode N`, logged last (after any traceback) when the
    // program called `multiprocessing.log_to_stderr()` or `get_logger()`.
    let _ = vm.call_method(
        module,
        "_log_exit",
        Args::new(vec![Value::Int(i64::from(code))]),
    );
    Ok(code)
}

/// The exit code of a process whose `run()` ended with `result`, its traceback printed.
fn exit_status(vm: &mut Vm<'_>, process: &Value, result: Result<(), Flow>) -> Result<i32, Halt> {
    match result {
        Ok(()) => Ok(0),
        Err(Flow::Halt) => Err(Halt),
        Err(Flow::Unsupported(msg)) => {
            *vm.interp.unsupported.lock() = Some(msg.clone());
            let report = vm.unsupported_report(&msg);
            vm.write_stderr(&report).map_err(|_| Halt)?;
            Ok(1)
        }
        Err(Flow::Exc(e)) => {
            if vm.is_exc(&e, "SystemExit") {
                return exit_code(vm, &e);
            }
            let text = format_process_exception(vm, process, &e);
            vm.write_stderr(&text).map_err(|_| Halt)?;
            Ok(1)
        }
    }
}

/// The exit code a `SystemExit` in a process asks for (a non-int code is printed).
fn exit_code(vm: &mut Vm<'_>, e: &Value) -> Result<i32, Halt> {
    let code = match e {
        Value::Instance(i) => match i.get("args") {
            Some(Value::Tuple(t)) => t.first().cloned().unwrap_or(Value::None),
            _ => Value::None,
        },
        _ => Value::None,
    };
    match code {
        Value::None => Ok(0),
        Value::Int(i) => Ok(i as i32),
        Value::Bool(b) => Ok(i32::from(b)),
        other => {
            let s = vm.to_str(&other).unwrap_or_default();
            vm.write_stderr(&format!("{s}\n")).map_err(|_| Halt)?;
            Ok(1)
        }
    }
}

/// `Process Process-1:` and the traceback, as `_bootstrap` prints them.
fn format_process_exception(vm: &mut Vm<'_>, process: &Value, e: &Value) -> String {
    let name = match vm.get_attr(process, "name") {
        Ok(Value::Str(s)) => s.to_string(),
        _ => "?".into(),
    };
    let mut prefix = format!("  File \"{PROCESS_PY}\", line 314, in _bootstrap\n    self.run()\n");
    let default_run = match process {
        Value::Instance(i) => matches!(i.class.lookup("run"), Some(Value::Builtin(_))),
        _ => false,
    };
    if default_run {
        prefix.push_str(&format!(
            "  File \"{PROCESS_PY}\", line 108, in run\n    self._target(*self._args, **self._kwargs)\n"
        ));
    }
    let mut out = format!("Process {name}:\n");
    out.push_str(&vm.format_exception_with(e, &prefix));
    out
}

/// `Process.run()`: calls the target with its arguments.
fn process_run(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let this = arg(&args, 0);
    let Value::Instance(me) = &this else {
        return Err(vm.exc("TypeError", "descriptor 'run' requires a 'Process' object"));
    };
    super::threading::call_target(vm, me).map(|_| Value::None)
}

fn pid_arg(vm: &mut Vm<'_>, args: &Args) -> Result<Pid, Flow> {
    let p = int_arg(vm, args, 0)?;
    Pid::try_from(p).map_err(|_| vm.exc("ValueError", "no such process"))
}

/// `_join(pid, timeout)`: true once the process has exited.
fn join_process(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let pid = pid_arg(vm, &args)?;
    let t = timeout_ns(vm, args.pos.get(1))?;
    Ok(Value::Bool(vm.ctx.join_process(pid, t)?))
}

/// `_exitcode(pid)`: the exit code, or None while the process runs.
fn exitcode(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let pid = pid_arg(vm, &args)?;
    Ok(match vm.ctx.process_exit(pid) {
        Some(c) => Value::Int(i64::from(c)),
        None => Value::None,
    })
}

/// `_terminate(pid)`: SIGTERM.
fn terminate(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let pid = pid_arg(vm, &args)?;
    vm.ctx.terminate_process(pid)?;
    Ok(Value::None)
}

/// `_getpid(pid=None)`: what `os.getpid()` says in process `pid` (the caller's by default).
fn getpid(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let pid = match args.pos.first() {
        Some(Value::Int(p)) => Pid::try_from(*p).unwrap_or(0),
        _ => vm.ctx.pid(),
    };
    Ok(Value::Int(os_pid(pid)))
}

fn cpu_count(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(vm.ctx.cores() as i64))
}

/// `_semlock(kind, value)`: kind 0 Lock, 1 RLock, 2 Semaphore, 3 BoundedSemaphore.
fn new_semlock(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let kind = match int_arg(vm, &args, 0)? {
        0 => SemKind::Lock,
        1 => SemKind::RLock,
        2 => SemKind::Semaphore,
        _ => SemKind::Bounded,
    };
    let value = match args.pos.get(1) {
        Some(v) => crate::builtins::as_index(vm, v)?,
        None => 1,
    };
    if value < 0 {
        return Err(vm.exc("ValueError", "semaphore or lock must be >= 0"));
    }
    let value = value as u64;
    let (prim, label) = match kind {
        SemKind::Lock => (Primitive::Lock, "multiprocessing.Lock"),
        SemKind::RLock => (Primitive::RLock, "multiprocessing.RLock"),
        SemKind::Semaphore => (
            Primitive::Semaphore { value, bound: None },
            "multiprocessing.Semaphore",
        ),
        SemKind::Bounded => (
            Primitive::Semaphore {
                value,
                bound: Some(value),
            },
            "multiprocessing.BoundedSemaphore",
        ),
    };
    let id = vm.ctx.create(prim, label);
    Ok(shared(SharedObj::SemLock {
        id,
        kind,
        maxvalue: value,
    }))
}

fn new_event(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let id = vm.ctx.create(Primitive::Event, "multiprocessing.Event");
    Ok(shared(SharedObj::Event(id)))
}

/// `_condition(semlock)`: the wait queue of a condition over that lock.
fn new_condition(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let lock = match args.pos.first().and_then(Value::downcast::<SharedObj>) {
        Some(SharedObj::SemLock { id, .. }) => Some(*id),
        _ => None,
    };
    let Some(lock) = lock else {
        return Err(vm.exc("TypeError", "Condition() needs a multiprocessing lock"));
    };
    let id = vm
        .ctx
        .create(Primitive::Condition(lock), "multiprocessing.Condition");
    Ok(shared(SharedObj::Condition(id)))
}

fn typecode(vm: &mut Vm<'_>, v: &Value) -> Result<char, Flow> {
    match v {
        Value::Str(s) if s.chars().count() == 1 => {
            let c = s.chars().next().unwrap_or('i');
            if "bBhHiIlLqQfd".contains(c) {
                Ok(c)
            } else if c == 'c' || c == 'u' {
                Err(Flow::Unsupported(format!(
                    "{}: unsupported: multiprocessing shared memory of type '{c}'",
                    vm.where_now()
                )))
            } else {
                let msg = format!(
                    "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d), not {s}"
                );
                Err(vm.exc("ValueError", &msg))
            }
        }
        _ => Err(Flow::Unsupported(format!(
            "{}: unsupported: multiprocessing shared memory of a ctypes type",
            vm.where_now()
        ))),
    }
}

/// `_cell(typecode, value)`: the memory of a `Value`.
fn new_cell(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let code = typecode(vm, &arg(&args, 0))?;
    let v = match args.pos.get(1) {
        Some(v) => to_scalar(vm, code, v)?,
        None => zero(code),
    };
    Ok(shared(SharedObj::Cell(Mutex::new(v), code)))
}

/// `_array(typecode, size_or_items)`: the memory of an `Array`.
fn new_array(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let code = typecode(vm, &arg(&args, 0))?;
    let init = arg(&args, 1);
    let items = match &init {
        Value::Int(n) => vec![zero(code); (*n).max(0) as usize],
        other => {
            let vs = vm.to_vec(other)?;
            let mut out = Vec::with_capacity(vs.len());
            for v in &vs {
                out.push(to_scalar(vm, code, v)?);
            }
            out
        }
    };
    Ok(shared(SharedObj::Array(Mutex::new(items), code)))
}

/// `_queue(kind, maxsize)`: the pipe of a `Queue` (kind 0) or of a `SimpleQueue` or a
/// connection (kind 1).
fn new_queue(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let kind = match int_arg(vm, &args, 0)? {
        0 => super::queue::QueueKind::Process,
        _ => super::queue::QueueKind::ProcessSimple,
    };
    let maxsize = match args.pos.get(1) {
        Some(v) => crate::builtins::as_index(vm, v)?.max(0) as usize,
        None => 0,
    };
    Ok(Value::native(super::queue::QueueState::new(
        vm.ctx, kind, maxsize,
    )))
}

/// Whether a shared object has method `name`.
fn has_method(s: &SharedObj, name: &str) -> bool {
    match s {
        SharedObj::SemLock { .. } => matches!(
            name,
            "acquire"
                | "release"
                | "__enter__"
                | "__exit__"
                | "_count"
                | "_is_mine"
                | "_get_value"
                | "_is_zero"
                | "_owner"
                | "_maxvalue"
        ),
        SharedObj::Event(_) => matches!(name, "set" | "clear" | "is_set" | "wait"),
        SharedObj::Condition(_) => matches!(name, "wait" | "notify"),
        SharedObj::Cell(..) => matches!(name, "get" | "set"),
        SharedObj::Array(..) => matches!(name, "get" | "set" | "len" | "items" | "assign"),
    }
}

/// The error of releasing a `multiprocessing` lock or semaphore too often: CPython's
/// `SemLock` says it differently from `threading`'s locks.
fn release_error(vm: &mut Vm<'_>, kind: SemKind, e: Value) -> Flow {
    let ours = match kind {
        SemKind::RLock if vm.is_exc(&e, "RuntimeError") => Some((
            "AssertionError",
            "attempt to release recursive lock not owned by thread",
        )),
        SemKind::Lock if vm.is_exc(&e, "RuntimeError") => {
            Some(("ValueError", "semaphore or lock released too many times"))
        }
        SemKind::Bounded if vm.is_exc(&e, "ValueError") => {
            Some(("ValueError", "semaphore or lock released too many times"))
        }
        _ => None,
    };
    match ours {
        Some((cls, msg)) => vm.exc(cls, msg),
        None => Flow::Exc(e),
    }
}

/// Calls method `name` of a shared object.
fn method(
    vm: &mut Vm<'_>,
    this: &Value,
    s: &SharedObj,
    name: &str,
    args: Args,
) -> Result<Option<Value>, Flow> {
    Ok(Some(match (s, name) {
        (SharedObj::SemLock { id, kind, .. }, "acquire" | "release" | "__enter__" | "__exit__") => {
            let native = match kind {
                SemKind::Lock => SyncObject::Lock(*id),
                SemKind::RLock => SyncObject::RLock(*id),
                SemKind::Semaphore => SyncObject::Semaphore(*id, false),
                SemKind::Bounded => SyncObject::Semaphore(*id, true),
            };
            let r = match super::threading::method(vm, this, &native, name, args) {
                Err(Flow::Exc(e)) if matches!(name, "release" | "__exit__") => {
                    return Err(release_error(vm, *kind, e));
                }
                r => r?,
            };
            match (name, r) {
                ("__enter__", Some(_)) => Value::Bool(true),
                (_, Some(v)) => v,
                (_, None) => Value::None,
            }
        }
        (SharedObj::SemLock { id, .. }, "_count") => {
            let (_, owner, count) = vm.ctx.state(*id);
            Value::Int(if owner == Some(vm.tid()) {
                i64::from(count)
            } else {
                0
            })
        }
        (SharedObj::SemLock { id, .. }, "_is_mine") => {
            Value::Bool(vm.ctx.state(*id).1 == Some(vm.tid()))
        }
        (SharedObj::SemLock { id, kind, .. }, "_get_value") => {
            let (locked, _, count) = vm.ctx.state(*id);
            Value::Int(match kind {
                SemKind::Lock | SemKind::RLock => i64::from(!locked),
                _ => i64::from(count),
            })
        }
        (SharedObj::SemLock { id, .. }, "_is_zero") => Value::Bool(vm.ctx.state(*id).0),
        (SharedObj::SemLock { id, .. }, "_owner") => {
            // 0: free, 1: this thread, 2: another thread of this process, 3: elsewhere.
            let (locked, owner, _) = vm.ctx.state(*id);
            let me = vm.tid();
            Value::Int(match owner {
                _ if !locked => 0,
                Some(o) if o == me => 1,
                Some(o) if vm.interp.threads.lock().contains_key(&o) => 2,
                _ => 3,
            })
        }
        (SharedObj::SemLock { maxvalue, .. }, "_maxvalue") => Value::Int(*maxvalue as i64),
        (SharedObj::Event(o), _) => {
            let native = SyncObject::Event(*o);
            match super::threading::method(vm, this, &native, name, args)? {
                Some(v) => v,
                None => return Ok(None),
            }
        }
        (SharedObj::Condition(c), "wait") => {
            let t = timeout_ns(vm, args.pos.first())?;
            match vm.ctx.cond_wait(*c, t) {
                Ok(b) => Value::Bool(b),
                Err(e) => return Err(vm.sync_err(e)),
            }
        }
        (SharedObj::Condition(c), "notify") => {
            let n = match args.pos.first() {
                Some(v) => crate::builtins::as_index(vm, v)?.max(0) as usize,
                None => 1,
            };
            vm.ctx.notify(*c, n).map_err(|e| vm.sync_err(e))?;
            Value::None
        }
        (SharedObj::Cell(cell, _), "get") => {
            vm.ctx.shared_access()?;
            from_scalar(*cell.lock())
        }
        (SharedObj::Cell(cell, code), "set") => {
            let v = to_scalar(vm, *code, &arg(&args, 0))?;
            vm.ctx.shared_access()?;
            *cell.lock() = v;
            Value::None
        }
        (SharedObj::Array(items, _), "len") => Value::Int(items.lock().len() as i64),
        (SharedObj::Array(items, _), "items") => {
            vm.ctx.shared_access()?;
            let all: Vec<Value> = items.lock().iter().map(|s| from_scalar(*s)).collect();
            Value::list(all)
        }
        (SharedObj::Array(items, _), "get") => {
            let i = int_arg(vm, &args, 0)?;
            vm.ctx.shared_access()?;
            let v = items.lock().get(i as usize).copied();
            match v {
                Some(s) if i >= 0 => from_scalar(s),
                _ => return Err(vm.exc("IndexError", "invalid index")),
            }
        }
        (SharedObj::Array(items, code), "set") => {
            let i = int_arg(vm, &args, 0)?;
            let v = to_scalar(vm, *code, &arg(&args, 1))?;
            vm.ctx.shared_access()?;
            let mut g = items.lock();
            match g.get_mut(i as usize) {
                Some(slot) if i >= 0 => *slot = v,
                _ => {
                    drop(g);
                    return Err(vm.exc("IndexError", "invalid index"));
                }
            }
            Value::None
        }
        (SharedObj::Array(items, code), "assign") => {
            // assign(start, values): a slice assignment of the same length.
            let start = int_arg(vm, &args, 0)?.max(0) as usize;
            let vs = vm.to_vec(&arg(&args, 1))?;
            let mut scalars = Vec::with_capacity(vs.len());
            for v in &vs {
                scalars.push(to_scalar(vm, *code, v)?);
            }
            vm.ctx.shared_access()?;
            let mut g = items.lock();
            for (k, s) in scalars.into_iter().enumerate() {
                if let Some(slot) = g.get_mut(start + k) {
                    *slot = s;
                }
            }
            Value::None
        }
        _ => return Ok(None),
    }))
}

/// Installs `multiprocessing`'s natives in its module namespace.
pub fn natives() -> Vec<(Str, Value)> {
    NATIVES
        .iter()
        .map(|(n, f)| (Str::from(*n), func(n, "multiprocessing", *f)))
        .collect()
}
