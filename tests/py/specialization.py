"""Specialized instructions must behave exactly as the generic ones: every
site here runs often enough to be specialized for one kind of operand,
then meets another kind (or a changed class, global, function or dict)
and must notice. Each loop runs 40 times; sites specialize after two runs.
"""

N = 40


def run(f, values):
    return [f(v) for v in values]


# BINARY_OP: ints, then big ints, floats, strs, a subclass with __add__.
def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def div(a, b):
    return a / b


class MyInt(int):
    def __add__(self, other):
        return "MyInt.__add__"


for i in range(N):
    add(i, 1)
    sub(i, 1)
    mul(i, 3)
print("int add/sub/mul:", add(2, 3), sub(2, 3), mul(-4, 3))
print("overflow into big ints:", add(2**29, 2**29), mul(2**29, 2**29), sub(-(2**29), 2**30))
print("big operands:", add(2**70, 1), mul(10**20, 10**20))
print("bool operands:", add(True, True), mul(True, 5))
print("mixed:", add(1, 2.5), add(1.5, 2), mul(3, "ab"))
print("subclass:", add(MyInt(1), 2), add(1, MyInt(2)))
for i in range(N):
    add(i * 0.5, 0.25)
    sub(i * 0.5, 0.25)
    mul(i * 0.5, 0.5)
    div(i * 1.0, 4.0)
print("float ops:", add(0.1, 0.2), sub(1.5, 0.25), mul(1e308, 10.0), div(1.0, 3.0))
try:
    div(1.0, 0.0)
except ZeroDivisionError as e:
    print("float division by zero:", e)
print("nan and inf:", add(float("inf"), float("-inf")), mul(float("nan"), 0.0))
x = 2.0
y = x * x
print("float operands kept:", x, y, add(x, x), x)
for i in range(N):
    add("a", str(i))
print("str add:", add("ab", "cd"), add("", ""))
try:
    add("a", 1)
except TypeError as e:
    print("str + int:", e)


# In-place operators on the same sites.
def iadd(a, b):
    a += b
    return a


for i in range(N):
    iadd(i, i)
lst = [1]
print("iadd:", iadd(3, 4), iadd(0.5, 0.25), iadd("x", "y"), iadd(lst, [2]), lst)


# COMPARE_OP: ints, floats, strs, then other types.
def lt(a, b):
    return a < b


def eq(a, b):
    return a == b


def ge(a, b):
    return a >= b


for i in range(N):
    lt(i, 20)
    eq(i, 20)
    ge(i, 20)
print("int compares:", lt(1, 2), lt(2, 1), eq(5, 5), ge(-1, -1), ge(-2, -1))
print("big int compares:", lt(2**40, 2**41), eq(2**70, 2**70), ge(1, 2**40))
print("mixed compares:", lt(1, 1.5), eq(1, 1.0), eq(1, "1"), ge(2.5, 2))
for i in range(N):
    lt(i * 0.5, 10.0)
    eq(i * 0.5, 10.0)
nan = float("nan")
print("float compares:", lt(0.5, 1.0), eq(0.5, 0.5), eq(nan, nan), lt(nan, 1.0), ge(nan, nan))
for i in range(N):
    eq(str(i), "7")
print("str compares:", eq("abc", "abc"), eq("abc", "abd"), eq("é", "é"), lt("a", "b"))
try:
    lt("a", 1)
except TypeError as e:
    print("str < int:", e)


class Cmp:
    def __eq__(self, other):
        return "Cmp.__eq__"


print("custom __eq__ at an int site:", eq(Cmp(), 1), eq(1, Cmp()))


# BINARY_SUBSCR / STORE_SUBSCR.
def get(c, i):
    return c[i]


def put(c, i, v):
    c[i] = v


data = list(range(10))
tup = tuple(range(10))
d = {"a": 1, 2: "two"}
for i in range(N):
    get(data, i % 10)
    get(tup, i % 10)
    get(d, "a")
    put(data, i % 10, i)
    put(d, "k", i)
