//! `re`: Python's regular expressions. The module's objects (`Pattern`, `Match`, `sub`'s
//! templates, `split`, `findall`) are written in Python (`re.py`); the matching itself is
//! `fancy-regex`, a backtracking engine with Python's leftmost-first semantics, look-around,
//! backreferences, atomic groups and possessive repeats, reached through a bridge that
//! reads Python's syntax and writes fancy-regex's.
//!
//! Why a bridge rather than `rustpython-sre_engine` (a port of CPython's own matcher): that
//! engine runs sre opcodes, so it needs a second port of CPython's pattern parser and
//! compiler (`re/_parser.py`, `re/_compiler.py`, some 1,800 lines with their charset and
//! repeat optimisations) before it matches anything; the bridge is one pass over the
//! pattern. The bridge parses Python's syntax itself, so the errors are CPython's
//! (`re.error` with CPython's message and position), and it writes out only constructs the
//! two engines agree on:
//! - `$` without MULTILINE is `(?=\n?\z)` (end, or before a final newline), `\Z` is `\z`;
//! - `\s` adds `\x1c-\x1f` (str.isspace's extra separators); ASCII mode and bytes patterns
//!   spell `\d`, `\w`, `\s` and `\b` out as ASCII classes;
//! - literals are written escaped; VERBOSE whitespace and comments, and `(?#...)`, are
//!   dropped here; `{` that is not a repeat is a literal, `{,n}` is `{0,n}`;
//! - bytes are matched as their Latin-1 decoding, so positions are byte offsets.
//!
//! Known differences from CPython: after an empty match, the next search of `finditer`,
//! `sub` and `split` starts one character later, where CPython first tries a non-empty
//! match at the same place (`re.findall('a*|b', 'b')` is `['', '']`, CPython's
//! `['', 'b', '']`); case-insensitive bytes patterns fold Latin-1 letters as well.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use fancy_regex::Regex;
use parking_lot::Mutex;

use super::support::source_module;
use crate::builtins::func;
use crate::value::{Args, Flow, Str, Value};
use crate::vm::Vm;

/// `re.IGNORECASE`.
const IGNORECASE: u32 = 2;
/// `re.MULTILINE`.
const MULTILINE: u32 = 8;
/// `re.DOTALL`.
const DOTALL: u32 = 16;
/// `re.VERBOSE`.
const VERBOSE: u32 = 64;
/// `re.ASCII`.
const ASCII: u32 = 256;

/// Builds the `re` module.
pub fn module(vm: &mut Vm<'_>) -> Result<Value, Flow> {
    source_module(
        vm,
        "re",
        include_str!("re.py"),
        vec![
            (
                Str::from("_compile"),
                func("_compile", "re", compile_native),
            ),
            (Str::from("_search"), func("_search", "re", search_native)),
            (Str::from("_slice"), func("_slice", "re", slice_native)),
        ],
    )
}

/// A pattern compiled for both ways the module runs it.
struct Compiled {
    /// The pattern itself, for `search` (and `match`, which keeps a match at `pos`).
    search: Regex,
    /// The pattern followed by the end of the text, for `fullmatch`.
    full: Regex,
    /// The number of capturing groups.
    groups: usize,
    /// Named groups and their numbers, in pattern order.
    names: Vec<(String, usize)>,
    /// The flags in effect after inline global flags (`(?i)` at the start).
    flags: u32,
}

/// A pattern error: CPython's message and, where CPython gives one, the position.
type PatternError = (String, Option<usize>);

/// A pattern's cache key: its text, whether it is bytes, its flags.
type Key = (String, bool, u32);

/// What compiling a pattern gave.
type Outcome = Result<Arc<Compiled>, PatternError>;

/// Compiled patterns by key. Compiling is deterministic, so the cache is shared by every
/// run in the process; it only saves work.
fn cache() -> &'static Mutex<HashMap<Key, Outcome>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Outcome>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The text of a str, or of bytes read as Latin-1 (one char per byte); `None` otherwise.
fn text_of(v: &Value) -> Option<(String, bool)> {
    match v {
        Value::Str(s) => Some((s.to_string(), false)),
        Value::Bytes(b) => Some((b.iter().map(|&c| char::from(c)).collect(), true)),
        _ => None,
    }
}

/// The compiled form of `pattern` under `flags`, from the cache.
fn compiled(pattern: &str, bytes: bool, flags: u32) -> Result<Arc<Compiled>, PatternError> {
    let key = (pattern.to_owned(), bytes, flags);
    if let Some(found) = cache().lock().get(&key) {
        return found.clone();
    }
    let result = compile(pattern, bytes, flags).map(Arc::new);
    cache().lock().insert(key, result.clone());
    result
}

/// Translates and compiles `pattern`.
fn compile(pattern: &str, bytes: bool, flags: u32) -> Result<Compiled, PatternError> {
    let t = translate(pattern, bytes, flags)?;
    let build = |text: &str| {
        Regex::new(text).map_err(|e| {
            let msg = match e {
                fancy_regex::Error::CompileError(fancy_regex::CompileError::LookBehindNotConst) => {
                    "look-behind requires fixed-width pattern".to_owned()
                }
                other => format!("unsupported pattern ({other})"),
            };
            (msg, None)
        })
    };
    Ok(Compiled {
        search: build(&t.regex)?,
        full: build(&format!("(?:{})\\z", t.regex))?,
        groups: t.groups,
        names: t.names,
        flags: t.flags,
    })
}

