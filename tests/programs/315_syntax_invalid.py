# Anything else: CPython's generic message at the offending token.
x = `42`
