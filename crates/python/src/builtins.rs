//! The `builtins` namespace: built-in classes (with their constructors) and functions.

use std::sync::Arc;

use indexmap::IndexMap;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use parking_lot::Mutex;

use super::value::{
    Args, Builtin, Class, Dict, Flow, Fx, Iter, NameMap, NativeFn, RangeObj, Set, Str, TypeKind,
    Value,
};
use super::vm::interp::StdStream;
use super::vm::{Types, Vm};
use crate::vm::ops_num;

/// A built-in function value.
pub fn func(name: &'static str, owner: &'static str, f: NativeFn) -> Value {
    Value::Builtin(Arc::new(Builtin {
        name,
        owner,
        f,
        bound: None,
    }))
}

/// A built-in class `module.name` deriving from `bases`.
pub fn class(name: &str, module: &str, bases: &[&Arc<Class>], kind: TypeKind) -> Arc<Class> {
    let mut mro: Vec<Arc<Class>> = Vec::new();
    for b in bases {
        mro.push(Arc::clone(b));
        for c in &b.mro {
            if !mro.iter().any(|x| Arc::ptr_eq(x, c)) {
                mro.push(Arc::clone(c));
            }
        }
    }
    Arc::new(Class {
        name: Str::from(name),
        qualname: Str::from(name),
        module: Str::from(module),
        bases: bases.iter().map(|b| Arc::clone(b)).collect(),
        mro,
        dict: crate::value::VDict::new_class(NameMap::default()),
        kind,
    })
}

