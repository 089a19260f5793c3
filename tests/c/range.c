/*
 * range.c -- the range type through the C API: construction and its
 * errors, attributes, len (and its overflow), indexing and slicing (also
 * past Py_ssize_t), membership for ints and other objects, count/index,
 * equality and hashing of equal ranges, repr, truth, iteration with
 * range_iterator and longrange_iterator, __reversed__ and __length_hint__.
 */
#include "ctest.h"

static PyObject *R = NULL;

static PyObject *mk(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (!args)
        return NULL;
    PyObject *r = PyObject_CallObject(R, args);
    Py_DECREF(args);
    return r;
}

static PyObject *big(const char *s)
{
    return PyLong_FromString(s, NULL, 0);
}

static void show_iter(const char *label, PyObject *obj, int max)
{
    PyObject *it = PyObject_GetIter(obj);
    if (!it) {
        show_exc(label);
        return;
    }
    printf("%s: %s [", label, Py_TYPE(it)->tp_name);
    PyObject *v;
    int n = 0;
    while (n < max && (v = PyIter_Next(it))) {
        PyObject *r = PyObject_Repr(v);
        printf("%s%s", n ? ", " : "", PyUnicode_AsUTF8(r));
        Py_DECREF(r);
        Py_DECREF(v);
        n++;
    }
    printf("]\n");
    if (PyErr_Occurred())
        show_exc("  error");
    Py_DECREF(it);
}