/// `_compile(pattern, flags)`: `(groups, [(name, index)...], flags)`, or
/// `(None, message, position)` for a pattern CPython rejects.
fn compile_native(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (Some((pattern, bytes)), Some(Value::Int(flags))) =
        (args.pos.first().and_then(text_of), args.pos.get(1))
    else {
        return Err(vm.exc(
            "TypeError",
            "first argument must be string or compiled pattern",
        ));
    };
    let flags = u32::try_from(*flags).unwrap_or(0);
    Ok(match compiled(&pattern, bytes, flags) {
        Ok(c) => Value::tuple(vec![
            Value::Int(c.groups as i64),
            Value::list(
                c.names
                    .iter()
                    .map(|(n, i)| Value::tuple(vec![Value::str(n), Value::Int(*i as i64)]))
                    .collect(),
            ),
            Value::Int(i64::from(c.flags)),
        ]),
        Err((msg, pos)) => Value::tuple(vec![
            Value::None,
            Value::str(&msg),
            pos.map_or(Value::None, |p| Value::Int(p as i64)),
        ]),
    })
}

/// `_slice(string, start, end)`: `string[start:end]` for 0 <= start <= end <= len, in
/// time of the slice's length (the VM's str slicing walks the text from its start, and
/// a match object slices one long text many times).
fn slice_native(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let a = &args.pos;
    let (Some(subject), Some(Value::Int(start)), Some(Value::Int(end))) =
        (a.first().and_then(subject), a.get(1), a.get(2))
    else {
        return Err(vm.exc("TypeError", "_slice() needs a str or bytes and two ints"));
    };
    let n = if subject.offsets.is_empty() {
        subject.text().len()
    } else {
        subject.offsets.len() - 1
    };
    let clamp = |i: i64| usize::try_from(i.max(0)).unwrap_or(0).min(n);
    let (start, end) = (clamp(*start), clamp(*end).max(clamp(*start)));
    let byte = |ch: usize| {
        if subject.offsets.is_empty() {
            ch
        } else {
            subject.offsets[ch]
        }
    };
    Ok(match &subject.value {
        Value::Bytes(b) => Value::Bytes(Arc::new(b[start..end].to_vec())),
        _ => Value::str(&subject.text()[byte(start)..byte(end)]),
    })
}

/// A text being searched, as the matcher reads it: a str as it is, bytes as their Latin-1
/// decoding, and where each character starts when the text is not ASCII.
struct Subject {
    /// The str or bytes value (kept so the identity below stays valid).
    value: Value,
    /// The Latin-1 decoding of bytes.
    decoded: Option<String>,
    /// The byte offset of each character and of the end; empty for ASCII text.
    offsets: Vec<usize>,
}

impl Subject {
    fn text(&self) -> &str {
        match (&self.value, &self.decoded) {
            (_, Some(d)) => d,
            (Value::Str(s), None) => s,
            _ => "",
        }
    }

    /// Where the data of a str or bytes value lives, as an identity.
    fn identity(v: &Value) -> Option<(usize, usize)> {
        match v {
            Value::Str(s) => Some((s.as_ptr() as usize, s.len())),
            Value::Bytes(b) => Some((b.as_ptr() as usize, b.len())),
            _ => None,
        }
    }

    fn new(v: &Value) -> Option<Subject> {
        let decoded = match v {
            Value::Str(_) => None,
            Value::Bytes(b) => Some(b.iter().map(|&c| char::from(c)).collect()),
            _ => return None,
        };
        let mut subject = Subject {
            value: v.clone(),
            decoded,
            offsets: Vec::new(),
        };
        let text = subject.text();
        if !text.is_ascii() {
            subject.offsets = text
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect();
        }
        Some(subject)
    }
}

thread_local! {
    /// The last text searched on this thread: `finditer`, `sub` and `split` search one
    /// text many times, and reading it again each time would make them quadratic.
    static LAST_SUBJECT: std::cell::RefCell<Option<Arc<Subject>>> =
        const { std::cell::RefCell::new(None) };
}

/// The subject for `v`, from the one-entry cache when it is the same value.
fn subject(v: &Value) -> Option<Arc<Subject>> {
    let id = Subject::identity(v)?;
    LAST_SUBJECT.with(|last| {
        let mut last = last.borrow_mut();
        if let Some(s) = last.as_ref()
            && Subject::identity(&s.value) == Some(id)
            && std::mem::discriminant(&s.value) == std::mem::discriminant(v)
        {
            return Some(Arc::clone(s));
        }
        let s = Arc::new(Subject::new(v)?);
        *last = Some(Arc::clone(&s));
        Some(s)
    })
}

