//! The AST optimizer's constant folding (`Python/ast_opt.c`), applied where the code
//! generator asks whether an expression is a constant: literals, `__debug__`, operators
//! and subscripts on constants (within the optimizer's size limits), tuples of
//! constants, and the lists and sets iterated over or tested with `in`, which become
//! tuples and frozensets.

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::Signed;
use ruff_python_ast::{self as ast, Expr};

use super::Compiler;
use super::konst::{Bin, Const, Unary, fold_binop, fold_subscript, fold_unary};
use crate::symtable::node_id;

/// An iterable after `fold_iter`: a constant, a tuple display, or anything else.
pub(super) enum Iterable<'e> {
    /// Folded to a constant (a tuple or frozenset of constants, or another constant).
    Const(Const),
    /// A list display turned into a tuple display.
    Tuple(&'e [Expr]),
    /// Unchanged.
    Other,
}

/// An int literal's value.
pub(super) fn int_literal(i: &ast::Int) -> BigInt {
    match i.as_u64() {
        Some(v) => BigInt::from(v),
        None => crate::compile::parse_big(&i.to_string()).unwrap_or_default(),
    }
}

fn binop(op: ast::Operator) -> Bin {
    match op {
        ast::Operator::Add => Bin::Add,
        ast::Operator::Sub => Bin::Sub,
        ast::Operator::Mult => Bin::Mul,
        ast::Operator::MatMult => Bin::MatMul,
        ast::Operator::Div => Bin::Div,
        ast::Operator::Mod => Bin::Mod,
        ast::Operator::Pow => Bin::Pow,
        ast::Operator::LShift => Bin::LShift,
        ast::Operator::RShift => Bin::RShift,
        ast::Operator::BitOr => Bin::Or,
        ast::Operator::BitXor => Bin::Xor,
        ast::Operator::BitAnd => Bin::And,
        ast::Operator::FloorDiv => Bin::FloorDiv,
    }
}

/// The items of a frozenset in CPython's iteration order. Its hash table is replayed: the
/// set is built from the items, rebuilt from its own order when the compiler merges the
/// constant, and rebuilt once more when the code object interns its strings if one of
/// them is a name already interned (`interned`). String hashes are those of a run with
/// `PYTHONHASHSEED=0` (other runs randomise them).
pub(super) fn frozenset(items: Vec<Const>, interned: impl Fn(&str) -> bool) -> Const {
    let mut unique: Vec<Const> = Vec::new();
    for c in items {
        let k = c.key();
        if !unique.iter().any(|u| u.key() == k || numeric_eq(u, &c)) {
            unique.push(c);
        }
    }
    let hashes: Option<Vec<u64>> = unique.iter().map(const_hash).collect();
    let Some(hashes) = hashes else {
        return Const::FrozenSet(Arc::from(unique));
    };
    let reinterned = unique.iter().any(|c| match c {
        Const::Str(s) => is_name(s) && interned(s),
        _ => false,
    });
    let mut order: Vec<usize> = (0..unique.len()).collect();
    for _ in 0..if reinterned { 3 } else { 2 } {
        let h: Vec<u64> = order.iter().map(|&i| hashes[i]).collect();
        order = set_slots(&h).into_iter().map(|j| order[j]).collect();
    }
    Const::FrozenSet(order.into_iter().map(|i| unique[i].clone()).collect())
}

/// CPython's `hash()` of a constant, where it is deterministic (with `PYTHONHASHSEED=0`).
fn const_hash(c: &Const) -> Option<u64> {
    const MODULUS: u64 = (1 << 61) - 1;
    let h: i64 = match c {
        Const::Bool(b) => i64::from(*b),
        Const::Int(i) => {
            let m = BigInt::from(MODULUS);
            let r = (i.abs() % &m).try_into().ok()?;
            let r: i64 = r;
            if i.sign() == num_bigint::Sign::Minus {
                -r
            } else {
                r
            }
        }
        Const::Str(s) => str_hash(s),
        Const::Bytes(b) if b.is_empty() => 0,
        Const::Bytes(b) => siphash13(0, 0, b) as i64,
        Const::Tuple(items) => tuple_hash(items)?,
        // `None`'s hash is its address; floats are left out.
        _ => return None,
    };
    Some((if h == -1 { -2 } else { h }) as u64)
}

