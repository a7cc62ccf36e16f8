//! Helpers shared by the engine tests: Rust-closure scenarios and trace queries.
#![allow(dead_code)]

use gilscope::demo::cpu_loop;
use gilscope::engine::{self, Body, Ctx, Halt, MS, Options, ThreadExit, ThreadSpec};
use gilscope::trace::{Event, EventKind, Nanos, Store, Tid};

/// Runs `main` with `options` and returns its trace.
pub fn trace(options: Options, main: Body) -> Store {
    Store::from_chunks(engine::run_to_end(options, main))
}

/// Options with a seed and a switch interval in ms.
pub fn opts(seed: u64, interval_ms: f64) -> Options {
    Options {
        seed,
        switch_interval: (interval_ms * MS as f64) as Nanos,
        ..Options::default()
    }
}

/// A thread body running a CPU-bound loop for `ns` of simulated time.
pub fn cpu_body(ns: Nanos) -> Body {
    Box::new(move |c: &mut Ctx| {
        cpu_loop(c, ns / gilscope::demo::ITERATION)?;
        Ok(ThreadExit::Returned)
    })
}

/// Main starts `n` CPU-bound threads of `ns` each and joins them.
pub fn cpu_threads(n: usize, ns: Nanos) -> Body {
    Box::new(move |ctx: &mut Ctx| {
        let mut tids = Vec::new();
        for i in 0..n {
            tids.push(ctx.spawn(ThreadSpec::named(format!("cpu-{}", i + 1)), cpu_body(ns))?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        Ok(ThreadExit::Returned)
    })
}

/// Shorthand for a body from a closure.
pub fn body(f: impl FnOnce(&mut Ctx) -> Result<(), Halt> + Send + 'static) -> Body {
    Box::new(move |c: &mut Ctx| f(c).map(|()| ThreadExit::Returned))
}

/// Events matching `pred`, in order.
pub fn events_where(store: &Store, pred: impl Fn(&Event) -> bool) -> Vec<Event> {
    store.events().iter().copied().filter(|e| pred(e)).collect()
}

/// Times of GIL acquisitions that switched thread, with the new holder.
pub fn switches(store: &Store) -> Vec<(Nanos, Tid)> {
    store
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::GilTake { switch: true } => Some((e.t, e.tid)),
            _ => None,
        })
        .collect()
}

/// Median of a non-empty list.
pub fn median(mut v: Vec<Nanos>) -> Nanos {
    v.sort_unstable();
    v[v.len() / 2]
}

/// The characters of a rendered screen, a line per row.
pub fn text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
