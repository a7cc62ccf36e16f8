//! The `bytes` type: literals (`b"42"`), `bytes(...)`, `str.encode`, and the common
//! methods. Most methods are the `str` ones applied to the bytes read as Latin-1 (one
//! character per byte), which gives CPython's results for the ASCII-based operations
//! bytes have (`split`, `strip`, `replace`, `upper`, `startswith`, `find`...); `decode`,
//! `hex` and `fromhex` are their own.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::value::{Args, Flow, Value};
use crate::vm::Vm;

/// Methods of `bytes` gilscope has.
pub const METHODS: &[&str] = &[
    "decode",
    "hex",
    "count",
    "endswith",
    "find",
    "index",
    "isalnum",
    "isalpha",
    "isdigit",
    "islower",
    "isspace",
    "isupper",
    "join",
    "lower",
    "lstrip",
    "partition",
    "replace",
    "rfind",
    "rindex",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "upper",
    "title",
    "capitalize",
    "swapcase",
    "center",
    "ljust",
    "rjust",
    "zfill",
];

/// `repr(b)` as CPython writes it: `b'...'`, in double quotes only when the bytes hold a
/// single quote and no double quote.
pub fn repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote as char);
    out
}

/// The bytes read as Latin-1 text.
fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

/// A `str` result of a delegated method turned back into bytes (its characters are
/// all below 256: they came from bytes).
fn to_bytes(s: &str) -> Value {
    Value::Bytes(Arc::new(s.chars().map(|c| c as u32 as u8).collect()))
}

/// What a method of the Latin-1 text gave, as the bytes method gives it.
pub fn back(v: Value) -> Value {
    match v {
        Value::Str(s) => to_bytes(&s),
        Value::List(l) => {
            let items: Vec<Value> = l.lock().drain(..).map(back).collect();
            Value::list(items)
        }
        Value::Tuple(t) => Value::tuple(t.iter().cloned().map(back).collect()),
        other => other,
    }
}

/// An argument of a bytes method: bytes become their Latin-1 text; a str is refused
/// as CPython refuses it.
fn arg(vm: &mut Vm<'_>, name: &str, v: Value) -> Result<Value, Flow> {
    match v {
        Value::Bytes(b) => Ok(Value::str(&latin1(&b))),
        Value::Tuple(t) => {
            let mut items = Vec::with_capacity(t.len());
            for x in t.iter() {
                items.push(arg(vm, name, x.clone())?);
            }
            Ok(Value::tuple(items))
        }
        Value::List(l) if name == "join" => {
            let items: Vec<Value> = l.lock().clone();
            let mut out = Vec::with_capacity(items.len());
            for (i, x) in items.into_iter().enumerate() {
                match x {
                    Value::Bytes(b) => out.push(Value::str(&latin1(&b))),
                    other => {
                        let msg = format!(
                            "sequence item {i}: expected a bytes-like object, {} found",
                            vm.type_name(&other)
                        );
                        return Err(vm.exc("TypeError", &msg));
                    }
                }
            }
            Ok(Value::list(out))
        }
        Value::Str(_) => {
            let msg = if name == "join" {
                "can only join an iterable".to_owned()
            } else {
                "a bytes-like object is required, not 'str'".to_owned()
            };
            Err(vm.exc("TypeError", &msg))
        }
        other => Ok(other),
    }
}

/// How a method of bytes is answered.
pub enum Call {
    /// By the bytes themselves (`decode`, `hex`).
    Done(Value),
    /// By the `str` method of this Latin-1 text with these arguments, whose result
    /// `back` turns into bytes (methods.rs makes the call).
    AsText(Value, Args),
    /// Bytes have no such method.
    Unknown,
}

/// Calls method `name` of bytes `b`, or says which `str` call answers it.
pub fn method(vm: &mut Vm<'_>, b: &Arc<Vec<u8>>, name: &str, mut args: Args) -> Result<Call, Flow> {
    match name {
        "decode" => {
            let encoding = args
                .take_kw("encoding")
                .or_else(|| args.pos.first().cloned());
            let errors = args.take_kw("errors").or_else(|| args.pos.get(1).cloned());
            let enc = match &encoding {
                Some(Value::Str(s)) => s.to_ascii_lowercase().replace('_', "-"),
                _ => "utf-8".to_owned(),
            };
            let lenient = matches!(&errors, Some(Value::Str(e)) if &**e != "strict");
            let text = match enc.as_str() {
                "utf-8" | "utf8" => match std::str::from_utf8(b) {
                    Ok(s) => s.to_owned(),
                    Err(_) if lenient => String::from_utf8_lossy(b).into_owned(),
                    Err(e) => {
                        let at = e.valid_up_to();
                        let msg = format!(
                            "'utf-8' codec can't decode byte 0x{:02x} in position {at}: invalid start byte",
                            b[at]
                        );
                        return Err(vm.exc("UnicodeDecodeError", &msg));
                    }
                },
                "latin-1" | "latin1" | "iso-8859-1" => latin1(b),
                "ascii" => match b.iter().position(|&c| c > 0x7f) {
                    Some(at) if !lenient => {
                        let msg = format!(
                            "'ascii' codec can't decode byte 0x{:02x} in position {at}: ordinal not in range(128)",
                            b[at]
                        );
                        return Err(vm.exc("UnicodeDecodeError", &msg));
                    }
                    _ => b
                        .iter()
                        .map(|&c| if c > 0x7f { '\u{fffd}' } else { c as char })
                        .collect(),
                },
                other => {
                    let msg = format!("unknown encoding: {other}");
                    return Err(vm.exc("LookupError", &msg));
                }
            };
            Ok(Call::Done(Value::str(&text)))
        }
        "hex" => {
            let sep = args.pos.first().cloned();
            let hexes: Vec<String> = b.iter().map(|c| format!("{c:02x}")).collect();
            Ok(Call::Done(Value::str(&match sep {
                Some(Value::Str(s)) => hexes.join(&s),
                Some(Value::Bytes(s)) => hexes.join(&latin1(&s)),
                _ => hexes.concat(),
            })))
        }
        _ if METHODS.contains(&name) => {
            let mut pos = Vec::with_capacity(args.pos.len());
            for v in std::mem::take(&mut args.pos) {
                pos.push(arg(vm, name, v)?);
            }
            let mut kw = Vec::with_capacity(args.kw.len());
            for (k, v) in std::mem::take(&mut args.kw) {
                kw.push((k, arg(vm, name, v)?));
            }
            Ok(Call::AsText(Value::str(&latin1(b)), Args { pos, kw }))
        }
        _ => Ok(Call::Unknown),
    }
}

