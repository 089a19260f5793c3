# frame.f_lineno assignment from trace functions (jumps): which events
# allow one, the argument checks, line ranges, lines without code, the
# stack analysis (for loops, except, finally, with, calls in progress),
# values popped on the way out, generators, and the events after a jump.
import sys

log = []


def jumper(fn, frm, to, event="line", times=1):
    """A trace function that sets f_lineno of `fn`'s frame to `to` on the
    `times` first `event`s at line `frm` (lines relative to the def)."""
    first = fn.__code__.co_firstlineno
    done = [0]

    def trace(frame, ev, arg):
        if frame.f_code is not fn.__code__:
            return trace
        rel = frame.f_lineno - first
        log.append("%s %d" % (ev, rel))
        if ev == event and rel == frm and done[0] < times:
            done[0] += 1
            try:
                frame.f_lineno = to if isinstance(to, (float, str, type(None))) else first + to
            except Exception as e:
                log.append("refused %s: %s" % (type(e).__name__, e))
            else:
                log.append("jumped to %d" % (frame.f_lineno - first))
        return trace

    return trace


def run(fn, frm, to, event="line", times=1):
    out = []
    sys.settrace(jumper(fn, frm, to, event, times))
    try:
        r = fn(out)
    except Exception as e:
        r = "raised %s: %s" % (type(e).__name__, e)
    sys.settrace(None)
    print("%s %s->%s on %s: out=%r result=%r" % (fn.__name__, frm, to, event, out, r))
    print("   ", ", ".join(log))
    log.clear()


# -- 1. forward and backward within straight code; locals after jumps


def straight(out):
    a = 1
    b = 2
    out.append((a, b))
    a = 10
    out.append((a, b))
    return a + b


run(straight, 1, 3)
run(straight, 3, 1)
run(straight, 5, 2)
run(straight, 1, 6)
run(straight, 5, 3, times=2)


def skip_assignment(out):
    out.append(1)
    x = 5
    y = x + 1
    out.append((x, y) if y is not None else "y unbound")
    return x


run(skip_assignment, 1, 3)
run(skip_assignment, 1, 4)


def while_loop(out):
    i = 0
    while i < 3:
        out.append(i)
        i += 1
    out.append("end")


run(while_loop, 3, 5)
run(while_loop, 5, 1)
run(while_loop, 3, 2, times=4)

# -- 2. lines without code, out of range, the def line


def sparse(out):
    out.append(1)

    # a comment

    out.append(5)
    out.append(6)


run(sparse, 1, 2)
run(sparse, 1, 3)
run(sparse, 6, 4)
run(sparse, 1, -1)
run(sparse, 1, 7)
run(sparse, 1, 100)
run(sparse, 5, 0)

# -- 3. for loops: out (the iterator popped), into (refused), to the loop head


class Iter:
    def __init__(self, out, n):
        self.out = out
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i

    def __del__(self):
        self.out.append("iterator freed")


def for_out(out):
    for i in Iter(out, 3):
        out.append(i)
        out.append("body")
    out.append("after")
    return i


run(for_out, 2, 4)
run(for_out, 3, 4)
run(for_out, 4, 2)
run(for_out, 4, 3)
run(for_out, 1, 2)
run(for_out, 3, 1)
run(for_out, 3, 2)


def nested_for(out):
    for i in Iter(out, 2):
        for j in Iter(out, 2):
            out.append((i, j))
    out.append("after")


run(nested_for, 3, 4)
run(nested_for, 3, 1)
run(nested_for, 4, 3)


def comprehension(out):
    x = [
        i * 2
        for i in range(3)
    ]
    out.append(x)


run(comprehension, 2, 5)
run(comprehension, 5, 2)
run(comprehension, 1, 2)

# -- 4. try/except/finally


def try_except(out):
    try:
        out.append(2)
        1 / 0
    except ZeroDivisionError:
        out.append(5)
        out.append(sys.exc_info()[0].__name__)
    out.append(7)
    out.append(sys.exc_info()[0])


