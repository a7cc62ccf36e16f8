//! Pickling between processes: what crosses a `multiprocessing` queue, a pool or a process
//! pool executor is a copy, as `pickle` makes it.
//!
//! A [`Pickled`] value is plain data that belongs to no interpreter: containers and
//! instances with their contents (shared or cyclic ones once, by memo), and classes and
//! functions *by name* (module and qualified name), found again in the receiver's memory
//! as `pickle` does. So a function defined after the pool's workers were forked is missing
//! there, a lambda or a nested function cannot be sent at all, and an instance arrives as
//! an instance of the receiver's class of the same name. Objects that only make sense in
//! one process (locks, generators, modules) cannot be pickled; `multiprocessing`'s shared
//! objects can only be inherited.

use std::sync::Arc;

use indexmap::IndexMap;
use num_bigint::BigInt;
use parking_lot::Mutex;

use crate::value::{
    Dict, Flow, Fx, Instance, Key, MethodFunc, NativeObject, RangeObj, Set, Str, TypeKind, Value,
};
use crate::vm::Vm;
use gilscope_trace::Nanos;

/// Simulated CPU time of a `pickle.dumps` or `loads` call (C code), and of each object in it.
const CALL: Nanos = 1_000;
const PER_OBJECT: Nanos = 60;

/// A pickled object, independent of any interpreter.
#[derive(Clone, Debug)]
pub enum Pickled {
    /// `None`.
    None,
    /// `...`.
    Ellipsis,
    /// `NotImplemented`.
    NotImplemented,
    /// A bool.
    Bool(bool),
    /// A small int.
    Int(i64),
    /// A big int.
    BigInt(Arc<BigInt>),
    /// A float.
    Float(f64),
    /// A str.
    Str(Str),
    /// A bytes object.
    Bytes(Arc<Vec<u8>>),
    /// A tuple.
    Tuple(Vec<Pickled>),
    /// A list (memo id, items).
    List(u32, Vec<Pickled>),
    /// A dict (memo id, items).
    Dict(u32, Vec<(Pickled, Pickled)>),
    /// A set (memo id, items).
    Set(u32, Vec<Pickled>),
    /// A frozenset.
    FrozenSet(Vec<Pickled>),
    /// A range.
    Range(RangeObj),
    /// A slice.
    Slice(Box<[Pickled; 3]>),
    /// An object pickled earlier in the same message.
    Memo(u32),
    /// A class, function or built-in, by module and qualified name.
    Global(Str, Str),
    /// An instance: memo id, its class (a `Global`), its attributes.
    Instance(u32, Box<Pickled>, Vec<(Str, Pickled)>),
    /// A bound method: `getattr(obj, name)`.
    Method(Box<Pickled>, Str),
}

/// On its way between processes, a pickled object is a native object of its own.
impl NativeObject for Pickled {
    fn type_name(&self) -> &'static str {
        "pickled"
    }
}

/// Pickles `v` (in the sender), as `pickle.dumps` would, charging its CPU time.
pub fn dumps(vm: &mut Vm<'_>, v: &Value) -> Result<Pickled, Flow> {
    let mut p = Pickler {
        memo: IndexMap::default(),
        count: 0,
    };
    let r = p.dump(vm, v);
    vm.ctx.elapse(CALL + p.count * PER_OBJECT);
    r
}

/// Rebuilds a pickled object in the receiver's memory, as `pickle.loads` would.
pub fn loads(vm: &mut Vm<'_>, p: &Pickled) -> Result<Value, Flow> {
    let mut u = Unpickler {
        memo: IndexMap::default(),
        count: 0,
    };
    let r = u.load(vm, p);
    vm.ctx.elapse(CALL + u.count * PER_OBJECT);
    r
}

struct Pickler {
    /// Memo ids by the address of the object.
    memo: IndexMap<usize, u32, Fx>,
    count: u64,
}

impl Pickler {
    fn memo(&mut self, v: &Value) -> Result<u32, u32> {
        let key = v.address();
        if let Some(&id) = self.memo.get(&key) {
            return Err(id);
        }
        let id = self.memo.len() as u32;
        self.memo.insert(key, id);
        Ok(id)
    }

