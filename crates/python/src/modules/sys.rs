//! `sys`: argv, the switch interval, exit, and the standard streams.

use std::sync::atomic::Ordering;

use super::support::make_module;
use crate::value::{Args, Flow, Value};
use crate::vm::Vm;
use crate::vm::interp::StdStream;
use gilscope_engine::SEC;

/// The `sys` module.
pub fn module(vm: &mut Vm<'_>) -> Value {
    let mut argv = vec![Value::str(&vm.interp.program.display)];
    argv.extend(vm.interp.config.args.iter().map(|a| Value::str(a)));
    let version = "3.11.7 (main, gilscope) [simulated CPython]";
    make_module(
        "sys",
        &[
            ("setswitchinterval", set_interval),
            ("getswitchinterval", get_interval),
            ("exit", exit),
            ("getrecursionlimit", get_limit),
            ("setrecursionlimit", set_limit),
            ("get_int_max_str_digits", get_digits),
            ("set_int_max_str_digits", set_digits),
            ("exc_info", exc_info),
            ("getrefcount", refcount),
        ],
        vec![
            ("argv", Value::list(argv)),
            ("stdout", Value::native(StdStream::Stdout)),
            ("stderr", Value::native(StdStream::Stderr)),
            ("__stdout__", Value::native(StdStream::Stdout)),
            ("__stderr__", Value::native(StdStream::Stderr)),
            ("version", Value::str(version)),
            ("platform", Value::str("linux")),
            ("maxsize", Value::Int(i64::MAX)),
            ("byteorder", Value::str("little")),
            ("executable", Value::str("/usr/bin/python3")),
        ],
    )
}

fn set_interval(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(v) = args.pos.first() else {
        return Err(vm.exc(
            "TypeError",
            "setswitchinterval() takes exactly one argument (0 given)",
        ));
    };
    let s = match crate::vm::ops_num(v) {
        Some(s) => s,
        None => {
            let msg = format!("must be real number, not {}", vm.type_name(v));
            return Err(vm.exc("TypeError", &msg));
        }
    };
    if s <= 0.0 {
        return Err(vm.exc("ValueError", "switch interval must be strictly positive"));
    }
    // CPython stores whole microseconds.
    let us = (s * 1e6) as u64;
    vm.ctx.set_switch_interval(us.max(1) * 1_000);
    Ok(Value::None)
}

fn get_interval(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Float(vm.ctx.switch_interval() as f64 / SEC as f64))
}

fn exit(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let cls = vm.interp.types.get("SystemExit");
    let e = vm.new_exception(cls, args.pos);
    Err(Flow::Exc(e))
}

fn get_limit(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let n = vm
        .interp
        .recursion_limit
        .load(std::sync::atomic::Ordering::Relaxed);
    Ok(Value::Int(i64::from(n)))
}

fn set_limit(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let n = match args.pos.first() {
        Some(Value::Int(n)) => *n,
        Some(other) => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            );
            return Err(vm.exc("TypeError", &msg));
        }
        None => {
            return Err(vm.exc(
                "TypeError",
                "setrecursionlimit() takes exactly one argument (0 given)",
            ));
        }
    };
    if n < 1 {
        return Err(vm.exc(
            "ValueError",
            "recursion limit must be greater or equal than 1",
        ));
    }
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    vm.interp
        .recursion_limit
        .store(n, std::sync::atomic::Ordering::Relaxed);
    Ok(Value::None)
}

fn get_digits(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let n = vm.interp.int_max_str_digits.load(Ordering::Relaxed);
    Ok(Value::Int(n as i64))
}

fn set_digits(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let n = match args.pos.first().or_else(|| args.kw.first().map(|(_, v)| v)) {
        Some(Value::Int(n)) => *n,
        _ => {
            return Err(vm.exc(
                "TypeError",
                "set_int_max_str_digits() takes exactly one argument",
            ));
        }
    };
    if n != 0 && n < 640 {
        return Err(vm.exc("ValueError", "maxdigits must be 0 or larger than 640"));
    }
    vm.interp
        .int_max_str_digits
        .store(n as usize, Ordering::Relaxed);
    Ok(Value::None)
}

fn exc_info(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(match vm.handling.last().cloned() {
        Some(e) => {
            let t = Value::Class(vm.type_of(&e));
            Value::tuple(vec![t, e, Value::None])
        }
        None => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn refcount(_vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(2))
}
