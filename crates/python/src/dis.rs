//! `gilscope dis`: the bytecode of every code object, with source lines, in the spirit of
//! CPython's `dis` module. Instructions that can give up the GIL are marked.

use std::fmt::Write as _;
use std::sync::Arc;

use super::bytecode::{Code, Instr};
use super::program::FrontError;
use super::source::LineIndex;
use super::value::Value;

/// One code object's disassembly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeListing {
    /// Its qualified name (`<module>`, `f`, `A.m`).
    pub qualname: String,
    /// Its first source line.
    pub first_line: u32,
    /// One row per instruction.
    pub rows: Vec<DisRow>,
}

/// One instruction of a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisRow {
    /// Instruction index.
    pub index: usize,
    /// Source line.
    pub line: u32,
    /// Opcode name (`LOAD_FAST`).
    pub op: String,
    /// Argument, as text (empty if none).
    pub arg: String,
    /// Whether the eval breaker is checked here (a point where the GIL can change hands).
    pub check: bool,
}

/// Every code object reachable from `code`, depth first in source order.
pub fn listings(code: &Arc<Code>) -> Vec<CodeListing> {
    let mut out = Vec::new();
    walk(code, &mut out);
    out
}

fn walk(code: &Arc<Code>, out: &mut Vec<CodeListing>) {
    out.push(listing(code));
    for c in &code.consts {
        if let Value::Code(inner) = c {
            walk(inner, out);
        }
    }
}

fn const_repr(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => b.to_string(),
        Value::Float(f) => super::format::float_repr(*f),
        Value::Str(s) => super::format::str_repr(s),
        Value::Tuple(t) => {
            let parts: Vec<String> = t.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Value::Code(c) => format!("<code object {}>", c.name),
        Value::Ellipsis => "Ellipsis".into(),
        _ => "?".into(),
    }
}

