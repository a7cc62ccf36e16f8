//! The bytecode: compact instructions shaped like CPython 3.11's where scheduling depends on
//! them (the eval-breaker checks sit only in `Resume`, `JumpBackward` and after calls).

use std::sync::Weak;
use std::sync::atomic::AtomicU32;

use parking_lot::Mutex;

use super::opcode::{Check, Op, OpInfo, vm_only};
use super::value::{Class, Str, Value};

/// A binary operator (`BINARY_OP`'s argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `@`
    MatMul,
}

impl BinOp {
    /// The operator as written in source.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::MatMul => "@",
        }
    }

    /// The special method implementing it, and its reflected form.
    pub fn dunders(self) -> (&'static str, &'static str) {
        match self {
            BinOp::Add => ("__add__", "__radd__"),
            BinOp::Sub => ("__sub__", "__rsub__"),
            BinOp::Mul => ("__mul__", "__rmul__"),
            BinOp::TrueDiv => ("__truediv__", "__rtruediv__"),
            BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
            BinOp::Mod => ("__mod__", "__rmod__"),
            BinOp::Pow => ("__pow__", "__rpow__"),
            BinOp::LShift => ("__lshift__", "__rlshift__"),
            BinOp::RShift => ("__rshift__", "__rrshift__"),
            BinOp::And => ("__and__", "__rand__"),
            BinOp::Or => ("__or__", "__ror__"),
            BinOp::Xor => ("__xor__", "__rxor__"),
            BinOp::MatMul => ("__matmul__", "__rmatmul__"),
        }
    }

    /// The in-place special method (`__iadd__`...).
    pub fn inplace_dunder(self) -> &'static str {
        match self {
            BinOp::Add => "__iadd__",
            BinOp::Sub => "__isub__",
            BinOp::Mul => "__imul__",
            BinOp::TrueDiv => "__itruediv__",
            BinOp::FloorDiv => "__ifloordiv__",
            BinOp::Mod => "__imod__",
            BinOp::Pow => "__ipow__",
            BinOp::LShift => "__ilshift__",
            BinOp::RShift => "__irshift__",
            BinOp::And => "__iand__",
            BinOp::Or => "__ior__",
            BinOp::Xor => "__ixor__",
            BinOp::MatMul => "__imatmul__",
        }
    }
}

/// A rich comparison (`COMPARE_OP`'s argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written in source.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The special method, and the one tried on the right operand.
    pub fn dunders(self) -> (&'static str, &'static str) {
        match self {
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            CmpOp::Ge => ("__ge__", "__le__"),
        }
    }
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `not x`
    Not,
    /// `~x`
    Invert,
}

/// `MakeClass` flag: a `metaclass=` keyword's value is stacked above the bases.
pub const METACLASS_FLAG: u8 = 16;

