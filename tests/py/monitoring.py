# sys.monitoring (PEP 669) as Python 3.12.1 has it: the module's contents,
# tool ids and their errors, callbacks and their arguments for every event,
# global and local event sets, DISABLE and restart_events, failing
# callbacks, the order with sys.settrace/setprofile (issue 15).
import sys

mon = sys.monitoring
E = mon.events
log = []


def fmt(a):
    if hasattr(a, "co_name"):
        return "code:" + a.co_name
    if a is mon.MISSING:
        return "MISSING"
    if isinstance(a, BaseException):
        return "%s(%s)" % (type(a).__name__, a)
    if isinstance(a, (int, str, list, tuple)) or a is None:
        return repr(a)
    name = getattr(a, "__name__", None)
    return "<%s %s>" % (type(a).__name__, name) if name else "<%s>" % type(a).__name__


def rec(ev, ret=None):
    def f(*args):
        log.append(ev + " " + " ".join(fmt(a) for a in args))
        return ret
    return f


def show(title):
    print("--", title)
    for line in log:
        print("  ", line)
    log.clear()


def attempt(label, f, *a):
    try:
        r = f(*a)
        print(label, "->", fmt(r))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


ALL = ["PY_START", "PY_RESUME", "PY_RETURN", "PY_YIELD", "CALL", "C_RETURN",
       "C_RAISE", "RAISE", "RERAISE", "EXCEPTION_HANDLED", "PY_UNWIND",
       "PY_THROW", "STOP_ITERATION", "LINE", "JUMP", "BRANCH", "INSTRUCTION"]


def register_all(tool):
    for ev in ALL:
        mon.register_callback(tool, getattr(E, ev), rec(ev))


def events_of(*names):
    m = 0
    for n in names:
        m |= getattr(E, n)
    return m


# ---- the module -------------------------------------------------------
print(type(mon).__name__, mon.__name__, mon.__doc__, mon.__spec__, mon.__package__)
print(sorted(n for n in dir(mon) if not n.startswith("__")))
print(mon.events)
print(sorted((k, v) for k, v in vars(E).items()))
print(mon.DEBUGGER_ID, mon.COVERAGE_ID, mon.PROFILER_ID, mon.OPTIMIZER_ID)
print(type(mon.DISABLE).__name__, type(mon.MISSING).__name__, mon.DISABLE is mon.MISSING)
try:
    import sys.monitoring
except ImportError as e:
    print(type(e).__name__, e)

# SimpleNamespace, the type of `events`
NS = type(E)
print(NS.__name__, NS.__module__ if hasattr(NS, "__module__") else "")
n = NS(a=1, b="x")
print(n, n.a, n.b, vars(n))
n.c = [n]
print(n)
del n.a
print(n, n == NS(b="x", c=n.c), n == NS(b="x"), n != NS(b="x"), n == 5)
attempt("positional", NS, 1)
attempt("missing attr", getattr, n, "zz")


class Sub(NS):
    pass


print(Sub(q=1), Sub(q=1) == NS(q=1))

# ---- tool ids and their errors -----------------------------------------
attempt("use 6", mon.use_tool_id, 6, "x")
attempt("use -1", mon.use_tool_id, -1, "x")
attempt("use 1.0", mon.use_tool_id, 1.0, "x")
attempt("use big", mon.use_tool_id, 2**70, "x")
attempt("use name int", mon.use_tool_id, 1, 5)
attempt("use ok", mon.use_tool_id, 1, "cov")
attempt("use again", mon.use_tool_id, 1, "cov2")
attempt("get_tool 1", mon.get_tool, 1)
attempt("get_tool 2", mon.get_tool, 2)
attempt("get_tool 7", mon.get_tool, 7)
attempt("set_events unused", mon.set_events, 2, E.LINE)
attempt("set_events unused bad", mon.set_events, 2, 1 << 20)
attempt("set_events bad", mon.set_events, 1, 1 << 20)
attempt("set_events neg", mon.set_events, 1, -1)
attempt("set_events c", mon.set_events, 1, E.C_RETURN)
attempt("set_events str", mon.set_events, 1, "x")
attempt("set_events call", mon.set_events, 1, E.CALL)
attempt("get_events", mon.get_events, 1)
print(mon._all_events())
attempt("get_events unused", mon.get_events, 3)
attempt("set_events 0", mon.set_events, 1, 0)
print(mon._all_events())
attempt("reg unused", mon.register_callback, 3, E.LINE, print)
attempt("reg unused again", mon.register_callback, 3, E.LINE, None)
attempt("reg two", mon.register_callback, 1, E.LINE | E.CALL, print)
attempt("reg zero", mon.register_callback, 1, 0, print)
attempt("reg bad", mon.register_callback, 1, 1 << 20, print)
attempt("reg ok", mon.register_callback, 1, E.LINE, print)
attempt("reg again", mon.register_callback, 1, E.LINE, None)
attempt("reg again2", mon.register_callback, 1, E.LINE, None)
attempt("reg noncallable", mon.register_callback, 1, E.LINE, 5)
attempt("reg c_return", mon.register_callback, 1, E.C_RETURN, len)
mon.register_callback(1, E.LINE, None)
mon.register_callback(1, E.C_RETURN, None)