/// The exception hierarchy: (name, base).
const EXCEPTIONS: &[(&str, &str)] = &[
    ("Exception", "BaseException"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("RuntimeError", "Exception"),
    ("RecursionError", "RuntimeError"),
    ("NotImplementedError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("OSError", "Exception"),
    ("TimeoutError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("PermissionError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("InterruptedError", "OSError"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("EOFError", "Exception"),
    ("MemoryError", "Exception"),
    ("BufferError", "Exception"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("BytesWarning", "Warning"),
    ("EncodingWarning", "Warning"),
];

/// Creates the built-in classes (the modules add theirs: `modules::make_types`).
pub fn make_types() -> Types {
    let mut by: IndexMap<&'static str, Arc<Class>, Fx> = IndexMap::default();
    let object = class("object", "builtins", &[], TypeKind::Object);
    by.insert("object", Arc::clone(&object));
    let simple: &[(&'static str, TypeKind)] = &[
        ("type", TypeKind::Type),
        ("NoneType", TypeKind::NoneType),
        ("int", TypeKind::Int),
        ("float", TypeKind::Float),
        ("str", TypeKind::Str),
        ("bytes", TypeKind::Bytes),
        ("tuple", TypeKind::Tuple),
        ("list", TypeKind::List),
        ("dict", TypeKind::Dict),
        ("set", TypeKind::Set),
        ("frozenset", TypeKind::FrozenSet),
        ("range", TypeKind::Range),
        ("slice", TypeKind::Slice),
        ("function", TypeKind::Function),
        ("builtin_function_or_method", TypeKind::BuiltinFunction),
        ("method", TypeKind::Method),
        ("module", TypeKind::Module),
        ("generator", TypeKind::Generator),
        ("coroutine", TypeKind::Generator),
        ("async_generator", TypeKind::Generator),
        ("property", TypeKind::Property),
        ("staticmethod", TypeKind::StaticMethod),
        ("classmethod", TypeKind::ClassMethod),
        ("super", TypeKind::Super),
        ("enumerate", TypeKind::Iterator),
        ("zip", TypeKind::Iterator),
        ("map", TypeKind::Iterator),
        ("filter", TypeKind::Iterator),
        ("reversed", TypeKind::Iterator),
        ("iterator", TypeKind::Iterator),
        ("list_iterator", TypeKind::Iterator),
        ("tuple_iterator", TypeKind::Iterator),
        ("range_iterator", TypeKind::Iterator),
        ("str_ascii_iterator", TypeKind::Iterator),
        ("dict_keyiterator", TypeKind::Iterator),
        ("set_iterator", TypeKind::Iterator),
        ("NotImplementedType", TypeKind::Other),
        ("ellipsis", TypeKind::Other),
        ("code", TypeKind::Other),
        ("cell", TypeKind::Other),
        // Named (annotations, isinstance) but not simulated: calling one is unsupported.
        ("bytearray", TypeKind::Other),
        ("memoryview", TypeKind::Other),
    ];
    for (name, kind) in simple {
        by.insert(name, class(name, "builtins", &[&object], *kind));
    }
    let int = Arc::clone(&by["int"]);
    by.insert("bool", class("bool", "builtins", &[&int], TypeKind::Bool));
    let base_exc = class("BaseException", "builtins", &[&object], TypeKind::Exception);
    by.insert("BaseException", base_exc);
    for (name, base) in EXCEPTIONS {
        let b = Arc::clone(&by[*base]);
        by.insert(name, class(name, "builtins", &[&b], TypeKind::Exception));
    }
    let exc = Arc::clone(&by["Exception"]);
    for (name, module) in [
        ("Empty", "_queue"),
        ("Full", "queue"),
        ("BrokenBarrierError", "threading"),
        ("PicklingError", "_pickle"),
    ] {
        let base = if name == "BrokenBarrierError" {
            Arc::clone(&by["RuntimeError"])
        } else {
            Arc::clone(&exc)
        };
        by.insert(name, class(name, module, &[&base], TypeKind::Exception));
    }
    object.dict.lock().insert(
        Str::from("__setattr__"),
        func("__setattr__", "object", object_setattr),
    );
    let base = Arc::clone(&by["BaseException"]);
    base.dict.lock().insert(
        Str::from("__init__"),
        func("__init__", "BaseException", exc_init),
    );
    let os_error = Arc::clone(&by["OSError"]);
    let mut d = os_error.dict.lock();
    d.insert(
        Str::from("__init__"),
        func("__init__", "OSError", os_error_init),
    );
    d.insert(
        Str::from("__str__"),
        func("__str__", "OSError", os_error_str),
    );
    d.insert(
        Str::from("__getattr__"),
        func("__getattr__", "OSError", os_error_getattr),
    );
    drop(d);
    Types { by_name: by }
}

/// `OSError(errno, strerror[, filename[, winerror[, filename2]]])`: as CPython, two to
/// five arguments set `errno`, `strerror` and the file names, and `args` keeps only the
/// first two when a file name is given.
fn os_error_init(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let mut it = args.pos.into_iter();
    let this = it.next().unwrap_or(Value::None);
    let rest: Vec<Value> = it.collect();
    if let Value::Instance(i) = &this {
        if (2..=5).contains(&rest.len()) {
            i.set("errno", rest[0].clone());
            i.set("strerror", rest[1].clone());
            i.set("filename", rest.get(2).cloned().unwrap_or(Value::None));
            i.set("filename2", rest.get(4).cloned().unwrap_or(Value::None));
            let kept = if rest.len() > 2 {
                &rest[..2]
            } else {
                &rest[..]
            };
            i.set("args", Value::tuple(kept.to_vec()));
        } else {
            i.set("args", Value::tuple(rest));
        }
    }
    Ok(Value::None)
}

/// `str(OSError(...))`: `[Errno 2] No such file or directory: 'x.csv'` when it has an
/// errno, else as any exception.
fn os_error_str(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(Value::Instance(i)) = args.pos.first() else {
        return Ok(Value::str(""));
    };
    let field = |n: &str| i.get(n).filter(|v| !matches!(v, Value::None));
    if let (Some(errno), Some(strerror)) = (field("errno"), field("strerror")) {
        let (errno, strerror) = (vm.to_str(&errno)?, vm.to_str(&strerror)?);
        let mut text = format!("[Errno {errno}] {strerror}");
        if let Some(f) = field("filename") {
            text.push_str(&format!(": {}", vm.repr(&f)?));
            if let Some(f2) = field("filename2") {
                text.push_str(&format!(" -> {}", vm.repr(&f2)?));
            }
        }
        return Ok(Value::str(&text));
    }
    let args = match i.get("args") {
        Some(Value::Tuple(t)) => t,
        _ => Arc::new(Vec::new()),
    };
    Ok(Value::str(&match args.len() {
        0 => String::new(),
        1 => vm.to_str(&args[0])?,
        _ => vm.repr(&Value::Tuple(args))?,
    }))
}

/// The `errno`, `strerror`, `filename` and `filename2` of an OSError made without them:
/// None, as CPython's.
fn os_error_getattr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let this = arg(&args, 0);
    match arg(&args, 1) {
        Value::Str(n) if matches!(&*n, "errno" | "strerror" | "filename" | "filename2") => {
            Ok(Value::None)
        }
        name => {
            let name = vm.to_str(&name)?;
            let msg = format!("'{}' object has no attribute '{name}'", vm.type_name(&this));
            Err(vm.exc("AttributeError", &msg))
        }
    }
}

/// `object.__setattr__(obj, name, value)`: writes the instance dict, bypassing a class's
/// own `__setattr__`.
fn object_setattr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    match args.pos.as_slice() {
        [Value::Instance(i), Value::Str(n), v] => {
            i.set(n, v.clone());
            Ok(Value::None)
        }
        _ => Err(vm.exc(
            "TypeError",
            "object.__setattr__() needs an instance, a name and a value",
        )),
    }
}

/// `object.__new__(cls, *args)`: a new instance of `cls` whose `__init__` has not run
/// (an exception keeps its arguments, as `BaseException.__new__` does).
pub fn object_new(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let mut it = args.pos.into_iter();
    let Some(Value::Class(cls)) = it.next() else {
        return Err(vm.exc("TypeError", "object.__new__(X): X is not a type object"));
    };
    let inst = super::value::Instance::new(Arc::clone(&cls));
    if cls.kind == TypeKind::Exception {
        inst.set("args", Value::tuple(it.collect()));
    }
    Ok(Value::Instance(inst))
}

fn exc_init(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let mut it = args.pos.into_iter();
    let this = it.next().unwrap_or(Value::None);
    if let Value::Instance(i) = &this {
        i.set("args", Value::tuple(it.collect()));
    }
    Ok(Value::None)
}

/// The `builtins` namespace.
pub fn make_builtins(types: &Types) -> NameMap {
    let mut b = NameMap::default();
    for name in [
        "object",
        "type",
        "int",
        "float",
        "str",
        "tuple",
        "list",
        "dict",
        "set",
        "frozenset",
        "bytes",
        "bytearray",
        "memoryview",
        "range",
        "bool",
        "property",
        "staticmethod",
        "classmethod",
        "super",
        "slice",
    ] {
        b.insert(Str::from(name), Value::Class(types.get(name)));
    }
    b.insert(
        Str::from("BaseException"),
        Value::Class(types.get("BaseException")),
    );
    for (name, _) in EXCEPTIONS {
        b.insert(Str::from(*name), Value::Class(types.get(name)));
    }
    for alias in ["IOError", "EnvironmentError"] {
        b.insert(Str::from(alias), Value::Class(types.get("OSError")));
    }
    let fns: &[(&'static str, NativeFn)] = &[
        ("print", bi_print),
        ("len", bi_len),
        ("repr", bi_repr),
        ("abs", bi_abs),
        ("min", bi_min),
        ("max", bi_max),
        ("sum", bi_sum),
        ("sorted", bi_sorted),
        ("reversed", bi_reversed),
        ("enumerate", bi_enumerate),
        ("zip", bi_zip),
        ("map", bi_map),
        ("filter", bi_filter),
        ("iter", bi_iter),
        ("next", bi_next),
        ("aiter", bi_aiter),
        ("anext", bi_anext),
        ("any", bi_any),
        ("all", bi_all),
        ("isinstance", bi_isinstance),
        ("issubclass", bi_issubclass),
        ("hasattr", bi_hasattr),
        ("getattr", bi_getattr),
        ("setattr", bi_setattr),
        ("delattr", bi_delattr),
        ("id", bi_id),
        ("hash", bi_hash),
        ("round", bi_round),
        ("divmod", bi_divmod),
        ("pow", bi_pow),
        ("chr", bi_chr),
        ("ord", bi_ord),
        ("hex", bi_hex),
        ("oct", bi_oct),
        ("bin", bi_bin),
        ("callable", bi_callable),
        ("format", bi_format),
        ("vars", bi_vars),
        ("dir", bi_dir),
        ("ascii", bi_ascii),
        ("input", bi_unsupported),
        ("open", bi_open),
        ("exec", bi_unsupported),
        ("eval", bi_unsupported),
        ("compile", bi_unsupported),
        ("__import__", bi_unsupported),
        ("globals", bi_unsupported),
        ("locals", bi_unsupported),
        ("breakpoint", bi_unsupported),
        ("exit", bi_exit),
        ("quit", bi_exit),
    ];
    for (name, f) in fns {
        b.insert(Str::from(*name), func(name, "builtins", *f));
    }
    b.insert(Str::from("None"), Value::None);
    b.insert(Str::from("NotImplemented"), Value::NotImplemented);
    b.insert(Str::from("Ellipsis"), Value::Ellipsis);
    b.insert(Str::from("__name__"), Value::str("builtins"));
    b
}

fn arg(args: &Args, i: usize) -> Value {
    args.pos.get(i).cloned().unwrap_or(Value::None)
}

fn want_args(vm: &mut Vm<'_>, name: &str, args: &Args, lo: usize, hi: usize) -> Result<(), Flow> {
    let n = args.pos.len();
    if n < lo || n > hi {
        let msg = if lo == hi {
            if lo == 1 {
                format!("{name}() takes exactly one argument ({n} given)")
            } else {
                format!("{name} expected {lo} arguments, got {n}")
            }
        } else if n < lo {
            format!(
                "{name} expected at least {lo} argument{}, got {n}",
                if lo == 1 { "" } else { "s" }
            )
        } else {
            format!("{name} expected at most {hi} arguments, got {n}")
        };
        return Err(vm.exc("TypeError", &msg));
    }
    Ok(())
}

fn bi_unsupported(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Err(Flow::Unsupported(format!(
        "{}: unsupported: this built-in function (no real input, files or code loading)",
        vm.where_now()
    )))
}

/// `open()`: the file layer's (modules/files.py), confined to the program's folder.
fn bi_open(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let files = vm.import("_gilscope_files")?;
    let open = vm.get_attr(&files, "open")?;
    vm.call(open, args)
}

fn bi_exit(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let cls = vm.interp.types.get("SystemExit");
    let e = vm.new_exception(cls, args.pos);
    Err(Flow::Exc(e))
}

/// `print(*objects, sep=' ', end='\n', file=sys.stdout, flush=False)`.
fn bi_print(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let sep = match args.take_kw("sep") {
        None | Some(Value::None) => " ".to_owned(),
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            let msg = format!("sep must be None or a string, not {}", vm.type_name(&other));
            return Err(vm.exc("TypeError", &msg));
        }
    };
    let end = match args.take_kw("end") {
        None | Some(Value::None) => "\n".to_owned(),
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            let msg = format!("end must be None or a string, not {}", vm.type_name(&other));
            return Err(vm.exc("TypeError", &msg));
        }
    };
    let file = args.take_kw("file");
    let flush = match args.take_kw("flush") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    if let Some((k, _)) = args.kw.first() {
        let msg = format!("'{k}' is an invalid keyword argument for print()");
        return Err(vm.exc("TypeError", &msg));
    }
    let to_stderr = match &file {
        None | Some(Value::None) => false,
        Some(f) => f.downcast::<StdStream>().is_some_and(StdStream::is_stderr),
    };
    let mut pieces = Vec::with_capacity(args.pos.len() * 2 + 1);
    for (i, v) in args.pos.iter().enumerate() {
        if i > 0 {
            pieces.push(sep.clone());
        }
        pieces.push(vm.to_str(v)?);
    }
    pieces.push(end);
    // Any other file (an `io.StringIO`, a class with `write`): its `write` takes each
    // piece, as CPython's print writes them.
    if let Some(f) =
        file.filter(|f| !matches!(f, Value::None) && f.downcast::<StdStream>().is_none())
    {
        for p in pieces {
            vm.call_method(f.clone(), "write", Args::new(vec![Value::str(&p)]))?;
        }
        if flush {
            vm.call_method(f, "flush", Args::default())?;
        }
        return Ok(Value::None);
    }
    if to_stderr {
        let text: String = pieces.concat();
        vm.write_stderr(&text)?;
        return Ok(Value::None);
    }
    for p in &pieces {
        vm.write_stdout(p)?;
    }
    if flush {
        vm.flush_stdout()?;
    }
    Ok(Value::None)
}

/// Whether an instance's class, or a class's stand-in metaclass, defines `__len__`.
fn has_len(v: &Value) -> bool {
    match v {
        Value::Instance(i) => i.class.lookup("__len__").is_some(),
        Value::Class(c) => c.class_op("__len__").is_some(),
        _ => false,
    }
}

/// `len(v)`.
pub fn len_of(vm: &mut Vm<'_>, v: &Value) -> Result<usize, Flow> {
    Ok(match v {
        Value::Str(s) => s.chars().count(),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.lock().len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.lock().len(),
        Value::Set(s) => s.lock().len(),
        Value::FrozenSet(s) => s.len(),
        Value::Range(r) => r.len().max(0) as usize,
        Value::Instance(_) | Value::Class(_) if has_len(v) => {
            let r = match v {
                Value::Class(c) => {
                    let f = c.class_op("__len__").unwrap_or(Value::None);
                    vm.call(f, Args::new(vec![v.clone()]))?
                }
                _ => vm.call_method(v.clone(), "__len__", Args::default())?,
            };
            match r {
                Value::Int(n) if n >= 0 => n as usize,
                Value::Int(_) => return Err(vm.exc("ValueError", "__len__() should return >= 0")),
                other => {
                    let msg = format!(
                        "'{}' object cannot be interpreted as an integer",
                        vm.type_name(&other)
                    );
                    return Err(vm.exc("TypeError", &msg));
                }
            }
        }
        Value::Native(n) => match &**n {
            super::value::Native::DictView(_, d) => d.lock().len(),
            other => match other.object().and_then(|o| o.size()) {
                Some(len) => len,
                None => {
                    let msg = format!("object of type '{}' has no len()", vm.type_name(v));
                    return Err(vm.exc("TypeError", &msg));
                }
            },
        },
        other => {
            let msg = format!("object of type '{}' has no len()", vm.type_name(other));
            return Err(vm.exc("TypeError", &msg));
        }
    })
}

fn bi_len(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "len", &args, 1, 1)?;
    Ok(Value::Int(len_of(vm, &args.pos[0])? as i64))
}

fn bi_repr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "repr", &args, 1, 1)?;
    Ok(Value::str(&vm.repr(&args.pos[0])?))
}

