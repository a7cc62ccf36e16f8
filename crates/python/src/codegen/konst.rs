//! Constants of code objects as CPython 3.11 keeps them: their reprs (what `dis` prints),
//! the key that merges equal constants (`_PyCode_ConstantKey`: `1`, `1.0` and `True` stay
//! apart, so do `0.0` and `-0.0`), truth values, and the arithmetic of the AST optimizer's
//! constant folding (`Python/ast_opt.c`), with its size limits; and the code object, which
//! is one of them.

use std::sync::Arc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::cfg::{Assembled, ExceptionEntry};
use crate::format::{float_repr, str_repr};

/// A constant.
#[derive(Clone, Debug)]
pub enum Const {
    /// `None`.
    None,
    /// `...`.
    Ellipsis,
    /// `True` / `False`.
    Bool(bool),
    /// An int.
    Int(BigInt),
    /// A float.
    Float(f64),
    /// A complex number (real, imaginary).
    Complex(f64, f64),
    /// A str.
    Str(Arc<str>),
    /// A bytes object.
    Bytes(Arc<[u8]>),
    /// A tuple.
    Tuple(Arc<[Const]>),
    /// A frozenset, its items in CPython's iteration order.
    FrozenSet(Arc<[Const]>),
    /// A code object.
    Code(Arc<CodeObject>),
}

/// What makes two constants the same constant (CPython's constant key).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ConstKey {
    /// `None`.
    None,
    /// `...`.
    Ellipsis,
    /// A bool.
    Bool(bool),
    /// An int.
    Int(BigInt),
    /// A float, by its bits.
    Float(u64),
    /// A complex, by the bits of its parts.
    Complex(u64, u64),
    /// A str.
    Str(Arc<str>),
    /// A bytes object.
    Bytes(Arc<[u8]>),
    /// A tuple of keys.
    Tuple(Vec<ConstKey>),
    /// A frozenset of keys (sorted, as set equality ignores order).
    FrozenSet(Vec<ConstKey>),
    /// A code object, by identity.
    Code(usize),
}

/// Float keys: equal floats are one constant, and `0.0` and `-0.0` are two (their bits).
fn float_key(f: f64) -> u64 {
    f.to_bits()
}

impl Const {
    /// A str constant.
    pub fn str(s: &str) -> Const {
        Const::Str(Arc::from(s))
    }

    /// An int constant.
    pub fn int(i: i64) -> Const {
        Const::Int(BigInt::from(i))
    }

    /// Its merge key.
    pub fn key(&self) -> ConstKey {
        match self {
            Const::None => ConstKey::None,
            Const::Ellipsis => ConstKey::Ellipsis,
            Const::Bool(b) => ConstKey::Bool(*b),
            Const::Int(i) => ConstKey::Int(i.clone()),
            Const::Float(f) => ConstKey::Float(float_key(*f)),
            Const::Complex(r, i) => ConstKey::Complex(float_key(*r), float_key(*i)),
            Const::Str(s) => ConstKey::Str(Arc::clone(s)),
            Const::Bytes(b) => ConstKey::Bytes(Arc::clone(b)),
            Const::Tuple(t) => ConstKey::Tuple(t.iter().map(Const::key).collect()),
            Const::FrozenSet(t) => {
                let mut keys: Vec<ConstKey> = t.iter().map(Const::key).collect();
                keys.sort_by_key(|k| format!("{k:?}"));
                ConstKey::FrozenSet(keys)
            }
            Const::Code(c) => ConstKey::Code(Arc::as_ptr(c) as usize),
        }
    }

