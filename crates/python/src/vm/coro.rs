//! Coroutines, `await` and async generators.
//!
//! A coroutine is a generator frame underneath (`Value::Generator` of a code of kind
//! `Coroutine`): `await x` is `yield from` over the iterator `x` gives (`GET_AWAITABLE`),
//! and `YIELD_FROM` passes what is sent to the frame and what is thrown into it on to that
//! delegate, so a task's `send(None)` or a cancellation reaches the innermost `await`.
//! An async generator's own `yield` wraps its value (`ASYNC_GEN_WRAP`): the awaitable of
//! `__anext__()` ([`AsyncGenOp`]) finishes with a wrapped value and passes anything else
//! (the suspensions of the awaits inside it) up to whoever drives it.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use parking_lot::Mutex;

use super::Vm;
use crate::bytecode::CodeKind;
use crate::value::{Args, Flow, Fork, Generator, Native, NativeObject, Value};

thread_local! {
    /// Whether coroutines freed on this thread wait for their "never awaited" warning.
    static NEVER_AWAITED: Cell<bool> = const { Cell::new(false) };
    /// Their qualified names.
    static NEVER_AWAITED_NAMES: RefCell<Vec<crate::value::Str>> =
        const { RefCell::new(Vec::new()) };
}

/// Records that a coroutine named `qualname` was freed without ever running (its
/// warning is printed at the next check point of the thread that freed it).
pub fn note_never_awaited(qualname: &crate::value::Str) {
    NEVER_AWAITED.with(|f| f.set(true));
    NEVER_AWAITED_NAMES.with(|n| n.borrow_mut().push(qualname.clone()));
}

/// Whether "never awaited" warnings wait to be printed on this thread.
#[inline]
pub fn never_awaited_pending() -> bool {
    NEVER_AWAITED.with(Cell::get)
}

impl Drop for Generator {
    fn drop(&mut self) {
        // A coroutine freed before it ever ran was never awaited: CPython warns when it
        // frees it; the VM warns at its next check point.
        let unstarted = self.frame.get_mut().as_ref().is_some_and(|f| f.pc == 0);
        if unstarted
            && self.code.kind == CodeKind::Coroutine
            && !self.done.load(std::sync::atomic::Ordering::Relaxed)
        {
            note_never_awaited(&self.code.qualname);
        }
    }
}

fn take_never_awaited() -> Vec<crate::value::Str> {
    NEVER_AWAITED.with(|f| f.set(false));
    NEVER_AWAITED_NAMES.with(|n| std::mem::take(&mut *n.borrow_mut()))
}

/// One step of a delegate driven by `YIELD_FROM`.
pub enum Step {
    /// It suspended with this value (which the delegating frame yields too).
    Yield(Value),
    /// It finished with this result.
    Return(Value),
}

/// What an async generator's awaitable does when first driven.
#[derive(Debug)]
pub enum AsyncGenOpKind {
    /// `__anext__()` / `asend(value)`.
    Send(Value),
    /// `athrow(exc)`.
    Throw(Value),
    /// `aclose()`.
    Close,
}

/// The awaitable of `__anext__()`, `asend()`, `athrow()` or `aclose()` of an async
/// generator.
#[derive(Debug)]
pub struct AsyncGenOp {
    /// The async generator.
    pub agen: Arc<Generator>,
    /// What to do first.
    pub kind: AsyncGenOpKind,
    /// 0 not started, 1 running, 2 finished.
    pub state: Mutex<u8>,
}

impl NativeObject for AsyncGenOp {
    fn type_name(&self) -> &'static str {
        "async_generator_asend"
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "send" | "throw" | "close" | "__await__" | "__iter__" | "__next__"
        )
    }

    fn call_method(
        &self,
        vm: &mut Vm<'_>,
        this: &Value,
        name: &str,
        args: Args,
    ) -> Result<Option<Value>, Flow> {
        vm.agen_op_method(this, name, args)
    }

    /// The child's awaitable drives the child's copy of the generator.
    fn fork(&self, this: &Value, fork: &mut dyn Fork) -> Value {
        let Value::Generator(agen) = fork.copy(&Value::Generator(Arc::clone(&self.agen))) else {
            return this.clone();
        };
        let kind = match &self.kind {
            AsyncGenOpKind::Send(x) => AsyncGenOpKind::Send(fork.copy(x)),
            AsyncGenOpKind::Throw(x) => AsyncGenOpKind::Throw(fork.copy(x)),
            AsyncGenOpKind::Close => AsyncGenOpKind::Close,
        };
        Value::native(AsyncGenOp {
            agen,
            kind,
            state: Mutex::new(*self.state.lock()),
        })
    }
}

