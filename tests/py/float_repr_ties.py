# repr(float) where two shortest strings are equally near the value: the
# even last digit, as CPython's dtoa (Rust's formatting may pick the odd one).
vals = [656379854466874.25, 0.77777862548828125, 2.5, 0.125, -656379854466874.25, 1e22, 5e-324, 0.1, 1/3, 1e16, 123.456, 9.5, 0.5, 1.5e300, 2.5e-300]
print([repr(v) for v in vals])
# many doubles with few mantissa bits: ties are common among them
out = []
x = 1.0
for k in range(1, 4000):
    v = (k * 0.125) * 1e13 + 0.25
    out.append(repr(v))
    out.append(repr(k / 1024 + 0.00048828125))
print(len(out), hash(tuple(out)) if False else "")
print("\n".join(out[::97]))
