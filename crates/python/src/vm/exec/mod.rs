//! The dispatch loop: [`Vm::exec`] runs a frame's instructions. The hot path stays
//! inline here: locals, constants, small-int arithmetic and comparisons, the jumps of a
//! loop, returns and the fused superinstructions. Every other instruction family is one
//! function in a file of its own below, which the loop calls.

mod arith;
mod attrs;
mod calls;
mod containers;
mod flow;
mod gens;
mod handlers;
mod imports;
mod make;
mod names;
mod stack;

use std::sync::Arc;

use super::{Exit, Frame, Vm, ops, races};
use crate::bytecode::{Code, Instr};
use crate::compile;
use crate::value::{Flow, Value};
use gilscope_engine::GilMode;

/// The longest loop body [`Vm::idle_loop`] looks at: `while True: pass` has one NOP.
const IDLE_BODY: usize = 2;

impl Vm<'_> {
    /// At the back edge `pc` of a loop from `start` whose body is only NOPs: the thread
    /// holds the GIL and changes nothing anyone sees until its next check point that
    /// matters, so the engine skips the iterations before it (an endless `while True: pass`
    /// costs the host little, as in CPython, instead of a dispatch per iteration).
    fn idle_loop(&mut self, instrs: &[Instr], costs: &[u8], start: usize, pc: usize) {
        let Some(body) = instrs.get(start..pc) else {
            return;
        };
        if body.len() > IDLE_BODY || !body.iter().all(|i| matches!(i, Instr::Nop)) {
            return;
        }
        let period = costs
            .get(start..=pc)
            .map_or(0, |c| c.iter().map(|&x| u64::from(x)).sum::<u64>());
        self.ctx.idle_loop(period);
    }

    /// Runs `f` from its `pc` until it returns, yields or raises (the caller,
    /// [`Vm::run_frame`], handles the exception with the frame's blocks).
    pub(super) fn exec(&mut self, f: &mut Frame) -> Result<Exit, Flow> {
        let code = Arc::clone(&f.code);
        let gil = self.interp.config.gil;
        // CPython 3.9 polls the eval breaker between almost any two instructions, so no
        // instruction may stand for several (no superinstructions), and it has its own costs.
        let every = gil == GilMode::V39;
        let free = gil == GilMode::Off;
        let (instrs, costs) = if every {
            (&code.instrs[..], &code.costs39[..])
        } else {
            (&code.quick[..], &code.costs[..])
        };
        // 3.9: whether the instruction run last ended in `DISPATCH`, which polls the eval
        // breaker before the next; a frame polls on entry (and on resumption).
        let mut polled = true;
        let traced = code.file.traced;
        self.activations += 1;
        let activation = self.activations;
        // Simulated time of the instructions run since the clock was last updated; it is
        // added to the thread's clock before anything that can look at it.
        let mut acc: u64 = 0;
        if let Some(e) = f.throw.take()
            && let Some(exit) = self.exec_thrown(f, &code, e)?
        {
            return Ok(exit);
        }
        loop {
            let pc = f.pc;
            let Some(&ins) = instrs.get(pc) else {
                self.ctx.elapse(acc);
                return Ok(Exit::Return(Value::None));
            };
            f.pc = pc + 1;
            if every {
                // The poll comes before the instruction: the time up to it is the
                // previous instructions'.
                if polled && !compile::skips_poll39(&ins) {
                    self.ctx.elapse(acc);
                    acc = 0;
                    self.check(f)?;
                }
                polled = !compile::fast_dispatch39(&ins);
            }
            acc += u64::from(costs.get(pc).copied().unwrap_or(0));
            if fast_path(f, &code, ins) {
                continue;
            }
            if let Some(extra) = fused(f, &code, ins) {
                // The fused instructions after the first, at their own costs.
                acc += costs
                    .get(pc + 1..pc + 1 + extra)
                    .map_or(0, |c| c.iter().map(|&x| u64::from(x)).sum::<u64>());
                continue;
            }
            if let Instr::JumpBackward(t) = ins {
                f.pc = t as usize;
                self.ctx.elapse(acc);
                acc = 0;
                if !every && !free {
                    self.idle_loop(instrs, costs, t as usize, pc);
                }
                self.check_on(f, pc)?;
                continue;
            }
            self.ctx.elapse(acc);
            acc = 0;
            if traced && let Some(l) = code.locs.get(pc) {
                self.loc = *l;
            }
            // Free-threaded: memory other threads can see is where cores meet, so the
            // engine lets threads that are behind in time go first (races come from timing).
            if free && ins.info().shared {
                if traced {
                    self.ctx.set_line(code.line_of(pc));
                }
                self.ctx.shared_access()?;
            }
            // Lost updates: a store is checked before it runs, a load's value after.
            let load = if traced && races::watched(ins) && self.tracking_races() {
                self.race_before(f, &code, pc, ins, activation)?
            } else {
                None
            };
            match ins {
                Instr::LoadFast(i) => match &f.locals[i as usize] {
                    Some(v) => {
                        let v = v.clone();
                        f.stack.push(v);
                    }
                    None => return Err(self.unbound_local(&code.varnames[i as usize])),
                },
                Instr::StoreFast(i) => {
                    let v = f.pop();
                    self.name_object(&v, &code.varnames[i as usize]);
                    f.locals[i as usize] = Some(v);
                }
                Instr::LoadConst(i) => f.stack.push(code.consts[i as usize].clone()),
                Instr::BinaryOp(op, inplace) => {
                    let b = f.pop();
                    let a = f.pop();
                    let r = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => match ops::int_fast(op, *x, *y) {
                            Some(v) => v,
                            None => self.binary_op(a, b, op, inplace)?,
                        },
                        _ => self.binary_op(a, b, op, inplace)?,
                    };
                    f.stack.push(r);
                }
                Instr::CompareOp(op) => {
                    let b = f.pop();
                    let a = f.pop();
                    let r = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => Value::Bool(ops::cmp_i64(op, *x, *y)),
                        _ => self.compare(a, b, op)?,
                    };
                    f.stack.push(r);
                }
                Instr::PopJumpIfFalse(t) => {
                    let v = f.pop();
                    let truth = match v {
                        Value::Bool(b) => b,
                        other => self.truthy(&other)?,
                    };
                    if !truth {
                        f.pc = t as usize;
                    }
                }
                Instr::PopJumpIfTrue(t) => {
                    let v = f.pop();
                    let truth = match v {
                        Value::Bool(b) => b,
                        other => self.truthy(&other)?,
                    };
                    if truth {
                        f.pc = t as usize;
                    }
                }
                // Handled before the dispatch (the idle-loop skip); its check point is the
                // table's, below.
                Instr::JumpBackward(t) => f.pc = t as usize,
                Instr::Jump(t) => f.pc = t as usize,
                Instr::Resume | Instr::Nop => {}
                Instr::ForIter(t) => {
                    let it = f.top().clone();
                    match self.next(&it)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.pop();
                            f.pc = t as usize;
                        }
                    }
                }
                Instr::ReturnValue => return Ok(Exit::Return(f.pop())),
                Instr::CmpFastConstJump { .. }
                | Instr::CmpFastFastJump { .. }
                | Instr::OpFastConst { .. }
                | Instr::OpFastFast { .. } => {
                    // Not small ints: run the first fused instruction (a LOAD_FAST); the
                    // rest follow one by one.
                    let Some(&Instr::LoadFast(i)) = code.instrs.get(pc) else {
                        continue;
                    };
                    match f.locals.get(i as usize).cloned().flatten() {
                        Some(v) => f.stack.push(v),
                        None => return Err(self.unbound_local(&code.varnames[i as usize])),
                    }
                }
                Instr::ForIterStore { target, .. } => {
                    let it = f.top().clone();
                    match self.next(&it)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.pop();
                            f.pc = target as usize;
                        }
                    }
                }
                Instr::LoadGlobal(_)
                | Instr::StoreGlobal(_)
                | Instr::DeleteGlobal(_)
                | Instr::LoadName(_)
                | Instr::StoreName(_)
                | Instr::DeleteName(_)
                | Instr::DeleteFast(_)
                | Instr::LoadDeref(_)
                | Instr::StoreDeref(_)
                | Instr::LoadClosure(_) => self.exec_names(f, &code, ins)?,
                Instr::PopTop | Instr::Copy(_) | Instr::Swap(_) => {
                    self.exec_stack(f, &code, pc, ins)?;
                }
                Instr::UnaryOp(_) | Instr::IsOp(_) | Instr::ContainsOp(_) => {
                    self.exec_arith(f, ins)?;
                }
                Instr::BuildTuple(_)
                | Instr::BuildList(_)
                | Instr::BuildSet(_)
                | Instr::BuildMap(_)
                | Instr::BuildSlice(_)
                | Instr::BuildString(_)
                | Instr::ListAppend(_)
                | Instr::SetAdd(_)
                | Instr::SetUpdate(_)
                | Instr::MapAdd(_)
                | Instr::ListExtend(_)
                | Instr::DictUpdate(_)
                | Instr::ListToTuple
                | Instr::FormatValue(..)
                | Instr::UnpackSequence(_)
                | Instr::UnpackEx(..) => self.exec_containers(f, ins)?,
                Instr::LoadAttr(_)
                | Instr::StoreAttr(_)
                | Instr::DeleteAttr(_)
                | Instr::BinarySubscr
                | Instr::StoreSubscr
                | Instr::DeleteSubscr => self.exec_attrs(f, &code, ins)?,
                Instr::Call(_) | Instr::CallMethod(..) | Instr::CallKw(..) | Instr::CallEx(_) => {
                    self.exec_calls(f, &code, pc, ins)?;
                }
                Instr::GetIter | Instr::JumpIfFalseOrPop(_) | Instr::JumpIfTrueOrPop(_) => {
                    self.exec_flow(f, ins)?;
                }
                Instr::SetupExcept(_)
                | Instr::SetupFinally(_)
                | Instr::SetupWith(_)
                | Instr::PopBlock
                | Instr::BeforeWith
                | Instr::WithExit
                | Instr::WithExceptStart
                | Instr::PushExcInfo
                | Instr::PopExcept
                | Instr::StarBegin
                | Instr::StarMatch
                | Instr::StarRaised
                | Instr::StarEnd
                | Instr::CheckExcMatch
                | Instr::Reraise
                | Instr::Raise(_)
                | Instr::LoadAssertionError => self.exec_handlers(f, &code, pc, ins)?,
                Instr::ImportName(_) | Instr::ImportFrom(_) | Instr::ImportStar => {
                    self.exec_imports(f, &code, pc, ins)?;
                }
                Instr::YieldValue
                | Instr::YieldFrom
                | Instr::GetAwaitable
                | Instr::BeforeAsyncWith
                | Instr::AsyncWithExit
                | Instr::AsyncWithExceptStart
                | Instr::AsyncWithExceptEnd
                | Instr::GetAIter
                | Instr::GetANext
                | Instr::EndAsyncFor
                | Instr::AsyncGenWrap => {
                    if let Some(exit) = self.exec_gens(f, &code, pc, ins)? {
                        return Ok(exit);
                    }
                }
                Instr::MakeFunction(..) | Instr::MakeClass(..) => {
                    self.exec_make(f, &code, pc, ins)?;
                }
            }
            // The check points of the instruction table: RESUME, and after each call
            // (docs/gil.md, check points).
            if ins.is_check_point() {
                self.check_on(f, pc)?;
            }
            if let Some(load) = load {
                self.race_after(load, f, &code, pc, activation);
            }
        }
    }
}

