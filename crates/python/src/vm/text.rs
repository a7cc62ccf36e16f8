//! Values as text: `repr`, `str`, `format()` and `%` formatting, on the VM (they call
//! back into Python for `__repr__`, `__str__`, `__format__`). The text rules themselves
//! (CPython's float repr, the format-spec mini-language) are in `format.rs`.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;

use num_bigint::BigInt;

use super::Vm;
use crate::format::{Spec, ascii, float_repr, set_order, str_repr};
use crate::value::{Args, Flow, MethodFunc, Native, TypeKind, Value};

impl Vm<'_> {
    /// A big int in decimal, or CPython 3.11's ValueError when it has more digits than
    /// `sys.get_int_max_str_digits()` allows.
    pub fn int_to_decimal(&mut self, b: &BigInt) -> Result<String, Flow> {
        let limit = self.interp.int_max_str_digits.load(Ordering::Relaxed);
        // Fewer than 3.32 bits per digit: only numbers this long can exceed the limit.
        if limit > 0 && b.bits() as f64 > (limit as f64) * std::f64::consts::LOG2_10 - 1.0 {
            let text = b.to_string();
            if text.trim_start_matches('-').len() > limit {
                let msg = format!(
                    "Exceeds the limit ({limit} digits) for integer string conversion; \
                     use sys.set_int_max_str_digits() to increase the limit"
                );
                return Err(self.exc("ValueError", &msg));
            }
            return Ok(text);
        }
        Ok(b.to_string())
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> Result<String, Flow> {
        self.repr_depth(v, 0)
    }

    fn repr_depth(&mut self, v: &Value, depth: usize) -> Result<String, Flow> {
        if depth > 200 {
            return Err(self.exc(
                "RecursionError",
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        let d = depth + 1;
        Ok(match v {
            Value::None => "None".into(),
            Value::NotImplemented => "NotImplemented".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => self.int_to_decimal(b)?,
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s),
            Value::Bytes(b) => crate::modules::bytes::repr(b),
            Value::Tuple(t) => {
                let mut parts = Vec::with_capacity(t.len());
                for x in t.iter() {
                    parts.push(self.repr_depth(x, d)?);
                }
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Value::List(l) => {
                let items = l.lock().clone();
                let mut parts = Vec::with_capacity(items.len());
                for x in &items {
                    if let Value::List(inner) = x
                        && std::sync::Arc::ptr_eq(inner, l)
                    {
                        parts.push("[...]".to_owned());
                        continue;
                    }
                    parts.push(self.repr_depth(x, d)?);
                }
                format!("[{}]", parts.join(", "))
            }
            Value::Dict(m) => {
                let items: Vec<(Value, Value)> = m
                    .lock()
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(items.len());
                for (k, x) in &items {
                    let ks = self.repr_depth(k, d)?;
                    let vs = if let Value::Dict(inner) = x
                        && std::sync::Arc::ptr_eq(inner, m)
                    {
                        "{...}".to_owned()
                    } else {
                        self.repr_depth(x, d)?
                    };
                    parts.push(format!("{ks}: {vs}"));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(s) => {
                let items: Vec<Value> = s.lock().iter().map(|k| k.0.clone()).collect();
                if items.is_empty() {
                    "set()".into()
                } else {
                    format!("{{{}}}", self.join_reprs(&set_order(items), d)?)
                }
            }
            Value::FrozenSet(s) => {
                let items: Vec<Value> = s.iter().map(|k| k.0.clone()).collect();
                if items.is_empty() {
                    "frozenset()".into()
                } else {
                    format!("frozenset({{{}}})", self.join_reprs(&set_order(items), d)?)
                }
            }
            Value::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => format!(
                "slice({}, {}, {})",
                self.repr_depth(&s[0], d)?,
                self.repr_depth(&s[1], d)?,
                self.repr_depth(&s[2], d)?
            ),
            Value::Function(f) => format!("<function {} at {:#x}>", f.qualname, v.address()),
            Value::Builtin(b) => match &b.bound {
                Some(this) => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    b.name,
                    self.type_name(this),
                    this.address()
                ),
                None => format!("<built-in function {}>", b.name),
            },
            Value::Method(m) => {
                let this = self.repr_depth(&m.this, d)?;
                match &m.func {
                    MethodFunc::Callable(Value::Function(f)) => {
                        format!("<bound method {} of {this}>", f.qualname)
                    }
                    MethodFunc::Callable(Value::Builtin(b)) => {
                        format!("<bound method {} of {this}>", b.name)
                    }
                    MethodFunc::Callable(_) => format!("<bound method of {this}>"),
                    MethodFunc::Native(n) => format!(
                        "<built-in method {n} of {} object at {:#x}>",
                        self.type_name(&m.this),
                        m.this.address()
                    ),
                }
            }
            Value::Class(c) => {
                if let Some(f) = c.class_op("__repr__") {
                    let r = self.call(f, Args::new(vec![v.clone()]))?;
                    return self.to_str(&r);
                }
                if &*c.module == "builtins" {
                    format!("<class '{}'>", c.qualname)
                } else {
                    format!("<class '{}.{}'>", c.module, c.qualname)
                }
            }
            Value::Module(m) => {
                if &*m.name == "__main__" {
                    format!("<module '__main__' from '{}'>", self.interp.program.path)
                } else {
                    format!("<module '{}' (built-in)>", m.name)
                }
            }
            Value::Iter(_) => format!("<{} object at {:#x}>", self.type_name(v), v.address()),
            Value::Generator(g) => {
                format!(
                    "<{} object {} at {:#x}>",
                    self.type_name(v),
                    g.code.qualname,
                    v.address()
                )
            }
            Value::Native(n) => {
                let addr = v.address();
                match &**n {
                    Native::DictView(k, d) => {
                        let items = k.items(&d.lock());
                        let inner = self.repr(&Value::list(items))?;
                        format!("{}({inner})", k.name())
                    }
                    Native::Object(o) => match o.repr(self, v)? {
                        Some(r) => r,
                        None => format!("<{} object at {addr:#x}>", o.type_name()),
                    },
                    Native::AsyncGenWrapped(_) => {
                        format!("<{} object at {addr:#x}>", n.type_name())
                    }
                }
            }
            Value::Instance(i) => {
                if let Some(f) = i.class.lookup("__repr__") {
                    let r = self.call(f, Args::new(vec![v.clone()]))?;
                    return match r {
                        Value::Str(s) => Ok(s.to_string()),
                        other => {
                            let msg = format!(
                                "__repr__ returned non-string (type {})",
                                self.type_name(&other)
                            );
                            Err(self.exc("TypeError", &msg))
                        }
                    };
                }
                if self.is_exc(v, "BaseException") {
                    let args = match i.get("args") {
                        Some(Value::Tuple(t)) => t,
                        _ => std::sync::Arc::new(Vec::new()),
                    };
                    let inner = if args.len() == 1 {
                        self.repr_depth(&args[0], d)?
                    } else {
                        self.join_reprs(&args, d)?
                    };
                    return Ok(format!("{}({inner})", i.class.name));
                }
                if i.class.kind == TypeKind::Thread {
                    return (self.interp.hooks.thread_repr)(self, v);
                }
                let module = &i.class.module;
                format!(
                    "<{module}.{} object at {:#x}>",
                    i.class.qualname,
                    v.address()
                )
            }
            Value::Property(_) => format!("<property object at {:#x}>", v.address()),
            Value::StaticMethod(_) => format!("<staticmethod object at {:#x}>", v.address()),
            Value::ClassMethod(_) => format!("<classmethod object at {:#x}>", v.address()),
            Value::Super(s) => format!(
                "<super: <class '{}'>, <{} object>>",
                s.0.name,
                self.type_name(&s.1)
            ),
            Value::Code(c) => format!("<code object {} at {:#x}>", c.name, v.address()),
            Value::Cell(_) => format!("<cell at {:#x}>", v.address()),
        })
    }

    fn join_reprs(&mut self, items: &[Value], depth: usize) -> Result<String, Flow> {
        let mut parts = Vec::with_capacity(items.len());
        for x in items {
            parts.push(self.repr_depth(x, depth)?);
        }
        Ok(parts.join(", "))
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: &Value) -> Result<String, Flow> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Instance(i) => {
                if let Some(f) = i.class.lookup("__str__") {
                    let r = self.call(f, Args::new(vec![v.clone()]))?;
                    return match r {
                        Value::Str(s) => Ok(s.to_string()),
                        other => {
                            let msg = format!(
                                "__str__ returned non-string (type {})",
                                self.type_name(&other)
                            );
                            Err(self.exc("TypeError", &msg))
                        }
                    };
                }
                if self.is_exc(v, "BaseException") && i.class.lookup("__repr__").is_none() {
                    let args = match i.get("args") {
                        Some(Value::Tuple(t)) => t,
                        _ => std::sync::Arc::new(Vec::new()),
                    };
                    if self.is_exc(v, "KeyError") && args.len() == 1 {
                        return self.repr(&args[0]);
                    }
                    return match args.len() {
                        0 => Ok(String::new()),
                        1 => self.to_str(&args[0]),
                        _ => self.repr(&Value::Tuple(args)),
                    };
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> Result<String, Flow> {
        if let Value::Instance(i) = v
            && let Some(f) = i.class.lookup("__format__")
        {
            let r = self.call(f, Args::new(vec![v.clone(), Value::str(spec)]))?;
            return self.to_str(&r);
        }
        if spec.is_empty() {
            return self.to_str(v);
        }
        let Some(sp) = Spec::parse(spec) else {
            return Err(self.exc("ValueError", "Invalid format specifier"));
        };
        match v {
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_)
                if !matches!(sp.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) =>
            {
                let n = match v {
                    Value::Int(i) => BigInt::from(*i),
                    Value::Bool(b) => BigInt::from(i64::from(*b)),
                    Value::BigInt(b) => (**b).clone(),
                    _ => BigInt::from(0),
                };
                if let Some(c) = sp.ty
                    && !matches!(c, 'd' | 'n' | 'x' | 'X' | 'o' | 'b' | 'c')
                {
                    let msg = format!("Unknown format code '{c}' for object of type 'int'");
                    return Err(self.exc("ValueError", &msg));
                }
                if matches!(sp.ty, None | Some('d' | 'n')) {
                    self.int_to_decimal(&n)?;
                }
                if sp.ty.is_none() && matches!(v, Value::Bool(_)) && sp.sign.is_none() {
                    let s = self.to_str(v)?;
                    return Ok(sp.pad(&s, '<'));
                }
                if sp.precision.is_some() {
                    return Err(self.exc(
                        "ValueError",
                        "Precision not allowed in integer format specifier",
                    ));
                }
                Ok(sp.format_int(&n))
            }
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_) => {
                let f = super::ops_num(v).unwrap_or(0.0);
                if let Some(c) = sp.ty
                    && !matches!(c, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n')
                {
                    let msg = format!("Unknown format code '{c}' for object of type 'float'");
                    return Err(self.exc("ValueError", &msg));
                }
                Ok(sp.format_float(f))
            }
            Value::Str(s) => {
                if let Some(c) = sp.ty
                    && c != 's'
                {
                    let msg = format!("Unknown format code '{c}' for object of type 'str'");
                    return Err(self.exc("ValueError", &msg));
                }
                if sp.sign.is_some() {
                    return Err(
                        self.exc("ValueError", "Sign not allowed in string format specifier")
                    );
                }
                let mut s: String = s.to_string();
                if let Some(p) = sp.precision {
                    s = s.chars().take(p).collect();
                }
                Ok(sp.pad(&s, '<'))
            }
            Value::None
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Instance(_) => {
                let msg = format!(
                    "unsupported format string passed to {}.__format__",
                    self.type_name(v)
                );
                Err(self.exc("TypeError", &msg))
            }
            _ => {
                let s = self.to_str(v)?;
                Ok(sp.pad(&s, '<'))
            }
        }
    }

    /// `fmt % args` (printf-style formatting, CPython's rules: flags `#0- +`, `*` width and
    /// precision, `%(key)` with a mapping).
    pub fn percent(&mut self, fmt: &str, args: &Value) -> Result<String, Flow> {
        percent(self, fmt, args)
    }
}

fn percent(vm: &mut Vm<'_>, fmt: &str, args: &Value) -> Result<String, Flow> {
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.as_ref().clone(),
        other => vec![other.clone()],
    };
    let mapping = match args {
        Value::Dict(_) => true,
        Value::Instance(i) => i.class.lookup("__getitem__").is_some(),
        _ => false,
    };
    let mut next = items.into_iter();
    let mut out = String::new();
    let c: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut key = None;
        if i < c.len() && c[i] == '(' {
            let mut depth = 1;
            let s = i + 1;
            while i + 1 < c.len() && depth > 0 {
                i += 1;
                match c[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            if depth > 0 {
                return Err(vm.exc("ValueError", "incomplete format key"));
            }
            key = Some(c[s..i].iter().collect::<String>());
            i += 1;
        }
        let (mut left, mut plus, mut space, mut alt, mut zero) =
            (false, false, false, false, false);
        while i < c.len() {
            match c[i] {
                '-' => left = true,
                '+' => plus = true,
                ' ' => space = true,
                '#' => alt = true,
                '0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut take_arg = |vm: &mut Vm<'_>| match next.next() {
            Some(v) => Ok(v),
            None => Err(vm.exc("TypeError", "not enough arguments for format string")),
        };
        let mut width = 0usize;
        if i < c.len() && c[i] == '*' {
            i += 1;
            match take_arg(vm)? {
                Value::Int(w) => {
                    if w < 0 {
                        left = true;
                    }
                    width = w.unsigned_abs() as usize;
                }
                _ => return Err(vm.exc("TypeError", "* wants int")),
            }
        } else {
            while i < c.len() && c[i].is_ascii_digit() {
                width = width * 10 + c[i] as usize - '0' as usize;
                i += 1;
            }
        }
        let mut prec = None;
        if i < c.len() && c[i] == '.' {
            i += 1;
            if i < c.len() && c[i] == '*' {
                i += 1;
                match take_arg(vm)? {
                    Value::Int(p) => prec = Some(p.max(0) as usize),
                    _ => return Err(vm.exc("TypeError", "* wants int")),
                }
            } else {
                let mut p = 0usize;
                while i < c.len() && c[i].is_ascii_digit() {
                    p = p * 10 + c[i] as usize - '0' as usize;
                    i += 1;
                }
                prec = Some(p);
            }
        }
        while i < c.len() && matches!(c[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        let Some(&conv) = c.get(i) else {
            return Err(vm.exc("ValueError", "incomplete format"));
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = match &key {
            Some(k) => {
                if !mapping {
                    return Err(vm.exc("TypeError", "format requires a mapping"));
                }
                vm.getitem(args, &Value::str(k))?
            }
            None => take_arg(vm)?,
        };
        let body = match conv {
            's' => vm.to_str(&v)?,
            'r' => vm.repr(&v)?,
            'a' => {
                let r = vm.repr(&v)?;
                ascii(&r)
            }
            'c' => match &v {
                Value::Int(n) => match u32::try_from(*n).ok().and_then(char::from_u32) {
                    Some(ch) => ch.to_string(),
                    None => {
                        return Err(vm.exc("OverflowError", "%c arg not in range(0x110000)"));
                    }
                },
                Value::Str(s) if s.chars().count() == 1 => s.to_string(),
                _ => return Err(vm.exc("TypeError", "%c requires int or char")),
            },
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let n = match &v {
                    Value::Int(_) | Value::BigInt(_) => v.clone(),
                    Value::Bool(b) => Value::Int(i64::from(*b)),
                    Value::Float(f) if matches!(conv, 'd' | 'i' | 'u') => {
                        vm.to_int(&Value::Float(*f), None)?
                    }
                    other => {
                        let what = if matches!(conv, 'd' | 'i' | 'u') {
                            "a real number is required"
                        } else {
                            "an integer is required"
                        };
                        let msg = format!("%{conv} format: {what}, not {}", vm.type_name(other));
                        return Err(vm.exc("TypeError", &msg));
                    }
                };
                let ty = if matches!(conv, 'i' | 'u') { 'd' } else { conv };
                let digits = vm.format(&n, &format!("{}{ty}", if alt { "#" } else { "" }))?;
                let (sign, rest) = match digits.strip_prefix('-') {
                    Some(r) => ("-", r.to_owned()),
                    None if plus => ("+", digits),
                    None if space => (" ", digits),
                    None => ("", digits),
                };
                // The precision of an integer is its minimum number of digits.
                let (prefix, num) = if alt && rest.len() > 2 && matches!(conv, 'x' | 'X' | 'o') {
                    (rest[..2].to_owned(), rest[2..].to_owned())
                } else {
                    (String::new(), rest)
                };
                let num = match prec {
                    Some(p) if num.len() < p => format!("{}{num}", "0".repeat(p - num.len())),
                    _ => num,
                };
                let head = format!("{sign}{prefix}");
                if zero && !left && head.len() + num.len() < width {
                    let pad = "0".repeat(width - head.len() - num.len());
                    format!("{head}{pad}{num}")
                } else {
                    format!("{head}{num}")
                }
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let f = match super::ops_num(&v) {
                    Some(f) => f,
                    None => {
                        let msg = format!("must be real number, not {}", vm.type_name(&v));
                        return Err(vm.exc("TypeError", &msg));
                    }
                };
                let mut spec = String::new();
                if plus {
                    spec.push('+');
                } else if space {
                    spec.push(' ');
                }
                if alt {
                    spec.push('#');
                }
                if zero && !left && width > 0 {
                    let _ = write!(spec, "0{width}");
                }
                let _ = write!(spec, ".{}{conv}", prec.unwrap_or(6));
                vm.format(&Value::Float(f), &spec)?
            }
            other => {
                let msg = format!(
                    "unsupported format character '{other}' (0x{:x}) at index {}",
                    other as u32,
                    i - 1
                );
                return Err(vm.exc("ValueError", &msg));
            }
        };
        let body = match prec {
            Some(p) if matches!(conv, 's' | 'r' | 'a') => body.chars().take(p).collect(),
            _ => body,
        };
        let len = body.chars().count();
        if len >= width {
            out.push_str(&body);
        } else if left {
            out.push_str(&body);
            out.push_str(&" ".repeat(width - len));
        } else {
            out.push_str(&" ".repeat(width - len));
            out.push_str(&body);
        }
    }
    if !mapping && next.next().is_some() {
        return Err(vm.exc(
            "TypeError",
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}
