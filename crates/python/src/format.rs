//! Text rules that need no interpreter: CPython's float and str reprs, `ascii()`, the
//! order CPython iterates a set of ints in, and the format-spec mini-language. The VM's
//! `repr`, `str`, `format()` and `%` (`vm/text.rs`) are built on them.

use std::fmt::Write as _;

use num_bigint::BigInt;

use super::value::Value;

/// CPython's `repr(float)`: shortest round-trip digits, scientific outside [1e-4, 1e16).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{f:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let sign = if neg { "-" } else { "" };
    if !(-4..16).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let m = if rest.is_empty() {
            first.to_owned()
        } else {
            format!("{first}.{rest}")
        };
        let es = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{m}e{es}{:02}", exp.abs());
    }
    let n = digits.len() as i32;
    if exp >= 0 {
        if n > exp + 1 {
            let (a, b) = digits.split_at((exp + 1) as usize);
            format!("{sign}{a}.{b}")
        } else {
            let zeros = "0".repeat((exp + 1 - n) as usize);
            format!("{sign}{digits}{zeros}.0")
        }
    } else {
        let zeros = "0".repeat((-exp - 1) as usize);
        format!("{sign}0.{zeros}{digits}")
    }
}

/// `repr(str)`: quotes chosen like CPython, escapes for control characters.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (0x80..0x100).contains(&(c as u32)) && !printable(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if !printable(c) => {
                let n = c as u32;
                if n < 0x10000 {
                    let _ = write!(out, "\\u{n:04x}");
                } else {
                    let _ = write!(out, "\\U{n:08x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Whether `repr` shows `c` as itself: not a control, format, separator (other than the
/// space), private-use or unassigned-in-practice character (`str.isprintable`). The
/// non-ASCII ones are listed by range, the ones a program is likely to meet.
fn printable(c: char) -> bool {
    !matches!(c as u32,
        0x80..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x1680 | 0x180e
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f | 0x3000
        | 0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xfffe | 0xffff
        | 0xe0000..=0xe007f | 0xf0000..=0x10ffff)
}

/// `ascii()` applied to a repr: non-ASCII characters escaped.
pub fn ascii(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            let _ = write!(out, "\\x{n:02x}");
        } else if n < 0x10000 {
            let _ = write!(out, "\\u{n:04x}");
        } else {
            let _ = write!(out, "\\U{n:08x}");
        }
    }
    out
}

/// Orders a set's items as CPython iterates them when they are all ints (whose hashes are
/// the values themselves, so the order is deterministic): by replaying CPython's
/// open-addressing table (`Objects/setobject.c`: linear probes, perturbation, growth).
/// Other sets keep insertion order (CPython's string hashes are randomised per run anyway).
pub fn set_order(items: Vec<Value>) -> Vec<Value> {
    let hashes: Option<Vec<u64>> = items
        .iter()
        .map(|v| match v {
            Value::Int(i) => Some(int_hash(*i)),
            Value::Bool(b) => Some(u64::from(*b)),
            _ => None,
        })
        .collect();
    let Some(hashes) = hashes else {
        return items;
    };
    let order = cpython_set_slots(&hashes);
    order
        .into_iter()
        .filter_map(|i| items.get(i).cloned())
        .collect()
}

/// CPython's `hash(int)` (modulo 2**61 - 1, -1 reserved) as the unsigned table index source.
fn int_hash(i: i64) -> u64 {
    const M: u64 = (1 << 61) - 1;
    let h = if i < 0 {
        -((i.unsigned_abs() % M) as i64)
    } else {
        (i as u64 % M) as i64
    };
    (if h == -1 { -2 } else { h }) as u64
}

/// Slot order of a CPython set after inserting `hashes` (distinct keys) one by one.
fn cpython_set_slots(hashes: &[u64]) -> Vec<usize> {
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

/// A parsed format spec: `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    fill: Option<char>,
    align: Option<char>,
    /// The sign option (`+`, `-`, ` `).
    pub sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    /// The precision.
    pub precision: Option<usize>,
    /// The presentation type (`d`, `f`, `s`...).
    pub ty: Option<char>,
}

