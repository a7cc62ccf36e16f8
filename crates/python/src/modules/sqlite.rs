//! `sqlite3` on real SQLite (rusqlite with its bundled library): the natives its Python
//! half (`sqlite3.py`) is written on. A database is in memory (`:memory:`) or a file of
//! the program's folder and below, opened read-only unless the user allowed writes
//! (`--write-db`); nothing else on the machine is reachable.
//!
//! Each statement really runs in SQLite, at once; then the calling thread blocks with the
//! GIL released (`Ctx::device`, `IoKind::Db`) for the simulated time of what SQLite did,
//! read from its own counter of virtual-machine steps (docs/engine.md, "The database"),
//! as CPython's `_sqlite` module releases the GIL around `sqlite3_prepare` and
//! `sqlite3_step`; the rows it returns are then made into tuples with the GIL held. Its
//! effects are visible from the start of that wait.

use std::path::{Path, PathBuf};

use parking_lot::Mutex;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags, StatementStatus};

use crate::builtins::func;
use crate::value::{Args, Flow, NativeFn, NativeObject, Str, Value};
use crate::vm::Vm;
use gilscope_engine::US;
use gilscope_trace::{IoKind, Nanos};

/// Simulated time of one statement before any step: the call into `_sqlite`, parsing and
/// planning (`sqlite3_prepare_v2`), binding and resetting.
pub const STATEMENT_NS: Nanos = 5 * US;

/// Simulated time of one step of SQLite's virtual machine (`SQLITE_STMTSTATUS_VM_STEP`):
/// one opcode, a row visited or a value compared or copied.
pub const VM_STEP_NS: Nanos = 100;

/// Simulated time of turning one result row into a Python tuple, with the GIL held (as
/// CPython's `_pysqlite_fetch_one_row` runs between steps).
pub const ROW_NS: Nanos = 1_500;

/// The natives the Python half is written on, put into its globals.
const NATIVES: &[(&str, NativeFn)] = &[
    ("_open", open),
    ("_exec", exec),
    ("_script", script),
    ("_state", state),
    ("_close", close),
];

/// The natives for `sqlite3.py`'s namespace.
pub fn natives() -> Vec<(Str, Value)> {
    NATIVES
        .iter()
        .map(|(n, f)| (Str::from(*n), func(n, "_sqlite3", *f)))
        .collect()
}

/// An open database: the connection, until `close()` drops it.
#[derive(Debug)]
struct Db {
    conn: Mutex<Option<Connection>>,
}

impl NativeObject for Db {
    fn type_name(&self) -> &'static str {
        "sqlite3_db"
    }
}

/// A failure the Python half raises: the name of its `sqlite3` exception class and the
/// message.
type Failure = (&'static str, String);

/// What a statement gave back: description (or None), rows, rowcount, lastrowid.
type Outcome = (Value, Vec<Value>, i64, i64);

/// `(None, value)` on success, `(class_name, message)` for the Python half to raise.
fn reply(r: Result<Value, Failure>) -> Value {
    match r {
        Ok(v) => Value::tuple(vec![Value::None, v]),
        Err((class, msg)) => Value::tuple(vec![Value::str(class), Value::str(&msg)]),
    }
}

/// The `sqlite3` exception class CPython raises for an SQLite result code
/// (`_pysqlite_seterror` in CPython's `Modules/_sqlite/util.c`).
fn class_of(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InternalMalfunction | ErrorCode::NotFound => "InternalError",
        ErrorCode::DatabaseCorrupt => "DatabaseError",
        ErrorCode::TooBig => "DataError",
        ErrorCode::ConstraintViolation | ErrorCode::TypeMismatch => "IntegrityError",
        ErrorCode::ApiMisuse | ErrorCode::ParameterOutOfRange => "InterfaceError",
        _ => "OperationalError",
    }
}

fn failure(e: rusqlite::Error) -> Failure {
    match e {
        rusqlite::Error::SqliteFailure(err, msg) => {
            (class_of(err.code), msg.unwrap_or_else(|| err.to_string()))
        }
        rusqlite::Error::MultipleStatement => (
            "ProgrammingError",
            "You can only execute one statement at a time.".into(),
        ),
        rusqlite::Error::SqlInputError { error, msg, .. } => (class_of(error.code), msg),
        other => ("OperationalError", other.to_string()),
    }
}

fn closed() -> Failure {
    (
        "ProgrammingError",
        "Cannot operate on a closed database.".into(),
    )
}

