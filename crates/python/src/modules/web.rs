//! The simulated web that `urllib.request`, `requests` and `aiohttp` talk to (their Python
//! halves are `urllib_request.py`, `requests.py` and `aiohttp.py`). Nothing leaves the
//! machine: a page is a file of the folder the user named (`--web DIR`, URL path -> file)
//! or a body generated from the URL, and a request takes the time the network profile
//! (`--net`) gives it: a latency with a seeded jitter, plus the body's size over the
//! bandwidth. A blocking request releases the GIL for that time (`Ctx::device`); an
//! asyncio one suspends its task on a loop timer instead, so the loop thread stays free.

use std::path::{Component, Path, PathBuf};

use crate::builtins::func;
use crate::value::{Args, Flow, NativeFn, Str, Value};
use crate::vm::Vm;
use crate::world::IoConfig;
use gilscope_engine::SEC;
use gilscope_trace::IoKind;

/// The natives the Python halves are written on, put into their globals.
const NATIVES: &[(&str, NativeFn)] = &[("_request", request), ("_block", block), ("_delay", delay)];

/// The web's natives for a module namespace.
pub fn natives() -> Vec<(Str, Value)> {
    NATIVES
        .iter()
        .map(|(n, f)| (Str::from(*n), func(n, "_web", *f)))
        .collect()
}

/// One answer of the simulated web.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status; 0 when no connection was made.
    pub status: u16,
    /// The status's reason phrase, or why the connection failed (`[Errno -2] Name or
    /// service not known`).
    pub reason: String,
    /// The body.
    pub body: Vec<u8>,
    /// Its content type.
    pub content_type: &'static str,
}

/// The parts of a URL the web looks at.
struct Url<'a> {
    host: &'a str,
    /// Path and query, `/` at least.
    path: &'a str,
}

fn parse_url(url: &str) -> Option<Url<'_>> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let (host, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    Some(Url { host, path })
}

/// FNV-1a: a body's size and words follow from its URL, the same on every run.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const WORDS: &[&str] = &[
    "thread", "lock", "queue", "event", "loop", "task", "future", "socket", "python", "gil",
    "request", "page", "data", "byte", "server", "client",
];

fn filler(seed: u64, len: usize) -> String {
    let mut out = String::with_capacity(len + 16);
    let mut h = seed | 1;
    while out.len() < len {
        h ^= h << 13;
        h ^= h >> 7;
        h ^= h << 17;
        out.push_str(WORDS[(h % WORDS.len() as u64) as usize]);
        out.push(if h.is_multiple_of(11) { '\n' } else { ' ' });
    }
    out.truncate(len);
    out
}

/// The generated page of `url`: JSON for a path ending in `.json` or under `/api/` (or a
/// host whose name starts with `api.`), HTML otherwise; 1 to 64 KB, from the URL.
fn generated(url: &str, u: &Url<'_>) -> Answer {
    let h = fnv(url);
    let size = 1024 + (h % (63 * 1024)) as usize;
    let path = u.path.split('?').next().unwrap_or("/");
    let json = path.ends_with(".json") || path.starts_with("/api/") || u.host.starts_with("api.");
    let escaped: String = url
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | '<' | '>' | '&'))
        .collect();
    let (body, content_type) = if json {
        let head = format!(
            "{{\"url\": \"{escaped}\", \"id\": {}, \"text\": \"",
            h % 1000
        );
        let text = filler(h, size.saturating_sub(head.len() + 2)).replace('\n', " ");
        (format!("{head}{text}\"}}"), "application/json")
    } else {
        let head =
            format!("<!doctype html>\n<html><head><title>{escaped}</title></head><body>\n<p>");
        let tail = "</p>\n</body></html>\n";
        let text = filler(h, size.saturating_sub(head.len() + tail.len()));
        (format!("{head}{text}{tail}"), "text/html; charset=utf-8")
    };
    Answer {
        status: 200,
        reason: "OK".into(),
        body: body.into_bytes(),
        content_type,
    }
}

fn not_found() -> Answer {
    Answer {
        status: 404,
        reason: "Not Found".into(),
        body: b"<!doctype html>\n<html><body><h1>404 Not Found</h1></body></html>\n".to_vec(),
        content_type: "text/html; charset=utf-8",
    }
}

fn refused(reason: &str) -> Answer {
    Answer {
        status: 0,
        reason: reason.into(),
        body: Vec::new(),
        content_type: "",
    }
}

