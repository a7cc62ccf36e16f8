//! Jumps off the hot path: `GET_ITER` and the jumps that keep their operand
//! (`JUMP_IF_FALSE_OR_POP`, `JUMP_IF_TRUE_OR_POP`). The loop's own instructions
//! (`FOR_ITER`, the jumps on bools, the back edge) stay inline in the dispatch loop.

use super::misrouted;
use crate::bytecode::Instr;
use crate::value::Flow;
use crate::vm::{Frame, Vm};

impl Vm<'_> {
    /// `GET_ITER`, `JUMP_IF_FALSE_OR_POP`, `JUMP_IF_TRUE_OR_POP`.
    #[inline(never)]
    pub(super) fn exec_flow(&mut self, f: &mut Frame, ins: Instr) -> Result<(), Flow> {
        match ins {
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
            other => return Err(misrouted(other)),
        }
        Ok(())
    }
}
