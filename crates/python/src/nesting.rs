//! How deep a source nests, measured the way CPython 3.11 refuses too deep a source.
//!
//! CPython has three limits (docs/fuzzing.md, "Deeply nested sources"): its tokenizer lets
//! 200 brackets and 99 indentation levels nest (`syntax.rs` reports those); its parser
//! fails with `MemoryError` when its rules nest more than 6000 calls deep; its compiler
//! fails with `RecursionError: maximum recursion depth exceeded during compilation` when
//! statements and expressions nest more than 3000 deep. [`parser_overflow`] estimates the
//! parser's depth from the tokens before anything recursive sees the source, so ruff's
//! parser only ever gets what CPython's parses; [`compile_overflow`] measures the syntax
//! tree, so the symbol table and the compiler only ever get what CPython's compile.
//!
//! The parser's depth is the number of grammar rules open at once along the first attempt
//! to parse each token (its memo then answers the later attempts). Below a bracket, the
//! rules from `expression` down to an `atom` form a ladder of fixed length, and each kind
//! of nesting adds a fixed number of rules (a unary operator one, `**` two, a lambda two,
//! a bracket the ladder plus its own rules); at a statement's start and after `=` the
//! first attempt parses the leading primary as an assignment target, a shorter way down.
//! The figures were measured on `python3` 3.11 (the largest nesting of each kind that
//! still parses, in each place); `tests/nesting.rs` checks them at their thresholds.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{ElifElseClause, Expr, InterpolatedStringElement, Stmt};

use crate::syntax::{Kind, Tok, text};

/// The most grammar rules CPython's parser has open at once (`MAXSTACK`); one more and
/// it fails with `MemoryError`.
pub const PARSER_STACK: i32 = 6000;

/// The most statements and expressions CPython's compiler nests (three times the default
/// recursion limit, 1000); one more and it fails with `RecursionError`.
pub const COMPILE_DEPTH: u32 = 3000;

/// What `python3` prints when its parser runs out of stack.
pub const PARSER_MESSAGE: &str = "MemoryError\n";

/// What `python3` prints when its compiler nests too deep.
pub const COMPILE_MESSAGE: &str =
    "RecursionError: maximum recursion depth exceeded during compilation\n";

/// Rules from an `expression` call down to each level of the precedence ladder (the
/// left-recursive levels take two: the rule and its `_raw` body).
mod ladder {
    /// `disjunction`: the operands of `or`, a conditional expression's condition.
    pub const DISJUNCTION: i32 = 1;
    /// `conjunction`: the operands of `and`.
    pub const CONJUNCTION: i32 = 2;
    /// `inversion`: `not`.
    pub const INVERSION: i32 = 3;
    /// `comparison`.
    pub const COMPARISON: i32 = 4;
    /// `bitwise_or`.
    pub const BIT_OR: i32 = 5;
    /// `bitwise_xor`.
    pub const BIT_XOR: i32 = 7;
    /// `bitwise_and`.
    pub const BIT_AND: i32 = 9;
    /// `shift_expr`.
    pub const SHIFT: i32 = 11;
    /// `sum`.
    pub const SUM: i32 = 13;
    /// `term`.
    pub const TERM: i32 = 15;
    /// `factor`: the unary operators.
    pub const FACTOR: i32 = 17;
    /// `power`.
    pub const POWER: i32 = 18;
    /// `primary_raw`, whose calls and subscripts parse their contents.
    pub const PRIMARY_RAW: i32 = 21;
    /// `atom`.
    pub const ATOM: i32 = 22;
}

