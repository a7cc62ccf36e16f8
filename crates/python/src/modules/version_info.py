# sys.version_info for gilscope, run in the namespace of the native `sys` module the first
# time a program reads it: five named fields that index, unpack and compare as a tuple.


class _version_info:
    def __init__(self, values):
        self._t = values

    major = property(lambda self: self._t[0])
    minor = property(lambda self: self._t[1])
    micro = property(lambda self: self._t[2])
    releaselevel = property(lambda self: self._t[3])
    serial = property(lambda self: self._t[4])

    def __len__(self):
        return len(self._t)

    def __iter__(self):
        return iter(self._t)

    def __getitem__(self, i):
        return self._t[i]

    def __hash__(self):
        return hash(self._t)

    def __eq__(self, other):
        return self._t == _plain(other)

    def __ne__(self, other):
        return self._t != _plain(other)

    def __lt__(self, other):
        return self._t < _plain(other)

    def __le__(self, other):
        return self._t <= _plain(other)

    def __gt__(self, other):
        return self._t > _plain(other)

    def __ge__(self, other):
        return self._t >= _plain(other)

    def __repr__(self):
        names = ("major", "minor", "micro", "releaselevel", "serial")
        return "sys.version_info(" + ", ".join(
            f"{n}={v!r}" for n, v in zip(names, self._t)) + ")"


def _plain(v):
    return v._t if isinstance(v, _version_info) else v


version_info = _version_info((3, 11, 7, "final", 0))
