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
