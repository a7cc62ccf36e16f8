//! Where the VM's check points are in CPython's bytecode. The VM runs its own instruction
//! stream ([`crate::bytecode`]), while `gilscope dis` prints CPython 3.11's
//! ([`crate::codegen`]); a GIL handoff names the CPython instruction (and offset) after
//! which it happened. Per code object, the VM's check points and calls are paired with
//! CPython's by kind and source line: the k-th function entry, loop back edge, call or
//! `with` entry of a line in one stream is the k-th of that line in the other, when both
//! streams have as many of that kind on that line. Where they do not, the instruction has
//! no site and a handoff there names its line only: a site is never a guess.

use std::collections::HashMap;
use std::sync::Arc;

use gilscope_trace::Site;

use crate::bytecode::{Code, Instr};
use crate::codegen::CodeObject;
use crate::codegen::konst::Const;
use crate::opcode::Op;
use crate::value::Value;

/// The kinds of instruction paired between the two streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// Function entry (`RESUME 0`).
    Entry,
    /// A loop's back edge (`JUMP_BACKWARD`, `POP_JUMP_BACKWARD_IF_*`).
    BackEdge,
    /// A call (`CALL`, `CALL_FUNCTION_EX`; the VM's `CALL_KW`, `CALL_METHOD`, class
    /// creation and a `with` block's `__exit__` call are CPython `CALL`s).
    Call,
    /// A `with` block's entry (`BEFORE_WITH`, which calls `__enter__`: `with lock:`).
    With,
}

fn vm_kind(i: Instr, first_resume: bool) -> Option<Kind> {
    match i {
        Instr::Resume if first_resume => Some(Kind::Entry),
        Instr::JumpBackward(_) => Some(Kind::BackEdge),
        Instr::Call(_)
        | Instr::CallKw(..)
        | Instr::CallEx(_)
        | Instr::CallMethod(..)
        | Instr::MakeClass(..)
        | Instr::WithExit => Some(Kind::Call),
        Instr::BeforeWith => Some(Kind::With),
        _ => None,
    }
}

fn cpython_kind(op: Op, arg: u32) -> Option<Kind> {
    match op {
        Op::Resume if arg == 0 => Some(Kind::Entry),
        Op::JumpBackward
        | Op::PopJumpBackwardIfFalse
        | Op::PopJumpBackwardIfTrue
        | Op::PopJumpBackwardIfNone
        | Op::PopJumpBackwardIfNotNone => Some(Kind::BackEdge),
        Op::Call | Op::CallFunctionEx => Some(Kind::Call),
        Op::BeforeWith => Some(Kind::With),
        _ => None,
    }
}

/// The sites of `vm`'s instructions (one per instruction, [`Site::UNKNOWN`] where there is
/// none) given CPython's code object `cp` for the same source.
pub fn sites_of(vm: &Code, cp: &CodeObject) -> Box<[Site]> {
    let mut out = vec![Site::UNKNOWN; vm.instrs.len()].into_boxed_slice();
    let mut theirs: HashMap<(Kind, u32), Vec<(Op, u32)>> = HashMap::new();
    for ins in &cp.instrs {
        if let (Some(k), Some(line)) = (cpython_kind(ins.op, ins.arg), ins.line) {
            theirs
                .entry((k, line))
                .or_default()
                .push((ins.op, ins.offset));
        }
    }
    let mut ours: HashMap<(Kind, u32), Vec<usize>> = HashMap::new();
    let mut first_resume = true;
    for (pc, &ins) in vm.instrs.iter().enumerate() {
        if let Some(k) = vm_kind(ins, first_resume) {
            ours.entry((k, vm.line_of(pc))).or_default().push(pc);
        }
        if ins == Instr::Resume {
            first_resume = false;
        }
    }
    for (key, pcs) in ours {
        let Some(cps) = theirs.get(&key) else {
            continue;
        };
        if cps.len() != pcs.len() {
            continue;
        }
        for (pc, &(op, offset)) in pcs.into_iter().zip(cps) {
            out[pc] = Site::new(op as u8, Some(offset));
        }
    }
    out
}

/// Attaches to every code object of `vm` (the module and the code nested in it) its sites
/// against CPython's code object `cp` of the same source; code objects are paired by name
/// and first line, in order.
pub fn attach(vm: &Arc<Code>, cp: &CodeObject) {
    let mut theirs: HashMap<(String, u32), Vec<&CodeObject>> = HashMap::new();
    collect_cpython(cp, &mut theirs);
    let mut ours: Vec<Arc<Code>> = Vec::new();
    collect_vm(vm, &mut ours);
    let mut taken: HashMap<(String, u32), usize> = HashMap::new();
    for code in ours {
        let key = (code.name.to_string(), code.first_line);
        let n = taken.entry(key.clone()).or_insert(0);
        let Some(&other) = theirs.get(&key).and_then(|v| v.get(*n)) else {
            continue;
        };
        *n += 1;
        let _ = code.sites.set(sites_of(&code, other));
    }
}

fn collect_cpython<'a>(cp: &'a CodeObject, out: &mut HashMap<(String, u32), Vec<&'a CodeObject>>) {
    out.entry((cp.name.clone(), cp.firstlineno))
        .or_default()
        .push(cp);
    for c in &cp.consts {
        if let Const::Code(inner) = c {
            collect_cpython(inner, out);
        }
    }
}

fn collect_vm(code: &Arc<Code>, out: &mut Vec<Arc<Code>>) {
    out.push(Arc::clone(code));
    for c in &code.consts {
        if let Value::Code(inner) = c {
            collect_vm(inner, out);
        }
    }
}
