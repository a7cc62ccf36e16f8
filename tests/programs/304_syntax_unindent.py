# A dedent to a level that never was: the caret goes past the end of the line.
def f(n):
    if n > 0:
        n -= 1
      return n
