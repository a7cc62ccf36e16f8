# copy, operator and statistics on the results of worker threads; sys.version_info.
import copy
import operator
import statistics
import sys
import threading

config = {"retries": 3, "hosts": ["a", "b"]}
per_thread = []
lock = threading.Lock()


def worker(n):
    mine = copy.deepcopy(config)
    mine["hosts"].append(f"h{n}")
    with lock:
        per_thread.append((n, mine, n * n))


threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
per_thread.sort(key=operator.itemgetter(0))
print(config)
print([m["hosts"] for _, m, _ in per_thread])
shallow = copy.copy(config)
shallow["hosts"].append("shared")
print(config["hosts"], shallow is config)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


pts = [Point(3, 1), Point(1, 2), Point(2, 0)]
print(sorted(pts, key=operator.attrgetter("x")), sorted(pts, key=operator.attrgetter("y")))
p2 = copy.deepcopy(pts)
p2[0].x = 99
print(pts[0], p2[0], type(p2[0]).__name__)
print(list(map(operator.mul, [1, 2, 3], [4, 5, 6])), operator.add("a", "b"),
      operator.methodcaller("split", ",")("a,b"), operator.itemgetter(1, 0)("xy"))
from functools import reduce
print(reduce(operator.add, range(10)), operator.neg(4), operator.truediv(7, 2))

squares = [sq for _, _, sq in per_thread]
print(squares, statistics.mean(squares), statistics.median(squares))
data = [2, 4, 4, 4, 5, 5, 7, 9]
print(statistics.mean(data), statistics.pstdev(data), statistics.stdev(data),
      statistics.variance(data), statistics.pvariance(data), statistics.mode(data))
print(statistics.median([1, 3, 5]), statistics.median_low([1, 2, 3, 4]),
      statistics.median_high([1, 2, 3, 4]), statistics.fmean([1, 2, 3, 4]))
print(statistics.quantiles(range(1, 11)), statistics.quantiles([1, 2, 3, 4, 5], n=10))
print(statistics.quantiles(range(1, 11), method="inclusive"), statistics.multimode("aabbcd"))
print(statistics.mean([0.5, 1.5, 2.5]), statistics.stdev([1.5, 2.5, 3.5]))
try:
    statistics.mean([])
except statistics.StatisticsError as e:
    print("StatisticsError:", e)
print(sys.version_info.major, sys.version_info.minor, sys.version_info[:2] >= (3, 8),
      sys.version_info >= (3, 11), sys.version_info < (4,), tuple(sys.version_info)[:2])
major, minor, *_ = sys.version_info
print(major, minor, sys.version_info)
try:
    copy.deepcopy({"lock": threading.Lock()})
except TypeError as e:
    print("TypeError:", e)
# Float data: CPython's results are exactly rounded (fractions), to the last digit.
floats = [0.5, 1.5, 2.25, 0.1, 0.7]
print(statistics.stdev(floats), statistics.pstdev(floats), statistics.variance(floats),
      statistics.mean(floats), statistics.pvariance(floats, 1.0), statistics.stdev([0.5, 1.5, 2.25]))
print((0.1).as_integer_ratio(), (-2.5).as_integer_ratio(), (7).as_integer_ratio())
