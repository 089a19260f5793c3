/*
 * badinput.c -- bad input raises, never crashes (issue 11), where CPython
 * 3.12.1 answers it too: sizes that overflow (PyTuple_New, PyList_New,
 * PyBytes_FromStringAndSize, a heap type's basicsize below its base's),
 * format widths and precisions beyond memory
 * or beyond Py_ssize_t, non-str attribute names given to the generic
 * attribute functions (nothing is stored), a non-traceback given to
 * _PyErr_ChainExceptions and PyErr_Restore, and the int<->str digit limit
 * (sys.set_int_max_str_digits/get_int_max_str_digits, PyLong_FromString,
 * int(), str()) with its counting rules (sign, whitespace and underscores
 * not counted, leading zeros counted, power-of-two bases exempt).
 *
 * Cases where CPython crashes or reads garbage (an int passed as a type,
 * NULL objects) are not here: the sweep (`cargo xtask sweep`) and Ophis's
 * own tests cover them.
 */
#include "ctest.h"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static char *digits(char c, size_t n)
{
    char *b = malloc(n + 1);
    memset(b, c, n);
    b[n] = '\0';
    return b;
}

static void from_string(const char *label, const char *s, int base)
{
    PyObject *r = PyLong_FromString(s, NULL, base);
    if (r == NULL) {
        show(label, NULL);
        return;
    }
    printf("%s: ok\n", label);
    Py_DECREF(r);
}

static void set_limit(const char *label, long n)
{
    PyObject *sys = PyImport_ImportModule("sys");
    PyObject *r = PyObject_CallMethod(sys, "set_int_max_str_digits", "l", n);
    show_new(label, r);
    Py_DECREF(sys);
}

static void get_limit(const char *label)
{
    PyObject *sys = PyImport_ImportModule("sys");
    show_new(label, PyObject_CallMethod(sys, "get_int_max_str_digits", NULL));
    Py_DECREF(sys);
}

