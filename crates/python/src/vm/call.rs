//! Calls: Python functions (argument binding as CPython reports it), built-ins, bound
//! methods, classes; generators; the iteration protocol.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use parking_lot::Mutex;

use super::{C_ITEM, Exit, Frame, Vm};
use crate::bytecode::Code;
use crate::value::{
    Args, Cell, Class, Dict, Flow, Function, Generator, Instance, Iter, Key, Method, MethodFunc,
    Module, NameMap, Str, TypeKind, Value,
};

/// How much of a worker's stack Python calls may use (the rest is headroom for the
/// native code a deep call runs).
const STACK_BUDGET: usize = gilscope_engine::WORKER_STACK / 4 * 3;

/// Extra simulated cost of calling a built-in (C) function.
const NATIVE_CALL: u64 = 15;

impl Vm<'_> {
    /// Calls any callable.
    pub fn call(&mut self, callee: Value, mut args: Args) -> Result<Value, Flow> {
        match callee {
            Value::Function(f) => self.call_function(&f, args),
            Value::Builtin(b) => {
                // A C call: argument parsing and the object it creates.
                self.ctx.elapse(NATIVE_CALL);
                if let Some(this) = &b.bound {
                    args.pos.insert(0, this.clone());
                }
                (b.f)(self, args)
            }
            Value::Method(m) => match &m.func {
                MethodFunc::Callable(f) => {
                    args.pos.insert(0, m.this.clone());
                    self.call(f.clone(), args)
                }
                MethodFunc::Native(name) => {
                    let name = name.clone();
                    self.call_native_method(m.this.clone(), &name, args)
                }
            },
            Value::Class(c) => self.call_class(&c, args),
            Value::Instance(i) => match i.class.lookup("__call__") {
                Some(f) => {
                    args.pos.insert(0, Value::Instance(Arc::clone(&i)));
                    self.call(f, args)
                }
                None => {
                    let msg = format!("'{}' object is not callable", i.class.name);
                    Err(self.exc("TypeError", &msg))
                }
            },
            Value::StaticMethod(f) => self.call((*f).clone(), args),
            other => {
                let msg = format!("'{}' object is not callable", self.type_name(&other));
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// `obj.name(args)` without building a bound method when possible.
    pub fn call_method(&mut self, this: Value, name: &str, mut args: Args) -> Result<Value, Flow> {
        match &this {
            Value::Instance(i) => {
                let found = i.class.lookup(name);
                if let Some(f @ (Value::Function(_) | Value::Builtin(_))) = &found
                    && !i.state.lock().dict.contains_key(name)
                {
                    args.pos.insert(0, this.clone());
                    return self.call(f.clone(), args);
                }
                let m = self.get_attr(&this, name)?;
                self.call(m, args)
            }
            Value::Module(_) | Value::Class(_) | Value::Super(_) | Value::Function(_) => {
                let m = self.get_attr(&this, name)?;
                self.call(m, args)
            }
            _ => self.call_native_method(this, name, args),
        }
    }

    /// A method of a built-in value (str, list, lock...).
    pub fn call_native_method(
        &mut self,
        this: Value,
        name: &str,
        args: Args,
    ) -> Result<Value, Flow> {
        match (self.interp.hooks.call_method)(self, &this, name, args)? {
            Some(v) => Ok(v),
            None => {
                let ty = self.type_name(&this);
                if self
                    .interp
                    .hooks
                    .unsupported_methods
                    .iter()
                    .any(|(t, n)| *t == &*ty && *n == name)
                {
                    return Err(Flow::Unsupported(format!(
                        "{}: unsupported: {ty}.{name}()",
                        self.where_now()
                    )));
                }
                Err(self.no_attribute(&this, name))
            }
        }
    }

    /// The AttributeError for `obj.name`.
    pub fn no_attribute(&mut self, obj: &Value, name: &str) -> Flow {
        let msg = match obj {
            Value::Module(m) if self.interp.importing.lock().contains(&m.name) => format!(
                "partially initialized module '{}' has no attribute '{name}' \
                 (most likely due to a circular import)",
                m.name
            ),
            Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name),
            // Error messages name a C type as CPython's tp_name does: with its module.
            Value::Class(c) if &*c.module == "_asyncio" => {
                format!(
                    "type object '_asyncio.{}' has no attribute '{name}'",
                    c.name
                )
            }
            Value::Instance(i) if &*i.class.module == "_asyncio" => format!(
                "'_asyncio.{}' object has no attribute '{name}'",
                i.class.name
            ),
            Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
            // `_thread`'s lock types.
            Value::Native(n) if matches!(n.type_name(), "lock" | "RLock") => {
                format!(
                    "'_thread.{}' object has no attribute '{name}'",
                    self.type_name(obj)
                )
            }
            _ => format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
        };
        let e = self.exc("AttributeError", &msg);
        // `name` and `obj`, as CPython sets them: the report's suggestion reads them.
        if let Flow::Exc(Value::Instance(i)) = &e {
            i.set("name", Value::str(name));
            i.set("obj", obj.clone());
        }
        e
    }

    fn enter(&mut self) -> Result<(), Flow> {
        self.enter_as("maximum recursion depth exceeded")
    }

    /// Counts one more level of recursion (a frame, or a container CPython's C code
    /// descends into), failing with `RecursionError: {msg}` past the limit.
    pub(super) fn enter_as(&mut self, msg: &str) -> Result<(), Flow> {
        self.depth += 1;
        let limit = self.interp.recursion_limit.load(Ordering::Relaxed);
        // Python frames nest on the worker's Rust stack: whatever the limit, stop well
        // before the stack ends (CPython would crash there; a RecursionError is kinder).
        let probe = 0u8;
        let here = std::ptr::addr_of!(probe) as usize;
        let used = self.stack_base.saturating_sub(here);
        if self.depth > limit || used > STACK_BUDGET {
            self.depth -= 1;
            return Err(self.exc("RecursionError", msg));
        }
        Ok(())
    }

    /// Calls a Python function.
    pub fn call_function(&mut self, func: &Arc<Function>, args: Args) -> Result<Value, Flow> {
        let frame = self.bind(func, args)?;
        if func.code.kind.suspends() {
            return Ok(Value::Generator(Arc::new(Generator {
                code: Arc::clone(&func.code),
                frame: Mutex::new(Some(Box::new(frame))),
                done: std::sync::atomic::AtomicBool::new(false),
                ret: Mutex::new(None),
                running_depth: std::sync::atomic::AtomicU32::new(0),
            })));
        }
        self.run_call(frame)
    }

    /// Runs the frame of a (non-generator) call and recycles its value stack.
    pub fn run_call(&mut self, mut frame: Frame) -> Result<Value, Flow> {
        self.enter()?;
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        let mut stack = std::mem::take(&mut frame.stack);
        if self.stacks.len() < 64 {
            stack.clear();
            self.stacks.push(stack);
        }
        let mut locals = std::mem::take(&mut frame.locals);
        if self.locals_pool.len() < 64 {
            locals.clear();
            self.locals_pool.push(locals);
        }
        match r? {
            Exit::Return(v) | Exit::Yield(v) => Ok(v),
        }
    }

    /// An empty local-variable array, recycled from a finished call when there is one.
    #[inline]
    pub(super) fn take_locals(&mut self) -> Vec<Option<Value>> {
        self.locals_pool.pop().unwrap_or_default()
    }

    /// Whether a call of `func` with `n` positional arguments binds them one to one.
    pub fn simple_call(func: &Function, n: usize) -> bool {
        let p = &func.code.params;
        !p.varargs
            && !p.varkw
            && p.kwonly == 0
            && p.positional as usize == n
            && !func.code.kind.suspends()
    }

    /// Builds the frame of a call, binding arguments to parameters.
    fn bind(&mut self, func: &Arc<Function>, args: Args) -> Result<Frame, Flow> {
        let code = &func.code;
        let p = &code.params;
        let mut locals = self.take_locals();
        locals.resize(code.nlocals(), None);
        let simple = args.kw.is_empty()
            && !p.varargs
            && !p.varkw
            && p.kwonly == 0
            && args.pos.len() == p.positional as usize;
        if simple {
            for (slot, v) in locals.iter_mut().zip(args.pos) {
                *slot = Some(v);
            }
        } else {
            self.bind_general(func, args, &mut locals)?;
        }
        Ok(self.frame_for(func, locals))
    }

    /// The frame of a call of `func` whose locals are bound.
    pub fn frame_for(&mut self, func: &Arc<Function>, mut locals: Vec<Option<Value>>) -> Frame {
        let code = &func.code;
        let mut cells: Vec<Arc<Cell>> =
            Vec::with_capacity(code.cellvars.len() + func.closure.len());
        for _ in &code.cellvars {
            cells.push(Arc::new(Mutex::new(None)));
        }
        for &(ci, slot) in &code.cell_params {
            if let (Some(c), Some(v)) = (cells.get(ci as usize), locals.get_mut(slot as usize)) {
                *c.lock() = v.take();
            }
        }
        cells.extend(func.closure.iter().cloned());
        let mut frame = Frame::new(Arc::clone(code), locals, cells, Arc::clone(&func.globals));
        frame.stack = self.stacks.pop().unwrap_or_else(|| Vec::with_capacity(8));
        frame
    }

    fn bind_general(
        &mut self,
        func: &Arc<Function>,
        args: Args,
        locals: &mut [Option<Value>],
    ) -> Result<(), Flow> {
        let code = &func.code;
        let p = &code.params;
        let npos = p.positional as usize;
        let nkwonly = p.kwonly as usize;
        let qual = func.qualname.clone();
        let given = args.pos.len();
        let mut extra = Vec::new();
        for (i, v) in args.pos.into_iter().enumerate() {
            if i < npos {
                locals[i] = Some(v);
            } else {
                extra.push(v);
            }
        }
        let var_slot = npos + nkwonly;
        let kw_slot = var_slot + usize::from(p.varargs);
        if p.varargs {
            locals[var_slot] = Some(Value::tuple(extra));
        } else if !extra.is_empty() {
            let ndef = func.defaults.len();
            let takes = if ndef > 0 {
                format!("from {} to {} positional arguments", npos - ndef, npos)
            } else if npos == 1 {
                "1 positional argument".to_owned()
            } else {
                format!("{npos} positional arguments")
            };
            let was = if given == 1 { "was" } else { "were" };
            let msg = format!("{qual}() takes {takes} but {given} {was} given");
            return Err(self.exc("TypeError", &msg));
        }
        let mut kwdict = Dict::default();
        for (k, v) in args.kw {
            let slot = code.varnames[p.posonly as usize..npos + nkwonly]
                .iter()
                .position(|n| *n == k)
                .map(|i| i + p.posonly as usize);
            match slot {
                Some(s) => {
                    if locals[s].is_some() {
                        let msg = format!("{qual}() got multiple values for argument '{k}'");
                        return Err(self.exc("TypeError", &msg));
                    }
                    locals[s] = Some(v);
                }
                None if p.varkw => {
                    kwdict.insert(crate::value::Key(Value::Str(k)), v);
                }
                None => {
                    let msg = format!("{qual}() got an unexpected keyword argument '{k}'");
                    return Err(self.exc("TypeError", &msg));
                }
            }
        }
        if p.varkw {
            locals[kw_slot] = Some(Value::dict(kwdict));
        }
        let ndef = func.defaults.len();
        for (i, d) in func.defaults.iter().enumerate() {
            let slot = npos - ndef + i;
            if locals[slot].is_none() {
                locals[slot] = Some(d.clone());
            }
        }
        let missing: Vec<String> = (0..npos)
            .filter(|&i| locals[i].is_none())
            .map(|i| format!("'{}'", code.varnames[i]))
            .collect();
        if !missing.is_empty() {
            let n = missing.len();
            let s = if n == 1 { "" } else { "s" };
            let msg = format!(
                "{qual}() missing {n} required positional argument{s}: {}",
                join_names(&missing)
            );
            return Err(self.exc("TypeError", &msg));
        }
        for (slot, name) in locals[npos..npos + nkwonly]
            .iter_mut()
            .zip(&code.varnames[npos..npos + nkwonly])
        {
            if slot.is_none()
                && let Some((_, v)) = func.kwdefaults.iter().find(|(k, _)| k == name)
            {
                *slot = Some(v.clone());
            }
        }
        let missing: Vec<String> = (npos..npos + nkwonly)
            .filter(|&i| locals[i].is_none())
            .map(|i| format!("'{}'", code.varnames[i]))
            .collect();
        if !missing.is_empty() {
            let n = missing.len();
            let s = if n == 1 { "" } else { "s" };
            let msg = format!(
                "{qual}() missing {n} required keyword-only argument{s}: {}",
                join_names(&missing)
            );
            return Err(self.exc("TypeError", &msg));
        }
        Ok(())
    }

    /// `MAKE_FUNCTION`.
    pub fn make_function(
        &mut self,
        code: &Arc<Code>,
        globals: &Arc<Module>,
        defaults: Option<Value>,
        kwdefaults: Option<Value>,
        closure: Option<Value>,
    ) -> Value {
        let defaults = match defaults {
            Some(Value::Tuple(t)) => t.as_ref().clone(),
            _ => Vec::new(),
        };
        let kwdefaults = kwdefaults.map_or_else(Vec::new, |d| crate::value::str_keyed(&d));
        let closure = match closure {
            Some(Value::Tuple(t)) => t
                .iter()
                .filter_map(|c| match c {
                    Value::Cell(c) => Some(Arc::clone(c)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Value::Function(Arc::new(Function {
            code: Arc::clone(code),
            globals: Arc::clone(globals),
            defaults,
            kwdefaults,
            closure,
            name: code.name.clone(),
            qualname: code.qualname.clone(),
            dict: Mutex::new(NameMap::default()),
        }))
    }

    /// What gilscope makes of `class C(..., metaclass=M)`, having no metaclasses: `type`
    /// changes nothing; a stand-in naming a base class as `_gilscope_as_base` (`abc`'s
    /// `ABCMeta` names `ABC`) adds that base, unless a base derives from it already;
    /// anything else is unsupported.
    pub fn metaclass_base(&mut self, m: Value, bases: &mut Vec<Value>) -> Result<(), Flow> {
        let stand_in = match &m {
            Value::Class(c) if c.kind == TypeKind::Type => return Ok(()),
            Value::Class(c) => c.lookup("_gilscope_as_base"),
            _ => None,
        };
        let Some(Value::Class(base)) = stand_in else {
            return Err(Flow::Unsupported(format!(
                "{}: unsupported: metaclasses",
                self.where_now()
            )));
        };
        let derived = bases
            .iter()
            .any(|b| matches!(b, Value::Class(c) if c.is_subclass(&base)));
        if !derived {
            bases.push(Value::Class(base));
        }
        Ok(())
    }

    /// Runs a class body and creates the class.
    pub fn make_class(
        &mut self,
        code: &Arc<Code>,
        globals: &Arc<Module>,
        bases: Vec<Value>,
        closure: Option<Value>,
    ) -> Result<Value, Flow> {
        let mut base_classes = Vec::new();
        for b in bases {
            match b {
                Value::Class(c) => base_classes.push(c),
                other => {
                    let msg = format!("bases must be types, not '{}'", self.type_name(&other));
                    return Err(self.exc("TypeError", &msg));
                }
            }
        }
        substitute_builtin_mixins(&mut base_classes);
        for b in &base_classes {
            if !matches!(
                b.kind,
                TypeKind::User | TypeKind::Object | TypeKind::Exception | TypeKind::Thread
            ) && !Self::extends_builtin(b)
            {
                return Err(Flow::Unsupported(format!(
                    "{}: unsupported: subclassing the built-in type '{}'",
                    self.where_now(),
                    b.name
                )));
            }
        }
        if base_classes.is_empty() {
            base_classes.push(self.interp.types.object());
        }
        let ns = Arc::new(Mutex::new(NameMap::default()));
        let mut cells: Vec<Arc<Cell>> = code
            .cellvars
            .iter()
            .map(|_| Arc::new(Mutex::new(None)))
            .collect();
        if let Some(Value::Tuple(t)) = closure {
            for c in t.iter() {
                if let Value::Cell(c) = c {
                    cells.push(Arc::clone(c));
                }
            }
        }
        let mut frame = Frame::new(
            Arc::clone(code),
            Vec::new(),
            cells.clone(),
            Arc::clone(globals),
        );
        frame.ns = Some(Arc::clone(&ns));
        self.enter()?;
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        r?;
        let dict = std::mem::take(&mut *ns.lock());
        let cls = self.new_class(&code.name, base_classes, dict)?;
        if let Some(i) = code.cellvars.iter().position(|c| &**c == "__class__")
            && let Some(cell) = cells.get(i)
        {
            *cell.lock() = Some(Value::Class(Arc::clone(&cls)));
        }
        // The nearest base's `__init_subclass__` (implicitly a class method) sees the new
        // class, as `typing.NamedTuple` needs.
        let hook = cls
            .mro
            .iter()
            .find_map(|c| c.dict.lock().get("__init_subclass__").cloned());
        if let Some(hook) = hook {
            let f = match hook {
                Value::ClassMethod(f) => (*f).clone(),
                other => other,
            };
            self.call(f, Args::new(vec![Value::Class(Arc::clone(&cls))]))?;
        }
        Ok(Value::Class(cls))
    }

    /// Creates a class object with a C3 method resolution order.
    pub fn new_class(
        &mut self,
        name: &str,
        bases: Vec<Arc<Class>>,
        mut dict: NameMap,
    ) -> Result<Arc<Class>, Flow> {
        let mro = match c3(&bases) {
            Some(m) => m,
            None => {
                return Err(self.exc(
                    "TypeError",
                    "Cannot create a consistent method resolution order (MRO)",
                ));
            }
        };
        let kind = mro
            .iter()
            .map(|c| c.kind)
            .find(|k| matches!(k, TypeKind::Exception | TypeKind::Thread))
            .unwrap_or(TypeKind::User);
        let module = match dict.get("__module__") {
            Some(Value::Str(s)) => s.clone(),
            _ => Str::from("__main__"),
        };
        let qualname = match dict.shift_remove("__qualname__") {
            Some(Value::Str(s)) => s,
            _ => Str::from(name),
        };
        Ok(Arc::new(Class {
            name: Str::from(name),
            qualname,
            module,
            bases,
            mro,
            dict: crate::value::VDict::new_class(dict),
            kind,
        }))
    }

    /// Whether `cls` is a built-in type a Python class may extend: one whose namespace
    /// has the `__new__` that makes the value its subclasses' instances keep
    /// (`InstState::base`; modules/subclass.rs).
    pub fn extends_builtin(cls: &Arc<Class>) -> bool {
        !matches!(
            cls.kind,
            TypeKind::User | TypeKind::Object | TypeKind::Exception | TypeKind::Thread
        ) && cls.dict.lock().contains_key("__new__")
    }

    /// The built-in type whose value the instances of `cls` keep, if it extends one.
    pub fn builtin_base(cls: &Arc<Class>) -> Option<Arc<Class>> {
        cls.mro.iter().find(|c| Self::extends_builtin(c)).cloned()
    }

    /// Calls a class: built-in constructors, or a new instance and `__init__`.
    pub fn call_class(&mut self, cls: &Arc<Class>, args: Args) -> Result<Value, Flow> {
        match cls.kind {
            TypeKind::User | TypeKind::Exception | TypeKind::Thread | TypeKind::Object => {}
            _ => return (self.interp.hooks.construct)(self, cls, args),
        }
        if let Some(call) = cls.class_op("__call__") {
            let mut a = args;
            a.pos.insert(0, Value::Class(Arc::clone(cls)));
            return self.call(call, a);
        }
        self.check_not_abstract(cls)?;
        if cls.kind == TypeKind::Object && cls.bases.is_empty() {
            if !args.pos.is_empty() || !args.kw.is_empty() {
                return Err(self.exc("TypeError", "object() takes no arguments"));
            }
            return Ok(Value::Instance(Instance::new(Arc::clone(cls))));
        }
        if let Some(new) = cls.lookup("__new__") {
            // `__new__` makes the object (a singleton's may return an old one, a built-in
            // type's holds a value of it); `__init__` runs only on an instance of `cls`.
            let mut a = Args {
                pos: Vec::with_capacity(args.pos.len() + 1),
                kw: args.kw.clone(),
            };
            a.pos.push(Value::Class(Arc::clone(cls)));
            a.pos.extend(args.pos.iter().cloned());
            let obj = self.call(new, a)?;
            let fresh = matches!(&obj, Value::Instance(i) if i.class.is_subclass(cls));
            if fresh && let Some(init) = cls.lookup("__init__") {
                self.run_init(init, &obj, args)?;
            }
            return Ok(obj);
        }
        let inst = Instance::new(Arc::clone(cls));
        if cls.kind == TypeKind::Exception {
            // `BaseException.__new__` keeps the arguments, whatever `__init__` does.
            inst.set("args", Value::tuple(args.pos.clone()));
        }
        let inst = Value::Instance(inst);
        match cls.lookup("__init__") {
            Some(init) => self.run_init(init, &inst, args)?,
            None => {
                if !args.pos.is_empty() || !args.kw.is_empty() {
                    let msg = format!("{}() takes no arguments", cls.name);
                    return Err(self.exc("TypeError", &msg));
                }
            }
        }
        Ok(inst)
    }

    /// Runs `__init__` on a new object, which must return None.
    fn run_init(&mut self, init: Value, obj: &Value, mut args: Args) -> Result<(), Flow> {
        args.pos.insert(0, obj.clone());
        let r = self.call(init, args)?;
        if !matches!(r, Value::None) {
            let msg = format!(
                "__init__() should return None, not '{}'",
                self.type_name(&r)
            );
            return Err(self.exc("TypeError", &msg));
        }
        Ok(())
    }

    /// CPython's refusal to instantiate a class with abstract methods. The Python-written
    /// `abc` stores `__abstractmethods__` in the namespace of every class deriving from
    /// `ABC`; other classes pay one lookup.
    fn check_not_abstract(&mut self, cls: &Arc<Class>) -> Result<(), Flow> {
        let names = match cls.dict.lock().get("__abstractmethods__") {
            Some(Value::FrozenSet(s)) if !s.is_empty() => s.clone(),
            _ => return Ok(()),
        };
        let mut names: Vec<String> = names
            .iter()
            .map(|k| match &k.0 {
                Value::Str(s) => s.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        names.sort();
        let s = if names.len() == 1 { "" } else { "s" };
        let msg = format!(
            "Can't instantiate abstract class {} with abstract method{s} {}",
            cls.name,
            names.join(", ")
        );
        Err(self.exc("TypeError", &msg))
    }

    /// `FILE:LINE:COL` of the current thread's position, for unsupported-construct errors.
    pub fn where_now(&self) -> String {
        let program = &self.interp.program;
        // In a module of the program's folder, its own path as the user would write it.
        let display = self
            .frames
            .last()
            .and_then(|(code, _)| {
                program
                    .siblings
                    .iter()
                    .find(|(_, m)| m.path == code.file.path)
            })
            .map_or(&program.display, |(_, m)| &m.display);
        format!("{display}:{}:{}", self.loc.line, self.loc.col + 1)
    }

    // ----- iteration -----

    /// `iter(v)`.
    pub fn iter(&mut self, v: &Value) -> Result<Value, Flow> {
        let it = match v {
            Value::List(l) => Iter::List(Arc::clone(l), 0),
            Value::Tuple(t) => Iter::Seq(Arc::clone(t), 0),
            Value::Range(r) => Iter::Range {
                next: r.start,
                stop: r.stop,
                step: r.step,
            },
            Value::Str(s) => Iter::Str(s.clone(), 0),
            Value::Bytes(b) => Iter::Seq(
                Arc::new(b.iter().map(|&x| Value::Int(i64::from(x))).collect()),
                0,
            ),
            Value::Dict(d) => {
                let n = d.lock().len();
                Iter::DictKeys(Arc::clone(d), 0, n)
            }
            Value::Set(s) => {
                let items: Vec<Value> = s.lock().iter().map(|k| k.0.clone()).collect();
                Iter::Seq(Arc::new(crate::format::set_order(items)), 0)
            }
            Value::FrozenSet(s) => {
                let items: Vec<Value> = s.iter().map(|k| k.0.clone()).collect();
                Iter::Seq(Arc::new(crate::format::set_order(items)), 0)
            }
            Value::Generator(g) if super::coro::is_coroutine(g) || super::coro::is_async_gen(g) => {
                let msg = format!("'{}' object is not iterable", self.type_name(v));
                return Err(self.exc("TypeError", &msg));
            }
            Value::Iter(_) | Value::Generator(_) => return Ok(v.clone()),
            Value::Class(c) => {
                let Some(f) = c.class_op("__iter__") else {
                    return Err(self.exc("TypeError", "'type' object is not iterable"));
                };
                return self.call(f, Args::new(vec![v.clone()]));
            }
            Value::Instance(i) => {
                if i.class.lookup("__iter__").is_some() {
                    return self.call_method(v.clone(), "__iter__", Args::default());
                }
                if i.class.lookup("__getitem__").is_some() {
                    Iter::GetItem(v.clone(), 0)
                } else {
                    let msg = format!("'{}' object is not iterable", i.class.name);
                    return Err(self.exc("TypeError", &msg));
                }
            }
            Value::Native(n) => {
                if let crate::value::Native::DictView(k, d) = &**n {
                    let items = k.items(&d.lock());
                    let it = Iter::Seq(Arc::new(items), 0);
                    return Ok(Value::Iter(Arc::new(Mutex::new(it))));
                }
                if let Some(o) = n.object()
                    && let Some(it) = o.iter(self, v)?
                {
                    return Ok(it);
                }
                let msg = format!("'{}' object is not iterable", self.type_name(v));
                return Err(self.exc("TypeError", &msg));
            }
            other => {
                let msg = format!("'{}' object is not iterable", self.type_name(other));
                return Err(self.exc("TypeError", &msg));
            }
        };
        Ok(Value::Iter(Arc::new(Mutex::new(it))))
    }

    /// `next(it)`: `None` when exhausted.
    pub fn next(&mut self, it: &Value) -> Result<Option<Value>, Flow> {
        match it {
            Value::Iter(i) => self.next_builtin(i),
            Value::Generator(g) => self.resume(g, Value::None),
            Value::Instance(_) => match self.call_method(it.clone(), "__next__", Args::default()) {
                Ok(v) => Ok(Some(v)),
                Err(Flow::Exc(e)) if self.is_exc(&e, "StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
            other => {
                let msg = format!("'{}' object is not an iterator", self.type_name(other));
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    fn next_builtin(&mut self, i: &Arc<Mutex<Iter>>) -> Result<Option<Value>, Flow> {
        // Cases that call back into Python take the state out first.
        let mut st = i.lock();
        match &mut *st {
            Iter::List(l, pos) => {
                let v = l.lock().get(*pos).cloned();
                if v.is_some() {
                    *pos += 1;
                } else {
                    *st = Iter::Done;
                }
                Ok(v)
            }
            Iter::Seq(t, pos) | Iter::Reversed(t, pos) => {
                let v = t.get(*pos).cloned();
                *pos += 1;
                Ok(v)
            }
            Iter::Range { next, stop, step } => {
                let cur = *next;
                if (*step > 0 && cur < *stop) || (*step < 0 && cur > *stop) {
                    *next = cur.saturating_add(*step);
                    Ok(Some(Value::Int(cur)))
                } else {
                    Ok(None)
                }
            }
            Iter::Str(s, pos) => match s.get(*pos..).and_then(|r| r.chars().next()) {
                Some(c) => {
                    *pos += c.len_utf8();
                    Ok(Some(Value::str(c.encode_utf8(&mut [0; 4]))))
                }
                None => Ok(None),
            },
            Iter::DictKeys(d, pos, n) => {
                // `pos` is a slot of the dict's entry array (holes included), as
                // CPython's dict iterator keeps one.
                let guard = d.lock();
                if guard.len() != *n {
                    drop(guard);
                    *pos += 1;
                    drop(st);
                    return Err(
                        self.exc("RuntimeError", "dictionary changed size during iteration")
                    );
                }
                let next = guard.next_at(*pos).map(|(i, k, _)| (i, k.0.clone()));
                drop(guard);
                Ok(next.map(|(i, k)| {
                    *pos = i + 1;
                    k
                }))
            }
            Iter::Done => Ok(None),
            Iter::GetItem(obj, k) => {
                let (obj, idx) = (obj.clone(), *k);
                *k += 1;
                drop(st);
                match self.getitem(&obj, &Value::Int(idx)) {
                    Ok(v) => Ok(Some(v)),
                    Err(Flow::Exc(e))
                        if self.is_exc(&e, "IndexError") || self.is_exc(&e, "StopIteration") =>
                    {
                        *i.lock() = Iter::Done;
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            Iter::Enumerate(inner, n) => {
                let inner = inner.clone();
                let k = *n;
                *n += 1;
                drop(st);
                Ok(self
                    .next(&inner)?
                    .map(|v| Value::tuple(vec![Value::Int(k), v])))
            }
            Iter::Zip(its) => {
                let its = its.clone();
                drop(st);
                let mut out = Vec::with_capacity(its.len());
                for it in &its {
                    match self.next(it)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                if out.is_empty() {
                    return Ok(None);
                }
                Ok(Some(Value::tuple(out)))
            }
            Iter::Map(f, its) => {
                let (f, its) = (f.clone(), its.clone());
                drop(st);
                let mut args = Vec::with_capacity(its.len());
                for it in &its {
                    match self.next(it)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                self.call(f, Args::new(args)).map(Some)
            }
            Iter::Filter(f, inner) => {
                let (f, inner) = (f.clone(), inner.clone());
                drop(st);
                loop {
                    let Some(v) = self.next(&inner)? else {
                        return Ok(None);
                    };
                    let keep = match &f {
                        Value::None => self.truthy(&v)?,
                        f => {
                            let r = self.call(f.clone(), Args::new(vec![v.clone()]))?;
                            self.truthy(&r)?
                        }
                    };
                    if keep {
                        return Ok(Some(v));
                    }
                }
            }
        }
    }

    /// Resumes a generator with a sent value; `None` when it finished.
    pub fn resume(&mut self, g: &Arc<Generator>, sent: Value) -> Result<Option<Value>, Flow> {
        let taken = g.frame.lock().take();
        let Some(mut frame) = taken else {
            if g.done.load(Ordering::Relaxed) {
                return Ok(None);
            }
            return Err(self.exc("ValueError", "generator already executing"));
        };
        if frame.pc > 0 {
            frame.stack.push(sent);
        }
        self.run_generator(g, frame)
    }

    /// Runs a generator's frame to its next yield (kept for the next resume) or its end.
    fn run_generator(
        &mut self,
        g: &Arc<Generator>,
        mut frame: Box<Frame>,
    ) -> Result<Option<Value>, Flow> {
        self.enter()?;
        g.running_depth.store(self.depth, Ordering::Relaxed);
        let r = self.run_frame(&mut frame);
        self.depth -= 1;
        match r {
            Ok(Exit::Yield(v)) => {
                *g.frame.lock() = Some(frame);
                Ok(Some(v))
            }
            Ok(Exit::Return(v)) => {
                g.done.store(true, Ordering::Relaxed);
                if !matches!(v, Value::None) {
                    *g.ret.lock() = Some(v);
                }
                Ok(None)
            }
            Err(e) => {
                g.done.store(true, Ordering::Relaxed);
                Err(e)
            }
        }
    }

    /// `gen.throw(exc)`: raises `exc` where the generator is suspended; `None` if it
    /// then finished.
    pub fn throw_into(&mut self, g: &Arc<Generator>, exc: Value) -> Result<Option<Value>, Flow> {
        let suspended = g.frame.lock().take();
        let Some(mut frame) = suspended else {
            return Err(Flow::Exc(exc));
        };
        if frame.pc == 0 {
            g.done.store(true, Ordering::Relaxed);
            return Err(Flow::Exc(exc));
        }
        frame.throw = Some(exc);
        self.run_generator(g, frame)
    }

    /// `gen.close()`: `GeneratorExit` at the suspension point, so `finally` blocks run.
    pub fn close_generator(&mut self, g: &Arc<Generator>) -> Result<(), Flow> {
        if g.done.load(Ordering::Relaxed) || g.frame.lock().as_ref().is_none_or(|f| f.pc == 0) {
            g.frame.lock().take();
            g.done.store(true, Ordering::Relaxed);
            return Ok(());
        }
        let cls = self.interp.types.get("GeneratorExit");
        let exc = self.new_exception(cls, Vec::new());
        match self.throw_into(g, exc) {
            Ok(Some(_)) => Err(self.exc("RuntimeError", "generator ignored GeneratorExit")),
            Ok(None) => Ok(()),
            Err(Flow::Exc(e)) if self.is_exc(&e, "GeneratorExit") => Ok(()),
            Err(Flow::Exc(e)) if self.is_exc(&e, "StopIteration") => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// All items of an iterable (C code walking it: simulated time per item).
    pub fn to_vec(&mut self, v: &Value) -> Result<Vec<Value>, Flow> {
        let out = match v {
            Value::List(l) => l.lock().clone(),
            Value::Tuple(t) => t.as_ref().clone(),
            _ => {
                let it = self.iter(v)?;
                let mut out = Vec::new();
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                    // An endless iterator (itertools.count()) ends in MemoryError, as in
                    // CPython, instead of exhausting the machine.
                    self.reserve(0)?;
                }
                out
            }
        };
        self.ctx.elapse(out.len() as u64 * C_ITEM);
        Ok(out)
    }

    /// A new bound method value.
    pub fn bind_method(this: Value, func: Value) -> Value {
        Value::Method(Arc::new(Method {
            this,
            func: MethodFunc::Callable(func),
        }))
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        _ => {
            let (last, rest) = names.split_last().map_or((&names[0], &names[..0]), |x| x);
            format!("{}, and {last}", rest.join(", "))
        }
    }
}

/// C3 linearisation of the bases (the class itself excluded).
fn c3(bases: &[Arc<Class>]) -> Option<Vec<Arc<Class>>> {
    let mut seqs: Vec<Vec<Arc<Class>>> = bases
        .iter()
        .map(|b| {
            let mut v = vec![Arc::clone(b)];
            v.extend(b.mro.iter().cloned());
            v
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Arc<Class>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let cand = seqs.iter().find_map(|s| {
            let head = &s[0];
            let in_tail = seqs
                .iter()
                .any(|t| t[1..].iter().any(|c| Arc::ptr_eq(c, head)));
            (!in_tail).then(|| Arc::clone(head))
        })?;
        for s in &mut seqs {
            if Arc::ptr_eq(&s[0], &cand) {
                s.remove(0);
            }
        }
        out.push(cand);
    }
}

/// `class Color(str, Enum)`: gilscope cannot derive from `str`, so a built-in base is
/// replaced by the stand-in another base names for it in its dict
/// `_gilscope_builtin_mixins` (type name to class: enum's value-forwarding mixins).
fn substitute_builtin_mixins(bases: &mut [Arc<Class>]) {
    let Some(Value::Dict(stand_ins)) = bases
        .iter()
        .find_map(|c| c.lookup("_gilscope_builtin_mixins"))
    else {
        return;
    };
    let stand_ins = stand_ins.lock();
    for b in bases.iter_mut() {
        if matches!(b.kind, TypeKind::User | TypeKind::Object) {
            continue;
        }
        if let Some(Value::Class(s)) = stand_ins.get(&Key(Value::Str(b.name.clone()))) {
            *b = Arc::clone(s);
        }
    }
}