fn bi_ascii(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "ascii", &args, 1, 1)?;
    let r = vm.repr(&args.pos[0])?;
    Ok(Value::str(&super::format::ascii(&r)))
}

fn bi_abs(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "abs", &args, 1, 1)?;
    Ok(match &args.pos[0] {
        Value::Int(i) => i
            .checked_abs()
            .map_or_else(|| Value::from_big(BigInt::from(*i).abs()), Value::Int),
        Value::Bool(b) => Value::Int(i64::from(*b)),
        Value::BigInt(b) => Value::from_big(b.abs()),
        Value::Float(f) => Value::Float(f.abs()),
        v @ Value::Instance(_) => return vm.call_method(v.clone(), "__abs__", Args::default()),
        other => {
            let msg = format!("bad operand type for abs(): '{}'", vm.type_name(other));
            return Err(vm.exc("TypeError", &msg));
        }
    })
}

fn min_max(vm: &mut Vm<'_>, mut args: Args, is_max: bool) -> Result<Value, Flow> {
    let name = if is_max { "max" } else { "min" };
    let key = args.take_kw("key").filter(|k| !matches!(k, Value::None));
    let default = args.take_kw("default");
    let items = if args.pos.len() == 1 {
        vm.to_vec(&args.pos[0])?
    } else if args.pos.is_empty() {
        let msg = format!("{name} expected at least 1 argument, got 0");
        return Err(vm.exc("TypeError", &msg));
    } else {
        args.pos
    };
    let mut best: Option<(Value, Value)> = None;
    vm.ctx.elapse(items.len() as u64 * super::vm::C_ITEM);
    for x in items {
        let k = match &key {
            Some(f) => vm.call(f.clone(), Args::new(vec![x.clone()]))?,
            None => x.clone(),
        };
        let replace = match &best {
            None => true,
            Some((bk, _)) => {
                let op = if is_max {
                    super::bytecode::CmpOp::Gt
                } else {
                    super::bytecode::CmpOp::Lt
                };
                let r = vm.compare(k.clone(), bk.clone(), op)?;
                vm.truthy(&r)?
            }
        };
        if replace {
            best = Some((k, x));
        }
    }
    match (best, default) {
        (Some((_, v)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => {
            let msg = format!("{name}() arg is an empty sequence");
            Err(vm.exc("ValueError", &msg))
        }
    }
}

fn bi_min(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    min_max(vm, args, false)
}

fn bi_max(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    min_max(vm, args, true)
}

fn bi_sum(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let start = args.take_kw("start");
    if args.pos.is_empty() {
        return Err(vm.exc(
            "TypeError",
            "sum() takes at least 1 positional argument (0 given)",
        ));
    }
    let mut acc = start
        .or_else(|| args.pos.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if matches!(acc, Value::Str(_)) {
        return Err(vm.exc(
            "TypeError",
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let it = vm.iter(&args.pos[0])?;
    while let Some(x) = vm.next(&it)? {
        vm.ctx.elapse(2 * super::vm::C_ITEM);
        acc = match (&acc, &x) {
            (Value::Int(a), Value::Int(b)) if a.checked_add(*b).is_some() => Value::Int(a + b),
            _ => vm.binary_op(acc, x, super::bytecode::BinOp::Add, false)?,
        };
    }
    Ok(acc)
}

/// Sorts values in place (stable), with an optional key and reverse flag.
pub fn sort_values(
    vm: &mut Vm<'_>,
    items: Vec<Value>,
    key: Option<Value>,
    reverse: bool,
) -> Result<Vec<Value>, Flow> {
    let mut keyed = Vec::with_capacity(items.len());
    for x in items {
        let k = match &key {
            Some(f) => vm.call(f.clone(), Args::new(vec![x.clone()]))?,
            None => x.clone(),
        };
        keyed.push((k, x));
    }
    // Already in order (timsort's run detection makes this one pass in CPython too).
    let mut ordered = true;
    for w in keyed.windows(2) {
        vm.ctx.elapse(super::vm::C_ITEM);
        let (a, b) = if reverse {
            (&w[0].0, &w[1].0)
        } else {
            (&w[1].0, &w[0].0)
        };
        let r = vm.compare(a.clone(), b.clone(), super::bytecode::CmpOp::Lt)?;
        if vm.truthy(&r)? {
            ordered = false;
            break;
        }
    }
    if ordered {
        return Ok(keyed.into_iter().map(|(_, x)| x).collect());
    }
    // Merge sort driven by the VM's comparison (which may raise or call __lt__).
    let n = keyed.len();
    let mut idx: Vec<usize> = (0..n).collect();
    let mut tmp = idx.clone();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut a, mut b, mut k) = (i, mid, i);
            while a < mid && b < hi {
                vm.ctx.elapse(super::vm::C_ITEM);
                let (ka, kb) = (&keyed[idx[a]].0, &keyed[idx[b]].0);
                // Take from the right only if strictly smaller (stability); with reverse,
                // only if strictly greater.
                let take_right = if reverse {
                    let r = vm.compare(kb.clone(), ka.clone(), super::bytecode::CmpOp::Gt)?;
                    vm.truthy(&r)?
                } else {
                    let r = vm.compare(kb.clone(), ka.clone(), super::bytecode::CmpOp::Lt)?;
                    vm.truthy(&r)?
                };
                if take_right {
                    tmp[k] = idx[b];
                    b += 1;
                } else {
                    tmp[k] = idx[a];
                    a += 1;
                }
                k += 1;
            }
            while a < mid {
                tmp[k] = idx[a];
                a += 1;
                k += 1;
            }
            while b < hi {
                tmp[k] = idx[b];
                b += 1;
                k += 1;
            }
            i += 2 * width;
        }
        std::mem::swap(&mut idx, &mut tmp);
        width *= 2;
    }
    let mut slots: Vec<Option<Value>> = keyed.into_iter().map(|(_, x)| Some(x)).collect();
    Ok(idx
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect())
}

fn bi_sorted(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let key = args.take_kw("key").filter(|k| !matches!(k, Value::None));
    let reverse = match args.take_kw("reverse") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    want_args(vm, "sorted", &args, 1, 1)?;
    let items = vm.to_vec(&args.pos[0])?;
    Ok(Value::list(sort_values(vm, items, key, reverse)?))
}

fn bi_reversed(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "reversed", &args, 1, 1)?;
    let v = &args.pos[0];
    if let Value::Instance(i) = v
        && i.class.lookup("__reversed__").is_some()
    {
        return vm.call_method(v.clone(), "__reversed__", Args::default());
    }
    let mut items = match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) => vm.to_vec(v)?,
        Value::Dict(_) => vm.to_vec(v)?,
        other => {
            let msg = format!("'{}' object is not reversible", vm.type_name(other));
            return Err(vm.exc("TypeError", &msg));
        }
    };
    items.reverse();
    Ok(Value::Iter(Arc::new(Mutex::new(Iter::Reversed(
        Arc::new(items),
        0,
    )))))
}