impl Spec {
    /// Parses a spec; `None` if malformed.
    pub fn parse(s: &str) -> Option<Spec> {
        let c: Vec<char> = s.chars().collect();
        let mut i = 0;
        let mut sp = Spec::default();
        let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
        if c.len() >= 2 && is_align(c[1]) {
            sp.fill = Some(c[0]);
            sp.align = Some(c[1]);
            i = 2;
        } else if !c.is_empty() && is_align(c[0]) {
            sp.align = Some(c[0]);
            i = 1;
        }
        if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
            sp.sign = Some(c[i]);
            i += 1;
        }
        if i < c.len() && c[i] == '#' {
            sp.alt = true;
            i += 1;
        }
        if i < c.len() && c[i] == '0' {
            sp.zero = true;
            i += 1;
        }
        let start = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        if i > start {
            sp.width = c[start..i].iter().collect::<String>().parse().ok()?;
        }
        if i < c.len() && matches!(c[i], ',' | '_') {
            sp.grouping = Some(c[i]);
            i += 1;
        }
        if i < c.len() && c[i] == '.' {
            i += 1;
            let ps = i;
            while i < c.len() && c[i].is_ascii_digit() {
                i += 1;
            }
            if i == ps {
                return None;
            }
            sp.precision = c[ps..i].iter().collect::<String>().parse().ok();
        }
        if i < c.len() {
            sp.ty = Some(c[i]);
            i += 1;
        }
        (i == c.len()).then_some(sp)
    }

    /// Pads `s` to the width with the spec's fill and alignment (`default` if none given).
    pub fn pad(&self, s: &str, default: char) -> String {
        let n = s.chars().count();
        if n >= self.width {
            return s.to_owned();
        }
        let fill = self.fill.unwrap_or(' ');
        let pad = self.width - n;
        let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
        match self.align.unwrap_or(default) {
            '>' => format!("{}{s}", f(pad)),
            '^' => format!("{}{s}{}", f(pad / 2), f(pad - pad / 2)),
            _ => format!("{s}{}", f(pad)),
        }
    }

    fn finish_number(&self, neg: bool, body: String, prefix: &str) -> String {
        let sign = if neg {
            "-"
        } else {
            match self.sign {
                Some('+') => "+",
                Some(' ') => " ",
                _ => "",
            }
        };
        let zero_pad = self.zero && self.align.is_none() && self.fill.is_none();
        if zero_pad || self.align == Some('=') {
            let fill = if zero_pad {
                '0'
            } else {
                self.fill.unwrap_or(' ')
            };
            let used = sign.len() + prefix.len() + body.chars().count();
            let k = self.width.saturating_sub(used);
            let mut b = body;
            if zero_pad && self.grouping.is_some() && k > 0 {
                // Zero padding takes part in the grouping, as in CPython.
                let sep = self.grouping.unwrap_or(',');
                let digits: String = b.chars().filter(|c| *c != sep).collect();
                let (int_part, rest) = match digits.find(['.', 'e', 'E', '%']) {
                    Some(p) => (digits[..p].to_owned(), digits[p..].to_owned()),
                    None => (digits.clone(), String::new()),
                };
                let mut ip = int_part;
                loop {
                    let g = group(&ip, sep, 3);
                    if sign.len() + prefix.len() + g.chars().count() + rest.chars().count()
                        >= self.width
                    {
                        b = format!("{g}{rest}");
                        break;
                    }
                    ip.insert(0, '0');
                }
                return format!("{sign}{prefix}{b}");
            }
            let pad: String = std::iter::repeat_n(fill, k).collect();
            return format!("{sign}{prefix}{pad}{b}");
        }
        self.pad(&format!("{sign}{prefix}{body}"), '>')
    }

    /// Formats an integer.
    pub fn format_int(&self, n: &BigInt) -> String {
        let neg = n.sign() == num_bigint::Sign::Minus;
        let mag = if neg { -n } else { n.clone() };
        let (digits, prefix) = match self.ty {
            Some('x') => (mag.to_str_radix(16), "0x"),
            Some('X') => (mag.to_str_radix(16).to_uppercase(), "0X"),
            Some('o') => (mag.to_str_radix(8), "0o"),
            Some('b') => (mag.to_str_radix(2), "0b"),
            Some('c') => {
                let ch = mag
                    .to_string()
                    .parse::<u32>()
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('?');
                return self.pad(&ch.to_string(), '<');
            }
            _ => (mag.to_string(), ""),
        };
        let digits = match self.grouping {
            Some(sep) => {
                let every = if matches!(self.ty, Some('x' | 'X' | 'o' | 'b')) {
                    4
                } else {
                    3
                };
                group(&digits, sep, every)
            }
            None => digits,
        };
        let prefix = if self.alt { prefix } else { "" };
        self.finish_number(neg, digits, prefix)
    }

    /// Formats a float.
    pub fn format_float(&self, f: f64) -> String {
        let neg = f.is_sign_negative();
        let a = f.abs();
        let body = if a.is_nan() {
            "nan".to_owned()
        } else if a.is_infinite() {
            "inf".to_owned()
        } else {
            match self.ty {
                Some('f' | 'F') => format!("{:.*}", self.precision.unwrap_or(6), a),
                Some('e' | 'E') => exp_format(a, self.precision.unwrap_or(6), self.ty == Some('E')),
                Some('%') => format!("{:.*}%", self.precision.unwrap_or(6), a * 100.0),
                Some('g' | 'G') => general_format(a, self.precision.unwrap_or(6), self.alt),
                _ => match self.precision {
                    Some(p) => {
                        let s = general_format(a, p.max(1), false);
                        if s.contains(['.', 'e', 'n', 'i']) {
                            s
                        } else {
                            format!("{s}.0")
                        }
                    }
                    None => float_repr(a),
                },
            }
        };
        // Upper-case types spell the exponent, inf and nan in capitals.
        let body = if matches!(self.ty, Some('E' | 'F' | 'G')) {
            body.to_uppercase()
        } else {
            body
        };
        let body = match self.grouping {
            Some(sep) => {
                let (int_part, rest) = match body.find(['.', 'e', '%']) {
                    Some(p) => (&body[..p], &body[p..]),
                    None => (&body[..], ""),
                };
                format!("{}{rest}", group(int_part, sep, 3))
            }
            None => body,
        };
        self.finish_number(neg && !f.is_nan(), body, "")
    }
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

