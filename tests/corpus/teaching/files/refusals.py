# The refusals, caught: a missing file, a folder, a path outside the program's folder.
for name in ['missing.csv', 'logs', 'logs/nope/x.txt']:
    try:
        open(name)
    except FileNotFoundError as e:
        print('FileNotFoundError:', e, e.errno, e.strerror, e.filename)
    except IsADirectoryError as e:
        print('IsADirectoryError:', e, e.errno)
try:
    open('logs/new/out.txt', 'w')
except FileNotFoundError as e:
    print(repr(e))
try:
    open('poem.txt', 'rw')
except ValueError as e:
    print('ValueError:', e)
e = OSError(2, 'x')
print(e, e.args, e.errno, e.strerror, e.filename)
print(OSError('plain'), OSError().errno, repr(OSError(5, 'I/O', 'f.txt')))
print(issubclass(ConnectionRefusedError, ConnectionError), issubclass(FileExistsError, OSError))
print(IOError is OSError, EnvironmentError is OSError)
f = open('poem.txt')
f.close()
try:
    f.read()
except ValueError as e:
    print('ValueError:', e)
open('missing.csv')
