//! Built-in Rust scenarios: drive the engine with plain closures through [`Ctx`], the same
//! handle the Python VM uses. They show the GIL without any Python front end.

use crate::engine::{Body, Ctx, Halt, MS, ThreadExit, ThreadSpec};
use crate::trace::{Nanos, Stream};

/// One "iteration" of a CPU-bound loop: ~20 ns, like `while n > 0: n -= 1` (C.2 row 1).
pub const ITERATION: Nanos = 20;

/// A CPU-bound loop of `iters` iterations with an eval-breaker check in each.
pub fn cpu_loop(ctx: &mut Ctx, iters: u64) -> Result<(), Halt> {
    for _ in 0..iters {
        ctx.elapse(ITERATION);
        ctx.checkpoint()?;
    }
    Ok(())
}

/// The demo: two CPU-bound threads (40 ms of work each) and an I/O-bound thread that
/// sleeps 10 ms and prints, four times. Shows forced 5 ms handoffs, and the I/O thread
/// waiting a whole interval for the GIL after each sleep (the convoy effect).
pub fn demo() -> Body {
    Box::new(|ctx: &mut Ctx| {
        let work = 40 * MS / ITERATION;
        let spec = |name: &str| ThreadSpec::named(name);
        let a = ctx.spawn(
            spec("Thread-1 (cpu)"),
            Box::new(move |c| finish(cpu_loop(c, work))),
        )?;
        let b = ctx.spawn(
            spec("Thread-2 (cpu)"),
            Box::new(move |c| finish(cpu_loop(c, work))),
        )?;
        let io = ctx.spawn(
            spec("Thread-3 (io)"),
            Box::new(|c: &mut Ctx| {
                for i in 0..4 {
                    c.sleep(10 * MS)?;
                    c.write(Stream::Stdout, &format!("io: round {i}\n"))?;
                    c.checkpoint()?;
                }
                Ok(ThreadExit::Returned)
            }),
        )?;
        for t in [a, b, io] {
            ctx.join(t, None)?;
        }
        ctx.write(Stream::Stdout, "done\n")?;
        Ok(ThreadExit::Returned)
    })
}

fn finish(r: Result<(), Halt>) -> Result<ThreadExit, Halt> {
    r.map(|()| ThreadExit::Returned)
}
