//! The compiler: AST to bytecode, one code object per module, class body, function, lambda
//! and comprehension (as CPython 3.11 does).

use std::sync::Arc;

use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::bytecode::{
    Anchor, BinOp, CmpOp, Code, CodeKind, Instr, Loc, METACLASS_FLAG, Params, UnOp,
};
use super::source::{LineIndex, SourceFile};
use super::symtable::{Access, ScopeKind, SymTable, node_id};
use super::value::{Str, Value};

/// A construct the compiler does not support, or a compile-time error, with its position.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{col}: {message}")]
pub struct CompileError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// `unsupported: ...` or `SyntaxError: ...`.
    pub message: String,
    /// Whether it is a syntax error (exit status 1) rather than unsupported (2).
    pub syntax: bool,
    /// The byte range of the construct (where a syntax error's carets go).
    pub span: (usize, usize),
}

/// What a compiled module is made of.
pub struct Compiled {
    /// The module code.
    pub code: Arc<Code>,
}

/// Compiles a parsed module.
pub fn compile_module(body: &[Stmt], file: &Arc<SourceFile>) -> Result<Compiled, CompileError> {
    let table = SymTable::build(body);
    let mut c = Compiler {
        table: &table,
        index: &file.index,
        file: Arc::clone(file),
        units: Vec::new(),
        strings: std::collections::HashMap::new(),
        lazy_annotations: body.iter().any(|s| {
            matches!(s, Stmt::ImportFrom(i)
                if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
                    && i.names.iter().any(|n| n.name.as_str() == "annotations"))
        }),
    };
    c.push_unit(0, "<module>", "<module>", CodeKind::Module, 1);
    c.emit(Instr::Resume);
    if let Some(doc) = Compiler::docstring(body) {
        c.const_expr(Value::str(&doc));
        let d = c.name("__doc__");
        c.emit(Instr::StoreName(d));
    }
    c.setup_annotations(body);
    c.stmts(body)?;
    if let Some(last) = body.last() {
        c.set_loc(last.range());
    }
    let none = c.konst(Value::None);
    c.emit(Instr::LoadConst(none));
    c.emit(Instr::ReturnValue);
    let code = c.pop_unit(Params::default());
    Ok(Compiled { code })
}

/// A control-flow block the compiler must unwind on `break`, `continue` and `return`.
#[derive(Clone, Debug)]
enum FBlock<'a> {
    /// A `for` loop (its iterator is on the stack): continue target, break patch list.
    For { head: u32, breaks: Vec<usize> },
    /// A `while` loop.
    While { head: u32, breaks: Vec<usize> },
    /// A `try` body protected by an except handler.
    Try,
    /// A `try` body protected by `finally` (the body to inline when leaving).
    Finally(&'a [Stmt]),
    /// An except handler body (the exception is on the stack).
    Handler(Option<String>),
    /// A finally body run for an exception (the exception is on the stack).
    FinallyEnd,
    /// A `with` body (`__exit__` is on the stack).
    With,
    /// An `async with` body (`__aexit__` is on the stack).
    AsyncWith,
}

struct Unit<'a> {
    scope: usize,
    name: Str,
    qualname: Str,
    kind: CodeKind,
    instrs: Vec<Instr>,
    locs: Vec<Loc>,
    consts: Vec<Value>,
    names: Vec<Str>,
    varnames: Vec<Str>,
    cellvars: Vec<Str>,
    freevars: Vec<Str>,
    fblocks: Vec<FBlock<'a>>,
    loc: Loc,
    first_line: u32,
    doc: Option<Str>,
}

struct Compiler<'a> {
    table: &'a SymTable,
    index: &'a LineIndex,
    units: Vec<Unit<'a>>,
    file: Arc<SourceFile>,
    /// One shared string per distinct name or string constant, so that namespace lookups
    /// mostly compare pointers.
    strings: std::collections::HashMap<String, Str>,
    /// `from __future__ import annotations`: annotations are kept as their source text.
    lazy_annotations: bool,
}

type R = Result<(), CompileError>;

/// The simulated CPU cost of an instruction under CPython 3.9 (`--gil 3.9`), in
/// nanoseconds: 3.9 has no specialised or fused instructions, so generic arithmetic,
/// comparisons, global and attribute access and calls cost more than under 3.11 (the
/// ratios measured against 3.11.7 on the same machine: docs/gil.md, "CPython 3.9").
pub fn cost39(i: &Instr) -> u8 {
    match i {
        Instr::Nop | Instr::Resume => 0,
        Instr::LoadFast(_) | Instr::LoadConst(_) | Instr::StoreFast(_) => 2,
        Instr::PopTop | Instr::Copy(_) | Instr::Swap(_) => 1,
        Instr::PopJumpIfFalse(_) | Instr::PopJumpIfTrue(_) | Instr::Jump(_) => 2,
        Instr::JumpIfFalseOrPop(_) | Instr::JumpIfTrueOrPop(_) => 2,
        Instr::JumpBackward(_) => 3,
        Instr::IsOp(_) | Instr::LoadDeref(_) | Instr::StoreDeref(_) => 3,
        Instr::CompareOp(_) | Instr::BinaryOp(..) => 7,
        Instr::ReturnValue => 5,
        Instr::LoadGlobal(_) | Instr::LoadName(_) => 10,
        Instr::StoreGlobal(_) | Instr::StoreName(_) => 12,
        Instr::LoadAttr(_) => 20,
        Instr::StoreAttr(_) => 22,
        Instr::BinarySubscr => 8,
        Instr::StoreSubscr => 13,
        Instr::ForIter(_) => 9,
        Instr::GetIter => 10,
        Instr::Call(_) | Instr::CallKw(..) | Instr::CallMethod(..) | Instr::CallEx(_) => 22,
        Instr::MakeFunction(..) => 80,
        Instr::MakeClass(..) => 255,
        Instr::ImportName(_) => 240,
        Instr::BuildList(_) | Instr::BuildTuple(_) | Instr::BuildMap(_) | Instr::BuildSet(_) => 20,
        Instr::FormatValue(..) | Instr::BuildString(_) => 25,
        Instr::YieldValue => 8,
        Instr::GetAwaitable | Instr::GetANext | Instr::GetAIter => 10,
        Instr::BeforeAsyncWith | Instr::AsyncWithExit | Instr::AsyncWithExceptStart => 15,
        _ => 8,
    }
}

/// Whether CPython 3.9 goes on to the next instruction without polling the eval breaker
/// after this one (`FAST_DISPATCH` in 3.9's `ceval.c`; a conditional jump does so when its
/// operand is a bool, which gilscope assumes). Every other instruction ends in `DISPATCH`,
/// and the breaker is polled before the next. `RESUME` does not exist in 3.9: the poll at
/// a frame's entry stands for it.
pub fn fast_dispatch39(i: &Instr) -> bool {
    matches!(
        i,
        Instr::Nop
            | Instr::Resume
            | Instr::LoadFast(_)
            | Instr::LoadConst(_)
            | Instr::StoreFast(_)
            | Instr::PopTop
            | Instr::Copy(_)
            | Instr::Swap(_)
            | Instr::Jump(_)
            | Instr::PopJumpIfFalse(_)
            | Instr::PopJumpIfTrue(_)
            | Instr::JumpIfFalseOrPop(_)
            | Instr::JumpIfTrueOrPop(_)
            | Instr::IsOp(_)
            | Instr::ContainsOp(_)
    )
}

/// Whether CPython 3.9 skips a pending eval-breaker poll before this instruction
/// (`SETUP_FINALLY`, `SETUP_WITH`, `BEFORE_ASYNC_WITH` and `YIELD_FROM`, so that nothing
/// runs between acquiring a resource and protecting it).
pub fn skips_poll39(i: &Instr) -> bool {
    matches!(
        i,
        Instr::SetupExcept(_)
            | Instr::SetupFinally(_)
            | Instr::SetupWith(_)
            | Instr::BeforeWith
            | Instr::BeforeAsyncWith
            | Instr::YieldFrom
    )
}

impl<'a> Compiler<'a> {
    fn intern(&mut self, s: &str) -> Str {
        if let Some(x) = self.strings.get(s) {
            return x.clone();
        }
        let x = Str::from(s);
        self.strings.insert(s.to_owned(), x.clone());
        x
    }

