# CPython's pure-Python contextlib (and the modules it and threading
# import: functools, collections, enum, copy, operator, abc, types) on
# Ophis; classes whose special methods come from a base other than the
# first (contextlib's _GeneratorContextManager gets __call__ from its
# third base, ContextDecorator); types.MethodType.
import contextlib, os, sys, threading, functools, collections, abc, types, enum, weakref, copy, operator, itertools, heapq, keyword, reprlib
@contextlib.contextmanager
def cm(name):
    print("enter", name)
    try:
        yield name.upper()
    except KeyError as e:
        print("caught", repr(e))
    finally:
        print("exit", name)
with cm("a") as v:
    print("body", v)
with cm("b"):
    raise KeyError("k")
with contextlib.suppress(ZeroDivisionError):
    1/0
print("suppressed")
with contextlib.ExitStack() as st:
    for n in "xyz":
        st.enter_context(cm(n))
    st.callback(print, "callback")
class W:
    def write(self, s): sys.__stdout__.write("[" + s + "]")
    def flush(self): pass
with contextlib.redirect_stdout(W()):
    print("redirected")
class R:
    def close(self): print("closed")
with contextlib.closing(R()): pass
with contextlib.nullcontext(5) as n: print(n)
@cm("deco")
def f(): print("in f")
f()
@contextlib.asynccontextmanager
async def acm():
    print("aenter"); yield 1; print("aexit")
async def main():
    async with acm() as x: print("x", x)
    async with contextlib.AsyncExitStack() as s:
        await s.enter_async_context(acm())
c = main()
try: c.send(None)
except StopIteration: print("done")
class E(enum.Enum):
    A = 1
    B = 2
print(E.A, list(E), E(2), E["A"].value)
print(functools.reduce(operator.add, [1, 2, 3]), functools.partial(int, base=2)("101"))
@functools.lru_cache
def fib(n): return n if n < 2 else fib(n-1) + fib(n-2)
print(fib(50), fib.cache_info())
print(collections.Counter("abracadabra").most_common(2), collections.OrderedDict(a=1), collections.namedtuple("P", "x y")(1, 2))
print(copy.deepcopy({"a": [1, {2}]}))


class M(type):
    pass


class A:
    pass


class B(metaclass=M):
    pass


class C:
    def __call__(self, x):
        return ("called", x)

    def __len__(self):
        return 7

    def __getitem__(self, i):
        return i * 2

    def __eq__(self, o):
        return True

    __hash__ = object.__hash__


for bases in [(A, C), (B, C), (A, B, C), (C, B)]:
    T = M("T", bases, {})
    t = T()
    print([b.__name__ for b in bases], t(1), len(t), t[4], t == 0)
import types
for a, k in [((print, 1), {}), ((1, 1), {}), ((print, None), {}), ((print,), {}), ((print, 1), {"x": 1})]:
    try:
        m = types.MethodType(*a, **k)
        print(m.__self__, m.__func__ is print)
    except Exception as e:
        print(type(e).__name__, e)
print(types.MethodType.__doc__)
import _typing
print(sorted(dir(_typing)), _typing._idfunc(3), _typing.TypeVar is type(_typing.TypeVar("T")))

# A metaclass adds no instance dict: the class namespace is its __dict__
# (typing's classes are made by metaclasses and read __orig_bases__ there).
class Meta(type):
    pass


class G2:
    def __init_subclass__(cls, **kw):
        print("init_subclass", cls.__name__, sorted(cls.__dict__))


class R[T](G2, metaclass=Meta):
    x = 1


R.y = 2
print(sorted(R.__dict__), R.y, Meta.__dictoffset__ == type.__dictoffset__, "__dict__" in Meta.__dict__)

# Generic hands __class_getitem__ and __init_subclass__ to a loaded typing
# module, as CPython's does.
class Probe[T]:
    pass


Generic = Probe.__mro__[1]
fake = types.ModuleType("typing")
fake._generic_class_getitem = lambda cls, params: ("alias", cls.__name__, params)
fake._generic_init_subclass = lambda cls, *a, **k: print("typing init_subclass", cls.__name__, a, k)
saved_typing = sys.modules.get("typing")
sys.modules["typing"] = fake
try:
    print(Generic[int], Probe[str])

    class Sub(Generic):
        pass
finally:
    if saved_typing is None:
        del sys.modules["typing"]
    else:
        sys.modules["typing"] = saved_typing
