//! `random`: CPython's Mersenne Twister and its derived methods, so `random.seed(n)` gives
//! CPython's numbers; without a seed it is seeded from the run's seed (`--seed`).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use parking_lot::Mutex;

use super::support::make_module;
use crate::value::{Args, Flow, Fork, NativeFn, NativeObject, Value};
use crate::vm::Vm;

const N: usize = 624;
const M: usize = 397;

/// MT19937, as in CPython's `_randommodule.c`.
#[derive(Clone, Debug)]
pub struct MersenneTwister {
    mt: Vec<u32>,
    index: usize,
    /// `gauss()` makes two normal deviates at a time and keeps the second.
    gauss_next: Option<f64>,
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
        MersenneTwister {
            mt,
            index: N,
            gauss_next: None,
        }
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
    "gauss",
    "normalvariate",
    "expovariate",
    "triangular",
    "lognormvariate",
    "paretovariate",
    "weibullvariate",
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
    let inst = Value::native(Random(Mutex::new(g)));
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
        ("gauss", module_fn!("gauss")),
        ("normalvariate", module_fn!("normalvariate")),
        ("expovariate", module_fn!("expovariate")),
        ("triangular", module_fn!("triangular")),
        ("lognormvariate", module_fn!("lognormvariate")),
        ("paretovariate", module_fn!("paretovariate")),
        ("weibullvariate", module_fn!("weibullvariate")),
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
    Ok(Value::native(Random(Mutex::new(g))))
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
        // Version 2 seeding: the UTF-8 bytes followed by their SHA-512, as one big int.
        Value::Str(text) => {
            let mut bytes = text.as_bytes().to_vec();
            bytes.extend_from_slice(&sha512(text.as_bytes()));
            MersenneTwister::from_int(&BigInt::from_bytes_be(num_bigint::Sign::Plus, &bytes))
        }
        // Other seeds (floats) go through hash(), read as an unsigned machine word.
        Value::Float(_) => {
            let h = crate::builtins::hash_of(vm, v)?;
            MersenneTwister::from_int(&BigInt::from(h as u64))
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

/// SHA-512 of `data` (FIPS 180-4), for CPython's seeding from strings.
fn sha512(data: &[u8]) -> [u8; 64] {
    const K: [u64; 80] = [
        0x428a2f98d728ae22,
        0x7137449123ef65cd,
        0xb5c0fbcfec4d3b2f,
        0xe9b5dba58189dbbc,
        0x3956c25bf348b538,
        0x59f111f1b605d019,
        0x923f82a4af194f9b,
        0xab1c5ed5da6d8118,
        0xd807aa98a3030242,
        0x12835b0145706fbe,
        0x243185be4ee4b28c,
        0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f,
        0x80deb1fe3b1696b1,
        0x9bdc06a725c71235,
        0xc19bf174cf692694,
        0xe49b69c19ef14ad2,
        0xefbe4786384f25e3,
        0x0fc19dc68b8cd5b5,
        0x240ca1cc77ac9c65,
        0x2de92c6f592b0275,
        0x4a7484aa6ea6e483,
        0x5cb0a9dcbd41fbd4,
        0x76f988da831153b5,
        0x983e5152ee66dfab,
        0xa831c66d2db43210,
        0xb00327c898fb213f,
        0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2,
        0xd5a79147930aa725,
        0x06ca6351e003826f,
        0x142929670a0e6e70,
        0x27b70a8546d22ffc,
        0x2e1b21385c26c926,
        0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df,
        0x650a73548baf63de,
        0x766a0abb3c77b2a8,
        0x81c2c92e47edaee6,
        0x92722c851482353b,
        0xa2bfe8a14cf10364,
        0xa81a664bbc423001,
        0xc24b8b70d0f89791,
        0xc76c51a30654be30,
        0xd192e819d6ef5218,
        0xd69906245565a910,
        0xf40e35855771202a,
        0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8,
        0x1e376c085141ab53,
        0x2748774cdf8eeb99,
        0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63,
        0x4ed8aa4ae3418acb,
        0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc,
        0x78a5636f43172f60,
        0x84c87814a1f0ab72,
        0x8cc702081a6439ec,
        0x90befffa23631e28,
        0xa4506cebde82bde9,
        0xbef9a3f7b2c67915,
        0xc67178f2e372532b,
        0xca273eceea26619c,
        0xd186b8c721c0c207,
        0xeada7dd6cde0eb1e,
        0xf57d4f7fee6ed178,
        0x06f067aa72176fba,
        0x0a637dc5a2c898a6,
        0x113f9804bef90dae,
        0x1b710b35131c471b,
        0x28db77f523047d84,
        0x32caab7b40c72493,
        0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6,
        0x597f299cfc657e2a,
        0x5fcb6fab3ad6faec,
        0x6c44198c4a475817,
    ];
    let mut h: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 128 != 112 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u128) * 8).to_be_bytes());
    for block in msg.chunks_exact(128) {
        let mut w = [0u64; 80];
        for (t, word) in block.chunks_exact(8).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(word);
            w[t] = u64::from_be_bytes(b);
        }
        for t in 16..80 {
            let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
            let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for t in 0..80 {
            let s1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let s0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 64];
    for (chunk, word) in out.chunks_exact_mut(8).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
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

/// A `random.Random` instance (the module's functions share one).
#[derive(Debug)]
pub struct Random(Mutex<MersenneTwister>);

impl NativeObject for Random {
    fn type_name(&self) -> &'static str {
        "Random"
    }

    fn has_method(&self, name: &str) -> bool {
        METHODS.contains(&name)
    }

    fn method_names(&self) -> Vec<&'static str> {
        METHODS.to_vec()
    }

    fn call_method(
        &self,
        vm: &mut Vm<'_>,
        _this: &Value,
        name: &str,
        args: Args,
    ) -> Result<Option<Value>, Flow> {
        method(vm, &self.0, name, args)
    }

    fn repr(&self, _vm: &mut Vm<'_>, this: &Value) -> Result<Option<String>, Flow> {
        Ok(Some(format!(
            "<random.Random object at {:#x}>",
            this.address()
        )))
    }

    /// The child's generator starts where the parent's was.
    fn fork(&self, _this: &Value, _fork: &mut dyn Fork) -> Value {
        Value::native(Random(Mutex::new(self.0.lock().clone())))
    }
}

