# PEP 695: type aliases, generic functions and classes, TypeVar,
# ParamSpec, TypeVarTuple (implemented natively, as CPython's _typing).

type Alias = (list, int)
print(type(Alias).__name__, Alias.__name__, repr(Alias), Alias.__value__)
print(Alias.__type_params__, Alias.__module__)

# lazily evaluated: the value may name something defined later
type Later = Undefined
try:
    Later.__value__
except NameError as e:
    print("NameError:", e)
Undefined = int
print(Later.__value__)

type Pair[T] = (T, T)
print(repr(Pair), Pair.__type_params__, Pair.__value__)
(T,) = Pair.__type_params__
print(type(T).__name__, repr(T), T.__name__, T.__bound__, T.__constraints__)
print(T.__covariant__, T.__contravariant__, T.__infer_variance__)

type Bounded[B: str, *Ts, **P] = (B, Ts, P)
B, Ts, P = Bounded.__type_params__
print(repr(B), repr(Ts), repr(P), B.__bound__, type(Ts).__name__, type(P).__name__)
print(Ts.__name__, P.__name__, P.__bound__, P.__covariant__, P.__infer_variance__)

def f[X, Y: (int, str), *Zs, **Q](a: X, b: Y) -> X:
    return a

print(f.__type_params__)
X, Y, Zs, Q = f.__type_params__
print(repr(X), repr(Y), Y.__constraints__, Y.__bound__, f(1, 2))
print(f.__annotations__["a"] is X, f.__annotations__["return"] is X)
print(repr(Q.args), repr(Q.kwargs), type(Q.args).__name__)
print(f.__name__, f.__qualname__)

def plain():
    pass
print(plain.__type_params__)

# lazily evaluated bound: a forward reference
def g[V: Forward]():
    return V
try:
    g.__type_params__[0].__bound__
except NameError as e:
    print("NameError:", e)
class Forward:
    pass
print(g.__type_params__[0].__bound__)
print(g() is g.__type_params__[0])

# generic classes
class Box[T]:
    def __init__(self, item: T):
        self.item = item
    def get(self) -> T:
        return self.item
    def method[M](self, m: M) -> (T, M):
        return (self.item, m)

print(Box.__type_params__, Box.__name__, Box.__qualname__)
print(Box.__mro__)
print(Box(3).get(), Box("x").method(2))
print(Box.method.__type_params__, Box.__bases__)
print(Box.__parameters__)
print(Box.__orig_bases__)
print(isinstance(Box(1), Box))

class Sub[S](Box[S]):
    pass
print(Sub.__type_params__, Sub.__mro__, Sub.__parameters__)

class Meta(type):
    pass
class WithMeta[K](metaclass=Meta):
    pass
print(type(WithMeta).__name__, WithMeta.__type_params__)

# nested scopes see the type parameters
class Outer[O]:
    class Inner:
        pass
    def m(self):
        return O
print(repr(Outer().m()), Outer.__type_params__[0] is Outer().m())

def outer[T1]():
    def inner():
        return T1
    return inner()
print(repr(outer()))

# TypeVar and friends built directly
TypeVar = type(T)
ParamSpec = type(P)
TypeVarTuple = type(Ts)
TypeAliasType = type(Alias)
print(TypeVar.__module__, TypeVar.__name__, ParamSpec.__module__, TypeAliasType.__module__)
t1 = TypeVar("t1")
t2 = TypeVar("t2", int, str)
t3 = TypeVar("t3", bound=int, covariant=True)
t4 = TypeVar("t4", contravariant=True)
t5 = TypeVar("t5", infer_variance=True)
for t in (t1, t2, t3, t4, t5):
    print(repr(t), t.__bound__, t.__constraints__, t.__covariant__, t.__contravariant__, t.__infer_variance__)
for bad in (lambda: TypeVar("x", int), lambda: TypeVar("x", covariant=True, contravariant=True),
            lambda: TypeVar("x", int, str, bound=int), lambda: TypeVar(1),
            lambda: TypeVar("x", covariant=True, infer_variance=True)):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
p1 = ParamSpec("p1")
p2 = ParamSpec("p2", covariant=True)
p3 = ParamSpec("p3", contravariant=True)
print(repr(p1), repr(p2), repr(p3), repr(p1.args), repr(p1.kwargs))
print(p1.args.__origin__ is p1, p1.args == p1.args, p1.kwargs == p1.args)
vt = TypeVarTuple("vt")
print(repr(vt), vt.__name__)
ta = TypeAliasType("ta", int)
print(repr(ta), ta.__value__, ta.__type_params__, ta.__name__)
ta2 = TypeAliasType("ta2", list, type_params=(t1,))
print(ta2.__type_params__)
try:
    TypeAliasType("x", int, type_params=(1,))
except TypeError as e:
    print("TypeError", e)
try:
    TypeAliasType(1, int)
except TypeError as e:
    print("TypeError", e)

# attributes are read-only
for obj, attr in ((T, "__name__"), (Alias, "__value__"), (Alias, "__name__")):
    try:
        setattr(obj, attr, 1)
    except AttributeError as e:
        print("AttributeError", e)

# subclassing is refused
for cls in (TypeVar, ParamSpec, TypeVarTuple, TypeAliasType):
    try:
        class X(cls):
            pass
    except TypeError as e:
        print("TypeError", e)

# Generic[...] directly, and its errors
Generic = Box.__mro__[1]
print(Generic, Generic.__module__, Generic.__name__)
ga = Generic[t1, p1]
print(ga, ga.__origin__ is Generic, ga.__args__, ga.__parameters__)
print(Box[int], Box[int].__origin__ is Box, Box[int].__args__)
for bad in (lambda: Generic[int], lambda: Generic[t1, t1], lambda: Generic[()]):
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)
class Explicit(Generic[t1]):
    pass
print(Explicit.__parameters__, Explicit.__orig_bases__, Explicit.__mro__)
for src in ("class Plain(Generic): pass", "class Twice(Generic[t1], Generic[t2]): pass"):
    try:
        exec(src)
    except TypeError as e:
        print("TypeError", e)
print(TypeVar("x", bound=1).__bound__)
for b in ((int, str), Generic, Generic[t1]):
    try:
        TypeVar("x", bound=b)
    except TypeError as e:
        print("TypeError", e)
print(repr(TypeVar("x", bound=None).__bound__))
