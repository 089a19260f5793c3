# complex numbers from Python code: literals and folded constants,
# construction, arithmetic with ints and floats, signed zeros, inf and nan,
# errors, hashing, comparisons, formatting, subclasses and dunders,
# marshal, and hot loops (specialized instructions falling back).

import marshal

inf = float("inf")
nan = float("nan")


def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        print(f"{label}: {r!r}")


print("-- literals and constants")
print(1j, 2.5j, 0j, -0j, 1 + 2j, 1 - 2j, -1j, 1e300j * 1e10, 3j ** 2)
print(type(1j).__name__, type(1j) is complex, isinstance(1j, complex))
print((-8.0) ** 0.5, (-8) ** (1 / 3), (-1) ** 0.5, 2 ** 0.5j)
print(1j * 10 ** 20, 10 ** 20 + 0j, (1 + 2j) ** 101)
t("fold big int", lambda: eval("1j + 10**400"))
co = compile("x = (1+2j, -0j, 0j, 2j**-1, 1j/2)", "<s>", "exec")
print(co.co_consts)
ns = {}
exec(co, ns)
print(ns["x"])

print("-- construction")
for args in [(), (1,), (1, 2), (1.5, -2.5), ("1+2j",), (" ( -1.5e3-infJ ) ",),
             (True, False), (1j, 1j), (1 + 2j, 3), (2, 1 + 1j), (-0.0,), (0.0, -0.0),
             ("nan-nanj",), ("1_000.5j",)]:
    t(f"complex{args!r}", lambda: complex(*args))
t("kw", lambda: complex(imag=3, real=2))
t("kw imag", lambda: complex(imag=3))
for bad in ["", "1+", "j1", "1jj", "1__2", "(1", "1)", " 1 + 2j", "--1", "1e+", "infinityy"]:
    t(f"complex({bad!r})", lambda: complex(bad))
t("two strs", lambda: complex("1", "2"))
t("list", lambda: complex([]))
t("imag list", lambda: complex(1, []))
t("huge", lambda: complex(10 ** 400))
t("huge imag", lambda: complex(0, -(10 ** 400)))


class WithComplex:
    def __complex__(self):
        return 3 + 4j


class WithFloat:
    def __float__(self):
        return 2.5


class WithIndex:
    def __index__(self):
        return 11


class BadComplex:
    def __complex__(self):
        return "3+4j"


t("__complex__", lambda: complex(WithComplex()))
t("__float__", lambda: complex(WithFloat(), WithFloat()))
t("__index__", lambda: complex(WithIndex(), WithIndex()))
t("bad __complex__", lambda: complex(BadComplex()))
t("__complex__ and imag", lambda: complex(WithComplex(), 1))

print("-- attributes and methods")
z = 3 - 4j
print(z.real, z.imag, z.conjugate(), z.__getnewargs__(), z.__complex__() is z)
print((5).real, (5).imag, (2.5).real, (2.5).imag, True.imag)
t("set real", lambda: setattr(z, "real", 1))
t("conjugate(1)", lambda: z.conjugate(1))
print(sorted(n for n in dir(complex) if not n.startswith("__")))
print([n for n in ("__add__", "__radd__", "__truediv__", "__rtruediv__", "__pow__",
                   "__rpow__", "__floordiv__", "__mod__", "__lt__", "__int__", "__float__",
                   "__complex__", "__abs__", "__bool__", "__round__") if hasattr(complex, n)])
print(complex.real.__doc__, "|", complex.conjugate.__doc__)

print("-- arithmetic")
a, b = 1 + 2j, 3 - 4j
for op in ["a + b", "a - b", "a * b", "a / b", "a ** b", "a ** 2", "a ** -2", "a ** 0.5",
           "a + 1", "1 + a", "a - 1.5", "1.5 - a", "2 * a", "a * 2.0", "a / 2", "2 / a",
           "a ** 2.0", "2 ** a", "-a", "+a", "abs(b)", "a == 1", "a != b",
           "a / 0", "a / 0j", "0 / 0j", "0j ** -1", "0j ** 1j", "0j ** 0", "0j ** 2",
           "a // 2", "a % 2", "divmod(a, 2)", "a < b", "a >= 1", "pow(a, 2, 3)",
           "abs(1e308+1e308j)", "abs(1.5e308+1.5e308j)", "(1e200+1e200j) ** 2",
           "(1e200+1e200j) ** 2.5", "1j ** 10**20", "(1+1j) ** 1e20",
           "a + 10**400", "10**400 - a", "int(a)", "float(a)", "round(a)", "~a",
           "a + None", "None * a", "a + 'x'", "[1] * a", "bool(0j)", "bool(-0j)",
           "bool(nan * 1j)", "sum([1j, 2, 0.5])", "sum([a, b], 1j)"]:
    t(op, lambda: eval(op))
