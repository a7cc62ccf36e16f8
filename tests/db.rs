//! `sqlite3` on real SQLite, run as a user runs it.
//!
//! - Every program of `tests/corpus/teaching/db/` prints exactly what CPython 3.11
//!   printed for it (`NAME.expected.txt`, recorded with `python3 NAME.py >
//!   NAME.expected.txt` in that folder, where `shop.db` is the tiny fixture they read).
//! - A statement blocks its thread with the GIL released (`blocked-db`, labelled with the
//!   statement's start) while another thread runs.
//! - A database file is never changed without `--write-db`: the write raises SQLite's
//!   own `attempt to write a readonly database`; with the flag it is written. A path
//!   outside the program's folder raises PermissionError naming the rule.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::path::{Path, PathBuf};
use std::process::Command;

use gilscope::engine::{Options, SEC};
use gilscope::program::{Program, TraceSource};
use gilscope::python::RunConfig;
use gilscope::trace::{DropReason, EventKind, IoKind, Stream, ThreadState, WaitOn};

fn db_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/teaching/db")
}

/// `gilscope run ARGS` in `dir`: (status, stdout, stderr).
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

fn matches_cpython(name: &str) {
    let (status, stdout, stderr) = gilscope(&db_dir(), &[&format!("{name}.py")]);
    let expected = std::fs::read_to_string(db_dir().join(format!("{name}.expected.txt")))
        .expect("the expected output exists");
    assert_eq!((status, stderr.as_str()), (0, ""), "{name}");
    assert_eq!(stdout, expected, "{name}");
}

/// One test per program, and a check that no program of the folder is left out.
macro_rules! corpus {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                matches_cpython(stringify!($name));
            }
        )*

        #[test]
        fn every_program_of_the_folder_has_its_test() {
            let mut found: Vec<String> = std::fs::read_dir(db_dir())
                .unwrap()
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter_map(|n| n.strip_suffix(".py").map(str::to_owned))
                .collect();
            found.sort();
            let mut listed = vec![$(stringify!($name).to_owned()),*];
            listed.sort();
            assert_eq!(found, listed);
        }
    };
}

corpus!(
    errors,
    executemany_commit,
    file_db_readonly,
    memory_basics,
    rows,
    threads_file_db,
);

/// A query in one thread while another computes.
const QUERY_WHILE_COMPUTING: &str = "\
import sqlite3
import threading

conn = sqlite3.connect(':memory:')
conn.execute('CREATE TABLE n (v INTEGER)')
conn.executemany('INSERT INTO n VALUES (?)', [(i,) for i in range(2000)])


def compute():
    total = 0
    for i in range(500000):
        total += i


t = threading.Thread(target=compute)
t.start()
print(conn.execute('SELECT SUM(v * v) FROM n WHERE v % 3 = 0').fetchone()[0])
t.join()
";

#[test]
fn a_statement_releases_the_gil_and_another_thread_runs_meanwhile() {
    let program = Program::python("query.py", QUERY_WHILE_COMPUTING, RunConfig::default()).unwrap();
    let options = Options {
        max_time: Some(60 * SEC),
        ..Options::default()
    };
    let store = TraceSource::Run(program).trace(&options).1;
    let evs = store.events();
    let (block, what) = evs
        .iter()
        .find_map(|e| match e.kind {
            EventKind::Block {
                on: WaitOn::Device(IoKind::Db, what),
            } if e.tid == 0 && store.text(what).starts_with("SELECT SUM") => Some((*e, what)),
            _ => None,
        })
        .expect("the query blocks on the database");
    assert_eq!(store.text(what), "SELECT SUM(v * v) FROM n WHERE v % 3 = 0");
    assert!(evs.iter().any(|e| e.tid == 0
        && e.t <= block.t
        && matches!(
            e.kind,
            EventKind::GilDrop {
                reason: DropReason::Io,
                ..
            }
        )));
    let woke = evs
        .iter()
        .find(|e| e.tid == 0 && e.t > block.t && matches!(e.kind, EventKind::Wake { .. }))
        .map(|e| e.t)
        .expect("the query ends");
    // 2,000 rows scanned: hundreds of microseconds of SQLite's work.
    let waited = woke - block.t;
    assert!((100_000..5_000_000).contains(&waited), "waited {waited} ns");
    let mid = block.t + waited / 2;
    assert_eq!(
        store.state_at(0, mid),
        Some(ThreadState::Blocked(WaitOn::Device(IoKind::Db, what)))
    );
    assert_eq!(store.state_at(1, mid), Some(ThreadState::Running));
    assert_eq!(store.output(Stream::Stdout), "888221889\n");
}

