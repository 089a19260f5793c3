squares = [a * 2 for a in range(10) if a]
pairs = {k: v for k, v in squares}
class C:
    attrs = [m for m in dir()]
    names = {n for n in attrs}
def f(xs, n):
    s = {y for y in xs}
    g = (z + n for z in xs)
    nested = [[i for i in row] for row in xs]
    total = sum(q for q in xs)
    walrus = [w := v for v in xs]
    return s, g, nested, total, walrus, w
