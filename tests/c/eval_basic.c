/*
 * eval_basic.c -- the evaluator (issue 14, first increment): source run
 * with PyRun_String and PyEval_EvalCode on CPython 3.12.1's bytecode.
 * Arithmetic, functions (defaults, keywords, *args/**kwargs, closures,
 * recursion), loops, comprehensions, unpacking, f-strings, exceptions
 * (try/except/else/finally, raise from, implicit chaining, tracebacks with
 * line numbers), name errors, the recursion limit, and C code asking for
 * the running frame (PyEval_GetFrame, PyFrame_GetVarString,
 * PyFrame_GetBack, PyFrame_GetLineNumber).
 */
#include "evaltest.h"

/* probe(name): the value of `name` in the caller's running frame, with
   the frame's line and its caller's code name. */
static PyObject *probe(PyObject *self, PyObject *name)
{
    (void)self;
    PyFrameObject *f = PyEval_GetFrame();
    if (f == NULL) {
        return PyUnicode_FromString("no frame");
    }
    PyObject *v = PyFrame_GetVar(f, name);
    if (v == NULL) {
        return NULL;
    }
    PyFrameObject *back = PyFrame_GetBack(f);
    PyCodeObject *bc = back ? PyFrame_GetCode(back) : NULL;
    PyObject *r = Py_BuildValue("(Nis)", v, PyFrame_GetLineNumber(f),
                                bc ? PyUnicode_AsUTF8(bc->co_name) : "<none>");
    Py_XDECREF(bc);
    Py_XDECREF(back);
    return r;
}

static PyMethodDef probe_def = {"probe", probe, METH_O, NULL};

