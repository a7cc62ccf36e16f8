# gilscope's sqlite3: CPython's module over real SQLite (modules/sqlite.rs). A database
# is ':memory:' or a file of the program's folder and below, read-only unless the user
# allowed writes (--write-db). Each statement blocks its thread with the GIL released for
# the time SQLite's work is worth, as CPython's _sqlite releases it around each step.
#
# Natives (sqlite.rs): _open(path) -> (err, db); _exec(db, sql, params, isolation) ->
# (err, (description, rows, rowcount, lastrowid)); _script(db, sql) -> (err, None);
# _state(db) -> (in_transaction, total_changes) or None once closed; _close(db).
import threading as _threading

apilevel = '2.0'
paramstyle = 'qmark'
threadsafety = 3
version = '2.6.0'
version_info = (2, 6, 0)
sqlite_version = '3.40.1'
sqlite_version_info = (3, 40, 1)
PARSE_DECLTYPES = 1
PARSE_COLNAMES = 2


class Warning(Exception):
    __module__ = 'sqlite3'


class Error(Exception):
    __module__ = 'sqlite3'


class InterfaceError(Error):
    __module__ = 'sqlite3'


class DatabaseError(Error):
    __module__ = 'sqlite3'


class DataError(DatabaseError):
    __module__ = 'sqlite3'


class OperationalError(DatabaseError):
    __module__ = 'sqlite3'


class IntegrityError(DatabaseError):
    __module__ = 'sqlite3'


class InternalError(DatabaseError):
    __module__ = 'sqlite3'


class ProgrammingError(DatabaseError):
    __module__ = 'sqlite3'


class NotSupportedError(DatabaseError):
    __module__ = 'sqlite3'


_ERRORS = {
    'InterfaceError': InterfaceError,
    'DatabaseError': DatabaseError,
    'DataError': DataError,
    'OperationalError': OperationalError,
    'IntegrityError': IntegrityError,
    'InternalError': InternalError,
    'ProgrammingError': ProgrammingError,
}


def _check(reply):
    err, value = reply
    if err is not None:
        raise _ERRORS[err](value)
    return value


def _params(parameters):
    # A mapping binds :name parameters (sent as (name, value) pairs); anything else is
    # a sequence binding ? parameters, in order.
    if parameters is None:
        return None
    if isinstance(parameters, dict):
        return list(parameters.items())
    if isinstance(parameters, (tuple, list)):
        return tuple(parameters)
    if isinstance(parameters, (str, bytes, set, frozenset)):
        raise ProgrammingError('parameters are of unsupported type')
    try:
        return tuple(parameters)
    except TypeError:
        raise ProgrammingError('parameters are of unsupported type') from None


class Row:
    __module__ = 'sqlite3'

    def __init__(self, cursor, data):
        self._keys = [d[0] for d in cursor.description]
        self._data = tuple(data)

    def keys(self):
        return list(self._keys)

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def __getitem__(self, key):
        if isinstance(key, str):
            low = key.lower()
            for i, name in enumerate(self._keys):
                if name.lower() == low:
                    return self._data[i]
            raise IndexError('No item with that key')
        return self._data[key]

    def __eq__(self, other):
        if not isinstance(other, Row):
            return NotImplemented
        return self._keys == other._keys and self._data == other._data

    def __ne__(self, other):
        if not isinstance(other, Row):
            return NotImplemented
        return not self == other

    def __hash__(self):
        return hash(tuple(self._keys)) ^ hash(self._data)


class Cursor:
    __module__ = 'sqlite3'

    def __init__(self, connection):
        self.connection = connection
        self.arraysize = 1
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self.row_factory = connection.row_factory
        self._rows = []
        self._pos = 0
        self._closed = False

    def _usable(self):
        self.connection._usable()
        if self._closed:
            raise ProgrammingError('Cannot operate on a closed cursor.')

    def _run(self, sql, parameters):
        conn = self.connection
        description, rows, rowcount, lastrowid = _check(
            _exec(conn._db, sql, _params(parameters), conn.isolation_level))
        return description, rows, rowcount, lastrowid

    def execute(self, sql, parameters=None):
        self._usable()
        self.description = None
        self._rows = []
        self._pos = 0
        self.row_factory = self.connection.row_factory
        description, rows, rowcount, lastrowid = self._run(sql, parameters)
        self.description = description
        self._rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        return self

    def executemany(self, sql, seq_of_parameters):
        self._usable()
        self.description = None
        self._rows = []
        self._pos = 0
        total = 0
        counted = False
        for parameters in seq_of_parameters:
            description, rows, rowcount, lastrowid = self._run(sql, parameters)
            if description is not None:
                raise ProgrammingError('executemany() can only execute DML statements.')
            if rowcount >= 0:
                total += rowcount
                counted = True
        self.rowcount = total if counted else -1
        return self

    def executescript(self, sql_script):
        self._usable()
        _check(_script(self.connection._db, sql_script))
        self.description = None
        self._rows = []
        self._pos = 0
        return self

    def _make(self, data):
        factory = self.row_factory
        if factory is None:
            return data
        return factory(self, data)

    def fetchone(self):
        self._usable()
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return self._make(row)

    def fetchmany(self, size=None):
        self._usable()
        if size is None:
            size = self.arraysize
        out = []
        while len(out) < size and self._pos < len(self._rows):
            out.append(self._make(self._rows[self._pos]))
            self._pos += 1
        return out

    def fetchall(self):
        self._usable()
        out = [self._make(r) for r in self._rows[self._pos:]]
        self._pos = len(self._rows)
        return out

    def __iter__(self):
        return self

    def __next__(self):
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def close(self):
        self.connection._usable()
        self._closed = True


class Connection:
    __module__ = 'sqlite3'

    def __init__(self, database, timeout=5.0, detect_types=0, isolation_level='',
                 check_same_thread=True, factory=None, cached_statements=128, uri=False):
        self._db = _check(_open(database, uri))
        self._thread = _threading.get_ident()
        self._check_thread = check_same_thread
        self.isolation_level = isolation_level
        self.row_factory = None
        self.text_factory = str

    def _usable(self):
        if self._check_thread and _threading.get_ident() != self._thread:
            raise ProgrammingError(
                'SQLite objects created in a thread can only be used in that same thread. '
                'The object was created in thread id %d and this is thread id %d.'
                % (self._thread, _threading.get_ident()))
        if self._db is None:
            raise ProgrammingError('Cannot operate on a closed database.')

    @property
    def in_transaction(self):
        self._usable()
        return _state(self._db)[0]

    @property
    def total_changes(self):
        self._usable()
        return _state(self._db)[1]

    def cursor(self, factory=Cursor):
        self._usable()
        return factory(self)

    def execute(self, sql, parameters=None):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script):
        return self.cursor().executescript(sql_script)

    def commit(self):
        self._usable()
        if _state(self._db)[0]:
            _check(_exec(self._db, 'COMMIT', None, None))

    def rollback(self):
        self._usable()
        if _state(self._db)[0]:
            _check(_exec(self._db, 'ROLLBACK', None, None))

    def close(self):
        if self._check_thread and _threading.get_ident() != self._thread:
            self._usable()
        if self._db is not None:
            _close(self._db)
            self._db = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False


def connect(database, timeout=5.0, detect_types=0, isolation_level='',
            check_same_thread=True, factory=Connection, cached_statements=128, uri=False):
    return factory(database, timeout, detect_types, isolation_level, check_same_thread,
                   None, cached_statements, uri)


def complete_statement(statement):
    return statement.rstrip().endswith(';')
