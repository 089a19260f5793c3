# _collections as CPython 3.12.1 has it: deque (every method, edge cases,
# errors, mutation during iteration and comparison), its iterators.
import _collections
from _collections import deque
import gc
from _weakref import ref as weakref_ref


def err(f, *args, **kwargs):
    try:
        print('ok', f(*args, **kwargs))
    except Exception as e:
        print(type(e).__name__, e)


print('deque')
print(deque(), deque([1, 2, 3]), deque('abc', 2), deque(range(5), maxlen=3))
print(deque(maxlen=0), deque([], None), deque(iterable=(1, 2)))
print(deque.__name__, deque.__module__, deque.__qualname__)
print(type(iter(deque())).__name__, type(reversed(deque())).__name__)
print(_collections._deque_iterator is type(iter(deque())))
print(_collections._deque_reverse_iterator is type(reversed(deque())))
err(deque, 1, 2, 3)
err(deque, foo=1)
err(deque, [], 'a')
err(deque, [], -1)
err(deque, [], 2**70)
err(deque, 5)

# __init__ re-initializes
d = deque([1, 2, 3])
d.__init__([7, 8], 5)
print(d, d.maxlen)
d.__init__()
print(d, d.maxlen)

# append, appendleft, pop, popleft with maxlen
d = deque(maxlen=3)
for i in range(5):
    d.append(i)
print(d)
d.appendleft(-1)
print(d, d.pop(), d.popleft(), d)
d = deque(maxlen=0)
d.append(1)
d.appendleft(2)
d.extend(range(10))
print(d, len(d))
err(deque().pop)
err(deque().popleft)
err(deque().append)
err(deque().pop, 1)

# extend, extendleft, self-extension
d = deque([1, 2])
d.extend('ab')
d.extendleft([3, 4])
print(d)
d.extend(d)
print(d)
d.extendleft(d)
print(d)
d = deque([1, 2, 3], 4)
d.extend(d)
print(d)
err(d.extend, 5)
err(d.extend)


def gen():
    yield 1
    raise ValueError('boom')


d = deque()
err(d.extend, gen())
print(d)

# clear, copy
d = deque([1, 2, 3], 5)
c = d.copy()
print(c, c.maxlen, c is d, d.__copy__())
d.clear()
print(d, c)
err(d.copy, 1)

# count, index, insert, remove, reverse, rotate
d = deque([1, 2, 1, 3, 1])
print(d.count(1), d.count(4), d.count(1.0))
print(d.index(1), d.index(1, 1), d.index(1, 3), d.index(3, -3), d.index(1, -100, 100))
err(d.index, 1, 5)
err(d.index, 9)
err(d.index)
err(d.index, 1, 'a')
err(d.index, 1, x=1)
err(d.index, 1, 0, 2, 3)
print(d.index(1, 2**70 * -1, 2**70))
err(d.count)
d.insert(0, 'a')
d.insert(100, 'z')
d.insert(-1, 'y')
d.insert(-100, 'b')
d.insert(2, 'm')
print(d)
err(d.insert, 1)
err(d.insert, 'a', 1)
err(d.insert, 2**70, 1)
d2 = deque([1, 2], maxlen=2)
err(d2.insert, 0, 1)
err(deque(maxlen=0).insert, 0, 1)
d.remove('m')
print(d)
err(d.remove, 'm')
d.reverse()
print(d)
d = deque(range(6))
d.rotate()
print(d)
d.rotate(-2)
print(d)
d.rotate(15)
print(d)
d.rotate(0)
print(d)
err(d.rotate, 1, 2)
err(d.rotate, 'x')
err(d.rotate, 2**70)
deque().rotate(3)

# indexing
d = deque('abcde')
print(d[0], d[-1], d[2], d[-5])
err(lambda: d[5])
err(lambda: d[-6])
err(lambda: d[1:2])
err(lambda: d['a'])
d[1] = 'B'
d[-1] = 'E'
print(d)
del d[0]
del d[-2]
print(d)


def setitem(i, v):
    d[i] = v


def delitem(i):
    del d[i]