/// The error for an instruction the dispatch loop sent to a family that does not hold it
/// (a slip in the dispatch table, never a program's doing).
#[cold]
fn misrouted(ins: Instr) -> Flow {
    Flow::Unsupported(format!("{ins:?} reached the wrong instruction family"))
}

/// Runs a superinstruction on small ints; `Some(n)` with the number of instructions it
/// stood for beyond the first, `None` to fall back to the first instruction alone.
#[inline(always)]
fn fused(f: &mut Frame, code: &Code, ins: Instr) -> Option<usize> {
    let local = |f: &Frame, i: u16| match f.locals.get(usize::from(i)) {
        Some(Some(Value::Int(x))) => Some(*x),
        _ => None,
    };
    let konst = |k: u16| match code.consts.get(usize::from(k)) {
        Some(Value::Int(x)) => Some(*x),
        _ => None,
    };
    match ins {
        Instr::CmpFastConstJump {
            a,
            k,
            op,
            jt,
            target,
        } => {
            let (x, y) = (local(f, a)?, konst(k)?);
            if ops::cmp_i64(op, x, y) == jt {
                f.pc = target as usize;
            } else {
                f.pc += 3;
            }
            Some(3)
        }
        Instr::CmpFastFastJump {
            a,
            b,
            op,
            jt,
            target,
        } => {
            let (x, y) = (local(f, a)?, local(f, b)?);
            if ops::cmp_i64(op, x, y) == jt {
                f.pc = target as usize;
            } else {
                f.pc += 3;
            }
            Some(3)
        }
        Instr::OpFastConst { a, k, op, dst } => {
            let r = ops::int_arith(op, local(f, a)?, konst(k)?)?;
            store_int(f, dst, r);
            f.pc += 3;
            Some(3)
        }
        Instr::OpFastFast { a, b, op, dst } => {
            let r = ops::int_arith(op, local(f, a)?, local(f, b)?)?;
            store_int(f, dst, r);
            f.pc += 3;
            Some(3)
        }
        Instr::ForIterStore { target, dst } => {
            let Some(Value::Iter(it)) = f.stack.last() else {
                return None;
            };
            let mut g = it.lock();
            let crate::value::Iter::Range { next, stop, step } = &mut *g else {
                return None;
            };
            let cur = *next;
            if (*step > 0 && cur < *stop) || (*step < 0 && cur > *stop) {
                *next = cur.saturating_add(*step);
                drop(g);
                store_int(f, dst, cur);
                f.pc += 1;
            } else {
                drop(g);
                f.stack.pop();
                f.pc = target as usize;
            }
            Some(1)
        }
        _ => None,
    }
}

