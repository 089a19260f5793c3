# Random patterns against random subjects (a fixed generator, so the
# output is deterministic): search, finditer spans, sub and fullmatch of
# each, as CPython 3.12.1's _sre gives them. Covers the interplay of
# groups, backreferences, conditionals, look-arounds, atomic groups and
# every quantifier form, where CPython's mark bookkeeping shows.
import re


class Rng:
    def __init__(self, seed):
        self.x = seed * 2654435761 + 12345

    def random(self):
        self.x = (self.x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (self.x >> 11) / float(1 << 53)

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))


rnd = Rng(7)
atoms = ["a", "b", "c", ".", "[ab]", "[^a]", r"\w", r"\d", r"\s", r"\b", "^", "$",
         r"\1", r"\2", "(?:)", "x", "A", r"\B", "\u00e9", "[\u00e0-\u00ff]", r"\Z"]


def gen(d=0):
    r = rnd.random()
    if d > 3 or r < 0.3:
        return rnd.choice(atoms)
    if r < 0.45:
        return gen(d + 1) + gen(d + 1)
    if r < 0.55:
        return gen(d + 1) + "|" + gen(d + 1)
    if r < 0.7:
        return "(" + gen(d + 1) + ")"
    if r < 0.85:
        q = rnd.choice(["*", "+", "?", "{1,2}", "{2}", "{0,3}"])
        q += rnd.choice(["", "", "?", "+"])
        return "(?:" + gen(d + 1) + ")" + q
    if r < 0.9:
        return "(?" + rnd.choice(["=", "!", ">"]) + gen(d + 1) + ")"
    if r < 0.95:
        return "(?<" + rnd.choice(["=", "!"]) + rnd.choice(["a", "ab", ".", r"\w"]) + ")"
    return "(" + gen(d + 1) + ")" + "(?(1)" + gen(d + 1) + "|" + gen(d + 1) + ")"


for i in range(1200):
    p = "(" + gen() + ")" + gen()
    fl = rnd.choice([0, re.I, re.M, re.S, re.A])
    try:
        c = re.compile(p, fl)
    except re.error:
        continue
    s = "".join(rnd.choice("aabbcAB x1\n\u00e9\u00c9") for _ in range(rnd.randint(0, 10)))
    m = c.search(s)
    r1 = None if m is None else (m.span(), m.groups(), m.lastindex)
    r2 = [x.span() for x in c.finditer(s)]
    r3 = c.sub("-", s)
    r4 = c.fullmatch(s) is not None
    print(i, repr(p), fl, repr(s), r1, r2, repr(r3), r4)