/// CPython 3.11's tuple hash (`tuplehash`, after xxHash), from its items' hashes.
fn tuple_hash(items: &[Const]) -> Option<i64> {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let mut acc = PRIME_5;
    for item in items {
        let lane = const_hash(item)?;
        acc = acc.wrapping_add(lane.wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add(items.len() as u64 ^ (PRIME_5 ^ 3_527_539));
    Some(if acc == u64::MAX {
        1_546_275_796
    } else {
        acc as i64
    })
}

/// CPython 3.11's string hash: SipHash-1-3 with a zero key (`PYTHONHASHSEED=0`) over the
/// string's storage (1, 2 or 4 bytes per character).
fn str_hash(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut data: Vec<u8> = Vec::new();
    for c in s.chars() {
        let n = c as u32;
        if max <= 0xFF {
            data.push(n as u8);
        } else if max <= 0xFFFF {
            data.extend_from_slice(&(n as u16).to_le_bytes());
        } else {
            data.extend_from_slice(&n.to_le_bytes());
        }
    }
    siphash13(0, 0, &data) as i64
}

fn siphash13(k0: u64, k1: u64, src: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = src.chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let m = u64::from_le_bytes(w);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut t = [0u8; 8];
    let rest = chunks.remainder();
    t[..rest.len()].copy_from_slice(rest);
    let b = ((src.len() as u64) << 56) | u64::from_le_bytes(t);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    (v0 ^ v1) ^ (v2 ^ v3)
}

/// Iteration order (indexes into `hashes`) of a CPython set after adding distinct keys
/// with these hashes one by one (`Objects/setobject.c`: linear probes, perturbation,
/// resizing).
fn set_slots(hashes: &[u64]) -> Vec<usize> {
    const LINEAR_PROBES: usize = 9;
    fn insert(table: &mut [Option<usize>], hash: u64, idx: usize) {
        let mask = table.len() - 1;
        let mut perturb = hash;
        let mut i = (hash as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in 0..=probes {
                if let Some(slot @ None) = table.get_mut(i + j) {
                    *slot = Some(idx);
                    return;
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
    let mut table: Vec<Option<usize>> = vec![None; 8];
    for (idx, &h) in hashes.iter().enumerate() {
        insert(&mut table, h, idx);
        let fill = idx + 1;
        let mask = table.len() - 1;
        if fill * 5 >= mask * 3 {
            let minused = if fill > 50_000 { fill * 2 } else { fill * 4 };
            let mut size = 8;
            while size <= minused {
                size <<= 1;
            }
            let old: Vec<usize> = table.iter().flatten().copied().collect();
            table = vec![None; size];
            for i in old {
                insert(&mut table, hashes[i], i);
            }
        }
    }
    table.into_iter().flatten().collect()
}

/// Whether CPython interns a string constant (only letters, digits and underscores).
fn is_name(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `1 == 1.0 == True` in a set.
fn numeric_eq(a: &Const, b: &Const) -> bool {
    let f = |c: &Const| match c {
        Const::Int(i) => i64::try_from(i).ok().map(|x| x as f64),
        Const::Bool(b) => Some(f64::from(u8::from(*b))),
        Const::Float(f) => Some(*f),
        _ => None,
    };
    matches!((f(a), f(b)), (Some(x), Some(y)) if x == y)
}

impl Compiler<'_> {
    /// A frozenset constant, ordered as CPython 3.11 would order it in this module.
    pub(super) fn frozenset(&mut self, items: Vec<Const>) -> Const {
        if self.identifiers.is_none() {
            self.identifiers = Some(identifiers(self.module));
        }
        let ids = self.identifiers.as_ref();
        frozenset(items, |s| {
            ids.is_some_and(|i| i.contains(s)) || pre_interned(s)
        })
    }

    /// The constant `e` folds to, if any.
    pub(super) fn const_of(&mut self, e: &Expr) -> Option<Const> {
        let id = node_id(e);
        if let Some(c) = self.folded.get(&id) {
            return c.clone();
        }
        let c = self.fold(e);
        self.folded.insert(id, c.clone());
        c
    }

    fn fold(&mut self, e: &Expr) -> Option<Const> {
        match e {
            Expr::NumberLiteral(n) => Some(match &n.value {
                ast::Number::Int(i) => Const::Int(int_literal(i)),
                ast::Number::Float(f) => Const::Float(*f),
                ast::Number::Complex { real, imag } => Const::Complex(*real, *imag),
            }),
            Expr::StringLiteral(s) => Some(Const::str(s.value.to_str())),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                Some(Const::Bytes(Arc::from(bytes)))
            }
            Expr::BooleanLiteral(b) => Some(Const::Bool(b.value)),
            Expr::NoneLiteral(_) => Some(Const::None),
            Expr::EllipsisLiteral(_) => Some(Const::Ellipsis),
            Expr::Name(n) if n.ctx == ast::ExprContext::Load && n.id.as_str() == "__debug__" => {
                Some(Const::Bool(true))
            }
            Expr::BinOp(b) => {
                let l = self.const_of(&b.left);
                let r = self.const_of(&b.right);
                fold_binop(binop(b.op), &l?, &r?)
            }
            Expr::UnaryOp(u) => {
                let v = self.const_of(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::Invert => Unary::Invert,
                    ast::UnaryOp::Not => Unary::Not,
                    ast::UnaryOp::UAdd => Unary::Pos,
                    ast::UnaryOp::USub => Unary::Neg,
                };
                fold_unary(op, &v)
            }
            Expr::Tuple(t) if t.ctx == ast::ExprContext::Load => {
                let items: Vec<Option<Const>> = t.elts.iter().map(|x| self.const_of(x)).collect();
                let items: Option<Vec<Const>> = items.into_iter().collect();
                Some(Const::Tuple(Arc::from(items?)))
            }
            Expr::Subscript(s) if s.ctx == ast::ExprContext::Load => {
                let v = self.const_of(&s.value);
                let i = self.const_of(&s.slice);
                fold_subscript(&v?, &i?)
            }
            _ => None,
        }
    }

    /// An iterable as `fold_iter` leaves it (a `for` loop's or a comprehension's, or the
    /// right side of `in`).
    pub(super) fn iterable<'e>(&mut self, e: &'e Expr) -> Iterable<'e> {
        match e {
            Expr::List(l) => {
                if l.elts.iter().any(|x| matches!(x, Expr::Starred(_))) {
                    return self.const_of(e).map_or(Iterable::Other, Iterable::Const);
                }
                let items: Vec<Option<Const>> = l.elts.iter().map(|x| self.const_of(x)).collect();
                match items.into_iter().collect::<Option<Vec<Const>>>() {
                    Some(items) => Iterable::Const(Const::Tuple(Arc::from(items))),
                    None => Iterable::Tuple(&l.elts),
                }
            }
            Expr::Set(s) => {
                let items: Vec<Option<Const>> = s.elts.iter().map(|x| self.const_of(x)).collect();
                match items.into_iter().collect::<Option<Vec<Const>>>() {
                    Some(items) => Iterable::Const(self.frozenset(items)),
                    None => Iterable::Other,
                }
            }
            _ => self.const_of(e).map_or(Iterable::Other, Iterable::Const),
        }
    }
}

/// A piece of `"..." % (a, b)` rewritten as an f-string by the AST optimizer.
pub(super) enum Piece<'e> {
    /// Literal text (`%%` unescaped).
    Text(String),
    /// `%s`, `%r` or `%a` of an item, with an optional format spec (`>10`, `.3`).
    Value(&'e Expr, u32, Option<String>),
}

/// Parses `%[flags][width][.precision]type` at `pos` (just after `%`): the spec, and where
/// parsing ended. Widths and precisions of three digits or more are not simple.
fn format_unit(fmt: &[char], pos: &mut usize) -> Option<(char, bool, i32, i32)> {
    let next = |p: &mut usize| -> Option<char> {
        let c = *fmt.get(*p)?;
        *p += 1;
        Some(c)
    };
    let mut ljust = false;
    let mut ch = next(pos)?;
    loop {
        match ch {
            '-' => ljust = true,
            '+' | ' ' | '#' | '0' => {}
            _ => break,
        }
        ch = next(pos)?;
    }
    let mut width = -1;
    if ch.is_ascii_digit() {
        width = 0;
        let mut digits = 0;
        while let Some(d) = ch.to_digit(10) {
            width = width * 10 + d as i32;
            ch = next(pos)?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    let mut prec = -1;
    if ch == '.' {
        ch = next(pos)?;
        prec = 0;
        let mut digits = 0;
        while let Some(d) = ch.to_digit(10) {
            prec = prec * 10 + d as i32;
            ch = next(pos)?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    Some((ch, ljust, width, prec))
}

impl Compiler<'_> {
    /// `"fmt" % (a, b)` with a literal format of only `%s`, `%r` and `%a` units, as the
    /// f-string CPython 3.11's optimizer makes of it.
    pub(super) fn percent_format<'e>(&mut self, b: &'e ast::ExprBinOp) -> Option<Vec<Piece<'e>>> {
        if b.op != ast::Operator::Mod {
            return None;
        }
        let Expr::Tuple(t) = &*b.right else {
            return None;
        };
        if t.elts.iter().any(|x| matches!(x, Expr::Starred(_))) {
            return None;
        }
        let Some(Const::Str(fmt)) = self.const_of(&b.left) else {
            return None;
        };
        if self.const_of(&b.right).is_some() {
            return None;
        }
        let fmt: Vec<char> = fmt.chars().collect();
        let mut pieces = Vec::new();
        let mut pos = 0;
        let mut count = 0;
        loop {
            let start = pos;
            let mut text = String::new();
            while pos < fmt.len() {
                if fmt[pos] != '%' {
                    text.push(fmt[pos]);
                    pos += 1;
                } else if fmt.get(pos + 1) == Some(&'%') {
                    text.push('%');
                    pos += 2;
                } else {
                    break;
                }
            }
            if pos > start {
                pieces.push(Piece::Text(text));
            }
            if pos >= fmt.len() {
                break;
            }
            let arg = t.elts.get(count)?;
            pos += 1;
            let (spec, ljust, width, prec) = format_unit(&fmt, &mut pos)?;
            count += 1;
            let conv = match spec {
                's' => 1,
                'r' => 2,
                'a' => 3,
                _ => return None,
            };
            let mut s = String::new();
            if !ljust && width > 0 {
                s.push('>');
            }
            if width >= 0 {
                s.push_str(&width.to_string());
            }
            if prec >= 0 {
                s.push_str(&format!(".{prec}"));
            }
            pieces.push(Piece::Value(arg, conv, (!s.is_empty()).then_some(s)));
        }
        (count == t.elts.len()).then_some(pieces)
    }
}

/// The strings `python3 -m dis` has interned when it compiles a program (the keywords,
/// the builtins, and the names of the modules it has loaded by then), one a line, sorted:
/// generated by `tests/dis/interned.py` with CPython 3.11.7.
const PRE_INTERNED: &str = include_str!("interned.txt");

/// The lines of [`PRE_INTERNED`], to search.
static PRE_INTERNED_LINES: std::sync::LazyLock<Vec<&str>> =
    std::sync::LazyLock::new(|| PRE_INTERNED.lines().collect());

/// Whether `s` is in [`PRE_INTERNED`].
fn pre_interned(s: &str) -> bool {
    PRE_INTERNED_LINES.binary_search(&s).is_ok()
}

/// The identifiers of a module (its name tokens), which CPython's parser interns.
pub(super) fn identifiers(body: &[ruff_python_ast::Stmt]) -> std::collections::HashSet<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    #[derive(Default)]
    struct Names(std::collections::HashSet<String>);
    impl<'a> Visitor<'a> for Names {
        fn visit_stmt(&mut self, s: &'a ruff_python_ast::Stmt) {
            use ruff_python_ast::Stmt;
            match s {
                Stmt::FunctionDef(f) => {
                    self.0.insert(f.name.to_string());
                }
                Stmt::ClassDef(c) => {
                    self.0.insert(c.name.to_string());
                }
                Stmt::ImportFrom(i) => {
                    if let Some(m) = &i.module {
                        self.0.extend(m.split('.').map(str::to_owned));
                    }
                }
                Stmt::Global(g) => self.0.extend(g.names.iter().map(|n| n.to_string())),
                Stmt::Nonlocal(g) => self.0.extend(g.names.iter().map(|n| n.to_string())),
                _ => {}
            }
            visitor::walk_stmt(self, s);
        }
        fn visit_expr(&mut self, e: &'a Expr) {
            match e {
                Expr::Name(n) => {
                    self.0.insert(n.id.to_string());
                }
                Expr::Attribute(a) => {
                    self.0.insert(a.attr.to_string());
                }
                _ => {}
            }
            visitor::walk_expr(self, e);
        }
        fn visit_parameter(&mut self, p: &'a ast::Parameter) {
            self.0.insert(p.name.to_string());
            visitor::walk_parameter(self, p);
        }
        fn visit_keyword(&mut self, k: &'a ast::Keyword) {
            if let Some(a) = &k.arg {
                self.0.insert(a.to_string());
            }
            visitor::walk_keyword(self, k);
        }
        fn visit_alias(&mut self, a: &'a ast::Alias) {
            self.0.extend(a.name.split('.').map(str::to_owned));
            if let Some(n) = &a.asname {
                self.0.insert(n.to_string());
            }
        }
        fn visit_except_handler(&mut self, h: &'a ast::ExceptHandler) {
            let ast::ExceptHandler::ExceptHandler(x) = h;
            if let Some(n) = &x.name {
                self.0.insert(n.to_string());
            }
            visitor::walk_except_handler(self, h);
        }
    }
    let mut names = Names::default();
    names.visit_body(body);
    names.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interned_names_are_sorted_for_binary_search() {
        assert!(PRE_INTERNED_LINES.windows(2).all(|w| w[0] < w[1]));
        assert!(pre_interned("print") && pre_interned("link"));
        assert!(!pre_interned("attlist"));
    }

    #[test]
    fn string_hashes_are_cpythons_with_hashseed_0() {
        // `PYTHONHASHSEED=0 python3 -c "print(hash('a'), hash('São'))"`
        assert_eq!(str_hash("a"), 4644417185603328019);
        assert_eq!(str_hash("abc"), -4594863902769663758);
        assert_eq!(str_hash("São"), 2975346801419275459);
        // `PYTHONHASHSEED=0 python3 -c "print(hash(('text', 'html')), hash(b'ab'), hash((1, -2)))"`
        let pair = Const::Tuple(vec![Const::str("text"), Const::str("html")].into());
        assert_eq!(
            const_hash(&pair),
            Some(-1_673_652_767_853_939_087_i64 as u64)
        );
        assert_eq!(
            const_hash(&Const::Bytes(b"ab".to_vec().into())),
            Some(6_148_830_537_548_944_441)
        );
        let ints = Const::Tuple(vec![Const::Int(1.into()), Const::Int((-2).into())].into());
        assert_eq!(
            const_hash(&ints),
            Some(-6_779_188_579_744_246_035_i64 as u64)
        );
        assert_eq!(str_hash("gettext"), -6386241656553580076);
        assert_eq!(str_hash("npgettext"), -2891882010183248083);
    }
}
