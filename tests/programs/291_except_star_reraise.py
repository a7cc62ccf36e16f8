# What except* raises after its clauses: re-raised leaves go back into the caught
# group's shape, new exceptions join them in a new group, a single one goes on alone.
import threading


def show(f):
    try:
        f()
    except BaseException as e:
        ctx = type(e.__context__).__name__ if e.__context__ else None
        print(f.__name__, repr(e), ctx)


def one_new():
    try:
        raise ExceptionGroup("x", [ValueError(1)])
    except* ValueError:
        raise KeyError(2)


def new_and_rest():
    try:
        raise ExceptionGroup("x", [ValueError(1), TypeError(3)])
    except* ValueError:
        raise KeyError(2)


def two_new():
    try:
        raise ExceptionGroup("x", [ValueError(1), TypeError(3)])
    except* ValueError:
        raise KeyError(2)
    except* TypeError:
        raise OSError(4)


def reraise_keeps_shape():
    try:
        raise ExceptionGroup("x", [ValueError(1), TypeError(3),
                                   ExceptionGroup("y", [ValueError(7), KeyError(8)])])
    except* ValueError:
        raise
    except* KeyError:
        pass


def naked():
    try:
        raise ValueError(5)
    except* ValueError as g:
        print("caught", repr(g))
        raise


def naked_new():
    try:
        raise ValueError(5)
    except* ValueError:
        raise KeyError(6)


def split_parts():
    eg = ExceptionGroup("x", (ValueError(1), KeyError(2)))
    m, r = eg.split(ValueError)
    print(m is eg, repr(m), repr(r))
    m, r = eg.split(lambda e: True)
    print(m is eg, r)


def chaining_attributes():
    e = ValueError("v")
    e.__cause__ = KeyError("k")
    print(e.__suppress_context__, repr(e.__cause__))
    e.__suppress_context__ = False
    e.__context__ = None
    print(e.__suppress_context__, e.__context__)
    try:
        e.__cause__ = 5
    except TypeError as t:
        print(t)


for f in (one_new, new_and_rest, two_new, reraise_keeps_shape, naked, naked_new):
    show(f)
split_parts()
chaining_attributes()


def in_thread():
    try:
        raise ExceptionGroup("batch", [ValueError("a"), ValueError("b")])
    except* ValueError:
        raise


t = threading.Thread(target=in_thread, name="batcher")
t.start()
t.join()
print("done")
