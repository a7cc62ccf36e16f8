//! The runtime modules: `threading`, `time`, `sys`, `queue`, `random`, `math`, `os`, and
//! the native objects they create. This file is the registry the crate root hands the VM
//! (which module a name builds, the native classes, the modules gilscope does not have);
//! the module files share only `support.rs` and never import this one.

pub mod aio;
pub mod bytes;
pub mod files;
pub mod pickle;
pub mod processes;
pub mod queue;
pub mod random;
pub mod re;
pub mod sqlite;
pub mod stdlib;
pub mod subclass;
pub mod support;
pub mod sys;
pub mod threading;
pub mod uuid;
pub mod weakref;
pub mod web;

use std::sync::Arc;

use super::builtins::{self, func};
use super::value::{Args, Class, Flow, Str, TypeKind, Value};
use super::vm::{GROUPS_MODULE, Types, Vm};
use support::{make_module, source_module};

/// CPython 3.11's standard-library module names (`sys.stdlib_module_names`, public
/// ones): importing one gilscope does not have, or a submodule of one it has only in
/// part (`logging.config`), is an unsupported construct, not a ModuleNotFoundError.
pub const STDLIB_MODULES: &[&str] = &[
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

/// Standard-library modules gilscope knows it does not support (exit status 2).
pub const KNOWN_UNSUPPORTED: &[&str] = &[
    "subprocess",
    "socket",
    "select",
    "signal",
    "shutil",
    "tempfile",
    "_thread",
    "fractions",
    "decimal",
    "struct",
    "pickle",
    "ctypes",
    "inspect",
    "dis",
];

/// Attributes CPython's modules have that gilscope does not implement: using one is
/// reported as unsupported (exit status 2) rather than as an AttributeError.
pub const UNSUPPORTED_ATTRS: &[(&str, &[&str])] = &[
    (
        "asyncio",
        &[
            "start_server",
            "start_unix_server",
            "open_unix_connection",
            "create_subprocess_exec",
            "create_subprocess_shell",
            "Process",
            "PIPE",
            "StreamReader",
            "StreamWriter",
            "Protocol",
            "DatagramProtocol",
            "SubprocessProtocol",
            "add_signal_handler",
        ],
    ),
    (
        "time",
        &[
            "strptime",
            "get_clock_info",
            "tzset",
            "clock_gettime",
            "pthread_getcpuclockid",
        ],
    ),
    (
        "sys",
        &[
            "getsizeof",
            "path",
            "modules",
            "stdin",
            "settrace",
            "setprofile",
            "gettrace",
            "getprofile",
            "exc_clear",
            "flags",
            "float_info",
            "int_info",
            "hash_info",
            "getdefaultencoding",
            "getfilesystemencoding",
            "intern",
            "_getframe",
            "exception",
            "orig_argv",
            "prefix",
            "base_prefix",
            "implementation",
        ],
    ),
    (
        "os",
        &[
            "environ",
            "system",
            "fork",
            "kill",
            "getenv",
            "putenv",
            "remove",
            "mkdir",
            "makedirs",
            "walk",
            "urandom",
            "times",
            "sched_getaffinity",
            "get_terminal_size",
            "_exit",
            "read",
            "write",
            "pipe",
        ],
    ),
    (
        "random",
        &[
            "betavariate",
            "gammavariate",
            "vonmisesvariate",
            "getstate",
            "setstate",
            "SystemRandom",
            "randbytes",
        ],
    ),
    (
        "threading",
        &[
            "settrace",
            "setprofile",
            "stack_size",
            "gettrace",
            "getprofile",
            "settrace_all_threads",
            "setprofile_all_threads",
        ],
    ),
    (
        "math",
        &[
            "frexp",
            "ldexp",
            "erf",
            "erfc",
            "gamma",
            "lgamma",
            "expm1",
            "log1p",
            "nextafter",
            "ulp",
            "dist",
            "remainder",
            "sinh",
            "cosh",
            "tanh",
            "asinh",
            "acosh",
            "atanh",
            "lcm",
        ],
    ),
];

/// Native classes: (name, module).
const NATIVE_TYPES: &[(&str, &str)] = &[
    ("lock", "_thread"),
    ("RLock", "_thread"),
    ("Event", "threading"),
    ("Condition", "threading"),
    ("Semaphore", "threading"),
    ("BoundedSemaphore", "threading"),
    ("Barrier", "threading"),
    ("Queue", "queue"),
    ("LifoQueue", "queue"),
    ("SimpleQueue", "_queue"),
    ("PriorityQueue", "queue"),
    ("local", "_thread"),
    ("Random", "random"),
    ("TextIOWrapper", "_io"),
    ("dict_keys", "builtins"),
    ("dict_values", "builtins"),
    ("dict_items", "builtins"),
    ("SemLock", "_multiprocessing"),
    ("SharedMemory", "multiprocessing.sharedctypes"),
    ("pickled", "gilscope"),
    ("weakhandle", "gilscope"),
    ("async_generator_wrapped_value", "builtins"),
    ("async_generator_asend", "builtins"),
    ("coroutine_wrapper", "builtins"),
    ("sqlite3_db", "_sqlite3"),
];

/// Builds module `name`, or `None` if there is no such module.
pub fn load(vm: &mut Vm<'_>, name: &str) -> Result<Option<Value>, Flow> {
    vm.ctx.elapse(match name {
        "threading" => 400_000,
        "queue" | "random" => 300_000,
        _ => 20_000,
    });
    Ok(Some(match name {
        "threading" => threading::module(vm),
        "sys" => sys::module(vm),
        "queue" => queue::module(vm),
        "random" => random::module(vm),
        "math" => math_module(),
        // The standard library's text modules ("stdlib" engineer's block).
        "re" => re::module(vm)?,
        "uuid" => uuid::module(vm)?,
        "os" => make_module(
            "os",
            &[
                ("getpid", os_getpid),
                ("getppid", os_getppid),
                ("cpu_count", os_cpu_count),
            ],
            vec![("sep", Value::str("/")), ("name", Value::str("posix"))],
        ),
        // A package: `import concurrent.futures` adds `futures` to it.
        "concurrent" => make_module("concurrent", &[], Vec::new()),
        "concurrent.futures" => source_module(vm, name, FUTURES_SOURCE, Vec::new())?,
        "concurrent.futures._base" | "concurrent.futures.thread" | "concurrent.futures.process" => {
            let parent = vm.import("concurrent.futures")?;
            submodule(&parent, name)
        }
        "builtins" => {
            let names = vm.interp.builtins.clone();
            Value::Module(super::value::Module::new("builtins", names))
        }
        "multiprocessing" => source_module(
            vm,
            name,
            include_str!("multiprocessing.py"),
            processes::natives(),
        )?,
        "multiprocessing.pool"
        | "multiprocessing.process"
        | "multiprocessing.queues"
        | "multiprocessing.synchronize"
        | "multiprocessing.context"
        | "multiprocessing.sharedctypes"
        | "multiprocessing.managers"
        | "multiprocessing.util"
        | "multiprocessing.dummy" => {
            let parent = vm.import("multiprocessing")?;
            vm.get_attr(&parent, &name["multiprocessing.".len()..])?
        }
        _ if name
            .strip_prefix("asyncio.")
            .is_some_and(|sub| aio::SUBMODULES.contains(&sub)) =>
        {
            vm.import("asyncio")?
        }
        "asyncio" => {
            let module = source_module(vm, name, include_str!("asyncio.py"), aio::natives())?;
            aio::name_submodules(&module);
            // Streams over the simulated web: `open_connection` loads asyncio_streams.py on
            // first use, so importing asyncio costs what it did.
            if let Value::Module(m) = &module {
                m.dict.lock().insert(
                    Str::from("open_connection"),
                    func("open_connection", "asyncio.streams", open_connection),
                );
            }
            module
        }
        GROUPS_MODULE => source_module(
            vm,
            name,
            include_str!("exceptiongroup.py"),
            vec![(
                Str::from("_share_traceback"),
                func("_share_traceback", "builtins", share_traceback),
            )],
        )?,
        "atexit" => make_module(
            "atexit",
            &[
                ("register", atexit_register),
                ("unregister", atexit_unregister),
            ],
            Vec::new(),
        ),
        "collections" => source_module(vm, name, include_str!("collections.py"), Vec::new())?,
        "functools" => source_module(vm, name, include_str!("functools.py"), Vec::new())?,
        "itertools" => source_module(vm, name, include_str!("itertools.py"), Vec::new())?,
        "dataclasses" => source_module(vm, name, include_str!("dataclasses.py"), Vec::new())?,
        "logging" => source_module(vm, name, include_str!("logging.py"), Vec::new())?,
        "contextlib" => source_module(
            vm,
            name,
            include_str!("contextlib.py"),
            vec![
                (
                    Str::from("_traceback_depth"),
                    func("_traceback_depth", "contextlib", traceback_depth),
                ),
                (
                    Str::from("_traceback_cut"),
                    func("_traceback_cut", "contextlib", traceback_cut),
                ),
            ],
        )?,
        "logging.handlers" => {
            source_module(vm, name, include_str!("logging_handlers.py"), Vec::new())?
        }
        // The simulated web (web.rs): nothing leaves the machine.
        "urllib" => make_module("urllib", &[], Vec::new()),
        "urllib.error" => source_module(vm, name, include_str!("urllib_error.py"), Vec::new())?,
        "urllib.request" => {
            source_module(vm, name, include_str!("urllib_request.py"), web::natives())?
        }
        "requests" => source_module(vm, name, include_str!("requests.py"), web::natives())?,
        "requests.exceptions" | "requests.models" | "requests.sessions" => {
            let parent = vm.import("requests")?;
            submodule(&parent, name)
        }
        "aiohttp" => source_module(vm, name, include_str!("aiohttp.py"), web::natives())?,
        // The program's files (files.rs): its folder and below, writes to an overlay.
        "_gilscope_files" => source_module(vm, name, include_str!("files.py"), files::natives())?,
        "os.path" => vm.import("posixpath")?,
        "posixpath" => source_module(vm, name, include_str!("posixpath.py"), Vec::new())?,
        "csv" => source_module(vm, name, include_str!("csv.py"), Vec::new())?,
        "pathlib" => source_module(vm, name, include_str!("pathlib.py"), Vec::new())?,
        "gzip" => source_module(vm, name, include_str!("gzip.py"), files::natives())?,
        "_gilscope_streams" => source_module(
            vm,
            "asyncio.streams",
            include_str!("asyncio_streams.py"),
            web::natives(),
        )?,
        // The database (sqlite.rs): real SQLite, in memory or in the program's folder.
        "sqlite3" => source_module(vm, name, include_str!("sqlite3.py"), sqlite::natives())?,
        // http.client over the simulated web; the rest of the `http` package is not here.
        "http" => make_module("http", &[], Vec::new()),
        "http.client" => source_module(vm, name, include_str!("http_client.py"), web::natives())?,
        "__main__" => Value::Module(Arc::clone(&vm.interp.main)),
        "__future__" => make_module("__future__", &[], vec![("annotations", Value::None)]),
        _ => return stdlib::load(vm, name),
    }))
}

/// `asyncio.open_connection(host, port, ...)`: the coroutine of asyncio_streams.py's.
fn open_connection(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let streams = vm.import("_gilscope_streams")?;
    let f = vm.get_attr(&streams, "open_connection")?;
    vm.call(f, args)
}

/// A submodule of a package gilscope writes as one module: a module of that name with the
/// package's attributes that CPython defines there (its classes name it as `__module__`;
/// its functions and constants are listed here).
fn submodule(package: &Value, name: &str) -> Value {
    let Value::Module(p) = package else {
        return package.clone();
    };
    let functions: &[&str] = match name {
        "concurrent.futures._base" => &[
            "wait",
            "as_completed",
            "FIRST_COMPLETED",
            "FIRST_EXCEPTION",
            "ALL_COMPLETED",
            "CancelledError",
            "TimeoutError",
            "InvalidStateError",
            "DoneAndNotDoneFutures",
        ],
        _ => &[],
    };
    let mut attrs = super::value::NameMap::default();
    attrs.insert(Str::from("__name__"), Value::str(name));
    for (k, v) in p.dict.lock().iter() {
        let here = match v {
            Value::Class(c) => &*c.module == name,
            _ => false,
        };
        if here || functions.contains(&&**k) {
            attrs.insert(k.clone(), v.clone());
        }
    }
    Value::Module(super::value::Module::new(name, attrs))
}

/// `concurrent.futures`, written in Python and run on the VM like user code.
const FUTURES_SOURCE: &str = include_str!("futures.py");

/// `_share_traceback(part, whole)`: a part split off an exception group reports the
/// frames the whole group passed through, as CPython's `split` copies `__traceback__`.
fn share_traceback(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if let (Some(Value::Instance(part)), Some(Value::Instance(whole))) =
        (args.pos.first(), args.pos.get(1))
    {
        let tb = whole.state.lock().tb.clone();
        part.state.lock().tb = tb;
    }
    Ok(Value::None)
}

/// `_traceback_depth(exc)`: how many frames `exc` has passed through so far.
fn traceback_depth(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    Ok(match args.pos.first() {
        Some(Value::Instance(e)) => Value::Int(e.state.lock().tb.len() as i64),
        _ => Value::Int(0),
    })
}

/// `_traceback_cut(exc, depth)`: forgets the frames `exc` passed through after it had
/// `depth`, as `contextlib` puts back a block's traceback after throwing it into the
/// generator.
fn traceback_cut(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if let (Some(Value::Instance(e)), Some(Value::Int(n))) = (args.pos.first(), args.pos.get(1)) {
        e.state.lock().tb.truncate(usize::try_from(*n).unwrap_or(0));
    }
    Ok(Value::None)
}

/// `atexit.register(func, *args, **kwargs)`: `func` runs at exit, after the threads ended.
fn atexit_register(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(f) = args.pos.first().cloned() else {
        return Err(vm.exc(
            "TypeError",
            "register() takes at least 1 argument (0 given)",
        ));
    };
    let call = if args.pos.len() > 1 || !args.kw.is_empty() {
        let functools = vm.import("functools")?;
        let partial = vm.get_attr(&functools, "partial")?;
        vm.call(partial, args)?
    } else {
        f.clone()
    };
    vm.interp.exit_funcs.lock().push(call);
    Ok(f)
}

/// `atexit.unregister(func)`.
fn atexit_unregister(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if let Some(f) = args.pos.first() {
        vm.interp.exit_funcs.lock().retain(|g| !g.is(f));
    }
    Ok(Value::None)
}

fn os_getpid(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(processes::os_pid(vm.ctx.pid())))
}

