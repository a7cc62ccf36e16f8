# A syntax error ruff and CPython word differently: CPython's generic message and layout.
def broken(:
    pass
