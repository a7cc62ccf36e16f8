//! `fork()`: a child process starts with a copy of its parent's memory.
//!
//! The copy is taken when `Process.start()` runs, from the parent's modules (with
//! `__main__`) and the roots the caller names (the process object with its target and
//! arguments). Every mutable object is copied once, so sharing and cycles survive (two
//! names for one list still name one list in the child); immutable data (strings, code,
//! big ints) is shared, since nobody can change it. The built-in classes of the parent map
//! to the child's own, so `isinstance` and `except` keep working there. Objects of
//! `multiprocessing` that live in shared memory (queues, its locks, `Value`) stay shared:
//! that is what they are for. Threads do not survive a fork: the child has only its main
//! thread (the `Thread` objects it inherits are stopped threads there), and `threading`'s
//! locks and queues get fresh engine objects.

use std::sync::Arc;

use indexmap::IndexMap;
use parking_lot::Mutex;

use super::interp::{Interp, Types};
use super::{Block, Frame, Vm};
use crate::value::{
    Builtin, Cell, Class, Dict, Fork, Function, Fx, Generator, Instance, Iter, Method, MethodFunc,
    Module, NameMap, Native, Set, Value,
};
use gilscope_engine::Ctx;

/// A pending copy of a mutable object's contents (filled after every object reachable
/// from the roots exists, so cycles close on the copies).
enum Fill {
    List(Arc<Mutex<Vec<Value>>>, Arc<Mutex<Vec<Value>>>),
    Dict(Arc<Mutex<Dict>>, Arc<Mutex<Dict>>),
    Set(Arc<Mutex<Set>>, Arc<Mutex<Set>>),
    Instance(Arc<Instance>, Arc<Instance>),
    Module(Arc<Module>, Arc<Module>),
    Class(Arc<Class>, Arc<Class>),
    Cell(Arc<Cell>, Arc<Cell>),
    Function(Arc<Function>, Arc<Function>),
}

/// The copy of one parent's memory into a child interpreter.
pub struct Forker<'v, 'c> {
    /// The parent's VM (engine objects of the copies are created through its thread).
    vm: &'v mut Vm<'c>,
    /// Copies by the address of their original.
    values: IndexMap<usize, Value, Fx>,
    classes: IndexMap<usize, Arc<Class>, Fx>,
    modules: IndexMap<usize, Arc<Module>, Fx>,
    cells: IndexMap<usize, Arc<Cell>, Fx>,
    functions: IndexMap<usize, Arc<Function>, Fx>,
    work: Vec<Fill>,
}

/// What a fork produced: the child's interpreter and the copies of the given roots.
pub struct Forked {
    /// The child's interpreter.
    pub interp: Arc<Interp>,
    /// The copies of the roots, in order.
    pub roots: Vec<Value>,
}

/// Copies the parent's memory (its modules and `roots`) into a new interpreter.
pub fn fork(vm: &mut Vm<'_>, roots: &[Value]) -> Forked {
    let parent = Arc::clone(&vm.interp);
    let types = (parent.hooks.make_types)();
    let builtins = (parent.hooks.make_builtins)(&types);
    let mut f = Forker {
        vm,
        values: IndexMap::default(),
        classes: IndexMap::default(),
        modules: IndexMap::default(),
        cells: IndexMap::default(),
        functions: IndexMap::default(),
        work: Vec::new(),
    };
    f.map_types(&parent.types, &types);
    let main = f.module(&parent.main);
    let modules: Vec<(crate::value::Str, Value)> = parent
        .modules
        .lock()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut child_modules = NameMap::default();
    for (name, m) in modules {
        let c = f.copy(&m);
        child_modules.insert(name, c);
    }
    let roots: Vec<Value> = roots.iter().map(|r| f.copy(r)).collect();
    let atexit: Vec<Value> = parent.atexit.lock().iter().map(|v| f.copy(v)).collect();
    let exit_funcs: Vec<Value> = parent.exit_funcs.lock().iter().map(|v| f.copy(v)).collect();
    let eq_keys: Vec<(i64, Vec<Value>)> = parent
        .eq_keys
        .lock()
        .iter()
        .map(|(h, vs)| (*h, vs.clone()))
        .collect();
    let eq_keys: IndexMap<i64, Vec<Value>, Fx> = eq_keys
        .into_iter()
        .map(|(h, vs)| (h, vs.iter().map(|v| f.copy(v)).collect()))
        .collect();
    f.finish();
    let interp = Interp::forked(&parent, types, builtins, main, child_modules);
    *interp.atexit.lock() = atexit;
    *interp.exit_funcs.lock() = exit_funcs;
    *interp.eq_keys.lock() = eq_keys;
    Forked { interp, roots }
}

