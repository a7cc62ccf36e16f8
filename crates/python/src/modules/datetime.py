# datetime for gilscope: date, time, datetime, timedelta and fixed-offset timezones,
# written in Python on gilscope's VM. "Now" is the simulated clock (time.time_ns(), the
# epoch time.time() uses); the machine's local time is UTC, as for time.localtime().
import time as _time
import _gilscope

MINYEAR = 1
MAXYEAR = 9999

_DAYS_IN = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_US_DAY = 86_400_000_000
# Proleptic Gregorian ordinal (0001-01-01 is 1) of 1970-01-01.
_EPOCH_ORD = 719_163


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _month_days(y, m):
    return 29 if m == 2 and _leap(y) else _DAYS_IN[m]


def _ord(y, m, d):
    """Ordinal of a date: days from 1970-01-01 (the civil-days algorithm), shifted."""
    if m <= 2:
        y -= 1
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468 + _EPOCH_ORD


def _ymd(n):
    """The (year, month, day) of ordinal n."""
    z = n - _EPOCH_ORD + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (m <= 2), m, d


def _int(v):
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float):
            raise TypeError("'float' object cannot be interpreted as an integer")
        raise TypeError(f"an integer is required (got type {type(v).__name__})")
    return v


def _check_date(y, m, d):
    for v in (y, m, d):
        _int(v)
    if not MINYEAR <= y <= MAXYEAR:
        raise ValueError(f"year {y} is out of range")
    if not 1 <= m <= 12:
        raise ValueError("month must be in 1..12")
    if not 1 <= d <= _month_days(y, m):
        raise ValueError("day is out of range for month")


def _check_time(h, mi, s, us):
    for v in (h, mi, s, us):
        _int(v)
    if not 0 <= h <= 23:
        raise ValueError("hour must be in 0..23")
    if not 0 <= mi <= 59:
        raise ValueError("minute must be in 0..59")
    if not 0 <= s <= 59:
        raise ValueError("second must be in 0..59")
    if not 0 <= us <= 999_999:
        raise ValueError("microsecond must be in 0..999999")


def _clock(h, mi, s, us, spec="auto"):
    if spec == "auto":
        spec = "microseconds" if us else "seconds"
    if spec == "hours":
        return f"{h:02d}"
    if spec == "minutes":
        return f"{h:02d}:{mi:02d}"
    if spec == "seconds":
        return f"{h:02d}:{mi:02d}:{s:02d}"
    if spec == "milliseconds":
        return f"{h:02d}:{mi:02d}:{s:02d}.{us // 1000:03d}"
    if spec == "microseconds":
        return f"{h:02d}:{mi:02d}:{s:02d}.{us:06d}"
    raise ValueError("Unknown timespec value")


def _offset_text(off, sep=":"):
    """'+HH:MM' (and ':SS' or '.ffffff' when needed) for a UTC offset, '' for None."""
    if off is None:
        return ""
    us = off._total_us()
    sign = "-" if us < 0 else "+"
    us = abs(us)
    h, us = divmod(us, 3_600_000_000)
    m, us = divmod(us, 60_000_000)
    s, us = divmod(us, 1_000_000)
    text = f"{sign}{h:02d}{sep}{m:02d}"
    if s or us:
        text += f"{sep}{s:02d}"
        if us:
            text += f".{us:06d}"
    return text


def _strftime(fmt, tt, us, off, zone):
    """strftime with the directives datetime handles itself (%f, %z, %Z); the C ones go
    to time.strftime."""
    if not isinstance(fmt, str):
        raise TypeError(f"strftime() argument 1 must be str, not {type(fmt).__name__}")
    out = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c == "%" and i + 1 < n:
            d = fmt[i + 1]
            if d == "f":
                out.append(f"{us:06d}")
            elif d == "z":
                out.append(_offset_text(off, ""))
            elif d == "Z":
                out.append(zone or "")
            else:
                out.append(fmt[i:i + 2])
            i += 2
        else:
            out.append(c)
            i += 1
    return _time.strftime("".join(out), tt)


