# list, tuple and dict methods: normal cases and error messages.

def t(f):
    try:
        r = f()
        print(repr(r))
    except Exception as e:
        print(type(e).__name__ + ":", e)

l = [3, 1, 4, 1, 5, 9, 2, 6]
print(l.index(1), l.index(1, 2), l.index(9, -4), l.index(5, 0, 5), l.count(1), l.count(7))
t(lambda: l.index(7))
t(lambda: l.index(1, 4, 6))
t(lambda: l.index("x"))
t(lambda: l.index(1, "a"))
t(lambda: l.index(1, None))
t(lambda: l.index())
t(lambda: l.count())
t(lambda: l.count(1, 2))
c = l.copy()
c.reverse()
print(c, l, c is l)
c.remove(1)
print(c)
t(lambda: c.remove(42))
t(lambda: c.remove())
c.clear()
print(c, len(c))
t(lambda: c.clear(1))
t(lambda: c.reverse(1))
m = [1, 2]
m += (3, 4)
print(m)
m *= 2
print(m)
m.extend(range(2))
m.append([5])
m.insert(-1, "i")
print(m, m.pop(), m.pop(0))
t(lambda: m.append())
t(lambda: m.append(1, 2))
t(lambda: m.insert(1))
t(lambda: [].pop())
t(lambda: [1].pop(5))
t(lambda: m.sort(1))
print(list(reversed([1, 2, 3])), [1, 2, 3].__reversed__().__class__.__name__)
print([].__sizeof__() > 0, [1, 2, 3].__sizeof__() >= [].__sizeof__())
s = ["b", "A", "c"]
s.sort(key=str.lower, reverse=True)
print(s)

tp = (1, 2, 3, 2, 1)
print(tp.index(2), tp.index(2, 2), tp.index(1, -1), tp.count(2), tp.count(5))
t(lambda: tp.index(5))
t(lambda: tp.index(1, 1, 4))
t(lambda: tp.index())
t(lambda: tp.count())

d = {"a": 1, "b": 2}
print(d | {"c": 3}, {"c": 3} | d, d | {"a": 9})
e = dict(d)
e |= {"z": 0}
e |= [("y", 1)]
print(e)
t(lambda: d | [("x", 1)])
t(lambda: [("x", 1)] | d)
def ior():
    x = {}
    x |= 1
t(ior)
print(dict.fromkeys("abc"), dict.fromkeys(["x", "y"], 0), dict.fromkeys([]))
class MyDict(dict):
    pass
md = MyDict.fromkeys([1, 2], "v")
print(type(md).__name__, md)
t(lambda: dict.fromkeys())
t(lambda: dict.fromkeys(1))
t(lambda: dict.fromkeys([], 1, 2))
print(list(reversed(d)), list(reversed({})), list(d.__reversed__()))
print(d.get("a"), d.get("z"), d.get("z", 0), d.setdefault("c", 3), d.pop("c"), d.pop("zz", "dflt"))
t(lambda: d.pop("zz"))
t(lambda: d.get())
t(lambda: d.get(1, 2, 3))
t(lambda: d.keys(1))
t(lambda: {}.popitem())
cp = d.copy()
cp["new"] = 1
print(d, cp, cp is d)
d2 = {"k": [1]}
cp2 = d2.copy()
cp2["k"].append(2)
print(d2)
t(lambda: d.update(1, 2))
t(lambda: d.update(1))
d.update({"x": 1}, y=2)
d.update([("w", 0)])
print(d, sorted(d.keys()), list(d.values()), list(d.items()))
class Missing(dict):
    def __missing__(self, k):
        return k * 2
print(Missing(a=1)["a"], Missing()["zz"])
