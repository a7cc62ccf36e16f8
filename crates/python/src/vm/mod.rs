//! The virtual machine: executes code objects on the engine, one [`Vm`] per simulated thread.

mod attr;
mod call;
pub mod coro;
pub mod exc;
pub mod fork;
pub mod interp;
mod ops;
mod races;
mod text;

use std::sync::Arc;

use parking_lot::Mutex;

pub use interp::{Hooks, Interp, RunConfig, Types};

use super::bytecode::NameCache;
use super::bytecode::{Code, Instr, METACLASS_FLAG, UnOp};
use super::value::{
    Args, Cell, Class, Flow, Key, Module, NameMap, Str, Value, class_epoch, entry_at,
};
use gilscope_engine::{Ctx, CtxError, GilMode, SyncError};
use gilscope_trace::Tid;
use std::sync::atomic::Ordering;

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
}

impl<'c> Vm<'c> {
    /// A VM for the thread owning `ctx`.
    pub fn new(ctx: &'c mut Ctx, interp: Arc<Interp>) -> Self {
        // CPython counts the frames below the first Python code: `<module>` for the main
        // thread, `_bootstrap` and `_bootstrap_inner` for the others.
        let depth = if ctx.tid() == interp.main_tid() { 1 } else { 2 };
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
        }
    }

    /// Before a call out of the current frame at `line`: the thread's line for the trace
    /// (if the frame is the program's, see
    /// [`SourceFile::traced`](crate::source::SourceFile::traced)), and the frame's line
    /// for whoever asks where it runs.
    #[inline]
    fn call_site(&mut self, traced: bool, line: u32) {
        if traced {
            self.ctx.set_line(line);
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
                    if !matches!(
                        f.code.instrs.get(at),
                        Some(
                            Instr::Reraise
                                | Instr::Raise(0)
                                | Instr::StarEnd
                                | Instr::WithExceptStart
                                | Instr::AsyncWithExceptEnd
                                | Instr::EndAsyncFor
                        )
                    ) {
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
        if f.code.file.traced {
            self.ctx.set_line(f.code.line_of(f.pc.saturating_sub(1)));
        }
        if coro::never_awaited_pending() {
            self.warn_never_awaited(&f.code, f.pc.saturating_sub(1))?;
        }
        self.ctx.checkpoint().map_err(Flow::from)?;
        // A loop that grows a container is stopped at its next back edge.
        self.reserve(0)
    }

    /// `__exit__(type, exc, None)` (or `__aexit__`) while `e` is being handled.
    fn exit_with(&mut self, exit: Value, e: &Value) -> Result<Value, Flow> {
        let ty = self.type_of(e);
        self.handling.push(e.clone());
        let r = self.call(
            exit,
            Args::new(vec![Value::Class(ty), e.clone(), Value::None]),
        );
        self.handling.pop();
        r
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

    fn exec(&mut self, f: &mut Frame) -> Result<Exit, Flow> {
        let code = Arc::clone(&f.code);
        let gil = self.interp.config.gil;
        // CPython 3.9 checks the eval breaker before every instruction, so no instruction
        // may stand for several (no superinstructions).
        let every = gil == GilMode::V39;
        let free = gil == GilMode::Off;
        let instrs = if every {
            &code.instrs[..]
        } else {
            &code.quick[..]
        };
        let costs = &code.costs[..];
        let traced = code.file.traced;
        self.activations += 1;
        let activation = self.activations;
        // Simulated time of the instructions run since the clock was last updated; it is
        // added to the thread's clock before anything that can look at it.
        let mut acc: u64 = 0;
        if let Some(e) = f.throw.take() {
            // Suspended inside `yield from` / `await`: the delegate gets the exception.
            if f.pc == 0 || !matches!(code.instrs.get(f.pc), Some(Instr::YieldFrom)) {
                return Err(Flow::Exc(e));
            }
            let sub = f.top().clone();
            // Anything the delegate raises is raised at the YIELD_FROM.
            f.pc += 1;
            match self.delegate_throw(&sub, e)? {
                coro::Step::Yield(v) => {
                    f.pc -= 1;
                    return Ok(Exit::Yield(v));
                }
                coro::Step::Return(r) => {
                    f.pop();
                    f.stack.push(r);
                }
            }
        }
        loop {
            let pc = f.pc;
            let Some(&ins) = instrs.get(pc) else {
                self.ctx.elapse(acc);
                return Ok(Exit::Return(Value::None));
            };
            acc += u64::from(costs.get(pc).copied().unwrap_or(0));
            f.pc = pc + 1;
            if every {
                self.ctx.elapse(acc);
                acc = 0;
                self.check(f)?;
            }
            if fast_path(f, &code, ins) {
                continue;
            }
            if let Some(extra) = fused(f, &code, ins) {
                // The fused instructions after the first, at their own costs.
                acc += costs
                    .get(pc + 1..pc + 1 + extra)
                    .map_or(0, |c| c.iter().map(|&x| u64::from(x)).sum::<u64>());
                continue;
            }
            if let Instr::JumpBackward(t) = ins {
                f.pc = t as usize;
                self.ctx.elapse(acc);
                acc = 0;
                self.check(f)?;
                continue;
            }
            self.ctx.elapse(acc);
            acc = 0;
            if traced && let Some(l) = code.locs.get(pc) {
                self.loc = *l;
            }
            // Free-threaded: memory other threads can see is where cores meet, so the
            // engine lets threads that are behind in time go first (races come from timing).
            if free && touches_shared_memory(ins) {
                if traced {
                    self.ctx.set_line(code.line_of(pc));
                }
                self.ctx.shared_access()?;
            }
            match ins {
                Instr::LoadFast(i) => match &f.locals[i as usize] {
                    Some(v) => {
                        let v = v.clone();
                        f.stack.push(v);
                    }
                    None => return Err(self.unbound_local(&code.varnames[i as usize])),
                },
                Instr::StoreFast(i) => {
                    let v = f.pop();
                    self.name_object(&v, &code.varnames[i as usize]);
                    f.locals[i as usize] = Some(v);
                }
                Instr::LoadConst(i) => f.stack.push(code.consts[i as usize].clone()),
                Instr::BinaryOp(op, inplace) => {
                    let b = f.pop();
                    let a = f.pop();
                    let r = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => match ops::int_fast(op, *x, *y) {
                            Some(v) => v,
                            None => self.binary_op(a, b, op, inplace)?,
                        },
                        _ => self.binary_op(a, b, op, inplace)?,
                    };
                    f.stack.push(r);
                }
                Instr::CompareOp(op) => {
                    let b = f.pop();
                    let a = f.pop();
                    let r = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => Value::Bool(ops::cmp_i64(op, *x, *y)),
                        _ => self.compare(a, b, op)?,
                    };
                    f.stack.push(r);
                }
                Instr::PopJumpIfFalse(t) => {
                    let v = f.pop();
                    let truth = match v {
                        Value::Bool(b) => b,
                        other => self.truthy(&other)?,
                    };
                    if !truth {
                        f.pc = t as usize;
                    }
                }
                Instr::PopJumpIfTrue(t) => {
                    let v = f.pop();
                    let truth = match v {
                        Value::Bool(b) => b,
                        other => self.truthy(&other)?,
                    };
                    if truth {
                        f.pc = t as usize;
                    }
                }
                Instr::JumpBackward(t) => {
                    f.pc = t as usize;
                    self.check(f)?;
                }
                Instr::Jump(t) => f.pc = t as usize,
                Instr::Resume => self.check(f)?,
                Instr::Nop => {}
                Instr::ForIter(t) => {
                    let it = f.top().clone();
                    match self.next(&it)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.pop();
                            f.pc = t as usize;
                        }
                    }
                }
                Instr::Call(n) => {
                    let n = n as usize;
                    let len = f.stack.len();
                    // A plain Python function called with exactly its positional
                    // parameters: bind straight from the value stack.
                    if let Some(Value::Function(func)) = len.checked_sub(n + 1).map(|i| &f.stack[i])
                        && Self::simple_call(func, n)
                    {
                        let func = Arc::clone(func);
                        let mut locals = self.take_locals();
                        locals.extend(f.stack.drain(len - n..).map(Some));
                        locals.resize(func.code.nlocals().max(n), None);
                        f.pop();
                        self.call_site(traced, code.line_of(pc));
                        let frame = self.frame_for(&func, locals);
                        let r = self.run_call(frame)?;
                        f.stack.push(r);
                        self.check(f)?;
                        continue;
                    }
                    let args = f.popn(n);
                    let callee = f.pop();
                    self.call_site(traced, code.line_of(pc));
                    let r = self.call(callee, Args::new(args))?;
                    f.stack.push(r);
                    self.check(f)?;
                }
                Instr::CallMethod(name, n) => {
                    // A method of the instance's class, a plain Python function called
                    // with exactly its positional parameters: bind `self` and the
                    // arguments straight from the value stack, as `Call` does.
                    let at = f.stack.len().checked_sub(n as usize + 1);
                    // `list.append(x)` and `dict.get(k[, default])` with a str or int key:
                    // straight on the value stack, no argument vector, no dispatch by name.
                    if let Some(at) = at
                        && matches!(f.stack[at], Value::List(_) | Value::Dict(_))
                        && let Some(r) =
                            native_method_fast(&mut f.stack, at, &code.names[name as usize], n)
                    {
                        f.stack.push(r);
                        self.call_site(traced, code.line_of(pc));
                        self.check(f)?;
                        continue;
                    }
                    if let Some(Value::Instance(inst)) = at.map(|i| &f.stack[i]) {
                        let attr = &code.names[name as usize];
                        let looked = match code.caches.get(name as usize) {
                            Some(cache) => Self::class_lookup_cached(cache, &inst.class, attr),
                            None => inst.class.lookup(attr),
                        };
                        let func = match looked {
                            Some(Value::Function(func))
                                if Self::simple_call(&func, n as usize + 1)
                                    && !inst.state.lock().dict.contains_key(&**attr) =>
                            {
                                Some(func)
                            }
                            _ => None,
                        };
                        if let (Some(func), Some(at)) = (func, at) {
                            let mut locals = self.take_locals();
                            locals.extend(f.stack.drain(at..).map(Some));
                            locals.resize(func.code.nlocals().max(n as usize + 1), None);
                            self.call_site(traced, code.line_of(pc));
                            let frame = self.frame_for(&func, locals);
                            let r = self.run_call(frame)?;
                            f.stack.push(r);
                            self.check(f)?;
                            continue;
                        }
                    }
                    let args = f.popn(n as usize);
                    let this = f.pop();
                    self.call_site(traced, code.line_of(pc));
                    let attr = &code.names[name as usize];
                    let r = match self.call_method(this.clone(), attr, Args::new(args)) {
                        Ok(r) => r,
                        Err(Flow::Exc(e)) => {
                            exc::note_method_lookup(&e, &this, attr, &code, pc);
                            return Err(Flow::Exc(e));
                        }
                        Err(other) => return Err(other),
                    };
                    f.stack.push(r);
                    self.check(f)?;
                }
                Instr::CallKw(n, names) => {
                    let Value::Tuple(names) = &code.consts[names as usize] else {
                        return Err(Flow::Unsupported("malformed keyword call".into()));
                    };
                    let mut args = f.popn(n as usize);
                    let kwv = args.split_off(args.len().saturating_sub(names.len()));
                    let kw = names
                        .iter()
                        .zip(kwv)
                        .map(|(k, v)| match k {
                            Value::Str(s) => (s.clone(), v),
                            _ => (Str::from(""), v),
                        })
                        .collect();
                    let callee = f.pop();
                    self.call_site(traced, code.line_of(pc));
                    let r = self.call(callee, Args { pos: args, kw })?;
                    f.stack.push(r);
                    self.check(f)?;
                }
                Instr::CallEx(has_kw) => {
                    let kw = if has_kw { Some(f.pop()) } else { None };
                    let pos = f.pop();
                    let callee = f.pop();
                    let pos = match pos {
                        Value::Tuple(t) => t.as_ref().clone(),
                        other => self.star_args(&callee, &other)?,
                    };
                    if let Some(k) = &kw
                        && !matches!(k, Value::Dict(_))
                    {
                        let msg = format!(
                            "{}() argument after ** must be a mapping, not {}",
                            self.func_str(&callee),
                            self.type_name(k)
                        );
                        return Err(self.exc("TypeError", &msg));
                    }
                    let kw = match kw {
                        Some(Value::Dict(d)) => d
                            .lock()
                            .iter()
                            .map(|(k, v)| match &k.0 {
                                Value::Str(s) => Ok((s.clone(), v.clone())),
                                _ => Err(()),
                            })
                            .collect::<Result<Vec<_>, ()>>()
                            .map_err(|()| self.exc("TypeError", "keywords must be strings"))?,
                        _ => Vec::new(),
                    };
                    self.call_site(traced, code.line_of(pc));
                    let r = self.call(callee, Args { pos, kw })?;
                    f.stack.push(r);
                    self.check(f)?;
                }
                Instr::ReturnValue => return Ok(Exit::Return(f.pop())),
                Instr::PopTop => {
                    // A generator dropped here (a `for` loop left by `break`) is closed
                    // at once, as CPython's reference counting does: its `finally`
                    // blocks run now. A coroutine dropped before it started was never
                    // awaited, which CPython warns about then.
                    if let Value::Generator(g) = f.pop()
                        && Arc::strong_count(&g) == 1
                    {
                        let blocks = g
                            .frame
                            .lock()
                            .as_ref()
                            .is_some_and(|fr| !fr.blocks.is_empty());
                        if coro::is_coroutine(&g) {
                            drop(g);
                            if coro::never_awaited_pending() {
                                self.warn_never_awaited(&code, pc)?;
                            }
                        } else if blocks {
                            self.close_generator(&g)?;
                        }
                    }
                }
                Instr::LoadGlobal(i) => {
                    let v = self.load_global_cached(&f.globals, &code, i)?;
                    if traced && self.tracks_read(&v) {
                        let key = races::VarKey::new(
                            Arc::as_ptr(&f.globals) as usize,
                            code.names[i as usize].clone(),
                        );
                        self.race_read(key, &v, &code, pc, activation);
                    }
                    f.stack.push(v);
                }
                Instr::StoreGlobal(i) => {
                    let v = f.pop();
                    self.name_object(&v, &code.names[i as usize]);
                    if traced && self.tracking_races() {
                        let name = code.names[i as usize].clone();
                        let key =
                            races::VarKey::new(Arc::as_ptr(&f.globals) as usize, name.clone());
                        self.race_store(key, |_| name.to_string(), &v, (&code, pc), activation)?;
                    }
                    store_global_cached(&f.globals, &code, i, v);
                }
                Instr::DeleteGlobal(i) => {
                    let name = &code.names[i as usize];
                    if f.globals.dict.lock().shift_remove(&**name).is_none() {
                        return Err(self.name_error(name));
                    }
                }
                Instr::LoadName(i) => {
                    let name = &code.names[i as usize];
                    let v = match &f.ns {
                        None => self.load_global_cached(&f.globals, &code, i)?,
                        Some(ns) => {
                            let found = ns.lock().get(&**name).cloned();
                            match found {
                                Some(v) => v,
                                None => self.load_global(&f.globals, name)?,
                            }
                        }
                    };
                    f.stack.push(v);
                }
                Instr::StoreName(i) => {
                    let v = f.pop();
                    self.name_object(&v, &code.names[i as usize]);
                    match &f.ns {
                        Some(ns) => {
                            ns.lock().insert(code.names[i as usize].clone(), v);
                        }
                        None => store_global_cached(&f.globals, &code, i, v),
                    }
                }
                Instr::DeleteName(i) => {
                    let name = &code.names[i as usize];
                    let removed = match &f.ns {
                        Some(ns) => ns.lock().shift_remove(&**name),
                        None => f.globals.dict.lock().shift_remove(&**name),
                    };
                    if removed.is_none() {
                        return Err(self.name_error(name));
                    }
                }
                Instr::DeleteFast(i) => {
                    if f.locals[i as usize].take().is_none() {
                        return Err(self.unbound_local(&code.varnames[i as usize]));
                    }
                }
                Instr::LoadDeref(i) => {
                    let v = f.cells.get(i as usize).and_then(|c| c.lock().clone());
                    match v {
                        Some(v) => f.stack.push(v),
                        None => {
                            let name = deref_name(&code, i as usize);
                            let msg = format!(
                                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                            );
                            return Err(self.exc("NameError", &msg));
                        }
                    }
                }
                Instr::StoreDeref(i) => {
                    let v = f.pop();
                    if let Some(c) = f.cells.get(i as usize) {
                        *c.lock() = Some(v);
                    }
                }
                Instr::LoadClosure(i) => {
                    let c = f.cells.get(i as usize).cloned();
                    f.stack.push(c.map_or(Value::None, Value::Cell));
                }
                Instr::LoadAttr(i) => {
                    let obj = f.pop();
                    let v = self.load_attr_cached(&obj, &code, i)?;
                    if let Value::Instance(inst) = &obj
                        && traced
                        && self.tracks_read(&v)
                    {
                        let key = races::VarKey::new(
                            Arc::as_ptr(inst) as usize,
                            code.names[i as usize].clone(),
                        );
                        self.race_read(key, &v, &code, pc, activation);
                    }
                    f.stack.push(v);
                }
                Instr::StoreAttr(i) => {
                    let obj = f.pop();
                    let v = f.pop();
                    self.name_object(&v, &code.names[i as usize]);
                    if let Value::Instance(inst) = &obj
                        && traced
                        && self.tracking_races()
                    {
                        let name = code.names[i as usize].clone();
                        let key = races::VarKey::new(Arc::as_ptr(inst) as usize, name.clone());
                        let named = |vm: &Vm<'_>| format!("{}.{}", vm.type_name(&obj), &*name);
                        self.race_store(key, named, &v, (&code, pc), activation)?;
                    }
                    self.store_attr_cached(&obj, &code, i, v)?;
                }
                Instr::DeleteAttr(i) => {
                    let obj = f.pop();
                    self.del_attr(&obj, &code.names[i as usize])?;
                }
                Instr::BinarySubscr => {
                    let idx = f.pop();
                    let obj = f.pop();
                    let v = self.getitem(&obj, &idx)?;
                    if traced
                        && self.tracks_read(&v)
                        && let Some(key) = races::item_key(&obj, &idx)
                    {
                        self.race_read(key, &v, &code, pc, activation);
                    }
                    f.stack.push(v);
                }
                Instr::StoreSubscr => {
                    let idx = f.pop();
                    let obj = f.pop();
                    let v = f.pop();
                    if traced
                        && self.tracking_races()
                        && let Some(key) = races::item_key(&obj, &idx)
                    {
                        let named = |vm: &Vm<'_>| races::item_name(vm, &obj, &idx);
                        self.race_store(key, named, &v, (&code, pc), activation)?;
                    }
                    self.setitem(&obj, idx, v)?;
                }
                Instr::DeleteSubscr => {
                    let idx = f.pop();
                    let obj = f.pop();
                    self.delitem(&obj, &idx)?;
                }
                Instr::UnaryOp(op) => {
                    let v = f.pop();
                    let r = match op {
                        UnOp::Not => Value::Bool(!self.truthy(&v)?),
                        _ => self.unary(op, v)?,
                    };
                    f.stack.push(r);
                }
                Instr::IsOp(invert) => {
                    let b = f.pop();
                    let a = f.pop();
                    f.stack.push(Value::Bool(a.is(&b) != invert));
                }
                Instr::ContainsOp(invert) => {
                    let container = f.pop();
                    let item = f.pop();
                    let r = self.contains(&container, &item)?;
                    f.stack.push(Value::Bool(r != invert));
                }
                Instr::Copy(n) => {
                    let v = f.peek(n as usize).clone();
                    f.stack.push(v);
                }
                Instr::Swap(n) => {
                    let len = f.stack.len();
                    let n = n as usize;
                    if n >= 2 && n <= len {
                        f.stack.swap(len - 1, len - n);
                    }
                }
                Instr::BuildTuple(n) => {
                    let v = f.popn(n as usize);
                    f.stack.push(Value::tuple(v));
                }
                Instr::BuildList(n) => {
                    let v = f.popn(n as usize);
                    f.stack.push(Value::list(v));
                }
                Instr::BuildSet(n) => {
                    let v = f.popn(n as usize);
                    let mut s = super::value::Set::default();
                    for x in v {
                        s.insert(self.key(x)?);
                    }
                    f.stack.push(Value::Set(Arc::new(Mutex::new(s))));
                }
                Instr::BuildMap(n) => {
                    let v = f.popn(2 * n as usize);
                    let mut d = super::value::Dict::default();
                    let mut it = v.into_iter();
                    while let (Some(k), Some(x)) = (it.next(), it.next()) {
                        d.insert(self.key(k)?, x);
                    }
                    f.stack.push(Value::dict(d));
                }
                Instr::BuildSlice(n) => {
                    let step = if n == 3 { f.pop() } else { Value::None };
                    let stop = f.pop();
                    let start = f.pop();
                    f.stack.push(Value::Slice(Arc::new([start, stop, step])));
                }
                Instr::BuildString(n) => {
                    let parts = f.popn(n as usize);
                    let mut s = String::new();
                    for p in parts {
                        if let Value::Str(x) = p {
                            s.push_str(&x);
                        }
                    }
                    f.stack.push(Value::str(&s));
                }
                Instr::ListAppend(n) => {
                    let v = f.pop();
                    if let Value::List(l) = f.peek(n as usize) {
                        l.lock().push(v);
                    }
                }
                Instr::SetAdd(n) => {
                    let v = f.pop();
                    let k = self.key(v)?;
                    if let Value::Set(s) = f.peek(n as usize) {
                        s.lock().insert(k);
                    }
                }
                Instr::SetUpdate(n) => {
                    let v = f.pop();
                    let items = self.to_vec(&v)?;
                    let mut keys = Vec::with_capacity(items.len());
                    for x in items {
                        keys.push(self.key(x)?);
                    }
                    if let Value::Set(s) = f.peek(n as usize) {
                        s.lock().extend(keys);
                    }
                }
                Instr::MapAdd(n) => {
                    let v = f.pop();
                    let k = f.pop();
                    let k = self.key(k)?;
                    if let Value::Dict(d) = f.peek(n as usize) {
                        d.lock().insert(k, v);
                    }
                }
                Instr::ListExtend(n) => {
                    let v = f.pop();
                    let items = self.to_vec(&v).map_err(|e| match e {
                        Flow::Exc(x) if self.is_exc(&x, "TypeError") => {
                            let msg = format!(
                                "Value after * must be an iterable, not {}",
                                self.type_name(&v)
                            );
                            self.exc("TypeError", &msg)
                        }
                        other => other,
                    })?;
                    if let Value::List(l) = f.peek(n as usize) {
                        l.lock().extend(items);
                    }
                }
                Instr::DictUpdate(n) => {
                    let v = f.pop();
                    let Value::Dict(src) = &v else {
                        let t = self.type_name(&v);
                        let msg = format!("'{t}' object is not a mapping");
                        return Err(self.exc("TypeError", &msg));
                    };
                    let items: Vec<(Key, Value)> = src
                        .lock()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    if let Value::Dict(d) = f.peek(n as usize) {
                        d.lock().extend(items);
                    }
                }
                Instr::ListToTuple => {
                    let v = f.pop();
                    let items = match &v {
                        Value::List(l) => l.lock().clone(),
                        _ => Vec::new(),
                    };
                    f.stack.push(Value::tuple(items));
                }
                Instr::FormatValue(conv, has_spec) => {
                    let spec = if has_spec { Some(f.pop()) } else { None };
                    let v = f.pop();
                    let v = match conv {
                        1 => Value::str(&self.to_str(&v)?),
                        2 => Value::str(&self.repr(&v)?),
                        3 => Value::str(&super::format::ascii(&self.repr(&v)?)),
                        _ => v,
                    };
                    let spec = match &spec {
                        Some(Value::Str(s)) => s.to_string(),
                        _ => String::new(),
                    };
                    let s = self.format(&v, &spec)?;
                    f.stack.push(Value::str(&s));
                }
                Instr::UnpackSequence(n) => {
                    let v = f.pop();
                    let items = self.to_vec(&v)?;
                    if items.len() != n as usize {
                        return Err(self.unpack_error(n as usize, items.len()));
                    }
                    f.stack.extend(items.into_iter().rev());
                }
                Instr::UnpackEx(before, after) => {
                    let v = f.pop();
                    let mut items = self.to_vec(&v)?;
                    let (b, a) = (before as usize, after as usize);
                    if items.len() < b + a {
                        let msg = format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            b + a,
                            items.len()
                        );
                        return Err(self.exc("ValueError", &msg));
                    }
                    let tail = items.split_off(items.len() - a);
                    let mid = items.split_off(b);
                    for x in tail.into_iter().rev() {
                        f.stack.push(x);
                    }
                    f.stack.push(Value::list(mid));
                    for x in items.into_iter().rev() {
                        f.stack.push(x);
                    }
                }
                Instr::GetIter => {
                    let v = f.pop();
                    let it = self.iter(&v)?;
                    f.stack.push(it);
                }
                Instr::JumpIfFalseOrPop(t) => {
                    if self.truthy(f.top())? {
                        f.pop();
                    } else {
                        f.pc = t as usize;
                    }
                }
                Instr::JumpIfTrueOrPop(t) => {
                    if self.truthy(f.top())? {
                        f.pc = t as usize;
                    } else {
                        f.pop();
                    }
                }
                Instr::MakeFunction(k, flags) => {
                    let closure = if flags & 8 != 0 { Some(f.pop()) } else { None };
                    let annotations = if flags & 4 != 0 { Some(f.pop()) } else { None };
                    let kwdefaults = if flags & 2 != 0 { Some(f.pop()) } else { None };
                    let defaults = if flags & 1 != 0 { Some(f.pop()) } else { None };
                    let Value::Code(c) = &code.consts[k as usize] else {
                        return Err(Flow::Unsupported("malformed function".into()));
                    };
                    let func = self.make_function(c, &f.globals, defaults, kwdefaults, closure);
                    if let (Some(a), Value::Function(func)) = (annotations, &func) {
                        func.dict.lock().insert(Str::from("__annotations__"), a);
                    }
                    f.stack.push(func);
                }
                Instr::MakeClass(k, nbases, flags) => {
                    let metaclass = if flags & METACLASS_FLAG != 0 {
                        Some(f.pop())
                    } else {
                        None
                    };
                    let mut bases = f.popn(nbases as usize);
                    if let Some(m) = metaclass {
                        self.metaclass_base(m, &mut bases)?;
                    }
                    let closure = if flags & 8 != 0 { Some(f.pop()) } else { None };
                    let Value::Code(c) = &code.consts[k as usize] else {
                        return Err(Flow::Unsupported("malformed class".into()));
                    };
                    self.call_site(traced, code.line_of(pc));
                    let cls = self.make_class(c, &f.globals, bases, closure)?;
                    f.stack.push(cls);
                    self.check(f)?;
                }
                Instr::YieldValue => return Ok(Exit::Yield(f.pop())),
                Instr::YieldFrom => {
                    let sent = f.pop();
                    let sub = f.top().clone();
                    match self.delegate_send(&sub, sent)? {
                        coro::Step::Yield(v) => {
                            f.pc = pc;
                            return Ok(Exit::Yield(v));
                        }
                        coro::Step::Return(r) => {
                            // The delegate's return value is the value of `yield from`.
                            f.pop();
                            f.stack.push(r);
                        }
                    }
                }
                Instr::GetAwaitable => {
                    let v = f.pop();
                    let it = self.get_awaitable(v)?;
                    f.stack.push(it);
                }
                Instr::BeforeAsyncWith => {
                    let mgr = f.pop();
                    let protocol = |vm: &mut Self, mgr: &Value| {
                        let t = vm.type_name(mgr);
                        let msg = format!(
                            "'{t}' object does not support the asynchronous context manager protocol"
                        );
                        vm.exc("TypeError", &msg)
                    };
                    let exit = match self.get_attr(&mgr, "__aexit__") {
                        Ok(x) => x,
                        Err(Flow::Exc(_)) => return Err(protocol(self, &mgr)),
                        Err(other) => return Err(other),
                    };
                    self.call_site(traced, code.line_of(pc));
                    let entered = self.call_method(mgr, "__aenter__", Args::default())?;
                    f.stack.push(exit);
                    f.stack.push(entered);
                }
                Instr::AsyncWithExit => {
                    let exit = f.pop();
                    self.call_site(traced, code.line_of(pc));
                    let aw =
                        self.call(exit, Args::new(vec![Value::None, Value::None, Value::None]))?;
                    f.stack.push(aw);
                }
                Instr::AsyncWithExceptStart => {
                    let e = f.pop();
                    let exit = f.pop();
                    let r = self.exit_with(exit, &e);
                    f.stack.push(e);
                    f.stack.push(r?);
                }
                Instr::AsyncWithExceptEnd => {
                    let r = f.pop();
                    let e = f.pop();
                    if !self.truthy(&r)? {
                        return Err(Flow::Exc(e));
                    }
                }
                Instr::GetAIter => {
                    let v = f.pop();
                    let it = self.get_aiter(v)?;
                    f.stack.push(it);
                }
                Instr::GetANext => {
                    let it = f.top().clone();
                    let aw = self.get_anext(&it)?;
                    f.stack.push(aw);
                }
                Instr::EndAsyncFor => {
                    let e = f.pop();
                    if !self.is_exc(&e, "StopAsyncIteration") {
                        return Err(Flow::Exc(e));
                    }
                    f.pop();
                }
                Instr::AsyncGenWrap => {
                    let v = f.pop();
                    f.stack.push(Value::Native(Arc::new(
                        super::value::Native::AsyncGenWrapped(v),
                    )));
                }
                Instr::SetupExcept(h) | Instr::SetupFinally(h) => f.blocks.push(Block {
                    handler: h,
                    depth: f.stack.len() as u32,
                    handling: self.handling.len() as u32,
                }),
                Instr::SetupWith(h) => f.blocks.push(Block {
                    handler: h,
                    depth: f.stack.len().saturating_sub(1) as u32,
                    handling: self.handling.len() as u32,
                }),
                Instr::PopBlock => {
                    f.blocks.pop();
                }
                Instr::BeforeWith => {
                    let mgr = f.pop();
                    let exit = self
                        .get_attr(&mgr, "__exit__")
                        .map_err(|e| self.with_protocol_error(e, &mgr))?;
                    self.call_site(traced, code.line_of(pc));
                    let entered = self.call_method(mgr, "__enter__", Args::default())?;
                    f.stack.push(exit);
                    f.stack.push(entered);
                }
                Instr::WithExit => {
                    let exit = f.pop();
                    self.call_site(traced, code.line_of(pc));
                    self.call(exit, Args::new(vec![Value::None, Value::None, Value::None]))?;
                    self.check(f)?;
                }
                Instr::WithExceptStart => {
                    let e = f.pop();
                    let exit = f.pop();
                    let r = self.exit_with(exit, &e);
                    if !self.truthy(&r?)? {
                        return Err(Flow::Exc(e));
                    }
                }
                Instr::PushExcInfo => {
                    let e = f.top().clone();
                    self.handling.push(e);
                }
                Instr::PopExcept => {
                    f.pop();
                    self.handling.pop();
                }
                Instr::StarBegin => {
                    let e = f.top().clone();
                    let state = self.star_helper("_star_begin", vec![e])?;
                    f.stack.push(state);
                }
                Instr::StarMatch => {
                    let ty = f.pop();
                    let state = f.top().clone();
                    let r = self.star_helper("_star_match", vec![state, ty])?;
                    let Value::Tuple(t) = r else {
                        return Err(self.exc("SystemError", "bad except* match"));
                    };
                    f.stack.push(t[0].clone());
                    f.stack.push(t[1].clone());
                }
                Instr::StarRaised => {
                    let e = f.pop();
                    let n = f.stack.len();
                    let state = f.stack[n - 2].clone();
                    self.star_helper("_star_raised", vec![state, e])?;
                }
                Instr::StarEnd => {
                    let state = f.pop();
                    let left = self.star_helper("_star_end", vec![state])?;
                    if !matches!(left, Value::None) {
                        return Err(Flow::Exc(left));
                    }
                }
                Instr::CheckExcMatch => {
                    let ty = f.pop();
                    let e = f.top().clone();
                    let m = self.exc_matches(&e, &ty)?;
                    f.stack.push(Value::Bool(m));
                }
                Instr::Reraise => {
                    let e = f.pop();
                    return Err(Flow::Exc(e));
                }
                Instr::Raise(n) => {
                    let cause = if n >= 2 { Some(f.pop()) } else { None };
                    let e = if n >= 1 { Some(f.pop()) } else { None };
                    return Err(self.do_raise(e, cause));
                }
                Instr::LoadAssertionError => {
                    let c = self.interp.exc_class("AssertionError");
                    f.stack.push(c);
                }
                Instr::ImportName(i) => {
                    let name = code.names[i as usize].clone();
                    self.call_site(traced, code.line_of(pc));
                    let m = self.import(&name)?;
                    f.stack.push(m);
                }
                Instr::ImportFrom(i) => {
                    let m = f.top().clone();
                    let name = &code.names[i as usize];
                    let v = self.import_from(&m, name)?;
                    f.stack.push(v);
                }
                Instr::CmpFastConstJump { .. }
                | Instr::CmpFastFastJump { .. }
                | Instr::OpFastConst { .. }
                | Instr::OpFastFast { .. } => {
                    // Not small ints: run the first fused instruction (a LOAD_FAST); the
                    // rest follow one by one.
                    let Some(&Instr::LoadFast(i)) = code.instrs.get(pc) else {
                        continue;
                    };
                    match f.locals.get(i as usize).cloned().flatten() {
                        Some(v) => f.stack.push(v),
                        None => return Err(self.unbound_local(&code.varnames[i as usize])),
                    }
                }
                Instr::ForIterStore { target, .. } => {
                    let it = f.top().clone();
                    match self.next(&it)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.pop();
                            f.pc = target as usize;
                        }
                    }
                }
                Instr::ImportStar => {
                    let m = f.pop();
                    if let Value::Module(m) = m {
                        let items: Vec<(Str, Value)> = m
                            .dict
                            .lock()
                            .iter()
                            .filter(|(k, _)| !k.starts_with('_'))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        let mut g = f.globals.dict.lock();
                        for (k, v) in items {
                            g.insert(k, v);
                        }
                    }
                }
            }
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

    /// `LOAD_GLOBAL` of `code.names[i]` through the name's inline cache: the name's index
    /// in the globals (checked against the key), or a builtin remembered with the version
    /// of the globals dict that did not have the name.
    #[inline]
    fn load_global_cached(&mut self, globals: &Module, code: &Code, i: u32) -> Result<Value, Flow> {
        let name = &code.names[i as usize];
        let Some(cache) = code.caches.get(i as usize) else {
            return self.load_global(globals, name);
        };
        {
            let g = globals.dict.lock();
            let hint = cache.global_idx.load(Ordering::Relaxed) as usize;
            if let Some(v) = entry_at(&g, hint, name) {
                return Ok(v.clone());
            }
            // Read under the lock: the version of the state looked at.
            let version = globals.dict.version();
            if let Some((cached, v)) = &*cache.builtin.lock()
                && *cached == version
            {
                return Ok(v.clone());
            }
            if let Some((idx, _, v)) = g.get_full(&**name) {
                cache.global_idx.store(idx as u32, Ordering::Relaxed);
                return Ok(v.clone());
            }
            if let Some(v) = self.interp.builtins.get(&**name) {
                *cache.builtin.lock() = Some((version, v.clone()));
                return Ok(v.clone());
            }
        }
        self.late_builtin(name)
    }

    /// `cls.lookup(name)` through the inline cache of the name (valid while no class
    /// namespace has changed).
    #[inline]
    fn class_lookup_cached(cache: &NameCache, cls: &Arc<Class>, name: &str) -> Option<Value> {
        let epoch = class_epoch();
        if let Some((c, e, v)) = &*cache.load.lock()
            && *e == epoch
            && std::ptr::eq(c.as_ptr(), Arc::as_ptr(cls))
        {
            return v.clone();
        }
        let v = cls.lookup(name);
        *cache.load.lock() = Some((Arc::downgrade(cls), epoch, v.clone()));
        v
    }

    /// `obj.name` (`code.names[i]`): an instance's own attribute or a method of its class
    /// through the inline caches, anything else by [`Vm::get_attr`].
    #[inline]
    fn load_attr_cached(&mut self, obj: &Value, code: &Code, i: u32) -> Result<Value, Flow> {
        let name = &code.names[i as usize];
        if let Value::Instance(inst) = obj
            && let Some(cache) = code.caches.get(i as usize)
        {
            match Self::class_lookup_cached(cache, &inst.class, name) {
                None => {
                    let st = inst.state.lock();
                    let hint = cache.inst_idx.load(Ordering::Relaxed) as usize;
                    if let Some(v) = entry_at(&st.dict, hint, name) {
                        return Ok(v.clone());
                    }
                    if let Some((idx, _, v)) = st.dict.get_full(&**name) {
                        cache.inst_idx.store(idx as u32, Ordering::Relaxed);
                        return Ok(v.clone());
                    }
                }
                Some(func @ Value::Function(_)) => {
                    if !inst.state.lock().dict.contains_key(&**name) {
                        return Ok(Self::bind_method(obj.clone(), func));
                    }
                }
                Some(_) => {}
            }
        }
        self.get_attr(obj, name)
    }

    /// `obj.name = v` (`code.names[i]`): a plain write to an instance's dict through the
    /// inline caches when the class has no property of that name, no `__setattr__` and is
    /// not a thread, anything else by [`Vm::set_attr`].
    #[inline]
    fn store_attr_cached(
        &mut self,
        obj: &Value,
        code: &Code,
        i: u32,
        v: Value,
    ) -> Result<(), Flow> {
        let name = &code.names[i as usize];
        if let Value::Instance(inst) = obj
            && let Some(cache) = code.caches.get(i as usize)
        {
            let epoch = class_epoch();
            let cls = &inst.class;
            let cached = match &*cache.store.lock() {
                Some((c, e, plain))
                    if *e == epoch && std::ptr::eq(c.as_ptr(), Arc::as_ptr(cls)) =>
                {
                    Some(*plain)
                }
                _ => None,
            };
            let plain = match cached {
                Some(p) => p,
                None => {
                    let plain = !matches!(cls.lookup(name), Some(Value::Property(_)))
                        && !matches!(cls.lookup("__setattr__"), Some(sa) if !matches!(sa, Value::Builtin(_)))
                        && cls.kind != crate::value::TypeKind::Thread
                        && !matches!(
                            &**name,
                            "__cause__" | "__context__" | "__suppress_context__"
                        );
                    *cache.store.lock() = Some((Arc::downgrade(cls), epoch, plain));
                    plain
                }
            };
            if plain {
                let mut st = inst.state.lock();
                let hint = cache.inst_idx.load(Ordering::Relaxed) as usize;
                if entry_at(&st.dict, hint, name).is_some() {
                    if let Some((_, slot)) = st.dict.get_index_mut(hint) {
                        *slot = v;
                    }
                    return Ok(());
                }
                match st.dict.get_full_mut(&**name) {
                    Some((idx, _, slot)) => {
                        *slot = v;
                        cache.inst_idx.store(idx as u32, Ordering::Relaxed);
                    }
                    None => {
                        st.dict.insert(name.clone(), v);
                    }
                }
                return Ok(());
            }
        }
        self.set_attr(obj, name, v)
    }

    fn load_global(&mut self, globals: &Module, name: &Str) -> Result<Value, Flow> {
        // Look up by `Str`: equal names compiled together share one allocation, so the
        // comparison is usually a pointer check.
        if let Some(v) = globals.dict.lock().get(name) {
            return Ok(v.clone());
        }
        match self.interp.builtins.get(name) {
            Some(v) => Ok(v.clone()),
            None => self.late_builtin(name),
        }
    }

    /// Calls `name(*args)` of the module behind `except*` and exception groups.
    fn star_helper(&mut self, name: &str, args: Vec<Value>) -> Result<Value, Flow> {
        let module = self.import(GROUPS_MODULE)?;
        self.call_method(module, name, Args::new(args))
    }

    /// A built-in name not in the builtins table: `ExceptionGroup` and
    /// `BaseExceptionGroup` come from their module the first time a program names them.
    fn late_builtin(&mut self, name: &str) -> Result<Value, Flow> {
        if name == "ExceptionGroup" || name == "BaseExceptionGroup" {
            let module = self.import(GROUPS_MODULE)?;
            return self.get_attr(&module, name);
        }
        Err(self.name_error(name))
    }

    fn name_error(&mut self, name: &str) -> Flow {
        let msg = format!("name '{name}' is not defined");
        let e = self.exc("NameError", &msg);
        if let Flow::Exc(Value::Instance(i)) = &e {
            i.set("name", Value::str(name));
        }
        e
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

    fn unpack_error(&mut self, want: usize, got: usize) -> Flow {
        let msg = if got > want {
            format!("too many values to unpack (expected {want})")
        } else {
            format!("not enough values to unpack (expected {want}, got {got})")
        };
        self.exc("ValueError", &msg)
    }

    fn with_protocol_error(&mut self, e: Flow, mgr: &Value) -> Flow {
        match e {
            Flow::Exc(_) => {
                let t = self.type_name(mgr);
                let msg = format!("'{t}' object does not support the context manager protocol");
                self.exc("TypeError", &msg)
            }
            other => other,
        }
    }

    /// Runs module code as `__main__`.
    pub fn run_module(&mut self, code: Arc<Code>, globals: Arc<Module>) -> Result<Value, Flow> {
        let mut f = Frame::new(code, Vec::new(), Vec::new(), globals);
        match self.run_frame(&mut f)? {
            Exit::Return(v) | Exit::Yield(v) => Ok(v),
        }
    }
}