/// One instruction. Jump targets are instruction indexes; names and constants are indexes
/// into the code object's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instr {
    /// Function entry (and generator resume): an eval-breaker check.
    Resume,
    /// Does nothing (keeps a line number).
    Nop,
    /// Pushes a constant.
    LoadConst(u32),
    /// Pushes a local slot.
    LoadFast(u32),
    /// Pops into a local slot.
    StoreFast(u32),
    /// Unbinds a local slot.
    DeleteFast(u32),
    /// Pushes a cell's (or free variable's) content.
    LoadDeref(u32),
    /// Pops into a cell.
    StoreDeref(u32),
    /// Pushes a module global or builtin.
    LoadGlobal(u32),
    /// Pops into a module global.
    StoreGlobal(u32),
    /// Deletes a module global.
    DeleteGlobal(u32),
    /// Pushes a name from the class namespace, globals or builtins (class and module code).
    LoadName(u32),
    /// Pops into the current namespace.
    StoreName(u32),
    /// Deletes a name of the current namespace.
    DeleteName(u32),
    /// Replaces TOS by its attribute.
    LoadAttr(u32),
    /// `TOS.name = TOS1`.
    StoreAttr(u32),
    /// `del TOS.name`.
    DeleteAttr(u32),
    /// `TOS1[TOS]`.
    BinarySubscr,
    /// `TOS1[TOS] = TOS2`.
    StoreSubscr,
    /// `del TOS1[TOS]`.
    DeleteSubscr,
    /// A binary operator; `true` for the in-place form.
    BinaryOp(BinOp, bool),
    /// A unary operator.
    UnaryOp(UnOp),
    /// A rich comparison.
    CompareOp(CmpOp),
    /// `is` (`true`: `is not`).
    IsOp(bool),
    /// `in` (`true`: `not in`).
    ContainsOp(bool),
    /// Drops TOS.
    PopTop,
    /// Pushes a copy of the item `n - 1` below TOS (`Copy(1)` duplicates TOS).
    Copy(u32),
    /// Swaps TOS with the item `n - 1` below it.
    Swap(u32),
    /// Builds a tuple from the top `n` items.
    BuildTuple(u32),
    /// Builds a list from the top `n` items.
    BuildList(u32),
    /// Builds a set from the top `n` items.
    BuildSet(u32),
    /// Builds a dict from the top `2n` items (key, value, ...).
    BuildMap(u32),
    /// Builds a slice from the top 2 or 3 items.
    BuildSlice(u32),
    /// Concatenates the top `n` strings (f-strings).
    BuildString(u32),
    /// Appends TOS to the list `n` items down (comprehensions).
    ListAppend(u32),
    /// Adds TOS to the set `n` items down.
    SetAdd(u32),
    /// Sets `d[TOS1] = TOS` in the dict `n` items down.
    MapAdd(u32),
    /// Extends the list `n` items down with the iterable TOS.
    ListExtend(u32),
    /// Updates the dict `n` items down with the mapping TOS.
    DictUpdate(u32),
    /// Turns the list TOS into a tuple.
    ListToTuple,
    /// Formats TOS for an f-string: conversion (0 none, 1 str, 2 repr, 3 ascii), and whether
    /// a format spec is on top of it.
    FormatValue(u8, bool),
    /// Unpacks TOS into `n` items (pushed last first).
    UnpackSequence(u32),
    /// Unpacks with a starred target: `before` items, a list, `after` items.
    UnpackEx(u32, u32),
    /// Replaces TOS by `iter(TOS)`.
    GetIter,
    /// Pushes the next item of the iterator TOS, or pops it and jumps when exhausted.
    ForIter(u32),
    /// Jumps forward (no check).
    Jump(u32),
    /// Jumps backward: an eval-breaker check (loop back-edge).
    JumpBackward(u32),
    /// Pops; jumps if false.
    PopJumpIfFalse(u32),
    /// Pops; jumps if true.
    PopJumpIfTrue(u32),
    /// Jumps if TOS is false (keeping it), else pops it (`and`).
    JumpIfFalseOrPop(u32),
    /// Jumps if TOS is true (keeping it), else pops it (`or`).
    JumpIfTrueOrPop(u32),
    /// Calls with `n` positional arguments; then an eval-breaker check.
    Call(u32),
    /// Calls with `n` arguments, the last of which are keywords named by the tuple constant.
    CallKw(u32, u32),
    /// Calls with a tuple of positional arguments and (if `true`) a dict of keywords.
    CallEx(bool),
    /// `TOS-n.name(args...)` without creating a bound method; then a check.
    CallMethod(u32, u32),
    /// Makes a function from the code constant; flags: 1 defaults, 2 keyword defaults,
    /// 8 closure (each popped in that order below the code).
    MakeFunction(u32, u8),
    /// Makes a class: runs the body code constant (closure flag as MakeFunction) with the
    /// name and `n` bases on the stack, and above them the `metaclass=` value when the
    /// flags have [`METACLASS_FLAG`].
    MakeClass(u32, u32, u8),
    /// Pushes the cell `n` itself (to build a closure).
    LoadClosure(u32),
    /// Returns TOS.
    ReturnValue,
    /// Yields TOS from a generator.
    YieldValue,
    /// Delegates to the iterator TOS (`yield from`, `await`), leaving its result: values
    /// sent to this frame and exceptions thrown into it go to the delegate.
    YieldFrom,
    /// `await`: replaces TOS by the iterator that awaiting it drives (a coroutine itself,
    /// or what `__await__()` returns).
    GetAwaitable,
    /// `async with`: replaces the context manager by its `__aexit__` and the awaitable of
    /// `__aenter__()`.
    BeforeAsyncWith,
    /// Leaves an `async with` normally: replaces `__aexit__` by the awaitable of
    /// `__aexit__(None, None, None)`.
    AsyncWithExit,
    /// In an `async with` handler: `[__aexit__, exc]` becomes `[exc, awaitable of
    /// __aexit__(type, exc, tb)]`.
    AsyncWithExceptStart,
    /// After awaiting `__aexit__` in a handler: pops the result and the exception; swallows
    /// the exception if the result is true, else re-raises it.
    AsyncWithExceptEnd,
    /// `async for`: replaces TOS by `TOS.__aiter__()`.
    GetAIter,
    /// `async for`: pushes the awaitable of `TOS.__anext__()`.
    GetANext,
    /// The handler of an `async for`: `StopAsyncIteration` ends the loop (popping the
    /// iterator), anything else is re-raised.
    EndAsyncFor,
    /// In an async generator, marks TOS as a value it yields (not a suspension of an
    /// `await` inside it).
    AsyncGenWrap,
    /// `except*`, at the handler's start: `[exc]` becomes `[exc, state]`.
    StarBegin,
    /// `except*` clause: `[exc, state, type]` becomes `[exc, state, match, matched?]`.
    StarMatch,
    /// `except*` clause whose body raised: pops the exception TOS into the state TOS2.
    StarRaised,
    /// `except*` end: pops the state; raises what is left unhandled, if anything.
    StarEnd,
    /// Pushes an exception handler block.
    SetupExcept(u32),
    /// Pushes a `finally` block.
    SetupFinally(u32),
    /// Pushes a `with` block (the handler calls `__exit__` with the exception).
    SetupWith(u32),
    /// Pops the innermost block.
    PopBlock,
    /// `with`: replaces the context manager by its `__exit__` and the `__enter__()` result.
    BeforeWith,
    /// Leaves a `with` normally: calls `__exit__(None, None, None)`; then a check.
    WithExit,
    /// In a `with` handler: calls `__exit__` with the exception; swallows it if true.
    WithExceptStart,
    /// Enters an except handler: the exception (TOS) becomes the one being handled.
    PushExcInfo,
    /// Leaves an except handler: pops the exception.
    PopExcept,
    /// Pushes whether the exception TOS1 matches the class (or tuple) TOS (pops TOS).
    CheckExcMatch,
    /// Re-raises the exception TOS.
    Reraise,
    /// `raise` with 0, 1 or 2 (with `from`) operands.
    Raise(u8),
    /// Pushes `AssertionError`.
    LoadAssertionError,
    /// `import name` (the module constant name); pushes the module.
    ImportName(u32),
    /// Pushes attribute `name` of the module TOS (ImportError if missing).
    ImportFrom(u32),
    /// `from module import *`: copies the public names of the module TOS (pops it).
    ImportStar,
    /// Adds TOS to the set `n` items down from each item of the iterable TOS (set display
    /// with `*x`).
    SetUpdate(u32),
    // Superinstructions, only in the executed stream ([`Code::quick`]): each stands for the
    // instruction it replaces followed by the ones after it (still present, so a fallback
    // or a jump into the middle runs them one by one). None contains a check point.
    /// `LOAD_FAST a; LOAD_CONST k; COMPARE_OP op; POP_JUMP_IF_(TRUE if jt) target`.
    CmpFastConstJump {
        /// Local slot.
        a: u16,
        /// Constant index.
        k: u16,
        /// Comparison.
        op: CmpOp,
        /// Jump when the comparison is true (else when false).
        jt: bool,
        /// Jump target.
        target: u32,
    },
    /// `LOAD_FAST a; LOAD_FAST b; COMPARE_OP op; POP_JUMP_IF_(TRUE if jt) target`.
    CmpFastFastJump {
        /// First local slot.
        a: u16,
        /// Second local slot.
        b: u16,
        /// Comparison.
        op: CmpOp,
        /// Jump when the comparison is true (else when false).
        jt: bool,
        /// Jump target.
        target: u32,
    },
    /// `LOAD_FAST a; LOAD_CONST k; BINARY_OP op; STORE_FAST dst`.
    OpFastConst {
        /// Local slot.
        a: u16,
        /// Constant index.
        k: u16,
        /// Operator.
        op: BinOp,
        /// Destination slot.
        dst: u16,
    },
    /// `LOAD_FAST a; LOAD_FAST b; BINARY_OP op; STORE_FAST dst`.
    OpFastFast {
        /// First local slot.
        a: u16,
        /// Second local slot.
        b: u16,
        /// Operator.
        op: BinOp,
        /// Destination slot.
        dst: u16,
    },
    /// `FOR_ITER target; STORE_FAST dst`.
    ForIterStore {
        /// Exit target.
        target: u32,
        /// Destination slot.
        dst: u16,
    },
}

