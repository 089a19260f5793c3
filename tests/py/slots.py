# __slots__: member descriptors, no __dict__/__weakref__ unless listed,
# inheritance, mangling, and the errors.

class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

p = P(1, 2)
print(p.x, p.y, P.__slots__, type(P.x).__name__, repr(P.x))
print(P.x.__name__, P.x.__objclass__ is P)
print(hasattr(p, "__dict__"), hasattr(p, "__weakref__"), "__dict__" in P.__dict__, "__weakref__" in P.__dict__)
print([k for k in ("x", "y", "z") if k in P.__dict__])
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
del p.x
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    del p.x
except AttributeError as e:
    print("AttributeError:", e)
p.x = "again"
print(p.x, P.x.__get__(p, P), P.x.__get__(None, P) is P.x)
P.y.__set__(p, 5)
print(p.y)
try:
    P.x.__get__(1, int)
except TypeError as e:
    print("TypeError:", e)
import sys


# a single string, an iterable, empty
class S:
    __slots__ = "only"
print(S.__slots__, repr(S.only))
class I:
    __slots__ = iter(["b", "a"])
i = I()
i.a = 1
i.b = 2
print(type(I.__slots__).__name__, i.a, i.b)
class E:
    __slots__ = ()
try:
    E().anything = 1
except AttributeError as e:
    print("AttributeError:", e)
class DictSlot:
    __slots__ = ("v", "__dict__")
d = DictSlot()
d.v = 1
d.other = 2
print(d.__dict__, d.v, hasattr(d, "__weakref__"))
class WeakSlot:
    __slots__ = ("__weakref__",)
w = WeakSlot()
print(hasattr(w, "__weakref__"), w.__weakref__, hasattr(w, "__dict__"))

# inheritance
class Q(P):
    __slots__ = ("z",)
q = Q(1, 2)
q.z = 3
print(q.x, q.y, q.z, hasattr(q, "__dict__"), Q.__slots__)
class R(P):
    pass
r = R(1, 2)
r.extra = 4
print(r.x, r.__dict__, hasattr(r, "__weakref__"))
class Both(P, E):
    __slots__ = ()
print(Both(7, 8).y)
try:
    class Conflict(P, S):
        pass
except TypeError as e:
    print("TypeError:", e)
class Redefine(P):
    __slots__ = ("x",)
rd = Redefine(1, 2)
print(rd.x, repr(Redefine.x))
try:
    P.x.__get__(rd)
except AttributeError as e:
    print("AttributeError:", e)

# name mangling
class _Priv:
    __slots__ = ("__secret", "__dunder__", "_single")
    def set(self, v):
        self.__secret = v
    def get(self):
        return self.__secret
pv = _Priv()
pv.set(9)
print(pv.get(), pv._Priv__secret, [k for k in ("__secret", "_Priv__secret", "__dunder__", "_single") if k in _Priv.__dict__])

# the errors
class B:
    pass
for src in [
    "class C(int): __slots__ = ('a',)",
    "class C(tuple): __slots__ = ('__weakref__',)",
    "class C(B): __slots__ = ('__weakref__',)",
    "class C(B): __slots__ = ('__dict__',)",
    "class C: __slots__ = ('__dict__', '__dict__')",
    "class C: __slots__ = ('__weakref__', '__weakref__')",
    "class C: __slots__ = (1,)",
    "class C: __slots__ = ('1a',)",
    "class C: __slots__ = ('a b',)",
    "class C:\n    __slots__ = ('a',)\n    a = 1",
    "class C:\n    __slots__ = ('__p',)\n    _C__p = 1",
    "class C: __slots__ = 3",
    "class C(int): __slots__ = ()",
]:
    try:
        exec(src)
        print("ok", src.splitlines()[0])
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)

# type() with __slots__
T = type("T", (), {"__slots__": ("a",)})
t = T()
t.a = 1
print(t.a, repr(T.a))

# slot values are released and collected with their instance
class Node:
    __slots__ = ("other", "payload")
class Payload:
    def __del__(self):
        print("payload freed")
n = Node()
n.payload = Payload()
del n
print("after del")
a = Node()
a.other = Node()
a.other.payload = Payload()
a.payload = "text"
del a
print("after nested del")
print("end")
