//! Statements (CPython 3.11's `compiler_visit_stmt` and the functions it calls):
//! definitions, assignments, loops, `try` with its exception-table blocks, `with`,
//! imports, `return`/`break`/`continue` unwinding the frame blocks.

use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::cfg::IOp;
use super::konst::Const;
use super::scope::{BlockType, mangle};
use super::{CodegenError, Compiler, FBlock, R, ScopeType, docstring};
use crate::opcode::Op;

impl<'a> Compiler<'a> {
    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> R {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, s: &'a Stmt) -> R {
        let l = self.stmt_loc(s);
        self.u().loc = l;
        match s {
            Stmt::FunctionDef(f) => self.function(f),
            Stmt::ClassDef(c) => self.class(c),
            Stmt::Return(r) => self.return_stmt(r),
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.addop_i(Op::Copy, 1);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => self.ann_assign(a),
            Stmt::For(f) if f.is_async => self.async_for(f),
            Stmt::For(f) => self.for_loop(f),
            Stmt::While(w) => self.while_loop(w),
            Stmt::If(i) => self.if_stmt(&i.test, &i.body, &i.elif_else_clauses),
            Stmt::Match(m) => self.match_stmt(m),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.addop_i(Op::RaiseVarargs, n);
                Ok(())
            }
            Stmt::Try(t) if t.is_star => {
                if t.finalbody.is_empty() {
                    self.try_star_except(t)
                } else {
                    self.try_finally(t)
                }
            }
            Stmt::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(t)
                } else {
                    self.try_finally(t)
                }
            }
            Stmt::Assert(a) => self.assert(a),
            Stmt::Import(i) => self.import(i),
            Stmt::ImportFrom(i) => self.import_from(i),
            Stmt::Global(_) | Stmt::Nonlocal(_) => Ok(()),
            Stmt::Expr(e) => {
                if self.const_of(&e.value).is_some() {
                    self.addop(Op::Nop);
                    return Ok(());
                }
                self.expr(&e.value)?;
                self.unset_loc();
                self.addop(Op::PopTop);
                Ok(())
            }
            Stmt::Pass(_) => {
                self.addop(Op::Nop);
                Ok(())
            }
            Stmt::Break(b) => self.break_stmt(b.range()),
            Stmt::Continue(c) => self.continue_stmt(c.range()),
            Stmt::With(w) if w.is_async => self.async_with(w, 0),
            Stmt::With(w) => self.with(w, 0),
            Stmt::TypeAlias(t) => Err(self.error(t.range(), "invalid syntax")),
            Stmt::IpyEscapeCommand(x) => Err(self.error(x.range(), "invalid syntax")),
        }
    }

    fn decorators(&mut self, decos: &'a [ast::Decorator]) -> R {
        for d in decos {
            self.expr(&d.expression)?;
        }
        Ok(())
    }

    fn apply_decorators(&mut self, decos: &'a [ast::Decorator]) {
        let saved = self.ur().loc;
        for d in decos.iter().rev() {
            self.set_loc(d.expression.range());
            self.addop_i(Op::Precall, 0);
            self.addop_i(Op::Call, 0);
        }
        self.u().loc = saved;
    }

    /// Annotations of parameters and return value, as a tuple of (name, value) pairs.
    fn annotations(
        &mut self,
        p: &'a ast::Parameters,
        returns: Option<&'a Expr>,
    ) -> Result<bool, CodegenError> {
        let mut len = 0;
        let args = p
            .args
            .iter()
            .chain(&p.posonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwonlyargs.iter().map(|a| &a.parameter))
            .chain(p.kwarg.as_deref());
        for a in args {
            if let Some(t) = &a.annotation {
                self.argannotation(&a.name, t)?;
                len += 2;
            }
        }
        if let Some(r) = returns {
            self.argannotation("return", r)?;
            len += 2;
        }
        if len > 0 {
            self.addop_i(Op::BuildTuple, len);
        }
        Ok(len > 0)
    }

    fn argannotation(&mut self, name: &str, t: &'a Expr) -> R {
        let mangled = mangle(self.ur().private.as_deref(), name);
        self.load_const(Const::str(&mangled));
        if self.future_annotations {
            let text = super::unparse::expr(t, self.source);
            self.load_const(Const::str(&text));
        } else if let Expr::Starred(s) = t {
            self.expr(&s.value)?;
            self.addop_i(Op::UnpackSequence, 1);
        } else {
            self.expr(t)?;
        }
        Ok(())
    }

    fn function(&mut self, f: &'a ast::StmtFunctionDef) -> R {
        self.check_debug_args(&f.parameters)?;
        self.decorators(&f.decorator_list)?;
        let mut firstlineno = self.ur().loc.line;
        if let Some(d) = f.decorator_list.first() {
            firstlineno = self.loc_of(d.expression.range()).line;
        }
        let mut flags = self.default_arguments(&f.parameters)?;
        if self.annotations(&f.parameters, f.returns.as_deref())? {
            flags |= 4;
        }
        let scope_type = if f.is_async {
            ScopeType::AsyncFunction
        } else {
            ScopeType::Function
        };
        let ste = self.st.block_of(f);
        self.enter_scope(&f.name, scope_type, ste, firstlineno);
        let doc = docstring(&f.body);
        self.add_const(doc.as_ref().map_or(Const::None, |(_, d)| Const::str(d)));
        self.set_arg_counts(&f.parameters);
        let skip = usize::from(doc.is_some());
        if let Err(e) = self.stmts(&f.body[skip..]) {
            self.units.pop();
            return Err(e);
        }
        let code = self.assemble(true);
        self.units.pop();
        self.make_closure(code, flags);
        self.apply_decorators(&f.decorator_list);
        self.nameop(&f.name, ast::ExprContext::Store, f.name.range())
    }

    fn class(&mut self, c: &'a ast::StmtClassDef) -> R {
        self.decorators(&c.decorator_list)?;
        let mut firstlineno = self.ur().loc.line;
        if let Some(d) = c.decorator_list.first() {
            firstlineno = self.loc_of(d.expression.range()).line;
        }
        let ste = self.st.block_of(c);
        self.enter_scope(&c.name, ScopeType::Class, ste, firstlineno);
        self.u().private = Some(c.name.to_string());
        let r = (|| -> R {
            self.nameop("__name__", ast::ExprContext::Load, c.range())?;
            self.nameop("__module__", ast::ExprContext::Store, c.range())?;
            let q = self.ur().qualname.clone();
            self.load_const(Const::str(&q));
            self.nameop("__qualname__", ast::ExprContext::Store, c.range())?;
            self.body(&c.body)?;
            self.unset_loc();
            if self.ste().needs_class_closure {
                self.addop_i(Op::LoadClosure, 0);
                self.addop_i(Op::Copy, 1);
                self.nameop("__classcell__", ast::ExprContext::Store, c.range())?;
            } else {
                self.load_const(Const::None);
            }
            self.addop(Op::ReturnValue);
            Ok(())
        })();
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        let code = self.assemble(true);
        self.units.pop();
        self.addop(Op::PushNull);
        self.addop(Op::LoadBuildClass);
        self.make_closure(code, 0);
        self.load_const(Const::str(&c.name));
        let (args, kws): (&'a [Expr], &'a [ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        self.call_helper(2, args, kws)?;
        self.apply_decorators(&c.decorator_list);
        self.nameop(&c.name, ast::ExprContext::Store, c.name.range())
    }

    fn return_stmt(&mut self, r: &'a ast::StmtReturn) -> R {
        let value_const = r.value.as_deref().and_then(|v| self.const_of(v));
        let preserve_tos = r.value.is_some() && value_const.is_none();
        if self.ste().kind != BlockType::Function {
            return Err(self.error(r.range(), "'return' outside function"));
        }
        if r.value.is_some() && self.ste().coroutine && self.ste().generator {
            return Err(self.error(r.range(), "'return' with value in async generator"));
        }
        let stmt_line = self.ur().loc.line;
        if preserve_tos {
            if let Some(v) = &r.value {
                self.expr(v)?;
            }
        } else if let Some(v) = &r.value {
            self.set_loc(v.range());
            self.addop(Op::Nop);
        }
        let value_line = r.value.as_ref().map(|v| self.loc_of(v.range()).line);
        if value_line.is_none_or(|l| l != stmt_line) {
            self.set_loc(r.range());
            self.addop(Op::Nop);
        }
        self.unwind_fblock_stack(preserve_tos, false, r.range())?;
        match value_const {
            _ if r.value.is_none() => self.load_const(Const::None),
            Some(c) => self.load_const(c),
            None => {}
        }
        self.addop(Op::ReturnValue);
        Ok(())
    }

    fn break_stmt(&mut self, r: TextRange) -> R {
        let saved = self.ur().loc;
        self.addop(Op::Nop);
        let Some(lp) = self.unwind_fblock_stack(false, true, r)? else {
            self.u().loc = saved;
            return Err(self.error(r, "'break' outside loop"));
        };
        self.unwind_fblock(&lp, false)?;
        let exit = match lp {
            FBlock::WhileLoop { exit, .. } | FBlock::ForLoop { exit, .. } => exit,
            _ => return Ok(()),
        };
        self.addop_j(IOp::Jump, exit);
        Ok(())
    }

    fn continue_stmt(&mut self, r: TextRange) -> R {
        let saved = self.ur().loc;
        self.addop(Op::Nop);
        let Some(lp) = self.unwind_fblock_stack(false, true, r)? else {
            self.u().loc = saved;
            return Err(self.error(r, "'continue' not properly in loop"));
        };
        let head = match lp {
            FBlock::WhileLoop { head, .. } | FBlock::ForLoop { head, .. } => head,
            _ => return Ok(()),
        };
        self.addop_j(IOp::Jump, head);
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> R {
        let saved = self.ur().loc;
        let target = &*a.target;
        self.set_loc(target.range());
        match target {
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.addop_i(Op::Copy, 1);
                self.update_start_location_to_match_attr(at);
                self.addop_name(Op::LoadAttr, &at.attr);
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.addop_i(Op::Copy, 2);
                self.addop_i(Op::Copy, 2);
                self.addop(Op::BinarySubscr);
            }
            Expr::Name(n) => self.nameop(&n.id, ast::ExprContext::Load, n.range())?,
            other => {
                return Err(
                    self.error(other.range(), "illegal expression for augmented assignment")
                );
            }
        }
        self.u().loc = saved;
        self.expr(&a.value)?;
        self.addop_i(Op::BinaryOp, super::expr::binary_arg(a.op, true));
        self.set_loc(target.range());
        match target {
            Expr::Attribute(at) => {
                self.update_start_location_to_match_attr(at);
                self.addop_i(Op::Swap, 2);
                self.addop_name(Op::StoreAttr, &at.attr);
            }
            Expr::Subscript(_) => {
                self.addop_i(Op::Swap, 3);
                self.addop_i(Op::Swap, 2);
                self.addop(Op::StoreSubscr);
            }
            Expr::Name(n) => self.nameop(&n.id, ast::ExprContext::Store, n.range())?,
            _ => {}
        }
        Ok(())
    }

    fn check_ann_expr(&mut self, e: &'a Expr) -> R {
        self.expr(e)?;
        self.addop(Op::PopTop);
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a Expr) -> R {
        match e {
            Expr::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.check_ann_expr(x)?;
                }
                Ok(())
            }
            Expr::Tuple(t) => {
                for x in &t.elts {
                    self.check_ann_subscr(x)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> R {
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.expr(&a.target)?;
        }
        let module_or_class = matches!(self.ur().scope_type, ScopeType::Module | ScopeType::Class);
        match &*a.target {
            Expr::Name(n) => {
                if n.id.as_str() == "__debug__" {
                    return Err(self.error(n.range(), "cannot assign to __debug__"));
                }
                if a.simple && module_or_class {
                    if self.future_annotations {
                        let text = super::unparse::expr(&a.annotation, self.source);
                        let saved = self.ur().loc;
                        self.set_loc(a.annotation.range());
                        self.load_const(Const::str(&text));
                        self.u().loc = saved;
                    } else {
                        self.expr(&a.annotation)?;
                    }
                    self.addop_name(Op::LoadName, "__annotations__");
                    let mangled = mangle(self.ur().private.as_deref(), &n.id);
                    self.load_const(Const::str(&mangled));
                    self.addop(Op::StoreSubscr);
                }
            }
            Expr::Attribute(at) if a.value.is_none() => {
                self.check_ann_expr(&at.value)?;
            }
            Expr::Subscript(s) if a.value.is_none() => {
                self.check_ann_expr(&s.value)?;
                self.check_ann_subscr(&s.slice)?;
            }
            _ => {}
        }
        if !a.simple && !self.future_annotations && module_or_class {
            self.check_ann_expr(&a.annotation)?;
        }
        Ok(())
    }

    fn for_loop(&mut self, f: &'a ast::StmtFor) -> R {
        let start = self.new_block();
        let body = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_fblock(
            FBlock::ForLoop {
                head: start,
                exit: end,
            },
            f.range(),
        )?;
        self.iter_expr(&f.iter)?;
        self.addop(Op::GetIter);
        self.use_next_block(start);
        self.addop_j(IOp::Real(Op::ForIter), cleanup);
        self.use_next_block(body);
        self.expr(&f.target)?;
        self.stmts(&f.body)?;
        self.unset_loc();
        self.addop_j(IOp::Jump, start);
        self.use_next_block(cleanup);
        self.pop_fblock();
        self.stmts(&f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn async_for(&mut self, f: &'a ast::StmtFor) -> R {
        if self.ur().scope_type != ScopeType::AsyncFunction {
            return Err(self.error(f.range(), "'async for' outside async function"));
        }
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.expr(&f.iter)?;
        self.addop(Op::GetAiter);
        self.use_next_block(start);
        self.push_fblock(
            FBlock::ForLoop {
                head: start,
                exit: end,
            },
            f.range(),
        )?;
        self.addop_j(IOp::SetupFinally, except);
        self.addop(Op::GetAnext);
        self.load_const(Const::None);
        self.add_yield_from(true);
        self.addop_pseudo(IOp::PopBlock);
        self.expr(&f.target)?;
        self.stmts(&f.body)?;
        self.unset_loc();
        self.addop_j(IOp::Jump, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.set_loc(f.iter.range());
        self.addop(Op::EndAsyncFor);
        self.stmts(&f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn while_loop(&mut self, w: &'a ast::StmtWhile) -> R {
        let lp = self.new_block();
        let body = self.new_block();
        let anchor = self.new_block();
        let end = self.new_block();
        self.use_next_block(lp);
        self.push_fblock(
            FBlock::WhileLoop {
                head: lp,
                exit: end,
            },
            w.range(),
        )?;
        self.jump_if(&w.test, anchor, false)?;
        self.use_next_block(body);
        self.stmts(&w.body)?;
        self.set_loc(w.range());
        self.jump_if(&w.test, body, true)?;
        self.pop_fblock();
        self.use_next_block(anchor);
        self.stmts(&w.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn if_stmt(
        &mut self,
        test: &'a Expr,
        body: &'a [Stmt],
        clauses: &'a [ast::ElifElseClause],
    ) -> R {
        let end = self.new_block();
        let next = if clauses.is_empty() {
            end
        } else {
            self.new_block()
        };
        self.jump_if(test, next, false)?;
        self.stmts(body)?;
        if let Some((first, rest)) = clauses.split_first() {
            self.addop_j_noline(IOp::Jump, end);
            self.use_next_block(next);
            match &first.test {
                Some(t) => {
                    // An `elif` is an `if` statement nested in the `else`.
                    self.set_loc(first.range());
                    self.if_stmt(t, &first.body, rest)?;
                }
                None => self.stmts(&first.body)?,
            }
        }
        self.use_next_block(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> R {
        let body = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(IOp::SetupFinally, end);
        self.use_next_block(body);
        self.push_fblock(FBlock::FinallyTry(&t.finalbody), t.range())?;
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
        } else if t.is_star {
            self.try_star_except(t)?;
        } else {
            self.try_except(t)?;
        }
        self.addop_noline(IOp::PopBlock);
        self.pop_fblock();
        self.stmts(&t.finalbody)?;
        self.addop_j_noline(IOp::Jump, exit);
        self.use_next_block(end);
        self.unset_loc();
        self.addop_j(IOp::SetupCleanup, cleanup);
        self.addop(Op::PushExcInfo);
        self.push_fblock(FBlock::FinallyEnd, t.range())?;
        self.stmts(&t.finalbody)?;
        self.pop_fblock();
        self.addop_i(Op::Reraise, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> R {
        let body = self.new_block();
        let mut except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(IOp::SetupFinally, except);
        self.use_next_block(body);
        self.push_fblock(FBlock::TryExcept, t.range())?;
        self.stmts(&t.body)?;
        self.pop_fblock();
        self.addop_noline(IOp::PopBlock);
        self.stmts(&t.orelse)?;
        self.addop_j_noline(IOp::Jump, end);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(IOp::SetupCleanup, cleanup);
        self.addop(Op::PushExcInfo);
        self.push_fblock(FBlock::ExceptionHandler, t.range())?;
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range());
            if h.type_.is_none() && i + 1 < n {
                return Err(self.error(h.range(), "default 'except:' must be last"));
            }
            except = self.new_block();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.addop(Op::CheckExcMatch);
                self.addop_j(IOp::PopJumpIfFalse, except);
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.nameop(name, ast::ExprContext::Store, name.range())?;
                self.addop_j(IOp::SetupCleanup, cleanup_end);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup(Some(name.as_str())), h.range())?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop_pseudo(IOp::PopBlock);
                self.addop_pseudo(IOp::PopBlock);
                self.addop(Op::PopExcept);
                self.load_const(Const::None);
                self.nameop(name, ast::ExprContext::Store, name.range())?;
                self.nameop(name, ast::ExprContext::Del, name.range())?;
                self.addop_j(IOp::Jump, end);
                self.use_next_block(cleanup_end);
                self.unset_loc();
                self.load_const(Const::None);
                self.nameop(name, ast::ExprContext::Store, name.range())?;
                self.nameop(name, ast::ExprContext::Del, name.range())?;
                self.addop_i(Op::Reraise, 1);
            } else {
                let cleanup_body = self.new_block();
                self.addop(Op::PopTop);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlock::HandlerCleanup(None), h.range())?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop_pseudo(IOp::PopBlock);
                self.addop(Op::PopExcept);
                self.addop_j(IOp::Jump, end);
            }
            self.use_next_block(except);
        }
        self.unset_loc();
        self.pop_fblock();
        self.addop_i(Op::Reraise, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(end);
        Ok(())
    }

    fn try_star_except(&mut self, t: &'a ast::StmtTry) -> R {
        let body = self.new_block();
        let mut except = self.new_block();
        let orelse = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        self.addop_j(IOp::SetupFinally, except);
        self.use_next_block(body);
        self.push_fblock(FBlock::TryExcept, t.range())?;
        self.stmts(&t.body)?;
        self.pop_fblock();
        self.addop_noline(IOp::PopBlock);
        self.addop_j_noline(IOp::Jump, orelse);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(IOp::SetupCleanup, cleanup);
        self.addop(Op::PushExcInfo);
        self.push_fblock(FBlock::ExceptionGroupHandler, t.range())?;
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_loc(h.range());
            except = self.new_block();
            let except_with_error = self.new_block();
            let no_match = self.new_block();
            if i == 0 {
                self.addop_i(Op::Copy, 1);
                self.addop_i(Op::BuildList, 0);
                self.addop_i(Op::Swap, 2);
            }
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.addop(Op::CheckEgMatch);
                self.addop_i(Op::Copy, 1);
                self.addop_j(IOp::PopJumpIfNone, no_match);
            }
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            match &h.name {
                Some(name) => self.nameop(name, ast::ExprContext::Store, name.range())?,
                None => self.addop(Op::PopTop),
            }
            self.addop_j(IOp::SetupCleanup, cleanup_end);
            self.use_next_block(cleanup_body);
            self.push_fblock(
                FBlock::HandlerCleanup(h.name.as_ref().map(ast::Identifier::as_str)),
                h.range(),
            )?;
            self.stmts(&h.body)?;
            self.pop_fblock();
            self.unset_loc();
            self.addop_pseudo(IOp::PopBlock);
            if let Some(name) = &h.name {
                self.load_const(Const::None);
                self.nameop(name, ast::ExprContext::Store, name.range())?;
                self.nameop(name, ast::ExprContext::Del, name.range())?;
            }
            self.addop_j(IOp::Jump, except);
            self.use_next_block(cleanup_end);
            self.unset_loc();
            if let Some(name) = &h.name {
                self.load_const(Const::None);
                self.nameop(name, ast::ExprContext::Store, name.range())?;
                self.nameop(name, ast::ExprContext::Del, name.range())?;
            }
            self.addop_i(Op::ListAppend, 3);
            self.addop(Op::PopTop);
            self.addop_j(IOp::Jump, except_with_error);
            self.use_next_block(except);
            self.addop(Op::Nop);
            self.addop_j(IOp::Jump, except_with_error);
            self.use_next_block(no_match);
            self.addop(Op::PopTop);
            self.use_next_block(except_with_error);
            if i + 1 == n {
                self.addop_i(Op::ListAppend, 1);
                self.addop_j(IOp::Jump, reraise_star);
            }
        }
        self.unset_loc();
        self.pop_fblock();
        let reraise = self.new_block();
        self.use_next_block(reraise_star);
        self.addop(Op::PrepReraiseStar);
        self.addop_i(Op::Copy, 1);
        self.addop_j(IOp::PopJumpIfNotNone, reraise);
        self.addop(Op::PopTop);
        self.addop_pseudo(IOp::PopBlock);
        self.addop(Op::PopExcept);
        self.addop_j(IOp::Jump, end);
        self.use_next_block(reraise);
        self.addop_pseudo(IOp::PopBlock);
        self.addop_i(Op::Swap, 2);
        self.addop(Op::PopExcept);
        self.addop_i(Op::Reraise, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(orelse);
        self.stmts(&t.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn assert(&mut self, a: &'a ast::StmtAssert) -> R {
        let end = self.new_block();
        self.jump_if(&a.test, end, true)?;
        self.addop(Op::LoadAssertionError);
        if let Some(m) = &a.msg {
            self.expr(m)?;
            self.addop_i(Op::Precall, 0);
            self.addop_i(Op::Call, 0);
        }
        self.addop_i(Op::RaiseVarargs, 1);
        self.use_next_block(end);
        Ok(())
    }

    fn import(&mut self, i: &'a ast::StmtImport) -> R {
        for alias in &i.names {
            self.load_const(Const::int(0));
            self.load_const(Const::None);
            self.addop_name(Op::ImportName, &alias.name);
            match &alias.asname {
                Some(asname) => {
                    let parts: Vec<&str> = alias.name.split('.').collect();
                    if parts.len() > 1 {
                        for (k, attr) in parts[1..].iter().enumerate() {
                            let i = self.add_name(attr);
                            self.addop_i(Op::ImportFrom, i);
                            if k + 2 < parts.len() {
                                self.addop_i(Op::Swap, 2);
                                self.addop(Op::PopTop);
                            }
                        }
                        self.nameop(asname, ast::ExprContext::Store, asname.range())?;
                        self.addop(Op::PopTop);
                    } else {
                        self.nameop(asname, ast::ExprContext::Store, asname.range())?;
                    }
                }
                None => {
                    let first = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.nameop(first, ast::ExprContext::Store, alias.range())?;
                }
            }
        }
        Ok(())
    }

    fn import_from(&mut self, i: &'a ast::StmtImportFrom) -> R {
        self.load_const(Const::int(i64::from(i.level)));
        let names: Vec<Const> = i.names.iter().map(|a| Const::str(&a.name)).collect();
        let line = self.ur().loc.line;
        if line > self.future_lineno
            && i.module
                .as_ref()
                .is_some_and(|m| m.as_str() == "__future__")
        {
            return Err(self.error(
                i.range(),
                "from __future__ imports must occur at the beginning of the file",
            ));
        }
        self.load_const(Const::Tuple(Arc::from(names)));
        let module = i.module.as_ref().map_or("", |m| m.as_str());
        self.addop_name(Op::ImportName, module);
        for (k, alias) in i.names.iter().enumerate() {
            if k == 0 && alias.name.as_str() == "*" {
                self.addop(Op::ImportStar);
                return Ok(());
            }
            self.addop_name(Op::ImportFrom, &alias.name);
            let store = alias.asname.as_ref().unwrap_or(&alias.name);
            self.nameop(store, ast::ExprContext::Store, store.range())?;
        }
        self.addop(Op::PopTop);
        Ok(())
    }

    fn with_except_finish(&mut self, cleanup: super::cfg::BlockId) {
        self.unset_loc();
        let exit = self.new_block();
        self.addop_j(IOp::PopJumpIfTrue, exit);
        self.addop_i(Op::Reraise, 2);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        self.addop(Op::PopTop);
        self.addop_pseudo(IOp::PopBlock);
        self.addop(Op::PopExcept);
        self.addop(Op::PopTop);
        self.addop(Op::PopTop);
    }

    fn with(&mut self, w: &'a ast::StmtWith, pos: usize) -> R {
        let item = &w.items[pos];
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        self.addop(Op::BeforeWith);
        self.addop_j(IOp::SetupWith, final_);
        self.use_next_block(block);
        self.push_fblock(FBlock::With(w.range()), w.range())?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.addop(Op::PopTop),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.with(w, pos + 1)?;
        }
        self.unset_loc();
        self.addop_pseudo(IOp::PopBlock);
        self.pop_fblock();
        self.set_loc(w.range());
        self.call_exit_with_nones();
        self.addop(Op::PopTop);
        self.addop_j(IOp::Jump, exit);
        self.use_next_block(final_);
        self.addop_j(IOp::SetupCleanup, cleanup);
        self.addop(Op::PushExcInfo);
        self.addop(Op::WithExceptStart);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    fn async_with(&mut self, w: &'a ast::StmtWith, pos: usize) -> R {
        if self.ur().scope_type != ScopeType::AsyncFunction {
            return Err(self.error(w.range(), "'async with' outside async function"));
        }
        let item = &w.items[pos];
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        self.addop(Op::BeforeAsyncWith);
        self.addop_i(Op::GetAwaitable, 1);
        self.load_const(Const::None);
        self.add_yield_from(true);
        self.addop_j(IOp::SetupWith, final_);
        self.use_next_block(block);
        self.push_fblock(FBlock::AsyncWith(w.range()), w.range())?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.addop(Op::PopTop),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.async_with(w, pos + 1)?;
        }
        self.pop_fblock();
        self.addop_pseudo(IOp::PopBlock);
        self.set_loc(w.range());
        self.call_exit_with_nones();
        self.addop_i(Op::GetAwaitable, 2);
        self.load_const(Const::None);
        self.add_yield_from(true);
        self.addop(Op::PopTop);
        self.addop_j(IOp::Jump, exit);
        self.use_next_block(final_);
        self.addop_j(IOp::SetupCleanup, cleanup);
        self.addop(Op::PushExcInfo);
        self.addop(Op::WithExceptStart);
        self.addop_i(Op::GetAwaitable, 2);
        self.load_const(Const::None);
        self.add_yield_from(true);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }
}
