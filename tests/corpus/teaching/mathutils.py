# teaching: module imported by 57_functools_partial_reduce.py and 62_itertools_groupby_accumulate.py
"""Small arithmetic helpers, imported as a sibling module."""


def add(a, b):
    return a + b
