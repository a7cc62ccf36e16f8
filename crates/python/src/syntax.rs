//! Syntax errors reported as CPython 3.11 reports them.
//!
//! ruff's parser finds that a source is invalid and where; CPython's messages come from its
//! own tokenizer and grammar. This module rebuilds the common ones from observing
//! `python3`: a small tokenizer finds what CPython's tokenizer rejects (unterminated
//! strings, unbalanced brackets, inconsistent indentation), the token stream gives the
//! indentation errors, and ruff's first error with its recovered syntax tree gives the
//! statement-level messages (Python 2 `print`, a missing `:`, a missing comma). Anything
//! else is CPython's generic `invalid syntax` at the token ruff points at.

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_python_parser::{ParseError, ParseErrorType};
use ruff_text_size::Ranged;

use super::source::LineIndex;

/// A syntax error as CPython reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyError {
    /// `SyntaxError`, `IndentationError` or `TabError`.
    pub kind: &'static str,
    /// The message after the kind.
    pub msg: String,
    /// The 1-based line shown.
    pub line: u32,
    /// The byte range the carets underline, if CPython prints carets for this error.
    pub span: Option<(usize, usize)>,
    /// Whether CPython places the caret by characters rather than bytes (the errors of its
    /// tokenizer that point at one character do).
    pub by_chars: bool,
}

impl PyError {
    fn at(kind: &'static str, msg: String, index: &LineIndex, span: (usize, usize)) -> PyError {
        PyError {
            kind,
            msg,
            line: index.pos(span.0).0,
            span: Some(span),
            by_chars: false,
        }
    }

    /// The same error with its caret placed by characters.
    fn by_chars(self) -> PyError {
        PyError {
            by_chars: true,
            ..self
        }
    }

    /// A `SyntaxError` underlining byte range `span`.
    pub fn syntax(msg: impl Into<String>, index: &LineIndex, span: (usize, usize)) -> PyError {
        PyError::at("SyntaxError", msg.into(), index, span)
    }

    /// The error as CPython prints it: the file and line, the line without its indentation,
    /// carets under the span (to the end of the line when the span goes on), the message.
    pub fn render(&self, abs_path: &str, index: &LineIndex) -> String {
        // CPython shows the line as a C string: up to a null byte.
        let text = index.line(self.line).split('\0').next().unwrap_or("");
        let shown = text.trim_start_matches([' ', '\t', '\x0c']);
        let cut = text.len() - shown.len();
        let mut out = format!("  File \"{abs_path}\", line {}\n    {shown}\n", self.line);
        // CPython places and counts the carets in bytes (a line with `é` before the error
        // shows them one column to the right).
        if let Some((start, end)) = self.span {
            let src = index.text();
            let line_start = |off: usize| {
                src.get(..off)
                    .and_then(|s| s.rfind('\n'))
                    .map_or(0, |k| k + 1)
            };
            let begin = line_start(start);
            let same_line = line_start(end) == begin;
            let (col, last) = if self.by_chars {
                let chars =
                    |to: usize| src.get(begin..to).map_or(to - begin, |s| s.chars().count());
                (
                    chars(start),
                    if same_line {
                        chars(end)
                    } else {
                        text.chars().count()
                    },
                )
            } else {
                (
                    start - begin,
                    if same_line { end - begin } else { text.len() },
                )
            };
            let width = last.saturating_sub(col).max(1);
            let pad = col.saturating_sub(cut);
            out.push_str(&format!("    {}{}\n", " ".repeat(pad), "^".repeat(width)));
        }
        out.push_str(&format!("{}: {}\n", self.kind, self.msg));
        out
    }
}

/// What a token is, as far as the error rules need to know (CPython's token types).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier or keyword.
    Name,
    /// A number literal.
    Number,
    /// A string literal with its prefix (an f-string is one token, as in 3.11).
    Str,
    /// An operator, a bracket, or a character no token takes (`$`, a backtick).
    Op,
    /// The end of a logical line (from its comment, if it has one).
    Newline,
    /// A line indented more than the one before.
    Indent,
    /// One level of indentation closed.
    Dedent,
    /// The end of the source.
    End,
}

/// A token: its kind and byte range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    /// What it is.
    pub(crate) kind: Kind,
    /// Where it starts (byte offset).
    pub(crate) start: usize,
    /// Where it ends.
    pub(crate) end: usize,
    /// Brackets open before it.
    pub(crate) depth: usize,
}

/// What the tokenizer found wrong, and whether it wins over a parser error earlier in the
/// file (CPython tokenizes the rest of the source after a parser error, and these errors
/// replace it; indentation errors further on do not).
pub(crate) struct TokError {
    /// Where (byte offset).
    pub(crate) pos: usize,
    /// The error as CPython reports it.
    pub(crate) error: PyError,
    overrides: bool,
    /// What CPython's tokenizer refuses and ruff's parser accepts (null bytes, bracket
    /// and indentation depth): the source is refused even when ruff parses it.
    pub(crate) strict: bool,
}

