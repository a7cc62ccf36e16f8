# copy for gilscope: shallow and deep copies of the built-in containers and of instances
# (their __dict__, without running __init__), honouring __copy__ and __deepcopy__;
# written in Python on gilscope's VM.
import _gilscope


class Error(Exception):
    pass


error = Error


def _f():
    pass


# Values copied as themselves: immutable, or (functions, classes, modules) shared by
# CPython's copy too.
_ATOMIC = (type(None), bool, int, float, str, range, slice, type, type(_f), type(len),
           type(_gilscope), type(Ellipsis), type(NotImplemented))


def _uncopyable(cls):
    """CPython's error for a value that has no state to copy (locks, generators)."""
    name = cls.__qualname__
    if cls.__module__ not in ("builtins", "__main__"):
        name = f"{cls.__module__}.{name}"
    return TypeError(f"cannot pickle '{name}' object")


def _state(x):
    """An instance's __dict__, or None for the values that have none."""
    try:
        return vars(x)
    except (TypeError, AttributeError):
        return None


def copy(x):
    cls = type(x)
    if isinstance(x, _ATOMIC) or cls is tuple or cls is frozenset:
        return x
    if cls is list:
        return x[:]
    if cls is dict:
        return dict(x)
    if cls is set:
        return set(x)
    hook = getattr(x, "__copy__", None)
    if hook is not None:
        return hook()
    if cls.__module__ == "collections" and hasattr(x, "copy"):
        # deque, defaultdict, Counter, OrderedDict: a new container of the same items.
        return x.copy()
    state = _state(x)
    if state is None:
        raise _uncopyable(cls)
    y = _gilscope.new_instance(cls)
    _gilscope.set_state(y, state)
    return y


def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    key = id(x)
    found = memo.get(key, _nil)
    if found is not _nil:
        return found
    cls = type(x)
    if isinstance(x, _ATOMIC):
        return x
    if cls is list:
        y = []
        memo[key] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        if key in memo:
            return memo[key]
        same = all(a is b for a, b in zip(items, x))
        y = x if same else tuple(items)
    elif cls is dict:
        y = {}
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is set or cls is frozenset:
        y = cls(deepcopy(item, memo) for item in x)
    else:
        hook = getattr(x, "__deepcopy__", None)
        if hook is not None:
            y = hook(memo)
        else:
            state = _state(x)
            if state is None:
                raise _uncopyable(cls)
            y = _gilscope.new_instance(cls)
            memo[key] = y
            _gilscope.set_state(y, deepcopy(state, memo))
    memo[key] = y
    # Keep x alive for as long as memo is, as CPython's copy does, so ids stay unique.
    memo.setdefault(id(memo), []).append(x)
    return y
