//! Python values. Immutable values are plain data or `Arc`s; mutable containers sit behind a
//! `parking_lot::Mutex` (only one simulated thread runs at a time, so the locks are never
//! contended; they are never held across a call back into Python or into the engine).

use std::any::Any;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use indexmap::{IndexMap, IndexSet};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use parking_lot::Mutex;
use rustc_hash::FxHasher;

use gilscope_engine::{Ctx, Halt};

mod dict;
pub use dict::Dict;
use gilscope_trace::{ObjId, Tid};

/// The types of the layers above that values hold: a function's code, a suspended
/// generator's frame, the VM a native function runs on. The VM binds them (`vm/mod.rs`),
/// so that values, at the bottom of the crate, name no type of the bytecode, the VM or the
/// modules; the compiler resolves the binding, so using them costs nothing.
pub trait Runtime {
    /// A code object.
    type Code: std::fmt::Debug + Send + Sync;
    /// A suspended frame (a generator's).
    type Frame: std::fmt::Debug + Send;
    /// One simulated thread's interpreter, for the lifetime of its engine handle.
    type Vm<'c>;
}

/// The crate's [`Runtime`]: the one the VM binds.
pub enum Rt {}

/// A code object (bytecode, constants, names).
pub type Code = <Rt as Runtime>::Code;
/// A suspended frame.
pub type Frame = <Rt as Runtime>::Frame;
/// One simulated thread's interpreter.
pub type Vm<'c> = <Rt as Runtime>::Vm<'c>;

/// Why Python execution stopped early.
#[derive(Debug)]
pub enum Flow {
    /// A Python exception (an instance of a `BaseException` subclass) is propagating.
    Exc(Value),
    /// The engine is tearing the run down: unwind without running Python code.
    Halt,
    /// The program used something gilscope does not support (message with its position).
    Unsupported(String),
}

impl From<Halt> for Flow {
    fn from(_: Halt) -> Self {
        Flow::Halt
    }
}

/// Deterministic hasher for every map of the VM.
pub type Fx = BuildHasherDefault<FxHasher>;
/// An immutable string (a thin pointer, so that a [`Value`] stays 16 bytes).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Str(Arc<Box<str>>);

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(Arc::new(Box::from(s)))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(Arc::new(s.into_boxed_str()))
    }
}

impl std::fmt::Display for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl Str {
    /// Whether two strings are the same object.
    pub fn ptr_eq(a: &Str, b: &Str) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The address of the string object.
    pub fn addr(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}
/// An insertion-ordered map of names (namespaces, instance dicts).
pub type NameMap = IndexMap<Str, Value, Fx>;

/// Source of dict versions: every [`VDict`] state has a number no other state of any
/// `VDict` ever had (as CPython's `ma_version_tag`).
static NEXT_VERSION: AtomicU64 = AtomicU64::new(1);
/// Bumped whenever any class namespace may change: a class attribute lookup cached at one
/// epoch is valid while the epoch is unchanged (the MRO of a class never changes).
static CLASS_EPOCH: AtomicU64 = AtomicU64::new(1);

/// The current class epoch (see [`VDict`]).
#[inline]
pub fn class_epoch() -> u64 {
    CLASS_EPOCH.load(Ordering::Acquire)
}

/// A namespace (module globals, class dict) with a version that changes whenever it may
/// have been written: the inline caches of the VM compare versions instead of hashing the
/// name. Locking works as a `Mutex<NameMap>`; any mutable access through the guard takes
/// a new version (before the write, inside the lock), so a cache filled from an older
/// state never matches again. Host time only: caches never change what a program sees.
#[derive(Debug)]
pub struct VDict {
    map: Mutex<NameMap>,
    version: AtomicU64,
    class: bool,
}

impl VDict {
    /// A module namespace.
    pub fn new(map: NameMap) -> VDict {
        VDict {
            map: Mutex::new(map),
            version: AtomicU64::new(NEXT_VERSION.fetch_add(1, Ordering::AcqRel)),
            class: false,
        }
    }

    /// A class namespace: writes also advance the class epoch.
    pub fn new_class(map: NameMap) -> VDict {
        VDict {
            class: true,
            ..VDict::new(map)
        }
    }