/// What the tokenizer made of a source.
pub(crate) struct Tokens {
    /// The tokens up to its first error.
    pub(crate) toks: Vec<Tok>,
    /// That error.
    pub(crate) error: Option<TokError>,
    /// The innermost bracket still open at the end of the source.
    unclosed: Option<(char, usize)>,
}

/// The most brackets CPython's tokenizer lets nest (`MAXLEVEL`).
const MAX_BRACKETS: usize = 200;
/// The most indentation levels CPython's tokenizer allows, plus one (`MAXINDENT`).
const MAX_INDENT: usize = 100;

/// Python's keywords (soft keywords are names).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The words that begin a compound statement's header (a line ending with `:` that these
/// begin wants an indented block after it).
const COMPOUND: &[&str] = &[
    "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class",
    "async", "match", "case",
];

/// Operators of three and two characters (longest first); any other character is one.
const OPS3: &[&str] = &["**=", "//=", ">>=", "<<=", "..."];
const OPS2: &[&str] = &[
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "<>", "->", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "@=", ":=",
];

/// Whether `c` can be part of an identifier.
fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The number of the source's last line (where CPython detects an unterminated string that
/// runs to the end).
fn last_line(src: &str) -> u32 {
    let newlines = src.bytes().filter(|&b| b == b'\n').count() as u32;
    if src.ends_with('\n') || src.is_empty() {
        newlines.max(1)
    } else {
        newlines + 1
    }
}