/// `_search(pattern, flags, string, pos, endpos, mode)`: the spans of the first match
/// (`mode` 0: anywhere from `pos`; 1: starting at `pos`; 2: from `pos` to `endpos`) as
/// `(start0, end0, start1, end1, ...)` in characters, -1 for a group that did not take
/// part; `None` when there is no match.
fn search_native(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let a = &args.pos;
    let (Some((pattern, bytes)), Some(Value::Int(flags)), Some(subject)) = (
        a.first().and_then(text_of),
        a.get(1),
        a.get(2).and_then(subject),
    ) else {
        return Err(vm.exc("TypeError", "expected string or bytes-like object"));
    };
    let int = |i: usize| match a.get(i) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    let c = match compiled(&pattern, bytes, u32::try_from(*flags).unwrap_or(0)) {
        Ok(c) => c,
        Err((msg, _)) => return Err(vm.exc("ValueError", &msg)),
    };
    let text = subject.text();
    let offsets = &subject.offsets;
    let ascii = offsets.is_empty();
    let nchars = if ascii { text.len() } else { offsets.len() - 1 };
    let clamp = |n: i64| usize::try_from(n.max(0)).unwrap_or(0).min(nchars);
    let pos = clamp(int(3).unwrap_or(0));
    let endpos = int(4).map_or(nchars, clamp);
    if endpos < pos {
        return Ok(Value::None);
    }
    let byte = |ch: usize| if ascii { ch } else { offsets[ch] };
    let to_char = |b: usize| {
        if ascii {
            b
        } else {
            offsets.partition_point(|&o| o < b)
        }
    };
    let hay = &text[..byte(endpos)];
    let mode = int(5).unwrap_or(0);
    let regex = if mode == 2 { &c.full } else { &c.search };
    let found = match regex.captures_from_pos(hay, byte(pos)) {
        Ok(found) => found,
        Err(e) => {
            return Err(Flow::Unsupported(format!(
                "{}: unsupported: this regular expression on this text ({e})",
                vm.where_now()
            )));
        }
    };
    let Some(caps) = found else {
        return Ok(Value::None);
    };
    if mode != 0 && caps.get(0).map(|m| m.start()) != Some(byte(pos)) {
        return Ok(Value::None);
    }
    let mut spans = Vec::with_capacity(2 * (c.groups + 1));
    for g in 0..=c.groups {
        match caps.get(g) {
            Some(m) => {
                spans.push(Value::Int(to_char(m.start()) as i64));
                spans.push(Value::Int(to_char(m.end()) as i64));
            }
            None => {
                spans.push(Value::Int(-1));
                spans.push(Value::Int(-1));
            }
        }
    }
    Ok(Value::tuple(spans))
}

/// A pattern in fancy-regex's syntax, with what the module reports about it.
struct Translated {
    regex: String,
    groups: usize,
    names: Vec<(String, usize)>,
    flags: u32,
}

/// What an open parenthesis restores when it closes.
struct Scope {
    /// Position of the `(`, for "missing )".
    pos: usize,
    /// The capturing group it opens, if any.
    group: Option<usize>,
    /// The flags outside it.
    flags: u32,
}

/// The bridge: one pass over a Python pattern.
struct Bridge {
    p: Vec<char>,
    i: usize,
    out: String,
    /// The flags in effect here (scoped flags included).
    flags: u32,
    /// The flags of the whole pattern (arguments and inline global flags).
    global: u32,
    bytes: bool,
    groups: usize,
    names: Vec<(String, usize)>,
    open: Vec<Scope>,
    /// Whether the last thing written can take a repeat.
    repeatable: bool,
    /// Whether the last thing written was a repeat (a second one is "multiple repeat").
    repeated: bool,
    /// Whether nothing but global flags has been read.
    at_start: bool,
}

fn err<T>(msg: impl Into<String>, pos: usize) -> Result<T, PatternError> {
    Err((msg.into(), Some(pos)))
}

/// Translates Python pattern `pattern` to fancy-regex's syntax.
fn translate(pattern: &str, bytes: bool, flags: u32) -> Result<Translated, PatternError> {
    let mut b = Bridge {
        p: pattern.chars().collect(),
        i: 0,
        out: String::new(),
        flags: if bytes { flags | ASCII } else { flags },
        global: if bytes { flags | ASCII } else { flags },
        bytes,
        groups: 0,
        names: Vec::new(),
        open: Vec::new(),
        repeatable: false,
        repeated: false,
        at_start: true,
    };
    b.run()?;
    let mut prefix = String::new();
    for (flag, letter) in [(IGNORECASE, 'i'), (MULTILINE, 'm'), (DOTALL, 's')] {
        if b.global & flag != 0 {
            prefix.push_str(&format!("(?{letter})"));
        }
    }
    Ok(Translated {
        regex: prefix + &b.out,
        groups: b.groups,
        names: b.names,
        flags: b.global,
    })
}

/// `c` written so that fancy-regex reads it as itself, inside or outside a class.
fn literal(c: char) -> String {
    if c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii() {
        c.to_string()
    } else {
        format!("\\x{{{:X}}}", u32::from(c))
    }
}

