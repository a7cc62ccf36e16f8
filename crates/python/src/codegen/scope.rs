//! Scope analysis as CPython 3.11's symbol table does it (`Python/symtable.c`): every name
//! of every block gets flags (assigned, parameter, used, `global`, `nonlocal`, imported,
//! annotated) and then a scope (local, global explicit or implicit, free, cell). The
//! quirks matter for the bytecode: an annotation in a function is a use of its names, a
//! class body's names are invisible to its methods, `super` asks for `__class__`, a
//! walrus in a comprehension binds in the enclosing function.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use ruff_python_ast::{self as ast, Expr, Stmt};

use crate::symtable::node_id;

/// Assigned in the block.
pub const DEF_GLOBAL: u32 = 1;
/// Assigned (or deleted) in the block.
pub const DEF_LOCAL: u32 = 2;
/// A parameter.
pub const DEF_PARAM: u32 = 4;
/// Declared `nonlocal`.
pub const DEF_NONLOCAL: u32 = 8;
/// Read in the block.
pub const USE: u32 = 16;
/// Free in a method of a class that also binds it.
pub const DEF_FREE_CLASS: u32 = 64;
/// Bound by an import.
pub const DEF_IMPORT: u32 = 128;
/// Annotated.
pub const DEF_ANNOT: u32 = 256;
/// A comprehension's iteration variable.
pub const DEF_COMP_ITER: u32 = 512;
const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

/// The resolved scope of a name in a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A local of the block.
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound anywhere visible: a global or builtin.
    GlobalImplicit,
    /// Bound in an enclosing function.
    Free,
    /// A local captured by an inner block.
    Cell,
}

/// The kind of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    /// The module.
    Module,
    /// A class body.
    Class,
    /// A function, lambda or comprehension.
    Function,
    /// An annotation under `from __future__ import annotations`.
    Annotation,
}

/// One block's symbols.
#[derive(Debug)]
pub struct Entry {
    /// Its kind.
    pub kind: BlockType,
    /// Each name's flags, in the order names were met.
    pub symbols: IndexMap<String, u32>,
    /// Each name's scope, once analysed.
    pub scopes: HashMap<String, Scope>,
    /// Parameters in slot order.
    pub varnames: Vec<String>,
    /// Child blocks in source order.
    pub children: Vec<usize>,
    /// Contains `yield` (or is a generator expression).
    pub generator: bool,
    /// Is `async`, or an async comprehension, or awaits.
    pub coroutine: bool,
    /// Is a comprehension.
    pub comprehension: bool,
    /// Has `*args`.
    pub varargs: bool,
    /// Has `**kwargs`.
    pub varkeywords: bool,
    /// A class whose methods use `__class__` (or `super`).
    pub needs_class_closure: bool,
    /// Whether it is nested in a function.
    pub nested: bool,
}

impl Entry {
    /// The scope of `name`, if it is a symbol of this block.
    pub fn scope(&self, name: &str) -> Option<Scope> {
        self.scopes.get(name).copied()
    }

    /// The flags of `name` (0 if it is not a symbol of the block).
    pub fn flags(&self, name: &str) -> u32 {
        self.symbols.get(name).copied().unwrap_or(0)
    }

    /// The names whose scope is `scope` or whose flags have `flag`, sorted (CPython's
    /// `dictbytype`: the cell and free variables).
    pub fn sorted_by_type(&self, scope: Scope, flag: u32) -> Vec<String> {
        let mut names: Vec<String> = self
            .symbols
            .iter()
            .filter(|(n, f)| self.scopes.get(*n) == Some(&scope) || (*f & flag) != 0)
            .map(|(n, _)| n.clone())
            .collect();
        names.sort();
        names
    }
}

/// A scope error (a `SyntaxError`), with the byte range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeError {
    /// The message.
    pub message: String,
    /// Where.
    pub range: (usize, usize),
}

/// The blocks of a module.
#[derive(Debug, Default)]
pub struct SymTable {
    /// All blocks; 0 is the module.
    pub entries: Vec<Entry>,
    /// The block of each defining AST node (function, class, lambda, comprehension).
    pub by_node: HashMap<usize, usize>,
}

/// `__private` names in a class become `_Class__private` (not dunders, not dotted names,
/// not in a class whose name is only underscores).
pub fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(class) = private else {
        return name.to_owned();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_owned();
    }
    let class = class.trim_start_matches('_');
    if class.is_empty() {
        return name.to_owned();
    }
    format!("_{class}{name}")
}