fn listing(code: &Code) -> CodeListing {
    let name = |i: u32| {
        code.names
            .get(i as usize)
            .map_or("?".to_owned(), |n| n.to_string())
    };
    let var = |i: u32| {
        code.varnames
            .get(i as usize)
            .map_or("?".to_owned(), |n| n.to_string())
    };
    let cell = |i: u32| {
        let i = i as usize;
        code.cellvars
            .get(i)
            .or_else(|| code.freevars.get(i.wrapping_sub(code.cellvars.len())))
            .map_or("?".to_owned(), |n| n.to_string())
    };
    let konst = |i: u32| {
        code.consts
            .get(i as usize)
            .map_or("?".to_owned(), const_repr)
    };
    let rows = code
        .instrs
        .iter()
        .enumerate()
        .map(|(index, ins)| {
            let arg: String = match *ins {
                Instr::Resume => String::new(),
                Instr::Nop => String::new(),
                Instr::LoadConst(i) => format!("{i} ({})", konst(i)),
                Instr::LoadFast(i) => format!("{i} ({})", var(i)),
                Instr::StoreFast(i) => format!("{i} ({})", var(i)),
                Instr::DeleteFast(i) => format!("{i} ({})", var(i)),
                Instr::LoadDeref(i) => format!("{i} ({})", cell(i)),
                Instr::StoreDeref(i) => format!("{i} ({})", cell(i)),
                Instr::LoadClosure(i) => format!("{i} ({})", cell(i)),
                Instr::LoadGlobal(i) => format!("{i} ({})", name(i)),
                Instr::StoreGlobal(i) => format!("{i} ({})", name(i)),
                Instr::DeleteGlobal(i) => format!("{i} ({})", name(i)),
                Instr::LoadName(i) => format!("{i} ({})", name(i)),
                Instr::StoreName(i) => format!("{i} ({})", name(i)),
                Instr::DeleteName(i) => format!("{i} ({})", name(i)),
                Instr::LoadAttr(i) => format!("{i} ({})", name(i)),
                Instr::StoreAttr(i) => format!("{i} ({})", name(i)),
                Instr::DeleteAttr(i) => format!("{i} ({})", name(i)),
                Instr::BinarySubscr => String::new(),
                Instr::StoreSubscr => String::new(),
                Instr::DeleteSubscr => String::new(),
                Instr::BinaryOp(op, inplace) => {
                    format!("({}{})", op.symbol(), if inplace { "=" } else { "" })
                }
                Instr::UnaryOp(_) => String::new(),
                Instr::CompareOp(op) => format!("({})", op.symbol()),
                Instr::IsOp(inv) => format!("{}", u8::from(inv)),
                Instr::ContainsOp(inv) => format!("{}", u8::from(inv)),
                Instr::PopTop => String::new(),
                Instr::Copy(n) => n.to_string(),
                Instr::Swap(n) => n.to_string(),
                Instr::BuildTuple(n) => n.to_string(),
                Instr::BuildList(n) => n.to_string(),
                Instr::BuildSet(n) => n.to_string(),
                Instr::BuildMap(n) => n.to_string(),
                Instr::BuildSlice(n) => n.to_string(),
                Instr::BuildString(n) => n.to_string(),
                Instr::ListAppend(n) => n.to_string(),
                Instr::SetAdd(n) => n.to_string(),
                Instr::SetUpdate(n) => n.to_string(),
                Instr::MapAdd(n) => n.to_string(),
                Instr::ListExtend(n) => n.to_string(),
                Instr::DictUpdate(n) => n.to_string(),
                Instr::ListToTuple => String::new(),
                Instr::FormatValue(c, s) => format!(
                    "{}{}",
                    ["", "(str)", "(repr)", "(ascii)"][usize::from(c.min(3))],
                    if s { " (with format)" } else { "" }
                ),
                Instr::UnpackSequence(n) => n.to_string(),
                Instr::UnpackEx(a, b) => format!("{a}, {b}"),
                Instr::GetIter => String::new(),
                Instr::ForIter(t) => format!("to {t}"),
                Instr::Jump(t) => format!("to {t}"),
                Instr::JumpBackward(t) => format!("to {t}"),
                Instr::PopJumpIfFalse(t) => format!("to {t}"),
                Instr::PopJumpIfTrue(t) => format!("to {t}"),
                Instr::JumpIfFalseOrPop(t) => format!("to {t}"),
                Instr::JumpIfTrueOrPop(t) => format!("to {t}"),
                Instr::Call(n) => n.to_string(),
                Instr::CallKw(n, k) => format!("{n} {}", konst(k)),
                Instr::CallEx(kw) => u8::from(kw).to_string(),
                Instr::CallMethod(i, n) => format!("{n} ({})", name(i)),
                Instr::MakeFunction(k, f) => format!("{f} {}", konst(k)),
                Instr::MakeClass(k, n, _) => format!("{n} {}", konst(k)),
                Instr::ReturnValue => String::new(),
                Instr::YieldValue => String::new(),
                Instr::YieldFrom => String::new(),
                Instr::GetAwaitable => String::new(),
                Instr::BeforeAsyncWith => String::new(),
                Instr::AsyncWithExit => String::new(),
                Instr::AsyncWithExceptStart => String::new(),
                Instr::AsyncWithExceptEnd => String::new(),
                Instr::GetAIter => String::new(),
                Instr::GetANext => String::new(),
                Instr::EndAsyncFor => String::new(),
                Instr::AsyncGenWrap => String::new(),
                Instr::SetupExcept(t) => format!("to {t}"),
                Instr::SetupFinally(t) => format!("to {t}"),
                Instr::SetupWith(t) => format!("to {t}"),
                Instr::PopBlock => String::new(),
                Instr::BeforeWith => String::new(),
                Instr::WithExit => String::new(),
                Instr::WithExceptStart => String::new(),
                Instr::PushExcInfo => String::new(),
                Instr::PopExcept => String::new(),
                Instr::CheckExcMatch => String::new(),
                Instr::StarBegin => String::new(),
                Instr::StarMatch => String::new(),
                Instr::StarRaised => String::new(),
                Instr::StarEnd => String::new(),
                Instr::Reraise => String::new(),
                Instr::Raise(n) => n.to_string(),
                Instr::LoadAssertionError => String::new(),
                Instr::ImportName(i) => format!("{i} ({})", name(i)),
                Instr::ImportFrom(i) => format!("{i} ({})", name(i)),
                Instr::ImportStar => String::new(),
                Instr::CmpFastConstJump { .. }
                | Instr::CmpFastFastJump { .. }
                | Instr::OpFastConst { .. }
                | Instr::OpFastFast { .. }
                | Instr::ForIterStore { .. } => String::new(),
            };
            DisRow {
                index,
                line: code.line_of(index),
                op: ins.info().name.to_owned(),
                arg,
                check: ins.is_check_point(),
            }
        })
        .collect();
    CodeListing {
        qualname: code.qualname.to_string(),
        first_line: code.first_line,
        rows,
    }
}

