# types.MappingProxyType (get/keys/values/items/copy/reversed/iteration,
# comparison, str/repr, constructor errors, read-only), class namespaces
# from a metaclass __prepare__ that are dict subclasses (their
# __setitem__/__getitem__ are used, as enum's _EnumDict needs), and type's
# methods (mro, __subclasses__, __instancecheck__, __subclasscheck__,
# __prepare__, __sizeof__, isinstance through __class__).
class A:
    x = 1
p = A.__dict__
MP = type(p)
print(p.get('x'), p.get('zz'), p.get('zz', 5), 'x' in p, p['x'], sorted(k for k in p.keys() if not k.startswith('__')))
print(len(p) > 0, sorted(iter(p))[0], type(p.copy()).__name__, list(reversed(MP({'a': 1, 'b': 2}))))
print(MP({'a': 1}) == {'a': 1}, str(MP({'a': 1})), repr(MP({'a': 1})))
print(list(MP({'a': 1}).items()), list(MP({'a': 1}).values()))
for bad in ([1], (1,), 5):
    try: MP(bad)
    except TypeError as e: print(e)
try: p['x'] = 2
except TypeError as e: print(e)
class D(dict):
    def __setitem__(self, k, v):
        print("set", k)
        super().__setitem__(k, v)
    def __getitem__(self, k):
        if k == "magic": return 42
        return super().__getitem__(k)
class M(type):
    @classmethod
    def __prepare__(mcls, name, bases): return D()
class C(metaclass=M):
    x = 1
    y = magic
print(C.y)
class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
print(D.mro(), type.mro(D) == list(D.__mro__))
print(A.__subclasses__(), B.__subclasses__(), D.__subclasses__())
print(type.__instancecheck__(A, D()), type.__instancecheck__(B, C()), type.__subclasscheck__(A, D), type.__subclasscheck__(D, A))
print(type.__prepare__("X", (), a=1), type(type.__dict__['__prepare__']).__name__)
print(int.__subclasses__()[:1] if False else 'bool' in [c.__name__ for c in int.__subclasses__()])
class Meta(type):
    def __instancecheck__(cls, inst): return True
class M(metaclass=Meta): pass
print(isinstance(5, M))
class P:
    @property
    def __class__(self): return A
print(isinstance(P(), A), type.__instancecheck__(A, P()))
try: type.__subclasscheck__(A, 5)
except TypeError as e: print(e)
print(type.__sizeof__(A) > 0)
