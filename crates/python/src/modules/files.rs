//! The program's files: `open()`, `os.listdir`, `os.path`, `pathlib`, `csv` and `gzip`
//! over the folder of the program being run (its Python half is `files.py`, the module
//! `_gilscope_files`). A program may read the files of its folder and below; what it
//! writes goes to an overlay kept in memory (in `files.py`), so the user's files never
//! change; `--write-files DIR` writes the overlay out under DIR at exit. Reads and writes
//! cost simulated time from their size and release the GIL (`Ctx::device`, `IoKind::Disk`)
//! as CPython's `FileIO` releases it around its system calls (docs/engine.md, "Files").

use std::io::{Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::builtins::func;
use crate::value::{Args, Flow, Module, NativeFn, Str, Value};
use crate::vm::Vm;
use gilscope_engine::{SEC, US};
use gilscope_trace::{IoKind, Nanos};

/// What one read or write costs before its bytes move: a system call that finds its
/// pages in the page cache.
pub const DISK_LATENCY: Nanos = 20 * US;
/// How fast bytes move between the page cache and the program: a few GB/s.
pub const DISK_BANDWIDTH: u64 = 2_000_000_000;
/// What opening (or creating) a file costs: a path lookup and a file descriptor.
pub const OPEN_COST: Nanos = 10 * US;

/// The natives `files.py` is written on, put into its globals.
const NATIVES: &[(&str, NativeFn)] = &[
    ("_resolve_native", resolve),
    ("_root", root_native),
    ("_stat", stat),
    ("_read", read),
    ("_listdir", listdir),
    ("_disk", disk),
    ("_write_dir", write_dir),
    ("_write_out", write_out),
    ("_gz_compress", gz_compress),
    ("_gz_decompress", gz_decompress),
];

/// The natives for `files.py`'s namespace.
pub fn natives() -> Vec<(Str, Value)> {
    NATIVES
        .iter()
        .map(|(n, f)| (Str::from(*n), func(n, "_gilscope_files", *f)))
        .collect()
}

/// `os.getcwd`, `os.listdir` and `os.path`, made when a program first asks for them so
/// that `import os` stays as cheap as before.
pub fn os_attr(vm: &mut Vm<'_>, m: &Arc<Module>, name: &str) -> Result<Option<Value>, Flow> {
    if &*m.name != "os" {
        return Ok(None);
    }
    let value = match name {
        "path" => vm.import("posixpath")?,
        "getcwd" | "listdir" | "fspath" | "PathLike" => {
            let files = vm.import("_gilscope_files")?;
            vm.get_attr(&files, name)?
        }
        _ => return Ok(None),
    };
    m.dict.lock().insert(Str::from(name), value.clone());
    Ok(Some(value))
}

/// The folder a program's files are confined to: the one the front end chose (a
/// scenario's assets folder),
/// else the folder of the program's file.
fn root(vm: &Vm<'_>) -> PathBuf {
    if let Some(dir) = &vm.interp.config.io.files_dir {
        return dir.clone();
    }
    Path::new(&vm.interp.program.path)
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

/// `path` with `.` and `..` taken out, without looking at the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` with its symbolic links followed as far as it exists on disk (the rest, a file
/// not created yet, is appended as it is).
fn follow_links(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Where `path` (relative to `root`, or absolute) really is, if that is `root` or below
/// it once `..` and symbolic links are resolved.
pub fn confine(root: &Path, path: &str) -> Option<PathBuf> {
    let root = follow_links(&normalize(root));
    let joined = normalize(&root.join(path));
    let real = follow_links(&joined);
    real.starts_with(&root).then_some(real)
}

fn str_arg(vm: &mut Vm<'_>, args: &Args, i: usize) -> Result<String, Flow> {
    match args.pos.get(i) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => vm.to_str(&v.clone()),
        None => Err(vm.exc("TypeError", "missing argument")),
    }
}

/// `_resolve_native(path)`: the absolute path the program may use, or None outside its folder.
fn resolve(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let path = str_arg(vm, &args, 0)?;
    Ok(match confine(&root(vm), &path) {
        Some(p) => Value::str(&p.to_string_lossy()),
        None => Value::None,
    })
}

/// `_root()`: the program's folder (its `os.getcwd()`), links resolved.
fn root_native(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    let root = follow_links(&normalize(&root(vm)));
    Ok(Value::str(&root.to_string_lossy()))
}

/// `_stat(abs)`: `(kind, size)` on disk, kind 0 missing, 1 file, 2 folder.
fn stat(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let path = str_arg(vm, &args, 0)?;
    let (kind, size) = match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => (2, 0),
        Ok(m) => (1, i64::try_from(m.len()).unwrap_or(i64::MAX)),
        Err(_) => (0, 0),
    };
    Ok(Value::tuple(vec![Value::Int(kind), Value::Int(size)]))
}

/// `_read(abs)`: the file's bytes on disk, or None if it cannot be read.
fn read(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let path = str_arg(vm, &args, 0)?;
    Ok(match std::fs::read(&path) {
        Ok(b) => Value::Bytes(Arc::new(b)),
        Err(_) => Value::None,
    })
}

/// `_listdir(abs)`: the names in a folder on disk, sorted, or None if it is not one.
fn listdir(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let path = str_arg(vm, &args, 0)?;
    let Ok(entries) = std::fs::read_dir(&path) else {
        return Ok(Value::None);
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(Value::list(names.iter().map(|n| Value::str(n)).collect()))
}

/// The time `len` bytes take to move, with the system call's fixed cost.
pub fn transfer(len: u64) -> Nanos {
    DISK_LATENCY + (u128::from(len) * u128::from(SEC) / u128::from(DISK_BANDWIDTH)) as Nanos
}

/// A size as a lane shows it: `312 B`, `4 KB`, `1.5 MB`.
fn size_text(len: u64) -> String {
    if len < 1024 {
        format!("{len} B")
    } else if len < 1024 * 1024 {
        format!("{} KB", len.div_ceil(1024))
    } else {
        format!("{:.1} MB", len as f64 / (1024.0 * 1024.0))
    }
}

/// `_disk(verb, name, nbytes)`: a read, a write or (`nbytes` None) an open of file
/// `name`, blocking with the GIL released for its time; the lane says `read data.csv (4
/// KB)`.
fn disk(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let verb = str_arg(vm, &args, 0)?;
    let name = str_arg(vm, &args, 1)?;
    let (what, ns) = match args.pos.get(2) {
        Some(Value::Int(n)) => {
            let n = u64::try_from(*n).unwrap_or(0);
            (format!("{verb} {name} ({})", size_text(n)), transfer(n))
        }
        _ => (format!("{verb} {name}"), OPEN_COST),
    };
    vm.ctx.device(IoKind::Disk, &what, ns, 0)?;
    Ok(Value::None)
}

/// `_write_dir()`: whether `--write-files DIR` was given.
fn write_dir(vm: &mut Vm<'_>, _args: Args) -> Result<Value, Flow> {
    Ok(Value::Bool(vm.interp.config.io.write_dir.is_some()))
}

/// `_write_out(items)`: writes `(abs, bytes)` pairs of the overlay under `--write-files
/// DIR`, each at its path relative to the program's folder; returns the errors' texts.
fn write_out(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(dir) = vm.interp.config.io.write_dir.clone() else {
        return Ok(Value::list(Vec::new()));
    };
    let root = follow_links(&normalize(&root(vm)));
    let items = vm.to_vec(&args.pos.first().cloned().unwrap_or(Value::None))?;
    let mut errors = Vec::new();
    for item in items {
        let Value::Tuple(t) = item else { continue };
        let (Some(Value::Str(path)), Some(Value::Bytes(body))) = (t.first(), t.get(1)) else {
            continue;
        };
        let Ok(rel) = Path::new(&**path).strip_prefix(&root) else {
            continue;
        };
        let dest = dir.join(rel);
        let written = dest
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&dest, &**body));
        if let Err(e) = written {
            errors.push(Value::str(&format!("{}: {e}", dest.display())));
        }
    }
    Ok(Value::list(errors))
}