/// Tokenizes `src` as CPython's tokenizer does, up to its first error.
pub(crate) fn tokenize(src: &str, index: &LineIndex) -> Tokens {
    let bytes = src.as_bytes();
    let n = src.len();
    let mut toks: Vec<Tok> = Vec::new();
    let mut brackets: Vec<(char, usize)> = Vec::new();
    let mut indents: Vec<(usize, usize)> = vec![(0, 0)];
    let mut i = 0;
    let mut line_start = true;
    let mut has_tokens = false;
    let mut comment: Option<usize> = None;
    let fail = |toks: Vec<Tok>, pos: usize, error: PyError, overrides: bool| Tokens {
        toks,
        error: Some(TokError {
            pos,
            error,
            overrides,
            strict: false,
        }),
        unclosed: None,
    };
    let strict = |mut tokens: Tokens| {
        if let Some(e) = &mut tokens.error {
            e.strict = true;
        }
        tokens
    };
    // CPython reads the source a line at a time and refuses a line with a null byte
    // before tokenizing it.
    let nul_line = src
        .find('\0')
        .map(|z| src[..z].rfind('\n').map_or(0, |k| k + 1));
    let null_bytes = |toks, z| {
        let e = PyError {
            kind: "SyntaxError",
            msg: "source code cannot contain null bytes".into(),
            line: index.pos(z).0,
            span: None,
            by_chars: false,
        };
        strict(fail(toks, z, e, true))
    };
    while i < n {
        if let Some(z) = nul_line
            && i >= z
        {
            return null_bytes(toks, z);
        }
        if line_start && brackets.is_empty() {
            let (mut col, mut alt, mut j) = (0usize, 0usize, i);
            while let Some(&b) = bytes.get(j) {
                match b {
                    b' ' => (col, alt) = (col + 1, alt + 1),
                    b'\t' => (col, alt) = ((col / 8 + 1) * 8, alt + 1),
                    b'\x0c' => (col, alt) = (0, 0),
                    _ => break,
                }
                j += 1;
            }
            match bytes.get(j) {
                None | Some(b'\n' | b'\r' | b'#') => {
                    // A blank or comment-only line: no indentation, no NEWLINE.
                    i = src[j..].find('\n').map_or(n, |k| j + k + 1);
                    continue;
                }
                _ => {}
            }
            let (top, alt_top) = indents.last().copied().unwrap_or((0, 0));
            let line = index.pos(i).0;
            let tab_error = |toks| {
                let e = PyError {
                    kind: "TabError",
                    msg: "inconsistent use of tabs and spaces in indentation".into(),
                    line,
                    span: None,
                    by_chars: false,
                };
                fail(toks, i, e, false)
            };
            if col > top {
                if indents.len() >= MAX_INDENT {
                    let e = PyError {
                        kind: "IndentationError",
                        msg: "too many levels of indentation".into(),
                        line,
                        span: None,
                        by_chars: false,
                    };
                    return strict(fail(toks, i, e, false));
                }
                if alt <= alt_top {
                    return tab_error(toks);
                }
                indents.push((col, alt));
                toks.push(Tok {
                    kind: Kind::Indent,
                    start: i,
                    end: j,
                    depth: 0,
                });
            } else {
                while indents.last().is_some_and(|&(c, _)| col < c) {
                    indents.pop();
                    toks.push(Tok {
                        kind: Kind::Dedent,
                        start: j,
                        end: j,
                        depth: 0,
                    });
                }
                let (top, alt_top) = indents.last().copied().unwrap_or((0, 0));
                if col != top {
                    let eol = src[j..].find(['\n', '\r']).map_or(n, |k| j + k);
                    let e = PyError {
                        kind: "IndentationError",
                        msg: "unindent does not match any outer indentation level".into(),
                        line,
                        span: Some((eol, eol)),
                        by_chars: false,
                    };
                    return fail(toks, i, e, false);
                }
                if alt != alt_top {
                    return tab_error(toks);
                }
            }
            i = j;
            line_start = false;
            continue;
        }
        let Some(c) = src[i..].chars().next() else {
            break;
        };
        let depth = brackets.len();
        let push = |toks: &mut Vec<Tok>, kind, end| {
            toks.push(Tok {
                kind,
                start: i,
                end,
                depth,
            });
        };
        match c {
            ' ' | '\t' | '\x0c' | '\r' => i += 1,
            '\n' => {
                if brackets.is_empty() {
                    if has_tokens {
                        let start = comment.unwrap_or(i);
                        toks.push(Tok {
                            kind: Kind::Newline,
                            start,
                            end: i + 1,
                            depth,
                        });
                    }
                    has_tokens = false;
                    line_start = true;
                }
                comment = None;
                i += 1;
            }
            '#' => {
                comment = Some(i);
                i = src[i..].find('\n').map_or(n, |k| i + k);
                if !brackets.is_empty() {
                    comment = None;
                }
            }
            '\\' if matches!(bytes.get(i + 1), Some(b'\n')) => i += 2,
            '\\' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            c if c.is_ascii_digit()
                || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                // The literal with the letters and digits stuck to it (checked below); one
                // `.` at most, before any exponent, whose sign only a decimal can have.
                let hex = src[i..].starts_with("0x") || src[i..].starts_with("0X");
                let (mut j, mut prev, mut dot) = (i, ' ', false);
                while let Some(d) = src[j..].chars().next() {
                    let exponent = !hex && matches!(d, '+' | '-') && matches!(prev, 'e' | 'E');
                    let point = d == '.' && !dot && !src[i..j].contains(['e', 'E']);
                    if !(d.is_ascii_alphanumeric() || d == '_' || point || exponent) {
                        break;
                    }
                    dot |= d == '.';
                    prev = d;
                    j += d.len_utf8();
                }
                if let Some((msg, at)) = number_error(&src[i..j]) {
                    let e = PyError::syntax(msg, index, (i + at, i + at + 1)).by_chars();
                    return fail(toks, i, e, true);
                }
                push(&mut toks, Kind::Number, j);
                has_tokens = true;
                i = j;
            }
            c if is_name_char(c) || c == '"' || c == '\'' => {
                let word_end = src[i..]
                    .char_indices()
                    .find(|&(_, d)| !is_name_char(d))
                    .map_or(n, |(k, _)| i + k);
                let word = &src[i..word_end];
                let quote = bytes
                    .get(word_end)
                    .copied()
                    .filter(|b| matches!(b, b'"' | b'\''));
                let prefix = matches!(
                    word.to_ascii_lowercase().as_str(),
                    "" | "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
                );
                match quote {
                    Some(q) if prefix => match string_end(src, word_end, q) {
                        Ok(end) => {
                            push(&mut toks, Kind::Str, end);
                            i = end;
                        }
                        Err((triple, at)) => {
                            let msg = if triple {
                                format!(
                                    "unterminated triple-quoted string literal (detected at line {})",
                                    last_line(src)
                                )
                            } else {
                                format!(
                                    "unterminated string literal (detected at line {})",
                                    index.pos(at).0
                                )
                            };
                            let e = PyError::syntax(msg, index, (i, i + 1)).by_chars();
                            return fail(toks, i, e, true);
                        }
                    },
                    _ => {
                        push(&mut toks, Kind::Name, word_end);
                        i = word_end;
                    }
                }
                has_tokens = true;
            }
            '(' | '[' | '{' => {
                if brackets.len() >= MAX_BRACKETS {
                    let e = PyError::syntax("too many nested parentheses", index, (i, i + 1))
                        .by_chars();
                    return strict(fail(toks, i, e, true));
                }
                brackets.push((c, i));
                push(&mut toks, Kind::Op, i + 1);
                has_tokens = true;
                i += 1;
            }
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match brackets.pop() {
                    None => {
                        let e = PyError::syntax(format!("unmatched '{c}'"), index, (i, i + 1))
                            .by_chars();
                        return fail(toks, i, e, true);
                    }
                    Some((open, at)) if open != want => {
                        let (open_line, _) = index.pos(at);
                        let on = if open_line == index.pos(i).0 {
                            String::new()
                        } else {
                            format!(" on line {open_line}")
                        };
                        let msg = format!(
                            "closing parenthesis '{c}' does not match opening parenthesis '{open}'{on}"
                        );
                        let e = PyError::syntax(msg, index, (i, i + 1)).by_chars();
                        return fail(toks, i, e, true);
                    }
                    Some(_) => {}
                }
                push(&mut toks, Kind::Op, i + 1);
                has_tokens = true;
                i += 1;
            }
            c if !c.is_ascii() => {
                let msg = if c.is_whitespace() || c.is_control() {
                    format!("invalid non-printable character U+{:04X}", c as u32)
                } else {
                    format!("invalid character '{c}' (U+{:04X})", c as u32)
                };
                let e = PyError::syntax(msg, index, (i, i + c.len_utf8())).by_chars();
                return fail(toks, i, e, true);
            }
            _ => {
                let rest = &src[i..];
                let len = OPS3
                    .iter()
                    .chain(OPS2)
                    .find(|op| rest.starts_with(**op))
                    .map_or(1, |op| op.len());
                push(&mut toks, Kind::Op, i + len);
                has_tokens = true;
                i += len;
            }
        }
    }
    if let Some(z) = nul_line {
        // The last token ran over the line with the null byte.
        return null_bytes(toks, z);
    }
    if has_tokens && brackets.is_empty() {
        let start = comment.unwrap_or(n);
        toks.push(Tok {
            kind: Kind::Newline,
            start,
            end: n.max(start + 1),
            depth: 0,
        });
    }
    for _ in 1..indents.len() {
        toks.push(Tok {
            kind: Kind::Dedent,
            start: n,
            end: n,
            depth: 0,
        });
    }
    toks.push(Tok {
        kind: Kind::End,
        start: n,
        end: n,
        depth: brackets.len(),
    });
    Tokens {
        toks,
        error: None,
        unclosed: brackets.last().copied(),
    }
}

