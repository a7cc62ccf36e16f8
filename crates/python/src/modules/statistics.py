# statistics for gilscope: averages, medians, modes, spreads and quantiles, written in
# Python on gilscope's VM. Means and spreads are computed exactly, as CPython does: each
# value as a fraction (float.as_integer_ratio), held as a pair of ints, and rounded to a
# float once at the end (int / int rounds correctly; the square root of a fraction is
# rounded once too). An int result stays an int.
import math


class StatisticsError(ValueError):
    pass


def _data(data):
    return data if isinstance(data, list) else list(data)


def _ratios(data):
    """Each value as an exact fraction (n, d), and whether all of them are ints."""
    pairs, ints = [], True
    for x in data:
        if isinstance(x, int):
            pairs.append((int(x), 1))
        elif isinstance(x, float):
            ints = False
            pairs.append(x.as_integer_ratio())
        else:
            raise TypeError(f"can't convert type '{type(x).__name__}' to numerator/denominator")
    return pairs, ints


def _sum(pairs):
    """The exact sum of fractions whose denominators are powers of two, (num, den)."""
    num, den = 0, 1
    for n, d in pairs:
        # One of two powers of two always divides the other.
        if den % d == 0:
            num += n * (den // d)
        else:
            num, den = num * (d // den) + n, d
    return num, den


def _ratio(num, den, ints):
    """num / den, an int when the data was int and the quotient whole (CPython converts
    its Fraction back to the data's type)."""
    if ints and num % den == 0:
        return num // den
    return num / den


def _sqrt_ratio(num, den):
    """sqrt(num / den), rounded once: an integer square root with enough extra bits,
    the last one set when the root is inexact, so that the final division rounds as the
    exact root would."""
    k = max(0, 58 - (num.bit_length() - den.bit_length()) // 2)
    scaled = num << (2 * k)
    root = math.isqrt(scaled // den)
    if root * root * den != scaled:
        root |= 1
    return root / (1 << k)


def mean(data):
    data = _data(data)
    if not data:
        raise StatisticsError("mean requires at least one data point")
    pairs, ints = _ratios(data)
    num, den = _sum(pairs)
    return _ratio(num, den * len(data), ints)


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


def _sum_squares(data, center):
    """The sum of squared deviations as an exact fraction, (num, den, ints): from the
    exact mean, or, given a center c, the sum of the squares (x - c) * (x - c) as
    Python rounds them (what CPython's results show)."""
    if center is not None:
        pairs, ints = _ratios([(x - center) * (x - center) for x in data])
        return _sum(pairs) + (ints,)
    n = len(data)
    pairs, ints = _ratios(data)
    num, den = _sum(pairs)
    sq_num, sq_den = _sum([(p * p, q * q) for p, q in pairs])
    # sum(x*x) - sum(x)**2 / n over one denominator: n * sq_den * den**2.
    return n * sq_num * den * den - num * num * sq_den, n * sq_den * den * den, ints


def variance(data, xbar=None):
    data = _data(data)
    n = len(data)
    if n < 2:
        raise StatisticsError("variance requires at least two data points")
    num, den, ints = _sum_squares(data, xbar)
    return _ratio(num, den * (n - 1), ints)


def pvariance(data, mu=None):
    data = _data(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("pvariance requires at least one data point")
    num, den, ints = _sum_squares(data, mu)
    return _ratio(num, den * n, ints)


def stdev(data, xbar=None):
    data = _data(data)
    n = len(data)
    if n < 2:
        raise StatisticsError("stdev requires at least two data points")
    num, den, _ = _sum_squares(data, xbar)
    return _sqrt_ratio(num, den * (n - 1))


def pstdev(data, mu=None):
    data = _data(data)
    n = len(data)
    if n < 1:
        raise StatisticsError("pstdev requires at least one data point")
    num, den, _ = _sum_squares(data, mu)
    return _sqrt_ratio(num, den * n)


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