/// Whether an instruction reads or writes memory other threads can reach (globals,
/// attributes, items, cells, the class namespace).
fn touches_shared_memory(ins: Instr) -> bool {
    matches!(
        ins,
        Instr::LoadGlobal(_)
            | Instr::StoreGlobal(_)
            | Instr::LoadName(_)
            | Instr::StoreName(_)
            | Instr::LoadAttr(_)
            | Instr::StoreAttr(_)
            | Instr::LoadDeref(_)
            | Instr::StoreDeref(_)
            | Instr::BinarySubscr
            | Instr::StoreSubscr
            | Instr::DeleteSubscr
            | Instr::CallMethod(..)
    )
}

/// `STORE_GLOBAL` (or `STORE_NAME` at module level) of `code.names[i]`: in place at the
/// index the name's cache remembers when the key there is the name (no hashing), else an
/// insert that remembers the index. The old value is dropped after the lock is released.
#[inline]
fn store_global_cached(globals: &Module, code: &Code, i: u32, v: Value) {
    let name = &code.names[i as usize];
    let Some(cache) = code.caches.get(i as usize) else {
        globals.dict.lock().insert(name.clone(), v);
        return;
    };
    let mut g = globals.dict.lock();
    let hint = cache.global_idx.load(Ordering::Relaxed) as usize;
    let old = if entry_at(&g, hint, name).is_some() {
        g.get_index_mut(hint)
            .map(|(_, slot)| std::mem::replace(slot, v))
    } else {
        let (idx, old) = g.insert_full(name.clone(), v);
        cache.global_idx.store(idx as u32, Ordering::Relaxed);
        old
    };
    drop(g);
    drop(old);
}