fn bi_enumerate(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let start = args.take_kw("start").or_else(|| args.pos.get(1).cloned());
    let start = match start {
        Some(Value::Int(i)) => i,
        None => 0,
        Some(other) => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(&other)
            );
            return Err(vm.exc("TypeError", &msg));
        }
    };
    if args.pos.is_empty() {
        return Err(vm.exc(
            "TypeError",
            "enumerate() missing required argument 'iterable' (pos 1)",
        ));
    }
    let it = vm.iter(&args.pos[0])?;
    Ok(Value::Iter(Arc::new(Mutex::new(Iter::Enumerate(
        it, start,
    )))))
}

fn bi_zip(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let mut its = Vec::with_capacity(args.pos.len());
    for (i, a) in args.pos.iter().enumerate() {
        match vm.iter(a) {
            Ok(it) => its.push(it),
            Err(Flow::Exc(_)) => {
                let msg = format!("zip argument #{} must support iteration", i + 1);
                return Err(vm.exc("TypeError", &msg));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Value::Iter(Arc::new(Mutex::new(Iter::Zip(its)))))
}

fn bi_map(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if args.pos.len() < 2 {
        return Err(vm.exc("TypeError", "map() must have at least two arguments."));
    }
    let mut its = Vec::new();
    for a in &args.pos[1..] {
        its.push(vm.iter(a)?);
    }
    Ok(Value::Iter(Arc::new(Mutex::new(Iter::Map(
        arg(&args, 0),
        its,
    )))))
}

fn bi_filter(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "filter", &args, 2, 2)?;
    let it = vm.iter(&args.pos[1])?;
    Ok(Value::Iter(Arc::new(Mutex::new(Iter::Filter(
        arg(&args, 0),
        it,
    )))))
}

fn bi_iter(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "iter", &args, 1, 1)?;
    vm.iter(&args.pos[0])
}