fn exp_format(a: f64, prec: usize, upper: bool) -> String {
    let s = format!("{a:.prec$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let r = format!("{m}e{sign}{:02}", e.abs());
    if upper { r.to_uppercase() } else { r }
}

/// The `g` presentation type.
fn general_format(a: f64, prec: usize, alt: bool) -> String {
    let p = prec.max(1);
    if a == 0.0 {
        return if alt {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let s = format!("{:.*e}", p - 1, a);
    let exp: i32 = s
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let out = if exp < -4 || exp >= p as i32 {
        exp_format(a, p - 1, false)
    } else {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, a)
    };
    if alt {
        return out;
    }
    // Strip trailing zeros of the fraction.
    if let Some(epos) = out.find('e') {
        let (m, e) = out.split_at(epos);
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        format!("{m}{e}")
    } else if out.contains('.') {
        out.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_cpython() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123.456, "123.456"),
            (-2.5, "-2.5"),
            (1.0 / 3.0, "0.3333333333333333"),
            (2.0f64.powi(70), "1.1805916207174113e+21"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }

    #[test]
    fn format_specs_match_cpython() {
        let sp = |s: &str| Spec::parse(s).unwrap();
        assert_eq!(sp(".2f").format_float(2.71838), "2.72");
        assert_eq!(sp("8.3f").format_float(-2.71838), "  -2.718");
        assert_eq!(sp("08.3f").format_float(-2.71838), "-002.718");
        assert_eq!(sp(",").format_int(&BigInt::from(1234567)), "1,234,567");
        assert_eq!(sp(">5").pad("ab", '<'), "   ab");
        assert_eq!(sp("^6").pad("ab", '<'), "  ab  ");
        assert_eq!(sp("*<4").pad("ab", '>'), "ab**");
        assert_eq!(sp("05d").format_int(&BigInt::from(42)), "00042");
        assert_eq!(sp("x").format_int(&BigInt::from(255)), "ff");
        assert_eq!(sp("#x").format_int(&BigInt::from(255)), "0xff");
        assert_eq!(sp(".1%").format_float(0.256), "25.6%");
        assert_eq!(sp(".3e").format_float(12345.678), "1.235e+04");
        assert_eq!(sp("g").format_float(0.00001234), "1.234e-05");
        assert_eq!(sp("g").format_float(1234.5), "1234.5");
        assert_eq!(sp(".2").format_float(2.71838), "2.7");
    }
}
