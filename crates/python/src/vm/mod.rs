//! The virtual machine: executes code objects on the engine, one [`Vm`] per simulated thread.

mod attr;
mod call;
pub mod coro;
pub mod exc;
mod exec;
pub mod fork;
pub mod interp;
mod ops;
mod races;
mod text;
mod vars;

use std::sync::Arc;

use parking_lot::Mutex;

pub use interp::{Hooks, Interp, RunConfig, StdoutReader, Types};

use super::bytecode::Code;
use super::value::{Cell, Flow, Module, NameMap, Str, Value};
use gilscope_engine::{Ctx, CtxError, SyncError};
use gilscope_trace::Tid;

/// What values hold of the VM: its code objects, its frames, itself.
impl crate::value::Runtime for crate::value::Rt {
    type Code = Code;
    type Frame = Frame;
    type Vm<'c> = Vm<'c>;
}

/// How a frame stopped.
#[derive(Debug)]
pub enum Exit {
    /// It returned a value.
    Return(Value),
    /// A generator frame yielded a value.
    Yield(Value),
}

/// An exception handler block.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    handler: u32,
    depth: u32,
    handling: u32,
}

/// An activation record.
#[derive(Debug)]
pub struct Frame {
    /// The code it runs.
    pub code: Arc<Code>,
    /// The next instruction.
    pub pc: usize,
    stack: Vec<Value>,
    locals: Vec<Option<Value>>,
    cells: Vec<Arc<Cell>>,
    globals: Arc<Module>,
    /// The class namespace while a class body runs.
    ns: Option<Arc<Mutex<NameMap>>>,
    blocks: Vec<Block>,
    /// An exception to raise where the generator is suspended (`throw()`, `close()`).
    throw: Option<Value>,
}

impl Frame {
    /// The names bound in this frame's scope, sorted, as `dir()` with no argument lists
    /// them: a function's bound locals and cells, a class body's namespace, a module's
    /// globals (the main module's with the names CPython's `__main__` also has).
    pub fn scope_names(&self) -> Vec<Str> {
        let mut names: Vec<Str> = match (&self.ns, self.code.kind) {
            (Some(ns), _) => ns.lock().keys().cloned().collect(),
            (None, super::bytecode::CodeKind::Module) => {
                let mut v: Vec<Str> = self.globals.dict.lock().keys().cloned().collect();
                if &*self.globals.name == "__main__" {
                    v.extend(
                        [
                            "__annotations__",
                            "__builtins__",
                            "__cached__",
                            "__doc__",
                            "__loader__",
                            "__package__",
                            "__spec__",
                        ]
                        .map(Str::from),
                    );
                }
                v
            }
            (None, _) => {
                let locals = self.code.varnames.iter().zip(&self.locals);
                let cells = self
                    .code
                    .cellvars
                    .iter()
                    .chain(&self.code.freevars)
                    .zip(&self.cells)
                    .filter(|(_, c)| c.lock().is_some())
                    .map(|(n, _)| n.clone());
                locals
                    .filter(|(_, v)| v.is_some())
                    .map(|(n, _)| n.clone())
                    .chain(cells)
                    .collect()
            }
        };
        names.sort();
        names.dedup();
        names
    }

    /// A frame for `code` with the given locals, cells and globals.
    pub fn new(
        code: Arc<Code>,
        locals: Vec<Option<Value>>,
        cells: Vec<Arc<Cell>>,
        globals: Arc<Module>,
    ) -> Frame {
        Frame {
            stack: Vec::new(),
            code,
            pc: 0,
            locals,
            cells,
            globals,
            ns: None,
            blocks: Vec::new(),
            throw: None,
        }
    }

    #[inline]
    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::None)
    }

    #[inline]
    fn top(&self) -> &Value {
        self.stack.last().unwrap_or(&Value::None)
    }

    fn popn(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len().saturating_sub(n);
        // Room for a bound `self` that a method call inserts in front.
        let mut v = Vec::with_capacity(n + 1);
        v.extend(self.stack.drain(at..));
        v
    }

    fn peek(&self, n: usize) -> &Value {
        let len = self.stack.len();
        self.stack.get(len.wrapping_sub(n)).unwrap_or(&Value::None)
    }
}