impl Forker<'_, '_> {
    /// The parent's built-in classes are the child's own (same names).
    fn map_types(&mut self, parent: &Types, child: &Types) {
        for (name, cls) in &parent.by_name {
            self.classes
                .insert(Arc::as_ptr(cls) as usize, child.get(name));
        }
    }

    /// Fills every pending copy; filling may discover more objects, which queue up too.
    fn finish(&mut self) {
        while let Some(job) = self.work.pop() {
            match job {
                Fill::List(from, to) => {
                    let items: Vec<Value> = from.lock().clone();
                    let copied: Vec<Value> = items.iter().map(|v| self.copy(v)).collect();
                    *to.lock() = copied;
                }
                Fill::Dict(from, to) => {
                    let items: Vec<(Value, Value)> = from
                        .lock()
                        .iter()
                        .map(|(k, v)| (k.0.clone(), v.clone()))
                        .collect();
                    let mut d = Dict::default();
                    for (k, v) in items {
                        d.insert(crate::value::Key(self.copy(&k)), self.copy(&v));
                    }
                    *to.lock() = d;
                }
                Fill::Set(from, to) => {
                    let items: Vec<Value> = from.lock().iter().map(|k| k.0.clone()).collect();
                    let mut s = Set::default();
                    for k in items {
                        s.insert(crate::value::Key(self.copy(&k)));
                    }
                    *to.lock() = s;
                }
                Fill::Instance(from, to) => {
                    let (dict, tb, cause, context, suppress, base) = {
                        let st = from.state.lock();
                        (
                            st.dict.clone(),
                            st.tb.clone(),
                            st.cause.clone(),
                            st.context.clone(),
                            st.suppress_context,
                            st.base.clone(),
                        )
                    };
                    let dict = self.names(&dict);
                    let cause = cause.map(|c| self.copy(&c));
                    let context = context.map(|c| self.copy(&c));
                    let base = base.map(|b| self.copy(&b));
                    let mut st = to.state.lock();
                    st.dict = dict;
                    st.tb = tb;
                    st.cause = cause;
                    st.context = context;
                    st.suppress_context = suppress;
                    st.base = base;
                }
                Fill::Module(from, to) => {
                    let dict = from.dict.lock().clone();
                    let dict = self.names(&dict);
                    *to.dict.lock() = dict;
                }
                Fill::Class(from, to) => {
                    let dict = from.dict.lock().clone();
                    let dict = self.names(&dict);
                    *to.dict.lock() = dict;
                }
                Fill::Cell(from, to) => {
                    let v = from.lock().clone();
                    let v = v.map(|v| self.copy(&v));
                    *to.lock() = v;
                }
                Fill::Function(from, to) => {
                    let dict = from.dict.lock().clone();
                    let dict = self.names(&dict);
                    *to.dict.lock() = dict;
                }
            }
        }
    }

    fn names(&mut self, d: &NameMap) -> NameMap {
        d.iter().map(|(k, v)| (k.clone(), self.copy(v))).collect()
    }

    fn module(&mut self, m: &Arc<Module>) -> Arc<Module> {
        let key = Arc::as_ptr(m) as usize;
        if let Some(c) = self.modules.get(&key) {
            return Arc::clone(c);
        }
        let c = Arc::new(Module {
            name: m.name.clone(),
            dict: crate::value::VDict::new(NameMap::default()),
        });
        self.modules.insert(key, Arc::clone(&c));
        self.work.push(Fill::Module(Arc::clone(m), Arc::clone(&c)));
        c
    }

    fn class(&mut self, cls: &Arc<Class>) -> Arc<Class> {
        let key = Arc::as_ptr(cls) as usize;
        if let Some(c) = self.classes.get(&key) {
            return Arc::clone(c);
        }
        // Bases form no cycle (only their namespaces can lead back here, and those are
        // filled later), so they are copied first.
        let bases = cls.bases.iter().map(|b| self.class(b)).collect();
        let mro = cls.mro.iter().map(|b| self.class(b)).collect();
        let c = Arc::new(Class {
            name: cls.name.clone(),
            qualname: cls.qualname.clone(),
            module: cls.module.clone(),
            bases,
            mro,
            dict: crate::value::VDict::new_class(NameMap::default()),
            kind: cls.kind,
        });
        self.classes.insert(key, Arc::clone(&c));
        self.work.push(Fill::Class(Arc::clone(cls), Arc::clone(&c)));
        c
    }