fn os_getppid(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(match vm.interp.parent_pid() {
        Some(p) => processes::os_pid(p),
        None => 4241,
    }))
}

fn os_cpu_count(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Int(vm.ctx.cores() as i64))
}

fn float_arg(vm: &mut Vm<'_>, args: &Args, i: usize) -> Result<f64, Flow> {
    match args.pos.get(i) {
        Some(v) => match super::vm::ops_num(v) {
            Some(f) => Ok(f),
            None => {
                let msg = format!("must be real number, not {}", vm.type_name(v));
                Err(vm.exc("TypeError", &msg))
            }
        },
        None => Err(vm.exc("TypeError", "missing required argument")),
    }
}

macro_rules! math1 {
    ($name:ident, $f:expr) => {
        fn $name(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
            let x = float_arg(vm, &args, 0)?;
            let g: fn(f64) -> f64 = $f;
            let r = g(x);
            if r.is_nan() && !x.is_nan() {
                return Err(vm.exc("ValueError", "math domain error"));
            }
            Ok(Value::Float(r))
        }
    };
}

math1!(m_sqrt, f64::sqrt);
math1!(m_exp, f64::exp);
math1!(m_sin, f64::sin);
math1!(m_cos, f64::cos);
math1!(m_tan, f64::tan);
math1!(m_asin, f64::asin);
math1!(m_acos, f64::acos);
math1!(m_atan, f64::atan);
math1!(m_fabs, f64::abs);
math1!(m_log2, f64::log2);
math1!(m_log10, f64::log10);
math1!(m_radians, f64::to_radians);
math1!(m_degrees, f64::to_degrees);

