/*
 * list.c -- list objects: append/insert (with index clamping), item access
 * and its errors, AsTuple, macros, the sequence protocol, recursive repr.
 */
#include "ctest.h"

static PyObject *L(long a, long b, long c)
{
    PyObject *l = PyList_New(0);
    PyObject *x;
    x = PyLong_FromLong(a); PyList_Append(l, x); Py_DECREF(x);
    x = PyLong_FromLong(b); PyList_Append(l, x); Py_DECREF(x);
    x = PyLong_FromLong(c); PyList_Append(l, x); Py_DECREF(x);
    return l;
}

static void creation(void)
{
    PyObject *l = PyList_New(0);
    PyObject *m;
    int i;
    show("New(0)", l);
    printf("New(0).Size: %lld\n", (long long)PyList_Size(l));
    show_int("IsTrue([])", PyObject_IsTrue(l));
    Py_DECREF(l);

    l = PyList_New(3);
    for (i = 0; i < 3; i++)
        PyList_SetItem(l, i, PyLong_FromLong(100 + i));
    show("New(3)+SetItem", l);
    printf("GET_SIZE: %lld\n", (long long)PyList_GET_SIZE(l));
    printf("Py_SIZE: %lld\n", (long long)Py_SIZE(l));
    show("GET_ITEM(2)", PyList_GET_ITEM(l, 2));
    {
        PyObject *old = PyList_GET_ITEM(l, 0);
        PyList_SET_ITEM(l, 0, PyUnicode_FromString("zero"));
        Py_DECREF(old);
    }
    show("SET_ITEM(0)", l);
    Py_DECREF(l);

    show_new("New(-1)", PyList_New(-1));

    m = PyList_New(0);
    l = PyList_New(0);
    PyList_Append(l, m);
    PyList_Append(l, m);
    show("[[], []]", l);
    Py_DECREF(l);
    Py_DECREF(m);
}

static void append_insert(void)
{
    PyObject *l = PyList_New(0);
    PyObject *x;
    int i;
    static const struct { const char *label; Py_ssize_t where; long v; } ins[] = {
        {"Insert(0, 1)", 0, 1},
        {"Insert(1, 2)", 1, 2},
        {"Insert(0, 0)", 0, 0},
        {"Insert(-1, 9)", -1, 9},
        {"Insert(-2, 8)", -2, 8},
        {"Insert(-100, -1)", -100, -1},
        {"Insert(100, 99)", 100, 99},
        {"Insert(PY_SSIZE_T_MIN, -2)", PY_SSIZE_T_MIN, -2},
        {"Insert(PY_SSIZE_T_MAX, 100)", PY_SSIZE_T_MAX, 100},
        {"Insert(len, 101)", 9, 101},
    };
    for (i = 0; i < (int)(sizeof ins / sizeof ins[0]); i++) {
        int rc;
        char label[96];
        x = PyLong_FromLong(ins[i].v);
        rc = PyList_Insert(l, ins[i].where, x);
        Py_DECREF(x);
        snprintf(label, sizeof label, "%s.ret", ins[i].label);
        show_int(label, rc);
        show(ins[i].label, l);
    }
    x = PyUnicode_FromString("end");
    show_int("Append('end').ret", PyList_Append(l, x));
    Py_DECREF(x);
    show("after Append", l);
    show_int("Size", PyList_Size(l));

    show_int("Append(NULL)", PyList_Append(l, NULL));
    show_int("Insert(0, NULL)", PyList_Insert(l, 0, NULL));
    {
        PyObject *t = PyTuple_New(0);
        show_int("Append(tuple, x)", PyList_Append(t, Py_None));
        show_int("Insert(tuple, 0, x)", PyList_Insert(t, 0, Py_None));
        show_int("Size(tuple)", PyList_Size(t));
        show("GetItem(tuple, 0)", PyList_GetItem(t, 0));
        show_int("SetItem(tuple, 0, x)", PyList_SetItem(t, 0, Py_NewRef(Py_None)));
        show_new("AsTuple(tuple)", PyList_AsTuple(t));
        Py_DECREF(t);
    }
    Py_DECREF(l);
}

