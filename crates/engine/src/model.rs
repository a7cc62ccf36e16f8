//! What the operating system decides in reality, drawn from one seeded RNG, and the CPU cost
//! of the runtime's own work. Calibrated on the table in docs/gil.md (figures below).

use rand_core::Rng;
use rand_pcg::Pcg64Mcg;

use gilscope_trace::Nanos;

/// Nanoseconds per microsecond.
pub const US: Nanos = 1_000;
/// Nanoseconds per millisecond.
pub const MS: Nanos = 1_000_000;
/// Nanoseconds per second.
pub const SEC: Nanos = 1_000_000_000;

/// The seeded source of everything the OS would decide.
#[derive(Clone, Debug)]
pub struct OsRng(Pcg64Mcg);

impl OsRng {
    /// A generator for `seed`; the same seed always gives the same draws.
    pub fn new(seed: u64) -> Self {
        // Spread the seed so that nearby seeds do not give correlated first draws.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let state = (u128::from(z) << 64) | u128::from(z ^ (z >> 31) | 1);
        OsRng(Pcg64Mcg::new(state))
    }

    /// A uniform draw in `[0, 2^64)`.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform draw in `[lo, hi]`.
    pub fn uniform(&mut self, lo: Nanos, hi: Nanos) -> Nanos {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// A uniform index in `[0, n)`; `n` must be positive.
    pub fn index(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// An exponential draw with the given mean, capped at `cap`.
    pub fn exponential(&mut self, mean: Nanos, cap: Nanos) -> Nanos {
        // 53 random bits give a uniform in (0, 1]; -ln(u) is exponential with mean 1.
        let u = ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64;
        let x = -u.ln() * mean as f64;
        (x as Nanos).min(cap)
    }
}

/// `os.write` of a 34-byte line to a tmux pane, 3 × 40,000 writes (`docs/engine.md`): fast
/// (1.4 µs), or 5-6 µs when the terminal's reader is woken, a cluster at 16-18 µs, rare
/// longer ones. The millisecond tail measured (preemption) is left to the scheduler model.
const WRITE_QUANTILES: &[(f64, Nanos)] = &[
    (0.0, 1_300),
    (0.10, 1_400),
    (0.25, 2_800),
    (0.50, 4_400),
    (0.75, 5_900),
    (0.90, 15_000),
    (0.95, 17_600),
    (0.97, 18_600),
    (0.98, 20_000),
    (0.99, 27_800),
    (0.995, 32_500),
    (0.999, 100 * US),
    (1.0, 200 * US),
];

/// A draw from a distribution given by its quantiles (linear between them).
fn quantile_draw(table: &[(f64, Nanos)], rng: &mut OsRng) -> Nanos {
    let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let i = table.partition_point(|&(q, _)| q <= u);
    match (i.checked_sub(1).and_then(|j| table.get(j)), table.get(i)) {
        (Some(&(q0, v0)), Some(&(q1, v1))) => {
            let f = (u - q0) / (q1 - q0).max(f64::MIN_POSITIVE);
            v0 + ((v1 - v0) as f64 * f) as Nanos
        }
        (Some(&(_, v)), None) | (None, Some(&(_, v))) => v,
        (None, None) => 0,
    }
}

/// Timing model of the OS and of the interpreter's runtime work, in simulated nanoseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct OsModel {
    /// Wake-up latency of a thread signalled on a condition variable or woken from a
    /// blocking call, with at most two threads competing for the GIL: calibration row 5, 15-30 us.
    pub wake_few: (Nanos, Nanos),
    /// The same with three or more competing threads: calibration row 5, 30-50 us.
    pub wake_many: (Nanos, Nanos),
    /// Timer slack added to every timed wait and sleep: a fixed part plus an exponential
    /// tail (Linux's default 50 us slack plus scheduling noise). Calibration rows 2, 9, 10.
    pub slack_base: Nanos,
    /// Mean of the exponential part of the slack.
    pub slack_mean: Nanos,
    /// Cap of the exponential part of the slack.
    pub slack_cap: Nanos,
    /// From `start()` asking for a new OS thread to that thread running: calibration row 11.
    pub thread_start: (Nanos, Nanos),
    /// CPU time of `start()` before it blocks on the new thread's start-up.
    pub spawn_cost: Nanos,
    /// CPU time of the new thread's bootstrap before it signals "started" and runs its target.
    pub bootstrap_cost: Nanos,
    /// CPU time of a thread's tear-down after its target returned.
    pub end_cost: Nanos,
    /// Duration of one `write()` of a short line to a terminal, as quantiles `(fraction,
    /// ns)` to draw from: measured on a tmux pty (see `docs/engine.md`). Its tail decides
    /// how often a thread that waits for the GIL gets it while the writer is in `write()`.
    pub write_quantiles: &'static [(f64, Nanos)],
    /// Per byte part of a terminal write.
    pub write_per_byte: Nanos,
    /// CPU time of a GIL release or acquisition itself (mutex, condition signal).
    pub gil_op: Nanos,
    /// CPU time of an uncontended lock, event or semaphore operation.
    pub sync_op: Nanos,
    /// CPU time of `fork()` in the parent (`Process.start()`).
    pub fork_cost: Nanos,
    /// From `fork()` to the child process running.
    pub process_start: (Nanos, Nanos),
    /// The OS scheduler's target latency: runnable threads share it when they outnumber
    /// the cores (Linux CFS `sched_latency`, 6 ms).
    pub sched_latency: Nanos,
    /// The shortest time slice (CFS `sched_min_granularity`, 0.75 ms).
    pub min_slice: Nanos,
    /// A waking thread preempts a runner that has run at least this long (CFS
    /// `sched_wakeup_granularity`, 1 ms).
    pub wakeup_granularity: Nanos,
}

impl Default for OsModel {
    fn default() -> Self {
        OsModel {
            wake_few: (15 * US, 30 * US),
            wake_many: (30 * US, 50 * US),
            slack_base: 50 * US,
            slack_mean: 20 * US,
            slack_cap: 2 * MS,
            thread_start: (25 * US, 45 * US),
            spawn_cost: 10 * US,
            bootstrap_cost: 8 * US,
            end_cost: 5 * US,
            write_quantiles: WRITE_QUANTILES,
            write_per_byte: 10,
            gil_op: 150,
            sync_op: 100,
            fork_cost: 300 * US,
            process_start: (800 * US, 1200 * US),
            sched_latency: 6 * MS,
            min_slice: 750 * US,
            wakeup_granularity: MS,
        }
    }
}

impl OsModel {
    /// How long the OS takes to run a thread it just woke, given how many threads are alive.
    pub fn wake_latency(&self, rng: &mut OsRng, live_threads: usize) -> Nanos {
        let (lo, hi) = if live_threads <= 2 {
            self.wake_few
        } else {
            self.wake_many
        };
        rng.uniform(lo, hi)
    }