/// `aiter(x)`: `x.__aiter__()`.
fn bi_aiter(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "aiter", &args, 1, 1)?;
    vm.call_method(args.pos[0].clone(), "__aiter__", Args::default())
}

/// `anext(it)`: the awaitable `it.__anext__()`. The form with a default is not simulated.
fn bi_anext(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "anext", &args, 1, 2)?;
    if args.pos.len() == 2 {
        return Err(Flow::Unsupported(format!(
            "{}: unsupported: anext() with a default",
            vm.where_now()
        )));
    }
    vm.call_method(args.pos[0].clone(), "__anext__", Args::default())
}

fn bi_next(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "next", &args, 1, 2)?;
    let it = &args.pos[0];
    if !matches!(
        it,
        Value::Iter(_) | Value::Generator(_) | Value::Instance(_)
    ) {
        let msg = format!("'{}' object is not an iterator", vm.type_name(it));
        return Err(vm.exc("TypeError", &msg));
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => match args.pos.get(1) {
            Some(d) => Ok(d.clone()),
            None => {
                let cls = vm.interp.types.get("StopIteration");
                let args = match it {
                    Value::Generator(g) => g.ret.lock().take().into_iter().collect(),
                    _ => Vec::new(),
                };
                Err(Flow::Exc(vm.new_exception(cls, args)))
            }
        },
    }
}

