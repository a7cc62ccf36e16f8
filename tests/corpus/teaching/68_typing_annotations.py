"""Type hints are not checked at run time, but importing and using them must work."""
from typing import Any, Callable, Dict, Generic, Iterable, List, Optional, Tuple, TypeVar, Union

T = TypeVar("T")


class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: List[T] = []

    def push(self, item: T) -> None:
        self.items.append(item)

    def pop(self) -> Optional[T]:
        return self.items.pop() if self.items else None


def apply(fn: Callable[[int], int], values: Iterable[int]) -> List[int]:
    return [fn(v) for v in values]


def summary(data: Dict[str, Union[int, float]]) -> Tuple[str, Any]:
    key = max(data, key=data.get)
    return key, data[key]


s: Stack[int] = Stack()
s.push(1)
s.push(2)
print(s.pop(), s.pop(), s.pop())
print(apply(lambda x: x * 3, range(4)))
print(summary({"a": 1, "b": 2.5}))
print(apply.__annotations__["values"] is not None, "return" in summary.__annotations__)
