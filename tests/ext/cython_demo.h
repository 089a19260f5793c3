/* The calls both Cython drivers make (cython_demo.c, default mode;
 * cython_limited.c, limited-API mode) on the module cython_demo.pyx
 * builds. */
#ifndef CYTHON_DEMO_H
#define CYTHON_DEMO_H

#include "ext.h"

static void cython_demo_drive(PyObject *m)
{
    CALL("run(10)", m, "run", "i", 10);
    CALL("run(0)", m, "run", "i", 0);
    CALL("typed_sum(100)", m, "typed_sum", "i", 100);
    CALL("typed_sum(100, 7)", m, "typed_sum", "ii", 100, 7);
    CALL("typed_sum('x')", m, "typed_sum", "s", "x");
    CALL("bigmul(2**40, 2**40)", m, "bigmul", "LL", 1LL << 40, 1LL << 40);
    CALL("words", m, "words", "s", " a, bb ,, ccc ");
    CALL("safe_div(7, 2)", m, "safe_div", "ii", 7, 2);
    CALL("safe_div(7, 0)", m, "safe_div", "ii", 7, 0);
    CALL("encode", m, "encode", "s", "h\xc3\xa9");
    {
        PyObject *f = PyObject_GetAttrString(m, "describe");
        PyObject *args = Py_BuildValue("(isd)", 1, "two", 3.5);
        PyObject *kw = Py_BuildValue("{s:i,s:s,s:s}", "z", 26, "a", "x", "sep", " | ");
        show_new("describe", PyObject_Call(f, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
        Py_DECREF(f);
    }

    PyObject *Acc = PyObject_GetAttrString(m, "Acc");
    PyObject *a = PyObject_CallFunction(Acc, "i", 5);
    CALL("add 3", a, "add", "i", 3);
    CALL("add 4", a, "add", "i", 4);
    CALL("add -1", a, "add", "i", -1);
    CALL("add 'x'", a, "add", "s", "x");
    CALL("squares", a, "squares", NULL);
    show_new("total", PyObject_GetAttrString(a, "total"));
    show_int("len", PyObject_Length(a));
    show_new("a[1]", PySequence_GetItem(a, 1));
    show_new("a[5]", PySequence_GetItem(a, 5));
    show_new("repr", PyObject_Repr(a));
    PyObject *b = PyObject_CallFunction(Acc, "i", 12);
    show_new("a == Acc(12)", PyObject_RichCompare(a, b, Py_EQ));
    PyObject *one = PyLong_FromLong(1);
    show_new("a == 1", PyObject_RichCompare(a, one, Py_EQ));
    Py_DECREF(one);
    PyObject *t = PyLong_FromLong(100);
    show_int("set total", PyObject_SetAttrString(a, "total", t));
    Py_DECREF(t);
    show_new("total", PyObject_GetAttrString(a, "total"));
    show_int("set total 'x'", PyObject_SetAttrString(a, "total", Py_None));

    PyObject *Scaled = PyObject_GetAttrString(m, "Scaled");
    PyObject *s = PyObject_CallFunction(Scaled, "di", 0.5, 1);
    CALL("scaled add 3", s, "add", "i", 3);
    CALL("scaled add 8", s, "add", "i", 8);
    CALL("scaled", s, "scaled", NULL);
    show_new("scaled repr", PyObject_Repr(s));
    show_int("isinstance(s, Acc)", PyObject_IsInstance(s, Acc));
    show_new("Scaled.__mro__", PyObject_GetAttrString(Scaled, "__mro__"));

    Py_DECREF(s);
    Py_DECREF(Scaled);
    Py_DECREF(b);
    Py_DECREF(a);
    Py_DECREF(Acc);
}

#endif