/// What `coroutine.__await__()` returns: an iterator over the coroutine's suspensions
/// (CPython's `coroutine_wrapper`), so that a class whose `__await__` returns it, or
/// `yield from`s it, awaits the coroutine.
#[derive(Debug)]
pub struct CoroWrapper {
    /// The coroutine it drives.
    pub coro: Value,
}

impl CoroWrapper {
    /// The wrapper of coroutine `coro`.
    pub fn wrap(coro: &Value) -> Value {
        Value::native(CoroWrapper { coro: coro.clone() })
    }
}

impl NativeObject for CoroWrapper {
    fn type_name(&self) -> &'static str {
        "coroutine_wrapper"
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(name, "send" | "throw" | "close" | "__iter__" | "__next__")
    }

    fn call_method(
        &self,
        vm: &mut Vm<'_>,
        this: &Value,
        name: &str,
        args: Args,
    ) -> Result<Option<Value>, Flow> {
        match name {
            "__iter__" => Ok(Some(this.clone())),
            "__next__" => vm
                .call_method(self.coro.clone(), "send", Args::new(vec![Value::None]))
                .map(Some),
            "send" | "throw" | "close" => vm.call_method(self.coro.clone(), name, args).map(Some),
            _ => Ok(None),
        }
    }

    fn iter(&self, _vm: &mut Vm<'_>, this: &Value) -> Result<Option<Value>, Flow> {
        Ok(Some(this.clone()))
    }

    fn fork(&self, this: &Value, fork: &mut dyn Fork) -> Value {
        match fork.copy(&self.coro) {
            coro @ Value::Generator(_) => Value::native(CoroWrapper { coro }),
            _ => this.clone(),
        }
    }
}

/// Whether `g` is a coroutine (not a generator or an async generator).
pub fn is_coroutine(g: &Generator) -> bool {
    g.code.kind == CodeKind::Coroutine
}

/// Whether `g` is an async generator.
pub fn is_async_gen(g: &Generator) -> bool {
    g.code.kind == CodeKind::AsyncGenerator
}

