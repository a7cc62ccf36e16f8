//! The control-flow graph of one code object and the passes CPython 3.11 runs on it before
//! it becomes bytecode (`assemble` in `Python/compile.c`): the implicit `return None`,
//! exit blocks copied to the jumps that reach them, the peephole pass (constant
//! conditions, constant tuples, `is None` jumps, jump threading, `SWAP` simplification,
//! `PUSH_NULL` folded into `LOAD_GLOBAL`), dead code, `NOP` removal, line numbers
//! propagated, the stack depth, the exception table, jump directions and `EXTENDED_ARG`.

use crate::opcode::Op;

use super::konst::Const;

/// A block of the graph.
pub type BlockId = usize;

/// A source location: lines 1-based, columns in UTF-8 bytes; a line of -1 is none (an
/// artificial instruction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    /// First line.
    pub line: i32,
    /// Last line.
    pub end_line: i32,
    /// First column.
    pub col: i32,
    /// End column.
    pub end_col: i32,
}

/// No location.
pub const NO_LOC: Loc = Loc {
    line: -1,
    end_line: -1,
    col: -1,
    end_col: -1,
};

/// An instruction of the graph: a real opcode or one of the compiler's pseudo-instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IOp {
    /// A CPython opcode.
    Real(Op),
    /// Pushes an exception handler (`try`).
    SetupFinally,
    /// Pushes a handler that also keeps the offset of the raising instruction.
    SetupCleanup,
    /// Pushes a `with` block's handler.
    SetupWith,
    /// Pops the innermost handler.
    PopBlock,
    /// An unconditional jump (direction chosen at assembly).
    Jump,
    /// An unconditional jump that does not check the eval breaker.
    JumpNoInterrupt,
    /// Pops; jumps if false.
    PopJumpIfFalse,
    /// Pops; jumps if true.
    PopJumpIfTrue,
    /// Pops; jumps if None.
    PopJumpIfNone,
    /// Pops; jumps if not None.
    PopJumpIfNotNone,
}

impl IOp {
    fn real(self) -> Option<Op> {
        match self {
            IOp::Real(op) => Some(op),
            _ => None,
        }
    }

    /// Whether it jumps (`is_jump`: the pseudo jumps and every real jump).
    pub fn is_jump(self) -> bool {
        match self {
            IOp::Real(op) => op.is_jump(),
            IOp::Jump
            | IOp::JumpNoInterrupt
            | IOp::PopJumpIfFalse
            | IOp::PopJumpIfTrue
            | IOp::PopJumpIfNone
            | IOp::PopJumpIfNotNone => true,
            _ => false,
        }
    }

    /// Whether it pushes an exception handler.
    pub fn is_block_push(self) -> bool {
        matches!(self, IOp::SetupFinally | IOp::SetupCleanup | IOp::SetupWith)
    }

    /// Whether a block must end after it.
    pub fn ends_block(self) -> bool {
        self.is_jump() || self.exits_scope()
    }

    fn exits_scope(self) -> bool {
        matches!(
            self,
            IOp::Real(Op::ReturnValue | Op::RaiseVarargs | Op::Reraise)
        )
    }
}

/// An instruction of a block.
#[derive(Clone, Copy, Debug)]
pub struct Instr {
    /// What it does.
    pub op: IOp,
    /// Its argument.
    pub arg: u32,
    /// A jump's (or handler push's) target.
    pub target: Option<BlockId>,
    /// Where it came from.
    pub loc: Loc,
    /// The handler an exception raised here goes to.
    pub except: Option<BlockId>,
}

/// A basic block.
#[derive(Clone, Debug, Default)]
pub struct Block {
    /// Its instructions.
    pub instrs: Vec<Instr>,
    /// The block after it in the layout.
    pub next: Option<BlockId>,
    /// Ends with a return or raise.
    pub exit: bool,
    /// Control never falls off its end.
    pub nofallthrough: bool,
    /// Had a `RETURN_VALUE` added to it.
    pub returns: bool,
    /// An exception handler that keeps the raising instruction's offset.
    pub preserve_lasti: bool,
    visited: bool,
    /// Number of blocks that reach it.
    pub predecessors: u32,
    /// Stack depth on entry (`i32::MIN` before it is known).
    pub startdepth: i32,
    /// Offset in code units.
    pub offset: u32,
    except_stack: Option<Vec<Option<BlockId>>>,
}

impl Block {
    fn last(&self) -> Option<&Instr> {
        self.instrs.last()
    }

    fn has_lineno(&self) -> bool {
        self.instrs.iter().any(|i| i.loc.line > 0)
    }

    fn is_exit_without_lineno(&self) -> bool {
        self.exit && self.instrs.iter().all(|i| i.loc.line < 0)
    }
}

/// The graph of one code object.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    /// The blocks, in creation order (CPython's `b_list` runs newest first).
    pub blocks: Vec<Block>,
}