    /// Its `repr()`, as `dis` shows it.
    pub fn repr(&self) -> String {
        match self {
            Const::None => "None".into(),
            Const::Ellipsis => "Ellipsis".into(),
            Const::Bool(b) => if *b { "True" } else { "False" }.into(),
            Const::Int(i) => i.to_string(),
            Const::Float(f) => float_repr(*f),
            Const::Complex(r, i) => complex_repr(*r, *i),
            Const::Str(s) => str_repr(s),
            Const::Bytes(b) => bytes_repr(b),
            Const::Tuple(t) => {
                let parts: Vec<String> = t.iter().map(Const::repr).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Const::FrozenSet(t) => {
                if t.is_empty() {
                    "frozenset()".into()
                } else {
                    let parts: Vec<String> = t.iter().map(Const::repr).collect();
                    format!("frozenset({{{}}})", parts.join(", "))
                }
            }
            Const::Code(c) => format!(
                "<code object {} at 0x{:x}, file \"{}\", line {}>",
                c.name, c.address, c.filename, c.firstlineno
            ),
        }
    }

    /// `bool(self)`.
    pub fn truthy(&self) -> bool {
        match self {
            Const::None => false,
            Const::Ellipsis | Const::Code(_) => true,
            Const::Bool(b) => *b,
            Const::Int(i) => !i.is_zero(),
            Const::Float(f) => *f != 0.0,
            Const::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Const::Str(s) => !s.is_empty(),
            Const::Bytes(b) => !b.is_empty(),
            Const::Tuple(t) | Const::FrozenSet(t) => !t.is_empty(),
        }
    }

    /// The int value of an int or bool.
    fn as_int(&self) -> Option<BigInt> {
        match self {
            Const::Int(i) => Some(i.clone()),
            Const::Bool(b) => Some(BigInt::from(u8::from(*b))),
            _ => None,
        }
    }

    fn is_intlike(&self) -> bool {
        matches!(self, Const::Int(_) | Const::Bool(_))
    }

    /// The float value of an int, bool or float (`None` for an int too large for a float).
    fn as_float(&self) -> Option<f64> {
        match self {
            Const::Float(f) => Some(*f),
            _ => self.as_int().and_then(|i| int_to_f64(&i)),
        }
    }

    fn as_complex(&self) -> Option<(f64, f64)> {
        match self {
            Const::Complex(r, i) => Some((*r, *i)),
            _ => self.as_float().map(|f| (f, 0.0)),
        }
    }
}

fn int_to_f64(i: &BigInt) -> Option<f64> {
    let f = i.to_f64()?;
    f.is_finite().then_some(f)
}

/// `repr(complex)`: `1j`, `(1+2j)`, `(-0-1j)`.
fn complex_repr(r: f64, i: f64) -> String {
    let part = |f: f64| {
        let s = float_repr(f);
        s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
    };
    if r == 0.0 && r.is_sign_positive() {
        format!("{}j", part(i))
    } else {
        let im = part(i);
        let sign = if im.starts_with('-') { "" } else { "+" };
        format!("({}{sign}{im}j)", part(r))
    }
}

/// `repr(bytes)`.
fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if char::from(c) == quote => {
                out.push('\\');
                out.push(quote);
            }
            c if !(0x20..0x7f).contains(&c) => out.push_str(&format!("\\x{c:02x}")),
            c => out.push(char::from(c)),
        }
    }
    out.push(quote);
    out
}

/// The AST optimizer's limits on what folding may build.
const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;
const MAX_TOTAL_ITEMS: usize = 1024;

/// A binary operator of the AST.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bin {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `&`
    And,
    /// `@`
    MatMul,
}

fn bits(i: &BigInt) -> u64 {
    i.bits()
}

/// Items of a collection, counted through nested collections (`check_complexity`): what is
/// left of `limit`, negative when exceeded.
fn complexity(c: &Const, limit: i64) -> i64 {
    match c {
        Const::Tuple(t) | Const::FrozenSet(t) => {
            let mut limit = limit - t.len() as i64;
            for x in t.iter() {
                if limit < 0 {
                    break;
                }
                limit = complexity(x, limit);
            }
            limit
        }
        _ => limit,
    }
}

