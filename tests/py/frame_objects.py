# Frame objects made for running frames: tracked by the cyclic GC only once
# they outlive their frame, what they keep after it returns, reuse of dead
# ones under a profile hook, a cycle through a returned frame's locals.
import gc
import sys
import _weakref


def here():
    # the caller's frame, running (no sys._getframe in Ophis yet)
    try:
        raise ZeroDivisionError
    except ZeroDivisionError as e:
        return e.__traceback__.tb_frame.f_back


def running_and_returned():
    def inner():
        f = here()
        print("running frame tracked:", gc.is_tracked(f))
        x = 41
        y = [x]
        return f

    f = inner()
    print("returned frame tracked:", gc.is_tracked(f))
    print("code:", f.f_code.co_name, "globals same:", f.f_globals is globals())
    print("builtins is dict:", type(f.f_builtins).__name__)
    loc = f.f_locals
    print("locals:", sorted(k for k in loc if k != "f"), loc["x"], loc["y"])
    print("back:", f.f_back.f_code.co_name)
    print("lineno:", f.f_lineno - inner.__code__.co_firstlineno)


def through_traceback():
    def fail():
        z = "kept"
        raise ValueError("boom")

    try:
        fail()
    except ValueError as e:
        tb = e.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    f = tb.tb_frame
    print("traceback frame:", f.f_code.co_name, f.f_locals["z"], gc.is_tracked(f))


def profiled():
    seen = []
    kept = []

    def prof(frame, event, arg):
        if event in ("call", "return") and frame.f_code.co_name == "leaf":
            seen.append((event, frame.f_code.co_name, frame.f_lineno > 0))
            if len(kept) < 2 and event == "return":
                kept.append(frame)

    def leaf(n):
        return n * 2

    sys.setprofile(prof)
    total = 0
    for i in range(5):
        total += leaf(i)
    sys.setprofile(None)
    print("profiled total:", total, "events:", len(seen), seen[0], seen[-1])
    print("kept frames:", [k.f_locals["n"] for k in kept], [gc.is_tracked(k) for k in kept])
    print("kept frames differ:", kept[0] is not kept[1])


def generator_frames():
    def gen():
        a = 1
        yield here()
        a += 1
        yield a

    g = gen()
    f = next(g)
    print("suspended generator frame tracked:", gc.is_tracked(f), f.f_locals["a"])
    print("next:", next(g))
    g.close()
    print("closed generator frame:", f.f_code.co_name, gc.is_tracked(f))


class Box:
    pass


def cycle_through_locals():
    def make():
        b = Box()
        b.frame = here()
        return _weakref.ref(b)

    r = make()
    gc.collect()
    print("cycle through a returned frame collected:", r() is None)


def deep_hooked_recursion():
    calls = [0]

    def prof(frame, event, arg):
        if event == "call":
            calls[0] += 1

    def rec(n):
        return 0 if n == 0 else 1 + rec(n - 1)

    sys.setprofile(prof)
    r = rec(60)
    sys.setprofile(None)
    print("recursion under a hook:", r, calls[0] >= 61)


running_and_returned()
through_traceback()
profiled()
generator_frames()
cycle_through_locals()
deep_hooked_recursion()
