# The methods of bytes and bytearray shared with str.
data = b'  Hello, World!\r\nsecond line\nthird  '
ba = bytearray(data)
for obj in (data, ba):
    print(type(obj).__name__)
    print(obj.find(b'o'), obj.rfind(b'o'), obj.find(111), obj.find(b'o', 8, 20), obj.count(b'l'), obj.index(b'W'))
    print(obj.startswith(b'  H'), obj.endswith((b'x', b'  ')), obj.startswith(b'ello', 3))
    print(obj.split(), obj.split(b','), obj.rsplit(None, 1), obj.split(b'l', 2))
    print(obj.strip(), obj.lstrip(b' H'), obj.rstrip(), obj.replace(b'l', b'L', 2))
    print(obj.partition(b','), obj.rpartition(b'l'), obj.partition(b'#'))
    print(obj.upper(), obj.lower(), obj.swapcase()[:8], obj.strip().capitalize()[:6], obj.title()[:10])
    print(obj.splitlines(), obj.splitlines(True))
    print(obj.removeprefix(b'  He'), obj.removesuffix(b'  '), b'-'.join([b'a', bytearray(b'b'), memoryview(b'c')] if False else [b'a', bytearray(b'b')]))
print(b'123'.isdigit(), b'abc'.isalpha(), b'a1'.isalnum(), b' \t'.isspace(), b'\xff'.isascii(), b'abc'.islower(), b'ABC'.isupper(), b''.isdigit())
print(b'\x00\xffab'.hex(), bytes.fromhex('00 ff 61'), bytearray.fromhex('6162'), type(bytearray.fromhex('')).__name__)
for bad in [lambda: b'abc'.find('a'), lambda: b'abc'.find(300), lambda: b'abc'.index(b'z'),
            lambda: b'a,b'.split(b''), lambda: b'abc'.startswith('a'), lambda: b'x'.join([1]),
            lambda: bytes.fromhex('zz'), lambda: bytes.fromhex('0'), lambda: b'ab'.strip('a'),
            lambda: b'ab'.replace('a', b'b')]:
    try:
        print(bad())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

# hex() with a separator: bytes, bytearray and memoryview share it.
for data in [b"", b"\x01", b"\xde\xad\xbe\xef\x01", bytes(range(7))]:
    for args in [(), (":",), (b"-", 2), ("_", -2), (" ", 3), (".", 0), ("x", -10)]:
        r = (data.hex(*args), bytearray(data).hex(*args), memoryview(data).hex(*args))
        print(data, args, r[0], r[0] == r[1] == r[2])
for bad in ["::", "", "é", b"\xff", b"ab", 1, None, [1]]:
    for obj in [b"ab", bytearray(b"ab"), memoryview(b"ab")]:
        try:
            obj.hex(bad)
        except (TypeError, ValueError) as e:
            print(type(obj).__name__, repr(bad), type(e).__name__, e)
try:
    b"ab".hex(":", "2")
except TypeError as e:
    print("TypeError", e)
