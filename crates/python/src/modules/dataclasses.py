# dataclasses for gilscope: @dataclass, field, fields, asdict, astuple, replace, written
# in Python on gilscope's VM. The generated methods behave like CPython 3.11's (same
# reprs, comparisons and argument errors) but are closures, not generated source.


class FrozenInstanceError(AttributeError):
    pass


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()


class Field:
    # One field of a dataclass; @dataclass fills in the name when it reads the class.
    def __init__(self, default, default_factory, init, repr, compare, kw_only):
        self.name = None
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.compare = init, repr, compare
        self.kw_only = kw_only

    def __repr__(self):
        return (f"Field(name={self.name!r},default={self.default!r},"
                f"default_factory={self.default_factory!r},init={self.init!r},"
                f"repr={self.repr!r},compare={self.compare!r})")


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
          hash=None, compare=True, metadata=None, kw_only=False):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, compare, kw_only)


def fields(class_or_instance):
    try:
        fs = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple(fs.values())


def is_dataclass(obj):
    return hasattr(obj, "__dataclass_fields__")


def asdict(obj):
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: asdict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [asdict(v) for v in obj]
    if isinstance(obj, tuple):
        return tuple(asdict(v) for v in obj)
    if isinstance(obj, dict):
        return {asdict(k): asdict(v) for k, v in obj.items()}
    return obj


def astuple(obj):
    return tuple(getattr(obj, f.name) for f in fields(obj))


def replace(obj, /, **changes):
    for f in fields(obj):
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def _values(obj, flds):
    return tuple(getattr(obj, f.name) for f in flds)


def _process_class(cls, init, repr_, eq, order, frozen):
    annotations = cls.__dict__.get('__annotations__', {})
    flds = []
    for base in reversed(cls.__mro__[1:]):
        base_fields = getattr(base, '__dataclass_fields__', None)
        if base_fields:
            flds.extend(base_fields.values())
    for name in annotations:
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = Field(default, MISSING, True, True, True, False)
        f.name = name
        if f.default_factory is not MISSING and not callable(f.default_factory):
            raise TypeError('default_factory must be callable')
        if isinstance(f.default, (list, dict, set)):
            raise ValueError(f'mutable default {type(f.default)} for field {name} '
                             'is not allowed: use default_factory')
        if f.default is not MISSING:
            setattr(cls, name, f.default)
        flds = [g for g in flds if g.name != name]
        flds.append(f)
    seen_default = False
    for f in flds:
        if not f.init or f.kw_only:
            continue
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument '{f.name}' follows default argument")
    cls.__dataclass_fields__ = {f.name: f for f in flds}
    qualname = cls.__qualname__
    init_fields = [f for f in flds if f.init]
    positional = [f for f in init_fields if not f.kw_only]
    compare_fields = [f for f in flds if f.compare]

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            raise TypeError(f"{qualname}.__init__() takes {len(positional) + 1} positional "
                            f"arguments but {len(args) + 1} were given")
        values = {}
        for f, v in zip(positional, args):
            values[f.name] = v
        for k, v in kwargs.items():
            if k not in [f.name for f in init_fields]:
                raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument '{k}'")
            if k in values:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument '{k}'")
            values[k] = v
        missing = [f.name for f in init_fields if f.name not in values
                   and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            names = ", ".join(repr(m) for m in missing[:-1])
            if len(missing) == 1:
                listed = repr(missing[0])
            elif len(missing) == 2:
                listed = f"{names} and {missing[-1]!r}"
            else:
                listed = f"{names}, and {missing[-1]!r}"
            s = "" if len(missing) == 1 else "s"
            raise TypeError(f"{qualname}.__init__() missing {len(missing)} required "
                            f"positional argument{s}: {listed}")
        for f in flds:
            if f.name in values:
                v = values[f.name]
            elif f.default_factory is not MISSING:
                v = f.default_factory()
            elif f.default is not MISSING:
                v = f.default
            else:
                continue
            object.__setattr__(self, f.name, v)
        if hasattr(self, '__post_init__'):
            self.__post_init__()

    def __repr__(self):
        parts = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in flds if f.repr)
        return f"{self.__class__.__qualname__}({parts})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return _values(self, compare_fields) == _values(other, compare_fields)
        return NotImplemented

    def _order(op):
        def compare(self, other):
            if other.__class__ is self.__class__:
                return op(_values(self, compare_fields), _values(other, compare_fields))
            return NotImplemented
        return compare

    def __setattr__(self, name, value):
        if name in cls.__dataclass_fields__:
            raise FrozenInstanceError(f"cannot assign to field '{name}'")
        object.__setattr__(self, name, value)

    def __hash__(self):
        return hash(_values(self, compare_fields))

    if init and '__init__' not in cls.__dict__:
        cls.__init__ = __init__
    if repr_ and '__repr__' not in cls.__dict__:
        cls.__repr__ = __repr__
    if eq and '__eq__' not in cls.__dict__:
        cls.__eq__ = __eq__
    if order:
        cls.__lt__ = _order(lambda a, b: a < b)
        cls.__le__ = _order(lambda a, b: a <= b)
        cls.__gt__ = _order(lambda a, b: a > b)
        cls.__ge__ = _order(lambda a, b: a >= b)
    if frozen:
        cls.__setattr__ = __setattr__
        cls.__hash__ = __hash__
    return cls


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False,
              unsafe_hash=False, frozen=False, match_args=True, kw_only=False,
              slots=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, frozen)
    if cls is None:
        return wrap
    return wrap(cls)