static void items(void)
{
    PyObject *l = L(10, 20, 30);
    PyObject *i;

    show("GetItem(0)", PyList_GetItem(l, 0));
    show("GetItem(2)", PyList_GetItem(l, 2));
    show("GetItem(3)", PyList_GetItem(l, 3));
    show("GetItem(-1)", PyList_GetItem(l, -1));
    show_int("SetItem(1, 'b')", PyList_SetItem(l, 1, PyUnicode_FromString("b")));
    show("after SetItem", l);
    show_int("SetItem(3, x)", PyList_SetItem(l, 3, PyLong_FromLong(0)));
    show_int("SetItem(-1, x)", PyList_SetItem(l, -1, PyLong_FromLong(0)));

    i = PyLong_FromLong(-1);
    show_new("PyObject_GetItem(l, -1)", PyObject_GetItem(l, i));
    show_int("PyObject_SetItem(l, -1, -1)", PyObject_SetItem(l, i, i));
    show("after PyObject_SetItem", l);
    Py_DECREF(i);
    i = PyLong_FromLong(-4);
    show_new("PyObject_GetItem(l, -4)", PyObject_GetItem(l, i));
    show_int("PyObject_SetItem(l, -4, x)", PyObject_SetItem(l, i, Py_None));
    show_int("PyObject_DelItem(l, -4)", PyObject_DelItem(l, i));
    Py_DECREF(i);
    i = PyLong_FromLong(3);
    show_new("PyObject_GetItem(l, 3)", PyObject_GetItem(l, i));
    Py_DECREF(i);
    i = PyLong_FromLong(0);
    show_int("PyObject_DelItem(l, 0)", PyObject_DelItem(l, i));
    show("after PyObject_DelItem", l);
    Py_DECREF(i);
    {
        PyObject *k = PyUnicode_FromString("k");
        show_new("PyObject_GetItem(l, 'k')", PyObject_GetItem(l, k));
        show_int("PyObject_SetItem(l, 'k', x)", PyObject_SetItem(l, k, Py_None));
        show_int("PyObject_DelItem(l, 'k')", PyObject_DelItem(l, k));
        Py_DECREF(k);
    }
    show_int("PyObject_Size(l)", PyObject_Size(l));
    show_int("PyObject_Length(l)", PyObject_Length(l));
    Py_DECREF(l);
}

static void as_tuple(void)
{
    PyObject *l = L(1, 2, 3);
    PyObject *t = PyList_AsTuple(l);
    PyObject *e;
    show("AsTuple([1,2,3])", t);
    printf("AsTuple.is_tuple: %d\n", PyTuple_CheckExact(t));
    /* the tuple is a copy: changing the list afterwards does not show */
    PyList_SetItem(l, 0, PyLong_FromLong(42));
    show("AsTuple.after_list_change", t);
    Py_DECREF(t);
    Py_DECREF(l);
    e = PyList_New(0);
    t = PyList_AsTuple(e);
    show("AsTuple([])", t);
    Py_DECREF(t);
    Py_DECREF(e);
}

static void compare_misc(void)
{
    PyObject *a = L(1, 2, 3);
    PyObject *b = L(1, 2, 3);
    PyObject *c = L(1, 2, 4);
    PyObject *s = PyList_New(0);
    PyObject *t;
    PyObject *x = PyUnicode_FromString("x");
    PyList_Append(s, x);

    show_new("cmp([1,2,3] == [1,2,3])", PyObject_RichCompare(a, b, Py_EQ));
    show_new("cmp([1,2,3] < [1,2,4])", PyObject_RichCompare(a, c, Py_LT));
    show_new("cmp([1,2,3] > ['x'])", PyObject_RichCompare(a, s, Py_GT));
    show_int("cmpbool([1,2,3] == [1,2,3])", PyObject_RichCompareBool(a, b, Py_EQ));
    show_int("hash([1,2,3])", (long long)PyObject_Hash(a));
    t = PyList_AsTuple(a);
    show_new("cmp([1,2,3] == (1,2,3))", PyObject_RichCompare(a, t, Py_EQ));
    Py_DECREF(t);

    /* a list that contains itself */
    PyList_Append(a, a);
    show("recursive", a);
    PyList_Append(b, a);
    show("contains_recursive", b);
    show_str("str(recursive)", a);
    PyList_SetItem(a, 3, Py_NewRef(Py_None)); /* break the cycle */
    show("cycle_broken", a);

    printf("PyList_Check([]): %d\n", PyList_Check(s));
    printf("PyList_CheckExact([]): %d\n", PyList_CheckExact(s));
    printf("PyList_Check(()): %d\n", PyList_Check(t = PyTuple_New(0)));
    Py_DECREF(t);
    show_new("type([])", PyObject_Type(s));

    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(s);
    Py_DECREF(x);
}

int main(void)
{
    Py_Initialize();
    creation();
    append_insert();
    items();
    as_tuple();
    compare_misc();
    CHECK_NOERR();
    return ctest_finish();
}
