//! CPython 3.11's compiler, reproduced: AST to the code objects `python3.11` makes, the
//! same instructions, arguments, constants, names, line numbers and exception tables
//! (what `python3 -m dis` prints). The stages are CPython's: constant folding (`fold`, the
//! AST optimizer's rules), scope analysis (`scope`), code generation into a control-flow
//! graph (`stmt`, `expr`, this file), and the graph's passes and assembly (`cfg`). The
//! implementation is written here from CPython's observable behaviour (docs/provenance.md).

pub mod cfg;
mod expr;
mod fold;
pub mod konst;
mod pattern;
pub mod scope;
mod stmt;
mod unparse;

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexSet;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use self::cfg::{BlockId, Graph, IOp, Instr, Loc, NO_LOC};
pub use self::konst::CodeObject;
use self::konst::{Const, ConstKey};
use self::scope::{BlockType, Scope, SymTable, mangle};
use crate::opcode::Op;

/// `co_flags`: the code uses fast locals.
pub const CO_OPTIMIZED: u32 = 0x1;
/// `co_flags`: a new locals dict per call.
pub const CO_NEWLOCALS: u32 = 0x2;
/// `co_flags`: has `*args`.
pub const CO_VARARGS: u32 = 0x4;
/// `co_flags`: has `**kwargs`.
pub const CO_VARKEYWORDS: u32 = 0x8;
/// `co_flags`: nested in a function.
pub const CO_NESTED: u32 = 0x10;
/// `co_flags`: a generator function.
pub const CO_GENERATOR: u32 = 0x20;
/// `co_flags`: an `async def` function.
pub const CO_COROUTINE: u32 = 0x80;
/// `co_flags`: an async generator function.
pub const CO_ASYNC_GENERATOR: u32 = 0x200;
/// `co_flags`: compiled under `from __future__ import annotations`.
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;

/// A compile-time `SyntaxError` and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodegenError {
    /// The message.
    pub message: String,
    /// The byte range it is about.
    pub range: (usize, usize),
}

type R = Result<(), CodegenError>;

/// Byte offset to line and column (columns in UTF-8 bytes, as CPython's AST has them).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        Lines { starts }
    }

    fn pos(&self, off: usize) -> (i32, i32) {
        let line = self.starts.partition_point(|&s| s <= off).max(1);
        let col = off - self.starts[line - 1];
        (line as i32, col as i32)
    }

    fn loc(&self, r: TextRange) -> Loc {
        let (line, col) = self.pos(r.start().to_usize());
        let (end_line, end_col) = self.pos(r.end().to_usize());
        Loc {
            line,
            end_line,
            col,
            end_col,
        }
    }
}

/// What kind of code a unit compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeType {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

/// A frame block: a construct `break`, `continue` and `return` must unwind.
#[derive(Clone, Debug)]
enum FBlock<'a> {
    WhileLoop { head: BlockId, exit: BlockId },
    ForLoop { head: BlockId, exit: BlockId },
    TryExcept,
    FinallyTry(&'a [Stmt]),
    FinallyEnd,
    With(TextRange),
    AsyncWith(TextRange),
    HandlerCleanup(Option<&'a str>),
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

/// One code object being compiled.
struct Unit<'a> {
    ste: usize,
    name: String,
    qualname: String,
    scope_type: ScopeType,
    consts: Vec<Const>,
    const_index: HashMap<ConstKey, u32>,
    names: IndexSet<String>,
    varnames: IndexSet<String>,
    cellvars: IndexSet<String>,
    freevars: IndexSet<String>,
    private: Option<String>,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    g: Graph,
    entry: BlockId,
    cur: BlockId,
    need_new_block: bool,
    fblocks: Vec<FBlock<'a>>,
    firstlineno: i32,
    loc: Loc,
}

/// The compiler of one module.
pub struct Compiler<'a> {
    st: SymTable,
    lines: Lines,
    source: &'a str,
    filename: Arc<str>,
    future_annotations: bool,
    /// Line of the last `from __future__` import allowed (the future block).
    future_lineno: i32,
    units: Vec<Unit<'a>>,
    folded: HashMap<usize, Option<Const>>,
    /// Expressions whose range in CPython's AST differs from ruff's (a generator
    /// expression that is a call's only argument spans the call's parentheses).
    ranges: HashMap<usize, TextRange>,
    /// The module's statements.
    module: &'a [Stmt],
    /// The source's identifiers, once a frozenset of strings needs them.
    identifiers: Option<std::collections::HashSet<String>>,
    /// Code objects assembled so far: numbers their made-up addresses.
    assembled: u64,
}

