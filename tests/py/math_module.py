# The math module: constants, libm functions with CPython's errors,
# fsum/hypot/dist, integer functions, rounding through special methods.
import math


def show(label, f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, type(r).__name__, repr(r))


print(math.pi, math.e, math.tau, math.inf, math.nan, -math.inf)

floats = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, 3.7, -3.7, 1e-300, 1e300, 710.0,
          math.inf, -math.inf, math.nan, 5e-324, 0.1, 100, -2, 10 ** 400, True]
one = ["sqrt", "fabs", "exp", "exp2", "expm1", "sin", "cos", "tan", "asin",
       "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
       "cbrt", "log1p", "erf", "erfc", "log", "log2", "log10", "floor",
       "ceil", "trunc", "isfinite", "isinf", "isnan", "modf", "frexp",
       "degrees", "radians", "ulp"]
for name in one:
    f = getattr(math, name)
    for x in floats:
        show(name, f, x)
    show(name, f, "a")
    show(name, f)
    show(name, f, 1, 2)

two = ["atan2", "copysign", "remainder", "fmod", "pow"]
pairs = [(1.0, 2.0), (-1.0, 2.0), (0.0, -0.0), (-0.0, -1.0), (5.5, 2.0),
         (-5.5, 2.0), (5.0, 0.0), (0.0, 0.0), (0.0, -1.0), (-2.0, 0.5),
         (10.0, 400.0), (2.0, -1100.0), (math.inf, 2.0), (math.inf, -3.0),
         (-math.inf, 3.0), (-math.inf, -3.0), (-math.inf, 2.5), (2.0, math.inf),
         (0.5, math.inf), (0.5, -math.inf), (-1.0, math.inf), (math.nan, 0.0),
         (1.0, math.nan), (math.nan, 1.0), (math.inf, math.inf),
         (-math.inf, -math.inf), (3.0, math.inf), (7, 3), (2 ** 60, 3)]
for name in two:
    f = getattr(math, name)
    for x, y in pairs:
        show(name, f, x, y)
    show(name, f, 1)
    show(name, f, 1, "b")

# log with bases and big ints
for args in [(8, 2), (100, 10), (2.0, 0.5), (1, 1), (10 ** 400,), (10 ** 400, 10),
             (2 ** 2000, 2), (0,), (-5,), (False,), (1, 0), (1, 2, 3), (), (10, "a")]:
    show("log", math.log, *args)
for x in [2 ** 1500, 10 ** 500, 3 ** 1000, -(10 ** 400)]:
    show("log2", math.log2, x)
    show("log10", math.log10, x)
show("log kw", math.log, x=1)


# rounding through special methods
class F:
    def __floor__(self):
        return "floor!"

    def __ceil__(self):
        return "ceil!"

    def __trunc__(self):
        return "trunc!"


class G:
    def __float__(self):
        return 2.5


class Sub(float):
    pass


for f in (math.floor, math.ceil, math.trunc):
    for x in [F(), G(), Sub(-2.5), 2.5, -2.5, 7, 10 ** 30, True, 1e20]:
        show(f.__name__, f, x)

# isclose
for args, kw in [((1.0, 1.0 + 1e-10), {}), ((1.0, 1.1), {}), ((1.0, 1.1), {"rel_tol": 0.2}),
                 ((0.0, 1e-12), {}), ((0.0, 1e-12), {"abs_tol": 1e-11}),
                 ((math.inf, math.inf), {}), ((math.inf, 1e308), {}),
                 ((math.nan, math.nan), {}), ((1, 2), {"rel_tol": -1}),
                 ((1, 2), {"abs_tol": -1}), ((), {"a": 1, "b": 1}), ((1,), {}),
                 ((1, 2, 3), {}), (("x", 1), {})]:
    show("isclose", math.isclose, *args, **kw)

# ldexp
for args in [(1.0, 10), (1.5, -3), (1.0, 1024), (1.0, -1080), (0.0, 10 ** 30),
             (1.0, 10 ** 30), (1.0, -(10 ** 30)), (math.inf, -5), (1.0, 2.0), (3, True)]:
    show("ldexp", math.ldexp, *args)

# hypot and dist
for args in [(), (3,), (3, 4), (-3, 4, 12), (1e308, 1e308), (5e-324, 5e-324),
             (1e-310, 2e-310, 3e-310), (math.inf, math.nan), (math.nan, 1.0),
             (0.1, 0.2, 0.3, 0.4), (1, 2, 3, 4, 5, 6, 7, 8, 9), (10 ** 20, 1), ("a",)]:
    show("hypot", math.hypot, *args)
show("hypot kw", math.hypot, x=1)
for p, q in [((0, 0), (3, 4)), ([1.5, 2.5, 3.5], (0.1, 0.2, 0.3)), ((), ()),
             ((1,), (1, 2)), (1, 2), (iter([1, 2]), (4, 6)), (("a",), (1,))]:
    show("dist", math.dist, p, q)

