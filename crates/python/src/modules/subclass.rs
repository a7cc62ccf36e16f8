//! Python classes that extend a built-in type: `list`, `dict`, `set`, `frozenset`, `str`,
//! `int`, `float`, `tuple`, and the native types a program may subclass (`queue.Queue`,
//! `threading.local`, `threading.Event`, `random.Random`...).
//!
//! An instance of such a class keeps the built-in value it extends (`InstState::base`),
//! made by the built-in class's `__new__` (and filled by its `__init__` for the mutable
//! containers). The built-in class's namespace holds the special methods that reach that
//! value, as CPython's type slots do, so that the VM's usual lookup of `__len__`,
//! `__getitem__` or `__eq__` on the instance's class finds them, and a subclass can
//! override one and call it through `super()`. Ordinary methods (`append`, `keys`,
//! `put`) are found on the value itself when the class does not define them
//! (vm/attr.rs).

use std::sync::Arc;

use parking_lot::Mutex;

use crate::builtins::{func, hash_of, len_of};
use crate::bytecode::{BinOp, CmpOp, UnOp};
use crate::value::{Args, Dict, Flow, Instance, NativeFn, Set, Str, TypeKind, Value, base_value};
use crate::vm::{Types, Vm};

/// Native classes a Python class may extend (CPython's are Python classes, or C types
/// that allow subclassing); the others (`_thread.lock`, views) stay unsupported.
pub const SUBCLASSABLE_NATIVES: &[&str] = &[
    "local",
    "Queue",
    "LifoQueue",
    "PriorityQueue",
    "SimpleQueue",
    "Event",
    "Condition",
    "Semaphore",
    "BoundedSemaphore",
    "Barrier",
    "Random",
];

/// The base value of the first argument of a special method of built-in class `owner`.
fn this_base(vm: &mut Vm<'_>, args: &Args, slot: &str, owner: &str) -> Result<Value, Flow> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    match &this {
        Value::Instance(i) => {
            if let Some(b) = i.state.lock().base.clone() {
                return Ok(b);
            }
        }
        _ => return Ok(this),
    }
    let msg = format!(
        "descriptor '{slot}' requires a '{owner}' object but received a '{}'",
        vm.type_name(&this)
    );
    Err(vm.exc("TypeError", &msg))
}

fn arg(args: &Args, i: usize) -> Value {
    args.pos.get(i).cloned().unwrap_or(Value::None)
}

macro_rules! unary {
    ($name:ident, $slot:literal, |$vm:ident, $b:ident| $body:expr) => {
        fn $name($vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
            let $b = this_base($vm, &args, $slot, "object")?;
            $body
        }
    };
}

macro_rules! binary {
    ($name:ident, $slot:literal, |$vm:ident, $b:ident, $o:ident| $body:expr) => {
        fn $name($vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
            let $b = this_base($vm, &args, $slot, "object")?;
            let $o = base_value(&arg(&args, 1));
            $body
        }
    };
}

unary!(s_len, "__len__", |vm, b| Ok(Value::Int(
    len_of(vm, &b)? as i64
)));
unary!(s_iter, "__iter__", |vm, b| vm.iter(&b));
unary!(s_repr, "__repr__", |vm, b| Ok(Value::str(&vm.repr(&b)?)));
unary!(s_str, "__str__", |vm, b| Ok(Value::str(&vm.to_str(&b)?)));
unary!(s_hash, "__hash__", |vm, b| Ok(Value::Int(hash_of(vm, &b)?)));
unary!(s_bool, "__bool__", |vm, b| Ok(Value::Bool(vm.truthy(&b)?)));
unary!(s_int, "__int__", |vm, b| vm.to_int(&b, None));
unary!(s_float, "__float__", |vm, b| match crate::vm::ops_num(&b) {
    Some(f) => Ok(Value::Float(f)),
    None => Err(vm.exc("TypeError", "must be real number")),
});
unary!(s_neg, "__neg__", |vm, b| vm.unary(UnOp::Neg, b));
unary!(s_pos, "__pos__", |vm, b| vm.unary(UnOp::Pos, b));
unary!(s_invert, "__invert__", |vm, b| vm.unary(UnOp::Invert, b));
unary!(s_abs, "__abs__", |vm, b| {
    let f = vm
        .interp
        .builtins
        .get("abs")
        .cloned()
        .unwrap_or(Value::None);
    vm.call(f, Args::new(vec![b]))
});
unary!(s_reversed, "__reversed__", |vm, b| {
    let f = vm
        .interp
        .builtins
        .get("reversed")
        .cloned()
        .unwrap_or(Value::None);
    vm.call(f, Args::new(vec![b]))
});

