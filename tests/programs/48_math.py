import math
print(math.sqrt(16), math.floor(2.7), math.ceil(2.1), math.floor(-2.5), math.trunc(-2.7))
print(math.pi, math.e, math.inf, -math.inf)
print(math.factorial(25), math.gcd(84, 36), math.isqrt(99), math.comb(10, 3), math.perm(5, 2))
print(round(math.log(100, 10), 12), math.log2(1024), math.log10(0.001), math.exp(0))
print(round(math.sin(math.pi / 2), 12), round(math.cos(0), 12), math.hypot(3, 4), math.fabs(-2))
print(math.isclose(0.1 + 0.2, 0.3), math.isnan(float("nan")), math.isinf(math.inf))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]))
print(math.degrees(math.pi), math.radians(180), math.copysign(3, -1), math.fmod(7, 3))
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
