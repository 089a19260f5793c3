# itertools as CPython 3.12.1 has it: every iterator with normal use, edge
# cases, subclasses, and the argument errors.
import itertools
from itertools import (count, repeat, cycle, chain, islice, zip_longest,
                       starmap, accumulate, takewhile, dropwhile, filterfalse,
                       compress, tee, groupby, pairwise, batched, product,
                       permutations, combinations,
                       combinations_with_replacement)


def err(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        if hasattr(r, '__next__'):
            r = list(islice(r, 20))
        print('ok', r)
    except Exception as e:
        print(type(e).__name__, e)


def take(n, it):
    return list(islice(it, n))


print(sorted(n for n in dir(itertools) if not n.startswith('__')))
print(type(itertools.__doc__))

# count
print('count')
print(take(5, count()), take(3, count(10)), take(4, count(5, -2)))
print(take(3, count(1.5)), take(3, count(0, 0.5)), take(3, count(1j, 1j)))
print(take(3, count(start=3, step=4)), take(2, count(True)), take(2, count(2**70)))
c = count(2**63 - 2)
print(take(4, c), repr(c))
for c in (count(), count(3), count(-7), count(1.5), count(0, 2), count(2, 1.0),
          count(2**64), count(1, True), count(0.5, 2), count(True)):
    print(repr(c))
c = count(4)
next(c)
print(repr(c))
c = itertools.count(step=2); print(repr(c), list(itertools.islice(c, 3)), repr(c))
c = itertools.count(step=0.5); print(repr(c), list(itertools.islice(c, 3)))
print(repr(itertools.count(2**63-1)), repr(itertools.count(-2**63)), repr(itertools.count(-2**63-1)))
c = itertools.count(-2**63); print(next(c), repr(c))
err(count, 'a')
err(count, 1, 'b')
err(count, 1, 2, 3)
err(count, foo=1)
err(count, [])


class MyCount(count):
    pass


print(repr(MyCount(3, 2)), take(2, MyCount(3, 2)), isinstance(MyCount(), count))

# repeat
print('repeat')
print(list(repeat('a', 3)), list(repeat(1, 0)), list(repeat(1, -3)), take(3, repeat(None)))
print(list(repeat(object='x', times=2)), list(repeat(5, times=-1)))
r = repeat([1], 3)
print(repr(r), r.__length_hint__(), next(r), repr(r), r.__length_hint__())
print(repr(repeat('x')), repr(repeat(1, -5)), repr(repeat(1, times=-5)))
err(repeat('x').__length_hint__)
err(repeat)
err(repeat, 1, 2, 3)
err(repeat, 1, 'x')
err(repeat, 1, 2**100)
err(repeat, 1, 2.5)
err(repeat, 1, foo=2)
print(list(repeat(1, 7).__iter__()).__len__())


class MyRepeat(repeat):
    pass


print(repr(MyRepeat(2, 2)))

# cycle
print('cycle')
print(take(7, cycle('abc')), list(cycle('')), take(3, cycle([1])))
print(take(5, cycle(iter([1, 2]))))
err(cycle)
err(cycle, 1)
err(cycle, 'a', 'b')
err(cycle, iterable='a')

# chain
print('chain')
print(list(chain()), list(chain('ab', [1, 2], (), range(2))), list(chain([])))
print(list(chain.from_iterable(['ab', 'cd', []])), take(5, chain.from_iterable(repeat('xy'))))
err(chain, 1)
err(chain, 'a', 2)
err(chain, x=1)
err(chain.from_iterable, 1)
err(chain.from_iterable, [1, 2])
err(chain.from_iterable)


class MyChain(chain):
    pass


print(type(MyChain.from_iterable(['a'])).__name__, list(MyChain('ab', 'c')))

# islice
print('islice')
s = 'abcdefghij'
print(list(islice(s, 3)), list(islice(s, 2, 5)), list(islice(s, 1, None, 3)),
      list(islice(s, None)), list(islice(s, None, None, None)),
      list(islice(s, 0)), list(islice(s, 20)), list(islice(s, 8, 3)),
      list(islice(s, 3, 2**62, 2**62)))
err(islice, s, 2**100)
err(islice, s, 2**100, None)
err(islice, s, 1, None, 2**100)
print(take(3, islice(count(), 5, None, 10)))
it = iter(range(10))
print(list(islice(it, 3)), list(it))
err(islice, s)
err(islice, s, 1, 2, 3, 4)
err(islice, s, -1)
err(islice, s, 'a')
err(islice, s, -2, 3)
err(islice, s, 1, -2)
err(islice, s, 1, 2, 0)
err(islice, s, 1, 2, -1)
err(islice, s, 1, 2, 'x')
err(islice, s, 'a', 3)
err(islice, 1, 2)
err(islice, s, stop=2)
err(islice)

# zip_longest
print('zip_longest')
print(list(zip_longest()), list(zip_longest('ab')), list(zip_longest('abc', [1])))
print(list(zip_longest('a', 'bcd', fillvalue=0)), list(zip_longest([], [])))
print(take(4, zip_longest('ab', count(), fillvalue='-')), take(4, zip_longest('ab', count())))
err(zip_longest, 1)
err(zip_longest, 'a', foo=1)
err(zip_longest, 'a', fillvalue=1, foo=2)

# starmap
print('starmap')
print(list(starmap(pow, [(2, 3), (3, 2)])), list(starmap(lambda *a: a, ['ab', [1], ()])))
err(starmap, pow, [1])
err(starmap, pow)
err(starmap, pow, 1)
err(starmap, function=pow, iterable=[])
err(starmap, pow, [(1, 2, 3, 4)])

# accumulate
print('accumulate')
print(list(accumulate([1, 2, 3, 4])), list(accumulate([])), list(accumulate('abc')))
print(list(accumulate([3, 1, 4, 1, 5], max)), list(accumulate([1, 2, 3], lambda a, b: a * b)))
print(list(accumulate([1, 2], initial=100)), list(accumulate([], initial=0)))
print(list(accumulate([1, 2], None, initial=None)), list(accumulate(iterable=[1, 2], func=lambda a, b: a - b)))
err(accumulate, [1, 'a'])
err(accumulate)
err(accumulate, 1)
err(accumulate, [1], max, 3)
err(accumulate, [1], foo=3)

# takewhile / dropwhile / filterfalse / compress
print('predicates')
print(list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(bool, [])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(dropwhile(bool, [1, 0, 2])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, '', 'a', None])))
print(list(filterfalse(bool, [0, 1, [], [1]])))
print(list(compress('ABCDEF', [1, 0, 1, 0, 1, 1])), list(compress('AB', [1, 1, 1, 1])),
      list(compress('ABCD', [0, 1])), list(compress(data='ab', selectors=count())))