# strptime's numeric fields: (fewest digits, most digits, smallest, largest).
_FIELDS = {"Y": (4, 4, 0, 9999), "m": (1, 2, 1, 12), "d": (1, 2, 1, 31),
           "H": (1, 2, 0, 23), "I": (1, 2, 1, 12), "M": (1, 2, 0, 59), "S": (1, 2, 0, 61),
           "j": (1, 3, 1, 366), "y": (2, 2, 0, 99), "f": (1, 6, 0, 999_999)}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _tokens(fmt):
    out, i = [], 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%" and i + 1 < len(fmt):
            d = fmt[i + 1]
            if d not in _FIELDS and d not in "bBhaApzZ%":
                raise ValueError(f"'{d}' is a bad directive in format '%{d}'")
            out.append(("%", "b" if d == "h" else d))
            i += 2
        elif c.isspace():
            while i < len(fmt) and fmt[i].isspace():
                i += 1
            out.append((" ", None))
        else:
            out.append(("=", c.lower()))
            i += 1
    return out


def _names(d):
    if d in "bB":
        return [(n if d == "B" else n[:3], k + 1) for k, n in enumerate(_MONTHS)]
    if d in "aA":
        return [(n if d == "A" else n[:3], k) for k, n in enumerate(_WEEKDAYS)]
    if d == "p":
        return [("am", 0), ("pm", 1)]
    return [("utc", 0), ("gmt", 0)]


def _match(tokens, k, text, j, got):
    """Matches tokens[k:] against text[j:], trying the longer reading of a field first
    (as a regular expression would); the fields into `got`, the end of the match or -1."""
    if k == len(tokens):
        return j
    kind, d = tokens[k]
    if kind == "=":
        if j < len(text) and text[j].lower() == d:
            return _match(tokens, k + 1, text, j + 1, got)
        return -1
    if kind == " ":
        n = j
        while n < len(text) and text[n].isspace():
            n += 1
        return _match(tokens, k + 1, text, n, got) if n > j else -1
    if d in _FIELDS:
        least, most, low, high = _FIELDS[d]
        for width in range(most, least - 1, -1):
            digits = text[j:j + width]
            if len(digits) == width and digits.isdigit() and low <= int(digits) <= high:
                got[d] = (int(digits), digits)
                end = _match(tokens, k + 1, text, j + width, got)
                if end >= 0:
                    return end
        return -1
    if d == "%":
        return _match(tokens, k + 1, text, j + 1, got) if text[j:j + 1] == "%" else -1
    if d == "z":
        return _match_offset(tokens, k, text, j, got)
    for name, value in _names(d):
        if text[j:j + len(name)].lower() == name:
            got[d] = (value, name)
            end = _match(tokens, k + 1, text, j + len(name), got)
            if end >= 0:
                return end
    return -1


def _match_offset(tokens, k, text, j, got):
    if text[j:j + 1].upper() == "Z":
        got["z"] = (0, "Z")
        return _match(tokens, k + 1, text, j + 1, got)
    sign = {"+": 1, "-": -1}.get(text[j:j + 1])
    if sign is None:
        return -1
    body = text[j + 1:j + 6]
    colon = body[2:3] == ":"
    digits = body[:2] + (body[3:5] if colon else body[2:4])
    if len(digits) != 4 or not digits.isdigit():
        return -1
    got["z"] = (sign * (int(digits[:2]) * 60 + int(digits[2:])), digits)
    return _match(tokens, k + 1, text, j + 1 + (5 if colon else 4), got)