print("subscripts:", get(data, 3), get(tup, 3), get(d, "a"), get(d, 2), data, d["k"])
print("negative index:", get(data, -1), get(tup, -2))
print("slice at a list site:", get(data, slice(1, 3)), get("hello", 1), get({1: 2}, 1))
for c in (data, tup):
    try:
        get(c, 10)
    except IndexError as e:
        print("IndexError:", e)
try:
    get(d, "missing")
except KeyError as e:
    print("KeyError:", repr(e))


class Missing(dict):
    def __missing__(self, key):
        return f"missing {key}"


print("dict subclass with __missing__:", get(Missing(), "x"))
try:
    put(data, 10, 0)
except IndexError as e:
    print("store IndexError:", e)
put(data, -1, "last")
put({}, "z", 0)
try:
    put(d, [], 0)
except TypeError as e:
    print("unhashable:", e)
print("after stores:", data[-1])


# LOAD_ATTR / STORE_ATTR on instances, then a changed class.
class Point:
    kind = "point"

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def getx(p):
    return p.x


def setx(p, v):
    p.x = v


def kind(p):
    return p.kind


def norm(p):
    return p.norm1()


pts = [Point(i, -i) for i in range(N)]
for p in pts:
    getx(p)
    setx(p, p.x + 1)
    kind(p)
    norm(p)
p = Point(3, 4)
print("attributes:", getx(p), kind(p), norm(p))
setx(p, 10)
print("after store:", p.x, p.__dict__)
p.kind = "shadowed"
print("instance shadows class attribute:", kind(p), kind(pts[0]))
p.norm1 = lambda: "instance function"
print("instance shadows method:", norm(p), norm(pts[0]))
Point.kind = "changed"
print("class attribute changed:", kind(pts[0]))
Point.norm1 = lambda self: "replaced method"
print("method replaced on the class:", norm(pts[0]))
Point.x = property(lambda self: "property x")
print("data descriptor added:", getx(pts[0]))
try:
    setx(pts[0], 1)
except AttributeError as e:
    print("store to read-only property:", e)
del Point.x
q = Point(1, 2)
del q.x
try:
    getx(q)
except AttributeError as e:
    print("deleted attribute:", e)
setx(q, 5)
print("set again:", getx(q))
q.__dict__["x"] = "via __dict__"
print("materialized dict:", getx(q))


class Other:
    def __init__(self):
        self.x = "other x"
        self.kind = "other kind"

    def norm1(self):
        return "Other.norm1"


o = Other()
print("another class at the sites:", getx(o), kind(o), norm(o))
pts[1].__class__ = Other
print("__class__ assigned:", getx(pts[1]), norm(pts[1]))


# Properties and class attributes.
class Temp:
    def __init__(self, c):
        self._c = c

    @property
    def f(self):
        return self._c * 9 / 5 + 32


def fahrenheit(t):
    return t.f


for i in range(N):
    fahrenheit(Temp(i))
print("property:", fahrenheit(Temp(100)))
Temp.f = property(lambda self: "new getter")
print("property replaced:", fahrenheit(Temp(0)))


class K:
    A = 1

    @staticmethod
    def sm(v):
        return v * 2

    @classmethod
    def cm(cls, v):
        return (cls.__name__, v)


def class_attr():
    return K.A


def class_calls(v):
    return K.sm(v), K.cm(v)


for i in range(N):
    class_attr()
    class_calls(i)
print("class attribute:", class_attr(), class_calls(3))
K.A = 2
K.sm = staticmethod(lambda v: "new sm")
print("class attribute changed:", class_attr(), class_calls(3))


# LOAD_GLOBAL: module globals and builtins, then rebinding and shadowing.
G = 1


def read_g():
    return G


def call_len(s):
    return len(s)


for i in range(N):
    read_g()
    call_len("abc")
print("globals:", read_g(), call_len("abcd"))
G = 2
print("global rebound:", read_g())
del G
try:
    read_g()
