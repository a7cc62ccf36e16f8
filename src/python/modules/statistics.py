# statistics for gilscope: averages, medians, modes, spreads and quantiles, written in
# Python on gilscope's VM. Integer data is summed exactly (an int result stays an int, as
# in CPython); float data is summed with math.fsum, where CPython sums exact fractions,
# so a float result can differ from CPython's in its last digit.
import math


class StatisticsError(ValueError):
    pass


def _data(data):
    return data if isinstance(data, list) else list(data)


def _exact(data):
    """The sum of the data and whether it is exact (all ints)."""
    if all(isinstance(x, int) for x in data):
        return sum(data), True
    for x in data:
        if not isinstance(x, (int, float)):
            raise TypeError(f"can't convert type '{type(x).__name__}' to numerator/denominator")
    return math.fsum(data), False


def _ratio(num, den, exact):
    """num / den, an int when exact and whole (CPython converts its Fraction back)."""
    if exact and num % den == 0:
        return num // den
    return num / den


def mean(data):
    data = _data(data)
    if not data:
        raise StatisticsError("mean requires at least one data point")
    total, exact = _exact(data)
    return _ratio(total, len(data), exact)


def fmean(data, weights=None):
    data = _data(data)
    if weights is not None:
        weights = _data(weights)
        if len(weights) != len(data):
            raise StatisticsError("data and weights must be the same length")
        den = math.fsum(weights)
        if not den:
            raise StatisticsError("sum of weights must be non-zero")
        return math.fsum(x * w for x, w in zip(data, weights)) / den
    if not data:
        raise StatisticsError("fmean requires at least one data point")
    return math.fsum(data) / len(data)


def geometric_mean(data):
    data = _data(data)
    if not data:
        raise StatisticsError("geometric_mean requires at least one data point")
    if any(x <= 0 for x in data):
        raise StatisticsError("geometric mean requires a non-empty dataset containing "
                              "positive numbers")
    return math.exp(fmean([math.log(x) for x in data]))


def harmonic_mean(data):
    data = _data(data)
    if not data:
        raise StatisticsError("harmonic_mean requires at least one data point")
    if any(x < 0 for x in data):
        raise StatisticsError("harmonic mean does not support negative values")
    if any(x == 0 for x in data):
        return 0
    return len(data) / math.fsum(1 / x for x in data)


def median(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2


def median_low(data):
    data = sorted(data)
    if not data:
        raise StatisticsError("no median for empty data")
    return data[(len(data) - 1) // 2]


def median_high(data):
    data = sorted(data)
    if not data:
        raise StatisticsError("no median for empty data")
    return data[len(data) // 2]


def _counts(data):
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    return counts


def mode(data):
    counts = _counts(data)
    if not counts:
        raise StatisticsError("no mode for empty data")
    best = max(counts.values())
    for x, c in counts.items():
        if c == best:
            return x


def multimode(data):
    counts = _counts(data)
    if not counts:
        return []
    best = max(counts.values())
    return [x for x, c in counts.items() if c == best]


def _sum_squares(data, xbar):
    """(n * sum of squared deviations, exact), the deviations from the mean, or from
    xbar when given."""
    n = len(data)
    total, exact = _exact(data)
    if exact and (xbar is None or isinstance(xbar, int)):
        if xbar is None:
            return n * sum(x * x for x in data) - total * total, True
        return n * sum((x - xbar) ** 2 for x in data), True
    c = total / n if xbar is None else xbar
    dev = [x - c for x in data]
    # The second term corrects the rounding of c (it is 0 for an exact mean).
    return n * (math.fsum(d * d for d in dev) - math.fsum(dev) ** 2 / n), False


def variance(data, xbar=None):
    data = _data(data)
    n = len(data)
    if n < 2:
        raise StatisticsError("variance requires at least two data points")
    ss, exact = _sum_squares(data, xbar)
    return _ratio(ss, n * (n - 1), exact)


def pvariance(data, mu=None):
    data = _data(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("pvariance requires at least one data point")
    ss, exact = _sum_squares(data, mu)
    return _ratio(ss, n * n, exact)


def stdev(data, xbar=None):
    data = _data(data)
    if len(data) < 2:
        raise StatisticsError("stdev requires at least two data points")
    return math.sqrt(variance(data, xbar))


def pstdev(data, mu=None):
    data = _data(data)
    if len(data) < 1:
        raise StatisticsError("pstdev requires at least one data point")
    return math.sqrt(pvariance(data, mu))


def quantiles(data, *, n=4, method="exclusive"):
    if n < 1:
        raise StatisticsError("n must be at least 1")
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError("must have at least two data points")
    # Cut point i of n lies at 1-based position i * m / n of the sorted data, a linear
    # interpolation between its two neighbours (m = ld + 1 exclusive, ld - 1 inclusive);
    # exclusive cut points past the ends extrapolate from the two outermost points.
    if method == "inclusive":
        m = ld - 1
    elif method == "exclusive":
        m = ld + 1
    else:
        raise ValueError(f"Unknown method: {method!r}")
    out = []
    for i in range(1, n):
        j = i * m // n
        if method == "exclusive":
            j = min(max(j, 1), ld - 1)
            a, b = data[j - 1], data[j]
        else:
            a, b = data[j], data[j + 1]
        delta = i * m - j * n
        out.append((a * (n - delta) + b * delta) / n)
    return out


def NormalDist(*args, **kwargs):
    _unsupported("statistics.NormalDist")
