//! Generators and coroutines: `yield`, `yield from` / `await` (and an exception thrown
//! into a frame suspended there), async iteration and `async with`.

use std::sync::Arc;

use super::misrouted;
use crate::bytecode::{Code, Instr};
use crate::value::{Args, Flow, Native, Value};
use crate::vm::{Exit, Frame, Vm, coro};

impl Vm<'_> {
    /// `YIELD_VALUE`, `YIELD_FROM`, `GET_AWAITABLE`, `BEFORE_ASYNC_WITH`,
    /// `ASYNC_WITH_EXIT`, `ASYNC_WITH_EXCEPT_START`, `ASYNC_WITH_EXCEPT_END`, `GET_AITER`,
    /// `GET_ANEXT`, `END_ASYNC_FOR`, `ASYNC_GEN_WRAP`: `Some` when the frame suspends.
    #[inline(never)]
    pub(super) fn exec_gens(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        pc: usize,
        ins: Instr,
    ) -> Result<Option<Exit>, Flow> {
        match ins {
            Instr::YieldValue => return Ok(Some(Exit::Yield(f.pop()))),
            Instr::YieldFrom => {
                let sent = f.pop();
                let sub = f.top().clone();
                match self.delegate_send(&sub, sent)? {
                    coro::Step::Yield(v) => {
                        f.pc = pc;
                        return Ok(Some(Exit::Yield(v)));
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
                self.call_site(code, pc);
                let entered = self.call_method(mgr, "__aenter__", Args::default())?;
                f.stack.push(exit);
                f.stack.push(entered);
            }
            Instr::AsyncWithExit => {
                let exit = f.pop();
                self.call_site(code, pc);
                let aw = self.call(exit, Args::new(vec![Value::None, Value::None, Value::None]))?;
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
                f.stack
                    .push(Value::Native(Arc::new(Native::AsyncGenWrapped(v))));
            }
            other => return Err(misrouted(other)),
        }
        Ok(None)
    }

    /// An exception thrown into the frame (`throw()`, `close()`) as it resumes: raised
    /// where it is suspended, or, inside `yield from` / `await`, handed to the delegate;
    /// `Some` when the delegate yields again.
    pub(super) fn exec_thrown(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        e: Value,
    ) -> Result<Option<Exit>, Flow> {
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
                return Ok(Some(Exit::Yield(v)));
            }
            coro::Step::Return(r) => {
                f.pop();
                f.stack.push(r);
            }
        }
        Ok(None)
    }
}
