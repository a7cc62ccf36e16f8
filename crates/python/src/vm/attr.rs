//! Attribute access (with properties, bound methods, class and static methods, `super`)
//! and imports.

use std::sync::Arc;

use parking_lot::Mutex;

use super::Vm;
use crate::value::{
    Args, Dict, Flow, Instance, Key, Method, MethodFunc, Module, NameMap, Str, Value,
};

/// The hidden method of a `threading.local` native that gives the current thread's
/// namespace and, the first time, the arguments to run `__init__` with (the same name in
/// modules/threading.rs).
const LOCAL_NAMESPACE: &str = "_gilscope_namespace";

/// Whether `f` is `object.__setattr__`, which writes the instance dict (a class that
/// inherits it stores attributes plainly).
pub(super) fn is_object_setattr(f: &Value) -> bool {
    matches!(f, Value::Builtin(b) if b.owner == "object")
}

/// Whether `v` is the `threading.local` native a subclass instance extends.
fn is_local(v: &Value) -> bool {
    matches!(v, Value::Native(n) if n.type_name() == "local")
}

/// Where CPython 3.11's module `name` lives (as the lecture machine's layout prints it
/// in an ImportError), or None for the modules built into the interpreter.
fn stdlib_file(name: &str) -> Option<String> {
    const BUILT_IN: &[&str] = &[
        "_abc",
        "_codecs",
        "_collections",
        "_functools",
        "_io",
        "_operator",
        "_signal",
        "_sre",
        "_string",
        "_thread",
        "_tracemalloc",
        "_warnings",
        "_weakref",
        "atexit",
        "builtins",
        "errno",
        "faulthandler",
        "gc",
        "itertools",
        "marshal",
        "posix",
        "sys",
        "time",
    ];
    const EXTENSIONS: &[&str] = &[
        "math",
        "cmath",
        "array",
        "select",
        "binascii",
        "zlib",
        "mmap",
        "_struct",
        "_json",
        "_random",
        "_datetime",
        "_heapq",
        "_bisect",
        "_queue",
        "_pickle",
        "_contextvars",
        "_asyncio",
        "_posixsubprocess",
        "_multiprocessing",
        "unicodedata",
    ];
    const PACKAGES: &[&str] = &[
        "asyncio",
        "collections",
        "concurrent",
        "concurrent.futures",
        "email",
        "html",
        "http",
        "importlib",
        "json",
        "logging",
        "multiprocessing",
        "re",
        "unittest",
        "urllib",
        "xml",
    ];
    if BUILT_IN.contains(&name) {
        return None;
    }
    let lib = "/usr/lib/python3.11";
    let path = name.replace('.', "/");
    Some(if EXTENSIONS.contains(&name) {
        format!("{lib}/lib-dynload/{name}.cpython-311-x86_64-linux-gnu.so")
    } else if PACKAGES.contains(&name) {
        format!("{lib}/{path}/__init__.py")
    } else {
        format!("{lib}/{path}.py")
    })
}

