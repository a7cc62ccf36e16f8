//! A program compiled from its source: parse (ruff's parser), report syntax errors as
//! CPython does, compile to bytecode; with the modules of its folder it imports.

use std::sync::Arc;

use ruff_python_ast::{ModModule, PySourceType};
use ruff_python_parser::{Parsed, UnsupportedSyntaxErrorKind};

use crate::bytecode::{Code, Instr};
use crate::source::{LineIndex, SourceFile};
use crate::value::Value;
use crate::{compile as compiler, dis, nesting, syntax};

/// A compiled program, ready to run.
pub struct Program {
    /// The path as the user gave it (compile errors, unsupported constructs).
    pub display: String,
    /// The path shown in tracebacks (absolute, as CPython shows `__main__`'s file).
    pub path: String,
    /// The source, indexed by line.
    pub index: LineIndex,
    /// The module's code.
    pub code: Arc<Code>,
    /// Modules of the program's folder it imports (and the ones they import), by name.
    pub siblings: Vec<(String, Arc<Program>)>,
}

impl Program {
    /// The disassembly of every code object (module first).
    pub fn listings(&self) -> Vec<dis::CodeListing> {
        dis::listings(&self.code)
    }

    /// The text of source line `n` (1-based).
    pub fn source_line(&self, n: u32) -> &str {
        self.index.line(n)
    }
}

/// Why a source could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrontError {
    /// Invalid syntax (exit status 1, like CPython).
    #[error("{0}")]
    Syntax(String),
    /// The source nests deeper than CPython's parser or compiler allows: `MemoryError` or
    /// `RecursionError`, as `python3` prints them (exit status 1).
    #[error("{0}")]
    TooDeep(String),
    /// A construct gilscope does not support (exit status 2).
    #[error("{0}")]
    Unsupported(String),
}

impl FrontError {
    /// The process exit status for this error.
    pub fn status(&self) -> i32 {
        match self {
            FrontError::Syntax(_) | FrontError::TooDeep(_) => 1,
            FrontError::Unsupported(_) => 2,
        }
    }
}

fn report(display: &str, index: &LineIndex, line: u32, col: u32, msg: &str) -> String {
    let text = index.line(line);
    let caret = " ".repeat(col.saturating_sub(1) as usize);
    format!("{display}:{line}:{col}: {msg}\n    {text}\n    {caret}^\n")
}

/// The stack the parser, the checks and the compiler run on. They recurse once or a few
/// times per level of nesting, which `nesting` bounds (a source CPython refuses never
/// reaches them); the deepest source CPython compiles needs a few tens of MiB. The stack
/// is mapped, not touched, so only what a source uses is memory.
pub(crate) const COMPILE_STACK: usize = 256 << 20;

/// Compiles `source`. `display` is the path as the user gave it (for compile errors);
/// `abs_path` the one tracebacks show.
pub fn compile(display: &str, abs_path: &str, source: &str) -> Result<Arc<Program>, FrontError> {
    stacker::grow(COMPILE_STACK, || compile_here(display, abs_path, source))
}

fn compile_here(display: &str, abs_path: &str, source: &str) -> Result<Arc<Program>, FrontError> {
    let index = LineIndex::new(source);
    let module = parse(abs_path, source, &index)?;
    let file = Arc::new(SourceFile::new(abs_path, source, index.clone()));
    let compiled = compiler::compile_module(&module.body, &file).map_err(|e| {
        if e.syntax {
            let message = e.message.trim_start_matches("SyntaxError: ").to_owned();
            let error = syntax::PyError::syntax(message, &index, e.span);
            FrontError::Syntax(error.render(abs_path, &index))
        } else {
            FrontError::Unsupported(report(display, &index, e.line, e.col, &e.message))
        }
    })?;
    // Where the VM's check points are in CPython's bytecode, for the handoffs to name.
    // CPython's compiler refusing what the VM runs leaves the program without sites.
    if let Ok(cp) = crate::codegen::compile_module(&module.body, source, display) {
        crate::sites::attach(&compiled.code, &cp);
    }
    Ok(Arc::new(Program {
        display: display.to_owned(),
        path: abs_path.to_owned(),
        index,
        code: compiled.code,
        siblings: Vec::new(),
    }))
}
/// Parses `source` (indexed by `index`), reporting what CPython refuses as it does, with
/// `abs_path` in a syntax error's `File` line.
pub(crate) fn parse(
    abs_path: &str,
    source: &str,
    index: &LineIndex,
) -> Result<ModModule, FrontError> {
    let tokens = syntax::tokenize(source, index);
    // CPython's parser runs out of stack before ruff's would run out of memory: nothing
    // nested that deep is parsed.
    if nesting::parser_overflow(source, &tokens.toks).is_some() {
        return Err(FrontError::TooDeep(nesting::PARSER_MESSAGE.to_owned()));
    }
    let parsed = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python);
    // Freeing a syntax tree recurses as deep as it nests: one deeper than CPython compiles
    // (a long `1+1+...` parses without nesting the parser) is never freed.
    let deep = nesting::compile_overflow(&parsed.syntax().body);
    if let Err(e) = check(abs_path, source, index, tokens, &parsed, deep) {
        if deep {
            std::mem::forget(parsed);
        }
        return Err(e);
    }
    Ok(parsed.into_syntax())
}

