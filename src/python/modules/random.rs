//! `random`: CPython's Mersenne Twister and its derived methods, so `random.seed(n)` gives
//! CPython's numbers; without a seed it is seeded from the run's seed (`--seed`).

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use parking_lot::Mutex;

use super::make_module;
use crate::python::value::{Args, Native, NativeFn, Value};
use crate::python::vm::{Flow, Vm};

const N: usize = 624;
const M: usize = 397;

/// MT19937, as in CPython's `_randommodule.c`.
#[derive(Clone, Debug)]
pub struct MersenneTwister {
    mt: Vec<u32>,
    index: usize,
}

impl MersenneTwister {
    fn init_genrand(s: u32) -> Self {
        let mut mt = vec![0u32; N];
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        MersenneTwister { mt, index: N }
    }

    /// `init_by_array`, the seeding CPython uses for every seed.
    pub fn from_key(key: &[u32]) -> Self {
        let mut g = Self::init_genrand(19_650_218);
        let mt = &mut g.mt;
        let (mut i, mut j) = (1usize, 0usize);
        let klen = key.len().max(1);
        for _ in 0..N.max(klen) {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= klen {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        g
    }

    /// Seeds from a Python int (its absolute value, 32-bit words, least significant first).
    pub fn from_int(n: &BigInt) -> Self {
        let mut a = n.abs();
        let mut key = Vec::new();
        let mask = BigInt::from(0xffff_ffffu32);
        while !a.is_zero() {
            key.push((&a & &mask).to_u32().unwrap_or(0));
            a >>= 32;
        }
        if key.is_empty() {
            key.push(0);
        }
        Self::from_key(&key)
    }

    /// The next 32 random bits.
    pub fn genrand(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
                let mut v = self.mt[(k + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.mt[k] = v;
            }
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random.random()`.
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.genrand() >> 5);
        let b = f64::from(self.genrand() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)`.
    pub fn getrandbits(&mut self, k: u32) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.genrand() >> (32 - k));
        }
        let mut out = BigInt::zero();
        let mut shift = 0;
        let mut left = k;
        while left > 0 {
            let mut r = self.genrand();
            if left < 32 {
                r >>= 32 - left;
            }
            out |= BigInt::from(r) << shift;
            shift += 32;
            left = left.saturating_sub(32);
        }
        out
    }

    /// `_randbelow(n)` for n > 0.
    pub fn randbelow(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits() as u32;
        let mut r = self.getrandbits(k);
        while &r >= n {
            r = self.getrandbits(k);
        }
        r
    }
}

/// Methods of `random.Random` (also the module functions).
pub const METHODS: &[&str] = &[
    "seed",
    "random",
    "randint",
    "randrange",
    "choice",
    "shuffle",
    "uniform",
    "sample",
    "getrandbits",
    "choices",
];

fn shared(vm: &mut Vm<'_>) -> Result<Value, Flow> {
    let m = vm.import("random")?;
    vm.get_attr(&m, "_inst")
}

macro_rules! module_fn {
    ($name:literal) => {
        (|vm: &mut Vm<'_>, args: Args| {
            let inst = shared(vm)?;
            vm.call_method(inst, $name, args)
        }) as NativeFn
    };
}

