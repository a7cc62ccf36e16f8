//! Scope analysis: which names of each function are locals, cells (captured by an inner
//! function), free (captured from an enclosing function) or globals, as CPython's symtable.

use std::collections::{HashMap, HashSet};

use indexmap::IndexSet;
use ruff_python_ast::{self as ast, Expr, Stmt};

/// The kind of a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module.
    Module,
    /// A class body.
    Class,
    /// A function, lambda or comprehension.
    Function,
}

/// What the analysis found about one scope.
#[derive(Debug)]
pub struct Scope {
    /// Its kind.
    pub kind: ScopeKind,
    /// Parameters, in slot order.
    pub params: Vec<String>,
    /// Names bound in it (assigned, imported, defined, deleted, loop targets).
    pub bound: IndexSet<String>,
    /// Names read in it.
    pub used: IndexSet<String>,
    /// `global` declarations.
    pub globals: HashSet<String>,
    /// `nonlocal` declarations.
    pub nonlocals: HashSet<String>,
    /// Whether it contains `yield`.
    pub generator: bool,
    /// Whether it calls `super` (needs the `__class__` cell).
    pub uses_super: bool,
    /// Child scopes in source order.
    pub children: Vec<usize>,
    /// Locals captured by inner scopes (resolved).
    pub cells: IndexSet<String>,
    /// Names captured from enclosing functions (resolved).
    pub frees: IndexSet<String>,
}

/// How a name is accessed in a given scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A fast local slot.
    Fast,
    /// A cell or free variable.
    Deref,
    /// A module global (or builtin).
    Global,
    /// Name lookup in the current namespace (module and class bodies).
    Name,
}

/// The scopes of a module, indexed by the address of their defining AST node.
#[derive(Debug, Default)]
pub struct SymTable {
    /// All scopes; 0 is the module.
    pub scopes: Vec<Scope>,
    /// AST node address to scope index.
    pub by_node: HashMap<usize, usize>,
}

/// The address of an AST node, used as its identity.
pub fn node_id<T>(node: &T) -> usize {
    std::ptr::from_ref(node) as usize
}

impl SymTable {
    /// Analyses a module body.
    pub fn build(body: &[Stmt]) -> SymTable {
        let mut t = SymTable::default();
        let root = t.new_scope(ScopeKind::Module, Vec::new());
        let mut b = Builder {
            t: &mut t,
            cur: root,
        };
        b.stmts(body);
        t.resolve(root, &HashSet::new());
        t
    }

    fn new_scope(&mut self, kind: ScopeKind, params: Vec<String>) -> usize {
        self.scopes.push(Scope {
            kind,
            bound: params.iter().cloned().collect(),
            params,
            used: IndexSet::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            generator: false,
            uses_super: false,
            children: Vec::new(),
            cells: IndexSet::new(),
            frees: IndexSet::new(),
        });
        self.scopes.len() - 1
    }

    /// Resolves cells and frees; `above` are the names bound in enclosing functions.
    fn resolve(&mut self, id: usize, above: &HashSet<String>) -> IndexSet<String> {
        let kind = self.scopes[id].kind;
        let locals: HashSet<String> = {
            let s = &self.scopes[id];
            match kind {
                ScopeKind::Module => HashSet::new(),
                _ => s
                    .bound
                    .iter()
                    .filter(|n| !s.globals.contains(*n) && !s.nonlocals.contains(*n))
                    .cloned()
                    .collect(),
            }
        };
        let child_above: HashSet<String> = match kind {
            ScopeKind::Module => HashSet::new(),
            ScopeKind::Class => above.clone(),
            ScopeKind::Function => above.union(&locals).cloned().collect(),
        };
        let children = self.scopes[id].children.clone();
        let mut child_frees = IndexSet::new();
        for c in children {
            child_frees.extend(self.resolve(c, &child_above));
        }
        let s = &mut self.scopes[id];
        if kind == ScopeKind::Function && s.uses_super {
            s.frees.insert("__class__".to_owned());
        }
        for name in child_frees {
            if (kind == ScopeKind::Function && locals.contains(&name))
                || (kind == ScopeKind::Class && name == "__class__")
            {
                s.cells.insert(name);
            } else if kind != ScopeKind::Module {
                s.frees.insert(name);
            }
        }
        let own: Vec<String> = s.used.iter().cloned().collect();
        for name in own {
            let free = match kind {
                ScopeKind::Function => {
                    s.nonlocals.contains(&name)
                        || (!locals.contains(&name)
                            && !s.globals.contains(&name)
                            && above.contains(&name))
                }
                ScopeKind::Class => !locals.contains(&name) && above.contains(&name),
                ScopeKind::Module => false,
            };
            if free {
                s.frees.insert(name);
            }
        }
        for name in s.nonlocals.clone() {
            s.frees.insert(name);
        }
        s.frees.clone()
    }

