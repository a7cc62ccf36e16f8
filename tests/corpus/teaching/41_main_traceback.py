"""An uncaught exception in the main thread ends the program with a traceback."""


class Matrix:
    def __init__(self, rows):
        self.rows = rows

    def cell(self, r, c):
        return self.rows[r][c]


def trace(m):
    return sum(m.cell(i, i) for i in range(3))


m = Matrix([[1, 2], [3, 4]])
print("start")
print(trace(m))
print("never printed")
