//! The teaching code's standard library beyond the lecture's modules: `time` with its
//! calendar functions, the Python-written `string`, `pprint`, `typing`, `datetime`,
//! `traceback`, `enum`, `abc`, `operator`, `heapq`, `copy`, `statistics`, `warnings`,
//! `timeit` and `bisect`, and `_gilscope`, the natives the Python-written modules are built on.

use super::support::{make_module, seconds, source_module};
use gilscope_engine::SEC;
use std::sync::Arc;

use crate::bytecode::Code;
use crate::program::FrontError;
use crate::value::{Args, Flow, Instance, Key, Module, NameMap, Str, Value};
use crate::vm::Vm;

/// Builds module `name` if it is one of these, `None` otherwise.
pub fn load(vm: &mut Vm<'_>, name: &str) -> Result<Option<Value>, Flow> {
    Ok(Some(match name {
        "time" => time_module(),
        "string" => source_module(vm, name, include_str!("string.py"), Vec::new())?,
        "pprint" => source_module(vm, name, include_str!("pprint.py"), Vec::new())?,
        "typing" => source_module(vm, name, include_str!("typing.py"), Vec::new())?,
        "datetime" => source_module(vm, name, include_str!("datetime.py"), Vec::new())?,
        "traceback" => source_module(vm, name, include_str!("traceback.py"), Vec::new())?,
        "enum" => source_module(vm, name, include_str!("enum.py"), Vec::new())?,
        "abc" => source_module(vm, name, include_str!("abc.py"), Vec::new())?,
        "operator" => source_module(vm, name, include_str!("operator.py"), Vec::new())?,
        "heapq" => source_module(vm, name, include_str!("heapq.py"), Vec::new())?,
        "copy" => source_module(vm, name, include_str!("copy.py"), Vec::new())?,
        "statistics" => source_module(vm, name, include_str!("statistics.py"), Vec::new())?,
        "warnings" => source_module(vm, name, include_str!("warnings.py"), Vec::new())?,
        "timeit" => source_module(vm, name, include_str!("timeit.py"), Vec::new())?,
        "bisect" => source_module(vm, name, include_str!("bisect.py"), Vec::new())?,
        "graphlib" => source_module(vm, name, include_str!("graphlib.py"), Vec::new())?,
        "sched" => source_module(vm, name, include_str!("sched.py"), Vec::new())?,
        "textwrap" => source_module(vm, name, include_str!("textwrap.py"), Vec::new())?,
        "gc" => source_module(vm, name, include_str!("gc.py"), Vec::new())?,
        "io" => source_module(vm, name, include_str!("io.py"), Vec::new())?,
        "json" => source_module(vm, name, include_str!("json.py"), Vec::new())?,
        "array" => source_module(vm, name, include_str!("array.py"), Vec::new())?,
        "weakref" => source_module(vm, name, include_str!("weakref.py"), Vec::new())?,
        "argparse" => source_module(vm, name, include_str!("argparse.py"), Vec::new())?,
        "contextvars" => source_module(vm, name, include_str!("contextvars.py"), Vec::new())?,
        "collections.abc" => {
            source_module(vm, name, include_str!("collections_abc.py"), Vec::new())?
        }
        "_gilscope" => make_module(
            "_gilscope",
            &[
                ("caller", caller),
                ("format_exception", format_exception),
                ("process_name", process_name),
                ("new_instance", new_instance),
                ("set_state", set_state),
                ("format_stack", format_stack),
                ("warn_site", warn_site),
                ("run_source", run_source),
                ("weak_new", super::weakref::weak_new),
                ("weak_get", super::weakref::weak_get),
            ],
            Vec::new(),
        ),
        _ => return Ok(None),
    }))
}