int main(void)
{
    Py_Initialize();

    run("arith", "r = (1 + 2 * 3, 7 // 2, 7 % 3, 2 ** 10, -5, ~5, 1 < 2 < 3, 3 / 2)");
    run("strings", "a = 'ab'\nr = (a * 3, a + 'c', a[1], a[::-1], 'b' in a, len(a))");
    run("containers",
        "l = [1, 2, 3]\nl.append(4)\nd = {'x': 1, 'y': 2}\nd['z'] = 3\n"
        "t = (*l, *d)\ndel l[0]\nr = (l, d, t, l[1:], {**d, 'w': 0})");
    run("if_while",
        "n = 0\ni = 0\nwhile i < 10:\n    i += 1\n    if i % 2:\n        continue\n"
        "    n += i\n    if i > 7:\n        break\nelse:\n    n = -1\nr = n");
    run("for_range", "s = 0\nfor i in range(5):\n    s += i * i\nr = s");
    run("functions",
        "def f(a, b=2, *args, c, d=4, **kw):\n    return (a, b, args, c, d, kw)\n"
        "r = (f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(*[7, 8], **{'c': 9}))");
    run("posonly", "def f(a, /, b):\n    return a - b\nr = (f(5, 3), f(5, b=1))");
    run("bad_call", "def f(a, b):\n    pass\nr = f(1)");
    run("bad_kw", "def f(a, /, b):\n    pass\nr = f(a=1, b=2)");
    run("closures",
        "def counter():\n    n = 0\n    def inc(k=1):\n        nonlocal n\n        n += k\n"
        "        return n\n    return inc\nc = counter()\nc()\nc(5)\n"
        "r = (c(), c.__closure__[0].cell_contents)");
    run("lambda_default", "fs = [lambda x, i=i: x + i for i in range(3)]\nr = [f(10) for f in fs]");
    run("recursion", "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nr = fib(20)");
    run("comprehensions",
        "xs = range(6)\nr = ([x * x for x in xs if x % 2], {x: -x for x in xs if x > 3},"
        " [(a, b) for a in range(2) for b in 'ab'])");
    run("unpacking",
        "a, b = 1, 2\na, b = b, a\nc, *d, e = range(6)\n(f, g), h = 'xy', 3\n"
        "r = (a, b, c, d, e, f, g, h)");
    run("unpack_errors", "a, b = [1, 2, 3]");
    run("unpack_short", "a, b, *c = [1]");
    run("unpack_non_iterable", "a, b = 5");
    run("fstrings",
        "x = 3.14159\nname = 'ophis'\nr = f'{name!r}|{x}|{x=}|{{}}|{name!s}{42}'");
    run("try_except",
        "log = []\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    log.append(str(e))\n"
        "else:\n    log.append('else')\nfinally:\n    log.append('finally')\n"
        "try:\n    pass\nexcept Exception:\n    log.append('no')\nelse:\n    log.append('else2')\n"
        "r = log");
    run("exc_var_cleared",
        "try:\n    raise KeyError('k')\nexcept KeyError as e:\n    pass\n"
        "try:\n    e\n    r = True\nexcept NameError:\n    r = False");
    run("nested_finally",
        "def f():\n    try:\n        return 'try'\n    finally:\n        log.append('fin')\n"
        "log = []\nr = (f(), log)");
    run("raise_from",
        "try:\n    try:\n        {}['a']\n    except KeyError as e:\n"
        "        raise ValueError('v') from e\nexcept ValueError as v:\n"
        "    r = (repr(v), repr(v.__cause__), v.__suppress_context__)");
    run("implicit_chain",
        "try:\n    try:\n        1/0\n    except ZeroDivisionError:\n        [][0]\n"
        "except IndexError as e:\n    r = (repr(e), repr(e.__context__), e.__cause__)");
    run("reraise", "def f():\n    try:\n        raise TypeError('t')\n    except TypeError:\n"
        "        raise\ntry:\n    f()\nexcept TypeError as e:\n    r = repr(e)");
    run("uncaught", "def g():\n    return 1 + 'a'\ndef f():\n    return g()\nf()");
    run("traceback_lines",
        "def g():\n    x = 1\n    raise RuntimeError('deep')\ndef f():\n    g()\n"
        "try:\n    f()\nexcept RuntimeError as e:\n    tb = e.__traceback__\n    lines = []\n"
        "    while tb is not None:\n        lines.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))\n"
        "        tb = tb.tb_next\n    r = lines");
    run("frame_locals_after_return",
        "def g():\n    secret = 42\n    raise RuntimeError\ntry:\n    g()\nexcept RuntimeError as e:\n"
        "    r = e.__traceback__.tb_next.tb_frame.f_locals");
    run("name_error", "r = undefined_name");
    run("unbound_local", "def f():\n    print_ = x\n    x = 1\nf()");
    run("free_unbound",
        "def f():\n    def g():\n        return v\n    r = g()\n    v = 1\nf()");
    run("assert", "assert 1 == 2, 'nope'");
    run("raise_non_exc", "raise 5");
    run("raise_class", "raise KeyError");
    run("bare_raise", "raise");
    run("recursion_limit", "def f():\n    return f()\nf()");
    run("globals_builtins",
        "G = 1\ndef f():\n    global G\n    G += 1\n    return len([1, 2]) + G\nr = (f(), G)");
    run("del_name", "a = 1\ndel a\ntry:\n    a\nexcept NameError as e:\n    r = str(e)");
    run("del_unbound", "del nothing_here");
    run("is_none", "x = None\nr = (x is None, x is not None, 1 if x else 2)");
    run("chained_cmp", "r = [a < b <= c for a, b, c in [(1, 2, 2), (1, 3, 2), (3, 1, 2)]]");
    run("walrus", "r = [y for x in range(5) if (y := x * 2) > 4]");
    run("slice_ops", "l = list(range(8))\nl[2:4] = ['a']\ndel l[::3]\nr = (l, l[-2:], l[:-5])");
    run("import", "import sys\nfrom sys import maxsize\nr = (type(sys).__name__, maxsize > 0)");
    run("import_missing", "from sys import no_such_name");
    run("globals_locals",
        "def f(a):\n    b = 2\n    l = locals()\n    return sorted(l.items()), 'f' in globals()\n"
        "r = (f(1), globals() is locals(), sorted(vars()) == sorted(globals()))");
    run("exec_eval",
        "ns = {}\nexec('x = 6 * 7\\ndef g():\\n    return x', ns)\n"
        "r = (ns['x'], ns['g'](), eval('x + 1', ns), eval('  y * 2', {'y': 4}),\n"
        "     eval(compile('3 ** 2', 'c', 'eval')), '__builtins__' in ns, eval('a', {}, {'a': 'loc'}))");
    run("exec_in_function",
        "def f():\n    z = 5\n    return eval('z + 1')\nr = f()");
    run("exec_default_ns", "exec('w = 99')\nr = w");
    run("exec_errors1", "exec(1)");
    run("exec_errors2", "exec('x', [])");
    run("exec_errors3", "exec('x', None, 5)");
    run("eval_errors1", "eval('x', {}, 5)");
    run("eval_errors2", "eval(b'1 +')");
    run("eval_null", "eval('1\\x00')");

    /* the running frame, from C */
    globals = PyDict_New();
    PyObject *p = PyCFunction_New(&probe_def, NULL);
    PyDict_SetItemString(globals, "probe", p);
    Py_DECREF(p);
    PyObject *res = PyRun_String(
        "def inner(a, b=7):\n    c = a + b\n    return probe('c'), probe('a')\n"
        "def outer():\n    cell = 'cv'\n    def use():\n        return cell\n"
        "    return inner(1), probe('cell')\n"
        "r = outer()\n", Py_file_input, globals, globals);
    if (res == NULL) {
        show_exc("frame_var");
    }
    else {
        Py_DECREF(res);
        show("frame_var", PyDict_GetItemString(globals, "r"));
    }
    ev("frame_var_missing", "probe('nope')");
    ev("frame_var_type", "probe(1)");
    ev("module_frame", "probe('probe') is probe");
    show_new("no_frame_outside", (PyObject *)PyEval_GetFrame() ?
             PyUnicode_FromString("frame") : PyUnicode_FromString("NULL"));

    /* PyEval_EvalCode on a compiled code object, with separate locals */
    PyObject *code = Py_CompileString("x = y * 2\n", "<evalcode>", Py_file_input);
    PyObject *g = PyDict_New(), *l = PyDict_New();
    PyDict_SetItemString(g, "y", PyLong_FromLong(21));
    show_new("evalcode", PyEval_EvalCode(code, g, l));
    show("evalcode_locals", PyDict_GetItemString(l, "x"));
    show_int("evalcode_globals_has_builtins", PyDict_GetItemString(g, "__builtins__") != NULL);
    Py_DECREF(code);
    Py_DECREF(g);
    Py_DECREF(l);

    Py_XDECREF(globals);
    globals = NULL;
    return ctest_finish();
}