/// Simulated cost of C code handling one item of a container (copying, iterating,
/// comparing): `sum(range(n))`, `list(...)`, `max(...)` cost 5-10 ns per item in CPython.
pub const C_ITEM: u64 = 5;

/// The module of `ExceptionGroup`, `BaseExceptionGroup` and the `except*` helpers.
pub const GROUPS_MODULE: &str = "_gilscope_groups";

/// CPython's default recursion limit (`sys.getrecursionlimit()`).
pub const RECURSION_LIMIT: u32 = 1000;

/// CPython 3.11's default limit on the digits of an int converted to or from a string
/// (`sys.int_info.default_max_str_digits`).
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// The heap the whole process may hold before the program gets a `MemoryError`: a
/// runaway allocation stops with a clear error instead of the machine swapping.
pub const MEMORY_BUDGET: usize = 1 << 30;

/// One simulated thread's interpreter state.
pub struct Vm<'c> {
    /// The thread's handle on the engine.
    pub ctx: &'c mut Ctx,
    /// State shared by every thread of the program.
    pub interp: Arc<Interp>,
    /// Exceptions being handled (innermost last), for `raise` without argument and
    /// `__context__`.
    pub handling: Vec<Value>,
    depth: u32,
    /// Source range of the last instruction of the program (not of a built-in module) run
    /// on the general path: the position errors name, with the program's path.
    pub loc: super::bytecode::Loc,
    /// Address near the top of this worker's stack, to measure how deep calls went.
    stack_base: usize,
    /// Value stacks of finished frames, reused by the next calls.
    stacks: Vec<Vec<Value>>,
    /// Emptied local-variable arrays of finished frames, reused by the next calls (a call
    /// then allocates nothing).
    locals_pool: Vec<Vec<Option<Value>>>,
    /// The line each active frame (by call depth) last called out from: where a running
    /// coroutine is, for the repr of its task.
    call_lines: Vec<u32>,
    /// The running frames' code, outermost first, each with where its caller stood when
    /// it was entered (logging's `%(funcName)s` and `%(lineno)d` look up the stack).
    frames: Vec<(Arc<Code>, super::bytecode::Loc)>,
    /// Frame activations run so far (each run of a frame's code is one): which one read a
    /// shared variable tells a lost update from a store unrelated to the read.
    activations: u64,
    /// This thread's last reads of shared variables, while other threads run.
    reads: races::Reads,
    /// Whether the check points are CPython 3.11's, so that a handoff can name the 3.11
    /// instruction it happened at (under `--gil 3.9` the instructions are not 3.11's).
    exact_sites: bool,
}

impl<'c> Vm<'c> {
    /// A VM for the thread owning `ctx`.
    pub fn new(ctx: &'c mut Ctx, interp: Arc<Interp>) -> Self {
        // CPython counts the frames below the first Python code: `<module>` for the main
        // thread, `_bootstrap` and `_bootstrap_inner` for the others.
        let depth = if ctx.tid() == interp.main_tid() { 1 } else { 2 };
        let exact_sites = interp.config.gil != gilscope_engine::GilMode::V39;
        Vm {
            ctx,
            interp,
            handling: Vec::new(),
            depth,
            loc: super::bytecode::Loc::default(),
            stack_base: {
                let probe = 0u8;
                std::ptr::addr_of!(probe) as usize
            },
            stacks: Vec::new(),
            locals_pool: Vec::new(),
            call_lines: Vec::new(),
            frames: Vec::new(),
            activations: 0,
            reads: races::Reads::default(),
            exact_sites,
        }
    }

    /// Before a call out of the current frame at `line`: the thread's line for the trace
    /// (if the frame is the program's, see
    /// [`SourceFile::traced`](crate::source::SourceFile::traced)), and the frame's line
    /// for whoever asks where it runs.
    #[inline]
    fn call_site(&mut self, code: &Code, pc: usize) {
        let line = code.line_of(pc);
        if code.file.traced {
            self.ctx.set_line(line);
            if self.exact_sites {
                self.ctx.set_site(code.site(pc));
            }
        }
        let d = self.depth as usize;
        if d >= self.call_lines.len() {
            self.call_lines.resize(d + 1, 0);
        }
        self.call_lines[d] = line;
    }

