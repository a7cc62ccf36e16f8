class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
    def describe(self):
        return f"{self.name} says {self.speak()}"
class Dog(Animal):
    def speak(self):
        return "Woof"
class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def speak(self):
        return super().speak() + "!"
    def describe(self):
        return super().describe() + f" (age {self.age})"
for a in [Animal("generic"), Dog("rex"), Puppy("bit", 1)]:
    print(a.describe())
print(isinstance(Puppy("x", 1), Animal), issubclass(Puppy, Dog), issubclass(Dog, Puppy))
print([c.__name__ for c in Puppy.__mro__])
class A:
    def who(self):
        return "A"
class B(A):
    def who(self):
        return "B>" + super().who()
class C(A):
    def who(self):
        return "C>" + super().who()
class D(B, C):
    def who(self):
        return "D>" + super().who()
print(D().who(), [k.__name__ for k in D.__mro__])
class Base:
    def template(self):
        return self.hook() * 2
    def hook(self):
        return 1
class Derived(Base):
    def hook(self):
        return 21
print(Derived().template(), Base().template())
class Shape:
    count = 0
    def __init__(self):
        type(self).count += 1
class Sq(Shape):
    count = 0
Sq(); Sq(); Shape()
print(Shape.count, Sq.count)
