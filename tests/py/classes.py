# Classes on the evaluator: attributes, methods, inheritance, super(),
# class and static methods, properties, dunders, generators as methods.

class Animal:
    kingdom = 'animalia'

    def __init__(self, name, sound):
        self.name = name
        self.sound = sound

    def speak(self):
        return f'{self.name} says {self.sound}'

    def __repr__(self):
        return f'{type(self).__name__}({self.name!r})'


class Dog(Animal):
    def __init__(self, name):
        super().__init__(name, 'woof')
        self.tricks = []

    def teach(self, trick):
        self.tricks.append(trick)
        return self

    def speak(self):
        return super().speak() + '!'


d = Dog('Rex').teach('sit').teach('roll')
print(d, d.speak(), d.tricks, d.kingdom, isinstance(d, Animal), Dog.__mro__)
print(Dog.__name__, Dog.__qualname__, Dog.__module__, Dog.__bases__, type(d) is Dog)
print(sorted(d.__dict__), hasattr(d, 'name'), getattr(d, 'missing', 'default'))
d.kingdom = 'own'
print(d.kingdom, Animal.kingdom)
del d.kingdom
print(d.kingdom)


class Shape:
    count = 0

    def __init__(self):
        Shape.count += 1

    def area(self):
        raise NotImplementedError


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__()
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)


shapes = [Rect(2, 3), Square(4)]
print([s.area() for s in shapes], Shape.count, [type(s).__name__ for s in shapes])
try:
    Shape().area()
except NotImplementedError:
    print('abstract area')


class Node:
    def __init__(self, value, children=()):
        self.value = value
        self.children = list(children)

    def __iter__(self):
        yield self.value
        for c in self.children:
            yield from c

    def __len__(self):
        return 1 + sum(len(c) for c in self.children)

    def __contains__(self, v):
        return any(x == v for x in self)

    def __eq__(self, other):
        return isinstance(other, Node) and list(self) == list(other)


tree = Node(1, [Node(2, [Node(4)]), Node(3)])
print(list(tree), len(tree), 4 in tree, 9 in tree, tree == Node(1, [Node(2, [Node(4)]), Node(3)]))


Dyn = type('Dyn', (Animal,), {'speak': lambda self: 'dynamic ' + self.name})
print(Dyn('x', 'y').speak(), Dyn.__mro__[1].__name__)