    /// How late a timed wait or sleep actually ends.
    pub fn timer_slack(&self, rng: &mut OsRng) -> Nanos {
        self.slack_base + rng.exponential(self.slack_mean, self.slack_cap)
    }

    /// Delay between asking for a new OS thread and that thread running.
    pub fn thread_start_latency(&self, rng: &mut OsRng) -> Nanos {
        rng.uniform(self.thread_start.0, self.thread_start.1)
    }

    /// A time slice when `runnable` threads share `cores` cores.
    pub fn slice(&self, runnable: usize, cores: usize) -> Nanos {
        let share = self.sched_latency * cores.max(1) as Nanos / runnable.max(1) as Nanos;
        share.max(self.min_slice)
    }

    /// Duration of a terminal write of `len` bytes.
    pub fn write_duration(&self, rng: &mut OsRng, len: usize) -> Nanos {
        quantile_draw(self.write_quantiles, rng) + self.write_per_byte * len as Nanos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_draws_other_seed_other_draws() {
        let mut a = OsRng::new(7);
        let mut b = OsRng::new(7);
        let mut c = OsRng::new(8);
        let xa: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn uniform_stays_in_bounds_and_exponential_has_its_mean() {
        let mut r = OsRng::new(1);
        for _ in 0..10_000 {
            let x = r.uniform(15, 30);
            assert!((15..=30).contains(&x));
        }
        let n = 100_000;
        let total: u64 = (0..n).map(|_| r.exponential(20_000, 2_000_000)).sum();
        let mean = total / n;
        assert!((19_000..21_000).contains(&mean), "mean {mean}");
    }

    #[test]
    fn terminal_writes_follow_their_measured_quantiles() {
        let m = OsModel::default();
        let mut r = OsRng::new(3);
        let mut d: Vec<Nanos> = (0..100_000).map(|_| m.write_duration(&mut r, 0)).collect();
        d.sort_unstable();
        let at = |q: f64| d[(q * d.len() as f64) as usize];
        assert!((4_200..4_600).contains(&at(0.5)), "median {}", at(0.5));
        assert!((14_500..15_500).contains(&at(0.9)), "p90 {}", at(0.9));
        assert!((1_300..=1_400).contains(&d[0]));
        assert!(*d.last().unwrap_or(&0) <= 200 * US);
    }
}
