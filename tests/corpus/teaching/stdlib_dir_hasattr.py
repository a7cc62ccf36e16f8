# Exploring objects the way a first lesson does: dir(), hasattr and getattr.
import threading


class Account:
    """A bank account whose deposits a lock protects."""

    rate = 0.02

    def __init__(self, owner):
        self.owner = owner
        self.balance = 0
        self._lock = threading.Lock()

    def deposit(self, amount):
        with self._lock:
            self.balance += amount


def public(names):
    return [n for n in names if not n.startswith("_")]


def show_scope():
    local_total = 10
    helper = public
    print("function scope:", dir())


print("module scope:", public(dir()))
show_scope()
print("class:", public(dir(Account)))
acct = Account("ana")
acct.deposit(5)
print("instance:", public(dir(acct)))
print("dunders of a class:", [n for n in dir(Account) if n.startswith("__")])
print("instance has:", [n for n in ["owner", "balance", "deposit", "withdraw", "rate"]
                        if hasattr(acct, n)])
print(getattr(acct, "balance"), getattr(acct, "missing", "n/a"))

for value in ["text", [1], {"k": 1}, {1}, frozenset(), (1,), 7, 2.5, b"raw", True]:
    print(type(value).__name__, public(dir(value)))

for name in ["isascii", "upper", "removeprefix", "casefold", "nope"]:
    print(f"str has {name}: {hasattr('', name)}")
print(hasattr([], "append"), hasattr({}, "fromkeys"), hasattr(1, "real"),
      hasattr(1, "bit_count"), hasattr(1.0, "is_integer"), hasattr((), "append"))
print("abc".isascii(), "héllo".isascii(), (255).bit_count(), (-7).bit_count())
print([m for m in public(dir(str)) if m.startswith("is")])
print(sorted(set(public(dir(list))) & set(public(dir(tuple)))))
print(callable(getattr("x", "upper")), getattr("x", "upper")())
print(dir(threading.Lock()) == dir(threading.Lock()))


class Box:
    def __dir__(self):
        return ["width", "height", "area"]


print(dir(Box()))