/// Compiles a module's statements into its code object, as `compile(source, filename,
/// "exec")` does in CPython 3.11.
pub fn compile_module<'a>(
    body: &'a [Stmt],
    source: &'a str,
    filename: &str,
) -> Result<Arc<CodeObject>, CodegenError> {
    let (future_annotations, future_lineno) = futures(body, source);
    let st = SymTable::build(body, future_annotations).map_err(|e| CodegenError {
        message: e.message,
        range: e.range,
    })?;
    let mut c = Compiler {
        st,
        lines: Lines::new(source),
        source,
        filename: Arc::from(filename),
        future_annotations,
        future_lineno,
        units: Vec::new(),
        folded: HashMap::new(),
        ranges: HashMap::new(),
        module: body,
        identifiers: None,
        assembled: 0,
    };
    c.enter_scope("<module>", ScopeType::Module, None, 1);
    c.u().loc.line = 1;
    c.body(body)?;
    let code = c.assemble(true);
    c.units.pop();
    Ok(code)
}

/// `from __future__ import annotations`, and the line of the last statement of the
/// future block (module docstring, then `from __future__` imports).
fn futures(body: &[Stmt], source: &str) -> (bool, i32) {
    let lines = Lines::new(source);
    let mut annotations = false;
    let mut last = 0;
    for (i, s) in body.iter().enumerate() {
        match s {
            Stmt::Expr(e) if i == 0 && matches!(&*e.value, Expr::StringLiteral(_)) => {}
            Stmt::ImportFrom(f)
                if f.module
                    .as_ref()
                    .is_some_and(|m| m.as_str() == "__future__") =>
            {
                if f.names.iter().any(|n| n.name.as_str() == "annotations") {
                    annotations = true;
                }
                last = lines.loc(f.range()).line;
            }
            _ => break,
        }
    }
    (annotations, last)
}

/// A body's docstring (its first statement, if a string literal): the expression and
/// its text.
fn docstring(body: &[Stmt]) -> Option<(&Expr, String)> {
    match body.first() {
        Some(Stmt::Expr(e)) => match &*e.value {
            Expr::StringLiteral(s) => Some((&*e.value, s.value.to_str().to_owned())),
            _ => None,
        },
        _ => None,
    }
}