def g():
    pass


attempt("local unused", mon.set_local_events, 3, g.__code__, E.LINE)
attempt("local notcode", mon.set_local_events, 1, g, E.LINE)
attempt("local raise", mon.set_local_events, 1, g.__code__, E.RAISE)
attempt("local ok", mon.set_local_events, 1, g.__code__, E.LINE | E.CALL)
attempt("get_local", mon.get_local_events, 1, g.__code__)
attempt("get_local notcode", mon.get_local_events, 1, 5)
attempt("get_local unused", mon.get_local_events, 4, g.__code__)
attempt("free", mon.free_tool_id, 1)
attempt("get_tool after free", mon.get_tool, 1)
attempt("get_local after free", mon.get_local_events, 1, g.__code__)
attempt("free again", mon.free_tool_id, 1)
attempt("free 9", mon.free_tool_id, 9)
attempt("use after free", mon.use_tool_id, 1, "again")
attempt("clear local", mon.set_local_events, 1, g.__code__, 0)
mon.free_tool_id(1)
attempt("restart", mon.restart_events)
attempt("arity", mon.use_tool_id, 1)
attempt("arity 0", mon.get_events)

# ---- every event of a function -------------------------------------------


def gen():
    yield 1
    try:
        yield 2
    except ValueError:
        pass
    return 3


def f(n):
    t = 0
    for i in range(n):
        if i % 2:
            t += i
    try:
        len(5)
    except TypeError:
        t += 1
    try:
        try:
            raise KeyError("k")
        finally:
            t += 1
    except KeyError:
        pass
    x = gen()
    next(x)
    next(x)
    try:
        x.throw(ValueError("v"))
    except StopIteration as e:
        t += e.value
    return t


mon.use_tool_id(0, "probe")
register_all(0)
everything = events_of(*[e for e in ALL if e not in ("C_RETURN", "C_RAISE", "INSTRUCTION")])
mon.set_events(0, everything)
f(3)
mon.set_events(0, 0)
show("every event of f")


def loops(n):
    i = 0
    while i < n:
        i += 1
        if i is None:
            break
    k = [j * 2 for j in range(2) if j]
    while True:
        if n:
            break
    return i, k


mon.set_events(0, events_of("LINE", "JUMP", "BRANCH"))
loops(2)
mon.set_events(0, 0)
show("while, comprehension, is None")


def h(x):
    y = x + 1
    return y


mon.set_local_events(0, h.__code__, E.INSTRUCTION | E.LINE)
h(1)
g()
mon.set_local_events(0, h.__code__, 0)
h(1)
show("local INSTRUCTION and LINE on h only")
print(mon.get_local_events(0, h.__code__))


def loop2():
    t = 0
    for i in range(2): t += h(i)
    return t


mon.register_callback(0, E.LINE, rec("LINE", mon.DISABLE))
mon.set_events(0, E.LINE | E.JUMP)
loop2()
loop2()
mon.set_events(0, 0)
show("LINE disabled where it fired")
mon.restart_events()
mon.set_events(0, E.LINE)
loop2()
mon.set_events(0, 0)
show("after restart_events")
mon.register_callback(0, E.LINE, rec("LINE"))

mon.register_callback(0, E.PY_START, rec("PY_START", mon.DISABLE))
mon.set_events(0, E.PY_START)
h(1); h(2); g()
mon.set_events(0, 0)
show("PY_START disabled per code")
mon.restart_events()
mon.register_callback(0, E.PY_START, rec("PY_START"))

mon.register_callback(0, E.RAISE, rec("RAISE", mon.DISABLE))
mon.set_events(0, E.RAISE)
try:
    try:
        raise KeyError(1)
    except KeyError:
        pass
except Exception as e:
    print("disable RAISE:", type(e).__name__, e)