err(setitem, 10, 1)
err(setitem, slice(1, 2), 1)
err(delitem, 10)
err(delitem, -10)
print(len(d), bool(d), bool(deque()), 'B' in d, 'x' in d)

# repr
d = deque([1, 2])
d.append(d)
print(d, repr(deque(maxlen=3)), deque([[1], (2,)], 7))


class Sub(deque):
    pass


print(Sub([1, 2]), Sub([3], 4), repr(Sub()))

# comparisons
print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) != deque([1, 3]))
print(deque([1, 2]) < deque([1, 3]), deque([1, 2]) < deque([1, 2, 0]))
print(deque([1, 2]) <= deque([1, 2]), deque([2]) > deque([1, 9]), deque() >= deque())
print(deque([1]) == [1], deque([1]) != (1,), deque() == Sub())
err(lambda: deque([1]) < [1])
err(lambda: deque([1]) < deque(['a']))
nan = float('nan')
print(deque([nan]) == deque([nan]))

# arithmetic
d = deque([1, 2], 3)
print(d + deque([3, 4]), (d + deque([3])).maxlen, d * 2, 2 * d, d * 0, d * -1)
print(deque([1, 2, 3], 5) * 3, deque('ab') * 3, deque() * 5)
err(lambda: d + [1])
err(lambda: [1] + d)
err(lambda: d * 'a')
e = d
e += [7, 8]
print(e, e is d)
e *= 2
print(e, e is d)
e = deque([1, 2])
e *= 1
print(e)
e *= 0
print(e)
err(lambda: deque([1, 2], 5) * (2**62))
print(len(deque([1], 5) * (2**62)), deque([1, 2, 3], 4) * 2)
err(hash, deque())
print(deque.__hash__)

# iteration and mutation
d = deque(range(5))
print(list(d), list(reversed(d)), d.__reversed__().__length_hint__())
it = iter(d)
next(it)
print(it.__length_hint__(), list(it), it.__length_hint__())
for mutate in (lambda: d.append(9), lambda: d.pop(), lambda: d.clear(),
               lambda: d.rotate(1), lambda: d.extend([1]), lambda: d.insert(0, 1)):
    d = deque(range(5))
    it = iter(d)
    next(it)
    mutate()
    err(next, it)
    err(next, it)
d = deque(range(5))
it = iter(d)
d[0] = 'x'
print(list(it))
d = deque(range(5))
it = reversed(d)
next(it)
d.appendleft(1)
err(next, it)

# __eq__ mutating the deque


class Mut:
    def __init__(self, d, result=False):
        self.d = d
        self.result = result

    def __eq__(self, other):
        self.d.append(0)
        return self.result


d = deque([1, 2, 3])
err(d.count, Mut(d))
d = deque([1, 2, 3])
err(d.index, Mut(d))
d = deque([1, 2, 3])
print(d.index(Mut(d, True)))
d = deque([1, 2, 3])
err(d.remove, Mut(d))
d = deque([1, 2, 3])
err(lambda: Mut(d) in d)
d = deque([1, 2, 3])
print(Mut(d, True) in d)


class Clear:
    def __init__(self, d):
        self.d = d

    def __eq__(self, other):
        self.d.clear()
        return False


d = deque([1, 2, 3])
err(d.count, Clear(d))
d = deque([Clear(None), 1])
d[0].d = d
err(lambda: d == deque([1, 1]))
print(d)
d = deque([Clear(None), 1])
d[0].d = d
err(d.remove, 5)


class Boom:
    def __eq__(self, other):
        raise ZeroDivisionError('eq')


err(deque([Boom()]).count, 1)
err(deque([Boom()]).index, 1)
err(deque([Boom()]).remove, 1)
err(lambda: 1 in deque([Boom()]))

# maxlen is read-only
d = deque(maxlen=2)
print(d.maxlen, deque().maxlen)
try:
    d.maxlen = 3
except AttributeError as e:
    print('AttributeError')

