# memoryview from Python code: views of bytes, bytearray and other views,
# indexing and slicing (shared memory), item and slice assignment with
# CPython's errors, tobytes/tolist/hex, cast to native formats and shapes,
# attributes, equality and hashing, release and the context manager,
# exports blocking release and resizing, and errors after release.


def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        print(f"{label}: {r!r}")


def attrs(m):
    return (m.nbytes, m.readonly, m.itemsize, m.format, m.ndim, m.shape,
            m.strides, m.suboffsets, m.c_contiguous, m.f_contiguous,
            m.contiguous)


print("-- construction")
b = b"abcdef"
m = memoryview(b)
print(type(m).__name__, type(m) is memoryview, m.obj is b, len(m))
print(attrs(m))
ba = bytearray(b"abcdef")
w = memoryview(ba)
print(attrs(w), w.obj is ba)
mm = memoryview(m)
print(mm.obj is b, mm == m, mm is m, attrs(mm))
t("int", lambda: memoryview(1))
t("str", lambda: memoryview("x"))
t("none", lambda: memoryview())
t("two", lambda: memoryview(b, b))
t("keyword", lambda: memoryview(object=b"xy").tobytes())
print(repr(m).startswith("<memory at 0x"))

print("-- indexing")
print(m[0], m[-1], m[5], w[2], list(m), [x for x in w])
t("out of range", lambda: m[6])
t("negative out of range", lambda: m[-7])
t("str key", lambda: m["a"])
t("float key", lambda: m[1.5])
t("tuple key", lambda: m[1, 2])
t("mixed tuple", lambda: m[1:2, 3])
t("slice tuple", lambda: m[1:2, 3:4])
t("huge", lambda: m[10**30])
print(m[True], 98 in m, 120 in m)
t("ellipsis", lambda: m[...])

print("-- slicing")
s = w[1:5]
print(s.tobytes(), len(s), s.obj is ba, attrs(s))
s2 = w[::2]
print(s2.tobytes(), s2.tolist(), attrs(s2))
s3 = w[::-1]
print(s3.tobytes(), attrs(s3))
s4 = w[5:1:-2]
print(s4.tobytes(), s4.strides)
print(w[10:].tobytes(), w[-2:].tobytes(), len(w[3:3]), w[3:3].tobytes())
print(s2[1:].tobytes(), s3[::2].tobytes())
ba[2] = ord("Z")
print(s.tobytes(), s2.tobytes(), s3.tobytes())

print("-- assignment")
def setitem(mv, k, v):
    mv[k] = v
    return ba
t("item", lambda: setitem(w, 0, 65))
t("negative item", lambda: setitem(w, -1, 70))
t("bool item", lambda: setitem(w, 1, True))
t("slice", lambda: setitem(w, slice(1, 3), b"xy"))
t("step slice", lambda: setitem(w, slice(0, 6, 2), b"123"))
t("reversed slice", lambda: setitem(w, slice(None, None, -1), b"fedcba"))
t("overlap", lambda: setitem(w, slice(1, 6), w[0:5]))
t("bytearray value", lambda: setitem(w, slice(0, 2), bytearray(b"qq")))
t("view value", lambda: setitem(w, slice(4, 6), memoryview(b"ZZ")))
t("read-only", lambda: setitem(m, 0, 1))
t("too big", lambda: setitem(w, 0, 300))
t("negative", lambda: setitem(w, 0, -1))
t("str value", lambda: setitem(w, 0, "a"))
t("float value", lambda: setitem(w, 0, 1.0))
t("size mismatch", lambda: setitem(w, slice(0, 2), b"xyz"))
t("format mismatch", lambda: setitem(w, slice(0, 1), memoryview(bytearray(4)).cast("i")))
t("int value for slice", lambda: setitem(w, slice(0, 2), 5))
t("str key", lambda: setitem(w, "a", 5))
t("tuple key", lambda: setitem(w, (0, 1), 5))
t("slice tuple", lambda: setitem(w, (slice(0, 1),), b"x"))
t("out of range", lambda: setitem(w, 10, 5))
def delete():
    del w[0]
t("delete", delete)
print(ba)

print("-- tobytes, tolist, hex")
h = memoryview(b"abcde")
print(h.tobytes(), h.tobytes("C"), h.tobytes("F"), h.tobytes("A"), h.tobytes(None), h.tolist())
t("bad order", lambda: h.tobytes("X"))
t("int order", lambda: h.tobytes(1))
print(h.hex(), h.hex(":"), h.hex(b"-"), h.hex(":", 2), h.hex(":", -2), h.hex(" ", 5), h[::2].hex())
t("hex long sep", lambda: h.hex("::"))
t("hex bad sep", lambda: h.hex(1))
t("hex list sep", lambda: h.hex([1]))
t("hex non-ASCII sep", lambda: h.hex("\xe9"))
t("hex empty sep", lambda: h.hex(""))
print(bytes(h), bytearray(h), bytes(h[::-1]), bytes(memoryview(h)), bytes(h[1:4]))
print(b"".join([b"a", memoryview(b"bc"), bytearray(b"d")]))

