# time.struct_time for gilscope: run in the namespace of the native `time` module.
# A named 9-tuple with tm_zone and tm_gmtoff, as CPython's structseq behaves.


class struct_time:
    n_sequence_fields = 9
    n_fields = 11
    n_unnamed_fields = 0
    _names = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec",
              "tm_wday", "tm_yday", "tm_isdst")

    def __init__(self, fields, zone="UTC"):
        fields = tuple(fields)
        if len(fields) != 9:
            raise TypeError(f"time.struct_time() takes a 9-sequence ({len(fields)}-sequence given)")
        self._values = fields
        self.tm_zone = zone
        self.tm_gmtoff = 0

    tm_year = property(lambda self: self._values[0])
    tm_mon = property(lambda self: self._values[1])
    tm_mday = property(lambda self: self._values[2])
    tm_hour = property(lambda self: self._values[3])
    tm_min = property(lambda self: self._values[4])
    tm_sec = property(lambda self: self._values[5])
    tm_wday = property(lambda self: self._values[6])
    tm_yday = property(lambda self: self._values[7])
    tm_isdst = property(lambda self: self._values[8])

    def __len__(self):
        return 9

    def __iter__(self):
        return iter(self._values)

    def __getitem__(self, i):
        return self._values[i]

    def __eq__(self, other):
        if isinstance(other, struct_time):
            return self._values == other._values
        return self._values == other

    def __hash__(self):
        return hash(self._values)

    def __repr__(self):
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(self._names, self._values))
        return f"time.struct_time({inner})"
