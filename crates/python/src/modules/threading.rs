//! `threading`: Thread (and subclasses), Timer, Lock, RLock, Event, Condition, Semaphore,
//! BoundedSemaphore, Barrier, local, and the module functions. Every blocking operation goes
//! through the engine, which releases the GIL exactly where CPython does.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use indexmap::IndexMap;
use parking_lot::Mutex;

use super::support::{make_module, timeout_ns};
use crate::builtins::{class, func};
use crate::value::{
    Args, Class, Flow, Fork, Fx, Instance, NativeFn, NativeObject, Str, TypeKind, Value, str_keyed,
};
use crate::vm::Vm;
use crate::vm::interp::{Interp, Types};
use gilscope_engine::{Body, Ctx, Halt, Primitive, ThreadExit, ThreadSpec, US};
use gilscope_trace::{Nanos, ObjId, Tid};

/// A fake but stable `threading.get_ident()` for an engine thread.
pub fn ident_of(tid: Tid) -> u64 {
    140_245_000_000_000 + u64::from(tid) * 8_392_704
}

fn prop(get: NativeFn, set: Option<NativeFn>) -> Value {
    let g = func("fget", "Thread", get);
    let s = set.map_or(Value::None, |f| func("fset", "Thread", f));
    Value::Property(Arc::new([g, s]))
}

/// Adds `threading`'s thread classes to the built-in classes: `Thread`, `_MainThread`,
/// `Timer` and the `ExceptHookArgs` of its `excepthook`.
pub fn add_classes(types: &mut Types) {
    let object = types.object();
    let thread = class("Thread", "threading", &[&object], TypeKind::Thread);
    install_thread_methods(&thread);
    let by = &mut types.by_name;
    by.insert("Thread", Arc::clone(&thread));
    by.insert(
        "_MainThread",
        class("_MainThread", "threading", &[&thread], TypeKind::Thread),
    );
    by.insert(
        "_ExceptHookArgs",
        class("_ExceptHookArgs", "_thread", &[&object], TypeKind::User),
    );
    let timer = class("Timer", "threading", &[&thread], TypeKind::Thread);
    install_timer_methods(&timer);
    by.insert("Timer", timer);
}