    fn cell(&mut self, cell: &Arc<Cell>) -> Arc<Cell> {
        let key = Arc::as_ptr(cell) as usize;
        if let Some(c) = self.cells.get(&key) {
            return Arc::clone(c);
        }
        let c = Arc::new(Mutex::new(None));
        self.cells.insert(key, Arc::clone(&c));
        self.work.push(Fill::Cell(Arc::clone(cell), Arc::clone(&c)));
        c
    }

    fn function(&mut self, func: &Arc<Function>) -> Arc<Function> {
        let key = Arc::as_ptr(func) as usize;
        if let Some(c) = self.functions.get(&key) {
            return Arc::clone(c);
        }
        let globals = self.module(&func.globals);
        let defaults = func.defaults.iter().map(|v| self.copy(v)).collect();
        let kwdefaults = func
            .kwdefaults
            .iter()
            .map(|(k, v)| (k.clone(), self.copy(v)))
            .collect();
        let closure = func.closure.iter().map(|c| self.cell(c)).collect();
        let c = Arc::new(Function {
            code: Arc::clone(&func.code),
            globals,
            defaults,
            kwdefaults,
            closure,
            name: func.name.clone(),
            qualname: func.qualname.clone(),
            dict: Mutex::new(NameMap::default()),
        });
        self.functions.insert(key, Arc::clone(&c));
        self.work
            .push(Fill::Function(Arc::clone(func), Arc::clone(&c)));
        c
    }

    /// The child's copy of `v`.
    pub fn copy(&mut self, v: &Value) -> Value {
        use Value as V;
        let key = v.address();
        let memoised = matches!(
            v,
            V::List(_)
                | V::Dict(_)
                | V::Set(_)
                | V::Instance(_)
                | V::Tuple(_)
                | V::Generator(_)
                | V::Iter(_)
                | V::Native(_)
                | V::Method(_)
                | V::Builtin(_)
        );
        if memoised && let Some(c) = self.values.get(&key) {
            return c.clone();
        }
        let c = match v {
            V::None
            | V::NotImplemented
            | V::Ellipsis
            | V::Bool(_)
            | V::Int(_)
            | V::BigInt(_)
            | V::Float(_)
            | V::Str(_)
            | V::Bytes(_)
            | V::FrozenSet(_)
            | V::Range(_)
            | V::Code(_) => return v.clone(),
            V::Tuple(t) => {
                let items = t.iter().map(|x| self.copy(x)).collect();
                V::tuple(items)
            }
            V::List(l) => {
                let c = Arc::new(Mutex::new(Vec::new()));
                self.work.push(Fill::List(Arc::clone(l), Arc::clone(&c)));
                V::List(c)
            }
            V::Dict(d) => {
                let c = Arc::new(Mutex::new(Dict::default()));
                self.work.push(Fill::Dict(Arc::clone(d), Arc::clone(&c)));
                V::Dict(c)
            }
            V::Set(s) => {
                let c = Arc::new(Mutex::new(Set::default()));
                self.work.push(Fill::Set(Arc::clone(s), Arc::clone(&c)));
                V::Set(c)
            }
            V::Slice(s) => {
                let [a, b, c] = &**s;
                V::Slice(Arc::new([self.copy(a), self.copy(b), self.copy(c)]))
            }
            V::Function(func) => return V::Function(self.function(func)),
            V::Builtin(b) => match &b.bound {
                None => return v.clone(),
                Some(this) => {
                    let this = self.copy(this);
                    V::Builtin(Arc::new(Builtin {
                        name: b.name,
                        owner: b.owner,
                        f: b.f,
                        bound: Some(this),
                    }))
                }
            },
            V::Method(m) => {
                let this = self.copy(&m.this);
                let func = match &m.func {
                    MethodFunc::Callable(f) => MethodFunc::Callable(self.copy(f)),
                    MethodFunc::Native(n) => MethodFunc::Native(n.clone()),
                };
                V::Method(Arc::new(Method { this, func }))
            }
            V::Class(cls) => return V::Class(self.class(cls)),
            V::Instance(i) => {
                // A thread object's thread does not exist in the child (only the forking
                // thread goes on there, as the child's main thread): it is a stopped
                // thread there, which join() does not wait for (no engine thread id).
                let class = self.class(&i.class);
                let c = Instance::new(class);
                self.work
                    .push(Fill::Instance(Arc::clone(i), Arc::clone(&c)));
                V::Instance(c)
            }
            V::Module(m) => return V::Module(self.module(m)),
            V::Iter(it) => {
                let state = it.lock().clone();
                let state = self.iter(state);
                V::Iter(Arc::new(Mutex::new(state)))
            }
            V::Generator(g) => {
                let frame = g.frame.lock().as_ref().map(|f| Box::new(self.frame(f)));
                V::Generator(Arc::new(Generator {
                    frame: Mutex::new(frame),
                    code: Arc::clone(&g.code),
                    done: std::sync::atomic::AtomicBool::new(
                        g.done.load(std::sync::atomic::Ordering::Relaxed),
                    ),
                    ret: Mutex::new(g.ret.lock().as_ref().map(|r| self.copy(r))),
                    running_depth: std::sync::atomic::AtomicU32::new(0),
                }))
            }
            V::Native(n) => self.native(v, n),
            V::Property(p) => {
                let [g, s] = &**p;
                V::Property(Arc::new([self.copy(g), self.copy(s)]))
            }
            V::StaticMethod(f) => V::StaticMethod(Arc::new(self.copy(f))),
            V::ClassMethod(f) => V::ClassMethod(Arc::new(self.copy(f))),
            V::Super(s) => {
                let (cls, obj) = &**s;
                V::Super(Arc::new((self.class(cls), self.copy(obj))))
            }
            V::Cell(c) => return V::Cell(self.cell(c)),
        };
        if memoised {
            self.values.insert(key, c.clone());
        }
        c
    }

