//! Loads and stores of names other than fast locals: globals (through their inline
//! caches), the class namespace, cells and free variables.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::misrouted;
use crate::bytecode::{Code, Instr};
use crate::value::{Flow, Module, Str, Value, entry_at};
use crate::vm::{Frame, GROUPS_MODULE, Vm};

impl Vm<'_> {
    /// `LOAD_GLOBAL`, `STORE_GLOBAL`, `DELETE_GLOBAL`, `LOAD_NAME`, `STORE_NAME`,
    /// `DELETE_NAME`, `DELETE_FAST`, `LOAD_DEREF`, `STORE_DEREF`, `LOAD_CLOSURE`.
    pub(super) fn exec_names(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        ins: Instr,
    ) -> Result<(), Flow> {
        match ins {
            Instr::LoadGlobal(i) => {
                let v = self.load_global_cached(&f.globals, code, i)?;
                f.stack.push(v);
            }
            Instr::StoreGlobal(i) => {
                let v = f.pop();
                self.name_object(&v, &code.names[i as usize]);
                store_global_cached(&f.globals, code, i, v);
            }
            Instr::DeleteGlobal(i) => {
                let name = &code.names[i as usize];
                if f.globals.dict.lock().shift_remove(&**name).is_none() {
                    return Err(self.name_error(name));
                }
            }
            Instr::LoadName(i) => {
                let name = &code.names[i as usize];
                let v = match &f.ns {
                    None => self.load_global_cached(&f.globals, code, i)?,
                    Some(ns) => {
                        let found = ns.lock().get(&**name).cloned();
                        match found {
                            Some(v) => v,
                            None => self.load_global(&f.globals, name)?,
                        }
                    }
                };
                f.stack.push(v);
            }
            Instr::StoreName(i) => {
                let v = f.pop();
                self.name_object(&v, &code.names[i as usize]);
                match &f.ns {
                    Some(ns) => {
                        ns.lock().insert(code.names[i as usize].clone(), v);
                    }
                    None => store_global_cached(&f.globals, code, i, v),
                }
            }
            Instr::DeleteName(i) => {
                let name = &code.names[i as usize];
                let removed = match &f.ns {
                    Some(ns) => ns.lock().shift_remove(&**name),
                    None => f.globals.dict.lock().shift_remove(&**name),
                };
                if removed.is_none() {
                    return Err(self.name_error(name));
                }
            }
            Instr::DeleteFast(i) => {
                if f.locals[i as usize].take().is_none() {
                    return Err(self.unbound_local(&code.varnames[i as usize]));
                }
            }
            Instr::LoadDeref(i) => {
                let v = f.cells.get(i as usize).and_then(|c| c.lock().clone());
                match v {
                    Some(v) => f.stack.push(v),
                    None => {
                        let name = deref_name(code, i as usize);
                        let msg = format!(
                            "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
                        );
                        return Err(self.exc("NameError", &msg));
                    }
                }
            }
            Instr::StoreDeref(i) => {
                let v = f.pop();
                if let Some(c) = f.cells.get(i as usize) {
                    *c.lock() = Some(v);
                }
            }
            Instr::LoadClosure(i) => {
                let c = f.cells.get(i as usize).cloned();
                f.stack.push(c.map_or(Value::None, Value::Cell));
            }
            other => return Err(misrouted(other)),
        }
        Ok(())
    }

    /// `LOAD_GLOBAL` of `code.names[i]` through the name's inline cache: the name's index
    /// in the globals (checked against the key), or a builtin remembered with the version
    /// of the globals dict that did not have the name.
    #[inline]
    fn load_global_cached(&mut self, globals: &Module, code: &Code, i: u32) -> Result<Value, Flow> {
        let name = &code.names[i as usize];
        let Some(cache) = code.caches.get(i as usize) else {
            return self.load_global(globals, name);
        };
        {
            let g = globals.dict.lock();
            let hint = cache.global_idx.load(Ordering::Relaxed) as usize;
            if let Some(v) = entry_at(&g, hint, name) {
                return Ok(v.clone());
            }
            // Read under the lock: the version of the state looked at.
            let version = globals.dict.version();
            if let Some((cached, v)) = &*cache.builtin.lock()
                && *cached == version
            {
                return Ok(v.clone());
            }
            if let Some((idx, _, v)) = g.get_full(&**name) {
                cache.global_idx.store(idx as u32, Ordering::Relaxed);
                return Ok(v.clone());
            }
            if let Some(v) = self.interp.builtins.get(&**name) {
                *cache.builtin.lock() = Some((version, v.clone()));
                return Ok(v.clone());
            }
        }
        self.late_builtin(name)
    }

    /// A global or builtin by name, without a cache (a class body's fallback).
    fn load_global(&mut self, globals: &Module, name: &Str) -> Result<Value, Flow> {
        // Look up by `Str`: equal names compiled together share one allocation, so the
        // comparison is usually a pointer check.
        if let Some(v) = globals.dict.lock().get(name) {
            return Ok(v.clone());
        }
        match self.interp.builtins.get(name) {
            Some(v) => Ok(v.clone()),
            None => self.late_builtin(name),
        }
    }

    /// A built-in name not in the builtins table: `ExceptionGroup` and
    /// `BaseExceptionGroup` come from their module the first time a program names them.
    fn late_builtin(&mut self, name: &str) -> Result<Value, Flow> {
        if name == "ExceptionGroup" || name == "BaseExceptionGroup" {
            let module = self.import(GROUPS_MODULE)?;
            return self.get_attr(&module, name);
        }
        Err(self.name_error(name))
    }

    /// CPython's `NameError` for `name`, with its `name` attribute set.
    fn name_error(&mut self, name: &str) -> Flow {
        let msg = format!("name '{name}' is not defined");
        let e = self.exc("NameError", &msg);
        if let Flow::Exc(Value::Instance(i)) = &e {
            i.set("name", Value::str(name));
        }
        e
    }
}

/// `STORE_GLOBAL` (or `STORE_NAME` at module level) of `code.names[i]`: in place at the
/// index the name's cache remembers when the key there is the name (no hashing), else an
/// insert that remembers the index. The old value is dropped after the lock is released.
#[inline]
fn store_global_cached(globals: &Module, code: &Code, i: u32, v: Value) {
    let name = &code.names[i as usize];
    let Some(cache) = code.caches.get(i as usize) else {
        globals.dict.lock().insert(name.clone(), v);
        return;
    };
    let mut g = globals.dict.lock();
    let hint = cache.global_idx.load(Ordering::Relaxed) as usize;
    let old = if entry_at(&g, hint, name).is_some() {
        g.get_index_mut(hint)
            .map(|(_, slot)| std::mem::replace(slot, v))
    } else {
        let (idx, old) = g.insert_full(name.clone(), v);
        cache.global_idx.store(idx as u32, Ordering::Relaxed);
        old
    };
    drop(g);
    drop(old);
}

/// The name of cell or free variable `i` (cells first, then free variables).
fn deref_name(code: &Code, i: usize) -> Str {
    code.cellvars
        .get(i)
        .or_else(|| code.freevars.get(i - code.cellvars.len().min(i)))
        .cloned()
        .unwrap_or_else(|| Str::from("?"))
}