int main(void)
{
    Py_Initialize();
    PyObject *b = PyImport_ImportModule("builtins");
    R = PyObject_GetAttrString(b, "range");
    Py_DECREF(b);

    puts("-- construction");
    show_new("range(5)", mk("(i)", 5));
    show_new("range(2, 9, 3)", mk("(iii)", 2, 9, 3));
    show_new("range(10, 0, -2)", mk("(iii)", 10, 0, -2));
    show_new("range(True)", mk("(O)", Py_True));
    show_new("range()", mk("()"));
    show_new("range(1,2,3,4)", mk("(iiii)", 1, 2, 3, 4));
    show_new("range(1, 5, 0)", mk("(iii)", 1, 5, 0));
    show_new("range(1.5)", mk("(d)", 1.5));
    show_new("range('a')", mk("(s)", "a"));
    {
        PyObject *args = Py_BuildValue("(i)", 3);
        PyObject *kw = Py_BuildValue("{s:i}", "step", 1);
        show_new("range(3, step=1)", PyObject_Call(R, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    {
        PyObject *r = mk("(iii)", 2, 9, 3);
        show_new("start", PyObject_GetAttrString(r, "start"));
        show_new("stop", PyObject_GetAttrString(r, "stop"));
        show_new("step", PyObject_GetAttrString(r, "step"));
        show_int("set start", PyObject_SetAttrString(r, "start", Py_None));
        show_int("type check", PyObject_TypeCheck(r, &PyRange_Type));
        show_int("PyRange_Check", PyRange_Check(r));
        Py_DECREF(r);
    }

    puts("-- lengths and truth");
    int cases[][3] = {{0, 10, 1}, {0, 10, 3}, {10, 0, -3}, {5, 5, 1}, {5, 0, 1}, {-5, 5, 4}};
    for (int i = 0; i < 6; i++) {
        PyObject *r = mk("(iii)", cases[i][0], cases[i][1], cases[i][2]);
        printf("len(range(%d, %d, %d)) = %zd, true: %d\n", cases[i][0], cases[i][1], cases[i][2],
               PyObject_Length(r), PyObject_IsTrue(r));
        Py_DECREF(r);
    }
    {
        PyObject *r = mk("(N)", big("100000000000000000000000"));
        show_int("len(range(10**23))", PyObject_Length(r));
        show_int("true", PyObject_IsTrue(r));
        show_new("[-1]", PySequence_GetItem(r, -1));
        PyObject *k = big("99999999999999999999999");
        show_new("[10**23-1]", PyObject_GetItem(r, k));
        Py_DECREF(k);
        k = big("100000000000000000000000");
        show_new("[10**23]", PyObject_GetItem(r, k));
        Py_DECREF(k);
        PyObject *s = PySlice_New(NULL, NULL, PyLong_FromLong(7));
        show_new("[::7]", PyObject_GetItem(r, s));
        Py_DECREF(s);
        show_iter("iter", r, 3);
        PyObject *rev = PyObject_CallMethod(r, "__reversed__", NULL);
        show_iter("reversed", rev, 2);
        Py_DECREF(rev);
        Py_DECREF(r);
    }

    puts("-- indexing and slicing");
    {
        PyObject *r = mk("(iii)", 3, 30, 4);
        int idx[] = {0, 1, 6, 7, -1, -7, -8};
        for (int i = 0; i < 7; i++) {
            printf("[%d] ", idx[i]);
            show_new("", PySequence_GetItem(r, idx[i]));
        }
        PyObject *key = PyUnicode_FromString("a");
        show_new("['a']", PyObject_GetItem(r, key));
        Py_DECREF(key);
        key = PyFloat_FromDouble(1.0);
        show_new("[1.0]", PyObject_GetItem(r, key));
        Py_DECREF(key);
        const char *sl[][3] = {{"1", "4", NULL}, {NULL, NULL, "-1"}, {"-2", NULL, NULL}, {"100", "-100", "-2"},
                               {NULL, NULL, "3"}, {"5", "1", NULL}};
        for (int i = 0; i < 6; i++) {
            PyObject *p[3];
            for (int j = 0; j < 3; j++)
                p[j] = sl[i][j] ? big(sl[i][j]) : NULL;
            PyObject *s = PySlice_New(p[0], p[1], p[2]);
            printf("[%s:%s:%s] ", sl[i][0] ? sl[i][0] : "", sl[i][1] ? sl[i][1] : "", sl[i][2] ? sl[i][2] : "");
            show_new("", PyObject_GetItem(r, s));
            Py_DECREF(s);
            for (int j = 0; j < 3; j++)
                Py_XDECREF(p[j]);
        }
        PyObject *z = PyLong_FromLong(0);
        PyObject *s = PySlice_New(NULL, NULL, z);
        show_new("[::0]", PyObject_GetItem(r, s));
        Py_DECREF(s);
        Py_DECREF(z);
        Py_DECREF(r);
    }

    puts("-- membership, count, index");
    {
        PyObject *r = mk("(iii)", 3, 30, 4);
        PyObject *vals[] = {PyLong_FromLong(7), PyLong_FromLong(8), PyLong_FromLong(30), PyLong_FromLong(27),
                            PyFloat_FromDouble(7.0), PyFloat_FromDouble(7.5), Py_NewRef(Py_True),
                            PyUnicode_FromString("7")};
        for (int i = 0; i < 8; i++) {
            PyObject *rep = PyObject_Repr(vals[i]);
            printf("%s: in=%d ", PyUnicode_AsUTF8(rep), PySequence_Contains(r, vals[i]));
            show_new("count", PyObject_CallMethod(r, "count", "O", vals[i]));
            printf("  ");
            show_new("index", PyObject_CallMethod(r, "index", "O", vals[i]));
            Py_DECREF(rep);
            Py_DECREF(vals[i]);
        }
        PyObject *neg = mk("(iii)", 10, -10, -3);
        PyObject *m2 = PyLong_FromLong(-2);
        show_int("-2 in range(10, -10, -3)", PySequence_Contains(neg, m2));
        show_new("index(-2)", PyObject_CallMethod(neg, "index", "O", m2));
        Py_DECREF(m2);
        Py_DECREF(neg);
        show_new("index()", PyObject_CallMethod(r, "index", NULL));
        Py_DECREF(r);
    }

    puts("-- equality and hashing");
    {
        PyObject *pairs[][2] = {
            {mk("(i)", 0), mk("(iii)", 5, 2, 1)},
            {mk("(iii)", 3, 4, 1), mk("(iii)", 3, 5, 10)},
            {mk("(iii)", 0, 10, 3), mk("(iii)", 0, 11, 3)},
            {mk("(iii)", 0, 10, 3), mk("(iii)", 0, 12, 3)},
            {mk("(i)", 3), mk("(iii)", 0, 3, 2)},
        };
        for (int i = 0; i < 5; i++) {
            PyObject *ra = PyObject_Repr(pairs[i][0]), *rb = PyObject_Repr(pairs[i][1]);
            printf("%s == %s: %d, != %d, hashes equal: %d\n", PyUnicode_AsUTF8(ra), PyUnicode_AsUTF8(rb),
                   PyObject_RichCompareBool(pairs[i][0], pairs[i][1], Py_EQ),
                   PyObject_RichCompareBool(pairs[i][0], pairs[i][1], Py_NE),
                   PyObject_Hash(pairs[i][0]) == PyObject_Hash(pairs[i][1]));
            Py_DECREF(ra);
            Py_DECREF(rb);
        }
        show_int("hash(range(0))", PyObject_Hash(pairs[0][0]));
        show_int("hash(range(3, 4))", PyObject_Hash(pairs[1][0]));
        show_int("hash(range(0, 10, 3))", PyObject_Hash(pairs[2][0]));
        PyObject *l = PyList_New(0);
        show_new("range(0) == []", PyObject_RichCompare(pairs[0][0], l, Py_EQ));
        show_new("range(0) < range(1)", PyObject_RichCompare(pairs[0][0], pairs[4][0], Py_LT));
        Py_DECREF(l);
        for (int i = 0; i < 5; i++) {
            Py_DECREF(pairs[i][0]);
            Py_DECREF(pairs[i][1]);
        }
    }

    puts("-- iteration");
    {
        PyObject *r = mk("(iii)", 10, 0, -3);
        show_iter("range(10, 0, -3)", r, 10);
        PyObject *it = PyObject_GetIter(r);
        PyObject *v = PyIter_Next(it);
        Py_DECREF(v);
        show_new("length_hint after one", PyObject_CallMethod(it, "__length_hint__", NULL));
        Py_DECREF(it);
        PyObject *rev = PyObject_CallMethod(r, "__reversed__", NULL);
        show_iter("reversed", rev, 10);
        Py_DECREF(rev);
        show_new("list", PySequence_List(r));
        show_new("tuple", PySequence_Tuple(r));
        Py_DECREF(r);
        PyObject *e = mk("(i)", 0);
        show_iter("range(0)", e, 10);
        Py_DECREF(e);
        PyObject *edge = mk("(NN)", big("9223372036854775805"), big("9223372036854775808"));
        show_iter("near 2**63", edge, 10);
        Py_DECREF(edge);
        PyObject *neg = mk("(NNi)", big("-9223372036854775806"), big("-9223372036854775810"), -1);
        show_iter("near -2**63", neg, 10);
        Py_DECREF(neg);
        PyObject *lr = mk("(NN)", big("18446744073709551616"), big("18446744073709551619"));
        show_iter("past 2**64", lr, 10);
        PyObject *lit = PyObject_GetIter(lr);
        show_new("length_hint", PyObject_CallMethod(lit, "__length_hint__", NULL));
        Py_DECREF(lit);
        Py_DECREF(lr);
    }

    Py_DECREF(R);
    return ctest_finish();
}