fn m_log(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let x = float_arg(vm, &args, 0)?;
    if x <= 0.0 {
        return Err(vm.exc("ValueError", "math domain error"));
    }
    match args.pos.get(1) {
        Some(_) => {
            let b = float_arg(vm, &args, 1)?;
            Ok(Value::Float(x.ln() / b.ln()))
        }
        None => Ok(Value::Float(x.ln())),
    }
}

fn round_to_int(vm: &mut Vm<'_>, args: &Args, f: fn(f64) -> f64) -> Result<Value, Flow> {
    match args.pos.first() {
        Some(v @ (Value::Int(_) | Value::BigInt(_))) => Ok(v.clone()),
        Some(Value::Bool(b)) => Ok(Value::Int(i64::from(*b))),
        _ => {
            let x = float_arg(vm, args, 0)?;
            if x.is_infinite() {
                return Err(vm.exc("OverflowError", "cannot convert float infinity to integer"));
            }
            if x.is_nan() {
                return Err(vm.exc("ValueError", "cannot convert float NaN to integer"));
            }
            vm.to_int(&Value::Float(f(x)), None)
        }
    }
}

fn m_floor(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    round_to_int(vm, &args, f64::floor)
}

fn m_ceil(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    round_to_int(vm, &args, f64::ceil)
}

