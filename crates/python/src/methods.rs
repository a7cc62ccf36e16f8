//! Methods and attributes of built-in values: str, list, dict, set, tuple, int, float,
//! generators (native objects of the runtime modules are dispatched to their modules).

use std::sync::Arc;

use parking_lot::Mutex;

use super::builtins::{as_index, dict_update, sort_values};
use super::value::{
    Args, Class, Dict, DictViewKind, Flow, Key, Method, MethodFunc, Native, NativeFn, Set, Str,
    TypeKind, Value,
};
use super::vm::Vm;

/// The attribute tables of the built-in types: each lists what CPython 3.11's `dir()`
/// shows of the type without its dunder names (methods, class methods and data
/// attributes). Method dispatch, `hasattr`/`getattr`, `dir()` and the "Did you mean"
/// suggestions all read these, so they cannot disagree; a listed method gilscope does
/// not implement is reported as unsupported when called.
/// `str`'s methods.
pub const STR_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "encode",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "format_map",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "maketrans",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "translate",
    "upper",
    "zfill",
];
/// `list`'s methods.
pub const LIST_METHODS: &[&str] = &[
    "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse",
    "sort",
];
/// `dict`'s methods.
pub const DICT_METHODS: &[&str] = &[
    "clear",
    "copy",
    "fromkeys",
    "get",
    "items",
    "keys",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "values",
];
/// `set`'s methods.
pub const SET_METHODS: &[&str] = &[
    "add",
    "clear",
    "copy",
    "difference",
    "difference_update",
    "discard",
    "intersection",
    "intersection_update",
    "isdisjoint",
    "issubset",
    "issuperset",
    "pop",
    "remove",
    "symmetric_difference",
    "symmetric_difference_update",
    "union",
    "update",
];
/// `frozenset`'s methods.
pub const FROZENSET_METHODS: &[&str] = &[
    "copy",
    "difference",
    "intersection",
    "isdisjoint",
    "issubset",
    "issuperset",
    "symmetric_difference",
    "union",
];
/// `tuple`'s methods.
pub const TUPLE_METHODS: &[&str] = &["count", "index"];
/// `int`'s methods.
pub const INT_METHODS: &[&str] = &[
    "as_integer_ratio",
    "bit_count",
    "bit_length",
    "conjugate",
    "from_bytes",
    "to_bytes",
];
/// `float`'s methods.
pub const FLOAT_METHODS: &[&str] = &[
    "as_integer_ratio",
    "conjugate",
    "fromhex",
    "hex",
    "is_integer",
];
/// `bytes`'s methods.
pub const BYTES_METHODS: &[&str] = &[
    "capitalize",
    "center",
    "count",
    "decode",
    "endswith",
    "expandtabs",
    "find",
    "fromhex",
    "hex",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdigit",
    "islower",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "maketrans",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "translate",
    "upper",
    "zfill",
];
/// `int`'s data attributes.
pub const INT_DATA: &[&str] = &["denominator", "imag", "numerator", "real"];
/// `float`'s data attributes.
pub const FLOAT_DATA: &[&str] = &["imag", "real"];

/// Methods CPython has that gilscope does not implement: calling one is reported as
/// unsupported (exit status 2), not as an AttributeError CPython would never raise.
pub const UNSUPPORTED: &[(&str, &str)] = &[("list", "__reversed__")];

/// The built-in type whose table serves `obj`, if it has one.
fn table_kind(obj: &Value) -> Option<TypeKind> {
    Some(match obj {
        Value::Str(_) => TypeKind::Str,
        Value::Bytes(_) => TypeKind::Bytes,
        Value::List(_) => TypeKind::List,
        Value::Dict(_) => TypeKind::Dict,
        Value::Set(_) => TypeKind::Set,
        Value::FrozenSet(_) => TypeKind::FrozenSet,
        Value::Tuple(_) => TypeKind::Tuple,
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => TypeKind::Int,
        Value::Float(_) => TypeKind::Float,
        _ => return None,
    })
}

/// The methods (class and static methods included) and the data attributes of built-in
/// type `kind`, from the tables above; empty for a type without a table.
pub fn type_table(kind: TypeKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        TypeKind::Str => (STR_METHODS, &[]),
        TypeKind::Bytes => (BYTES_METHODS, &[]),
        TypeKind::List => (LIST_METHODS, &[]),
        TypeKind::Dict => (DICT_METHODS, &[]),
        TypeKind::Set => (SET_METHODS, &[]),
        TypeKind::FrozenSet => (FROZENSET_METHODS, &[]),
        TypeKind::Tuple => (TUPLE_METHODS, &[]),
        TypeKind::Int | TypeKind::Bool => (INT_METHODS, INT_DATA),
        TypeKind::Float => (FLOAT_METHODS, FLOAT_DATA),
        _ => (&[], &[]),
    }
}

/// What `dir()` lists for a built-in type or a value of one: its table and `__class__`
/// (the one dunder every value answers), sorted; `None` for other values.
pub fn dir_names(obj: &Value) -> Option<Vec<&'static str>> {
    let kind = match obj {
        Value::Class(c) => c.kind,
        other => table_kind(other)?,
    };
    let (methods, data) = type_table(kind);
    if methods.is_empty() {
        return None;
    }
    let mut names: Vec<&'static str> = methods.iter().chain(data).copied().collect();
    names.push("__class__");
    names.sort_unstable();
    Some(names)
}