# fsum
for seq in [[0.1] * 10, [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50],
            [1e-16, 1, 1e16], [2.0 ** 53, -0.5, -2.0 ** -54], [], [math.inf, 1.0],
            [math.inf, -math.inf], [math.nan, 1.0], [1e308, 1e308],
            [1.7976931348623157e+308, -1e292], range(1000), [1, 2, "x"],
            (x / 7 for x in range(100)), 5, [10 ** 400]]:
    show("fsum", math.fsum, seq)

# prod
for args, kw in [(([1, 2, 3, 4],), {}), (([],), {}), (([], ), {"start": 5}),
                 (([1.5, 2, 3],), {}), ((range(1, 30),), {}), ((["ab", 3],), {"start": 1}),
                 (([2, 3],), {"start": "x"}), ((5,), {}), (([2],), {"start": 2.5})]:
    show("prod", math.prod, *args, **kw)

# integer functions
for n in [0, 1, 5, 20, 25, 100, -1, 1.0, 3.5, "5", True, 10 ** 20]:
    if isinstance(n, int) and n > 1000:
        show("isqrt", math.isqrt, n)
        continue
    show("factorial", math.factorial, n)
    show("isqrt", math.isqrt, n)
show("isqrt", math.isqrt, 10 ** 100 + 12345)
show("factorial", math.factorial, 10 ** 30)
print(len(str(math.factorial(1000))))
for args in [(), (0,), (-12,), (12, 18), (12, -18, 27), (0, 0), (2 ** 100, 6 ** 50),
             (3, 4.0), (True, 4), (1, "x")]:
    show("gcd", math.gcd, *args)
    show("lcm", math.lcm, *args)
show("gcd kw", math.gcd, a=1)
for args in [(5, 2), (10, 0), (10, 10), (10, 11), (100, 50), (0, 0), (-1, 2), (3, -1),
             (5.0, 2), (5, "2"), (5,), (1, 2, 3)]:
    show("comb", math.comb, *args)
    show("perm", math.perm, *args)
show("perm", math.perm, 5, None)
show("perm", math.perm, 50)

# nextafter and ulp
for args, kw in [((1.0, 2.0), {}), ((1.0, 0.0), {}), ((0.0, -1.0), {}), ((1.0, 1.0), {}),
                 ((math.nan, 1.0), {}), ((1.0, math.nan), {}), ((1.0, 2.0), {"steps": 3}),
                 ((1.0, 2.0), {"steps": 0}), ((0.0, -1.0), {"steps": 5}),
                 ((5e-324, -1.0), {"steps": 3}), ((1.0, 1.0000000000000004), {"steps": 10}),
                 ((2.0, 1.0), {"steps": 2 ** 70}), ((-1.0, 1.0), {"steps": 10}),
                 ((1.0, 2.0), {"steps": -1}), ((1.0, 2.0), {"steps": 1.5}),
                 ((1.0, 2.0), {"steps": None}), ((1.0,), {})]:
    show("nextafter", math.nextafter, *args, **kw)
show("ulp", math.ulp, 1.7976931348623157e+308)

# gamma and lgamma (CPython's Lanczos approximation)
for x in [1, 2, 5, 23, 24, 0.5, 1.5, 2.5, 3.7, 10.1, 30.5, 141.5, 171.5, 172.0, 200.5,
          -0.5, -1.5, -2.5, -10.1, -150.3, -170.5, -200.5, -1e-30, 1e-30, 1e-320,
          0.0, -0.0, -1.0, -2, math.inf, -math.inf, math.nan, 1e300, -1e300, 0.999, 2.001, "x"]:
    show("gamma", math.gamma, x)
    show("lgamma", math.lgamma, x)

# sumprod: exact ints, triple-length floats, mixed and generic values
for p, q in [([1, 2, 3], [4, 5, 6]), ([], []), ([0.1] * 10, [0.1] * 10),
             ([1e100, 1.0, -1e100], [1.0, 1.0, 1.0]), ([0.1, 2, True], [3, 0.7, 0.25]),
             ([2 ** 62, 2 ** 62, 3], [2, 2, 0.5]), ([10 ** 30, 0.5], [2, 0.1]),
             ([1e308, 1e308, 0.5], [10.0, -10.0, 2.0]), ([1.5, 2], [math.inf, 3]),
             ([math.inf, 1.0], [-1.0, math.nan]), ([3, 0.1, 2], [4, 0.3, 5]),
             ([1, 2], [3]), ([1], [2, 3]), (["ab", 2], [3, "c"]), ([1, "x"], [2, 3]),
             ((x / 3 for x in range(20)), range(20)), (1, [2]), ([2 ** 70], [2 ** 70]),
             ([1, 2.5], [True, False]), ([-7, 9223372036854775807], [1, 1])]:
    show("sumprod", math.sumprod, p, q)
show("sumprod", math.sumprod, [1])

# the Lanczos sum's coefficients, each one at full precision
for x in [-84.20566452427983, 5.5, 7.25, 12.125, 33.3, 99.9, -6.75, -20.02]:
    show("gamma", math.gamma, x)
    show("lgamma", math.lgamma, x)
