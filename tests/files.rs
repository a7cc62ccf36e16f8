//! Files, run as a user runs them: every program of `tests/corpus/teaching/files/` through
//! `gilscope run` from its folder, its stdout, stderr and exit status compared with what
//! CPython 3.11 printed there (`NAME.expected.txt`, recorded by `regen.sh` in a copy of the
//! folder, since CPython really writes); the real disk untouched after a program writes;
//! `--write-files DIR`; the refusals outside the program's folder; and a read that
//! releases the GIL while another thread runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/teaching/files")
}

fn gilscope(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .arg("run")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("gilscope runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What `regen.sh` recorded: `status N`, then stdout, then `--- stderr ---` and stderr,
/// with the folder's absolute path as `{DIR}`.
fn expected(name: &str) -> (i32, String, String) {
    let path = corpus().join(name.replace(".py", ".expected.txt"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run regen.sh)", path.display()));
    let dir = corpus().display().to_string();
    let text = text.replace("{DIR}", &dir);
    let (head, rest) = text.split_once('\n').expect("a status line");
    let status = head
        .strip_prefix("status ")
        .and_then(|s| s.parse().ok())
        .expect("status N");
    let (stdout, stderr) = rest
        .split_once("--- stderr ---\n")
        .expect("a stderr separator");
    (status, stdout.to_owned(), stderr.to_owned())
}

/// Runs corpus program `name` and compares it with CPython's run.
fn check(name: &str) {
    let want = expected(name);
    let got = gilscope(&corpus(), &[name]);
    assert_eq!(got, want, "{name}: gilscope's run differs from CPython's");
}

macro_rules! corpus {
    ($($name:ident),* $(,)?) => {
        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check(concat!(stringify!($name), ".py"));
            }
        )*
    };
}

corpus!(
    csv_sum,
    word_count,
    threads_read,
    report_roundtrip,
    json_roundtrip,
    pathlib_listing,
    gzip_roundtrip,
    refusals,
);

#[test]
fn every_program_of_the_folder_has_its_test() {
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .expect("the files corpus exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".py").map(str::to_owned))
        .collect();
    names.sort();
    let mut listed: Vec<&str> = PROGRAMS.to_vec();
    listed.sort_unstable();
    assert_eq!(names, listed);
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).expect("a readable folder") {
            let path = e.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let meta = std::fs::metadata(&path).expect("metadata");
                let bytes = std::fs::read(&path).expect("a readable file");
                out.push((path, bytes, meta.modified().expect("an mtime")));
            }
        }
    }
    out.sort();
    out
}

const WRITER: &str = "\
with open('data.txt') as f:
    print(f.read(), end='')
with open('data.txt', 'w') as f:
    f.write('replaced\\n')
with open('data.txt', 'a') as f:
    f.write('and more\\n')
with open('sub/new.txt', 'w') as f:
    f.write('new file\\n')
with open('data.txt') as f:
    print(f.read(), end='')
import os
print(sorted(os.listdir('sub')))
";

fn writer_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("sub")).expect("a subfolder");
    std::fs::write(dir.path().join("data.txt"), "original\n").expect("a data file");
    std::fs::write(dir.path().join("writer.py"), WRITER).expect("the program");
    dir
}

#[test]
fn a_program_that_writes_leaves_the_disk_untouched() {
    let dir = writer_folder();
    let before = snapshot(dir.path());
    let (status, stdout, stderr) = gilscope(dir.path(), &["writer.py"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout, "original\nreplaced\nand more\n['new.txt']\n",
        "later reads see the overlay"
    );
    assert_eq!(snapshot(dir.path()), before, "no file changed or appeared");
}

#[test]
fn write_files_writes_the_overlay_out_at_the_end() {
    let dir = writer_folder();
    let out = tempfile::tempdir().expect("an output folder");
    let before = snapshot(dir.path());
    let target = out.path().join("kept");
    let target_s = target.display().to_string();
    let (status, _, stderr) = gilscope(dir.path(), &["writer.py", "--write-files", &target_s]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let read = |p: &str| std::fs::read_to_string(target.join(p)).expect("a written file");
    assert_eq!(read("data.txt"), "replaced\nand more\n");
    assert_eq!(read("sub/new.txt"), "new file\n");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "the program's folder is unchanged"
    );
}

#[test]
fn paths_outside_the_folder_are_refused_with_the_rule() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let inner = dir.path().join("prog");
    std::fs::create_dir(&inner).expect("the program's folder");
    std::fs::write(dir.path().join("secret.txt"), "secret").expect("a file outside");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), inner.join("link.txt"))
        .expect("a symlink");
    std::fs::write(
        inner.join("escape.py"),
        "import os\n\
         for name in ['../secret.txt', '/etc/passwd', 'link.txt', 'a/../../secret.txt']:\n\
         \x20   try:\n\
         \x20       open(name)\n\
         \x20   except PermissionError as e:\n\
         \x20       print(e.errno, e.filename, e.strerror)\n\
         print(os.path.exists('../secret.txt'), os.path.exists('/etc/passwd'))\n\
         os.listdir('..')\n",
    )
    .expect("the program");
    let (status, stdout, stderr) = gilscope(&inner, &["escape.py"]);
    let rule = "Permission denied (gilscope lets a program open only the files of its own \
                folder and below)";
    let mut want = String::new();
    for name in [
        "../secret.txt",
        "/etc/passwd",
        "link.txt",
        "a/../../secret.txt",
    ] {
        want.push_str(&format!("13 {name} {rule}\n"));
    }
    want.push_str("False False\n");
    assert_eq!(stdout, want);
    assert_eq!(status, 1);
    assert!(
        stderr.ends_with(&format!("PermissionError: [Errno 13] {rule}: '..'\n")),
        "{stderr}"
    );
}

#[test]
fn a_read_releases_the_gil_while_another_thread_runs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // 32 MB: 20 us + 16 ms at 2 GB/s.
    std::fs::write(dir.path().join("big.bin"), vec![7u8; 32 << 20]).expect("a big file");
    std::fs::write(
        dir.path().join("overlap.py"),
        "import threading, time\n\
         done = False\n\
         def reader():\n\
         \x20   global done\n\
         \x20   with open('big.bin', 'rb') as f:\n\
         \x20       data = f.read()\n\
         \x20   done = True\n\
         t = threading.Thread(target=reader)\n\
         start = time.perf_counter()\n\
         t.start()\n\
         n = 0\n\
         while not done:\n\
         \x20   n += 1\n\
         t.join()\n\
         print(n, round((time.perf_counter() - start) * 1000))\n",
    )
    .expect("the program");
    let (status, stdout, stderr) = gilscope(dir.path(), &["overlap.py"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let mut words = stdout.split_whitespace();
    let n: u64 = words.next().and_then(|w| w.parse().ok()).expect("a count");
    let ms: u64 = words.next().and_then(|w| w.parse().ok()).expect("a time");
    assert!(
        (16..=25).contains(&ms),
        "the read takes about 16 ms: {stdout}"
    );
    // Without the GIL released, the main thread would get it back only at switch
    // intervals; released, it loops the whole 16 ms (tens of ns an iteration).
    assert!(n > 100_000, "the main thread ran during the read: {stdout}");
}
