//! The operators off the small-int fast path: unary operators, `is`, `in`.
//! (`BINARY_OP` and `COMPARE_OP` stay inline in the dispatch loop.)

use super::misrouted;
use crate::bytecode::{Instr, UnOp};
use crate::value::{Flow, Value};
use crate::vm::{Frame, Vm};

impl Vm<'_> {
    /// `UNARY_OP`, `IS_OP`, `CONTAINS_OP`.
    #[inline(never)]
    pub(super) fn exec_arith(&mut self, f: &mut Frame, ins: Instr) -> Result<(), Flow> {
        match ins {
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
            other => return Err(misrouted(other)),
        }
        Ok(())
    }
}