    /// How `name` is accessed in scope `id`.
    pub fn access(&self, id: usize, name: &str) -> Access {
        let s = &self.scopes[id];
        match s.kind {
            ScopeKind::Module => Access::Name,
            ScopeKind::Class => {
                if s.bound.contains(name) || !s.frees.contains(name) {
                    Access::Name
                } else {
                    Access::Deref
                }
            }
            ScopeKind::Function => {
                if s.globals.contains(name) {
                    Access::Global
                } else if s.cells.contains(name) || s.frees.contains(name) {
                    Access::Deref
                } else if s.bound.contains(name) {
                    Access::Fast
                } else {
                    Access::Global
                }
            }
        }
    }
}

struct Builder<'t> {
    t: &'t mut SymTable,
    cur: usize,
}

impl Builder<'_> {
    fn scope(&mut self) -> &mut Scope {
        &mut self.t.scopes[self.cur]
    }

    fn bind(&mut self, name: &str) {
        self.scope().bound.insert(name.to_owned());
    }

    fn use_name(&mut self, name: &str) {
        if name == "super" {
            self.scope().uses_super = true;
        }
        self.scope().used.insert(name.to_owned());
    }

    fn child(&mut self, node: usize, kind: ScopeKind, params: Vec<String>) -> usize {
        let id = self.t.new_scope(kind, params);
        self.t.by_node.insert(node, id);
        let cur = self.cur;
        self.t.scopes[cur].children.push(id);
        id
    }

    fn enter(&mut self, id: usize, f: impl FnOnce(&mut Self)) {
        let saved = self.cur;
        self.cur = id;
        f(self);
        self.cur = saved;
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn params(&mut self, p: &ast::Parameters) -> Vec<String> {
        // Defaults and annotations are evaluated in the enclosing scope.
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if let Some(d) = &a.default {
                self.expr(d);
            }
            if let Some(t) = &a.parameter.annotation {
                self.expr(t);
            }
        }
        for a in p.vararg.iter().chain(&p.kwarg) {
            if let Some(t) = &a.annotation {
                self.expr(t);
            }
        }
        let mut names: Vec<String> = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .map(|a| a.parameter.name.to_string())
            .collect();
        names.extend(p.kwonlyargs.iter().map(|a| a.parameter.name.to_string()));
        if let Some(v) = &p.vararg {
            names.push(v.name.to_string());
        }
        if let Some(k) = &p.kwarg {
            names.push(k.name.to_string());
        }
        names
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                let params = self.params(&f.parameters);
                if let Some(r) = &f.returns {
                    self.expr(r);
                }
                self.bind(&f.name);
                let id = self.child(node_id(f), ScopeKind::Function, params);
                self.enter(id, |b| b.stmts(&f.body));
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                if let Some(args) = &c.arguments {
                    for a in &args.args {
                        self.expr(a);
                    }
                    for k in &args.keywords {
                        self.expr(&k.value);
                    }
                }
                self.bind(&c.name);
                let id = self.child(node_id(c), ScopeKind::Class, Vec::new());
                self.enter(id, |b| b.stmts(&c.body));
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v);
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t);
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value);
                for t in &a.targets {
                    self.target(t);
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value);
                if let Expr::Name(n) = &*a.target {
                    self.use_name(&n.id);
                }
                self.target(&a.target);
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v);
                    self.target(&a.target);
                } else if let Expr::Name(n) = &*a.target {
                    self.bind(&n.id);
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                self.target(&f.target);
                self.stmts(&f.body);
                self.stmts(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.stmts(&w.body);
                self.stmts(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.stmts(&i.body);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t);
                    }
                    self.stmts(&c.body);
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
                self.stmts(&w.body);
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
                if let Some(c) = &r.cause {
                    self.expr(c);
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    if let Some(n) = &h.name {
                        self.bind(n);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(&t.orelse);
                self.stmts(&t.finalbody);
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    match &a.asname {
                        Some(n) => self.bind(n),
                        None => {
                            let first = a.name.split('.').next().unwrap_or(&a.name);
                            self.bind(first);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().unwrap_or(&a.name);
                    if n.as_str() != "*" {
                        self.bind(n);
                    }
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.scope().globals.insert(n.to_string());
                }
            }
            Stmt::Nonlocal(n) => {
                for n in &n.names {
                    self.scope().nonlocals.insert(n.to_string());
                }
            }
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::Match(m) => {
                self.expr(&m.subject);
                for c in &m.cases {
                    self.stmts(&c.body);
                }
            }
            Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::TypeAlias(_)
            | Stmt::IpyEscapeCommand(_) => {}
        }
    }

    fn target(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => self.bind(&n.id),
            Expr::Tuple(x) => x.elts.iter().for_each(|e| self.target(e)),
            Expr::List(x) => x.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            other => self.expr(other),
        }
    }

    fn comprehension(&mut self, node: usize, gens: &[ast::Comprehension], elts: &[&Expr]) {
        let Some(first) = gens.first() else { return };
        self.expr(&first.iter);
        let id = self.child(node, ScopeKind::Function, vec![".0".to_owned()]);
        self.enter(id, |b| {
            for (i, g) in gens.iter().enumerate() {
                if i > 0 {
                    b.expr(&g.iter);
                }
                b.target(&g.target);
                for cond in &g.ifs {
                    b.expr(cond);
                }
            }
            for e in elts {
                b.expr(e);
            }
        });
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Name(n) => self.use_name(&n.id),
            Expr::BoolOp(b) => b.values.iter().for_each(|v| self.expr(v)),
            Expr::Named(n) => {
                self.expr(&n.value);
                self.target(&n.target);
            }
            Expr::BinOp(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Expr::UnaryOp(u) => self.expr(&u.operand),
            Expr::Lambda(l) => {
                let params = match &l.parameters {
                    Some(p) => self.params(p),
                    None => Vec::new(),
                };
                let id = self.child(node_id(l), ScopeKind::Function, params);
                self.enter(id, |b| b.expr(&l.body));
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
            Expr::ListComp(c) => self.comprehension(node_id(c), &c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(node_id(c), &c.generators, &[&c.elt]),
            Expr::Generator(c) => {
                self.comprehension(node_id(c), &c.generators, &[&c.elt]);
                if let Some(&id) = self.t.by_node.get(&node_id(c)) {
                    self.t.scopes[id].generator = true;
                }
            }
            Expr::DictComp(c) => {
                let mut elts: Vec<&Expr> = vec![&c.value];
                if let Some(k) = &c.key {
                    elts.push(k);
                }
                self.comprehension(node_id(c), &c.generators, &elts);
            }
            Expr::Await(a) => self.expr(&a.value),
            Expr::Yield(y) => {
                self.scope().generator = true;
                if let Some(v) = &y.value {
                    self.expr(v);
                }
            }
            Expr::YieldFrom(y) => {
                self.scope().generator = true;
                self.expr(&y.value);
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