except NameError as e:
    print("global deleted:", e)
G = 3
print("global back:", read_g())


def len(s):  # noqa: A001 (shadows the builtin on purpose)
    return "module len"


print("builtin shadowed by a global:", call_len("abc"))
del len
print("shadow removed:", call_len("abc"))
import builtins  # noqa: E402

saved = builtins.len
builtins.len = lambda s: "patched builtin"
print("builtins patched:", call_len("abc"))
builtins.len = saved
print("builtins restored:", call_len("abc"))


# CALL: Python functions, bound methods, builtins, method descriptors.
def f2(a, b):
    return (a, b)


def call2(f, a, b):
    return f(a, b)


for i in range(N):
    call2(f2, i, i)
print("call:", call2(f2, 1, 2))


def f2_defaults(a, b=10):
    return ("defaults", a, b)


print("another function at the site:", call2(f2_defaults, 1, 2))
f2.__defaults__ = (5,)
print("defaults added:", call2(f2, 1, 2))
f2.__code__ = (lambda a, b: ("new code", a, b)).__code__
print("code replaced:", call2(f2, 1, 2))
try:
    call2(lambda a: a, 1, 2)
except TypeError as e:
    print("wrong arity:", e)


class Acc:
    def __init__(self):
        self.total = 0

    def add(self, v):
        self.total += v
        return self.total


def call_bound(m, v):
    return m(v)


acc = Acc()
for i in range(N):
    call_bound(acc.add, i)
print("bound method:", call_bound(acc.add, 1), call_bound(abs, -3), call_bound(str.upper, "x"))


def builtins_calls(v):
    return abs(v), isinstance(v, int), max(v, 0), repr(v)


for i in range(N):
    builtins_calls(i)
print("builtins:", builtins_calls(-5), builtins_calls(2.5))
try:
    abs("x")
except TypeError as e:
    print("builtin error:", e)


def methods(lst, s):
    lst.append(s)
    return s.upper(), s.startswith("a"), lst.pop(), s.replace("a", "b")


for i in range(N):
    methods([], "abc")
print("method descriptors:", methods([], "abc"))


class Str(str):
    def upper(self):
        return "Str.upper"


print("subclass override:", methods([], Str("abc")))
try:
    methods(None, "abc")
except AttributeError as e:
    print("no such method:", e)


# FOR_ITER over lists and ranges, then other iterables at the same site.
def total(it):
    t = 0
    for v in it:
        t += v
    return t


for i in range(N):
    total([1, 2, 3])
    total(range(i))
print("for:", total([1, 2, 3]), total(range(10)), total((4, 5)), total(x for x in range(3)))
growing = [1, 2]
for v in growing:
    if len(growing) < 5:
        growing.append(v)
print("list grown while iterated:", growing)
print("big range:", total(range(2**62, 2**62 + 3)))

# Super-instructions around a jump target and unbound locals.
def swap(a, b):
    a, b = b, a
    c = a
    return a, b, c


for i in range(N):
    swap(i, i + 1)
print("swap:", swap(1, 2))


def maybe_unbound(flag):
    if flag:
        v = 1
    return v


for i in range(N):
    maybe_unbound(True)
try:
    maybe_unbound(False)
except UnboundLocalError as e:
    print("unbound:", e)


# Int operations on values up to two digits (|v| < 2**60), then past them.
def bitops(a, b):
    return a & b, a | b, a ^ b, a >> (b % 64), a // b, a % b


for i in range(1, N):
    bitops(i * 1000003, i)
    bitops(-i * 2**40, 7)
print("bit/div ops:", bitops(100, 7), bitops(-100, 7), bitops(100, -7), bitops(-100, -7))
print("two digits:", bitops(2**59 + 12345, 2**31 + 1), bitops(-(2**59), 3))
print("past two digits:", bitops(2**61 + 5, 3), bitops(2**100, 2**70))
print("mul overflow:", mul(2**59, 2**59), mul(-(2**40), 2**40), add(2**59, 2**59), sub(-(2**59), 2**59))
for args in ((1, 0), (-5, 0)):
    try:
        bitops(*args)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)


