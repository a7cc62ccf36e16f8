"""match statements: every kind of pattern (tests/dis.rs)."""
import sys
x = 3
match x:
    case 3:
        print("three")

def g(cmd, p):
    match cmd.split():
        case [action]:
            return action
        case ["go", direction] | ["move", direction]:
            return direction
        case ["drop", *objects]:
            return objects
        case [first, *_, last]:
            return first, last
        case {"a": 1, **rest}:
            return rest
        case {}:
            return 0
        case Point(1, y=2) as pt if pt:
            return pt
        case (1 | 2) as n:
            return n
        case str() | bytes():
            return "s"
        case True | False:
            return "b"
        case sys.maxsize:
            return -1
        case -1 | 1+2j:
            return 7
        case [(a, b), *c] if a > b:
            return c
        case _:
            return None

def h(v):
    match v:
        case {"x": x, "y": y} | {"y": y, "x": x}:
            return x + y
        case _ if v:
            pass

def f2(x):
    match x:
        case 1 | 2:
            return "a"
        case "s" if x:
            return "b"
        case None:
            return "c"
        case [a, b]:
            return a
        case {"k": v}:
            return v
        case Point(x=0, y=yy):
            return yy
        case y:
            return y


def k(v):
    match v:
        case [a, ([b] | [b, a])]:
            return b
        case ([c] | [c]) | c:
            return c
