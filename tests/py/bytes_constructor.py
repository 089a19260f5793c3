# The bytes constructor: a str with a codec name (and an error handler),
# keywords, __bytes__, ints, iterables, buffers, and the argument errors
# of CPython 3.12.1.
class C:
    def __bytes__(self):
        return b'from dunder'


class D:
    def __bytes__(self):
        return 'str'


cases = [
    ((), {}),
    ((1, 'utf-8'), {}),
    (('a',), {}),
    ((b'a',), {'errors': 'strict'}),
    (('a',), {'errors': 'strict'}),
    (('a', 1), {}),
    (('a', 'utf-8', 1), {}),
    ((), {'source': '\xe9', 'encoding': 'latin-1'}),
    (('\xe9', 'ascii'), {}),
    (('\xe9', 'ascii', 'replace'), {}),
    (('\u20ac', 'utf-16-le'), {}),
    (('\xe9x', 'ascii', 'xmlcharrefreplace'), {}),
    ((), {'encoding': 'utf-8'}),
    ((), {'errors': 'strict'}),
    ((), {'x': 1}),
    (('a', 'b', 'c', 'd'), {}),
    (('abc', 'nope'), {}),
    ((C(),), {}),
    ((D(),), {}),
    ((3,), {}),
    ((-1,), {}),
    (([1, 2, 255],), {}),
    (([256],), {}),
    ((bytearray(b'xy'),), {}),
    ((memoryview(b'abc')[1:],), {}),
    ((1.5,), {}),
    ((iter([65, 66]),), {}),
]


def label(a):
    return [x if isinstance(x, (str, bytes, bytearray, int, float, list)) else type(x).__name__
            for x in a]


for a, k in cases:
    try:
        print(label(a), k, '->', bytes(*a, **k))
    except Exception as e:
        print(label(a), k, '->', type(e).__name__, e)
