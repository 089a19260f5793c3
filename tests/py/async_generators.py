# Async generators driven without an event loop (send(None) as CPython
# allows): asend/athrow/aclose, __anext__/__aiter__, async for, aiter/anext,
# and the errors.
def run(coro):
    """Drive a coroutine to its end; print what it awaits on the way."""
    try:
        while True:
            v = coro.send(None)
            print("  loop got", v)
    except StopIteration as e:
        return e.value

class suspend:
    def __init__(self, v):
        self.v = v
    def __await__(self):
        r = yield self.v
        return r

async def counter(n):
    for i in range(n):
        got = yield i
        if got is not None:
            print("  counter got", got)
    print("  counter done")

async def main():
    out = []
    async for x in counter(3):
        out.append(x)
    print("async for", out)
    print("comprehension", [x async for x in counter(4) if x % 2])
    g = counter(5)
    print("aiter is self", aiter(g) is g, g.__aiter__() is g)
    print("anext", await anext(g), await g.__anext__())
    print("asend", await g.asend("hello"))
    print("anext default", await anext(counter(0), "dflt"))
    try:
        await anext(counter(0))
    except StopAsyncIteration as e:
        print("StopAsyncIteration", repr(e))
    return "main done"

print(run(main()))

# the objects
ag = counter(2)
print(type(ag).__name__, repr(ag).startswith("<async_generator object counter at 0x"))
print(ag.__name__, ag.__qualname__, ag.ag_code.co_name, ag.ag_running, ag.ag_await, ag.ag_suspended)
print(ag.ag_frame is not None, type(ag.ag_frame).__name__)
n = ag.__anext__()
print(type(n).__name__, type(ag.aclose()).__name__, type(ag.athrow(ValueError)).__name__)
print(n.__await__() is n, iter(n) is n)
try:
    n.send(None)
except StopIteration as e:
    print("first value", e.value, e.args)
try:
    n.send(None)
except RuntimeError as e:
    print(e)
print("suspended", ag.ag_suspended, ag.ag_running)

# awaits inside an async generator pass through to the loop
async def with_awaits():
    x = await suspend("to-loop-1")
    yield ("after", x)
    y = await suspend("to-loop-2")
    yield ("again", y)

g = with_awaits()
a = g.asend(None)
print("yielded to loop", a.send(None), g.ag_running, repr(g.ag_await)[:20])
try:
    a.send("resumed")
except StopIteration as e:
    print("value", e.value)
a = g.__anext__()
print("yielded to loop", a.send(None))
try:
    a.send("r2")
except StopIteration as e:
    print("value", e.value)
a = g.__anext__()
try:
    a.send(None)
except StopAsyncIteration as e:
    print("exhausted", repr(e))
print("after exhaustion", g.ag_frame, g.ag_running)

# already running
g = with_awaits()
a1 = g.__anext__()
a1.send(None)
a2 = g.__anext__()
try:
    a2.send(None)
except RuntimeError as e:
    print(e)
t = g.athrow(ValueError)
try:
    t.send(None)
except RuntimeError as e:
    print(e)
c = g.aclose()
try:
    c.send(None)
except RuntimeError as e:
    print(e)

# athrow: caught and yielding, uncaught
async def catcher():
    while True:
        try:
            yield "normal"
        except ValueError as e:
            yield "caught " + str(e)
        except KeyError:
            return

g = catcher()
try:
    g.__anext__().send(None)
except StopIteration as e:
    print(e.value)
try:
    g.athrow(ValueError("boom")).send(None)
except StopIteration as e:
    print(e.value)
try:
    g.__anext__().send(None)
except StopIteration as e:
    print(e.value)
try:
    g.athrow(KeyError).send(None)
except StopAsyncIteration as e:
    print("athrow ended it", repr(e))
try:
    g.athrow(ValueError).send(None)
except StopIteration as e:
    print("athrow on finished", repr(e))
t = catcher().athrow(TypeError("first"))
try:
    t.send(None)
