"""Generator pipeline: a chain of generators, each pulling from the one
before (source, filter, map, windowing, `yield from` flattening), consumed
by `sum`, a `for` loop and `next`; generator expressions; `send()` into a
running accumulator. The cost is resuming and suspending frames.
"""

N = 300000


def source(n):
    i = 0
    while i < n:
        yield i
        i += 1


def only_odd(it):
    for x in it:
        if x & 1:
            yield x


def scaled(it, k):
    for x in it:
        yield x * k


def pairs(it):
    prev = None
    for x in it:
        if prev is not None:
            yield (prev, x)
        prev = x


def flatten(it):
    for pair in it:
        yield from pair


def accumulator():
    total = 0
    while True:
        x = yield total
        total += x


def main():
    a = sum(scaled(only_odd(source(N)), 3))
    b = 0
    for x in flatten(pairs(source(N // 2))):
        b += x
    c = sum(x * x for x in range(N) if x % 3 == 0)
    acc = accumulator()
    next(acc)
    d = 0
    for x in source(N // 2):
        d = acc.send(x)
    return (a, b, c, d)


result = main()
if __name__ == "__main__":
    print("generators", result)