/// Calls a method of a `Random` instance.
fn method(
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
            let a = crate::vm::ops_num(args.pos.first().unwrap_or(&Value::None)).unwrap_or(0.0);
            let b = crate::vm::ops_num(args.pos.get(1).unwrap_or(&Value::None)).unwrap_or(0.0);
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
            let n = crate::builtins::len_of(vm, &seq)?;
            if n == 0 {
                return Err(vm.exc("IndexError", "Cannot choose from an empty sequence"));
            }
            let i = g.lock().randbelow(&BigInt::from(n));
            vm.getitem(&seq, &Value::from_big(i))?
        }
        "choices" => choices(vm, g, args)?,
        "gauss" => {
            let (mu, sigma) = (
                float_or(vm, &args, 0, "mu", 0.0)?,
                float_or(vm, &args, 1, "sigma", 1.0)?,
            );
            let mut r = g.lock();
            let z = match r.gauss_next.take() {
                Some(z) => z,
                None => {
                    let x2pi = r.random() * std::f64::consts::TAU;
                    let g2rad = (-2.0 * (1.0 - r.random()).ln()).sqrt();
                    r.gauss_next = Some(x2pi.sin() * g2rad);
                    x2pi.cos() * g2rad
                }
            };
            Value::Float(mu + z * sigma)
        }
        "normalvariate" => {
            let (mu, sigma) = (
                float_or(vm, &args, 0, "mu", 0.0)?,
                float_or(vm, &args, 1, "sigma", 1.0)?,
            );
            Value::Float(mu + normal(&mut g.lock()) * sigma)
        }
        "lognormvariate" => {
            let (mu, sigma) = (
                float_or(vm, &args, 0, "mu", 0.0)?,
                float_or(vm, &args, 1, "sigma", 1.0)?,
            );
            Value::Float((mu + normal(&mut g.lock()) * sigma).exp())
        }
        "expovariate" => {
            let lambd = float_or(vm, &args, 0, "lambd", f64::NAN)?;
            if lambd == 0.0 {
                return Err(vm.exc("ZeroDivisionError", "float division by zero"));
            }
            Value::Float(-(1.0 - g.lock().random()).ln() / lambd)
        }
        "triangular" => {
            let low = float_or(vm, &args, 0, "low", 0.0)?;
            let high = float_or(vm, &args, 1, "high", 1.0)?;
            let mode = match args.pos.get(2) {
                None | Some(Value::None) => None,
                Some(_) => Some(float_or(vm, &args, 2, "mode", 0.0)?),
            };
            let mut u = g.lock().random();
            if high == low {
                return Ok(Some(Value::Float(low)));
            }
            let mut c = mode.map_or(0.5, |m| (m - low) / (high - low));
            let (mut low, mut high) = (low, high);
            if u > c {
                u = 1.0 - u;
                c = 1.0 - c;
                std::mem::swap(&mut low, &mut high);
            }
            Value::Float(low + (high - low) * (u * c).sqrt())
        }
        "paretovariate" => {
            let alpha = float_or(vm, &args, 0, "alpha", f64::NAN)?;
            let u = 1.0 - g.lock().random();
            Value::Float(u.powf(-1.0 / alpha))
        }
        "weibullvariate" => {
            let alpha = float_or(vm, &args, 0, "alpha", f64::NAN)?;
            let beta = float_or(vm, &args, 1, "beta", f64::NAN)?;
            let u = 1.0 - g.lock().random();
            Value::Float(alpha * (-u.ln()).powf(1.0 / beta))
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

/// A float argument by position or keyword, with a default.
fn float_or(vm: &mut Vm<'_>, args: &Args, i: usize, name: &str, default: f64) -> Result<f64, Flow> {
    let v = args
        .pos
        .get(i)
        .or_else(|| args.kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v));
    match v {
        None => {
            if default.is_nan() {
                let msg = format!("missing 1 required positional argument: '{name}'");
                return Err(vm.exc("TypeError", &msg));
            }
            Ok(default)
        }
        Some(v) => match crate::vm::ops_num(v) {
            Some(f) => Ok(f),
            None => {
                let msg = format!("must be real number, not {}", vm.type_name(v));
                Err(vm.exc("TypeError", &msg))
            }
        },
    }
}