/// `_gilscope.caller(n=1)`: `(path, line, function)` of the `n`-th innermost frame that
/// is not in a module gilscope embeds (what `logging` reports as the record's origin).
fn caller(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let n = match args.pos.first() {
        Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(1).max(1),
        _ => 1,
    };
    let found = vm
        .stack()
        .into_iter()
        .filter(|(code, _)| !code.file.path.starts_with("<gilscope"))
        .nth(n - 1);
    Ok(match found {
        Some((code, loc)) => Value::tuple(vec![
            Value::str(&code.file.path),
            Value::Int(i64::from(loc.line)),
            Value::str(&code.name),
        ]),
        None => Value::tuple(vec![
            Value::str("(unknown file)"),
            Value::Int(0),
            Value::str("(unknown function)"),
        ]),
    })
}

/// `_gilscope.format_exception(exc)`: the traceback CPython would print for `exc`.
fn format_exception(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(e) = args.pos.first() else {
        return Err(vm.exc("TypeError", "format_exception() needs an exception"));
    };
    let text = vm.format_exception(e);
    Ok(Value::str(&text))
}

/// `_gilscope.new_instance(cls)`: an instance of `cls` whose `__init__` has not run, as
/// `object.__new__(cls)` gives (enum members, `copy` of instances).
fn new_instance(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    match args.pos.first() {
        Some(Value::Class(c)) => Ok(Value::Instance(Instance::new(Arc::clone(c)))),
        _ => Err(vm.exc("TypeError", "new_instance() needs a class")),
    }
}

/// `_gilscope.set_state(obj, state)`: puts the str keys of dict `state` into instance
/// `obj`'s `__dict__` directly, as `copy` restores an instance (no `__setattr__`).
fn set_state(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (Some(Value::Instance(inst)), Some(Value::Dict(d))) = (args.pos.first(), args.pos.get(1))
    else {
        return Err(vm.exc("TypeError", "set_state() needs an instance and a dict"));
    };
    let items: Vec<(Str, Value)> = d
        .lock()
        .iter()
        .filter_map(|(k, v)| match &k.0 {
            Value::Str(k) => Some((k.clone(), v.clone())),
            _ => None,
        })
        .collect();
    let mut st = inst.state.lock();
    for (k, v) in items {
        st.dict.insert(k, v);
    }
    Ok(Value::None)
}

/// The program's frames, outermost first, without those of the modules gilscope embeds:
/// `(code, line)`.
fn user_frames(vm: &Vm<'_>) -> Vec<(Arc<Code>, u32)> {
    let mut frames: Vec<(Arc<Code>, u32)> = vm
        .stack()
        .into_iter()
        .filter(|(code, _)| !code.file.path.starts_with("<gilscope"))
        .map(|(code, loc)| (code, loc.line))
        .collect();
    frames.reverse();
    frames
}

/// `_gilscope.format_stack()`: the current thread's stack as `traceback.format_stack`
/// words it, one string a frame, outermost first (line numbers only: no carets).
fn format_stack(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let frames = user_frames(vm)
        .into_iter()
        .map(|(code, line)| {
            let (path, shown) = code
                .file
                .frame_at(line)
                .unwrap_or_else(|| (code.file.path.clone(), line));
            let mut text = format!("  File \"{path}\", line {shown}, in {}\n", code.name);
            let src = code.file.index.line(line).trim();
            if !src.is_empty() {
                text.push_str(&format!("    {src}\n"));
            }
            Value::str(&text)
        })
        .collect();
    Ok(Value::list(frames))
}

/// `_gilscope.warn_site(stacklevel)`: `(path, line, module, source line)` of the frame
/// `warnings.warn(..., stacklevel)` blames, counting the program's frames only (`None`
/// past the outermost, where CPython blames `sys`).
fn warn_site(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let level = match args.pos.first() {
        Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(1).max(1),
        _ => 1,
    };
    let frames = user_frames(vm);
    let Some((code, line)) = frames.len().checked_sub(level).and_then(|i| frames.get(i)) else {
        return Ok(Value::None);
    };
    let program = &vm.interp.program;
    let module = if code.file.path == program.path {
        "__main__".to_owned()
    } else {
        program
            .siblings
            .iter()
            .find(|(_, m)| m.path == code.file.path)
            .map_or_else(|| code.file.path.to_string(), |(n, _)| n.to_string())
    };
    Ok(Value::tuple(vec![
        Value::str(&code.file.path),
        Value::Int(i64::from(*line)),
        Value::str(&module),
        Value::str(code.file.index.line(*line).trim()),
    ]))
}

