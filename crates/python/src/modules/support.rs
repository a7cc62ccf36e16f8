//! What the module files share: a module of natives, a module written in Python, and
//! seconds and timeouts read from arguments.

use std::sync::Arc;

use crate::builtins::func;
use crate::value::{Args, Flow, Module, NameMap, NativeFn, Str, Value};
use crate::vm::{GROUPS_MODULE, Vm};
use gilscope_engine::SEC;

/// A module of built-in functions and constants.
pub fn make_module(
    name: &str,
    fns: &[(&'static str, NativeFn)],
    consts: Vec<(&str, Value)>,
) -> Value {
    let mut d = NameMap::default();
    d.insert(Str::from("__name__"), Value::str(name));
    for (n, f) in fns {
        d.insert(Str::from(*n), func(n, "module", *f));
    }
    for (n, v) in consts {
        d.insert(Str::from(n), v);
    }
    Value::Module(Module::new(name, d))
}

/// A module written in Python: compiled from its embedded source and run once, with the
/// natives it is written on in its globals.
pub fn source_module(
    vm: &mut Vm<'_>,
    name: &str,
    source: &str,
    natives: Vec<(Str, Value)>,
) -> Result<Value, Flow> {
    let path = format!("<gilscope {name}>");
    let program = crate::program::compile(&path, &path, source).map_err(|e| {
        Flow::Unsupported(format!(
            "gilscope: built-in module {name} failed to compile: {e}"
        ))
    })?;
    let mut globals = NameMap::default();
    globals.insert(Str::from("__name__"), Value::str(name));
    globals.insert(
        Str::from("_unsupported"),
        func("_unsupported", name_static(name), unsupported_feature),
    );
    globals.extend(natives);
    let module = Module::new(name, globals);
    vm.run_module(Arc::clone(&program.code), Arc::clone(&module))?;
    Ok(Value::Module(module))
}

fn name_static(name: &str) -> &'static str {
    match name {
        GROUPS_MODULE => GROUPS_MODULE,
        "concurrent.futures" => "concurrent.futures",
        "collections" => "collections",
        "functools" => "functools",
        "itertools" => "itertools",
        "dataclasses" => "dataclasses",
        "logging" => "logging",
        "multiprocessing" => "multiprocessing",
        "asyncio" => "asyncio",
        "contextlib" => "contextlib",
        "logging.handlers" => "logging.handlers",
        "string" => "string",
        "pprint" => "pprint",
        "typing" => "typing",
        "datetime" => "datetime",
        "traceback" => "traceback",
        "enum" => "enum",
        "abc" => "abc",
        "statistics" => "statistics",
        "warnings" => "warnings",
        "timeit" => "timeit",
        _ => "module",
    }
}

/// `_unsupported(what)`: a feature of a Python-written module gilscope cannot simulate.
fn unsupported_feature(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let what = match args.pos.first() {
        Some(Value::Str(s)) => s.to_string(),
        _ => "this feature".to_owned(),
    };
    Err(Flow::Unsupported(format!(
        "{}: unsupported: {what}",
        vm.where_now()
    )))
}

/// Seconds (int or float) to nanoseconds; `what` names the argument in errors.
pub fn seconds(vm: &mut Vm<'_>, v: &Value, _what: &str) -> Result<f64, Flow> {
    match crate::vm::ops_num(v) {
        Some(f) => {
            if f.is_nan() {
                return Err(vm.exc("ValueError", "Invalid value NaN (not a number)"));
            }
            Ok(f)
        }
        _ => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}

/// A timeout argument in nanoseconds (`None` or negative means none).
pub fn timeout_ns(vm: &mut Vm<'_>, v: Option<&Value>) -> Result<Option<u64>, Flow> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let f = seconds(vm, v, "timeout")?;
            if f < 0.0 {
                Ok(None)
            } else {
                Ok(Some((f * SEC as f64).round() as u64))
            }
        }
    }
}
