//! Creating functions and classes: `MAKE_FUNCTION`, `MAKE_CLASS` (which runs the class
//! body, so it is a check point like a call).

use std::sync::Arc;

use super::misrouted;
use crate::bytecode::{Code, Instr, METACLASS_FLAG};
use crate::value::{Flow, Str, Value};
use crate::vm::{Frame, Vm};

impl Vm<'_> {
    /// `MAKE_FUNCTION`, `MAKE_CLASS`.
    #[inline(never)]
    pub(super) fn exec_make(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        pc: usize,
        ins: Instr,
    ) -> Result<(), Flow> {
        match ins {
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
                self.call_site(code, pc);
                let cls = self.make_class(c, &f.globals, bases, closure)?;
                f.stack.push(cls);
            }
            other => return Err(misrouted(other)),
        }
        Ok(())
    }
}
