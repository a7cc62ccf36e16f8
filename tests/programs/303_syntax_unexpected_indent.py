# A line indented for no reason: no caret in CPython's report.
x = 1
    y = 2
print(x + y)