impl Instr {
    /// The facts of this instruction (name, simulated cost, check point, shared memory,
    /// re-raise): its row of CPython's table ([`Op`]) where CPython 3.11 has the
    /// instruction, else its row of [`vm_only`]. The compiler's costs, `dis --vm` and the
    /// VM's check points, shared accesses and re-raises all read it.
    pub fn info(self) -> &'static OpInfo {
        let op = match self {
            Instr::Resume => Op::Resume,
            Instr::Nop => Op::Nop,
            Instr::LoadConst(_) => Op::LoadConst,
            Instr::LoadFast(_) => Op::LoadFast,
            Instr::StoreFast(_) => Op::StoreFast,
            Instr::DeleteFast(_) => Op::DeleteFast,
            Instr::LoadDeref(_) => Op::LoadDeref,
            Instr::StoreDeref(_) => Op::StoreDeref,
            Instr::LoadGlobal(_) => Op::LoadGlobal,
            Instr::StoreGlobal(_) => Op::StoreGlobal,
            Instr::DeleteGlobal(_) => Op::DeleteGlobal,
            Instr::LoadName(_) => Op::LoadName,
            Instr::StoreName(_) => Op::StoreName,
            Instr::DeleteName(_) => Op::DeleteName,
            Instr::LoadAttr(_) => Op::LoadAttr,
            Instr::StoreAttr(_) => Op::StoreAttr,
            Instr::DeleteAttr(_) => Op::DeleteAttr,
            Instr::BinarySubscr => Op::BinarySubscr,
            Instr::StoreSubscr => Op::StoreSubscr,
            Instr::DeleteSubscr => Op::DeleteSubscr,
            Instr::BinaryOp(..) => Op::BinaryOp,
            Instr::UnaryOp(UnOp::Neg) => Op::UnaryNegative,
            Instr::UnaryOp(UnOp::Pos) => Op::UnaryPositive,
            Instr::UnaryOp(UnOp::Not) => Op::UnaryNot,
            Instr::UnaryOp(UnOp::Invert) => Op::UnaryInvert,
            Instr::CompareOp(_) => Op::CompareOp,
            Instr::IsOp(_) => Op::IsOp,
            Instr::ContainsOp(_) => Op::ContainsOp,
            Instr::PopTop => Op::PopTop,
            Instr::Copy(_) => Op::Copy,
            Instr::Swap(_) => Op::Swap,
            Instr::BuildTuple(_) => Op::BuildTuple,
            Instr::BuildList(_) => Op::BuildList,
            Instr::BuildSet(_) => Op::BuildSet,
            Instr::BuildMap(_) => Op::BuildMap,
            Instr::BuildSlice(_) => Op::BuildSlice,
            Instr::BuildString(_) => Op::BuildString,
            Instr::ListAppend(_) => Op::ListAppend,
            Instr::SetAdd(_) => Op::SetAdd,
            Instr::MapAdd(_) => Op::MapAdd,
            Instr::ListExtend(_) => Op::ListExtend,
            Instr::DictUpdate(_) => Op::DictUpdate,
            Instr::SetUpdate(_) => Op::SetUpdate,
            Instr::ListToTuple => Op::ListToTuple,
            Instr::FormatValue(..) => Op::FormatValue,
            Instr::UnpackSequence(_) => Op::UnpackSequence,
            Instr::UnpackEx(..) => Op::UnpackEx,
            Instr::GetIter => Op::GetIter,
            Instr::ForIter(_) => Op::ForIter,
            Instr::Jump(_) => Op::JumpForward,
            Instr::JumpBackward(_) => Op::JumpBackward,
            Instr::PopJumpIfFalse(_) => Op::PopJumpForwardIfFalse,
            Instr::PopJumpIfTrue(_) => Op::PopJumpForwardIfTrue,
            Instr::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop,
            Instr::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop,
            Instr::Call(_) => Op::Call,
            Instr::CallEx(_) => Op::CallFunctionEx,
            Instr::MakeFunction(..) => Op::MakeFunction,
            Instr::LoadClosure(_) => Op::LoadClosure,
            Instr::ReturnValue => Op::ReturnValue,
            Instr::YieldValue => Op::YieldValue,
            Instr::GetAwaitable => Op::GetAwaitable,
            Instr::BeforeAsyncWith => Op::BeforeAsyncWith,
            Instr::GetAIter => Op::GetAiter,
            Instr::GetANext => Op::GetAnext,
            Instr::EndAsyncFor => Op::EndAsyncFor,
            Instr::AsyncGenWrap => Op::AsyncGenWrap,
            Instr::BeforeWith => Op::BeforeWith,
            Instr::WithExceptStart => Op::WithExceptStart,
            Instr::PushExcInfo => Op::PushExcInfo,
            Instr::PopExcept => Op::PopExcept,
            Instr::CheckExcMatch => Op::CheckExcMatch,
            Instr::Reraise => Op::Reraise,
            Instr::Raise(0) => return &vm_only::RERAISE_HANDLED,
            Instr::Raise(_) => Op::RaiseVarargs,
            Instr::LoadAssertionError => Op::LoadAssertionError,
            Instr::ImportName(_) => Op::ImportName,
            Instr::ImportFrom(_) => Op::ImportFrom,
            Instr::ImportStar => Op::ImportStar,
            Instr::CallKw(..) => return &vm_only::CALL_KW,
            Instr::CallMethod(..) => return &vm_only::CALL_METHOD,
            Instr::MakeClass(..) => return &vm_only::MAKE_CLASS,
            Instr::YieldFrom => return &vm_only::YIELD_FROM,
            Instr::AsyncWithExit => return &vm_only::ASYNC_WITH_EXIT,
            Instr::AsyncWithExceptStart => return &vm_only::ASYNC_WITH_EXCEPT_START,
            Instr::AsyncWithExceptEnd => return &vm_only::ASYNC_WITH_EXCEPT_END,
            Instr::StarBegin => return &vm_only::STAR_BEGIN,
            Instr::StarMatch => return &vm_only::STAR_MATCH,
            Instr::StarRaised => return &vm_only::STAR_RAISED,
            Instr::StarEnd => return &vm_only::STAR_END,
            Instr::SetupExcept(_) => return &vm_only::SETUP_EXCEPT,
            Instr::SetupFinally(_) => return &vm_only::SETUP_FINALLY,
            Instr::SetupWith(_) => return &vm_only::SETUP_WITH,
            Instr::PopBlock => return &vm_only::POP_BLOCK,
            Instr::WithExit => return &vm_only::WITH_EXIT,
            Instr::CmpFastConstJump { .. }
            | Instr::CmpFastFastJump { .. }
            | Instr::OpFastConst { .. }
            | Instr::OpFastFast { .. }
            | Instr::ForIterStore { .. } => return &vm_only::SUPERINSTRUCTION,
        };
        op.info()
    }

    /// Whether the eval breaker is checked when this instruction runs (a point where the
    /// GIL can change hands in 3.11 mode).
    pub fn is_check_point(self) -> bool {
        self.info().check != Check::No
    }
}