/// The file of `dir` that URL path `path` names (`/` and folders: their `index.html`),
/// never outside `dir`.
fn served_file(dir: &Path, path: &str) -> Option<PathBuf> {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.to_path_buf();
    for c in Path::new(path.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type_of(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => "application/json",
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("txt" | "csv" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// What the simulated web answers to `url`. `None`: not an http(s) URL.
pub fn answer(config: &IoConfig, url: &str) -> Option<Answer> {
    let u = parse_url(url)?;
    let host = u.host.to_ascii_lowercase();
    if host == "localhost" || host.starts_with("127.") || host == "0.0.0.0" {
        return Some(refused("[Errno 111] Connection refused"));
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    if !host.contains('.') || matches!(tld, "invalid" | "test" | "local" | "example") {
        return Some(refused("[Errno -2] Name or service not known"));
    }
    if u.path.starts_with("/missing/") || u.path == "/missing" {
        return Some(not_found());
    }
    Some(match &config.web_dir {
        Some(dir) => match served_file(dir, u.path).and_then(|f| {
            std::fs::read(&f)
                .ok()
                .map(|body| (body, content_type_of(&f)))
        }) {
            Some((body, content_type)) => Answer {
                status: 200,
                reason: "OK".into(),
                body,
                content_type,
            },
            None => not_found(),
        },
        None => generated(url, &u),
    })
}

/// What a request's lane says it waits for: `GET /page/3`.
fn label(method: &str, url: &str) -> String {
    let path = parse_url(url).map_or(url, |u| u.path);
    format!("{method} {path}")
}

fn str_arg(vm: &mut Vm<'_>, args: &Args, i: usize) -> Result<String, Flow> {
    match args.pos.get(i) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => vm.to_str(&v.clone()),
        None => Err(vm.exc("TypeError", "missing argument")),
    }
}

fn int_arg(args: &Args, i: usize) -> u64 {
    match args.pos.get(i) {
        Some(Value::Int(n)) => u64::try_from(*n).unwrap_or(0),
        _ => 0,
    }
}

/// `_request(method, url)` -> `(status, reason, body, content_type, label, ns)` or None
/// for a URL that is not http(s). No time passes: `_block` or `_delay` spend it.
fn request(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let method = str_arg(vm, &args, 0)?;
    let url = str_arg(vm, &args, 1)?;
    let config = &vm.interp.config.io;
    let Some(a) = answer(config, &url) else {
        return Ok(Value::None);
    };
    // A failed connection costs the latency (the name lookup or the refusal), no transfer.
    let ns = if a.status == 0 {
        config.net.latency
    } else {
        config.net.duration(a.body.len())
    };
    Ok(Value::tuple(vec![
        Value::Int(i64::from(a.status)),
        Value::str(&a.reason),
        Value::Bytes(std::sync::Arc::new(a.body)),
        Value::str(a.content_type),
        Value::str(&label(&method, &url)),
        Value::Int(i64::try_from(ns).unwrap_or(i64::MAX)),
    ]))
}

/// `_block(label, ns)`: a blocking request: the GIL is released while the thread waits
/// `ns` plus the profile's jitter for the network.
fn block(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let what = str_arg(vm, &args, 0)?;
    let ns = int_arg(&args, 1);
    let jitter = vm.interp.config.io.net.jitter;
    vm.ctx.device(IoKind::Net, &what, ns, jitter)?;
    Ok(Value::None)
}

/// `_delay(ns)`: the seconds an asyncio request waits: `ns` plus the profile's jitter,
/// drawn from the run's RNG (the task awaits a loop timer that long).
fn delay(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let ns = int_arg(&args, 0);
    let jitter = vm.interp.config.io.net.jitter;
    let j = vm.ctx.jitter(jitter)?;
    Ok(Value::Float((ns + j) as f64 / SEC as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_pages_are_deterministic_and_sized_from_the_url() {
        let c = IoConfig::default();
        let a = answer(&c, "https://books.toscrape.com/page/3").unwrap();
        let b = answer(&c, "https://books.toscrape.com/page/3").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.status, 200);
        assert!((1024..64 * 1024).contains(&a.body.len()));
        let other = answer(&c, "https://books.toscrape.com/page/4").unwrap();
        assert_ne!(a.body.len(), other.body.len());
    }

    #[test]
    fn missing_pages_unknown_hosts_and_other_schemes() {
        let c = IoConfig::default();
        assert_eq!(answer(&c, "http://x.org/missing/a").unwrap().status, 404);
        let r = answer(&c, "http://nowhere.invalid/").unwrap();
        assert_eq!(
            (r.status, r.reason.as_str()),
            (0, "[Errno -2] Name or service not known")
        );
        assert_eq!(answer(&c, "http://localhost:8000/").unwrap().status, 0);
        assert!(answer(&c, "ftp://x.org/").is_none());
    }

    #[test]
    fn a_web_folder_serves_its_files_and_nothing_outside() {
        let dir = std::env::temp_dir().join(format!("gilscope-web-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("docs")).unwrap();
        std::fs::write(dir.join("docs/index.html"), "hello").unwrap();
        let c = IoConfig {
            web_dir: Some(dir.clone()),
            ..IoConfig::default()
        };
        assert_eq!(answer(&c, "http://a.org/docs/").unwrap().body, b"hello");
        assert_eq!(
            answer(&c, "http://a.org/docs/../../etc/passwd")
                .unwrap()
                .status,
            404
        );
        assert_eq!(answer(&c, "http://a.org/nope").unwrap().status, 404);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
