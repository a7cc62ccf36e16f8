//! Imports: `IMPORT_NAME`, `IMPORT_FROM`, `IMPORT_STAR`.

use std::sync::Arc;

use super::misrouted;
use crate::bytecode::{Code, Instr};
use crate::value::{Flow, Str, Value};
use crate::vm::{Frame, Vm};

impl Vm<'_> {
    /// `IMPORT_NAME`, `IMPORT_FROM`, `IMPORT_STAR`.
    #[inline(never)]
    pub(super) fn exec_imports(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        pc: usize,
        ins: Instr,
    ) -> Result<(), Flow> {
        match ins {
            Instr::ImportName(i) => {
                let name = code.names[i as usize].clone();
                self.call_site(code, pc);
                let m = self.import(&name)?;
                f.stack.push(m);
            }
            Instr::ImportFrom(i) => {
                let m = f.top().clone();
                let name = &code.names[i as usize];
                let v = self.import_from(&m, name)?;
                f.stack.push(v);
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
            other => return Err(misrouted(other)),
        }
        Ok(())
    }
}
