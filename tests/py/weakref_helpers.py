# _weakref.getweakrefs and _remove_dead_weakref (what weakref.py imports),
# object.__subclasshook__.
import _weakref, gc
class A: pass
a = A()
r1 = _weakref.ref(a); p = _weakref.proxy(a)
print(len(_weakref.getweakrefs(a)), _weakref.getweakrefs(5), _weakref.getweakrefcount(a))
d = {"k": r1, "alive": _weakref.ref(A)}
del a; gc.collect()
_weakref._remove_dead_weakref(d, "k"); _weakref._remove_dead_weakref(d, "alive"); _weakref._remove_dead_weakref(d, "missing")
print(sorted(d))
for bad in [({}, "x"), ({"x": 1}, "x"), ([], "x")]:
    try: _weakref._remove_dead_weakref(*bad); print("ok")
    except TypeError as e: print("TypeError", e)
print(object.__subclasshook__(int), object.__subclasshook__.__name__)
class B:
    @classmethod
    def __subclasshook__(cls, c): return True
print(B.__subclasshook__(int))
