//! Exceptions: raising, matching, and CPython 3.11-shaped tracebacks.

use std::sync::Arc;

use super::Vm;
use crate::bytecode::{Anchor, Code};
use crate::value::{Args, Class, Flow, Instance, Str, TbEntry, Value};

/// Where CPython's `threading.py` lives in the tracebacks of thread exceptions.
pub const THREADING_PY: &str = "/usr/lib/python3.11/threading.py";

/// Records that `e` passed through instruction `pc` of `code`.
pub fn add_traceback(e: &Value, code: &Arc<Code>, pc: usize) {
    if let Value::Instance(i) = e {
        let mut st = i.state.lock();
        // A failed method lookup recorded this instruction already.
        if st
            .tb
            .last()
            .is_some_and(|t| t.lookup && t.pc == pc && Arc::ptr_eq(&t.code, code))
        {
            return;
        }
        st.tb.push(TbEntry {
            code: Arc::clone(code),
            pc,
            lookup: false,
        });
    }
}

/// Records that `e` is the AttributeError of the method lookup of the call at `pc`, if it
/// is (CPython underlines `obj.name` then, not the whole call).
pub fn note_method_lookup(e: &Value, this: &Value, name: &str, code: &Arc<Code>, pc: usize) {
    let Value::Instance(i) = e else { return };
    let mut st = i.state.lock();
    let ours = st.tb.is_empty()
        && matches!(st.dict.get("name"), Some(Value::Str(n)) if &**n == name)
        && st.dict.get("obj").is_some_and(|o| o.is(this));
    if ours {
        st.tb.push(TbEntry {
            code: Arc::clone(code),
            pc,
            lookup: true,
        });
    }
}

