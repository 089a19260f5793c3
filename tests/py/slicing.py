"""Slicing through BINARY_SLICE: lists, tuples, strs and bytes with None, in-range, negative, out-of-range, huge and bool bounds; identity of whole-tuple slices; subclasses; bad bounds; tuple and list displays."""

l = list(range(10)); t = tuple(l)
for c in (l, t, "abcdefghij", b"0123456789"):
    out = []
    for a in (None, 0, 3, -3, -20, 20, 2**62, -(2**62), True):
        for b in (None, 0, 5, -2, -20, 20, 2**70):
            out.append(c[a:b])
    print(out[:10], len(out), sum(len(x) for x in out))
print(t[:] is t, t[0:10] is t, l[:] is l)
class L(list): pass
print(L([1,2,3])[1:], type(L([1,2,3])[1:]))
try: l["a":2]
except TypeError as e: print(e)
print((1,2)+(3,), [1]+[2], (1,)*2, [(i,) for i in range(3)], [[i, i] for i in range(2)])
l = list(range(10))
for a, b in ((None, 3), (2, 5), (-3, None), (5, 2), (20, 30), (-20, 2), (2**62, None)):
    m = list(l)
    m[a:b] = ["x", "y"]
    n = list(l)
    n[a:b] = ()
    print(a, b, m, n)
m = list(l); m[2:4] = m; print(m)
m = list(l); m[1:3] = (c for c in "abc"); print(m)
try:
    m[1:2] = 5
except TypeError as e:
    print(e)
t = (1, 2)
try:
    t[0:1] = [3]
except TypeError as e:
    print(e)
p = list(range(8))
for k in (3, 5, 7):
    p[: k + 1] = p[k::-1]
    print(p, p[::2], p[-1::-3], p[1:7:2])
s = [1, 2, 3]
for _ in range(5):
    s = s[1:] + s[:1]
print(s, slice(1, 2, 3), slice(None))