/// `_gilscope.run_source(name, source, globals)`: compiles `source` (what `timeit` builds
/// around a statement given as a string) and runs it as a module named `name` whose
/// namespace starts as a copy of dict `globals`; gives that namespace back as a dict.
fn run_source(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (Some(Value::Str(name)), Some(Value::Str(source))) = (args.pos.first(), args.pos.get(1))
    else {
        return Err(vm.exc("TypeError", "run_source() needs a name and a source"));
    };
    let path = format!("<{name}>");
    let program = match crate::program::compile(&path, &path, source) {
        Ok(p) => p,
        Err(FrontError::Unsupported(msg)) => return Err(Flow::Unsupported(msg)),
        Err(FrontError::Syntax(report)) => {
            let msg = report
                .split_once("SyntaxError: ")
                .map_or("invalid syntax", |(_, m)| m.lines().next().unwrap_or(""))
                .to_owned();
            return Err(vm.exc("SyntaxError", &msg));
        }
        Err(FrontError::TooDeep(report)) => {
            let line = report.trim_end();
            let (kind, msg) = line.split_once(": ").unwrap_or((line, ""));
            return Err(vm.exc(kind, msg));
        }
    };
    let mut globals = NameMap::default();
    if let Some(Value::Dict(d)) = args.pos.get(2) {
        for (k, v) in d.lock().iter() {
            if let Value::Str(k) = &k.0 {
                globals.insert(k.clone(), v.clone());
            }
        }
    }
    globals.insert(Str::from("__name__"), Value::Str(name.clone()));
    let module = Module::new(name, globals);
    vm.run_module(Arc::clone(&program.code), Arc::clone(&module))?;
    let out: crate::value::Dict = module
        .dict
        .lock()
        .iter()
        .map(|(k, v)| (Key(Value::Str(k.clone())), v.clone()))
        .collect();
    Ok(Value::dict(out))
}

/// `_gilscope.process_name()`: the name `multiprocessing.current_process()` would give.
/// As CPython's `LogRecord`, only once the program imported `multiprocessing`.
fn process_name(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let module = vm.interp.modules.lock().get("multiprocessing").cloned();
    if let Some(module) = module {
        let process = vm.call_method(module, "current_process", Args::default())?;
        return vm.get_attr(&process, "name");
    }
    Ok(Value::str("MainProcess"))
}

// ----- time -----

/// The simulated epoch: 2024-01-01 00:00:00 UTC, plus the simulated clock.
pub const EPOCH_NS: u64 = 1_704_067_200 * SEC;

/// The `time` module. The simulated machine's local time is UTC.
fn time_module() -> Value {
    make_module(
        "time",
        &[
            ("sleep", time_sleep),
            ("time", time_time),
            ("time_ns", time_time_ns),
            ("perf_counter", time_mono),
            ("perf_counter_ns", time_mono_ns),
            ("monotonic", time_mono),
            ("monotonic_ns", time_mono_ns),
            ("process_time", time_mono),
            ("process_time_ns", time_mono_ns),
            ("thread_time", time_mono),
            ("thread_time_ns", time_mono_ns),
            ("gmtime", time_gmtime),
            ("localtime", time_localtime),
            ("mktime", time_mktime),
            ("strftime", time_strftime),
            ("asctime", time_asctime),
            ("ctime", time_ctime),
        ],
        vec![
            ("timezone", Value::Int(0)),
            ("altzone", Value::Int(0)),
            ("daylight", Value::Int(0)),
            (
                "tzname",
                Value::tuple(vec![Value::str("UTC"), Value::str("UTC")]),
            ),
        ],
    )
}

fn time_sleep(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if args.pos.len() != 1 {
        let msg = format!(
            "time.sleep() takes exactly one argument ({} given)",
            args.pos.len()
        );
        return Err(vm.exc("TypeError", &msg));
    }
    let secs = match &args.pos[0] {
        v @ (Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::BigInt(_)) => {
            seconds(vm, v, "secs")?
        }
        other => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            );
            return Err(vm.exc("TypeError", &msg));
        }
    };
    if secs < 0.0 {
        return Err(vm.exc("ValueError", "sleep length must be non-negative"));
    }
    vm.ctx.sleep((secs * SEC as f64).round() as u64)?;
    Ok(Value::None)
}