/// Class attributes of built-in types that are not in their dict (e.g. `int.__name__`
/// is handled by the caller; this covers unbound methods such as `str.upper`).
pub fn class_attr(c: &Arc<Class>, name: &str) -> Option<Value> {
    if c.kind == TypeKind::Object && name == "__new__" {
        return Some(crate::builtins::func(
            "__new__",
            "object",
            crate::builtins::object_new,
        ));
    }
    if c.kind == TypeKind::Bytes && name == "fromhex" {
        return Some(crate::builtins::func(
            "fromhex",
            "bytes",
            crate::modules::bytes::fromhex,
        ));
    }
    let (methods, data) = type_table(c.kind);
    if let Some(&attr) = data.iter().find(|&&d| d == name) {
        // `int.real`: a descriptor reading the attribute of the instance it is given.
        let get: NativeFn = match attr {
            "real" => |vm, a| data_attr(vm, a, "real"),
            "imag" => |vm, a| data_attr(vm, a, "imag"),
            "numerator" => |vm, a| data_attr(vm, a, "numerator"),
            _ => |vm, a| data_attr(vm, a, "denominator"),
        };
        let fget = crate::builtins::func(attr, "int", get);
        return Some(Value::Property(Arc::new([fget, Value::None])));
    }
    if !methods.contains(&name) {
        return None;
    }
    Some(Value::Method(Arc::new(Method {
        this: Value::Class(Arc::clone(c)),
        func: MethodFunc::Native(Str::from(name)),
    })))
}

/// The getter of a built-in type's data attribute `name` (`int.real`): reads it off the
/// value it is given.
fn data_attr(vm: &mut Vm<'_>, args: Args, name: &str) -> Result<Value, Flow> {
    match args.pos.first() {
        Some(v) => vm.get_attr(v, name),
        None => Err(vm.exc("TypeError", &format!("{name} needs a value"))),
    }
}

/// Whether `obj` has a method `name` (for attribute access without a call).
pub fn has_method(obj: &Value, name: &str) -> bool {
    if let Some(kind) = table_kind(obj) {
        return type_table(kind).0.contains(&name);
    }
    match obj {
        Value::Generator(g) if crate::vm::coro::is_coroutine(g) => {
            matches!(name, "send" | "close" | "throw" | "__await__")
        }
        Value::Generator(g) if crate::vm::coro::is_async_gen(g) => matches!(
            name,
            "__anext__" | "__aiter__" | "asend" | "athrow" | "aclose"
        ),
        Value::Generator(_) => matches!(name, "send" | "close" | "throw" | "__next__"),
        Value::Iter(_) => name == "__next__",
        Value::Native(n) => n.object().is_some_and(|o| o.has_method(name)),
        _ => false,
    }
}

/// The attribute names of a built-in value, sorted (for "Did you mean" suggestions).
pub fn method_names(obj: &Value) -> Vec<&'static str> {
    if let Some(names) = dir_names(obj) {
        return names;
    }
    let mut names: Vec<&'static str> = ["send", "close", "throw", "__next__", "__await__"]
        .into_iter()
        .chain(["__anext__", "__aiter__", "asend", "athrow", "aclose"])
        .filter(|n| has_method(obj, n))
        .collect();
    if let Value::Native(n) = obj
        && let Some(o) = n.object()
    {
        names.extend(o.method_names());
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Non-method attributes of built-in values.
pub fn attribute(vm: &mut Vm<'_>, obj: &Value, name: &str) -> Result<Option<Value>, Flow> {
    Ok(match (obj, name) {
        (Value::Bool(b), "real" | "numerator") => Some(Value::Int(i64::from(*b))),
        (Value::Bool(_), "imag") => Some(Value::Int(0)),
        (Value::Bool(_), "denominator") => Some(Value::Int(1)),
        (Value::Int(_) | Value::BigInt(_), "real" | "numerator") => Some(obj.clone()),
        (Value::Int(_) | Value::BigInt(_), "imag") => Some(Value::Int(0)),
        (Value::Int(_) | Value::BigInt(_), "denominator") => Some(Value::Int(1)),
        (Value::Float(_), "real") => Some(obj.clone()),
        (Value::Float(_), "imag") => Some(Value::Float(0.0)),
        (Value::Range(r), "start") => Some(Value::Int(r.start)),
        (Value::Range(r), "stop") => Some(Value::Int(r.stop)),
        (Value::Range(r), "step") => Some(Value::Int(r.step)),
        (Value::Slice(s), "start") => Some(s[0].clone()),
        (Value::Slice(s), "stop") => Some(s[1].clone()),
        (Value::Slice(s), "step") => Some(s[2].clone()),
        (Value::Generator(g), "__name__") => Some(Value::Str(g.code.name.clone())),
        (Value::Generator(g), "__qualname__") => Some(Value::Str(g.code.qualname.clone())),
        (Value::Property(p), "fget") => Some(p[0].clone()),
        (Value::Property(_), "setter" | "getter") => Some(Value::Method(Arc::new(Method {
            this: obj.clone(),
            func: MethodFunc::Native(name.into()),
        }))),
        (Value::StaticMethod(f) | Value::ClassMethod(f), "__func__") => Some((**f).clone()),
        (Value::Native(n), _) => match n.object() {
            Some(o) => o.attr(vm, obj, name)?,
            None => None,
        },
        _ => None,
    })
}

fn arg(args: &Args, i: usize) -> Value {
    args.pos.get(i).cloned().unwrap_or(Value::None)
}

fn nargs(vm: &mut Vm<'_>, name: &str, args: &Args, lo: usize, hi: usize) -> Result<(), Flow> {
    let n = args.pos.len();
    if n < lo || n > hi {
        let msg = if lo == hi && lo == 0 {
            format!("{name}() takes no arguments ({n} given)")
        } else if lo == hi && lo == 1 {
            format!("{name}() takes exactly one argument ({n} given)")
        } else if lo == hi {
            format!("{name} expected {lo} arguments, got {n}")
        } else if n < lo {
            format!(
                "{name} expected at least {lo} argument{}, got {n}",
                if lo == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name} expected at most {hi} argument{}, got {n}",
                if hi == 1 { "" } else { "s" }
            )
        };
        return Err(vm.exc("TypeError", &msg));
    }
    Ok(())
}