#[inline(always)]
fn store_int(f: &mut Frame, slot: u16, v: i64) {
    if let Some(s) = f.locals.get_mut(usize::from(slot)) {
        match s {
            Some(Value::Int(x)) => *x = v,
            other => *other = Some(Value::Int(v)),
        }
    }
}

/// Executes the hot instructions that never call out (locals, constants, small-int
/// arithmetic and comparisons, jumps on bools) without touching the clock or dropping
/// values through the generic path; returns false to let the general path handle `ins`.
#[inline(always)]
fn fast_path(f: &mut Frame, code: &Code, ins: Instr) -> bool {
    match ins {
        Instr::LoadFast(i) => match f.locals.get(i as usize) {
            Some(Some(Value::Int(x))) => {
                let x = *x;
                f.stack.push(Value::Int(x));
                true
            }
            Some(Some(v)) => {
                let v = v.clone();
                f.stack.push(v);
                true
            }
            _ => false,
        },
        Instr::LoadConst(k) => match code.consts.get(k as usize) {
            Some(Value::Int(x)) => {
                f.stack.push(Value::Int(*x));
                true
            }
            Some(v) => {
                f.stack.push(v.clone());
                true
            }
            None => false,
        },
        Instr::StoreFast(i) => {
            let Some(slot) = f.locals.get_mut(i as usize) else {
                return false;
            };
            match (f.stack.last(), slot) {
                // A lock or another synchronisation object: the general path names it
                // after the variable (`lock_a` rather than `Lock`).
                (Some(Value::Native(_)), _) => return false,
                (Some(Value::Int(x)), Some(Value::Int(old))) => {
                    *old = *x;
                    std::mem::forget(f.stack.pop());
                }
                (_, slot) => *slot = f.stack.pop(),
            }
            true
        }
        Instr::BinaryOp(op, _) => {
            let n = f.stack.len();
            if n < 2 {
                return false;
            }
            let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                return false;
            };
            let Some(r) = ops::int_arith(op, *x, *y) else {
                return false;
            };
            if let Value::Int(slot) = &mut f.stack[n - 2] {
                *slot = r;
            }
            // An int needs no drop: skip the generic drop glue.
            std::mem::forget(f.stack.pop());
            true
        }
        Instr::CompareOp(op) => {
            let n = f.stack.len();
            if n < 2 {
                return false;
            }
            let (Value::Int(x), Value::Int(y)) = (&f.stack[n - 2], &f.stack[n - 1]) else {
                return false;
            };
            let b = ops::cmp_i64(op, *x, *y);
            std::mem::forget(std::mem::replace(&mut f.stack[n - 2], Value::Bool(b)));
            std::mem::forget(f.stack.pop());
            true
        }
        Instr::PopJumpIfFalse(t) | Instr::PopJumpIfTrue(t) => {
            let Some(Value::Bool(b)) = f.stack.last() else {
                return false;
            };
            let jump = *b == matches!(ins, Instr::PopJumpIfTrue(_));
            std::mem::forget(f.stack.pop());
            if jump {
                f.pc = t as usize;
            }
            true
        }
        Instr::Jump(t) => {
            f.pc = t as usize;
            true
        }
        Instr::Nop => true,
        _ => false,
    }
}