fn time_time(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Float((EPOCH_NS + vm.ctx.now()) as f64 / SEC as f64))
}

fn time_time_ns(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int((EPOCH_NS + vm.ctx.now()) as i64))
}

fn time_mono(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Float(vm.ctx.now() as f64 / SEC as f64))
}

fn time_mono_ns(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(vm.ctx.now() as i64))
}

/// An attribute of module `m` made on first use: `time.struct_time` and
/// `sys.version_info`, small Python classes run in the native module's namespace when a
/// program first needs them, so that `import time` and `import sys` run no Python code
/// (CPython's `time` and `sys` are built in).
pub fn lazy_attr(vm: &mut Vm<'_>, m: &Arc<Module>, name: &str) -> Result<Option<Value>, Flow> {
    let source = match (&*m.name, name) {
        ("time", "struct_time") => include_str!("struct_time.py"),
        ("sys", "version_info") => include_str!("version_info.py"),
        ("os", _) => return super::files::os_attr(vm, m, name),
        _ => return Ok(None),
    };
    let path = format!("<gilscope {}>", m.name);
    let code = crate::program::compile(&path, &path, source)
        .map_err(|e| Flow::Unsupported(format!("gilscope: {} failed to compile: {e}", m.name)))?;
    vm.run_module(Arc::clone(&code.code), Arc::clone(m))?;
    Ok(m.get(name))
}

/// Calendar fields of a moment, as `struct_time` orders them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tm {
    year: i64,
    mon: i64,
    mday: i64,
    hour: i64,
    min: i64,
    sec: i64,
    /// Monday is 0.
    wday: i64,
    /// 1 to 366.
    yday: i64,
    isdst: i64,
}

/// Days from 1970-01-01 to the given date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn tm_of(secs: i64) -> Tm {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let mday = doy - (153 * mp + 2) / 5 + 1;
    let mon = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(mon <= 2);
    Tm {
        year,
        mon,
        mday,
        hour: rem / 3600,
        min: rem % 3600 / 60,
        sec: rem % 60,
        // 1970-01-01 was a Thursday.
        wday: (days + 3).rem_euclid(7),
        yday: days - days_from_civil(year, 1, 1) + 1,
        isdst: 0,
    }
}

/// The `secs` argument of gmtime/localtime/ctime: the simulated time if absent or None.
fn secs_arg(vm: &mut Vm<'_>, args: &Args) -> Result<i64, Flow> {
    match args.pos.first() {
        None | Some(Value::None) => Ok(((EPOCH_NS + vm.ctx.now()) / SEC) as i64),
        Some(v) => {
            let f = seconds(vm, v, "secs")?;
            if !f.is_finite() {
                return Err(vm.exc(
                    "OverflowError",
                    "timestamp out of range for platform time_t",
                ));
            }
            Ok(f.floor() as i64)
        }
    }
}

/// A `struct_time` holding `tm`.
fn struct_time(vm: &mut Vm<'_>, tm: Tm, zone: &str) -> Result<Value, Flow> {
    let time = vm.import("time")?;
    let cls = vm.get_attr(&time, "struct_time")?;
    let fields = [
        tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday, tm.isdst,
    ];
    let t = Value::tuple(fields.iter().map(|&x| Value::Int(x)).collect());
    vm.call(cls, Args::new(vec![t, Value::str(zone)]))
}

