class Registry:
    items = []
    @classmethod
    def register(cls, item):
        cls.items.append(item)
        return cls
    @staticmethod
    def normalize(s):
        return s.strip().lower()
    def __init__(self, tag):
        self.tag = Registry.normalize(tag)
Registry.register("a").register("b")
print(Registry.items, Registry("  TAG ").tag)
class Temperature:
    def __init__(self):
        self._c = 0
    def get_f(self):
        return self._c * 9 / 5 + 32
    def set_f(self, f):
        self._c = (f - 32) * 5 / 9
    fahrenheit = property(get_f, set_f)
t = Temperature()
t.fahrenheit = 212
print(t._c, t.fahrenheit)
class Meta:
    x = 1
    y = x + 1
    z = [i * y for i in range(3)]
print(Meta.x, Meta.y, Meta.z)