/// Rules between a statement's own rules and the expression of each kind of statement,
/// counted from the module (`file`, `statements`, `statement`, `simple_stmts`...).
mod stmt {
    /// An expression statement.
    pub const EXPRESSION: i32 = 9;
    /// `t_primary_raw` when an expression statement's leading primary is tried as a target.
    pub const TARGET: i32 = 11;
    /// The value of an assignment (`x = VALUE`, `x += VALUE`).
    pub const VALUE: i32 = 11;
    /// `t_primary_raw` when an assignment's value is tried as a target first.
    pub const VALUE_TARGET: i32 = 14;
    /// The value of an annotated assignment (`x: T = VALUE`).
    pub const ANNOTATED: i32 = 12;
    /// The condition of `if`, `elif`, `while`; what `raise` and `assert` take.
    pub const CONDITION: i32 = 8;
    /// What `return` returns.
    pub const RETURN: i32 = 10;
    /// What a `yield` statement yields.
    pub const YIELD: i32 = 11;
    /// `t_primary_raw` of what `del` deletes.
    pub const DEL_TARGET: i32 = 12;
    /// More rules for a statement after the first one of a line (`a = 1; b = 2`).
    pub const AFTER_SEMICOLON: i32 = 2;
    /// More rules for a body on its header's line (`if x: y = 1`).
    pub const SAME_LINE_BODY: i32 = 3;
}

/// How a binding in an expression reaches the operand after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bind {
    /// The start of an element (of a bracket, of a statement): only delimiters end it.
    Element,
    /// A lambda's body or a conditional expression's `else` part: only delimiters end it.
    Open,
    /// A conditional expression's condition: `else` ends it.
    If,
    /// The right operand of an operator at this ladder level (a unary operator's at
    /// `factor`, `not`'s at `inversion`, `**`'s at `power`).
    Level(i32),
}

impl Bind {
    /// How tightly it binds: what an operator of level `l` ends (those at `l` or tighter).
    fn rank(self) -> i32 {
        match self {
            Bind::Element => i32::MIN,
            Bind::Open => -1,
            Bind::If => 0,
            Bind::Level(l) => l,
        }
    }
}

/// An operand being read: the binding it is the operand of, and `e`, the call depth an
/// `expression` rule would have at its place (a rule `k` rungs down the ladder is at
/// `e + k`).
#[derive(Clone, Copy, Debug)]
struct Operand {
    bind: Bind,
    e: i32,
}

/// A bracket level (or the statement): the depth of its elements, and the operands of the
/// element being read.
#[derive(Debug)]
struct Level {
    /// `e` of its first element, and of the later ones.
    first: i32,
    later: i32,
    /// The operands being read, the element's start at the bottom.
    ops: Vec<Operand>,
    /// `t_primary_raw`'s depth while the element's leading primary is being read and is
    /// first tried as an assignment target.
    target: Option<i32>,
    /// Where a comprehension's clauses are.
    comprehension: Clause,
}

/// Where a bracket's comprehension is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Clause {
    /// No `for` yet: `if` and `in` are operators.
    None,
    /// After `for`: the next `in` separates the iterable.
    Target,
    /// After the iterable: `if` starts a filter.
    Iterable,
}

impl Level {
    fn new(first: i32, later: i32, target: Option<i32>) -> Level {
        Level {
            first,
            later,
            ops: vec![Operand {
                bind: Bind::Element,
                e: first,
            }],
            target,
            comprehension: Clause::None,
        }
    }

    /// `e` of the operand being read.
    fn e(&self) -> i32 {
        self.ops.last().map_or(self.first, |o| o.e)
    }

    /// Whether the leading primary of the element is being read.
    fn leading(&self) -> bool {
        self.ops.len() == 1
    }

    /// Starts a new element whose `e` is `e`.
    fn element(&mut self, e: i32) {
        self.ops.truncate(1);
        if let Some(o) = self.ops.first_mut() {
            o.e = e;
        }
        self.target = None;
    }

    /// Ends the operands an operator binding at `rank` takes as its left operand.
    fn close(&mut self, rank: i32) {
        while self.ops.len() > 1 && self.ops.last().is_some_and(|o| o.bind.rank() >= rank) {
            self.ops.pop();
        }
    }

    /// Reads a binary operator at ladder level `level` whose right operand is `extra`
    /// rules deeper than its left one.
    fn binary(&mut self, level: i32, extra: i32) {
        self.close(level);
        self.prefix(Bind::Level(level), extra);
    }

    /// Reads a prefix (or `**`) whose operand is `extra` rules deeper, binding as `bind`.
    fn prefix(&mut self, bind: Bind, extra: i32) {
        let e = self.e() + extra;
        self.ops.push(Operand { bind, e });
        self.target = None;
    }