    fn dump(&mut self, vm: &mut Vm<'_>, v: &Value) -> Result<Pickled, Flow> {
        use Value as V;
        self.count += 1;
        Ok(match v {
            V::None => Pickled::None,
            V::Ellipsis => Pickled::Ellipsis,
            V::NotImplemented => Pickled::NotImplemented,
            V::Bool(b) => Pickled::Bool(*b),
            V::Int(i) => Pickled::Int(*i),
            V::BigInt(b) => Pickled::BigInt(Arc::clone(b)),
            V::Float(f) => Pickled::Float(*f),
            V::Str(s) => Pickled::Str(s.clone()),
            V::Bytes(b) => Pickled::Bytes(Arc::clone(b)),
            V::Tuple(t) => Pickled::Tuple(self.all(vm, t)?),
            V::List(l) => match self.memo(v) {
                Err(id) => Pickled::Memo(id),
                Ok(id) => {
                    let items = l.lock().clone();
                    Pickled::List(id, self.all(vm, &items)?)
                }
            },
            V::Dict(d) => match self.memo(v) {
                Err(id) => Pickled::Memo(id),
                Ok(id) => {
                    let items: Vec<(Value, Value)> = d
                        .lock()
                        .iter()
                        .map(|(k, x)| (k.0.clone(), x.clone()))
                        .collect();
                    let mut out = Vec::with_capacity(items.len());
                    for (k, x) in items {
                        out.push((self.dump(vm, &k)?, self.dump(vm, &x)?));
                    }
                    Pickled::Dict(id, out)
                }
            },
            V::Set(s) => match self.memo(v) {
                Err(id) => Pickled::Memo(id),
                Ok(id) => {
                    let items: Vec<Value> = s.lock().iter().map(|k| k.0.clone()).collect();
                    Pickled::Set(id, self.all(vm, &items)?)
                }
            },
            V::FrozenSet(s) => {
                let items: Vec<Value> = s.iter().map(|k| k.0.clone()).collect();
                Pickled::FrozenSet(self.all(vm, &items)?)
            }
            V::Range(r) => Pickled::Range(**r),
            V::Slice(s) => {
                let [a, b, c] = &**s;
                Pickled::Slice(Box::new([
                    self.dump(vm, a)?,
                    self.dump(vm, b)?,
                    self.dump(vm, c)?,
                ]))
            }
            V::Function(f) => {
                let module = f.globals.name.clone();
                global(vm, v, &module, &f.qualname)?
            }
            V::Class(c) => {
                let module = if c.kind == TypeKind::User {
                    c.module.clone()
                } else {
                    Str::from("builtins")
                };
                if c.kind == TypeKind::User {
                    global(vm, v, &module, &c.qualname)?
                } else {
                    Pickled::Global(module, c.name.clone())
                }
            }
            V::Builtin(b) if b.bound.is_none() => builtin_global(vm, v, b.name)?,
            V::Builtin(b) => {
                let this = b.bound.clone().unwrap_or(Value::None);
                Pickled::Method(Box::new(self.dump(vm, &this)?), Str::from(b.name))
            }
            V::Method(m) => {
                let name = match &m.func {
                    MethodFunc::Callable(Value::Function(f)) => f.name.clone(),
                    MethodFunc::Callable(Value::Builtin(b)) => Str::from(b.name),
                    MethodFunc::Native(n) => n.clone(),
                    MethodFunc::Callable(_) => return Err(cannot(vm, v)),
                };
                Pickled::Method(Box::new(self.dump(vm, &m.this)?), name)
            }
            V::Instance(i) => match self.memo(v) {
                Err(id) => Pickled::Memo(id),
                Ok(id) => {
                    if i.class.kind == TypeKind::Thread {
                        return Err(vm.exc("TypeError", "cannot pickle '_thread.lock' object"));
                    }
                    let class = self.dump(vm, &Value::Class(Arc::clone(&i.class)))?;
                    let dict: Vec<(Str, Value)> = i
                        .state
                        .lock()
                        .dict
                        .iter()
                        .map(|(k, x)| (k.clone(), x.clone()))
                        .collect();
                    let mut attrs = Vec::with_capacity(dict.len());
                    for (k, x) in dict {
                        attrs.push((k, self.dump(vm, &x)?));
                    }
                    Pickled::Instance(id, Box::new(class), attrs)
                }
            },
            V::Native(n) => match n.object().and_then(|o| o.inherited_only()) {
                Some(name) => {
                    let msg = format!(
                        "{name} objects should only be shared between processes through inheritance"
                    );
                    return Err(vm.exc("RuntimeError", &msg));
                }
                None => return Err(cannot(vm, v)),
            },
            _ => return Err(cannot(vm, v)),
        })
    }