/// Where an instruction came from: a source range (1-based lines, 0-based character columns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    /// First line.
    pub line: u32,
    /// First column (characters).
    pub col: u32,
    /// Last line.
    pub end_line: u32,
    /// Column after the last character.
    pub end_col: u32,
    /// For a binary operator or subscript: where its parts meet (traceback anchors).
    pub anchor: Option<Anchor>,
}

/// The columns CPython 3.11's tracebacks use to underline a binary operation or subscript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// A binary operation: end column of the left operand, start column of the right one.
    BinOp(u32, u32),
    /// A subscript: end column of the value, end column of the index.
    Subscript(u32, u32),
    /// A method call: end line and column of `obj.name`, which CPython underlines when
    /// the lookup of the method fails.
    Method(u32, u32),
}

/// What kind of code a code object holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// The module body.
    Module,
    /// A class body.
    Class,
    /// A function (or lambda, comprehension).
    Function,
    /// A generator function.
    Generator,
    /// An `async def` function: calling it makes a coroutine.
    Coroutine,
    /// An `async def` function with `yield`: calling it makes an async generator.
    AsyncGenerator,
}

impl CodeKind {
    /// Whether calling a function of this kind creates a suspended frame (a generator,
    /// coroutine or async generator object) instead of running it.
    pub fn suspends(self) -> bool {
        matches!(
            self,
            CodeKind::Generator | CodeKind::Coroutine | CodeKind::AsyncGenerator
        )
    }
}