impl<'a> Compiler<'a> {
    fn u(&mut self) -> &mut Unit<'a> {
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    fn ur(&self) -> &Unit<'a> {
        &self.units[self.units.len() - 1]
    }

    fn ste(&self) -> &scope::Entry {
        &self.st.entries[self.ur().ste]
    }

    fn error(&self, r: TextRange, message: impl Into<String>) -> CodegenError {
        CodegenError {
            message: message.into(),
            range: (r.start().to_usize(), r.end().to_usize()),
        }
    }

    /// An expression's range as CPython's AST has it.
    fn erange(&self, e: &Expr) -> TextRange {
        self.ranges
            .get(&crate::symtable::node_id(e))
            .copied()
            .unwrap_or_else(|| e.range())
    }

    fn loc_of(&self, r: TextRange) -> Loc {
        self.lines.loc(r)
    }

    fn set_loc(&mut self, r: TextRange) {
        let l = self.loc_of(r);
        self.u().loc = l;
    }

    fn unset_loc(&mut self) {
        self.u().loc = NO_LOC;
    }

    /// Where a statement starts as CPython's AST has it: a decorated definition starts at
    /// its `def` or `class` line, not at its first decorator.
    fn stmt_loc(&self, s: &Stmt) -> Loc {
        let mut l = self.loc_of(s.range());
        let name_line = match s {
            Stmt::FunctionDef(f) if !f.decorator_list.is_empty() => Some(f.name.range()),
            Stmt::ClassDef(c) if !c.decorator_list.is_empty() => Some(c.name.range()),
            _ => None,
        };
        if let Some(r) = name_line {
            let (line, _) = self.lines.pos(r.start().to_usize());
            let start = self.lines.starts[(line - 1) as usize];
            let text = self.source.get(start..).unwrap_or("");
            let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
            l.line = line;
            l.col = indent as i32;
        }
        l
    }

    fn enter_scope(&mut self, name: &str, scope_type: ScopeType, ste: Option<usize>, line: i32) {
        let ste = ste.unwrap_or(0);
        let e = &self.st.entries[ste];
        let varnames: IndexSet<String> = e.varnames.iter().cloned().collect();
        let mut cellvars: IndexSet<String> = e.sorted_by_type(Scope::Cell, 0).into_iter().collect();
        if e.needs_class_closure {
            cellvars = std::iter::once("__class__".to_owned()).collect();
        }
        let freevars: IndexSet<String> = e
            .sorted_by_type(Scope::Free, scope::DEF_FREE_CLASS)
            .into_iter()
            .collect();
        let private = self.units.last().and_then(|u| u.private.clone());
        let mut g = Graph::default();
        let entry = g.new_block();
        self.units.push(Unit {
            ste,
            name: name.to_owned(),
            qualname: name.to_owned(),
            scope_type,
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: IndexSet::new(),
            varnames,
            cellvars,
            freevars,
            private,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            g,
            entry,
            cur: entry,
            need_new_block: false,
            fblocks: Vec::new(),
            firstlineno: line,
            loc: Loc {
                line,
                end_line: line,
                col: 0,
                end_col: 0,
            },
        });
        if scope_type == ScopeType::Module {
            self.u().loc.line = 0;
        } else {
            self.set_qualname();
        }
        self.addop_i(Op::Resume, 0);
        if scope_type == ScopeType::Module {
            self.u().loc.line = -1;
        }
    }

    fn set_qualname(&mut self) {
        let n = self.units.len();
        if n < 3 {
            return;
        }
        let parent = &self.units[n - 2];
        let u = &self.units[n - 1];
        let mut force_global = false;
        if matches!(
            u.scope_type,
            ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Class
        ) {
            let mangled = mangle(parent.private.as_deref(), &u.name);
            if self.st.entries[parent.ste].scope(&mangled) == Some(Scope::GlobalExplicit) {
                force_global = true;
            }
        }
        if force_global {
            return;
        }
        let base = if matches!(
            parent.scope_type,
            ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Lambda
        ) {
            format!("{}.<locals>", parent.qualname)
        } else {
            parent.qualname.clone()
        };
        let q = format!("{base}.{}", u.name);
        self.u().qualname = q;
    }

    // -- emitting --------------------------------------------------------------------

    fn new_block(&mut self) -> BlockId {
        self.u().g.new_block()
    }

    fn use_next_block(&mut self, b: BlockId) {
        let u = self.u();
        let cur = u.cur;
        u.g.blocks[cur].next = Some(b);
        u.cur = b;
        u.need_new_block = false;
    }

    fn emit(&mut self, op: IOp, arg: u32, target: Option<BlockId>, loc: Loc) {
        if self.ur().need_new_block {
            let b = self.new_block();
            self.use_next_block(b);
        }
        let u = self.u();
        let cur = u.cur;
        u.g.blocks[cur].instrs.push(Instr {
            op,
            arg,
            target,
            loc,
            except: None,
        });
        if op == IOp::Real(Op::ReturnValue) {
            u.g.blocks[cur].returns = true;
        }
        if op.ends_block() {
            u.need_new_block = true;
        }
    }

    fn addop(&mut self, op: Op) {
        let loc = self.ur().loc;
        self.emit(IOp::Real(op), 0, None, loc);
    }

    fn addop_i(&mut self, op: Op, arg: u32) {
        let loc = self.ur().loc;
        self.emit(IOp::Real(op), arg, None, loc);
    }

    fn addop_noline(&mut self, op: IOp) {
        self.emit(op, 0, None, NO_LOC);
    }

    fn addop_pseudo(&mut self, op: IOp) {
        let loc = self.ur().loc;
        self.emit(op, 0, None, loc);
    }

    fn addop_j(&mut self, op: IOp, target: BlockId) {
        let loc = self.ur().loc;
        self.emit(op, 0, Some(target), loc);
    }

    fn addop_j_noline(&mut self, op: IOp, target: BlockId) {
        self.emit(op, 0, Some(target), NO_LOC);
    }

    fn add_const(&mut self, c: Const) -> u32 {
        let key = c.key();
        let u = self.u();
        if let Some(&i) = u.const_index.get(&key) {
            return i;
        }
        let i = u.consts.len() as u32;
        u.consts.push(c);
        u.const_index.insert(key, i);
        i
    }

    fn load_const(&mut self, c: Const) {
        let i = self.add_const(c);
        self.addop_i(Op::LoadConst, i);
    }

    fn add_name(&mut self, name: &str) -> u32 {
        let (i, _) = self.u().names.insert_full(name.to_owned());
        i as u32
    }

    /// An instruction naming `name` in `co_names` (mangled in a class).
    fn addop_name(&mut self, op: Op, name: &str) {
        let mangled = mangle(self.ur().private.as_deref(), name);
        let i = self.add_name(&mangled);
        self.addop_i(op, i);
    }

    // -- names -----------------------------------------------------------------------

    /// Loads, stores or deletes a variable, with the instruction its scope asks for.
    fn nameop(&mut self, name: &str, ctx: ast::ExprContext, r: TextRange) -> R {
        use ast::ExprContext::{Del, Load, Store};
        if name == "__debug__" {
            match ctx {
                Store => return Err(self.error(r, "cannot assign to __debug__")),
                Del => return Err(self.error(r, "cannot delete __debug__")),
                _ => {}
            }
        }
        let mangled = mangle(self.ur().private.as_deref(), name);
        let function = self.ste().kind == BlockType::Function;
        let class = self.ste().kind == BlockType::Class;
        let scope = self.ste().scope(&mangled);
        enum Kind {
            Fast,
            Global,
            Deref(bool),
            Name,
        }
        let kind = match scope {
            Some(Scope::Free) => Kind::Deref(false),
            Some(Scope::Cell) => Kind::Deref(true),
            Some(Scope::Local) if function => Kind::Fast,
            Some(Scope::GlobalImplicit) if function => Kind::Global,
            Some(Scope::GlobalExplicit) => Kind::Global,
            _ => Kind::Name,
        };
        match kind {
            Kind::Fast => {
                let (i, _) = self.u().varnames.insert_full(mangled);
                let op = match ctx {
                    Load => Op::LoadFast,
                    Store => Op::StoreFast,
                    _ => Op::DeleteFast,
                };
                self.addop_i(op, i as u32);
            }
            Kind::Deref(cell) => {
                let u = self.u();
                let i = if cell {
                    u.cellvars.insert_full(mangled).0
                } else {
                    let n = u.cellvars.len();
                    n + u.freevars.insert_full(mangled).0
                };
                let op = match ctx {
                    Load if class => Op::LoadClassderef,
                    Load => Op::LoadDeref,
                    Store => Op::StoreDeref,
                    _ => Op::DeleteDeref,
                };
                self.addop_i(op, i as u32);
            }
            Kind::Global => {
                let i = self.add_name(&mangled);
                match ctx {
                    Load => self.addop_i(Op::LoadGlobal, i << 1),
                    Store => self.addop_i(Op::StoreGlobal, i),
                    _ => self.addop_i(Op::DeleteGlobal, i),
                }
            }
            Kind::Name => {
                let i = self.add_name(&mangled);
                let op = match ctx {
                    Load => Op::LoadName,
                    Store => Op::StoreName,
                    _ => Op::DeleteName,
                };
                self.addop_i(op, i);
            }
        }
        Ok(())
    }

    // -- frame blocks ----------------------------------------------------------------

    fn push_fblock(&mut self, b: FBlock<'a>, r: TextRange) -> R {
        if self.ur().fblocks.len() >= 20 {
            return Err(self.error(r, "too many statically nested blocks"));
        }
        self.u().fblocks.push(b);
        Ok(())
    }

    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    /// The code `break`, `continue` or `return` runs to leave frame block `b`.
    fn unwind_fblock(&mut self, b: &FBlock<'a>, preserve_tos: bool) -> R {
        match b {
            FBlock::WhileLoop { .. }
            | FBlock::ExceptionHandler
            | FBlock::ExceptionGroupHandler
            | FBlock::AsyncComprehensionGenerator => {}
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.addop_i(Op::Swap, 2);
                }
                self.addop(Op::PopTop);
            }
            FBlock::TryExcept => self.addop_pseudo(IOp::PopBlock),
            FBlock::FinallyTry(body) => {
                self.addop_pseudo(IOp::PopBlock);
                if preserve_tos {
                    self.push_fblock(FBlock::PopValue, TextRange::default())?;
                }
                for s in *body {
                    self.stmt(s)?;
                }
                if preserve_tos {
                    self.pop_fblock();
                }
                self.unset_loc();
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.addop_i(Op::Swap, 2);
                }
                self.addop(Op::PopTop);
                if preserve_tos {
                    self.addop_i(Op::Swap, 2);
                }
                self.addop_pseudo(IOp::PopBlock);
                self.addop(Op::PopExcept);
            }
            FBlock::With(r) | FBlock::AsyncWith(r) => {
                self.set_loc(*r);
                self.addop_pseudo(IOp::PopBlock);
                if preserve_tos {
                    self.addop_i(Op::Swap, 2);
                }
                self.call_exit_with_nones();
                if matches!(b, FBlock::AsyncWith(_)) {
                    self.addop_i(Op::GetAwaitable, 2);
                    self.load_const(Const::None);
                    self.add_yield_from(true);
                }
                self.addop(Op::PopTop);
                self.unset_loc();
            }
            FBlock::HandlerCleanup(name) => {
                if name.is_some() {
                    self.addop_pseudo(IOp::PopBlock);
                }
                if preserve_tos {
                    self.addop_i(Op::Swap, 2);
                }
                self.addop_pseudo(IOp::PopBlock);
                self.addop(Op::PopExcept);
                if let Some(n) = name {
                    self.load_const(Const::None);
                    self.nameop(n, ast::ExprContext::Store, TextRange::default())?;
                    self.nameop(n, ast::ExprContext::Del, TextRange::default())?;
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.addop_i(Op::Swap, 2);
                }
                self.addop(Op::PopTop);
            }
        }
        Ok(())
    }

    /// Unwinds the frame blocks (for `return`, or up to the innermost loop for `break`
    /// and `continue`, whose index is returned).
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
        r: TextRange,
    ) -> Result<Option<FBlock<'a>>, CodegenError> {
        let Some(top) = self.ur().fblocks.last().cloned() else {
            return Ok(None);
        };
        if matches!(top, FBlock::ExceptionGroupHandler) {
            return Err(self.error(
                r,
                "'break', 'continue' and 'return' cannot appear in an except* block",
            ));
        }
        if stop_at_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        self.unwind_fblock(&top, preserve_tos)?;
        let found = self.unwind_fblock_stack(preserve_tos, stop_at_loop, r)?;
        self.u().fblocks.push(top);
        Ok(found)
    }

    fn call_exit_with_nones(&mut self) {
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.load_const(Const::None);
        self.addop_i(Op::Precall, 2);
        self.addop_i(Op::Call, 2);
    }

    fn add_yield_from(&mut self, is_await: bool) {
        let start = self.new_block();
        let resume = self.new_block();
        let exit = self.new_block();
        self.use_next_block(start);
        self.addop_j(IOp::Real(Op::Send), exit);
        self.use_next_block(resume);
        self.addop(Op::YieldValue);
        self.addop_i(Op::Resume, if is_await { 3 } else { 2 });
        self.addop_j(IOp::JumpNoInterrupt, start);
        self.use_next_block(exit);
    }

    fn pop_except_and_reraise(&mut self) {
        self.addop_i(Op::Copy, 3);
        self.addop(Op::PopExcept);
        self.addop_i(Op::Reraise, 1);
    }

    fn addop_yield(&mut self) {
        let e = self.ste();
        if e.generator && e.coroutine {
            self.addop(Op::AsyncGenWrap);
        }
        self.addop(Op::YieldValue);
        self.addop_i(Op::Resume, 1);
    }

    // -- bodies and code objects -----------------------------------------------------

    /// A module or class body: annotations set up, docstring stored, statements.
    fn body(&mut self, stmts: &'a [Stmt]) -> R {
        if self.ur().scope_type == ScopeType::Module
            && let Some(first) = stmts.first()
        {
            let l = self.stmt_loc(first);
            self.u().loc = l;
        }
        if find_ann(stmts) {
            self.addop(Op::SetupAnnotations);
        }
        let mut rest = stmts;
        if let Some((doc, _)) = docstring(stmts) {
            self.expr(doc)?;
            self.unset_loc();
            self.nameop("__doc__", ast::ExprContext::Store, doc.range())?;
            rest = &stmts[1..];
        }
        for s in rest {
            self.stmt(s)?;
        }
        Ok(())
    }

    /// Finishes the current unit's code object (`assemble`).
    fn assemble(&mut self, add_none: bool) -> Arc<CodeObject> {
        let cur = self.ur().cur;
        if !self.ur().g.blocks[cur].returns {
            self.unset_loc();
            if add_none {
                self.load_const(Const::None);
            }
            self.addop(Op::ReturnValue);
        }
        let e = &self.st.entries[self.ur().ste];
        let mut flags = 0;
        if e.kind == BlockType::Function {
            flags |= CO_NEWLOCALS | CO_OPTIMIZED;
            if e.nested {
                flags |= CO_NESTED;
            }
            match (e.generator, e.coroutine) {
                (true, false) => flags |= CO_GENERATOR,
                (false, true) => flags |= CO_COROUTINE,
                (true, true) => flags |= CO_ASYNC_GENERATOR,
                _ => {}
            }
            if e.varargs {
                flags |= CO_VARARGS;
            }
            if e.varkeywords {
                flags |= CO_VARKEYWORDS;
            }
        }
        if self.future_annotations {
            flags |= CO_FUTURE_ANNOTATIONS;
        }
        let generator_like = e.generator || e.coroutine;
        let filename = Arc::clone(&self.filename);
        self.assembled += 1;
        let address = CodeObject::FIRST_ADDRESS + self.assembled * 0x100;
        let u = self.u();
        u.g.prepare();
        if u.firstlineno <= 0 {
            u.firstlineno = 1;
        }
        let nlocals = u.varnames.len();
        let ncells = u.cellvars.len();
        let nfree = u.freevars.len();
        // Where each cell and free variable lives among the fast locals: a cell that is
        // also a parameter shares the parameter's slot.
        let mut fixed: Vec<usize> = (0..ncells + nfree).map(|i| nlocals + i).collect();
        for (i, name) in u.cellvars.iter().enumerate() {
            if let Some(v) = u.varnames.get_index_of(name) {
                fixed[i] = v;
            }
        }
        // Prefix instructions: COPY_FREE_VARS, MAKE_CELL per cell, RETURN_GENERATOR.
        let entry = u.entry;
        let mut prefix: Vec<Instr> = Vec::new();
        if nfree > 0 {
            prefix.push(Instr {
                op: IOp::Real(Op::CopyFreeVars),
                arg: nfree as u32,
                target: None,
                loc: NO_LOC,
                except: None,
            });
        }
        if ncells > 0 {
            let mut sorted: Vec<Option<usize>> = vec![None; ncells + nlocals];
            for (i, &slot) in fixed.iter().take(ncells).enumerate() {
                sorted[slot] = Some(i);
            }
            for old in sorted.into_iter().flatten() {
                prefix.push(Instr {
                    op: IOp::Real(Op::MakeCell),
                    arg: old as u32,
                    target: None,
                    loc: NO_LOC,
                    except: None,
                });
            }
        }
        if flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
            prefix.push(Instr {
                op: IOp::Real(Op::ReturnGenerator),
                arg: 0,
                target: None,
                loc: Loc {
                    line: u.firstlineno,
                    end_line: u.firstlineno,
                    col: -1,
                    end_col: -1,
                },
                except: None,
            });
            prefix.push(Instr {
                op: IOp::Real(Op::PopTop),
                arg: 0,
                target: None,
                loc: NO_LOC,
                except: None,
            });
        }
        let block = &mut u.g.blocks[entry].instrs;
        block.splice(0..0, prefix);
        // fix_cell_offsets: cells that are parameters drop out of the numbering.
        let mut dropped = 0;
        for (i, slot) in fixed.iter_mut().enumerate() {
            if *slot == i + nlocals {
                *slot -= dropped;
            } else {
                dropped += 1;
            }
        }
        for b in &mut u.g.blocks {
            for x in &mut b.instrs {
                if matches!(
                    x.op,
                    IOp::Real(
                        Op::MakeCell
                            | Op::LoadClosure
                            | Op::LoadDeref
                            | Op::StoreDeref
                            | Op::DeleteDeref
                            | Op::LoadClassderef
                    )
                ) && let Some(&slot) = fixed.get(x.arg as usize)
                {
                    x.arg = slot as u32;
                }
            }
        }
        let mut consts = std::mem::take(&mut u.consts);
        let firstlineno = u.firstlineno;
        let out = u.g.finish(entry, &mut consts, firstlineno, generator_like);
        let code_len = out
            .instrs
            .last()
            .map_or(0, |l| l.offset + 2 * (1 + u32::from(l.op.info().caches)));
        let varnames: Vec<String> = u.varnames.iter().cloned().collect();
        let cellvars: Vec<String> = u.cellvars.iter().cloned().collect();
        let freevars: Vec<String> = u.freevars.iter().cloned().collect();
        let mut localsplus = varnames.clone();
        localsplus.extend(
            cellvars
                .iter()
                .filter(|c| !u.varnames.contains(*c))
                .cloned(),
        );
        localsplus.extend(freevars.iter().cloned());
        Arc::new(CodeObject {
            address,
            name: u.name.clone(),
            qualname: u.qualname.clone(),
            filename,
            firstlineno: firstlineno as u32,
            flags,
            argcount: u.argcount + u.posonlyargcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            instrs: out.instrs,
            code_len,
            consts,
            names: u.names.iter().cloned().collect(),
            varnames,
            cellvars,
            freevars,
            localsplus,
            exceptions: out.exceptions,
            stacksize: out.stacksize,
        })
    }

    /// Pushes a function made from `code` (with its closure), as `MAKE_FUNCTION` does.
    fn make_closure(&mut self, code: Arc<CodeObject>, mut flags: u32) {
        if !code.freevars.is_empty() {
            for name in &code.freevars {
                let class = self.ur().scope_type == ScopeType::Class;
                let cell =
                    (class && name == "__class__") || self.ste().scope(name) == Some(Scope::Cell);
                let u = self.u();
                let arg = if cell {
                    u.cellvars.insert_full(name.clone()).0
                } else {
                    u.cellvars.len() + u.freevars.insert_full(name.clone()).0
                };
                self.addop_i(Op::LoadClosure, arg as u32);
            }
            flags |= 8;
            self.addop_i(Op::BuildTuple, code.freevars.len() as u32);
        }
        self.load_const(Const::Code(code));
        self.addop_i(Op::MakeFunction, flags);
    }
}

/// Whether a body has variable annotations at its level (`find_ann`): then it needs
/// `SETUP_ANNOTATIONS`.
fn find_ann(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::For(f) => find_ann(&f.body) || find_ann(&f.orelse),
        Stmt::While(w) => find_ann(&w.body) || find_ann(&w.orelse),
        Stmt::If(i) => find_ann(&i.body) || i.elif_else_clauses.iter().any(|c| find_ann(&c.body)),
        Stmt::With(w) => find_ann(&w.body),
        Stmt::Try(t) => {
            t.handlers.iter().any(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                find_ann(&h.body)
            }) || find_ann(&t.body)
                || find_ann(&t.finalbody)
                || find_ann(&t.orelse)
        }
        Stmt::Match(m) => m.cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}