/// The folder a program's relative database paths are read from: the program's own.
fn program_dir(vm: &Vm<'_>) -> PathBuf {
    match Path::new(&vm.interp.program.path).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `_open(path, uri)` -> `(None, db)`, or `(class, message)`; PermissionError for a file
/// outside the program's folder. With `uri`, `path` is an SQLite URI (`file:data.db?mode=ro`)
/// whose file part is held to the same rule.
fn open(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let name = match args.pos.first() {
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            let msg = format!(
                "expected str, bytes or os.PathLike object, not {}",
                vm.type_name(v)
            );
            return Err(vm.exc("TypeError", &msg));
        }
        None => {
            return Err(vm.exc(
                "TypeError",
                "connect() missing required argument 'database'",
            ));
        }
    };
    let uri = matches!(args.pos.get(1), Some(Value::Bool(true)));
    let (path, query) = match name.strip_prefix("file:") {
        Some(rest) if uri => rest.split_once('?').unwrap_or((rest, "")),
        _ => (name.as_str(), ""),
    };
    let in_memory = path == ":memory:" || path.is_empty() || query.contains("mode=memory");
    let opened = if in_memory {
        Connection::open_in_memory().map_err(failure)
    } else {
        let dir = program_dir(vm);
        let file = dir.join(path);
        if !inside(&dir, &file) {
            let msg = format!(
                "[Errno 13] Permission denied: '{name}' (gilscope opens databases only in \
                 the program's folder and below)"
            );
            return Err(vm.exc("PermissionError", &msg));
        }
        let flags = if vm.interp.config.io.write_db {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        };
        let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if query.is_empty() {
            Connection::open_with_flags(&file, flags)
        } else {
            let target = format!("file:{}?{query}", file.display());
            Connection::open_with_flags(target, flags | OpenFlags::SQLITE_OPEN_URI)
        }
        .map_err(failure)
    };
    Ok(reply(opened.map(|conn| {
        Value::native(Db {
            conn: Mutex::new(Some(conn)),
        })
    })))
}

/// Whether `file` lies in `dir` or below, by their real paths (symbolic links and `..`
/// resolved), so that no name reaches outside the program's folder. A file not yet made
/// is judged by its folder.
fn inside(dir: &Path, file: &Path) -> bool {
    let Ok(dir) = dir.canonicalize() else {
        return false;
    };
    let real = match file.canonicalize() {
        Ok(p) => p,
        Err(_) => match (file.parent().map(Path::canonicalize), file.file_name()) {
            (Some(Ok(parent)), Some(leaf)) => parent.join(leaf),
            _ => return false,
        },
    };
    real.starts_with(dir)
}

fn db_arg(args: &Args) -> Option<&Db> {
    args.pos.first().and_then(Value::downcast::<Db>)
}

/// A statement as a lane shows it: its first 40 characters, whitespace folded.
fn label(sql: &str) -> String {
    let folded: Vec<&str> = sql.split_whitespace().collect();
    let folded = folded.join(" ");
    match folded.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &folded[..i]),
        None => folded,
    }
}

/// Whether a statement is one CPython counts rows for and opens a transaction before
/// (`INSERT`, `UPDATE`, `DELETE`, `REPLACE`, after any comments).
fn is_dml(sql: &str) -> bool {
    let mut s = sql;
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("--") {
            s = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let word: String = s
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(word.as_str(), "insert" | "update" | "delete" | "replace")
}

/// A Python value as an SQLite one.
fn to_sql(vm: &mut Vm<'_>, v: &Value, i: usize) -> Result<Result<SqlValue, Failure>, Flow> {
    Ok(Ok(match v {
        Value::None => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Int(n) => SqlValue::Integer(*n),
        Value::BigInt(_) => {
            return Err(vm.exc(
                "OverflowError",
                "Python int too large to convert to SQLite INTEGER",
            ));
        }
        Value::Float(f) => SqlValue::Real(*f),
        Value::Str(s) => SqlValue::Text(s.to_string()),
        Value::Bytes(b) => SqlValue::Blob(b.to_vec()),
        other => {
            let msg = format!(
                "Error binding parameter {i}: type '{}' is not supported",
                vm.type_name(other)
            );
            return Ok(Err(("ProgrammingError", msg)));
        }
    }))
}

fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::None,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(f) => Value::Float(f),
        ValueRef::Text(t) => Value::str(&String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => Value::Bytes(std::sync::Arc::new(b.to_vec())),
    }
}

