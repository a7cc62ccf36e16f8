def risky(n):
    if n == 0:
        raise ValueError("zero!")
    if n == 1:
        return 1 / 0
    if n == 2:
        return [][1]
    if n == 3:
        return {}["k"]
    if n == 4:
        return int("x")
    if n == 5:
        return undefined_name
    if n == 6:
        return "a" + 1
    return n
for i in range(8):
    try:
        print("ok", risky(i))
    except (ValueError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
    except LookupError as e:
        print("lookup", type(e).__name__, repr(e))
    except Exception as e:
        print("other", type(e).__name__, e)
    else:
        print("no error")
    finally:
        print("finally", i)
class MyError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code
try:
    raise MyError(42)
except MyError as e:
    print(e, e.code, e.args)
def cleanup():
    try:
        return "from try"
    finally:
        print("cleanup runs")
print(cleanup())
try:
    try:
        raise KeyError("inner")
    except KeyError:
        raise RuntimeError("outer")
except RuntimeError as e:
    print(e, repr(e.__context__))
try:
    raise ValueError("a") from TypeError("b")
except ValueError as e:
    print(e, repr(e.__cause__))
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("assert:", e)
def reraiser():
    try:
        raise IndexError("idx")
    except IndexError:
        print("logging and re-raising")
        raise
try:
    reraiser()
except IndexError as e:
    print("caught again", e)
e = Exception("x", 1)
print(e.args, str(e), repr(e), repr(Exception()), str(KeyError("k")))
try:
    raise StopIteration
except StopIteration as s:
    print("stop", repr(s))