except TypeError as e:
    print("athrow before start", repr(e))
try:
    t.send(None)
except RuntimeError as e:
    print(e)
print(type(catcher().athrow()).__name__)
for args in ((), (1, 2, 3, 4)):
    try:
        catcher().athrow(*args).send(None)
    except TypeError as e:
        print(e)

# aclose
async def closing():
    try:
        yield 1
        yield 2
    finally:
        print("  finally in closing")

g = closing()
try:
    g.__anext__().send(None)
except StopIteration as e:
    print("got", e.value)
c = g.aclose()
try:
    c.send(None)
except StopIteration as e:
    print("aclose done", repr(e))
try:
    c.send(None)
except RuntimeError as e:
    print(e)
try:
    g.__anext__().send(None)
except StopAsyncIteration:
    print("closed generator: StopAsyncIteration")
c = closing().aclose()
try:
    c.send(None)
except StopIteration:
    print("aclose of a fresh generator")

async def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2

g = stubborn()
try:
    g.__anext__().send(None)
except StopIteration:
    pass
try:
    g.aclose().send(None)
except RuntimeError as e:
    print(e)

async def awaits_in_finally():
    try:
        yield 1
    finally:
        r = await suspend("cleanup")
        print("  cleanup resumed with", r)

g = awaits_in_finally()
try:
    g.__anext__().send(None)
except StopIteration:
    pass
c = g.aclose()
print("aclose awaits", c.send(None))
try:
    c.send("ok")
except StopIteration:
    print("aclose finished after await")

# asend with non-None to a fresh generator, throw on asend
try:
    counter(1).asend(5).send(None)
except TypeError as e:
    print(e)
g = counter(3)
a = g.__anext__()
try:
    a.throw(ValueError("in asend"))
except ValueError as e:
    print("throw through asend", repr(e))
try:
    a.send(None)
except RuntimeError as e:
    print(e)
a = counter(1).__anext__()
print("asend close", a.close())
try:
    a.send(None)
except RuntimeError as e:
    print(e)

# StopAsyncIteration/StopIteration raised inside
async def bad_stop():
    yield 1
    raise StopAsyncIteration

async def bad_stop2():
    raise StopIteration
    yield

for f in (bad_stop, bad_stop2):
    g = f()
    try:
        while True:
            g.__anext__().send(None)
    except StopIteration:
        try:
            g.__anext__().send(None)
        except RuntimeError as e:
            print(f.__name__, "RuntimeError:", e, repr(e.__cause__))
    except RuntimeError as e:
        print(f.__name__, "RuntimeError:", e, repr(e.__cause__))

# async for errors, aiter/anext errors
async def bad_for():
    async for x in [1, 2]:
        pass

try:
    run(bad_for())
except TypeError as e:
    print(e)
for bad in (lambda: aiter(1), lambda: anext(1), lambda: anext(), lambda: anext(1, 2, 3)):
    try:
        bad()
    except TypeError as e:
        print(e)

class AIt:
    def __init__(self):
        self.n = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        self.n += 1
        if self.n > 2:
            raise StopAsyncIteration
        return self.n

async def use_class():
    print("class aiter", [x async for x in AIt()], await anext(AIt()))
    it = AIt()
    print(await anext(it, "d"), await anext(it, "d"), await anext(it, "d"))

run(use_class())

class NotAIt:
    def __aiter__(self):
        return 1
try:
    aiter(NotAIt())
except TypeError as e:
    print(e)

# return with a value is a SyntaxError for async generators
try:
    compile("async def f():\n    yield 1\n    return 2\n", "<s>", "exec")
except SyntaxError as e:
    print("SyntaxError:", e.msg)

# a suspended async generator dropped: closed like a generator
async def dropped():
    try:
        yield 1
    finally:
        print("  dropped generator finalized")

g = dropped()
try:
    g.__anext__().send(None)
except StopIteration:
    pass
del g
print("end")
