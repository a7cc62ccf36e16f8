//! State shared by every thread of one program run, and the engine bodies that run it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};

use indexmap::IndexMap;
use parking_lot::Mutex;

use super::Vm;
use crate::program::Program;
use crate::value::{
    Args, Class, Flow, Fx, Instance, Module, NameMap, NativeObject, Str, TypeKind, Value,
};
use gilscope_engine::Halt;
use gilscope_trace::{Stream, Tid};

/// How the program is run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunConfig {
    /// `sys.argv[1:]`.
    pub args: Vec<String>,
    /// `python -u`: every write to stdout is its own system call.
    pub unbuffered: bool,
    /// Which interpreter's scheduling to simulate: where the eval breaker is checked
    /// (3.9: before every instruction) and whether memory accesses meet other cores.
    pub gil: gilscope_engine::GilMode,
    /// Whether the reader of the program's stdout went away, as the front end that writes
    /// it found.
    pub stdout_reader: StdoutReader,
    /// The simulated network and where its pages come from.
    pub io: crate::world::IoConfig,
}

/// Whether the reader of the program's stdout went away (`gilscope run prog.py | head`).
/// The front end writing the output marks it; the program's next write to stdout then
/// raises CPython's `BrokenPipeError`. It is the one way the host reaches a run, and only
/// once the reader is gone.
#[derive(Clone, Debug, Default)]
pub struct StdoutReader(Arc<std::sync::atomic::AtomicBool>);