/// Folds `a op b` as the AST optimizer does; `None` when it would not (an error, or a
/// result past the limits).
pub fn fold_binop(op: Bin, a: &Const, b: &Const) -> Option<Const> {
    match op {
        Bin::Mul => {
            if let (Some(x), Some(y)) = (a.as_int(), b.as_int())
                && !x.is_zero()
                && !y.is_zero()
                && bits(&x) + bits(&y) > MAX_INT_SIZE
            {
                return None;
            }
            let (n, seq) = match (a, b) {
                (n, s) if n.is_intlike() && !s.is_intlike() => (n, s),
                (s, n) if n.is_intlike() && !s.is_intlike() => (n, s),
                _ => return arith(op, a, b),
            };
            let n = n.as_int()?;
            match seq {
                Const::Tuple(t) => {
                    if !t.is_empty() {
                        let n = n.to_i64()?;
                        if n < 0 || n as usize > MAX_COLLECTION_SIZE / t.len() {
                            return None;
                        }
                        if n > 0 && complexity(seq, (MAX_TOTAL_ITEMS / n as usize) as i64) < 0 {
                            return None;
                        }
                    }
                    let n = n.to_i64()?.max(0) as usize;
                    let items: Vec<Const> = t.iter().cloned().cycle().take(t.len() * n).collect();
                    Some(Const::Tuple(items.into()))
                }
                Const::Str(s) => {
                    let len = s.chars().count();
                    if len > 0 {
                        let n = n.to_i64()?;
                        if n < 0
                            || MAX_STR_SIZE
                                .checked_div(len)
                                .is_some_and(|m| n as usize > m)
                        {
                            return None;
                        }
                    }
                    let n = n.to_i64()?.max(0) as usize;
                    Some(Const::Str(Arc::from(s.repeat(n))))
                }
                Const::Bytes(s) => {
                    if !s.is_empty() {
                        let n = n.to_i64()?;
                        if n < 0 || n as usize > MAX_STR_SIZE / s.len() {
                            return None;
                        }
                    }
                    let n = n.to_i64()?.max(0) as usize;
                    Some(Const::Bytes(Arc::from(s.repeat(n))))
                }
                _ => arith(op, a, b),
            }
        }
        Bin::Pow => {
            if let (Some(x), Some(y)) = (a.as_int(), b.as_int())
                && !x.is_zero()
                && y.is_positive()
            {
                let w = y.to_u64()?;
                if bits(&x) > MAX_INT_SIZE / w {
                    return None;
                }
            }
            arith(op, a, b)
        }
        Bin::LShift => {
            if let (Some(x), Some(y)) = (a.as_int(), b.as_int())
                && !x.is_zero()
                && !y.is_zero()
            {
                let w = y.to_u64()?;
                if w > MAX_INT_SIZE || bits(&x) > MAX_INT_SIZE - w {
                    return None;
                }
            }
            arith(op, a, b)
        }
        Bin::Mod if matches!(a, Const::Str(_) | Const::Bytes(_)) => None,
        Bin::Add => match (a, b) {
            (Const::Str(x), Const::Str(y)) => Some(Const::Str(Arc::from(format!("{x}{y}")))),
            (Const::Bytes(x), Const::Bytes(y)) => {
                Some(Const::Bytes(x.iter().chain(y.iter()).copied().collect()))
            }
            (Const::Tuple(x), Const::Tuple(y)) => {
                Some(Const::Tuple(x.iter().chain(y.iter()).cloned().collect()))
            }
            _ => arith(op, a, b),
        },
        _ => arith(op, a, b),
    }
}

/// Numeric `a op b` (ints, bools, floats, complex numbers), Python's semantics.
fn arith(op: Bin, a: &Const, b: &Const) -> Option<Const> {
    if let (Some(x), Some(y)) = (a.as_int(), b.as_int()) {
        return int_arith(op, &x, &y);
    }
    if matches!(a, Const::Complex(..)) || matches!(b, Const::Complex(..)) {
        let (ar, ai) = a.as_complex()?;
        let (br, bi) = b.as_complex()?;
        return match op {
            Bin::Add => Some(Const::Complex(ar + br, ai + bi)),
            Bin::Sub => Some(Const::Complex(ar - br, ai - bi)),
            Bin::Mul => Some(Const::Complex(ar * br - ai * bi, ar * bi + ai * br)),
            _ => None,
        };
    }
    let x = a.as_float()?;
    let y = b.as_float()?;
    if !matches!(a, Const::Float(_) | Const::Int(_) | Const::Bool(_))
        || !matches!(b, Const::Float(_) | Const::Int(_) | Const::Bool(_))
    {
        return None;
    }
    let r = match op {
        Bin::Add => x + y,
        Bin::Sub => x - y,
        Bin::Mul => x * y,
        Bin::Div => {
            if y == 0.0 {
                return None;
            }
            x / y
        }
        Bin::FloorDiv => {
            if y == 0.0 {
                return None;
            }
            float_divmod(x, y).0
        }
        Bin::Mod => {
            if y == 0.0 {
                return None;
            }
            float_divmod(x, y).1
        }
        Bin::Pow => {
            if x == 0.0 && y < 0.0 {
                return None;
            }
            if x < 0.0 && y.fract() != 0.0 {
                return None;
            }
            let r = x.powf(y);
            if !r.is_finite() && x.is_finite() && y.is_finite() {
                return None;
            }
            r
        }
        _ => return None,
    };
    Some(Const::Float(r))
}

