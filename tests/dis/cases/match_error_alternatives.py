"""A match statement CPython refuses: alternatives bind different names."""
match x:
    case [a] | [b]:
        pass