fn str_arg(vm: &mut Vm<'_>, v: &Value, what: &str) -> Result<Str, Flow> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => {
            let msg = format!("{what} must be str, not {}", vm.type_name(other));
            Err(vm.exc("TypeError", &msg))
        }
    }
}

/// Calls method `name` of built-in value `this`; `None` if it has no such method. A
/// method the type's table lists that gilscope does not implement is unsupported.
pub fn call(vm: &mut Vm<'_>, this: &Value, name: &str, args: Args) -> Result<Option<Value>, Flow> {
    let r = dispatch(vm, this, name, args)?;
    let kind = match this {
        Value::Class(c) => Some(c.kind),
        other => table_kind(other),
    };
    if r.is_none()
        && let Some(kind) = kind
        && type_table(kind).0.contains(&name)
    {
        let ty = match this {
            Value::Class(c) => c.name.to_string(),
            other => vm.type_name(other).to_string(),
        };
        return Err(Flow::Unsupported(format!(
            "{}: unsupported: {ty}.{name}()",
            vm.where_now()
        )));
    }
    Ok(r)
}

fn dispatch(
    vm: &mut Vm<'_>,
    this: &Value,
    name: &str,
    mut args: Args,
) -> Result<Option<Value>, Flow> {
    match this {
        Value::Str(s) if name == "encode" => crate::modules::bytes::encode(vm, s, args).map(Some),
        Value::Str(s) => str_method(vm, s, name, args),
        Value::Bytes(b) => {
            use crate::modules::bytes::{self, Call};
            match bytes::method(vm, b, name, args)? {
                Call::Done(v) => Ok(Some(v)),
                Call::AsText(text, args) => Ok(call(vm, &text, name, args)?.map(bytes::back)),
                Call::Unknown => Ok(None),
            }
        }
        Value::List(l) => list_method(vm, this, l, name, args),
        Value::Dict(d) => dict_method(vm, d, name, args),
        Value::Set(s) => set_method(vm, this, s, name, args),
        Value::FrozenSet(s) => {
            if matches!(
                name,
                "add" | "remove" | "discard" | "pop" | "clear" | "update"
            ) {
                return Ok(None);
            }
            let tmp = Arc::new(Mutex::new((**s).clone()));
            let r = set_method(vm, this, &tmp, name, args)?;
            Ok(r.map(|v| match v {
                Value::Set(x) => Value::FrozenSet(Arc::new(x.lock().clone())),
                other => other,
            }))
        }
        Value::Tuple(t) => match name {
            "count" => {
                nargs(vm, "count", &args, 1, 1)?;
                let mut n = 0;
                for x in t.iter() {
                    if vm.eq(x, &args.pos[0])? {
                        n += 1;
                    }
                }
                Ok(Some(Value::Int(n)))
            }
            "index" => {
                nargs(vm, "index", &args, 1, 3)?;
                for (i, x) in t.iter().enumerate() {
                    if vm.eq(x, &args.pos[0])? {
                        return Ok(Some(Value::Int(i as i64)));
                    }
                }
                Err(vm.exc("ValueError", "tuple.index(x): x not in tuple"))
            }
            _ => Ok(None),
        },
        Value::Int(i) => match name {
            "bit_length" => Ok(Some(Value::Int(
                64 - i.unsigned_abs().leading_zeros() as i64,
            ))),
            "bit_count" => Ok(Some(Value::Int(i64::from(i.unsigned_abs().count_ones())))),
            "conjugate" => Ok(Some(this.clone())),
            "as_integer_ratio" => Ok(Some(Value::tuple(vec![this.clone(), Value::Int(1)]))),
            _ => Ok(None),
        },
        Value::BigInt(b) => match name {
            "bit_length" => Ok(Some(Value::Int(b.bits() as i64))),
            "bit_count" => Ok(Some(Value::Int(
                b.magnitude()
                    .iter_u64_digits()
                    .map(|d| i64::from(d.count_ones()))
                    .sum(),
            ))),
            "conjugate" => Ok(Some(this.clone())),
            "as_integer_ratio" => Ok(Some(Value::tuple(vec![this.clone(), Value::Int(1)]))),
            _ => Ok(None),
        },
        Value::Float(f) => match name {
            "is_integer" => Ok(Some(Value::Bool(f.fract() == 0.0 && f.is_finite()))),
            "conjugate" => Ok(Some(this.clone())),
            "as_integer_ratio" => float_ratio(vm, *f).map(Some),
            _ => Ok(None),
        },
        Value::Generator(g) if crate::vm::coro::is_async_gen(g) => {
            vm.agen_method(this, g, name, &args)
        }
        Value::Generator(g) if crate::vm::coro::is_coroutine(g) && name == "__await__" => {
            Ok(Some(crate::vm::coro::CoroWrapper::wrap(this)))
        }
        Value::Generator(g) => match name {
            "send" | "__next__" => {
                let v = if name == "send" {
                    arg(&args, 0)
                } else {
                    Value::None
                };
                if name == "send"
                    && !matches!(v, Value::None)
                    && g.frame.lock().as_ref().is_some_and(|f| f.pc == 0)
                {
                    return Err(vm.exc(
                        "TypeError",
                        "can't send non-None value to a just-started generator",
                    ));
                }
                match vm.resume(g, v)? {
                    Some(x) => Ok(Some(x)),
                    None => {
                        let cls = vm.interp.types.get("StopIteration");
                        let args = g.ret.lock().take().into_iter().collect();
                        Err(Flow::Exc(vm.new_exception(cls, args)))
                    }
                }
            }
            "close" => {
                vm.close_generator(g)?;
                Ok(Some(Value::None))
            }
            "throw" => {
                let exc = match args.pos.first() {
                    Some(Value::Class(c)) => {
                        vm.call(Value::Class(Arc::clone(c)), Args::default())?
                    }
                    Some(v) => v.clone(),
                    None => {
                        return Err(
                            vm.exc("TypeError", "throw expected at least 1 argument, got 0")
                        );
                    }
                };
                match vm.throw_into(g, exc)? {
                    Some(v) => Ok(Some(v)),
                    None => {
                        let cls = vm.interp.types.get("StopIteration");
                        let args = g.ret.lock().take().into_iter().collect();
                        Err(Flow::Exc(vm.new_exception(cls, args)))
                    }
                }
            }
            _ => Ok(None),
        },
        Value::Iter(_) if name == "__next__" => match vm.next(this)? {
            Some(v) => Ok(Some(v)),
            None => {
                let cls = vm.interp.types.get("StopIteration");
                Err(Flow::Exc(vm.new_exception(cls, Vec::new())))
            }
        },
        Value::Native(n) => match n.object() {
            Some(o) => o.call_method(vm, this, name, args),
            None => Ok(None),
        },
        Value::Property(p) => match name {
            "setter" => Ok(Some(Value::Property(Arc::new([
                p[0].clone(),
                arg(&args, 0),
            ])))),
            "getter" => Ok(Some(Value::Property(Arc::new([
                arg(&args, 0),
                p[1].clone(),
            ])))),
            _ => Ok(None),
        },
        Value::Class(c) if !type_table(c.kind).0.is_empty() => {
            // The class and static methods not implemented: unsupported (see `call`).
            if matches!(name, "from_bytes" | "maketrans" | "fromhex") {
                return Ok(None);
            }
            if c.kind == TypeKind::Dict && name == "fromkeys" {
                let keys = vm.to_vec(&arg(&args, 0))?;
                let v = arg(&args, 1);
                let mut d = Dict::default();
                for k in keys {
                    d.insert(vm.key(k)?, v.clone());
                }
                return Ok(Some(Value::dict(d)));
            }
            if args.pos.is_empty() {
                let msg = format!("unbound method {}.{name}() needs an argument", c.name);
                return Err(vm.exc("TypeError", &msg));
            }
            let me = args.pos.remove(0);
            if !vm.type_of(&me).is_subclass(c) {
                let msg = format!(
                    "descriptor '{name}' for '{}' objects doesn't apply to a '{}' object",
                    c.name,
                    vm.type_name(&me)
                );
                return Err(vm.exc("TypeError", &msg));
            }
            // `list.append(self, x)` in a list subclass: the list it extends.
            let me = crate::value::base_value(&me);
            call(vm, &me, name, args)
        }
        _ => Ok(None),
    }
}