/// Python's `str.isidentifier` for group names (ASCII digits may not lead).
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// A class escape (`\d`, `\W`...) as fancy-regex class items (for inside `[...]`) or
/// `None` if `c` is not one.
fn class_escape(c: char, ascii: bool) -> Option<&'static str> {
    Some(match (c, ascii) {
        ('d', false) => "\\d",
        ('D', false) => "\\D",
        ('w', false) => "\\w",
        ('W', false) => "\\W",
        ('s', false) => "\\s\\x{1C}-\\x{1F}",
        ('S', false) => "[^\\s\\x{1C}-\\x{1F}]",
        ('d', true) => "0-9",
        ('D', true) => "[^0-9]",
        ('w', true) => "0-9A-Za-z_",
        ('W', true) => "[^0-9A-Za-z_]",
        ('s', true) => "\\x{20}\\x{9}-\\x{D}",
        ('S', true) => "[^\\x{20}\\x{9}-\\x{D}]",
        _ => return None,
    })
}

/// What a backslash outside a class stands for.
enum Escape {
    /// One character.
    Char(char),
    /// A class of characters (fancy-regex class items).
    Class(&'static str),
    /// A zero-width assertion, written out.
    Assert(String),
    /// A backreference to a group.
    Group(usize),
}

impl Bridge {
    fn peek(&self) -> Option<char> {
        self.p.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.p.get(self.i + k).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn run(&mut self) -> Result<(), PatternError> {
        while let Some(c) = self.peek() {
            let at = self.i;
            self.i += 1;
            if self.flags & VERBOSE != 0 && c.is_whitespace() {
                continue;
            }
            if self.flags & VERBOSE != 0 && c == '#' {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == '\n' {
                        break;
                    }
                }
                continue;
            }
            match c {
                '*' | '+' | '?' => self.repeat(at, &c.to_string())?,
                '{' => match self.braces()? {
                    Some(text) => self.repeat(at, &text)?,
                    None => self.item("\\{".to_owned()),
                },
                '|' => {
                    self.out.push('|');
                    self.zero_width();
                }
                '(' => self.open_group(at)?,
                ')' => {
                    let Some(scope) = self.open.pop() else {
                        return err("unbalanced parenthesis", at);
                    };
                    self.flags = scope.flags;
                    self.item(")".to_owned());
                }
                '[' => {
                    let class = self.class(at)?;
                    self.item(class);
                }
                '^' => {
                    self.out.push('^');
                    self.zero_width();
                }
                '$' => {
                    if self.flags & MULTILINE != 0 {
                        self.out.push('$');
                    } else {
                        self.out.push_str("(?=\\n?\\z)");
                    }
                    self.zero_width();
                }
                '.' => self.item(".".to_owned()),
                '\\' => match self.escape(at)? {
                    Escape::Char(c) => self.item(literal(c)),
                    Escape::Class(items) if items.starts_with('[') => self.item(items.to_owned()),
                    Escape::Class(items) => self.item(format!("[{items}]")),
                    Escape::Assert(text) => {
                        self.out.push_str(&text);
                        self.zero_width();
                    }
                    Escape::Group(g) => self.item(format!("(?:\\{g})")),
                },
                c => self.item(literal(c)),
            }
        }
        if let Some(scope) = self.open.last() {
            return err("missing ), unterminated subpattern", scope.pos);
        }
        Ok(())
    }

    /// Writes an item that a repeat may follow.
    fn item(&mut self, text: String) {
        self.out.push_str(&text);
        self.repeatable = true;
        self.repeated = false;
        self.at_start = false;
    }

    /// Notes that what was written cannot be repeated.
    fn zero_width(&mut self) {
        self.repeatable = false;
        self.repeated = false;
        self.at_start = false;
    }

    /// Writes repeat `text` (`*`, `+`, `?`, `{m,n}`) read at `at`, with its `?` or `+`.
    fn repeat(&mut self, at: usize, text: &str) -> Result<(), PatternError> {
        if self.repeated {
            return err("multiple repeat", at);
        }
        if !self.repeatable {
            return err("nothing to repeat", at);
        }
        self.out.push_str(text);
        if self.eat('?') {
            self.out.push('?');
        } else if self.eat('+') {
            self.out.push('+');
        }
        self.repeated = true;
        Ok(())
    }

    /// After `{`: the repeat it opens (`Some("{m,n}")`), or `None` for a literal `{`.
    fn braces(&mut self) -> Result<Option<String>, PatternError> {
        let start = self.i;
        let digits = |b: &mut Bridge| {
            let from = b.i;
            while b.peek().is_some_and(|c| c.is_ascii_digit()) {
                b.i += 1;
            }
            b.p[from..b.i].iter().collect::<String>()
        };
        let lo = digits(self);
        let (hi, comma) = if self.eat(',') {
            (digits(self), true)
        } else {
            (lo.clone(), false)
        };
        if !self.eat('}') || (lo.is_empty() && !comma) {
            self.i = start;
            return Ok(None);
        }
        let number = |s: &str| -> Result<Option<u64>, PatternError> {
            if s.is_empty() {
                return Ok(None);
            }
            match s.parse::<u64>() {
                Ok(n) if n < 4_294_967_295 => Ok(Some(n)),
                _ => Err(("the repetition number is too large".to_owned(), None)),
            }
        };
        let (lo_n, hi_n) = (number(&lo)?, number(&hi)?);
        if let (Some(l), Some(h)) = (lo_n, hi_n)
            && h < l
        {
            return err("min repeat greater than max repeat", start);
        }
        let lo_text = lo_n.unwrap_or(0);
        Ok(Some(match (comma, hi_n) {
            (false, _) => format!("{{{lo_text}}}"),
            (true, None) => format!("{{{lo_text},}}"),
            (true, Some(h)) => format!("{{{lo_text},{h}}}"),
        }))
    }