fn bytes_arg(vm: &mut Vm<'_>, args: &Args, i: usize) -> Result<Arc<Vec<u8>>, Flow> {
    match args.pos.get(i) {
        Some(Value::Bytes(b)) => Ok(Arc::clone(b)),
        Some(v) => {
            let msg = format!("a bytes-like object is required, not '{}'", vm.type_name(v));
            Err(vm.exc("TypeError", &msg))
        }
        None => Err(vm.exc("TypeError", "missing argument")),
    }
}

/// `_gz_compress(data, level)`: a gzip member holding `data`.
fn gz_compress(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let data = bytes_arg(vm, &args, 0)?;
    let level = match args.pos.get(1) {
        Some(Value::Int(n)) => u32::try_from(*n).unwrap_or(9).min(9),
        _ => 9,
    };
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    let out = enc.write_all(&data).and_then(|()| enc.finish());
    match out {
        Ok(b) => Ok(Value::Bytes(Arc::new(b))),
        Err(e) => Err(vm.exc("OSError", &e.to_string())),
    }
}

/// `_gz_decompress(data)`: the bytes of every gzip member in `data`; a BadGzipFile's
/// message as its error.
fn gz_decompress(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let data = bytes_arg(vm, &args, 0)?;
    if !data.is_empty() && !data.starts_with(&[0x1f, 0x8b]) {
        let magic = &data[..data.len().min(2)];
        let shown = Value::Bytes(Arc::new(magic.to_vec()));
        let msg = format!("Not a gzipped file ({})", vm.repr(&shown)?);
        return Ok(Value::tuple(vec![Value::None, Value::str(&msg)]));
    }
    let mut out = Vec::new();
    let read = flate2::read::MultiGzDecoder::new(&data[..]).read_to_end(&mut out);
    Ok(match read {
        Ok(_) => Value::tuple(vec![Value::Bytes(Arc::new(out)), Value::None]),
        Err(_) => Value::tuple(vec![
            Value::None,
            Value::str("Compressed file ended before the end-of-stream marker was reached"),
        ]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confine_keeps_paths_inside_the_folder() {
        let dir = std::env::temp_dir().join(format!("gilscope-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::write(dir.join("data/a.csv"), "x").unwrap();
        let real = dir.canonicalize().unwrap();
        assert_eq!(confine(&dir, "data/a.csv"), Some(real.join("data/a.csv")));
        assert_eq!(confine(&dir, "new.txt"), Some(real.join("new.txt")));
        assert_eq!(
            confine(&dir, "data/../data/a.csv"),
            Some(real.join("data/a.csv"))
        );
        assert_eq!(confine(&dir, "../x"), None);
        assert_eq!(confine(&dir, "/etc/passwd"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", dir.join("etc")).unwrap();
            assert_eq!(confine(&dir, "etc/passwd"), None);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn costs_grow_with_size() {
        assert_eq!(transfer(0), DISK_LATENCY);
        assert_eq!(transfer(2_000_000), DISK_LATENCY + 1_000 * US);
        assert_eq!(size_text(300), "300 B");
        assert_eq!(size_text(4000), "4 KB");
        assert_eq!(size_text(3 * 1024 * 1024 / 2), "1.5 MB");
    }
}
