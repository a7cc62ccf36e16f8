"""dataclasses write __init__, __repr__ and __eq__ (and ordering when asked)."""
from dataclasses import asdict, astuple, dataclass, field


@dataclass
class Job:
    name: str
    priority: int = 0
    tags: list = field(default_factory=list)


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0


j = Job("backup", 2)
j.tags.append("nightly")
print(j, Job("x") == Job("x"))
print(asdict(j), astuple(Version(1, 2)))
print(sorted([Version(1, 10), Version(1, 2), Version(0, 99)]))
v = Version(3)
try:
    v.major = 4
except Exception as e:
    print(type(e).__name__, e)
print(Version(2, 1) > Version(2, 0), hash(Version(1)) == hash(Version(1)))