run(try_except, 2, 5)
run(try_except, 2, 4)
run(try_except, 5, 2)
run(try_except, 5, 7)
run(try_except, 6, 8)
run(try_except, 7, 5)
run(try_except, 1, 7)


def try_finally(out):
    try:
        out.append(2)
    finally:
        out.append(4)
    out.append(5)


run(try_finally, 2, 4)
run(try_finally, 4, 2)
run(try_finally, 4, 5)
run(try_finally, 5, 4)
run(try_finally, 1, 5)


def finally_raising(out):
    try:
        out.append(2)
        raise KeyError(3)
    finally:
        out.append(5)
        out.append(6)
    out.append(7)


run(finally_raising, 5, 7)
run(finally_raising, 6, 2)
run(finally_raising, 2, 6)


def nested_try(out):
    try:
        try:
            out.append(3)
            raise ValueError(4)
        except ValueError as e:
            out.append(6)
            out.append(repr(e))
        out.append(8)
    except Exception:
        out.append(10)
    out.append(11)


run(nested_try, 6, 11)
run(nested_try, 7, 3)
run(nested_try, 3, 10)
run(nested_try, 8, 6)

# -- 5. with blocks


class Manager:
    def __init__(self, out):
        self.out = out

    def __enter__(self):
        self.out.append("enter")
        return self

    def __exit__(self, *exc):
        self.out.append("exit %s" % (exc[0].__name__ if exc[0] else None))
        return False

    def __del__(self):
        self.out.append("manager freed")


def with_block(out):
    with Manager(out) as m:
        out.append(2)
        out.append(3)
    out.append(4)


run(with_block, 2, 4)
run(with_block, 3, 2)
run(with_block, 4, 2)
run(with_block, 1, 3)
run(with_block, 2, 1)


def with_raising(out):
    with Manager(out):
        out.append(2)
        raise KeyError(3)
    out.append(4)


run(with_raising, 2, 4)
run(with_raising, 3, 4)

# -- 6. in the middle of a call


def in_call(out):
    out.append(
        len(
            "abc"))
    out.append(4)
    out.append(5)


run(in_call, 3, 5)
run(in_call, 3, 4)
run(in_call, 4, 2)
run(in_call, 5, 3)

# -- 7. events that refuse, and arguments that are refused


def events(out):
    out.append(1)
    try:
        1 / 0
    except ZeroDivisionError:
        pass
    return 6


run(events, 0, 2, event="call")
run(events, 6, 1, event="return")
run(events, 3, 1, event="exception")
for bad in (1.5, "2", None):
    run(events, 1, bad)


def typed(frame, ev, arg):
    if ev == "line" and frame.f_code is kinds.__code__:
        for v in (True, 2**70, -(2**70), 2**40):
            try:
                frame.f_lineno = v
            except Exception as e:
                print("   %r: %s: %s" % (v, type(e).__name__, e))
        try:
            del frame.f_lineno
        except Exception as e:
            print("    del: %s: %s" % (type(e).__name__, e))
        sys.settrace(None)
    return typed


def kinds():
    return 1


sys.settrace(typed)
kinds()
sys.settrace(None)


def not_tracing():
    try:
        raise ValueError
    except ValueError as e:
        frame = e.__traceback__.tb_frame
    for v in (frame.f_lineno, 1, "x", 10**30):
        try:
            frame.f_lineno = v
        except Exception as e:
            print("   not tracing %r: %s: %s" % (v, type(e).__name__, e))


not_tracing()


def prof(frame, ev, arg):
    if frame.f_code is profiled.__code__ and ev in ("call", "c_call", "c_return", "return"):
        try:
            frame.f_lineno = frame.f_lineno
        except Exception as e:
            print("    profile %s: %s: %s" % (ev, type(e).__name__, e))


def profiled():
    return len("ab")


sys.setprofile(prof)
profiled()
sys.setprofile(None)