/// What CPython refuses in a source ruff parsed: ruff's syntax errors (as CPython reports
/// them), what CPython's tokenizer refuses and ruff's parser accepts (null bytes, too
/// many brackets or indentation levels), and nesting deeper than CPython's compiler takes.
fn check(
    abs_path: &str,
    source: &str,
    index: &LineIndex,
    tokens: syntax::Tokens,
    parsed: &Parsed<ModModule>,
    deep: bool,
) -> Result<(), FrontError> {
    // ruff accepts Python 3.14's `except A, B:`; it is a syntax error in CPython 3.11 (and
    // Python 2 code writes `except A, e:`).
    let py2_except = parsed.unsupported_syntax_errors().iter().find_map(|e| {
        matches!(
            e.kind,
            UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes
        )
        .then(|| ruff_python_parser::ParseError {
            error: ruff_python_parser::ParseErrorType::OtherError(
                "multiple exception types must be parenthesized".to_owned(),
            ),
            location: e.range,
        })
    });
    if !parsed.errors().is_empty() || py2_except.is_some() {
        let errors: Vec<_> = parsed.errors().iter().cloned().chain(py2_except).collect();
        let error = syntax::diagnose(source, index, &errors, &parsed.syntax().body);
        return Err(FrontError::Syntax(error.render(abs_path, index)));
    }
    if let Some(e) = tokens.error.filter(|e| e.strict) {
        return Err(FrontError::Syntax(e.error.render(abs_path, index)));
    }
    if deep {
        return Err(FrontError::TooDeep(nesting::COMPILE_MESSAGE.to_owned()));
    }
    Ok(())
}

/// Modules a file in the program's folder cannot shadow: CPython has them built in or
/// imported before `sys.path[0]` (the program's folder) is searched.
const UNSHADOWED: &[&str] = &[
    "sys",
    "builtins",
    "time",
    "itertools",
    "atexit",
    "errno",
    "gc",
    "marshal",
    "posix",
    "pwd",
    "faulthandler",
    "abc",
    "codecs",
    "encodings",
    "io",
    "os",
    "site",
    "stat",
    "posixpath",
    "genericpath",
];

/// Compiles a program read from a file, with the modules of its folder it imports
/// (`import helpers` finds `helpers.py` beside the program, as `sys.path[0]` does).
pub fn compile_file(
    display: &str,
    abs_path: &str,
    source: &str,
) -> Result<Arc<Program>, FrontError> {
    let main = compile(display, abs_path, source)?;
    let folder = |p: &str| match p.rfind('/') {
        Some(i) => p[..=i].to_owned(),
        None => String::new(),
    };
    let (abs_dir, shown_dir) = (folder(abs_path), folder(display));
    let mut siblings: Vec<(String, Arc<Program>)> = Vec::new();
    let mut pending = imported_names(&main.code);
    while let Some(name) = pending.pop() {
        if UNSHADOWED.contains(&name.as_str()) || siblings.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let path = format!("{abs_dir}{name}.py");
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(text) = crate::source::decode(&bytes) else {
            continue;
        };
        let module = compile(&format!("{shown_dir}{name}.py"), &path, &text)?;
        pending.extend(imported_names(&module.code));
        siblings.push((name, module));
    }
    siblings.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Arc::new(Program {
        display: main.display.clone(),
        path: main.path.clone(),
        index: main.index.clone(),
        code: Arc::clone(&main.code),
        siblings,
    }))
}

/// The top-level module names every `import` in `code` (and the code nested in it) names.
fn imported_names(code: &Code) -> Vec<String> {
    let mut out = Vec::new();
    for ins in &code.instrs {
        if let Instr::ImportName(i) = ins
            && let Some(name) = code.names.get(*i as usize)
        {
            let top = name.split('.').next().unwrap_or(name);
            out.push(top.to_owned());
        }
    }
    for c in &code.consts {
        if let Value::Code(inner) = c {
            out.extend(imported_names(inner));
        }
    }
    out
}
