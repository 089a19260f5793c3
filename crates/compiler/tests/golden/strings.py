name = "world"
width = 10
s1 = f"hello {name}!"
s2 = f"{name!r:>{width}} and {name:10} and {width=}"
s3 = "%s(%r)" % (name, width)
s4 = "abc" "def" f"{name}"
b = b"bytes" b"more"
u = "\u00e9t\u00e9"
big = 2 ** 100
f = 1.5e300 * 2
c = 1j + 2