/// The text `gilscope dis` prints.
pub fn render(listings: &[CodeListing]) -> String {
    let mut out = String::new();
    for (k, l) in listings.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "Disassembly of {} (line {}):",
            l.qualname, l.first_line
        );
        let mut last = 0;
        for r in &l.rows {
            let line = if r.line != last {
                last = r.line;
                format!("{:>4}", r.line)
            } else {
                "    ".to_owned()
            };
            let mark = if r.check { '*' } else { ' ' };
            let row = format!("{line} {mark} {:>5} {:<22} {}", r.index, r.op, r.arg);
            let _ = writeln!(out, "{}", row.trim_end());
        }
    }
    out.push_str("\n* = eval-breaker check: the only points where the GIL can be taken away\n");
    out
}

/// What `python3 -m dis FILE` prints under CPython 3.11 for `source`, the text of the file
/// `display` (the path as given, which the code objects carry), or the `SyntaxError`
/// CPython reports for it.
pub fn cpython(display: &str, source: &str) -> Result<String, FrontError> {
    stacker::grow(crate::program::COMPILE_STACK, || {
        cpython_here(display, source)
    })
}

fn cpython_here(display: &str, source: &str) -> Result<String, FrontError> {
    let code = cpython_code_here(display, source)?;
    Ok(render_cpython(&code))
}

/// CPython 3.11's code object for the module `source` (the code nested in it among its
/// constants): what [`cpython`] prints, as data, for a front end that draws it.
pub fn cpython_code(
    display: &str,
    source: &str,
) -> Result<std::sync::Arc<crate::codegen::CodeObject>, FrontError> {
    stacker::grow(crate::program::COMPILE_STACK, || {
        cpython_code_here(display, source)
    })
}

fn cpython_code_here(
    display: &str,
    source: &str,
) -> Result<std::sync::Arc<crate::codegen::CodeObject>, FrontError> {
    let index = LineIndex::new(source);
    let module = crate::program::parse(display, source, &index)?;
    crate::codegen::compile_module(&module.body, source, display).map_err(|e| {
        let error = crate::syntax::PyError::syntax(e.message, &index, e.range);
        FrontError::Syntax(error.render(display, &index))
    })
}

/// What `python3 -m dis` prints for a module's code object, with the nested code objects
/// after it (their addresses are made up: compare with `at 0x...` masked).
pub fn render_cpython(code: &crate::codegen::CodeObject) -> String {
    let mut out = String::new();
    disassemble_recursive(code, &mut out);
    out
}

fn disassemble_recursive(code: &crate::codegen::CodeObject, out: &mut String) {
    disassemble(code, out);
    for c in &code.consts {
        if let crate::codegen::konst::Const::Code(inner) = c {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Disassembly of <code object {} at 0x{:x}, file \"{}\", line {}>:",
                inner.name, inner.address, inner.filename, inner.firstlineno
            );
            disassemble_recursive(inner, out);
        }
    }
}