    /// SETUP_ANNOTATIONS: an empty `__annotations__` when the body annotates names.
    fn setup_annotations(&mut self, body: &[Stmt]) {
        let annotates = body.iter().any(
            |s| matches!(s, Stmt::AnnAssign(a) if a.simple && matches!(&*a.target, Expr::Name(_))),
        );
        if annotates {
            self.emit(Instr::BuildMap(0));
            let ann = self.name("__annotations__");
            self.emit(Instr::StoreName(ann));
        }
    }

    fn unit(&mut self) -> &mut Unit<'a> {
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    fn push_unit(&mut self, scope: usize, name: &str, qualname: &str, kind: CodeKind, line: u32) {
        let table = self.table;
        let s = &table.scopes[scope];
        let varnames: Vec<Str> = if s.kind == ScopeKind::Function {
            let mut v: Vec<Str> = s.params.iter().map(|p| self.intern(p)).collect();
            for b in &s.bound {
                if !s.params.contains(b)
                    && !s.cells.contains(b)
                    && !s.frees.contains(b)
                    && !s.globals.contains(b)
                {
                    v.push(self.intern(b));
                }
            }
            v
        } else {
            Vec::new()
        };
        let cellvars = s.cells.iter().map(|c| self.intern(c)).collect();
        let freevars = s.frees.iter().map(|c| self.intern(c)).collect();
        self.units.push(Unit {
            scope,
            name: Str::from(name),
            qualname: Str::from(qualname),
            kind,
            instrs: Vec::new(),
            locs: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            varnames,
            cellvars,
            freevars,
            fblocks: Vec::new(),
            loc: Loc {
                line,
                col: 0,
                end_line: line,
                end_col: 0,
                anchor: None,
            },
            first_line: line,
            doc: None,
        });
    }

    fn pop_unit(&mut self, params: Params) -> Arc<Code> {
        let u = self.units.pop().unwrap_or_else(|| Unit {
            scope: 0,
            name: Str::from("?"),
            qualname: Str::from("?"),
            kind: CodeKind::Module,
            instrs: Vec::new(),
            locs: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            fblocks: Vec::new(),
            loc: Loc::default(),
            first_line: 0,
            doc: None,
        });
        let cell_params = u
            .cellvars
            .iter()
            .enumerate()
            .filter_map(|(ci, name)| {
                let slot = u.varnames.iter().position(|v| v == name)?;
                ((slot as u32) < params_total(&params)).then_some((ci as u32, slot as u32))
            })
            .collect();
        let costs = u.instrs.iter().map(|i| i.info().cost).collect();
        let costs39 = u.instrs.iter().map(cost39).collect();
        let quick = super::bytecode::quicken(&u.instrs, &u.locs);
        Arc::new(Code {
            name: u.name,
            qualname: u.qualname,
            kind: u.kind,
            instrs: u.instrs,
            locs: u.locs,
            quick,
            costs,
            costs39,
            consts: u.consts,
            caches: super::bytecode::NameCache::for_names(u.names.len()),
            names: u.names,
            varnames: u.varnames,
            cellvars: u.cellvars,
            freevars: u.freevars,
            cell_params,
            params,
            first_line: u.first_line,
            file: Arc::clone(&self.file),
            doc: u.doc,
            sites: std::sync::OnceLock::new(),
        })
    }

    fn emit(&mut self, i: Instr) -> usize {
        let u = self.unit();
        u.instrs.push(i);
        u.locs.push(u.loc);
        u.instrs.len() - 1
    }

    fn here(&mut self) -> u32 {
        self.unit().instrs.len() as u32
    }

    /// Points the jump at `at` to the current position.
    fn patch(&mut self, at: usize) {
        let target = self.here();
        let u = self.unit();
        if let Some(i) = u.instrs.get_mut(at) {
            *i = match *i {
                Instr::Jump(_) => Instr::Jump(target),
                Instr::PopJumpIfFalse(_) => Instr::PopJumpIfFalse(target),
                Instr::PopJumpIfTrue(_) => Instr::PopJumpIfTrue(target),
                Instr::JumpIfFalseOrPop(_) => Instr::JumpIfFalseOrPop(target),
                Instr::JumpIfTrueOrPop(_) => Instr::JumpIfTrueOrPop(target),
                Instr::ForIter(_) => Instr::ForIter(target),
                Instr::SetupExcept(_) => Instr::SetupExcept(target),
                Instr::SetupFinally(_) => Instr::SetupFinally(target),
                Instr::SetupWith(_) => Instr::SetupWith(target),
                other => other,
            };
        }
    }