/// A scratch folder holding a copy of `shop.db` and `prog.py`.
fn scratch(tag: &str, program: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gilscope-db-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(db_dir().join("shop.db"), dir.join("shop.db")).unwrap();
    std::fs::write(dir.join("prog.py"), program).unwrap();
    dir
}

const WRITE: &str = "\
import sqlite3

conn = sqlite3.connect('shop.db')
try:
    with conn:
        conn.execute('UPDATE products SET price = 0')
    print('written')
except sqlite3.OperationalError as e:
    print('OperationalError:', e)
print(conn.execute('SELECT COUNT(*) FROM products WHERE price = 0').fetchone()[0])
";

#[test]
fn a_database_file_is_written_only_with_write_db() {
    let dir = scratch("write", WRITE);
    let before = std::fs::read(dir.join("shop.db")).unwrap();
    let (status, stdout, stderr) = gilscope(&dir, &["prog.py"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "OperationalError: attempt to write a readonly database\n0\n"
    );
    assert_eq!(std::fs::read(dir.join("shop.db")).unwrap(), before);

    let (status, stdout, stderr) = gilscope(&dir, &["--write-db", "prog.py"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(stdout, "written\n120\n");
    assert_ne!(std::fs::read(dir.join("shop.db")).unwrap(), before);
    std::fs::remove_dir_all(dir).unwrap();
}

const OUTSIDE: &str = "\
import sqlite3

for path in ['../elsewhere.db', '/tmp/x.db', 'sub/../../shop.db']:
    try:
        sqlite3.connect(path)
    except PermissionError as e:
        print('PermissionError:', e)
sqlite3.connect('shop.db').close()
print('inside is fine')
";

#[test]
fn a_database_outside_the_programs_folder_is_refused() {
    let dir = scratch("outside", OUTSIDE);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let (status, stdout, stderr) = gilscope(&dir, &["--write-db", "prog.py"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let rule = "(gilscope opens databases only in the program's folder and below)";
    assert_eq!(
        stdout,
        format!(
            "PermissionError: [Errno 13] Permission denied: '../elsewhere.db' {rule}\n\
             PermissionError: [Errno 13] Permission denied: '/tmp/x.db' {rule}\n\
             PermissionError: [Errno 13] Permission denied: 'sub/../../shop.db' {rule}\n\
             inside is fine\n"
        )
    );
    assert!(!dir.join("../elsewhere.db").exists());
    std::fs::remove_dir_all(dir).unwrap();
}

const OTHER_THREAD: &str = "\
import sqlite3
import threading

conn = sqlite3.connect(':memory:')


def use():
    try:
        conn.execute('SELECT 1')
    except sqlite3.ProgrammingError as e:
        print(str(e).split(' The object')[0])


t = threading.Thread(target=use)
t.start()
t.join()
shared = sqlite3.connect(':memory:', check_same_thread=False)
t = threading.Thread(target=lambda: print(shared.execute('SELECT 41 + 1').fetchone()[0]))
t.start()
t.join()
";

#[test]
fn a_connection_is_checked_against_its_thread_as_cpython_does() {
    let dir = scratch("thread", OTHER_THREAD);
    let (status, stdout, stderr) = gilscope(&dir, &["prog.py"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "SQLite objects created in a thread can only be used in that same thread.\n42\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
