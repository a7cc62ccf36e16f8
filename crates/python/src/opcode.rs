//! CPython 3.11's instructions, one table of facts per instruction: its name and number
//! (as `Lib/opcode.py` has them), its inline cache entries, its argument kind (what `dis`
//! prints for it), and what the simulation needs: its simulated cost, whether it is an
//! eval-breaker check point, whether it touches memory other threads see, and whether a
//! raise there keeps the exception's traceback (a re-raise). The compiler, `dis` and the
//! VM all read this table.

/// How `dis` shows an instruction's argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// No argument.
    None,
    /// A plain number.
    Plain,
    /// An index into `co_consts` (`LOAD_CONST`; `KW_NAMES` prints only the number in 3.11).
    Const,
    /// An index into `co_names`.
    Name,
    /// `LOAD_GLOBAL`: a name index shifted left, the low bit asking for a NULL first.
    Global,
    /// A relative jump forward (in code units after the instruction).
    JumpForward,
    /// A relative jump backward.
    JumpBackward,
    /// A local variable slot.
    Local,
    /// A cell or free variable slot (an index into the locals-plus names).
    Free,
    /// A rich comparison (`cmp_op`).
    Compare,
    /// `BINARY_OP`'s operator (`_nb_ops`).
    BinaryOp,
    /// `FORMAT_VALUE`'s conversion and format-spec flag.
    FormatValue,
    /// `MAKE_FUNCTION`'s flags.
    MakeFunction,
}

/// Where the eval breaker is checked (docs/python.md, "Scheduling").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Never.
    No,
    /// Always, when the instruction runs (`RESUME` 0 and 1, `JUMP_BACKWARD`).
    Always,
    /// When it jumps (`POP_JUMP_BACKWARD_IF_*`).
    OnJump,
    /// After a call made from C (`CALL` of a non-Python callable, `CALL_FUNCTION_EX`).
    AfterCall,
}

/// The facts of one instruction.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// Its name, as `dis` prints it.
    pub name: &'static str,
    /// Inline `CACHE` code units after it (`opcode._inline_cache_entries`).
    pub caches: u8,
    /// How its argument reads.
    pub arg: ArgKind,
    /// Simulated cost in nanoseconds (docs/python.md, "Cost model").
    pub cost: u8,
    /// Whether (and when) it checks the eval breaker.
    pub check: Check,
    /// Whether it reads or writes memory other threads can see (globals, attributes,
    /// items, cells): under `--gil off` such accesses go through the engine.
    pub shared: bool,
    /// Whether an exception raised by it is one being passed on, which keeps its traceback.
    pub reraises: bool,
}