impl SymTable {
    /// Analyses a module body; `future_annotations` is `from __future__ import annotations`.
    pub fn build(body: &[Stmt], future_annotations: bool) -> Result<SymTable, ScopeError> {
        let mut t = SymTable::default();
        t.entries.push(new_entry(BlockType::Module, false));
        let mut b = Builder {
            t: &mut t,
            stack: vec![0],
            private: None,
            future_annotations,
            error: None,
        };
        for s in body {
            b.stmt(s);
        }
        if let Some(e) = b.error {
            return Err(e);
        }
        let mut free = HashSet::new();
        let mut global = HashSet::new();
        t.analyze(0, None, &mut free, &mut global)?;
        Ok(t)
    }

    /// The block defined by an AST node.
    pub fn block_of<T>(&self, node: &T) -> Option<usize> {
        self.by_node.get(&node_id(node)).copied()
    }

    fn analyze(
        &mut self,
        id: usize,
        bound: Option<&HashSet<String>>,
        free: &mut HashSet<String>,
        global: &mut HashSet<String>,
    ) -> Result<(), ScopeError> {
        let kind = self.entries[id].kind;
        let mut local: HashSet<String> = HashSet::new();
        let mut scopes: HashMap<String, Scope> = HashMap::new();
        let mut newglobal: HashSet<String> = HashSet::new();
        let mut newbound: HashSet<String> = HashSet::new();
        let mut bound_mut: Option<HashSet<String>> = bound.cloned();
        if kind == BlockType::Class {
            newglobal.extend(global.iter().cloned());
            if let Some(b) = bound {
                newbound.extend(b.iter().cloned());
            }
        }
        let symbols: Vec<(String, u32)> = self.entries[id]
            .symbols
            .iter()
            .map(|(n, f)| (n.clone(), *f))
            .collect();
        for (name, flags) in &symbols {
            let scope = if flags & DEF_GLOBAL != 0 {
                if flags & DEF_NONLOCAL != 0 {
                    return Err(error(format!("name '{name}' is nonlocal and global")));
                }
                global.insert(name.clone());
                if let Some(b) = bound_mut.as_mut() {
                    b.remove(name);
                }
                Scope::GlobalExplicit
            } else if flags & DEF_NONLOCAL != 0 {
                match &bound_mut {
                    None => {
                        return Err(error(
                            "nonlocal declaration not allowed at module level".into(),
                        ));
                    }
                    Some(b) if !b.contains(name) => {
                        return Err(error(format!("no binding for nonlocal '{name}' found")));
                    }
                    Some(_) => {}
                }
                free.insert(name.clone());
                Scope::Free
            } else if flags & DEF_BOUND != 0 {
                local.insert(name.clone());
                global.remove(name);
                Scope::Local
            } else if bound_mut.as_ref().is_some_and(|b| b.contains(name)) {
                free.insert(name.clone());
                Scope::Free
            } else {
                Scope::GlobalImplicit
            };
            scopes.insert(name.clone(), scope);
        }
        if kind == BlockType::Class {
            newbound.insert("__class__".to_owned());
        } else {
            if kind == BlockType::Function {
                newbound.extend(local.iter().cloned());
            }
            if let Some(b) = &bound_mut {
                newbound.extend(b.iter().cloned());
            }
            newglobal.extend(global.iter().cloned());
        }
        let mut newfree: HashSet<String> = HashSet::new();
        let children = self.entries[id].children.clone();
        for c in children {
            let mut child_free = HashSet::new();
            let mut child_global = newglobal.clone();
            let child_bound = newbound.clone();
            self.analyze(c, Some(&child_bound), &mut child_free, &mut child_global)?;
            newfree.extend(child_free);
        }
        match kind {
            BlockType::Function => {
                for (name, scope) in &mut scopes {
                    if *scope == Scope::Local && newfree.contains(name) {
                        *scope = Scope::Cell;
                        newfree.remove(name);
                    }
                }
            }
            BlockType::Class if newfree.remove("__class__") => {
                self.entries[id].needs_class_closure = true;
            }
            _ => {}
        }
        let entry = &mut self.entries[id];
        for name in &newfree {
            if let Some(f) = entry.symbols.get_mut(name) {
                if kind == BlockType::Class && *f & (DEF_BOUND | DEF_GLOBAL) != 0 {
                    *f |= DEF_FREE_CLASS;
                }
                continue;
            }
            if bound_mut.as_ref().is_some_and(|b| !b.contains(name)) {
                continue;
            }
            entry.symbols.insert(name.clone(), 0);
            scopes.insert(name.clone(), Scope::Free);
        }
        entry.scopes = scopes;
        free.extend(newfree);
        Ok(())
    }
}