/// `list.append(x)`, `dict.get(k)` and `dict.get(k, default)` (key a str or an int) on
/// the value stack, whose receiver is at `at`: pops receiver and arguments and gives the
/// result, or `None` (stack untouched) for anything else.
#[inline(never)]
fn native_method_fast(stack: &mut Vec<Value>, at: usize, name: &str, n: u32) -> Option<Value> {
    match (&stack[at], name, n) {
        (Value::List(_), "append", 1) => {
            let x = stack.pop()?;
            if let Some(Value::List(l)) = stack.pop() {
                l.lock().push(x);
            }
            Some(Value::None)
        }
        (Value::Dict(_), "get", 1 | 2)
            if matches!(stack[at + 1], Value::Str(_) | Value::Int(_)) =>
        {
            let default = if n == 2 { stack.pop()? } else { Value::None };
            let k = Key(stack.pop()?);
            let Some(Value::Dict(d)) = stack.pop() else {
                return Some(Value::None);
            };
            let found = d.lock().get(&k).cloned();
            Some(found.unwrap_or(default))
        }
        _ => None,
    }
}

/// Runs a superinstruction on small ints; `Some(n)` with the number of instructions it
/// stood for beyond the first, `None` to fall back to the first instruction alone.
#[inline(always)]
fn fused(f: &mut Frame, code: &Code, ins: Instr) -> Option<usize> {
    let local = |f: &Frame, i: u16| match f.locals.get(usize::from(i)) {
        Some(Some(Value::Int(x))) => Some(*x),
        _ => None,
    };
    let konst = |k: u16| match code.consts.get(usize::from(k)) {
        Some(Value::Int(x)) => Some(*x),
        _ => None,
    };
    match ins {
        Instr::CmpFastConstJump {
            a,
            k,
            op,
            jt,
            target,
        } => {
            let (x, y) = (local(f, a)?, konst(k)?);
            if ops::cmp_i64(op, x, y) == jt {
                f.pc = target as usize;
            } else {
                f.pc += 3;
            }
            Some(3)
        }
        Instr::CmpFastFastJump {
            a,
            b,
            op,
            jt,
            target,
        } => {
            let (x, y) = (local(f, a)?, local(f, b)?);
            if ops::cmp_i64(op, x, y) == jt {
                f.pc = target as usize;
            } else {
                f.pc += 3;
            }
            Some(3)
        }
        Instr::OpFastConst { a, k, op, dst } => {
            let r = ops::int_arith(op, local(f, a)?, konst(k)?)?;
            store_int(f, dst, r);
            f.pc += 3;
            Some(3)
        }
        Instr::OpFastFast { a, b, op, dst } => {
            let r = ops::int_arith(op, local(f, a)?, local(f, b)?)?;
            store_int(f, dst, r);
            f.pc += 3;
            Some(3)
        }
        Instr::ForIterStore { target, dst } => {
            let Some(Value::Iter(it)) = f.stack.last() else {
                return None;
            };
            let mut g = it.lock();
            let super::value::Iter::Range { next, stop, step } = &mut *g else {
                return None;
            };
            let cur = *next;
            if (*step > 0 && cur < *stop) || (*step < 0 && cur > *stop) {
                *next = cur.saturating_add(*step);
                drop(g);
                store_int(f, dst, cur);
                f.pc += 1;
            } else {
                drop(g);
                f.stack.pop();
                f.pc = target as usize;
            }
            Some(1)
        }
        _ => None,
    }
}