/// `x in self`: the item is kept as it is (a `str` subclass key stays one).
fn s_contains(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let b = this_base(vm, &args, "__contains__", "object")?;
    Ok(Value::Bool(vm.contains(&b, &arg(&args, 1))?))
}
binary!(s_format, "__format__", |vm, b, o| {
    let spec = match &o {
        Value::Str(s) => s.to_string(),
        _ => String::new(),
    };
    Ok(Value::str(&vm.format(&b, &spec)?))
});

fn s_getitem(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let b = this_base(vm, &args, "__getitem__", "object")?;
    let key = arg(&args, 1);
    match vm.getitem(&b, &key) {
        // A dict subclass's `__missing__` answers for an absent key.
        Err(Flow::Exc(e)) if matches!(b, Value::Dict(_)) && vm.is_exc(&e, "KeyError") => {
            if let Some(Value::Instance(i)) = args.pos.first()
                && let Some(missing) = i.class.lookup("__missing__")
            {
                return vm.call(missing, Args::new(vec![arg(&args, 0), key]));
            }
            Err(Flow::Exc(e))
        }
        r => r,
    }
}

fn s_setitem(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let b = this_base(vm, &args, "__setitem__", "object")?;
    vm.setitem(&b, arg(&args, 1), arg(&args, 2))?;
    Ok(Value::None)
}

fn s_delitem(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let b = this_base(vm, &args, "__delitem__", "object")?;
    vm.delitem(&b, &arg(&args, 1))?;
    Ok(Value::None)
}

macro_rules! compare {
    ($name:ident, $slot:literal, $op:expr) => {
        binary!($name, $slot, |vm, b, o| vm.compare(b, o, $op));
    };
}

compare!(s_eq, "__eq__", CmpOp::Eq);
compare!(s_ne, "__ne__", CmpOp::Ne);
compare!(s_lt, "__lt__", CmpOp::Lt);
compare!(s_le, "__le__", CmpOp::Le);
compare!(s_gt, "__gt__", CmpOp::Gt);
compare!(s_ge, "__ge__", CmpOp::Ge);

macro_rules! arith {
    ($fwd:ident, $rev:ident, $slot:literal, $rslot:literal, $op:expr) => {
        binary!($fwd, $slot, |vm, b, o| vm.binary_op(b, o, $op, false));
        binary!($rev, $rslot, |vm, b, o| vm.binary_op(o, b, $op, false));
    };
}

arith!(s_add, s_radd, "__add__", "__radd__", BinOp::Add);
arith!(s_sub, s_rsub, "__sub__", "__rsub__", BinOp::Sub);
arith!(s_mul, s_rmul, "__mul__", "__rmul__", BinOp::Mul);
arith!(
    s_truediv,
    s_rtruediv,
    "__truediv__",
    "__rtruediv__",
    BinOp::TrueDiv
);
arith!(
    s_floordiv,
    s_rfloordiv,
    "__floordiv__",
    "__rfloordiv__",
    BinOp::FloorDiv
);
arith!(s_mod, s_rmod, "__mod__", "__rmod__", BinOp::Mod);
arith!(s_pow, s_rpow, "__pow__", "__rpow__", BinOp::Pow);
arith!(s_and, s_rand, "__and__", "__rand__", BinOp::And);
arith!(s_or, s_ror, "__or__", "__ror__", BinOp::Or);
arith!(s_xor, s_rxor, "__xor__", "__rxor__", BinOp::Xor);
arith!(
    s_lshift,
    s_rlshift,
    "__lshift__",
    "__rlshift__",
    BinOp::LShift
);
arith!(
    s_rshift,
    s_rrshift,
    "__rshift__",
    "__rrshift__",
    BinOp::RShift
);

