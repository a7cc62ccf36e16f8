//! Stack shuffles: `POP_TOP` (which closes a generator dropped there), `COPY`, `SWAP`.

use std::sync::Arc;

use super::misrouted;
use crate::bytecode::{Code, Instr};
use crate::value::{Flow, Value};
use crate::vm::{Frame, Vm, coro};

impl Vm<'_> {
    /// `POP_TOP`, `COPY`, `SWAP`.
    pub(super) fn exec_stack(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        pc: usize,
        ins: Instr,
    ) -> Result<(), Flow> {
        match ins {
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
                            self.warn_never_awaited(code, pc)?;
                        }
                    } else if blocks {
                        self.close_generator(&g)?;
                    }
                }
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
            other => return Err(misrouted(other)),
        }
        Ok(())
    }
}
