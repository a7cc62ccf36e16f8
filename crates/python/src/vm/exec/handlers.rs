//! Exception handlers and `with`: the handler blocks, entering and leaving a context
//! manager, `except` matching, `except*` (through the groups module), `raise`.

use std::sync::Arc;

use super::misrouted;
use crate::bytecode::{Code, Instr};
use crate::value::{Args, Flow, Value};
use crate::vm::{Block, Frame, GROUPS_MODULE, Vm};

impl Vm<'_> {
    /// `SETUP_*`, `POP_BLOCK`, `BEFORE_WITH`, `WITH_EXIT`, `WITH_EXCEPT_START`,
    /// `PUSH_EXC_INFO`, `POP_EXCEPT`, `STAR_*`, `CHECK_EXC_MATCH`, `RERAISE`, `RAISE`,
    /// `LOAD_ASSERTION_ERROR`.
    #[inline(never)]
    pub(super) fn exec_handlers(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        pc: usize,
        ins: Instr,
    ) -> Result<(), Flow> {
        match ins {
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
                self.call_site(code, pc);
                let entered = self.call_method(mgr, "__enter__", Args::default())?;
                f.stack.push(exit);
                f.stack.push(entered);
            }
            Instr::WithExit => {
                let exit = f.pop();
                self.call_site(code, pc);
                self.call(exit, Args::new(vec![Value::None, Value::None, Value::None]))?;
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
            other => return Err(misrouted(other)),
        }
        Ok(())
    }

    /// `__exit__(type, exc, None)` (or `__aexit__`) while `e` is being handled.
    pub(super) fn exit_with(&mut self, exit: Value, e: &Value) -> Result<Value, Flow> {
        let ty = self.type_of(e);
        self.handling.push(e.clone());
        let r = self.call(
            exit,
            Args::new(vec![Value::Class(ty), e.clone(), Value::None]),
        );
        self.handling.pop();
        r
    }

    /// Calls `name(*args)` of the module behind `except*` and exception groups.
    fn star_helper(&mut self, name: &str, args: Vec<Value>) -> Result<Value, Flow> {
        let module = self.import(GROUPS_MODULE)?;
        self.call_method(module, name, Args::new(args))
    }

    /// CPython's `TypeError` for a `with` on an object that has no `__exit__`.
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
}