/// CPython's tokenizer error for the number literal `num` (with any letters and digits
/// stuck to it), and the offset in it of its caret: on the digit a binary or octal literal
/// cannot have, else on the last character before the one that ends the literal wrongly.
fn number_error(num: &str) -> Option<(String, usize)> {
    let b = num.as_bytes();
    let lower = num.to_ascii_lowercase();
    // Digits of `radix` from `i`, single underscores between them; where they stop.
    let digits = |mut i: usize, radix: u32| {
        while let Some(&c) = b.get(i) {
            let next_is_digit = b.get(i + 1).is_some_and(|d| (*d as char).is_digit(radix));
            if (c as char).is_digit(radix) || (c == b'_' && next_is_digit) {
                i += 1;
            } else {
                break;
            }
        }
        i
    };
    // Where the literal stops: a leftover underscore is wrong at the character after it.
    let stop = |i: usize| if b.get(i) == Some(&b'_') { i + 1 } else { i };
    for (prefix, radix, name) in [
        ("0x", 16, "hexadecimal"),
        ("0o", 8, "octal"),
        ("0b", 2, "binary"),
    ] {
        if lower.starts_with(prefix) {
            let i = digits(2, radix);
            return match b.get(i) {
                None => None,
                Some(d) if d.is_ascii_digit() => Some((
                    format!("invalid digit '{}' in {name} literal", *d as char),
                    i,
                )),
                Some(_) => Some((format!("invalid {name} literal"), stop(i).saturating_sub(1))),
            };
        }
    }
    let mut i = digits(0, 10);
    let int_end = i;
    if b.get(i) == Some(&b'.') {
        i = digits(i + 1, 10);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        if b.get(i + 1 + sign).is_some_and(u8::is_ascii_digit) {
            i = digits(i + 1 + sign, 10);
        }
    }
    let imaginary = matches!(b.get(i), Some(b'j' | b'J'));
    if imaginary {
        i += 1;
    }
    if i < b.len() {
        // A keyword straight after a number (`1if x else 2`) is only a warning.
        if ["and", "else", "for", "if", "in", "is", "not", "or"].contains(&&num[i..]) {
            return None;
        }
        let what = if imaginary { "imaginary" } else { "decimal" };
        return Some((format!("invalid {what} literal"), stop(i).saturating_sub(1)));
    }
    let zeros = b.len() > 1 && b[0] == b'0' && int_end == b.len();
    (zeros && b.iter().any(|&d| d != b'0' && d != b'_')).then(|| {
        let msg = "leading zeros in decimal integer literals are not permitted; use an 0o \
                   prefix for octal integers";
        (msg.to_owned(), 0)
    })
}