    /// Reads a group name up to `end`; `Err` with CPython's message if it is not one.
    fn name(&mut self, end: char, what: &str) -> Result<(String, usize), PatternError> {
        let from = self.i;
        while let Some(c) = self.peek() {
            if c == end {
                break;
            }
            self.i += 1;
        }
        let name: String = self.p[from..self.i].iter().collect();
        if !self.eat(end) {
            if name.is_empty() {
                return err("missing group name", from);
            }
            return err(format!("missing {end}, unterminated {what}"), from);
        }
        if name.is_empty() {
            return err("missing group name", from);
        }
        if !is_identifier(&name) {
            return err(format!("bad character in group name '{name}'"), from);
        }
        Ok((name, from))
    }

    /// After `(` at `at`.
    fn open_group(&mut self, at: usize) -> Result<(), PatternError> {
        let outer = self.flags;
        if !self.eat('?') {
            self.groups += 1;
            self.open.push(Scope {
                pos: at,
                group: Some(self.groups),
                flags: outer,
            });
            self.out.push('(');
            self.zero_width();
            return Ok(());
        }
        let Some(kind) = self.peek() else {
            return err("unexpected end of pattern", self.i);
        };
        let scoped = |b: &mut Bridge, text: String| {
            b.open.push(Scope {
                pos: at,
                group: None,
                flags: outer,
            });
            b.out.push_str(&text);
            b.zero_width();
        };
        match kind {
            ':' | '>' => {
                self.i += 1;
                scoped(self, format!("(?{kind}"));
            }
            '=' | '!' => {
                self.i += 1;
                scoped(self, format!("(?{kind}"));
            }
            '<' if matches!(self.peek_at(1), Some('=' | '!')) => {
                let which = self.p[self.i + 1];
                self.i += 2;
                scoped(self, format!("(?<{which}"));
            }
            '#' => {
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == ')' {
                        return Ok(());
                    }
                }
                return err("missing ), unterminated comment", at);
            }
            'P' => {
                self.i += 1;
                match self.peek() {
                    Some('<') => {
                        self.i += 1;
                        let (name, pos) = self.name('>', "name")?;
                        if let Some((_, was)) = self.names.iter().find(|(n, _)| *n == name) {
                            return err(
                                format!(
                                    "redefinition of group name '{name}' as group {}; was group {was}",
                                    self.groups + 1
                                ),
                                pos,
                            );
                        }
                        self.groups += 1;
                        self.names.push((name.clone(), self.groups));
                        self.open.push(Scope {
                            pos: at,
                            group: Some(self.groups),
                            flags: outer,
                        });
                        // Written unnamed: fancy-regex refuses numbered backreferences
                        // once a group has a name, and the names are kept here anyway.
                        self.out.push('(');
                        self.zero_width();
                    }
                    Some('=') => {
                        self.i += 1;
                        let (name, pos) = self.name(')', "name")?;
                        let Some(&(_, g)) = self.names.iter().find(|(n, _)| *n == name) else {
                            return err(format!("unknown group name '{name}'"), pos);
                        };
                        if self.open.iter().any(|s| s.group == Some(g)) {
                            return err("cannot refer to an open group", pos);
                        }
                        self.item(format!("(?:\\{g})"));
                    }
                    Some(c) => return err(format!("unknown extension ?P{c}"), self.i),
                    None => return err("unexpected end of pattern", self.i),
                }
            }
            '(' => {
                self.i += 1;
                let (id, pos) = {
                    let from = self.i;
                    while self.peek().is_some_and(|c| c != ')') {
                        self.i += 1;
                    }
                    let id: String = self.p[from..self.i].iter().collect();
                    if !self.eat(')') {
                        return err("missing ), unterminated name", from);
                    }
                    (id, from)
                };
                let group = if id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty() {
                    let g: usize = id.parse().unwrap_or(usize::MAX);
                    if g == 0 || g > self.groups {
                        return err(format!("invalid group reference {id}"), pos);
                    }
                    g
                } else if let Some(&(_, g)) = self.names.iter().find(|(n, _)| *n == id) {
                    g
                } else if is_identifier(&id) {
                    return err(format!("unknown group name '{id}'"), pos);
                } else {
                    return err(format!("bad character in group name '{id}'"), pos);
                };
                scoped(self, format!("(?({group})"));
            }
            _ => self.flag_group(at, outer)?,
        }
        Ok(())
    }

