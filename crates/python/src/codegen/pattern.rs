//! The `match` statement: each case's pattern is matched against the subject on the stack,
//! the names it captures kept on the stack until the whole pattern has matched, and a
//! failed test jumps to a block that pops what is on the stack by then (one block per
//! depth), as CPython 3.11's compiler lays it out.

use ruff_python_ast::{self as ast, Expr, Pattern};
use ruff_text_size::{Ranged, TextRange};

use super::cfg::{BlockId, IOp};
use super::konst::Const;
use super::{Compiler, R};
use crate::opcode::Op;

/// What matching a pattern has left on the stack, and where a failure jumps.
#[derive(Default)]
struct PatternContext {
    /// The names captured so far, their values on the stack in this order.
    stores: Vec<String>,
    /// Whether an irrefutable pattern is allowed here.
    allow_irrefutable: bool,
    /// `fail_pop[n]`: the block a failure jumps to with `n` items to pop.
    fail_pop: Vec<BlockId>,
    /// Items on top of the stack above the captures (subjects still to match).
    on_top: usize,
    /// The pattern compiled last, where CPython reports an error found after it.
    loc: TextRange,
}

/// `_`: a capture pattern without a name.
fn is_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

/// `*_`.
fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchStar(s) if s.name.is_none())
}

impl<'a> Compiler<'a> {
    /// A `match` statement.
    pub(super) fn match_stmt(&mut self, m: &'a ast::StmtMatch) -> R {
        self.expr(&m.subject)?;
        let end = self.new_block();
        let cases = m.cases.len();
        let Some(last) = m.cases.last() else {
            return Err(self.error(m.range(), "invalid syntax"));
        };
        let has_default = is_wildcard(&last.pattern) && cases > 1;
        let mut pc = PatternContext::default();
        for (i, case) in m.cases[..cases - usize::from(has_default)]
            .iter()
            .enumerate()
        {
            self.set_loc(case.pattern.range());
            let not_last = i + 1 != cases - usize::from(has_default);
            // The last case needs no copy of the subject.
            if not_last {
                self.addop_i(Op::Copy, 1);
            }
            pc.stores.clear();
            // Irrefutable cases must be either guarded, last, or both.
            pc.allow_irrefutable = case.guard.is_some() || i + 1 == cases;
            pc.fail_pop.clear();
            pc.on_top = 0;
            self.pattern(&case.pattern, &mut pc)?;
            for name in std::mem::take(&mut pc.stores) {
                self.nameop(&name, ast::ExprContext::Store, case.pattern.range())?;
            }
            if let Some(guard) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                self.jump_if(guard, pc.fail_pop[0], false)?;
            }
            if not_last {
                self.addop(Op::PopTop);
            }
            self.stmts(&case.body)?;
            self.addop_j(IOp::Jump, end);
            // A failed match's clean-up belongs to the pattern's line, not the body's.
            self.set_loc(case.pattern.range());
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            self.set_loc(last.pattern.range());
            if cases == 1 {
                self.addop(Op::PopTop);
            } else {
                // Line coverage for the default case, which makes no code of its own.
                self.addop(Op::Nop);
            }
            if let Some(guard) = &last.guard {
                self.jump_if(guard, end, false)?;
            }
            self.stmts(&last.body)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let b = self.new_block();
            pc.fail_pop.push(b);
        }
    }

    /// Jumps (with `op`) to the block that pops everything matched so far.
    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: IOp) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.addop_j(op, pc.fail_pop[pops]);
    }

    /// The failure blocks, deepest first, each popping one item and falling into the next.
    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        let Some((&first, rest)) = pc.fail_pop.split_first() else {
            return;
        };
        for &b in rest.iter().rev() {
            self.use_next_block(b);
            self.addop(Op::PopTop);
        }
        self.use_next_block(first);
        pc.fail_pop.clear();
    }

    fn rotate(&mut self, mut count: usize) {
        while count > 1 {
            self.addop_i(Op::Swap, count as u32);
            count -= 1;
        }
    }

    /// Keeps the value on top as capture `name` (none: drops it), under what must stay on
    /// top.
    fn store_capture(&mut self, name: Option<&ast::Identifier>, pc: &mut PatternContext) -> R {
        let r = pc.loc;
        let Some(name) = name else {
            self.addop(Op::PopTop);
            return Ok(());
        };
        if name.as_str() == "__debug__" {
            return Err(self.error(r, "cannot assign to __debug__"));
        }
        if pc.stores.iter().any(|s| s == name.as_str()) {
            return Err(self.error(
                r,
                format!("multiple assignments to name '{name}' in pattern"),
            ));
        }
        self.rotate(pc.on_top + pc.stores.len() + 1);
        pc.stores.push(name.to_string());
        Ok(())
    }

    fn subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> R {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> R {
        self.set_loc(p.range());
        pc.loc = p.range();
        match p {
            Pattern::MatchValue(v) => {
                if !matches!(
                    &*v.value,
                    Expr::Attribute(_)
                        | Expr::NumberLiteral(_)
                        | Expr::StringLiteral(_)
                        | Expr::BytesLiteral(_)
                        | Expr::UnaryOp(_)
                        | Expr::BinOp(_)
                        | Expr::FString(_)
                ) {
                    return Err(self.error(
                        v.range(),
                        "patterns may only match literals and attribute lookups",
                    ));
                }
                self.expr(&v.value)?;
                self.addop_i(Op::CompareOp, 2);
                self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
                Ok(())
            }
            Pattern::MatchSingleton(s) => {
                self.load_const(match s.value {
                    ast::Singleton::None => Const::None,
                    ast::Singleton::True => Const::Bool(true),
                    ast::Singleton::False => Const::Bool(false),
                });
                self.addop_i(Op::IsOp, 0);
                self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
                Ok(())
            }
            Pattern::MatchSequence(s) => self.pattern_sequence(&s.patterns, s.range(), pc),
            Pattern::MatchMapping(m) => self.pattern_mapping(m, pc),
            Pattern::MatchClass(c) => self.pattern_class(c, pc),
            Pattern::MatchStar(s) => self.store_capture(s.name.as_ref(), pc),
            Pattern::MatchAs(a) => {
                let Some(inner) = &a.pattern else {
                    if !pc.allow_irrefutable {
                        let message = match &a.name {
                            Some(n) => {
                                format!("name capture '{n}' makes remaining patterns unreachable")
                            }
                            None => "wildcard makes remaining patterns unreachable".to_owned(),
                        };
                        return Err(self.error(a.range(), message));
                    }
                    return self.store_capture(a.name.as_ref(), pc);
                };
                pc.on_top += 1;
                self.addop_i(Op::Copy, 1);
                self.pattern(inner, pc)?;
                pc.on_top -= 1;
                self.store_capture(a.name.as_ref(), pc)
            }
            Pattern::MatchOr(o) => self.pattern_or(o, pc),
        }
    }

    fn pattern_sequence(
        &mut self,
        patterns: &'a [Pattern],
        r: TextRange,
        pc: &mut PatternContext,
    ) -> R {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if matches!(p, Pattern::MatchStar(_)) {
                if star.is_some() {
                    return Err(self.error(r, "multiple starred names in sequence pattern"));
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        // The subject stays on top during the sequence and length checks.
        pc.on_top += 1;
        self.addop(Op::MatchSequence);
        self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
        match star {
            None => {
                self.addop(Op::GetLen);
                self.load_const(Const::Int(size.into()));
                self.addop_i(Op::CompareOp, 2);
                self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
            }
            Some(_) if size > 1 => {
                self.addop(Op::GetLen);
                self.load_const(Const::Int((size - 1).into()));
                self.addop_i(Op::CompareOp, 5);
                self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(Op::PopTop);
        } else if star_wildcard {
            self.sequence_subscr(patterns, star, pc)?;
        } else {
            self.sequence_unpack(patterns, r, pc)?;
        }
        Ok(())
    }

    fn sequence_unpack(
        &mut self,
        patterns: &'a [Pattern],
        r: TextRange,
        pc: &mut PatternContext,
    ) -> R {
        let n = patterns.len();
        match patterns
            .iter()
            .position(|p| matches!(p, Pattern::MatchStar(_)))
        {
            Some(i) => {
                if i >= 1 << 8 || n - i > (i32::MAX as usize >> 8) {
                    return Err(
                        self.error(r, "too many expressions in star-unpacking sequence pattern")
                    );
                }
                self.addop_i(Op::UnpackEx, (i + ((n - i - 1) << 8)) as u32);
            }
            None => self.addop_i(Op::UnpackSequence, n as u32),
        }
        pc.on_top += n;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    /// A sequence with a `*_`: its items are read by index (from the end after the star).
    fn sequence_subscr(
        &mut self,
        patterns: &'a [Pattern],
        star: Option<usize>,
        pc: &mut PatternContext,
    ) -> R {
        pc.on_top += 1;
        let size = patterns.len();
        for (i, p) in patterns.iter().enumerate() {
            if is_wildcard(p) || Some(i) == star {
                continue;
            }
            self.addop_i(Op::Copy, 1);
            if star.is_some_and(|s| i < s) {
                self.load_const(Const::Int(i.into()));
            } else {
                // The subject may not support negative indexes.
                self.addop(Op::GetLen);
                self.load_const(Const::Int((size - i).into()));
                self.addop_i(Op::BinaryOp, 10);
            }
            self.addop(Op::BinarySubscr);
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 1;
        self.addop(Op::PopTop);
        Ok(())
    }

    fn pattern_mapping(&mut self, m: &'a ast::PatternMatchMapping, pc: &mut PatternContext) -> R {
        let size = m.keys.len();
        pc.on_top += 1;
        self.addop(Op::MatchMapping);
        self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
        if size == 0 && m.rest.is_none() {
            // `{}`: done; pop the subject.
            pc.on_top -= 1;
            self.addop(Op::PopTop);
            return Ok(());
        }
        if size > 0 {
            self.addop(Op::GetLen);
            self.load_const(Const::Int(size.into()));
            self.addop_i(Op::CompareOp, 5);
            self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
        }
        let mut seen = Vec::new();
        for key in &m.keys {
            if matches!(key, Expr::Attribute(_)) {
                self.expr(key)?;
                continue;
            }
            let Some(c) = self.const_of(key) else {
                return Err(self.error(
                    key.range(),
                    "mapping pattern keys may only match literals and attribute lookups",
                ));
            };
            let k = c.key();
            if seen.contains(&k) {
                return Err(self.error(
                    m.range(),
                    format!("mapping pattern checks duplicate key ({})", c.repr()),
                ));
            }
            seen.push(k);
            self.expr(key)?;
        }
        self.addop_i(Op::BuildTuple, size as u32);
        self.addop(Op::MatchKeys);
        // A tuple of keys and a tuple of values (or None) on top of the subject.
        pc.on_top += 2;
        self.addop_i(Op::Copy, 1);
        self.load_const(Const::None);
        self.addop_i(Op::IsOp, 1);
        self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
        self.addop_i(Op::UnpackSequence, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in &m.patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        match &m.rest {
            Some(rest) => {
                // rest = dict(subject); del rest[key] for each key.
                self.addop_i(Op::BuildMap, 0);
                self.addop_i(Op::Swap, 3);
                self.addop_i(Op::DictUpdate, 2);
                self.addop_i(Op::UnpackSequence, size as u32);
                let mut left = size;
                while left > 0 {
                    self.addop_i(Op::Copy, 1 + left as u32);
                    left -= 1;
                    self.addop_i(Op::Swap, 2);
                    self.addop(Op::DeleteSubscr);
                }
                self.store_capture(Some(rest), pc)
            }
            None => {
                self.addop(Op::PopTop);
                self.addop(Op::PopTop);
                Ok(())
            }
        }
    }

    fn pattern_class(&mut self, c: &'a ast::PatternMatchClass, pc: &mut PatternContext) -> R {
        let positional = &c.arguments.patterns;
        let keywords = &c.arguments.keywords;
        let nargs = positional.len();
        let nattrs = keywords.len();
        for (i, k) in keywords.iter().enumerate() {
            if k.attr.as_str() == "__debug__" {
                return Err(self.error(k.pattern.range(), "cannot assign to __debug__"));
            }
            if let Some(other) = keywords[i + 1..]
                .iter()
                .find(|o| o.attr.as_str() == k.attr.as_str())
            {
                return Err(self.error(
                    other.pattern.range(),
                    format!("attribute name repeated in class pattern: {}", k.attr),
                ));
            }
        }
        self.expr(&c.cls)?;
        let names: Vec<Const> = keywords
            .iter()
            .map(|k| Const::str(k.attr.as_str()))
            .collect();
        self.load_const(Const::Tuple(names.into()));
        self.addop_i(Op::MatchClass, nargs as u32);
        self.addop_i(Op::Copy, 1);
        self.load_const(Const::None);
        self.addop_i(Op::IsOp, 1);
        // The attributes' tuple (or None) is on top.
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, IOp::PopJumpIfFalse);
        self.addop_i(Op::UnpackSequence, (nargs + nattrs) as u32);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        let all = positional.iter().chain(keywords.iter().map(|k| &k.pattern));
        for p in all {
            pc.on_top -= 1;
            if is_wildcard(p) {
                self.addop(Op::PopTop);
                continue;
            }
            self.subpattern(p, pc)?;
        }
        Ok(())
    }

    fn pattern_or(&mut self, o: &'a ast::PatternMatchOr, pc: &mut PatternContext) -> R {
        let end = self.new_block();
        let size = o.patterns.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let old_allow = pc.allow_irrefutable;
        // The names the first alternative binds: the others must bind the same ones, and
        // their values are reordered to its order.
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            self.set_loc(alt.range());
            pc.stores = Vec::new();
            // An irrefutable alternative must be last, if it is allowed at all.
            pc.allow_irrefutable = i + 1 == size && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop_i(Op::Copy, 1);
            self.pattern(alt, pc)?;
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if ctl.len() != pc.stores.len() => {
                    return Err(self.error(pc.loc, "alternative patterns bind different names"));
                }
                Some(ctl) => {
                    for icontrol in (0..ctl.len()).rev() {
                        let name = &ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(
                                self.error(pc.loc, "alternative patterns bind different names")
                            );
                        };
                        if icontrol != istores {
                            // Move the first istores + 1 captures up to where the
                            // control order has them, on the stack as in the list.
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            pc.stores.splice(at..at, rotated);
                            for _ in 0..rotations {
                                self.rotate(icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.addop_j(IOp::Jump, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        pc.allow_irrefutable = old_allow;
        // No alternative matched: pop the copy of the subject and fail.
        self.addop(Op::PopTop);
        self.jump_to_fail_pop(pc, IOp::Jump);
        self.use_next_block(end);
        let control = control.unwrap_or_default();
        let nrots = control.len() + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(
                    pc.loc,
                    format!("multiple assignments to name '{name}' in pattern"),
                ));
            }
            pc.stores.push(name);
        }
        // Pop the copy of the subject.
        self.addop(Op::PopTop);
        Ok(())
    }
}