    /// Locks the namespace.
    #[inline]
    pub fn lock(&self) -> VGuard<'_> {
        VGuard {
            guard: self.map.lock(),
            owner: self,
        }
    }

    /// The current version (unique among all states of all namespaces).
    #[inline]
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    #[inline]
    fn bump(&self) {
        self.version.store(
            NEXT_VERSION.fetch_add(1, Ordering::AcqRel),
            Ordering::Release,
        );
        if self.class {
            CLASS_EPOCH.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// A locked [`VDict`]: reads are free, a mutable access takes a new version.
pub struct VGuard<'a> {
    guard: parking_lot::MutexGuard<'a, NameMap>,
    owner: &'a VDict,
}

impl std::ops::Deref for VGuard<'_> {
    type Target = NameMap;
    #[inline]
    fn deref(&self) -> &NameMap {
        &self.guard
    }
}

impl std::ops::DerefMut for VGuard<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut NameMap {
        self.owner.bump();
        &mut self.guard
    }
}

/// Whether the key at `idx` of `map` is `name` (an index remembered by an inline cache is
/// only a hint: it is checked against the key every time).
#[inline]
pub fn entry_at<'m>(map: &'m NameMap, idx: usize, name: &str) -> Option<&'m Value> {
    let (k, v) = map.get_index(idx)?;
    let ks: &str = k;
    (std::ptr::eq(ks.as_ptr(), name.as_ptr()) && ks.len() == name.len() || ks == name).then_some(v)
}

/// A Python value.
#[derive(Clone, Debug)]
pub enum Value {
    /// `None`.
    None,
    /// `NotImplemented`.
    NotImplemented,
    /// `...`.
    Ellipsis,
    /// `True` / `False`.
    Bool(bool),
    /// A small int (the fast path).
    Int(i64),
    /// An int that does not fit in 64 bits.
    BigInt(Arc<BigInt>),
    /// A float.
    Float(f64),
    /// A str.
    Str(Str),
    /// A bytes object.
    Bytes(Arc<Vec<u8>>),
    /// A tuple.
    Tuple(Arc<Vec<Value>>),
    /// A list.
    List(Arc<Mutex<Vec<Value>>>),
    /// A dict.
    Dict(Arc<Mutex<Dict>>),
    /// A set.
    Set(Arc<Mutex<Set>>),
    /// A frozenset.
    FrozenSet(Arc<Set>),
    /// A range.
    Range(Arc<RangeObj>),
    /// A slice.
    Slice(Arc<[Value; 3]>),
    /// A Python function.
    Function(Arc<Function>),
    /// A built-in function.
    Builtin(Arc<Builtin>),
    /// A bound method.
    Method(Arc<Method>),
    /// A class (user-defined or built-in type).
    Class(Arc<Class>),
    /// An instance of a user-defined class (or of a subclassable built-in like Exception).
    Instance(Arc<Instance>),
    /// A module.
    Module(Arc<Module>),
    /// An iterator over a built-in container.
    Iter(Arc<Mutex<Iter>>),
    /// A generator.
    Generator(Arc<Generator>),
    /// A native object (lock, event, queue...).
    Native(Arc<Native>),
    /// `property(fget, fset)`.
    Property(Arc<[Value; 2]>),
    /// `staticmethod(f)`.
    StaticMethod(Arc<Value>),
    /// `classmethod(f)`.
    ClassMethod(Arc<Value>),
    /// `super(cls, obj)`.
    Super(Arc<(Arc<Class>, Value)>),
    /// A code object (compiler constant).
    Code(Arc<Code>),
    /// A cell (only on the stack while a closure is built).
    Cell(Arc<Cell>),
}

/// A closure cell.
pub type Cell = Mutex<Option<Value>>;

impl Value {
    /// A str value.
    pub fn str(s: &str) -> Value {
        Value::Str(Str::from(s))
    }

    /// A list value.
    pub fn list(v: Vec<Value>) -> Value {
        Value::List(Arc::new(Mutex::new(v)))
    }

