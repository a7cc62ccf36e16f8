//! `uuid`: written in Python (`uuid.py`) on two natives: random bytes from the run's one
//! seeded generator (so a seed gives the same `uuid4()` every run) and the MD5 and SHA-1
//! digests `uuid3` and `uuid5` hash names with (so those equal CPython's).

use std::sync::Arc;

use md5::Md5;
use sha1::{Digest, Sha1};

use super::support::source_module;
use crate::builtins::func;
use crate::value::{Args, Flow, Str, Value};
use crate::vm::Vm;

/// Builds the `uuid` module.
pub fn module(vm: &mut Vm<'_>) -> Result<Value, Flow> {
    source_module(
        vm,
        "uuid",
        include_str!("uuid.py"),
        vec![
            (Str::from("_urandom"), func("_urandom", "uuid", urandom)),
            (Str::from("_digest"), func("_digest", "uuid", digest)),
        ],
    )
}

/// `_urandom(n)`: `n` bytes from the run's seeded generator.
fn urandom(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let n = match args.pos.first() {
        Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
        _ => return Err(vm.exc("TypeError", "_urandom() needs an int")),
    };
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        out.extend_from_slice(&vm.ctx.random_u64().to_le_bytes());
    }
    out.truncate(n);
    Ok(Value::Bytes(Arc::new(out)))
}

/// `_digest(name, data)`: the `"md5"` or `"sha1"` digest of bytes `data`.
fn digest(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (Some(Value::Str(name)), Some(Value::Bytes(data))) = (args.pos.first(), args.pos.get(1))
    else {
        return Err(vm.exc("TypeError", "_digest() needs a name and bytes"));
    };
    let out = match &**name {
        "md5" => Md5::digest(data.as_slice()).to_vec(),
        _ => Sha1::digest(data.as_slice()).to_vec(),
    };
    Ok(Value::Bytes(Arc::new(out)))
}