fn bool_v(b: bool) -> Result<Option<Value>, Flow> {
    Ok(Some(Value::Bool(b)))
}

fn str_method(vm: &mut Vm<'_>, s: &Str, name: &str, mut args: Args) -> Result<Option<Value>, Flow> {
    let out = |x: String| Ok(Some(Value::str(&x)));
    match name {
        "upper" => out(s.to_uppercase()),
        "lower" | "casefold" => out(s.to_lowercase()),
        "swapcase" => out(s
            .chars()
            .map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().collect::<String>()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect()),
        "strip" | "lstrip" | "rstrip" => {
            let chars: Option<Vec<char>> = match arg(&args, 0) {
                Value::Str(c) => Some(c.chars().collect()),
                _ => None,
            };
            let pred = |c: char| match &chars {
                Some(set) => set.contains(&c),
                None => c.is_whitespace(),
            };
            out(match name {
                "strip" => s.trim_matches(pred).to_owned(),
                "lstrip" => s.trim_start_matches(pred).to_owned(),
                _ => s.trim_end_matches(pred).to_owned(),
            })
        }
        "split" | "rsplit" => {
            let sep = args.take_kw("sep").unwrap_or_else(|| arg(&args, 0));
            let maxsplit = match args.take_kw("maxsplit").unwrap_or_else(|| arg(&args, 1)) {
                Value::Int(n) if n >= 0 => Some(n as usize),
                _ => None,
            };
            let parts: Vec<String> = match &sep {
                Value::None => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    match maxsplit {
                        Some(m) if m < words.len() => {
                            if name == "split" {
                                let mut v: Vec<String> = Vec::new();
                                let mut rest: &str = s.trim_start();
                                for _ in 0..m {
                                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                                    v.push(rest[..end].to_owned());
                                    rest = rest[end..].trim_start();
                                }
                                if !rest.is_empty() {
                                    v.push(rest.to_owned());
                                }
                                v
                            } else {
                                let mut v: Vec<String> = Vec::new();
                                let mut rest: &str = s.trim_end();
                                for _ in 0..m {
                                    let start =
                                        rest.rfind(char::is_whitespace).map_or(0, |p| p + 1);
                                    v.push(rest[start..].to_owned());
                                    rest = rest[..start].trim_end();
                                }
                                if !rest.is_empty() {
                                    v.push(rest.to_owned());
                                }
                                v.reverse();
                                v
                            }
                        }
                        _ => words.into_iter().map(str::to_owned).collect(),
                    }
                }
                Value::Str(sep) => {
                    if sep.is_empty() {
                        return Err(vm.exc("ValueError", "empty separator"));
                    }
                    match (maxsplit, name) {
                        (Some(m), "split") => s.splitn(m + 1, &**sep).map(str::to_owned).collect(),
                        (Some(m), _) => {
                            let mut v: Vec<String> =
                                s.rsplitn(m + 1, &**sep).map(str::to_owned).collect();
                            v.reverse();
                            v
                        }
                        (None, _) => s.split(&**sep).map(str::to_owned).collect(),
                    }
                }
                other => {
                    let msg = format!("must be str or None, not {}", vm.type_name(other));
                    return Err(vm.exc("TypeError", &msg));
                }
            };
            Ok(Some(Value::list(
                parts.iter().map(|p| Value::str(p)).collect(),
            )))
        }
        "splitlines" => {
            let keep = match args.pos.first().cloned().or_else(|| {
                args.kw
                    .iter()
                    .find(|(k, _)| &**k == "keepends")
                    .map(|(_, v)| v.clone())
            }) {
                Some(v) => vm.truthy(&v)?,
                None => false,
            };
            Ok(Some(Value::list(
                split_lines(s, keep).into_iter().map(Value::str).collect(),
            )))
        }
        "join" => {
            nargs(vm, "join", &args, 1, 1)?;
            let items = vm.to_vec(&args.pos[0])?;
            let mut parts = Vec::with_capacity(items.len());
            for (i, x) in items.iter().enumerate() {
                match x {
                    Value::Str(p) => parts.push(p.to_string()),
                    other => {
                        let msg = format!(
                            "sequence item {i}: expected str instance, {} found",
                            vm.type_name(other)
                        );
                        return Err(vm.exc("TypeError", &msg));
                    }
                }
            }
            out(parts.join(s))
        }
        "replace" => {
            nargs(vm, "replace", &args, 2, 3)?;
            let old = str_arg(vm, &args.pos[0], "replace() argument 1")?;
            let new = str_arg(vm, &args.pos[1], "replace() argument 2")?;
            match args.pos.get(2) {
                Some(Value::Int(n)) if *n >= 0 => out(s.replacen(&*old, &new, *n as usize)),
                _ => out(s.replace(&*old, &new)),
            }
        }
        "startswith" | "endswith" => {
            nargs(vm, name, &args, 1, 3)?;
            let prefixes: Vec<Value> = match &args.pos[0] {
                Value::Tuple(t) => t.as_ref().clone(),
                other => vec![other.clone()],
            };
            // `s.startswith(p, start, end)` tests the slice `s[start:end]`.
            let sliced: String;
            let s: &str = if args.pos.len() > 1 {
                let chars: Vec<char> = s.chars().collect();
                let n = chars.len() as i64;
                let norm = |v: Option<&Value>, d: i64| match v {
                    Some(Value::Int(i)) => {
                        let i = if *i < 0 { i + n } else { *i };
                        i.clamp(0, n) as usize
                    }
                    _ => d as usize,
                };
                let (start, end) = (norm(args.pos.get(1), 0), norm(args.pos.get(2), n));
                if start > end {
                    return bool_v(false);
                }
                sliced = chars[start..end].iter().collect();
                &sliced
            } else {
                s
            };
            for p in prefixes {
                let p = match &p {
                    Value::Str(p) => p.clone(),
                    other => {
                        let msg = format!(
                            "{name} first arg must be str or a tuple of str, not {}",
                            vm.type_name(other)
                        );
                        return Err(vm.exc("TypeError", &msg));
                    }
                };
                let hit = if name == "startswith" {
                    s.starts_with(&*p)
                } else {
                    s.ends_with(&*p)
                };
                if hit {
                    return bool_v(true);
                }
            }
            bool_v(false)
        }
        "find" | "rfind" | "index" | "rindex" => {
            nargs(vm, name, &args, 1, 3)?;
            let sub = str_arg(vm, &args.pos[0], "must be")?;
            let chars: Vec<char> = s.chars().collect();
            let n = chars.len() as i64;
            let norm = |v: Option<&Value>, d: i64| match v {
                Some(Value::Int(i)) => {
                    let i = if *i < 0 { i + n } else { *i };
                    i.clamp(0, n) as usize
                }
                _ => d as usize,
            };
            let start = norm(args.pos.get(1), 0);
            let end = norm(args.pos.get(2), n);
            let hay: String = chars
                .get(start..end.max(start))
                .unwrap_or(&[])
                .iter()
                .collect();
            let found = if name.starts_with('r') {
                hay.rfind(&*sub)
            } else {
                hay.find(&*sub)
            };
            match found {
                Some(b) => Ok(Some(Value::Int((start + hay[..b].chars().count()) as i64))),
                None if name.ends_with("index") => Err(vm.exc("ValueError", "substring not found")),
                None => Ok(Some(Value::Int(-1))),
            }
        }
        "count" => {
            nargs(vm, "count", &args, 1, 3)?;
            let sub = str_arg(vm, &args.pos[0], "must be")?;
            let n = if sub.is_empty() {
                s.chars().count() + 1
            } else {
                s.matches(&*sub).count()
            };
            Ok(Some(Value::Int(n as i64)))
        }
        "format" => out(str_format(vm, s, &args)?),
        "isdigit" | "isnumeric" | "isdecimal" => {
            bool_v(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c.is_numeric()))
        }
        "isalpha" => bool_v(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => bool_v(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => bool_v(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isidentifier" => bool_v(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        ),
        "isprintable" => bool_v(s.chars().all(|c| !c.is_control())),
        "isascii" => bool_v(s.is_ascii()),
        "isupper" => {
            bool_v(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase))
        }
        "islower" => {
            bool_v(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase))
        }
        "istitle" => bool_v(!s.is_empty() && title(s) == **s),
        "title" => out(title(s)),
        "capitalize" => {
            let mut c = s.chars();
            out(match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            })
        }
        "center" | "ljust" | "rjust" => {
            nargs(vm, name, &args, 1, 2)?;
            let w = as_index(vm, &args.pos[0])?.max(0) as usize;
            let fill = match args.pos.get(1) {
                Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
                Some(_) => {
                    return Err(vm.exc(
                        "TypeError",
                        "The fill character must be exactly one character long",
                    ));
                }
                None => ' ',
            };
            let n = s.chars().count();
            if n >= w {
                return out(s.to_string());
            }
            let pad = w - n;
            let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
            out(match name {
                "ljust" => format!("{s}{}", f(pad)),
                "rjust" => format!("{}{s}", f(pad)),
                _ => {
                    let left = pad / 2 + (pad & w & 1);
                    format!("{}{s}{}", f(left), f(pad - left))
                }
            })
        }
        "zfill" => {
            nargs(vm, "zfill", &args, 1, 1)?;
            let w = as_index(vm, &args.pos[0])?.max(0) as usize;
            let n = s.chars().count();
            if n >= w {
                return out(s.to_string());
            }
            let (sign, rest) = match s.chars().next() {
                Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
                _ => (String::new(), &s[..]),
            };
            out(format!("{sign}{}{rest}", "0".repeat(w - n)))
        }
        "partition" | "rpartition" => {
            nargs(vm, name, &args, 1, 1)?;
            let sep = str_arg(vm, &args.pos[0], "must be")?;
            let found = if name == "partition" {
                s.find(&*sep)
            } else {
                s.rfind(&*sep)
            };
            let parts = match found {
                Some(i) => [&s[..i], &sep[..], &s[i + sep.len()..]],
                None if name == "partition" => [&s[..], "", ""],
                None => ["", "", &s[..]],
            };
            Ok(Some(Value::tuple(
                parts.iter().map(|p| Value::str(p)).collect(),
            )))
        }
        "removeprefix" => {
            let p = str_arg(vm, &arg(&args, 0), "removeprefix() argument")?;
            out(s.strip_prefix(&*p).unwrap_or(s).to_owned())
        }
        "removesuffix" => {
            let p = str_arg(vm, &arg(&args, 0), "removesuffix() argument")?;
            out(s.strip_suffix(&*p).unwrap_or(s).to_owned())
        }
        "expandtabs" => out(s.replace('\t', "        ")),
        _ => Ok(None),
    }
}