    /// A tuple value.
    pub fn tuple(v: Vec<Value>) -> Value {
        Value::Tuple(Arc::new(v))
    }

    /// A dict value.
    pub fn dict(d: Dict) -> Value {
        Value::Dict(Arc::new(Mutex::new(d)))
    }

    /// An int from a big integer, normalised to the small form when it fits.
    pub fn from_big(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::BigInt(Arc::new(b)),
        }
    }

    /// Identity (`is`).
    pub fn is(&self, other: &Value) -> bool {
        use Value as V;
        match (self, other) {
            (V::None, V::None) | (V::NotImplemented, V::NotImplemented) => true,
            (V::Ellipsis, V::Ellipsis) => true,
            (V::Bool(a), V::Bool(b)) => a == b,
            (V::Int(a), V::Int(b)) => a == b,
            (V::Float(a), V::Float(b)) => a.to_bits() == b.to_bits(),
            (V::Str(a), V::Str(b)) => Str::ptr_eq(a, b) || a == b,
            (V::BigInt(a), V::BigInt(b)) => Arc::ptr_eq(a, b),
            (V::Bytes(a), V::Bytes(b)) => Arc::ptr_eq(a, b) || (a.is_empty() && b.is_empty()),
            (V::Tuple(a), V::Tuple(b)) => Arc::ptr_eq(a, b) || (a.is_empty() && b.is_empty()),
            (V::List(a), V::List(b)) => Arc::ptr_eq(a, b),
            (V::Dict(a), V::Dict(b)) => Arc::ptr_eq(a, b),
            (V::Set(a), V::Set(b)) => Arc::ptr_eq(a, b),
            (V::FrozenSet(a), V::FrozenSet(b)) => Arc::ptr_eq(a, b),
            (V::Range(a), V::Range(b)) => Arc::ptr_eq(a, b),
            (V::Function(a), V::Function(b)) => Arc::ptr_eq(a, b),
            (V::Builtin(a), V::Builtin(b)) => Arc::ptr_eq(a, b),
            (V::Method(a), V::Method(b)) => Arc::ptr_eq(a, b),
            (V::Class(a), V::Class(b)) => Arc::ptr_eq(a, b),
            (V::Instance(a), V::Instance(b)) => Arc::ptr_eq(a, b),
            (V::Module(a), V::Module(b)) => Arc::ptr_eq(a, b),
            (V::Iter(a), V::Iter(b)) => Arc::ptr_eq(a, b),
            (V::Generator(a), V::Generator(b)) => Arc::ptr_eq(a, b),
            (V::Native(a), V::Native(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// A stable address-like number for `id()` and default reprs.
    pub fn address(&self) -> usize {
        use Value as V;
        let p: usize = match self {
            V::None => 0x9d_f420,
            V::NotImplemented => 0x9d_f440,
            V::Ellipsis => 0x9d_f460,
            V::Bool(b) => 0x9d_f480 + usize::from(*b) * 32,
            V::Int(i) => 0x7f00_0000_0000usize.wrapping_add((*i as usize).wrapping_mul(32)),
            V::Float(f) => f.to_bits() as usize,
            V::BigInt(a) => Arc::as_ptr(a) as usize,
            V::Str(a) => a.addr(),
            V::Bytes(a) => Arc::as_ptr(a) as *const u8 as usize,
            V::Tuple(a) => Arc::as_ptr(a) as usize,
            V::List(a) => Arc::as_ptr(a) as usize,
            V::Dict(a) => Arc::as_ptr(a) as usize,
            V::Set(a) => Arc::as_ptr(a) as usize,
            V::FrozenSet(a) => Arc::as_ptr(a) as usize,
            V::Range(a) => Arc::as_ptr(a) as usize,
            V::Slice(a) => Arc::as_ptr(a) as usize,
            V::Function(a) => Arc::as_ptr(a) as usize,
            V::Builtin(a) => Arc::as_ptr(a) as usize,
            V::Method(a) => Arc::as_ptr(a) as usize,
            V::Class(a) => Arc::as_ptr(a) as usize,
            V::Instance(a) => Arc::as_ptr(a) as usize,
            V::Module(a) => Arc::as_ptr(a) as usize,
            V::Iter(a) => Arc::as_ptr(a) as usize,
            V::Generator(a) => Arc::as_ptr(a) as usize,
            V::Native(a) => Arc::as_ptr(a) as usize,
            V::Property(a) => Arc::as_ptr(a) as usize,
            V::StaticMethod(a) | V::ClassMethod(a) => Arc::as_ptr(a) as usize,
            V::Super(a) => Arc::as_ptr(a) as usize,
            V::Code(a) => Arc::as_ptr(a) as usize,
            V::Cell(a) => Arc::as_ptr(a) as usize,
        };
        p
    }
}

/// A dict key: a hashable value with Python's equality (`1 == 1.0 == True`).
#[derive(Clone, Debug)]
pub struct Key(pub Value);

impl Key {
    fn hash_value(v: &Value, state: &mut impl Hasher) {
        match v {
            Value::None => 0u8.hash(state),
            Value::Bool(b) => i64::from(*b).hash(state),
            Value::Int(i) => i.hash(state),
            Value::BigInt(b) => b.hash(state),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    (*f as i64).hash(state);
                } else {
                    f.to_bits().hash(state);
                }
            }
            Value::Str(s) => s.hash(state),
            Value::Bytes(b) => b.hash(state),
            Value::Tuple(t) => {
                t.len().hash(state);
                for x in t.iter() {
                    Self::hash_value(x, state);
                }
            }
            Value::FrozenSet(s) => {
                // Order-independent: xor of element hashes.
                let mut acc = 0u64;
                for k in s.iter() {
                    let mut h = FxHasher::default();
                    k.hash(&mut h);
                    acc ^= h.finish();
                }
                acc.hash(state);
            }
            Value::Instance(i) => match i.immutable_base() {
                Some(b) => Self::hash_value(&b, state),
                None => v.address().hash(state),
            },
            other => other.address().hash(state),
        }
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Key::hash_value(&self.0, state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

/// Equality of hashable values as dict keys.
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value as V;
    match (a, b) {
        (V::Int(x), V::Int(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Bytes(x), V::Bytes(y)) => x == y,
        (V::None, V::None) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Bool(x), V::Int(y)) | (V::Int(y), V::Bool(x)) => i64::from(*x) == *y,
        (V::Float(x), V::Float(y)) => x == y,
        (V::Int(x), V::Float(y)) | (V::Float(y), V::Int(x)) => (*x as f64) == *y,
        (V::Bool(x), V::Float(y)) | (V::Float(y), V::Bool(x)) => f64::from(u8::from(*x)) == *y,
        (V::BigInt(x), V::BigInt(y)) => x == y,
        (V::Tuple(x), V::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| key_eq(p, q))
        }
        (V::FrozenSet(x), V::FrozenSet(y)) => x.len() == y.len() && x.iter().all(|k| y.contains(k)),
        (V::Instance(i), other) | (other, V::Instance(i)) if !a.is(b) => match i.immutable_base() {
            Some(base) => key_eq(&base, other),
            None => false,
        },
        _ => a.is(b),
    }
}

/// The built-in value `v` stands for: an instance's base value, or `v` itself (a plain
/// built-in value, as when `list.__len__([1])` is called on one).
pub fn base_value(v: &Value) -> Value {
    match v {
        Value::Instance(i) => i.state.lock().base.clone().unwrap_or_else(|| v.clone()),
        _ => v.clone(),
    }
}

/// A set's storage.
pub type Set = IndexSet<Key, Fx>;

/// `range(start, stop, step)`.
#[derive(Clone, Copy, Debug)]
pub struct RangeObj {
    /// First value.
    pub start: i64,
    /// Bound (excluded).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl RangeObj {
    /// Number of values.
    pub fn len(&self) -> i64 {
        if self.step > 0 && self.start < self.stop {
            (self.stop - self.start - 1) / self.step + 1
        } else if self.step < 0 && self.start > self.stop {
            (self.start - self.stop - 1) / (-self.step) + 1
        } else {
            0
        }
    }

    /// Whether it yields nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A Python function.
#[derive(Debug)]
pub struct Function {
    /// Its code.
    pub code: Arc<Code>,
    /// Its module's globals.
    pub globals: Arc<Module>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Value>,
    /// Defaults of keyword-only parameters.
    pub kwdefaults: Vec<(Str, Value)>,
    /// Cells of its free variables.
    pub closure: Vec<Arc<Cell>>,
    /// `__name__` (may be reassigned by decorators such as functools.wraps; kept simple).
    pub name: Str,
    /// `__qualname__`.
    pub qualname: Str,
    /// Attributes set on the function object.
    pub dict: Mutex<NameMap>,
}

/// Call arguments of a native function: positional values and keywords.
#[derive(Debug, Default)]
pub struct Args {
    /// Positional arguments.
    pub pos: Vec<Value>,
    /// Keyword arguments, in call order.
    pub kw: Vec<(Str, Value)>,
}

impl Args {
    /// Positional arguments only.
    pub fn new(pos: Vec<Value>) -> Self {
        Args {
            pos,
            kw: Vec::new(),
        }
    }

    /// Removes and returns keyword `name`.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| &**k == name)?;
        Some(self.kw.remove(i).1)
    }
}

/// The string-keyed items of a dict (keyword arguments); anything else gives none.
pub fn str_keyed(d: &Value) -> Vec<(Str, Value)> {
    match d {
        Value::Dict(d) => d
            .lock()
            .iter()
            .filter_map(|(k, v)| match &k.0 {
                Value::Str(s) => Some((s.clone(), v.clone())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A native function's signature.
pub type NativeFn = fn(&mut Vm<'_>, Args) -> Result<Value, Flow>;

/// A built-in function or method.
#[derive(Debug)]
pub struct Builtin {
    /// Its name (`print`, `sleep`).
    pub name: &'static str,
    /// Module or type it belongs to, for reprs (`time`, `list`).
    pub owner: &'static str,
    /// The implementation.
    pub f: NativeFn,
    /// The object it is bound to (receives it as the first argument).
    pub bound: Option<Value>,
}

/// What a bound method calls.
#[derive(Debug, Clone)]
pub enum MethodFunc {
    /// A Python function or other callable, called with self first.
    Callable(Value),
    /// A method of a built-in type, looked up by name.
    Native(Str),
}

/// A bound method.
#[derive(Debug)]
pub struct Method {
    /// The object it is bound to.
    pub this: Value,
    /// What it calls.
    pub func: MethodFunc,
}

/// Built-in types that classes can stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    /// A class defined in Python.
    User,
    /// `object`.
    Object,
    /// `type`.
    Type,
    /// `NoneType`.
    NoneType,
    /// `bool`.
    Bool,
    /// `int`.
    Int,
    /// `float`.
    Float,
    /// `str`.
    Str,
    /// `bytes`.
    Bytes,
    /// `tuple`.
    Tuple,
    /// `list`.
    List,
    /// `dict`.
    Dict,
    /// `set`.
    Set,
    /// `frozenset`.
    FrozenSet,
    /// `range`.
    Range,
    /// `slice`.
    Slice,
    /// `function`.
    Function,
    /// `builtin_function_or_method`.
    BuiltinFunction,
    /// `method`.
    Method,
    /// `module`.
    Module,
    /// iterators.
    Iterator,
    /// `generator`.
    Generator,
    /// `property`.
    Property,
    /// `staticmethod`.
    StaticMethod,
    /// `classmethod`.
    ClassMethod,
    /// `super`.
    Super,
    /// `BaseException` and its built-in subclasses.
    Exception,
    /// `threading.Thread`.
    Thread,
    /// native objects (locks...).
    Native,
    /// `NotImplementedType`, `ellipsis`, code, cell.
    Other,
}

/// The class attribute naming a class's stand-in metaclass (see [`Class::class_op`]).
pub const CLASS_OPS: &str = "_gilscope_class_ops";

/// A class.
#[derive(Debug)]
pub struct Class {
    /// `__name__`.
    pub name: Str,
    /// `__qualname__`.
    pub qualname: Str,
    /// `__module__`.
    pub module: Str,
    /// Direct bases.
    pub bases: Vec<Arc<Class>>,
    /// Method resolution order, without the class itself.
    pub mro: Vec<Arc<Class>>,
    /// The class namespace.
    pub dict: VDict,
    /// The built-in type it is (or derives from).
    pub kind: TypeKind,
}

impl Class {
    /// Looks `name` up in the class and its MRO.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.dict.lock().get(name) {
            return Some(v.clone());
        }
        self.mro
            .iter()
            .find_map(|c| c.dict.lock().get(name).cloned())
    }

    /// Operation `name` (`__iter__`, `__call__`, `__len__`, `__getitem__`,
    /// `__contains__`, `__repr__`) on the class object itself, from the class that the
    /// class's own namespace names under [`CLASS_OPS`]. gilscope has no metaclasses: the
    /// Python-written `enum` gives each enum class this stand-in for `EnumType`'s methods.
    /// Only the class's own namespace is searched, so other classes pay one lookup.
    pub fn class_op(&self, name: &str) -> Option<Value> {
        let ops = match self.dict.lock().get(CLASS_OPS) {
            Some(Value::Class(ops)) => Arc::clone(ops),
            _ => return None,
        };
        ops.lookup(name)
    }

    /// Whether `self` is `other` or derives from it.
    pub fn is_subclass(self: &Arc<Self>, other: &Arc<Class>) -> bool {
        Arc::ptr_eq(self, other) || self.mro.iter().any(|c| Arc::ptr_eq(c, other))
    }
}

/// Per-instance state.
#[derive(Debug, Default)]
pub struct InstState {
    /// `__dict__`.
    pub dict: NameMap,
    /// For exceptions: the traceback, innermost frame last.
    pub tb: Vec<TbEntry>,
    /// For exceptions: `__cause__`.
    pub cause: Option<Value>,
    /// For exceptions: `__context__`.
    pub context: Option<Value>,
    /// For exceptions: `__suppress_context__`.
    pub suppress_context: bool,
    /// For threads: the engine thread id once started.
    pub tid: Option<Tid>,
    /// For a `NameError`: the name the report suggests instead, found in the frame
    /// that raised it ("Did you mean: 'value'?").
    pub hint: Option<Str>,
    /// For an instance of a subclass of a built-in type (`list`, `dict`, `str`,
    /// `queue.Queue`, `threading.local`...): the built-in value it extends.
    pub base: Option<Value>,
}

/// One frame of a traceback.
#[derive(Clone, Debug)]
pub struct TbEntry {
    /// The code that was running.
    pub code: Arc<Code>,
    /// The instruction that raised (or called the frame that did).
    pub pc: usize,
    /// The exception came from looking up the method a method call calls.
    pub lookup: bool,
}

/// An instance of a class.
#[derive(Debug)]
pub struct Instance {
    /// Its class.
    pub class: Arc<Class>,
    /// Its state.
    pub state: Mutex<InstState>,
}

impl Instance {
    /// A new instance with an empty dict.
    pub fn new(class: Arc<Class>) -> Arc<Instance> {
        Arc::new(Instance {
            class,
            state: Mutex::new(InstState::default()),
        })
    }

    /// The immutable built-in value (`str`, `int`, `float`, `tuple`, `frozenset`) an
    /// instance of a subclass of that type extends: it hashes and compares as that value
    /// when used as a key.
    pub fn immutable_base(&self) -> Option<Value> {
        match &self.state.lock().base {
            Some(
                b @ (Value::Str(_)
                | Value::Int(_)
                | Value::BigInt(_)
                | Value::Float(_)
                | Value::Tuple(_)
                | Value::FrozenSet(_)),
            ) => Some(b.clone()),
            _ => None,
        }
    }

    /// Reads an attribute from the instance dict.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.state.lock().dict.get(name).cloned()
    }

    /// Writes an attribute to the instance dict (no allocation when it already exists).
    pub fn set(&self, name: &str, v: Value) {
        let mut st = self.state.lock();
        match st.dict.get_mut(name) {
            Some(slot) => *slot = v,
            None => {
                st.dict.insert(Str::from(name), v);
            }
        }
    }
}

/// A module.
#[derive(Debug)]
pub struct Module {
    /// `__name__`.
    pub name: Str,
    /// Its globals.
    pub dict: VDict,
}

impl Module {
    /// A module with the given attributes.
    pub fn new(name: &str, attrs: NameMap) -> Arc<Module> {
        Arc::new(Module {
            name: Str::from(name),
            dict: VDict::new(attrs),
        })
    }

    /// Reads a global.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.dict.lock().get(name).cloned()
    }
}

/// The state of an iterator over a built-in container.
#[derive(Clone, Debug)]
pub enum Iter {
    /// Over a list (sees appends, like CPython's).
    List(Arc<Mutex<Vec<Value>>>, usize),
    /// Over a tuple (or a snapshot).
    Seq(Arc<Vec<Value>>, usize),
    /// Over a range.
    Range { next: i64, stop: i64, step: i64 },
    /// Over the characters of a str.
    Str(Str, usize),
    /// Over a dict's keys (a snapshot; size changes are detected by length).
    DictKeys(Arc<Mutex<Dict>>, usize, usize),
    /// `enumerate`.
    Enumerate(Value, i64),
    /// `zip`.
    Zip(Vec<Value>),
    /// `map`.
    Map(Value, Vec<Value>),
    /// `filter`.
    Filter(Value, Value),
    /// `reversed` over a snapshot.
    Reversed(Arc<Vec<Value>>, usize),
    /// The old sequence protocol: `obj[0]`, `obj[1]`... until IndexError.
    GetItem(Value, i64),
    /// Exhausted.
    Done,
}

impl Iter {
    /// The name of the iterator's type.
    pub fn type_name(&self) -> &'static str {
        match self {
            Iter::List(..) => "list_iterator",
            Iter::Seq(..) => "tuple_iterator",
            Iter::Range { .. } => "range_iterator",
            Iter::Str(..) => "str_ascii_iterator",
            Iter::DictKeys(..) => "dict_keyiterator",
            Iter::Enumerate(..) => "enumerate",
            Iter::Zip(..) => "zip",
            Iter::Map(..) => "map",
            Iter::Filter(..) => "filter",
            Iter::Reversed(..) => "reversed",
            Iter::GetItem(..) => "iterator",
            Iter::Done => "list_iterator",
        }
    }
}

/// A generator's state.
#[derive(Debug)]
pub struct Generator {
    /// The suspended frame (`None` while running or once finished).
    pub frame: Mutex<Option<Box<Frame>>>,
    /// Name and qualname for reprs.
    pub code: Arc<Code>,
    /// Whether it has finished.
    pub done: std::sync::atomic::AtomicBool,
    /// The value it returned (`StopIteration.value`, the result of `yield from`).
    pub ret: Mutex<Option<Value>>,
    /// While it runs: the call depth of its frame on the running thread.
    pub running_depth: std::sync::atomic::AtomicU32,
}

/// Native objects: the views and wrappers the VM itself makes, and the objects of the
/// types modules define.
#[derive(Debug)]
pub enum Native {
    /// `dict.keys()`, `.values()`, `.items()`: a live view of the dict.
    DictView(DictViewKind, Arc<Mutex<Dict>>),
    /// A value an async generator yields (as opposed to what its awaits suspend with).
    AsyncGenWrapped(Value),
    /// An object of a native type (a lock, a queue, a random generator...), which the
    /// module defining the type implements.
    Object(Box<dyn NativeObject>),
}

impl Native {
    /// The name of its class.
    pub fn type_name(&self) -> &'static str {
        match self {
            Native::DictView(k, _) => k.name(),
            Native::AsyncGenWrapped(_) => "async_generator_wrapped_value",
            Native::Object(o) => o.type_name(),
        }
    }

    /// The object of a native type, if it is one.
    pub fn object(&self) -> Option<&dyn NativeObject> {
        match self {
            Native::Object(o) => Some(&**o),
            _ => None,
        }
    }

    /// The object as its type `T`, if it is one of `T`.
    pub fn downcast<T: NativeObject>(&self) -> Option<&T> {
        let any: &dyn Any = self.object()?;
        any.downcast_ref::<T>()
    }
}

impl Value {
    /// A value holding a native object.
    pub fn native(obj: impl NativeObject) -> Value {
        Value::Native(Arc::new(Native::Object(Box::new(obj))))
    }

    /// The native object `self` holds as its type `T`, if it holds one of `T`.
    pub fn downcast<T: NativeObject>(&self) -> Option<&T> {
        match self {
            Value::Native(n) => n.downcast(),
            _ => None,
        }
    }
}

/// A native type's behaviour, implemented by the module that defines it (`threading`'s
/// locks, `queue`'s queues...) and asked for by the VM and the built-ins: the methods,
/// attributes and repr Python sees, and what a fork or pickling does with it. Each method
/// but the first has a default for types without that behaviour.
pub trait NativeObject: Any + Send + Sync + std::fmt::Debug {
    /// The name of its class (`lock`, `Queue`), as the built-in classes know it.
    fn type_name(&self) -> &'static str;

    /// Whether it has method `name`.
    fn has_method(&self, _name: &str) -> bool {
        false
    }

    /// Its methods that a misspelt method name may be suggested as ("Did you mean").
    fn method_names(&self) -> Vec<&'static str> {
        Vec::new()
    }

    /// Calls its method `name` (`this` is the value holding it); `None` if it has none.
    fn call_method(
        &self,
        _vm: &mut Vm<'_>,
        _this: &Value,
        _name: &str,
        _args: Args,
    ) -> Result<Option<Value>, Flow> {
        Ok(None)
    }

    /// Its attribute `name` that is not a method; `None` if it has none.
    fn attr(&self, _vm: &mut Vm<'_>, _this: &Value, _name: &str) -> Result<Option<Value>, Flow> {
        Ok(None)
    }

    /// Sets its attribute `name`; false if it has no attributes to set.
    fn set_attr(&self, _vm: &mut Vm<'_>, _name: &str, _v: Value) -> Result<bool, Flow> {
        Ok(false)
    }

    /// Its repr; `None` for the default `<type object at 0x...>`.
    fn repr(&self, _vm: &mut Vm<'_>, _this: &Value) -> Result<Option<String>, Flow> {
        Ok(None)
    }

    /// `iter(obj)`; `None` if it is not iterable (the caller raises the usual TypeError).
    fn iter(&self, _vm: &mut Vm<'_>, _this: &Value) -> Result<Option<Value>, Flow> {
        Ok(None)
    }

    /// `len(obj)`; `None` if it has no length.
    fn size(&self) -> Option<usize> {
        None
    }

    /// The engine object the trace names after the first variable that holds it.
    fn named_object(&self) -> Option<ObjId> {
        None
    }

    /// For an object in memory processes share: the class name pickling reports when
    /// refusing it (such objects are only passed on by inheritance).
    fn inherited_only(&self) -> Option<&'static str> {
        None
    }

    /// Its copy in a forked child (`this` is the value holding it); by default the child
    /// shares it.
    fn fork(&self, this: &Value, _fork: &mut dyn Fork) -> Value {
        this.clone()
    }
}

/// What copying a native object into a forked child may use.
pub trait Fork {
    /// The child's copy of `v` (each object is copied once, so sharing survives).
    fn copy(&mut self, v: &Value) -> Value;
    /// The parent thread's engine handle, which creates the child's engine objects.
    fn ctx(&mut self) -> &mut Ctx;
}

/// Which dict view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictViewKind {
    /// `dict_keys`.
    Keys,
    /// `dict_values`.
    Values,
    /// `dict_items`.
    Items,
}

impl DictViewKind {
    /// The view's type name.
    pub fn name(self) -> &'static str {
        match self {
            DictViewKind::Keys => "dict_keys",
            DictViewKind::Values => "dict_values",
            DictViewKind::Items => "dict_items",
        }
    }

    /// The view's items, from a snapshot of the dict.
    pub fn items(self, d: &Dict) -> Vec<Value> {
        match self {
            DictViewKind::Keys => d.keys().map(|k| k.0.clone()).collect(),
            DictViewKind::Values => d.values().cloned().collect(),
            DictViewKind::Items => d
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.0.clone(), v.clone()]))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }
}