/// A `struct_time` or 9-tuple argument as fields, with its zone name.
fn tm_arg(vm: &mut Vm<'_>, v: &Value, what: &str) -> Result<(Tm, String), Flow> {
    let zone = match v {
        Value::Instance(i) => match i.get("tm_zone") {
            Some(Value::Str(s)) => s.to_string(),
            _ => "UTC".to_owned(),
        },
        _ => "UTC".to_owned(),
    };
    let items = vm.to_vec(v)?;
    if items.len() != 9 {
        let msg = format!("{what}(): illegal time tuple argument");
        return Err(vm.exc("TypeError", &msg));
    }
    let mut f = [0i64; 9];
    for (slot, item) in f.iter_mut().zip(&items) {
        *slot = match item {
            Value::Int(x) => *x,
            Value::Bool(b) => i64::from(*b),
            other => {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(other)
                );
                return Err(vm.exc("TypeError", &msg));
            }
        };
    }
    let tm = Tm {
        year: f[0],
        mon: f[1],
        mday: f[2],
        hour: f[3],
        min: f[4],
        sec: f[5],
        wday: f[6],
        yday: f[7],
        isdst: f[8],
    };
    if !(1..=12).contains(&tm.mon) && tm.mon != 0 {
        return Err(vm.exc("ValueError", "month out of range"));
    }
    Ok((tm, zone))
}

fn time_gmtime(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let secs = secs_arg(vm, &args)?;
    struct_time(vm, tm_of(secs), "GMT")
}

fn time_localtime(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let secs = secs_arg(vm, &args)?;
    struct_time(vm, tm_of(secs), "UTC")
}

fn time_mktime(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(v) = args.pos.first() else {
        return Err(vm.exc(
            "TypeError",
            "time.mktime() takes exactly one argument (0 given)",
        ));
    };
    let (tm, _) = tm_arg(vm, v, "mktime")?;
    let days = days_from_civil(tm.year, tm.mon, tm.mday);
    let secs = days * 86_400 + tm.hour * 3600 + tm.min * 60 + tm.sec;
    Ok(Value::Float(secs as f64))
}

fn time_strftime(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let fmt = match args.pos.first() {
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            let msg = format!(
                "strftime() argument 1 must be str, not {}",
                vm.type_name(other)
            );
            return Err(vm.exc("TypeError", &msg));
        }
        None => {
            return Err(vm.exc(
                "TypeError",
                "strftime() takes at least 1 argument (0 given)",
            ));
        }
    };
    let (tm, zone) = match args.pos.get(1) {
        Some(v) => tm_arg(vm, v, "strftime")?,
        None => (tm_of(secs_arg(vm, &Args::default())?), "UTC".to_owned()),
    };
    Ok(Value::str(&strftime(&fmt, &tm, &zone)))
}

fn time_asctime(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let tm = match args.pos.first() {
        Some(v) => tm_arg(vm, v, "asctime")?.0,
        None => tm_of(secs_arg(vm, &Args::default())?),
    };
    Ok(Value::str(&strftime("%a %b %e %H:%M:%S %Y", &tm, "UTC")))
}

