//! Expressions (CPython 3.11's `compiler_visit_expr` and its helpers): calls with
//! `PUSH_NULL`/`LOAD_METHOD`, `KW_NAMES`, `PRECALL` and `CALL`; displays built from
//! constants; f-strings; comparisons and boolean operators; conditional jumps;
//! comprehensions as nested code objects; lambdas; `yield`, `yield from` and `await`.

use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange};

use super::cfg::{BlockId, IOp};
use super::fold::Iterable;
use super::konst::Const;
use super::scope::{BlockType, DEF_IMPORT, mangle};
use super::{CodegenError, Compiler, FBlock, R, ScopeType};
use crate::opcode::Op;

/// Above this many items on the stack, displays and calls are built piecewise.
const STACK_USE_GUIDELINE: usize = 30;

/// A piece of an f-string after CPython's parser has joined it: literal text or a
/// formatted value.
enum FPart<'e> {
    Text(String),
    /// A value, with the range of the f-string token it is written in (its format spec's
    /// nodes are placed there).
    Value(&'e ast::InterpolatedElement, TextRange),
}

fn fstring_parts(v: &ast::FStringValue) -> Vec<FPart<'_>> {
    let mut out: Vec<FPart<'_>> = Vec::new();
    let push_text = |out: &mut Vec<FPart<'_>>, s: &str| {
        if s.is_empty() {
            return;
        }
        if let Some(FPart::Text(t)) = out.last_mut() {
            t.push_str(s);
        } else {
            out.push(FPart::Text(s.to_owned()));
        }
    };
    for part in v.iter() {
        match part {
            ast::FStringPart::Literal(l) => push_text(&mut out, &l.value),
            ast::FStringPart::FString(f) => {
                for el in f.elements.iter() {
                    interp_element(&mut out, el, f.range(), push_text);
                }
            }
        }
    }
    out
}

fn interp_element<'e>(
    out: &mut Vec<FPart<'e>>,
    el: &'e ast::InterpolatedStringElement,
    token: TextRange,
    push_text: impl Fn(&mut Vec<FPart<'e>>, &str),
) {
    match el {
        ast::InterpolatedStringElement::Literal(l) => push_text(out, &l.value),
        ast::InterpolatedStringElement::Interpolation(i) => {
            if let Some(d) = &i.debug_text {
                let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                push_text(out, &text);
            }
            out.push(FPart::Value(i, token));
        }
    }
}

fn spec_parts(spec: &ast::InterpolatedStringFormatSpec, token: TextRange) -> Vec<FPart<'_>> {
    let mut out: Vec<FPart<'_>> = Vec::new();
    let push_text = |out: &mut Vec<FPart<'_>>, s: &str| {
        if s.is_empty() {
            return;
        }
        if let Some(FPart::Text(t)) = out.last_mut() {
            t.push_str(s);
        } else {
            out.push(FPart::Text(s.to_owned()));
        }
    };
    for el in spec.elements.iter() {
        interp_element(&mut out, el, token, push_text);
    }
    out
}

/// `COMPARE_OP`'s argument, or the `IS_OP`/`CONTAINS_OP` instruction, of a comparison.
fn compare_op(op: ast::CmpOp) -> (Op, u32) {
    match op {
        ast::CmpOp::Lt => (Op::CompareOp, 0),
        ast::CmpOp::LtE => (Op::CompareOp, 1),
        ast::CmpOp::Eq => (Op::CompareOp, 2),
        ast::CmpOp::NotEq => (Op::CompareOp, 3),
        ast::CmpOp::Gt => (Op::CompareOp, 4),
        ast::CmpOp::GtE => (Op::CompareOp, 5),
        ast::CmpOp::Is => (Op::IsOp, 0),
        ast::CmpOp::IsNot => (Op::IsOp, 1),
        ast::CmpOp::In => (Op::ContainsOp, 0),
        ast::CmpOp::NotIn => (Op::ContainsOp, 1),
    }
}

/// `BINARY_OP`'s argument for an operator (`+` is 0, `+=` is 13).
pub(super) fn binary_arg(op: ast::Operator, inplace: bool) -> u32 {
    let n = match op {
        ast::Operator::Add => 0,
        ast::Operator::BitAnd => 1,
        ast::Operator::FloorDiv => 2,
        ast::Operator::LShift => 3,
        ast::Operator::MatMult => 4,
        ast::Operator::Mult => 5,
        ast::Operator::Mod => 6,
        ast::Operator::BitOr => 7,
        ast::Operator::Pow => 8,
        ast::Operator::RShift => 9,
        ast::Operator::Sub => 10,
        ast::Operator::Div => 11,
        ast::Operator::BitXor => 12,
    };
    if inplace { n + 13 } else { n }
}