fn m_trunc(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    round_to_int(vm, &args, f64::trunc)
}

fn m_pow(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (x, y) = (float_arg(vm, &args, 0)?, float_arg(vm, &args, 1)?);
    Ok(Value::Float(x.powf(y)))
}

fn m_atan2(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (y, x) = (float_arg(vm, &args, 0)?, float_arg(vm, &args, 1)?);
    Ok(Value::Float(y.atan2(x)))
}

fn m_hypot(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let mut acc = 0.0f64;
    for i in 0..args.pos.len() {
        let x = float_arg(vm, &args, i)?;
        acc = acc.hypot(x);
    }
    Ok(Value::Float(acc))
}

fn m_copysign(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (x, y) = (float_arg(vm, &args, 0)?, float_arg(vm, &args, 1)?);
    Ok(Value::Float(x.copysign(y)))
}

fn m_fmod(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (x, y) = (float_arg(vm, &args, 0)?, float_arg(vm, &args, 1)?);
    if y == 0.0 {
        return Err(vm.exc("ValueError", "math domain error"));
    }
    Ok(Value::Float(x % y))
}

fn m_isclose(vm: &mut Vm<'_>, mut args: Args) -> Result<Value, Flow> {
    let rel = match args.take_kw("rel_tol") {
        Some(v) => super::vm::ops_num(&v).unwrap_or(1e-9),
        None => 1e-9,
    };
    let abs = match args.take_kw("abs_tol") {
        Some(v) => super::vm::ops_num(&v).unwrap_or(0.0),
        None => 0.0,
    };
    let (a, b) = (float_arg(vm, &args, 0)?, float_arg(vm, &args, 1)?);
    let close = a == b || (a - b).abs() <= (rel * a.abs().max(b.abs())).max(abs);
    Ok(Value::Bool(close))
}

