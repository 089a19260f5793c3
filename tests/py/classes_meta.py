# Metaclasses with __new__ and __init_subclass__ (needs the slots work).

class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns['tag'] = name.lower()
        return super().__new__(mcls, name, bases, ns)


class Tagged(metaclass=Meta):
    pass


print(Tagged.tag, type(Tagged).__name__)
class Registry:
    items = []

    def __init_subclass__(cls, **kw):
        Registry.items.append(cls.__name__)


class First(Registry):
    pass


class Second(Registry):
    pass


print(Registry.items)