/// Fills `threading.Thread`'s namespace with its native methods.
fn install_thread_methods(cls: &Arc<Class>) {
    let mut d = cls.dict.lock();
    let fns: &[(&'static str, NativeFn)] = &[
        ("__init__", thread_init),
        ("start", thread_start),
        ("run", thread_run),
        ("join", thread_join),
        ("is_alive", thread_is_alive),
        ("getName", |vm, a| {
            vm.deprecation("getName() is deprecated, get the name attribute instead")?;
            thread_get_name(vm, a)
        }),
        ("setName", |vm, a| {
            vm.deprecation("setName() is deprecated, set the name attribute instead")?;
            thread_set_name(vm, a)
        }),
        ("isDaemon", |vm, a| {
            vm.deprecation("isDaemon() is deprecated, get the daemon attribute instead")?;
            thread_get_daemon(vm, a)
        }),
        ("setDaemon", |vm, a| {
            vm.deprecation("setDaemon() is deprecated, set the daemon attribute instead")?;
            thread_set_daemon(vm, a)
        }),
    ];
    for (n, f) in fns {
        d.insert(Str::from(*n), func(n, "Thread", *f));
    }
    d.insert(
        Str::from("name"),
        prop(thread_get_name, Some(thread_set_name)),
    );
    d.insert(
        Str::from("daemon"),
        prop(thread_get_daemon, Some(thread_set_daemon)),
    );
    d.insert(Str::from("ident"), prop(thread_ident, None));
    d.insert(Str::from("native_id"), prop(thread_native_id, None));
    d.insert(Str::from("__module__"), Value::str("threading"));
}

/// Fills `threading.Timer`'s namespace.
fn install_timer_methods(cls: &Arc<Class>) {
    let mut d = cls.dict.lock();
    d.insert(Str::from("__init__"), func("__init__", "Timer", timer_init));
    d.insert(Str::from("run"), func("run", "Timer", timer_run));
    d.insert(Str::from("cancel"), func("cancel", "Timer", timer_cancel));
}

fn this(vm: &mut Vm<'_>, args: &Args) -> Result<Arc<Instance>, Flow> {
    match args.pos.first() {
        Some(Value::Instance(i)) => Ok(Arc::clone(i)),
        _ => Err(vm.exc("TypeError", "descriptor requires a 'Thread' object")),
    }
}

/// Attribute writes on thread objects (properties handle `name` and `daemon`).
pub fn set_thread_attr(
    _vm: &mut Vm<'_>,
    i: &Arc<Instance>,
    name: &str,
    v: Value,
) -> Result<(), Flow> {
    i.set(name, v);
    Ok(())
}

fn thread_init(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let mut pos = args.pos.split_off(1).into_iter();
    let group = args.take_kw("group").or_else(|| pos.next());
    let target = args
        .take_kw("target")
        .or_else(|| pos.next())
        .unwrap_or(Value::None);
    let name = args
        .take_kw("name")
        .or_else(|| pos.next())
        .unwrap_or(Value::None);
    let targs = args
        .take_kw("args")
        .or_else(|| pos.next())
        .unwrap_or(Value::tuple(Vec::new()));
    let kwargs = args
        .take_kw("kwargs")
        .or_else(|| pos.next())
        .unwrap_or(Value::None);
    let daemon = args.take_kw("daemon").unwrap_or(Value::None);
    if let Some((k, _)) = args.kw.first() {
        let msg = format!("Thread.__init__() got an unexpected keyword argument '{k}'");
        return Err(vm.exc("TypeError", &msg));
    }
    if group.is_some_and(|g| !matches!(g, Value::None)) {
        return Err(vm.exc("AssertionError", "group argument must be None for now"));
    }
    let name = match name {
        Value::None => {
            let n = vm.interp.next_thread_number();
            let mut s = format!("Thread-{n}");
            if !matches!(target, Value::None)
                && let Ok(Value::Str(t)) = vm.get_attr(&target, "__name__")
            {
                s = format!("{s} ({t})");
            }
            s
        }
        other => vm.to_str(&other)?,
    };
    let daemon = match daemon {
        Value::None => {
            let cur = current_thread_value(vm);
            match cur {
                Value::Instance(c) => matches!(c.get("_daemonic"), Some(Value::Bool(true))),
                _ => false,
            }
        }
        other => vm.truthy(&other)?,
    };
    let kwargs = match kwargs {
        Value::None => crate::vm::Vm::new_dict(),
        other => other,
    };
    let mut st = me.state.lock();
    st.dict.insert(Str::from("_target"), target);
    st.dict.insert(Str::from("_name"), Value::str(&name));
    st.dict.insert(Str::from("_args"), targs);
    st.dict.insert(Str::from("_kwargs"), kwargs);
    st.dict.insert(Str::from("_daemonic"), Value::Bool(daemon));
    st.dict.insert(Str::from("_started"), Value::Bool(false));
    Ok(Value::None)
}

fn started(i: &Instance) -> bool {
    matches!(i.get("_started"), Some(Value::Bool(true)))
}

fn thread_tid(i: &Instance) -> Option<Tid> {
    i.state.lock().tid
}

fn check_init(vm: &mut Vm<'_>, i: &Instance) -> Result<(), Flow> {
    if i.get("_name").is_none() {
        return Err(vm.exc("RuntimeError", "thread.__init__() not called"));
    }
    Ok(())
}

fn thread_start(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    check_init(vm, &me)?;
    if started(&me) {
        return Err(vm.exc("RuntimeError", "threads can only be started once"));
    }
    let name = match me.get("_name") {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    let daemon = matches!(me.get("_daemonic"), Some(Value::Bool(true)));
    if vm.interp.alive.load(Ordering::Relaxed) >= MAX_THREADS {
        // CPython's error when the OS refuses a thread, with gilscope's reason.
        let msg =
            format!("can't start new thread: gilscope runs at most {MAX_THREADS} threads at once");
        return Err(vm.exc("RuntimeError", &msg));
    }
    vm.interp.alive.fetch_add(1, Ordering::Relaxed);
    me.set("_started", Value::Bool(true));
    let body = thread_body(Arc::clone(&vm.interp), Value::Instance(Arc::clone(&me)));
    let spec = ThreadSpec { name, daemon };
    // The engine returns once the new thread has begun (docs/gil.md, thread start, end
    // and join); register it before it runs any Python so current_thread() finds it.
    let interp = Arc::clone(&vm.interp);
    let tid = vm.ctx.spawn(spec, body)?;
    me.state.lock().tid = Some(tid);
    interp.threads.lock().insert(tid, Value::Instance(me));
    Ok(Value::None)
}

fn thread_run(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let r = call_target(vm, &me);
    {
        let mut st = me.state.lock();
        st.dict.shift_remove("_target");
        st.dict.shift_remove("_args");
        st.dict.shift_remove("_kwargs");
    }
    r.map(|_| Value::None)
}

/// `Thread.run()` and `Process.run()`: calls `_target(*_args, **_kwargs)` if there is one.
pub fn call_target(vm: &mut Vm<'_>, me: &Instance) -> Result<Value, Flow> {
    let target = me.get("_target").unwrap_or(Value::None);
    if matches!(target, Value::None) {
        return Ok(Value::None);
    }
    let pos = match me.get("_args") {
        Some(v) => vm.star_args(&target, &v)?,
        None => Vec::new(),
    };
    let kw = me.get("_kwargs").map_or_else(Vec::new, |d| str_keyed(&d));
    vm.call(target, Args { pos, kw })
}

fn thread_join(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let timeout = args.take_kw("timeout").or_else(|| args.pos.get(1).cloned());
    check_init(vm, &me)?;
    if !started(&me) {
        return Err(vm.exc("RuntimeError", "cannot join thread before it is started"));
    }
    let Some(tid) = thread_tid(&me) else {
        return Ok(Value::None);
    };
    if tid == vm.tid() {
        return Err(vm.exc("RuntimeError", "cannot join current thread"));
    }
    let t = match timeout {
        Some(Value::None) | None => None,
        Some(v) => Some(timeout_ns(vm, Some(&v))?.unwrap_or(0)),
    };
    vm.ctx.join(tid, t)?;
    Ok(Value::None)
}

fn thread_is_alive(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let alive = started(&me) && thread_tid(&me).is_some_and(|t| vm.ctx.is_alive(t));
    Ok(Value::Bool(alive))
}

fn thread_get_name(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    Ok(me.get("_name").unwrap_or(Value::None))
}

fn thread_set_name(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let name = vm.to_str(&args.pos.get(1).cloned().unwrap_or(Value::None))?;
    me.set("_name", Value::str(&name));
    if let Some(tid) = thread_tid(&me) {
        vm.ctx.rename(tid, &name)?;
    }
    Ok(Value::None)
}

fn thread_get_daemon(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    Ok(me.get("_daemonic").unwrap_or(Value::Bool(false)))
}

fn thread_set_daemon(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    if started(&me) {
        return Err(vm.exc("RuntimeError", "cannot set daemon status of active thread"));
    }
    let d = vm.truthy(&args.pos.get(1).cloned().unwrap_or(Value::None))?;
    me.set("_daemonic", Value::Bool(d));
    Ok(Value::None)
}

fn thread_ident(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    Ok(match thread_tid(&me) {
        Some(t) => Value::Int(ident_of(t) as i64),
        None => Value::None,
    })
}

fn thread_native_id(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    Ok(match thread_tid(&me) {
        Some(t) => Value::Int(4242 + i64::from(t)),
        None => Value::None,
    })
}

/// `repr(thread)`: `<Thread(Thread-1 (f), started 140...)>`.
pub fn thread_repr(vm: &mut Vm<'_>, v: &Value) -> Result<String, Flow> {
    let Value::Instance(i) = v else {
        return Ok(String::new());
    };
    let name = match i.get("_name") {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    let mut status = "initial".to_owned();
    if started(i) {
        status = "started".into();
    }
    let tid = thread_tid(i);
    if started(i) && tid.is_none_or(|t| !vm.ctx.is_alive(t)) {
        status = "stopped".into();
    }
    if matches!(i.get("_daemonic"), Some(Value::Bool(true))) {
        status.push_str(" daemon");
    }
    if let Some(t) = tid {
        status.push_str(&format!(" {}", ident_of(t)));
    }
    Ok(format!("<{}({name}, {status})>", i.class.name))
}

fn timer_init(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let mut pos = args.pos.split_off(1).into_iter();
    let interval = args
        .take_kw("interval")
        .or_else(|| pos.next())
        .unwrap_or(Value::Int(0));
    let function = args
        .take_kw("function")
        .or_else(|| pos.next())
        .unwrap_or(Value::None);
    let fargs = args
        .take_kw("args")
        .or_else(|| pos.next())
        .unwrap_or(Value::None);
    let fkwargs = args
        .take_kw("kwargs")
        .or_else(|| pos.next())
        .unwrap_or(Value::None);
    thread_init(vm, Args::new(vec![Value::Instance(Arc::clone(&me))]))?;
    let finished = construct(vm, "Event", Args::default())?;
    let mut st = me.state.lock();
    st.dict.insert(Str::from("interval"), interval);
    st.dict.insert(Str::from("function"), function);
    st.dict.insert(
        Str::from("args"),
        match fargs {
            Value::None => Value::list(Vec::new()),
            v => v,
        },
    );
    st.dict.insert(
        Str::from("kwargs"),
        match fkwargs {
            Value::None => Vm::new_dict(),
            v => v,
        },
    );
    st.dict.insert(Str::from("finished"), finished);
    Ok(Value::None)
}

fn timer_run(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let finished = me.get("finished").unwrap_or(Value::None);
    let interval = me.get("interval").unwrap_or(Value::None);
    vm.call_method(finished.clone(), "wait", Args::new(vec![interval]))?;
    let is_set = vm.call_method(finished.clone(), "is_set", Args::default())?;
    if !vm.truthy(&is_set)? {
        let f = me.get("function").unwrap_or(Value::None);
        let pos = vm.to_vec(&me.get("args").unwrap_or(Value::None))?;
        let kw = match me.get("kwargs") {
            Some(Value::Dict(d)) => d
                .lock()
                .iter()
                .filter_map(|(k, v)| match &k.0 {
                    Value::Str(s) => Some((s.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        vm.call(f, Args { pos, kw })?;
    }
    vm.call_method(finished, "set", Args::default())?;
    Ok(Value::None)
}

fn timer_cancel(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let me = this(vm, &args)?;
    let finished = me.get("finished").unwrap_or(Value::None);
    vm.call_method(finished, "set", Args::default())?;
    Ok(Value::None)
}

/// The Python object of the calling thread.
pub fn current_thread_value(vm: &mut Vm<'_>) -> Value {
    let tid = vm.tid();
    let found = vm.interp.threads.lock().get(&tid).cloned();
    found.unwrap_or(Value::None)
}

/// `threading.excepthook(args)` (also `threading.__excepthook__`), the default: prints
/// `Exception in thread NAME:` and the traceback to stderr, says nothing of SystemExit.
fn excepthook(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(a) = args.pos.first() else {
        return Err(vm.exc(
            "TypeError",
            "excepthook() missing required argument 'args' (pos 1)",
        ));
    };
    let exc_type = vm.get_attr(a, "exc_type")?;
    let exc_value = vm.get_attr(a, "exc_value")?;
    let thread = vm.get_attr(a, "thread")?;
    if let Value::Class(c) = &exc_type
        && c.is_subclass(&vm.interp.types.get("SystemExit"))
    {
        return Ok(Value::None);
    }
    let text = vm.format_thread_exception(&thread, &exc_value);
    vm.write_stderr(&text)?;
    Ok(Value::None)
}

/// What `threading.excepthook` is now, if a program replaced the default with its own.
pub fn custom_excepthook(vm: &Vm<'_>) -> Option<Value> {
    let module = vm.interp.modules.lock().get("threading").cloned()?;
    let Value::Module(m) = module else {
        return None;
    };
    match m.get("excepthook")? {
        Value::Builtin(_) => None,
        hook => Some(hook),
    }
}

/// Calls a program's own `threading.excepthook` with the `ExceptHookArgs` of exception
/// `e` escaping `thread`; an exception in the hook itself is printed as CPython does.
pub fn call_excepthook(
    vm: &mut Vm<'_>,
    hook: Value,
    thread: &Value,
    e: &Value,
) -> Result<(), Flow> {
    let args = Instance::new(vm.interp.types.get("_ExceptHookArgs"));
    let exc_type = Value::Class(vm.type_of(e));
    let tb = vm.get_attr(e, "__traceback__").unwrap_or(Value::None);
    args.set("exc_type", exc_type);
    args.set("exc_value", e.clone());
    args.set("exc_traceback", tb);
    args.set("thread", thread.clone());
    match vm.call(hook, Args::new(vec![Value::Instance(args)])) {
        Ok(_) => Ok(()),
        Err(Flow::Exc(err)) => {
            let text = vm.format_excepthook_failure(&err);
            vm.write_stderr(&text)
        }
        Err(other) => Err(other),
    }
}

fn current_thread(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(current_thread_value(vm))
}

fn main_thread(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let main = vm.interp.main_tid();
    Ok(vm
        .interp
        .threads
        .lock()
        .get(&main)
        .cloned()
        .unwrap_or(Value::None))
}

fn alive_threads(vm: &mut Vm<'_>) -> Vec<Value> {
    let all: Vec<(Tid, Value)> = vm
        .interp
        .threads
        .lock()
        .iter()
        .map(|(t, v)| (*t, v.clone()))
        .collect();
    all.into_iter()
        .filter(|(t, _)| vm.ctx.is_alive(*t))
        .map(|(_, v)| v)
        .collect()
}

fn active_count(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(alive_threads(vm).len() as i64))
}

fn enumerate(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::list(alive_threads(vm)))
}

fn get_ident(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(ident_of(vm.tid()) as i64))
}

fn get_native_id(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(4242 + i64::from(vm.tid())))
}

/// `threading._register_atexit(fn)`: run before the interpreter joins its threads.
fn register_atexit(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if let Some(f) = args.pos.first() {
        vm.interp.atexit.lock().push(f.clone());
    }
    Ok(Value::None)
}

fn native_ctor(name: &'static str) -> NativeFn {
    match name {
        "Lock" => |vm, a| construct(vm, "lock", a),
        "RLock" => |vm, a| construct(vm, "RLock", a),
        _ => |vm, a| construct(vm, "lock", a),
    }
}

/// The `threading` module.
pub fn module(vm: &mut Vm<'_>) -> Value {
    let t = &vm.interp.types;
    let module = make_module(
        "threading",
        &[
            ("current_thread", current_thread),
            ("currentThread", |vm, a| {
                vm.deprecation("currentThread() is deprecated, use current_thread() instead")?;
                current_thread(vm, a)
            }),
            ("main_thread", main_thread),
            ("active_count", active_count),
            ("activeCount", |vm, a| {
                vm.deprecation("activeCount() is deprecated, use active_count() instead")?;
                active_count(vm, a)
            }),
            ("enumerate", enumerate),
            ("get_ident", get_ident),
            ("get_native_id", get_native_id),
            ("_register_atexit", register_atexit),
            ("excepthook", excepthook),
            ("Lock", native_ctor("Lock")),
            ("RLock", native_ctor("RLock")),
        ],
        vec![
            ("Thread", Value::Class(t.get("Thread"))),
            ("Timer", Value::Class(t.get("Timer"))),
            ("Event", Value::Class(t.get("Event"))),
            ("Condition", Value::Class(t.get("Condition"))),
            ("Semaphore", Value::Class(t.get("Semaphore"))),
            ("BoundedSemaphore", Value::Class(t.get("BoundedSemaphore"))),
            ("Barrier", Value::Class(t.get("Barrier"))),
            ("local", Value::Class(t.get("local"))),
            (
                "BrokenBarrierError",
                Value::Class(t.get("BrokenBarrierError")),
            ),
            ("TIMEOUT_MAX", Value::Float(9_223_372_036.0)),
            ("ExceptHookArgs", Value::Class(t.get("_ExceptHookArgs"))),
        ],
    );
    // threading.__excepthook__ is the default hook itself: `excepthook is __excepthook__`.
    if let Value::Module(m) = &module
        && let Some(hook) = m.get("excepthook")
    {
        m.dict.lock().insert(Str::from("__excepthook__"), hook);
    }
    module
}

/// `threading`'s objects other than threads, each standing for engine objects.
#[derive(Debug)]
pub enum SyncObject {
    /// `threading.Lock` / `_thread.lock`.
    Lock(ObjId),
    /// `threading.RLock`.
    RLock(ObjId),
    /// `threading.Event`.
    Event(ObjId),
    /// `threading.Condition`: the engine condition and its lock object.
    Condition(ObjId, Value),
    /// `threading.Semaphore` / `BoundedSemaphore`.
    Semaphore(ObjId, bool),
    /// `threading.Barrier`.
    Barrier(Arc<BarrierState>),
    /// `threading.local`: one namespace per thread.
    Local(Mutex<LocalState>),
}

/// A `threading.local`'s namespaces.
#[derive(Debug, Default)]
pub struct LocalState {
    /// Each thread's namespace (a dict), made the first time the thread uses it.
    namespaces: IndexMap<Tid, Value, Fx>,
    /// For an instance of a subclass: `(args, kwargs)` it was created with, for the
    /// `__init__` each new thread runs.
    init: Option<Value>,
}

impl LocalState {
    /// The namespace of thread `tid`, and whether it was just made.
    fn namespace(&mut self, tid: Tid) -> (Value, bool) {
        match self.namespaces.get(&tid) {
            Some(ns) => (ns.clone(), false),
            None => {
                let ns = Value::dict(crate::value::Dict::default());
                self.namespaces.insert(tid, ns.clone());
                (ns, true)
            }
        }
    }
}

/// The `threading.local` native an instance of a subclass of it extends, made by
/// `local.__new__(cls, *args, **kwargs)`: it keeps the arguments for the `__init__`
/// other threads run, and the creating thread has its namespace already (its `__init__`
/// runs as the class is called).
pub fn new_local(vm: &mut Vm<'_>, args: Args) -> Value {
    let kw: crate::value::Dict = args
        .kw
        .into_iter()
        .map(|(k, v)| (crate::value::Key(Value::Str(k)), v))
        .collect();
    let mut state = LocalState {
        namespaces: IndexMap::default(),
        init: Some(Value::tuple(vec![Value::tuple(args.pos), Value::dict(kw)])),
    };
    state.namespace(vm.tid());
    Value::native(SyncObject::Local(Mutex::new(state)))
}

/// The hidden method a subclass instance's attribute access calls on its
/// `threading.local` (vm/attr.rs, `LOCAL_NAMESPACE`): `(namespace, init)` where `init`
/// is the `(args, kwargs)` to run `__init__` with when the thread is new to it, else None.
const LOCAL_NAMESPACE: &str = "_gilscope_namespace";

/// Methods of `threading`'s objects that a misspelt name may be suggested as.
pub const METHODS: &[&str] = &[
    "abort",
    "acquire",
    "clear",
    "is_set",
    "locked",
    "notify",
    "notify_all",
    "release",
    "reset",
    "set",
    "wait",
    "wait_for",
];

impl NativeObject for SyncObject {
    fn type_name(&self) -> &'static str {
        match self {
            SyncObject::Lock(_) => "lock",
            SyncObject::RLock(_) => "RLock",
            SyncObject::Event(_) => "Event",
            SyncObject::Condition(..) => "Condition",
            SyncObject::Semaphore(_, false) => "Semaphore",
            SyncObject::Semaphore(_, true) => "BoundedSemaphore",
            SyncObject::Barrier(_) => "Barrier",
            SyncObject::Local(_) => "local",
        }
    }

    fn has_method(&self, name: &str) -> bool {
        has_method(self, name)
    }

    fn method_names(&self) -> Vec<&'static str> {
        METHODS
            .iter()
            .copied()
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

    fn attr(&self, vm: &mut Vm<'_>, _this: &Value, name: &str) -> Result<Option<Value>, Flow> {
        match self {
            SyncObject::Local(state) => {
                let (ns, _) = state.lock().namespace(vm.tid());
                let v = match &ns {
                    Value::Dict(d) => d.lock().get(&crate::value::Key(Value::str(name))).cloned(),
                    _ => None,
                };
                match v {
                    Some(v) => Ok(Some(v)),
                    None if name == "__dict__" => Ok(Some(ns)),
                    None => {
                        let msg = format!("'_thread._local' object has no attribute '{name}'");
                        Err(vm.exc("AttributeError", &msg))
                    }
                }
            }
            SyncObject::Barrier(b) => Ok(barrier_attr(b, name)),
            _ => Ok(None),
        }
    }

    fn set_attr(&self, vm: &mut Vm<'_>, name: &str, v: Value) -> Result<bool, Flow> {
        let SyncObject::Local(state) = self else {
            return Ok(false);
        };
        let (ns, _) = state.lock().namespace(vm.tid());
        if let Value::Dict(d) = ns {
            d.lock().insert(crate::value::Key(Value::str(name)), v);
        }
        Ok(true)
    }

    fn repr(&self, vm: &mut Vm<'_>, this: &Value) -> Result<Option<String>, Flow> {
        let addr = this.address();
        Ok(Some(match self {
            SyncObject::Lock(o) => {
                let locked = vm.ctx.state(*o).0;
                let s = if locked { "locked" } else { "unlocked" };
                format!("<{s} _thread.lock object at {addr:#x}>")
            }
            SyncObject::RLock(o) => {
                let (locked, owner, count) = vm.ctx.state(*o);
                let s = if locked { "locked" } else { "unlocked" };
                let owner = owner.map_or(0, ident_of);
                format!("<{s} _thread.RLock object owner={owner} count={count} at {addr:#x}>")
            }
            SyncObject::Event(o) => {
                let set = vm.ctx.state(*o).0;
                let s = if set { "set" } else { "unset" };
                format!("<threading.Event at {addr:#x}: {s}>")
            }
            SyncObject::Condition(_, lock) => {
                let l = vm.repr(lock)?;
                format!("<Condition({l}, 0)>")
            }
            SyncObject::Semaphore(o, _) => {
                let kind = self.type_name();
                let value = vm.ctx.state(*o).2;
                format!("<threading.{kind} at {addr:#x}: value={value}>")
            }
            SyncObject::Barrier(b) => barrier_repr(addr, b),
            SyncObject::Local(_) => format!("<_thread._local object at {addr:#x}>"),
        }))
    }

    fn named_object(&self) -> Option<ObjId> {
        match self {
            SyncObject::Lock(id)
            | SyncObject::RLock(id)
            | SyncObject::Event(id)
            | SyncObject::Semaphore(id, _)
            | SyncObject::Condition(id, _) => Some(*id),
            SyncObject::Barrier(_) | SyncObject::Local(_) => None,
        }
    }

    /// No thread of the parent exists in the child to own or wait on them: each gets
    /// fresh engine objects there.
    fn fork(&self, this: &Value, fork: &mut dyn Fork) -> Value {
        let fresh = match self {
            SyncObject::Lock(_) => SyncObject::Lock(fork.ctx().create(Primitive::Lock, "Lock")),
            SyncObject::RLock(_) => SyncObject::RLock(fork.ctx().create(Primitive::RLock, "RLock")),
            SyncObject::Event(o) => {
                let ctx = fork.ctx();
                let set = ctx.state(*o).0;
                let e = ctx.create(Primitive::Event, "Event");
                if set {
                    // Setting an event nobody waits on only marks it.
                    let _ = ctx.event_set(e, true);
                }
                SyncObject::Event(e)
            }
            SyncObject::Semaphore(o, bounded) => {
                let ctx = fork.ctx();
                let value = u64::from(ctx.state(*o).2);
                let prim = Primitive::Semaphore {
                    value,
                    bound: bounded.then_some(value.max(1)),
                };
                SyncObject::Semaphore(ctx.create(prim, "Semaphore"), *bounded)
            }
            SyncObject::Condition(_, lock) => {
                let lock = fork.copy(lock);
                let id = match lock.downcast::<SyncObject>() {
                    Some(SyncObject::Lock(o) | SyncObject::RLock(o)) => *o,
                    _ => return this.clone(),
                };
                let c = fork.ctx().create(Primitive::Condition(id), "Condition");
                SyncObject::Condition(c, lock)
            }
            SyncObject::Barrier(b) => {
                let action = fork.copy(&b.action);
                SyncObject::Barrier(Arc::new(fork_barrier(fork.ctx(), b, action)))
            }
            SyncObject::Local(state) => SyncObject::Local(Mutex::new(LocalState {
                namespaces: IndexMap::default(),
                init: state.lock().init.as_ref().map(|i| fork.copy(i)),
            })),
        };
        Value::native(fresh)
    }
}

/// Shared state of a `threading.Barrier` (built on an engine lock and condition, like
/// CPython's pure-Python implementation).
#[derive(Debug)]
pub struct BarrierState {
    parties: i64,
    /// The callable run by the last thread to arrive.
    pub action: Value,
    timeout: Option<u64>,
    lock: ObjId,
    cond: ObjId,
    inner: Mutex<BarrierInner>,
}

#[derive(Debug, Default)]
struct BarrierInner {
    count: i64,
    generation: u64,
    broken: bool,
}

/// Creates a native threading object.
pub fn construct(vm: &mut Vm<'_>, name: &str, mut args: Args) -> Result<Value, Flow> {
    let native = match name {
        "lock" => SyncObject::Lock(vm.ctx.create(Primitive::Lock, "Lock")),
        "RLock" => SyncObject::RLock(vm.ctx.create(Primitive::RLock, "RLock")),
        "Event" => SyncObject::Event(vm.ctx.create(Primitive::Event, "Event")),
        "Condition" => {
            let lock = args.take_kw("lock").or_else(|| args.pos.first().cloned());
            let lock = match lock {
                None | Some(Value::None) => construct(vm, "RLock", Args::default())?,
                Some(l) => l,
            };
            let id = match lock.downcast::<SyncObject>() {
                Some(SyncObject::Lock(o) | SyncObject::RLock(o)) => *o,
                _ => return Err(vm.exc("TypeError", "Condition() needs a Lock or RLock")),
            };
            let c = vm.ctx.create(Primitive::Condition(id), "Condition");
            SyncObject::Condition(c, lock)
        }
        "Semaphore" | "BoundedSemaphore" => {
            let v = args.take_kw("value").or_else(|| args.pos.first().cloned());
            let v = match v {
                None => 1,
                Some(v) => crate::builtins::as_index(vm, &v)?,
            };
            if v < 0 {
                return Err(vm.exc("ValueError", "semaphore initial value must be >= 0"));
            }
            let bounded = name == "BoundedSemaphore";
            let prim = Primitive::Semaphore {
                value: v as u64,
                bound: bounded.then_some(v as u64),
            };
            SyncObject::Semaphore(vm.ctx.create(prim, name), bounded)
        }
        "Barrier" => {
            let parties = args
                .take_kw("parties")
                .or_else(|| args.pos.first().cloned());
            let parties = match parties {
                Some(p) => crate::builtins::as_index(vm, &p)?,
                None => {
                    return Err(
                        vm.exc("TypeError", "Barrier() missing required argument 'parties'")
                    );
                }
            };
            if parties < 1 {
                return Err(vm.exc("ValueError", "parties must be > 0"));
            }
            let action = args
                .take_kw("action")
                .or_else(|| args.pos.get(1).cloned())
                .unwrap_or(Value::None);
            let timeout = args.take_kw("timeout").or_else(|| args.pos.get(2).cloned());
            let timeout = timeout_ns(vm, timeout.as_ref())?;
            let lock = vm.ctx.create(Primitive::Lock, "Barrier lock");
            let cond = vm.ctx.create(Primitive::Condition(lock), "Barrier");
            SyncObject::Barrier(Arc::new(BarrierState {
                parties,
                action,
                timeout,
                lock,
                cond,
                inner: Mutex::new(BarrierInner::default()),
            }))
        }
        "local" => SyncObject::Local(Mutex::new(LocalState::default())),
        _ => {
            let msg = format!("cannot create '{name}' instances");
            return Err(vm.exc("TypeError", &msg));
        }
    };
    Ok(Value::native(native))
}

/// Whether a threading object has method `name`.
pub fn has_method(n: &SyncObject, name: &str) -> bool {
    let common = matches!(name, "__enter__" | "__exit__");
    match n {
        SyncObject::Lock(_) => {
            common
                || matches!(
                    name,
                    "acquire" | "release" | "locked" | "acquire_lock" | "release_lock"
                )
        }
        SyncObject::RLock(_) => common || matches!(name, "acquire" | "release" | "_is_owned"),
        SyncObject::Event(_) => matches!(name, "set" | "clear" | "is_set" | "isSet" | "wait"),
        SyncObject::Condition(..) => {
            common
                || matches!(
                    name,
                    "acquire"
                        | "release"
                        | "wait"
                        | "wait_for"
                        | "notify"
                        | "notify_all"
                        | "notifyAll"
                )
        }
        SyncObject::Semaphore(..) => common || matches!(name, "acquire" | "release"),
        SyncObject::Barrier(_) => matches!(name, "wait" | "reset" | "abort"),
        _ => false,
    }
}

fn lock_id(n: &SyncObject) -> Option<ObjId> {
    match n {
        SyncObject::Lock(o) | SyncObject::RLock(o) | SyncObject::Semaphore(o, _) => Some(*o),
        SyncObject::Condition(_, l) => match l.downcast::<SyncObject>() {
            Some(SyncObject::Lock(o) | SyncObject::RLock(o)) => Some(*o),
            _ => None,
        },
        _ => None,
    }
}

fn acquire(vm: &mut Vm<'_>, obj: ObjId, mut args: Args) -> Result<Value, Flow> {
    let blocking = args
        .take_kw("blocking")
        .or_else(|| args.pos.first().cloned());
    let timeout = args.take_kw("timeout").or_else(|| args.pos.get(1).cloned());
    let blocking = match blocking {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let t = match &timeout {
        None => None,
        Some(v) => {
            let f = crate::vm::ops_num(v).unwrap_or(-1.0);
            if !blocking && f != -1.0 {
                return Err(vm.exc(
                    "ValueError",
                    "can't specify a timeout for a non-blocking call",
                ));
            }
            if f < 0.0 && f != -1.0 {
                return Err(vm.exc("ValueError", "timeout value must be a non-negative number"));
            }
            timeout_ns(vm, Some(v))?
        }
    };
    match vm.ctx.acquire(obj, blocking, t) {
        Ok(b) => Ok(Value::Bool(b)),
        Err(e) => Err(vm.sync_err(e)),
    }
}

fn release(vm: &mut Vm<'_>, obj: ObjId, n: u64) -> Result<Value, Flow> {
    match vm.ctx.release(obj, n) {
        Ok(()) => Ok(Value::None),
        Err(e) => Err(vm.sync_err(e)),
    }
}

/// Calls a method of a threading object.
pub fn method(
    vm: &mut Vm<'_>,
    _this: &Value,
    n: &SyncObject,
    name: &str,
    mut args: Args,
) -> Result<Option<Value>, Flow> {
    let r = match (n, name) {
        (SyncObject::Local(state), LOCAL_NAMESPACE) => {
            let mut st = state.lock();
            let (ns, fresh) = st.namespace(vm.tid());
            let init = match &st.init {
                Some(init) if fresh => init.clone(),
                _ => Value::None,
            };
            Value::tuple(vec![ns, init])
        }
        (SyncObject::Event(o), "set") => {
            vm.ctx.event_set(*o, true)?;
            Value::None
        }
        (SyncObject::Event(o), "clear") => {
            vm.ctx.event_set(*o, false)?;
            Value::None
        }
        (SyncObject::Event(o), "is_set" | "isSet") => {
            if name == "isSet" {
                vm.deprecation("isSet() is deprecated, use is_set() instead")?;
            }
            Value::Bool(vm.ctx.state(*o).0)
        }
        (SyncObject::Event(o), "wait") => {
            let t = args
                .take_kw("timeout")
                .or_else(|| args.pos.first().cloned());
            let t = timeout_ns(vm, t.as_ref())?;
            Value::Bool(vm.ctx.event_wait(*o, t)?)
        }
        (SyncObject::Condition(c, _), "wait") => {
            let t = args
                .take_kw("timeout")
                .or_else(|| args.pos.first().cloned());
            let t = timeout_ns(vm, t.as_ref())?;
            match vm.ctx.cond_wait(*c, t) {
                Ok(b) => Value::Bool(b),
                Err(e) => return Err(vm.sync_err(e)),
            }
        }
        (SyncObject::Condition(c, _), "wait_for") => {
            let pred = args
                .take_kw("predicate")
                .or_else(|| args.pos.first().cloned())
                .unwrap_or(Value::None);
            let t = args.take_kw("timeout").or_else(|| args.pos.get(1).cloned());
            let t = timeout_ns(vm, t.as_ref())?;
            let deadline = t.map(|d| vm.ctx.now() + d);
            loop {
                let r = vm.call(pred.clone(), Args::default())?;
                if vm.truthy(&r)? {
                    return Ok(Some(r));
                }
                let wait = match deadline {
                    Some(dl) => {
                        let now = vm.ctx.now();
                        if now >= dl {
                            return Ok(Some(r));
                        }
                        Some(dl - now)
                    }
                    None => None,
                };
                if let Err(e) = vm.ctx.cond_wait(*c, wait) {
                    return Err(vm.sync_err(e));
                }
            }
        }
        (SyncObject::Condition(c, _), "notify") => {
            let k = args.take_kw("n").or_else(|| args.pos.first().cloned());
            let k = match k {
                Some(v) => crate::builtins::as_index(vm, &v)?.max(0) as usize,
                None => 1,
            };
            if let Err(e) = vm.ctx.notify(*c, k) {
                return Err(vm.sync_err(e));
            }
            Value::None
        }
        (SyncObject::Condition(c, _), "notify_all" | "notifyAll") => {
            if name == "notifyAll" {
                vm.deprecation("notifyAll() is deprecated, use notify_all() instead")?;
            }
            if let Err(e) = vm.ctx.notify(*c, usize::MAX) {
                return Err(vm.sync_err(e));
            }
            Value::None
        }
        (SyncObject::Lock(o), "locked") => Value::Bool(vm.ctx.state(*o).0),
        // Private in CPython too, but books use it to show who holds an RLock.
        (SyncObject::RLock(o), "_is_owned") => Value::Bool(vm.ctx.state(*o).1 == Some(vm.tid())),
        (SyncObject::Barrier(b), "wait") => {
            let t = args
                .take_kw("timeout")
                .or_else(|| args.pos.first().cloned());
            let t = match t {
                Some(v) => timeout_ns(vm, Some(&v))?,
                None => b.timeout,
            };
            return barrier_wait(vm, b, t).map(Some);
        }
        (SyncObject::Barrier(b), "abort" | "reset") => {
            if let Err(e) = vm.ctx.acquire(b.lock, true, None) {
                return Err(vm.sync_err(e));
            }
            {
                let mut g = b.inner.lock();
                g.broken = name == "abort";
                if name == "reset" {
                    g.count = 0;
                    g.generation += 1;
                }
            }
            let _ = vm.ctx.notify(b.cond, usize::MAX);
            release(vm, b.lock, 1)?;
            Value::None
        }
        (_, "acquire" | "acquire_lock" | "__enter__") => match lock_id(n) {
            Some(o) => acquire(vm, o, args)?,
            None => return Ok(None),
        },
        (_, "release" | "release_lock" | "__exit__") => match lock_id(n) {
            Some(o) => {
                let k = if let (SyncObject::Semaphore(..), "release") = (n, name) {
                    let k = args.take_kw("n").or_else(|| args.pos.first().cloned());
                    match k {
                        Some(v) => {
                            let k = crate::builtins::as_index(vm, &v)?;
                            if k < 1 {
                                return Err(vm.exc("ValueError", "n must be one or more"));
                            }
                            k as u64
                        }
                        None => 1,
                    }
                } else {
                    1
                };
                release(vm, o, k)?;
                if name == "__exit__" {
                    Value::Bool(false)
                } else {
                    Value::None
                }
            }
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(Some(r))
}

fn barrier_wait(
    vm: &mut Vm<'_>,
    b: &Arc<BarrierState>,
    timeout: Option<u64>,
) -> Result<Value, Flow> {
    let broken = |vm: &mut Vm<'_>| {
        let cls = vm.interp.types.get("BrokenBarrierError");
        Flow::Exc(vm.new_exception(cls, Vec::new()))
    };
    if let Err(e) = vm.ctx.acquire(b.lock, true, None) {
        return Err(vm.sync_err(e));
    }
    let (index, generation) = {
        let mut g = b.inner.lock();
        if g.broken {
            drop(g);
            release(vm, b.lock, 1)?;
            return Err(broken(vm));
        }
        let i = g.count;
        g.count += 1;
        (i, g.generation)
    };
    if index + 1 == b.parties {
        if !matches!(b.action, Value::None)
            && let Err(e) = vm.call(b.action.clone(), Args::default())
        {
            b.inner.lock().broken = true;
            let _ = vm.ctx.notify(b.cond, usize::MAX);
            release(vm, b.lock, 1)?;
            return Err(e);
        }
        {
            let mut g = b.inner.lock();
            g.count = 0;
            g.generation += 1;
        }
        if let Err(e) = vm.ctx.notify(b.cond, usize::MAX) {
            return Err(vm.sync_err(e));
        }
        release(vm, b.lock, 1)?;
        return Ok(Value::Int(index));
    }
    let deadline = timeout.map(|t| vm.ctx.now() + t);
    loop {
        let (gen_now, is_broken) = {
            let g = b.inner.lock();
            (g.generation, g.broken)
        };
        if gen_now != generation {
            break;
        }
        if is_broken {
            release(vm, b.lock, 1)?;
            return Err(broken(vm));
        }
        let wait = match deadline {
            Some(dl) => {
                let now = vm.ctx.now();
                if now >= dl {
                    b.inner.lock().broken = true;
                    let _ = vm.ctx.notify(b.cond, usize::MAX);
                    release(vm, b.lock, 1)?;
                    return Err(broken(vm));
                }
                Some(dl - now)
            }
            None => None,
        };
        if let Err(e) = vm.ctx.cond_wait(b.cond, wait) {
            return Err(vm.sync_err(e));
        }
    }
    release(vm, b.lock, 1)?;
    Ok(Value::Int(index))
}

/// A forked child's copy of a barrier (with `action` already copied): nobody waits on it
/// there yet.
fn fork_barrier(ctx: &mut Ctx, b: &BarrierState, action: Value) -> BarrierState {
    let lock = ctx.create(Primitive::Lock, "Barrier lock");
    let cond = ctx.create(Primitive::Condition(lock), "Barrier");
    let broken = b.inner.lock().broken;
    BarrierState {
        parties: b.parties,
        action,
        timeout: b.timeout,
        lock,
        cond,
        inner: Mutex::new(BarrierInner {
            broken,
            ..BarrierInner::default()
        }),
    }
}

/// `parties`, `n_waiting`, `broken` of a barrier.
fn barrier_attr(b: &BarrierState, name: &str) -> Option<Value> {
    let g = b.inner.lock();
    match name {
        "parties" => Some(Value::Int(b.parties)),
        "n_waiting" => Some(Value::Int(g.count)),
        "broken" => Some(Value::Bool(g.broken)),
        _ => None,
    }
}

/// `repr(barrier)`.
fn barrier_repr(addr: usize, b: &BarrierState) -> String {
    let g = b.inner.lock();
    if g.broken {
        format!("<threading.Barrier at {addr:#x}: broken>")
    } else {
        format!(
            "<threading.Barrier at {addr:#x}: waiters={}/{}>",
            g.count, b.parties
        )
    }
}

/// Simulated CPU time of `threading.py`'s bookkeeping after a thread's `run()` returns
/// (docs/gil.md, calibration figures: target end to `join()` returning, 20-150 µs).
const THREAD_CLEANUP: Nanos = 15 * US;

/// Counts a started thread out of [`Interp::alive`] however its body ends.
struct Alive(Arc<Interp>);

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.alive.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How many threads a program may have alive at once besides its main thread: each is an
/// OS worker thread and a lane, and a runaway loop of `Thread.start()` must stop clearly.
pub const MAX_THREADS: usize = 1000;

/// The body of a started `threading.Thread`: `_bootstrap_inner` calling `run()`.
fn thread_body(interp: Arc<Interp>, thread: Value) -> Body {
    Box::new(move |ctx: &mut Ctx| {
        // _bootstrap_inner registers the thread before run(): current_thread() works at once.
        let tid = ctx.tid();
        if let Value::Instance(i) = &thread {
            i.state.lock().tid = Some(tid);
        }
        interp.threads.lock().insert(tid, thread.clone());
        let _alive = Alive(Arc::clone(&interp));
        let mut vm = Vm::new(ctx, interp);
        let r = vm.call_method(thread.clone(), "run", Args::default());
        // `_bootstrap_inner`'s cleanup after run(): CPython's threading.py bookkeeping.
        vm.ctx.elapse(THREAD_CLEANUP);
        match r {
            Ok(_) => Ok(ThreadExit::Returned),
            Err(Flow::Halt) => Err(Halt),
            Err(Flow::Unsupported(msg)) => {
                *vm.interp.unsupported.lock() = Some(msg.clone());
                let report = vm.unsupported_report(&msg);
                vm.write_stderr(&report).map_err(|_| Halt)?;
                Ok(ThreadExit::Raised)
            }
            Err(Flow::Exc(e)) => {
                if let Some(hook) = custom_excepthook(&vm) {
                    return match call_excepthook(&mut vm, hook, &thread, &e) {
                        Ok(()) => Ok(ThreadExit::Raised),
                        Err(Flow::Halt) => Err(Halt),
                        Err(Flow::Unsupported(msg)) => {
                            *vm.interp.unsupported.lock() = Some(msg.clone());
                            let report = vm.unsupported_report(&msg);
                            vm.write_stderr(&report).map_err(|_| Halt)?;
                            Ok(ThreadExit::Raised)
                        }
                        Err(Flow::Exc(_)) => Ok(ThreadExit::Raised),
                    };
                }
                let cls = vm.type_of(&e);
                if cls.is_subclass(&vm.interp.types.get("SystemExit")) {
                    return Ok(ThreadExit::Returned);
                }
                let text = vm.format_thread_exception(&thread, &e);
                vm.write_stderr(&text).map_err(|_| Halt)?;
                Ok(ThreadExit::Raised)
            }
        }
    })
}
