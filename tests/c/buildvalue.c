/*
 * buildvalue.c -- Py_BuildValue with every format unit CPython 3.12
 * supports (complex 'D' is in complex.c), nesting, separators, reference
 * ownership of O/S/N, and the error cases.
 */
#include "ctest.h"

#include <limits.h>
#include <stdint.h>
#include <wchar.h>

#define B(label, ...) show_new(label, Py_BuildValue(__VA_ARGS__))

static PyObject *double_it(void *p)
{
    return PyLong_FromLong(2L * *(int *)p);
}

static PyObject *failing_converter(void *p)
{
    (void)p;
    PyErr_SetString(PyExc_ValueError, "converter failed");
    return NULL;
}

static void strings(void)
{
    B("s", "s", "caf\xc3\xa9");
    B("s(empty)", "s", "");
    B("s(NULL)", "s", (char *)NULL);
    B("s#", "s#", "abcdef", (Py_ssize_t)3);
    B("s#(len -1)", "s#", "abc", (Py_ssize_t)-1);
    B("s#(NULL)", "s#", (char *)NULL, (Py_ssize_t)3);
    B("s#(embedded NUL)", "s#", "a\0b", (Py_ssize_t)3);
    B("z", "z", "zed");
    B("z(NULL)", "z", (char *)NULL);
    B("z#", "z#", "zedzed", (Py_ssize_t)3);
    B("z#(NULL)", "z#", (char *)NULL, (Py_ssize_t)0);
    B("U", "U", "you");
    B("U#", "U#", "xyz", (Py_ssize_t)2);
    B("y", "y", "by\xfftes");
    B("y(NULL)", "y", (char *)NULL);
    B("y#", "y#", "a\0b\xff", (Py_ssize_t)4);
    B("y#(len -1)", "y#", "abc", (Py_ssize_t)-1);
    B("y#(NULL)", "y#", (char *)NULL, (Py_ssize_t)2);
    B("u", "u", L"wide\u00e9");
    B("u#", "u#", L"abcdef", (Py_ssize_t)3);
    B("u(NULL)", "u", (wchar_t *)NULL);
    B("s(invalid utf8)", "s", "\xff");
    B("s#(cut utf8)", "s#", "\xc3\xa9", (Py_ssize_t)1);
    B("(s,s(invalid))", "(ss)", "ok", "\xfe");
}

static void numbers(void)
{
    B("i", "i", -42);
    B("i(INT_MIN)", "i", INT_MIN);
    B("b", "b", 100);
    B("b(300)", "b", 300);
    B("h", "h", -300);
    B("h(70000)", "h", 70000);
    B("l", "l", LONG_MIN);
    B("B", "B", 255);
    B("B(-1)", "B", -1);
    B("H", "H", 65535);
    B("H(-1)", "H", -1);
    B("I", "I", UINT_MAX);
    B("k", "k", ULONG_MAX);
    B("L", "L", LLONG_MIN);
    B("K", "K", ULLONG_MAX);
    B("n", "n", (Py_ssize_t)PY_SSIZE_T_MIN);
    B("c", "c", 'A');
    B("c(0)", "c", 0);
    B("c(300)", "c", 300);
    B("C", "C", 0xe9);
    B("C(snake)", "C", 0x1F40D);
    B("C(0x110000)", "C", 0x110000);
    B("C(-1)", "C", -1);
    B("d", "d", 0.1);
    B("f", "f", 1.5f);
    B("d(1e300)", "d", 1e300);
}