/// The parameters to bind, in the statement's order: from a tuple (`?`) or from the
/// `(name, value)` pairs of a mapping (`:name`).
fn bindings(
    vm: &mut Vm<'_>,
    params: &Value,
    names: &[Option<String>],
) -> Result<Result<Vec<SqlValue>, Failure>, Flow> {
    let mut out = Vec::with_capacity(names.len());
    match params {
        Value::None => {
            if !names.is_empty() {
                let msg = format!(
                    "Incorrect number of bindings supplied. The current statement uses {}, \
                     and there are 0 supplied.",
                    names.len()
                );
                return Ok(Err(("ProgrammingError", msg)));
            }
        }
        Value::Tuple(items) => {
            if items.len() != names.len() {
                let msg = format!(
                    "Incorrect number of bindings supplied. The current statement uses {}, \
                     and there are {} supplied.",
                    names.len(),
                    items.len()
                );
                return Ok(Err(("ProgrammingError", msg)));
            }
            for (i, v) in items.iter().enumerate() {
                match to_sql(vm, v, i + 1)? {
                    Ok(s) => out.push(s),
                    Err(f) => return Ok(Err(f)),
                }
            }
        }
        Value::List(pairs) => {
            let pairs = pairs.lock().clone();
            for (i, name) in names.iter().enumerate() {
                let Some(name) = name else {
                    let msg = format!(
                        "Binding {} has no name, but you supplied a dictionary (which has \
                         only names).",
                        i + 1
                    );
                    return Ok(Err(("ProgrammingError", msg)));
                };
                let key = &name[1..];
                let found = pairs.iter().find_map(|p| match p {
                    Value::Tuple(kv) if matches!(kv.first(), Some(Value::Str(k)) if &**k == key) => {
                        kv.get(1).cloned()
                    }
                    _ => None,
                });
                let Some(v) = found else {
                    let msg = format!("You did not supply a value for binding parameter {name}.");
                    return Ok(Err(("ProgrammingError", msg)));
                };
                match to_sql(vm, &v, i + 1)? {
                    Ok(s) => out.push(s),
                    Err(f) => return Ok(Err(f)),
                }
            }
        }
        _ => {
            return Err(vm.exc("TypeError", "parameters are of unsupported type"));
        }
    }
    Ok(Ok(out))
}

/// Runs one statement to its end: its description, rows, rowcount and last row id, and
/// the virtual-machine steps it took.
fn run(
    vm: &mut Vm<'_>,
    conn: &Connection,
    sql: &str,
    params: &Value,
    isolation: &Value,
    steps: &mut u64,
) -> Result<Result<Outcome, Failure>, Flow> {
    let dml = is_dml(sql);
    // CPython 3.11's legacy transaction control: a DML statement outside a transaction
    // first opens one, unless `isolation_level` is None (autocommit).
    if let (true, Value::Str(level)) = (dml, isolation)
        && conn.is_autocommit()
        && let Err(e) = conn.execute_batch(&format!("BEGIN {level}"))
    {
        return Ok(Err(failure(e)));
    }
    let mut stmt = match conn.prepare(sql) {
        Ok(s) => s,
        Err(e) => return Ok(Err(failure(e))),
    };
    let names: Vec<Option<String>> = (1..=stmt.parameter_count())
        .map(|i| stmt.parameter_name(i).map(str::to_owned))
        .collect();
    let values = match bindings(vm, params, &names)? {
        Ok(v) => v,
        Err(f) => return Ok(Err(f)),
    };
    for (i, v) in values.iter().enumerate() {
        if let Err(e) = stmt.raw_bind_parameter(i + 1, v) {
            return Ok(Err(failure(e)));
        }
    }
    let columns: Vec<String> = stmt
        .column_names()
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let width = columns.len();
    let mut rows = Vec::new();
    let mut query = stmt.raw_query();
    let stepped = loop {
        match query.next() {
            Ok(Some(row)) => {
                let mut cells = Vec::with_capacity(width);
                for i in 0..width {
                    cells.push(row.get_ref(i).map_or(Value::None, from_sql));
                }
                rows.push(Value::tuple(cells));
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(failure(e)),
        }
    };
    drop(query);
    *steps += u64::try_from(stmt.get_status(StatementStatus::VmStep)).unwrap_or(0);
    drop(stmt);
    if let Err(f) = stepped {
        return Ok(Err(f));
    }
    let description = if width == 0 {
        Value::None
    } else {
        Value::tuple(
            columns
                .iter()
                .map(|c| {
                    let mut d = vec![Value::str(c)];
                    d.extend(std::iter::repeat_n(Value::None, 6));
                    Value::tuple(d)
                })
                .collect(),
        )
    };
    let rowcount = if dml {
        i64::try_from(conn.changes()).unwrap_or(i64::MAX)
    } else {
        -1
    };
    Ok(Ok((description, rows, rowcount, conn.last_insert_rowid())))
}

/// Blocks the calling thread, GIL released, for what `steps` cost.
fn wait(vm: &mut Vm<'_>, sql: &str, statements: u64, steps: u64) -> Result<(), Flow> {
    let ns = statements * STATEMENT_NS + steps * VM_STEP_NS;
    vm.ctx.device(IoKind::Db, &label(sql), ns, 0)?;
    Ok(())
}

/// `_exec(db, sql, params, isolation_level)` -> `(None, (description, rows, rowcount,
/// lastrowid))` or `(class, message)`. `params`: None, a tuple, or a list of `(name,
/// value)` pairs.
fn exec(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(db) = db_arg(&args) else {
        return Err(vm.exc("TypeError", "_exec() needs a database"));
    };
    let sql = match args.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            let msg = format!("execute() argument 1 must be str, not {}", vm.type_name(v));
            return Err(vm.exc("TypeError", &msg));
        }
        None => return Err(vm.exc("TypeError", "execute expected at least 1 argument, got 0")),
    };
    let params = args.pos.get(2).cloned().unwrap_or(Value::None);
    let isolation = args.pos.get(3).cloned().unwrap_or(Value::None);
    let mut steps = 0;
    let outcome = {
        let guard = db.conn.lock();
        match guard.as_ref() {
            Some(conn) => run(vm, conn, &sql, &params, &isolation, &mut steps)?,
            None => Err(closed()),
        }
    };
    wait(vm, &sql, 1, steps)?;
    if let Ok((_, rows, _, _)) = &outcome {
        vm.ctx.elapse(rows.len() as Nanos * ROW_NS);
    }
    Ok(reply(outcome.map(
        |(description, rows, rowcount, lastrowid)| {
            Value::tuple(vec![
                description,
                Value::list(rows),
                Value::Int(rowcount),
                Value::Int(lastrowid),
            ])
        },
    )))
}

