"""Unpacking: sequence unpacking in assignments (after pyperformance's
bm_unpack_sequence): tuples and lists of 2, 3 and 10 items, swaps, nested
targets, starred targets, unpacking in `for` loops, and building tuples to
return several values.
"""

N = 60000


def pair(i):
    return i, i + 1


def main(n):
    t10 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    l10 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    rows = [(i, i * 2, i * 3) for i in range(100)]
    total = 0
    for i in range(n):
        a, b, c, d, e, f, g, h, k, m = t10
        a, b, c, d, e, f, g, h, k, m = t10
        a, b, c, d, e, f, g, h, k, m = l10
        a, b, c, d, e, f, g, h, k, m = l10
        total += a + m
        x, y = pair(i)
        x, y = y, x
        x, y, z = y, z if i else 0, x
        (p, q), r = (x, y), z
        first, *rest = t10
        *init, last = l10
        head, *mid, tail = t10
        total += x - y + z + p + q + r + first + last + head + tail + len(rest) + len(init) + len(mid)
        if i % 100 == 0:
            for u, v, w in rows:
                total += u + v - w
    return total


result = main(N)
if __name__ == "__main__":
    print("unpacking", result)