def shifts(a, b):
    return a >> b


for i in range(N):
    shifts(2**50, i)
print("shifts:", shifts(-1, 100), shifts(2**59, 63), shifts(5, 64), shifts(7, 1000))
try:
    shifts(1, -1)
except ValueError as e:
    print("negative shift:", e)
print("compare two digits:", lt(2**59, 2**59 + 1), eq(-(2**59), -(2**59)), ge(2**40, 2**61))
print("bools at int sites:", bitops(True, 1)[:3], add(True, 2**59))


# Comparisons feeding conditional jumps (taken in the comparison), and ints
# tested for truth.
def classify(a, b):
    out = []
    if a < b:
        out.append("lt")
    if not a == b:
        out.append("ne")
    while a > b:
        a -= 1
        out.append("dec")
    if a:
        out.append("truthy")
    if b == 0:
        out.append("b-zero")
    return out


for i in range(N):
    classify(i, 20)
    classify(i * 0.5, 10.0)
print("int jumps:", classify(1, 2), classify(3, 1), classify(0, 0), classify(-(2**59), 0))
print("float jumps:", classify(2.5, 1.0), classify(0.0, 0.0), classify(nan, 1.0))
print("str jumps:", classify("a", "b"), classify("x", "x"))
import sys  # noqa: E402

lines = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "classify" and event == "line":
        lines.append(frame.f_lineno - classify.__code__.co_firstlineno)
    return tracer


sys.settrace(tracer)
classify(3, 1)
sys.settrace(None)
print("line events of a specialized compare-and-jump:", lines)


# One call site, the same function with and without self; defaults.
class H:
    def f(self, a=5):
        return ("f", type(self).__name__, a)


def call_f(o):
    return o.f(1)


h = H()
for i in range(N):
    call_f(h)
h2 = H()
h2.f = H.f
print("same function, without self:", call_f(h2), call_f(h))


def d3(a, b=2, c=3):
    return (a, b, c)


def calld(x):
    return d3(x), d3(x, x), d3(x, x, x)


for i in range(N):
    calld(i)
print("defaults:", calld(1))
d3.__defaults__ = (20, 30)
print("defaults replaced:", calld(1))
d3.__defaults__ = (30,)
try:
    calld(1)
except TypeError as e:
    print("too few defaults:", e)
d3.__defaults__ = None
try:
    calld(1)
except TypeError as e:
    print("no defaults:", e)


def gen_default(n, step=1):
    yield from range(0, n, step)


for i in range(N):
    list(gen_default(3))
print("generator with defaults:", list(gen_default(5)), list(gen_default(5, 2)))


# __slots__ at specialized sites.
class S:
    __slots__ = ("x", "y")

    def __init__(self, x):
        self.x = x


def get_sx(o):
    return o.x


def set_sy(o, v):
    o.y = v


def get_sy(o):
    return o.y


ss = [S(i) for i in range(N)]
for o in ss:
    get_sx(o)
    set_sy(o, o.x * 2)
    get_sy(o)
print("slots:", get_sx(ss[3]), get_sy(ss[3]))
fresh = S(7)
try:
    get_sy(fresh)
except AttributeError as e:
    print("unset slot:", e)
del ss[3].x
try:
    get_sx(ss[3])
except AttributeError as e:
    print("deleted slot:", e)
set_sy(fresh, "later")
print("set later:", get_sy(fresh))


class S2(S):
    __slots__ = ("z",)


s2 = S2(5)
set_sy(s2, 6)
print("subclass slots:", get_sx(s2), get_sy(s2))
print("a non-slot object at a slot site:", get_sx(Point(9, 9)))
S.x = property(lambda self: "x replaced by a property")
print("slot replaced on the class:", get_sx(fresh))