/// The `random` module.
pub fn module(vm: &mut Vm<'_>) -> Value {
    let seed = vm.ctx.random_u64();
    let g = MersenneTwister::from_key(&[seed as u32, (seed >> 32) as u32]);
    let inst = Value::Native(Arc::new(Native::Random(Mutex::new(g))));
    let fns: &[(&'static str, NativeFn)] = &[
        ("seed", module_fn!("seed")),
        ("random", module_fn!("random")),
        ("randint", module_fn!("randint")),
        ("randrange", module_fn!("randrange")),
        ("choice", module_fn!("choice")),
        ("shuffle", module_fn!("shuffle")),
        ("uniform", module_fn!("uniform")),
        ("sample", module_fn!("sample")),
        ("getrandbits", module_fn!("getrandbits")),
        ("choices", module_fn!("choices")),
    ];
    make_module(
        "random",
        fns,
        vec![
            ("_inst", inst),
            ("Random", Value::Class(vm.interp.types.get("Random"))),
        ],
    )
}

/// `random.Random(seed)`.
pub fn construct(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let g = match args.pos.first() {
        Some(v) => seeded(vm, v)?,
        None => {
            let s = vm.ctx.random_u64();
            MersenneTwister::from_key(&[s as u32, (s >> 32) as u32])
        }
    };
    Ok(Value::Native(Arc::new(Native::Random(Mutex::new(g)))))
}

fn seeded(vm: &mut Vm<'_>, v: &Value) -> Result<MersenneTwister, Flow> {
    Ok(match v {
        Value::Int(i) => MersenneTwister::from_int(&BigInt::from(*i)),
        Value::Bool(b) => MersenneTwister::from_int(&BigInt::from(i64::from(*b))),
        Value::BigInt(b) => MersenneTwister::from_int(b),
        Value::None => {
            let s = vm.ctx.random_u64();
            MersenneTwister::from_key(&[s as u32, (s >> 32) as u32])
        }
        Value::Float(f) => {
            // CPython hashes floats; integral floats hash to the int.
            MersenneTwister::from_int(&BigInt::from(f.abs().trunc() as i64))
        }
        other => {
            return Err(Flow::Unsupported(format!(
                "{}: unsupported: random.seed() with a {} seed",
                vm.where_now(),
                vm.type_name(other)
            )));
        }
    })
}

fn int_of(vm: &mut Vm<'_>, v: &Value) -> Result<BigInt, Flow> {
    match v {
        Value::Int(i) => Ok(BigInt::from(*i)),
        Value::Bool(b) => Ok(BigInt::from(i64::from(*b))),
        Value::BigInt(b) => Ok((**b).clone()),
        Value::Float(f) if f.fract() == 0.0 => Ok(BigInt::from(*f as i64)),
        other => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            );
            Err(vm.exc("TypeError", &msg))
        }
    }
}

fn randrange(vm: &mut Vm<'_>, g: &Mutex<MersenneTwister>, args: &Args) -> Result<Value, Flow> {
    let a = int_of(vm, args.pos.first().unwrap_or(&Value::None))?;
    let (start, stop) = match args.pos.get(1) {
        None | Some(Value::None) => {
            if a <= BigInt::zero() {
                return Err(vm.exc("ValueError", "empty range for randrange()"));
            }
            let r = g.lock().randbelow(&a);
            return Ok(Value::from_big(r));
        }
        Some(b) => (a, int_of(vm, b)?),
    };
    let step = match args.pos.get(2) {
        Some(s) => int_of(vm, s)?,
        None => BigInt::from(1),
    };
    let width = &stop - &start;
    if step == BigInt::from(1) {
        if width <= BigInt::zero() {
            let msg = format!("empty range for randrange() ({start}, {stop}, {width})");
            return Err(vm.exc("ValueError", &msg));
        }
        let r = g.lock().randbelow(&width);
        return Ok(Value::from_big(start + r));
    }
    if step.is_zero() {
        return Err(vm.exc("ValueError", "zero step for randrange()"));
    }
    let n = if step.is_positive() {
        (&width + &step - 1) / &step
    } else {
        (&width + &step + 1) / &step
    };
    if n <= BigInt::zero() {
        return Err(vm.exc("ValueError", "empty range for randrange()"));
    }
    let r = g.lock().randbelow(&n);
    Ok(Value::from_big(start + step * r))
}

