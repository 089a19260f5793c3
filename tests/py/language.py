# The core language on the evaluator: expressions, control flow,
# functions, closures, comprehensions, unpacking, exceptions.

def section(name):
    print()
    print('==', name)

section('arithmetic')
print(1 + 2 * 3, 7 // 2, -7 // 2, 7 % -3, 2 ** 100, 10 / 4, 1e300 * 1e10)
print(True + True, 3 & 5 | 2 ^ 7, 1 << 70, ~0, -(-5), +3)
x = 10
x += 5; x -= 1; x *= 3; x //= 4; x **= 2; x %= 50
print(x)
print(0.1 + 0.2, round(2.675, 2), divmod(-7, 2), abs(-3.5), pow(3, 4, 5))

section('strings')
s = 'Hello, World'
print(s.lower(), s.upper(), s[7:], s[::-2], s.split(', '), '-'.join(['a', 'b']))
print(f'{s!r} has {len(s)} chars; {s[0]=}', 'ab' * 3, 'lo' in s)
print('%s and %d and %.3f and %r' % ('str', 42, 3.14159, 'q'))

section('containers')
l = [3, 1, 2]
l.append(0); l.extend([9, 8]); l.sort(); l = l[::-1]
print(l, l[1:4], l[-1], len(l), sorted(l, key=lambda v: -v)[:2], min(l), max(l), sum(l))
d = {'b': 2, 'a': 1}
d['c'] = 3
del d['b']
print(d, list(d.keys()), list(d.values()), list(d.items()), d.get('z', 'none'), 'a' in d)
t = (1, 'two', 3.0, None)
print(t, t[1:], t.index('two'), t.count(3.0))
nested = {'k': [1, {'x': (2, 3)}]}
print(nested['k'][1]['x'][1])

section('control flow')
for i in range(3):
    if i == 0:
        print('zero')
    elif i == 1:
        print('one')
    else:
        print('other', i)
n = 0
while True:
    n += 1
    if n > 5:
        break
    if n % 2:
        continue
    print('even', n)
for i in []:
    pass
else:
    print('for-else ran')
print([i for i in range(10) if i % 3 == 0], any(v > 8 for v in range(10)), all([]))

section('functions')
def f(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, kw
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
print(f(*[7, 8, 9], **{'c': 10, 'z': 11}))
for src in ['f(1, c=2, **{"d": 1}, **{"d": 2})', 'f(1, **{"c": 1}, **[1])', 'f(1, c=1, **{"c": 2})',
            'len(**{"a": 1}, **{"a": 2})', 'print(**{"sep": 1}, **{"sep": 2})']:
    try:
        eval(src)
    except TypeError as e:
        print('TypeError:', e)
print(f(1, **{'c': 1}, **{'e': 2}))
def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, c=3))
try:
    pos_only(a=1, b=2, c=3)
except TypeError as e:
    print('TypeError:', e)
try:
    f()
except TypeError as e:
    print('TypeError:', e)
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c = make_counter()
c(); c()
print(c(), c.__name__, c.__qualname__)
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(30))
square = lambda v: v * v
print(list(map(square, range(5))), list(filter(None, [0, 1, '', 'a'])))
def deco(fn):
    def wrapper(*a, **k):
        return ('decorated', fn(*a, **k))
    return wrapper
@deco
def hello(name):
    return 'hi ' + name
print(hello('there'))

def annotated(a: int, b: 'str' = 'x', *rest: float, k: bool = True) -> list:
    return [a, b, rest, k]
print(annotated.__annotations__, annotated(1), annotated.__defaults__, annotated.__kwdefaults__)

section('unpacking')
a, *b, c = range(6)
print(a, b, c)
(p, q), r = (1, 2), 3
print(p, q, r)
first, second = 'xy'
print(first, second)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print('ValueError:', e)
print(*[1, 2], *'ab', sep='|')
print({**{'a': 1}, 'b': 2, **{'a': 3}})

section('comprehensions')
print({k: v for k, v in zip('abc', range(3))})
print([(i, j) for i in range(3) for j in range(i)])
print(sum(i * i for i in range(10)))
print([y for x in range(5) if (y := x * x) > 4])

section('exceptions')
def risky(v):
    try:
        if v == 0:
            raise ValueError('zero')
        if v == 1:
            return 1 / 0
        return v
    except ValueError as e:
        return 'caught ' + str(e)
    finally:
        print('finally for', v)
print(risky(0))
try:
    risky(1)
except ZeroDivisionError as e:
    print('outer caught', type(e).__name__, e)
print(risky(2))
try:
    try:
        {}['missing']
    except KeyError as e:
        raise RuntimeError('wrapped') from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        undefined_name
except NameError as e:
    print(repr(e), type(e.__context__).__name__)
class MyError(Exception):
    pass
try:
    raise MyError('custom', 42)
except Exception as e:
    print(type(e).__name__, e.args)
def nested_finally():
    try:
        try:
            return 'inner'
        finally:
            print('inner finally')
    finally:
        print('outer finally')
print(nested_finally())
try:
    assert 1 > 2, 'assertion message'
except AssertionError as e:
    print('AssertionError:', e)

section('uncaught')
def deep(n):
    if n == 0:
        raise LookupError('bottom reached')
    deep(n - 1)
deep(3)
print('not reached')
