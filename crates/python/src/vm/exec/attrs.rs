//! Attributes and subscripts: `obj.name` (through the inline caches for instances),
//! `obj[key]`, and their stores and deletes.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::misrouted;
use crate::bytecode::{Code, Instr, NameCache};
use crate::value::{Class, Flow, TypeKind, Value, class_epoch, entry_at};
use crate::vm::{Frame, Vm};

impl Vm<'_> {
    /// `LOAD_ATTR`, `STORE_ATTR`, `DELETE_ATTR`, `BINARY_SUBSCR`, `STORE_SUBSCR`,
    /// `DELETE_SUBSCR`.
    pub(super) fn exec_attrs(
        &mut self,
        f: &mut Frame,
        code: &Arc<Code>,
        ins: Instr,
    ) -> Result<(), Flow> {
        match ins {
            Instr::LoadAttr(i) => {
                let obj = f.pop();
                let v = self.load_attr_cached(&obj, code, i)?;
                f.stack.push(v);
            }
            Instr::StoreAttr(i) => {
                let obj = f.pop();
                let v = f.pop();
                self.name_object(&v, &code.names[i as usize]);
                self.store_attr_cached(&obj, code, i, v)?;
            }
            Instr::DeleteAttr(i) => {
                let obj = f.pop();
                self.del_attr(&obj, &code.names[i as usize])?;
            }
            Instr::BinarySubscr => {
                let idx = f.pop();
                let obj = f.pop();
                let v = self.getitem(&obj, &idx)?;
                f.stack.push(v);
            }
            Instr::StoreSubscr => {
                let idx = f.pop();
                let obj = f.pop();
                let v = f.pop();
                self.setitem(&obj, idx, v)?;
            }
            Instr::DeleteSubscr => {
                let idx = f.pop();
                let obj = f.pop();
                self.delitem(&obj, &idx)?;
            }
            other => return Err(misrouted(other)),
        }
        Ok(())
    }

    /// `cls.lookup(name)` through the inline cache of the name (valid while no class
    /// namespace has changed).
    #[inline]
    pub(super) fn class_lookup_cached(
        cache: &NameCache,
        cls: &Arc<Class>,
        name: &str,
    ) -> Option<Value> {
        let epoch = class_epoch();
        if let Some((c, e, v)) = &*cache.load.lock()
            && *e == epoch
            && std::ptr::eq(c.as_ptr(), Arc::as_ptr(cls))
        {
            return v.clone();
        }
        let v = cls.lookup(name);
        *cache.load.lock() = Some((Arc::downgrade(cls), epoch, v.clone()));
        v
    }

    /// `obj.name` (`code.names[i]`): an instance's own attribute or a method of its class
    /// through the inline caches, anything else by [`Vm::get_attr`].
    #[inline]
    fn load_attr_cached(&mut self, obj: &Value, code: &Code, i: u32) -> Result<Value, Flow> {
        let name = &code.names[i as usize];
        if let Value::Instance(inst) = obj
            && let Some(cache) = code.caches.get(i as usize)
        {
            match Self::class_lookup_cached(cache, &inst.class, name) {
                None => {
                    let st = inst.state.lock();
                    let hint = cache.inst_idx.load(Ordering::Relaxed) as usize;
                    if let Some(v) = entry_at(&st.dict, hint, name) {
                        return Ok(v.clone());
                    }
                    if let Some((idx, _, v)) = st.dict.get_full(&**name) {
                        cache.inst_idx.store(idx as u32, Ordering::Relaxed);
                        return Ok(v.clone());
                    }
                }
                Some(func @ Value::Function(_)) => {
                    if !inst.state.lock().dict.contains_key(&**name) {
                        return Ok(Self::bind_method(obj.clone(), func));
                    }
                }
                Some(_) => {}
            }
        }
        self.get_attr(obj, name)
    }

    /// `obj.name = v` (`code.names[i]`): a plain write to an instance's dict through the
    /// inline caches when the class has no property of that name, no `__setattr__` and is
    /// not a thread, anything else by [`Vm::set_attr`].
    #[inline]
    fn store_attr_cached(
        &mut self,
        obj: &Value,
        code: &Code,
        i: u32,
        v: Value,
    ) -> Result<(), Flow> {
        let name = &code.names[i as usize];
        if let Value::Instance(inst) = obj
            && let Some(cache) = code.caches.get(i as usize)
        {
            let epoch = class_epoch();
            let cls = &inst.class;
            let cached = match &*cache.store.lock() {
                Some((c, e, plain))
                    if *e == epoch && std::ptr::eq(c.as_ptr(), Arc::as_ptr(cls)) =>
                {
                    Some(*plain)
                }
                _ => None,
            };
            let plain = match cached {
                Some(p) => p,
                None => {
                    let plain = !matches!(cls.lookup(name), Some(Value::Property(_)))
                        && !matches!(cls.lookup("__setattr__"), Some(sa) if !crate::vm::attr::is_object_setattr(&sa))
                        && cls.kind != TypeKind::Thread
                        && !matches!(
                            &**name,
                            "__cause__" | "__context__" | "__suppress_context__"
                        );
                    *cache.store.lock() = Some((Arc::downgrade(cls), epoch, plain));
                    plain
                }
            };
            if plain {
                let mut st = inst.state.lock();
                let hint = cache.inst_idx.load(Ordering::Relaxed) as usize;
                if entry_at(&st.dict, hint, name).is_some() {
                    if let Some((_, slot)) = st.dict.get_index_mut(hint) {
                        *slot = v;
                    }
                    return Ok(());
                }
                match st.dict.get_full_mut(&**name) {
                    Some((idx, _, slot)) => {
                        *slot = v;
                        cache.inst_idx.store(idx as u32, Ordering::Relaxed);
                    }
                    None => {
                        st.dict.insert(name.clone(), v);
                    }
                }
                return Ok(());
            }
        }
        self.set_attr(obj, name, v)
    }
}
