# PEP 585 (types.GenericAlias: list[int]) and PEP 604 (types.UnionType:
# int | str), without the types/typing modules: the types come from
# type(list[int]) and type(int | str), type variables from PEP 695 syntax.

GenericAlias = type(list[int])
UnionType = type(int | str)
print(GenericAlias, GenericAlias.__name__, GenericAlias.__module__, GenericAlias.__qualname__)
print(UnionType, UnionType.__name__, UnionType.__module__)
print(GenericAlias.__doc__)
print(UnionType.__doc__)


def err(f):
    try:
        r = f()
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ok:", r)


class A:
    class B:
        pass


# ---- repr ----
print("-- repr")
for g in [list[int], dict[str, list[int]], tuple[()], tuple[int, ...], list[...],
          list[list], list["int"], list[None], list[3], list[A], list[A.B],
          list[GenericAlias], dict[str, int | None], type[int], tuple[int, str],
          set[frozenset[int]], enumerate[str]]:
    print(repr(g))

# ---- attributes ----
print("-- attributes")
g = dict[str, list[int]]
print(g.__origin__, g.__args__, g.__parameters__, g.__unpacked__, g.__typing_unpacked_tuple_args__)
print(list[int].__args__, list[(int,)].__args__, list[int, str].__args__, tuple[()].__args__)
print(g.__class__ is GenericAlias, type(g) is GenericAlias)
print(list[int].__name__, list[int].__qualname__, list[int].__module__)
print(list[int].append is list.append, list[int].__doc__ == list.__doc__)
print(list[int].__mro__ == list.__mro__, list[int].__bases__)
err(lambda: list[int].nope)
err(lambda: list[int].__copy__)
err(lambda: list[int].__deepcopy__)
err(lambda: setattr(list[int], "__origin__", 1))
err(lambda: setattr(list[int], "x", 1))
d = dir(list[int])
print([n for n in ["__origin__", "__args__", "__unpacked__", "__parameters__", "__mro_entries__",
                    "__reduce__", "__copy__", "__class__", "append", "sort"] if n in d])

# ---- constructor ----
print("-- constructor")
print(GenericAlias(list, int), GenericAlias(list, (int, str)), GenericAlias(list, ()))
print(GenericAlias(dict, (str, int)) == dict[str, int])
err(lambda: GenericAlias(list))
err(lambda: GenericAlias(list, int, str))
err(lambda: GenericAlias(list, int, x=1))
err(lambda: GenericAlias())


class MyAlias(GenericAlias):
    pass


m = MyAlias(list, int)
print(type(m).__name__, repr(m), m == list[int], m.__origin__)

# ---- equality and hashing ----
print("-- equality")
print(list[int] == list[int], list[int] != list[int], list[int] == list[str])
print(list[int] == list, list[int] == set[int], dict[str, int] == dict[str, int])
print(hash(list[int]) == hash(list[int]), hash(list[int]) == hash(list) ^ hash((int,)))
print({list[int]: 1}[list[int]], len({list[int], list[int], list[str]}))
err(lambda: list[int] < list[int])
err(lambda: hash(list[[]]))

# ---- call ----
print("-- call")
print(list[int]([1, 2]), dict[str, int](a=1), tuple[int, ...]((1, 2)))


class C:
    pass


c = GenericAlias(C, int)()
print(type(c).__name__, c.__orig_class__)


class S:
    __slots__ = ()


s = GenericAlias(S, int)()
print(type(s).__name__, hasattr(s, "__orig_class__"))


class Bad:
    def __setattr__(self, name, value):
        raise ValueError("no " + name)


err(lambda: GenericAlias(Bad, int)())
err(lambda: list[int](1, 2))
err(lambda: GenericAlias(3, int)())

# ---- isinstance / issubclass ----
print("-- isinstance")
err(lambda: isinstance([], list[int]))
err(lambda: issubclass(list, list[int]))
err(lambda: isinstance([], (int, list[int])))
print(isinstance(list[int], GenericAlias), isinstance(list[int], type))

# ---- subclassing ----
print("-- mro_entries")
print(list[int].__mro_entries__(()))


class MyList(list[int]):
    pass


print(MyList.__bases__, MyList.__orig_bases__, MyList([1, 2]), isinstance(MyList(), list))


class MyDict(dict[str, int], A):
    pass


print(MyDict.__mro__)

# ---- reduce ----
print("-- reduce")
print(list[int].__reduce__())
print(dict[str, int].__reduce_ex__(2))
r = list[int].__reduce__()
print(r[0](*r[1]) == list[int])

# ---- iteration and starred aliases ----
print("-- iteration")
st = [*tuple[int, str]]
print(st, st[0].__unpacked__, st[0].__typing_unpacked_tuple_args__, repr(st[0]))
print([*list[int]], [*list[int]][0].__typing_unpacked_tuple_args__)
it = iter(tuple[int])
print(type(it).__name__, it.__reduce__()[1], next(it), list(it), it.__reduce__()[1])
err(lambda: next(it))
print(st[0] == tuple[int, str], st[0] == [*tuple[int, str]][0], hash(st[0]) == hash(tuple[int, str]))
sr = st[0].__reduce__()
print(sr[0] is next, type(sr[1][0]).__name__, sr[0](*sr[1]) == st[0])
print(repr(list[*tuple[int, str]]), list[*tuple[int, str]].__args__)
print(repr(tuple[int, *tuple[str, ...]]))