def _strptime(text, fmt):
    """The fields strptime reads from text: Y m d H M S f as ints, z a timezone or None."""
    if not isinstance(text, str) or not isinstance(fmt, str):
        raise TypeError("strptime() argument 1 must be str, not " + type(text).__name__)
    got = {}
    end = _match(_tokens(fmt), 0, text, 0, got)
    if end < 0:
        raise ValueError(f"time data {text!r} does not match format {fmt!r}")
    if end < len(text):
        raise ValueError(f"unconverted data remains: {text[end:]}")
    v = {d: got[d][0] for d in got}
    year = v.get("Y", 1900)
    if "y" in v:
        year = v["y"] + (1900 if v["y"] >= 69 else 2000)
    hour = v.get("H", 0)
    if "I" in v:
        hour = v["I"] % 12 + 12 * v.get("p", 0)
    month = v.get("m", v.get("B", v.get("b", 1)))
    day = v.get("d", 1)
    if "j" in v and month == 1 and "d" not in v:
        year, month, day = _ymd(_ord(year, 1, 1) + v["j"] - 1)
    zone = None
    if "z" in v:
        zone = timezone(timedelta(minutes=v["z"]))
    frac = got["f"][1] if "f" in got else "0"
    return {"Y": year, "m": month, "d": day, "H": hour, "M": v.get("M", 0),
            "S": v.get("S", 0), "f": int((frac + "00000")[:6]), "z": zone}


def _cmp(a, b):
    return (a > b) - (a < b)