# __reduce__, __class_getitem__, weak references, subclasses, gc
print(deque([1, 2]).__reduce__()[0], deque([1, 2]).__reduce__()[1], list(deque([1, 2]).__reduce__()[3]))
print(deque([1], 3).__reduce__()[:3])
s = Sub([1])
s.x = 5
print(s.__reduce__()[:3])
print(deque[int], deque[int].__origin__ is deque)
d = deque()
r = weakref_ref(d)
print(r() is d)
del d
print(r())


class Sub2(deque):
    def __init__(self, *args):
        super().__init__(*args)
        self.extra = 'e'


s = Sub2([1, 2], 5)
c = s.copy()
print(type(c).__name__, c, c.extra, type(s + s).__name__, type(s * 2).__name__)


class BadNew(deque):
    def __new__(cls, *args):
        return [1]


err(BadNew.__copy__, deque.__new__(BadNew))
d = deque()
d.append(d)
r = weakref_ref(d)
del d
gc.collect()
print(r())
print(gc.is_tracked(deque()))
print(list(deque(range(100000), 3)), sum(deque(range(10000))))

# defaultdict
print('defaultdict')
from _collections import defaultdict
print(defaultdict.__name__, defaultdict.__module__, defaultdict.__mro__)
d = defaultdict(list)
d['a'].append(1)
d['b']
print(d, d.default_factory, len(d), 'a' in d, 'c' in d, d.get('c'))
print(defaultdict(), defaultdict(None), defaultdict(int, {'x': 1}, y=2))
print(defaultdict(int, [('a', 1)]), defaultdict(None, a=1))
err(defaultdict, 1)
err(defaultdict, 'abc')
err(defaultdict, int, 1)
err(defaultdict, int, {}, {})
err(defaultdict, default_factory=int)
d = defaultdict()
err(lambda: d['missing'])
err(lambda: d[(1, 2)])
print(d, d.default_factory)
d.default_factory = lambda: 'v'
print(d['k'], dict(d))
d.default_factory = None
err(lambda: d['z'])
del d.default_factory
print(d.default_factory)
err(d.__missing__)
print(defaultdict(int).__missing__('q'))
dd = defaultdict(int)
print(dd.__missing__('q'), dd)


def boom():
    raise ValueError('factory')


dd = defaultdict(boom)
err(lambda: dd[1])
print(dict(dd))
# get and `in` do not call the factory
dd = defaultdict(int)
print(dd.get(1), 1 in dd, dd.setdefault(2, 5), dd.pop(3, None), dd)
# __init__ again replaces the factory and updates
dd = defaultdict(int, a=1)
dd.__init__(list, b=2)
print(dd)
dd.__init__()
print(dd, dd.default_factory)
err(dd.__init__, 3)

# copies
dd = defaultdict(list, {'a': [1]})
c = dd.copy()
print(type(c).__name__, c, c.default_factory is list, c['a'] is dd['a'], dd.__copy__())
print(defaultdict().copy())
# repr of factories, recursive factory
print(defaultdict(lambda: 0).__repr__().startswith('defaultdict(<function <lambda>'))
dd = defaultdict()
dd.default_factory = dd.__missing__
print(repr(dd).startswith('defaultdict(<bound method defaultdict.__missing__ of defaultdict(...'))
dd = defaultdict(list)
dd['self'] = dd
print(dd)


class DSub(defaultdict):
    pass


s = DSub(int)
s['x'] += 3
print(s, type(s.copy()).__name__, s.copy())
s.attr = 1
print(s.attr, DSub.__mro__)


class DSub2(defaultdict):
    def __missing__(self, key):
        return key * 2


print(DSub2(int)['ab'], len(DSub2(int)))


class DRepr(defaultdict):
    def __repr__(self):
        return 'DRepr!'


print(repr(DRepr()), str(DRepr()))

# | and |=
a = defaultdict(int, {'a': 1})
b = {'b': 2, 'a': 3}
print(a | b, b | a, type(a | b).__name__, type(b | a).__name__)
print((a | b).default_factory, (b | a).default_factory)
print(a | defaultdict(list, c=1))
print((DSub(str) | {'q': 1}), type(DSub(str) | {}).__name__)
err(lambda: a | [1])
err(lambda: [1] | a)
a |= {'z': 9}
print(a, type(a).__name__)
a |= [('y', 8)]
print(a)
err(a.__ior__, 5)