/// The signature of a function's code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// Positional-only parameters.
    pub posonly: u32,
    /// Positional parameters (including positional-only).
    pub positional: u32,
    /// Keyword-only parameters (after `*`).
    pub kwonly: u32,
    /// Whether it has `*args` (slot after the keyword-only ones).
    pub varargs: bool,
    /// Whether it has `**kwargs` (last parameter slot).
    pub varkw: bool,
}

/// A compiled code object.
#[derive(Debug)]
pub struct Code {
    /// Function (or `<module>`, `<lambda>`, `<listcomp>`...) name.
    pub name: Str,
    /// Qualified name (`A.m`, `f.<locals>.g`).
    pub qualname: Str,
    /// What it is.
    pub kind: CodeKind,
    /// The instructions.
    pub instrs: Vec<Instr>,
    /// The source range of each instruction.
    pub locs: Vec<Loc>,
    /// The executed stream: `instrs` with superinstructions substituted.
    pub quick: Vec<Instr>,
    /// Simulated cost of each instruction, in nanoseconds.
    pub costs: Vec<u8>,
    /// The same under CPython 3.9 (`--gil 3.9`, `compile::cost39`).
    pub costs39: Vec<u8>,
    /// Constants.
    pub consts: Vec<Value>,
    /// Names (globals, attributes, imported modules).
    pub names: Vec<Str>,
    /// Local slot names (parameters first).
    pub varnames: Vec<Str>,
    /// Cell variables (locals captured by inner functions).
    pub cellvars: Vec<Str>,
    /// Free variables (captured from enclosing functions).
    pub freevars: Vec<Str>,
    /// For each cell variable that is also a parameter, the parameter's slot.
    pub cell_params: Vec<(u32, u32)>,
    /// The signature.
    pub params: Params,
    /// First line of the definition.
    pub first_line: u32,
    /// The source file it was compiled from.
    pub file: std::sync::Arc<crate::source::SourceFile>,
    /// A function's docstring (`__doc__`).
    pub doc: Option<Str>,
    /// Inline caches, one per entry of `names` (host time only, see [`NameCache`]).
    pub caches: Box<[NameCache]>,
    /// Where each instruction is in CPython's bytecode of the same source, set once the
    /// program is compiled ([`crate::sites`]); unset for code that is not the program's.
    pub sites: std::sync::OnceLock<Box<[gilscope_trace::Site]>>,
}