    /// The depth of the `atom` rule of an operand starting here.
    fn atom(&self) -> i32 {
        match self.target {
            Some(t) if self.leading() => t + 1,
            _ => self.e() + ladder::ATOM,
        }
    }
}

/// Statement keywords, and the rules from the statement to the expression they take.
fn keyword_depth(word: &str) -> Option<i32> {
    Some(match word {
        "if" | "elif" | "while" | "raise" | "assert" => stmt::CONDITION,
        "return" => stmt::RETURN,
        "yield" => stmt::YIELD,
        "for" | "with" | "except" | "def" | "class" | "import" | "from" | "global" | "nonlocal"
        | "pass" | "break" | "continue" | "try" | "else" | "finally" | "del" => stmt::EXPRESSION,
        _ => return None,
    })
}

/// Whether a statement keyword begins a compound statement's header.
fn is_header(word: &str) -> bool {
    matches!(
        word,
        "if" | "elif"
            | "while"
            | "for"
            | "with"
            | "except"
            | "def"
            | "class"
            | "try"
            | "else"
            | "finally"
    )
}

/// The rules a block adds for the statements in it, by the keyword of its header.
fn block_depth(word: &str) -> i32 {
    match word {
        "def" | "class" | "else" | "elif" | "finally" => 7,
        "except" => 8,
        _ => 6,
    }
}

/// Binary operators: their ladder level and how much deeper their right operand is than
/// their left one (a comparison's operands after the first go through three more rules,
/// those of `and` and `or` through two).
fn binary(op: &str) -> Option<(i32, i32)> {
    use ladder::{
        BIT_AND, BIT_OR, BIT_XOR, COMPARISON, CONJUNCTION, DISJUNCTION, SHIFT, SUM, TERM,
    };
    Some(match op {
        "or" => (DISJUNCTION, 2),
        "and" => (CONJUNCTION, 2),
        "<" | ">" | "==" | ">=" | "<=" | "!=" | "<>" | "in" | "is" => (COMPARISON, 3),
        "|" => (BIT_OR, 0),
        "^" => (BIT_XOR, 0),
        "&" => (BIT_AND, 0),
        "<<" | ">>" => (SHIFT, 0),
        "+" | "-" => (SUM, 0),
        "*" | "/" | "//" | "%" | "@" => (TERM, 0),
        _ => return None,
    })
}

/// Whether `op` is an augmented assignment.
fn augmented(op: &str) -> bool {
    matches!(
        op,
        "+=" | "-="
            | "*="
            | "/="
            | "//="
            | "%="
            | "@="
            | "&="
            | "|="
            | "^="
            | ">>="
            | "<<="
            | "**="
    )
}

/// The walk over a source's tokens.
struct Walk<'s> {
    src: &'s str,
    toks: &'s [Tok],
    /// Rules added by the blocks open, innermost last.
    blocks: Vec<i32>,
    /// What the next indented block adds (set by a compound statement's header).
    next_block: i32,
    /// Rules added to the statements of this line (after `;`, after a header's `:`).
    line: i32,
    /// The bracket levels open, the statement's at the bottom.
    levels: Vec<Level>,
    /// Whether an operand is expected (a `-` is unary, a `(` an atom).
    operand: bool,
    /// The statement's first keyword (`""` for an expression or assignment statement).
    keyword: &'s str,
    /// The statement has an annotation (`x: T = v`).
    annotated: bool,
}

impl<'s> Walk<'s> {
    /// Rules open below the statement's own.
    fn base(&self) -> i32 {
        self.blocks.iter().sum::<i32>() + self.line
    }

    fn level(&mut self) -> &mut Level {
        if self.levels.is_empty() {
            self.levels.push(Level::new(0, 0, None));
        }
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    fn word(&self, k: usize) -> &'s str {
        self.toks.get(k).map_or("", |t| text(self.src, t))
    }

