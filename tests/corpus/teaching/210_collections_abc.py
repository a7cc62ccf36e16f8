"""collections.abc: isinstance tests and a thread-safe MutableMapping built on the mixins."""
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence, Sized


class SafeDict(MutableMapping):
    def __init__(self):
        self._d = {}
        self._lock = threading.Lock()

    def __getitem__(self, k):
        with self._lock:
            return self._d[k]

    def __setitem__(self, k, v):
        with self._lock:
            self._d[k] = v

    def __delitem__(self, k):
        with self._lock:
            del self._d[k]

    def __iter__(self):
        return iter(list(self._d))

    def __len__(self):
        return len(self._d)


shared = SafeDict()
threads = [threading.Thread(target=shared.__setitem__, args=(f"k{i}", i)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
shared.update(extra=99)
print(sorted(shared.items()), len(shared), shared.get("none", -1), "k3" in shared)
print(shared.pop("extra"), shared.setdefault("k9", 9), isinstance(shared, Mapping))
print(isinstance([], Iterable), isinstance({}, Mapping), isinstance("s", Sequence))
print(isinstance(5, Iterable), isinstance(iter([]), Iterator), isinstance(len, Callable))
print(isinstance(threading.Thread, Callable), isinstance(range(3), Sized))


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


print(isinstance(Countdown(2), Iterator), list(Countdown(3)))
try:
    class Partial(Mapping):
        def __getitem__(self, k):
            return k
    Partial()
except TypeError as e:
    print("TypeError:", e)