impl Vm<'_> {
    /// `obj.name`.
    pub fn get_attr(&mut self, obj: &Value, name: &str) -> Result<Value, Flow> {
        match obj {
            Value::Instance(i) => {
                let class_attr = i.class.lookup(name);
                if let Some(Value::Property(p)) = &class_attr {
                    return self.call(p[0].clone(), Args::new(vec![obj.clone()]));
                }
                let base = i.state.lock().base.clone();
                if let Some(local) = base.as_ref().filter(|b| is_local(b)) {
                    // A `threading.local` subclass: the instance's attributes are the
                    // current thread's.
                    let ns = self.local_namespace(obj, i, local)?;
                    let found = ns.lock().get(&Key(Value::str(name))).cloned();
                    if let Some(v) = found {
                        return Ok(v);
                    }
                } else if let Some(v) = i.get(name) {
                    return Ok(v);
                }
                if let Some(v) = class_attr {
                    // A descriptor object defined in Python (`functools.cached_property`).
                    if let Value::Instance(d) = &v
                        && let Some(get) = d.class.lookup("__get__")
                    {
                        let args = vec![v.clone(), obj.clone(), Value::Class(Arc::clone(&i.class))];
                        return self.call(get, Args::new(args));
                    }
                    return Ok(self.bind_attr(obj, v));
                }
                // A method of the built-in value a subclass of a built-in type extends.
                if let Some(b) = base.filter(|b| !is_local(b))
                    && let Some(v) = self.base_attr(&b, name)?
                {
                    return Ok(v);
                }
                if let Some(v) = self.special_instance_attr(obj, name) {
                    return Ok(v);
                }
                if let Some(ga) = i.class.lookup("__getattr__") {
                    return self.call(ga, Args::new(vec![obj.clone(), Value::str(name)]));
                }
                Err(self.no_attribute(obj, name))
            }
            Value::Class(c) => {
                match name {
                    "__name__" => return Ok(Value::Str(c.name.clone())),
                    "__class__" => return Ok(Value::Class(self.type_of(obj))),
                    "__qualname__" => return Ok(Value::Str(c.qualname.clone())),
                    "__module__" => return Ok(Value::Str(c.module.clone())),
                    "__bases__" => {
                        return Ok(Value::tuple(
                            c.bases
                                .iter()
                                .map(|b| Value::Class(Arc::clone(b)))
                                .collect(),
                        ));
                    }
                    "__mro__" => {
                        let mut v = vec![Value::Class(Arc::clone(c))];
                        v.extend(c.mro.iter().map(|b| Value::Class(Arc::clone(b))));
                        return Ok(Value::tuple(v));
                    }
                    "__doc__" if c.lookup("__doc__").is_none() => return Ok(Value::None),
                    "__dict__" => {
                        let d: crate::value::Dict = c
                            .dict
                            .lock()
                            .iter()
                            .map(|(k, v)| (crate::value::Key(Value::Str(k.clone())), v.clone()))
                            .collect();
                        return Ok(Value::dict(d));
                    }
                    _ => {}
                }
                match c.lookup(name) {
                    Some(Value::ClassMethod(f)) => Ok(Self::bind_method(obj.clone(), (*f).clone())),
                    Some(Value::StaticMethod(f)) => Ok((*f).clone()),
                    Some(v) => Ok(v),
                    None => match (self.interp.hooks.class_attr)(c, name) {
                        Some(v) => Ok(v),
                        None => Err(self.no_attribute(obj, name)),
                    },
                }
            }
            Value::Module(m) => match m.get(name) {
                Some(v) => Ok(v),
                None => {
                    if let Some(v) = (self.interp.hooks.lazy_attr)(self, m, name)? {
                        return Ok(v);
                    }
                    if self.is_unsupported_attr(&m.name, name) {
                        return Err(Flow::Unsupported(format!(
                            "{}: unsupported: {}.{name}",
                            self.where_now(),
                            m.name
                        )));
                    }
                    Err(self.no_attribute(obj, name))
                }
            },
            Value::Super(s) => {
                let (cls, this) = (&s.0, &s.1);
                let start_type = match this {
                    Value::Class(c) => Arc::clone(c),
                    other => self.type_of(other),
                };
                let mut chain = vec![Arc::clone(&start_type)];
                chain.extend(start_type.mro.iter().cloned());
                let pos = chain.iter().position(|c| Arc::ptr_eq(c, cls));
                let after = pos.map_or(&chain[..0], |p| &chain[p + 1..]);
                for c in after {
                    let found = c.dict.lock().get(name).cloned();
                    // `super().append(x)` in a list subclass: the method of the value.
                    if found.is_none()
                        && Self::extends_builtin(c)
                        && let Value::Instance(i) = this
                    {
                        let base = i.state.lock().base.clone();
                        if let Some(b) = base
                            && let Some(v) = self.base_attr(&b, name)?
                        {
                            return Ok(v);
                        }
                    }
                    if let Some(v) = found {
                        return Ok(match v {
                            Value::Function(_) | Value::Builtin(_) => {
                                if matches!(this, Value::Class(_)) {
                                    v
                                } else {
                                    Self::bind_method(this.clone(), v)
                                }
                            }
                            Value::ClassMethod(f) => {
                                let target = match this {
                                    Value::Class(_) => this.clone(),
                                    other => Value::Class(self.type_of(other)),
                                };
                                Self::bind_method(target, (*f).clone())
                            }
                            Value::StaticMethod(f) => (*f).clone(),
                            Value::Property(p) => {
                                return self.call(p[0].clone(), Args::new(vec![this.clone()]));
                            }
                            other => other,
                        });
                    }
                }
                if name == "__new__"
                    && let Some(new) =
                        (self.interp.hooks.class_attr)(&self.interp.types.object(), name)
                {
                    return Ok(new);
                }
                if name == "__init__" {
                    // object.__init__
                    return Ok(Value::Builtin(Arc::new(crate::value::Builtin {
                        name: "__init__",
                        owner: "object",
                        f: |_, _| Ok(Value::None),
                        bound: None,
                    })));
                }
                let msg = format!("'super' object has no attribute '{name}'");
                Err(self.exc("AttributeError", &msg))
            }
            Value::Function(f) => match name {
                _ if f.dict.lock().contains_key(name) => {
                    Ok(f.dict.lock().get(name).cloned().unwrap_or(Value::None))
                }
                "__name__" => Ok(Value::Str(f.name.clone())),
                "__qualname__" => Ok(Value::Str(f.qualname.clone())),
                "__module__" => Ok(Value::Str(f.globals.name.clone())),
                "__doc__" => Ok(f.code.doc.clone().map_or(Value::None, Value::Str)),
                _ => match f.dict.lock().get(name) {
                    Some(v) => Ok(v.clone()),
                    None => Err(self.no_attribute(obj, name)),
                },
            },
            Value::Builtin(b) if name == "__name__" => Ok(Value::str(b.name)),
            Value::Method(m) => match name {
                "__self__" => Ok(m.this.clone()),
                "__func__" => match &m.func {
                    MethodFunc::Callable(f) => Ok(f.clone()),
                    MethodFunc::Native(_) => Err(self.no_attribute(obj, name)),
                },
                // A bound method shows its function's attributes (`__qualname__`,
                // `__module__`, `__doc__`, what a decorator set), as in CPython.
                _ => match &m.func {
                    MethodFunc::Callable(f) => self.get_attr(f, name),
                    MethodFunc::Native(n) if name == "__name__" => Ok(Value::Str(n.clone())),
                    MethodFunc::Native(n) if name == "__qualname__" => {
                        let owner = self.type_name(&m.this);
                        Ok(Value::str(&format!("{owner}.{n}")))
                    }
                    MethodFunc::Native(_) => Err(self.no_attribute(obj, name)),
                },
            },
            _ => {
                if name == "__class__" {
                    return Ok(Value::Class(self.type_of(obj)));
                }
                if let Some(v) = (self.interp.hooks.attribute)(self, obj, name)? {
                    return Ok(v);
                }
                if (self.interp.hooks.has_method)(obj, name) {
                    return Ok(Value::Method(Arc::new(Method {
                        this: obj.clone(),
                        func: MethodFunc::Native(Str::from(name)),
                    })));
                }
                Err(self.no_attribute(obj, name))
            }
        }
    }

    /// Attribute `name` of the built-in value `base` an instance extends, if it has one.
    fn base_attr(&mut self, base: &Value, name: &str) -> Result<Option<Value>, Flow> {
        match self.get_attr(base, name) {
            Ok(v) => Ok(Some(v)),
            Err(Flow::Exc(e)) if self.is_exc(&e, "AttributeError") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The current thread's namespace of an instance of a `threading.local` subclass
    /// (`local` is the native it extends). A thread that meets the instance for the first
    /// time gets an empty one and runs the class's `__init__` with the arguments the
    /// instance was created with, as CPython's `_thread._local` does.
    pub fn local_namespace(
        &mut self,
        obj: &Value,
        i: &Instance,
        local: &Value,
    ) -> Result<Arc<Mutex<Dict>>, Flow> {
        let r = self.call_native_method(local.clone(), LOCAL_NAMESPACE, Args::default())?;
        let Value::Tuple(t) = r else {
            return Err(self.exc("TypeError", "threading.local: no namespace"));
        };
        let (Some(Value::Dict(ns)), Some(init)) = (t.first(), t.get(1)) else {
            return Err(self.exc("TypeError", "threading.local: no namespace"));
        };
        if let Value::Tuple(call) = init
            && let (Some(Value::Tuple(pos)), Some(kw)) = (call.first(), call.get(1))
            && let Some(f) = i.class.lookup("__init__")
            && !matches!(f, Value::Builtin(_))
        {
            let mut pos = pos.as_ref().clone();
            pos.insert(0, obj.clone());
            let args = Args {
                pos,
                kw: crate::value::str_keyed(kw),
            };
            self.call(f, args)?;
        }
        Ok(Arc::clone(ns))
    }

    fn special_instance_attr(&mut self, obj: &Value, name: &str) -> Option<Value> {
        let Value::Instance(i) = obj else { return None };
        match name {
            "__class__" => Some(Value::Class(Arc::clone(&i.class))),
            // `SystemExit.code`: its one argument, None without any, else all of them.
            "code" if i.class.is_subclass(&self.interp.types.get("SystemExit")) => {
                Some(match i.get("args") {
                    Some(Value::Tuple(t)) if t.len() == 1 => t[0].clone(),
                    Some(Value::Tuple(t)) if t.is_empty() => Value::None,
                    Some(args) => args,
                    None => Value::None,
                })
            }
            "__dict__" if i.state.lock().base.as_ref().is_some_and(is_local) => {
                let local = i.state.lock().base.clone()?;
                self.local_namespace(obj, i, &local).ok().map(Value::Dict)
            }
            "__dict__" => {
                let d: crate::value::Dict = i
                    .state
                    .lock()
                    .dict
                    .iter()
                    .map(|(k, v)| (crate::value::Key(Value::Str(k.clone())), v.clone()))
                    .collect();
                Some(Value::dict(d))
            }
            "__traceback__" => Some(Value::None),
            "value" if self.is_exc(obj, "StopIteration") => Some(match i.get("args") {
                Some(Value::Tuple(t)) => t.first().cloned().unwrap_or(Value::None),
                _ => Value::None,
            }),
            "__cause__" => Some(i.state.lock().cause.clone().unwrap_or(Value::None)),
            "__context__" => Some(i.state.lock().context.clone().unwrap_or(Value::None)),
            "__suppress_context__" => Some(Value::Bool(i.state.lock().suppress_context)),
            _ => None,
        }
    }

    /// Binds a class attribute found through an instance.
    fn bind_attr(&self, obj: &Value, v: Value) -> Value {
        match v {
            Value::Function(_) | Value::Builtin(_) => Self::bind_method(obj.clone(), v),
            Value::ClassMethod(f) => {
                let cls = Value::Class(self.type_of(obj));
                Self::bind_method(cls, (*f).clone())
            }
            Value::StaticMethod(f) => (*f).clone(),
            other => other,
        }
    }

    /// `obj.name = v`.
    pub fn set_attr(&mut self, obj: &Value, name: &str, v: Value) -> Result<(), Flow> {
        match obj {
            Value::Instance(i) => {
                if let Some(Value::Property(p)) = i.class.lookup(name) {
                    if matches!(p[1], Value::None) {
                        let msg = format!(
                            "property '{name}' of '{}' object has no setter",
                            i.class.name
                        );
                        return Err(self.exc("AttributeError", &msg));
                    }
                    self.call(p[1].clone(), Args::new(vec![obj.clone(), v]))?;
                    return Ok(());
                }
                if let Some(sa) = i.class.lookup("__setattr__")
                    && !is_object_setattr(&sa)
                {
                    self.call(sa, Args::new(vec![obj.clone(), Value::str(name), v]))?;
                    return Ok(());
                }
                // Properties handle a thread's `name` and `daemon`.
                if i.class.kind == crate::value::TypeKind::Thread {
                    i.set(name, v);
                    return Ok(());
                }
                if matches!(name, "__cause__" | "__context__" | "__suppress_context__")
                    && self.is_exc(obj, "BaseException")
                {
                    return self.set_chaining(i, name, v);
                }
                i.set(name, v);
                Ok(())
            }
            Value::Class(c) => {
                c.dict.lock().insert(Str::from(name), v);
                Ok(())
            }
            Value::Module(m) => {
                m.dict.lock().insert(Str::from(name), v);
                Ok(())
            }
            Value::Function(f) => {
                f.dict.lock().insert(Str::from(name), v);
                Ok(())
            }
            Value::Native(n) => {
                if let Some(o) = n.object()
                    && o.set_attr(self, name, v)?
                {
                    return Ok(());
                }
                let msg = format!("'{}' object has no attribute '{name}'", self.type_name(obj));
                Err(self.exc("AttributeError", &msg))
            }
            other => {
                let t = self.type_name(other);
                let msg = if (self.interp.hooks.has_method)(other, name) {
                    format!("'{t}' object attribute '{name}' is read-only")
                } else {
                    format!("'{t}' object has no attribute '{name}'")
                };
                Err(self.exc("AttributeError", &msg))
            }
        }
    }

    /// `exc.__cause__ = x` and its siblings: the chaining the traceback report follows.
    fn set_chaining(
        &mut self,
        i: &crate::value::Instance,
        name: &str,
        v: Value,
    ) -> Result<(), Flow> {
        if name == "__suppress_context__" {
            let on = self.truthy(&v)?;
            i.state.lock().suppress_context = on;
            return Ok(());
        }
        let link = match v {
            Value::None => None,
            v if self.is_exc(&v, "BaseException") => Some(v),
            _ => {
                let what = if name == "__cause__" {
                    "cause"
                } else {
                    "context"
                };
                let msg = format!("exception {what} must be None or derive from BaseException");
                return Err(self.exc("TypeError", &msg));
            }
        };
        let mut st = i.state.lock();
        if name == "__cause__" {
            // As in CPython, setting a cause hides the context.
            st.cause = link;
            st.suppress_context = true;
        } else {
            st.context = link;
        }
        Ok(())
    }

    /// `del obj.name`.
    pub fn del_attr(&mut self, obj: &Value, name: &str) -> Result<(), Flow> {
        if let Value::Instance(i) = obj {
            let base = i.state.lock().base.clone();
            if let Some(local) = base.filter(is_local) {
                let ns = self.local_namespace(obj, i, &local)?;
                if ns.lock().shift_remove(&Key(Value::str(name))).is_some() {
                    return Ok(());
                }
                return Err(self.no_attribute(obj, name));
            }
        }
        let removed = match obj {
            Value::Instance(i) => i.state.lock().dict.shift_remove(name).is_some(),
            Value::Class(c) => c.dict.lock().shift_remove(name).is_some(),
            Value::Module(m) => m.dict.lock().shift_remove(name).is_some(),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.no_attribute(obj, name))
        }
    }

    /// `import name`, or `None` when there is no module of that name (its parent
    /// package, if any, is imported: that one must exist).
    fn import_known(&mut self, name: &str) -> Result<Option<Value>, Flow> {
        if let Some(m) = self.interp.modules.lock().get(name) {
            return Ok(Some(m.clone()));
        }
        if let Some(m) = self.import_sibling(name)? {
            return Ok(Some(m));
        }
        // `import a.b` imports `a` first and leaves `b` as an attribute of it.
        let here = self.loc;
        let parent = match name.rsplit_once('.') {
            Some((parent, child)) => Some((self.import(parent)?, child)),
            None => None,
        };
        // Running the parent's code moved the position: errors below are about this line.
        self.loc = here;
        let Some(m) = (self.interp.hooks.load_module)(self, name)? else {
            return Ok(None);
        };
        self.interp
            .modules
            .lock()
            .insert(Str::from(name), m.clone());
        if let Some((Value::Module(p), child)) = parent {
            p.dict.lock().insert(Str::from(child), m.clone());
        }
        Ok(Some(m))
    }

    /// `import name`.
    pub fn import(&mut self, name: &str) -> Result<Value, Flow> {
        match self.import_known(name)? {
            Some(m) => Ok(m),
            None => {
                let top = name.split('.').next().unwrap_or(name);
                let hooks = self.interp.hooks;
                if hooks.known_unsupported.contains(&name) || hooks.stdlib_modules.contains(&top) {
                    return Err(Flow::Unsupported(format!(
                        "{}: unsupported: module '{name}'",
                        self.where_now()
                    )));
                }
                if hooks.third_party.contains(&top) {
                    return Err(Flow::Unsupported(format!(
                        "{}: unsupported: third-party package '{top}' (gilscope runs the standard library only)",
                        self.where_now()
                    )));
                }
                let msg = format!("No module named '{name}'");
                let e = self.exc("ModuleNotFoundError", &msg);
                if let Flow::Exc(v) = &e
                    && let Value::Instance(i) = v
                {
                    i.set("name", Value::str(name));
                }
                Err(e)
            }
        }
    }

    /// Runs module `name` from the program's folder, if there is one: registered before
    /// its code runs (as CPython's `sys.modules`), forgotten again if that code raises.
    fn import_sibling(&mut self, name: &str) -> Result<Option<Value>, Flow> {
        let program = Arc::clone(&self.interp.program);
        let Some((_, module)) = program.siblings.iter().find(|(n, _)| n == name) else {
            return Ok(None);
        };
        let mut globals = NameMap::default();
        globals.insert(Str::from("__name__"), Value::str(name));
        globals.insert(Str::from("__file__"), Value::str(&module.path));
        globals.insert(Str::from("__doc__"), Value::None);
        let m = Module::new(name, globals);
        let value = Value::Module(Arc::clone(&m));
        self.interp
            .modules
            .lock()
            .insert(Str::from(name), value.clone());
        self.interp.importing.lock().push(Str::from(name));
        let ran = self.run_module(Arc::clone(&module.code), m);
        self.interp.importing.lock().retain(|n| &**n != name);
        if let Err(e) = ran {
            self.interp.modules.lock().shift_remove(name);
            return Err(e);
        }
        Ok(Some(value))
    }

    /// `from module import name`.
    pub fn import_from(&mut self, m: &Value, name: &str) -> Result<Value, Flow> {
        match m {
            Value::Module(md) => match md.get(name) {
                Some(v) => Ok(v),
                None => {
                    if let Some(v) = (self.interp.hooks.lazy_attr)(self, md, name)? {
                        return Ok(v);
                    }
                    if self.is_unsupported_attr(&md.name, name) {
                        return Err(Flow::Unsupported(format!(
                            "{}: unsupported: {}.{name}",
                            self.where_now(),
                            md.name
                        )));
                    }
                    // `from package import submodule` imports the submodule.
                    let full = format!("{}.{name}", md.name);
                    if let Some(sub) = self.import_known(&full)? {
                        return Ok(sub);
                    }
                    let file = match md.get("__file__") {
                        Some(Value::Str(f)) => f.to_string(),
                        _ => stdlib_file(&md.name).unwrap_or_else(|| "unknown location".into()),
                    };
                    let msg = format!("cannot import name '{name}' from '{}' ({file})", md.name);
                    Err(self.exc("ImportError", &msg))
                }
            },
            other => self.get_attr(other, name),
        }
    }

    /// Whether `module.name` is a part of a supported module that gilscope does not
    /// simulate.
    fn is_unsupported_attr(&self, module: &str, name: &str) -> bool {
        self.interp
            .hooks
            .unsupported_attrs
            .iter()
            .any(|(m, names)| *m == module && names.contains(&name))
    }
}