    /// Starts a statement at token `k`; gives whether that token was its keyword.
    fn statement(&mut self, k: usize) -> bool {
        let word = self.word(k);
        let base = self.base();
        self.annotated = false;
        self.keyword = "";
        let is_name = self.toks.get(k).is_some_and(|t| t.kind == Kind::Name);
        let (level, keyword) = match keyword_depth(word) {
            Some(depth) if is_name => {
                self.keyword = word;
                if is_header(word) {
                    self.next_block = block_depth(word);
                }
                let target = (word == "del").then_some(base + stmt::DEL_TARGET);
                // `with a as b, c`: the items after the first go through one more rule.
                let later = if word == "with" { 1 } else { 2 };
                (Level::new(base + depth, base + depth + later, target), true)
            }
            _ if word == "@" => {
                self.keyword = word;
                let e = base + stmt::EXPRESSION;
                (Level::new(e, e + 2, None), true)
            }
            _ => {
                let e = base + stmt::EXPRESSION;
                (Level::new(e, e + 2, Some(base + stmt::TARGET)), false)
            }
        };
        self.levels.clear();
        self.levels.push(level);
        self.operand = true;
        keyword
    }

    /// Opens bracket `c` at token `k`; gives the depth of the rule that parses its
    /// contents' first element (a call's, a subscript's) or of its `atom`.
    fn open(&mut self, c: &str, k: usize) -> i32 {
        if !self.operand && matches!(c, "(" | "[") {
            // A call or a subscript: parsed by `primary_raw` (by `t_primary_raw` on the
            // target path), as the primary's arguments.
            let level = self.level();
            let primary = match level.target {
                Some(t) => t,
                None => level.e() + ladder::PRIMARY_RAW,
            };
            let later = if c == "(" { 7 } else { 6 };
            self.levels
                .push(Level::new(primary + 3, primary + later, None));
            self.operand = true;
            return primary + 3;
        }
        let statement_start = k == 0
            || matches!(
                self.toks[k - 1].kind,
                Kind::Newline | Kind::Indent | Kind::Dedent
            )
            || self.word(k - 1) == ";";
        let level = self.level();
        let atom = level.atom();
        if !level.leading() {
            level.target = None;
        }
        // The rules from `atom` to the first element's `expression` (the later elements'
        // go through one more, or two for a tuple's).
        let first = if c == "(" { 6 } else { 7 };
        let mut inner = Level::new(atom + first, atom + 8, None);
        if c == "(" && statement_start && self.keyword.is_empty() {
            // `'(' single_target ')'`: the first element's primary is tried as a target
            // one rule deeper than the statement's own.
            inner.target = Some(self.base() + stmt::TARGET + 1);
        }
        self.levels.push(inner);
        self.operand = true;
        atom
    }
}