/// The inline caches of one name of a code object (`LOAD_GLOBAL`, `LOAD_ATTR`,
/// `STORE_ATTR`, `CALL_METHOD` of that name). Threads share them, so each part is either an
/// atomic hint checked against the dict it indexes, or a small lock around a value keyed
/// on a version: a stale entry only ever sends the VM down the uncached path.
#[derive(Debug)]
pub struct NameCache {
    /// Index of the name in the globals (or an instance dict): checked against the key.
    pub global_idx: AtomicU32,
    /// Index of the name in an instance dict: checked against the key.
    pub inst_idx: AtomicU32,
    /// A builtin the name resolved to, with the version of the globals dict that lacked it.
    pub builtin: Mutex<Option<(u64, Value)>>,
    /// `Class::lookup(name)` of a class at a class epoch.
    pub load: Mutex<Option<ClassEntry>>,
    /// Whether storing the name on an instance of a class is a plain dict write, at a class
    /// epoch.
    pub store: Mutex<Option<(Weak<Class>, u64, bool)>>,
}

/// A cached class lookup: the class, the class epoch, what the lookup found.
pub type ClassEntry = (Weak<Class>, u64, Option<Value>);

impl Default for NameCache {
    fn default() -> Self {
        NameCache {
            global_idx: AtomicU32::new(u32::MAX),
            inst_idx: AtomicU32::new(u32::MAX),
            builtin: Mutex::new(None),
            load: Mutex::new(None),
            store: Mutex::new(None),
        }
    }
}

