# array for gilscope, written for this project from the documented behaviour of Python
# 3.11's array module: array(typecode, initializer) with the list operations, typed on
# the way in (append, extend, the constructor) and printed as CPython prints it. It is
# built on gilscope's list, so indexing costs what a list's does; item assignment does
# not check the item's type.

__all__ = ["array", "typecodes", "ArrayType"]

typecodes = "bBuhHiIlLqQfd"
_SIZES = {"b": 1, "B": 1, "u": 4, "h": 2, "H": 2, "i": 4, "I": 4, "l": 8, "L": 8,
          "q": 8, "Q": 8, "f": 4, "d": 8}


def _converter(typecode):
    if typecode in "fd":
        def conv(x):
            if not isinstance(x, (int, float)):
                raise TypeError("must be real number, not " + type(x).__name__)
            return float(x)
    elif typecode == "u":
        def conv(x):
            if not isinstance(x, str) or len(x) != 1:
                raise TypeError("array item must be unicode character")
            return x
    else:
        def conv(x):
            if not isinstance(x, int):
                raise TypeError("'%s' object cannot be interpreted as an integer"
                                % type(x).__name__)
            return x
    return conv


class array(list):
    def __init__(self, typecode, initializer=()):
        if not isinstance(typecode, str) or len(typecode) != 1 or typecode not in typecodes:
            raise ValueError("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
        self.typecode = typecode
        self.itemsize = _SIZES[typecode]
        self._conv = _converter(typecode)
        if isinstance(initializer, str) and typecode != "u":
            raise TypeError("cannot use a str to initialize an array with typecode '%s'"
                            % typecode)
        super().__init__([self._conv(x) for x in initializer])

    def _new(self, items):
        a = array(self.typecode)
        list.extend(a, items)
        return a

    def append(self, x):
        list.append(self, self._conv(x))

    def extend(self, iterable):
        list.extend(self, [self._conv(x) for x in iterable])

    def insert(self, i, x):
        list.insert(self, i, self._conv(x))

    def tolist(self):
        return list(self)

    def fromlist(self, items):
        self.extend(items)

    def buffer_info(self):
        return (id(self), len(self))

    def __mul__(self, n):
        return self._new(list(self) * n)

    __rmul__ = __mul__

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError('can only append array (not "%s") to array'
                            % type(other).__name__)
        return self._new(list(self) + list(other))

    def __copy__(self):
        return self._new(self)

    def __deepcopy__(self, memo):
        return self._new(self)

    def __repr__(self):
        if not len(self):
            return "array('%s')" % self.typecode
        if self.typecode == "u":
            return "array('u', %r)" % "".join(self)
        return "array('%s', %r)" % (self.typecode, list(self))


ArrayType = array
