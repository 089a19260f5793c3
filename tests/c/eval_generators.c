/*
 * eval_generators.c -- generators (issue 14): RETURN_GENERATOR and
 * YIELD_VALUE, iteration, send (and its error on a just-started
 * generator), return values through StopIteration, throw (with a handler
 * inside, and uncaught), close (GeneratorExit, ignoring it), yield from
 * (values, return value, send and throw delegated), generator
 * expressions, StopIteration raised inside (RuntimeError), gi_* attributes,
 * the handled exception across yields, and recursion through generators.
 */
#include "evaltest.h"

int main(void)
{
    Py_Initialize();

    run("iterate", "def g(n):\n    for i in range(n):\n        yield i * i\nr = list(g(5))");
    run("gen_repr",
        "def gen():\n    yield 1\nx = gen()\nr = (type(x).__name__, repr(x).startswith('<generator object gen at '),"
        " x.__name__, x.__qualname__, x.gi_code.co_name, x.gi_running, x.gi_suspended)");
    run("send",
        "def acc():\n    total = 0\n    while True:\n        v = yield total\n        if v is None:\n"
        "            return total\n        total += v\n"
        "a = acc()\nout = [next(a), a.send(3), a.send(4)]\ntry:\n    a.send(None)\n"
        "except StopIteration as e:\n    out.append(('stop', e.value, e.args))\nr = out");
    run("send_not_started", "def g():\n    yield 1\ng().send(5)");
    run("next_after_end",
        "def g():\n    yield 1\nx = g()\nout = [next(x)]\nfor _ in range(2):\n    try:\n        next(x)\n"
        "    except StopIteration as e:\n        out.append(e.args)\nr = out");
    run("return_value",
        "def g():\n    yield 1\n    return 'done'\nx = g()\nnext(x)\ntry:\n    next(x)\n"
        "except StopIteration as e:\n    r = e.value");
    run("throw_caught",
        "def g():\n    try:\n        yield 1\n    except ValueError as e:\n        yield 'caught ' + str(e)\n"
        "x = g()\nnext(x)\nr = x.throw(ValueError('boom'))");
    run("throw_uncaught",
        "def g():\n    yield 1\nx = g()\nnext(x)\ntry:\n    x.throw(KeyError('k'))\n"
        "except KeyError as e:\n    r = (repr(e), x.gi_frame, x.gi_running)");
    run("throw_type_value", "def g():\n    yield 1\nx = g()\nnext(x)\nx.throw(TypeError, 'tv')");
    run("throw_bad", "def g():\n    yield 1\nx = g()\nnext(x)\nx.throw(5)");
    run("close",
        "log = []\ndef g():\n    try:\n        yield 1\n    finally:\n        log.append('finally')\n"
        "x = g()\nnext(x)\nx.close()\nx.close()\nr = (log, x.gi_frame)");
    run("close_ignored",
        "def g():\n    while True:\n        try:\n            yield 1\n        except GeneratorExit:\n            pass\n"
        "x = g()\nnext(x)\nx.close()");
    run("close_unstarted", "def g():\n    yield 1\nx = g()\nx.close()\nr = list(x)");
    run("yield_from",
        "def inner():\n    x = yield 1\n    y = yield x\n    return ('inner', y)\n"
        "def outer():\n    res = yield from inner()\n    yield res\n"
        "o = outer()\nr = [next(o), o.send('a'), o.send('b')]");
    run("yield_from_iterable", "def g():\n    yield from [1, 2]\n    yield from 'ab'\n    yield from range(2)\nr = list(g())");
    run("yield_from_throw",
        "def inner():\n    try:\n        yield 1\n    except ValueError:\n        yield 'inner caught'\n"
        "def outer():\n    yield from inner()\no = outer()\nnext(o)\nr = o.throw(ValueError)");
    run("yield_from_close",
        "log = []\ndef inner():\n    try:\n        yield 1\n    finally:\n        log.append('inner')\n"
        "def outer():\n    try:\n        yield from inner()\n    finally:\n        log.append('outer')\n"
        "o = outer()\nnext(o)\no.close()\nr = log");
    run("genexpr", "r = (list(x * 2 for x in range(4)), sum(1 for _ in 'abc') if False else [c for c in (y for y in 'hey')])");
    run("stopiteration_inside",
        "def g():\n    yield 1\n    raise StopIteration('inner')\nx = g()\nnext(x)\ntry:\n    next(x)\n"
        "except RuntimeError as e:\n    r = (str(e), repr(e.__cause__))");
    run("exc_state_across_yield",
        "import sys\n" /* sys.exc_info reads the handled exception */
        "def g():\n    try:\n        raise KeyError('g')\n    except KeyError:\n        yield sys.exc_info()[1]\n"
        "        yield sys.exc_info()[1]\n"
        "x = g()\na = next(x)\noutside = sys.exc_info()[1]\nb = next(x)\nr = (repr(a), outside, repr(b))");
    run("running_inside",
        "def g():\n    yield x.gi_running\nx = g()\nr = next(x)");
    run("already_executing",
        "def g():\n    yield next(x)\nx = g()\nnext(x)");
    run("gi_frame_locals",
        "def g(a):\n    b = a + 1\n    yield\nx = g(1)\nnext(x)\nr = (x.gi_frame.f_locals, x.gi_frame.f_code.co_name)");
    run("recursive_gen",
        "def walk(t):\n    if isinstance(t, list):\n        for s in t:\n            yield from walk(s)\n    else:\n        yield t\n"
        "r = list(walk([1, [2, [3, 4], 5], [[6]]]))");
    run("gen_in_class",
        "class T:\n    def __init__(self):\n        self.xs = [3, 1, 2]\n    def __iter__(self):\n        for x in self.xs:\n            yield x\n"
        "r = [x for x in T()]");

    Py_XDECREF(globals);
    globals = NULL;
    return ctest_finish();
}