fn bi_any(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "any", &args, 1, 1)?;
    let it = vm.iter(&args.pos[0])?;
    while let Some(x) = vm.next(&it)? {
        vm.ctx.elapse(super::vm::C_ITEM);
        if vm.truthy(&x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn bi_all(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "all", &args, 1, 1)?;
    let it = vm.iter(&args.pos[0])?;
    while let Some(x) = vm.next(&it)? {
        vm.ctx.elapse(super::vm::C_ITEM);
        if !vm.truthy(&x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn instance_of(vm: &mut Vm<'_>, v: &Value, cls: &Value) -> Result<bool, Flow> {
    match cls {
        Value::Class(c) => {
            let t = vm.type_of(v);
            Ok(t.is_subclass(c) || virtual_subclass(vm, &t, c)?)
        }
        Value::Tuple(t) => {
            for c in t.iter() {
                if instance_of(vm, v, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(vm.exc(
            "TypeError",
            "isinstance() arg 2 must be a type, a tuple of types, or a union",
        )),
    }
}

fn bi_isinstance(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "isinstance", &args, 2, 2)?;
    Ok(Value::Bool(instance_of(vm, &args.pos[0], &args.pos[1])?))
}

fn bi_issubclass(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "issubclass", &args, 2, 2)?;
    let Value::Class(c) = &args.pos[0] else {
        return Err(vm.exc("TypeError", "issubclass() arg 1 must be a class"));
    };
    let wanted: Vec<Value> = match &args.pos[1] {
        Value::Tuple(t) => t.iter().cloned().collect(),
        other => vec![other.clone()],
    };
    for t in &wanted {
        if let Value::Class(d) = t
            && (c.is_subclass(d) || virtual_subclass(vm, c, d)?)
        {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// Whether `c` counts as a subclass of `abc` without deriving from it: what the class's
/// `_gilscope_subclasscheck` answers (the abstract base classes of `collections.abc`,
/// and `register()`, in place of CPython's `ABCMeta.__subclasscheck__`).
fn virtual_subclass(vm: &mut Vm<'_>, c: &Arc<Class>, abc: &Arc<Class>) -> Result<bool, Flow> {
    if abc.lookup("_gilscope_subclasscheck").is_none() {
        return Ok(false);
    }
    let check = vm.get_attr(&Value::Class(Arc::clone(abc)), "_gilscope_subclasscheck")?;
    let r = vm.call(check, Args::new(vec![Value::Class(Arc::clone(c))]))?;
    vm.truthy(&r)
}

fn attr_name(vm: &mut Vm<'_>, v: &Value) -> Result<Str, Flow> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => {
            let msg = format!(
                "attribute name must be string, not '{}'",
                vm.type_name(other)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}

fn bi_hasattr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "hasattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    match vm.get_attr(&args.pos[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(Flow::Exc(e)) if vm.is_exc(&e, "AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn bi_getattr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "getattr", &args, 2, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    match vm.get_attr(&args.pos[0], &name) {
        Ok(v) => Ok(v),
        Err(Flow::Exc(e)) if args.pos.len() == 3 && vm.is_exc(&e, "AttributeError") => {
            Ok(args.pos[2].clone())
        }
        Err(e) => Err(e),
    }
}

fn bi_setattr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "setattr", &args, 3, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.set_attr(&args.pos[0], &name, args.pos[2].clone())?;
    Ok(Value::None)
}

fn bi_delattr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "delattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.del_attr(&args.pos[0], &name)?;
    Ok(Value::None)
}

fn bi_id(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "id", &args, 1, 1)?;
    Ok(Value::Int(args.pos[0].address() as i64 & i64::MAX))
}

/// `hash(v)` as CPython computes it for ints and strings of one run.
pub fn hash_of(vm: &mut Vm<'_>, v: &Value) -> Result<i64, Flow> {
    use std::hash::{Hash, Hasher};
    if let Value::Instance(i) = v
        && let Some(f) = i.class.lookup("__hash__")
    {
        let r = vm.call(f, Args::new(vec![v.clone()]))?;
        return Ok(match r {
            Value::Int(i) => i,
            _ => 0,
        });
    }
    Ok(match v {
        Value::Int(i) => {
            // CPython: the value modulo 2**61 - 1, with the sign kept; -1 is reserved.
            let m = (1i64 << 61) - 1;
            let h = if *i < 0 {
                -((i.unsigned_abs() % m as u64) as i64)
            } else {
                i % m
            };
            if h == -1 { -2 } else { h }
        }
        Value::Bool(b) => i64::from(*b),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => {
            return hash_of(vm, &Value::Int(*f as i64));
        }
        Value::Float(f) if f.is_finite() => float_hash(*f),
        Value::None => 0x9d_f42,
        _ => {
            let k = vm.key(v.clone())?;
            let mut h = rustc_hash::FxHasher::default();
            k.hash(&mut h);
            (h.finish() >> 1) as i64
        }
    })
}

/// CPython's `_Py_HashDouble` for a finite float: its value modulo 2**61 - 1.
pub fn float_hash(v: f64) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if v == 0.0 {
        return 0;
    }
    // frexp: v = m * 2**e with 0.5 <= |m| < 1.
    let (mut m, mut e) = frexp(v.abs());
    let sign: i64 = if v < 0.0 { -1 } else { 1 };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e.rem_euclid(BITS as i32) as u32
    } else {
        BITS - 1 - ((-1 - e).rem_euclid(BITS as i32)) as u32
    };
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let h = (x as i64).wrapping_mul(sign);
    if h == -1 { -2 } else { h }
}

/// C's `frexp` for a finite positive float.
fn frexp(v: f64) -> (f64, i32) {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

fn bi_hash(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "hash", &args, 1, 1)?;
    Ok(Value::Int(hash_of(vm, &args.pos[0])?))
}

/// Rounds half to even, as Python's `round`.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

fn bi_round(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let nd = args.take_kw("ndigits").or_else(|| args.pos.get(1).cloned());
    if args.pos.is_empty() {
        return Err(vm.exc(
            "TypeError",
            "round() missing required argument 'number' (pos 1)",
        ));
    }
    let x = args.pos[0].clone();
    match (&x, nd) {
        (Value::Float(f), None | Some(Value::None)) => {
            if f.is_nan() {
                return Err(vm.exc("ValueError", "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.exc("OverflowError", "cannot convert float infinity to integer"));
            }
            let r = round_half_even(*f);
            Ok(if r.abs() < 9.2e18 {
                Value::Int(r as i64)
            } else {
                Value::from_big(num_traits::FromPrimitive::from_f64(r).unwrap_or_default())
            })
        }
        (Value::Float(f), Some(Value::Int(n))) => {
            // Round through the decimal representation, like CPython's correctly
            // rounded float rounding.
            let s = format!("{:.*}", n.max(0) as usize, f);
            let exact: f64 = s.parse().unwrap_or(*f);
            if n >= 0 {
                Ok(Value::Float(exact))
            } else {
                Ok(Value::Float(
                    round_half_even(f / 10f64.powi(-n as i32)) * 10f64.powi(-n as i32),
                ))
            }
        }
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), None | Some(Value::None)) => {
            Ok(match x {
                Value::Bool(b) => Value::Int(i64::from(b)),
                other => other,
            })
        }
        (Value::Int(i), Some(Value::Int(n))) => {
            if n >= 0 {
                return Ok(Value::Int(*i));
            }
            let p = 10i64.checked_pow((-n) as u32).unwrap_or(i64::MAX);
            let q = i.div_euclid(p);
            let r = i.rem_euclid(p);
            let q = if r * 2 > p || (r * 2 == p && q % 2 != 0) {
                q + 1
            } else {
                q
            };
            Ok(Value::Int(q * p))
        }
        (Value::Instance(_), _) => vm.call_method(x, "__round__", Args::default()),
        _ => {
            let msg = format!("type {} doesn't define __round__ method", vm.type_name(&x));
            Err(vm.exc("TypeError", &msg))
        }
    }
}

fn bi_divmod(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "divmod", &args, 2, 2)?;
    let (a, b) = (args.pos[0].clone(), args.pos[1].clone());
    let float = matches!(a, Value::Float(_)) || matches!(b, Value::Float(_));
    if float && matches!(b, Value::Float(0.0) | Value::Int(0) | Value::Bool(false)) {
        return Err(vm.exc("ZeroDivisionError", "float divmod()"));
    }
    let q = vm.binary_op(
        a.clone(),
        b.clone(),
        super::bytecode::BinOp::FloorDiv,
        false,
    )?;
    let r = vm.binary_op(a, b, super::bytecode::BinOp::Mod, false)?;
    Ok(Value::tuple(vec![q, r]))
}

fn bi_pow(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "pow", &args, 2, 3)?;
    if let (Some(Value::Int(b)), Some(Value::Int(e)), Some(Value::Int(m))) =
        (args.pos.first(), args.pos.get(1), args.pos.get(2))
    {
        if *m == 0 {
            return Err(vm.exc("ValueError", "pow() 3rd argument cannot be 0"));
        }
        let r = BigInt::from(*b).modpow(&BigInt::from(*e), &BigInt::from(*m));
        let r = if r.is_negative() || (*m < 0 && !r.is_zero()) {
            r + BigInt::from(*m)
        } else {
            r
        };
        return Ok(Value::from_big(r));
    }
    vm.binary_op(
        args.pos[0].clone(),
        args.pos[1].clone(),
        super::bytecode::BinOp::Pow,
        false,
    )
}

fn bi_chr(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "chr", &args, 1, 1)?;
    match &args.pos[0] {
        Value::Int(i) => match u32::try_from(*i).ok().and_then(char::from_u32) {
            Some(c) => Ok(Value::str(c.encode_utf8(&mut [0; 4]))),
            None => Err(vm.exc("ValueError", "chr() arg not in range(0x110000)")),
        },
        other => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}

fn bi_ord(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "ord", &args, 1, 1)?;
    match &args.pos[0] {
        Value::Str(s) if s.chars().count() == 1 => {
            Ok(Value::Int(s.chars().next().map_or(0, |c| c as i64)))
        }
        Value::Str(s) => {
            let msg = format!(
                "ord() expected a character, but string of length {} found",
                s.chars().count()
            );
            Err(vm.exc("TypeError", &msg))
        }
        other => {
            let msg = format!(
                "ord() expected string of length 1, but {} found",
                vm.type_name(other)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}

fn radix(vm: &mut Vm<'_>, args: &Args, spec: &str) -> Result<Value, Flow> {
    want_args(vm, "hex", args, 1, 1)?;
    match &args.pos[0] {
        v @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) => {
            Ok(Value::str(&vm.format(v, spec)?))
        }
        other => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}

fn bi_hex(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    radix(vm, &args, "#x")
}

fn bi_oct(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    radix(vm, &args, "#o")
}

fn bi_bin(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    radix(vm, &args, "#b")
}

fn bi_callable(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "callable", &args, 1, 1)?;
    Ok(Value::Bool(match &args.pos[0] {
        Value::Function(_)
        | Value::Builtin(_)
        | Value::Method(_)
        | Value::Class(_)
        | Value::StaticMethod(_) => true,
        Value::Instance(i) => i.class.lookup("__call__").is_some(),
        _ => false,
    }))
}

fn bi_format(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "format", &args, 1, 2)?;
    let spec = match args.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    };
    Ok(Value::str(&vm.format(&args.pos[0], &spec)?))
}