def opcodes(frame, ev, arg):
    if frame.f_code is op_traced.__code__:
        frame.f_trace_opcodes = True
        if ev == "opcode":
            try:
                frame.f_lineno = frame.f_lineno
            except Exception as e:
                print("    opcode: %s: %s" % (type(e).__name__, e))
                frame.f_trace_opcodes = False
    return opcodes


def op_traced():
    x = 1
    return x


sys.settrace(opcodes)
op_traced()
sys.settrace(None)

# -- 8. generators: line events, resume ('call'), yield ('return')


def gen(out):
    out.append(1)
    yield 2
    out.append(3)
    yield 4
    out.append(5)


def run_gen(frm, to, event="line", times=1):
    out = []
    sys.settrace(jumper(gen, frm, to, event, times))
    try:
        r = list(gen(out))
    except Exception as e:
        r = "raised %s: %s" % (type(e).__name__, e)
    sys.settrace(None)
    print("gen %s->%s on %s: out=%r result=%r" % (frm, to, event, out, r))
    print("   ", ", ".join(log))
    log.clear()


run_gen(1, 3)
run_gen(3, 1)
run_gen(4, 1)
run_gen(5, 3)
run_gen(0, 1, event="call")
run_gen(2, 5, event="call")
run_gen(4, 1, event="call")
run_gen(2, 1, event="return")
run_gen(2, 5, event="return")
run_gen(5, 1, event="return")


def gen_loop(out):
    for i in range(3):
        x = yield i
        out.append(x)
    out.append("done")


def run_gen_loop(frm, to, event="line"):
    out = []
    sys.settrace(jumper(gen_loop, frm, to, event))
    g = gen_loop(out)
    res = []
    try:
        res.append(next(g))
        while True:
            res.append(g.send(len(res) * 10))
    except StopIteration:
        res.append("stop")
    except Exception as e:
        res.append("raised %s: %s" % (type(e).__name__, e))
    sys.settrace(None)
    print("gen_loop %s->%s on %s: out=%r res=%r" % (frm, to, event, out, res))
    print("   ", ", ".join(log))
    log.clear()


run_gen_loop(3, 4)
run_gen_loop(3, 1)
run_gen_loop(2, 1, event="call")
run_gen_loop(2, 4, event="call")

# -- 9. the def line, several jumps, the line read after a jump


def restart(out):
    out.append(1)
    out.append(2)


run(restart, 2, 0)
run(restart, 2, 1, times=3)


def read_back(frame, ev, arg):
    if frame.f_code is reread.__code__ and ev == "line":
        first = reread.__code__.co_firstlineno
        if frame.f_lineno == first + 1:
            before = frame.f_lineno - first
            frame.f_lineno = first + 4
            print("    read back: %d -> %d" % (before, frame.f_lineno - first))
    return read_back


def reread():
    a = 1

    # nothing
    b = 4
    return b


sys.settrace(read_back)
print("    reread:", reread())
sys.settrace(None)

# -- 10. a backward jump on one line (the JUMP event), another frame


def one_line(n):
    i = 0
    while i < n: i += 1
    return i


def one_line_trace(frame, ev, arg):
    if frame.f_code is one_line.__code__:
        rel = frame.f_lineno - one_line.__code__.co_firstlineno
        log.append("%s %d" % (ev, rel))
        if ev == "line" and rel == 2 and log.count("line 2") == 3:
            frame.f_lineno = one_line.__code__.co_firstlineno + 3
            log.append("jumped")
    return one_line_trace


sys.settrace(one_line_trace)
r = one_line(5)
sys.settrace(None)
print("one_line:", r)
print("   ", ", ".join(log))
log.clear()


def callee(out):
    out.append("callee")
    return 7


def caller(out):
    out.append(1)
    x = callee(out)
    out.append(("x", x))


def back_trace(frame, ev, arg):
    if frame.f_code is callee.__code__ and ev == "line":
        try:
            frame.f_back.f_lineno = caller.__code__.co_firstlineno + 3
        except Exception as e:
            print("    caller's frame: %s: %s" % (type(e).__name__, e))
    return back_trace


out = []
sys.settrace(back_trace)
caller(out)
sys.settrace(None)
print("caller:", out)
