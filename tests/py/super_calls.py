"""super() attribute and method loads (the evaluator's fast path without a super object): methods, plain class attributes, properties, classmethods, staticmethods, bound methods, a missing name, __class__, a metaclass, a module-level `super` that shadows the builtin."""
class A:
    x = "A.x"
    def f(self, v): return ("A.f", v)
    @property
    def p(self): return "A.p"
    @classmethod
    def c(cls): return ("A.c", cls.__name__)
    @staticmethod
    def s(v): return ("A.s", v)
class B(A):
    def f(self, v): return ("B", super().f(v))
    def g(self): return super().x, super().p, super().c(), super().s(1), super().f
    def h(self):
        try:
            return super().missing
        except AttributeError as e:
            return str(e)
    def k(self): return super().__class__, super().__init__
b = B()
for i in range(5):
    print(b.f(i))
print(b.g()[:4])
m = b.g()[4]; print(m.__func__.__qualname__, m.__self__ is b)
print(b.h())
print(b.k()[0])
class C(B):
    def f(self, v): return ("C", super().f(v))
print(C().f(1))
class Meta(type):
    def m(cls): return ("Meta.m", super().__repr__()[:7])
class D(metaclass=Meta): pass
print(D.m())
def super(*a): return "my super"
class E(A):
    def f(self): return super()
print(E().f())
class F(A):
    def f(self, v):
        return ["F"] + [super(F, self).f(v)] + [super(F, self).x]
    def g(self):
        return super(A, self).__init__ is not None, super(F, F).c()
for i in range(3):
    print(F().f(i))
print(F().g())
print(super(F, F()).f(5))