#[inline(always)]
fn store_int(f: &mut Frame, slot: u16, v: i64) {
    if let Some(s) = f.locals.get_mut(usize::from(slot)) {
        match s {
            Some(Value::Int(x)) => *x = v,
            other => *other = Some(Value::Int(v)),
        }
    }
}

/// Executes the hot instructions that never call out (locals, constants, small-int
/// arithmetic and comparisons, jumps on bools) without touching the clock or dropping
/// values through the generic path; returns false to let the general path handle `ins`.
#[inline(always)]
fn fast_path(f: &mut Frame, code: &Code, ins: Instr) -> bool {
    match ins {
        Instr::LoadFast(i) => match f.locals.get(i as usize) {
            Some(Some(Value::Int(x))) => {
                let x = *x;
                f.stack.push(Value::Int(x));
                true
            }
            Some(Some(v)) => {
                let v = v.clone();
                f.stack.push(v);
                true
            }
            _ => false,
        },
        Instr::LoadConst(k) => match code.consts.get(k as usize) {
            Some(Value::Int(x)) => {
                f.stack.push(Value::Int(*x));
                true
            }
            Some(v) => {
                f.stack.push(v.clone());
                true
            }
            None => false,
        },
        Instr::StoreFast(i) => {
            let Some(slot) = f.locals.get_mut(i as usize) else {
                return false;
            };
            match (f.stack.last(), slot) {
                (Some(Value::Int(x)), Some(Value::Int(old))) => {
                    *old = *x;
                    std::mem::forget(f.stack.pop());
                }
                (_, slot) => *slot = f.stack.pop(),
            }
            true
        }
        Instr::BinaryOp(op, _) => {
            let n = f.stack.len();
            if n < 2 {
                return false;
            }
            let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                return false;
            };
            let Some(r) = ops::int_arith(op, *x, *y) else {
                return false;
            };
            if let Value::Int(slot) = &mut f.stack[n - 2] {
                *slot = r;
            }
            // An int needs no drop: skip the generic drop glue.
            std::mem::forget(f.stack.pop());
            true
        }
        Instr::CompareOp(op) => {
            let n = f.stack.len();
            if n < 2 {
                return false;
            }
            let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                return false;
            };
            let b = ops::cmp_i64(op, *x, *y);
            std::mem::forget(std::mem::replace(&mut f.stack[n - 2], Value::Bool(b)));
            std::mem::forget(f.stack.pop());
            true
        }
        Instr::PopJumpIfFalse(t) | Instr::PopJumpIfTrue(t) => {
            let Some(Value::Bool(b)) = f.stack.last() else {
                return false;
            };
            let jump = *b == matches!(ins, Instr::PopJumpIfTrue(_));
            std::mem::forget(f.stack.pop());
            if jump {
                f.pc = t as usize;
            }
            true
        }
        Instr::Jump(t) => {
            f.pc = t as usize;
            true
        }
        Instr::Nop => true,
        _ => false,
    }
}

/// The value of a number as a float (`None` if not a number).
pub fn ops_num(v: &Value) -> Option<f64> {
    ops::num(v).map(|n| ops::to_f64(&n))
}

fn deref_name(code: &Code, i: usize) -> Str {
    code.cellvars
        .get(i)
        .or_else(|| code.freevars.get(i - code.cellvars.len().min(i)))
        .cloned()
        .unwrap_or_else(|| Str::from("?"))
}