/// Python's float `divmod`.
fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0_f64.copysign(x / y)
    };
    (floordiv, m)
}

fn int_arith(op: Bin, x: &BigInt, y: &BigInt) -> Option<Const> {
    let int = |i: BigInt| Some(Const::Int(i));
    match op {
        Bin::Add => int(x + y),
        Bin::Sub => int(x - y),
        Bin::Mul => int(x * y),
        Bin::Div => {
            if y.is_zero() {
                return None;
            }
            true_divide(x, y).map(Const::Float)
        }
        Bin::FloorDiv => {
            if y.is_zero() {
                return None;
            }
            int(x.div_floor(y))
        }
        Bin::Mod => {
            if y.is_zero() {
                return None;
            }
            int(x.mod_floor(y))
        }
        Bin::Pow => {
            if y.is_negative() {
                if x.is_zero() {
                    return None;
                }
                let b = int_to_f64(x)?;
                let e = int_to_f64(y)?;
                let r = b.powf(e);
                return r.is_finite().then_some(Const::Float(r));
            }
            let e = y.to_u32()?;
            int(num_traits::pow(x.clone(), e as usize))
        }
        Bin::LShift => {
            if y.is_negative() {
                return None;
            }
            if x.is_zero() {
                return int(BigInt::zero());
            }
            int(x << y.to_usize()?)
        }
        Bin::RShift => {
            if y.is_negative() {
                return None;
            }
            match y.to_usize() {
                Some(s) => int(x >> s),
                None => int(if x.is_negative() {
                    -BigInt::one()
                } else {
                    BigInt::zero()
                }),
            }
        }
        Bin::Or => int(x | y),
        Bin::Xor => int(x ^ y),
        Bin::And => int(x & y),
        Bin::MatMul => None,
    }
}

/// `int / int` correctly rounded to a float, as CPython's `long_true_divide` does (`None`
/// when the result is too large for a float).
fn true_divide(x: &BigInt, y: &BigInt) -> Option<f64> {
    let negative = x.is_negative() != y.is_negative();
    let (a, b) = (x.abs(), y.abs());
    if a.is_zero() {
        return Some(if negative { -0.0 } else { 0.0 });
    }
    if bits(&a) <= 53 && bits(&b) <= 53 {
        let f = a.to_f64()? / b.to_f64()?;
        return Some(if negative { -f } else { f });
    }
    // A quotient of at least 55 significant bits, then one rounding to 53 (half to even,
    // with the remainder as a sticky bit).
    let shift = 55 - (bits(&a) as i64 - bits(&b) as i64);
    let (num, den) = if shift >= 0 {
        (a << shift as usize, b)
    } else {
        (a, b << (-shift) as usize)
    };
    let (mut q, r) = num.div_rem(&den);
    let extra = bits(&q) as i64 - 53;
    let mut exp = -shift;
    if extra > 0 {
        let mask = (BigInt::one() << extra as usize) - 1;
        let low = &q & &mask;
        let half = BigInt::one() << (extra - 1) as usize;
        q >>= extra as usize;
        exp += extra;
        let odd = (&q & BigInt::one()).is_one();
        if low > half || (low == half && (!r.is_zero() || odd)) {
            q += 1;
        }
    }
    let f = q.to_f64()? * 2f64.powi(i32::try_from(exp).ok()?);
    f.is_finite().then_some(if negative { -f } else { f })
}

/// A unary operator of the AST.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unary {
    /// `~`
    Invert,
    /// `not`
    Not,
    /// `+`
    Pos,
    /// `-`
    Neg,
}