x = 1 + 1j
x += 2
x *= 1j
x **= 2
x /= 2
x -= 1.5
print("in-place", x)

print("-- signed zeros, inf and nan")
for v in [complex(0.0, 0.0), complex(-0.0, 0.0), complex(0.0, -0.0), complex(-0.0, -0.0),
          -(0j), -complex(-0.0, -0.0), 0j * -1, complex(inf, nan), complex(nan, -inf),
          complex(-inf, inf), complex(nan, nan), complex(1e16, 1e-5), complex(1e15, 123456789.0)]:
    print(repr(v), str(v), v.real, v.imag)
print(complex(inf, 0) * 2, complex(inf, 0) * 1j, complex(inf, inf) / complex(inf, inf))
print(1 / complex(nan, 0), complex(1, 2) / complex(0, nan))

print("-- hashing and equality")
for v in [0j, 1 + 0j, -1 + 0j, 1j, -1j, 1.5 + 2.5j, complex(inf, -inf), complex(2 ** 61, 3),
          complex(-1e300, 1e-300), complex(0.5, 1e300)]:
    print(repr(v), hash(v))
print(hash(1 + 0j) == hash(1) == hash(1.0), hash(2.5 + 0j) == hash(2.5))
print({1, 1.0, 1 + 0j}, {1j: "a", complex(0, 1): "b"}, (1 + 0j) in {1: 0})
print(1 == 1 + 0j, 1.0 == 1 + 0j, 2 ** 53 + 1 == complex(2 ** 53 + 1), 2 ** 64 == complex(2 ** 64))
print(complex(nan, 0) == complex(nan, 0), [complex(nan, 0)] == [complex(nan, 0)])
t("sort", lambda: sorted([1j, 2j]))
t("max", lambda: max(1j, 2))

print("-- formatting")
vals = [1 + 2j, -0.0 - 0.0j, 2j, 1234567.891 - 0.5j, complex(nan, inf), 1e300 - 1e-300j,
        complex(-1.5, 0.0)]
specs = ["", "10", "<20", "^20", "*>20", "+", " ", ".3", ".0", "#", "e", ".2E", "f", ".1F",
         "g", "G", ".12g", "n", "#.0f", "_.2f", ",", ",.3f", "z.1f", "+.2e", "-^25.4g", "^24"]
for v in vals:
    print(repr(v), [format(v, s) for s in specs])
for s in ["010", "=10", "0<10", "d", "%", "s", "x", ",n", "_n", "10.2.1"]:
    t(f"format(1j, {s!r})", lambda: format(1j, s))
print(f"{a}|{a!s}|{a!r}|{a:>12}|{a:.2f}|{b!a}")
print("%s %r" % (a, b), "{0} {0.real} {0.imag:.1f}".format(a))
t("%d", lambda: "%d" % a)
t("%f", lambda: "%f" % a)

print("-- subclasses")


class C(complex):
    def __repr__(self):
        return f"C({complex.__repr__(self)})"

    def __radd__(self, other):
        return "C.__radd__"


class D(complex):
    pass


c = C(1, 2)
d = D("3+4j")
print(c, repr(c), str(c), d, type(d).__name__, isinstance(d, complex))
print(1 + c, c + 1, type(c + 1).__name__, type(-c).__name__, type(+d).__name__,
      type(abs(d)).__name__, type(d.conjugate()).__name__, type(d.__complex__()).__name__)
print(complex(d), type(complex(d)).__name__, D(d), type(D(d)).__name__, D(), D(imag=1))
print(hash(d) == hash(3 + 4j), d == 3 + 4j, {d: 1}[3 + 4j])
d.attr = 5
print(d.attr, d.__dict__)
t("complex.__new__(int)", lambda: complex.__new__(int))
t("complex.__new__(D, 1)", lambda: complex.__new__(D, 1))


class R:
    def __radd__(self, other):
        return ("R.__radd__", other)

    def __rtruediv__(self, other):
        return ("R.__rtruediv__", other)


print(1j + R(), 1j / R())

print("-- marshal")
for v in [1 + 2j, complex(-0.0, inf), complex(nan, -0.0), (1j, 1j)]:
    for version in (0, 1, 2, 4):
        data = marshal.dumps(v, version)
        back = marshal.loads(data)
        print(version, data.hex(), repr(back))

print("-- hot loops")
acc = 0j
for i in range(2000):
    acc += complex(i, -i) * 1j
    acc = acc * 0.5 if i % 100 == 0 else acc
print(acc)
total = 0
for v in [1, 2.5, 3j, 4, 5.5, 6j] * 300:
    total = total + v
print(total)
eq = 0
for v in [1, 1.0, 1 + 0j, 1j, 2] * 200:
    if v == 1:
        eq += 1
print(eq)