impl NameCache {
    /// The caches of a code object with `n` names.
    pub fn for_names(n: usize) -> Box<[NameCache]> {
        (0..n).map(|_| NameCache::default()).collect()
    }
}

impl Code {
    /// Number of local slots.
    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }

    /// The CPython instruction that instruction `pc` is, if known ([`crate::sites`]).
    #[inline]
    pub fn site(&self, pc: usize) -> gilscope_trace::Site {
        self.sites
            .get()
            .and_then(|s| s.get(pc))
            .copied()
            .unwrap_or(gilscope_trace::Site::UNKNOWN)
    }

    /// The source line of instruction `pc`.
    pub fn line_of(&self, pc: usize) -> u32 {
        self.locs.get(pc).map_or(self.first_line, |l| l.line)
    }
}

/// Substitutes superinstructions for hot sequences (CPython 3.11 has the same kind of
/// fused and specialised instructions). Sequences that a jump enters in the middle, or that
/// span lines, are left alone.
pub fn quicken(instrs: &[Instr], locs: &[Loc]) -> Vec<Instr> {
    let mut targets = vec![false; instrs.len() + 1];
    for i in instrs {
        let t = match *i {
            Instr::Jump(t)
            | Instr::JumpBackward(t)
            | Instr::PopJumpIfFalse(t)
            | Instr::PopJumpIfTrue(t)
            | Instr::JumpIfFalseOrPop(t)
            | Instr::JumpIfTrueOrPop(t)
            | Instr::ForIter(t)
            | Instr::SetupExcept(t)
            | Instr::SetupFinally(t)
            | Instr::SetupWith(t) => t as usize,
            _ => continue,
        };
        if let Some(x) = targets.get_mut(t) {
            *x = true;
        }
    }
    let mut out = instrs.to_vec();
    let small = |x: u32| u16::try_from(x).ok();
    for (i, slot) in out.iter_mut().enumerate() {
        let window = |n: usize| {
            instrs.get(i..i + n).filter(|_| {
                (i + 1..i + n).all(|j| !targets[j])
                    && locs
                        .get(i..i + n)
                        .is_some_and(|l| l.iter().all(|x| x.line == l[0].line))
            })
        };
        let fused = match window(4) {
            Some(
                &[
                    Instr::LoadFast(a),
                    Instr::LoadConst(k),
                    Instr::CompareOp(op),
                    j,
                ],
            ) => jump_of(j).and_then(|(jt, target)| {
                Some(Instr::CmpFastConstJump {
                    a: small(a)?,
                    k: small(k)?,
                    op,
                    jt,
                    target,
                })
            }),
            Some(
                &[
                    Instr::LoadFast(a),
                    Instr::LoadFast(b),
                    Instr::CompareOp(op),
                    j,
                ],
            ) => jump_of(j).and_then(|(jt, target)| {
                Some(Instr::CmpFastFastJump {
                    a: small(a)?,
                    b: small(b)?,
                    op,
                    jt,
                    target,
                })
            }),
            Some(
                &[
                    Instr::LoadFast(a),
                    Instr::LoadConst(k),
                    Instr::BinaryOp(op, _),
                    Instr::StoreFast(d),
                ],
            ) => (|| {
                Some(Instr::OpFastConst {
                    a: small(a)?,
                    k: small(k)?,
                    op,
                    dst: small(d)?,
                })
            })(),
            Some(
                &[
                    Instr::LoadFast(a),
                    Instr::LoadFast(b),
                    Instr::BinaryOp(op, _),
                    Instr::StoreFast(d),
                ],
            ) => (|| {
                Some(Instr::OpFastFast {
                    a: small(a)?,
                    b: small(b)?,
                    op,
                    dst: small(d)?,
                })
            })(),
            _ => None,
        };
        let fused = fused.or_else(|| match window(2) {
            Some(&[Instr::ForIter(target), Instr::StoreFast(d)]) => Some(Instr::ForIterStore {
                target,
                dst: small(d)?,
            }),
            _ => None,
        });
        if let Some(f) = fused {
            *slot = f;
        }
    }
    out
}