fn title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    out
}

/// `str.format`.
pub fn str_format(vm: &mut Vm<'_>, fmt: &str, args: &Args) -> Result<String, Flow> {
    let c: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '{' if c.get(i + 1) == Some(&'{') => {
                out.push('{');
                i += 2;
            }
            '}' if c.get(i + 1) == Some(&'}') => {
                out.push('}');
                i += 2;
            }
            '{' => {
                let mut depth = 1;
                let mut j = i + 1;
                while j < c.len() && depth > 0 {
                    match c[j] {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if depth != 0 {
                    return Err(vm.exc("ValueError", "Single '{' encountered in format string"));
                }
                let field: String = c[i + 1..j - 1].iter().collect();
                let (field, spec) = match field.find(':') {
                    Some(p) => (field[..p].to_owned(), field[p + 1..].to_owned()),
                    None => (field, String::new()),
                };
                let (field, conv) = match field.find('!') {
                    Some(p) => (field[..p].to_owned(), field[p + 1..].chars().next()),
                    None => (field, None),
                };
                let name_end = field.find(['.', '[']).unwrap_or(field.len());
                let (head, rest) = field.split_at(name_end);
                let mut v = if head.is_empty() {
                    let v = args.pos.get(auto).cloned();
                    auto += 1;
                    match v {
                        Some(v) => v,
                        None => {
                            let msg = format!(
                                "Replacement index {} out of range for positional args tuple",
                                auto - 1
                            );
                            return Err(vm.exc("IndexError", &msg));
                        }
                    }
                } else if let Ok(n) = head.parse::<usize>() {
                    match args.pos.get(n) {
                        Some(v) => v.clone(),
                        None => {
                            let msg = format!(
                                "Replacement index {n} out of range for positional args tuple"
                            );
                            return Err(vm.exc("IndexError", &msg));
                        }
                    }
                } else {
                    match args.kw.iter().find(|(k, _)| &**k == head) {
                        Some((_, v)) => v.clone(),
                        None => {
                            let e = vm.new_exception(
                                vm.interp.types.get("KeyError"),
                                vec![Value::str(head)],
                            );
                            return Err(Flow::Exc(e));
                        }
                    }
                };
                let mut r = rest;
                while !r.is_empty() {
                    if let Some(after) = r.strip_prefix('.') {
                        let end = after.find(['.', '[']).unwrap_or(after.len());
                        v = vm.get_attr(&v, &after[..end])?;
                        r = &after[end..];
                    } else if let Some(after) = r.strip_prefix('[') {
                        let end = after.find(']').unwrap_or(after.len());
                        let key = &after[..end];
                        let k = key
                            .parse::<i64>()
                            .map_or_else(|_| Value::str(key), Value::Int);
                        v = vm.getitem(&v, &k)?;
                        r = after.get(end + 1..).unwrap_or("");
                    } else {
                        break;
                    }
                }
                let v = match conv {
                    Some('r') => Value::str(&vm.repr(&v)?),
                    Some('s') => Value::str(&vm.to_str(&v)?),
                    Some('a') => Value::str(&super::format::ascii(&vm.repr(&v)?)),
                    _ => v,
                };
                let spec = if spec.contains('{') {
                    str_format(vm, &spec, args)?
                } else {
                    spec
                };
                out.push_str(&vm.format(&v, &spec)?);
                i = j;
            }
            '}' => {
                return Err(vm.exc("ValueError", "Single '}' encountered in format string"));
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn list_method(
    vm: &mut Vm<'_>,
    _this: &Value,
    l: &Arc<Mutex<Vec<Value>>>,
    name: &str,
    mut args: Args,
) -> Result<Option<Value>, Flow> {
    let none = Ok(Some(Value::None));
    match name {
        "append" => {
            nargs(vm, "list.append", &args, 1, 1)?;
            l.lock().push(args.pos.swap_remove(0));
            none
        }
        "extend" => {
            nargs(vm, "list.extend", &args, 1, 1)?;
            let items = vm.to_vec(&args.pos[0])?;
            l.lock().extend(items);
            none
        }
        "insert" => {
            nargs(vm, "insert", &args, 2, 2)?;
            let i = as_index(vm, &args.pos[0])?;
            let mut g = l.lock();
            let n = g.len() as i64;
            let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
            g.insert(i, args.pos.swap_remove(1));
            none
        }
        "pop" => {
            nargs(vm, "pop", &args, 0, 1)?;
            let i = match args.pos.first() {
                Some(v) => Some(as_index(vm, v)?),
                None => None,
            };
            let mut g = l.lock();
            if g.is_empty() {
                drop(g);
                return Err(vm.exc("IndexError", "pop from empty list"));
            }
            let n = g.len() as i64;
            let idx = match i {
                None => n - 1,
                Some(i) if i < 0 => i + n,
                Some(i) => i,
            };
            if idx < 0 || idx >= n {
                drop(g);
                return Err(vm.exc("IndexError", "pop index out of range"));
            }
            Ok(Some(g.remove(idx as usize)))
        }
        "remove" => {
            nargs(vm, "list.remove", &args, 1, 1)?;
            let items = l.lock().clone();
            for (i, x) in items.iter().enumerate() {
                if vm.eq(x, &args.pos[0])? {
                    l.lock().remove(i);
                    return none;
                }
            }
            Err(vm.exc("ValueError", "list.remove(x): x not in list"))
        }
        "index" => {
            nargs(vm, "index", &args, 1, 3)?;
            let items = l.lock().clone();
            for (i, x) in items.iter().enumerate() {
                if vm.eq(x, &args.pos[0])? {
                    return Ok(Some(Value::Int(i as i64)));
                }
            }
            let r = vm.repr(&args.pos[0])?;
            let msg = format!("{r} is not in list");
            Err(vm.exc("ValueError", &msg))
        }
        "count" => {
            nargs(vm, "count", &args, 1, 1)?;
            let items = l.lock().clone();
            let mut n = 0;
            for x in &items {
                if vm.eq(x, &args.pos[0])? {
                    n += 1;
                }
            }
            Ok(Some(Value::Int(n)))
        }
        "sort" => {
            let key = args.take_kw("key").filter(|k| !matches!(k, Value::None));
            let reverse = match args.take_kw("reverse") {
                Some(v) => vm.truthy(&v)?,
                None => false,
            };
            nargs(vm, "sort", &args, 0, 0)?;
            let items = std::mem::take(&mut *l.lock());
            let sorted = sort_values(vm, items, key, reverse)?;
            *l.lock() = sorted;
            none
        }
        "reverse" => {
            l.lock().reverse();
            none
        }
        "copy" => Ok(Some(Value::list(l.lock().clone()))),
        "clear" => {
            l.lock().clear();
            none
        }
        _ => Ok(None),
    }
}

fn dict_method(
    vm: &mut Vm<'_>,
    d: &Arc<Mutex<Dict>>,
    name: &str,
    mut args: Args,
) -> Result<Option<Value>, Flow> {
    match name {
        "get" => {
            nargs(vm, "get", &args, 1, 2)?;
            let k = vm.key(args.pos[0].clone())?;
            let v = d.lock().get(&k).cloned();
            Ok(Some(v.unwrap_or_else(|| arg(&args, 1))))
        }
        "keys" | "values" | "items" => {
            let kind = match name {
                "keys" => DictViewKind::Keys,
                "values" => DictViewKind::Values,
                _ => DictViewKind::Items,
            };
            Ok(Some(Value::Native(Arc::new(Native::DictView(
                kind,
                Arc::clone(d),
            )))))
        }
        "pop" => {
            nargs(vm, "pop", &args, 1, 2)?;
            let k = vm.key(args.pos[0].clone())?;
            let v = d.lock().shift_remove(&k);
            match (v, args.pos.get(1)) {
                (Some(v), _) => Ok(Some(v)),
                (None, Some(dflt)) => Ok(Some(dflt.clone())),
                (None, None) => {
                    let e = vm
                        .new_exception(vm.interp.types.get("KeyError"), vec![args.pos[0].clone()]);
                    Err(Flow::Exc(e))
                }
            }
        }
        "popitem" => {
            let v = d.lock().pop();
            match v {
                Some((k, v)) => Ok(Some(Value::tuple(vec![k.0, v]))),
                None => {
                    let e = vm.new_exception(
                        vm.interp.types.get("KeyError"),
                        vec![Value::str("popitem(): dictionary is empty")],
                    );
                    Err(Flow::Exc(e))
                }
            }
        }
        "setdefault" => {
            nargs(vm, "setdefault", &args, 1, 2)?;
            let k = vm.key(args.pos[0].clone())?;
            let dflt = arg(&args, 1);
            let mut g = d.lock();
            Ok(Some(g.get_or_insert(k, dflt).clone()))
        }
        "update" => {
            let mut tmp = Dict::default();
            if let Some(v) = args.pos.first() {
                dict_update(vm, &mut tmp, v)?;
            }
            for (k, v) in std::mem::take(&mut args.kw) {
                tmp.insert(Key(Value::Str(k)), v);
            }
            d.lock().extend(tmp);
            Ok(Some(Value::None))
        }
        "copy" => Ok(Some(Value::dict(d.lock().clone()))),
        "clear" => {
            d.lock().clear();
            Ok(Some(Value::None))
        }
        _ => Ok(None),
    }
}

fn set_method(
    vm: &mut Vm<'_>,
    _this: &Value,
    s: &Arc<Mutex<Set>>,
    name: &str,
    args: Args,
) -> Result<Option<Value>, Flow> {
    let other_keys = |vm: &mut Vm<'_>, v: &Value| -> Result<Set, Flow> {
        let mut out = Set::default();
        for x in vm.to_vec(v)? {
            out.insert(vm.key(x)?);
        }
        Ok(out)
    };
    let mk = |x: Set| Ok(Some(Value::Set(Arc::new(Mutex::new(x)))));
    match name {
        "add" => {
            nargs(vm, "set.add", &args, 1, 1)?;
            let k = vm.key(args.pos[0].clone())?;
            s.lock().insert(k);
            Ok(Some(Value::None))
        }
        "remove" | "discard" => {
            nargs(vm, name, &args, 1, 1)?;
            let k = vm.key(args.pos[0].clone())?;
            let removed = s.lock().shift_remove(&k);
            if !removed && name == "remove" {
                let e =
                    vm.new_exception(vm.interp.types.get("KeyError"), vec![args.pos[0].clone()]);
                return Err(Flow::Exc(e));
            }
            Ok(Some(Value::None))
        }
        "pop" => {
            let items: Vec<Value> = s.lock().iter().map(|k| k.0.clone()).collect();
            let first = super::format::set_order(items).into_iter().next();
            let v = match first {
                Some(x) => {
                    let k = vm.key(x)?;
                    s.lock().shift_remove(&k).then_some(k)
                }
                None => None,
            };
            match v {
                Some(k) => Ok(Some(k.0)),
                None => {
                    let e = vm.new_exception(
                        vm.interp.types.get("KeyError"),
                        vec![Value::str("pop from an empty set")],
                    );
                    Err(Flow::Exc(e))
                }
            }
        }
        "clear" => {
            s.lock().clear();
            Ok(Some(Value::None))
        }
        "copy" => mk(s.lock().clone()),
        "update" | "intersection_update" | "difference_update" => {
            for a in &args.pos {
                let o = other_keys(vm, a)?;
                let mut g = s.lock();
                match name {
                    "update" => g.extend(o),
                    "intersection_update" => g.retain(|k| o.contains(k)),
                    _ => g.retain(|k| !o.contains(k)),
                }
            }
            Ok(Some(Value::None))
        }
        "union" | "intersection" | "difference" | "symmetric_difference" => {
            let mut cur = s.lock().clone();
            for a in &args.pos {
                let o = other_keys(vm, a)?;
                cur = match name {
                    "union" => cur.into_iter().chain(o).collect(),
                    "intersection" => cur.into_iter().filter(|k| o.contains(k)).collect(),
                    "difference" => cur.into_iter().filter(|k| !o.contains(k)).collect(),
                    _ => {
                        let a: Set = cur.iter().filter(|k| !o.contains(*k)).cloned().collect();
                        a.into_iter()
                            .chain(o.iter().filter(|k| !cur.contains(*k)).cloned())
                            .collect()
                    }
                };
            }
            mk(cur)
        }
        "issubset" | "issuperset" | "isdisjoint" => {
            nargs(vm, name, &args, 1, 1)?;
            let o = other_keys(vm, &args.pos[0])?;
            let g = s.lock();
            Ok(Some(Value::Bool(match name {
                "issubset" => g.iter().all(|k| o.contains(k)),
                "issuperset" => o.iter().all(|k| g.contains(k)),
                _ => !g.iter().any(|k| o.contains(k)),
            })))
        }
        _ => Ok(None),
    }
}

/// `str.splitlines`: every line boundary Python knows (`\r\n`, `\n`, `\r`, `\v`, `\f`,
/// `\x1c`-`\x1e`, `\x85`, `\u2028`, `\u2029`), with the boundaries kept if `keep`.
fn split_lines(s: &str, keep: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {
                chars.next();
                i + 2
            }
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => i + c.len_utf8(),
            _ => continue,
        };
        out.push(&s[start..if keep { end } else { i }]);
        start = end;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// `float.as_integer_ratio()`: the exact value of `f` as a fraction in lowest terms (the
/// denominator a power of two), from the bits of the double.
fn float_ratio(vm: &mut Vm<'_>, f: f64) -> Result<Value, Flow> {
    if f.is_nan() {
        return Err(vm.exc("ValueError", "cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(vm.exc("OverflowError", "cannot convert Infinity to integer ratio"));
    }
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    // f = mantissa * 2**exp, subnormals without the implicit leading bit.
    let (mut mantissa, mut exp) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    if mantissa == 0 {
        return Ok(Value::tuple(vec![Value::Int(0), Value::Int(1)]));
    }
    let zeros = i64::from(mantissa.trailing_zeros());
    let shift = if exp < 0 { zeros.min(-exp) } else { zeros };
    mantissa >>= shift;
    exp += shift;
    let sign = if f < 0.0 { -1 } else { 1 };
    let mut num = num_bigint::BigInt::from(mantissa) * sign;
    let mut den = num_bigint::BigInt::from(1);
    if exp >= 0 {
        num <<= exp as usize;
    } else {
        den <<= (-exp) as usize;
    }
    Ok(Value::tuple(vec![
        Value::from_big(num),
        Value::from_big(den),
    ]))
}