    /// `(?flags)` or `(?flags-flags:...)` after `(?` at `at`.
    fn flag_group(&mut self, at: usize, outer: u32) -> Result<(), PatternError> {
        let letter = |c: char| match c {
            'i' => Some(IGNORECASE),
            'm' => Some(MULTILINE),
            's' => Some(DOTALL),
            'x' => Some(VERBOSE),
            'a' => Some(ASCII),
            'u' | 'L' => Some(0),
            _ => None,
        };
        let mut on = 0;
        let mut off = 0;
        let first = self.i;
        while let Some(c) = self.peek() {
            let Some(f) = letter(c) else { break };
            on |= f;
            self.i += 1;
        }
        if self.i == first && self.peek() != Some('-') {
            return match self.peek() {
                Some(c) => err(format!("unknown extension ?{c}"), first),
                None => err("unexpected end of pattern", first),
            };
        }
        if self.eat('-') {
            let from = self.i;
            while let Some(c) = self.peek() {
                match letter(c) {
                    Some(f) if matches!(c, 'i' | 'm' | 's' | 'x') => off |= f,
                    _ => break,
                }
                self.i += 1;
            }
            if self.i == from {
                return err("missing flag", self.i);
            }
            if self.peek() != Some(':') {
                return err("missing :", self.i);
            }
        }
        match self.peek() {
            Some(')') => {
                self.i += 1;
                if !self.at_start {
                    return err("global flags not at the start of the expression", at);
                }
                self.flags |= on;
                self.global |= on;
                Ok(())
            }
            Some(':') => {
                self.i += 1;
                self.open.push(Scope {
                    pos: at,
                    group: None,
                    flags: outer,
                });
                self.flags = (self.flags | on) & !off;
                let mut text = String::from("(?");
                for (flag, c) in [(IGNORECASE, 'i'), (MULTILINE, 'm'), (DOTALL, 's')] {
                    if on & flag != 0 {
                        text.push(c);
                    }
                }
                if off & (IGNORECASE | MULTILINE | DOTALL) != 0 {
                    text.push('-');
                    for (flag, c) in [(IGNORECASE, 'i'), (MULTILINE, 'm'), (DOTALL, 's')] {
                        if off & flag != 0 {
                            text.push(c);
                        }
                    }
                }
                text.push(':');
                self.out.push_str(&text);
                self.zero_width();
                Ok(())
            }
            None => err("missing -, : or )", self.i),
            Some(_) => err("unknown flag", self.i),
        }
    }

    /// `n` hex digits after `\x`, `\u` or `\U` at `at`.
    fn hex(&mut self, at: usize, n: usize, kind: char) -> Result<char, PatternError> {
        let from = self.i;
        while self.i < from + n && self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
            self.i += 1;
        }
        let digits: String = self.p[from..self.i].iter().collect();
        if digits.len() < n {
            return err(format!("incomplete escape \\{kind}{digits}"), at);
        }
        let code = u32::from_str_radix(&digits, 16).unwrap_or(u32::MAX);
        char::from_u32(code).ok_or_else(|| (format!("bad escape \\{kind}{digits}"), Some(at)))
    }

    /// Octal digits after the first one (`first`), up to three in all.
    fn octal(&mut self, first: char, at: usize) -> Result<char, PatternError> {
        let mut text = first.to_string();
        while text.len() < 3 && self.peek().is_some_and(|c| ('0'..='7').contains(&c)) {
            text.push(self.p[self.i]);
            self.i += 1;
        }
        let code = u32::from_str_radix(&text, 8).unwrap_or(0);
        if code > 0o377 {
            return err(
                format!("octal escape value \\{text} outside of range 0-0o377"),
                at,
            );
        }
        char::from_u32(code).ok_or_else(|| (format!("bad escape \\{text}"), Some(at)))
    }

    /// The escape after `\` at `at`, outside a class.
    fn escape(&mut self, at: usize) -> Result<Escape, PatternError> {
        let Some(c) = self.peek() else {
            return err("bad escape (end of pattern)", at);
        };
        self.i += 1;
        let ascii = self.flags & ASCII != 0;
        if let Some(items) = class_escape(c, ascii) {
            return Ok(Escape::Class(items));
        }
        let word = "[0-9A-Za-z_]";
        Ok(match c {
            'A' => Escape::Assert("\\A".to_owned()),
            'Z' => Escape::Assert("\\z".to_owned()),
            'b' if ascii => {
                Escape::Assert(format!("(?:(?<={word})(?!{word})|(?<!{word})(?={word}))"))
            }
            'B' if ascii => {
                Escape::Assert(format!("(?:(?<={word})(?={word})|(?<!{word})(?!{word}))"))
            }
            'b' => Escape::Assert("\\b".to_owned()),
            'B' => Escape::Assert("\\B".to_owned()),
            '0' => Escape::Char(self.octal('0', at)?),
            '1'..='9' => {
                let second = self.peek().filter(char::is_ascii_digit);
                let third = self.peek_at(1).filter(char::is_ascii_digit);
                if let (Some(d2), Some(_)) = (second, third)
                    && ('0'..='7').contains(&c)
                    && ('0'..='7').contains(&d2)
                    && third.is_some_and(|d| ('0'..='7').contains(&d))
                {
                    return Ok(Escape::Char(self.octal(c, at)?));
                }
                let mut text = c.to_string();
                if let Some(d2) = second {
                    text.push(d2);
                    self.i += 1;
                }
                let g: usize = text.parse().unwrap_or(usize::MAX);
                if g > self.groups {
                    return err(format!("invalid group reference {g}"), at + 1);
                }
                if self.open.iter().any(|s| s.group == Some(g)) {
                    return err("cannot refer to an open group", at);
                }
                Escape::Group(g)
            }
            'x' => Escape::Char(self.hex(at, 2, 'x')?),
            'u' if !self.bytes => Escape::Char(self.hex(at, 4, 'u')?),
            'U' if !self.bytes => Escape::Char(self.hex(at, 8, 'U')?),
            'N' if !self.bytes => {
                return Err((
                    "unsupported: named Unicode escapes (\\N{...}) in patterns".to_owned(),
                    None,
                ));
            }
            c => Escape::Char(self.simple_escape(c, at)?),
        })
    }

    /// The one-character escapes, shared by classes; other ASCII letters are errors.
    fn simple_escape(&mut self, c: char, at: usize) -> Result<char, PatternError> {
        Ok(match c {
            'a' => '\x07',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            c if c.is_ascii_alphanumeric() => return err(format!("bad escape \\{c}"), at),
            c => c,
        })
    }

    /// A character class after `[` at `at`, written for fancy-regex.
    fn class(&mut self, at: usize) -> Result<String, PatternError> {
        let mut out = String::from("[");
        if self.eat('^') {
            out.push('^');
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return err("unterminated character set", at);
            };
            let item_at = self.i;
            self.i += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let item = if c == '\\' {
                self.class_item_escape(item_at)?
            } else {
                ClassItem::Char(c)
            };
            let is_range = self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']');
            if !is_range {
                match item {
                    ClassItem::Char(c) => out.push_str(&literal(c)),
                    ClassItem::Set(s) => out.push_str(s),
                }
                continue;
            }
            self.i += 1;
            let hi_at = self.i;
            let hi = match self.p[self.i] {
                '\\' => {
                    self.i += 1;
                    self.class_item_escape(hi_at)?
                }
                c => {
                    self.i += 1;
                    ClassItem::Char(c)
                }
            };
            let text: String = self.p[item_at..self.i].iter().collect();
            match (item, hi) {
                (ClassItem::Char(lo), ClassItem::Char(hi)) => {
                    if hi < lo {
                        return err(format!("bad character range {text}"), item_at);
                    }
                    out.push_str(&format!("{}-{}", literal(lo), literal(hi)));
                }
                _ => return err(format!("bad character range {text}"), item_at),
            }
        }
        out.push(']');
        Ok(out)
    }

    /// An escape inside a class, after `\` at `at`.
    fn class_item_escape(&mut self, at: usize) -> Result<ClassItem, PatternError> {
        let Some(c) = self.peek() else {
            return err("unterminated character set", at);
        };
        self.i += 1;
        if let Some(items) = class_escape(c, self.flags & ASCII != 0) {
            return Ok(ClassItem::Set(items));
        }
        Ok(ClassItem::Char(match c {
            'b' => '\x08',
            '0'..='7' => self.octal(c, at)?,
            'x' => self.hex(at, 2, 'x')?,
            'u' if !self.bytes => self.hex(at, 4, 'u')?,
            'U' if !self.bytes => self.hex(at, 8, 'U')?,
            c => self.simple_escape(c, at)?,
        }))
    }
}