/// CPython 3.11's error for the braces of string literal `lit` if it is an f-string whose
/// braces do not pair (`{{` and `}}` stand for themselves), or whose expression closes a
/// bracket it did not open.
fn fstring_braces(lit: &str) -> Option<&'static str> {
    let quote = lit.find(['"', '\''])?;
    if !lit[..quote].contains(['f', 'F']) {
        return None;
    }
    let body = lit[quote..].trim_matches(['"', '\'']).as_bytes();
    let (mut open, mut i, mut nested) = (0usize, 0, 0usize);
    while let Some(&c) = body.get(i) {
        match c {
            b'{' if open == 0 && body.get(i + 1) == Some(&b'{') => i += 1,
            b'}' if open == 0 && body.get(i + 1) == Some(&b'}') => i += 1,
            b'{' => open += 1,
            b'}' if open == 0 => return Some("f-string: single '}' is not allowed"),
            b'}' => open -= 1,
            b'(' | b'[' if open > 0 => nested += 1,
            b')' if open > 0 && nested == 0 => return Some("f-string: unmatched ')'"),
            b']' if open > 0 && nested == 0 => return Some("f-string: unmatched ']'"),
            b')' | b']' if open > 0 => nested -= 1,
            _ => {}
        }
        i += 1;
    }
    (open > 0).then_some("f-string: expecting '}'")
}

/// The end of the string whose quote `q` is at `at`, or whether it is triple-quoted and
/// where it stopped if it is not closed.
fn string_end(src: &str, at: usize, q: u8) -> Result<usize, (bool, usize)> {
    let bytes = src.as_bytes();
    let triple = bytes.get(at + 1) == Some(&q) && bytes.get(at + 2) == Some(&q);
    let mut j = at + if triple { 3 } else { 1 };
    while let Some(&b) = bytes.get(j) {
        if b == b'\\' {
            j += 2;
        } else if triple && b == q && bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q) {
            return Ok(j + 3);
        } else if !triple && b == q {
            return Ok(j + 1);
        } else if !triple && b == b'\n' {
            return Err((false, j));
        } else {
            j += 1;
        }
    }
    Err((triple, src.len()))
}

pub(crate) fn text<'s>(src: &'s str, t: &Tok) -> &'s str {
    src.get(t.start..t.end).unwrap_or("")
}

/// Whether a name token is a keyword that cannot begin an expression.
fn hard_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
        && !matches!(word, "not" | "lambda" | "None" | "True" | "False" | "await")
}

/// For each token, the index of the token that starts its simple statement.
fn statement_starts(src: &str, toks: &[Tok]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut start = 0;
    let mut line_first = 0;
    // Whether the token after `prev` (at `k`) starts a statement.
    for (k, prev) in toks.iter().enumerate() {
        let p = text(src, prev);
        let boundary = matches!(prev.kind, Kind::Newline | Kind::Indent | Kind::Dedent);
        let header_colon = prev.depth == 0
            && p == ":"
            && COMPOUND.contains(&text(src, &toks[line_first]))
            && toks[line_first..k]
                .iter()
                .all(|t| t.depth > 0 || text(src, t) != ":");
        if boundary {
            line_first = k + 1;
        }
        if boundary || (prev.kind == Kind::Op && prev.depth == 0 && p == ";") || header_colon {
            start = k + 1;
        }
        starts.push(start);
    }
    starts
}

/// The header keyword's description in CPython's `expected an indented block after ...`.
fn block_name(src: &str, toks: &[Tok], first: usize) -> String {
    let mut word = text(src, &toks[first]);
    if word == "async" {
        word = toks.get(first + 1).map_or("", |t| text(src, t));
    }
    match word {
        "def" => "function definition".to_owned(),
        "class" => "class definition".to_owned(),
        w => format!("'{w}' statement"),
    }
}

/// The first indentation error of the token stream (a header without its block, an
/// indented line that follows no header, a `try` without `except`), with where it is.
fn structural(src: &str, toks: &[Tok], index: &LineIndex) -> Option<(usize, PyError)> {
    let mut first = 0;
    let mut depth = 0usize;
    let mut tries: Vec<usize> = Vec::new();
    let eof = |msg: String| PyError {
        kind: "IndentationError",
        msg,
        line: last_line(src),
        span: None,
        by_chars: false,
    };
    for (k, t) in toks.iter().enumerate() {
        let header = k >= 2
            && toks[k - 1].kind == Kind::Newline
            && text(src, &toks[k - 2]) == ":"
            && COMPOUND.contains(&text(src, &toks[first]));
        match t.kind {
            Kind::Indent if !header => {
                let e = PyError {
                    kind: "IndentationError",
                    msg: "unexpected indent".into(),
                    line: index.pos(t.start).0,
                    span: None,
                    by_chars: false,
                };
                return Some((t.start, e));
            }
            Kind::Indent => {
                if text(src, &toks[first]) == "try" {
                    tries.push(depth);
                }
                depth += 1;
            }
            Kind::Dedent => depth = depth.saturating_sub(1),
            _ if header => {
                let (line, _) = index.pos(toks[first].start);
                let msg = format!(
                    "expected an indented block after {} on line {line}",
                    block_name(src, toks, first)
                );
                let next = toks[k..].iter().find(|t| t.kind != Kind::Dedent);
                return Some(match next {
                    Some(n) if n.kind != Kind::End => (
                        toks[k - 1].start,
                        PyError::at("IndentationError", msg, index, (n.start, n.start + 1)),
                    ),
                    _ => (toks[k - 1].start, eof(msg)),
                });
            }
            _ => {}
        }
        // The first statement after a `try` block must be its `except` or `finally`.
        let after_block = t.kind != Kind::Dedent && k > 0 && toks[k - 1].kind == Kind::Dedent;
        if let Some(&d) = tries.last().filter(|&&d| after_block && depth <= d) {
            tries.pop();
            if depth != d || !matches!(text(src, t), "except" | "finally") {
                let msg = "expected 'except' or 'finally' block";
                if t.kind == Kind::End {
                    let e = PyError {
                        kind: "SyntaxError",
                        msg: msg.into(),
                        line: last_line(src),
                        span: None,
                        by_chars: false,
                    };
                    return Some((t.start, e));
                }
                return Some((t.start, PyError::syntax(msg, index, (t.start, t.end))));
            }
        }
        if k > 0
            && matches!(
                toks[k - 1].kind,
                Kind::Newline | Kind::Indent | Kind::Dedent
            )
        {
            first = k;
        }
    }
    None
}