    fn iter(&mut self, it: Iter) -> Iter {
        match it {
            Iter::List(l, i) => match self.copy(&Value::List(l)) {
                Value::List(c) => Iter::List(c, i),
                _ => Iter::Done,
            },
            Iter::Seq(s, i) => Iter::Seq(Arc::new(s.iter().map(|x| self.copy(x)).collect()), i),
            Iter::DictKeys(d, pos, n) => {
                // The copy is built by insertion, without the original's holes.
                let pos = d.lock().live_before(pos);
                match self.copy(&Value::Dict(d)) {
                    Value::Dict(c) => Iter::DictKeys(c, pos, n),
                    _ => Iter::Done,
                }
            }
            Iter::Enumerate(v, i) => Iter::Enumerate(self.copy(&v), i),
            Iter::Zip(vs) => Iter::Zip(vs.iter().map(|x| self.copy(x)).collect()),
            Iter::Map(f, vs) => Iter::Map(self.copy(&f), vs.iter().map(|x| self.copy(x)).collect()),
            Iter::Filter(f, v) => Iter::Filter(self.copy(&f), self.copy(&v)),
            Iter::Reversed(s, i) => {
                Iter::Reversed(Arc::new(s.iter().map(|x| self.copy(x)).collect()), i)
            }
            Iter::GetItem(v, i) => Iter::GetItem(self.copy(&v), i),
            other @ (Iter::Range { .. } | Iter::Str(..) | Iter::Done) => other,
        }
    }

    fn frame(&mut self, f: &Frame) -> Frame {
        let stack = f.stack.iter().map(|v| self.copy(v)).collect();
        let locals = f
            .locals
            .iter()
            .map(|v| v.as_ref().map(|v| self.copy(v)))
            .collect();
        let cells = f.cells.iter().map(|c| self.cell(c)).collect();
        let globals = self.module(&f.globals);
        let ns = f.ns.as_ref().map(|ns| {
            let d = ns.lock().clone();
            Arc::new(Mutex::new(self.names(&d)))
        });
        let blocks: Vec<Block> = f.blocks.clone();
        Frame {
            code: Arc::clone(&f.code),
            pc: f.pc,
            stack,
            locals,
            cells,
            globals,
            ns,
            blocks,
            throw: f.throw.as_ref().map(|e| self.copy(e)),
        }
    }

    /// Native objects: the VM's own views and wrappers hold copies; a module's object
    /// copies itself (`threading`'s get fresh engine objects, shared memory stays shared).
    fn native(&mut self, v: &Value, n: &Native) -> Value {
        match n {
            Native::DictView(k, d) => match self.copy(&Value::Dict(Arc::clone(d))) {
                Value::Dict(c) => Value::Native(Arc::new(Native::DictView(*k, c))),
                _ => v.clone(),
            },
            Native::AsyncGenWrapped(x) => {
                Value::Native(Arc::new(Native::AsyncGenWrapped(self.copy(x))))
            }
            Native::Object(o) => o.fork(v, self),
        }
    }
}

impl Fork for Forker<'_, '_> {
    fn copy(&mut self, v: &Value) -> Value {
        Forker::copy(self, v)
    }

    fn ctx(&mut self) -> &mut Ctx {
        self.vm.ctx
    }
}