fn time_ctime(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let tm = tm_of(secs_arg(vm, &args)?);
    Ok(Value::str(&strftime("%a %b %e %H:%M:%S %Y", &tm, "UTC")))
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The ISO 8601 year and week of `tm`.
fn iso_week(tm: &Tm) -> (i64, i64) {
    let yday0 = tm.yday - 1;
    let week = (yday0 - tm.wday + 10) / 7;
    let weeks_in = |y: i64| {
        let jan1 = tm_of(days_from_civil(y, 1, 1) * 86_400).wday;
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if jan1 == 3 || (leap && jan1 == 2) {
            53
        } else {
            52
        }
    };
    if week < 1 {
        (tm.year - 1, weeks_in(tm.year - 1))
    } else if week > weeks_in(tm.year) {
        (tm.year + 1, 1)
    } else {
        (tm.year, week)
    }
}

/// C's `strftime` in the C locale (glibc's directives; unknown ones are kept as written).
fn strftime(fmt: &str, tm: &Tm, zone: &str) -> String {
    let mut out = String::new();
    let mut chars = fmt.chars();
    let name = |list: &[&str], i: i64| -> String {
        usize::try_from(i)
            .ok()
            .and_then(|i| list.get(i))
            .map_or_else(|| "?".to_owned(), |s| (*s).to_owned())
    };
    let hour12 = if tm.hour % 12 == 0 { 12 } else { tm.hour % 12 };
    // C counts weekdays from Sunday.
    let c_wday = (tm.wday + 1) % 7;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let piece = match d {
            'a' => name(&DAYS, tm.wday)[..3].to_owned(),
            'A' => name(&DAYS, tm.wday),
            'b' | 'h' => name(&MONTHS, tm.mon - 1)[..3].to_owned(),
            'B' => name(&MONTHS, tm.mon - 1),
            'c' => strftime("%a %b %e %H:%M:%S %Y", tm, zone),
            'C' => format!("{:02}", tm.year.div_euclid(100)),
            'd' => format!("{:02}", tm.mday),
            'D' | 'x' => strftime("%m/%d/%y", tm, zone),
            'e' => format!("{:2}", tm.mday),
            'F' => strftime("%Y-%m-%d", tm, zone),
            'G' => iso_week(tm).0.to_string(),
            'g' => format!("{:02}", iso_week(tm).0.rem_euclid(100)),
            'H' => format!("{:02}", tm.hour),
            'I' => format!("{hour12:02}"),
            'j' => format!("{:03}", tm.yday),
            'k' => format!("{:2}", tm.hour),
            'l' => format!("{hour12:2}"),
            'm' => format!("{:02}", tm.mon),
            'M' => format!("{:02}", tm.min),
            'n' => "\n".to_owned(),
            'p' => if tm.hour < 12 { "AM" } else { "PM" }.to_owned(),
            'P' => if tm.hour < 12 { "am" } else { "pm" }.to_owned(),
            'r' => strftime("%I:%M:%S %p", tm, zone),
            'R' => strftime("%H:%M", tm, zone),
            's' => {
                let days = days_from_civil(tm.year, tm.mon, tm.mday);
                (days * 86_400 + tm.hour * 3600 + tm.min * 60 + tm.sec).to_string()
            }
            'S' => format!("{:02}", tm.sec),
            't' => "\t".to_owned(),
            'T' | 'X' => strftime("%H:%M:%S", tm, zone),
            'u' => (tm.wday + 1).to_string(),
            'U' => format!("{:02}", (tm.yday - 1 + 7 - c_wday) / 7),
            'V' => format!("{:02}", iso_week(tm).1),
            'w' => c_wday.to_string(),
            'W' => format!("{:02}", (tm.yday - 1 + 7 - tm.wday) / 7),
            'y' => format!("{:02}", tm.year.rem_euclid(100)),
            'Y' => tm.year.to_string(),
            'z' => "+0000".to_owned(),
            'Z' => zone.to_owned(),
            '%' => "%".to_owned(),
            other => format!("%{other}"),
        };
        out.push_str(&piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_fields_match_cpython_gmtime() {
        // time.gmtime(1_000_000_000) in CPython.
        let tm = tm_of(1_000_000_000);
        assert_eq!(
            (
                tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday
            ),
            (2001, 9, 9, 1, 46, 40, 6, 252)
        );
        assert_eq!(tm_of(0).wday, 3);
        assert_eq!(tm_of(-1).year, 1969);
        assert_eq!(days_from_civil(2024, 1, 1) * 86_400, 1_704_067_200);
    }

    #[test]
    fn strftime_directives_match_glibc() {
        let tm = tm_of(1_000_000_000);
        // CPython: time.strftime('%c|%x|%X|%e|%k|%l|%s|%f|%G-%V-%u|%C|%U|%W|%P', t)
        assert_eq!(
            strftime("%c|%x|%X|%e|%k|%l|%s|%f|%G-%V-%u|%C|%U|%W|%P", &tm, "GMT"),
            "Sun Sep  9 01:46:40 2001|09/09/01|01:46:40| 9| 1| 1|1000000000|%f|2001-36-7|20|36|36|am"
        );
        assert_eq!(
            strftime("%A %B %j %%", &tm, "GMT"),
            "Sunday September 252 %"
        );
        // 2021-01-01 is in ISO week 53 of 2020.
        let jan1 = tm_of(days_from_civil(2021, 1, 1) * 86_400);
        assert_eq!(strftime("%G-%V %g", &jan1, "UTC"), "2020-53 20");
    }
}
