"""Method calls: calls of Python methods on instances, with no work
in their bodies (after pyperformance's bm_call_method): methods calling
other methods of the same instance, positional arguments, a subclass
method calling the base through `super()`, a classmethod, a staticmethod,
a bound method kept in a local, and a method found on a base class.
"""

N = 80000


class Base:
    def __init__(self, start):
        self.n = start

    def inherited(self, a):
        return a

    def overridden(self, a):
        return a + 1


class Foo(Base):
    def foo(self, a, b):
        return self.bar(a) + self.baz(b)

    def bar(self, a):
        return a

    def baz(self, b):
        return b

    def overridden(self, a):
        return super().overridden(a) + 1

    @classmethod
    def cm(cls, a):
        return a

    @staticmethod
    def sm(a):
        return a

    def empty(self):
        pass


def main(n):
    f = Foo(0)
    total = 0
    empty = f.empty
    for i in range(n):
        total += f.foo(i, 1)
        total += f.foo(1, i)
        total += f.bar(i) + f.baz(i) + f.bar(1) + f.baz(1)
        total += f.inherited(i) + f.overridden(i)
        total += f.cm(i) + Foo.sm(i) + f.sm(1)
        empty()
        empty()
        f.empty()
        f.empty()
        f.empty()
    return total


result = main(N)
if __name__ == "__main__":
    print("method_calls", result)