print("-- cast")
raw = bytearray(range(16))
r = memoryview(raw)
i = r.cast("i")
print(i.format, i.itemsize, len(i), i.nbytes, i.shape, i.strides, i.tolist())
print(r.cast("@I").format, r.cast("h").tolist(), r.cast("q").tolist(), r.cast("Q").tolist())
print(r.cast("b").tolist()[:4], r.cast("c").tolist()[:3], r.cast("?").tolist()[:3])
print(r.cast("l").tolist(), r.cast("L").tolist(), r.cast("n").tolist(), r.cast("N").tolist())
print(r.cast("H").tolist()[:3], r.cast("I")[1], r.cast("B", [4, 4]).tolist())
d = memoryview(bytearray(16)).cast("d")
d[0] = 1.5
d[1] = -2
print(d.tolist(), d[0], d.format, d.itemsize)
f = memoryview(bytearray(8)).cast("f")
f[0] = 0.1
f[1] = 1e38
print(f.tolist())
t("float too big for f", lambda: setitem(f, 0, 1e300))
e = memoryview(bytearray(6)).cast("e")
e[0] = 1.5
e[1] = 65504
e[2] = -0.0001
print(e.tolist())
t("half overflow", lambda: setitem(e, 0, 1e6))
q = memoryview(bytearray(8)).cast("q")
q[0] = -2**63
print(q[0])
t("q overflow", lambda: setitem(q, 0, 2**63))
Q = memoryview(bytearray(8)).cast("Q")
Q[0] = 2**64 - 1
print(Q[0])
t("Q negative", lambda: setitem(Q, 0, -1))
c = memoryview(bytearray(b"ab")).cast("c")
c[0] = b"z"
print(c.tolist(), c[1])
t("c wrong length", lambda: setitem(c, 0, b"zz"))
t("c wrong type", lambda: setitem(c, 0, 1))
bo = memoryview(bytearray(2)).cast("?")
bo[0] = [1]
bo[1] = ""
print(bo.tolist())
i[0] = -1
print(i[0], raw[:4])
t("i overflow", lambda: setitem(i, 0, 2**31))
t("i float", lambda: setitem(i, 0, 1.0))
t("unknown format", lambda: m.cast("x"))
t("non-native format", lambda: m.cast("<i"))
t("two chars", lambda: m.cast("BB"))
t("length", lambda: m.cast("i"))
t("product", lambda: m.cast("B", [2, 4]))
t("zero dim", lambda: m.cast("B", [2, 0]))
t("str dim", lambda: m.cast("B", [2, "a"]))
t("bad shape", lambda: m.cast("B", 3))
t("format type", lambda: m.cast(1))
t("two non-byte", lambda: memoryview(b"abcd").cast("i").cast("h"))
t("non-contiguous", lambda: m[::2].cast("B"))
t("empty shape", lambda: m.cast("B", []))
t("too many dims", lambda: memoryview(b"a").cast("B", [1] * 65))

print("-- multi-dimensional")
g = memoryview(bytes(range(6))).cast("B", [2, 3])
print(attrs(g), g.tolist(), len(g), g[1, 2], g[-1, -3])
print(g.tobytes(), g.tobytes("F"), bytes(g))
t("sub-view", lambda: g[0])
t("partial tuple", lambda: g[(0,)])
t("three indices", lambda: g[0, 1, 2])
t("index out of range", lambda: g[0, 3])
t("multi slice", lambda: g[:, 1])
t("multi slices", lambda: g[0:1, 0:1])
print(g[0:1].tolist(), g[::-1].tolist(), g[1:].shape)
t("ND -> ND", lambda: g.cast("B", [3, 2]))
print(g.cast("B").tolist(), g.cast("c").shape)
gw = memoryview(bytearray(6)).cast("B", [2, 3])
gw[1, 1] = 7
print(gw.tolist())
t("ND slice assign", lambda: setitem(gw, slice(0, 1), b"abc"))
t("ND index assign", lambda: setitem(gw, 0, 1))
g3 = memoryview(bytes(range(24))).cast("B", [2, 3, 4])
print(g3.shape, g3.strides, g3.tolist()[1][2], g3[1, 2, 3])
i2 = memoryview(bytearray(range(16))).cast("i", [2, 2])
print(i2.tolist(), i2.format, i2.strides)
z = memoryview(b"a").cast("B", [])
print(attrs(z), z[()], z[...] is z, z.tolist())
t("0-dim index", lambda: z[0])
t("0-dim len", lambda: len(z))
zw = memoryview(bytearray(b"a")).cast("B", [])
zw[()] = 66
zw[...] = 67
print(zw.tolist())
t("0-dim bad key", lambda: setitem(zw, 0, 1))