    /// The line the frame at call depth `depth` last called out from.
    pub fn call_line(&self, depth: u32) -> Option<u32> {
        self.call_lines.get(depth as usize).copied()
    }

    /// The current call depth (frames on this thread).
    pub fn call_depth(&self) -> u32 {
        self.depth
    }

    /// This thread's engine id.
    pub fn tid(&self) -> Tid {
        self.ctx.tid()
    }

    /// Maps an engine error of a synchronisation call to a Python exception.
    pub fn sync_err(&mut self, e: CtxError) -> Flow {
        match e {
            CtxError::Halt(_) => Flow::Halt,
            CtxError::Sync(s) => {
                let msg = s.to_string();
                match s {
                    SyncError::OverReleased => self.exc("ValueError", &msg),
                    _ => self.exc("RuntimeError", &msg),
                }
            }
        }
    }

    /// Runs a frame until it returns or yields, handling exceptions with its blocks.
    pub fn run_frame(&mut self, f: &mut Frame) -> Result<Exit, Flow> {
        self.frames.push((Arc::clone(&f.code), self.loc));
        let r = self.run_frame_blocks(f);
        self.frames.pop();
        r
    }

    /// The running frames, innermost first: each one's code and the place it is at.
    pub fn stack(&self) -> Vec<(Arc<Code>, super::bytecode::Loc)> {
        let mut at = self.loc;
        let mut out = Vec::with_capacity(self.frames.len());
        for (code, caller) in self.frames.iter().rev() {
            out.push((Arc::clone(code), at));
            at = *caller;
        }
        out
    }

    fn run_frame_blocks(&mut self, f: &mut Frame) -> Result<Exit, Flow> {
        let base = self.handling.len();
        loop {
            match self.exec(f) {
                Ok(x) => {
                    self.handling.truncate(base);
                    return Ok(x);
                }
                Err(Flow::Exc(e)) => {
                    let at = f.pc.saturating_sub(1);
                    // A re-raise (end of a handler, bare `raise`, `with` passing the
                    // exception on) keeps the traceback it had, as in CPython.
                    if !f.code.instrs.get(at).is_some_and(|i| i.info().reraises) {
                        self.hint_name_error(&e, f);
                        exc::add_traceback(&e, &f.code, at);
                    }
                    if let Some(b) = f.blocks.pop() {
                        f.stack.truncate(b.depth as usize);
                        self.handling.truncate(b.handling as usize);
                        f.stack.push(e);
                        f.pc = b.handler as usize;
                        continue;
                    }
                    self.handling.truncate(base);
                    return Err(Flow::Exc(e));
                }
                Err(other) => return Err(other),
            }
        }
    }

    /// The eval-breaker check (docs/gil.md, check points), with the thread's current line
    /// recorded.
    #[inline]
    fn check(&mut self, f: &Frame) -> Result<(), Flow> {
        self.check_on(f, f.pc.saturating_sub(1))
    }

    /// The check, recording the line of instruction `at` as the thread's: a back edge
    /// records its own line, not the line before the loop it jumps back to. Always inlined:
    /// it runs at every check point, in 3.9 mode at nearly every instruction.
    #[inline(always)]
    fn check_on(&mut self, f: &Frame, at: usize) -> Result<(), Flow> {
        if f.code.file.traced {
            self.ctx.mark_line(f.code.line_of(at)).map_err(Flow::from)?;
            // Only a check point that asks the clock can release the GIL: the hot loop
            // does not look its instruction up.
            if self.exact_sites && self.ctx.checkpoint_due() {
                self.ctx.set_site(f.code.site(at));
            }
        }
        if coro::never_awaited_pending() {
            self.warn_never_awaited(&f.code, f.pc.saturating_sub(1))?;
        }
        self.ctx.checkpoint().map_err(Flow::from)?;
        // A loop that grows a container is stopped at its next back edge.
        self.reserve(0)
    }

