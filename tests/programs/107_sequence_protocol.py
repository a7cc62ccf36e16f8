class Squares:
    def __init__(self, n):
        self.n = n
    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return i * i
    def __len__(self):
        return self.n
print(list(Squares(5)), [x for x in Squares(3)], 4 in Squares(3), sum(Squares(4)))
for v in Squares(2):
    print(v)