# __reduce__, equality, hashing, __class_getitem__
dd = defaultdict(list, {'a': 1})
r = dd.__reduce__()
print(r[0], r[1], r[2], r[3], list(r[4]))
r = defaultdict().__reduce__()
print(r[1])
print(defaultdict(int, a=1) == {'a': 1}, {'a': 1} == defaultdict(list, a=1))
err(hash, defaultdict())
print(defaultdict[str, int], isinstance(defaultdict(), dict))
print(defaultdict.default_factory.__doc__)
# a cycle through the factory
err(weakref_ref, defaultdict())
dd = DSub()
dd.default_factory = dd.copy
r = weakref_ref(dd)
del dd
gc.collect()
print(r())
print(gc.is_tracked(defaultdict()))

# _count_elements
print('_count_elements')
from _collections import _count_elements
m = {}
_count_elements(m, 'abracadabra')
print(m)
m = {'a': 10}
_count_elements(m, 'aab')
print(m)
m = defaultdict(int)
_count_elements(m, [1, 2, 1])
print(m)


class Tracker(dict):
    def get(self, key, default=None):
        print('get', key, default)
        return dict.get(self, key, default)

    def __setitem__(self, key, value):
        print('set', key, value)
        dict.__setitem__(self, key, value)


m = Tracker()
_count_elements(m, 'xyx')
print(m)
err(_count_elements, {}, 5)
err(_count_elements, {})
err(_count_elements, 5, 'a')
err(_count_elements, {'a': 'x'}, 'a')
err(_count_elements, {}, [[1]])
m = {}
_count_elements(m, iter(()))
print(m)
# OrderedDict is not in Ophis's _collections.
print(sorted(n for n in dir(_collections)
             if not n.startswith('__') and n != 'OrderedDict'))

# the iterators' constructors and __reduce__ (for pickling)
from _collections import _deque_iterator, _deque_reverse_iterator
print(_deque_iterator, _deque_reverse_iterator)
d = deque([1, 2, 3])
print(list(_deque_iterator(d, 1)), list(_deque_reverse_iterator(d, 1)),
      list(_deque_iterator(d, 10)), list(_deque_iterator(d, -1)),
      list(_deque_reverse_iterator(d)), list(_deque_iterator(d, index=2)))
it = iter(d)
next(it)
print(it.__reduce__())
it = reversed(d)
next(it)
next(it)
print(it.__reduce__())
err(_deque_iterator)
err(_deque_iterator, 1)
err(_deque_iterator, d, 'a')
err(_deque_iterator, d, 1, 2)
err(_deque_reverse_iterator, [1])
err(_deque_iterator, d, 2**70)
d.append(4)
print(list(_deque_iterator(d, 1)), list(_deque_reverse_iterator(d, 3)))

# _tuplegetter (namedtuple's field descriptors)
print('_tuplegetter')
from _collections import _tuplegetter
g = _tuplegetter(1, 'doc of x')
print(g, g.__doc__, type(g).__module__, type(g).__qualname__, g.__reduce__())


class P(tuple):
    x = g
    y = _tuplegetter(0, None)


p = P((1, 2))
print(p.x, p.y, P.x is g, g.__get__(None, P) is g, g.__get__((5, 6)), g.__get__((5, 6), tuple))
err(g.__get__, [1, 2])
err(_tuplegetter(5, None).__get__, (1,))
err(_tuplegetter(-1, None).__get__, (1, 2))
err(setattr, p, 'x', 1)
err(delattr, p, 'x')
err(g.__set__, p, 1)
err(g.__delete__, p)
err(_tuplegetter)
err(_tuplegetter, 'a', None)
err(_tuplegetter, 1)
err(_tuplegetter, 1, 2, 3)
err(_tuplegetter, index=1, doc=2)
err(_tuplegetter, 2**70, None)
g.__doc__ = 'new'
print(g.__doc__, _tuplegetter(0, None).__doc__, repr(_tuplegetter(3, [1])))
try:
    class S(_tuplegetter):
        pass
except TypeError as e:
    print(type(e).__name__, e)
