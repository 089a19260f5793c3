# int and float methods and the format-spec mini-language (format(),
# f-strings, __format__).

def t(f):
    try:
        r = f()
        print(repr(r))
    except Exception as e:
        print(type(e).__name__ + ":", e)

for n in [0, 1, -1, 255, -256, 2**64, -(2**100) + 3]:
    print(n, n.bit_length(), n.bit_count(), n.as_integer_ratio(), n.conjugate(), n.is_integer())
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"), (-1).to_bytes(2, "big", signed=True), (5).to_bytes(), (0).to_bytes(0, "big"))
print(int.from_bytes(b"\x04\x00", "big"), int.from_bytes(b"\x04\x00", "little"), int.from_bytes(b"\xff\xff", "big", signed=True), int.from_bytes([1, 2]), int.from_bytes(b""))
class MyInt(int):
    pass
print(type(MyInt.from_bytes(b"\x01", "big")).__name__, MyInt.from_bytes(b"\x01", "big"))
t(lambda: (1024).to_bytes(1, "big"))
t(lambda: (-1).to_bytes(2, "big"))
t(lambda: (1).to_bytes(2, "middle"))
t(lambda: (1).to_bytes(-1, "big"))
t(lambda: (1).to_bytes(2, 3))
t(lambda: (1).to_bytes(2, "big", True))
t(lambda: int.from_bytes("ab", "big"))
t(lambda: int.from_bytes())
t(lambda: (1).bit_length(2))
print(True.bit_length(), (7).__trunc__(), (7).__floor__(), (7).__ceil__(), (7).__getnewargs__(), round(1234, -2), (1234).__round__(-1))

for x in [0.5, -1.25, 3.0, 1e300, 5e-324, -0.0, 0.1]:
    print(x, x.is_integer(), x.as_integer_ratio(), x.hex(), float.fromhex(x.hex()) == x, x.conjugate())
print(float("inf").hex(), float("nan").hex(), (-2.0).hex(), (1.0).hex())
print(float.fromhex("0x1.8p1"), float.fromhex("  -0X.8p-1 "), float.fromhex("inf"), float.fromhex("0x1p-1074"), float.fromhex("0x1.fffffffffffff8p1023") if False else 0, float.fromhex("1"), float.fromhex("0x1.00000000000008p0"))
t(lambda: float.fromhex("0x1p1024"))
t(lambda: float.fromhex("zz"))
t(lambda: float.fromhex("0x1p"))
t(lambda: float.fromhex(1))
t(lambda: float("inf").as_integer_ratio())
t(lambda: float("nan").as_integer_ratio())
class MyFloat(float):
    pass
print(type(MyFloat.fromhex("0x1p0")).__name__, (2.5).__trunc__(), (2.5).__floor__(), (-2.5).__ceil__(), (2.5).__getnewargs__(), round(2.675, 2), (2.5).__round__())
t(lambda: float("inf").__floor__())

ints = [0, 7, -7, 255, 1234567, -1234567, 2**70]
specs = ["", "d", "5", "<6", "^7", "=+8", "+", " ", "-", "x", "X", "#x", "#X", "o", "#o", "b", "#b", "08", "010,", "_", "_x", "#_b", "n", "c" , "e", ".2f", "%", "g", ",d", "*^9", "0>5", "0<5", "#010x", "+,", "012_"]
for s in specs:
    row = []
    for n in ints:
        try:
            row.append(format(n, s))
        except Exception as e:
            row.append(type(e).__name__ + ":" + str(e))
    print(repr(s), row)
floats = [0.0, -0.0, 1.5, -2.25, 1234567.891, 1e-7, 1e16, 123456789e20, float("inf"), float("-inf"), float("nan"), 2.5, 0.125]
fspecs = ["", "f", ".2f", ".0f", "#.0f", "e", ".3e", "E", "#.0e", "g", ".3g", "#.3g", "G", ".10g", "%", ".1%", ",", ",.2f", "_.3f", "010.2f", "+.1f", " .1f", "z.1f", "z", ".3", "12", "<12", "^12.3", "=12", "n", ".0", "#", "F", ".1F", "012,.1f"]
for s in fspecs:
    row = []
    for x in floats:
        try:
            row.append(format(x, s))
        except Exception as e:
            row.append(type(e).__name__ + ":" + str(e))
    print(repr(s), row)
for obj, spec in [(1, "s"), (1.0, "d"), (1, ".2"), (1, "z"), (-1, "c"), (1, "+c"), (1, "#c"), (0x110000, "c"), (1, ",b"), (1, ",_"), (1, "_,"), (1, "."), (1.0, "x"), (1, "5xx"), (1.0, "5xx"), (True, ""), (True, "d"), (True, "5"), (1, "99999999999999999999"), (1.5, ",x")]:
    t(lambda: format(obj, spec))
t(lambda: (1).__format__(1))
t(lambda: (1.0).__format__())
v, w, p = 3.14159, 10, 3
print(f"{v:.2f}|{v:{w}.{p}}|{42:#06x}|{'s':>3}|{-5:05d}|{12345.678:,.1f}|{0.25:.0%}|{1e10:g}|{1234:_}")
print("{:>10.3f}|{:<+8d}|{:^9s}".format(2.71828, 42, "mid"))
