//! Operators: arithmetic on the numeric tower, sequences and special methods; comparisons;
//! truth; membership; subscripts; hashing.

use std::cmp::Ordering;
use std::sync::Arc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use parking_lot::Mutex;

use super::Vm;
use crate::bytecode::{BinOp, CmpOp, UnOp};
use crate::value::{Args, Dict, Flow, Instance, Key, Set, Value};

/// A number, widened for mixed arithmetic.
#[derive(Clone, Debug)]
pub enum Num {
    /// Small int.
    I(i64),
    /// Big int.
    B(BigInt),
    /// Float.
    F(f64),
}

/// The numeric value of `v`, if it is a number (bools count as ints).
pub fn num(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(*i)),
        Value::Bool(b) => Some(Num::I(i64::from(*b))),
        Value::BigInt(b) => Some(Num::B((**b).clone())),
        Value::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

/// The largest float below which every integer is exact (2**53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// `p / q` for integers, correctly rounded as CPython's `long_true_divide` is; `None` when
/// the result is too large for a float. `q` is not zero.
fn int_true_div(p: &BigInt, q: &BigInt) -> Option<f64> {
    let negative = p.is_negative() != q.is_negative();
    let (p, q) = (p.abs(), q.abs());
    let sign = if negative { -1.0 } else { 1.0 };
    if p.is_zero() {
        return Some(sign * 0.0);
    }
    // Scale so the quotient has at least 55 bits; a sticky low bit for a nonzero
    // remainder lets the one conversion to f64 round to nearest, ties to even.
    let shift = 55 + q.bits() as i64 - p.bits() as i64;
    let (n, d) = if shift >= 0 {
        (p << shift as usize, q)
    } else {
        (p, q << (-shift) as usize)
    };
    let (quot, rem) = n.div_rem(&d);
    let quot = if rem.is_zero() {
        quot
    } else {
        quot | BigInt::from(1)
    };
    let mut f = quot.to_f64()?;
    // Multiply by 2**-shift in steps that stay exact within the float range.
    let mut k = shift;
    while k > 0 {
        let step = k.min(1000);
        f /= 2f64.powi(step as i32);
        k -= step;
    }
    while k < 0 {
        let step = (-k).min(1000);
        f *= 2f64.powi(step as i32);
        k += step;
    }
    f.is_finite().then_some(sign * f)
}

fn big(n: &Num) -> BigInt {
    match n {
        Num::I(i) => BigInt::from(*i),
        Num::B(b) => b.clone(),
        Num::F(f) => BigInt::from(*f as i64),
    }
}

/// A number as a float.
pub fn to_f64(n: &Num) -> f64 {
    match n {
        Num::I(i) => *i as f64,
        Num::B(b) => b.to_f64().unwrap_or(f64::INFINITY),
        Num::F(f) => *f,
    }
}

/// Small-int arithmetic without allocation; `None` when the general path is needed.
#[inline]
pub fn int_fast(op: BinOp, a: i64, b: i64) -> Option<Value> {
    match op {
        BinOp::Add => a.checked_add(b).map(Value::Int),
        BinOp::Sub => a.checked_sub(b).map(Value::Int),
        BinOp::Mul => a.checked_mul(b).map(Value::Int),
        BinOp::FloorDiv if b != 0 && !(a == i64::MIN && b == -1) => {
            Some(Value::Int(Integer::div_floor(&a, &b)))
        }
        BinOp::Mod if b != 0 && !(a == i64::MIN && b == -1) => Some(Value::Int(a.mod_floor(&b))),
        BinOp::And => Some(Value::Int(a & b)),
        BinOp::Or => Some(Value::Int(a | b)),
        BinOp::Xor => Some(Value::Int(a ^ b)),
        _ => None,
    }
}

/// Small-int arithmetic producing a small int, for the VM's fast path.
#[inline(always)]
pub fn int_arith(op: BinOp, a: i64, b: i64) -> Option<i64> {
    match op {
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        BinOp::And => Some(a & b),
        BinOp::Or => Some(a | b),
        BinOp::Xor => Some(a ^ b),
        _ => None,
    }
}

/// Small-int comparison.
#[inline(always)]
pub fn cmp_i64(op: CmpOp, a: i64, b: i64) -> bool {
    match op {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    }
}

fn ord_holds(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
    }
}