    fn all(&mut self, vm: &mut Vm<'_>, items: &[Value]) -> Result<Vec<Pickled>, Flow> {
        items.iter().map(|x| self.dump(vm, x)).collect()
    }
}

/// `TypeError: cannot pickle 'generator' object`.
fn cannot(vm: &mut Vm<'_>, v: &Value) -> Flow {
    let t = vm.type_name(v);
    let t = match &*t {
        "lock" => "_thread.lock".to_owned(),
        "RLock" => "_thread.RLock".to_owned(),
        other => other.to_owned(),
    };
    let msg = format!("cannot pickle '{t}' object");
    vm.exc("TypeError", &msg)
}

/// A class or function by name; pickle checks the name leads back to the same object.
fn global(vm: &mut Vm<'_>, v: &Value, module: &Str, qualname: &Str) -> Result<Pickled, Flow> {
    if qualname.contains("<locals>") {
        let msg = format!("Can't pickle local object '{qualname}'");
        return Err(vm.exc("AttributeError", &msg));
    }
    let found = lookup(vm, module, qualname)?;
    if !found.as_ref().is_some_and(|f| f.is(v)) {
        let r = vm.repr(v)?;
        let last = qualname.rsplit('.').next().unwrap_or(qualname);
        let msg = match found {
            None => format!("Can't pickle {r}: attribute lookup {last} on {module} failed"),
            Some(_) => format!("Can't pickle {r}: it's not the same object as {module}.{qualname}"),
        };
        let cls = vm.interp.types.get("PicklingError");
        return Err(Flow::Exc(vm.new_exception(cls, vec![Value::str(&msg)])));
    }
    Ok(Pickled::Global(module.clone(), qualname.clone()))
}

/// A built-in function, by the module that holds it.
fn builtin_global(vm: &mut Vm<'_>, v: &Value, name: &str) -> Result<Pickled, Flow> {
    if vm.interp.builtins.get(name).is_some_and(|b| b.is(v)) {
        return Ok(Pickled::Global(Str::from("builtins"), Str::from(name)));
    }
    let modules: Vec<(Str, Value)> = vm
        .interp
        .modules
        .lock()
        .iter()
        .map(|(k, m)| (k.clone(), m.clone()))
        .collect();
    for (mname, m) in modules {
        if let Value::Module(m) = m
            && m.get(name).is_some_and(|b| b.is(v))
        {
            return Ok(Pickled::Global(mname, Str::from(name)));
        }
    }
    Err(cannot(vm, v))
}

/// The module gilscope implements `module` in: its Python-written modules are single
/// modules, while CPython's classes name submodules (`concurrent.futures._base`).
fn home(module: &str) -> &str {
    ["concurrent.futures", "multiprocessing"]
        .into_iter()
        .find(|m| {
            module
                .strip_prefix(m)
                .is_some_and(|rest| rest.starts_with('.'))
        })
        .unwrap_or(module)
}

/// `module.qualname` in this interpreter (importing the module as pickle does).
fn lookup(vm: &mut Vm<'_>, module: &str, qualname: &str) -> Result<Option<Value>, Flow> {
    let module = home(module);
    let m = if module == "__main__" {
        Value::Module(Arc::clone(&vm.interp.main))
    } else if module == "builtins" {
        return Ok(vm.interp.builtins.get(qualname).cloned());
    } else {
        vm.import(module)?
    };
    let mut cur = m;
    for part in qualname.split('.') {
        match vm.get_attr(&cur, part) {
            Ok(v) => cur = v,
            Err(Flow::Exc(_)) => return Ok(None),
            Err(other) => return Err(other),
        }
    }
    Ok(Some(cur))
}