    fn konst(&mut self, v: Value) -> u32 {
        let v = match v {
            Value::Str(x) => Value::Str(self.intern(&x)),
            other => other,
        };
        let u = self.unit();
        let found = u.consts.iter().position(|c| match (c, &v) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        });
        match found {
            Some(i) => i as u32,
            None => {
                u.consts.push(v);
                (u.consts.len() - 1) as u32
            }
        }
    }

    fn name(&mut self, n: &str) -> u32 {
        let interned = self.intern(n);
        let u = self.unit();
        match u.names.iter().position(|x| &**x == n) {
            Some(i) => i as u32,
            None => {
                u.names.push(interned);
                (u.names.len() - 1) as u32
            }
        }
    }

    fn loc_of(&self, r: TextRange) -> Loc {
        let (line, col) = self.index.pos(r.start().to_usize());
        let (end_line, end_col) = self.index.pos(r.end().to_usize());
        Loc {
            line,
            col,
            end_line,
            end_col,
            anchor: None,
        }
    }

    fn set_loc(&mut self, r: TextRange) -> Loc {
        let l = self.loc_of(r);
        std::mem::replace(&mut self.unit().loc, l)
    }

    fn unsupported(&self, r: TextRange, what: &str) -> CompileError {
        let (line, col) = self.index.pos(r.start().to_usize());
        CompileError {
            line,
            col: col + 1,
            message: format!("unsupported: {what}"),
            syntax: false,
            span: (r.start().to_usize(), r.end().to_usize()),
        }
    }

    fn syntax(&self, r: TextRange, what: &str) -> CompileError {
        let (line, col) = self.index.pos(r.start().to_usize());
        CompileError {
            line,
            col: col + 1,
            message: format!("SyntaxError: {what}"),
            syntax: true,
            span: (r.start().to_usize(), r.end().to_usize()),
        }
    }

    // ----- names -----

    fn slot(&mut self, name: &str) -> u32 {
        let interned = self.intern(name);
        let u = self.unit();
        match u.varnames.iter().position(|v| &**v == name) {
            Some(i) => i as u32,
            None => {
                u.varnames.push(interned);
                (u.varnames.len() - 1) as u32
            }
        }
    }

    fn deref(&mut self, name: &str) -> u32 {
        let interned = self.intern(name);
        let u = self.unit();
        if let Some(i) = u.cellvars.iter().position(|v| &**v == name) {
            return i as u32;
        }
        let n = u.cellvars.len();
        match u.freevars.iter().position(|v| &**v == name) {
            Some(i) => (n + i) as u32,
            None => {
                u.freevars.push(interned);
                (n + u.freevars.len() - 1) as u32
            }
        }
    }

    fn access(&self, name: &str) -> Access {
        let scope = self.units.last().map_or(0, |u| u.scope);
        self.table.access(scope, name)
    }

    fn load_name(&mut self, name: &str) {
        let i = match self.access(name) {
            Access::Fast => Instr::LoadFast(self.slot(name)),
            Access::Deref => Instr::LoadDeref(self.deref(name)),
            Access::Global => Instr::LoadGlobal(self.name(name)),
            Access::Name => Instr::LoadName(self.name(name)),
        };
        self.emit(i);
    }

    fn store_name(&mut self, name: &str) {
        let i = match self.access(name) {
            Access::Fast => Instr::StoreFast(self.slot(name)),
            Access::Deref => Instr::StoreDeref(self.deref(name)),
            Access::Global => Instr::StoreGlobal(self.name(name)),
            Access::Name => Instr::StoreName(self.name(name)),
        };
        self.emit(i);
    }

    fn delete_name(&mut self, name: &str) {
        let i = match self.access(name) {
            Access::Fast => Instr::DeleteFast(self.slot(name)),
            Access::Deref => Instr::StoreDeref(self.deref(name)),
            Access::Global => Instr::DeleteGlobal(self.name(name)),
            Access::Name => Instr::DeleteName(self.name(name)),
        };
        self.emit(i);
    }

    // ----- statements -----

    fn stmts(&mut self, body: &'a [Stmt]) -> R {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> R {
        let saved = self.set_loc(s.range());
        let r = self.stmt_inner(s);
        self.unit().loc = saved;
        r
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> R {
        match s {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => {
                if self.unit().kind == CodeKind::Module || self.unit().kind == CodeKind::Class {
                    return Err(self.syntax(r.range, "'return' outside function"));
                }
                if self.unit().kind == CodeKind::AsyncGenerator && r.value.is_some() {
                    return Err(self.syntax(r.range, "'return' with value in async generator"));
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let k = self.konst(Value::None);
                        self.emit(Instr::LoadConst(k));
                    }
                }
                self.do_return();
                Ok(())
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Instr::Copy(1));
                    }
                    self.store(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v)?;
                    self.store(&a.target)?;
                }
                // Module and class bodies record `name: T` in `__annotations__`.
                if let Expr::Name(n) = &*a.target
                    && a.simple
                    && matches!(self.unit().kind, CodeKind::Module | CodeKind::Class)
                {
                    self.annotation(&a.annotation)?;
                    let ann = self.name("__annotations__");
                    self.emit(Instr::LoadName(ann));
                    self.const_expr(Value::str(&n.id));
                    self.emit(Instr::StoreSubscr);
                }
                Ok(())
            }
            Stmt::For(f) => {
                if f.is_async {
                    if !self.in_async() {
                        return Err(self.outside_async(f.range, "'async for'"));
                    }
                    return self.async_for_loop(f);
                }
                self.for_loop(f)
            }
            Stmt::While(w) => self.while_loop(w),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) => {
                if w.is_async {
                    if !self.in_async() {
                        return Err(self.outside_async(w.range, "'async with'"));
                    }
                    return self.with_items(&w.items, &w.body, true);
                }
                self.with_items(&w.items, &w.body, false)
            }
            Stmt::Match(m) => Err(self.unsupported(m.range, "match statement")),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Instr::Raise(n));
                Ok(())
            }
            Stmt::Try(t) => {
                if t.is_star && t.finalbody.is_empty() {
                    self.try_except_star(&t.body, &t.handlers, &t.orelse)
                } else if t.finalbody.is_empty() {
                    self.try_except(&t.body, &t.handlers, &t.orelse)
                } else {
                    self.try_finally(t)
                }
            }
            Stmt::Assert(a) => {
                let j = self.jump_if(&a.test, true)?;
                // CPython reports a failed assert at its test expression.
                let saved = self.set_loc(a.test.range());
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                    self.emit(Instr::Call(1));
                }
                self.emit(Instr::Raise(1));
                self.unit().loc = saved;
                self.patch(j);
                Ok(())
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = self.name(&a.name);
                    self.emit(Instr::ImportName(n));
                    match &a.asname {
                        Some(asname) => {
                            // `import a.b as c` binds the submodule (IMPORT_NAME here
                            // yields the named module itself).
                            self.store_name(asname);
                        }
                        None => {
                            let first = a.name.split('.').next().unwrap_or(&a.name).to_owned();
                            if first != a.name.as_str() {
                                self.emit(Instr::PopTop);
                                let n = self.name(&first);
                                self.emit(Instr::ImportName(n));
                            }
                            self.store_name(&first);
                        }
                    }
                }
                Ok(())
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    return Err(self.unsupported(i.range, "relative import"));
                }
                let module = i.module.as_ref().map_or("", |m| m.as_str());
                let n = self.name(module);
                self.emit(Instr::ImportName(n));
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        self.emit(Instr::ImportStar);
                        return Ok(());
                    }
                    let n = self.name(&a.name);
                    self.emit(Instr::ImportFrom(n));
                    let bind = a.asname.as_ref().unwrap_or(&a.name).to_string();
                    self.store_name(&bind);
                }
                self.emit(Instr::PopTop);
                Ok(())
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) => {
                self.emit(Instr::Nop);
                Ok(())
            }
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                self.emit(Instr::PopTop);
                Ok(())
            }
            Stmt::Break(b) => self.break_continue(b.range, true),
            Stmt::Continue(c) => self.break_continue(c.range, false),
            Stmt::TypeAlias(t) => Err(self.unsupported(t.range, "type alias")),
            Stmt::IpyEscapeCommand(c) => Err(self.unsupported(c.range, "IPython escape")),
        }
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> R {
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(&n.id);
                self.expr(&a.value)?;
                self.emit(Instr::BinaryOp(op, true));
                self.store_name(&n.id);
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Instr::Copy(1));
                let n = self.name(&at.attr);
                self.emit(Instr::LoadAttr(n));
                self.expr(&a.value)?;
                self.emit(Instr::BinaryOp(op, true));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreAttr(n));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_index(&s.slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.emit(Instr::BinarySubscr);
                self.expr(&a.value)?;
                self.emit(Instr::BinaryOp(op, true));
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreSubscr);
            }
            other => {
                return Err(self.syntax(other.range(), "illegal target for augmented assignment"));
            }
        }
        Ok(())
    }

    fn do_return(&mut self) {
        let unwinding = self.unit().fblocks.iter().any(|b| {
            matches!(
                b,
                FBlock::Finally(_)
                    | FBlock::With
                    | FBlock::AsyncWith
                    | FBlock::Handler(_)
                    | FBlock::FinallyEnd
            )
        });
        if unwinding {
            let slot = self.slot(".retval");
            self.emit(Instr::StoreFast(slot));
            let blocks: Vec<FBlock<'a>> = self.unit().fblocks.iter().rev().cloned().collect();
            for b in blocks {
                self.unwind_block(&b, true);
            }
            self.emit(Instr::LoadFast(slot));
        }
        self.emit(Instr::ReturnValue);
    }

    /// Emits what leaving block `b` early requires.
    fn unwind_block(&mut self, b: &FBlock<'a>, for_return: bool) {
        match b {
            FBlock::For { .. } => {
                if for_return {
                    self.emit(Instr::PopTop);
                }
            }
            FBlock::While { .. } => {}
            FBlock::Try => {
                self.emit(Instr::PopBlock);
            }
            FBlock::Finally(body) => {
                self.emit(Instr::PopBlock);
                // The finally body is not protected by its own block: compile it with the
                // blocks outside it (errors there were reported on the normal path).
                let body: &'a [Stmt] = body;
                let saved = std::mem::take(&mut self.unit().fblocks);
                let pos = saved
                    .iter()
                    .rposition(|x| matches!(x, FBlock::Finally(p) if std::ptr::eq(*p, body)));
                let outer: Vec<FBlock<'a>> = pos.map_or(saved.clone(), |p| saved[..p].to_vec());
                self.unit().fblocks = outer;
                let _ = self.stmts(body);
                self.unit().fblocks = saved;
            }
            FBlock::Handler(name) => {
                self.emit(Instr::PopExcept);
                if let Some(n) = name {
                    let n = n.clone();
                    let k = self.konst(Value::None);
                    self.emit(Instr::LoadConst(k));
                    self.store_name(&n);
                    self.delete_name(&n);
                }
            }
            FBlock::FinallyEnd => {
                self.emit(Instr::PopExcept);
            }
            FBlock::With => {
                self.emit(Instr::PopBlock);
                self.emit(Instr::WithExit);
            }
            FBlock::AsyncWith => {
                self.emit(Instr::PopBlock);
                self.emit(Instr::AsyncWithExit);
                self.await_tos();
                self.emit(Instr::PopTop);
            }
        }
    }

    /// Awaits TOS: `GET_AWAITABLE; LOAD_CONST None; YIELD_FROM`.
    fn await_tos(&mut self) {
        self.emit(Instr::GetAwaitable);
        self.const_expr(Value::None);
        self.emit(Instr::YieldFrom);
    }

    /// Whether the code being compiled is an `async def` body.
    fn in_async(&mut self) -> bool {
        matches!(
            self.unit().kind,
            CodeKind::Coroutine | CodeKind::AsyncGenerator
        )
    }

    /// The SyntaxError for `what` (`'await'`, `'async with'`) outside an `async def`.
    fn outside_async(&mut self, r: TextRange, what: &str) -> CompileError {
        let msg = if self.unit().kind == CodeKind::Module {
            format!("{what} outside function")
        } else {
            format!("{what} outside async function")
        };
        self.syntax(r, &msg)
    }

    fn break_continue(&mut self, r: TextRange, is_break: bool) -> R {
        let blocks = self.unit().fblocks.clone();
        let Some(li) = blocks
            .iter()
            .rposition(|b| matches!(b, FBlock::For { .. } | FBlock::While { .. }))
        else {
            let what = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(self.syntax(r, what));
        };
        for b in blocks[li + 1..].iter().rev() {
            self.unwind_block(b, false);
        }
        match &blocks[li] {
            FBlock::For { head, .. } | FBlock::While { head, .. } => {
                if is_break {
                    if matches!(blocks[li], FBlock::For { .. }) {
                        self.emit(Instr::PopTop);
                    }
                    let j = self.emit(Instr::Jump(0));
                    if let Some(FBlock::For { breaks, .. } | FBlock::While { breaks, .. }) =
                        self.unit().fblocks.get_mut(li)
                    {
                        breaks.push(j);
                    }
                } else {
                    self.emit(Instr::JumpBackward(*head));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn for_loop(&mut self, f: &'a ast::StmtFor) -> R {
        self.expr(&f.iter)?;
        self.emit(Instr::GetIter);
        let head = self.here();
        let exit = self.emit(Instr::ForIter(0));
        self.unit().fblocks.push(FBlock::For {
            head,
            breaks: Vec::new(),
        });
        self.store(&f.target)?;
        self.stmts(&f.body)?;
        self.emit(Instr::JumpBackward(head));
        let block = self.unit().fblocks.pop();
        self.patch(exit);
        self.stmts(&f.orelse)?;
        if let Some(FBlock::For { breaks, .. }) = block {
            for b in breaks {
                self.patch(b);
            }
        }
        Ok(())
    }

    /// `async for`: the loop asks `__anext__()` for each item and awaits it; the
    /// `StopAsyncIteration` that ends it is caught by the handler around that await.
    fn async_for_loop(&mut self, f: &'a ast::StmtFor) -> R {
        self.expr(&f.iter)?;
        self.emit(Instr::GetAIter);
        let head = self.here();
        let setup = self.emit(Instr::SetupExcept(0));
        self.emit(Instr::GetANext);
        self.const_expr(Value::None);
        self.emit(Instr::YieldFrom);
        self.emit(Instr::PopBlock);
        self.unit().fblocks.push(FBlock::For {
            head,
            breaks: Vec::new(),
        });
        self.store(&f.target)?;
        self.stmts(&f.body)?;
        self.emit(Instr::JumpBackward(head));
        let block = self.unit().fblocks.pop();
        self.patch(setup);
        self.emit(Instr::EndAsyncFor);
        self.stmts(&f.orelse)?;
        if let Some(FBlock::For { breaks, .. }) = block {
            for b in breaks {
                self.patch(b);
            }
        }
        Ok(())
    }

    fn while_loop(&mut self, w: &'a ast::StmtWhile) -> R {
        let head = self.here();
        let always = matches!(&*w.test, Expr::BooleanLiteral(b) if b.value)
            || matches!(&*w.test, Expr::NumberLiteral(n) if matches!(&n.value, ast::Number::Int(i) if i.as_i64() != Some(0)));
        let exit = if always {
            None
        } else {
            Some(self.jump_if(&w.test, false)?)
        };
        self.unit().fblocks.push(FBlock::While {
            head,
            breaks: Vec::new(),
        });
        self.stmts(&w.body)?;
        self.emit(Instr::JumpBackward(head));
        let block = self.unit().fblocks.pop();
        if let Some(e) = exit {
            self.patch(e);
        }
        self.stmts(&w.orelse)?;
        if let Some(FBlock::While { breaks, .. }) = block {
            for b in breaks {
                self.patch(b);
            }
        }
        Ok(())
    }

    /// Compiles `test` and a jump taken when its truth equals `when`; returns the jump.
    fn jump_if(&mut self, test: &Expr, when: bool) -> Result<usize, CompileError> {
        if let Expr::UnaryOp(u) = test
            && u.op == ast::UnaryOp::Not
        {
            return self.jump_if(&u.operand, !when);
        }
        self.expr(test)?;
        Ok(self.emit(if when {
            Instr::PopJumpIfTrue(0)
        } else {
            Instr::PopJumpIfFalse(0)
        }))
    }

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> R {
        let mut ends = Vec::new();
        let mut next = self.jump_if(&i.test, false)?;
        self.stmts(&i.body)?;
        for clause in &i.elif_else_clauses {
            ends.push(self.emit(Instr::Jump(0)));
            self.patch(next);
            match &clause.test {
                Some(t) => {
                    let saved = self.set_loc(t.range());
                    next = self.jump_if(t, false)?;
                    self.unit().loc = saved;
                    self.stmts(&clause.body)?;
                }
                None => {
                    self.stmts(&clause.body)?;
                    next = usize::MAX;
                }
            }
        }
        if next != usize::MAX {
            self.patch(next);
        }
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    /// `with` (or `async with`, whose `__aenter__()` and `__aexit__(...)` are awaited).
    fn with_items(&mut self, items: &'a [ast::WithItem], body: &'a [Stmt], is_async: bool) -> R {
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        self.expr(&first.context_expr)?;
        if is_async {
            self.emit(Instr::BeforeAsyncWith);
            self.await_tos();
        } else {
            self.emit(Instr::BeforeWith);
        }
        let setup = self.emit(Instr::SetupWith(0));
        self.unit().fblocks.push(if is_async {
            FBlock::AsyncWith
        } else {
            FBlock::With
        });
        match &first.optional_vars {
            Some(v) => self.store(v)?,
            None => {
                self.emit(Instr::PopTop);
            }
        }
        self.with_items(rest, body, is_async)?;
        self.unit().fblocks.pop();
        self.emit(Instr::PopBlock);
        if is_async {
            self.emit(Instr::AsyncWithExit);
            self.await_tos();
            self.emit(Instr::PopTop);
        } else {
            self.emit(Instr::WithExit);
        }
        let j = self.emit(Instr::Jump(0));
        self.patch(setup);
        if is_async {
            self.emit(Instr::AsyncWithExceptStart);
            self.await_tos();
            self.emit(Instr::AsyncWithExceptEnd);
        } else {
            self.emit(Instr::WithExceptStart);
        }
        self.patch(j);
        Ok(())
    }

    /// `body` under an exception handler still to be placed: gives the `SetupExcept` to
    /// patch to it.
    fn guarded(&mut self, body: &'a [Stmt]) -> Result<usize, CompileError> {
        let setup = self.emit(Instr::SetupExcept(0));
        self.unit().fblocks.push(FBlock::Try);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.emit(Instr::PopBlock);
        Ok(setup)
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> R {
        let setup = self.guarded(body)?;
        self.stmts(orelse)?;
        let mut ends = vec![self.emit(Instr::Jump(0))];
        self.patch(setup);
        self.emit(Instr::PushExcInfo);
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let saved = self.set_loc(h.range);
            let mut skip = None;
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.emit(Instr::CheckExcMatch);
                skip = Some(self.emit(Instr::PopJumpIfFalse(0)));
            }
            let name = h.name.as_ref().map(|n| n.to_string());
            if let Some(n) = &name {
                self.emit(Instr::Copy(1));
                self.store_name(n);
            }
            self.unit().fblocks.push(FBlock::Handler(name.clone()));
            self.stmts(&h.body)?;
            self.unit().fblocks.pop();
            self.emit(Instr::PopExcept);
            if let Some(n) = &name {
                let k = self.konst(Value::None);
                self.emit(Instr::LoadConst(k));
                self.store_name(n);
                self.delete_name(n);
            }
            ends.push(self.emit(Instr::Jump(0)));
            if let Some(s) = skip {
                self.patch(s);
            }
            self.unit().loc = saved;
        }
        self.emit(Instr::Reraise);
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    /// `try` with `except*` clauses. Each clause takes the leaves of its type out of the
    /// group still unhandled (a naked exception counts as a group of one); what the
    /// clauses raise and the leaves none matched are raised again, as one group.
    fn try_except_star(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> R {
        let setup = self.guarded(body)?;
        self.stmts(orelse)?;
        let end = self.emit(Instr::Jump(0));
        self.patch(setup);
        self.emit(Instr::PushExcInfo);
        self.emit(Instr::StarBegin);
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let saved = self.set_loc(h.range);
            let Some(ty) = &h.type_ else {
                return Err(self.unsupported(h.range, "except* without a type"));
            };
            self.expr(ty)?;
            self.emit(Instr::StarMatch);
            let skip = self.emit(Instr::PopJumpIfFalse(0));
            self.emit(Instr::PushExcInfo);
            let name = h.name.as_ref().map(|n| n.to_string());
            if let Some(n) = &name {
                self.emit(Instr::Copy(1));
                self.store_name(n);
            }
            let inner = self.guarded(&h.body)?;
            self.emit(Instr::PopExcept);
            self.clear_handler_name(name.as_deref());
            let next = self.emit(Instr::Jump(0));
            self.patch(inner);
            self.emit(Instr::StarRaised);
            self.emit(Instr::PopExcept);
            self.clear_handler_name(name.as_deref());
            let next2 = self.emit(Instr::Jump(0));
            self.patch(skip);
            self.emit(Instr::PopTop);
            self.patch(next);
            self.patch(next2);
            self.unit().loc = saved;
        }
        self.emit(Instr::StarEnd);
        self.emit(Instr::PopExcept);
        self.patch(end);
        Ok(())
    }

    /// `del NAME` after `except ... as NAME`, as CPython does.
    fn clear_handler_name(&mut self, name: Option<&str>) {
        if let Some(n) = name {
            let k = self.konst(Value::None);
            self.emit(Instr::LoadConst(k));
            self.store_name(n);
            self.delete_name(n);
        }
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> R {
        let setup = self.emit(Instr::SetupFinally(0));
        self.unit().fblocks.push(FBlock::Finally(&t.finalbody));
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
            self.stmts(&t.orelse)?;
        } else if t.is_star {
            self.try_except_star(&t.body, &t.handlers, &t.orelse)?;
        } else {
            self.try_except(&t.body, &t.handlers, &t.orelse)?;
        }
        self.unit().fblocks.pop();
        self.emit(Instr::PopBlock);
        self.stmts(&t.finalbody)?;
        let end = self.emit(Instr::Jump(0));
        self.patch(setup);
        self.emit(Instr::PushExcInfo);
        self.unit().fblocks.push(FBlock::FinallyEnd);
        self.stmts(&t.finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Instr::Reraise);
        self.patch(end);
        Ok(())
    }

    // ----- definitions -----

    fn scope_of<T>(&self, node: &T) -> usize {
        self.table.by_node.get(&node_id(node)).copied().unwrap_or(0)
    }

    fn qualname(&self, name: &str) -> String {
        match self.units.last() {
            Some(u) if u.kind == CodeKind::Module => name.to_owned(),
            Some(u) if u.kind == CodeKind::Class => format!("{}.{name}", u.qualname),
            Some(u) => format!("{}.<locals>.{name}", u.qualname),
            None => name.to_owned(),
        }
    }

    /// Pushes defaults/kwdefaults for `p`; returns the MakeFunction flags.
    fn defaults(&mut self, p: &ast::Parameters) -> Result<u8, CompileError> {
        let mut flags = 0;
        let defs: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defs.is_empty() {
            for d in &defs {
                self.expr(d)?;
            }
            self.emit(Instr::BuildTuple(defs.len() as u32));
            flags |= 1;
        }
        let kw: Vec<(&str, &Expr)> = p
            .kwonlyargs
            .iter()
            .filter_map(|a| a.default.as_deref().map(|d| (a.parameter.name.as_str(), d)))
            .collect();
        if !kw.is_empty() {
            for (n, d) in &kw {
                let k = self.konst(Value::str(n));
                self.emit(Instr::LoadConst(k));
                self.expr(d)?;
            }
            self.emit(Instr::BuildMap(kw.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    /// The docstring of a body: its first statement, if that is a string literal.
    fn docstring(body: &[Stmt]) -> Option<String> {
        match body.first() {
            Some(Stmt::Expr(e)) => match &*e.value {
                Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Pushes an annotation's value: evaluated, or its source text under
    /// `from __future__ import annotations`.
    fn annotation(&mut self, e: &Expr) -> R {
        if self.lazy_annotations {
            let text = self
                .index
                .text()
                .get(e.range().to_std_range())
                .unwrap_or("");
            self.const_expr(Value::str(text));
            Ok(())
        } else {
            self.expr(e)
        }
    }

    /// Pushes the `__annotations__` dict of a function with annotations (parameters in
    /// order, then `return`, as CPython builds it); returns the MakeFunction flag bit.
    fn annotations(
        &mut self,
        p: &ast::Parameters,
        returns: Option<&Expr>,
    ) -> Result<u8, CompileError> {
        let params = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwonlyargs.iter().map(|a| &a.parameter))
            .chain(p.kwarg.as_deref());
        let mut pairs: Vec<(&str, &Expr)> = params
            .filter_map(|a| a.annotation.as_deref().map(|e| (a.name.as_str(), e)))
            .collect();
        if let Some(r) = returns {
            pairs.push(("return", r));
        }
        if pairs.is_empty() {
            return Ok(0);
        }
        for (name, e) in &pairs {
            self.const_expr(Value::str(name));
            self.annotation(e)?;
        }
        self.emit(Instr::BuildMap(pairs.len() as u32));
        Ok(4)
    }

    fn params(p: &ast::Parameters) -> Params {
        Params {
            posonly: p.posonlyargs.len() as u32,
            positional: (p.posonlyargs.len() + p.args.len()) as u32,
            kwonly: p.kwonlyargs.len() as u32,
            varargs: p.vararg.is_some(),
            varkw: p.kwarg.is_some(),
        }
    }

    /// Pushes the closure tuple for a child code object; returns the flag bit.
    /// The bits of `MAKE_FUNCTION`/`MAKE_CLASS` flags saying a closure tuple is stacked.
    fn closure(&mut self, code: &Code) -> u8 {
        if code.freevars.is_empty() {
            return 0;
        }
        for f in &code.freevars {
            let i = self.deref(f);
            self.emit(Instr::LoadClosure(i));
        }
        self.emit(Instr::BuildTuple(code.freevars.len() as u32));
        8
    }

    fn make_function(&mut self, code: Arc<Code>, flags: u8) {
        let flags = flags | self.closure(&code);
        let k = self.konst(Value::Code(code));
        self.emit(Instr::MakeFunction(k, flags));
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> R {
        if f.type_params.is_some() {
            return Err(self.unsupported(f.range, "type parameters"));
        }
        for d in &f.decorator_list {
            self.expr(&d.expression)?;
        }
        let flags = self.defaults(&f.parameters)?
            | self.annotations(&f.parameters, f.returns.as_deref())?;
        let scope = self.scope_of(f);
        let kind = match (f.is_async, self.table.scopes[scope].generator) {
            (false, true) => CodeKind::Generator,
            (false, false) => CodeKind::Function,
            (true, false) => CodeKind::Coroutine,
            (true, true) => CodeKind::AsyncGenerator,
        };
        let qual = self.qualname(&f.name);
        let line = self.loc_of(f.range).line;
        self.push_unit(scope, &f.name, &qual, kind, line);
        self.unit().doc = Self::docstring(&f.body).map(|d| Str::from(d.as_str()));
        self.emit(Instr::Resume);
        self.stmts(&f.body)?;
        if let Some(last) = f.body.last() {
            self.set_loc(last.range());
        }
        if !matches!(self.unit().instrs.last(), Some(Instr::ReturnValue))
            || self.body_may_fall_through()
        {
            let k = self.konst(Value::None);
            self.emit(Instr::LoadConst(k));
            self.emit(Instr::ReturnValue);
        }
        let code = self.pop_unit(Self::params(&f.parameters));
        self.make_function(code, flags);
        for _ in &f.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&f.name);
        Ok(())
    }

    /// Whether some jump targets the end of the current code (so an implicit return is
    /// needed even if the last instruction returns).
    fn body_may_fall_through(&mut self) -> bool {
        let end = self.here();
        self.unit().instrs.iter().any(|i| match i {
            Instr::Jump(t)
            | Instr::PopJumpIfFalse(t)
            | Instr::PopJumpIfTrue(t)
            | Instr::ForIter(t)
            | Instr::JumpIfFalseOrPop(t)
            | Instr::JumpIfTrueOrPop(t)
            | Instr::SetupExcept(t)
            | Instr::SetupFinally(t)
            | Instr::SetupWith(t) => *t >= end,
            _ => false,
        })
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> R {
        if c.type_params.is_some() {
            return Err(self.unsupported(c.range, "type parameters"));
        }
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let scope = self.scope_of(c);
        let qual = self.qualname(&c.name);
        let line = self.loc_of(c.range).line;
        self.push_unit(scope, &c.name, &qual, CodeKind::Class, line);
        let n = self.name("__name__");
        self.emit(Instr::LoadName(n));
        let m = self.name("__module__");
        self.emit(Instr::StoreName(m));
        let k = self.konst(Value::str(&qual));
        self.emit(Instr::LoadConst(k));
        let q = self.name("__qualname__");
        self.emit(Instr::StoreName(q));
        if let Some(doc) = Self::docstring(&c.body) {
            self.const_expr(Value::str(&doc));
            let d = self.name("__doc__");
            self.emit(Instr::StoreName(d));
        }
        self.setup_annotations(&c.body);
        self.stmts(&c.body)?;
        let none = self.konst(Value::None);
        self.emit(Instr::LoadConst(none));
        self.emit(Instr::ReturnValue);
        let code = self.pop_unit(Params::default());
        let flags = self.closure(&code);
        let mut flags = flags;
        let mut nbases = 0;
        if let Some(args) = &c.arguments {
            let mut metaclass = None;
            for k in &args.keywords {
                match k.arg.as_ref().map(|a| a.as_str()) {
                    Some("metaclass") if metaclass.is_none() => metaclass = Some(&k.value),
                    _ => return Err(self.unsupported(k.range, "class keyword arguments")),
                }
            }
            for b in &args.args {
                if let Expr::Starred(s) = b {
                    return Err(self.unsupported(s.range, "starred base classes"));
                }
                self.expr(b)?;
                nbases += 1;
            }
            // `metaclass=M` goes on the stack above the bases; the VM decides what it
            // can make of it (`make_class`).
            if let Some(m) = metaclass {
                self.expr(m)?;
                flags |= METACLASS_FLAG;
            }
        }
        let k = self.konst(Value::Code(code));
        self.emit(Instr::MakeClass(k, nbases, flags));
        for _ in &c.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(&c.name);
        Ok(())
    }

    // ----- targets -----

    fn store(&mut self, t: &Expr) -> R {
        match t {
            Expr::Name(n) => {
                self.store_name(&n.id);
                Ok(())
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(&a.attr);
                self.emit(Instr::StoreAttr(n));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_index(&s.slice)?;
                self.emit(Instr::StoreSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    Some(i) => {
                        let after = elts.len() - i - 1;
                        self.emit(Instr::UnpackEx(i as u32, after as u32));
                    }
                    None => {
                        self.emit(Instr::UnpackSequence(elts.len() as u32));
                    }
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store(&s.value)?,
                        other => self.store(other)?,
                    }
                }
                Ok(())
            }
            other => Err(self.syntax(other.range(), "cannot assign to expression")),
        }
    }

    fn delete(&mut self, t: &Expr) -> R {
        match t {
            Expr::Name(n) => {
                self.delete_name(&n.id);
                Ok(())
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(&a.attr);
                self.emit(Instr::DeleteAttr(n));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_index(&s.slice)?;
                self.emit(Instr::DeleteSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    self.delete(e)?;
                }
                Ok(())
            }
            other => Err(self.syntax(other.range(), "cannot delete expression")),
        }
    }

    fn subscript_index(&mut self, slice: &Expr) -> R {
        match slice {
            Expr::Slice(s) => {
                let mut n = 2;
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(e) => self.expr(e)?,
                        None => {
                            let k = self.konst(Value::None);
                            self.emit(Instr::LoadConst(k));
                        }
                    }
                }
                if let Some(st) = &s.step {
                    self.expr(st)?;
                    n = 3;
                }
                self.emit(Instr::BuildSlice(n));
                Ok(())
            }
            other => self.expr(other),
        }
    }

    // ----- expressions -----

    fn expr(&mut self, e: &Expr) -> R {
        let saved = self.set_loc(e.range());
        let r = self.expr_inner(e);
        self.unit().loc = saved;
        r
    }

    fn const_expr(&mut self, v: Value) {
        let k = self.konst(v);
        self.emit(Instr::LoadConst(k));
    }

    fn expr_inner(&mut self, e: &Expr) -> R {
        match e {
            Expr::Name(n) => {
                self.load_name(&n.id);
                Ok(())
            }
            Expr::NumberLiteral(n) => {
                let v = match &n.value {
                    ast::Number::Int(i) => match i.as_i64() {
                        Some(x) => Value::Int(x),
                        None => parse_big(&i.to_string())
                            .map(Value::from_big)
                            .ok_or_else(|| self.syntax(n.range, "invalid integer literal"))?,
                    },
                    ast::Number::Float(f) => Value::Float(*f),
                    ast::Number::Complex { .. } => {
                        return Err(self.unsupported(n.range, "complex numbers"));
                    }
                };
                self.const_expr(v);
                Ok(())
            }
            Expr::StringLiteral(s) => {
                self.const_expr(Value::str(s.value.to_str()));
                Ok(())
            }
            Expr::BooleanLiteral(b) => {
                self.const_expr(Value::Bool(b.value));
                Ok(())
            }
            Expr::NoneLiteral(_) => {
                self.const_expr(Value::None);
                Ok(())
            }
            Expr::EllipsisLiteral(_) => {
                self.const_expr(Value::Ellipsis);
                Ok(())
            }
            Expr::BytesLiteral(b) => {
                self.const_expr(Value::Bytes(Arc::new(b.value.bytes().collect())));
                Ok(())
            }
            Expr::TString(t) => Err(self.unsupported(t.range, "template strings")),
            Expr::IpyEscapeCommand(c) => Err(self.unsupported(c.range, "IPython escape")),
            Expr::Await(a) => {
                if !self.in_async() {
                    return Err(self.outside_async(a.range, "'await'"));
                }
                self.expr(&a.value)?;
                self.await_tos();
                Ok(())
            }
            Expr::BoolOp(b) => {
                let mut jumps = Vec::new();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        jumps.push(self.emit(match b.op {
                            ast::BoolOp::And => Instr::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Instr::JumpIfTrueOrPop(0),
                        }));
                    }
                }
                for j in jumps {
                    self.patch(j);
                }
                Ok(())
            }
            Expr::Named(n) => {
                self.expr(&n.value)?;
                self.emit(Instr::Copy(1));
                self.store(&n.target)
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                let l = self.loc_of(b.left.range());
                let r = self.loc_of(b.right.range());
                if l.end_line == r.line {
                    self.unit().loc.anchor = Some(Anchor::BinOp(l.end_col, r.col));
                }
                self.emit(Instr::BinaryOp(binop(b.op), false));
                Ok(())
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.emit(Instr::UnaryOp(match u.op {
                    ast::UnaryOp::Not => UnOp::Not,
                    ast::UnaryOp::USub => UnOp::Neg,
                    ast::UnaryOp::UAdd => UnOp::Pos,
                    ast::UnaryOp::Invert => UnOp::Invert,
                }));
                Ok(())
            }
            Expr::Lambda(l) => {
                let flags = match &l.parameters {
                    Some(p) => self.defaults(p)?,
                    None => 0,
                };
                let scope = self.scope_of(l);
                let qual = self.qualname("<lambda>");
                let line = self.loc_of(l.range).line;
                self.push_unit(scope, "<lambda>", &qual, CodeKind::Function, line);
                self.emit(Instr::Resume);
                self.expr(&l.body)?;
                self.emit(Instr::ReturnValue);
                let params = l
                    .parameters
                    .as_deref()
                    .map(Self::params)
                    .unwrap_or_default();
                let code = self.pop_unit(params);
                self.make_function(code, flags);
                Ok(())
            }
            Expr::If(i) => {
                let else_j = self.jump_if(&i.test, false)?;
                self.expr(&i.body)?;
                let end = self.emit(Instr::Jump(0));
                self.patch(else_j);
                self.expr(&i.orelse)?;
                self.patch(end);
                Ok(())
            }
            Expr::Dict(d) => {
                if d.items.iter().any(|i| i.key.is_none()) {
                    self.emit(Instr::BuildMap(0));
                    for item in &d.items {
                        match &item.key {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(&item.value)?;
                                self.emit(Instr::MapAdd(1));
                            }
                            None => {
                                self.expr(&item.value)?;
                                self.emit(Instr::DictUpdate(1));
                            }
                        }
                    }
                } else {
                    for item in &d.items {
                        if let Some(k) = &item.key {
                            self.expr(k)?;
                        }
                        self.expr(&item.value)?;
                    }
                    self.emit(Instr::BuildMap(d.items.len() as u32));
                }
                Ok(())
            }
            Expr::Set(s) => {
                if s.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    self.emit(Instr::BuildSet(0));
                    for el in &s.elts {
                        match el {
                            Expr::Starred(st) => {
                                self.expr(&st.value)?;
                                self.emit(Instr::SetUpdate(1));
                            }
                            other => {
                                self.expr(other)?;
                                self.emit(Instr::SetAdd(1));
                            }
                        }
                    }
                } else {
                    for el in &s.elts {
                        self.expr(el)?;
                    }
                    self.emit(Instr::BuildSet(s.elts.len() as u32));
                }
                Ok(())
            }
            Expr::List(l) => self.sequence(&l.elts, false),
            Expr::Tuple(t) => self.sequence(&t.elts, true),
            Expr::ListComp(c) => self.comprehension(e, node_id(c), "<listcomp>", &c.generators),
            Expr::SetComp(c) => self.comprehension(e, node_id(c), "<setcomp>", &c.generators),
            Expr::DictComp(c) => self.comprehension(e, node_id(c), "<dictcomp>", &c.generators),
            Expr::Generator(c) => self.comprehension(e, node_id(c), "<genexpr>", &c.generators),
            Expr::Yield(y) => {
                if !matches!(
                    self.unit().kind,
                    CodeKind::Generator | CodeKind::AsyncGenerator
                ) {
                    return Err(self.syntax(y.range, "'yield' outside function"));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.const_expr(Value::None),
                }
                if self.unit().kind == CodeKind::AsyncGenerator {
                    self.emit(Instr::AsyncGenWrap);
                }
                self.emit(Instr::YieldValue);
                self.emit(Instr::Resume);
                Ok(())
            }
            Expr::YieldFrom(y) => {
                if self.in_async() {
                    return Err(self.syntax(y.range, "'yield from' inside async function"));
                }
                if !matches!(self.unit().kind, CodeKind::Generator) {
                    return Err(self.syntax(y.range, "'yield' outside function"));
                }
                self.expr(&y.value)?;
                self.emit(Instr::GetIter);
                self.const_expr(Value::None);
                self.emit(Instr::YieldFrom);
                Ok(())
            }
            Expr::Compare(c) => self.compare(c),
            Expr::Call(c) => self.call(c),
            Expr::FString(f) => {
                let mut n = 0;
                for part in f.value.iter() {
                    match part {
                        ast::FStringPart::Literal(l) => {
                            self.const_expr(Value::str(&l.value));
                            n += 1;
                        }
                        ast::FStringPart::FString(fs) => {
                            n += self.interp_elements(&fs.elements)?;
                        }
                    }
                }
                if n != 1 {
                    self.emit(Instr::BuildString(n));
                }
                Ok(())
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let n = self.name(&a.attr);
                self.emit(Instr::LoadAttr(n));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_index(&s.slice)?;
                let v = self.loc_of(s.value.range());
                let i = self.loc_of(s.slice.range());
                if v.end_line == i.end_line {
                    self.unit().loc.anchor = Some(Anchor::Subscript(v.end_col, i.end_col));
                }
                self.emit(Instr::BinarySubscr);
                Ok(())
            }
            Expr::Starred(s) => Err(self.syntax(s.range, "can't use starred expression here")),
            Expr::Slice(s) => {
                let mut n = 2;
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => self.const_expr(Value::None),
                    }
                }
                if let Some(st) = &s.step {
                    self.expr(st)?;
                    n = 3;
                }
                self.emit(Instr::BuildSlice(n));
                Ok(())
            }
        }
    }

    fn interp_elements(
        &mut self,
        els: &ast::InterpolatedStringElements,
    ) -> Result<u32, CompileError> {
        let mut n = 0;
        for el in els.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    self.const_expr(Value::str(&l.value));
                    n += 1;
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conv = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if let Some(d) = &i.debug_text {
                        let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                        self.const_expr(Value::str(&text));
                        n += 1;
                        if conv == 0 && i.format_spec.is_none() {
                            conv = 2;
                        }
                    }
                    self.expr(&i.expression)?;
                    let has_spec = match &i.format_spec {
                        Some(spec) => {
                            let k = self.interp_elements(&spec.elements)?;
                            if k == 0 {
                                self.const_expr(Value::str(""));
                            } else if k > 1 {
                                self.emit(Instr::BuildString(k));
                            }
                            true
                        }
                        None => false,
                    };
                    self.emit(Instr::FormatValue(conv, has_spec));
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    fn sequence(&mut self, elts: &[Expr], tuple: bool) -> R {
        if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            self.emit(Instr::BuildList(0));
            for el in elts {
                match el {
                    Expr::Starred(s) => {
                        self.expr(&s.value)?;
                        self.emit(Instr::ListExtend(1));
                    }
                    other => {
                        self.expr(other)?;
                        self.emit(Instr::ListAppend(1));
                    }
                }
            }
            if tuple {
                self.emit(Instr::ListToTuple);
            }
            return Ok(());
        }
        if tuple
            && !elts.is_empty()
            && let Some(vals) = elts.iter().map(literal).collect::<Option<Vec<Value>>>()
        {
            self.const_expr(Value::tuple(vals));
            return Ok(());
        }
        for el in elts {
            self.expr(el)?;
        }
        let n = elts.len() as u32;
        self.emit(if tuple {
            Instr::BuildTuple(n)
        } else {
            Instr::BuildList(n)
        });
        Ok(())
    }

    fn compare(&mut self, c: &ast::ExprCompare) -> R {
        self.expr(&c.left)?;
        let n = c.ops.len();
        let mut cleanups = Vec::new();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(right)?;
            if i + 1 < n {
                self.emit(Instr::Swap(2));
                self.emit(Instr::Copy(2));
            }
            self.emit(cmp_instr(*op));
            if i + 1 < n {
                cleanups.push(self.emit(Instr::JumpIfFalseOrPop(0)));
            }
        }
        if !cleanups.is_empty() {
            let end = self.emit(Instr::Jump(0));
            for j in cleanups {
                self.patch(j);
            }
            self.emit(Instr::Swap(2));
            self.emit(Instr::PopTop);
            self.patch(end);
        }
        Ok(())
    }

    fn call(&mut self, c: &ast::ExprCall) -> R {
        let args = &c.arguments;
        let starred = args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || args.keywords.iter().any(|k| k.arg.is_none());
        // Zero-argument super() becomes super(__class__, <first argument>).
        if let Expr::Name(n) = &*c.func
            && n.id.as_str() == "super"
            && args.is_empty()
            && self.access("super") == Access::Global
        {
            self.load_name("super");
            let scope = self.units.last().map_or(0, |u| u.scope);
            let first = self.table.scopes[scope].params.first().cloned();
            let Some(first) = first else {
                return Err(self.unsupported(c.range(), "super() outside a method"));
            };
            let i = self.deref("__class__");
            self.emit(Instr::LoadDeref(i));
            self.load_name(&first);
            self.emit(Instr::Call(2));
            return Ok(());
        }
        if let Expr::Attribute(a) = &*c.func
            && !starred
            && args.keywords.is_empty()
        {
            self.expr(&a.value)?;
            for arg in &args.args {
                self.expr(arg)?;
            }
            let n = self.name(&a.attr);
            let at = self.emit(Instr::CallMethod(n, args.args.len() as u32));
            let (end_line, end_col) = self.index.pos(a.range().end().to_usize());
            self.unit().locs[at].anchor = Some(Anchor::Method(end_line, end_col));
            return Ok(());
        }
        self.expr(&c.func)?;
        if starred {
            match &args.args[..] {
                // f(*x): the iterable goes to the call as is (CPython checks it there).
                [Expr::Starred(s)] => self.expr(&s.value)?,
                _ => self.sequence(&args.args, true)?,
            }
            let has_kw = !args.keywords.is_empty();
            if let [
                ast::Keyword {
                    arg: None, value, ..
                },
            ] = &args.keywords[..]
            {
                // f(**m): the mapping goes to the call as is (CPython checks it there).
                self.expr(value)?;
            } else if has_kw {
                self.emit(Instr::BuildMap(0));
                for k in &args.keywords {
                    match &k.arg {
                        Some(name) => {
                            self.const_expr(Value::str(name));
                            self.expr(&k.value)?;
                            self.emit(Instr::MapAdd(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Instr::DictUpdate(1));
                        }
                    }
                }
            }
            self.emit(Instr::CallEx(has_kw));
            return Ok(());
        }
        for arg in &args.args {
            self.expr(arg)?;
        }
        if args.keywords.is_empty() {
            self.emit(Instr::Call(args.args.len() as u32));
        } else {
            let mut names = Vec::new();
            for k in &args.keywords {
                self.expr(&k.value)?;
                names.push(Value::str(k.arg.as_ref().map_or("", |a| a.as_str())));
            }
            let k = self.konst(Value::tuple(names));
            let total = (args.args.len() + args.keywords.len()) as u32;
            self.emit(Instr::CallKw(total, k));
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        node: usize,
        name: &str,
        gens: &[ast::Comprehension],
    ) -> R {
        let Some(first) = gens.first() else {
            return Err(self.syntax(e.range(), "empty comprehension"));
        };
        let scope = self.table.by_node.get(&node).copied().unwrap_or(0);
        let is_gen = matches!(e, Expr::Generator(_));
        // With `async for` or `await` inside, a comprehension is a coroutine (awaited
        // here) and a generator expression an async generator, as in CPython.
        let is_async = gens.iter().any(|g| g.is_async) || comprehension_awaits(e, gens);
        if is_async && !is_gen && !self.in_async() {
            return Err(self.syntax(
                e.range(),
                "asynchronous comprehension outside of an asynchronous function",
            ));
        }
        let kind = match (is_gen, is_async) {
            (true, false) => CodeKind::Generator,
            (true, true) => CodeKind::AsyncGenerator,
            (false, false) => CodeKind::Function,
            (false, true) => CodeKind::Coroutine,
        };
        let qual = self.qualname(name);
        let line = self.loc_of(e.range()).line;
        self.push_unit(scope, name, &qual, kind, line);
        self.emit(Instr::Resume);
        match e {
            Expr::ListComp(_) => {
                self.emit(Instr::BuildList(0));
            }
            Expr::SetComp(_) => {
                self.emit(Instr::BuildSet(0));
            }
            Expr::DictComp(_) => {
                self.emit(Instr::BuildMap(0));
            }
            _ => {}
        }
        self.comp_level(e, gens, 0, if is_gen { 0 } else { 1 })?;
        if is_gen {
            self.const_expr(Value::None);
        }
        self.emit(Instr::ReturnValue);
        let params = Params {
            positional: 1,
            ..Params::default()
        };
        let code = self.pop_unit(params);
        self.make_function(code, 0);
        self.expr(&first.iter)?;
        self.emit(if first.is_async {
            Instr::GetAIter
        } else {
            Instr::GetIter
        });
        self.emit(Instr::Call(1));
        if is_async && !is_gen {
            self.await_tos();
        }
        Ok(())
    }

    fn comp_level(&mut self, e: &Expr, gens: &[ast::Comprehension], i: usize, depth: u32) -> R {
        let g = &gens[i];
        if i == 0 {
            self.emit(Instr::LoadFast(0));
        } else {
            self.expr(&g.iter)?;
            self.emit(if g.is_async {
                Instr::GetAIter
            } else {
                Instr::GetIter
            });
        }
        let head = self.here();
        let exit = if g.is_async {
            let setup = self.emit(Instr::SetupExcept(0));
            self.emit(Instr::GetANext);
            self.const_expr(Value::None);
            self.emit(Instr::YieldFrom);
            self.emit(Instr::PopBlock);
            setup
        } else {
            self.emit(Instr::ForIter(0))
        };
        self.store(&g.target)?;
        let mut skips = Vec::new();
        for cond in &g.ifs {
            skips.push(self.jump_if(cond, false)?);
        }
        if i + 1 < gens.len() {
            self.comp_level(e, gens, i + 1, depth + 1)?;
        } else {
            let d = depth + 1;
            match e {
                Expr::ListComp(c) => {
                    self.expr(&c.elt)?;
                    self.emit(Instr::ListAppend(d));
                }
                Expr::SetComp(c) => {
                    self.expr(&c.elt)?;
                    self.emit(Instr::SetAdd(d));
                }
                Expr::DictComp(c) => {
                    if let Some(k) = &c.key {
                        self.expr(k)?;
                    }
                    self.expr(&c.value)?;
                    self.emit(Instr::MapAdd(d));
                }
                Expr::Generator(c) => {
                    self.expr(&c.elt)?;
                    if self.unit().kind == CodeKind::AsyncGenerator {
                        self.emit(Instr::AsyncGenWrap);
                    }
                    self.emit(Instr::YieldValue);
                    self.emit(Instr::Resume);
                    self.emit(Instr::PopTop);
                }
                _ => {}
            }
        }
        // A false condition continues the loop through the back-edge (a check, as 3.11's
        // POP_JUMP_BACKWARD_IF_FALSE).
        for s in skips {
            self.patch(s);
        }
        self.emit(Instr::JumpBackward(head));
        self.patch(exit);
        if g.is_async {
            self.emit(Instr::EndAsyncFor);
        }
        Ok(())
    }
}

/// Whether a comprehension awaits inside (in its element, its conditions or its inner
/// iterables, including through a nested async comprehension), which makes it async.
fn comprehension_awaits(e: &Expr, gens: &[ast::Comprehension]) -> bool {
    use ruff_python_ast::visitor::{Visitor, walk_expr};
    struct Finder(bool);
    impl<'x> Visitor<'x> for Finder {
        fn visit_expr(&mut self, e: &'x Expr) {
            match e {
                Expr::Await(_) => self.0 = true,
                Expr::Lambda(_) => {}
                Expr::ListComp(ast::ExprListComp { generators, .. })
                | Expr::SetComp(ast::ExprSetComp { generators, .. })
                | Expr::DictComp(ast::ExprDictComp { generators, .. })
                    if generators.iter().any(|g| g.is_async) =>
                {
                    self.0 = true;
                }
                _ => walk_expr(self, e),
            }
        }
    }
    let mut f = Finder(false);
    match e {
        Expr::ListComp(c) => f.visit_expr(&c.elt),
        Expr::SetComp(c) => f.visit_expr(&c.elt),
        Expr::Generator(c) => f.visit_expr(&c.elt),
        Expr::DictComp(c) => {
            if let Some(k) = &c.key {
                f.visit_expr(k);
            }
            f.visit_expr(&c.value);
        }
        _ => {}
    }
    for (i, g) in gens.iter().enumerate() {
        if i > 0 {
            f.visit_expr(&g.iter);
        }
        for cond in &g.ifs {
            f.visit_expr(cond);
        }
    }
    f.0
}

fn params_total(p: &Params) -> u32 {
    p.positional + p.kwonly + u32::from(p.varargs) + u32::from(p.varkw)
}

fn literal(e: &Expr) -> Option<Value> {
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.as_i64().map(Value::Int),
            ast::Number::Float(f) => Some(Value::Float(*f)),
            ast::Number::Complex { .. } => None,
        },
        Expr::StringLiteral(s) => Some(Value::str(s.value.to_str())),
        Expr::BooleanLiteral(b) => Some(Value::Bool(b.value)),
        Expr::NoneLiteral(_) => Some(Value::None),
        _ => None,
    }
}

/// Parses an integer literal token (decimal, 0x, 0o, 0b, with underscores).
pub fn parse_big(tok: &str) -> Option<BigInt> {
    let t: String = tok.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r.to_owned(), 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r.to_owned(), 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r.to_owned(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::TrueDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::Or,
        ast::Operator::BitXor => BinOp::Xor,
        ast::Operator::BitAnd => BinOp::And,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmp_instr(op: ast::CmpOp) -> Instr {
    match op {
        ast::CmpOp::Eq => Instr::CompareOp(CmpOp::Eq),
        ast::CmpOp::NotEq => Instr::CompareOp(CmpOp::Ne),
        ast::CmpOp::Lt => Instr::CompareOp(CmpOp::Lt),
        ast::CmpOp::LtE => Instr::CompareOp(CmpOp::Le),
        ast::CmpOp::Gt => Instr::CompareOp(CmpOp::Gt),
        ast::CmpOp::GtE => Instr::CompareOp(CmpOp::Ge),
        ast::CmpOp::Is => Instr::IsOp(false),
        ast::CmpOp::IsNot => Instr::IsOp(true),
        ast::CmpOp::In => Instr::ContainsOp(false),
        ast::CmpOp::NotIn => Instr::ContainsOp(true),
    }
}