impl Vm<'_> {
    /// `GET_AWAITABLE`: the iterator `await v` drives.
    pub fn get_awaitable(&mut self, v: Value) -> Result<Value, Flow> {
        match &v {
            Value::Generator(g) if is_coroutine(g) => {
                if g.done.load(std::sync::atomic::Ordering::Relaxed) {
                    return Err(self.exc("RuntimeError", "cannot reuse already awaited coroutine"));
                }
                Ok(v)
            }
            Value::Native(_) if v.downcast::<AsyncGenOp>().is_some() => Ok(v),
            Value::Instance(i) if i.class.lookup("__await__").is_some() => {
                let it = self.call_method(v.clone(), "__await__", Args::default())?;
                if let Some(w) = it.downcast::<CoroWrapper>() {
                    return Ok(w.coro.clone());
                }
                if matches!(&it, Value::Generator(g) if is_coroutine(g)) {
                    return Err(self.exc("TypeError", "__await__() returned a coroutine"));
                }
                let ok = match &it {
                    Value::Generator(g) => !is_async_gen(g),
                    Value::Iter(_) => true,
                    Value::Instance(i) => i.class.lookup("__next__").is_some(),
                    _ => false,
                };
                if ok {
                    Ok(it)
                } else {
                    let msg = format!(
                        "__await__() returned non-iterator of type '{}'",
                        self.type_name(&it)
                    );
                    Err(self.exc("TypeError", &msg))
                }
            }
            _ => {
                let msg = format!(
                    "object {} can't be used in 'await' expression",
                    self.type_name(&v)
                );
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// Sends `sent` to the delegate of a `yield from` / `await`.
    pub fn delegate_send(&mut self, sub: &Value, sent: Value) -> Result<Step, Flow> {
        if let Some(w) = sub.downcast::<CoroWrapper>() {
            return self.delegate_send(&w.coro, sent);
        }
        match sub {
            Value::Generator(g) => {
                if !matches!(sent, Value::None)
                    && g.frame.lock().as_ref().is_some_and(|f| f.pc == 0)
                {
                    let what = if is_coroutine(g) {
                        "coroutine"
                    } else {
                        "generator"
                    };
                    let msg = format!("can't send non-None value to a just-started {what}");
                    return Err(self.exc("TypeError", &msg));
                }
                match self.resume(g, sent)? {
                    Some(v) => Ok(Step::Yield(v)),
                    None => Ok(Step::Return(g.ret.lock().take().unwrap_or(Value::None))),
                }
            }
            Value::Native(n) => match n.downcast::<AsyncGenOp>() {
                Some(op) => self.agen_op_send(op, sent),
                None => match self.next(sub)? {
                    Some(v) => Ok(Step::Yield(v)),
                    None => Ok(Step::Return(Value::None)),
                },
            },
            Value::Instance(_) => {
                let r = if matches!(sent, Value::None) {
                    self.call_method(sub.clone(), "__next__", Args::default())
                } else {
                    self.call_method(sub.clone(), "send", Args::new(vec![sent]))
                };
                self.instance_step(r)
            }
            _ => match self.next(sub)? {
                Some(v) => Ok(Step::Yield(v)),
                None => Ok(Step::Return(Value::None)),
            },
        }
    }

    /// Throws `exc` into the delegate of a `yield from` / `await` (a `GeneratorExit`
    /// closes the delegate and is raised here, as CPython does).
    pub fn delegate_throw(&mut self, sub: &Value, exc: Value) -> Result<Step, Flow> {
        if let Some(w) = sub.downcast::<CoroWrapper>() {
            return self.delegate_throw(&w.coro, exc);
        }
        let closing = self.is_exc(&exc, "GeneratorExit");
        match sub {
            Value::Generator(g) => {
                if closing {
                    self.close_generator(g)?;
                    return Err(Flow::Exc(exc));
                }
                match self.throw_into(g, exc)? {
                    Some(v) => Ok(Step::Yield(v)),
                    None => Ok(Step::Return(g.ret.lock().take().unwrap_or(Value::None))),
                }
            }
            Value::Native(n) => match n.downcast::<AsyncGenOp>() {
                Some(op) => {
                    if closing {
                        *op.state.lock() = 2;
                        return Err(Flow::Exc(exc));
                    }
                    let r = self.throw_into(&op.agen, exc);
                    self.agen_step(op, r)
                }
                None => Err(Flow::Exc(exc)),
            },
            Value::Instance(i) => {
                if closing {
                    if i.class.lookup("close").is_some() {
                        self.call_method(sub.clone(), "close", Args::default())?;
                    }
                    return Err(Flow::Exc(exc));
                }
                if i.class.lookup("throw").is_none() {
                    return Err(Flow::Exc(exc));
                }
                let r = self.call_method(sub.clone(), "throw", Args::new(vec![exc]));
                self.instance_step(r)
            }
            _ => Err(Flow::Exc(exc)),
        }
    }

    /// A delegate's `__next__`/`send`/`throw` result: `StopIteration` is its return.
    fn instance_step(&mut self, r: Result<Value, Flow>) -> Result<Step, Flow> {
        match r {
            Ok(v) => Ok(Step::Yield(v)),
            Err(Flow::Exc(e)) if self.is_exc(&e, "StopIteration") => {
                Ok(Step::Return(self.stop_value(&e)))
            }
            Err(e) => Err(e),
        }
    }

    /// `StopIteration.value`.
    pub fn stop_value(&mut self, e: &Value) -> Value {
        match e {
            Value::Instance(i) => match i.get("value") {
                Some(v) => v,
                None => match i.get("args") {
                    Some(Value::Tuple(t)) => t.first().cloned().unwrap_or(Value::None),
                    _ => Value::None,
                },
            },
            _ => Value::None,
        }
    }

    fn agen_op_send(&mut self, op: &AsyncGenOp, sent: Value) -> Result<Step, Flow> {
        let state = *op.state.lock();
        if state == 2 {
            return Err(self.exc(
                "RuntimeError",
                "cannot reuse already awaited __anext__()/asend()",
            ));
        }
        *op.state.lock() = 1;
        let r = if state == 0 {
            match &op.kind {
                AsyncGenOpKind::Send(v) => {
                    let v = if matches!(sent, Value::None) {
                        v.clone()
                    } else {
                        sent
                    };
                    if op.agen.done.load(std::sync::atomic::Ordering::Relaxed) {
                        *op.state.lock() = 2;
                        return Err(self.stop_async());
                    }
                    self.resume(&op.agen, v)
                }
                AsyncGenOpKind::Throw(e) => self.throw_into(&op.agen, e.clone()),
                AsyncGenOpKind::Close => {
                    let cls = self.interp.types.get("GeneratorExit");
                    let e = self.new_exception(cls, Vec::new());
                    self.throw_into(&op.agen, e)
                }
            }
        } else {
            self.resume(&op.agen, sent)
        };
        self.agen_step(op, r)
    }

    /// What one resumption of an async generator means for the awaitable driving it.
    fn agen_step(&mut self, op: &AsyncGenOp, r: Result<Option<Value>, Flow>) -> Result<Step, Flow> {
        let closing = matches!(op.kind, AsyncGenOpKind::Close);
        match r {
            Ok(Some(Value::Native(n))) if matches!(&*n, Native::AsyncGenWrapped(_)) => {
                *op.state.lock() = 2;
                if closing {
                    return Err(self.exc("RuntimeError", "async generator ignored GeneratorExit"));
                }
                match &*n {
                    Native::AsyncGenWrapped(v) => Ok(Step::Return(v.clone())),
                    _ => Ok(Step::Return(Value::None)),
                }
            }
            Ok(Some(v)) => Ok(Step::Yield(v)),
            Ok(None) => {
                *op.state.lock() = 2;
                if closing {
                    Ok(Step::Return(Value::None))
                } else {
                    Err(self.stop_async())
                }
            }
            Err(Flow::Exc(e))
                if closing
                    && (self.is_exc(&e, "GeneratorExit")
                        || self.is_exc(&e, "StopAsyncIteration")) =>
            {
                *op.state.lock() = 2;
                Ok(Step::Return(Value::None))
            }
            Err(e) => {
                *op.state.lock() = 2;
                Err(e)
            }
        }
    }

    fn stop_async(&mut self) -> Flow {
        let cls = self.interp.types.get("StopAsyncIteration");
        Flow::Exc(self.new_exception(cls, Vec::new()))
    }

    /// An awaitable of async generator `g`.
    pub fn agen_op(g: &Arc<Generator>, kind: AsyncGenOpKind) -> Value {
        Value::native(AsyncGenOp {
            agen: Arc::clone(g),
            kind,
            state: Mutex::new(0),
        })
    }

    /// `GET_AITER`: `obj.__aiter__()`.
    pub fn get_aiter(&mut self, v: Value) -> Result<Value, Flow> {
        match &v {
            Value::Generator(g) if is_async_gen(g) => Ok(v),
            Value::Instance(i) if i.class.lookup("__aiter__").is_some() => {
                self.call_method(v, "__aiter__", Args::default())
            }
            _ => {
                let msg = format!(
                    "'async for' requires an object with __aiter__ method, got {}",
                    self.type_name(&v)
                );
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// `GET_ANEXT`: the awaitable of `aiter.__anext__()`.
    pub fn get_anext(&mut self, it: &Value) -> Result<Value, Flow> {
        match it {
            Value::Generator(g) if is_async_gen(g) => {
                Ok(Self::agen_op(g, AsyncGenOpKind::Send(Value::None)))
            }
            Value::Instance(i) if i.class.lookup("__anext__").is_some() => {
                let a = self.call_method(it.clone(), "__anext__", Args::default())?;
                self.get_awaitable(a).map_err(|e| match e {
                    Flow::Exc(_) => {
                        let msg = "'async for' received an invalid object from __anext__";
                        self.exc("TypeError", msg)
                    }
                    other => other,
                })
            }
            _ => {
                let msg = format!(
                    "'async for' requires an iterator with __anext__ method, got {}",
                    self.type_name(it)
                );
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// The methods of async generators (`__anext__`, `asend`, `athrow`, `aclose`,
    /// `__aiter__`).
    pub fn agen_method(
        &mut self,
        this: &Value,
        g: &Arc<Generator>,
        name: &str,
        args: &Args,
    ) -> Result<Option<Value>, Flow> {
        let arg = args.pos.first().cloned().unwrap_or(Value::None);
        Ok(Some(match name {
            "__aiter__" => this.clone(),
            "__anext__" => Self::agen_op(g, AsyncGenOpKind::Send(Value::None)),
            "asend" => Self::agen_op(g, AsyncGenOpKind::Send(arg)),
            "athrow" => {
                let exc = match arg {
                    Value::Class(c) => self.call(Value::Class(c), Args::default())?,
                    other => other,
                };
                Self::agen_op(g, AsyncGenOpKind::Throw(exc))
            }
            "aclose" => Self::agen_op(g, AsyncGenOpKind::Close),
            _ => return Ok(None),
        }))
    }

    /// `send`, `throw`, `close` of an async generator's awaitable driven by hand (as a task
    /// drives a coroutine).
    pub fn agen_op_method(
        &mut self,
        this: &Value,
        name: &str,
        args: Args,
    ) -> Result<Option<Value>, Flow> {
        let arg = args.pos.first().cloned().unwrap_or(Value::None);
        let step = match name {
            "__await__" | "__iter__" => return Ok(Some(this.clone())),
            "send" => self.delegate_send(this, arg)?,
            "__next__" => self.delegate_send(this, Value::None)?,
            "throw" => {
                let exc = match arg {
                    Value::Class(c) => self.call(Value::Class(c), Args::default())?,
                    other => other,
                };
                self.delegate_throw(this, exc)?
            }
            "close" => {
                if let Some(op) = this.downcast::<AsyncGenOp>() {
                    *op.state.lock() = 2;
                }
                return Ok(Some(Value::None));
            }
            _ => return Ok(None),
        };
        match step {
            Step::Yield(v) => Ok(Some(v)),
            Step::Return(r) => {
                let cls = self.interp.types.get("StopIteration");
                Err(Flow::Exc(self.new_exception(cls, vec![r])))
            }
        }
    }

    /// `RuntimeWarning: coroutine 'f' was never awaited` for the coroutines freed without
    /// ever running, at `code`'s instruction `pc` (where CPython's frame was when it freed
    /// them). Each location warns once, as Python's default warning filter does.
    pub fn warn_never_awaited(
        &mut self,
        code: &crate::bytecode::Code,
        pc: usize,
    ) -> Result<(), Flow> {
        // Freed inside the library: in CPython an exception's frames or the loop usually
        // still hold it, until the interpreter finalizes; warn then.
        if code.file.library.is_some() {
            let names = take_never_awaited();
            self.interp.unawaited_at_exit.lock().extend(names);
            return Ok(());
        }
        for qualname in take_never_awaited() {
            let line = code.line_of(pc);
            let msg = "coroutine was never awaited";
            {
                let mut w = self.interp.warned.lock();
                if w.contains(&(line, msg)) {
                    continue;
                }
                w.push((line, msg));
            }
            let path = code.file.path.clone();
            let src = code.file.index.line(line).trim().to_owned();
            let text = format!(
                "{path}:{line}: RuntimeWarning: coroutine '{qualname}' was never awaited\n  \
                 {src}\nRuntimeWarning: Enable tracemalloc to get the object allocation \
                 traceback\n"
            );
            self.write_stderr(&text)?;
        }
        Ok(())
    }

    /// The "never awaited" warnings still waiting when the program ends: CPython frees
    /// those coroutines while it finalizes, with no frame running, and says `sys:1`.
    pub fn warn_never_awaited_at_exit(&mut self) -> Result<(), Flow> {
        let mut seen: Vec<crate::value::Str> = Vec::new();
        let mut names = std::mem::take(&mut *self.interp.unawaited_at_exit.lock());
        names.extend(take_never_awaited());
        for qualname in names {
            if seen.contains(&qualname) {
                continue;
            }
            let text = format!("sys:1: RuntimeWarning: coroutine '{qualname}' was never awaited\n");
            self.write_stderr(&text)?;
            seen.push(qualname);
        }
        Ok(())
    }
}
