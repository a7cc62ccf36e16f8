//! `gilscope dis`: the bytecode of every code object, with source lines, in the spirit of
//! CPython's `dis` module. Instructions that can give up the GIL are marked.

use std::fmt::Write as _;
use std::sync::Arc;

use super::bytecode::{Code, Instr};
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