/// Folds a unary operator on a constant.
pub fn fold_unary(op: Unary, a: &Const) -> Option<Const> {
    match op {
        Unary::Not => Some(Const::Bool(!a.truthy())),
        Unary::Invert => a.as_int().map(|i| Const::Int(-i - 1)),
        Unary::Pos => match a {
            Const::Bool(b) => Some(Const::int(i64::from(*b))),
            Const::Int(_) | Const::Float(_) | Const::Complex(..) => Some(a.clone()),
            _ => None,
        },
        Unary::Neg => match a {
            Const::Bool(b) => Some(Const::int(-i64::from(*b))),
            Const::Int(i) => Some(Const::Int(-i)),
            Const::Float(f) => Some(Const::Float(-f)),
            Const::Complex(r, i) => Some(Const::Complex(-r, -i)),
            _ => None,
        },
    }
}

/// Folds `a[b]` (a constant subscripted by a constant).
pub fn fold_subscript(a: &Const, b: &Const) -> Option<Const> {
    let index = |len: usize| -> Option<usize> {
        let i = b.as_int()?.to_i64()?;
        let i = if i < 0 { i + len as i64 } else { i };
        (0..len as i64).contains(&i).then_some(i as usize)
    };
    match a {
        Const::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let c = chars.get(index(chars.len())?)?;
            Some(Const::Str(Arc::from(c.to_string())))
        }
        Const::Bytes(s) => Some(Const::int(i64::from(*s.get(index(s.len())?)?))),
        Const::Tuple(t) => t.get(index(t.len())?).cloned(),
        _ => None,
    }
}

/// A code object, as CPython 3.11 builds it.
#[derive(Debug)]
pub struct CodeObject {
    /// A made-up `id()` for its repr: the same in every listing of one run, and the same
    /// from run to run (CPython prints a real address, which tests mask).
    pub address: u64,
    /// `co_name`.
    pub name: String,
    /// `co_qualname`.
    pub qualname: String,
    /// `co_filename`.
    pub filename: Arc<str>,
    /// `co_firstlineno`.
    pub firstlineno: u32,
    /// `co_flags`.
    pub flags: u32,
    /// `co_argcount` (positional parameters, positional-only ones included).
    pub argcount: u32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: u32,
    /// The instructions (`EXTENDED_ARG` prefixes included, `CACHE` entries not).
    pub instrs: Vec<Assembled>,
    /// Size of the bytecode in bytes (with the caches).
    pub code_len: u32,
    /// `co_consts`.
    pub consts: Vec<Const>,
    /// `co_names`.
    pub names: Vec<String>,
    /// `co_varnames`.
    pub varnames: Vec<String>,
    /// `co_cellvars`.
    pub cellvars: Vec<String>,
    /// `co_freevars`.
    pub freevars: Vec<String>,
    /// The names of the fast locals, cells and free variables by slot.
    pub localsplus: Vec<String>,
    /// The exception table.
    pub exceptions: Vec<ExceptionEntry>,
    /// `co_stacksize`.
    pub stacksize: u32,
}

impl CodeObject {
    /// Where made-up addresses start: shaped like a CPython heap address on Linux.
    pub const FIRST_ADDRESS: u64 = 0x7f00_0000_0000;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_are_cpythons() {
        assert_eq!(Const::Complex(0.0, 1.0).repr(), "1j");
        assert_eq!(Const::Complex(-0.0, -1.0).repr(), "(-0-1j)");
        assert_eq!(Const::Complex(1.5, 2.0).repr(), "(1.5+2j)");
        assert_eq!(
            Const::Bytes(Arc::from(&b"a'\x00"[..])).repr(),
            "b\"a'\\x00\""
        );
        let t = Const::Tuple(vec![Const::int(42)].into());
        assert_eq!(t.repr(), "(42,)");
    }

    #[test]
    fn folding_follows_the_limits() {
        let two = Const::int(2);
        assert!(fold_binop(Bin::Pow, &two, &Const::int(64)).is_some());
        assert!(fold_binop(Bin::Pow, &Const::int(10), &Const::int(100)).is_none());
        assert!(fold_binop(Bin::Mod, &Const::str("%s"), &two).is_none());
        let q = fold_binop(Bin::Div, &Const::int(1), &Const::int(3));
        assert!(matches!(q, Some(Const::Float(f)) if f == 1.0 / 3.0));
        assert!(matches!(
            fold_binop(Bin::FloorDiv, &Const::Float(7.0), &Const::int(2)),
            Some(Const::Float(f)) if f == 3.0
        ));
    }
}