/// The ranges of the recovered syntax tree's expression statements and expressions (with
/// what CPython calls them in messages).
#[derive(Default)]
struct Ranges {
    stmts: Vec<(usize, usize)>,
    exprs: Vec<(usize, usize, &'static str)>,
    /// Statements and expressions entered: the walk stops descending where CPython's
    /// compiler would (a recovered tree can nest as deep as the source does).
    depth: u32,
}

impl Ranges {
    /// What CPython calls the expression spanning exactly `start..end` ("" if none).
    fn kind_at(&self, start: usize, end: usize) -> &'static str {
        self.exprs
            .iter()
            .find(|x| x.0 == start && x.1 == end)
            .map_or("", |x| x.2)
    }

    /// The start of the widest expression (not a tuple) that ends at `end` and starts at
    /// or after `from`.
    fn widest_ending_at(&self, end: usize, from: usize) -> Option<usize> {
        self.exprs
            .iter()
            .filter(|x| x.1 == end && x.0 >= from && x.2 != "tuple")
            .map(|x| x.0)
            .min()
    }

    /// The end of the widest expression that starts at `start` (a tuple counts only
    /// when `tuples`).
    fn widest_starting_at(&self, start: usize, tuples: bool) -> Option<usize> {
        self.exprs
            .iter()
            .filter(|x| x.0 == start && (tuples || x.2 != "tuple"))
            .map(|x| x.1)
            .max()
    }
}

impl<'a> Visitor<'a> for Ranges {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.depth >= crate::nesting::COMPILE_DEPTH {
            return;
        }
        if let Stmt::Expr(_) = stmt {
            self.stmts
                .push((stmt.start().to_usize(), stmt.end().to_usize()));
        }
        self.depth += 1;
        visitor::walk_stmt(self, stmt);
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.depth >= crate::nesting::COMPILE_DEPTH {
            return;
        }
        let what = match expr {
            Expr::Call(_) => "function call",
            Expr::NumberLiteral(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => "literal",
            Expr::BinOp(_) | Expr::UnaryOp(_) | Expr::BoolOp(_) | Expr::Compare(_) => "expression",
            Expr::Name(_) => "name",
            Expr::If(_) => "if",
            Expr::Tuple(_) => "tuple",
            _ => "",
        };
        self.exprs
            .push((expr.start().to_usize(), expr.end().to_usize(), what));
        self.depth += 1;
        visitor::walk_expr(self, expr);
        self.depth -= 1;
    }
}

/// CPython's error for a source ruff rejected: `errors` are ruff's, `body` the statements it
/// recovered.
pub fn diagnose(src: &str, index: &LineIndex, errors: &[ParseError], body: &[Stmt]) -> PyError {
    let Tokens {
        toks,
        error: tok_error,
        unclosed,
    } = tokenize(src, index);
    let first_ruff = errors.iter().min_by_key(|e| e.location.start());
    let ruff_at = first_ruff.map_or(src.len(), |e| e.location.start().to_usize());
    let structural = structural(src, &toks, index);
    let struct_at = structural.as_ref().map_or(usize::MAX, |(at, _)| *at);
    if let Some(t) = &tok_error
        && t.pos <= ruff_at.min(struct_at)
    {
        return t.error.clone();
    }
    let same_line = |a: usize, b: usize| index.pos(a).0 == index.pos(b).0;
    let chosen = match structural {
        Some((at, e)) if at <= ruff_at || same_line(at, ruff_at) => e,
        _ => {
            // A parser error on a line after the last bracket left open is reported as
            // that bracket's.
            let failed_at = toks
                .iter()
                .find(|t| t.end > ruff_at)
                .map_or(ruff_at, |t| t.start);
            if let Some((c, at)) = unclosed
                && tok_error.is_none()
                && index.pos(failed_at).0 > index.pos(at).0
            {
                return PyError::syntax(format!("'{c}' was never closed"), index, (at, at + 1));
            }
            let mut ranges = Ranges::default();
            for s in body {
                ranges.visit_stmt(s);
            }
            parser_error(src, index, &toks, ruff_at, first_ruff, &ranges)
        }
    };
    match tok_error {
        Some(t) if t.overrides => t.error,
        _ => chosen,
    }
}

