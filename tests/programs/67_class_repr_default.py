class Plain:
    pass
class WithStr:
    def __str__(self):
        return "str form"
p = WithStr()
print(p, str(p), [str(p)])
print(type(Plain()), Plain, type(3), type("s"), type(None), type([]), type(len))
print(isinstance(3, int), isinstance(True, int), isinstance(3.0, (int, float)), isinstance("x", str))
print(int, str, object, type(int))
class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next
    def __repr__(self):
        return f"Node({self.value!r}, {self.next!r})"
print(Node(1, Node("two")))
print(callable(len), callable(Plain), callable(3), callable(lambda: 0))