/// The text of one instruction's argument as `dis` shows it in parentheses.
pub fn argrepr(code: &crate::codegen::CodeObject, ins: &crate::codegen::cfg::Assembled) -> String {
    use crate::opcode::{ArgKind, CMP_OPS, NB_OPS, Op};
    let arg = ins.arg as usize;
    match ins.op.info().arg {
        ArgKind::Const if ins.op == Op::LoadConst => {
            code.consts.get(arg).map_or(String::new(), |c| c.repr())
        }
        ArgKind::Name => code.names.get(arg).cloned().unwrap_or_default(),
        ArgKind::Global => {
            let name = code.names.get(arg / 2).cloned().unwrap_or_default();
            if arg & 1 == 1 {
                format!("NULL + {name}")
            } else {
                name
            }
        }
        ArgKind::JumpForward => format!("to {}", jump_target(ins)),
        ArgKind::JumpBackward => format!("to {}", jump_target(ins)),
        ArgKind::Local | ArgKind::Free => code.localsplus.get(arg).cloned().unwrap_or_default(),
        ArgKind::Compare => CMP_OPS.get(arg).map_or(String::new(), |s| (*s).to_owned()),
        ArgKind::BinaryOp => NB_OPS.get(arg).map_or(String::new(), |s| (*s).to_owned()),
        ArgKind::FormatValue => {
            let mut s = ["", "str", "repr", "ascii"][arg & 3].to_owned();
            if arg & 4 != 0 {
                if !s.is_empty() {
                    s.push_str(", ");
                }
                s.push_str("with format");
            }
            s
        }
        ArgKind::MakeFunction => ["defaults", "kwdefaults", "annotations", "closure"]
            .iter()
            .enumerate()
            .filter(|(i, _)| arg & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

/// Where a jump instruction goes (a byte offset).
pub fn jump_target(ins: &crate::codegen::cfg::Assembled) -> u32 {
    use crate::opcode::ArgKind;
    if ins.op.info().arg == ArgKind::JumpBackward {
        (ins.offset + 2).saturating_sub(ins.arg * 2)
    } else {
        ins.offset + 2 + ins.arg * 2
    }
}

fn disassemble(code: &crate::codegen::CodeObject, out: &mut String) {
    use std::collections::{BTreeMap, HashSet};
    let mut starts: BTreeMap<u32, u32> = BTreeMap::new();
    let mut last = None;
    for i in &code.instrs {
        if let Some(l) = i.line
            && Some(l) != last
        {
            last = Some(l);
            starts.insert(i.offset, l);
        }
    }
    let mut labels: HashSet<u32> = code
        .instrs
        .iter()
        .filter(|i| i.op.is_jump())
        .map(jump_target)
        .collect();
    for e in &code.exceptions {
        if e.start < e.end {
            labels.insert(e.target);
        }
    }
    let maxline = starts.values().copied().max().unwrap_or(0);
    let lineno_width = if starts.is_empty() {
        0
    } else if maxline >= 1000 {
        maxline.to_string().len()
    } else {
        3
    };
    let maxoffset = code.code_len.saturating_sub(2);
    let offset_width = if maxoffset >= 10000 {
        maxoffset.to_string().len()
    } else {
        4
    };
    for ins in &code.instrs {
        let start = starts.get(&ins.offset).copied();
        if lineno_width > 0 && start.is_some() && ins.offset > 0 {
            out.push('\n');
        }
        let mut fields: Vec<String> = Vec::new();
        if lineno_width > 0 {
            fields.push(match start {
                Some(l) => format!("{l:>lineno_width$}"),
                None => " ".repeat(lineno_width),
            });
        }
        fields.push("   ".into());
        fields.push(
            if labels.contains(&ins.offset) {
                ">>"
            } else {
                "  "
            }
            .into(),
        );
        fields.push(format!("{:>offset_width$}", ins.offset));
        fields.push(format!("{:<20}", ins.op.name()));
        if ins.op.has_arg() {
            fields.push(format!("{:>5}", ins.arg));
            let r = argrepr(code, ins);
            if !r.is_empty() {
                fields.push(format!("({r})"));
            }
        }
        let _ = writeln!(out, "{}", fields.join(" ").trim_end());
    }
    if !code.exceptions.is_empty() {
        let _ = writeln!(out, "ExceptionTable:");
        for e in &code.exceptions {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start,
                e.end - 2,
                e.target,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
}

#[cfg(test)]
mod tests {
    /// A code object's made-up address is the same in its constant's repr and in the
    /// heading of its own listing, as CPython's real address is: a student matches them.
    #[test]
    fn a_code_object_has_one_address_in_a_listing() {
        let Ok(text) = super::cpython("m.py", "def f():\n    pass\ndef g():\n    pass\n") else {
            panic!("the program compiles");
        };
        let address = |name: &str, prefix: &str| {
            let at = format!("{prefix}<code object {name} at ");
            let rest = &text[text.find(&at).map_or(0, |i| i + at.len())..];
            rest.split(',').next().map(str::to_owned)
        };
        let (f, g) = (address("f", "("), address("g", "("));
        assert_eq!(f, address("f", "Disassembly of "));
        assert_eq!(g, address("g", "Disassembly of "));
        assert_ne!(f, g);
    }
}