/// Calls a method of a `Random` instance.
pub fn method(
    vm: &mut Vm<'_>,
    g: &Mutex<MersenneTwister>,
    name: &str,
    args: Args,
) -> Result<Option<Value>, Flow> {
    Ok(Some(match name {
        "seed" => {
            let v = args.pos.first().cloned().unwrap_or(Value::None);
            let s = seeded(vm, &v)?;
            *g.lock() = s;
            Value::None
        }
        "random" => Value::Float(g.lock().random()),
        "uniform" => {
            let a =
                crate::python::vm::ops_num(args.pos.first().unwrap_or(&Value::None)).unwrap_or(0.0);
            let b =
                crate::python::vm::ops_num(args.pos.get(1).unwrap_or(&Value::None)).unwrap_or(0.0);
            Value::Float(a + (b - a) * g.lock().random())
        }
        "getrandbits" => {
            let k = int_of(vm, args.pos.first().unwrap_or(&Value::None))?;
            let k = k.to_u32().unwrap_or(0);
            Value::from_big(g.lock().getrandbits(k))
        }
        "randrange" => randrange(vm, g, &args)?,
        "randint" => {
            let a = args.pos.first().cloned().unwrap_or(Value::None);
            let b = int_of(vm, args.pos.get(1).unwrap_or(&Value::None))? + 1;
            randrange(vm, g, &Args::new(vec![a, Value::from_big(b)]))?
        }
        "choice" => {
            let seq = args.pos.first().cloned().unwrap_or(Value::None);
            let n = crate::python::builtins::len_of(vm, &seq)?;
            if n == 0 {
                return Err(vm.exc("IndexError", "Cannot choose from an empty sequence"));
            }
            let i = g.lock().randbelow(&BigInt::from(n));
            vm.getitem(&seq, &Value::from_big(i))?
        }
        "choices" => {
            let mut args = args;
            let k = args
                .take_kw("k")
                .map_or(Ok(1), |v| int_of(vm, &v).map(|b| b.to_i64().unwrap_or(1)))?;
            if args.take_kw("weights").is_some() || args.take_kw("cum_weights").is_some() {
                return Err(Flow::Unsupported(format!(
                    "{}: unsupported: random.choices with weights",
                    vm.where_now()
                )));
            }
            let pop = vm.to_vec(args.pos.first().unwrap_or(&Value::None))?;
            let n = pop.len() as f64;
            let mut out = Vec::new();
            for _ in 0..k.max(0) {
                let r = g.lock().random();
                out.push(pop[((r * n) as usize).min(pop.len().saturating_sub(1))].clone());
            }
            Value::list(out)
        }
        "shuffle" => {
            let Some(Value::List(l)) = args.pos.first() else {
                return Err(vm.exc("TypeError", "shuffle() needs a list"));
            };
            let mut items = l.lock().clone();
            for i in (1..items.len()).rev() {
                let j = g
                    .lock()
                    .randbelow(&BigInt::from(i + 1))
                    .to_usize()
                    .unwrap_or(0);
                items.swap(i, j);
            }
            *l.lock() = items;
            Value::None
        }
        "sample" => {
            let mut args = args;
            let k = args
                .take_kw("k")
                .or_else(|| args.pos.get(1).cloned())
                .unwrap_or(Value::None);
            let k = int_of(vm, &k)?.to_usize().unwrap_or(0);
            let pop = vm.to_vec(args.pos.first().unwrap_or(&Value::None))?;
            let n = pop.len();
            if k > n {
                return Err(vm.exc("ValueError", "Sample larger than population or is negative"));
            }
            let mut setsize = 21usize;
            if k > 5 {
                let e = ((k * 3) as f64).log(4.0).ceil() as u32;
                setsize += 4usize.pow(e);
            }
            let mut result = Vec::with_capacity(k);
            if n <= setsize {
                let mut pool = pop.clone();
                for i in 0..k {
                    let j = g
                        .lock()
                        .randbelow(&BigInt::from(n - i))
                        .to_usize()
                        .unwrap_or(0);
                    result.push(pool[j].clone());
                    pool[j] = pool[n - i - 1].clone();
                }
            } else {
                let mut selected = std::collections::HashSet::new();
                for _ in 0..k {
                    let mut j = g.lock().randbelow(&BigInt::from(n)).to_usize().unwrap_or(0);
                    while selected.contains(&j) {
                        j = g.lock().randbelow(&BigInt::from(n)).to_usize().unwrap_or(0);
                    }
                    selected.insert(j);
                    result.push(pop[j].clone());
                }
            }
            Value::list(result)
        }
        _ => return Ok(None),
    }))
}