fn m_isnan(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    Ok(Value::Bool(float_arg(vm, &args, 0)?.is_nan()))
}

fn m_isinf(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    Ok(Value::Bool(float_arg(vm, &args, 0)?.is_infinite()))
}

fn m_isfinite(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    Ok(Value::Bool(float_arg(vm, &args, 0)?.is_finite()))
}

fn int_arg(vm: &mut Vm<'_>, args: &Args, i: usize) -> Result<num_bigint::BigInt, Flow> {
    match args.pos.get(i) {
        Some(Value::Int(x)) => Ok((*x).into()),
        Some(Value::Bool(b)) => Ok(i64::from(*b).into()),
        Some(Value::BigInt(b)) => Ok((**b).clone()),
        Some(v) => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            );
            Err(vm.exc("TypeError", &msg))
        }
        None => Err(vm.exc("TypeError", "missing required argument")),
    }
}

fn m_factorial(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let n = int_arg(vm, &args, 0)?;
    if n < 0.into() {
        return Err(vm.exc("ValueError", "factorial() not defined for negative values"));
    }
    let n: u64 = n.try_into().unwrap_or(0);
    let mut acc = num_bigint::BigInt::from(1);
    for k in 2..=n {
        acc *= k;
    }
    Ok(Value::from_big(acc))
}