static void objects(void)
{
    PyObject *f = PyFloat_FromDouble(6.25);
    PyObject *r;
    Py_ssize_t before;
    int seven = 7;

    before = Py_REFCNT(f);
    r = Py_BuildValue("O", f);
    printf("O.same_object: %d\n", Py_Is(r, f));
    printf("O.delta: %lld\n", (long long)(Py_REFCNT(f) - before));
    Py_DECREF(r);

    before = Py_REFCNT(f);
    r = Py_BuildValue("S", f);
    printf("S.delta: %lld\n", (long long)(Py_REFCNT(f) - before));
    Py_DECREF(r);

    Py_INCREF(f); /* the reference N will steal */
    before = Py_REFCNT(f);
    r = Py_BuildValue("N", f);
    printf("N.same_object: %d\n", Py_Is(r, f));
    printf("N.delta: %lld\n", (long long)(Py_REFCNT(f) - before));
    Py_DECREF(r);

    before = Py_REFCNT(f);
    r = Py_BuildValue("(OON)", f, f, Py_NewRef(f));
    show("(OON)", r);
    printf("(OON).delta: %lld\n", (long long)(Py_REFCNT(f) - before));
    Py_DECREF(r);
    printf("(OON).after_decref.delta: %lld\n", (long long)(Py_REFCNT(f) - before));

    /* N is consumed even when building fails, before or after it */
    Py_INCREF(f);
    before = Py_REFCNT(f);
    show_new("(Ns(invalid))", Py_BuildValue("(Ns)", f, "\xff"));
    printf("(Ns(invalid)).N_delta: %lld\n", (long long)(Py_REFCNT(f) - before));
    Py_INCREF(f);
    before = Py_REFCNT(f);
    show_new("(s(invalid)N)", Py_BuildValue("(sN)", "\xff", f));
    printf("(s(invalid)N).N_delta: %lld\n", (long long)(Py_REFCNT(f) - before));
    Py_INCREF(f);
    before = Py_REFCNT(f);
    show_new("[N,O(NULL)]", Py_BuildValue("[NO]", f, (PyObject *)NULL));
    printf("[N,O(NULL)].N_delta: %lld\n", (long long)(Py_REFCNT(f) - before));
    Py_INCREF(f);
    before = Py_REFCNT(f);
    show_new("{s:N,s:s(invalid)}", Py_BuildValue("{s:N,s:s}", "k", f, "j", "\xff"));
    printf("{s:N,s:s(invalid)}.N_delta: %lld\n", (long long)(Py_REFCNT(f) - before));

    B("O(NULL)", "O", (PyObject *)NULL);
    B("S(NULL)", "S", (PyObject *)NULL);
    B("N(NULL)", "N", (PyObject *)NULL);
    B("(iO(NULL))", "(iO)", 1, (PyObject *)NULL);
    B("O&", "O&", double_it, &seven);
    B("(O&i)", "(O&i)", double_it, &seven, 1);
    B("O&(failing)", "O&", failing_converter, &seven);
    B("[iO&(failing)]", "[iO&]", 1, failing_converter, &seven);
    /* a NULL object while an exception is already set keeps that exception */
    PyErr_SetString(PyExc_KeyError, "already set");
    B("O(NULL, error set)", "O", (PyObject *)NULL);

    Py_DECREF(f);
}

static void containers(void)
{
    PyObject *none = Py_None;
    B("empty format", "");
    B("()", "()");
    B("[]", "[]");
    B("{}", "{}");
    B("(i)", "(i)", 1);
    B("ii", "ii", 1, 2);
    B("[i]", "[i]", 1);
    B("(is)", "(is)", 1, "two");
    B("[s,i,O]", "[siO]", "a", 2, none);
    B("{s:i}", "{s:i}", "a", 1);
    B("{s:i,s:i}", "{s:i,s:i}", "a", 1, "b", 2);
    B("{i:s,d:O}", "{i:s,d:O}", 1, "one", 2.5, none);
    B("{s:i,s:i} duplicate key", "{s:i,s:i}", "a", 1, "a", 2);
    B("{i:s,d:s} equal keys", "{i:s,d:s}", 1, "int", 1.0, "float");
    B("nested", "{s:(i[ii]),s:{s:[]},s:((()))}", "t", 1, 2, 3, "d", "e", "deep");
    B("[(i,i),{}]", "[(i,i),{}]", 1, 2);
    B("((ii)(ss))", "((ii)(ss))", 1, 2, "a", "b");
    B("{(ii):s}", "{(ii):s}", 1, 2, "tuple key");
    {
        PyObject *l = PyList_New(0);
        B("{O:i}(unhashable)", "{O:i}", l, 1);
        Py_DECREF(l);
    }
    B("{[i]:i}(unhashable)", "{[i]:i}", 1, 2);
}

static void separators(void)
{
    B("i,i", "i,i", 1, 2);
    B("i i", "i i", 1, 2);
    B("i:i", "i:i", 1, 2);
    B("i\\ti", "i\ti", 1, 2);
    B("' i'", " i", 1);
    B("'i '", "i ", 1);
    B("',i'", ",i", 1);
    B("'i,'", "i,", 1);
    B("(i, i)", "(i, i)", 1, 2);
    B("(i:i)", "(i:i)", 1, 2);
    B("{s: i, s: i}", "{s: i, s: i}", "a", 1, "b", 2);
    B("[i , i]", "[i , i]", 1, 2);
    /* a separator right before a closing bracket is not accepted */
    B("(i,)", "(i,)", 1);
    B("( i , i )", "( i , i )", 1, 2);
    B("[i ]", "[i ]", 1);
    B("{s:i }", "{s:i }", "a", 1);
    B("i\\n", "i\n", 1);
}

static void errors(void)
{
    B("unknown unit q", "q", 1);
    B("unknown unit in tuple", "(iq)", 1, 2);
    B("unknown unit p", "p", 1);
    B("unknown unit w", "w", 1);
    B("unmatched (", "(ii", 1, 2);
    B("unmatched [", "[ii", 1, 2);
    B("unmatched {", "{si", "a", 2);
    B("odd dict", "{s}", "a");
    B("dict with 3 items", "{s:i:i}", "a", 1, 2);
    B("extra ) after item", "i)", 1);
}

int main(void)
{
    Py_Initialize();
    strings();
    numbers();
    objects();
    containers();
    separators();
    errors();
    CHECK_NOERR();
    return ctest_finish();
}
