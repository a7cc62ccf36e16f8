//! Building containers and strings (tuples, lists, sets, dicts, slices, f-strings, the
//! appends of comprehensions) and unpacking them into the stack.

use std::sync::Arc;

use parking_lot::Mutex;

use super::misrouted;
use crate::bytecode::Instr;
use crate::format::ascii;
use crate::value::{Dict, Flow, Set, Value};
use crate::vm::{C_ITEM, Frame, Vm};

impl Vm<'_> {
    /// `BUILD_*`, `LIST_APPEND`, `SET_ADD`, `SET_UPDATE`, `MAP_ADD`, `LIST_EXTEND`,
    /// `DICT_UPDATE`, `LIST_TO_TUPLE`, `FORMAT_VALUE`, `UNPACK_SEQUENCE`, `UNPACK_EX`.
    #[inline(never)]
    pub(super) fn exec_containers(&mut self, f: &mut Frame, ins: Instr) -> Result<(), Flow> {
        match ins {
            Instr::BuildTuple(n) => {
                let v = f.popn(n as usize);
                f.stack.push(Value::tuple(v));
            }
            Instr::BuildList(n) => {
                let v = f.popn(n as usize);
                f.stack.push(Value::list(v));
            }
            Instr::BuildSet(n) => {
                let v = f.popn(n as usize);
                let mut s = Set::default();
                for x in v {
                    s.insert(self.key(x)?);
                }
                f.stack.push(Value::Set(Arc::new(Mutex::new(s))));
            }
            Instr::BuildMap(n) => {
                let v = f.popn(2 * n as usize);
                let mut d = Dict::default();
                let mut it = v.into_iter();
                while let (Some(k), Some(x)) = (it.next(), it.next()) {
                    d.insert(self.key(k)?, x);
                }
                f.stack.push(Value::dict(d));
            }
            Instr::BuildSlice(n) => {
                let step = if n == 3 { f.pop() } else { Value::None };
                let stop = f.pop();
                let start = f.pop();
                f.stack.push(Value::Slice(Arc::new([start, stop, step])));
            }
            Instr::BuildString(n) => {
                let parts = f.popn(n as usize);
                let mut s = String::new();
                for p in parts {
                    if let Value::Str(x) = p {
                        s.push_str(&x);
                    }
                }
                f.stack.push(Value::str(&s));
            }
            Instr::ListAppend(n) => {
                let v = f.pop();
                if let Value::List(l) = f.peek(n as usize) {
                    l.lock().push(v);
                }
            }
            Instr::SetAdd(n) => {
                let v = f.pop();
                let k = self.key(v)?;
                if let Value::Set(s) = f.peek(n as usize) {
                    s.lock().insert(k);
                }
            }
            Instr::SetUpdate(n) => {
                let v = f.pop();
                let items = self.to_vec(&v)?;
                let mut keys = Vec::with_capacity(items.len());
                for x in items {
                    keys.push(self.key(x)?);
                }
                if let Value::Set(s) = f.peek(n as usize) {
                    s.lock().extend(keys);
                }
            }
            Instr::MapAdd(n) => {
                let v = f.pop();
                let k = f.pop();
                let k = self.key(k)?;
                if let Value::Dict(d) = f.peek(n as usize) {
                    d.lock().insert(k, v);
                }
            }
            Instr::ListExtend(n) => {
                let v = f.pop();
                let items = self.to_vec(&v).map_err(|e| match e {
                    Flow::Exc(x) if self.is_exc(&x, "TypeError") => {
                        let msg = format!(
                            "Value after * must be an iterable, not {}",
                            self.type_name(&v)
                        );
                        self.exc("TypeError", &msg)
                    }
                    other => other,
                })?;
                if let Value::List(l) = f.peek(n as usize) {
                    l.lock().extend(items);
                }
            }
            Instr::DictUpdate(n) => {
                let v = f.pop();
                // `{**m}`: a dict, a dict subclass or any mapping (vm/ops.rs).
                let items = self.dict_items(&v)?;
                if let Value::Dict(d) = f.peek(n as usize) {
                    d.lock().extend(items);
                }
            }
            Instr::ListToTuple => {
                let v = f.pop();
                let items = match &v {
                    Value::List(l) => l.lock().clone(),
                    _ => Vec::new(),
                };
                f.stack.push(Value::tuple(items));
            }
            Instr::FormatValue(conv, has_spec) => {
                let spec = if has_spec { Some(f.pop()) } else { None };
                let v = f.pop();
                let v = match conv {
                    1 => Value::str(&self.to_str(&v)?),
                    2 => Value::str(&self.repr(&v)?),
                    3 => Value::str(&ascii(&self.repr(&v)?)),
                    _ => v,
                };
                let spec = match &spec {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                let s = self.format(&v, &spec)?;
                f.stack.push(Value::str(&s));
            }
            Instr::UnpackSequence(n) => {
                let v = f.pop();
                // A tuple or list of the right length goes onto the stack straight from
                // its items, without the copy `to_vec` makes (same simulated cost).
                let done = match &v {
                    Value::Tuple(t) if t.len() == n as usize => {
                        f.stack.extend(t.iter().rev().cloned());
                        true
                    }
                    Value::List(l) => {
                        let g = l.lock();
                        let fits = g.len() == n as usize;
                        if fits {
                            f.stack.extend(g.iter().rev().cloned());
                        }
                        fits
                    }
                    _ => false,
                };
                if done {
                    self.ctx.elapse(u64::from(n) * C_ITEM);
                    return Ok(());
                }
                let items = self.to_vec(&v)?;
                if items.len() != n as usize {
                    return Err(self.unpack_error(n as usize, items.len()));
                }
                f.stack.extend(items.into_iter().rev());
            }
            Instr::UnpackEx(before, after) => {
                let v = f.pop();
                let mut items = self.to_vec(&v)?;
                let (b, a) = (before as usize, after as usize);
                if items.len() < b + a {
                    let msg = format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        b + a,
                        items.len()
                    );
                    return Err(self.exc("ValueError", &msg));
                }
                let tail = items.split_off(items.len() - a);
                let mid = items.split_off(b);
                for x in tail.into_iter().rev() {
                    f.stack.push(x);
                }
                f.stack.push(Value::list(mid));
                for x in items.into_iter().rev() {
                    f.stack.push(x);
                }
            }
            other => return Err(misrouted(other)),
        }
        Ok(())
    }

    /// CPython's `ValueError` when unpacking gives `got` values where `want` were wanted.
    fn unpack_error(&mut self, want: usize, got: usize) -> Flow {
        let msg = if got > want {
            format!("too many values to unpack (expected {want})")
        } else {
            format!("not enough values to unpack (expected {want}, got {got})")
        };
        self.exc("ValueError", &msg)
    }
}
