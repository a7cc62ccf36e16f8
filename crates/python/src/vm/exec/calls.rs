//! Calls: `CALL` (a plain Python function binds its arguments straight from the value
//! stack), `CALL_METHOD` (the same for methods, and a few native methods on the stack),
//! `CALL_KW` and `CALL_EX`. Each call is a check point after it returns (the dispatch loop
//! checks, from the instruction table).

use std::sync::Arc;

use super::misrouted;
use crate::bytecode::{Code, Instr};
use crate::value::{Args, Flow, Key, Str, Value};
use crate::vm::{Frame, Vm, exc};

impl Vm<'_> {
    /// `CALL`, `CALL_METHOD`, `CALL_KW`, `CALL_EX`.
    pub(super) fn exec_calls(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        pc: usize,
        ins: Instr,
    ) -> Result<(), Flow> {
        match ins {
            Instr::Call(n) => {
                let n = n as usize;
                let len = f.stack.len();
                // A plain Python function called with exactly its positional
                // parameters: bind straight from the value stack.
                if let Some(Value::Function(func)) = len.checked_sub(n + 1).map(|i| &f.stack[i])
                    && Self::simple_call(func, n)
                {
                    let func = Arc::clone(func);
                    let mut locals = self.take_locals();
                    locals.extend(f.stack.drain(len - n..).map(Some));
                    locals.resize(func.code.nlocals().max(n), None);
                    f.pop();
                    self.call_site(code, pc);
                    let frame = self.frame_for(&func, locals);
                    let r = self.run_call(frame)?;
                    f.stack.push(r);
                    return Ok(());
                }
                // `dir()` lists the caller's scope, which only the frame knows.
                if n == 0
                    && let Some(Value::Builtin(b)) = f.stack.last()
                    && b.name == "dir"
                    && b.owner == "builtins"
                {
                    f.pop();
                    self.call_site(code, pc);
                    let names = f.scope_names().into_iter().map(Value::Str).collect();
                    f.stack.push(Value::list(names));
                    return Ok(());
                }
                let args = f.popn(n);
                let callee = f.pop();
                self.call_site(code, pc);
                let r = self.call(callee, Args::new(args))?;
                f.stack.push(r);
            }
            Instr::CallMethod(name, n) => {
                // A method of the instance's class, a plain Python function called
                // with exactly its positional parameters: bind `self` and the
                // arguments straight from the value stack, as `Call` does.
                let at = f.stack.len().checked_sub(n as usize + 1);
                // `list.append(x)` and `dict.get(k[, default])` with a str or int key:
                // straight on the value stack, no argument vector, no dispatch by name.
                if let Some(at) = at
                    && matches!(f.stack[at], Value::List(_) | Value::Dict(_))
                    && let Some(r) =
                        native_method_fast(&mut f.stack, at, &code.names[name as usize], n)
                {
                    f.stack.push(r);
                    self.call_site(code, pc);
                    return Ok(());
                }
                if let Some(Value::Instance(inst)) = at.map(|i| &f.stack[i]) {
                    let attr = &code.names[name as usize];
                    let looked = match code.caches.get(name as usize) {
                        Some(cache) => Self::class_lookup_cached(cache, &inst.class, attr),
                        None => inst.class.lookup(attr),
                    };
                    let func = match looked {
                        Some(Value::Function(func))
                            if Self::simple_call(&func, n as usize + 1)
                                && !inst.state.lock().dict.contains_key(&**attr) =>
                        {
                            Some(func)
                        }
                        _ => None,
                    };
                    if let (Some(func), Some(at)) = (func, at) {
                        let mut locals = self.take_locals();
                        locals.extend(f.stack.drain(at..).map(Some));
                        locals.resize(func.code.nlocals().max(n as usize + 1), None);
                        self.call_site(code, pc);
                        let frame = self.frame_for(&func, locals);
                        let r = self.run_call(frame)?;
                        f.stack.push(r);
                        return Ok(());
                    }
                }
                let args = f.popn(n as usize);
                let this = f.pop();
                self.call_site(code, pc);
                let attr = &code.names[name as usize];
                let r = match self.call_method(this.clone(), attr, Args::new(args)) {
                    Ok(r) => r,
                    Err(Flow::Exc(e)) => {
                        exc::note_method_lookup(&e, &this, attr, code, pc);
                        return Err(Flow::Exc(e));
                    }
                    Err(other) => return Err(other),
                };
                f.stack.push(r);
            }
            Instr::CallKw(n, names) => {
                let Value::Tuple(names) = &code.consts[names as usize] else {
                    return Err(Flow::Unsupported("malformed keyword call".into()));
                };
                let mut args = f.popn(n as usize);
                let kwv = args.split_off(args.len().saturating_sub(names.len()));
                let kw = names
                    .iter()
                    .zip(kwv)
                    .map(|(k, v)| match k {
                        Value::Str(s) => (s.clone(), v),
                        _ => (Str::from(""), v),
                    })
                    .collect();
                let callee = f.pop();
                self.call_site(code, pc);
                let r = self.call(callee, Args { pos: args, kw })?;
                f.stack.push(r);
            }
            Instr::CallEx(has_kw) => {
                let kw = if has_kw { Some(f.pop()) } else { None };
                let pos = f.pop();
                let callee = f.pop();
                let pos = match pos {
                    Value::Tuple(t) => t.as_ref().clone(),
                    other => self.star_args(&callee, &other)?,
                };
                if let Some(k) = &kw
                    && !matches!(k, Value::Dict(_))
                {
                    let msg = format!(
                        "{}() argument after ** must be a mapping, not {}",
                        self.func_str(&callee),
                        self.type_name(k)
                    );
                    return Err(self.exc("TypeError", &msg));
                }
                let kw = match kw {
                    Some(Value::Dict(d)) => d
                        .lock()
                        .iter()
                        .map(|(k, v)| match &k.0 {
                            Value::Str(s) => Ok((s.clone(), v.clone())),
                            _ => Err(()),
                        })
                        .collect::<Result<Vec<_>, ()>>()
                        .map_err(|()| self.exc("TypeError", "keywords must be strings"))?,
                    _ => Vec::new(),
                };
                self.call_site(code, pc);
                let r = self.call(callee, Args { pos, kw })?;
                f.stack.push(r);
            }
            other => return Err(misrouted(other)),
        }
        Ok(())
    }
}

/// `list.append(x)`, `dict.get(k)` and `dict.get(k, default)` (key a str or an int) on
/// the value stack, whose receiver is at `at`: pops receiver and arguments and gives the
/// result, or `None` (stack untouched) for anything else.
#[inline(never)]
fn native_method_fast(stack: &mut Vec<Value>, at: usize, name: &str, n: u32) -> Option<Value> {
    match (&stack[at], name, n) {
        (Value::List(_), "append", 1) => {
            let x = stack.pop()?;
            if let Some(Value::List(l)) = stack.pop() {
                l.lock().push(x);
            }
            Some(Value::None)
        }
        (Value::Dict(_), "get", 1 | 2)
            if matches!(stack[at + 1], Value::Str(_) | Value::Int(_)) =>
        {
            let default = if n == 2 { stack.pop()? } else { Value::None };
            let k = Key(stack.pop()?);
            let Some(Value::Dict(d)) = stack.pop() else {
                return Some(Value::None);
            };
            let found = d.lock().get(&k).cloned();
            Some(found.unwrap_or(default))
        }
        _ => None,
    }
}