/// Stack effect of an instruction (`jump`: on the jump edge).
pub fn stack_effect(op: IOp, arg: u32, jump: bool) -> i32 {
    let arg = i32::try_from(arg).unwrap_or(i32::MAX);
    match op {
        IOp::SetupFinally | IOp::SetupWith => i32::from(jump),
        IOp::SetupCleanup => {
            if jump {
                2
            } else {
                0
            }
        }
        IOp::PopBlock | IOp::Jump | IOp::JumpNoInterrupt => 0,
        IOp::PopJumpIfFalse | IOp::PopJumpIfTrue | IOp::PopJumpIfNone | IOp::PopJumpIfNotNone => -1,
        IOp::Real(op) => match op {
            Op::Nop | Op::ExtendedArg | Op::Resume | Op::Cache => 0,
            Op::PopTop => -1,
            Op::Swap => 0,
            Op::UnaryPositive | Op::UnaryNegative | Op::UnaryNot | Op::UnaryInvert => 0,
            Op::SetAdd | Op::ListAppend => -1,
            Op::MapAdd => -2,
            Op::BinarySubscr => -1,
            Op::StoreSubscr => -3,
            Op::DeleteSubscr => -2,
            Op::GetIter => 0,
            Op::PrintExpr => -1,
            Op::LoadBuildClass => 1,
            Op::ReturnValue => -1,
            Op::ImportStar => -1,
            Op::SetupAnnotations => 0,
            Op::AsyncGenWrap | Op::YieldValue => 0,
            Op::PopExcept => -1,
            Op::StoreName => -1,
            Op::DeleteName => 0,
            Op::UnpackSequence => arg - 1,
            Op::UnpackEx => (arg & 0xFF) + (arg >> 8),
            Op::ForIter => {
                if jump {
                    -1
                } else {
                    1
                }
            }
            Op::Send => {
                if jump {
                    -1
                } else {
                    0
                }
            }
            Op::StoreAttr => -2,
            Op::DeleteAttr => -1,
            Op::StoreGlobal => -1,
            Op::DeleteGlobal => 0,
            Op::LoadConst | Op::LoadName => 1,
            Op::BuildTuple | Op::BuildList | Op::BuildSet | Op::BuildString => 1 - arg,
            Op::BuildMap => 1 - 2 * arg,
            Op::BuildConstKeyMap => -arg,
            Op::LoadAttr => 0,
            Op::CompareOp | Op::IsOp | Op::ContainsOp => -1,
            Op::CheckExcMatch | Op::CheckEgMatch => 0,
            Op::ImportName => -1,
            Op::ImportFrom => 1,
            Op::JumpForward | Op::JumpBackward | Op::JumpBackwardNoInterrupt => 0,
            Op::JumpIfTrueOrPop | Op::JumpIfFalseOrPop => {
                if jump {
                    0
                } else {
                    -1
                }
            }
            Op::PopJumpForwardIfFalse
            | Op::PopJumpForwardIfTrue
            | Op::PopJumpForwardIfNone
            | Op::PopJumpForwardIfNotNone
            | Op::PopJumpBackwardIfFalse
            | Op::PopJumpBackwardIfTrue
            | Op::PopJumpBackwardIfNone
            | Op::PopJumpBackwardIfNotNone => -1,
            Op::LoadGlobal => (arg & 1) + 1,
            Op::PrepReraiseStar => -1,
            Op::Reraise => -1,
            Op::PushExcInfo => 1,
            Op::WithExceptStart => 1,
            Op::LoadFast => 1,
            Op::StoreFast => -1,
            Op::DeleteFast => 0,
            Op::ReturnGenerator => 0,
            Op::RaiseVarargs => -arg,
            Op::Precall => -arg,
            Op::KwNames => 0,
            Op::Call => -1,
            Op::CallFunctionEx => -2 - i32::from(arg & 1 != 0),
            Op::MakeFunction => {
                -((arg & 1) + ((arg >> 1) & 1) + ((arg >> 2) & 1) + ((arg >> 3) & 1))
            }
            Op::BuildSlice => {
                if arg == 3 {
                    -2
                } else {
                    -1
                }
            }
            Op::MakeCell | Op::CopyFreeVars => 0,
            Op::LoadClosure => 1,
            Op::LoadDeref | Op::LoadClassderef => 1,
            Op::StoreDeref => -1,
            Op::DeleteDeref => 0,
            Op::GetAwaitable => 0,
            Op::BeforeAsyncWith | Op::BeforeWith => 1,
            Op::GetAiter => 0,
            Op::GetAnext => 1,
            Op::GetYieldFromIter => 0,
            Op::EndAsyncFor => -2,
            Op::FormatValue => {
                if arg & 4 != 0 {
                    -1
                } else {
                    0
                }
            }
            Op::LoadMethod => 1,
            Op::LoadAssertionError => 1,
            Op::ListToTuple => 0,
            Op::ListExtend | Op::SetUpdate | Op::DictMerge | Op::DictUpdate => -1,
            Op::MatchClass => -2,
            Op::GetLen | Op::MatchMapping | Op::MatchSequence | Op::MatchKeys => 1,
            Op::Copy | Op::PushNull => 1,
            Op::BinaryOp => -1,
        },
    }
}

