/*
 * unicode_methods.c -- the str methods of the C API (issue 12):
 * PyUnicode_Split/RSplit/Splitlines/Replace/Partition/RPartition, Find,
 * FindChar, Count, Tailmatch, Contains, RichCompare, IsIdentifier, with
 * their error conventions for non-str arguments.
 */
#include "ctest.h"

int main(void)
{
    Py_Initialize();
    PyObject *s = PyUnicode_FromString("a,b,,c  d\ne,f\r\ng");
    PyObject *comma = PyUnicode_FromString(",");
    PyObject *x = PyUnicode_FromString("x");
    PyObject *num = PyLong_FromLong(5);

    show_new("split comma", PyUnicode_Split(s, comma, -1));
    show_new("split ws 2", PyUnicode_Split(s, NULL, 2));
    show_new("rsplit comma 1", PyUnicode_RSplit(s, comma, 1));
    show_new("splitlines", PyUnicode_Splitlines(s, 0));
    show_new("splitlines keep", PyUnicode_Splitlines(s, 1));
    show_new("replace", PyUnicode_Replace(s, comma, x, 2));
    show_new("partition", PyUnicode_Partition(s, comma));
    show_new("rpartition", PyUnicode_RPartition(s, comma));
    show_new("split non-str", PyUnicode_Split(num, comma, -1));
    show_new("split bad sep", PyUnicode_Split(s, num, -1));
    show_new("replace bad", PyUnicode_Replace(s, num, x, -1));

    show_int("find first", PyUnicode_Find(s, comma, 0, 100, 1));
    show_int("find last", PyUnicode_Find(s, comma, 0, 100, -1));
    show_int("find range", PyUnicode_Find(s, comma, 2, 4, 1));
    show_int("find absent", PyUnicode_Find(s, x, 0, 100, 1));
    show_int("find error", PyUnicode_Find(s, num, 0, 100, 1));
    show_exc("find error exc");
    show_int("findchar", PyUnicode_FindChar(s, 'd', 0, 100, 1));
    show_int("findchar last", PyUnicode_FindChar(s, ',', 0, 100, -1));
    show_int("findchar absent", PyUnicode_FindChar(s, 'z', 0, 100, 1));
    show_int("count", PyUnicode_Count(s, comma, 0, 100));
    show_int("count range", PyUnicode_Count(s, comma, 2, 100));
    show_int("count error", PyUnicode_Count(num, comma, 0, 100));
    show_exc("count error exc");
    PyObject *a = PyUnicode_FromString("a");
    PyObject *g = PyUnicode_FromString("g");
    show_int("tailmatch prefix", PyUnicode_Tailmatch(s, a, 0, 100, -1));
    show_int("tailmatch suffix", PyUnicode_Tailmatch(s, g, 0, 100, 1));
    show_int("tailmatch no", PyUnicode_Tailmatch(s, g, 0, 100, -1));
    show_int("contains", PyUnicode_Contains(s, comma));
    show_int("contains no", PyUnicode_Contains(s, x));
    show_int("contains bad", PyUnicode_Contains(s, num));
    show_exc("contains bad exc");
    show_new("richcompare lt", PyUnicode_RichCompare(a, g, Py_LT));
    show_new("richcompare eq", PyUnicode_RichCompare(a, a, Py_EQ));
    show_new("richcompare non-str", PyUnicode_RichCompare(a, num, Py_EQ));
    PyObject *ident = PyUnicode_FromString("valid_name2");
    PyObject *notident = PyUnicode_FromString("2bad");
    show_int("isidentifier yes", PyUnicode_IsIdentifier(ident));
    show_int("isidentifier no", PyUnicode_IsIdentifier(notident));
    Py_DECREF(s); Py_DECREF(comma); Py_DECREF(x); Py_DECREF(num); Py_DECREF(a); Py_DECREF(g);
    Py_DECREF(ident); Py_DECREF(notident);
    return ctest_finish();
}