/// `str.encode(encoding="utf-8", errors="strict")`.
pub fn encode(vm: &mut Vm<'_>, s: &str, mut args: Args) -> Result<Value, Flow> {
    let encoding = args
        .take_kw("encoding")
        .or_else(|| args.pos.first().cloned());
    let errors = args.take_kw("errors").or_else(|| args.pos.get(1).cloned());
    let lenient = matches!(&errors, Some(Value::Str(e)) if &**e != "strict");
    let enc = match &encoding {
        Some(Value::Str(e)) => e.to_ascii_lowercase().replace('_', "-"),
        _ => "utf-8".to_owned(),
    };
    let narrow = |limit: u32, codec: &str, vm: &mut Vm<'_>| -> Result<Value, Flow> {
        let mut out = Vec::with_capacity(s.len());
        for (i, c) in s.chars().enumerate() {
            if (c as u32) < limit {
                out.push(c as u32 as u8);
            } else if lenient {
                out.push(b'?');
            } else {
                let msg = format!(
                    "'{codec}' codec can't encode character '\\u{:04x}' in position {i}: ordinal not in range({limit})",
                    c as u32
                );
                return Err(vm.exc("UnicodeEncodeError", &msg));
            }
        }
        Ok(Value::Bytes(out.into()))
    };
    match enc.as_str() {
        "utf-8" | "utf8" => Ok(Value::Bytes(Arc::new(s.as_bytes().to_vec()))),
        "ascii" => narrow(128, "ascii", vm),
        "latin-1" | "latin1" | "iso-8859-1" => narrow(256, "latin-1", vm),
        other => {
            let msg = format!("unknown encoding: {other}");
            Err(vm.exc("LookupError", &msg))
        }
    }
}

/// `bytes()`, `bytes(n)`, `bytes(iterable_of_ints)`, `bytes(text, encoding)`.
pub fn construct(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let Some(source) = (!args.pos.is_empty()).then(|| args.pos.remove(0)) else {
        return Ok(Value::Bytes(Arc::new(Vec::new())));
    };
    match &source {
        Value::Str(s) => {
            if args.pos.is_empty() && !args.kw.iter().any(|(k, _)| &**k == "encoding") {
                return Err(vm.exc("TypeError", "string argument without an encoding"));
            }
            encode(vm, s, args)
        }
        Value::Bytes(_) => Ok(source.clone()),
        Value::Int(n) => {
            if *n < 0 {
                return Err(vm.exc("ValueError", "negative count"));
            }
            vm.reserve(*n as usize)?;
            Ok(Value::Bytes(vec![0u8; *n as usize].into()))
        }
        other => {
            let items = vm.to_vec(other)?;
            let mut out = Vec::with_capacity(items.len());
            for x in items {
                match x {
                    Value::Int(i) if (0..256).contains(&i) => out.push(i as u8),
                    Value::Int(_) => {
                        return Err(vm.exc("ValueError", "bytes must be in range(0, 256)"));
                    }
                    other => {
                        let msg = format!(
                            "'{}' object cannot be interpreted as an integer",
                            vm.type_name(&other)
                        );
                        return Err(vm.exc("TypeError", &msg));
                    }
                }
            }
            Ok(Value::Bytes(out.into()))
        }
    }
}

/// `bytes.fromhex(text)`.
pub fn fromhex(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let text = match args.pos.last() {
        Some(Value::Str(s)) => s.clone(),
        _ => return Err(vm.exc("TypeError", "fromhex() argument must be str")),
    };
    let digits: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    let mut out = Vec::with_capacity(digits.len() / 2);
    for pair in digits.chunks(2) {
        let (Some(hi), Some(lo)) = (
            pair.first().and_then(|(_, c)| c.to_digit(16)),
            pair.get(1).and_then(|(_, c)| c.to_digit(16)),
        ) else {
            let at = pair
                .iter()
                .find(|(_, c)| !c.is_ascii_hexdigit())
                .map_or(text.len(), |(i, _)| *i);
            let msg = format!("non-hexadecimal number found in fromhex() arg at position {at}");
            return Err(vm.exc("ValueError", &msg));
        };
        out.push((hi * 16 + lo) as u8);
    }
    Ok(Value::Bytes(out.into()))
}