tw = takewhile(lambda x: x < 3, count())
print(list(tw), list(tw))
for f in (takewhile, dropwhile, filterfalse):
    err(f, len)
    err(f, len, 1)
    err(f, len, [1], 2)
    err(f, predicate=len, iterable=[])
    err(f, lambda x: 1 / 0, [1])
err(compress, 'a')
err(compress, 'a', 1)
err(compress, 'a', [1], 2)
err(compress, 'a', selectors=[1], foo=1)

# tee
print('tee')
a, b = tee('abc')
print(next(a), list(b), list(a))
print([type(t).__name__ for t in tee([])], tee('x', 0), len(tee('x', 5)))
a, b, c = tee(range(200), 3)
print(sum(a), sum(b), sum(c))
a, b = tee(count())
print(take(3, a), take(5, b), take(2, a))
a, = tee('xyz', 1)
print(type(a).__name__, list(a))
a, b = tee('hello')
next(a)
c = a.__copy__()
d, e = tee(a)
print(list(c), list(d), list(e), list(b), d.__class__ is a.__class__)
print(list(type(a)('ab')))


def reenter():
    yield next(t1)


t1, t2 = tee(reenter())
err(next, t1)
gb = groupby('aab')
k, gr = next(gb)
del gb
print(list(gr))


