# Python 2's except clause with a comma.
try:
    int("x")
except ValueError, e:
    print(e)