/// Where CPython's parser would run out of stack on a source with these tokens (the
/// offset of the token it fails on), if it would.
pub(crate) fn parser_overflow(src: &str, toks: &[Tok]) -> Option<usize> {
    let mut w = Walk {
        src,
        toks,
        blocks: Vec::new(),
        next_block: 0,
        line: 0,
        levels: Vec::new(),
        operand: true,
        keyword: "",
        annotated: false,
    };
    let mut start = true;
    let mut k = 0;
    while let Some(tok) = toks.get(k) {
        k += 1;
        let word = text(src, tok);
        match tok.kind {
            Kind::Newline => {
                start = true;
                w.line = 0;
                continue;
            }
            Kind::Indent => {
                w.blocks.push(w.next_block);
                w.next_block = 0;
                start = true;
                continue;
            }
            Kind::Dedent => {
                w.blocks.pop();
                start = true;
                continue;
            }
            Kind::End => break,
            _ => {}
        }
        if start {
            if tok.kind == Kind::Name && word == "async" {
                continue;
            }
            start = false;
            if w.statement(k - 1) {
                continue;
            }
        }
        let deepest = match (tok.kind, word) {
            (Kind::Name, "not") if w.operand => {
                w.level().prefix(Bind::Level(ladder::INVERSION), 1);
                w.level().e() + ladder::INVERSION
            }
            (Kind::Name, "lambda") if w.operand => {
                // The body is an `expression` two rules below (`lambdef`'s); the
                // parameters are skipped.
                w.level().prefix(Bind::Open, 2);
                let depth = tok.depth;
                let mut lambdas = 1;
                while let Some(t) = toks.get(k) {
                    if matches!(t.kind, Kind::Newline | Kind::End) {
                        break;
                    }
                    k += 1;
                    if t.depth == depth {
                        match text(src, t) {
                            "lambda" => lambdas += 1,
                            ":" => lambdas -= 1,
                            _ => {}
                        }
                        if lambdas == 0 {
                            break;
                        }
                    }
                }
                w.level().e()
            }
            (Kind::Name, "await" | "yield" | "from" | "async") if w.operand => continue,
            (Kind::Name | Kind::Number | Kind::Str, _) if w.operand => {
                let level = w.level();
                let depth = level.atom();
                if !level.leading() {
                    level.target = None;
                }
                w.operand = false;
                depth
            }
            (Kind::Op, "(" | "[" | "{") => w.open(word, k - 1),
            (Kind::Op, ")" | "]" | "}") => {
                if w.levels.len() > 1 {
                    w.levels.pop();
                }
                w.operand = false;
                continue;
            }
            (Kind::Op, "-" | "+" | "~") if w.operand => {
                w.level().prefix(Bind::Level(ladder::FACTOR), 1);
                w.level().e() + ladder::FACTOR
            }
            (Kind::Op, "*" | "**") if w.operand => continue,
            (Kind::Op, "**") => {
                // Right-associative: `a ** b ** c` nests, two rules a level (`power`,
                // `factor`).
                w.level().prefix(Bind::Level(ladder::POWER), 2);
                w.operand = true;
                w.level().e() + ladder::FACTOR
            }
            (Kind::Op, ".") => {
                w.operand = true;
                continue;
            }
            (Kind::Op, ",") => {
                let level = w.level();
                let later = level.later;
                level.element(later);
                w.operand = true;
                continue;
            }
            (Kind::Op, ";") => {
                w.line += stmt::AFTER_SEMICOLON;
                start = true;
                continue;
            }
            (Kind::Op, ":") if w.levels.len() == 1 => {
                if is_header(w.keyword) || w.keyword == "in" {
                    // A body on the header's line.
                    w.line += stmt::SAME_LINE_BODY;
                    start = true;
                } else {
                    w.annotated = true;
                    let e = w.base() + stmt::ANNOTATED;
                    w.level().element(e);
                    w.operand = true;
                }
                continue;
            }
            (Kind::Op, ":") => {
                // A dict's value, a slice's bounds.
                let level = w.level();
                let e = level.ops.first().map_or(level.first, |o| o.e);
                level.element(e);
                w.operand = true;
                continue;
            }
            (Kind::Op, "=") if w.levels.len() == 1 => {
                // The value of an assignment, tried as a target first (`a = b = c`).
                let base = w.base();
                let (e, target) = if w.annotated {
                    (base + stmt::ANNOTATED, None)
                } else {
                    (base + stmt::VALUE, Some(base + stmt::VALUE_TARGET))
                };
                let level = w.level();
                level.first = e;
                level.later = e + 2;
                level.element(e);
                level.target = target;
                w.operand = true;
                continue;
            }
            (Kind::Op, "=") => {
                // A keyword argument's value, a parameter's default.
                let level = w.level();
                let e = level.first + 3;
                level.element(e);
                w.operand = true;
                continue;
            }
            (Kind::Op, ":=") => {
                let level = w.level();
                let e = level.e() + 1;
                level.element(e);
                w.operand = true;
                continue;
            }
            (Kind::Op, op) if augmented(op) => {
                let e = w.base() + stmt::VALUE;
                w.level().element(e);
                w.operand = true;
                continue;
            }
            (Kind::Op, "->") => {
                let e = w.base() + stmt::EXPRESSION;
                w.level().element(e);
                w.operand = true;
                continue;
            }
            (Kind::Name, "for") => {
                let level = w.level();
                let e = level.first - 2;
                level.element(e);
                level.comprehension = Clause::Target;
                w.operand = true;
                continue;
            }
            (Kind::Name, "in") if w.keyword == "for" && w.levels.len() == 1 => {
                let e = w.base() + stmt::EXPRESSION;
                w.keyword = "in";
                w.level().element(e);
                w.operand = true;
                continue;
            }
            (Kind::Name, "in") if w.level().comprehension == Clause::Target => {
                let level = w.level();
                let e = level.first - 2;
                level.element(e);
                level.comprehension = Clause::Iterable;
                w.operand = true;
                continue;
            }
            (Kind::Name, "if") if w.level().comprehension == Clause::Iterable => {
                let level = w.level();
                let e = level.first - 2;
                level.element(e);
                w.operand = true;
                continue;
            }
            (Kind::Name, "if") => {
                // A conditional expression: its condition is a `disjunction` below the
                // `expression` that holds it.
                let level = w.level();
                level.close(ladder::DISJUNCTION);
                level.prefix(Bind::If, 0);
                w.operand = true;
                continue;
            }
            (Kind::Name, "else") => {
                // Its `else` part is an `expression` one rule below that one.
                let level = w.level();
                while level.ops.len() > 1 {
                    if level.ops.pop().is_some_and(|o| o.bind == Bind::If) {
                        break;
                    }
                }
                level.prefix(Bind::Open, 1);
                w.operand = true;
                continue;
            }
            (Kind::Name, "as") => {
                let level = w.level();
                let e = level.first;
                level.element(e);
                w.operand = true;
                continue;
            }
            (Kind::Name, "not" | "is") => {
                // `not in`, `is`, `is not`.
                if matches!(w.word(k), "in" | "not") {
                    k += 1;
                }
                w.level().binary(ladder::COMPARISON, 3);
                w.operand = true;
                continue;
            }
            (_, op) => {
                if let Some((level, extra)) = binary(op) {
                    w.level().binary(level, extra);
                    w.operand = true;
                }
                continue;
            }
        };
        if deepest > PARSER_STACK {
            return Some(tok.start);
        }
    }
    None
}

