class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None)
        return self.name == "suppressor"
with Resource("a") as r:
    print("inside", r.name)
with Resource("outer"), Resource("inner"):
    print("nested")
with Resource("suppressor"):
    raise ValueError("swallowed")
print("after suppressor")
try:
    with Resource("b"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", e)
def early():
    with Resource("c"):
        return "returned"
print(early())
for i in range(2):
    with Resource(f"loop{i}"):
        if i == 0:
            continue
        break