/// The candidate closest to `name` by CPython 3.11's measure for "Did you mean": an
/// edit distance where changing only a letter's case costs 1 and any other insertion,
/// deletion or substitution 2, within a budget that grows with both lengths. The first
/// of equally close candidates wins.
pub fn closest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<String> {
    let want: Vec<char> = name.chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        if cand == name {
            continue;
        }
        let have: Vec<char> = cand.chars().collect();
        let budget = (want.len() + have.len() + 3) * 2 / 6;
        let d = edit_cost(&want, &have);
        if d <= budget && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

fn edit_cost(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).map(|j| j * 2).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = (i + 1) * 2;
        for (j, cb) in b.iter().enumerate() {
            let swap = if ca == cb {
                0
            } else if ca.to_lowercase().eq(cb.to_lowercase()) {
                1
            } else {
                2
            };
            let next = (diag + swap).min(row[j] + 2).min(row[j + 1] + 2);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Sub-exceptions shown per group, and groups shown nested, as CPython's traceback module.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// An exception report being written, and the exceptions already in it (each is shown once).
struct Report {
    out: String,
    seen: Vec<usize>,
    /// The last line closed a group's box (an enclosing box then needs no closing line).
    closed: bool,
}

impl Report {
    fn line(&mut self, margin: &str, text: &str) {
        self.out.push_str(margin);
        self.out.push_str(text);
        self.out.push('\n');
        self.closed = false;
    }
}

/// The margin of a line inside `level` nested exception-group boxes.
fn margin(level: usize) -> String {
    format!("{}| ", "  ".repeat(level + 1))
}

/// Identity of a value for the report's seen set.
fn identity(e: &Value) -> usize {
    match e {
        Value::Instance(i) => Arc::as_ptr(i) as *const () as usize,
        _ => 0,
    }
}

impl Vm<'_> {
    /// A new exception of built-in class `name` with message `msg`, as a `Flow`.
    pub fn exc(&mut self, name: &str, msg: &str) -> Flow {
        let cls = self.interp.types.get(name);
        let args = if msg.is_empty() && name == "StopIteration" {
            Vec::new()
        } else {
            vec![Value::str(msg)]
        };
        Flow::Exc(self.new_exception(cls, args))
    }

    /// A new exception instance of `cls` with `args`, chained to the one being handled.
    pub fn new_exception(&mut self, cls: Arc<Class>, args: Vec<Value>) -> Value {
        let inst = Instance::new(cls);
        {
            let mut st = inst.state.lock();
            st.dict.insert(Str::from("args"), Value::tuple(args));
            st.context = self.handling.last().cloned();
        }
        Value::Instance(inst)
    }

    /// `raise exc from cause` (or a bare `raise`).
    pub fn do_raise(&mut self, e: Option<Value>, cause: Option<Value>) -> Flow {
        let Some(e) = e else {
            return match self.handling.last() {
                Some(h) => Flow::Exc(h.clone()),
                None => self.exc("RuntimeError", "No active exception to reraise"),
            };
        };
        let inst = match self.instantiate_exception(e) {
            Ok(v) => v,
            Err(f) => return f,
        };
        if let Value::Instance(i) = &inst {
            let mut st = i.state.lock();
            if st.context.is_none()
                && let Some(h) = self.handling.last()
                && !h.is(&inst)
            {
                st.context = Some(h.clone());
            }
            if let Some(c) = cause {
                st.suppress_context = true;
                st.cause = match c {
                    Value::None => None,
                    other => Some(other),
                };
            }
        }
        Flow::Exc(inst)
    }

    /// Turns a raised value into an exception instance (calling a class).
    fn instantiate_exception(&mut self, e: Value) -> Result<Value, Flow> {
        let base = self.interp.types.get("BaseException");
        match &e {
            Value::Class(c) if c.is_subclass(&base) => self.call(e.clone(), Args::default()),
            Value::Instance(i) if i.class.is_subclass(&base) => Ok(e),
            _ => Err(self.exc("TypeError", "exceptions must derive from BaseException")),
        }
    }

    /// Whether exception `e` matches `ty` (a class or a tuple of classes).
    pub fn exc_matches(&mut self, e: &Value, ty: &Value) -> Result<bool, Flow> {
        let cls = self.type_of(e);
        match ty {
            Value::Class(c) => Ok(cls.is_subclass(c)),
            Value::Tuple(t) => {
                for x in t.iter() {
                    if self.exc_matches(e, x)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.exc(
                "TypeError",
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// Whether `e` is an instance of the built-in exception class `name`.
    pub fn is_exc(&self, e: &Value, name: &str) -> bool {
        let cls = self.type_of(e);
        cls.is_subclass(&self.interp.types.get(name))
    }

    /// The last line of an uncaught exception's report: the exception line and, for a
    /// mistyped name or attribute, CPython's suggestion.
    fn report_line(&mut self, e: &Value) -> String {
        let mut line = self.exception_line(e);
        if let Some(hint) = self.suggestion(e) {
            line.push_str(&format!(". Did you mean: '{hint}'?"));
        }
        line
    }

    fn suggestion(&mut self, e: &Value) -> Option<String> {
        let Value::Instance(i) = e else { return None };
        if let Some(h) = i.state.lock().hint.clone() {
            return Some(h.to_string());
        }
        let (Some(Value::Str(name)), Some(obj)) = (i.get("name"), i.get("obj")) else {
            return None;
        };
        if !self.is_exc(e, "AttributeError") {
            return None;
        }
        let mut names: Vec<Str> = match &obj {
            Value::Module(m) => m.dict.lock().keys().cloned().collect(),
            Value::Instance(o) => {
                let mut v: Vec<Str> = o.state.lock().dict.keys().cloned().collect();
                for c in std::iter::once(&o.class).chain(o.class.mro.iter()) {
                    v.extend(c.dict.lock().keys().cloned());
                }
                v
            }
            Value::Class(c) => std::iter::once(c)
                .chain(c.mro.iter())
                .flat_map(|c| c.dict.lock().keys().cloned().collect::<Vec<_>>())
                .collect(),
            other => (self.interp.hooks.method_names)(other)
                .into_iter()
                .map(Str::from)
                .collect(),
        };
        // CPython looks through dir(obj): sorted, each name once.
        names.sort();
        names.dedup();
        closest(&name, names.iter().map(|n| &**n))
    }

    /// The last line of a traceback: `ValueError: message`.
    pub fn exception_line(&mut self, e: &Value) -> String {
        let cls = self.type_of(e);
        let mut name = cls.qualname.to_string();
        if &*cls.module != "__main__" && &*cls.module != "builtins" {
            name = format!("{}.{name}", cls.module);
        }
        let msg = self
            .to_str(e)
            .unwrap_or_else(|_| "<exception str() failed>".into());
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    /// The whole report of an uncaught exception, chained ones first.
    pub fn format_exception(&mut self, e: &Value) -> String {
        self.format_exception_with(e, "")
    }

    /// The report of an uncaught exception whose traceback starts with the frames in
    /// `prefix` (library code gilscope runs natively, such as `threading.py`'s).
    pub fn format_exception_with(&mut self, e: &Value, prefix: &str) -> String {
        let mut out = String::new();
        self.format_chain(e, &mut out, 0, prefix);
        out
    }

    fn format_chain(&mut self, e: &Value, out: &mut String, depth: usize, prefix: &str) {
        let mut report = Report {
            out: std::mem::take(out),
            seen: Vec::new(),
            closed: false,
        };
        self.report_chain(e, &mut report, 0, depth, prefix);
        *out = report.out;
    }

    /// Writes `e` after the exceptions it was caused by or raised while handling, each
    /// once. `level` counts the exception groups around `e` (their boxes give the margin).
    fn report_chain(
        &mut self,
        e: &Value,
        report: &mut Report,
        level: usize,
        depth: usize,
        prefix: &str,
    ) {
        report.seen.push(identity(e));
        let group = self.group_members(e);
        if group.is_some() && level >= MAX_GROUP_DEPTH {
            let line = format!("... (max_group_depth is {MAX_GROUP_DEPTH})");
            report.line(&margin(level), &line);
            return;
        }
        if let Value::Instance(i) = e
            && depth < 20
        {
            let (cause, context, suppress) = {
                let st = i.state.lock();
                (st.cause.clone(), st.context.clone(), st.suppress_context)
            };
            let earlier = match (cause, context) {
                (Some(c), _) => Some((
                    c,
                    "The above exception was the direct cause of the following exception:",
                )),
                (None, Some(c)) if !suppress => Some((
                    c,
                    "During handling of the above exception, another exception occurred:",
                )),
                _ => None,
            };
            if let Some((c, joint)) = earlier
                && !report.seen.contains(&identity(&c))
            {
                self.report_chain(&c, report, level, depth + 1, "");
                let m = if level == 0 {
                    String::new()
                } else {
                    margin(level)
                };
                report.line(&m, "");
                report.line(&m, joint);
                report.line(&m, "");
            }
        }
        let tb = match e {
            Value::Instance(i) => i.state.lock().tb.clone(),
            _ => Vec::new(),
        };
        let mut text = String::new();
        if !tb.is_empty() || !prefix.is_empty() {
            text.push_str(if group.is_some() {
                "Exception Group Traceback (most recent call last):\n"
            } else {
                "Traceback (most recent call last):\n"
            });
            text.push_str(prefix);
        }
        self.format_frames(&tb, &mut text);
        text.push_str(&self.report_line(e));
        let Some(members) = group else {
            let m = if level == 0 {
                String::new()
            } else {
                margin(level)
            };
            text.lines().for_each(|l| report.line(&m, l));
            return;
        };
        // The outermost box opens with `+` on its traceback's header.
        let m = margin(level);
        let header = !tb.is_empty() || !prefix.is_empty();
        for (n, l) in text.lines().enumerate() {
            if n == 0 && level == 0 && header {
                report.line(&m.replacen('|', "+", 1), l);
            } else {
                report.line(&m, l);
            }
        }
        let open = "  ".repeat(level + 1);
        let inner = "  ".repeat(level + 2);
        let dashes = "-".repeat(16);
        for (n, member) in members.iter().take(MAX_GROUP_WIDTH).enumerate() {
            let bar = if n == 0 {
                format!("{open}+-+")
            } else {
                format!("{inner}+")
            };
            report.line(&bar, &format!("{dashes} {} {dashes}", n + 1));
            self.report_chain(member, report, level + 1, depth, "");
        }
        if members.len() > MAX_GROUP_WIDTH {
            let more = members.len() - MAX_GROUP_WIDTH;
            let s = if more == 1 { "" } else { "s" };
            report.line(&format!("{inner}+"), &format!("{dashes} ... {dashes}"));
            report.line(&margin(level + 1), &format!("and {more} more exception{s}"));
        }
        if !report.closed {
            report.line(&format!("{inner}+"), &"-".repeat(36));
            report.closed = true;
        }
    }

    /// The members of an exception group, or `None` for any other value.
    fn group_members(&self, e: &Value) -> Option<Vec<Value>> {
        let Value::Instance(i) = e else { return None };
        let is_group = std::iter::once(&i.class)
            .chain(i.class.mro.iter())
            .any(|c| &*c.name == "BaseExceptionGroup" && &*c.module == "builtins");
        if !is_group {
            return None;
        }
        match i.get("_exceptions") {
            Some(Value::Tuple(t)) => Some(t.to_vec()),
            _ => None,
        }
    }

    fn format_frames(&self, tb: &[TbEntry], out: &mut String) {
        // CPython collapses runs of the same line: after 3 repeats it summarises.
        let mut last: Option<(usize, u32, Str)> = None;
        let mut repeats = 0usize;
        let flush = |out: &mut String, repeats: usize| {
            if repeats > 3 {
                let n = repeats - 3;
                let s = if n == 1 { "" } else { "s" };
                out.push_str(&format!("  [Previous line repeated {n} more time{s}]\n"));
            }
        };
        for entry in tb.iter().rev() {
            let line = entry.code.line_of(entry.pc);
            if entry.code.file.frame_at(line).is_none() {
                continue;
            }
            let key = (
                Arc::as_ptr(&entry.code) as usize,
                line,
                entry.code.name.clone(),
            );
            if last.as_ref() == Some(&key) {
                repeats += 1;
                if repeats > 3 {
                    continue;
                }
            } else {
                flush(out, repeats);
                repeats = 1;
                last = Some(key);
            }
            self.format_frame(entry, out);
        }
        flush(out, repeats);
    }

    fn format_frame(&self, entry: &TbEntry, out: &mut String) {
        let code = &entry.code;
        let mut loc = code.locs.get(entry.pc).copied().unwrap_or_default();
        if let Some(Anchor::Method(end_line, end_col)) = loc.anchor {
            if entry.lookup {
                loc.end_line = end_line;
                loc.end_col = end_col;
            }
            loc.anchor = None;
        }
        let (path, shown) = code
            .file
            .frame_at(loc.line)
            .unwrap_or_else(|| (code.file.path.clone(), loc.line));
        out.push_str(&format!(
            "  File \"{path}\", line {shown}, in {}\n",
            code.name
        ));
        let text = code.file.index.line(loc.line);
        let stripped = text.trim();
        if stripped.is_empty() {
            return;
        }
        out.push_str("    ");
        out.push_str(stripped);
        out.push('\n');
        let chars: Vec<char> = text.chars().collect();
        let leading = text.chars().count() - text.trim_start().chars().count();
        let start = loc.col as usize;
        let mut end = loc.end_col as usize;
        let mut anchors = None;
        if loc.line == loc.end_line {
            anchors = loc
                .anchor
                .and_then(|a| caret_anchors(&chars, start, end, a));
        } else {
            end = text.trim_end().chars().count();
        }
        let show = end.saturating_sub(start) < stripped.chars().count()
            || anchors.is_some_and(|(l, r)| r > l);
        if !show || end < start {
            return;
        }
        out.push_str("    ");
        out.push_str(&" ".repeat(start.saturating_sub(leading)));
        match anchors {
            Some((l, r)) => {
                out.push_str(&"~".repeat(l));
                out.push_str(&"^".repeat(r.saturating_sub(l)));
                out.push_str(&"~".repeat((end - start).saturating_sub(r)));
            }
            None => out.push_str(&"^".repeat(end - start)),
        }
        out.push('\n');
    }

    /// `Exception in thread NAME:` and the traceback, as `threading.excepthook` prints it.
    pub fn format_thread_exception(&mut self, thread: &Value, e: &Value) -> String {
        let name = match thread {
            Value::Instance(i) => match i.get("_name") {
                Some(Value::Str(s)) => s.to_string(),
                _ => "?".into(),
            },
            _ => "?".into(),
        };
        let mut prefix =
            format!("  File \"{THREADING_PY}\", line 1045, in _bootstrap_inner\n    self.run()\n");
        let default_run = match thread {
            Value::Instance(i) => {
                matches!(i.class.lookup("run"), Some(Value::Builtin(_)))
            }
            _ => false,
        };
        if default_run {
            prefix.push_str(&format!(
                "  File \"{THREADING_PY}\", line 982, in run\n    self._target(*self._args, **self._kwargs)\n"
            ));
        }
        let mut out = format!("Exception in thread {name}:\n");
        self.format_chain(e, &mut out, 0, &prefix);
        out
    }

    /// What CPython prints when a program's `threading.excepthook` raises `e`.
    pub fn format_excepthook_failure(&mut self, e: &Value) -> String {
        let prefix =
            format!("  File \"{THREADING_PY}\", line 1349, in invoke_excepthook\n    hook(args)\n");
        let mut out = String::from("Exception in threading.excepthook:\n");
        self.format_chain(e, &mut out, 0, &prefix);
        out
    }

    /// The class of a value.
    pub fn type_of(&self, v: &Value) -> Arc<Class> {
        let t = &self.interp.types;
        match v {
            Value::Instance(i) => Arc::clone(&i.class),
            Value::None => t.get("NoneType"),
            Value::Bool(_) => t.get("bool"),
            Value::Int(_) | Value::BigInt(_) => t.get("int"),
            Value::Float(_) => t.get("float"),
            Value::Str(_) => t.get("str"),
            Value::Bytes(_) => t.get("bytes"),
            Value::Tuple(_) => t.get("tuple"),
            Value::List(_) => t.get("list"),
            Value::Dict(_) => t.get("dict"),
            Value::Set(_) => t.get("set"),
            Value::FrozenSet(_) => t.get("frozenset"),
            Value::Range(_) => t.get("range"),
            Value::Slice(_) => t.get("slice"),
            Value::Function(_) => t.get("function"),
            Value::Builtin(_) => t.get("builtin_function_or_method"),
            Value::Method(_) => t.get("method"),
            Value::Class(_) => t.get("type"),
            Value::Module(_) => t.get("module"),
            Value::Iter(it) => t.get(it.lock().type_name()),
            Value::Generator(g) => t.get(match g.code.kind {
                crate::bytecode::CodeKind::Coroutine => "coroutine",
                crate::bytecode::CodeKind::AsyncGenerator => "async_generator",
                _ => "generator",
            }),
            Value::Native(n) => t.get(n.type_name()),
            Value::Property(_) => t.get("property"),
            Value::StaticMethod(_) => t.get("staticmethod"),
            Value::ClassMethod(_) => t.get("classmethod"),
            Value::Super(_) => t.get("super"),
            Value::NotImplemented => t.get("NotImplementedType"),
            Value::Ellipsis => t.get("ellipsis"),
            Value::Code(_) => t.get("code"),
            Value::Cell(_) => t.get("cell"),
        }
    }

    /// The name of a value's type (`'int'` in error messages).
    pub fn type_name(&self, v: &Value) -> Str {
        self.type_of(v).name.clone()
    }
}

/// CPython 3.11's `_extract_caret_anchors_from_line_segment`, on character columns.
fn caret_anchors(line: &[char], start: usize, end: usize, a: Anchor) -> Option<(usize, usize)> {
    let seg: &[char] = line.get(start..end)?;
    match a {
        Anchor::BinOp(left_end, right_start) => {
            let op_start = (left_end as usize).checked_sub(start)?;
            let op_end = (right_start as usize).checked_sub(start)?;
            let op: &[char] = seg.get(op_start..op_end)?;
            let offset = op.iter().take_while(|c| c.is_whitespace()).count();
            let mut left = op_start + offset;
            let mut right = left + 1;
            if offset + 1 < op.len() && !op[offset + 1].is_whitespace() {
                right += 1;
            }
            while left < seg.len()
                && (seg[left].is_whitespace() || seg[left] == ')' || seg[left] == '#')
            {
                left += 1;
                right += 1;
            }
            Some((left, right))
        }
        Anchor::Method(..) => None,
        Anchor::Subscript(value_end, slice_end) => {
            let mut left = (value_end as usize).checked_sub(start)?;
            let mut right = (slice_end as usize + 1).checked_sub(start)?;
            while left < seg.len() && seg[left] != '[' {
                left += 1;
            }
            while right < seg.len() && seg[right] != ']' {
                right += 1;
            }
            if right < seg.len() {
                right += 1;
            }
            Some((left, right))
        }
    }
}
