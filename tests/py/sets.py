# Set displays, comprehensions and operations in Python code.

a = {3, 1, 2}
b = {x * 2 for x in range(4)}
c = {*a, *b, 10}
print(sorted(a), sorted(b), sorted(c), len(c))
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(2 in a, 5 in a, a <= c, a < a, frozenset(a) == a, {1, 2} == {2, 1})
s = set()
for w in 'mississippi':
    s.add(w)
print(sorted(s), repr(set()), repr(frozenset()))
print({1, 2, 3}, {'only'}, {(1, 2)})
try:
    {[1]}
except TypeError as e:
    print('TypeError:', e)
fs = frozenset([1, 2])
print(fs, hash(fs) == hash(frozenset([2, 1])), {fs: 'key'}[frozenset({1, 2})])
print(1 in {1, 2} and 'x' not in {'a'})
