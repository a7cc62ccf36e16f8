# A docstring never closed: CPython detects it at the last line.
def f():
    """Does nothing.
    return 1

print(f())
