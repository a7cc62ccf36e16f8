# enum for gilscope: Enum, IntEnum, StrEnum, auto, unique, written in Python on
# gilscope's VM. gilscope has no metaclasses: what CPython's EnumType does to the class
# object (iterating it, calling it with a value, indexing it by name, len, `in`, its
# repr) is in `_EnumClassOps`, which every enum class names as `_gilscope_class_ops`
# (the VM looks it up in the class's own namespace), and the members are made by
# `Enum.__init_subclass__` once the class body has run.
import _gilscope


class auto:
    """A member value to be chosen by `_generate_next_value_`."""

    def __init__(self):
        self.value = None

    def __repr__(self):
        return "auto()"


def _is_descriptor(v):
    return (callable(v) or isinstance(v, (property, classmethod, staticmethod)))


class _EnumClassOps:
    def __iter__(cls):
        return iter(cls._member_list_)

    def __reversed__(cls):
        return reversed(cls._member_list_)

    def __len__(cls):
        return len(cls._member_list_)

    def __contains__(cls, value):
        if isinstance(value, Enum):
            return isinstance(value, cls) and value._name_ in cls._member_map_
        raise TypeError(f"unsupported operand type(s) for 'in': '{type(value).__name__}' "
                        "and 'EnumType'")

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __call__(cls, value, names=None, *, module=None, qualname=None, type=None, start=1):
        if names is not None:
            return _functional(cls, value, names, start)
        if isinstance(value, cls):
            return value
        try:
            return cls._value_map_[value]
        except (KeyError, TypeError):
            pass
        for m in cls._member_list_:
            if m._value_ == value:
                return m
        missing = cls._missing_(value)
        if isinstance(missing, cls):
            return missing
        raise ValueError(f"{value!r} is not a valid {cls.__qualname__}")

    def __repr__(cls):
        return f"<enum {cls.__name__!r}>"


def _functional(base, name, names, start):
    if isinstance(names, str):
        names = names.replace(",", " ").split()
    if isinstance(names, dict):
        pairs = list(names.items())
    else:
        names = list(names)
        if names and isinstance(names[0], (tuple, list)):
            pairs = [tuple(p) for p in names]
        else:
            pairs = [(n, i) for i, n in enumerate(names, start)]
    ns = {"__module__": "__main__", "__qualname__": name}
    for key, value in pairs:
        ns[key] = value
    cls = type(name, (base,), ns)
    _make_members(cls)
    return cls


def _own_init(cls):
    """The `__init__` an enum class defines or inherits from a class of the program."""
    for k in cls.__mro__:
        if k is Enum:
            return None
        if "__init__" in k.__dict__:
            return k.__dict__["__init__"]
    return None


def _make_members(cls):
    """Turns the names the class body bound into members (CPython's EnumType.__new__)."""
    for base in cls.__mro__[1:]:
        if base.__dict__.get("_member_list_"):
            raise TypeError(f"{cls.__name__!r} cannot extend {base!r}")
    members, by_name, by_value, values = [], {}, {}, []
    init = _own_init(cls)
    for key, value in list(cls.__dict__.items()):
        if key.startswith("_") or _is_descriptor(value):
            continue
        if isinstance(value, auto):
            value = cls._generate_next_value_(key, 1, len(members), values)
        values.append(value)
        member = None
        for m in members:
            if m._value_ == value:
                member = m  # an alias: the same member under another name
                break
        if member is None:
            member = _gilscope.new_instance(cls)
            member._name_ = key
            member._value_ = value
            if init is not None:
                init(member, *(value if isinstance(value, tuple) else (value,)))
            if cls._mixed_ is not None:
                member._value_ = cls._mixed_(value)
            members.append(member)
            try:
                by_value[member._value_] = member
            except TypeError:
                pass
        by_name[key] = member
        setattr(cls, key, member)
    cls._member_list_ = members
    cls._member_map_ = by_name
    cls.__members__ = dict(by_name)
    cls._value_map_ = by_value
    cls._gilscope_class_ops = _EnumClassOps


class Enum:
    _member_list_ = ()
    _member_map_ = {}
    _value_map_ = {}

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for v in reversed(last_values):
            if isinstance(v, int):
                return v + 1
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    def __init_subclass__(cls, **kwargs):
        _make_members(cls)

    _mixed_ = None

    name = property(lambda self: self._name_)
    value = property(lambda self: self._value_)

    def __repr__(self):
        return f"<{type(self).__name__}.{self._name_}: {self._value_!r}>"

    def __str__(self):
        return f"{type(self).__name__}.{self._name_}"

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


Enum._gilscope_class_ops = _EnumClassOps


def _same(a, b):
    return a._value_ if isinstance(a, Enum) else a, b._value_ if isinstance(b, Enum) else b


class _ValueMixin(Enum):
    """An enum whose members behave as their values (CPython's IntEnum derives from
    int; gilscope's cannot, so it forwards comparisons and arithmetic)."""

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __eq__(self, other):
        a, b = _same(self, other)
        return a == b

    def __ne__(self, other):
        a, b = _same(self, other)
        return a != b

    def __lt__(self, other):
        a, b = _same(self, other)
        return a < b

    def __le__(self, other):
        a, b = _same(self, other)
        return a <= b

    def __gt__(self, other):
        a, b = _same(self, other)
        return a > b

    def __ge__(self, other):
        a, b = _same(self, other)
        return a >= b

    def __hash__(self):
        return hash(self._value_)


class _IntValue(_ValueMixin):
    _mixed_ = int

    def __int__(self):
        return self._value_

    def __index__(self):
        return self._value_

    def __add__(self, other):
        return self._value_ + other

    def __radd__(self, other):
        return other + self._value_

    def __sub__(self, other):
        return self._value_ - other

    def __rsub__(self, other):
        return other - self._value_

    def __mul__(self, other):
        return self._value_ * other

    def __rmul__(self, other):
        return other * self._value_


class _StrValue(_ValueMixin):
    _mixed_ = str

    def __len__(self):
        return len(self._value_)

    def __add__(self, other):
        return self._value_ + other

    def __radd__(self, other):
        return other + self._value_

    def __getattr__(self, name):
        return getattr(self._value_, name)


class IntEnum(_IntValue):
    pass


class StrEnum(_StrValue):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


class _IntMixin(_IntValue):
    """`class C(int, Enum)`: int's behaviour, but printed as an enum (3.11)."""
    __str__ = Enum.__str__
    __format__ = Enum.__format__


class _StrMixin(_StrValue):
    """`class C(str, Enum)`."""
    __str__ = Enum.__str__
    __format__ = Enum.__format__


# The VM puts these in place of a built-in base mixed into an enum (it cannot derive
# from int or str).
Enum._gilscope_builtin_mixins = {"int": _IntMixin, "str": _StrMixin}
EnumType = EnumMeta = type


def unique(cls):
    aliases = [(n, m._name_) for n, m in cls._member_map_.items() if n != m._name_]
    if aliases:
        text = ", ".join(f"{a} -> {b}" for a, b in aliases)
        raise ValueError(f"duplicate values found in {cls!r}: {text}")
    return cls


class Flag(Enum):
    def __init_subclass__(cls, **kwargs):
        _unsupported("enum.Flag")


IntFlag = Flag