/// `not (a is b)` and friends, which the AST optimizer turns into `a is not b`.
fn inverted_compare(e: &Expr) -> Option<(&ast::ExprCompare, ast::CmpOp)> {
    let Expr::UnaryOp(u) = e else { return None };
    if u.op != ast::UnaryOp::Not {
        return None;
    }
    let Expr::Compare(c) = &*u.operand else {
        return None;
    };
    if c.ops.len() != 1 {
        return None;
    }
    let inv = match c.ops[0] {
        ast::CmpOp::Is => ast::CmpOp::IsNot,
        ast::CmpOp::IsNot => ast::CmpOp::Is,
        ast::CmpOp::In => ast::CmpOp::NotIn,
        ast::CmpOp::NotIn => ast::CmpOp::In,
        _ => return None,
    };
    Some((c, inv))
}

/// What kind of comprehension is compiled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Comp {
    Genexp,
    List,
    Set,
    Dict,
}

impl<'a> Compiler<'a> {
    /// Compiles an expression with its own location, restoring the current one after.
    pub(super) fn expr(&mut self, e: &'a Expr) -> R {
        let saved = self.ur().loc;
        self.set_loc(self.erange(e));
        let r = self.expr1(e);
        self.u().loc = saved;
        r
    }

    fn expr1(&mut self, e: &'a Expr) -> R {
        if let Some(c) = self.const_of(e) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.addop_i(Op::Copy, 1);
                self.expr(&n.target)?;
            }
            Expr::BoolOp(b) => self.boolop(b)?,
            Expr::BinOp(b) => {
                if let Some(pieces) = self.percent_format(b) {
                    return self.percent_joined(&pieces);
                }
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.addop_i(Op::BinaryOp, binary_arg(b.op, false));
            }
            Expr::UnaryOp(u) => {
                if let Some((c, inv)) = inverted_compare(e) {
                    self.set_loc(c.range());
                    return self.compare(c, Some(inv));
                }
                self.expr(&u.operand)?;
                self.addop(match u.op {
                    ast::UnaryOp::Invert => Op::UnaryInvert,
                    ast::UnaryOp::Not => Op::UnaryNot,
                    ast::UnaryOp::UAdd => Op::UnaryPositive,
                    ast::UnaryOp::USub => Op::UnaryNegative,
                });
            }
            Expr::Lambda(l) => self.lambda(l)?,
            Expr::If(i) => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(&i.test, next, false)?;
                self.expr(&i.body)?;
                self.addop_j_noline(IOp::Jump, end);
                self.use_next_block(next);
                self.expr(&i.orelse)?;
                self.use_next_block(end);
            }
            Expr::Dict(d) => self.dict(d)?,
            Expr::Set(s) => self.starunpack(&s.elts, 0, Op::BuildSet, false)?,
            Expr::Generator(g) => {
                self.comprehension(e, Comp::Genexp, "<genexpr>", &g.generators, &g.elt, None)?;
            }
            Expr::ListComp(g) => {
                self.comprehension(e, Comp::List, "<listcomp>", &g.generators, &g.elt, None)?;
            }
            Expr::SetComp(g) => {
                self.comprehension(e, Comp::Set, "<setcomp>", &g.generators, &g.elt, None)?;
            }
            Expr::DictComp(g) => {
                let Some(key) = g.key.as_deref() else {
                    return Err(self.error(g.range(), "invalid syntax"));
                };
                self.comprehension(
                    e,
                    Comp::Dict,
                    "<dictcomp>",
                    &g.generators,
                    key,
                    Some(&g.value),
                )?;
            }
            Expr::Yield(y) => {
                if self.ste().kind != BlockType::Function {
                    return Err(self.error(e.range(), "'yield' outside function"));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.addop_yield();
            }
            Expr::YieldFrom(y) => {
                if self.ste().kind != BlockType::Function {
                    return Err(self.error(e.range(), "'yield' outside function"));
                }
                if self.ur().scope_type == ScopeType::AsyncFunction {
                    return Err(self.error(e.range(), "'yield from' inside async function"));
                }
                self.expr(&y.value)?;
                self.addop(Op::GetYieldFromIter);
                self.load_const(Const::None);
                self.add_yield_from(false);
            }
            Expr::Await(a) => {
                if self.ste().kind != BlockType::Function {
                    return Err(self.error(e.range(), "'await' outside function"));
                }
                if !matches!(
                    self.ur().scope_type,
                    ScopeType::AsyncFunction | ScopeType::Comprehension
                ) {
                    return Err(self.error(e.range(), "'await' outside async function"));
                }
                self.expr(&a.value)?;
                self.addop_i(Op::GetAwaitable, 0);
                self.load_const(Const::None);
                self.add_yield_from(true);
            }
            Expr::Compare(c) => self.compare(c, None)?,
            Expr::Call(c) => self.call(c)?,
            Expr::FString(f) => {
                let parts = fstring_parts(&f.value);
                self.joined_str(&parts, f.range())?;
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.update_start_location_to_match_attr(a);
                match a.ctx {
                    ast::ExprContext::Store => {
                        if a.attr.as_str() == "__debug__" {
                            return Err(self.error(a.range(), "cannot assign to __debug__"));
                        }
                        self.addop_name(Op::StoreAttr, &a.attr);
                    }
                    ast::ExprContext::Del => self.addop_name(Op::DeleteAttr, &a.attr),
                    _ => self.addop_name(Op::LoadAttr, &a.attr),
                }
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.addop(match s.ctx {
                    ast::ExprContext::Store => Op::StoreSubscr,
                    ast::ExprContext::Del => Op::DeleteSubscr,
                    _ => Op::BinarySubscr,
                });
            }
            Expr::Starred(s) => {
                return Err(self.error(
                    s.range(),
                    if s.ctx == ast::ExprContext::Store {
                        "starred assignment target must be in a list or tuple"
                    } else {
                        "can't use starred expression here"
                    },
                ));
            }
            Expr::Slice(s) => {
                let mut n = 2;
                match &s.lower {
                    Some(x) => self.expr(x)?,
                    None => self.load_const(Const::None),
                }
                match &s.upper {
                    Some(x) => self.expr(x)?,
                    None => self.load_const(Const::None),
                }
                if let Some(x) = &s.step {
                    n += 1;
                    self.expr(x)?;
                }
                self.addop_i(Op::BuildSlice, n);
            }
            Expr::Name(n) => self.nameop(&n.id, n.ctx, n.range())?,
            Expr::List(l) => match l.ctx {
                ast::ExprContext::Store => self.assignment_helper(&l.elts, l.range())?,
                ast::ExprContext::Del => {
                    for x in &l.elts {
                        self.expr(x)?;
                    }
                }
                _ => self.starunpack(&l.elts, 0, Op::BuildList, false)?,
            },
            Expr::Tuple(t) => match t.ctx {
                ast::ExprContext::Store => self.assignment_helper(&t.elts, t.range())?,
                ast::ExprContext::Del => {
                    for x in &t.elts {
                        self.expr(x)?;
                    }
                }
                _ => self.starunpack(&t.elts, 0, Op::BuildList, true)?,
            },
            Expr::TString(t) => {
                return Err(self.error(t.range(), "invalid syntax"));
            }
            Expr::IpyEscapeCommand(x) => {
                return Err(self.error(x.range(), "invalid syntax"));
            }
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {}
        }
        Ok(())
    }

    /// An iterable in a position the AST optimizer folds (`fold_iter`).
    pub(super) fn iter_expr(&mut self, e: &'a Expr) -> R {
        match self.iterable(e) {
            Iterable::Const(c) => {
                let saved = self.ur().loc;
                self.set_loc(e.range());
                self.load_const(c);
                self.u().loc = saved;
                Ok(())
            }
            Iterable::Tuple(elts) => {
                let saved = self.ur().loc;
                self.set_loc(e.range());
                let r = self.starunpack(elts, 0, Op::BuildList, true);
                self.u().loc = saved;
                r
            }
            Iterable::Other => self.expr(e),
        }
    }

    /// If an attribute access spans lines, its instruction is placed at the attribute
    /// name's line.
    pub(super) fn update_start_location_to_match_attr(&mut self, a: &ast::ExprAttribute) {
        let l = self.loc_of(a.range());
        let u = self.u();
        if u.loc.line != l.end_line {
            u.loc.line = l.end_line;
            let len = a.attr.chars().count() as i32;
            if len <= l.end_col {
                u.loc.col = l.end_col - len;
            } else {
                u.loc.col = -1;
                u.loc.end_col = -1;
            }
            u.loc.end_line = u.loc.line.max(u.loc.end_line);
            if u.loc.line == u.loc.end_line {
                u.loc.end_col = u.loc.col.max(u.loc.end_col);
            }
        }
    }

    fn boolop(&mut self, b: &'a ast::ExprBoolOp) -> R {
        let jump = if b.op == ast::BoolOp::And {
            Op::JumpIfFalseOrPop
        } else {
            Op::JumpIfTrueOrPop
        };
        let end = self.new_block();
        let n = b.values.len() - 1;
        for v in &b.values[..n] {
            self.expr(v)?;
            self.addop_j(IOp::Real(jump), end);
            let next = self.new_block();
            self.use_next_block(next);
        }
        self.expr(&b.values[n])?;
        self.use_next_block(end);
        Ok(())
    }

    /// Jumps to `next` if `e` is true (`cond`) or false, without keeping its value.
    pub(super) fn jump_if(&mut self, e: &'a Expr, next: BlockId, cond: bool) -> R {
        if self.const_of(e).is_none() {
            // A comparison's location stays current for the jump after it.
            if let Expr::Compare(c) = e {
                self.set_loc(c.range());
            } else if let Some((c, _)) = inverted_compare(e) {
                self.set_loc(c.range());
            }
            match e {
                Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not && inverted_compare(e).is_none() => {
                    return self.jump_if(&u.operand, next, !cond);
                }
                Expr::BoolOp(b) => {
                    let n = b.values.len() - 1;
                    let cond2 = b.op == ast::BoolOp::Or;
                    let next2 = if cond2 == cond {
                        next
                    } else {
                        self.new_block()
                    };
                    for v in &b.values[..n] {
                        self.jump_if(v, next2, cond2)?;
                    }
                    self.jump_if(&b.values[n], next, cond)?;
                    if next2 != next {
                        self.use_next_block(next2);
                    }
                    return Ok(());
                }
                Expr::If(i) => {
                    let end = self.new_block();
                    let next2 = self.new_block();
                    self.jump_if(&i.test, next2, false)?;
                    self.jump_if(&i.body, next, cond)?;
                    self.addop_j_noline(IOp::Jump, end);
                    self.use_next_block(next2);
                    self.jump_if(&i.orelse, next, cond)?;
                    self.use_next_block(end);
                    return Ok(());
                }
                Expr::Compare(c) if c.ops.len() > 1 => {
                    self.set_loc(c.range());
                    let n = c.ops.len() - 1;
                    let cleanup = self.new_block();
                    self.expr(&c.left)?;
                    for i in 0..n {
                        self.expr(&c.comparators[i])?;
                        self.addop_i(Op::Swap, 2);
                        self.addop_i(Op::Copy, 2);
                        let (op, arg) = compare_op(c.ops[i]);
                        self.addop_i(op, arg);
                        self.addop_j(IOp::PopJumpIfFalse, cleanup);
                    }
                    self.compare_operand(c, n, None)?;
                    let (op, arg) = compare_op(c.ops[n]);
                    self.addop_i(op, arg);
                    self.addop_j(
                        if cond {
                            IOp::PopJumpIfTrue
                        } else {
                            IOp::PopJumpIfFalse
                        },
                        next,
                    );
                    let end = self.new_block();
                    self.addop_j_noline(IOp::Jump, end);
                    self.use_next_block(cleanup);
                    self.addop(Op::PopTop);
                    if !cond {
                        self.addop_j_noline(IOp::Jump, next);
                    }
                    self.use_next_block(end);
                    return Ok(());
                }
                _ => {}
            }
        }
        self.expr(e)?;
        self.addop_j(
            if cond {
                IOp::PopJumpIfTrue
            } else {
                IOp::PopJumpIfFalse
            },
            next,
        );
        Ok(())
    }

    /// The `i`th right operand of a comparison (the last one of `in`/`not in` is folded
    /// as an iterable).
    fn compare_operand(
        &mut self,
        c: &'a ast::ExprCompare,
        i: usize,
        last_op: Option<ast::CmpOp>,
    ) -> R {
        let n = c.ops.len() - 1;
        let op = if i == n {
            last_op.unwrap_or(c.ops[n])
        } else {
            c.ops[i]
        };
        if i == n && matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn) {
            self.iter_expr(&c.comparators[i])
        } else {
            self.expr(&c.comparators[i])
        }
    }

    /// A comparison; `inverted` replaces its only operator (`not a in b`).
    fn compare(&mut self, c: &'a ast::ExprCompare, inverted: Option<ast::CmpOp>) -> R {
        self.expr(&c.left)?;
        let n = c.ops.len() - 1;
        if n == 0 {
            self.compare_operand(c, 0, inverted)?;
            let (op, arg) = compare_op(inverted.unwrap_or(c.ops[0]));
            self.addop_i(op, arg);
            return Ok(());
        }
        let cleanup = self.new_block();
        for i in 0..n {
            self.expr(&c.comparators[i])?;
            self.addop_i(Op::Swap, 2);
            self.addop_i(Op::Copy, 2);
            let (op, arg) = compare_op(c.ops[i]);
            self.addop_i(op, arg);
            self.addop_j(IOp::Real(Op::JumpIfFalseOrPop), cleanup);
        }
        self.compare_operand(c, n, None)?;
        let (op, arg) = compare_op(c.ops[n]);
        self.addop_i(op, arg);
        let end = self.new_block();
        self.addop_j_noline(IOp::Jump, end);
        self.use_next_block(cleanup);
        self.addop_i(Op::Swap, 2);
        self.addop(Op::PopTop);
        self.use_next_block(end);
        Ok(())
    }

    /// Builds a list, set or tuple from `elts` on top of `pushed` items already there.
    pub(super) fn starunpack(
        &mut self,
        elts: &'a [Expr],
        pushed: u32,
        build: Op,
        tuple: bool,
    ) -> R {
        let (add, extend) = match build {
            Op::BuildSet => (Op::SetAdd, Op::SetUpdate),
            _ => (Op::ListAppend, Op::ListExtend),
        };
        let n = elts.len();
        if n > 2 {
            let items: Vec<Option<Const>> = elts.iter().map(|x| self.const_of(x)).collect();
            if let Some(items) = items.into_iter().collect::<Option<Vec<Const>>>() {
                if tuple && pushed == 0 {
                    self.load_const(Const::Tuple(Arc::from(items)));
                } else {
                    let folded = if build == Op::BuildSet {
                        self.frozenset(items)
                    } else {
                        Const::Tuple(Arc::from(items))
                    };
                    self.addop_i(build, pushed);
                    self.load_const(folded);
                    self.addop_i(extend, 1);
                    if tuple {
                        self.addop(Op::ListToTuple);
                    }
                }
                return Ok(());
            }
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|x| matches!(x, Expr::Starred(_)));
        if !seen_star && !big {
            for x in elts {
                self.expr(x)?;
            }
            let op = if tuple { Op::BuildTuple } else { build };
            self.addop_i(op, n as u32 + pushed);
            return Ok(());
        }
        let mut built = false;
        if big {
            self.addop_i(build, pushed);
            built = true;
        }
        for (i, x) in elts.iter().enumerate() {
            if let Expr::Starred(s) = x {
                if !built {
                    self.addop_i(build, i as u32 + pushed);
                    built = true;
                }
                self.expr(&s.value)?;
                self.addop_i(extend, 1);
            } else {
                self.expr(x)?;
                if built {
                    self.addop_i(add, 1);
                }
            }
        }
        if tuple {
            self.addop(Op::ListToTuple);
        }
        Ok(())
    }

    fn unpack_helper(&mut self, elts: &[Expr], r: TextRange) -> R {
        let n = elts.len();
        let mut seen_star = false;
        for (i, x) in elts.iter().enumerate() {
            if matches!(x, Expr::Starred(_)) {
                if seen_star {
                    return Err(self.error(r, "multiple starred expressions in assignment"));
                }
                if i >= 256 {
                    return Err(self.error(r, "too many expressions in star-unpacking assignment"));
                }
                self.addop_i(Op::UnpackEx, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(Op::UnpackSequence, n as u32);
        }
        Ok(())
    }

    /// Unpacks TOS into the targets of a list or tuple.
    pub(super) fn assignment_helper(&mut self, elts: &'a [Expr], r: TextRange) -> R {
        self.unpack_helper(elts, r)?;
        for x in elts {
            match x {
                Expr::Starred(s) => self.expr(&s.value)?,
                _ => self.expr(x)?,
            }
        }
        Ok(())
    }

    fn subdict(&mut self, items: &'a [ast::DictItem]) -> R {
        let n = items.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            let keys: Vec<Option<Const>> = items
                .iter()
                .map(|it| it.key.as_ref().and_then(|k| self.const_of(k)))
                .collect();
            if let Some(keys) = keys.into_iter().collect::<Option<Vec<Const>>>() {
                for it in items {
                    self.expr(&it.value)?;
                }
                self.load_const(Const::Tuple(Arc::from(keys)));
                self.addop_i(Op::BuildConstKeyMap, n as u32);
                return Ok(());
            }
        }
        if big {
            self.addop_i(Op::BuildMap, 0);
        }
        for it in items {
            if let Some(k) = &it.key {
                self.expr(k)?;
            }
            self.expr(&it.value)?;
            if big {
                self.addop_i(Op::MapAdd, 1);
            }
        }
        if !big {
            self.addop_i(Op::BuildMap, n as u32);
        }
        Ok(())
    }

    fn dict(&mut self, d: &'a ast::ExprDict) -> R {
        let n = d.items.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if d.items[i].key.is_none() {
                if elements > 0 {
                    self.subdict(&d.items[i - elements..i])?;
                    if have_dict {
                        self.addop_i(Op::DictUpdate, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop_i(Op::BuildMap, 0);
                    have_dict = true;
                }
                self.expr(&d.items[i].value)?;
                self.addop_i(Op::DictUpdate, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(&d.items[i - elements..=i])?;
                if have_dict {
                    self.addop_i(Op::DictUpdate, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(&d.items[n - elements..n])?;
            if have_dict {
                self.addop_i(Op::DictUpdate, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop_i(Op::BuildMap, 0);
        }
        Ok(())
    }

    fn joined_str(&mut self, parts: &[FPart<'a>], r: TextRange) -> R {
        if parts.len() > STACK_USE_GUIDELINE {
            self.load_const(Const::str(""));
            self.addop_name(Op::LoadMethod, "join");
            self.addop_i(Op::BuildList, 0);
            for p in parts {
                self.fpart(p, r)?;
                self.addop_i(Op::ListAppend, 1);
            }
            self.addop_i(Op::Precall, 1);
            self.addop_i(Op::Call, 1);
        } else {
            for p in parts {
                self.fpart(p, r)?;
            }
            if parts.len() != 1 {
                self.addop_i(Op::BuildString, parts.len() as u32);
            }
        }
        Ok(())
    }

    /// The f-string the optimizer makes of `"..." % (...)`: its literal pieces have no
    /// location of their own.
    fn percent_joined(&mut self, pieces: &[super::fold::Piece<'a>]) -> R {
        use super::fold::Piece;
        let big = pieces.len() > STACK_USE_GUIDELINE;
        if big {
            self.load_const(Const::str(""));
            self.addop_name(Op::LoadMethod, "join");
            self.addop_i(Op::BuildList, 0);
        }
        for p in pieces {
            match p {
                Piece::Text(t) => {
                    let i = self.add_const(Const::str(t));
                    self.emit(IOp::Real(Op::LoadConst), i, None, super::cfg::NO_LOC);
                }
                Piece::Value(arg, conv, spec) => {
                    let saved = self.ur().loc;
                    self.set_loc(arg.range());
                    self.expr(arg)?;
                    let mut oparg = *conv;
                    if let Some(s) = spec {
                        let i = self.add_const(Const::str(s));
                        self.emit(IOp::Real(Op::LoadConst), i, None, super::cfg::NO_LOC);
                        oparg |= 4;
                    }
                    self.addop_i(Op::FormatValue, oparg);
                    self.u().loc = saved;
                }
            }
            if big {
                self.addop_i(Op::ListAppend, 1);
            }
        }
        if big {
            self.addop_i(Op::Precall, 1);
            self.addop_i(Op::Call, 1);
        } else if pieces.len() != 1 {
            self.addop_i(Op::BuildString, pieces.len() as u32);
        }
        Ok(())
    }

    fn fpart(&mut self, p: &FPart<'a>, r: TextRange) -> R {
        let saved = self.ur().loc;
        self.set_loc(r);
        match p {
            FPart::Text(t) => self.load_const(Const::str(t)),
            FPart::Value(v, token) => {
                self.expr(&v.expression)?;
                let mut arg = match v.conversion {
                    ast::ConversionFlag::None => 0,
                    ast::ConversionFlag::Str => 1,
                    ast::ConversionFlag::Repr => 2,
                    ast::ConversionFlag::Ascii => 3,
                };
                if arg == 0 && v.debug_text.is_some() && v.format_spec.is_none() {
                    arg = 2;
                }
                if let Some(spec) = &v.format_spec {
                    let parts = spec_parts(spec, *token);
                    let at = self.ur().loc;
                    self.set_loc(*token);
                    self.joined_str(&parts, *token)?;
                    self.u().loc = at;
                    arg |= 4;
                }
                self.addop_i(Op::FormatValue, arg);
            }
        }
        self.u().loc = saved;
        Ok(())
    }

    fn validate_keywords(&self, keywords: &[ast::Keyword]) -> R {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            if name.as_str() == "__debug__" {
                return Err(self.error(k.range(), "cannot assign to __debug__"));
            }
            for other in &keywords[i + 1..] {
                if other
                    .arg
                    .as_ref()
                    .is_some_and(|o| o.as_str() == name.as_str())
                {
                    return Err(
                        self.error(other.range(), format!("keyword argument repeated: {name}"))
                    );
                }
            }
        }
        Ok(())
    }

    fn kw_names(&mut self, keywords: &[ast::Keyword]) {
        let names: Vec<Const> = keywords
            .iter()
            .map(|k| Const::str(k.arg.as_ref().map_or("", |a| a.as_str())))
            .collect();
        let i = self.add_const(Const::Tuple(Arc::from(names)));
        self.addop_i(Op::KwNames, i);
    }

    /// Whether `e` is a name the module imports (method calls on modules are not
    /// optimised into `LOAD_METHOD`).
    fn is_import_originated(&self, e: &Expr) -> bool {
        let Expr::Name(n) = e else { return false };
        self.st.entries[0].flags(&n.id) & DEF_IMPORT != 0
    }

    fn call(&mut self, c: &'a ast::ExprCall) -> R {
        self.validate_keywords(&c.arguments.keywords)?;
        // `f(x for x in y)`: the generator expression's node spans the call's parentheses.
        if let [g @ Expr::Generator(gen_expr)] = &c.arguments.args[..]
            && c.arguments.keywords.is_empty()
            && !gen_expr.parenthesized
        {
            self.ranges
                .insert(crate::symtable::node_id(g), c.arguments.range());
        }
        if self.method_call(c)? {
            return Ok(());
        }
        self.set_loc(c.func.range());
        self.addop(Op::PushNull);
        self.set_loc(c.range());
        self.expr(&c.func)?;
        self.call_helper(0, &c.arguments.args, &c.arguments.keywords)
    }

    fn method_call(&mut self, c: &'a ast::ExprCall) -> Result<bool, CodegenError> {
        let Expr::Attribute(meth) = &*c.func else {
            return Ok(false);
        };
        if meth.ctx != ast::ExprContext::Load || self.is_import_originated(&meth.value) {
            return Ok(false);
        }
        let args = &c.arguments.args;
        let kwds = &c.arguments.keywords;
        if args.len() + kwds.len() + usize::from(!kwds.is_empty()) >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || kwds.iter().any(|k| k.arg.is_none())
        {
            return Ok(false);
        }
        self.expr(&meth.value)?;
        self.set_loc(meth.range());
        self.update_start_location_to_match_attr(meth);
        self.addop_name(Op::LoadMethod, &meth.attr);
        for a in args {
            self.expr(a)?;
        }
        if !kwds.is_empty() {
            for k in kwds {
                self.expr(&k.value)?;
            }
            self.kw_names(kwds);
        }
        self.set_loc(c.range());
        self.update_start_location_to_match_attr(meth);
        let n = (args.len() + kwds.len()) as u32;
        self.addop_i(Op::Precall, n);
        self.addop_i(Op::Call, n);
        Ok(true)
    }

    fn subkwargs(&mut self, kws: &'a [ast::Keyword]) -> R {
        let n = kws.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in kws {
                self.expr(&k.value)?;
            }
            let keys: Vec<Const> = kws
                .iter()
                .map(|k| Const::str(k.arg.as_ref().map_or("", |a| a.as_str())))
                .collect();
            self.load_const(Const::Tuple(Arc::from(keys)));
            self.addop_i(Op::BuildConstKeyMap, n as u32);
            return Ok(());
        }
        if big {
            self.emit(IOp::Real(Op::BuildMap), 0, None, super::cfg::NO_LOC);
        }
        for k in kws {
            self.load_const(Const::str(k.arg.as_ref().map_or("", |a| a.as_str())));
            self.expr(&k.value)?;
            if big {
                self.emit(IOp::Real(Op::MapAdd), 1, None, super::cfg::NO_LOC);
            }
        }
        if !big {
            self.addop_i(Op::BuildMap, n as u32);
        }
        Ok(())
    }

    /// The arguments and the call, `n` arguments being on the stack already (a class's
    /// body function and name).
    pub(super) fn call_helper(&mut self, n: u32, args: &'a [Expr], kws: &'a [ast::Keyword]) -> R {
        self.validate_keywords(kws)?;
        let nelts = args.len();
        let nkw = kws.len();
        let simple = nelts + nkw * 2 <= STACK_USE_GUIDELINE
            && !args.iter().any(|a| matches!(a, Expr::Starred(_)))
            && !kws.iter().any(|k| k.arg.is_none());
        if simple {
            for a in args {
                self.expr(a)?;
            }
            if nkw > 0 {
                for k in kws {
                    self.expr(&k.value)?;
                }
                self.kw_names(kws);
            }
            let total = n + (nelts + nkw) as u32;
            self.addop_i(Op::Precall, total);
            self.addop_i(Op::Call, total);
            return Ok(());
        }
        if n == 0
            && nelts == 1
            && let Expr::Starred(s) = &args[0]
        {
            self.expr(&s.value)?;
        } else {
            self.starunpack(args, n, Op::BuildList, true)?;
        }
        if nkw > 0 {
            let mut have_dict = false;
            let mut seen = 0;
            for i in 0..nkw {
                if kws[i].arg.is_none() {
                    if seen > 0 {
                        self.subkwargs(&kws[i - seen..i])?;
                        if have_dict {
                            self.addop_i(Op::DictMerge, 1);
                        }
                        have_dict = true;
                        seen = 0;
                    }
                    if !have_dict {
                        self.addop_i(Op::BuildMap, 0);
                        have_dict = true;
                    }
                    self.expr(&kws[i].value)?;
                    self.addop_i(Op::DictMerge, 1);
                } else {
                    seen += 1;
                }
            }
            if seen > 0 {
                self.subkwargs(&kws[nkw - seen..])?;
                if have_dict {
                    self.addop_i(Op::DictMerge, 1);
                }
            }
        }
        self.addop_i(Op::CallFunctionEx, u32::from(nkw > 0));
        Ok(())
    }

    /// Default values: positional ones as a tuple (flag 1), keyword-only ones as a dict
    /// (flag 2).
    pub(super) fn default_arguments(
        &mut self,
        p: &'a ast::Parameters,
    ) -> Result<u32, CodegenError> {
        let mut flags = 0;
        let defaults: Vec<&'a Expr> = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.addop_i(Op::BuildTuple, defaults.len() as u32);
            flags |= 1;
        }
        let mut keys: Vec<Const> = Vec::new();
        for a in &p.kwonlyargs {
            if let Some(d) = &a.default {
                let name = mangle(self.ur().private.as_deref(), &a.parameter.name);
                keys.push(Const::str(&name));
                self.expr(d)?;
            }
        }
        if !keys.is_empty() {
            let n = keys.len() as u32;
            self.load_const(Const::Tuple(Arc::from(keys)));
            self.addop_i(Op::BuildConstKeyMap, n);
            flags |= 2;
        }
        Ok(flags)
    }

    fn lambda(&mut self, l: &'a ast::ExprLambda) -> R {
        let flags = match &l.parameters {
            Some(p) => {
                self.check_debug_args(p)?;
                self.default_arguments(p)?
            }
            None => 0,
        };
        let ste = self.st.block_of(l);
        let line = self.loc_of(l.range()).line;
        self.enter_scope("<lambda>", ScopeType::Lambda, ste, line);
        self.add_const(Const::None);
        if let Some(p) = &l.parameters {
            self.set_arg_counts(p);
        }
        let r = self.expr(&l.body);
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        let code = if self.ste().generator {
            self.assemble(false)
        } else {
            self.addop(Op::ReturnValue);
            self.assemble(true)
        };
        self.units.pop();
        self.make_closure(code, flags);
        Ok(())
    }

    pub(super) fn set_arg_counts(&mut self, p: &ast::Parameters) {
        let u = self.u();
        u.argcount = p.args.len() as u32;
        u.posonlyargcount = p.posonlyargs.len() as u32;
        u.kwonlyargcount = p.kwonlyargs.len() as u32;
    }

    pub(super) fn check_debug_args(&self, p: &ast::Parameters) -> R {
        let names = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .chain(&p.kwonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in names {
            if a.name.as_str() == "__debug__" {
                return Err(self.error(a.range(), "cannot assign to __debug__"));
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: Comp,
        name: &str,
        gens: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> R {
        let outer_scope = self.ur().scope_type;
        let ste = self.st.block_of(e);
        let range = self.erange(e);
        let line = self.loc_of(range).line;
        self.enter_scope(name, ScopeType::Comprehension, ste, line);
        self.set_loc(range);
        let is_async_generator = self.ste().coroutine;
        let r = (|| -> R {
            if is_async_generator
                && kind != Comp::Genexp
                && !matches!(
                    outer_scope,
                    ScopeType::AsyncFunction | ScopeType::Comprehension
                )
            {
                return Err(self.error(
                    e.range(),
                    "asynchronous comprehension outside of an asynchronous function",
                ));
            }
            match kind {
                Comp::List => self.addop_i(Op::BuildList, 0),
                Comp::Set => self.addop_i(Op::BuildSet, 0),
                Comp::Dict => self.addop_i(Op::BuildMap, 0),
                Comp::Genexp => {}
            }
            self.comprehension_generator(gens, 0, 0, elt, value, kind)?;
            if kind != Comp::Genexp {
                self.addop(Op::ReturnValue);
            }
            Ok(())
        })();
        if let Err(err) = r {
            self.units.pop();
            return Err(err);
        }
        let code = self.assemble(true);
        self.units.pop();
        self.make_closure(code, 0);
        let outermost = &gens[0];
        self.iter_expr(&outermost.iter)?;
        if outermost.is_async {
            self.addop(Op::GetAiter);
        } else {
            self.addop(Op::GetIter);
        }
        self.addop_i(Op::Precall, 0);
        self.addop_i(Op::Call, 0);
        if is_async_generator && kind != Comp::Genexp {
            self.addop_i(Op::GetAwaitable, 0);
            self.load_const(Const::None);
            self.add_yield_from(true);
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        gens: &'a [ast::Comprehension],
        index: usize,
        depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: Comp,
    ) -> R {
        if gens[index].is_async {
            self.async_comprehension_generator(gens, index, depth, elt, value, kind)
        } else {
            self.sync_comprehension_generator(gens, index, depth, elt, value, kind)
        }
    }

    fn comprehension_element(
        &mut self,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: Comp,
        depth: u32,
    ) -> R {
        match kind {
            Comp::Genexp => {
                self.expr(elt)?;
                self.addop_yield();
                self.addop(Op::PopTop);
            }
            Comp::List => {
                self.expr(elt)?;
                self.addop_i(Op::ListAppend, depth + 1);
            }
            Comp::Set => {
                self.expr(elt)?;
                self.addop_i(Op::SetAdd, depth + 1);
            }
            Comp::Dict => {
                self.expr(elt)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.addop_i(Op::MapAdd, depth + 1);
            }
        }
        Ok(())
    }

    fn sync_comprehension_generator(
        &mut self,
        gens: &'a [ast::Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: Comp,
    ) -> R {
        let mut start = Some(self.new_block());
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        let g = &gens[index];
        if index == 0 {
            self.u().argcount = 1;
            self.addop_i(Op::LoadFast, 0);
        } else {
            let single = match self.iterable(&g.iter) {
                Iterable::Tuple(elts) if elts.len() == 1 => Some(&elts[0]),
                Iterable::Other => match &g.iter {
                    Expr::Tuple(t) if t.elts.len() == 1 => Some(&t.elts[0]),
                    _ => None,
                },
                _ => None,
            };
            if let Some(x) = single
                && !matches!(x, Expr::Starred(_))
            {
                self.expr(x)?;
                start = None;
            }
            if start.is_some() {
                self.iter_expr(&g.iter)?;
                self.addop(Op::GetIter);
            }
        }
        if let Some(s) = start {
            depth += 1;
            self.use_next_block(s);
            self.addop_j(IOp::Real(Op::ForIter), anchor);
        }
        self.expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if index + 1 < gens.len() {
            self.comprehension_generator(gens, index + 1, depth, elt, value, kind)?;
        } else {
            self.comprehension_element(elt, value, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        if let Some(s) = start {
            self.addop_j(IOp::Jump, s);
            self.use_next_block(anchor);
        }
        Ok(())
    }

    fn async_comprehension_generator(
        &mut self,
        gens: &'a [ast::Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: Comp,
    ) -> R {
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        let g = &gens[index];
        if index == 0 {
            self.u().argcount = 1;
            self.addop_i(Op::LoadFast, 0);
        } else {
            self.iter_expr(&g.iter)?;
            self.addop(Op::GetAiter);
        }
        self.use_next_block(start);
        self.push_fblock(FBlock::AsyncComprehensionGenerator, g.range())?;
        self.addop_j(IOp::SetupFinally, except);
        self.addop(Op::GetAnext);
        self.load_const(Const::None);
        self.add_yield_from(true);
        self.addop_pseudo(IOp::PopBlock);
        self.expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        if index + 1 < gens.len() {
            self.comprehension_generator(gens, index + 1, depth, elt, value, kind)?;
        } else {
            self.comprehension_element(elt, value, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        self.addop_j(IOp::Jump, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.addop(Op::EndAsyncFor);
        Ok(())
    }
}