impl Vm<'_> {
    /// `int(v, base)`.
    pub fn to_int(&mut self, v: &Value, base: Option<Value>) -> Result<Value, Flow> {
        match v {
            Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
            Value::Float(f) => {
                if f.is_nan() {
                    return Err(self.exc("ValueError", "cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(
                        self.exc("OverflowError", "cannot convert float infinity to integer")
                    );
                }
                let t = f.trunc();
                Ok(if t.abs() < 9.2e18 {
                    Value::Int(t as i64)
                } else {
                    Value::from_big(num_traits::FromPrimitive::from_f64(t).unwrap_or_default())
                })
            }
            Value::Str(s) => {
                let b = match base {
                    Some(Value::Int(b)) => b as u32,
                    _ => 10,
                };
                let t = s.trim().replace('_', "");
                let (neg, digits) = match t.strip_prefix('-') {
                    Some(r) => (true, r.to_owned()),
                    None => (false, t.strip_prefix('+').unwrap_or(&t).to_owned()),
                };
                let lower = digits.to_ascii_lowercase();
                let (digits, b) = match (b, lower.get(..2)) {
                    (16 | 0, Some("0x")) => (lower[2..].to_owned(), 16),
                    (8 | 0, Some("0o")) => (lower[2..].to_owned(), 8),
                    (2 | 0, Some("0b")) => (lower[2..].to_owned(), 2),
                    (0, _) => (lower, 10),
                    _ => (lower, b),
                };
                let limit = self
                    .interp
                    .int_max_str_digits
                    .load(std::sync::atomic::Ordering::Relaxed);
                // Only decimal conversions are limited (CPython 3.11, CVE-2020-10735).
                if b == 10 && limit > 0 && digits.len() > limit {
                    let msg = format!(
                        "Exceeds the limit ({limit} digits) for integer string conversion: \
                         value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                        digits.len()
                    );
                    return Err(self.exc("ValueError", &msg));
                }
                let parsed = if digits.is_empty() || !(2..=36).contains(&b) {
                    None
                } else {
                    BigInt::parse_bytes(digits.as_bytes(), b)
                };
                match parsed {
                    Some(n) => Ok(Value::from_big(if neg { -n } else { n })),
                    None => {
                        let msg = format!(
                            "invalid literal for int() with base {b}: {}",
                            crate::format::str_repr(s)
                        );
                        Err(self.exc("ValueError", &msg))
                    }
                }
            }
            Value::Instance(i) if i.class.lookup("__int__").is_some() => {
                self.call_method(v.clone(), "__int__", Args::default())
            }
            other => {
                let msg = format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    self.type_name(other)
                );
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// Any binary operator.
    pub fn binary_op(
        &mut self,
        a: Value,
        b: Value,
        op: BinOp,
        inplace: bool,
    ) -> Result<Value, Flow> {
        if let (Some(x), Some(y)) = (num(&a), num(&b)) {
            return self.num_op(op, x, y);
        }
        if inplace {
            if let Value::List(l) = &a {
                match op {
                    BinOp::Add => {
                        let items = self.to_vec(&b)?;
                        l.lock().extend(items);
                        return Ok(a.clone());
                    }
                    BinOp::Mul => {
                        if let Some(Num::I(n)) = num(&b) {
                            let mut g = l.lock();
                            let orig = g.clone();
                            g.clear();
                            for _ in 0..n.max(0) {
                                g.extend(orig.iter().cloned());
                            }
                            drop(g);
                            return Ok(a.clone());
                        }
                    }
                    _ => {}
                }
            }
            if let Value::Instance(i) = &a
                && let Some(f) = i.class.lookup(op.inplace_dunder())
            {
                let r = self.call(f, Args::new(vec![a.clone(), b.clone()]))?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
            if let (Value::Set(s), Value::Set(t)) = (&a, &b) {
                let other: Vec<Key> = t.lock().iter().cloned().collect();
                let mut g = s.lock();
                match op {
                    BinOp::Or => g.extend(other),
                    BinOp::And => g.retain(|k| other.contains(k)),
                    BinOp::Sub => g.retain(|k| !other.contains(k)),
                    BinOp::Xor => {
                        for k in other {
                            if !g.shift_remove(&k) {
                                g.insert(k);
                            }
                        }
                    }
                    _ => {
                        drop(g);
                        return self.binop_error(&a, &b, op, inplace);
                    }
                }
                drop(g);
                return Ok(a.clone());
            }
            if let (Value::Dict(d), BinOp::Or) = (&a, op) {
                let items = self.dict_items(&b)?;
                d.lock().extend(items);
                return Ok(a.clone());
            }
        }
        match (&a, &b, op) {
            (Value::Bytes(x), Value::Bytes(y), BinOp::Add) => {
                return Ok(Value::Bytes(Arc::new(
                    x.iter().chain(y.iter()).copied().collect(),
                )));
            }
            (Value::Bytes(x), Value::Int(n), BinOp::Mul)
            | (Value::Int(n), Value::Bytes(x), BinOp::Mul) => {
                let n = (*n).max(0) as usize;
                self.reserve(x.len().saturating_mul(n))?;
                return Ok(Value::Bytes(x.repeat(n).into()));
            }
            (Value::Bytes(_), _, BinOp::Add) => {
                let msg = format!("can't concat {} to bytes", self.type_name(&b));
                return Err(self.exc("TypeError", &msg));
            }
            (Value::Str(x), Value::Str(y), BinOp::Add) => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                return Ok(Value::str(&s));
            }
            (Value::Str(x), _, BinOp::Mul) | (_, Value::Str(x), BinOp::Mul)
                if matches!(
                    num(if matches!(a, Value::Str(_)) { &b } else { &a }),
                    Some(Num::I(_))
                ) =>
            {
                let n = match num(if matches!(a, Value::Str(_)) { &b } else { &a }) {
                    Some(Num::I(n)) => n.max(0) as usize,
                    _ => 0,
                };
                self.reserve(x.len().saturating_mul(n))?;
                return Ok(Value::str(&x.repeat(n)));
            }
            (Value::Str(x), _, BinOp::Mod) => {
                let s = self.percent(x, &b)?;
                return Ok(Value::str(&s));
            }
            (Value::Str(_), _, BinOp::Add) => {
                let msg = format!(
                    "can only concatenate str (not \"{}\") to str",
                    self.type_name(&b)
                );
                return Err(self.exc("TypeError", &msg));
            }
            (Value::List(x), Value::List(y), BinOp::Add) => {
                let mut v = x.lock().clone();
                v.extend(y.lock().iter().cloned());
                return Ok(Value::list(v));
            }
            (Value::List(_), _, BinOp::Add) => {
                let msg = format!(
                    "can only concatenate list (not \"{}\") to list",
                    self.type_name(&b)
                );
                return Err(self.exc("TypeError", &msg));
            }
            (Value::Tuple(x), Value::Tuple(y), BinOp::Add) => {
                let mut v = x.as_ref().clone();
                v.extend(y.iter().cloned());
                return Ok(Value::tuple(v));
            }
            (Value::Tuple(_), _, BinOp::Add) => {
                let msg = format!(
                    "can only concatenate tuple (not \"{}\") to tuple",
                    self.type_name(&b)
                );
                return Err(self.exc("TypeError", &msg));
            }
            (Value::List(x), _, BinOp::Mul) | (_, Value::List(x), BinOp::Mul) => {
                let other = if matches!(a, Value::List(_)) { &b } else { &a };
                if let Some(Num::I(n)) = num(other) {
                    let src = x.lock().clone();
                    let len = src.len().saturating_mul(n.max(0) as usize);
                    self.reserve(len.saturating_mul(std::mem::size_of::<Value>()))?;
                    let mut v = Vec::with_capacity(len);
                    for _ in 0..n.max(0) {
                        v.extend(src.iter().cloned());
                    }
                    return Ok(Value::list(v));
                }
            }
            (Value::Tuple(x), _, BinOp::Mul) | (_, Value::Tuple(x), BinOp::Mul) => {
                let other = if matches!(a, Value::Tuple(_)) { &b } else { &a };
                if let Some(Num::I(n)) = num(other) {
                    let len = x.len().saturating_mul(n.max(0) as usize);
                    self.reserve(len.saturating_mul(std::mem::size_of::<Value>()))?;
                    let mut v = Vec::with_capacity(len);
                    for _ in 0..n.max(0) {
                        v.extend(x.iter().cloned());
                    }
                    return Ok(Value::tuple(v));
                }
            }
            (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_), _) => {
                let x = self.set_keys(&a);
                let y = self.set_keys(&b);
                let out: Set = match op {
                    BinOp::Or => x.iter().chain(y.iter()).cloned().collect(),
                    BinOp::And => x.iter().filter(|k| y.contains(*k)).cloned().collect(),
                    BinOp::Sub => x.iter().filter(|k| !y.contains(*k)).cloned().collect(),
                    BinOp::Xor => x
                        .iter()
                        .filter(|k| !y.contains(*k))
                        .chain(y.iter().filter(|k| !x.contains(*k)))
                        .cloned()
                        .collect(),
                    _ => return self.binop_error(&a, &b, op, inplace),
                };
                return Ok(if matches!(a, Value::FrozenSet(_)) {
                    Value::FrozenSet(Arc::new(out))
                } else {
                    Value::Set(Arc::new(Mutex::new(out)))
                });
            }
            (Value::Dict(x), Value::Dict(_), BinOp::Or) => {
                let mut d = x.lock().clone();
                d.extend(self.dict_items(&b)?);
                return Ok(Value::dict(d));
            }
            _ => {}
        }
        let (fwd, rev) = op.dunders();
        if let Value::Instance(i) = &a
            && let Some(f) = i.class.lookup(fwd)
        {
            let r = self.call(f, Args::new(vec![a.clone(), b.clone()]))?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        if let Value::Instance(i) = &b
            && let Some(f) = i.class.lookup(rev)
        {
            let r = self.call(f, Args::new(vec![b.clone(), a.clone()]))?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        // `int | None` in annotations: a union type; the left type stands for it.
        if op == BinOp::Or
            && matches!(a, Value::Class(_) | Value::None)
            && matches!(b, Value::Class(_) | Value::None)
        {
            return Ok(a);
        }
        self.binop_error(&a, &b, op, inplace)
    }

    fn set_keys(&self, v: &Value) -> Set {
        match v {
            Value::Set(s) => s.lock().clone(),
            Value::FrozenSet(s) => (**s).clone(),
            _ => Set::default(),
        }
    }

    /// The (key, value) pairs of a dict.
    pub fn dict_items(&mut self, v: &Value) -> Result<Vec<(Key, Value)>, Flow> {
        // A dict subclass: its dict, as CPython's merge reads it (overridden
        // `__getitem__` or `keys` are not called).
        let v = &crate::value::base_value(v);
        match v {
            Value::Dict(d) => Ok(d
                .lock()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()),
            // Any mapping: what its `keys()` gives, each with its item (a dict subclass,
            // a manager's dict proxy).
            other
                if matches!(other, Value::Instance(_)) && self.get_attr(other, "keys").is_ok() =>
            {
                let keys = self.call_method(other.clone(), "keys", Args::default())?;
                let mut items = Vec::new();
                for k in self.to_vec(&keys)? {
                    let v = self.getitem(other, &k)?;
                    items.push((self.key(k)?, v));
                }
                Ok(items)
            }
            other => {
                let msg = format!("'{}' object is not a mapping", self.type_name(other));
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    fn binop_error(
        &mut self,
        a: &Value,
        b: &Value,
        op: BinOp,
        inplace: bool,
    ) -> Result<Value, Flow> {
        let sym = if inplace {
            format!("{}=", op.symbol())
        } else {
            op.symbol().to_owned()
        };
        let msg = if op == BinOp::Pow && !inplace {
            format!(
                "unsupported operand type(s) for ** or pow(): '{}' and '{}'",
                self.type_name(a),
                self.type_name(b)
            )
        } else {
            format!(
                "unsupported operand type(s) for {sym}: '{}' and '{}'",
                self.type_name(a),
                self.type_name(b)
            )
        };
        Err(self.exc("TypeError", &msg))
    }

    fn num_op(&mut self, op: BinOp, x: Num, y: Num) -> Result<Value, Flow> {
        let float = matches!(x, Num::F(_)) || matches!(y, Num::F(_));
        if float
            && [&x, &y]
                .iter()
                .any(|n| matches!(n, Num::B(_)) && to_f64(n).is_infinite())
        {
            return Err(self.exc("OverflowError", "int too large to convert to float"));
        }
        if op == BinOp::TrueDiv {
            let (a, b) = (to_f64(&x), to_f64(&y));
            if b == 0.0 {
                let msg = if float {
                    "float division by zero"
                } else {
                    "division by zero"
                };
                return Err(self.exc("ZeroDivisionError", msg));
            }
            // Integers beyond 2**53 are not exact as floats: divide exactly, round once.
            if !float && (a.abs() > EXACT || b.abs() > EXACT) {
                return match int_true_div(&big(&x), &big(&y)) {
                    Some(f) => Ok(Value::Float(f)),
                    None => Err(self.exc(
                        "OverflowError",
                        "integer division result too large for a float",
                    )),
                };
            }
            return Ok(Value::Float(a / b));
        }
        if float {
            let (a, b) = (to_f64(&x), to_f64(&y));
            let r = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::FloorDiv => {
                    if b == 0.0 {
                        return Err(self.exc("ZeroDivisionError", "float floor division by zero"));
                    }
                    (a / b).floor()
                }
                BinOp::Mod => {
                    if b == 0.0 {
                        return Err(self.exc("ZeroDivisionError", "float modulo"));
                    }
                    let m = a % b;
                    if m != 0.0 && (m < 0.0) != (b < 0.0) {
                        m + b
                    } else {
                        m
                    }
                }
                BinOp::Pow => {
                    if a == 0.0 && b < 0.0 {
                        return Err(self.exc(
                            "ZeroDivisionError",
                            "0.0 cannot be raised to a negative power",
                        ));
                    }
                    a.powf(b)
                }
                _ => {
                    let (va, vb) = (Value::Float(a), Value::Float(b));
                    return self.binop_error(&va, &vb, op, false);
                }
            };
            return Ok(Value::Float(r));
        }
        // Integers.
        if let (Num::I(a), Num::I(b)) = (&x, &y)
            && let Some(v) = int_fast(op, *a, *b)
        {
            return Ok(v);
        }
        let (a, b) = (big(&x), big(&y));
        let r = match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::FloorDiv | BinOp::Mod => {
                if b.is_zero() {
                    let msg = if op == BinOp::Mod {
                        "integer modulo by zero"
                    } else {
                        "integer division or modulo by zero"
                    };
                    return Err(self.exc("ZeroDivisionError", msg));
                }
                if op == BinOp::FloorDiv {
                    a.div_floor(&b)
                } else {
                    a.mod_floor(&b)
                }
            }
            BinOp::Pow => {
                if b.is_negative() {
                    let (fa, fb) = (to_f64(&x), to_f64(&y));
                    if fa == 0.0 {
                        return Err(self.exc(
                            "ZeroDivisionError",
                            "0.0 cannot be raised to a negative power",
                        ));
                    }
                    return Ok(Value::Float(fa.powf(fb)));
                }
                let Some(e) = b.to_u32() else {
                    return Err(self.exc("OverflowError", "exponent too large"));
                };
                self.reserve((a.bits().saturating_mul(u64::from(e)) / 8) as usize)?;
                num_traits::pow(a, e as usize)
            }
            BinOp::LShift | BinOp::RShift => {
                if b.is_negative() {
                    return Err(self.exc("ValueError", "negative shift count"));
                }
                let n = b.to_i64().map_or(usize::MAX, |n| n as usize);
                if op == BinOp::RShift || a.is_zero() {
                    let bits = a.bits() as usize;
                    a >> n.min(bits + 1)
                } else if n == usize::MAX {
                    return Err(self.exc("OverflowError", "too many digits in integer"));
                } else {
                    self.reserve(n / 8)?;
                    a << n
                }
            }
            BinOp::And => a & b,
            BinOp::Or => a | b,
            BinOp::Xor => a ^ b,
            _ => {
                let (va, vb) = (Value::from_big(a), Value::from_big(b));
                return self.binop_error(&va, &vb, op, false);
            }
        };
        Ok(Value::from_big(r))
    }

    /// Unary `-`, `+`, `~`.
    pub fn unary(&mut self, op: UnOp, v: Value) -> Result<Value, Flow> {
        match (op, num(&v)) {
            (UnOp::Neg, Some(Num::I(i))) => Ok(i
                .checked_neg()
                .map_or_else(|| Value::from_big(-BigInt::from(i)), Value::Int)),
            (UnOp::Neg, Some(Num::B(b))) => Ok(Value::from_big(-b)),
            (UnOp::Neg, Some(Num::F(f))) => Ok(Value::Float(-f)),
            (UnOp::Pos, Some(Num::I(i))) => Ok(Value::Int(i)),
            (UnOp::Pos, Some(Num::B(b))) => Ok(Value::from_big(b)),
            (UnOp::Pos, Some(Num::F(f))) => Ok(Value::Float(f)),
            (UnOp::Invert, Some(Num::I(i))) => Ok(Value::Int(!i)),
            (UnOp::Invert, Some(Num::B(b))) => Ok(Value::from_big(-b - 1)),
            (UnOp::Not, _) => Ok(Value::Bool(!self.truthy(&v)?)),
            _ => {
                let name = match op {
                    UnOp::Neg => "__neg__",
                    UnOp::Pos => "__pos__",
                    UnOp::Invert => "__invert__",
                    UnOp::Not => "__bool__",
                };
                if let Value::Instance(i) = &v
                    && let Some(f) = i.class.lookup(name)
                {
                    return self.call(f, Args::new(vec![v.clone()]));
                }
                let sym = match op {
                    UnOp::Neg => "unary -",
                    UnOp::Pos => "unary +",
                    UnOp::Invert => "unary ~",
                    UnOp::Not => "not",
                };
                let msg = format!("bad operand type for {sym}: '{}'", self.type_name(&v));
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// Truth value.
    pub fn truthy(&mut self, v: &Value) -> Result<bool, Flow> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.lock().is_empty(),
            Value::Dict(d) => !d.lock().is_empty(),
            Value::Set(s) => !s.lock().is_empty(),
            Value::FrozenSet(s) => !s.is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::Instance(i) => {
                if let Some(f) = i.class.lookup("__bool__") {
                    let r = self.call(f, Args::new(vec![v.clone()]))?;
                    return match r {
                        Value::Bool(b) => Ok(b),
                        other => {
                            let msg = format!(
                                "__bool__ should return bool, returned {}",
                                self.type_name(&other)
                            );
                            Err(self.exc("TypeError", &msg))
                        }
                    };
                }
                if let Some(f) = i.class.lookup("__len__") {
                    let r = self.call(f, Args::new(vec![v.clone()]))?;
                    return self.truthy(&r);
                }
                true
            }
            Value::Native(n) => match &**n {
                crate::value::Native::DictView(_, d) => !d.lock().is_empty(),
                _ => true,
            },
            _ => true,
        })
    }

    /// `a == b`.
    pub fn eq(&mut self, a: &Value, b: &Value) -> Result<bool, Flow> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => Ok(x == y),
            (Value::Str(x), Value::Str(y)) => Ok(x == y),
            (Value::Bytes(x), Value::Bytes(y)) => Ok(x == y),
            (Value::None, Value::None) => Ok(true),
            (Value::List(x), Value::List(y)) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (p, q) = (x.lock().clone(), y.lock().clone());
                self.nested_eq(|vm| vm.seq_eq(&p, &q))
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.nested_eq(|vm| vm.seq_eq(x, y)),
            (Value::Dict(x), Value::Dict(y)) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let p: Vec<(Key, Value)> = x
                    .lock()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let q = y.lock().clone();
                if p.len() != q.len() {
                    return Ok(false);
                }
                self.nested_eq(|vm| {
                    for (k, v) in p {
                        match q.get(&k) {
                            Some(w) => {
                                if !vm.eq(&v, w)? {
                                    return Ok(false);
                                }
                            }
                            None => return Ok(false),
                        }
                    }
                    Ok(true)
                })
            }
            (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => {
                let (x, y) = (self.set_keys(a), self.set_keys(b));
                Ok(x.len() == y.len() && x.iter().all(|k| y.contains(k)))
            }
            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                let r = self.compare(a.clone(), b.clone(), CmpOp::Eq)?;
                self.truthy(&r)
            }
            (Value::Range(x), Value::Range(y)) => Ok(x.len() == y.len()
                && (x.is_empty() || (x.start == y.start && (x.len() == 1 || x.step == y.step)))),
            _ => {
                if let (Some(x), Some(y)) = (num(a), num(b)) {
                    return Ok(num_cmp(&x, &y) == Some(Ordering::Equal));
                }
                Ok(a.is(b))
            }
        }
    }

    /// Compares a container's items one level deeper in CPython's recursion count, as
    /// `PyObject_RichCompare` does: nested too deep, `==` raises `RecursionError`.
    fn nested_eq(
        &mut self,
        items: impl FnOnce(&mut Self) -> Result<bool, Flow>,
    ) -> Result<bool, Flow> {
        self.enter_as("maximum recursion depth exceeded in comparison")?;
        let equal = items(self);
        self.depth -= 1;
        equal
    }

    fn seq_eq(&mut self, p: &[Value], q: &[Value]) -> Result<bool, Flow> {
        if p.len() != q.len() {
            return Ok(false);
        }
        for (x, y) in p.iter().zip(q) {
            if !x.is(y) && !self.eq(x, y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A rich comparison.
    pub fn compare(&mut self, a: Value, b: Value, op: CmpOp) -> Result<Value, Flow> {
        if let (Some(x), Some(y)) = (num(&a), num(&b)) {
            return Ok(Value::Bool(match num_cmp(&x, &y) {
                Some(o) => ord_holds(op, o),
                None => op == CmpOp::Ne,
            }));
        }
        let (fwd, rev) = op.dunders();
        if let Value::Instance(i) = &a
            && let Some(f) = i.class.lookup(fwd)
        {
            let r = self.call(f, Args::new(vec![a.clone(), b.clone()]))?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        if let Value::Instance(i) = &b
            && let Some(f) = i.class.lookup(rev)
        {
            let r = self.call(f, Args::new(vec![b.clone(), a.clone()]))?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        match op {
            CmpOp::Eq | CmpOp::Ne => {
                let e = if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
                    if op == CmpOp::Ne
                        && let Value::Instance(i) = &a
                        && let Some(f) = i.class.lookup("__eq__")
                    {
                        let r = self.call(f, Args::new(vec![a.clone(), b.clone()]))?;
                        if !matches!(r, Value::NotImplemented) {
                            return Ok(Value::Bool(!self.truthy(&r)?));
                        }
                    }
                    a.is(&b)
                } else {
                    self.eq(&a, &b)?
                };
                Ok(Value::Bool(e == (op == CmpOp::Eq)))
            }
            _ => {
                // An instance's own dunders were tried above; `order` would only come
                // back here for it (endless recursion: `Task() < Task()`).
                let instance = matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_));
                let ordered = if instance { None } else { self.order(&a, &b)? };
                match ordered {
                    Some(o) => Ok(Value::Bool(ord_holds(op, o))),
                    None => {
                        if let (
                            Value::Set(_) | Value::FrozenSet(_),
                            Value::Set(_) | Value::FrozenSet(_),
                        ) = (&a, &b)
                        {
                            let (x, y) = (self.set_keys(&a), self.set_keys(&b));
                            let sub = x.iter().all(|k| y.contains(k));
                            let sup = y.iter().all(|k| x.contains(k));
                            return Ok(Value::Bool(match op {
                                CmpOp::Le => sub,
                                CmpOp::Lt => sub && x.len() < y.len(),
                                CmpOp::Ge => sup,
                                CmpOp::Gt => sup && x.len() > y.len(),
                                _ => false,
                            }));
                        }
                        let msg = format!(
                            "'{}' not supported between instances of '{}' and '{}'",
                            op.symbol(),
                            self.type_name(&a),
                            self.type_name(&b)
                        );
                        Err(self.exc("TypeError", &msg))
                    }
                }
            }
        }
    }

    /// Total order of built-in values where Python defines one.
    pub fn order(&mut self, a: &Value, b: &Value) -> Result<Option<Ordering>, Flow> {
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            return Ok(num_cmp(&x, &y));
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => Ok(Some(x.cmp(y))),
            (Value::Bytes(x), Value::Bytes(y)) => Ok(Some(x.cmp(y))),
            (Value::Tuple(x), Value::Tuple(y)) => self.seq_order(&x[..], &y[..]),
            (Value::List(x), Value::List(y)) => {
                let (p, q) = (x.lock().clone(), y.lock().clone());
                self.seq_order(&p, &q)
            }
            (Value::Instance(_), _) | (_, Value::Instance(_)) => {
                let lt = self.compare(a.clone(), b.clone(), CmpOp::Lt)?;
                if self.truthy(&lt)? {
                    return Ok(Some(Ordering::Less));
                }
                let gt = self.compare(b.clone(), a.clone(), CmpOp::Lt)?;
                if self.truthy(&gt)? {
                    return Ok(Some(Ordering::Greater));
                }
                Ok(Some(Ordering::Equal))
            }
            _ => Ok(None),
        }
    }

    fn seq_order(&mut self, p: &[Value], q: &[Value]) -> Result<Option<Ordering>, Flow> {
        for (x, y) in p.iter().zip(q) {
            if self.eq(x, y)? {
                continue;
            }
            return match self.order(x, y)? {
                Some(o) => Ok(Some(o)),
                None => {
                    let msg = format!(
                        "'<' not supported between instances of '{}' and '{}'",
                        self.type_name(x),
                        self.type_name(y)
                    );
                    Err(self.exc("TypeError", &msg))
                }
            };
        }
        Ok(Some(p.len().cmp(&q.len())))
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> Result<bool, Flow> {
        match container {
            Value::Bytes(b) => match item {
                Value::Bytes(x) => Ok(x.is_empty() || b.windows(x.len()).any(|w| w == &x[..])),
                Value::Int(i) if (0..256).contains(i) => Ok(b.contains(&(*i as u8))),
                Value::Int(_) => Err(self.exc("ValueError", "byte must be in range(0, 256)")),
                other => {
                    let msg = format!(
                        "a bytes-like object is required, not '{}'",
                        self.type_name(other)
                    );
                    Err(self.exc("TypeError", &msg))
                }
            },
            Value::Str(s) => match item {
                Value::Str(x) => Ok(s.contains(&**x)),
                other => {
                    let msg = format!(
                        "'in <string>' requires string as left operand, not {}",
                        self.type_name(other)
                    );
                    Err(self.exc("TypeError", &msg))
                }
            },
            Value::Dict(d) => {
                let k = self.key(item.clone())?;
                Ok(d.lock().contains_key(&k))
            }
            Value::Set(s) => {
                let k = self.key(item.clone())?;
                Ok(s.lock().contains(&k))
            }
            Value::FrozenSet(s) => {
                let k = self.key(item.clone())?;
                Ok(s.contains(&k))
            }
            Value::Range(r) => Ok(match num(item) {
                Some(Num::I(i)) => {
                    let in_bounds = if r.step > 0 {
                        i >= r.start && i < r.stop
                    } else {
                        i <= r.start && i > r.stop
                    };
                    in_bounds && (i - r.start) % r.step == 0
                }
                _ => false,
            }),
            Value::List(_) | Value::Tuple(_) => {
                let items = match container {
                    Value::List(l) => l.lock().clone(),
                    Value::Tuple(t) => t.as_ref().clone(),
                    _ => Vec::new(),
                };
                for x in &items {
                    self.ctx.elapse(crate::vm::C_ITEM);
                    if x.is(item) || self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Native(n) => match &**n {
                crate::value::Native::DictView(crate::value::DictViewKind::Keys, d) => {
                    let k = self.key(item.clone())?;
                    Ok(d.lock().contains_key(&k))
                }
                _ => {
                    let items = self.to_vec(container)?;
                    for x in &items {
                        if x.is(item) || self.eq(x, item)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
            },
            Value::Class(c) if c.class_op("__contains__").is_some() => {
                let f = c.class_op("__contains__").unwrap_or(Value::None);
                let r = self.call(f, Args::new(vec![container.clone(), item.clone()]))?;
                self.truthy(&r)
            }
            Value::Instance(i) if i.class.lookup("__contains__").is_some() => {
                let r = self.call_method(
                    container.clone(),
                    "__contains__",
                    Args::new(vec![item.clone()]),
                )?;
                self.truthy(&r)
            }
            _ => {
                let it = self.iter(container)?;
                while let Some(x) = self.next(&it)? {
                    if x.is(item) || self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// A hashable key (TypeError for unhashable values).
    pub fn key(&mut self, v: Value) -> Result<Key, Flow> {
        match &v {
            Value::List(_) | Value::Dict(_) | Value::Set(_) => {
                let msg = format!("unhashable type: '{}'", self.type_name(&v));
                Err(self.exc("TypeError", &msg))
            }
            Value::Tuple(t) => {
                for x in t.iter() {
                    self.key(x.clone())?;
                }
                Ok(Key(v))
            }
            // A `str` or `int` subclass that keeps the built-in equality: a key equal to
            // the value it extends (value.rs, `Key`).
            Value::Instance(i)
                if i.immutable_base().is_some()
                    && matches!(i.class.lookup("__eq__"), Some(Value::Builtin(_)))
                    && matches!(i.class.lookup("__hash__"), Some(Value::Builtin(_))) =>
            {
                Ok(Key(v))
            }
            Value::Instance(i) if i.class.lookup("__eq__").is_some() => self.instance_key(v),
            _ => Ok(Key(v)),
        }
    }

    /// A key for an instance whose class defines `__eq__`: unhashable without `__hash__`
    /// (as in CPython); otherwise the first equal instance ever used as a key stands for
    /// it, so that dicts and sets (which compare keys without running Python) see equal
    /// objects as one key.
    fn instance_key(&mut self, v: Value) -> Result<Key, Flow> {
        let Value::Instance(i) = &v else {
            return Ok(Key(v));
        };
        let Some(hash_fn) = i.class.lookup("__hash__") else {
            let msg = format!("unhashable type: '{}'", i.class.name);
            return Err(self.exc("TypeError", &msg));
        };
        let h = match self.call(hash_fn, Args::new(vec![v.clone()]))? {
            Value::Int(h) => h,
            Value::Bool(b) => i64::from(b),
            Value::BigInt(b) => b.to_i64().unwrap_or(0),
            _ => {
                return Err(self.exc("TypeError", "__hash__ method should return an integer"));
            }
        };
        let candidates: Vec<Value> = self
            .interp
            .eq_keys
            .lock()
            .get(&h)
            .cloned()
            .unwrap_or_default();
        for c in candidates {
            if c.is(&v) {
                return Ok(Key(c));
            }
            let r = self.compare(v.clone(), c.clone(), CmpOp::Eq)?;
            if self.truthy(&r)? {
                return Ok(Key(c));
            }
        }
        self.interp
            .eq_keys
            .lock()
            .entry(h)
            .or_default()
            .push(v.clone());
        Ok(Key(v))
    }

    fn index_of(&mut self, idx: &Value, len: usize, what: &str) -> Result<usize, Flow> {
        let i = match num(idx) {
            Some(Num::I(i)) if !matches!(idx, Value::Float(_)) => i,
            Some(Num::B(_)) => {
                let msg = "cannot fit 'int' into an index-sized integer";
                return Err(self.exc("IndexError", msg));
            }
            _ => {
                // An object that stands for an int (`IntEnum` members): its `__index__`.
                if let Value::Instance(inst) = idx
                    && inst.class.lookup("__index__").is_some()
                {
                    let v = self.call_method(idx.clone(), "__index__", Args::default())?;
                    if matches!(v, Value::Int(_)) {
                        return self.index_of(&v, len, what);
                    }
                }
                let msg = format!(
                    "{what} indices must be integers or slices, not {}",
                    self.type_name(idx)
                );
                return Err(self.exc("TypeError", &msg));
            }
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            let msg = format!("{what} index out of range");
            return Err(self.exc("IndexError", &msg));
        }
        Ok(j as usize)
    }

    /// The indexes a slice selects from a sequence of length `len`.
    pub fn slice_indices(&mut self, s: &[Value; 3], len: usize) -> Result<Vec<usize>, Flow> {
        let step = match &s[2] {
            Value::None => 1,
            v => match num(v) {
                Some(Num::I(i)) => i,
                _ => {
                    return Err(self.exc(
                        "TypeError",
                        "slice indices must be integers or None or have an __index__ method",
                    ));
                }
            },
        };
        if step == 0 {
            return Err(self.exc("ValueError", "slice step cannot be zero"));
        }
        let len = len as i64;
        let bound = |v: &Value, default: i64, lo: i64, hi: i64| -> Option<i64> {
            match v {
                Value::None => Some(default),
                v => match num(v) {
                    Some(Num::I(i)) => {
                        let i = if i < 0 { i + len } else { i };
                        Some(i.clamp(lo, hi))
                    }
                    _ => None,
                },
            }
        };
        let (start, stop) = if step > 0 {
            (bound(&s[0], 0, 0, len), bound(&s[1], len, 0, len))
        } else {
            (
                bound(&s[0], len - 1, -1, len - 1),
                bound(&s[1], -1, -1, len - 1),
            )
        };
        let (Some(mut i), Some(stop)) = (start, stop) else {
            return Err(self.exc(
                "TypeError",
                "slice indices must be integers or None or have an __index__ method",
            ));
        };
        let mut out = Vec::new();
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            out.push(i as usize);
            i += step;
        }
        Ok(out)
    }

    /// `obj[idx]`.
    /// `obj.name(*args)` for the special method `found` that the class of instance `i`
    /// has for `name`, `pos` holding `obj` and then the arguments: as
    /// [`Vm::call_method`] calls it, without looking the class up again or moving the
    /// arguments to put `self` in front.
    fn call_slot(
        &mut self,
        obj: &Value,
        i: &Instance,
        name: &str,
        found: Value,
        mut pos: Vec<Value>,
    ) -> Result<Value, Flow> {
        if matches!(found, Value::Function(_) | Value::Builtin(_))
            && !i.state.lock().dict.contains_key(name)
        {
            return self.call(found, Args::new(pos));
        }
        pos.remove(0);
        self.call_method(obj.clone(), name, Args::new(pos))
    }

    pub fn getitem(&mut self, obj: &Value, idx: &Value) -> Result<Value, Flow> {
        if let Value::Instance(i) = obj
            && let Some(f) = i.class.lookup("__getitem__")
        {
            return self.call_slot(obj, i, "__getitem__", f, vec![obj.clone(), idx.clone()]);
        }
        match obj {
            Value::List(l) => {
                // The common case first: an int index in range, one lock.
                if let Value::Int(i) = idx {
                    let g = l.lock();
                    if let Some(j) = list_index(*i, g.len()) {
                        return Ok(g[j].clone());
                    }
                }
                if let Value::Slice(s) = idx {
                    let items = l.lock().clone();
                    let ix = self.slice_indices(s, items.len())?;
                    return Ok(Value::list(
                        ix.into_iter().map(|i| items[i].clone()).collect(),
                    ));
                }
                let len = l.lock().len();
                let i = self.index_of(idx, len, "list")?;
                let v = l.lock().get(i).cloned();
                match v {
                    Some(v) => Ok(v),
                    None => Err(self.exc("IndexError", "list index out of range")),
                }
            }
            Value::Tuple(t) => {
                if let Value::Slice(s) = idx {
                    let ix = self.slice_indices(s, t.len())?;
                    return Ok(Value::tuple(ix.into_iter().map(|i| t[i].clone()).collect()));
                }
                let i = self.index_of(idx, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            Value::Bytes(b) => {
                if let Value::Slice(sl) = idx {
                    let ix = self.slice_indices(sl, b.len())?;
                    return Ok(Value::Bytes(Arc::new(
                        ix.into_iter().map(|i| b[i]).collect(),
                    )));
                }
                let n = b.len() as i64;
                if let Value::Int(i) = idx
                    && !(-n..n).contains(i)
                {
                    return Err(self.exc("IndexError", "index out of range"));
                }
                let i = self.index_of(idx, b.len(), "byte")?;
                Ok(Value::Int(i64::from(b[i])))
            }
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                if let Value::Slice(sl) = idx {
                    let ix = self.slice_indices(sl, chars.len())?;
                    let out: String = ix.into_iter().map(|i| chars[i]).collect();
                    return Ok(Value::str(&out));
                }
                let i = self.index_of(idx, chars.len(), "string")?;
                Ok(Value::str(chars[i].encode_utf8(&mut [0; 4])))
            }
            Value::Dict(d) => {
                let k = self.key(idx.clone())?;
                let v = d.lock().get(&k).cloned();
                match v {
                    Some(v) => Ok(v),
                    None => {
                        let e = self
                            .new_exception(self.interp.types.get("KeyError"), vec![idx.clone()]);
                        Err(Flow::Exc(e))
                    }
                }
            }
            Value::Range(r) => {
                let len = r.len().max(0) as usize;
                if let Value::Slice(s) = idx {
                    let ix = self.slice_indices(s, len)?;
                    let v: Vec<Value> = ix
                        .into_iter()
                        .map(|i| Value::Int(r.start + i as i64 * r.step))
                        .collect();
                    return Ok(Value::list(v));
                }
                let i = self.index_of(idx, len, "range object")?;
                Ok(Value::Int(r.start + i as i64 * r.step))
            }
            Value::Class(c) => match c.class_op("__getitem__") {
                Some(f) => self.call(f, Args::new(vec![obj.clone(), idx.clone()])),
                // `list[int]` and the like: the annotation is the class itself.
                None => Ok(obj.clone()),
            },
            other => {
                let msg = format!("'{}' object is not subscriptable", self.type_name(other));
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// `obj[idx] = v`.
    pub fn setitem(&mut self, obj: &Value, idx: Value, v: Value) -> Result<(), Flow> {
        if let Value::Instance(i) = obj
            && let Some(f) = i.class.lookup("__setitem__")
        {
            self.call_slot(obj, i, "__setitem__", f, vec![obj.clone(), idx, v])?;
            return Ok(());
        }
        match obj {
            Value::List(l) => {
                // The common case first: an int index in range, one lock; the old item
                // is dropped after the lock is released.
                if let Value::Int(i) = idx {
                    let mut g = l.lock();
                    if let Some(j) = list_index(i, g.len()) {
                        let old = std::mem::replace(&mut g[j], v);
                        drop(g);
                        drop(old);
                        return Ok(());
                    }
                }
                if let Value::Slice(s) = &idx {
                    let items = self.to_vec(&v)?;
                    let len = l.lock().len();
                    let ix = self.slice_indices(s, len)?;
                    let step_one = matches!(s[2], Value::None | Value::Int(1));
                    if step_one {
                        let start = match &s[0] {
                            Value::None => 0,
                            x => match num(x) {
                                Some(Num::I(i)) => {
                                    let i = if i < 0 { i + len as i64 } else { i };
                                    i.clamp(0, len as i64) as usize
                                }
                                _ => 0,
                            },
                        };
                        let start = ix.first().copied().unwrap_or(start);
                        let end = ix.last().map_or(start, |e| e + 1);
                        l.lock().splice(start..end, items);
                        return Ok(());
                    }
                    if ix.len() != items.len() {
                        let msg = format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            ix.len()
                        );
                        return Err(self.exc("ValueError", &msg));
                    }
                    let mut g = l.lock();
                    for (i, x) in ix.into_iter().zip(items) {
                        g[i] = x;
                    }
                    return Ok(());
                }
                let len = l.lock().len();
                let i = self.index_of(&idx, len, "list").map_err(|e| match e {
                    Flow::Exc(_) if matches!(num(&idx), Some(Num::I(_))) => {
                        self.exc("IndexError", "list assignment index out of range")
                    }
                    other => other,
                })?;
                if let Some(slot) = l.lock().get_mut(i) {
                    *slot = v;
                }
                Ok(())
            }
            Value::Dict(d) => {
                let k = self.key(idx)?;
                d.lock().insert(k, v);
                Ok(())
            }
            other => {
                let msg = format!(
                    "'{}' object does not support item assignment",
                    self.type_name(other)
                );
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// `del obj[idx]`.
    pub fn delitem(&mut self, obj: &Value, idx: &Value) -> Result<(), Flow> {
        match obj {
            Value::List(l) => {
                let len = l.lock().len();
                if let Value::Slice(s) = idx {
                    let ix = self.slice_indices(s, len)?;
                    let mut g = l.lock();
                    let mut k = 0;
                    g.retain(|_| {
                        let keep = !ix.contains(&k);
                        k += 1;
                        keep
                    });
                    return Ok(());
                }
                let i = self.index_of(idx, len, "list").map_err(|e| match e {
                    Flow::Exc(_) => self.exc("IndexError", "list assignment index out of range"),
                    other => other,
                })?;
                l.lock().remove(i);
                Ok(())
            }
            Value::Dict(d) => {
                let k = self.key(idx.clone())?;
                if d.lock().shift_remove(&k).is_none() {
                    let e =
                        self.new_exception(self.interp.types.get("KeyError"), vec![idx.clone()]);
                    return Err(Flow::Exc(e));
                }
                Ok(())
            }
            Value::Instance(i) if i.class.lookup("__delitem__").is_some() => {
                self.call_method(obj.clone(), "__delitem__", Args::new(vec![idx.clone()]))?;
                Ok(())
            }
            other => {
                let msg = format!(
                    "'{}' object doesn't support item deletion",
                    self.type_name(other)
                );
                Err(self.exc("TypeError", &msg))
            }
        }
    }

    /// A new empty dict value.
    pub fn new_dict() -> Value {
        Value::dict(Dict::default())
    }
}

/// Compares two numbers (`None` for NaN).
pub fn num_cmp(x: &Num, y: &Num) -> Option<Ordering> {
    match (x, y) {
        (Num::I(a), Num::I(b)) => Some(a.cmp(b)),
        (Num::F(_), _) | (_, Num::F(_)) => {
            let (a, b) = (to_f64(x), to_f64(y));
            a.partial_cmp(&b)
        }
        _ => Some(big(x).cmp(&big(y))),
    }
}

/// A Python index `i` (negative from the end) into a sequence of `len` items, if in range.
#[inline]
fn list_index(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i.checked_add(len as i64)? } else { i };
    (0..len as i64).contains(&j).then_some(j as usize)
}