print("-- equality")
print(m == b"abcdef", m == bytearray(b"abcdef"), m != b"abcdef", m == b"abcdeg", m == b"abc")
print(m == m, m == memoryview(b"abcdef"), b"abcdef" == m, m == 1, m != "abcdef")
print(memoryview(b"ab").cast("c") == memoryview(b"ab"), memoryview(b"ab").cast("c") == memoryview(b"ab").cast("c"))
print(memoryview(b"\x00" * 8).cast("d") == memoryview(b"\x00" * 8).cast("q"))
nan = memoryview(b"\x00\x00\xf8\x7f").cast("f")
print(nan == nan, nan.tolist())
print(g == memoryview(bytes(range(6))).cast("B", [2, 3]), g == memoryview(bytes(range(6))).cast("B", [3, 2]), g == bytes(range(6)))
print(w[::2] == ba[::2], memoryview(b"abc")[::-1] == b"cba")
t("ordering", lambda: m < m)

print("-- hash")
print(hash(m) == hash(b), hash(memoryview(b"")) == hash(b""), hash(m[1:3]) == hash(b"bc"))
print(hash(memoryview(b"ab").cast("c")) == hash(b"ab"), hash(memoryview(b"ab").cast("b")) == hash(b"ab"))
print({m: 1}[memoryview(b"abcdef")])
t("unhashable exporter", lambda: hash(w.toreadonly()))
t("writable", lambda: hash(w))
t("int format", lambda: hash(memoryview(b"abcd").cast("i")))

print("-- toreadonly")
ro = w.toreadonly()
print(ro.readonly, w.readonly, ro.obj is ba, ro == w, ro.tobytes())
t("write read-only", lambda: setitem(ro, 0, 1))

print("-- release and the context manager")
r1 = memoryview(b"ab")
print(r1.release(), r1.release())
for name in ["obj", "nbytes", "readonly", "itemsize", "format", "ndim", "shape",
             "strides", "suboffsets", "c_contiguous", "f_contiguous", "contiguous"]:
    t(name, lambda: getattr(r1, name))
t("item", lambda: r1[0])
t("len", lambda: len(r1))
t("tobytes", lambda: r1.tobytes())
t("tolist", lambda: r1.tolist())
t("hex", lambda: r1.hex())
t("cast", lambda: r1.cast("B"))
t("toreadonly", lambda: r1.toreadonly())
t("enter", lambda: r1.__enter__())
t("memoryview of released", lambda: memoryview(r1))
t("bytes of released", lambda: bytes(r1))
t("setitem", lambda: setitem(r1, 0, 1))
t("hash", lambda: hash(r1))
print(r1 == r1, r1 == b"ab", r1 != r1, repr(r1).startswith("<released memory at 0x"))
r2 = memoryview(b"xy")
hv = hash(r2)
r2.release()
print(hash(r2) == hv)
with memoryview(bytearray(b"ctx")) as cm:
    print(cm.tobytes(), type(cm).__name__)
t("after with", lambda: cm.tobytes())
try:
    with memoryview(b"err") as cm2:
        raise KeyError("inside")
except KeyError as exc:
    print("raised", exc)
t("after raising with", lambda: cm2[0])
x = memoryview(bytearray(b"shared"))
y = memoryview(x)
z2 = x[1:]
x.release()
print(y.tobytes(), z2.tobytes(), z2.obj)

print("-- exports")
eb = bytearray(b"grow")
ev = memoryview(eb)
t("resize while viewed", lambda: eb.append(1))
inner = memoryview(ev)
ev.release()
t("resize while another view", lambda: eb.append(1))
inner.release()
eb.append(33)
print(eb)
src = memoryview(b"abc")
held = memoryview(src)
print(src.release(), held.tobytes())
t("str of view", lambda: str(memoryview(b"s"), "ascii"))
t("str of strided view", lambda: str(memoryview(b"abc")[::2], "ascii"))
print(bytes(memoryview(bytearray(b"copy"))), bytearray(memoryview(b"copy")[::2]))

print("-- weak references")
import _weakref
wv = memoryview(b"weak")
wr = _weakref.ref(wv)
print(wr() is wv)
del wv
print(wr())

print("-- iteration and conversions")
print(list(iter(memoryview(b"ab"))), list(reversed(memoryview(b"ab"))), sum(memoryview(b"\x01\x02")))
t("iter 0-dim", lambda: iter(memoryview(b"a").cast("B", [])))
t("iter 2-D", lambda: iter(memoryview(b"ab").cast("B", [1, 2])))
print(int(memoryview(b"-7")), int(bytearray(b" 12 ")), float(memoryview(b"1.5")))
t("int bad", lambda: int(memoryview(b"1x")))
t("int strided", lambda: int(memoryview(b"1x2")[::2]))
t("cast non-ASCII", lambda: memoryview(b"a").cast("\xe9"))
t("subclass", lambda: type("X", (memoryview,), {}))
t("add", lambda: memoryview(b"a") + memoryview(b"a"))
t("attribute", lambda: setattr(memoryview(b"a"), "x", 1))
