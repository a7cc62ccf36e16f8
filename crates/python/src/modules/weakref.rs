//! The natives under `weakref` (weakref.py): a handle that refers to an object without
//! keeping it alive. gilscope frees an object when its last reference goes, as CPython's
//! reference counting does, so a handle's object is gone exactly when CPython's would be
//! (cycles aside, which CPython's collector frees later and gilscope never).

use std::sync::{Arc, Weak};

use crate::value::{Args, Class, Flow, Fork, Function, Instance, Module, NativeObject, Value};
use crate::vm::Vm;

/// What a weak handle refers to.
#[derive(Debug)]
enum Target {
    Instance(Weak<Instance>),
    Function(Weak<Function>),
    Class(Weak<Class>),
    Module(Weak<Module>),
}

/// A weak reference to an instance, function, class or module.
#[derive(Debug)]
pub struct WeakHandle(Target);

impl WeakHandle {
    fn get(&self) -> Option<Value> {
        Some(match &self.0 {
            Target::Instance(w) => Value::Instance(w.upgrade()?),
            Target::Function(w) => Value::Function(w.upgrade()?),
            Target::Class(w) => Value::Class(w.upgrade()?),
            Target::Module(w) => Value::Module(w.upgrade()?),
        })
    }

    fn of(v: &Value) -> Option<WeakHandle> {
        Some(WeakHandle(match v {
            Value::Instance(a) => Target::Instance(Arc::downgrade(a)),
            Value::Function(a) => Target::Function(Arc::downgrade(a)),
            Value::Class(a) => Target::Class(Arc::downgrade(a)),
            Value::Module(a) => Target::Module(Arc::downgrade(a)),
            _ => return None,
        }))
    }
}

impl NativeObject for WeakHandle {
    fn type_name(&self) -> &'static str {
        "weakhandle"
    }

    fn fork(&self, _this: &Value, fork: &mut dyn Fork) -> Value {
        // The child's handle refers to the child's copy of the object, if it still lives.
        let copy = self.get().map(|v| fork.copy(&v));
        match copy.as_ref().and_then(WeakHandle::of) {
            Some(h) => Value::native(h),
            None => Value::native(WeakHandle(Target::Module(Weak::new()))),
        }
    }
}

/// `_gilscope.weak_new(obj)`: a handle to `obj`, or CPython's TypeError for the types
/// that cannot be weakly referenced.
pub fn weak_new(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let obj = args.pos.first().cloned().unwrap_or(Value::None);
    match WeakHandle::of(&obj) {
        Some(h) => Ok(Value::native(h)),
        None => {
            let msg = format!(
                "cannot create weak reference to '{}' object",
                vm.type_name(&obj)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}

/// `_gilscope.weak_get(handle)`: the object, or None once it is gone.
pub fn weak_get(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    Ok(args
        .pos
        .first()
        .and_then(|h| h.downcast::<WeakHandle>())
        .and_then(WeakHandle::get)
        .unwrap_or(Value::None))
}
