/*
 * builtin_funcs.c -- the builtin functions that need no running frame,
 * called through the builtins module: len, repr, ascii, hash, id,
 * callable, isinstance, issubclass, hasattr, setattr, getattr, delattr,
 * iter, next, format, with their
 * argument errors (METH_O's and Argument Clinic's).
 */
#include "ctest.h"

static PyObject *B = NULL;

static PyObject *call(const char *name, const char *fmt, ...)
{
    PyObject *f = PyObject_GetAttrString(B, name);
    if (!f)
        return NULL;
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(f);
    return r;
}

int main(void)
{
    Py_Initialize();
    B = PyImport_ImportModule("builtins");

    puts("-- one argument");
    show_new("len([1, 2, 3])", call("len", "([iii])", 1, 2, 3));
    show_new("len('h\xc3\xa9')", call("len", "(s)", "h\xc3\xa9"));
    show_new("len(5)", call("len", "(i)", 5));
    show_new("len()", call("len", "()"));
    show_new("len(1, 2)", call("len", "(ii)", 1, 2));
    show_new("repr('a')", call("repr", "(s)", "a"));
    show_new("ascii('\xc3\xa9')", call("ascii", "(s)", "\xc3\xa9"));
    show_new("hash(12345)", call("hash", "(i)", 12345));
    show_new("hash((1, 2))", call("hash", "((ii))", 1, 2));
    show_new("hash([])", call("hash", "([])"));
    PyObject *o = PyList_New(0);
    PyObject *id = call("id", "(O)", o);
    show_int("id(o) is its address", id && PyLong_AsVoidPtr(id) == (void *)o);
    Py_XDECREF(id);
    show_new("callable(len)", call("callable", "(O)", PyObject_GetAttrString(B, "len")));
    show_new("callable(o)", call("callable", "(O)", o));
    show_new("callable(list)", call("callable", "(O)", &PyList_Type));

    puts("-- isinstance and issubclass");
    show_new("isinstance(o, list)", call("isinstance", "(OO)", o, &PyList_Type));
    show_new("isinstance(True, (str, int))", call("isinstance", "(O(OO))", Py_True, &PyUnicode_Type, &PyLong_Type));
    show_new("isinstance(o, 1)", call("isinstance", "(Oi)", o, 1));
    show_new("isinstance(o)", call("isinstance", "(O)", o));
    show_new("issubclass(bool, int)", call("issubclass", "(OO)", &PyBool_Type, &PyLong_Type));
    show_new("issubclass(1, int)", call("issubclass", "(iO)", 1, &PyLong_Type));

    puts("-- attributes");
    show_new("hasattr(o, 'append')", call("hasattr", "(Os)", o, "append"));
    show_new("hasattr(o, 'nope')", call("hasattr", "(Os)", o, "nope"));
    show_new("hasattr(o, 1)", call("hasattr", "(Oi)", o, 1));
    show_new("setattr(o, 'x', 1)", call("setattr", "(Osi)", o, "x", 1));
    PyObject *m = PyModule_New("m");
    show_new("setattr(m, 'x', 1)", call("setattr", "(Osi)", m, "x", 1));
    show_new("  m.x", PyObject_GetAttrString(m, "x"));
    show_new("setattr(m, 2, 1)", call("setattr", "(Oii)", m, 2, 1));
    Py_DECREF(m);

    puts("-- getattr, delattr, iter, next");
    {
        PyObject *ap = call("getattr", "(Os)", o, "append");
        show_cstr("getattr(o, 'append') type", ap ? Py_TYPE(ap)->tp_name : "NULL");
        Py_XDECREF(ap);
    }
    show_new("getattr(o, 'nope')", call("getattr", "(Os)", o, "nope"));
    show_new("getattr(o, 'nope', 7)", call("getattr", "(Osi)", o, "nope", 7));
    show_new("getattr(o)", call("getattr", "(O)", o));
    show_new("getattr(o, 1, 2)", call("getattr", "(Oii)", o, 1, 2));
    {
        PyObject *mm = PyModule_New("mm");
        PyObject_SetAttrString(mm, "y", Py_None);
        show_new("delattr(mm, 'y')", call("delattr", "(Os)", mm, "y"));
        show_int("  hasattr", PyObject_HasAttrString(mm, "y"));
        show_new("delattr(mm, 'y') again", call("delattr", "(Os)", mm, "y"));
        Py_DECREF(mm);
    }
    PyObject *it = call("iter", "([ii])", 1, 2);
    show_cstr("iter([1, 2]) type", it ? Py_TYPE(it)->tp_name : "NULL");
    show_new("next(it)", call("next", "(O)", it));
    show_new("next(it)", call("next", "(O)", it));
    show_new("next(it)", call("next", "(O)", it));
    show_new("next(it, 'end')", call("next", "(Os)", it, "end"));
    Py_XDECREF(it);
    show_new("next(5)", call("next", "(i)", 5));
    show_new("iter(5)", call("iter", "(i)", 5));
    show_new("iter(5, 0)", call("iter", "(ii)", 5, 0));
    show_new("next()", call("next", "()"));
    {
        PyObject *lst = Py_BuildValue("[iii]", 3, 2, 1);
        PyObject *pop = PyObject_GetAttrString(lst, "pop");
        PyObject *ci = call("iter", "(Oi)", pop, 2);
        show_cstr("iter(lst.pop, 2) type", ci ? Py_TYPE(ci)->tp_name : "NULL");
        show_new("  list", ci ? PySequence_List(ci) : NULL);
        show("  lst after", lst);
        Py_XDECREF(ci);
        Py_DECREF(pop);
        Py_DECREF(lst);
    }

    puts("-- format");
    show_new("format(5)", call("format", "(i)", 5));
    show_new("format('s', '')", call("format", "(ss)", "s", ""));
    show_new("format(o)", call("format", "(O)", o));
    show_new("format(o, 'x')", call("format", "(Os)", o, "x"));
    show_new("format(1, 2)", call("format", "(ii)", 1, 2));
    show_new("format()", call("format", "()"));

    Py_DECREF(o);
    Py_DECREF(B);
    return ctest_finish();
}
