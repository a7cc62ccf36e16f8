# Integer and float arithmetic, big ints, division semantics.
print(7 + 3, 7 - 3, 7 * 3, 7 / 2, 7 // 2, 7 % 3, 2 ** 10)
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7 / 2)
print(2 ** 64, 2 ** 100 - 1, -(2 ** 70), 10 ** 20 // 7)
print(123456789 * 987654321 * 1000000007)
print(1.5 + 2, 0.1 + 0.2, 1e16, 1e-5, 3.0 * 2, 10 / 4)
print(7.5 // 2, 7.5 % 2, -7.5 // 2, 2 ** -1, 2.0 ** 0.5)
print(1 << 40, (1 << 70) >> 3, 0xff & 0x0f, 6 | 9, 6 ^ 3, ~5)
print(abs(-3), abs(-2.5), divmod(17, 5), divmod(-17, 5), pow(3, 4), pow(3, 4, 5))
print(round(2.5), round(3.5), round(2.675, 2), round(1234, -2), round(-0.5))
print(int("42"), int("-17"), int(" 8 "), int("ff", 16), int("0b101", 0), int(3.99), int(-3.99))
print(float("3.25"), float("1e3"), float(7), str(1.0), repr(1/3))
print(True + True, True * 3, 10 * False)
print(max(3, 1.5), min(-1, -1.5), sum([0.5, 0.25]), sum(range(101)))
x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7
print(x)
print(hex(255), oct(8), bin(10), hex(-255))
print(1_000_000, 0o17, 0b1010)
