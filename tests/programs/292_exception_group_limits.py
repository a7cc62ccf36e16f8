# CPython's report shows 15 members of a group and 10 levels of nesting.
def nest(depth):
    if depth == 0:
        return ValueError("leaf")
    return ExceptionGroup(f"level {depth}", [nest(depth - 1), KeyError(depth)])


def bare_reraise():
    try:
        1 / 0
    except ZeroDivisionError:
        raise


try:
    bare_reraise()
except ZeroDivisionError as e:
    last = e
raise ExceptionGroup("many", [last, nest(12)] + [ValueError(i) for i in range(16)])
