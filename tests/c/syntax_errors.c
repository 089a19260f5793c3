/*
 * syntax_errors.c -- 60 common mistakes through Py_CompileString (issue 13,
 * part 2): the exception type, msg, lineno, offset, text, end_lineno and
 * end_offset CPython 3.12.1 gives each. (The compiler crate's
 * tests/syntax_errors.rs checks 136 mistakes the same way.)
 */
#include "ctest.h"
static void t(const char *src) {
    PyObject *co = Py_CompileString(src, "s.py", Py_file_input);
    if (co) { printf("compiled\n"); Py_DECREF(co); return; }
    PyObject *e = PyErr_GetRaisedException();
    PyObject *m = PyObject_GetAttrString(e, "msg"), *l = PyObject_GetAttrString(e, "lineno"), *o = PyObject_GetAttrString(e, "offset");
    PyObject *x = PyObject_GetAttrString(e, "text"), *el = PyObject_GetAttrString(e, "end_lineno"), *eo = PyObject_GetAttrString(e, "end_offset");
    printf("%s|", Py_TYPE(e)->tp_name); ctest_write_str(m); printf("|%ld|%ld|", PyLong_AsLong(l), PyLong_AsLong(o));
    PyObject *xr = PyObject_Repr(x); ctest_write_str(xr); Py_XDECREF(xr);
    printf("|%ld|%ld\n", PyLong_AsLong(el), PyLong_AsLong(eo));
    Py_XDECREF(m); Py_XDECREF(l); Py_XDECREF(o); Py_XDECREF(x); Py_XDECREF(el); Py_XDECREF(eo); Py_DECREF(e); PyErr_Clear();
}
int main(void) {
    Py_Initialize();
    const char *cases[] = {
        "print 'hello'\n", "if x\n    pass\n", "def f()\n    pass\n", "x = [1, 2\n", "x = (1, 2]\n", "foo(\n", "x = 1 +\n",
        "for x in y\n    pass\n", "while True\n    pass\n", "class C\n    pass\n", "else:\n    pass\n", "x === 1\n", "f(x for x in y, 1)\n",
        "def f(x, x): pass\n", "x = 'abc\n", "x = \"\"\"abc\n", "import\n", "from x import\n", "lambda x: yield\n", "a, b += 1\n",
        "f() = 1\n", "None = 1\n", "def f(**a, b): pass\n", "def f(a=1, b): pass\n", "x = 1 if y\n", "return\n", "yield x\n",
        "await x\n", "async def f():\n    yield from x\n", "def f():\n    nonlocal x\n", "global x\nx = 1\nglobal x\n", "try:\n    pass\n",
        "x = {1: 2, 3}\n", "f(a=1, a=2)\n", "f(a=1, 2)\n", "del 1\n", "x += 1 = 2\n", "with open(f) as 1: pass\n", "0777\n",
        "x = 1e\n", "@\ndef f(): pass\n", "continue\n", "class C:\n    return 1\n", "def f():\n  x = 1\n    y = 2\n",
        "if True:\n        x = 1\n    y = 2\n", "x = $\n", "'a' 'b' = 1\n", "f'{}'\n", "f'{x!z}'\n", "print(f'{x')\n", "x: int = 1 = 2\n",
        "import a.b as\n", "True = 1\n", "__debug__ = 1\n", "def f(*): pass\n", "x = yield = 1\n", "[x for x in]\n", "(*x)\n", "*x = 1\n", "a if b\n",
    };
    for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++) { printf("%u ", i); t(cases[i]); }
    return ctest_finish();
}