fn m_gcd(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    use num_integer::Integer;
    let mut acc = num_bigint::BigInt::from(0);
    for i in 0..args.pos.len() {
        acc = acc.gcd(&int_arg(vm, &args, i)?);
    }
    Ok(Value::from_big(acc))
}

fn m_isqrt(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let n = int_arg(vm, &args, 0)?;
    if n < 0.into() {
        return Err(vm.exc("ValueError", "isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_big(n.sqrt()))
}

fn m_comb(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let (n, k) = (int_arg(vm, &args, 0)?, int_arg(vm, &args, 1)?);
    if k < 0.into() || n < 0.into() {
        return Err(vm.exc("ValueError", "n must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let mut acc = num_bigint::BigInt::from(1);
    let mut i = num_bigint::BigInt::from(0);
    while i < k {
        acc = acc * (&n - &i) / (&i + 1);
        i += 1;
    }
    Ok(Value::from_big(acc))
}

fn m_perm(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let n = int_arg(vm, &args, 0)?;
    let k = if args.pos.len() > 1 {
        int_arg(vm, &args, 1)?
    } else {
        n.clone()
    };
    if k > n {
        return Ok(Value::Int(0));
    }
    let mut acc = num_bigint::BigInt::from(1);
    let mut i = num_bigint::BigInt::from(0);
    while i < k {
        acc *= &n - &i;
        i += 1;
    }
    Ok(Value::from_big(acc))
}

fn m_fsum(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let items = vm.to_vec(&args.pos.first().cloned().unwrap_or(Value::None))?;
    // Neumaier summation: exact enough for the course's uses.
    let (mut sum, mut c) = (0.0f64, 0.0f64);
    for x in items {
        let v = super::vm::ops_num(&x).unwrap_or(0.0);
        let t = sum + v;
        if sum.abs() >= v.abs() {
            c += (sum - t) + v;
        } else {
            c += (v - t) + sum;
        }
        sum = t;
    }
    Ok(Value::Float(sum + c))
}

fn m_prod(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let items = vm.to_vec(&args.pos.first().cloned().unwrap_or(Value::None))?;
    let mut acc = Value::Int(1);
    for x in items {
        acc = vm.binary_op(acc, x, super::bytecode::BinOp::Mul, false)?;
    }
    Ok(acc)
}

fn m_modf(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let x = float_arg(vm, &args, 0)?;
    Ok(Value::tuple(vec![
        Value::Float(x.fract()),
        Value::Float(x.trunc()),
    ]))
}

fn math_module() -> Value {
    make_module(
        "math",
        &[
            ("sqrt", m_sqrt),
            ("exp", m_exp),
            ("sin", m_sin),
            ("cos", m_cos),
            ("tan", m_tan),
            ("asin", m_asin),
            ("acos", m_acos),
            ("atan", m_atan),
            ("atan2", m_atan2),
            ("fabs", m_fabs),
            ("log", m_log),
            ("log2", m_log2),
            ("log10", m_log10),
            ("radians", m_radians),
            ("degrees", m_degrees),
            ("floor", m_floor),
            ("ceil", m_ceil),
            ("trunc", m_trunc),
            ("pow", m_pow),
            ("hypot", m_hypot),
            ("copysign", m_copysign),
            ("fmod", m_fmod),
            ("isclose", m_isclose),
            ("isnan", m_isnan),
            ("isinf", m_isinf),
            ("isfinite", m_isfinite),
            ("factorial", m_factorial),
            ("gcd", m_gcd),
            ("isqrt", m_isqrt),
            ("comb", m_comb),
            ("perm", m_perm),
            ("fsum", m_fsum),
            ("prod", m_prod),
            ("modf", m_modf),
        ],
        vec![
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("tau", Value::Float(std::f64::consts::TAU)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
        ],
    )
}

/// The built-in classes with the modules' own: `threading`'s thread classes and the
/// native types.
pub fn make_types() -> Types {
    let mut types = builtins::make_types();
    threading::add_classes(&mut types);
    let object = types.object();
    for (name, module) in NATIVE_TYPES {
        let cls = builtins::class(name, module, &[&object], TypeKind::Native);
        types.by_name.insert(name, cls);
    }
    subclass::install(&types);
    types
}

/// Calls a built-in class: a native type's to the module defining it, any other to the
/// built-ins.
pub fn construct(vm: &mut Vm<'_>, cls: &Arc<Class>, args: Args) -> Result<Value, Flow> {
    if cls.kind == TypeKind::Native {
        construct_native(vm, cls, args)
    } else {
        builtins::construct(vm, cls, args)
    }
}

/// Calls a native class (`threading.Lock()`, `queue.Queue()`...).
fn construct_native(vm: &mut Vm<'_>, cls: &Arc<Class>, args: Args) -> Result<Value, Flow> {
    match &*cls.name {
        "Queue" | "LifoQueue" | "SimpleQueue" | "PriorityQueue" => {
            queue::construct(vm, &cls.name, args)
        }
        "Random" => random::construct(vm, args),
        _ => threading::construct(vm, &cls.name, args),
    }
}

/// Third-party packages that published concurrency examples import (HTTP clients, numeric
/// and async libraries): reported as unsupported (exit status 2) rather than as the
/// ModuleNotFoundError a mistyped module name gets.
pub const THIRD_PARTY: &[&str] = &[
    "aiofiles",
    "aiohttp",
    "aioredis",
    "anyio",
    "asyncpg",
    "bs4",
    "boto3",
    "celery",
    "click",
    "colorama",
    "cupy",
    "curio",
    "dask",
    "django",
    "dotenv",
    "eventlet",
    "fastapi",
    "flask",
    "gevent",
    "greenlet",
    "httpx",
    "joblib",
    "loguru",
    "lxml",
    "matplotlib",
    "motor",
    "numba",
    "numpy",
    "pandas",
    "PIL",
    "pika",
    "psutil",
    "psycopg2",
    "pycsp",
    "pymongo",
    "pyopencl",
    "pytest",
    "ray",
    "reactivex",
    "redis",
    "requests",
    "rich",
    "rx",
    "scipy",
    "scrapy",
    "selenium",
    "sqlalchemy",
    "tensorflow",
    "theano",
    "torch",
    "tornado",
    "tqdm",
    "trio",
    "twisted",
    "urllib3",
    "uvicorn",
    "uvloop",
    "websockets",
    "yaml",
];