impl Graph {
    /// A new empty block.
    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(Block {
            startdepth: i32::MIN,
            ..Block::default()
        });
        self.blocks.len() - 1
    }

    /// The blocks in layout order from `entry`.
    fn order(&self, entry: BlockId) -> Vec<BlockId> {
        let mut out = Vec::new();
        let mut b = Some(entry);
        while let Some(id) = b {
            out.push(id);
            b = self.blocks[id].next;
        }
        out
    }

    /// Block ids newest first (CPython's `b_list` walk), of the blocks existing now.
    fn newest_first(&self) -> Vec<BlockId> {
        (0..self.blocks.len()).rev().collect()
    }

    /// Skips empty blocks from `b` on.
    fn skip_empty(&self, mut b: BlockId) -> BlockId {
        while self.blocks[b].instrs.is_empty() {
            match self.blocks[b].next {
                Some(n) => b = n,
                None => break,
            }
        }
        b
    }

    fn normalize(&mut self, b: BlockId) {
        let n = self.blocks[b].instrs.len();
        for i in 0..n {
            let op = self.blocks[b].instrs[i].op;
            if op.exits_scope() {
                self.blocks[b].exit = true;
                self.blocks[b].nofallthrough = true;
            }
            if matches!(op, IOp::Jump | IOp::JumpNoInterrupt) {
                self.blocks[b].nofallthrough = true;
            }
            if op.is_jump()
                && let Some(t) = self.blocks[b].instrs[i].target
            {
                let t = self.skip_empty(t);
                self.blocks[b].instrs[i].target = Some(t);
            }
        }
    }

    /// A block ending with an unconditional jump to a short exit block without line
    /// numbers (an implicit `return None`) gets a copy of that block instead.
    fn extend_block(&mut self, b: BlockId) {
        let Some(last) = self.blocks[b].last().copied() else {
            return;
        };
        if !matches!(
            last.op,
            IOp::Jump | IOp::Real(Op::JumpForward | Op::JumpBackward)
        ) {
            return;
        }
        let Some(t) = last.target else { return };
        let target = &self.blocks[t];
        if target.exit && target.instrs.len() <= 4 && !target.has_lineno() {
            let copy = target.instrs.clone();
            let block = &mut self.blocks[b];
            if let Some(l) = block.instrs.last_mut() {
                l.op = IOp::Real(Op::Nop);
            }
            block.instrs.extend(copy);
            block.exit = true;
        }
    }

    fn copy_block(&mut self, b: BlockId) -> BlockId {
        let id = self.new_block();
        self.blocks[id].instrs = self.blocks[b].instrs.clone();
        self.blocks[id].exit = self.blocks[b].exit;
        self.blocks[id].nofallthrough = true;
        id
    }

    fn mark_reachable(&mut self, entry: BlockId) {
        let mut stack = vec![entry];
        self.blocks[entry].predecessors = 1;
        while let Some(b) = stack.pop() {
            if let Some(n) = self.blocks[b].next
                && !self.blocks[b].nofallthrough
            {
                if self.blocks[n].predecessors == 0 {
                    stack.push(n);
                }
                self.blocks[n].predecessors += 1;
            }
            let targets: Vec<BlockId> = self.blocks[b]
                .instrs
                .iter()
                .filter(|i| i.op.is_jump() || i.op.is_block_push())
                .filter_map(|i| i.target)
                .collect();
            for t in targets {
                if self.blocks[t].predecessors == 0 {
                    stack.push(t);
                }
                self.blocks[t].predecessors += 1;
            }
        }
    }

    fn eliminate_empty_blocks(&mut self, entry: BlockId) {
        for b in self.order(entry) {
            if let Some(mut n) = self.blocks[b].next {
                while self.blocks[n].instrs.is_empty() {
                    match self.blocks[n].next {
                        Some(x) => n = x,
                        None => break,
                    }
                }
                self.blocks[b].next = Some(n);
            }
        }
        for b in self.order(entry) {
            if let Some(last) = self.blocks[b].instrs.last().copied()
                && last.op.is_jump()
                && let Some(t) = last.target
            {
                let t = self.skip_empty(t);
                if let Some(l) = self.blocks[b].instrs.last_mut() {
                    l.target = Some(t);
                }
            }
        }
    }

    /// Removes `NOP`s that carry no line of their own.
    pub fn clean_block(&mut self, b: BlockId) {
        let next_first_line = {
            let mut n = self.blocks[b].next;
            while let Some(x) = n {
                if !self.blocks[x].instrs.is_empty() {
                    break;
                }
                n = self.blocks[x].next;
            }
            n.map(|x| self.blocks[x].instrs[0].loc.line)
        };
        let instrs = &mut self.blocks[b].instrs;
        let mut out: Vec<Instr> = Vec::with_capacity(instrs.len());
        let mut prev_line = -1;
        let n = instrs.len();
        for src in 0..n {
            let ins = instrs[src];
            let line = ins.loc.line;
            if ins.op == IOp::Real(Op::Nop) {
                if line < 0 || prev_line == line {
                    continue;
                }
                if src + 1 < n {
                    let next_line = instrs[src + 1].loc.line;
                    if next_line == line {
                        continue;
                    }
                    if next_line < 0 {
                        instrs[src + 1].loc = ins.loc;
                        continue;
                    }
                } else if next_first_line == Some(line) {
                    continue;
                }
            }
            out.push(instrs[src]);
            prev_line = line;
        }
        *instrs = out;
    }

    /// The peephole pass over one block.
    fn optimize_block(&mut self, b: BlockId, consts: &mut Vec<Const>) {
        let mut i: isize = 0;
        while (i as usize) < self.blocks[b].instrs.len() {
            let iu = i as usize;
            let inst = self.blocks[b].instrs[iu];
            let next = self.blocks[b].instrs.get(iu + 1).copied();
            let nextop = next.map(|n| n.op);
            let target = if inst.op.is_jump() || inst.op.is_block_push() {
                let t = inst.target.map(|t| self.skip_empty(t));
                self.blocks[b].instrs[iu].target = t;
                t.and_then(|t| self.blocks[t].instrs.first().copied())
            } else {
                None
            };
            let top = target.map(|t| t.op);
            match inst.op {
                IOp::Real(Op::LoadConst) => {
                    let value = consts.get(inst.arg as usize).cloned();
                    match (nextop, value) {
                        (Some(IOp::PopJumpIfFalse | IOp::PopJumpIfTrue), Some(c)) => {
                            let truth = c.truthy();
                            self.blocks[b].instrs[iu].op = IOp::Real(Op::Nop);
                            let jump_if_true = nextop == Some(IOp::PopJumpIfTrue);
                            if truth == jump_if_true {
                                self.blocks[b].instrs[iu + 1].op = IOp::Jump;
                                self.blocks[b].nofallthrough = true;
                            } else {
                                self.blocks[b].instrs[iu + 1].op = IOp::Real(Op::Nop);
                            }
                        }
                        (Some(IOp::Real(Op::JumpIfFalseOrPop | Op::JumpIfTrueOrPop)), Some(c)) => {
                            let truth = c.truthy();
                            let jump_if_true = nextop == Some(IOp::Real(Op::JumpIfTrueOrPop));
                            if truth == jump_if_true {
                                self.blocks[b].instrs[iu + 1].op = IOp::Jump;
                                self.blocks[b].nofallthrough = true;
                            } else {
                                self.blocks[b].instrs[iu].op = IOp::Real(Op::Nop);
                                self.blocks[b].instrs[iu + 1].op = IOp::Real(Op::Nop);
                            }
                        }
                        (Some(IOp::Real(Op::IsOp)), Some(Const::None)) => {
                            let jump = self.blocks[b].instrs.get(iu + 2).map(|x| x.op);
                            if matches!(jump, Some(IOp::PopJumpIfFalse | IOp::PopJumpIfTrue)) {
                                let invert = next.map_or(0, |n| n.arg) != 0;
                                let on_false = jump == Some(IOp::PopJumpIfFalse);
                                self.blocks[b].instrs[iu].op = IOp::Real(Op::Nop);
                                self.blocks[b].instrs[iu + 1].op = IOp::Real(Op::Nop);
                                self.blocks[b].instrs[iu + 2].op = if invert ^ on_false {
                                    IOp::PopJumpIfNotNone
                                } else {
                                    IOp::PopJumpIfNone
                                };
                            }
                        }
                        _ => {}
                    }
                }
                IOp::Real(Op::BuildTuple) => {
                    let n = inst.arg as usize;
                    if let Some(nx) = next
                        && nx.op == IOp::Real(Op::UnpackSequence)
                        && nx.arg == inst.arg
                        && (1..=3).contains(&n)
                    {
                        self.blocks[b].instrs[iu].op = IOp::Real(Op::Nop);
                        self.blocks[b].instrs[iu + 1].op = if n == 1 {
                            IOp::Real(Op::Nop)
                        } else {
                            IOp::Real(Op::Swap)
                        };
                        i += 1;
                        continue;
                    }
                    if iu >= n {
                        self.fold_tuple(b, iu, n, consts);
                    }
                }
                IOp::Real(Op::JumpIfFalseOrPop) => match top {
                    Some(IOp::PopJumpIfFalse)
                        if self.jump_thread(b, iu, target, IOp::PopJumpIfFalse) =>
                    {
                        i -= 1;
                    }
                    Some(IOp::Jump | IOp::Real(Op::JumpIfFalseOrPop))
                        if self.jump_thread(b, iu, target, IOp::Real(Op::JumpIfFalseOrPop)) =>
                    {
                        i -= 1;
                    }
                    Some(IOp::Real(Op::JumpIfTrueOrPop) | IOp::PopJumpIfTrue) => {
                        if let Some(t) = target
                            && inst.loc.line == t.loc.line
                        {
                            self.retarget_past(b, iu, IOp::PopJumpIfFalse);
                            i -= 1;
                        }
                    }
                    _ => {}
                },
                IOp::Real(Op::JumpIfTrueOrPop) => match top {
                    Some(IOp::PopJumpIfTrue)
                        if self.jump_thread(b, iu, target, IOp::PopJumpIfTrue) =>
                    {
                        i -= 1;
                    }
                    Some(IOp::Jump | IOp::Real(Op::JumpIfTrueOrPop))
                        if self.jump_thread(b, iu, target, IOp::Real(Op::JumpIfTrueOrPop)) =>
                    {
                        i -= 1;
                    }
                    Some(IOp::Real(Op::JumpIfFalseOrPop) | IOp::PopJumpIfFalse) => {
                        if let Some(t) = target
                            && inst.loc.line == t.loc.line
                        {
                            self.retarget_past(b, iu, IOp::PopJumpIfTrue);
                            i -= 1;
                        }
                    }
                    _ => {}
                },
                IOp::PopJumpIfNone
                | IOp::PopJumpIfNotNone
                | IOp::PopJumpIfFalse
                | IOp::PopJumpIfTrue
                | IOp::Jump
                    if top == Some(IOp::Jump) && self.jump_thread(b, iu, target, inst.op) =>
                {
                    i -= 1;
                }
                IOp::Real(Op::Swap) => {
                    if inst.arg == 1 {
                        self.blocks[b].instrs[iu].op = IOp::Real(Op::Nop);
                    } else {
                        let mut ix = iu;
                        swaptimize(&mut self.blocks[b].instrs, &mut ix);
                        apply_static_swaps(&mut self.blocks[b].instrs, ix);
                        i = ix as isize;
                    }
                }
                IOp::Real(Op::PushNull) => {
                    if let Some(nx) = next
                        && nx.op == IOp::Real(Op::LoadGlobal)
                        && nx.arg & 1 == 0
                    {
                        self.blocks[b].instrs[iu].op = IOp::Real(Op::Nop);
                        self.blocks[b].instrs[iu].arg = 0;
                        self.blocks[b].instrs[iu + 1].arg |= 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Jump threading: `inst` jumps straight to where the jump at its target goes (with
    /// `op`), when both are on the same line.
    fn jump_thread(&mut self, b: BlockId, i: usize, target: Option<Instr>, op: IOp) -> bool {
        let Some(t) = target else { return false };
        let inst = self.blocks[b].instrs[i];
        if inst.loc.line == t.loc.line && inst.target != t.target {
            let ins = &mut self.blocks[b].instrs[i];
            ins.target = t.target;
            ins.op = op;
            return true;
        }
        false
    }

    fn retarget_past(&mut self, b: BlockId, i: usize, op: IOp) {
        let Some(t) = self.blocks[b].instrs[i].target else {
            return;
        };
        let after = self.blocks[t].next;
        let ins = &mut self.blocks[b].instrs[i];
        ins.op = op;
        ins.target = after;
    }

    fn fold_tuple(&mut self, b: BlockId, at: usize, n: usize, consts: &mut Vec<Const>) {
        let start = at - n;
        let instrs = &self.blocks[b].instrs;
        if !instrs[start..at]
            .iter()
            .all(|x| x.op == IOp::Real(Op::LoadConst))
        {
            return;
        }
        let items: Option<Vec<Const>> = instrs[start..at]
            .iter()
            .map(|x| consts.get(x.arg as usize).cloned())
            .collect();
        let Some(items) = items else { return };
        let tuple = Const::Tuple(items.into());
        let key = tuple.key();
        let index = match consts
            .iter()
            .position(|c| c.key() == key && same_kind(c, &tuple))
        {
            Some(i) => i,
            None => {
                consts.push(tuple);
                consts.len() - 1
            }
        };
        let instrs = &mut self.blocks[b].instrs;
        for x in &mut instrs[start..at] {
            x.op = IOp::Real(Op::Nop);
        }
        instrs[at].op = IOp::Real(Op::LoadConst);
        instrs[at].arg = index as u32;
    }
}

/// Constant lists search by identity in CPython: a folded tuple finds an equal tuple
/// already in the list only if it is the same object, which merging makes it for tuples.
fn same_kind(a: &Const, b: &Const) -> bool {
    matches!((a, b), (Const::Tuple(_), Const::Tuple(_)))
}

/// Replaces a run of `SWAP`s and `NOP`s by the shortest run with the same effect.
fn swaptimize(instrs: &mut [Instr], ix: &mut usize) {
    let start = *ix;
    let mut depth = instrs[start].arg as usize;
    let mut len = 0;
    let mut more = false;
    let limit = instrs.len() - start;
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        match instrs[start + len].op {
            IOp::Real(Op::Swap) => {
                depth = depth.max(instrs[start + len].arg as usize);
                more = true;
            }
            IOp::Real(Op::Nop) => {}
            _ => break,
        }
    }
    if !more {
        return;
    }
    let mut stack: Vec<isize> = (0..depth as isize).collect();
    for x in &instrs[start..start + len] {
        if x.op == IOp::Real(Op::Swap) {
            let k = x.arg as usize - 1;
            stack.swap(0, k);
        }
    }
    const VISITED: isize = -1;
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as isize {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let x = &mut instrs[start + current as usize];
                x.op = IOp::Real(Op::Swap);
                x.arg = j as u32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        instrs[start + current as usize].op = IOp::Real(Op::Nop);
        current -= 1;
    }
    *ix = start + len - 1;
}

fn swappable(op: IOp) -> bool {
    matches!(op, IOp::Real(Op::StoreFast | Op::PopTop))
}

fn stores_to(i: &Instr) -> Option<u32> {
    (i.op == IOp::Real(Op::StoreFast)).then_some(i.arg)
}

fn next_swappable(instrs: &[Instr], mut i: usize, line: Option<i32>) -> Option<usize> {
    loop {
        i += 1;
        let x = instrs.get(i)?;
        if let Some(l) = line
            && x.loc.line != l
        {
            return None;
        }
        if x.op == IOp::Real(Op::Nop) {
            continue;
        }
        return swappable(x.op).then_some(i);
    }
}

/// Turns `SWAP`s followed by stores or pops into reordered stores or pops.
fn apply_static_swaps(instrs: &mut [Instr], from: usize) {
    let mut i = from as isize;
    while i >= 0 {
        let iu = i as usize;
        let swap = instrs[iu];
        if swap.op != IOp::Real(Op::Swap) {
            if swap.op == IOp::Real(Op::Nop) || swappable(swap.op) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable(instrs, iu, None) else {
            return;
        };
        let mut k = j;
        let line = instrs[j].loc.line;
        let line = (line >= 0).then_some(line);
        for _ in 1..swap.arg {
            match next_swappable(instrs, k, line) {
                Some(x) => k = x,
                None => return,
            }
        }
        let store_j = stores_to(&instrs[j]);
        let store_k = stores_to(&instrs[k]);
        if store_j.is_some() || store_k.is_some() {
            if store_j == store_k {
                return;
            }
            for ins in &instrs[j + 1..k] {
                let s = stores_to(ins);
                if s.is_some() && (s == store_j || s == store_k) {
                    return;
                }
            }
        }
        instrs[iu].op = IOp::Real(Op::Nop);
        instrs.swap(j, k);
        i -= 1;
    }
}

/// An assembled instruction: what `dis` shows and the VM runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assembled {
    /// Offset in bytes.
    pub offset: u32,
    /// The opcode.
    pub op: Op,
    /// The full argument (for `EXTENDED_ARG`, the part it carries, shifted).
    pub arg: u32,
    /// The source line (`None` for an artificial instruction).
    pub line: Option<u32>,
    /// The source location.
    pub loc: Loc,
}

/// An entry of the exception table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First offset covered (bytes).
    pub start: u32,
    /// Offset after the last one covered.
    pub end: u32,
    /// The handler's offset.
    pub target: u32,
    /// The stack depth to unwind to.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed too.
    pub lasti: bool,
}

/// What assembly makes of a graph.
pub struct Output {
    /// The instructions.
    pub instrs: Vec<Assembled>,
    /// The exception table.
    pub exceptions: Vec<ExceptionEntry>,
    /// The deepest the stack gets.
    pub stacksize: u32,
}

impl Graph {
    /// The passes before the code is laid out (`optimize_cfg` and what follows it), then
    /// assembly. `consts` may grow (folded tuples) and shrink (unused trailing constants).
    pub fn finish(
        &mut self,
        entry: BlockId,
        consts: &mut Vec<Const>,
        firstlineno: i32,
        generator: bool,
    ) -> Output {
        // optimize_cfg
        for b in self.order(entry) {
            self.optimize_block(b, consts);
            self.clean_block(b);
        }
        for b in self.newest_first() {
            self.extend_block(b);
        }
        self.mark_reachable(entry);
        for b in self.order(entry) {
            if self.blocks[b].predecessors == 0 {
                self.blocks[b].instrs.clear();
                self.blocks[b].nofallthrough = false;
            }
        }
        self.eliminate_empty_blocks(entry);
        for b in self.order(entry) {
            self.clean_block(b);
        }
        let mut maybe_empty = false;
        for b in self.order(entry) {
            let next = self.blocks[b].next;
            if let Some(last) = self.blocks[b].instrs.last_mut()
                && matches!(last.op, IOp::Jump | IOp::JumpNoInterrupt)
                && last.target == next
                && next.is_some()
            {
                last.op = IOp::Real(Op::Nop);
                self.blocks[b].nofallthrough = false;
                maybe_empty = true;
            }
        }
        if maybe_empty {
            self.eliminate_empty_blocks(entry);
        }
        self.duplicate_exits_without_lineno();
        // trim_unused_consts: the first constant (a docstring or None) always stays.
        let mut max = 0;
        for b in self.order(entry) {
            for x in &self.blocks[b].instrs {
                if matches!(x.op, IOp::Real(Op::LoadConst | Op::KwNames)) && x.arg > max {
                    max = x.arg;
                }
            }
        }
        consts.truncate((max as usize + 1).min(consts.len()));
        self.propagate_line_numbers(entry);
        self.guarantee_lineno_for_exits(entry, firstlineno);
        let stacksize = self.stackdepth(entry, generator);
        self.label_exception_targets(entry);
        for b in self.order(entry) {
            for x in &mut self.blocks[b].instrs {
                if x.op.is_block_push() || x.op == IOp::PopBlock {
                    x.op = IOp::Real(Op::Nop);
                }
            }
        }
        for b in self.order(entry) {
            self.clean_block(b);
        }
        self.normalize_jumps(entry);
        self.assemble(entry, stacksize)
    }

    /// The passes `assemble` runs before the prefix instructions are inserted: the
    /// blocks' exit flags, and exit blocks copied into the jumps reaching them.
    pub fn prepare(&mut self) {
        for b in self.newest_first() {
            self.normalize(b);
        }
        for b in self.newest_first() {
            self.extend_block(b);
        }
    }

    fn duplicate_exits_without_lineno(&mut self) {
        for b in self.newest_first() {
            let Some(last) = self.blocks[b].instrs.last().copied() else {
                continue;
            };
            if !last.op.is_jump() {
                continue;
            }
            let Some(t) = last.target else { continue };
            if self.blocks[t].is_exit_without_lineno() && self.blocks[t].predecessors > 1 {
                let new = self.copy_block(t);
                self.blocks[new].instrs[0].loc = last.loc;
                if let Some(l) = self.blocks[b].instrs.last_mut() {
                    l.target = Some(new);
                }
                self.blocks[t].predecessors -= 1;
                self.blocks[new].predecessors = 1;
                self.blocks[new].next = self.blocks[t].next;
                self.blocks[t].next = Some(new);
            }
        }
        for b in self.newest_first() {
            while let Some(n) = self.blocks[b].next
                && self.blocks[n].instrs.is_empty()
            {
                self.blocks[b].next = self.blocks[n].next;
            }
        }
        for b in self.newest_first() {
            if self.blocks[b].nofallthrough || self.blocks[b].instrs.is_empty() {
                continue;
            }
            if let Some(n) = self.blocks[b].next
                && self.blocks[n].is_exit_without_lineno()
                && let Some(loc) = self.blocks[b].instrs.last().map(|l| l.loc)
            {
                self.blocks[n].instrs[0].loc = loc;
            }
        }
    }

    fn propagate_line_numbers(&mut self, entry: BlockId) {
        for b in self.order(entry) {
            if self.blocks[b].instrs.is_empty() {
                continue;
            }
            let mut prev = NO_LOC;
            for x in &mut self.blocks[b].instrs {
                if x.loc.line < 0 {
                    x.loc = prev;
                } else {
                    prev = x.loc;
                }
            }
            if !self.blocks[b].nofallthrough
                && let Some(n) = self.blocks[b].next
                && self.blocks[n].predecessors == 1
                && let Some(first) = self.blocks[n].instrs.first_mut()
                && first.loc.line < 0
            {
                first.loc = prev;
            }
            if let Some(last) = self.blocks[b].instrs.last().copied()
                && last.op.is_jump()
                && let Some(t) = last.target
                && self.blocks[t].predecessors == 1
                && let Some(first) = self.blocks[t].instrs.first_mut()
                && first.loc.line < 0
            {
                first.loc = prev;
            }
        }
    }

    fn guarantee_lineno_for_exits(&mut self, entry: BlockId, firstlineno: i32) {
        let mut line = firstlineno;
        for b in self.order(entry) {
            let Some(last) = self.blocks[b].instrs.last().copied() else {
                continue;
            };
            if last.loc.line < 0 {
                if last.op == IOp::Real(Op::ReturnValue) {
                    for x in &mut self.blocks[b].instrs {
                        x.loc.line = line;
                    }
                }
            } else {
                line = last.loc.line;
            }
        }
    }

    fn stackdepth(&mut self, entry: BlockId, generator: bool) -> u32 {
        for b in &mut self.blocks {
            b.startdepth = i32::MIN;
        }
        let mut stack: Vec<BlockId> = Vec::new();
        let mut maxdepth = 0;
        let push = |blocks: &mut Vec<Block>, stack: &mut Vec<BlockId>, b: BlockId, depth: i32| {
            if blocks[b].startdepth < depth && blocks[b].startdepth < 100 {
                blocks[b].startdepth = depth;
                stack.push(b);
            }
        };
        push(&mut self.blocks, &mut stack, entry, i32::from(generator));
        while let Some(b) = stack.pop() {
            let mut depth = self.blocks[b].startdepth;
            let mut next = self.blocks[b].next;
            let instrs = self.blocks[b].instrs.clone();
            for x in &instrs {
                let effect = stack_effect(x.op, x.arg, false);
                let new_depth = depth + effect;
                maxdepth = maxdepth.max(new_depth);
                if (x.op.is_jump() || x.op.is_block_push())
                    && let Some(t) = x.target
                {
                    let target_depth = depth + stack_effect(x.op, x.arg, true);
                    maxdepth = maxdepth.max(target_depth);
                    push(&mut self.blocks, &mut stack, t, target_depth);
                }
                depth = new_depth;
                if matches!(
                    x.op,
                    IOp::JumpNoInterrupt
                        | IOp::Jump
                        | IOp::Real(Op::ReturnValue | Op::RaiseVarargs | Op::Reraise)
                ) {
                    next = None;
                    break;
                }
            }
            if let Some(n) = next {
                push(&mut self.blocks, &mut stack, n, depth);
            }
        }
        maxdepth.max(0) as u32
    }

    fn label_exception_targets(&mut self, entry: BlockId) {
        for b in &mut self.blocks {
            b.visited = false;
        }
        let mut todo = vec![entry];
        self.blocks[entry].visited = true;
        self.blocks[entry].except_stack = Some(vec![None]);
        while let Some(b) = todo.pop() {
            let Some(mut stack) = self.blocks[b].except_stack.take() else {
                continue;
            };
            let mut handler = stack.last().copied().flatten();
            let n = self.blocks[b].instrs.len();
            let nofallthrough = self.blocks[b].nofallthrough;
            let mut stack_moved = false;
            for i in 0..n {
                let x = self.blocks[b].instrs[i];
                if x.op.is_block_push() {
                    let Some(t) = x.target else { continue };
                    if !self.blocks[t].visited {
                        self.blocks[t].except_stack = Some(stack.clone());
                        self.blocks[t].visited = true;
                        todo.push(t);
                    }
                    if matches!(x.op, IOp::SetupWith | IOp::SetupCleanup) {
                        self.blocks[t].preserve_lasti = true;
                    }
                    stack.push(Some(t));
                    handler = Some(t);
                } else if x.op == IOp::PopBlock {
                    stack.pop();
                    handler = stack.last().copied().flatten();
                } else if x.op.is_jump() {
                    self.blocks[b].instrs[i].except = handler;
                    if let Some(t) = x.target
                        && !self.blocks[t].visited
                    {
                        if nofallthrough {
                            self.blocks[t].except_stack = Some(std::mem::take(&mut stack));
                            stack_moved = true;
                        } else {
                            self.blocks[t].except_stack = Some(stack.clone());
                        }
                        self.blocks[t].visited = true;
                        todo.push(t);
                    }
                } else {
                    self.blocks[b].instrs[i].except = handler;
                }
            }
            if !nofallthrough
                && !stack_moved
                && let Some(nx) = self.blocks[b].next
                && !self.blocks[nx].visited
            {
                self.blocks[nx].except_stack = Some(stack);
                self.blocks[nx].visited = true;
                todo.push(nx);
            }
        }
    }

    fn normalize_jumps(&mut self, entry: BlockId) {
        for b in &mut self.blocks {
            b.visited = false;
        }
        for b in self.order(entry) {
            self.blocks[b].visited = true;
            let Some(last) = self.blocks[b].instrs.last().copied() else {
                continue;
            };
            if !last.op.is_jump() {
                continue;
            }
            let Some(t) = last.target else { continue };
            let forward = !self.blocks[t].visited;
            let op = match last.op {
                IOp::Jump => {
                    if forward {
                        Op::JumpForward
                    } else {
                        Op::JumpBackward
                    }
                }
                IOp::JumpNoInterrupt => {
                    if forward {
                        Op::JumpForward
                    } else {
                        Op::JumpBackwardNoInterrupt
                    }
                }
                IOp::PopJumpIfNotNone => {
                    if forward {
                        Op::PopJumpForwardIfNotNone
                    } else {
                        Op::PopJumpBackwardIfNotNone
                    }
                }
                IOp::PopJumpIfNone => {
                    if forward {
                        Op::PopJumpForwardIfNone
                    } else {
                        Op::PopJumpBackwardIfNone
                    }
                }
                IOp::PopJumpIfFalse => {
                    if forward {
                        Op::PopJumpForwardIfFalse
                    } else {
                        Op::PopJumpBackwardIfFalse
                    }
                }
                IOp::PopJumpIfTrue => {
                    if forward {
                        Op::PopJumpForwardIfTrue
                    } else {
                        Op::PopJumpBackwardIfTrue
                    }
                }
                _ => continue,
            };
            if let Some(l) = self.blocks[b].instrs.last_mut() {
                l.op = IOp::Real(op);
            }
        }
    }

    fn assemble(&mut self, entry: BlockId, stacksize: u32) -> Output {
        let order = self.order(entry);
        let size = |x: &Instr| -> u32 {
            let op = x.op.real().unwrap_or(Op::Nop);
            op.size(x.arg)
        };
        // Jump arguments and offsets, until no jump's EXTENDED_ARG prefixes change.
        loop {
            let mut total = 0;
            for &b in &order {
                self.blocks[b].offset = total;
                total += self.blocks[b].instrs.iter().map(size).sum::<u32>();
            }
            let mut changed = false;
            for &b in &order {
                let mut pos = self.blocks[b].offset;
                let n = self.blocks[b].instrs.len();
                for i in 0..n {
                    let x = self.blocks[b].instrs[i];
                    let before = size(&x);
                    pos += before;
                    if x.op.is_jump()
                        && let Some(t) = x.target
                    {
                        let target = self.blocks[t].offset;
                        let arg = pos.abs_diff(target);
                        self.blocks[b].instrs[i].arg = arg;
                        if size(&self.blocks[b].instrs[i]) != before {
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut instrs = Vec::new();
        let mut exceptions: Vec<ExceptionEntry> = Vec::new();
        let mut current: Option<(BlockId, u32)> = None;
        let mut pos: u32 = 0;
        for &b in &order {
            for x in &self.blocks[b].instrs {
                let Some(op) = x.op.real() else { continue };
                if x.except != current.map(|c| c.0) {
                    if let Some((h, start)) = current {
                        exceptions.push(self.entry(start, pos, h));
                    }
                    current = x.except.map(|h| (h, pos));
                }
                let line = (x.loc.line >= 0).then_some(x.loc.line as u32);
                let arg = if op.has_arg() { x.arg } else { 0 };
                let ext = op.size(arg) - 1 - u32::from(op.info().caches);
                for k in (1..=ext).rev() {
                    instrs.push(Assembled {
                        offset: pos * 2,
                        op: Op::ExtendedArg,
                        arg: arg >> (8 * k),
                        line,
                        loc: x.loc,
                    });
                    pos += 1;
                }
                instrs.push(Assembled {
                    offset: pos * 2,
                    op,
                    arg,
                    line,
                    loc: x.loc,
                });
                pos += 1 + u32::from(op.info().caches);
            }
        }
        if let Some((h, start)) = current {
            exceptions.push(self.entry(start, pos, h));
        }
        Output {
            instrs,
            exceptions,
            stacksize,
        }
    }

    fn entry(&self, start: u32, end: u32, handler: BlockId) -> ExceptionEntry {
        let h = &self.blocks[handler];
        let mut depth = h.startdepth - 1;
        if h.preserve_lasti {
            depth -= 1;
        }
        ExceptionEntry {
            start: start * 2,
            end: end * 2,
            target: h.offset * 2,
            depth: depth.max(0) as u32,
            lasti: h.preserve_lasti,
        }
    }
}