print(mon.register_callback(0, E.RAISE, None))
mon.set_events(0, 0)
show("RAISE cannot be disabled")
mon.register_callback(0, E.RAISE, rec("RAISE"))

mon.register_callback(0, E.C_RETURN, rec("C_RETURN", mon.DISABLE))
mon.set_events(0, E.CALL)
try:
    len("ab")
    len("abc")
except Exception as e:
    print("disable C_RETURN:", type(e).__name__, e)
mon.set_events(0, 0)
show("C_RETURN cannot be disabled")
mon.register_callback(0, E.C_RETURN, rec("C_RETURN"))


class K:
    def m(self, a):
        return a


def calls():
    k = K()
    k.m(1)
    "a b".split()
    sorted([2, 1], reverse=True)
    try:
        int("x")
    except ValueError:
        pass
    return (lambda: 5)()


mon.set_events(0, E.CALL)
calls()
mon.set_events(0, 0)
show("CALL, C_RETURN, C_RAISE")


def sub():
    yield 1
    return 5


def deleg():
    r = yield from sub()
    return r


def usefor():
    for x in sub():
        pass
    return list(deleg())


mon.set_events(0, events_of("STOP_ITERATION", "PY_RETURN", "PY_YIELD", "PY_UNWIND",
                            "RAISE", "EXCEPTION_HANDLED", "RERAISE"))
usefor()
mon.set_events(0, 0)
show("STOP_ITERATION")


def unw():
    raise ValueError


def rr():
    try:
        unw()
    except ValueError:
        raise


def fin():
    try:
        unw()
    finally:
        pass


mon.set_events(0, events_of("PY_UNWIND", "RAISE", "PY_START", "RERAISE", "EXCEPTION_HANDLED"))
for fn in (unw, rr, fin):
    try:
        fn()
    except ValueError:
        pass
mon.set_events(0, 0)
show("raise, reraise, unwind")


class CM:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return True


def with_block():
    with CM():
        raise KeyError("w")
    return 1


mon.set_events(0, events_of("RAISE", "RERAISE", "EXCEPTION_HANDLED", "PY_UNWIND", "LINE"))
with_block()
mon.set_events(0, 0)
show("with suppressing")


async def coro():
    return 7


async def outer():
    return await coro()


mon.set_events(0, events_of("PY_START", "PY_RETURN", "STOP_ITERATION", "PY_YIELD", "PY_RESUME"))
c = outer()
try:
    c.send(None)
except StopIteration as e:
    print("coroutine returned", e.value)
mon.set_events(0, 0)
show("coroutines")


def bad(*a):
    raise RuntimeError("callback failed")


mon.register_callback(0, E.PY_START, bad)
mon.set_events(0, E.PY_START)
try:
    h(1)
except RuntimeError as e:
    print("PY_START callback raised:", e)
mon.set_events(0, 0)
mon.register_callback(0, E.LINE, bad)
mon.set_local_events(0, h.__code__, E.LINE)
try:
    h(1)
except RuntimeError as e:
    print("LINE callback raised:", e)
mon.set_local_events(0, h.__code__, 0)
mon.register_callback(0, E.PY_START, rec("PY_START"))
mon.register_callback(0, E.LINE, rec("LINE"))


def nested_cb(code, off):
    h(5)
    log.append("outer callback for " + code.co_name)


mon.register_callback(0, E.PY_START, nested_cb)
mon.set_events(0, E.PY_START)
h(1)
mon.set_events(0, 0)
show("no events inside a callback")
mon.register_callback(0, E.PY_START, rec("PY_START"))


def tr(frame, event, arg):
    log.append("trace %s %s" % (event, frame.f_code.co_name))
    return tr


def pr(frame, event, arg):
    log.append("prof %s %s" % (event, frame.f_code.co_name))


mon.set_events(0, E.PY_START | E.PY_RETURN | E.LINE)
sys.settrace(tr)
sys.setprofile(pr)
h(2)
sys.settrace(None)
sys.setprofile(None)
mon.set_events(0, 0)
show("order: trace, profile, tool 0")

mon.use_tool_id(2, "second")
mon.register_callback(2, E.PY_START, rec("tool2 PY_START"))
mon.set_events(0, E.PY_START)
mon.set_events(2, E.PY_START)
h(3)
mon.set_events(0, 0)
mon.set_events(2, 0)
show("two tools: the higher id first")
print(mon._all_events())
mon.free_tool_id(2)
mon.free_tool_id(0)
print(mon.get_tool(0), mon.get_events(0))