/// One standard normal deviate by Kinderman and Monahan's method, as `normalvariate`.
fn normal(g: &mut MersenneTwister) -> f64 {
    let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
    loop {
        let u1 = g.random();
        let u2 = 1.0 - g.random();
        let z = magic * (u1 - 0.5) / u2;
        if z * z / 4.0 <= -u2.ln() {
            return z;
        }
    }
}

/// `choices(population, weights=None, *, cum_weights=None, k=1)`.
fn choices(vm: &mut Vm<'_>, g: &Mutex<MersenneTwister>, mut args: Args) -> Result<Value, Flow> {
    let k = args
        .take_kw("k")
        .map_or(Ok(1), |v| int_of(vm, &v).map(|b| b.to_i64().unwrap_or(1)))?;
    let weights = args
        .take_kw("weights")
        .or_else(|| args.pos.get(1).cloned())
        .filter(|w| !matches!(w, Value::None));
    let cum = args
        .take_kw("cum_weights")
        .filter(|w| !matches!(w, Value::None));
    let pop = vm.to_vec(args.pos.first().unwrap_or(&Value::None))?;
    let n = pop.len();
    let cum: Vec<f64> = match (weights, cum) {
        (Some(_), Some(_)) => {
            return Err(vm.exc(
                "TypeError",
                "Cannot specify both weights and cumulative weights",
            ));
        }
        (None, None) => {
            let mut out = Vec::new();
            for _ in 0..k.max(0) {
                let r = g.lock().random();
                let i = (r * n as f64) as usize;
                match pop.get(i) {
                    Some(v) => out.push(v.clone()),
                    None => return Err(vm.exc("IndexError", "list index out of range")),
                }
            }
            return Ok(Value::list(out));
        }
        (Some(w), None) => {
            let mut acc = 0.0;
            let mut out = Vec::new();
            for x in vm.to_vec(&w)? {
                acc += crate::vm::ops_num(&x).unwrap_or(0.0);
                out.push(acc);
            }
            out
        }
        (None, Some(c)) => vm
            .to_vec(&c)?
            .iter()
            .map(|x| crate::vm::ops_num(x).unwrap_or(0.0))
            .collect(),
    };
    if cum.len() != n {
        return Err(vm.exc(
            "ValueError",
            "The number of weights does not match the population",
        ));
    }
    let total = cum.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return Err(vm.exc("ValueError", "Total of weights must be greater than zero"));
    }
    if !total.is_finite() {
        return Err(vm.exc("ValueError", "Total of weights must be finite"));
    }
    let hi = n - 1;
    let mut out = Vec::new();
    for _ in 0..k.max(0) {
        let x = g.lock().random() * total;
        // bisect_right(cum, x, 0, hi)
        let i = cum[..hi].partition_point(|&c| c <= x);
        out.push(pop[i].clone());
    }
    Ok(Value::list(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha512_matches_hashlib() {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        // hashlib.sha512(b"").hexdigest() and hashlib.sha512(b"abc").hexdigest()
        assert!(hex(&sha512(b"")).starts_with("cf83e1357eefb8bdf1542850d66d8007"));
        assert!(hex(&sha512(b"abc")).starts_with("ddaf35a193617abacc417349ae204131"));
        let long = vec![b'a'; 200];
        // hashlib.sha512(b"a" * 200).hexdigest()[:32]
        assert_eq!(
            &hex(&sha512(&long))[..32],
            "4b11459c33f52a22ee8236782714c150"
        );
    }
}