macro_rules! ops {
    ($( $variant:ident = $num:literal, $name:literal, $caches:literal, $arg:ident, $cost:literal, $check:ident, $shared:literal, $reraise:literal; )*) => {
        /// A CPython 3.11 opcode (its number is CPython's).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op {
            $(
                #[doc = $name]
                $variant = $num,
            )*
        }

        impl Op {
            /// Every opcode, in number order.
            pub const ALL: &'static [Op] = &[$(Op::$variant,)*];

            /// The facts of this instruction.
            pub const fn info(self) -> &'static OpInfo {
                match self {
                    $(
                        Op::$variant => &OpInfo {
                            name: $name,
                            caches: $caches,
                            arg: ArgKind::$arg,
                            cost: $cost,
                            check: Check::$check,
                            shared: $shared,
                            reraises: $reraise,
                        },
                    )*
                }
            }

            /// The opcode with number `n`, if CPython 3.11 has one.
            pub fn from_u8(n: u8) -> Option<Op> {
                match n {
                    $( $num => Some(Op::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

// name = number, dis name, caches, argument, cost (ns), check, shared memory, re-raise.
ops! {
    Cache = 0, "CACHE", 0, None, 0, No, false, false;
    PopTop = 1, "POP_TOP", 0, None, 1, No, false, false;
    PushNull = 2, "PUSH_NULL", 0, None, 1, No, false, false;
    Nop = 9, "NOP", 0, None, 0, No, false, false;
    UnaryPositive = 10, "UNARY_POSITIVE", 0, None, 4, No, false, false;
    UnaryNegative = 11, "UNARY_NEGATIVE", 0, None, 4, No, false, false;
    UnaryNot = 12, "UNARY_NOT", 0, None, 4, No, false, false;
    UnaryInvert = 15, "UNARY_INVERT", 0, None, 4, No, false, false;
    BinarySubscr = 25, "BINARY_SUBSCR", 4, None, 6, No, true, false;
    GetLen = 30, "GET_LEN", 0, None, 4, No, false, false;
    MatchMapping = 31, "MATCH_MAPPING", 0, None, 4, No, false, false;
    MatchSequence = 32, "MATCH_SEQUENCE", 0, None, 4, No, false, false;
    MatchKeys = 33, "MATCH_KEYS", 0, None, 4, No, false, false;
    PushExcInfo = 35, "PUSH_EXC_INFO", 0, None, 4, No, false, false;
    CheckExcMatch = 36, "CHECK_EXC_MATCH", 0, None, 4, No, false, false;
    CheckEgMatch = 37, "CHECK_EG_MATCH", 0, None, 4, No, false, false;
    WithExceptStart = 49, "WITH_EXCEPT_START", 0, None, 4, No, false, true;
    GetAiter = 50, "GET_AITER", 0, None, 8, No, false, false;
    GetAnext = 51, "GET_ANEXT", 0, None, 8, No, false, false;
    BeforeAsyncWith = 52, "BEFORE_ASYNC_WITH", 0, None, 12, No, false, false;
    BeforeWith = 53, "BEFORE_WITH", 0, None, 4, No, false, false;
    EndAsyncFor = 54, "END_ASYNC_FOR", 0, None, 4, No, false, true;
    StoreSubscr = 60, "STORE_SUBSCR", 1, None, 10, No, true, false;
    DeleteSubscr = 61, "DELETE_SUBSCR", 0, None, 4, No, true, false;
    GetIter = 68, "GET_ITER", 0, None, 8, No, false, false;
    GetYieldFromIter = 69, "GET_YIELD_FROM_ITER", 0, None, 4, No, false, false;
    PrintExpr = 70, "PRINT_EXPR", 0, None, 4, No, false, false;
    LoadBuildClass = 71, "LOAD_BUILD_CLASS", 0, None, 4, No, false, false;
    LoadAssertionError = 74, "LOAD_ASSERTION_ERROR", 0, None, 4, No, false, false;
    ReturnGenerator = 75, "RETURN_GENERATOR", 0, None, 4, No, false, false;
    ListToTuple = 82, "LIST_TO_TUPLE", 0, None, 4, No, false, false;
    ReturnValue = 83, "RETURN_VALUE", 0, None, 3, No, false, false;
    ImportStar = 84, "IMPORT_STAR", 0, None, 4, No, true, false;
    SetupAnnotations = 85, "SETUP_ANNOTATIONS", 0, None, 4, No, false, false;
    YieldValue = 86, "YIELD_VALUE", 0, None, 5, No, false, false;
    AsyncGenWrap = 87, "ASYNC_GEN_WRAP", 0, None, 4, No, false, false;
    PrepReraiseStar = 88, "PREP_RERAISE_STAR", 0, None, 4, No, false, false;
    PopExcept = 89, "POP_EXCEPT", 0, None, 4, No, false, false;
    StoreName = 90, "STORE_NAME", 0, Name, 6, No, true, false;
    DeleteName = 91, "DELETE_NAME", 0, Name, 4, No, true, false;
    UnpackSequence = 92, "UNPACK_SEQUENCE", 1, Plain, 4, No, false, false;
    ForIter = 93, "FOR_ITER", 0, JumpForward, 6, No, false, false;
    UnpackEx = 94, "UNPACK_EX", 0, Plain, 4, No, false, false;
    StoreAttr = 95, "STORE_ATTR", 4, Name, 5, No, true, false;
    DeleteAttr = 96, "DELETE_ATTR", 0, Name, 4, No, true, false;
    StoreGlobal = 97, "STORE_GLOBAL", 0, Name, 6, No, true, false;
    DeleteGlobal = 98, "DELETE_GLOBAL", 0, Name, 4, No, true, false;
    Swap = 99, "SWAP", 0, Plain, 1, No, false, false;
    LoadConst = 100, "LOAD_CONST", 0, Const, 2, No, false, false;
    LoadName = 101, "LOAD_NAME", 0, Name, 4, No, true, false;
    BuildTuple = 102, "BUILD_TUPLE", 0, Plain, 15, No, false, false;
    BuildList = 103, "BUILD_LIST", 0, Plain, 15, No, false, false;
    BuildSet = 104, "BUILD_SET", 0, Plain, 15, No, false, false;
    BuildMap = 105, "BUILD_MAP", 0, Plain, 15, No, false, false;
    LoadAttr = 106, "LOAD_ATTR", 4, Name, 5, No, true, false;
    CompareOp = 107, "COMPARE_OP", 2, Compare, 3, No, false, false;
    ImportName = 108, "IMPORT_NAME", 0, Name, 200, No, false, false;
    ImportFrom = 109, "IMPORT_FROM", 0, Name, 4, No, false, false;
    JumpForward = 110, "JUMP_FORWARD", 0, JumpForward, 2, No, false, false;
    JumpIfFalseOrPop = 111, "JUMP_IF_FALSE_OR_POP", 0, JumpForward, 2, No, false, false;
    JumpIfTrueOrPop = 112, "JUMP_IF_TRUE_OR_POP", 0, JumpForward, 2, No, false, false;
    PopJumpForwardIfFalse = 114, "POP_JUMP_FORWARD_IF_FALSE", 0, JumpForward, 2, No, false, false;
    PopJumpForwardIfTrue = 115, "POP_JUMP_FORWARD_IF_TRUE", 0, JumpForward, 2, No, false, false;
    LoadGlobal = 116, "LOAD_GLOBAL", 5, Global, 4, No, true, false;
    IsOp = 117, "IS_OP", 0, Plain, 3, No, false, false;
    ContainsOp = 118, "CONTAINS_OP", 0, Plain, 4, No, true, false;
    Reraise = 119, "RERAISE", 0, Plain, 4, No, false, true;
    Copy = 120, "COPY", 0, Plain, 1, No, false, false;
    BinaryOp = 122, "BINARY_OP", 1, BinaryOp, 3, No, false, false;
    Send = 123, "SEND", 0, JumpForward, 4, No, false, false;
    LoadFast = 124, "LOAD_FAST", 0, Local, 2, No, false, false;
    StoreFast = 125, "STORE_FAST", 0, Local, 2, No, false, false;
    DeleteFast = 126, "DELETE_FAST", 0, Local, 4, No, false, false;
    PopJumpForwardIfNotNone = 128, "POP_JUMP_FORWARD_IF_NOT_NONE", 0, JumpForward, 2, No, false, false;
    PopJumpForwardIfNone = 129, "POP_JUMP_FORWARD_IF_NONE", 0, JumpForward, 2, No, false, false;
    RaiseVarargs = 130, "RAISE_VARARGS", 0, Plain, 4, No, false, false;
    GetAwaitable = 131, "GET_AWAITABLE", 0, Plain, 8, No, false, false;
    MakeFunction = 132, "MAKE_FUNCTION", 0, MakeFunction, 60, No, false, false;
    BuildSlice = 133, "BUILD_SLICE", 0, Plain, 4, No, false, false;
    JumpBackwardNoInterrupt = 134, "JUMP_BACKWARD_NO_INTERRUPT", 0, JumpBackward, 2, No, false, false;
    MakeCell = 135, "MAKE_CELL", 0, Free, 1, No, false, false;
    LoadClosure = 136, "LOAD_CLOSURE", 0, Free, 4, No, false, false;
    LoadDeref = 137, "LOAD_DEREF", 0, Free, 3, No, true, false;
    StoreDeref = 138, "STORE_DEREF", 0, Free, 3, No, true, false;
    DeleteDeref = 139, "DELETE_DEREF", 0, Free, 4, No, true, false;
    JumpBackward = 140, "JUMP_BACKWARD", 0, JumpBackward, 2, Always, false, false;
    CallFunctionEx = 142, "CALL_FUNCTION_EX", 0, Plain, 12, AfterCall, false, false;
    ExtendedArg = 144, "EXTENDED_ARG", 0, Plain, 0, No, false, false;
    ListAppend = 145, "LIST_APPEND", 0, Plain, 4, No, false, false;
    SetAdd = 146, "SET_ADD", 0, Plain, 4, No, false, false;
    MapAdd = 147, "MAP_ADD", 0, Plain, 4, No, false, false;
    LoadClassderef = 148, "LOAD_CLASSDEREF", 0, Free, 4, No, true, false;
    CopyFreeVars = 149, "COPY_FREE_VARS", 0, Plain, 1, No, false, false;
    Resume = 151, "RESUME", 0, Plain, 2, Always, false, false;
    MatchClass = 152, "MATCH_CLASS", 0, Plain, 4, No, false, false;
    FormatValue = 155, "FORMAT_VALUE", 0, FormatValue, 20, No, false, false;
    BuildConstKeyMap = 156, "BUILD_CONST_KEY_MAP", 0, Plain, 15, No, false, false;
    BuildString = 157, "BUILD_STRING", 0, Plain, 20, No, false, false;
    LoadMethod = 160, "LOAD_METHOD", 10, Name, 5, No, true, false;
    ListExtend = 162, "LIST_EXTEND", 0, Plain, 4, No, false, false;
    SetUpdate = 163, "SET_UPDATE", 0, Plain, 4, No, false, false;
    DictMerge = 164, "DICT_MERGE", 0, Plain, 4, No, false, false;
    DictUpdate = 165, "DICT_UPDATE", 0, Plain, 4, No, false, false;
    Precall = 166, "PRECALL", 1, Plain, 0, No, false, false;
    Call = 171, "CALL", 4, Plain, 12, AfterCall, false, false;
    KwNames = 172, "KW_NAMES", 0, Const, 0, No, false, false;
    PopJumpBackwardIfNotNone = 173, "POP_JUMP_BACKWARD_IF_NOT_NONE", 0, JumpBackward, 2, OnJump, false, false;
    PopJumpBackwardIfNone = 174, "POP_JUMP_BACKWARD_IF_NONE", 0, JumpBackward, 2, OnJump, false, false;
    PopJumpBackwardIfFalse = 175, "POP_JUMP_BACKWARD_IF_FALSE", 0, JumpBackward, 2, OnJump, false, false;
    PopJumpBackwardIfTrue = 176, "POP_JUMP_BACKWARD_IF_TRUE", 0, JumpBackward, 2, OnJump, false, false;
}

/// The facts of the instructions the VM runs that CPython 3.11 does not have (the VM
/// still executes its own stream, [`crate::bytecode::Instr`]; `Instr::info` maps each of
/// its instructions to a row of [`Op`] or to one of these).
pub mod vm_only {
    use super::{ArgKind, Check, OpInfo};

    const fn row(
        name: &'static str,
        cost: u8,
        check: Check,
        shared: bool,
        reraises: bool,
    ) -> OpInfo {
        OpInfo {
            name,
            caches: 0,
            arg: ArgKind::Plain,
            cost,
            check,
            shared,
            reraises,
        }
    }

    /// A call with keyword arguments named by a tuple constant (CPython: `KW_NAMES`,
    /// `PRECALL`, `CALL`).
    pub const CALL_KW: OpInfo = row("CALL_KW", 12, Check::AfterCall, false, false);
    /// A method call without a bound method (CPython: `LOAD_METHOD`, `PRECALL`, `CALL`): it
    /// looks the method up on the receiver, which other threads can see.
    pub const CALL_METHOD: OpInfo = row("CALL_METHOD", 12, Check::AfterCall, true, false);
    /// Runs a class body and builds the class (CPython: `LOAD_BUILD_CLASS` and a `CALL`).
    pub const MAKE_CLASS: OpInfo = row("MAKE_CLASS", 250, Check::AfterCall, false, false);
    /// `raise` with no operand: passes the handled exception on with its traceback.
    pub const RERAISE_HANDLED: OpInfo = row("RAISE_VARARGS", 4, Check::No, false, true);
    /// `yield from` and `await` (CPython: `SEND` in a loop).
    pub const YIELD_FROM: OpInfo = row("YIELD_FROM", 4, Check::No, false, false);
    /// Leaves an `async with` normally (CPython: a `CALL` of `__aexit__`).
    pub const ASYNC_WITH_EXIT: OpInfo = row("ASYNC_WITH_EXIT", 12, Check::No, false, false);
    /// Calls `__aexit__` with the exception in an `async with` handler.
    pub const ASYNC_WITH_EXCEPT_START: OpInfo =
        row("ASYNC_WITH_EXCEPT_START", 12, Check::No, false, false);
    /// Ends an `async with` handler: swallows or re-raises the exception.
    pub const ASYNC_WITH_EXCEPT_END: OpInfo =
        row("ASYNC_WITH_EXCEPT_END", 4, Check::No, false, true);
    /// `except*` bookkeeping (CPython: `CHECK_EG_MATCH`, `PREP_RERAISE_STAR`).
    pub const STAR_BEGIN: OpInfo = row("STAR_BEGIN", 4, Check::No, false, false);
    /// An `except*` clause's match.
    pub const STAR_MATCH: OpInfo = row("STAR_MATCH", 4, Check::No, false, false);
    /// An `except*` clause whose body raised.
    pub const STAR_RAISED: OpInfo = row("STAR_RAISED", 4, Check::No, false, false);
    /// The end of `except*`: raises what is left unhandled.
    pub const STAR_END: OpInfo = row("STAR_END", 4, Check::No, false, true);
    /// Pushes an exception handler block (CPython: the exception table).
    pub const SETUP_EXCEPT: OpInfo = row("SETUP_EXCEPT", 4, Check::No, false, false);
    /// Pushes a `finally` block.
    pub const SETUP_FINALLY: OpInfo = row("SETUP_FINALLY", 4, Check::No, false, false);
    /// Pushes a `with` block.
    pub const SETUP_WITH: OpInfo = row("SETUP_WITH", 4, Check::No, false, false);
    /// Pops a block.
    pub const POP_BLOCK: OpInfo = row("POP_BLOCK", 4, Check::No, false, false);
    /// Leaves a `with` normally: calls `__exit__(None, None, None)` (CPython: a `CALL`).
    pub const WITH_EXIT: OpInfo = row("WITH_EXIT", 4, Check::AfterCall, false, false);
    /// A superinstruction of the executed stream: it stands for the instructions it
    /// replaces, which keep their own rows and costs ([`crate::bytecode::quicken`]).
    pub const SUPERINSTRUCTION: OpInfo = row("SUPERINSTRUCTION", 0, Check::No, false, false);
}

impl Op {
    /// The instruction's name, as `dis` prints it.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Whether it takes an argument (`opcode.HAVE_ARGUMENT`).
    pub fn has_arg(self) -> bool {
        self as u8 >= 90
    }

    /// Whether it jumps (conditionally or not) to another instruction.
    pub fn is_jump(self) -> bool {
        matches!(
            self.info().arg,
            ArgKind::JumpForward | ArgKind::JumpBackward
        )
    }

    /// Code units it takes with `arg` (its `EXTENDED_ARG` prefixes and its caches).
    pub fn size(self, arg: u32) -> u32 {
        let extended = if self.has_arg() {
            u32::from(arg > 0xFF) + u32::from(arg > 0xFFFF) + u32::from(arg > 0xFF_FFFF)
        } else {
            0
        };
        1 + extended + u32::from(self.info().caches)
    }
}

/// `BINARY_OP`'s argument: the operator's symbol, by its number (`opcode._nb_ops`).
pub const NB_OPS: [&str; 26] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];

/// `COMPARE_OP`'s argument: the comparison, by its number (`opcode.cmp_op`).
pub const CMP_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_caches_are_cpythons() {
        // A few checks against CPython 3.11's `opcode.py` (the whole table is checked
        // against python3 by tests/dis.rs).
        assert_eq!(Op::LoadGlobal as u8, 116);
        assert_eq!(Op::LoadGlobal.info().caches, 5);
        assert_eq!(Op::LoadMethod.info().caches, 10);
        assert_eq!(Op::Call.info().caches, 4);
        assert_eq!(Op::from_u8(171), Some(Op::Call));
        assert!(Op::from_u8(3).is_none());
        assert_eq!(Op::LoadAttr.size(300), 6);
    }
}