/// Whether a module with this body nests statements and expressions deeper than
/// CPython's compiler does (it counts them as they nest in its own tree, where an `elif`
/// is an `if` inside the `else`, and an f-string's replacement field is an expression).
pub fn compile_overflow(body: &[Stmt]) -> bool {
    let mut depth = Depth::default();
    depth.visit_body(body);
    depth.over
}

/// The statements and expressions open during a walk, stopping at the limit.
#[derive(Default)]
struct Depth {
    open: u32,
    over: bool,
}

impl Depth {
    /// Enters one more node: false (and marked) when that is one too many.
    fn enter(&mut self) -> bool {
        if self.open >= COMPILE_DEPTH {
            self.over = true;
            return false;
        }
        self.open += 1;
        true
    }
}

impl<'a> Visitor<'a> for Depth {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.over || !self.enter() {
            return;
        }
        match stmt {
            Stmt::If(s) => {
                self.visit_expr(&s.test);
                self.visit_body(&s.body);
                // CPython's `elif` is an `if` statement inside the `else` of the one before.
                let mut elifs = 0;
                for clause in &s.elif_else_clauses {
                    if clause.test.is_some() {
                        elifs += 1;
                    }
                    self.clause(clause, elifs);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        self.open -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.over || !self.enter() {
            return;
        }
        visitor::walk_expr(self, expr);
        self.open -= 1;
    }

    fn visit_interpolated_string_element(&mut self, element: &'a InterpolatedStringElement) {
        let InterpolatedStringElement::Interpolation(field) = element else {
            return;
        };
        // The replacement field (CPython's `FormattedValue`), and its format spec (a
        // `JoinedStr` of its own).
        if self.over || !self.enter() {
            return;
        }
        self.visit_expr(&field.expression);
        if let Some(spec) = &field.format_spec
            && self.enter()
        {
            for e in &spec.elements {
                self.visit_interpolated_string_element(e);
            }
            self.open -= 1;
        }
        self.open -= 1;
    }
}

impl Depth {
    /// An `elif` or `else` clause, `elifs` statements deeper than its `if`.
    fn clause(&mut self, clause: &ElifElseClause, elifs: u32) {
        if self.open + elifs > COMPILE_DEPTH {
            self.over = true;
            return;
        }
        self.open += elifs;
        visitor::walk_elif_else_clause(self, clause);
        self.open -= elifs;
    }
}