/// An item of a class: one character, or the items a class escape stands for.
enum ClassItem {
    Char(char),
    Set(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spans of the first match of `pattern` in `text` from `pos`, in bytes (the
    /// tests' texts are ASCII); `None` for a group that did not take part.
    fn find(pattern: &str, flags: u32, text: &str) -> Option<Vec<Option<(usize, usize)>>> {
        let c = compiled(pattern, false, flags).expect("the pattern compiles");
        let caps = c.search.captures(text).expect("the search runs")?;
        Some(
            (0..=c.groups)
                .map(|g| caps.get(g).map(|m| (m.start(), m.end())))
                .collect(),
        )
    }

    fn whole(pattern: &str, flags: u32, text: &str) -> Option<String> {
        let spans = find(pattern, flags, text)?;
        let (s, e) = spans[0]?;
        Some(text[s..e].to_owned())
    }

    fn error(pattern: &str) -> String {
        match compiled(pattern, false, 0) {
            Ok(_) => "compiled".to_owned(),
            Err((msg, Some(pos))) => format!("{msg} at position {pos}"),
            Err((msg, None)) => msg,
        }
    }

    #[test]
    fn flags_change_case_lines_dots_and_spaces() {
        assert_eq!(
            whole("hello", IGNORECASE, "Say HeLLo"),
            Some("HeLLo".into())
        );
        assert_eq!(whole("hello", 0, "Say HeLLo"), None);
        assert_eq!(whole("^b$", MULTILINE, "a\nb\nc"), Some("b".into()));
        assert_eq!(whole("^b$", 0, "a\nb\nc"), None);
        assert_eq!(whole("a.b", DOTALL, "a\nb"), Some("a\nb".into()));
        assert_eq!(whole("a.b", 0, "a\nb"), None);
        assert_eq!(
            whole("a b # comment\n c", VERBOSE, "abc"),
            Some("abc".into())
        );
        assert_eq!(whole("(?i)AB", 0, "xab"), Some("ab".into()));
        assert_eq!(whole("a(?i:B)c", 0, "abc aBC"), Some("abc".into()));
        assert_eq!(whole(r"\w+", ASCII, "café"), Some("caf".into()));
        assert_eq!(whole(r"\w+", 0, "café"), Some("café".into()));
    }

    #[test]
    fn groups_named_unmatched_and_nested() {
        let spans = find(r"(?P<year>\d{4})-(\d\d)(x)?", 0, "on 2023-10!").expect("a match");
        assert_eq!(
            spans,
            vec![Some((3, 10)), Some((3, 7)), Some((8, 10)), None]
        );
        let c = compiled(r"(?P<a>x)((?P<b>y))", false, 0).expect("compiles");
        assert_eq!(c.groups, 3);
        assert_eq!(c.names, vec![("a".to_owned(), 1), ("b".to_owned(), 3)]);
        assert_eq!(whole(r"(?:ab)+", 0, "ababa"), Some("abab".into()));
    }

    #[test]
    fn greedy_lazy_and_possessive_repeats() {
        assert_eq!(whole("<.+>", 0, "<a><b>"), Some("<a><b>".into()));
        assert_eq!(whole("<.+?>", 0, "<a><b>"), Some("<a>".into()));
        assert_eq!(whole("a{2,3}", 0, "aaaa"), Some("aaa".into()));
        assert_eq!(whole("a{2,3}?", 0, "aaaa"), Some("aa".into()));
        assert_eq!(whole("a{,2}", 0, "aaa"), Some("aa".into()));
        assert_eq!(whole("x{y}", 0, "x{y}"), Some("x{y}".into()));
        assert_eq!(whole("a*+a", 0, "aaa"), None);
    }

    #[test]
    fn anchors_as_python_reads_them() {
        // `$` without MULTILINE: the end, or just before a final newline.
        assert_eq!(find("b$", 0, "ab\n").map(|s| s[0]), Some(Some((1, 2))));
        assert_eq!(find("b$", 0, "ab\nc"), None);
        assert_eq!(find(r"b\Z", 0, "ab\n"), None);
        assert_eq!(find(r"\Aa", 0, "ba"), None);
        assert_eq!(whole(r"\bcat\b", 0, "a cat!"), Some("cat".into()));
        assert_eq!(whole(r"\Bat", 0, "at cat"), Some("at".into()));
    }

    #[test]
    fn lookaround_and_backreferences() {
        assert_eq!(whole(r"\w+(?=!)", 0, "hi there!"), Some("there".into()));
        assert_eq!(whole(r"\d+(?!px)\b", 0, "10px 20em 30"), Some("30".into()));
        assert_eq!(whole(r"(?<=\$)\d+", 0, "cost $42"), Some("42".into()));
        assert_eq!(whole(r"(?<!\$)\b\d+", 0, "$5 and 7"), Some("7".into()));
        assert_eq!(whole(r"(\w)\1", 0, "hello"), Some("ll".into()));
        assert_eq!(
            whole(r"(?P<q>['\x22]).*?(?P=q)", 0, "say 'hi' now"),
            Some("'hi'".into())
        );
        assert_eq!(whole(r"(a)?(?(1)b|c)", 0, "c"), Some("c".into()));
    }

    #[test]
    fn classes_escape_what_fancy_regex_would_read_otherwise() {
        assert_eq!(whole("[]a]+", 0, "x]a]"), Some("]a]".into()));
        assert_eq!(whole("[[]", 0, "a[b"), Some("[".into()));
        assert_eq!(whole("[a&&b]+", 0, "&ab"), Some("&ab".into()));
        assert_eq!(whole(r"[\d-]+", 0, "tel 12-34"), Some("12-34".into()));
        assert_eq!(whole(r"[^\s]+", 0, "  word "), Some("word".into()));
        assert_eq!(whole(r"\s", 0, "a\x1cb"), Some("\x1c".into()));
        assert_eq!(whole(r"[\x41-\x43]+", 0, "ABCD"), Some("ABC".into()));
    }

    #[test]
    fn bad_patterns_give_cpythons_messages() {
        assert_eq!(
            error("(a"),
            "missing ), unterminated subpattern at position 0"
        );
        assert_eq!(error("a)"), "unbalanced parenthesis at position 1");
        assert_eq!(error("[a"), "unterminated character set at position 0");
        assert_eq!(error("*a"), "nothing to repeat at position 0");
        assert_eq!(error("a**"), "multiple repeat at position 2");
        assert_eq!(error(r"\q"), r"bad escape \q at position 0");
        assert_eq!(
            error("a{3,1}"),
            "min repeat greater than max repeat at position 2"
        );
        assert_eq!(error("[z-a]"), "bad character range z-a at position 1");
        assert_eq!(error(r"\2(a)"), "invalid group reference 2 at position 1");
        assert_eq!(
            error(r"(a\1)"),
            "cannot refer to an open group at position 2"
        );
        assert_eq!(
            error("x(?i)y"),
            "global flags not at the start of the expression at position 1"
        );
        assert_eq!(
            error("(?P<a>x)(?P<a>y)"),
            "redefinition of group name 'a' as group 2; was group 1 at position 12"
        );
        assert_eq!(
            error("(?<=a+)b"),
            "look-behind requires fixed-width pattern"
        );
    }
}