fn jump_of(i: Instr) -> Option<(bool, u32)> {
    match i {
        Instr::PopJumpIfFalse(t) => Some((false, t)),
        Instr::PopJumpIfTrue(t) => Some((true, t)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_the_vms_check_points_and_re_raises() {
        // The points where the VM checks the eval breaker in 3.11 mode (docs/gil.md):
        // function entry, the loop back edge, and after every call.
        let checks = [
            Instr::Resume,
            Instr::JumpBackward(0),
            Instr::Call(0),
            Instr::CallKw(0, 0),
            Instr::CallEx(false),
            Instr::CallMethod(0, 0),
            Instr::MakeClass(0, 0, 0),
            Instr::WithExit,
        ];
        assert!(checks.iter().all(|i| i.is_check_point()));
        for i in [
            Instr::Jump(0),
            Instr::ForIter(0),
            Instr::ReturnValue,
            Instr::YieldValue,
        ] {
            assert!(!i.is_check_point(), "{i:?}");
        }
        assert!(Instr::Raise(0).info().reraises);
        assert!(!Instr::Raise(1).info().reraises);
        assert!(Instr::Reraise.info().reraises && Instr::StarEnd.info().reraises);
        assert!(Instr::CallMethod(0, 0).info().shared && !Instr::Call(0).info().shared);
    }

    #[test]
    fn a_countdown_iteration_costs_20_ns() {
        // `while n > 0: n -= 1`: LOAD_FAST LOAD_CONST COMPARE_OP POP_JUMP_IF_FALSE
        // LOAD_FAST LOAD_CONST BINARY_OP STORE_FAST JUMP_BACKWARD (docs/gil.md, calibration).
        let body = [
            Instr::LoadFast(0),
            Instr::LoadConst(0),
            Instr::CompareOp(CmpOp::Gt),
            Instr::PopJumpIfFalse(0),
            Instr::LoadFast(0),
            Instr::LoadConst(1),
            Instr::BinaryOp(BinOp::Sub, true),
            Instr::StoreFast(0),
            Instr::JumpBackward(0),
        ];
        let ns: u32 = body.iter().map(|i| u32::from(i.info().cost)).sum();
        assert_eq!(ns, 20);
    }
}