class timedelta:
    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0,
                 hours=0, weeks=0):
        total = 0
        exact = True
        for v, scale in ((days, _US_DAY), (seconds, 1_000_000), (microseconds, 1),
                         (milliseconds, 1000), (minutes, 60_000_000),
                         (hours, 3_600_000_000), (weeks, 7 * _US_DAY)):
            if isinstance(v, float):
                exact = False
            elif not isinstance(v, int):
                raise TypeError(f"unsupported type for timedelta {_unit(scale)} component: "
                                f"{type(v).__name__}")
            total += v * scale
        if not exact:
            total = round(total)
        self._set(total)

    def _set(self, total):
        d, rest = divmod(total, _US_DAY)
        if not -999_999_999 <= d <= 999_999_999:
            raise OverflowError(f"days={d}; must have magnitude <= 999999999")
        self._days = d
        self._seconds, self._us = divmod(rest, 1_000_000)

    @staticmethod
    def _of(total):
        # A result of arithmetic: already in microseconds, no need for __init__'s sums.
        t = _gilscope.new_instance(timedelta)
        t._set(total)
        return t

    days = property(lambda self: self._days)
    seconds = property(lambda self: self._seconds)
    microseconds = property(lambda self: self._us)

    def _total_us(self):
        return (self._days * 86_400 + self._seconds) * 1_000_000 + self._us

    def total_seconds(self):
        return self._total_us() / 10**6

    def __repr__(self):
        parts = []
        if self._days:
            parts.append(f"days={self._days}")
        if self._seconds:
            parts.append(f"seconds={self._seconds}")
        if self._us:
            parts.append(f"microseconds={self._us}")
        return "datetime.timedelta(" + (", ".join(parts) or "0") + ")"

    def __str__(self):
        m, s = divmod(self._seconds, 60)
        h, m = divmod(m, 60)
        text = f"{h}:{m:02d}:{s:02d}"
        if self._us:
            text += f".{self._us:06d}"
        if self._days:
            plural = "" if abs(self._days) == 1 else "s"
            text = f"{self._days} day{plural}, " + text
        return text

    def __add__(self, other):
        if isinstance(other, timedelta):
            return timedelta._of(self._total_us() + other._total_us())
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return timedelta._of(self._total_us() - other._total_us())
        return NotImplemented

    def __neg__(self):
        return timedelta._of(-self._total_us())

    def __pos__(self):
        return self

    def __abs__(self):
        return -self if self._days < 0 else self

    def __mul__(self, other):
        if isinstance(other, int):
            return timedelta._of(self._total_us() * other)
        if isinstance(other, float):
            return timedelta._of(round(self._total_us() * other))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() / other._total_us()
        if isinstance(other, (int, float)):
            return timedelta._of(round(self._total_us() / other))
        return NotImplemented

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() // other._total_us()
        if isinstance(other, int):
            return timedelta._of(self._total_us() // other)
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            return timedelta._of(self._total_us() % other._total_us())
        return NotImplemented

    def __divmod__(self, other):
        if isinstance(other, timedelta):
            q, r = divmod(self._total_us(), other._total_us())
            return q, timedelta._of(r)
        return NotImplemented

    def __eq__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() == other._total_us()
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() < other._total_us()
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() <= other._total_us()
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() > other._total_us()
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() >= other._total_us()
        return NotImplemented

    def __hash__(self):
        return hash(self._total_us())

    def __bool__(self):
        return self._total_us() != 0


def _unit(scale):
    return {_US_DAY: "days", 1_000_000: "seconds", 1: "microseconds", 1000: "milliseconds",
            60_000_000: "minutes", 3_600_000_000: "hours"}.get(scale, "weeks")


timedelta.min = timedelta(-999_999_999)
timedelta.max = timedelta(days=999_999_999, hours=23, minutes=59, seconds=59,
                          microseconds=999_999)
timedelta.resolution = timedelta(microseconds=1)


class tzinfo:
    def utcoffset(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement utcoffset()")

    def tzname(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement tzname()")

    def dst(self, dt):
        return None


class timezone(tzinfo):
    def __init__(self, offset, name=None):
        if not isinstance(offset, timedelta):
            raise TypeError("timezone() argument 1 must be datetime.timedelta, not "
                            + type(offset).__name__)
        if not -_US_DAY < offset._total_us() < _US_DAY:
            raise ValueError("offset must be a timedelta strictly between "
                             "-timedelta(hours=24) and timedelta(hours=24).")
        self._offset = offset
        self._name = name

    def utcoffset(self, dt):
        return self._offset

    def dst(self, dt):
        return None

    def tzname(self, dt):
        if self._name is not None:
            return self._name
        if not self._offset:
            return "UTC"
        return "UTC" + _offset_text(self._offset)

    def __eq__(self, other):
        if isinstance(other, timezone):
            return self._offset == other._offset
        return NotImplemented

    def __hash__(self):
        return hash(self._offset)

    def __repr__(self):
        if self is timezone.utc:
            return "datetime.timezone.utc"
        if self._name is None:
            return f"datetime.timezone({self._offset!r})"
        return f"datetime.timezone({self._offset!r}, {self._name!r})"

    def __str__(self):
        return self.tzname(None)


timezone.utc = timezone(timedelta(0))
UTC = timezone.utc


class date:
    def __init__(self, year, month, day):
        _check_date(year, month, day)
        self._y, self._m, self._d = year, month, day

    year = property(lambda self: self._y)
    month = property(lambda self: self._m)
    day = property(lambda self: self._d)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(_time.time())

    @classmethod
    def fromtimestamp(cls, t):
        y, m, d = _ymd(_EPOCH_ORD + int(t // 86_400))
        return cls(y, m, d)

    @classmethod
    def fromordinal(cls, n):
        return cls(*_ymd(n))

    @classmethod
    def fromisoformat(cls, text):
        try:
            y, m, d = text.split("-")
            return cls(int(y), int(m), int(d))
        except (ValueError, TypeError):
            raise ValueError(f"Invalid isoformat string: {text!r}") from None

    def toordinal(self):
        return _ord(self._y, self._m, self._d)

    def weekday(self):
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        return self.weekday() + 1

    def isocalendar(self):
        tt = self.timetuple()
        week = int(_time.strftime("%V", tt))
        return (int(_time.strftime("%G", tt)), week, self.isoweekday())

    def timetuple(self):
        yday = self.toordinal() - _ord(self._y, 1, 1) + 1
        return _time.struct_time((self._y, self._m, self._d, 0, 0, 0, self.weekday(), yday,
                                  -1))

    def replace(self, year=None, month=None, day=None):
        return type(self)(self._y if year is None else year,
                          self._m if month is None else month,
                          self._d if day is None else day)

    def isoformat(self):
        return f"{self._y:04d}-{self._m:02d}-{self._d:02d}"

    __str__ = isoformat

    def strftime(self, fmt):
        return _strftime(fmt, self.timetuple(), 0, None, "")

    def __format__(self, spec):
        return self.strftime(spec) if spec else str(self)

    def ctime(self):
        return _time.strftime("%a %b %e %H:%M:%S %Y", self.timetuple())

    def __repr__(self):
        return f"datetime.date({self._y}, {self._m}, {self._d})"

    def _key(self):
        return (self._y, self._m, self._d)

    def __eq__(self, other):
        # A datetime is never equal to a date (datetime.__eq__ answers False).
        if isinstance(other, date) and not isinstance(other, datetime):
            return self._key() == other._key()
        return NotImplemented

    def _order(self, other):
        if isinstance(other, datetime) or not isinstance(other, date):
            raise TypeError(f"can't compare {type(self).__name__} to "
                            f"{type(other).__name__}")
        return _cmp(self._key(), other._key())

    def __lt__(self, other):
        return self._order(other) < 0

    def __le__(self, other):
        return self._order(other) <= 0

    def __gt__(self, other):
        return self._order(other) > 0

    def __ge__(self, other):
        return self._order(other) >= 0

    def __hash__(self):
        return hash(self._key())

    def __add__(self, other):
        if isinstance(other, timedelta):
            return type(self).fromordinal(self.toordinal() + other.days)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return type(self).fromordinal(self.toordinal() - other.days)
        if isinstance(other, date):
            return timedelta(self.toordinal() - other.toordinal())
        return NotImplemented


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)
date.resolution = timedelta(days=1)


class _TimeOfDay:
    # The clock fields time and datetime share.
    hour = property(lambda self: self._h)
    minute = property(lambda self: self._mi)
    second = property(lambda self: self._s)
    microsecond = property(lambda self: self._us)
    tzinfo = property(lambda self: self._tz)


class time(_TimeOfDay):
    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None):
        _check_time(hour, minute, second, microsecond)
        self._h, self._mi, self._s, self._us = hour, minute, second, microsecond
        self._tz = tzinfo

    def utcoffset(self):
        return None if self._tz is None else self._tz.utcoffset(None)

    def isoformat(self, timespec="auto"):
        return _clock(self._h, self._mi, self._s, self._us, timespec) \
            + _offset_text(self.utcoffset())

    __str__ = isoformat

    def strftime(self, fmt):
        tt = _time.struct_time((1900, 1, 1, self._h, self._mi, self._s, 0, 1, -1))
        zone = "" if self._tz is None else self._tz.tzname(None)
        return _strftime(fmt, tt, self._us, self.utcoffset(), zone)

    def __format__(self, spec):
        return self.strftime(spec) if spec else str(self)

    def replace(self, hour=None, minute=None, second=None, microsecond=None, tzinfo=True):
        return time(self._h if hour is None else hour,
                    self._mi if minute is None else minute,
                    self._s if second is None else second,
                    self._us if microsecond is None else microsecond,
                    self._tz if tzinfo is True else tzinfo)

    def __repr__(self):
        fields = [self._h, self._mi]
        if self._s or self._us:
            fields.append(self._s)
        if self._us:
            fields.append(self._us)
        text = "datetime.time(" + ", ".join(str(f) for f in fields)
        if self._tz is not None:
            text += f", tzinfo={self._tz!r}"
        return text + ")"

    def _key(self):
        return (self._h, self._mi, self._s, self._us)

    def __eq__(self, other):
        if isinstance(other, time):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()

    def __hash__(self):
        return hash(self._key())

    def __bool__(self):
        return True


time.min = time(0, 0, 0)
time.max = time(23, 59, 59, 999_999)
time.resolution = timedelta(microseconds=1)


class datetime(date, _TimeOfDay):
    def __init__(self, year, month, day, hour=0, minute=0, second=0, microsecond=0,
                 tzinfo=None):
        _check_date(year, month, day)
        _check_time(hour, minute, second, microsecond)
        if tzinfo is not None and not isinstance(tzinfo, tzinfo_class):
            raise TypeError("tzinfo argument must be None or of a tzinfo subclass, not type "
                            + type(tzinfo).__name__)
        self._y, self._m, self._d = year, month, day
        self._h, self._mi, self._s, self._us = hour, minute, second, microsecond
        self._tz = tzinfo

    @classmethod
    def _from_us(cls, us, tz=None):
        """The datetime `us` microseconds after 0001-01-01 00:00 (ordinal 1)."""
        days, rest = divmod(us, _US_DAY)
        y, m, d = _ymd(days + 1)
        s, u = divmod(rest, 1_000_000)
        h, s = divmod(s, 3600)
        mi, s = divmod(s, 60)
        if cls is not datetime or not MINYEAR <= y <= MAXYEAR:
            return cls(y, m, d, h, mi, s, u, tz)
        # The fields are valid by construction: skip __init__'s checks, which would
        # make now() cost several times what CPython's C code does.
        dt = _gilscope.new_instance(datetime)
        dt._y, dt._m, dt._d, dt._h, dt._mi, dt._s, dt._us, dt._tz = y, m, d, h, mi, s, u, tz
        return dt

    def _us_since(self):
        return (((self.toordinal() - 1) * 24 + self._h) * 3600 + self._mi * 60
                + self._s) * 1_000_000 + self._us

    @classmethod
    def now(cls, tz=None):
        return cls._at(_time.time_ns() // 1000, tz)

    @classmethod
    def today(cls):
        return cls.now()

    @classmethod
    def utcnow(cls):
        return cls._at(_time.time_ns() // 1000, None)

    @classmethod
    def _at(cls, epoch_us, tz):
        us = epoch_us + (_EPOCH_ORD - 1) * _US_DAY
        if tz is not None:
            us += tz.utcoffset(None)._total_us()
        return cls._from_us(us, tz)

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        if not isinstance(t, (int, float)):
            raise TypeError(f"'{type(t).__name__}' object cannot be interpreted as an integer")
        return cls._at(round(t * 1_000_000), tz)

    @classmethod
    def utcfromtimestamp(cls, t):
        return cls._at(round(t * 1_000_000), None)

    @classmethod
    def combine(cls, d, t, tzinfo=True):
        return cls(d.year, d.month, d.day, t.hour, t.minute, t.second, t.microsecond,
                   t.tzinfo if tzinfo is True else tzinfo)

    @classmethod
    def fromisoformat(cls, text):
        try:
            day, _, clock = text.replace("T", " ").partition(" ")
            y, m, d = (int(x) for x in day.split("-"))
            h = mi = s = us = 0
            if clock:
                hms, _, frac = clock.partition(".")
                parts = [int(x) for x in hms.split(":")]
                h, mi, s = (parts + [0, 0])[:3]
                if frac:
                    us = int((frac + "000000")[:6])
            return cls(y, m, d, h, mi, s, us)
        except (ValueError, TypeError):
            raise ValueError(f"Invalid isoformat string: {text!r}") from None

    @classmethod
    def strptime(cls, text, fmt):
        f = _strptime(text, fmt)
        return cls(f["Y"], f["m"], f["d"], f["H"], f["M"], f["S"], f["f"], f["z"])

    def timestamp(self):
        us = self._us_since() - (_EPOCH_ORD - 1) * _US_DAY
        off = self.utcoffset()
        if off is not None:
            us -= off._total_us()
        return us / 1_000_000

    def date(self):
        return date(self._y, self._m, self._d)

    def time(self):
        return time(self._h, self._mi, self._s, self._us)

    def timetz(self):
        return time(self._h, self._mi, self._s, self._us, self._tz)

    def utcoffset(self):
        return None if self._tz is None else self._tz.utcoffset(self)

    def tzname(self):
        return None if self._tz is None else self._tz.tzname(self)

    def astimezone(self, tz=None):
        if tz is None:
            tz = timezone.utc
        off = self.utcoffset()
        us = self._us_since() - (0 if off is None else off._total_us())
        return datetime._from_us(us + tz.utcoffset(None)._total_us(), tz)

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None,
                microsecond=None, tzinfo=True):
        pick = lambda new, old: old if new is None else new
        return type(self)(pick(year, self._y), pick(month, self._m), pick(day, self._d),
                          pick(hour, self._h), pick(minute, self._mi),
                          pick(second, self._s), pick(microsecond, self._us),
                          self._tz if tzinfo is True else tzinfo)

    def timetuple(self):
        yday = self.toordinal() - _ord(self._y, 1, 1) + 1
        return _time.struct_time((self._y, self._m, self._d, self._h, self._mi, self._s,
                                  self.weekday(), yday, -1))

    def isoformat(self, sep="T", timespec="auto"):
        return (f"{self._y:04d}-{self._m:02d}-{self._d:02d}{sep}"
                + _clock(self._h, self._mi, self._s, self._us, timespec)
                + _offset_text(self.utcoffset()))

    def __str__(self):
        return self.isoformat(" ")

    def strftime(self, fmt):
        zone = "" if self._tz is None else self.tzname()
        return _strftime(fmt, self.timetuple(), self._us, self.utcoffset(), zone)

    def ctime(self):
        return _time.strftime("%a %b %e %H:%M:%S %Y", self.timetuple())

    def __repr__(self):
        fields = [self._y, self._m, self._d, self._h, self._mi]
        if self._s or self._us:
            fields.append(self._s)
        if self._us:
            fields.append(self._us)
        text = "datetime.datetime(" + ", ".join(str(f) for f in fields)
        if self._tz is not None:
            text += f", tzinfo={self._tz!r}"
        return text + ")"

    def _utc_us(self, other):
        """This moment and `other`'s in comparable microseconds; mixing a naive datetime
        with an aware one is an error, as in CPython."""
        a, b = self.utcoffset(), other.utcoffset()
        if (a is None) != (b is None):
            return None
        x, y = self._us_since(), other._us_since()
        if a is not None:
            x, y = x - a._total_us(), y - b._total_us()
        return x, y

    def _order(self, other):
        if not isinstance(other, datetime):
            raise TypeError(f"can't compare {type(self).__name__} to "
                            f"{type(other).__name__}")
        pair = self._utc_us(other)
        if pair is None:
            raise TypeError("can't compare offset-naive and offset-aware datetimes")
        return _cmp(pair[0], pair[1])

    def __eq__(self, other):
        if not isinstance(other, datetime):
            return NotImplemented if not isinstance(other, date) else False
        pair = self._utc_us(other)
        return pair is not None and pair[0] == pair[1]

    def __hash__(self):
        off = self.utcoffset()
        return hash(self._us_since() - (0 if off is None else off._total_us()))

    def __add__(self, other):
        if isinstance(other, timedelta):
            return datetime._from_us(self._us_since() + other._total_us(), self._tz)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return datetime._from_us(self._us_since() - other._total_us(), self._tz)
        if isinstance(other, datetime):
            pair = self._utc_us(other)
            if pair is None:
                raise TypeError("can't subtract offset-naive and offset-aware datetimes")
            return timedelta._of(pair[0] - pair[1])
        return NotImplemented


tzinfo_class = tzinfo
datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999_999)
datetime.resolution = timedelta(microseconds=1)