int main(void)
{
    Py_Initialize();

    /* sizes */
    show_new("PyTuple_New(2**61-3)", PyTuple_New(((Py_ssize_t)1 << 61) - 3));
    show_new("PyTuple_New(MAX)", PyTuple_New(PY_SSIZE_T_MAX));
    show_new("PyList_New(2**61)", PyList_New((Py_ssize_t)1 << 61));
    show_new("PyList_New(MAX)", PyList_New(PY_SSIZE_T_MAX));
    show_new("PyBytes_FromStringAndSize(NULL, MAX)", PyBytes_FromStringAndSize(NULL, PY_SSIZE_T_MAX));
    show_new("PyBytes_FromStringAndSize(NULL, MAX-8)", PyBytes_FromStringAndSize(NULL, PY_SSIZE_T_MAX - 8));

    /* a heap type smaller than its base */
    {
        static PyType_Slot slots[] = {{0, NULL}};
        static PyType_Spec small = {"badinput.Small", 8, 0, Py_TPFLAGS_DEFAULT, slots};
        show_new("PyType_FromSpec(basicsize 8)", PyType_FromSpec(&small));
    }

    /* format widths and precisions */
    show_new("%999999999999d", PyUnicode_FromFormat("%999999999999d", 1));
    show_new("%99999999999999999999d", PyUnicode_FromFormat("%99999999999999999999d", 1));
    show_new("%.999999999999d", PyUnicode_FromFormat("%.999999999999d", 1));
    show_new("%.99999999999999999999d", PyUnicode_FromFormat("%.99999999999999999999d", 1));
    show_new("%999999999999s", PyUnicode_FromFormat("%999999999999s", "x"));
    show_new("%-999999999999s", PyUnicode_FromFormat("%-999999999999s", "x"));
    show_new("%0999999999999d", PyUnicode_FromFormat("%0999999999999d", -5));
    show_new("%9223372036854775807d", PyUnicode_FromFormat("%9223372036854775807d", 1));
    show_new("%9223372036854775808d", PyUnicode_FromFormat("%9223372036854775808d", 1));
    show_new("%5.3d", PyUnicode_FromFormat("%5.3d", -7));

    /* attribute names */
    PyObject *mod = PyModule_New("m");
    PyObject *num = PyLong_FromLong(1234567);
    Py_ssize_t before = PyDict_Size(PyModule_GetDict(mod));
    show_new("GenericGetAttr(module, int)", PyObject_GenericGetAttr(mod, num));
    show_int("GenericSetAttr(module, int)", PyObject_GenericSetAttr(mod, num, Py_None));
    show_int("GenericSetAttr(module, int, NULL)", PyObject_GenericSetAttr(mod, num, NULL));
    show_int("module dict grew", PyDict_Size(PyModule_GetDict(mod)) - before);
    show_new("GetAttr(module, int)", PyObject_GetAttr(mod, num));
    show_int("SetAttr(module, int)", PyObject_SetAttr(mod, num, Py_None));
    show_new("GenericGetAttr(type, int)", PyObject_GenericGetAttr((PyObject *)&PyLong_Type, num));
    show_new("GetAttr(type, int)", PyObject_GetAttr((PyObject *)&PyLong_Type, num));
    show_int("SetAttr(type, int)", PyObject_SetAttr((PyObject *)&PyLong_Type, num, Py_None));
    show_new("GetAttr(object, bytes)", PyObject_GetAttr(num, PyBytes_FromString("real")));
    show_int("module dict grew", PyDict_Size(PyModule_GetDict(mod)) - before);

    /* tracebacks that are not tracebacks */
    PyErr_SetString(PyExc_KeyError, "pending");
    _PyErr_ChainExceptions(Py_NewRef(PyExc_ValueError), PyUnicode_FromString("v"), PyLong_FromLong(5));
    show_exc("_PyErr_ChainExceptions(int tb), pending");
    _PyErr_ChainExceptions(Py_NewRef(PyExc_ValueError), PyUnicode_FromString("v"), PyLong_FromLong(5));
    show_exc("_PyErr_ChainExceptions(int tb), none pending");
    PyErr_Restore(Py_NewRef(PyExc_ValueError), PyUnicode_FromString("v"), PyLong_FromLong(5));
    show_exc("PyErr_Restore(int tb)");

    /* the int<->str digit limit */
    get_limit("get_int_max_str_digits()");
    char *d100k = digits('7', 100000);
    char *d4301 = digits('7', 4301);
    char *d4300 = digits('7', 4300);
    char *z4301 = digits('0', 4301);
    z4301[4300] = '1';
    char *mixed = digits('7', 4400);
    mixed[0] = ' ';
    mixed[1] = '-';
    mixed[5] = '_';
    from_string("FromString 100000 digits", d100k, 10);
    from_string("FromString 4301 digits", d4301, 10);
    from_string("FromString 4300 digits", d4300, 10);
    from_string("FromString 4301 digits base 16", d4301, 16);
    from_string("FromString 4301 digits base 8", d4301, 8);
    from_string("FromString 4301 digits base 36", d4301, 36);
    from_string("FromString 4301 digits base 0", d4301, 0);
    from_string("FromString 4301 leading zeros", z4301, 10);
    from_string("FromString space, sign, underscore", mixed, 10);
    {
        char *bad = digits('7', 4400);
        bad[4399] = 'x';
        from_string("FromString 4399 digits then x", bad, 10);
        free(bad);
    }
    {
        PyObject *s = PyUnicode_FromString(d4301);
        show_new("PyNumber_Long(str of 4301 digits)", PyNumber_Long(s));
        Py_DECREF(s);
    }
    {
        PyObject *ten = PyLong_FromLong(10), *e = PyLong_FromLong(5000);
        PyObject *big = PyNumber_Power(ten, e, Py_None);
        show_new("str(10**5000)", PyObject_Str(big));
        show_new("repr(10**5000)", PyObject_Repr(big));
        PyObject *e2 = PyLong_FromLong(4299);
        PyObject *ok = PyNumber_Power(ten, e2, Py_None);
        PyObject *s = PyObject_Str(ok);
        show_int("len(str(10**4299))", s ? PyUnicode_GetLength(s) : -1);
        Py_XDECREF(s);
        set_limit("set_int_max_str_digits(0)", 0);
        from_string("FromString 100000 digits, no limit", d100k, 10);
        s = PyObject_Str(big);
        show_int("len(str(10**5000)), no limit", s ? PyUnicode_GetLength(s) : -1);
        Py_XDECREF(s);
        get_limit("get_int_max_str_digits()");
        set_limit("set_int_max_str_digits(5000)", 5000);
        from_string("FromString 4301 digits, limit 5000", d4301, 10);
        from_string("FromString 100000 digits, limit 5000", d100k, 10);
        show_new("str(10**5000), limit 5000", PyObject_Str(big));
        get_limit("get_int_max_str_digits()");
        set_limit("set_int_max_str_digits(640)", 640);
        set_limit("set_int_max_str_digits(639)", 639);
        set_limit("set_int_max_str_digits(-1)", -1);
        get_limit("get_int_max_str_digits()");
        set_limit("set_int_max_str_digits(4300)", 4300);
        Py_DECREF(ten); Py_DECREF(e); Py_DECREF(big); Py_DECREF(e2); Py_DECREF(ok);
    }
    free(d100k); free(d4301); free(d4300); free(z4301); free(mixed);

    Py_DECREF(num);
    Py_DECREF(mod);
    return ctest_finish();
}