struct Unpickler {
    memo: IndexMap<u32, Value, Fx>,
    count: u64,
}

impl Unpickler {
    fn load(&mut self, vm: &mut Vm<'_>, p: &Pickled) -> Result<Value, Flow> {
        self.count += 1;
        Ok(match p {
            Pickled::None => Value::None,
            Pickled::Ellipsis => Value::Ellipsis,
            Pickled::NotImplemented => Value::NotImplemented,
            Pickled::Bool(b) => Value::Bool(*b),
            Pickled::Int(i) => Value::Int(*i),
            Pickled::BigInt(b) => Value::BigInt(Arc::clone(b)),
            Pickled::Float(f) => Value::Float(*f),
            Pickled::Str(s) => Value::Str(s.clone()),
            Pickled::Bytes(b) => Value::Bytes(Arc::clone(b)),
            Pickled::Tuple(items) => Value::tuple(self.all(vm, items)?),
            Pickled::List(id, items) => {
                let l = Arc::new(Mutex::new(Vec::new()));
                self.memo.insert(*id, Value::List(Arc::clone(&l)));
                let items = self.all(vm, items)?;
                *l.lock() = items;
                Value::List(l)
            }
            Pickled::Dict(id, items) => {
                let d = Arc::new(Mutex::new(Dict::default()));
                self.memo.insert(*id, Value::Dict(Arc::clone(&d)));
                for (k, x) in items {
                    let k = self.load(vm, k)?;
                    let k = vm.key(k)?;
                    let x = self.load(vm, x)?;
                    d.lock().insert(k, x);
                }
                Value::Dict(d)
            }
            Pickled::Set(id, items) => {
                let s = Arc::new(Mutex::new(Set::default()));
                self.memo.insert(*id, Value::Set(Arc::clone(&s)));
                for k in items {
                    let k = self.load(vm, k)?;
                    let k = vm.key(k)?;
                    s.lock().insert(k);
                }
                Value::Set(s)
            }
            Pickled::FrozenSet(items) => {
                let mut s = Set::default();
                for k in items {
                    let k = self.load(vm, k)?;
                    s.insert(Key(k));
                }
                Value::FrozenSet(Arc::new(s))
            }
            Pickled::Range(r) => Value::Range(Arc::new(*r)),
            Pickled::Slice(s) => {
                let [a, b, c] = &**s;
                Value::Slice(Arc::new([
                    self.load(vm, a)?,
                    self.load(vm, b)?,
                    self.load(vm, c)?,
                ]))
            }
            Pickled::Memo(id) => self.memo.get(id).cloned().unwrap_or(Value::None),
            Pickled::Global(module, qualname) => match lookup(vm, module, qualname)? {
                Some(v) => v,
                None => {
                    let last = qualname.rsplit('.').next().unwrap_or(qualname);
                    let m = vm.import(home(module))?;
                    let r = vm.repr(&m)?;
                    let msg = format!("Can't get attribute '{last}' on {r}");
                    return Err(vm.exc("AttributeError", &msg));
                }
            },
            Pickled::Instance(id, class, attrs) => {
                let Value::Class(cls) = self.load(vm, class)? else {
                    return Err(vm.exc("TypeError", "pickled instance of a non-class"));
                };
                let inst = Instance::new(cls);
                self.memo.insert(*id, Value::Instance(Arc::clone(&inst)));
                for (k, x) in attrs {
                    let x = self.load(vm, x)?;
                    inst.set(k, x);
                }
                Value::Instance(inst)
            }
            Pickled::Method(obj, name) => {
                let obj = self.load(vm, obj)?;
                vm.get_attr(&obj, name)?
            }
        })
    }

    fn all(&mut self, vm: &mut Vm<'_>, items: &[Pickled]) -> Result<Vec<Value>, Flow> {
        items.iter().map(|x| self.load(vm, x)).collect()
    }
}