fn bi_vars(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "vars", &args, 1, 1)?;
    vm.get_attr(&args.pos[0], "__dict__")
}

/// The attributes every class has from `object`, as CPython 3.11's `dir()` lists them,
/// with those a class statement adds (`__dict__`, `__module__`, `__weakref__`).
const CLASS_DUNDERS: &[&str] = &[
    "__class__",
    "__delattr__",
    "__dict__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__module__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
    "__weakref__",
];

/// `dir(obj)`: its attribute names, sorted, as CPython lists them for modules, classes,
/// instances (or what their `__dir__` returns) and the built-in types (their method
/// tables, `crate::methods`). `dir()` with no argument is answered where the call is
/// made (the frame knows the scope); reached here, it is a call CPython's rules would
/// also answer from a frame gilscope does not see.
fn bi_dir(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    want_args(vm, "dir", &args, 0, 1)?;
    let Some(obj) = args.pos.first() else {
        return Err(Flow::Unsupported(format!(
            "{}: unsupported: dir() with no argument called indirectly",
            vm.where_now()
        )));
    };
    let class_names = |c: &Arc<Class>| -> Vec<Str> {
        let mut v: Vec<Str> = std::iter::once(c)
            .chain(c.mro.iter())
            .flat_map(|k| k.dict.lock().keys().cloned().collect::<Vec<_>>())
            .filter(|n| &**n != "__qualname__")
            .collect();
        v.extend(CLASS_DUNDERS.iter().map(|n| Str::from(*n)));
        v
    };
    let mut names: Vec<Str> = match obj {
        Value::Module(m) => m.dict.lock().keys().cloned().collect(),
        Value::Instance(i) => {
            if let Some(f) = i.class.lookup("__dir__") {
                let listed = vm.call(f, Args::new(vec![obj.clone()]))?;
                let items = vm.to_vec(&listed)?;
                let mut v = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Str(s) => v.push(s),
                        other => {
                            let msg = format!(
                                "'<' not supported between instances of 'str' and '{}'",
                                vm.type_name(&other)
                            );
                            return Err(vm.exc("TypeError", &msg));
                        }
                    }
                }
                v
            } else {
                let mut v: Vec<Str> = i.state.lock().dict.keys().cloned().collect();
                v.extend(class_names(&i.class));
                v
            }
        }
        Value::Class(c) if c.kind == TypeKind::User => class_names(c),
        other => match crate::methods::dir_names(other) {
            Some(v) => v.into_iter().map(Str::from).collect(),
            None => {
                let mut v: Vec<Str> = crate::methods::method_names(other)
                    .into_iter()
                    .map(Str::from)
                    .collect();
                v.push(Str::from("__class__"));
                v
            }
        },
    };
    names.sort();
    names.dedup();
    Ok(Value::list(names.into_iter().map(Value::Str).collect()))
}

// ----- constructors of built-in types -----

