"""types.CodeType(...): code.__new__ with 3.12's positional-only
parameters, a code object rebuilt from another's fields (equal, and it
runs), the optional freevars/cellvars, and the errors of each argument."""
import types
def f(a, b=1):
    return a + b
c = f.__code__
args = (c.co_argcount, c.co_posonlyargcount, c.co_kwonlyargcount, c.co_nlocals, c.co_stacksize, c.co_flags, c.co_code, c.co_consts, c.co_names, c.co_varnames, c.co_filename, c.co_name, c.co_qualname, c.co_firstlineno, c.co_linetable, c.co_exceptiontable, c.co_freevars, c.co_cellvars)
c2 = types.CodeType(*args)
print(c2 == c, c2.co_name, c2.co_varnames)
def g(a, b=1):
    return a * b
g.__code__ = c2
print(g(2), g(2, 5))
c3 = types.CodeType(*args[:16])
print(c3 == c, c3.co_freevars, c3.co_cellvars)
def bad(i, v):
    a = list(args); a[i] = v
    try:
        types.CodeType(*a)
    except Exception as e:
        # SystemError's text names CPython's C source line: type only.
        print(i, type(e).__name__, '' if type(e) is SystemError else e)
for i, v in [(0, 'x'), (0, -1), (1, -1), (3, -1), (4, -1), (5, -1), (6, 'x'), (7, []), (8, ['a']), (8, (1,)), (9, (1,)), (10, b'f'), (11, 1), (12, None), (13, 'x'), (14, 'x'), (15, None), (16, [1]), (17, (2,)), (0, 2**40), (6, b'\x00')]:
    bad(i, v)
try:
    types.CodeType(*args[:15])
except TypeError as e:
    print(e)
try:
    types.CodeType(*args, 1)
except TypeError as e:
    print(e)
try:
    types.CodeType(*args[:16], freevars=())
except TypeError as e:
    print(e)
import sys
seen = []
sys.addaudithook(lambda ev, a: seen.append((ev, a[1:])) if ev == 'code.__new__' else None)
types.CodeType(*args)
print(seen)