/// `_script(db, sql)` -> `(None, None)` or `(class, message)`: every statement of `sql`
/// in turn, rows discarded, after committing any open transaction (`executescript`).
fn script(vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(db) = db_arg(&args) else {
        return Err(vm.exc("TypeError", "_script() needs a database"));
    };
    let sql = match args.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            let msg = format!("script argument must be str, not {}", vm.type_name(v));
            return Err(vm.exc("TypeError", &msg));
        }
        None => return Err(vm.exc("TypeError", "executescript() missing argument")),
    };
    let (mut steps, mut statements) = (0, 0);
    let outcome = {
        let guard = db.conn.lock();
        match guard.as_ref() {
            Some(conn) => run_script(conn, &sql, &mut statements, &mut steps),
            None => Err(closed()),
        }
    };
    wait(vm, &sql, statements.max(1), steps)?;
    Ok(reply(outcome.map(|()| Value::None)))
}

fn run_script(
    conn: &Connection,
    sql: &str,
    statements: &mut u64,
    steps: &mut u64,
) -> Result<(), Failure> {
    if !conn.is_autocommit() {
        conn.execute_batch("COMMIT").map_err(failure)?;
    }
    use rusqlite::fallible_iterator::FallibleIterator;
    let mut batch = rusqlite::Batch::new(conn, sql);
    while let Some(mut stmt) = batch.next().map_err(failure)? {
        *statements += 1;
        let mut rows = stmt.raw_query();
        let result = loop {
            match rows.next() {
                Ok(Some(_)) => {}
                Ok(None) => break Ok(()),
                Err(e) => break Err(failure(e)),
            }
        };
        drop(rows);
        *steps += u64::try_from(stmt.get_status(StatementStatus::VmStep)).unwrap_or(0);
        result?;
    }
    Ok(())
}

/// `_state(db)` -> `(in_transaction, total_changes)`, or None once closed.
fn state(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    let Some(db) = db_arg(&args) else {
        return Ok(Value::None);
    };
    let guard = db.conn.lock();
    Ok(match guard.as_ref() {
        Some(conn) => Value::tuple(vec![
            Value::Bool(!conn.is_autocommit()),
            Value::Int(i64::try_from(conn.total_changes()).unwrap_or(i64::MAX)),
        ]),
        None => Value::None,
    })
}

/// `_close(db)`: closes the connection; an open transaction is rolled back, as SQLite
/// does when its connection closes.
fn close(_vm: &mut Vm<'_>, args: Args) -> Result<Value, Flow> {
    if let Some(db) = db_arg(&args) {
        db.conn.lock().take();
    }
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fold_whitespace_and_stop_at_forty_characters() {
        assert_eq!(label("SELECT 1"), "SELECT 1");
        assert_eq!(
            label("SELECT name,\n       email FROM users WHERE id = ? AND active = 1"),
            "SELECT name, email FROM users WHERE id =…"
        );
    }

    #[test]
    fn dml_is_found_after_comments() {
        assert!(is_dml("  insert into t values (1)"));
        assert!(is_dml("-- add one\nREPLACE INTO t VALUES (1)"));
        assert!(is_dml("/* x */ update t set a = 1"));
        assert!(!is_dml("select * from t"));
        assert!(!is_dml("create table t(a)"));
    }
}