    /// A lock, event, condition or semaphore stored in a variable for the first time takes
    /// the variable's name in the trace (`account_a` rather than `Lock`).
    #[inline]
    fn name_object(&mut self, v: &Value, name: &str) {
        if let Value::Native(n) = v {
            self.name_native(n, name);
        }
    }

    #[cold]
    fn name_native(&mut self, n: &crate::value::Native, name: &str) {
        let Some(id) = n.object().and_then(|o| o.named_object()) else {
            return;
        };
        if name.starts_with('_') || !self.interp.named.lock().insert(id) {
            return;
        }
        self.ctx.name_object(id, name);
    }

    /// Raises `MemoryError` if `bytes` more would take the process past [`MEMORY_BUDGET`]
    /// (called before a large allocation, and at every check point with 0).
    #[inline]
    pub fn reserve(&mut self, bytes: usize) -> Result<(), Flow> {
        if crate::mem::live().saturating_add(bytes) > MEMORY_BUDGET {
            Err(self.exc(
                "MemoryError",
                "out of memory: gilscope stops a program at 1 GiB of heap",
            ))
        } else {
            Ok(())
        }
    }

    /// The positional arguments of `f(*v)`, with CPython's error if `v` is not iterable.
    pub fn star_args(&mut self, callee: &Value, v: &Value) -> Result<Vec<Value>, Flow> {
        self.to_vec(v).map_err(|e| match e {
            Flow::Exc(x) if self.is_exc(&x, "TypeError") => {
                let msg = format!(
                    "{}() argument after * must be an iterable, not {}",
                    self.func_str(callee),
                    self.type_name(v)
                );
                self.exc("TypeError", &msg)
            }
            other => other,
        })
    }

    /// How CPython names a callable in argument errors (`__main__.f`, `print`).
    pub fn func_str(&self, f: &Value) -> String {
        match f {
            Value::Function(func) => format!("{}.{}", func.globals.name, func.qualname),
            Value::Builtin(b) => b.name.to_owned(),
            Value::Method(m) => match &m.func {
                super::value::MethodFunc::Callable(c) => self.func_str(c),
                super::value::MethodFunc::Native(n) => n.to_string(),
            },
            Value::Class(c) => {
                if &*c.module == "builtins" {
                    c.qualname.to_string()
                } else {
                    format!("{}.{}", c.module, c.qualname)
                }
            }
            other => self.type_name(other).to_string(),
        }
    }

    /// A `NameError` leaving the frame that raised it learns the closest name there:
    /// its local names first, then its globals, then the builtins, as CPython looks.
    fn hint_name_error(&mut self, e: &Value, f: &Frame) {
        let Value::Instance(i) = e else { return };
        let name = {
            let st = i.state.lock();
            if !st.tb.is_empty() || st.hint.is_some() {
                return;
            }
            match st.dict.get("name") {
                Some(Value::Str(n)) => n.clone(),
                _ => return,
            }
        };
        if !self.is_exc(e, "NameError") {
            return;
        }
        // CPython 3.11 looks through the code's local names, bound yet or not.
        let locals = f.code.varnames.clone();
        let globals: Vec<Str> = f.globals.dict.lock().keys().cloned().collect();
        let hint = [locals, globals]
            .iter()
            .find_map(|names| exc::closest(&name, names.iter().map(|n| &**n)))
            .or_else(|| exc::closest(&name, self.interp.builtins.keys().map(|n| &**n)));
        i.state.lock().hint = hint.map(|h| Str::from(h.as_str()));
    }

    fn unbound_local(&mut self, name: &str) -> Flow {
        let msg = format!(
            "cannot access local variable '{name}' where it is not associated with a value"
        );
        self.exc("UnboundLocalError", &msg)
    }

    /// Runs module code as `__main__`.
    pub fn run_module(&mut self, code: Arc<Code>, globals: Arc<Module>) -> Result<Value, Flow> {
        let mut f = Frame::new(code, Vec::new(), Vec::new(), globals);
        match self.run_frame(&mut f)? {
            Exit::Return(v) | Exit::Yield(v) => Ok(v),
        }
    }
}

/// The value of a number as a float (`None` if not a number).
pub fn ops_num(v: &Value) -> Option<f64> {
    ops::num(v).map(|n| ops::to_f64(&n))
}