macro_rules! inplace {
    ($name:ident, $slot:literal, $op:expr) => {
        fn $name(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
            let b = this_base(vm, &args, $slot, "object")?;
            let o = base_value(&arg(&args, 1));
            vm.binary_op(b, o, $op, true)?;
            Ok(arg(&args, 0))
        }
    };
}

inplace!(s_iadd, "__iadd__", BinOp::Add);
inplace!(s_imul, "__imul__", BinOp::Mul);
inplace!(s_ior, "__ior__", BinOp::Or);
inplace!(s_iand, "__iand__", BinOp::And);
inplace!(s_isub, "__isub__", BinOp::Sub);
inplace!(s_ixor, "__ixor__", BinOp::Xor);

/// `list.__init__(self, iterable=())`: the list becomes the iterable's items.
fn s_init_list(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let b = this_base(vm, &args, "__init__", "list")?;
    let items = match args.pos.get(1) {
        Some(v) => vm.to_vec(v)?,
        None => Vec::new(),
    };
    if let Value::List(l) = b {
        *l.lock() = items;
    }
    Ok(Value::None)
}

/// `dict.__init__(self, mapping_or_pairs=(), **kwargs)`: adds them to the dict.
fn s_init_dict(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let b = this_base(vm, &args, "__init__", "dict")?;
    let mut d = Dict::default();
    if let Some(v) = args.pos.get(1) {
        crate::builtins::dict_update(vm, &mut d, v)?;
    }
    for (k, v) in args.kw {
        d.insert(crate::value::Key(Value::Str(k)), v);
    }
    if let Value::Dict(target) = b {
        target.lock().extend(d);
    }
    Ok(Value::None)
}

/// `set.__init__(self, iterable=())`.
fn s_init_set(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let b = this_base(vm, &args, "__init__", "set")?;
    let mut s = Set::default();
    if let Some(v) = args.pos.get(1) {
        for x in vm.to_vec(v)? {
            s.insert(vm.key(x)?);
        }
    }
    if let Value::Set(target) = b {
        *target.lock() = s;
    }
    Ok(Value::None)
}

/// `__init__` of a native type (`queue.Queue.__init__(self, maxsize)`): the instance's
/// native object is made again with these arguments.
fn s_init_native(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let this = if args.pos.is_empty() {
        Value::None
    } else {
        args.pos.remove(0)
    };
    let Value::Instance(i) = &this else {
        return Ok(Value::None);
    };
    let Some(base) = Vm::builtin_base(&i.class) else {
        return Ok(Value::None);
    };
    if &*base.name == "local" {
        // `threading.local.__init__` takes the arguments `__new__` kept.
        return Ok(Value::None);
    }
    let native = (vm.interp.hooks.construct)(vm, &base, args)?;
    i.state.lock().base = Some(native);
    Ok(Value::None)
}

/// `threading.local.__setattr__(self, name, value)`: sets the attribute in the current
/// thread's namespace of the instance.
fn s_local_setattr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let this = arg(&args, 0);
    let (Value::Instance(i), Value::Str(name)) = (&this, arg(&args, 1)) else {
        return Err(vm.exc("TypeError", "__setattr__ needs an instance and a name"));
    };
    let Some(local) = i.state.lock().base.clone() else {
        return Err(vm.exc("TypeError", "threading.local.__setattr__: not a local"));
    };
    let ns = vm.local_namespace(&this, i, &local)?;
    ns.lock()
        .insert(crate::value::Key(Value::Str(name)), arg(&args, 2));
    Ok(Value::None)
}