impl StdoutReader {
    /// Marks the reader gone.
    pub fn close(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether the reader went away.
    pub fn is_gone(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Two configurations are the same whatever their readers.
impl PartialEq for StdoutReader {
    fn eq(&self, _: &StdoutReader) -> bool {
        true
    }
}

impl Eq for StdoutReader {}

/// The built-in classes.
#[derive(Debug)]
pub struct Types {
    /// Every built-in class by name (`int`, `ValueError`, `Thread`...).
    pub by_name: IndexMap<&'static str, Arc<Class>, Fx>,
}

impl Types {
    /// The built-in class `name` (`object` if unknown, which never happens for the names
    /// the VM asks for).
    pub fn get(&self, name: &str) -> Arc<Class> {
        match self.by_name.get(name) {
            Some(c) => Arc::clone(c),
            None => self.object(),
        }
    }

    /// `object`.
    pub fn object(&self) -> Arc<Class> {
        match self.by_name.get("object") {
            Some(c) => Arc::clone(c),
            None => Arc::new(Class {
                name: Str::from("object"),
                qualname: Str::from("object"),
                module: Str::from("builtins"),
                bases: Vec::new(),
                mro: Vec::new(),
                dict: crate::value::VDict::new_class(NameMap::default()),
                kind: TypeKind::Object,
            }),
        }
    }
}

/// [`Hooks::call_method`]: method `name` of a built-in value called with `args`.
pub type CallMethod = fn(&mut Vm<'_>, &Value, &str, Args) -> Result<Option<Value>, Flow>;
/// [`Hooks::lazy_attr`]: attribute `name` of a built-in module, made when first asked for.
pub type LazyAttr = fn(&mut Vm<'_>, &Arc<Module>, &str) -> Result<Option<Value>, Flow>;

/// What the layers above the VM lend it, handed to the interpreter at start-up: the
/// built-in types' constructors and methods (`builtins.rs`, `methods.rs`) and the modules
/// (`modules/`). The VM reaches them only through this table, so it names none of them.
pub struct Hooks {
    /// Creates the built-in classes (the modules' native types among them).
    pub make_types: fn() -> Types,
    /// The `builtins` namespace over those classes.
    pub make_builtins: fn(&Types) -> NameMap,
    /// Calls a built-in class (`int(x)`, `threading.Lock()`).
    pub construct: fn(&mut Vm<'_>, &Arc<Class>, Args) -> Result<Value, Flow>,
    /// An attribute of a built-in class that is not in its namespace (`str.upper`).
    pub class_attr: fn(&Arc<Class>, &str) -> Option<Value>,
    /// Calls method `name` of a built-in value (a str, a list, a lock...); `None` if it
    /// has none.
    pub call_method: CallMethod,
    /// Whether a built-in value has method `name`.
    pub has_method: fn(&Value, &str) -> bool,
    /// An attribute of a built-in value that is not a method; `None` if it has none.
    pub attribute: fn(&mut Vm<'_>, &Value, &str) -> Result<Option<Value>, Flow>,
    /// The method names of a built-in value, sorted (for "Did you mean" suggestions).
    pub method_names: fn(&Value) -> Vec<&'static str>,
    /// Methods of built-in types CPython has and gilscope does not: (type, method).
    pub unsupported_methods: &'static [(&'static str, &'static str)],
    /// Builds module `name`; `None` if there is no such module.
    pub load_module: fn(&mut Vm<'_>, &str) -> Result<Option<Value>, Flow>,
    /// An attribute of a built-in module that is made the first time it is asked for.
    pub lazy_attr: LazyAttr,
    /// Modules of the standard library gilscope does not have: importing one is
    /// unsupported (exit status 2) rather than a `ModuleNotFoundError`.
    pub stdlib_modules: &'static [&'static str],
    /// Submodules gilscope does not have, of packages it has.
    pub known_unsupported: &'static [&'static str],
    /// Third-party packages: importing one is unsupported too.
    pub third_party: &'static [&'static str],
    /// Names of modules gilscope has that it does not simulate: (module, names).
    pub unsupported_attrs: &'static [(&'static str, &'static [&'static str])],
    /// The repr of a `threading.Thread` object.
    pub thread_repr: fn(&mut Vm<'_>, &Value) -> Result<String, Flow>,
}

/// Everything the threads of one program share.
pub struct Interp {
    /// The program.
    pub program: Arc<Program>,
    /// What the built-ins and the modules lend the VM.
    pub hooks: &'static Hooks,
    /// How it runs.
    pub config: RunConfig,
    /// The `builtins` namespace.
    pub builtins: NameMap,
    /// Built-in classes.
    pub types: Types,
    /// Imported modules.
    pub modules: Mutex<NameMap>,
    /// `__main__`.
    pub main: Arc<Module>,
    /// Text written to stdout and not yet flushed (line buffering).
    pub stdout: Mutex<String>,
    /// CPython's `threading._counter` for `Thread-N` names.
    pub thread_counter: AtomicU64,
    /// Python thread objects by engine thread id.
    pub threads: Mutex<IndexMap<Tid, Value, Fx>>,
    /// The engine id of the process's main thread (0 for the program's own process).
    pub main_tid: AtomicU32,
    /// The engine id of the parent process (`u32::MAX` for the program's own process).
    pub parent_pid: AtomicU32,
    /// Set when a thread hit an unsupported construct (the run then exits with status 2).
    pub unsupported: Mutex<Option<String>>,
    /// Instances with `__eq__`/`__hash__` used as dict or set keys, by hash: the first of
    /// each group of equal ones represents them all.
    pub eq_keys: Mutex<IndexMap<i64, Vec<Value>, Fx>>,
    /// Warnings already shown, by (line, message): Python shows each once per location.
    pub warned: Mutex<Vec<(u32, &'static str)>>,
    /// Modules next to the program whose code is running (being imported).
    pub importing: Mutex<Vec<Str>>,
    /// Coroutines never awaited that the library freed: warned about at exit.
    pub unawaited_at_exit: Mutex<Vec<Str>>,
    /// `sys.setrecursionlimit`.
    pub recursion_limit: std::sync::atomic::AtomicU32,
    /// `threading._register_atexit` callbacks, run at exit before joining threads.
    pub atexit: Mutex<Vec<Value>>,
    /// `atexit.register` callbacks, run (newest first) after the threads were joined.
    pub exit_funcs: Mutex<Vec<Value>>,
    /// Threads started and not yet finished (the main thread not counted).
    pub alive: AtomicUsize,
    /// `sys.set_int_max_str_digits`: the most digits an int may have to be converted to
    /// or from a string (0: no limit).
    pub int_max_str_digits: AtomicUsize,
    /// Synchronisation objects already named after the first variable that held them.
    pub named: Mutex<std::collections::BTreeSet<gilscope_trace::ObjId>>,
    /// The last store into each shared variable, while other threads run (lost updates).
    pub(crate) versions: Mutex<super::vars::Versions>,
}

impl Interp {
    /// A fresh interpreter for `program`, with what the layers above the VM lend it.
    pub fn new(program: Arc<Program>, config: RunConfig, hooks: &'static Hooks) -> Arc<Interp> {
        let types = (hooks.make_types)();
        let builtins = (hooks.make_builtins)(&types);
        let mut g = NameMap::default();
        g.insert(Str::from("__name__"), Value::str("__main__"));
        g.insert(Str::from("__file__"), Value::str(&program.path));
        g.insert(Str::from("__doc__"), Value::None);
        let main = Module::new("__main__", g);
        let interp = Self::assemble(
            program,
            config,
            hooks,
            types,
            builtins,
            main,
            NameMap::default(),
        );
        let main_thread = interp.main_thread_object("MainThread");
        interp.threads.lock().insert(0, main_thread);
        interp
    }

    /// A forked child's interpreter: the parent's program and settings with the copied
    /// memory; its main thread registers itself when it starts (see `register_main`).
    pub fn forked(
        parent: &Interp,
        types: Types,
        builtins: NameMap,
        main: Arc<Module>,
        modules: NameMap,
    ) -> Arc<Interp> {
        let interp = Self::assemble(
            Arc::clone(&parent.program),
            parent.config.clone(),
            parent.hooks,
            types,
            builtins,
            main,
            modules,
        );
        interp.thread_counter.store(
            parent.thread_counter.load(Ordering::Relaxed),
            Ordering::Relaxed,
        );
        *interp.warned.lock() = parent.warned.lock().clone();
        interp.recursion_limit.store(
            parent.recursion_limit.load(Ordering::Relaxed),
            Ordering::Relaxed,
        );
        interp
    }

    fn assemble(
        program: Arc<Program>,
        config: RunConfig,
        hooks: &'static Hooks,
        types: Types,
        builtins: NameMap,
        main: Arc<Module>,
        modules: NameMap,
    ) -> Arc<Interp> {
        Arc::new(Interp {
            program,
            hooks,
            config,
            builtins,
            types,
            modules: Mutex::new(modules),
            main,
            stdout: Mutex::new(String::new()),
            thread_counter: AtomicU64::new(0),
            threads: Mutex::new(IndexMap::default()),
            main_tid: AtomicU32::new(0),
            parent_pid: AtomicU32::new(u32::MAX),
            unsupported: Mutex::new(None),
            eq_keys: Mutex::new(IndexMap::default()),
            warned: Mutex::new(Vec::new()),
            unawaited_at_exit: Mutex::new(Vec::new()),
            importing: Mutex::new(Vec::new()),
            recursion_limit: std::sync::atomic::AtomicU32::new(super::RECURSION_LIMIT),
            atexit: Mutex::new(Vec::new()),
            exit_funcs: Mutex::new(Vec::new()),
            alive: AtomicUsize::new(0),
            int_max_str_digits: AtomicUsize::new(super::INT_MAX_STR_DIGITS),
            named: Mutex::new(std::collections::BTreeSet::new()),
            versions: Mutex::new(super::vars::Versions::default()),
        })
    }

    /// A `threading._MainThread` object named `name`, for the thread with engine id 0 (a
    /// child process's main thread sets its own id when it registers).
    pub fn main_thread_object(&self, name: &str) -> Value {
        let main_thread = Instance::new(self.types.get("_MainThread"));
        {
            let mut st = main_thread.state.lock();
            st.tid = Some(0);
            st.dict.insert(Str::from("_name"), Value::str(name));
            st.dict.insert(Str::from("_daemonic"), Value::Bool(false));
            st.dict.insert(Str::from("_target"), Value::None);
            st.dict.insert(Str::from("_started"), Value::Bool(true));
        }
        Value::Instance(main_thread)
    }

    /// Makes `tid` this interpreter's main thread, represented by `thread` (a forked
    /// child's main thread, at its start).
    pub fn register_main(&self, tid: Tid, thread: Value) {
        if let Value::Instance(i) = &thread {
            i.state.lock().tid = Some(tid);
        }
        self.main_tid.store(tid, Ordering::Relaxed);
        self.threads.lock().insert(tid, thread);
    }

    /// Records the engine id of a forked child's parent process.
    pub fn set_parent_pid(&self, pid: gilscope_trace::Pid) {
        self.parent_pid.store(pid, Ordering::Relaxed);
    }

    /// The engine id of the parent process, if this is a forked child.
    pub fn parent_pid(&self) -> Option<gilscope_trace::Pid> {
        let p = self.parent_pid.load(Ordering::Relaxed);
        (p != u32::MAX).then_some(p)
    }

    /// The engine id of this interpreter's main thread.
    pub fn main_tid(&self) -> Tid {
        self.main_tid.load(Ordering::Relaxed)
    }

    /// The exception class `name` as a value.
    pub fn exc_class(&self, name: &str) -> Value {
        Value::Class(self.types.get(name))
    }

    /// The next `Thread-N` number.
    pub fn next_thread_number(&self) -> u64 {
        self.thread_counter.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// `sys.stdout` and `sys.stderr`: what is written to them goes through
/// [`Vm::write_stdout`] (line-buffered) and [`Vm::write_stderr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StdStream {
    /// `sys.stdout`.
    Stdout,
    /// `sys.stderr`.
    Stderr,
}

impl StdStream {
    /// Whether it is `sys.stderr`.
    pub fn is_stderr(&self) -> bool {
        *self == StdStream::Stderr
    }
}

impl NativeObject for StdStream {
    fn type_name(&self) -> &'static str {
        "TextIOWrapper"
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(name, "write" | "flush")
    }

    fn call_method(
        &self,
        vm: &mut Vm<'_>,
        _this: &Value,
        name: &str,
        args: Args,
    ) -> Result<Option<Value>, Flow> {
        match name {
            "write" => {
                let s = match args.pos.first() {
                    Some(Value::Str(s)) => s.clone(),
                    Some(other) => {
                        let msg =
                            format!("write() argument must be str, not {}", vm.type_name(other));
                        return Err(vm.exc("TypeError", &msg));
                    }
                    None => {
                        return Err(
                            vm.exc("TypeError", "write() takes exactly one argument (0 given)")
                        );
                    }
                };
                match self {
                    StdStream::Stderr => vm.write_stderr(&s)?,
                    StdStream::Stdout => vm.write_stdout(&s)?,
                }
                Ok(Some(Value::Int(s.chars().count() as i64)))
            }
            "flush" => {
                if *self == StdStream::Stdout {
                    vm.flush_stdout()?;
                }
                Ok(Some(Value::None))
            }
            _ => Ok(None),
        }
    }

    fn repr(&self, _vm: &mut Vm<'_>, _this: &Value) -> Result<Option<String>, Flow> {
        let name = match self {
            StdStream::Stdout => "<stdout>",
            StdStream::Stderr => "<stderr>",
        };
        Ok(Some(format!(
            "<_io.TextIOWrapper name='{name}' mode='w' encoding='utf-8'>"
        )))
    }
}

impl Vm<'_> {
    /// Writes to stdout through the line buffer (or directly when unbuffered).
    pub fn write_stdout(&mut self, text: &str) -> Result<(), Flow> {
        if text.is_empty() {
            return Ok(());
        }
        if self.interp.config.stdout_reader.is_gone() {
            // CPython's write fails and drops what it held back: a later flush at exit
            // has nothing left to write.
            self.interp.stdout.lock().clear();
            let e = self.exc("BrokenPipeError", "[Errno 32] Broken pipe");
            if let Flow::Exc(Value::Instance(i)) = &e {
                i.set("errno", Value::Int(32));
                i.set("strerror", Value::str("Broken pipe"));
            }
            return Err(e);
        }
        if self.interp.config.unbuffered {
            return self.ctx.write(Stream::Stdout, text).map_err(Flow::from);
        }
        let pending = {
            let mut buf = self.interp.stdout.lock();
            buf.push_str(text);
            if text.contains('\n') {
                Some(std::mem::take(&mut *buf))
            } else {
                None
            }
        };
        match pending {
            Some(p) => self.ctx.write(Stream::Stdout, &p).map_err(Flow::from),
            None => Ok(()),
        }
    }

    /// A `DeprecationWarning` as Python's default filters show it: once per source line.
    /// Once the program imported `warnings`, whose filters it may have changed,
    /// `warnings.warn` decides.
    pub fn deprecation(&mut self, msg: &'static str) -> Result<(), Flow> {
        let warnings = self.interp.modules.lock().get("warnings").cloned();
        if let Some(warnings) = warnings {
            let category = Value::Class(self.interp.types.get("DeprecationWarning"));
            let args = Args::new(vec![Value::str(msg), category]);
            self.call_method(warnings, "warn", args)?;
            return Ok(());
        }
        let line = self.loc.line;
        {
            let mut w = self.interp.warned.lock();
            if w.contains(&(line, msg)) {
                return Ok(());
            }
            w.push((line, msg));
        }
        let path = self.interp.program.path.clone();
        let src = self.interp.program.index.line(line).trim().to_owned();
        let text = format!("{path}:{line}: DeprecationWarning: {msg}\n  {src}\n");
        self.write_stderr(&text)
    }

    /// Flushes stdout's buffer (`sys.stdout.flush()`, `print(flush=True)`, exit).
    pub fn flush_stdout(&mut self) -> Result<(), Flow> {
        let pending = std::mem::take(&mut *self.interp.stdout.lock());
        if pending.is_empty() {
            Ok(())
        } else {
            self.ctx.write(Stream::Stdout, &pending).map_err(Flow::from)
        }
    }

    /// Writes to stderr (one system call).
    pub fn write_stderr(&mut self, text: &str) -> Result<(), Flow> {
        if text.is_empty() {
            return Ok(());
        }
        self.ctx.write(Stream::Stderr, text).map_err(Flow::from)
    }

    /// Prints an uncaught exception of the main program and returns the exit status.
    pub fn report_main(&mut self, flow: Flow) -> Result<i32, Halt> {
        match flow {
            Flow::Halt => Err(Halt),
            Flow::Unsupported(msg) => {
                let text = self.unsupported_report(&msg);
                self.write_stderr(&text).map_err(|_| Halt)?;
                Ok(2)
            }
            Flow::Exc(e) => {
                if let Some(status) = self.system_exit_status(&e) {
                    return status.map_err(|_| Halt);
                }
                let text = self.format_exception(&e);
                self.write_stderr(&text).map_err(|_| Halt)?;
                // CPython ends on an uncaught KeyboardInterrupt by killing itself with
                // SIGINT, which a shell reports as 128 + 2.
                let interrupt = self.interp.types.get("KeyboardInterrupt");
                Ok(if self.type_of(&e).is_subclass(&interrupt) {
                    130
                } else {
                    1
                })
            }
        }
    }

    /// An `unsupported` message as stderr shows it: a message that starts with its place
    /// (`FILE:LINE:COL: unsupported: ...`) gets the source line and a caret under the
    /// column, as the compile-time ones do.
    pub fn unsupported_report(&self, msg: &str) -> String {
        let place = msg.split_once(": unsupported: ").and_then(|(place, _)| {
            let (rest, col) = place.rsplit_once(':')?;
            let (file, line) = rest.rsplit_once(':')?;
            Some((file, line.parse::<u32>().ok()?, col.parse::<usize>().ok()?))
        });
        let program = &self.interp.program;
        let source = place.and_then(|(file, line, col)| {
            let index = if file == program.display {
                &program.index
            } else {
                &program
                    .siblings
                    .iter()
                    .find(|(_, m)| m.display == file)?
                    .1
                    .index
            };
            Some((index.line(line).to_owned(), col))
        });
        match source {
            Some((text, col)) if !text.is_empty() => {
                let caret = " ".repeat(col.saturating_sub(1));
                format!("{msg}\n    {text}\n    {caret}^\n")
            }
            _ => format!("{msg}\n"),
        }
    }

    /// For a `SystemExit`: prints its message if it has one and gives the status.
    fn system_exit_status(&mut self, e: &Value) -> Option<Result<i32, Flow>> {
        let cls = self.type_of(e);
        if !cls.is_subclass(&self.interp.types.get("SystemExit")) {
            return None;
        }
        let code = match e {
            Value::Instance(i) => match i.get("args") {
                Some(Value::Tuple(t)) => t.first().cloned().unwrap_or(Value::None),
                _ => Value::None,
            },
            _ => Value::None,
        };
        Some(match code {
            Value::None => Ok(0),
            Value::Int(i) => Ok(i as i32),
            Value::Bool(b) => Ok(i32::from(b)),
            other => {
                let s = self.to_str(&other).unwrap_or_default();
                self.write_stderr(&format!("{s}\n")).map(|()| 1)
            }
        })
    }
}

impl Vm<'_> {
    /// `threading._shutdown`: the registered callbacks (newest first), then the joins of
    /// every non-daemon thread. Gives the exit status a failing callback asks for (0 if
    /// none failed).
    pub fn threading_shutdown(&mut self) -> Result<i32, Halt> {
        let callbacks: Vec<Value> = std::mem::take(&mut *self.interp.atexit.lock());
        let mut status = 0;
        for f in callbacks.into_iter().rev() {
            match self.call(f, Args::default()) {
                Ok(_) => {}
                Err(Flow::Halt) => return Err(Halt),
                Err(other) => {
                    let s = self.report_main(other)?;
                    if status == 0 {
                        status = s;
                    }
                }
            }
        }
        self.ctx.shutdown()?;
        Ok(status)
    }

    /// The `atexit` callbacks, newest first (`multiprocessing` joins its children here).
    pub fn run_exit_funcs(&mut self) -> Result<(), Halt> {
        loop {
            let next = self.interp.exit_funcs.lock().pop();
            let Some(f) = next else {
                return Ok(());
            };
            match self.call(f, Args::default()) {
                Ok(_) => {}
                Err(Flow::Halt) => return Err(Halt),
                Err(other) => {
                    self.report_main(other)?;
                }
            }
        }
    }
}
