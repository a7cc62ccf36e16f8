# gc for gilscope, written for this project from the documented behaviour of Python
# 3.11's gc module. gilscope's objects are freed by reference counting alone, so
# collect() finds nothing to free; the switches and thresholds keep their values as
# CPython's do, so programs that tune the collector run unchanged.

__all__ = ["collect", "enable", "disable", "isenabled", "get_count", "get_threshold",
           "set_threshold", "get_objects", "get_stats", "get_referrers", "get_referents",
           "is_tracked", "is_finalized", "freeze", "unfreeze", "get_freeze_count",
           "set_debug", "get_debug", "garbage", "callbacks", "DEBUG_STATS",
           "DEBUG_COLLECTABLE", "DEBUG_UNCOLLECTABLE", "DEBUG_SAVEALL", "DEBUG_LEAK"]

DEBUG_STATS = 1
DEBUG_COLLECTABLE = 2
DEBUG_UNCOLLECTABLE = 4
DEBUG_SAVEALL = 32
DEBUG_LEAK = 38

garbage = []
callbacks = []

_state = {"enabled": True, "threshold": (700, 10, 10), "debug": 0, "frozen": 0,
          "collections": [0, 0, 0]}


def collect(generation=2):
    if generation not in (0, 1, 2):
        raise ValueError("invalid generation")
    for cb in list(callbacks):
        cb("start", {"generation": generation, "collected": 0, "uncollectable": 0})
    _state["collections"][generation] += 1
    for cb in list(callbacks):
        cb("stop", {"generation": generation, "collected": 0, "uncollectable": 0})
    return 0


def enable():
    _state["enabled"] = True


def disable():
    _state["enabled"] = False


def isenabled():
    return _state["enabled"]


def get_count():
    return (0, 0, 0)


def get_threshold():
    return _state["threshold"]


def set_threshold(threshold0, threshold1=None, threshold2=None):
    old = _state["threshold"]
    _state["threshold"] = (threshold0,
                           old[1] if threshold1 is None else threshold1,
                           old[2] if threshold2 is None else threshold2)


def set_debug(flags):
    _state["debug"] = flags


def get_debug():
    return _state["debug"]


def get_objects(generation=None):
    return []


def get_stats():
    return [{"collections": n, "collected": 0, "uncollectable": 0}
            for n in _state["collections"]]


def get_referrers(*objs):
    return []


def get_referents(*objs):
    return []


def is_tracked(obj):
    return not isinstance(obj, (int, float, str, bool, type(None)))


def is_finalized(obj):
    return False


def freeze():
    _state["frozen"] += 1


def unfreeze():
    _state["frozen"] = 0


def get_freeze_count():
    return 0
