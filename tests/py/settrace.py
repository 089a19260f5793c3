# sys.settrace / sys.setprofile: event order, arguments, lines, generators,
# throw, exceptions, f_trace/f_trace_lines, failing hooks (issue 15).
import sys

events = []


def name(arg):
    if isinstance(arg, tuple) and len(arg) == 3:
        return "(%s, %r, tb)" % (arg[0].__name__, arg[1])
    if callable(arg) and hasattr(arg, "__name__"):
        return "<%s>" % arg.__name__
    return repr(arg)


def prof(frame, event, arg):
    events.append("P %s %s %d %s" % (event, frame.f_code.co_name, frame.f_lineno, name(arg)))


def trace(frame, event, arg):
    events.append("T %s %s %d %s" % (event, frame.f_code.co_name, frame.f_lineno, name(arg)))
    return trace


def show(title):
    print("--", title)
    for e in events:
        print(e)
    events.clear()


def add(a, b):
    c = a + b
    return c


def loop(n):
    i = 0
    t = 0
    while i < n:
        t = add(t, i)
        i = i + 1
    for j in range(2):
        t = t + j
    return t


def one_line():
    t = 0
    for j in range(3): t = t + j
    i = 0
    while i < 2: i = i + 1
    return t + i


def risky(v):
    try:
        if v < 0:
            raise ValueError("neg")
        w = v
    except ValueError:
        w = 0
    return w


def boom(q):
    r = q + 1
    raise KeyError(r)


def catcher():
    try:
        boom(1)
    except KeyError as e:
        return "caught %r" % (e,)


def reraiser():
    try:
        try:
            raise TypeError("x")
        finally:
            pass
    except TypeError:
        return 1


def builtins_calls(l):
    n = len(l)
    l.append(3)
    list.append(l, 4)
    s = "a b".split()
    x = int("5")
    try:
        len(5)
    except TypeError:
        pass
    return n + x + len(s)


def gen():
    x = yield 1
    yield x


# 1. profile: calls, returns, C calls
sys.setprofile(prof)
add(1, 2)
builtins_calls([1])
sys.setprofile(None)
show("profile")

# 2. trace: lines of loops, one-line loops
sys.settrace(trace)
loop(2)
one_line()
sys.settrace(None)
show("trace loops")

# 3. exceptions
sys.settrace(trace)
risky(-1)
catcher()
reraiser()
sys.settrace(None)
show("trace exceptions")
sys.setprofile(prof)
catcher()
sys.setprofile(None)
show("profile exceptions")

# 4. generators: CALL on each resume, RETURN on each yield; throw
sys.setprofile(prof)
g = gen()
next(g)
g.send(7)
g2 = gen()
next(g2)
try:
    g2.throw(KeyError("k"))
except KeyError:
    pass
sys.setprofile(None)
show("profile generators")
sys.settrace(trace)
h = gen()
next(h)
h.send(8)
g3 = gen()
next(g3)
try:
    g3.throw(KeyError("t"))
except KeyError:
    pass
sys.settrace(None)
show("trace generators")

# 5. both hooks: trace first
sys.setprofile(prof)
sys.settrace(trace)
add(2, 3)
sys.settrace(None)
sys.setprofile(None)
show("both")


# 6. local trace functions: None keeps tracing, a global None gives none
def local_none(frame, event, arg):
    events.append("L %s %s %d" % (event, frame.f_code.co_name, frame.f_lineno))
    return None


def glob(frame, event, arg):
    events.append("G %s %s" % (event, frame.f_code.co_name))
    if frame.f_code.co_name == "add":
        return local_none
    return None


sys.settrace(glob)
add(1, 1)
loop(1)
sys.settrace(None)
show("local trace")


# 7. f_trace_lines = False
def no_lines(frame, event, arg):
    frame.f_trace_lines = False
    events.append("N %s %s %d" % (event, frame.f_code.co_name, frame.f_lineno))
    return no_lines


sys.settrace(no_lines)
loop(1)
sys.settrace(None)
show("f_trace_lines")


# 8. a raising hook is removed and its error propagates
def bad(frame, event, arg):
    events.append("B %s %s" % (event, frame.f_code.co_name))
    if event == "line":
        raise RuntimeError("hook failed")
    return bad


sys.settrace(bad)
try:
    add(1, 2)
except RuntimeError as e:
    events.append("caught %r" % (e,))
events.append("gettrace %r" % (sys.gettrace(),))
sys.setprofile(5)
try:
    add(1, 2)
except TypeError as e:
    events.append("caught %r" % (e,))
events.append("getprofile %r" % (sys.getprofile(),))
show("failing hooks")


# 9. f_locals written back after the trace function
def setter(frame, event, arg):
    if event == "line" and frame.f_code.co_name == "victim" and frame.f_lineno == 3 + victim.__code__.co_firstlineno - 1:
        frame.f_locals["x"] = 100
    return setter


def victim():
    x = 1
    y = 2
    return x + y


sys.settrace(setter)
r = victim()
sys.settrace(None)
print("-- f_locals write-back", r)

# 10. getprofile / gettrace, hooks set inside running frames
print("-- get", sys.getprofile(), sys.gettrace())


def installs():
    sys.settrace(trace)
    a = 1
    add(a, 2)
    sys.settrace(None)
    return a


installs()
show("installed inside")
sys.setprofile(prof)
sys.setprofile(None)
show("profile of setprofile")