# ---- __class_getitem__ on builtins ----
print("-- class_getitem")
print(list.__class_getitem__(int), tuple.__class_getitem__((int, str)), dict.__class_getitem__((str, int)))
print(set[int], frozenset[int], enumerate[int], BaseExceptionGroup[ValueError])
print(type[int], type[int].__origin__ is type, type[int] == type.__getitem__ if hasattr(type, "__getitem__") else "no type.__getitem__")
print(type(type.__dict__).__name__, type(type.__dict__)[str, int])
print(list.__class_getitem__.__doc__)
err(lambda: list.__class_getitem__())
err(lambda: list.__class_getitem__(int, str))
print([t.__name__ for t in (list, tuple, dict, set, frozenset, enumerate, BaseExceptionGroup,
                            type, int, str, bytes, range, memoryview, reversed, object, zip,
                            map, filter, bytearray, property, super, slice, complex)
       if "__class_getitem__" in t.__dict__])
err(lambda: int[str])
err(lambda: object[int])
err(lambda: range[int])


class UserGeneric:
    def __class_getitem__(cls, item):
        return GenericAlias(cls, item)


print(UserGeneric[int], UserGeneric[int, str].__args__)


# ---- type parameters and substitution ----
print("-- substitution")
type Pair[T, U] = (T, U)
T, U = Pair.__type_params__
type Spec[**P] = P
(P,) = Spec.__type_params__
print(list[T], list[T].__parameters__, dict[T, U].__parameters__, dict[T, list[U]].__parameters__)
print(dict[T, T].__parameters__, dict[U, list[T]].__parameters__, list[int].__parameters__)
print(list[T][int], dict[T, U][str, int], dict[str, T][int], dict[T, list[U]][str, int])
print(dict[T, list[T]][int], list[list[T]][str], list[T][list[U]], list[T][list[U]].__parameters__)
print(list[T][None], list[T][3], list[T][...], list[T][int | str], list[T][T])
err(lambda: list[T][int, str])
err(lambda: dict[T, U][int])
err(lambda: list[int][str])
err(lambda: tuple[()][int])
err(lambda: list[T][(int, str),])
err(lambda: list[T][*tuple[int]])
err(lambda: list[T][()])
err(lambda: dict[T, U][int, str, bytes])
print(type(T).__typing_subst__(T, int), T.__typing_subst__(None))
err(lambda: T.__typing_subst__((int,)))
err(lambda: T.__typing_subst__(*tuple[int]))
st2 = [*tuple[T]][0]
print(repr(st2), st2.__parameters__, repr(st2[int]), st2[int].__unpacked__)
print(list[P].__parameters__, list[P][int, str], list[P][[int, str]], list[P][...], list[P][P])
err(lambda: list[P][3])
print(dict[T, P].__parameters__, dict[T, P][int, [str]])


class WithParams:
    __parameters__ = (T,)


print(list[WithParams].__parameters__)

# ---- unions ----
print("-- union")
for u in [int | str, int | None, None | int, int | str | bytes, int | (str | bytes),
          list[int] | None, int | list[int], A | A.B, int | type[int], str | dict[str, int]]:
    print(repr(u), u.__args__)
print(int | int, type(int | int), (int | str) | int, repr(int | str | int))
print(list[int] | list[int], repr(list[int] | list[str]))
print((int | str).__parameters__, (list[T] | dict[U, T]).__parameters__, (list[T] | None).__parameters__)
print((int | str) == (str | int), (int | str) == (int | bytes), (int | str) != (str | int))
print((int | str) == int, hash(int | str) == hash(str | int), hash(int | str) == hash(frozenset((int, str))))
print({int | str: 1}[str | int])
print(isinstance(3, int | str), isinstance("x", int | str), isinstance(b"", int | str),
      isinstance(None, int | None), isinstance(True, int | str))
print(issubclass(bool, int | str), issubclass(bytes, int | str), issubclass(type(None), str | None))
print(isinstance(3, (bytes, int | str)), isinstance(3, int | list[int]))
err(lambda: isinstance("x", int | list[int]))
err(lambda: issubclass(3, int | str))
err(lambda: issubclass(str, int | list[int]))
err(lambda: int | "str")
err(lambda: "str" | int)
err(lambda: int | 3)
err(lambda: (int | str) | 3)
err(lambda: 3 | (int | str))
err(lambda: list[int] | 3)
err(lambda: UnionType())
err(lambda: (int | str)[int])
print((list[T] | None)[int], (list[T] | dict[T, U])[int, str], (T2 := list[T] | None).__args__)
print(repr((list[T] | list[U])[int, int]))
print((int | str).__module__, (int | str).__class__ is UnionType)
err(lambda: (int | str).__origin__)
err(lambda: setattr(int | str, "__args__", ()))
type Alias = int
print(repr(Alias | str), repr(str | Alias), (Alias | None).__args__)
print(type.__or__(int, str), type.__ror__(int, str))
print(int.__or__, type(int).__dict__["__or__"])
print(type.__or__(int, 3))


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    pass


print(WithMeta | int, int | WithMeta)

# ---- subclasses of builtin generics, weak references, gc ----
print("-- misc")


class L(list):
    pass


print(L[int], L[int].__origin__ is L, L[int]([1]).__orig_class__ if hasattr(L[int]([1]), "__orig_class__") else "no")
import gc
import _weakref as weakref

w = weakref.ref(list[int])
print(w() is None)
g = list[int]
w = weakref.ref(g)
print(w() is g)
del g
gc.collect()
print(w() is None)
cyc = []
cyc.append(GenericAlias(list, (cyc,)))
del cyc
print(gc.collect() >= 1)
err(lambda: weakref.ref(int | str))
