"""Generators resumed inside the caller's loop (FOR_ITER and SEND):
return values, finally blocks, exceptions through the caller, the handled
exception of each side, delegation, re-entry and deep recursion."""

def gen(n):
    try:
        for i in range(n):
            yield i
        return "done"
    finally:
        print("finally", n)

def boom():
    yield 1
    raise ValueError("boom")

for x in gen(3):
    print(x)
try:
    for x in boom():
        print("got", x)
except ValueError as e:
    import sys
    print("caught", e, sys.exception())
def inner():
    try:
        raise KeyError("k")
    except KeyError:
        yield 1
        import sys
        print("inner exc", repr(sys.exception()))
        yield 2
try:
    raise TypeError("outer")
except TypeError:
    for v in inner():
        import sys
        print(v, repr(sys.exception()))
def deleg():
    r = yield from gen(2)
    print("r =", r)
    return 5
print(list(deleg()))
g = gen(5)
for x in g:
    if x == 2: break
print(next(g), g.gi_running)
g.close()
def selfiter():
    for x in g2:
        yield x
g2 = selfiter()
try:
    next(g2)
except ValueError as e:
    print(e)
def rec(n):
    if n: yield from rec(n-1)
    yield n
print(sum(rec(50)))
import sys
def deep(n):
    for x in deep(n+1):
        yield x
    yield n
try:
    for x in deep(0): pass
except RecursionError as e:
    print("RecursionError", e)
