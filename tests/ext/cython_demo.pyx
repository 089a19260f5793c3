# cython: language_level=3
# A module in Cython's default (full C API) mode: cdef classes with C and
# object fields, special methods, inheritance, typed and untyped loops,
# f-strings and % formatting, comprehensions, keyword and default
# arguments, exceptions raised and caught across the boundary.

cdef class Acc:
    cdef public long total
    cdef list items

    def __init__(self, start=0):
        self.total = start
        self.items = []

    def add(self, long x):
        if x < 0:
            raise ValueError(f"negative: {x}")
        self.total += x
        self.items.append(x)
        return self.total

    def squares(self):
        return {i: i * i for i in self.items}

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __repr__(self):
        return "Acc(total=%d, n=%d)" % (self.total, len(self.items))

    def __eq__(self, other):
        if not isinstance(other, Acc):
            return NotImplemented
        return self.total == (<Acc>other).total


cdef class Scaled(Acc):
    cdef double factor

    def __init__(self, factor, start=0):
        super().__init__(start)
        self.factor = factor

    def scaled(self):
        return [x * self.factor for x in self.items]


def run(n):
    cdef long s = 0
    for i in range(n):
        s += i
    return s


def typed_sum(long n, long step=1):
    cdef long i, s = 0
    for i in range(0, n, step):
        s += i
    return s


def bigmul(a, b):
    return a * b


def describe(*args, sep=", ", **kw):
    parts = [repr(a) for a in args]
    parts += ["%s=%r" % (k, kw[k]) for k in kw]
    return sep.join(parts)


def words(text):
    return [w.strip().upper() for w in text.split(",") if w.strip()]


def safe_div(a, b):
    try:
        return a // b
    except ZeroDivisionError as e:
        return f"error: {e}"
    finally:
        pass


def encode(s):
    return s.encode("utf-8"), len(s)