/// Calls a built-in class.
pub fn construct(vm: &mut Vm<'_>, cls: &Arc<Class>, mut args: Args) -> Result<Value, Flow> {
    let name: &str = &cls.name;
    match cls.kind {
        TypeKind::Bytes => crate::modules::bytes::construct(vm, args),
        TypeKind::Int => {
            let base = args.take_kw("base").or_else(|| args.pos.get(1).cloned());
            let Some(v) = args.pos.first() else {
                return Ok(Value::Int(0));
            };
            if let Value::Bytes(b) = v {
                // `int(b"42")` reads the digits as text.
                let text: String = b.iter().map(|&c| c as char).collect();
                return vm.to_int(&Value::str(&text), base);
            }
            vm.to_int(v, base)
        }
        TypeKind::Float => match args.pos.first() {
            None => Ok(Value::Float(0.0)),
            Some(Value::Str(s)) => {
                let t = s.trim().to_ascii_lowercase().replace('_', "");
                let f = match t.as_str() {
                    "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                    "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                    "nan" | "+nan" | "-nan" => Some(f64::NAN),
                    _ => t.parse::<f64>().ok(),
                };
                match f {
                    Some(f) => Ok(Value::Float(f)),
                    None => {
                        let msg = format!(
                            "could not convert string to float: {}",
                            super::format::str_repr(s)
                        );
                        Err(vm.exc("ValueError", &msg))
                    }
                }
            }
            Some(v @ Value::Instance(_)) => vm.call_method(v.clone(), "__float__", Args::default()),
            Some(v) => match ops_num(v) {
                Some(f) => Ok(Value::Float(f)),
                None => {
                    let msg = format!(
                        "float() argument must be a string or a real number, not '{}'",
                        vm.type_name(v)
                    );
                    Err(vm.exc("TypeError", &msg))
                }
            },
        },
        TypeKind::Str => match args.pos.first() {
            None => Ok(Value::str("")),
            Some(v) => Ok(Value::str(&vm.to_str(v)?)),
        },
        TypeKind::Bool => match args.pos.first() {
            None => Ok(Value::Bool(false)),
            Some(v) => Ok(Value::Bool(vm.truthy(v)?)),
        },
        TypeKind::List => match args.pos.first() {
            None => Ok(Value::list(Vec::new())),
            Some(v) => Ok(Value::list(vm.to_vec(v)?)),
        },
        TypeKind::Tuple => match args.pos.first() {
            None => Ok(Value::tuple(Vec::new())),
            Some(Value::Tuple(t)) => Ok(Value::Tuple(Arc::clone(t))),
            Some(v) => Ok(Value::tuple(vm.to_vec(v)?)),
        },
        TypeKind::Set | TypeKind::FrozenSet => {
            let mut s = Set::default();
            if let Some(v) = args.pos.first() {
                for x in vm.to_vec(v)? {
                    s.insert(vm.key(x)?);
                }
            }
            Ok(if cls.kind == TypeKind::Set {
                Value::Set(Arc::new(Mutex::new(s)))
            } else {
                Value::FrozenSet(Arc::new(s))
            })
        }
        TypeKind::Dict => {
            let mut d = Dict::default();
            if let Some(v) = args.pos.first() {
                dict_update(vm, &mut d, v)?;
            }
            for (k, v) in args.kw {
                d.insert(super::value::Key(Value::Str(k)), v);
            }
            Ok(Value::dict(d))
        }
        TypeKind::Range => {
            let ints: Result<Vec<i64>, Flow> = args
                .pos
                .iter()
                .map(|v| match v {
                    Value::Int(i) => Ok(*i),
                    Value::Bool(b) => Ok(i64::from(*b)),
                    other => {
                        let msg = format!(
                            "'{}' object cannot be interpreted as an integer",
                            vm.type_name(other)
                        );
                        Err(vm.exc("TypeError", &msg))
                    }
                })
                .collect();
            let ints = ints?;
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                [] => return Err(vm.exc("TypeError", "range expected at least 1 argument, got 0")),
                _ => {
                    let msg = format!("range expected at most 3 arguments, got {}", ints.len());
                    return Err(vm.exc("TypeError", &msg));
                }
            };
            if step == 0 {
                return Err(vm.exc("ValueError", "range() arg 3 must not be zero"));
            }
            Ok(Value::Range(Arc::new(RangeObj { start, stop, step })))
        }
        TypeKind::Type => match args.pos.as_slice() {
            [v] => Ok(Value::Class(vm.type_of(v))),
            [Value::Str(n), Value::Tuple(bases), Value::Dict(d)] => {
                let bases: Vec<Arc<Class>> = bases
                    .iter()
                    .filter_map(|b| match b {
                        Value::Class(c) => Some(Arc::clone(c)),
                        _ => None,
                    })
                    .collect();
                let bases = if bases.is_empty() {
                    vec![vm.interp.types.object()]
                } else {
                    bases
                };
                let mut ns = NameMap::default();
                for (k, v) in d.lock().iter() {
                    if let Value::Str(s) = &k.0 {
                        ns.insert(s.clone(), v.clone());
                    }
                }
                let n = n.clone();
                Ok(Value::Class(vm.new_class(&n, bases, ns)?))
            }
            _ => Err(vm.exc("TypeError", "type() takes 1 or 3 arguments")),
        },
        TypeKind::Property => {
            let fget = args
                .take_kw("fget")
                .or_else(|| args.pos.first().cloned())
                .unwrap_or(Value::None);
            let fset = args
                .take_kw("fset")
                .or_else(|| args.pos.get(1).cloned())
                .unwrap_or(Value::None);
            Ok(Value::Property(Arc::new([fget, fset])))
        }
        TypeKind::StaticMethod => Ok(Value::StaticMethod(Arc::new(arg(&args, 0)))),
        TypeKind::ClassMethod => Ok(Value::ClassMethod(Arc::new(arg(&args, 0)))),
        TypeKind::Super => match args.pos.as_slice() {
            [Value::Class(c), obj] => Ok(Value::Super(Arc::new((Arc::clone(c), obj.clone())))),
            _ => Err(vm.exc("RuntimeError", "super(): no arguments")),
        },
        TypeKind::Slice => {
            let v = match args.pos.as_slice() {
                [stop] => [Value::None, stop.clone(), Value::None],
                [a, b] => [a.clone(), b.clone(), Value::None],
                [a, b, c] => [a.clone(), b.clone(), c.clone()],
                _ => return Err(vm.exc("TypeError", "slice expected at least 1 argument, got 0")),
            };
            Ok(Value::Slice(Arc::new(v)))
        }
        TypeKind::Other if matches!(name, "bytearray" | "memoryview") => Err(Flow::Unsupported(
            format!("{}: unsupported: {name}", vm.where_now()),
        )),
        _ => {
            let msg = format!("cannot create '{name}' instances");
            Err(vm.exc("TypeError", &msg))
        }
    }
}

/// Adds the pairs of a mapping or iterable of pairs to `d`.
pub fn dict_update(vm: &mut Vm<'_>, d: &mut Dict, v: &Value) -> Result<(), Flow> {
    // A dict subclass: its dict, as CPython's merge reads it.
    let v = &crate::value::base_value(v);
    // A mapping other than a dict: what its `keys()` gives, each with its item.
    if matches!(v, Value::Instance(_)) && vm.get_attr(v, "keys").is_ok() {
        let keys = vm.call_method(v.clone(), "keys", Args::default())?;
        for k in vm.to_vec(&keys)? {
            let x = vm.getitem(v, &k)?;
            d.insert(vm.key(k)?, x);
        }
        return Ok(());
    }
    if let Value::Dict(src) = v {
        let items: Vec<_> = src
            .lock()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        d.extend(items);
        return Ok(());
    }
    for (i, pair) in vm.to_vec(v)?.into_iter().enumerate() {
        let kv = vm.to_vec(&pair).map_err(|e| match e {
            Flow::Exc(_) => {
                let msg =
                    format!("cannot convert dictionary update sequence element #{i} to a sequence");
                vm.exc("TypeError", &msg)
            }
            other => other,
        })?;
        if kv.len() != 2 {
            let msg = format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                kv.len()
            );
            return Err(vm.exc("ValueError", &msg));
        }
        let mut it = kv.into_iter();
        if let (Some(k), Some(x)) = (it.next(), it.next()) {
            d.insert(vm.key(k)?, x);
        }
    }
    Ok(())
}

/// Converts to i64 for arguments that must be integers.
pub fn as_index(vm: &mut Vm<'_>, v: &Value) -> Result<i64, Flow> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::BigInt(b) => b.to_i64().ok_or_else(|| {
            vm.exc(
                "OverflowError",
                "Python int too large to convert to C ssize_t",
            )
        }),
        other => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}