/// `list.__new__(cls, *args)` and the other built-in types' `__new__`: an instance of
/// `cls` holding a new value of the built-in type it extends (the immutable types are
/// made from the arguments, the containers empty for `__init__` to fill, a native
/// object with its defaults for `__init__` to make again).
fn s_new(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let cls = match args.pos.first() {
        Some(Value::Class(c)) => Arc::clone(c),
        _ => return Err(vm.exc("TypeError", "__new__(X): X is not a type object")),
    };
    args.pos.remove(0);
    let Some(base) =
        Vm::builtin_base(&cls).or_else(|| Vm::extends_builtin(&cls).then(|| Arc::clone(&cls)))
    else {
        return Err(vm.exc("TypeError", "__new__(X): X is not a built-in type"));
    };
    let value = match base.kind {
        TypeKind::List => Some(Value::list(Vec::new())),
        TypeKind::Dict => Some(Value::dict(Dict::default())),
        TypeKind::Set => Some(Value::Set(Arc::new(Mutex::new(Set::default())))),
        TypeKind::Native if &*base.name == "local" => {
            Some(crate::modules::threading::new_local(vm, args))
        }
        TypeKind::Native => (vm.interp.hooks.construct)(vm, &base, Args::default()).ok(),
        _ => Some((vm.interp.hooks.construct)(vm, &base, args)?),
    };
    if Arc::ptr_eq(&cls, &base) {
        return Ok(value.unwrap_or(Value::None));
    }
    let inst = Instance::new(cls);
    inst.state.lock().base = value;
    Ok(Value::Instance(inst))
}

