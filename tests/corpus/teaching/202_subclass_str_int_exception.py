"""Classes that extend str, int and Exception (one whose __init__ skips super().__init__)."""


class Upper(str):
    def shout(self):
        return self.upper() + "!"


u = Upper("hi")
print(u, u.shout(), u + " there", len(u), repr(u), u == "hi")
print({Upper("a"): 1}["a"], hash(Upper("a")) == hash("a"), "a" in {Upper("a")})


class Money(int):
    def __str__(self):
        return f"${int(self)}"


m = Money(5)
print(m, m + 3, m * 2, repr(m), m > 4, f"{m:03d}")


class AppError(Exception):
    def __init__(self, msg, code):
        self.code = code


try:
    raise AppError("boom", 3)
except AppError as e:
    print(e.args, str(e), e.code)


class BadValue(ValueError):
    pass


try:
    raise BadValue("bad", 1)
except ValueError as e:
    print(type(e).__name__, e.args, e)


class Singleton:
    _inst = None

    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst


print(Singleton() is Singleton())
