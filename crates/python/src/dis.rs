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
            let (op, arg, check): (&str, String, bool) = match *ins {
                Instr::Resume => ("RESUME", String::new(), true),
                Instr::Nop => ("NOP", String::new(), false),
                Instr::LoadConst(i) => ("LOAD_CONST", format!("{i} ({})", konst(i)), false),
                Instr::LoadFast(i) => ("LOAD_FAST", format!("{i} ({})", var(i)), false),
                Instr::StoreFast(i) => ("STORE_FAST", format!("{i} ({})", var(i)), false),
                Instr::DeleteFast(i) => ("DELETE_FAST", format!("{i} ({})", var(i)), false),
                Instr::LoadDeref(i) => ("LOAD_DEREF", format!("{i} ({})", cell(i)), false),
                Instr::StoreDeref(i) => ("STORE_DEREF", format!("{i} ({})", cell(i)), false),
                Instr::LoadClosure(i) => ("LOAD_CLOSURE", format!("{i} ({})", cell(i)), false),
                Instr::LoadGlobal(i) => ("LOAD_GLOBAL", format!("{i} ({})", name(i)), false),
                Instr::StoreGlobal(i) => ("STORE_GLOBAL", format!("{i} ({})", name(i)), false),
                Instr::DeleteGlobal(i) => ("DELETE_GLOBAL", format!("{i} ({})", name(i)), false),
                Instr::LoadName(i) => ("LOAD_NAME", format!("{i} ({})", name(i)), false),
                Instr::StoreName(i) => ("STORE_NAME", format!("{i} ({})", name(i)), false),
                Instr::DeleteName(i) => ("DELETE_NAME", format!("{i} ({})", name(i)), false),
                Instr::LoadAttr(i) => ("LOAD_ATTR", format!("{i} ({})", name(i)), false),
                Instr::StoreAttr(i) => ("STORE_ATTR", format!("{i} ({})", name(i)), false),
                Instr::DeleteAttr(i) => ("DELETE_ATTR", format!("{i} ({})", name(i)), false),
                Instr::BinarySubscr => ("BINARY_SUBSCR", String::new(), false),
                Instr::StoreSubscr => ("STORE_SUBSCR", String::new(), false),
                Instr::DeleteSubscr => ("DELETE_SUBSCR", String::new(), false),
                Instr::BinaryOp(op, inplace) => (
                    "BINARY_OP",
                    format!("({}{})", op.symbol(), if inplace { "=" } else { "" }),
                    false,
                ),
                Instr::UnaryOp(op) => ("UNARY_OP", format!("({op:?})"), false),
                Instr::CompareOp(op) => ("COMPARE_OP", format!("({})", op.symbol()), false),
                Instr::IsOp(inv) => ("IS_OP", format!("{}", u8::from(inv)), false),
                Instr::ContainsOp(inv) => ("CONTAINS_OP", format!("{}", u8::from(inv)), false),
                Instr::PopTop => ("POP_TOP", String::new(), false),
                Instr::Copy(n) => ("COPY", n.to_string(), false),
                Instr::Swap(n) => ("SWAP", n.to_string(), false),
                Instr::BuildTuple(n) => ("BUILD_TUPLE", n.to_string(), false),
                Instr::BuildList(n) => ("BUILD_LIST", n.to_string(), false),
                Instr::BuildSet(n) => ("BUILD_SET", n.to_string(), false),
                Instr::BuildMap(n) => ("BUILD_MAP", n.to_string(), false),
                Instr::BuildSlice(n) => ("BUILD_SLICE", n.to_string(), false),
                Instr::BuildString(n) => ("BUILD_STRING", n.to_string(), false),
                Instr::ListAppend(n) => ("LIST_APPEND", n.to_string(), false),
                Instr::SetAdd(n) => ("SET_ADD", n.to_string(), false),
                Instr::SetUpdate(n) => ("SET_UPDATE", n.to_string(), false),
                Instr::MapAdd(n) => ("MAP_ADD", n.to_string(), false),
                Instr::ListExtend(n) => ("LIST_EXTEND", n.to_string(), false),
                Instr::DictUpdate(n) => ("DICT_UPDATE", n.to_string(), false),
                Instr::ListToTuple => ("LIST_TO_TUPLE", String::new(), false),
                Instr::FormatValue(c, s) => (
                    "FORMAT_VALUE",
                    format!(
                        "{}{}",
                        ["", "(str)", "(repr)", "(ascii)"][usize::from(c.min(3))],
                        if s { " (with format)" } else { "" }
                    ),
                    false,
                ),
                Instr::UnpackSequence(n) => ("UNPACK_SEQUENCE", n.to_string(), false),
                Instr::UnpackEx(a, b) => ("UNPACK_EX", format!("{a}, {b}"), false),
                Instr::GetIter => ("GET_ITER", String::new(), false),
                Instr::ForIter(t) => ("FOR_ITER", format!("to {t}"), false),
                Instr::Jump(t) => ("JUMP_FORWARD", format!("to {t}"), false),
                Instr::JumpBackward(t) => ("JUMP_BACKWARD", format!("to {t}"), true),
                Instr::PopJumpIfFalse(t) => ("POP_JUMP_IF_FALSE", format!("to {t}"), false),
                Instr::PopJumpIfTrue(t) => ("POP_JUMP_IF_TRUE", format!("to {t}"), false),
                Instr::JumpIfFalseOrPop(t) => ("JUMP_IF_FALSE_OR_POP", format!("to {t}"), false),
                Instr::JumpIfTrueOrPop(t) => ("JUMP_IF_TRUE_OR_POP", format!("to {t}"), false),
                Instr::Call(n) => ("CALL", n.to_string(), true),
                Instr::CallKw(n, k) => ("CALL_KW", format!("{n} {}", konst(k)), true),
                Instr::CallEx(kw) => ("CALL_FUNCTION_EX", u8::from(kw).to_string(), true),
                Instr::CallMethod(i, n) => ("CALL_METHOD", format!("{n} ({})", name(i)), true),
                Instr::MakeFunction(k, f) => ("MAKE_FUNCTION", format!("{f} {}", konst(k)), false),
                Instr::MakeClass(k, n, _) => ("MAKE_CLASS", format!("{n} {}", konst(k)), true),
                Instr::ReturnValue => ("RETURN_VALUE", String::new(), false),
                Instr::YieldValue => ("YIELD_VALUE", String::new(), false),
                Instr::YieldFrom => ("YIELD_FROM", String::new(), false),
                Instr::GetAwaitable => ("GET_AWAITABLE", String::new(), false),
                Instr::BeforeAsyncWith => ("BEFORE_ASYNC_WITH", String::new(), false),
                Instr::AsyncWithExit => ("ASYNC_WITH_EXIT", String::new(), false),
                Instr::AsyncWithExceptStart => ("ASYNC_WITH_EXCEPT_START", String::new(), false),
                Instr::AsyncWithExceptEnd => ("ASYNC_WITH_EXCEPT_END", String::new(), false),
                Instr::GetAIter => ("GET_AITER", String::new(), false),
                Instr::GetANext => ("GET_ANEXT", String::new(), false),
                Instr::EndAsyncFor => ("END_ASYNC_FOR", String::new(), false),
                Instr::AsyncGenWrap => ("ASYNC_GEN_WRAP", String::new(), false),
                Instr::SetupExcept(t) => ("SETUP_EXCEPT", format!("to {t}"), false),
                Instr::SetupFinally(t) => ("SETUP_FINALLY", format!("to {t}"), false),
                Instr::SetupWith(t) => ("SETUP_WITH", format!("to {t}"), false),
                Instr::PopBlock => ("POP_BLOCK", String::new(), false),
                Instr::BeforeWith => ("BEFORE_WITH", String::new(), false),
                Instr::WithExit => ("WITH_EXIT", String::new(), true),
                Instr::WithExceptStart => ("WITH_EXCEPT_START", String::new(), false),
                Instr::PushExcInfo => ("PUSH_EXC_INFO", String::new(), false),
                Instr::PopExcept => ("POP_EXCEPT", String::new(), false),
                Instr::CheckExcMatch => ("CHECK_EXC_MATCH", String::new(), false),
                Instr::StarBegin => ("STAR_BEGIN", String::new(), false),
                Instr::StarMatch => ("STAR_MATCH", String::new(), false),
                Instr::StarRaised => ("STAR_RAISED", String::new(), false),
                Instr::StarEnd => ("STAR_END", String::new(), false),
                Instr::Reraise => ("RERAISE", String::new(), false),
                Instr::Raise(n) => ("RAISE_VARARGS", n.to_string(), false),
                Instr::LoadAssertionError => ("LOAD_ASSERTION_ERROR", String::new(), false),
                Instr::ImportName(i) => ("IMPORT_NAME", format!("{i} ({})", name(i)), false),
                Instr::ImportFrom(i) => ("IMPORT_FROM", format!("{i} ({})", name(i)), false),
                Instr::ImportStar => ("IMPORT_STAR", String::new(), false),
                Instr::CmpFastConstJump { .. }
                | Instr::CmpFastFastJump { .. }
                | Instr::OpFastConst { .. }
                | Instr::OpFastFast { .. }
                | Instr::ForIterStore { .. } => ("SUPERINSTRUCTION", String::new(), false),
            };
            DisRow {
                index,
                line: code.line_of(index),
                op: op.to_owned(),
                arg,
                check,
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
    let index = LineIndex::new(source);
    let module = crate::program::parse(display, source, &index)?;
    let code = crate::codegen::compile_module(&module.body, source, display).map_err(|e| {
        let error = crate::syntax::PyError::syntax(e.message, &index, e.range);
        FrontError::Syntax(error.render(display, &index))
    })?;
    Ok(render_cpython(&code))
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
