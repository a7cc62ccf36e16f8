//! Engine and trace benchmarks. Run with `cargo bench --bench engine`; the figures are
//! recorded in `docs/PERFORMANCE.md`.

use std::thread;

use crossbeam::channel::bounded;
use divan::{Bencher, black_box};
use gilscope::demo::cpu_loop;
use gilscope::engine::{self, Body, Ctx, MS, Options, Primitive, SEC, ThreadExit, ThreadSpec};
use gilscope::trace::{Chunk, Event, Store};

fn main() {
    let (events, per_event, total) = bytes_per_event();
    println!(
        "trace memory for {events} events: {per_event:.1} bytes per event in the event log, \
         {total:.1} bytes per event with every index and text"
    );
    divan::main();
}

/// A long trace of the kind a CPU-bound scenario records (handoffs, waits, requests).
fn sample_events(n: usize) -> (Chunk, Vec<Event>) {
    let chunks = engine::run_to_end(Options::default(), gilscope::demo::demo());
    let store = Store::from_chunks(chunks);
    let base = store.to_chunk();
    let span = store.clock() + 1;
    let mut events = Vec::with_capacity(n);
    let mut round = 0;
    while events.len() < n {
        for e in &base.events {
            let mut e = *e;
            e.t += span * round;
            events.push(e);
            if events.len() == n {
                break;
            }
        }
        round += 1;
    }
    let meta = Chunk {
        events: Vec::new(),
        end: None,
        ..base
    };
    (meta, events)
}

fn bytes_per_event() -> (usize, f64, f64) {
    let (meta, events) = sample_events(1_000_000);
    let n = events.len();
    let mut store = Store::new();
    store.ingest(meta);
    store.ingest(Chunk {
        events,
        ..Chunk::default()
    });
    let (ev, total) = store.memory();
    (n, ev as f64 / n as f64, total as f64 / n as f64)
}

/// Events per second through the bounded channel (chunks of 4096, as the engine sends
/// them) into the trace store, producer and consumer on two threads.
#[divan::bench(sample_count = 10)]
fn channel_and_store_1m_events(bencher: Bencher) {
    let (meta, events) = sample_events(1_000_000);
    bencher
        .counter(divan::counter::ItemsCount::new(events.len()))
        .with_inputs(|| (meta.clone(), events.clone()))
        .bench_values(|(meta, events)| {
            let (tx, rx) = bounded::<Chunk>(16);
            let producer = thread::spawn(move || {
                let _ = tx.send(meta);
                for part in events.chunks(4096) {
                    let _ = tx.send(Chunk {
                        events: part.to_vec(),
                        ..Chunk::default()
                    });
                }
            });
            let mut store = Store::new();
            for chunk in rx {
                store.ingest(chunk);
            }
            let _ = producer.join();
            black_box(store.events().len())
        });
}

/// The whole pipeline: threads doing nothing but blocking calls (every one releases and
/// re-takes the GIL), through the engine, the channel and the store.
#[divan::bench(sample_count = 10)]
fn engine_event_rate(bencher: Bencher) {
    let events = blocking_calls_trace().events().len();
    bencher
        .counter(divan::counter::ItemsCount::new(events))
        .bench(|| black_box(blocking_calls_trace().events().len()));
}

fn blocking_calls_trace() -> Store {
    let main: Body = Box::new(|ctx: &mut Ctx| {
        let lock = ctx.create(Primitive::Lock, "l");
        let mut tids = Vec::new();
        for i in 0..4 {
            let b: Body = Box::new(move |c: &mut Ctx| {
                for _ in 0..5_000 {
                    c.sleep(0)?;
                    let _ = c.acquire(lock, true, None);
                    c.compute(1_000)?;
                    let _ = c.release(lock, 1);
                }
                Ok(ThreadExit::Returned)
            });
            tids.push(ctx.spawn(ThreadSpec::named(format!("t{i}")), b)?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        Ok(ThreadExit::Returned)
    });
    Store::from_chunks(engine::run_to_end(Options::default(), main))
}

/// Host time to simulate four CPU-bound threads (20 ns iterations, a check point each)
/// for 10 simulated seconds.
#[divan::bench(sample_count = 3)]
fn four_cpu_threads_10_simulated_seconds() -> usize {
    let main: Body = Box::new(|ctx: &mut Ctx| {
        let mut tids = Vec::new();
        for i in 0..4 {
            let b: Body = Box::new(|c: &mut Ctx| {
                cpu_loop(c, 10 * SEC / 4 / 20)?;
                Ok(ThreadExit::Returned)
            });
            tids.push(ctx.spawn(ThreadSpec::named(format!("cpu{i}")), b)?);
        }
        for t in tids {
            ctx.join(t, None)?;
        }
        Ok(ThreadExit::Returned)
    });
    let store = Store::from_chunks(engine::run_to_end(Options::default(), main));
    assert!(store.clock() >= 10 * SEC - 10 * MS);
    store.events().len()
}