/// CPython's message for ruff's first error, at `at`.
fn parser_error(
    src: &str,
    index: &LineIndex,
    toks: &[Tok],
    at: usize,
    error: Option<&ParseError>,
    ranges: &Ranges,
) -> PyError {
    let k = toks
        .iter()
        .position(|t| t.end > at || t.kind == Kind::End)
        .unwrap_or(toks.len().saturating_sub(1));
    let Some(tok) = toks.get(k) else {
        return PyError::syntax("invalid syntax", index, (at, at + 1));
    };
    let starts = statement_starts(src, toks);
    let st = starts.get(k).copied().unwrap_or(0);
    let first = &toks[st];
    let first_word = text(src, first);
    // Python 2's `print x` and `exec code`: the name, then what parses as expressions.
    if matches!(first_word, "print" | "exec")
        && first.kind == Kind::Name
        && k > st
        && let Some(next) = toks.get(st + 1)
    {
        let starts_expr = match next.kind {
            Kind::Name => !hard_keyword(text(src, next)),
            Kind::Number | Kind::Str => true,
            Kind::Op => matches!(text(src, next), "[" | "{" | "-" | "+" | "~"),
            _ => false,
        };
        if starts_expr {
            let parsed = ranges
                .stmts
                .iter()
                .copied()
                .chain(ranges.exprs.iter().map(|&(s, e, _)| (s, e)))
                .filter(|x| x.0 == next.start)
                .map(|x| x.1)
                .max();
            // What ruff made no expression of (`print [x for x in y]` is a subscript to it):
            // CPython underlines up to the end of the statement.
            let rest = toks[st + 1..]
                .iter()
                .take_while(|t| {
                    let end = t.kind == Kind::Newline || matches!(text(src, t), ";" | "=");
                    t.kind != Kind::End && !(t.depth == next.depth && end)
                })
                .last()
                .map(|t| t.end);
            let end = parsed.or(rest).unwrap_or(next.end);
            let msg = format!(
                "Missing parentheses in call to '{first_word}'. Did you mean {first_word}(...)?"
            );
            return PyError::syntax(msg, index, (first.start, end));
        }
    }
    let kind = error.map(|e| &e.error);
    // A compound statement's header without its `:`.
    if let Some(ParseErrorType::ExpectedToken {
        expected: TokenKind::Colon,
        ..
    }) = kind
        && COMPOUND.contains(&first_word)
        && tok.kind == Kind::Newline
    {
        return PyError::syntax("expected ':'", index, (tok.start, tok.end));
    }
    // `a if b` without its `else`: CPython underlines `a if b`.
    if let Some(ParseErrorType::ExpectedToken {
        expected: TokenKind::Else,
        ..
    }) = kind
        && let Some(prev) = k.checked_sub(1).and_then(|p| toks.get(p))
        && let Some(start) = ranges
            .exprs
            .iter()
            .filter(|x| x.2 == "if" && x.0 < at && x.1 >= prev.end)
            .map(|x| x.0)
            .max()
    {
        return PyError::syntax(
            "expected 'else' after 'if' expression",
            index,
            (start, prev.end),
        );
    }
    if let (
        Some(
            ParseErrorType::InvalidAssignmentTarget
            | ParseErrorType::InvalidAugmentedAssignmentTarget,
        ),
        Some(e),
    ) = (kind, error)
    {
        let (s, end) = (e.location.start().to_usize(), e.location.end().to_usize());
        let what = ranges.kind_at(s, end);
        let augmented = matches!(kind, Some(ParseErrorType::InvalidAugmentedAssignmentTarget));
        if !matches!(what, "" | "name" | "tuple") && s == first.start {
            let msg = if augmented {
                format!("'{what}' is an illegal expression for augmented assignment")
            } else {
                format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?")
            };
            return PyError::syntax(msg, index, (s, end));
        }
    }
    // `if x = 1:`, meant as a comparison.
    // In brackets too, unless they are a call's (`while (line = f()) != ""`).
    let opener = toks[..k].iter().rposition(|t| t.depth < tok.depth);
    let call = opener
        .and_then(|o| o.checked_sub(1))
        .and_then(|p| toks.get(p))
        .is_some_and(|p| {
            (p.kind == Kind::Name && !hard_keyword(text(src, p)))
                || matches!(text(src, p), ")" | "]")
        });
    let after_opener = opener
        .and_then(|o| toks.get(o))
        .map_or(first.end, |t| t.end);
    if matches!(first_word, "if" | "elif" | "while")
        && text(src, tok) == "="
        && (tok.depth == 0 || !call)
        && let Some(prev) = k.checked_sub(1).and_then(|p| toks.get(p))
        && let Some(next) = toks.get(k + 1)
    {
        let a = ranges
            .widest_ending_at(prev.end, after_opener)
            .unwrap_or(prev.start);
        let b = ranges
            .widest_starting_at(next.start, true)
            .unwrap_or(next.end);
        return PyError::syntax(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            index,
            (a, b),
        );
    }
    // An f-string whose braces do not pair: CPython 3.11 says so at the token after it.
    if let Some(string) = toks
        .iter()
        .position(|t| t.kind == Kind::Str && t.start <= at && at < t.end)
        && let Some(msg) = fstring_braces(text(src, &toks[string]))
        && let Some(after) = toks.get(string + 1)
    {
        return PyError::syntax(msg, index, (after.start, after.end.max(after.start + 1)));
    }
    // Errors ruff names as CPython does, at a point or over a range.
    if let Some(e) = error {
        let (s, end) = (e.location.start().to_usize(), e.location.end().to_usize());
        let what = ranges.kind_at(s, end);
        let after = toks
            .iter()
            .find(|t| t.start >= end)
            .map_or(end, |t| t.start);
        let (msg, span) = match &e.error {
            ParseErrorType::UnparenthesizedGeneratorExpression => (
                "Generator expression must be parenthesized".to_owned(),
                (s, end),
            ),
            ParseErrorType::InvalidArgumentUnpackingOrder => (
                "iterable argument unpacking follows keyword argument unpacking".to_owned(),
                (s, s + 1),
            ),
            ParseErrorType::PositionalAfterKeywordArgument => (
                "positional argument follows keyword argument".to_owned(),
                (after, after + 1),
            ),
            ParseErrorType::NonDefaultParamAfterDefaultParam => (
                "non-default argument follows default argument".to_owned(),
                (s, s + 1),
            ),
            ParseErrorType::InvalidDeleteTarget if !matches!(what, "" | "name" | "tuple") => {
                (format!("cannot delete {what}"), (s, end))
            }
            _ => (String::new(), (s, end)),
        };
        if !msg.is_empty() {
            return PyError::syntax(msg, index, span);
        }
    }
    // Python 2's `except ValueError, e:`.
    if first_word == "except" {
        let clause = toks[st + 1..]
            .iter()
            .take_while(|t| t.kind != Kind::Newline && !(t.depth == 0 && text(src, t) == ":"));
        let comma = clause.clone().any(|t| t.depth == 0 && text(src, t) == ",");
        if let (true, Some(a), Some(b)) = (comma, toks.get(st + 1), clause.last()) {
            return PyError::syntax(
                "multiple exception types must be parenthesized",
                index,
                (a.start, b.end),
            );
        }
    }
    // Two expressions side by side inside brackets.
    if k > 0 && tok.depth > 0 {
        let prev = &toks[k - 1];
        let ends_atom = match prev.kind {
            Kind::Name => !hard_keyword(text(src, prev)),
            Kind::Number | Kind::Str => true,
            Kind::Op => matches!(text(src, prev), ")" | "]" | "}"),
            _ => false,
        };
        let starts_atom = match tok.kind {
            Kind::Name => !hard_keyword(text(src, tok)) && text(src, tok) != "not",
            Kind::Number | Kind::Str => true,
            Kind::Op => text(src, tok) == "{",
            _ => false,
        };
        // A parameter list has no comma hint: CPython says `invalid syntax` there.
        let parameters = matches!(first_word, "def" | "async");
        if ends_atom && starts_atom && !parameters {
            let opener = toks[..k]
                .iter()
                .rev()
                .find(|t| t.depth < tok.depth)
                .map_or(0, |t| t.end);
            // The expressions on either side, as far as they go (a tuple is not one).
            let a = ranges
                .widest_ending_at(prev.end, opener)
                .unwrap_or(prev.start);
            let b = ranges
                .widest_starting_at(tok.start, false)
                .unwrap_or(tok.end);
            // A lone name before a string is Python 2's `print "x"` (and the like): no hint.
            let legacy = a == prev.start && prev.kind == Kind::Name && tok.kind == Kind::Str;
            if !legacy {
                return PyError::syntax(
                    "invalid syntax. Perhaps you forgot a comma?",
                    index,
                    (a, b),
                );
            }
        }
    }
    PyError::syntax(
        "invalid syntax",
        index,
        (tok.start, tok.end.max(tok.start + 1)),
    )
}
