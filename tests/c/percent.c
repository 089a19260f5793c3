/*
 * percent.c -- printf-style formatting of str: PyUnicode_Format and
 * str % args through PyNumber_Remainder. Every conversion (s r a c d i u o
 * x X e E f F g G, %%), flags, widths and precisions (also '*'), length
 * modifiers, mapping keys, C printf's float forms (exponent digits, '#',
 * %g's switch and trailing zeros, inf/nan), big ints, lone surrogates, and
 * CPython's errors for malformed specifications and mismatched arguments.
 */
#include "ctest.h"
#include <math.h>

static void fmt(const char *f, PyObject *args)
{
    PyObject *format = PyUnicode_FromString(f);
    printf("'%s' %% ", f);
    if (args == NULL) {
        show_exc("args");
        Py_DECREF(format);
        return;
    }
    PyObject *r = PyObject_Repr(args);
    ctest_write_str(r);
    Py_DECREF(r);
    printf(" -> ");
    show_new("", PyUnicode_Format(format, args));
    Py_DECREF(format);
    Py_DECREF(args);
}

static PyObject *big(const char *digits)
{
    return PyLong_FromString(digits, NULL, 10);
}

int main(void)
{
    Py_Initialize();

    puts("-- text conversions");
    fmt("%s|%r|%a", Py_BuildValue("(sss)", "x", "x", "\xc3\xa9"));
    fmt("%.2s|%5r|%-4s|%05s|", Py_BuildValue("(ssss)", "abc", "a", "b", "c"));
    fmt("%s", Py_BuildValue("(y)", "x"));
    fmt("%s", Py_BuildValue("(O)", Py_None));
    fmt("%.2r", Py_BuildValue("(s)", "abc"));
    fmt("%#5.2s|%+s", Py_BuildValue("(ss)", "abc", "a"));
    fmt("%c%c|%5c|", Py_BuildValue("(isi)", 65, "\xc3\xa9", 66));
    fmt("%c", Py_BuildValue("(i)", 0x110000));
    fmt("%c", Py_BuildValue("(i)", -1));
    fmt("%c", Py_BuildValue("(s)", "ab"));
    fmt("%c", Py_BuildValue("(d)", 3.0));

    puts("-- integers");
    fmt("%d %i %u", Py_BuildValue("(iii)", 1, -2, 3));
    fmt("%#o %#x %#X %o", Py_BuildValue("(iiii)", 8, 255, 255, -8));
    fmt("%-+6d|% 05d|%.5d|%-05d|", Py_BuildValue("(iiii)", 5, -3, -42, 3));
    fmt("%#x|%+x|%#o|%#08x", Py_BuildValue("(iiii)", -255, 255, 0, 255));
    fmt("%d %x", Py_BuildValue("(OO)", Py_True, Py_True));
    fmt("%d", Py_BuildValue("(d)", 3.9));
    fmt("%d|%X", Py_BuildValue("(NN)", big("1000000000000000000000000000000"),
                               big("-1000000000000000000000000000000")));
    fmt("%.100d", Py_BuildValue("(i)", 1));
    fmt("%hd %ld %Ld", Py_BuildValue("(iii)", 1, 2, 3));
    fmt("%d", Py_BuildValue("(s)", "x"));
    fmt("%i", Py_BuildValue("(s)", "x"));
    fmt("%x", Py_BuildValue("(d)", 3.5));
    fmt("%o", Py_BuildValue("(s)", "x"));

    puts("-- floats");
    fmt("%e|%E|%f|%F|%g|%G", Py_BuildValue("(dddddd)", 1.5, 1e-10, -0.0, 2.25, 1e-5, 1e-10));
    fmt("%.0e|%#.0e|%#.0f|%e", Py_BuildValue("(dddd)", 12345.0, 1.0, 1.0, 1e301));
    fmt("%g|%g|%g|%.3g", Py_BuildValue("(dddd)", 123456789.0, 100000.0, 1e6, 0.0001234));
    fmt("%#.3g|%#g|%.0g|%.20g", Py_BuildValue("(dddd)", 1.0, 0.0, 0.5, 0.1));
    fmt("%010.3f|%+.2f|% .1e|%-9.2f|", Py_BuildValue("(dddd)", -3.14159, 2.0, 5.0, 1.5));
    fmt("%.1000f", Py_BuildValue("(d)", 1.0));
    fmt("%f", Py_BuildValue("(d)", 1e300));
    fmt("%05f|%+05.1f|%F|%E|%-6f|", Py_BuildValue("(ddddd)", INFINITY, -NAN, NAN, -INFINITY, INFINITY));
    fmt("%.3f", Py_BuildValue("(O)", Py_True));
    fmt("%e", Py_BuildValue("(s)", "x"));
    fmt("%f", Py_BuildValue("(N)", big("1" "0000000000000000000000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000000000000000000000")));

    puts("-- widths and precisions from arguments");
    fmt("%*d|%*d|%.*f|%*.*f|%-*d|", Py_BuildValue("(iiiiidiidii)", 5, 1, -5, 1, 2, 3.14159, 8, 3, 2.5, 4, 7));
    fmt("%*d", Py_BuildValue("(si)", "a", 1));
    fmt("%.*d", Py_BuildValue("(di)", 1.0, 1));
    fmt("%99999999999999999999d", Py_BuildValue("(i)", 1));
    fmt("%.99999999999999999999d", Py_BuildValue("(i)", 1));

    puts("-- mapping keys");
    fmt("%(a)s %(a)r", Py_BuildValue("{s:s}", "a", "x"));
    fmt("%((a))s", Py_BuildValue("{s:i}", "(a)", 1));
    fmt("%(a)s", Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2));
    fmt("%(a)5.1f|%(b)-4d|", Py_BuildValue("{s:d,s:i}", "a", 2.25, "b", 7));
    fmt("%(a)s %s", Py_BuildValue("{s:i}", "a", 1));
    fmt("%(a)d", PyDict_New());
    fmt("%(a", Py_BuildValue("{s:i}", "a", 1));
    fmt("%(a)s", Py_BuildValue("(i)", 5));
    fmt("%(a)s", PyLong_FromLong(5));
    fmt("%s", Py_BuildValue("{s:i}", "a", 1));
    fmt("%s %s", Py_BuildValue("{s:i}", "a", 1));

    puts("-- arguments and malformed formats");
    fmt("%s %s", Py_BuildValue("(i)", 1));
    fmt("%s", Py_BuildValue("(ii)", 1, 2));
    fmt("", PyLong_FromLong(5));
    fmt("", PyList_New(0));
    fmt("%d %d", Py_BuildValue("[ii]", 1, 2));
    fmt("%s", Py_BuildValue("(())"));
    fmt("%s", PyTuple_New(0));
    fmt("%%|%%s|100%%", PyTuple_New(0));
    fmt("%%s", PyLong_FromLong(1));
    fmt("%5%", PyTuple_New(0));
    fmt("%5%", Py_BuildValue("(i)", 1));
    fmt("%y", PyLong_FromLong(1));
    fmt("%lld", Py_BuildValue("(i)", 3));
    fmt("%", PyTuple_New(0));
    fmt("abc%-", PyLong_FromLong(1));
    fmt("%\xc3\xa9", PyLong_FromLong(1));
    fmt("%s", PyUnicode_FromString("whole str is one argument"));

    puts("-- lone surrogates and wide characters");
    {
        Py_UCS4 cps[] = {0xD800, '%', 's', 0x1F600};
        PyObject *f = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, cps, 4);
        Py_UCS4 arg[] = {0xDC00, 0x10FFFF};
        PyObject *a = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, arg, 2);
        PyObject *r = PyUnicode_Format(f, a);
        show_int("length", PyUnicode_GetLength(r));
        for (Py_ssize_t i = 0; i < PyUnicode_GetLength(r); i++)
            printf("  U+%04X\n", (unsigned)PyUnicode_ReadChar(r, i));
        Py_DECREF(f);
        Py_DECREF(a);
        Py_DECREF(r);
    }

    puts("-- through the number protocol");
    {
        PyObject *f = PyUnicode_FromString("%s-%d");
        PyObject *a = Py_BuildValue("(si)", "n", 4);
        show_new("str % tuple", PyNumber_Remainder(f, a));
        PyObject *i = PyLong_FromLong(7);
        show_new("int % str", PyNumber_Remainder(i, f));
        show_new("str % int (not enough)", PyNumber_Remainder(f, i));
        Py_DECREF(f);
        Py_DECREF(a);
        Py_DECREF(i);
    }

    puts("-- bad calls");
    {
        PyObject *n = PyLong_FromLong(1);
        show_new("int as format", PyUnicode_Format(n, n));
        show_new("NULL args", PyUnicode_Format(n, NULL));
        Py_DECREF(n);
    }

    return ctest_finish();
}
