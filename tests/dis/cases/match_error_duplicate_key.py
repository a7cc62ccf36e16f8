"""A match statement CPython refuses: a key checked twice."""
match x:
    case {"a": 1, "a": 2}:
        pass
