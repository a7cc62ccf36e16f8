# typing for gilscope: the names teaching code imports and annotates with. Nothing is
# checked at run time (as in CPython); subscripting gives an alias with CPython's repr.
# NamedTuple and TypedDict classes work through __init_subclass__. Written in Python on
# gilscope's VM.
import collections

TYPE_CHECKING = False


class _Alias:
    def __init__(self, name, args=()):
        self._name = name
        self.__args__ = args

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _Alias(self._name, params)

    def __call__(self, *args, **kwargs):
        raise TypeError(f"Type {self._name} cannot be instantiated")

    def __repr__(self):
        if not self.__args__:
            return f"typing.{self._name}"
        return f"typing.{self._name}[{', '.join(_type_repr(a) for a in self.__args__)}]"

    def __or__(self, other):
        return _Alias("Union", (self, other))

    def __ror__(self, other):
        return _Alias("Union", (other, self))


def _type_repr(t):
    if isinstance(t, list):
        return "[" + ", ".join(_type_repr(a) for a in t) + "]"
    if t is None or t is type(None):
        return "NoneType"
    if isinstance(t, type):
        if t.__module__ == "builtins":
            return t.__qualname__
        return f"{t.__module__}.{t.__qualname__}"
    if t is ...:
        return "..."
    return repr(t)


class _OptionalAlias(_Alias):
    def __getitem__(self, params):
        return _Alias("Optional", (params,))


Any = _Alias("Any")
NoReturn = _Alias("NoReturn")
Never = _Alias("Never")
Self = _Alias("Self")
LiteralString = _Alias("LiteralString")
TypeAlias = _Alias("TypeAlias")
ClassVar = _Alias("ClassVar")
Final = _Alias("Final")
Literal = _Alias("Literal")
Annotated = _Alias("Annotated")
Union = _Alias("Union")
Optional = _OptionalAlias("Optional")
Concatenate = _Alias("Concatenate")
TypeGuard = _Alias("TypeGuard")
List = _Alias("List")
Dict = _Alias("Dict")
Tuple = _Alias("Tuple")
Set = _Alias("Set")
FrozenSet = _Alias("FrozenSet")
Type = _Alias("Type")
Callable = _Alias("Callable")
Iterable = _Alias("Iterable")
Iterator = _Alias("Iterator")
Generator = _Alias("Generator")
Sequence = _Alias("Sequence")
MutableSequence = _Alias("MutableSequence")
Mapping = _Alias("Mapping")
MutableMapping = _Alias("MutableMapping")
AbstractSet = _Alias("AbstractSet")
MutableSet = _Alias("MutableSet")
Collection = _Alias("Collection")
Container = _Alias("Container")
Hashable = _Alias("Hashable")
Sized = _Alias("Sized")
Reversible = _Alias("Reversible")
Deque = _Alias("Deque")
DefaultDict = _Alias("DefaultDict")
OrderedDict = _Alias("OrderedDict")
Counter = _Alias("Counter")
ChainMap = _Alias("ChainMap")
Awaitable = _Alias("Awaitable")
Coroutine = _Alias("Coroutine")
AsyncIterable = _Alias("AsyncIterable")
AsyncIterator = _Alias("AsyncIterator")
AsyncGenerator = _Alias("AsyncGenerator")
ContextManager = _Alias("ContextManager")
AsyncContextManager = _Alias("AsyncContextManager")
IO = _Alias("IO")
TextIO = _Alias("TextIO")
BinaryIO = _Alias("BinaryIO")
Pattern = _Alias("Pattern")
Match = _Alias("Match")
SupportsInt = _Alias("SupportsInt")
SupportsFloat = _Alias("SupportsFloat")
SupportsAbs = _Alias("SupportsAbs")
SupportsIndex = _Alias("SupportsIndex")
SupportsRound = _Alias("SupportsRound")
Text = str


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False,
                 contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        if self.__covariant__:
            return f"+{self.__name__}"
        if self.__contravariant__:
            return f"-{self.__name__}"
        return f"~{self.__name__}"

    def __or__(self, other):
        return _Alias("Union", (self, other))


class ParamSpec(TypeVar):
    pass


AnyStr = TypeVar("AnyStr", str)


class Generic:
    pass


class Protocol(Generic):
    pass


def _namedtuple_fields(cls):
    names = list(cls.__dict__.get("__annotations__", {}))
    defaults = []
    for n in names:
        if n in cls.__dict__:
            defaults.append(cls.__dict__[n])
        elif defaults:
            raise TypeError(f"Non-default namedtuple field {n} cannot follow default field")
    return names, defaults


class NamedTuple:
    def __init_subclass__(cls):
        names, defaults = _namedtuple_fields(cls)
        nt = collections.namedtuple(cls.__name__, names, defaults=defaults or None)
        for key, value in nt.__dict__.items():
            if key not in ("__module__", "__qualname__", "__doc__", "__dict__"):
                if key in cls.__dict__ and not key.startswith("_") and key not in names:
                    continue
                setattr(cls, key, value)
        cls.__annotations__ = dict(cls.__dict__.get("__annotations__", {}))


class TypedDict:
    def __init_subclass__(cls):
        cls.__total__ = True

    def __init__(self, *args, **kwargs):
        _unsupported("calling a TypedDict class (its instances are dicts in CPython)")


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__qualname__ = name
    new_type.__supertype__ = tp
    return new_type


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def no_type_check(f):
    return f


def runtime_checkable(cls):
    return cls


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    return dict(getattr(obj, "__annotations__", {}))


def get_origin(tp):
    return None


def get_args(tp):
    return getattr(tp, "__args__", ())


def assert_never(arg):
    raise AssertionError(f"Expected code to be unreachable, but got: {arg!r}")


def reveal_type(obj):
    import sys
    sys.stderr.write(f"Runtime type is {type(obj).__name__!r}\n")
    return obj