fn error(message: String) -> ScopeError {
    ScopeError {
        message,
        range: (0, 0),
    }
}

fn new_entry(kind: BlockType, nested: bool) -> Entry {
    Entry {
        kind,
        symbols: IndexMap::new(),
        scopes: HashMap::new(),
        varnames: Vec::new(),
        children: Vec::new(),
        generator: false,
        coroutine: false,
        comprehension: false,
        varargs: false,
        varkeywords: false,
        needs_class_closure: false,
        nested,
    }
}

struct Builder<'t> {
    t: &'t mut SymTable,
    /// Blocks being visited, innermost last.
    stack: Vec<usize>,
    /// The class whose name mangles private names.
    private: Option<String>,
    future_annotations: bool,
    error: Option<ScopeError>,
}

impl Builder<'_> {
    fn cur(&mut self) -> &mut Entry {
        let id = *self.stack.last().unwrap_or(&0);
        &mut self.t.entries[id]
    }

    fn add_def_in(&mut self, id: usize, name: &str, flag: u32) {
        let name = mangle(self.private.as_deref(), name);
        let e = &mut self.t.entries[id];
        let f = e.symbols.entry(name.clone()).or_insert(0);
        *f |= flag;
        if flag & DEF_PARAM != 0 {
            e.varnames.push(name);
        } else if flag & DEF_GLOBAL != 0 {
            // A `global` declaration anywhere marks the module's own symbol too.
            *self.t.entries[0].symbols.entry(name).or_insert(0) |= DEF_GLOBAL;
        }
    }

    fn add_def(&mut self, name: &str, flag: u32) {
        let id = *self.stack.last().unwrap_or(&0);
        self.add_def_in(id, name, flag);
    }

    fn enter<T>(&mut self, node: &T, kind: BlockType) -> usize {
        let parent = *self.stack.last().unwrap_or(&0);
        let pe = &self.t.entries[parent];
        let nested = pe.nested || pe.kind == BlockType::Function;
        self.t.entries.push(new_entry(kind, nested));
        let id = self.t.entries.len() - 1;
        self.t.entries[parent].children.push(id);
        self.t.by_node.insert(node_id(node), id);
        self.stack.push(id);
        id
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn annotation(&mut self, e: &Expr) {
        if self.future_annotations {
            self.enter(e, BlockType::Annotation);
            self.expr(e);
            self.exit();
        } else {
            self.expr(e);
        }
    }

    fn parameters(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            self.add_def(&a.parameter.name, DEF_PARAM);
        }
        if let Some(v) = &p.vararg {
            self.add_def(&v.name, DEF_PARAM);
            self.cur().varargs = true;
        }
        if let Some(k) = &p.kwarg {
            self.add_def(&k.name, DEF_PARAM);
            self.cur().varkeywords = true;
        }
    }

    fn defaults(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(&p.args) {
            if let Some(d) = &a.default {
                self.expr(d);
            }
        }
        for a in &p.kwonlyargs {
            if let Some(d) = &a.default {
                self.expr(d);
            }
        }
    }

    fn annotations(&mut self, p: &ast::Parameters, returns: Option<&Expr>) {
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwonlyargs.iter().map(|a| &a.parameter))
            .chain(p.kwarg.as_deref());
        for a in all {
            if let Some(t) = &a.annotation {
                self.annotation(t);
            }
        }
        if let Some(r) = returns {
            self.annotation(r);
        }
    }

    fn body(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                self.add_def(&f.name, DEF_LOCAL);
                self.defaults(&f.parameters);
                self.annotations(&f.parameters, f.returns.as_deref());
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.enter(f, BlockType::Function);
                if f.is_async {
                    self.cur().coroutine = true;
                }
                self.parameters(&f.parameters);
                self.body(&f.body);
                self.exit();
            }
            Stmt::ClassDef(c) => {
                self.add_def(&c.name, DEF_LOCAL);
                if let Some(args) = &c.arguments {
                    for a in &args.args {
                        self.expr(a);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value);
                    }
                }
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                self.enter(c, BlockType::Class);
                let saved = self.private.replace(c.name.to_string());
                self.body(&c.body);
                self.private = saved;
                self.exit();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v);
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t);
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.expr(t);
                }
                self.expr(&a.value);
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    if a.simple {
                        self.add_def(&n.id, DEF_ANNOT | DEF_LOCAL);
                    } else if a.value.is_some() {
                        self.add_def(&n.id, DEF_LOCAL);
                    }
                } else {
                    self.expr(&a.target);
                }
                self.annotation(&a.annotation);
                if let Some(v) = &a.value {
                    self.expr(v);
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.target);
                self.expr(&a.value);
            }
            Stmt::For(f) => {
                self.expr(&f.target);
                self.expr(&f.iter);
                self.body(&f.body);
                self.body(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.body(&w.body);
                self.body(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.body(&i.body);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t);
                    }
                    self.body(&c.body);
                }
            }
            Stmt::Match(m) => {
                self.expr(&m.subject);
                for c in &m.cases {
                    self.pattern(&c.pattern);
                    if let Some(g) = &c.guard {
                        self.expr(g);
                    }
                    self.body(&c.body);
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                    if let Some(c) = &r.cause {
                        self.expr(c);
                    }
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body);
                self.body(&t.orelse);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL);
                    }
                    self.body(&h.body);
                }
                self.body(&t.finalbody);
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let store = match &a.asname {
                        Some(n) => n.to_string(),
                        None => a.name.split('.').next().unwrap_or(&a.name).to_owned(),
                    };
                    self.add_def(&store, DEF_IMPORT);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        continue;
                    }
                    let store = a.asname.as_ref().unwrap_or(&a.name);
                    self.add_def(store, DEF_IMPORT);
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.add_def(n, DEF_GLOBAL);
                }
            }
            Stmt::Nonlocal(n) => {
                for n in &n.names {
                    self.add_def(n, DEF_NONLOCAL);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.expr(v);
                    }
                }
                self.body(&w.body);
            }
            Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::TypeAlias(_)
            | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    fn pattern(&mut self, p: &ast::Pattern) {
        match p {
            ast::Pattern::MatchValue(v) => self.expr(&v.value),
            ast::Pattern::MatchSingleton(_) => {}
            ast::Pattern::MatchSequence(s) => s.patterns.iter().for_each(|x| self.pattern(x)),
            ast::Pattern::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add_def(n, DEF_LOCAL);
                }
            }
            ast::Pattern::MatchMapping(m) => {
                for k in &m.keys {
                    self.expr(k);
                }
                for x in &m.patterns {
                    self.pattern(x);
                }
                if let Some(r) = &m.rest {
                    self.add_def(r, DEF_LOCAL);
                }
            }
            ast::Pattern::MatchClass(c) => {
                self.expr(&c.cls);
                for x in &c.arguments.patterns {
                    self.pattern(x);
                }
                for k in &c.arguments.keywords {
                    self.pattern(&k.pattern);
                }
            }
            ast::Pattern::MatchAs(a) => {
                if let Some(x) = &a.pattern {
                    self.pattern(x);
                }
                if let Some(n) = &a.name {
                    self.add_def(n, DEF_LOCAL);
                }
            }
            ast::Pattern::MatchOr(o) => o.patterns.iter().for_each(|x| self.pattern(x)),
        }
    }

    fn name(&mut self, n: &ast::ExprName) {
        let load = n.ctx == ast::ExprContext::Load;
        self.add_def(&n.id, if load { USE } else { DEF_LOCAL });
        if load && n.id.as_str() == "super" && self.cur().kind == BlockType::Function {
            self.add_def("__class__", USE);
        }
    }

    /// The target of a walrus inside a comprehension binds in the nearest enclosing
    /// function (or the module).
    fn named_target(&mut self, target: &Expr) {
        let Expr::Name(n) = target else { return };
        if !self.cur().comprehension {
            return;
        }
        let name = n.id.as_str();
        for i in (0..self.stack.len()).rev() {
            let id = self.stack[i];
            let e = &self.t.entries[id];
            if e.comprehension {
                if e.flags(name) & DEF_COMP_ITER != 0 {
                    self.error = Some(error(format!(
                        "assignment expression cannot rebind comprehension iteration variable '{name}'"
                    )));
                    return;
                }
                continue;
            }
            match e.kind {
                BlockType::Function => {
                    let global = e.flags(name) & DEF_GLOBAL != 0;
                    self.add_def(name, if global { DEF_GLOBAL } else { DEF_NONLOCAL });
                    self.add_def_in(id, name, DEF_LOCAL);
                }
                BlockType::Module => {
                    self.add_def(name, DEF_GLOBAL);
                    self.add_def_in(id, name, DEF_GLOBAL);
                }
                _ => {
                    self.error = Some(error(
                        "assignment expression within a comprehension cannot be used in a class body"
                            .into(),
                    ));
                }
            }
            return;
        }
    }

    fn comprehension<T>(
        &mut self,
        node: &T,
        gens: &[ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
        genexp: bool,
    ) {
        let Some(first) = gens.first() else { return };
        self.expr(&first.iter);
        self.enter(node, BlockType::Function);
        {
            let e = self.cur();
            e.comprehension = true;
            if genexp {
                e.generator = true;
            }
            if first.is_async {
                e.coroutine = true;
            }
        }
        self.add_def(".0", DEF_PARAM);
        self.comp_target(&first.target);
        for c in &first.ifs {
            self.expr(c);
        }
        for g in &gens[1..] {
            self.comp_target(&g.target);
            self.expr(&g.iter);
            for c in &g.ifs {
                self.expr(c);
            }
            if g.is_async {
                self.cur().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.expr(v);
        }
        self.expr(elt);
        self.exit();
    }

    fn comp_target(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => {
                self.name(n);
                let id = *self.stack.last().unwrap_or(&0);
                self.add_def_in(id, &n.id, DEF_COMP_ITER);
            }
            Expr::Tuple(x) => x.elts.iter().for_each(|e| self.comp_target(e)),
            Expr::List(x) => x.elts.iter().for_each(|e| self.comp_target(e)),
            Expr::Starred(s) => self.comp_target(&s.value),
            other => self.expr(other),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.name(n),
            Expr::Named(n) => {
                self.named_target(&n.target);
                self.expr(&n.value);
                self.expr(&n.target);
            }
            Expr::BoolOp(b) => b.values.iter().for_each(|v| self.expr(v)),
            Expr::BinOp(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Expr::UnaryOp(u) => self.expr(&u.operand),
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                }
                self.enter(l, BlockType::Function);
                if let Some(p) = &l.parameters {
                    self.parameters(p);
                }
                self.expr(&l.body);
                self.exit();
            }
            Expr::If(i) => {
                self.expr(&i.test);
                self.expr(&i.body);
                self.expr(&i.orelse);
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    if let Some(k) = &item.key {
                        self.expr(k);
                    }
                    self.expr(&item.value);
                }
            }
            Expr::Set(s) => s.elts.iter().for_each(|v| self.expr(v)),
            Expr::ListComp(c) => self.comprehension(e, &c.generators, &c.elt, None, false),
            Expr::SetComp(c) => self.comprehension(e, &c.generators, &c.elt, None, false),
            Expr::Generator(c) => self.comprehension(e, &c.generators, &c.elt, None, true),
            Expr::DictComp(c) => {
                if let Some(k) = &c.key {
                    self.comprehension(e, &c.generators, k, Some(&c.value), false);
                }
            }
            Expr::Await(a) => {
                self.expr(&a.value);
                self.cur().coroutine = true;
            }
            Expr::Yield(y) => {
                if let Some(v) = &y.value {
                    self.expr(v);
                }
                self.cur().generator = true;
            }
            Expr::YieldFrom(y) => {
                self.expr(&y.value);
                self.cur().generator = true;
            }
            Expr::Compare(c) => {
                self.expr(&c.left);
                c.comparators.iter().for_each(|v| self.expr(v));
            }
            Expr::Call(c) => {
                self.expr(&c.func);
                c.arguments.args.iter().for_each(|v| self.expr(v));
                c.arguments
                    .keywords
                    .iter()
                    .for_each(|k| self.expr(&k.value));
            }
            Expr::FString(f) => {
                for el in f.value.elements() {
                    self.interp_element(el);
                }
            }
            Expr::Attribute(a) => self.expr(&a.value),
            Expr::Subscript(s) => {
                self.expr(&s.value);
                self.expr(&s.slice);
            }
            Expr::Starred(s) => self.expr(&s.value),
            Expr::List(l) => l.elts.iter().for_each(|v| self.expr(v)),
            Expr::Tuple(t) => t.elts.iter().for_each(|v| self.expr(v)),
            Expr::Slice(s) => {
                for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(x);
                }
            }
            Expr::TString(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => {}
        }
    }

    fn interp_element(&mut self, el: &ast::InterpolatedStringElement) {
        if let ast::InterpolatedStringElement::Interpolation(i) = el {
            self.expr(&i.expression);
            if let Some(spec) = &i.format_spec {
                for e in spec.elements.iter() {
                    self.interp_element(e);
                }
            }
        }
    }
}