class Kw(chain):
    def __init__(self, *args, **kwargs):
        pass


print(list(Kw('ab', x=1)))
err(tee, 'a', -1)
err(tee, 1)
err(tee)
err(tee, 'a', 2, 3)
err(tee, 'a', n=2)
err(tee, 'a', 'b')
try:
    class T(type(a)):
        pass
except TypeError as e:
    print('TypeError', e)

# groupby
print('groupby')
print([(k, list(g)) for k, g in groupby('AAAABBBCCDAABBB')])
print([k for k, g in groupby('AAAABBBCCD')], list(groupby([])))
print([(k, list(g)) for k, g in groupby(range(10), lambda x: x // 3)])
print([(k, list(g)) for k, g in groupby(['a', 'B', 'b', 'C'], key=str.lower)])
groups = list(groupby('aabbc'))
print([(k, list(g)) for k, g in groups])
gb = groupby('aabbbc')
k, g = next(gb)
print(k, next(g))
k2, g2 = next(gb)
print(k2, list(g), list(g2), type(g).__name__)
err(groupby)
err(groupby, 1)
err(groupby, 'a', len, 3)
err(groupby, 'ab', lambda x: 1 / 0)
err(groupby, 'ab', foo=1)

# pairwise / batched
print('pairwise batched')
print(list(pairwise('abcd')), list(pairwise('a')), list(pairwise('')), take(2, pairwise(count())))
print(list(batched('abcdefg', 3)), list(batched('abc', 1)), list(batched([], 2)),
      list(batched('ab', 5)), list(batched(iterable='abcd', n=2)))
err(pairwise)
err(pairwise, 1)
err(pairwise, 'a', 'b')
err(batched, 'a', 0)
err(batched, 'a', -1)
err(batched, 'a')
err(batched, 'a', 'b')
err(batched, 1, 2)

# product
print('product')
print(list(product('ab', range(2))), list(product()), list(product('ab', [])))
print(list(product('ab', repeat=2)), list(product(repeat=3)), list(product('ab', repeat=0)))
print(len(list(product(range(3), range(4), range(2)))), list(product([1, 2], 'x', repeat=2)))
err(product, 1)
err(product, 'a', repeat=-1)
err(product, 'a', repeat='x')
err(product, 'a', foo=2)

# combinatorics
print('combinatorics')
print(list(combinations('ABCD', 2)), list(combinations(range(4), 3)))
print(list(combinations('abc', 0)), list(combinations('abc', 4)), list(combinations('', 0)))
print(list(combinations_with_replacement('ABC', 2)), list(combinations_with_replacement('', 2)),
      list(combinations_with_replacement('', 0)), list(combinations_with_replacement('ab', 0)))
print(list(permutations('ABC')), list(permutations(range(3), 2)), list(permutations('ab', 0)),
      list(permutations('ab', 3)), list(permutations('')), list(permutations('abc', r=None)))
print(len(list(permutations(range(5)))), len(list(combinations(range(10), 4))),
      len(list(combinations_with_replacement(range(6), 3))))
print(list(combinations(iterable='abc', r=2)), list(permutations(iterable='ab', r=1)))
err(combinations, 'abc')
err(combinations, 'abc', -1)
err(combinations, 'abc', 'x')
err(combinations, 1, 2)
err(combinations_with_replacement, 'abc', -1)
err(combinations_with_replacement, 'abc')
err(permutations, 'abc', -1)
err(permutations, 'abc', 1.5)
err(permutations, 'abc', '2')
err(permutations, 1)
err(permutations)
err(permutations, 'a', 1, 2)

# subclasses with state and iteration protocol
print('subclasses')
for t in (cycle, chain, islice, zip_longest, starmap, accumulate, takewhile,
          dropwhile, filterfalse, compress, groupby, pairwise, batched,
          product, combinations, combinations_with_replacement, permutations,
          count, repeat):
    class Sub(t):
        pass
    print(t.__name__, t.__module__, Sub.__name__, issubclass(Sub, t))
try:
    class G(type(next(groupby('a'))[1])):
        pass
except TypeError as e:
    print('TypeError', e)
try:
    count.foo = 1
except TypeError as e:
    print('TypeError', e)
it = count()
print(iter(it) is it)


class Pred:
    def __init__(self):
        self.n = 0

    def __call__(self, x):
        self.n += 1
        return x < 3


p = Pred()
print(list(dropwhile(p, [1, 2, 3, 1, 0])), p.n)

# the internal types' constructors (for unpickling), _tee's weak references
print('internal types')
it = itertools
G = it._grouper
D = it._tee_dataobject


def made(f, *a, **k):
    try:
        r = f(*a, **k)
        print('ok', type(r).__name__)
        return r
    except Exception as e:
        print(type(e).__name__, e)


made(G, 1, 2)
made(G, 1)
made(G, it.groupby('a'), 2, x=1)
gb = it.groupby('aab')
g = made(G, gb, 'a')
print(list(g))
k, g1 = next(gb)
g2 = G(gb, 'a')
print(list(g1), list(g2))
made(D, iter('abc'), [], None)
made(D, iter('abc'), (), None)
made(D, iter('abc'), [1], 2)
made(D, iter('abc'), list(range(58)), None)
made(D, iter('abc'), list(range(57)), 3)
made(D, iter('abc'), list(range(57)), None)
made(D, 1, 2)
d = D(iter('abc'), [1, 2], None)
t = it._tee(iter([]))
print(type(t).__name__)
import _weakref as weakref
w = weakref.ref(t)
print(w() is t)
del t
print(w())
made(D.__new__, D, iter('a'), [], None, x=1)

# huge sizes: CPython's OverflowError and MemoryError
print('huge')
try:
    it.product('ab', repeat=2**62)
except Exception as e: print(type(e).__name__, e)
p = it.product('ab', repeat=100000)
print(next(p)[:3], len(next(p)))
try:
    it.combinations('ab', 2**62)
except Exception as e: print(type(e).__name__, e)
try:
    it.permutations('ab', 2**62)
except Exception as e: print(type(e).__name__, e)
try:
    it.permutations('ab', 2**70)
except Exception as e: print(type(e).__name__, e)
print(list(it.combinations_with_replacement('ab', 3)))
for r in (2**59, 2**59+1, 2**60, 2**61):
    for args in (('ab',), ('ab','c'), ()):
        try: it.product(*args, repeat=r); print(r, len(args), 'ok')
        except Exception as e: print(r, len(args), type(e).__name__, e)

import sys
for n in (sys.maxsize, 2**40, 2**10):
    try: print(next(itertools.batched('ab', n)))
    except Exception as e: print(type(e).__name__, e)
print(list(itertools.islice('abcdef', 1, sys.maxsize, sys.maxsize)))
print(list(itertools.zip_longest('a', 'bc', 'def', fillvalue=None)))
print(itertools.repeat(1, sys.maxsize).__length_hint__())
try: itertools.repeat(1, sys.maxsize + 1)
except Exception as e: print(type(e).__name__, e)

# subclasses with __init__, __next__, __slots__ and __new__
print('subclass use')
class C(itertools.chain):
    def __init__(self, *a):
        self.extra = a
    def __next__(self):
        return super().__next__() * 2
c = C([1, 2], [3])
print(list(c), c.extra, c.__dict__)
class R(itertools.repeat):
    __slots__ = ('a',)
r = R(5, 2); r.a = r
print(list(r), r.a is r, repr(r))
del r, c
print(__import__('gc').collect() >= 0)
class P(itertools.product):
    def __new__(cls, *a, **k):
        return super().__new__(cls, *a, **k)
print(list(P('ab', repeat=2)))
print(type(itertools.chain.from_iterable.__self__).__name__)
print(itertools.count.__name__, itertools.count.__qualname__, itertools.count.__module__, itertools._tee.__module__)

# callbacks re-entering their own iterator
print('re-entry')
def f(x):
    print('f', x)
    return next(tw, 'reent')
tw = itertools.takewhile(f, [1, 2, 3])
print(list(tw))
def g(x):
    r = next(dw, 'end')
    print('g', x, r)
    return x < 2
dw = itertools.dropwhile(g, [1, 2, 3, 4, 5])
print(list(dw))
def h(a, b):
    r = next(acc, 'end')
    print('h', a, b, r)
    return a + b
acc = itertools.accumulate([1, 2, 3, 4, 5], h)
print(list(acc))
acc = itertools.accumulate([1, 2, 3], h, initial=10)
print(list(acc))
def k(x):
    return next(ff, 0)
ff = itertools.filterfalse(k, [0, 1, 0, 2, 0])
print(list(ff))
def s(x):
    return next(sm, None)
sm = itertools.starmap(s, [(1,), (2,), (3,)])
print(list(sm))

# iterators that end, then resume (or raise): which ones stay ended
print('resuming')
it = itertools
class Flaky:
    """An iterator that ends, then resumes."""
    def __init__(self, pattern):
        self.p = list(pattern)
    def __iter__(self):
        return self
    def __next__(self):
        if not self.p:
            raise StopIteration
        x = self.p.pop(0)
        if x is None:
            raise StopIteration
        if isinstance(x, Exception):
            raise x
        return x
def show(name, i, n=8):
    out = []
    for _ in range(n):
        try:
            out.append(next(i))
        except StopIteration:
            out.append('S')
        except Exception as e:
            out.append(type(e).__name__)
    print(name, out)
P = [1, 2, None, 3, 4, ValueError(), 5, None, 6, 7, 8, 9]
show('batched', it.batched(Flaky(P), 2))
show('pairwise', it.pairwise(Flaky(P)))
show('islice', it.islice(Flaky(P), 10))
show('chain', it.chain(Flaky(P), 'xy'))
show('cycle', it.cycle(Flaky(P)))
show('zip_longest', it.zip_longest(Flaky(P), 'abcdefghijkl'))
show('zip_longest1', it.zip_longest(Flaky(P)))
show('accumulate', it.accumulate(Flaky(P)))
show('compress', it.compress(Flaky(P), it.repeat(1)))
show('takewhile', it.takewhile(bool, Flaky(P)))
show('dropwhile', it.dropwhile(bool, Flaky(P)))
show('filterfalse', it.filterfalse(None, Flaky(P)))
show('starmap', it.starmap(lambda x: x, ((y,) for y in [1, 2])))
show('groupby', map(lambda kg: kg[0], it.groupby(Flaky([1, 1, 2, None, 2, 3]))))
show('product', it.product(Flaky(P)))
a, b = it.tee(Flaky([1, 2, None, 3, 4, None, 5, 6]))
show('tee', a, 12)
show('tee2', b, 12)
show('count', it.count(2**63-3, 1))

# docstrings and text signatures
print('docs')
for n in sorted(dir(itertools)):
    o = getattr(itertools, n)
    if isinstance(o, type) and n != '__loader__':
        print(n, o.__text_signature__, repr(o.__doc__))
print(tee.__text_signature__, repr(tee.__doc__))
print(chain.from_iterable.__text_signature__, chain.from_iterable.__doc__)
print(type(tee('a')[0]).__copy__.__doc__, repeat.__length_hint__.__doc__)

# a cycle through an iterator is collected
print('gc')
import gc
l = []
c = cycle([l])
l.append(c)
del l, c
print(gc.collect() >= 0)
