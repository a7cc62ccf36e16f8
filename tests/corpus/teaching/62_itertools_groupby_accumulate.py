"""groupby groups consecutive keys; accumulate gives running totals; zip_longest pads."""
import mathutils
from itertools import accumulate, groupby, pairwise, starmap, takewhile, dropwhile, zip_longest

events = [("mon", 3), ("mon", 5), ("tue", 1), ("wed", 4), ("wed", 4)]
for day, group in groupby(events, key=lambda e: e[0]):
    print(day, [n for _, n in group])
print(["".join(g) for _, g in groupby("aaabccdd")])
print(list(accumulate([1, 2, 3, 4])))
print(list(accumulate([3, 1, 4, 1, 5], max)))
print(list(accumulate([1, 2, 3], initial=100)))
print(list(zip_longest("abc", [1], fillvalue="-")))
print(list(pairwise([1, 4, 9, 16])))
print(list(starmap(mathutils.add, [(1, 2), (3, 4)])))
print(list(takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