/// The special methods each extendable built-in type has.
fn slots(kind: TypeKind) -> &'static [(&'static str, NativeFn)] {
    const ORDER: [(&str, NativeFn); 6] = [
        ("__eq__", s_eq),
        ("__ne__", s_ne),
        ("__lt__", s_lt),
        ("__le__", s_le),
        ("__gt__", s_gt),
        ("__ge__", s_ge),
    ];
    match kind {
        TypeKind::List => &[
            ("__new__", s_new),
            ("__init__", s_init_list),
            ("__len__", s_len),
            ("__iter__", s_iter),
            ("__reversed__", s_reversed),
            ("__getitem__", s_getitem),
            ("__setitem__", s_setitem),
            ("__delitem__", s_delitem),
            ("__contains__", s_contains),
            ("__repr__", s_repr),
            ORDER[0],
            ORDER[1],
            ORDER[2],
            ORDER[3],
            ORDER[4],
            ORDER[5],
            ("__add__", s_add),
            ("__mul__", s_mul),
            ("__rmul__", s_rmul),
            ("__iadd__", s_iadd),
            ("__imul__", s_imul),
        ],
        TypeKind::Dict => &[
            ("__new__", s_new),
            ("__init__", s_init_dict),
            ("__len__", s_len),
            ("__iter__", s_iter),
            ("__getitem__", s_getitem),
            ("__setitem__", s_setitem),
            ("__delitem__", s_delitem),
            ("__contains__", s_contains),
            ("__repr__", s_repr),
            ORDER[0],
            ORDER[1],
            ("__or__", s_or),
            ("__ror__", s_ror),
            ("__ior__", s_ior),
        ],
        TypeKind::Set => &[
            ("__new__", s_new),
            ("__init__", s_init_set),
            ("__len__", s_len),
            ("__iter__", s_iter),
            ("__contains__", s_contains),
            ("__repr__", s_repr),
            ORDER[0],
            ORDER[1],
            ORDER[2],
            ORDER[3],
            ORDER[4],
            ORDER[5],
            ("__or__", s_or),
            ("__and__", s_and),
            ("__sub__", s_sub),
            ("__xor__", s_xor),
            ("__ior__", s_ior),
            ("__iand__", s_iand),
            ("__isub__", s_isub),
            ("__ixor__", s_ixor),
        ],
        TypeKind::FrozenSet => &[
            ("__new__", s_new),
            ("__len__", s_len),
            ("__iter__", s_iter),
            ("__contains__", s_contains),
            ("__repr__", s_repr),
            ("__hash__", s_hash),
            ORDER[0],
            ORDER[1],
            ORDER[2],
            ORDER[3],
            ORDER[4],
            ORDER[5],
            ("__or__", s_or),
            ("__and__", s_and),
            ("__sub__", s_sub),
            ("__xor__", s_xor),
        ],
        TypeKind::Str => &[
            ("__new__", s_new),
            ("__len__", s_len),
            ("__iter__", s_iter),
            ("__getitem__", s_getitem),
            ("__contains__", s_contains),
            ("__repr__", s_repr),
            ("__str__", s_str),
            ("__hash__", s_hash),
            ("__format__", s_format),
            ORDER[0],
            ORDER[1],
            ORDER[2],
            ORDER[3],
            ORDER[4],
            ORDER[5],
            ("__add__", s_add),
            ("__mul__", s_mul),
            ("__rmul__", s_rmul),
            ("__mod__", s_mod),
        ],
        TypeKind::Tuple => &[
            ("__new__", s_new),
            ("__len__", s_len),
            ("__iter__", s_iter),
            ("__getitem__", s_getitem),
            ("__contains__", s_contains),
            ("__repr__", s_repr),
            ("__hash__", s_hash),
            ORDER[0],
            ORDER[1],
            ORDER[2],
            ORDER[3],
            ORDER[4],
            ORDER[5],
            ("__add__", s_add),
            ("__mul__", s_mul),
            ("__rmul__", s_rmul),
        ],
        TypeKind::Int | TypeKind::Float => &[
            ("__new__", s_new),
            ("__repr__", s_repr),
            ("__hash__", s_hash),
            ("__bool__", s_bool),
            ("__int__", s_int),
            ("__float__", s_float),
            ("__index__", s_int),
            ("__format__", s_format),
            ORDER[0],
            ORDER[1],
            ORDER[2],
            ORDER[3],
            ORDER[4],
            ORDER[5],
            ("__add__", s_add),
            ("__radd__", s_radd),
            ("__sub__", s_sub),
            ("__rsub__", s_rsub),
            ("__mul__", s_mul),
            ("__rmul__", s_rmul),
            ("__truediv__", s_truediv),
            ("__rtruediv__", s_rtruediv),
            ("__floordiv__", s_floordiv),
            ("__rfloordiv__", s_rfloordiv),
            ("__mod__", s_mod),
            ("__rmod__", s_rmod),
            ("__pow__", s_pow),
            ("__rpow__", s_rpow),
            ("__and__", s_and),
            ("__rand__", s_rand),
            ("__or__", s_or),
            ("__ror__", s_ror),
            ("__xor__", s_xor),
            ("__rxor__", s_rxor),
            ("__lshift__", s_lshift),
            ("__rlshift__", s_rlshift),
            ("__rshift__", s_rshift),
            ("__rrshift__", s_rrshift),
            ("__neg__", s_neg),
            ("__pos__", s_pos),
            ("__abs__", s_abs),
            ("__invert__", s_invert),
        ],
        TypeKind::Native => &[("__new__", s_new), ("__init__", s_init_native)],
        _ => &[],
    }
}

/// Puts the special methods into the namespaces of the built-in classes a Python class
/// may extend.
pub fn install(types: &Types) {
    for cls in types.by_name.values() {
        let wanted = match cls.kind {
            TypeKind::Native => SUBCLASSABLE_NATIVES.contains(&&*cls.name),
            kind => !slots(kind).is_empty(),
        };
        if !wanted {
            continue;
        }
        let mut d = cls.dict.lock();
        for (name, f) in slots(cls.kind) {
            d.insert(Str::from(*name), func(name, "builtins", *f));
        }
        if &*cls.name == "local" {
            d.insert(
                Str::from("__setattr__"),
                func("__setattr__", "_thread._local", s_local_setattr),
            );
        }
    }
}
