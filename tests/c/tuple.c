/*
 * tuple.c -- tuple objects: creation, item access and its errors, the
 * "SetItem only on a tuple nobody else sees" rule, slicing, macros,
 * comparison and hashing.
 */
#include "ctest.h"

static PyObject *make3(void)
{
    PyObject *t = PyTuple_New(3);
    PyTuple_SetItem(t, 0, PyLong_FromLong(1));
    PyTuple_SetItem(t, 1, PyUnicode_FromString("a"));
    PyTuple_SetItem(t, 2, Py_NewRef(Py_None));
    return t;
}

static void creation(void)
{
    PyObject *t, *e1, *e2, *one;

    e1 = PyTuple_New(0);
    e2 = PyTuple_New(0);
    show("New(0)", e1);
    printf("New(0).size: %lld\n", (long long)PyTuple_Size(e1));
    printf("New(0).same_object: %d\n", Py_Is(e1, e2));
    printf("New(0).immortal: %d\n", (Py_REFCNT(e1) & 0xFFFFFFFF) == 0xFFFFFFFF);
    Py_DECREF(e2);
    e2 = PyTuple_Pack(0);
    printf("Pack(0).is_empty_singleton: %d\n", Py_Is(e1, e2));
    Py_DECREF(e2);
    show_int("IsTrue(())", PyObject_IsTrue(e1));

    t = make3();
    show("New(3)+SetItem", t);
    printf("Size: %lld\n", (long long)PyTuple_Size(t));
    printf("GET_SIZE: %lld\n", (long long)PyTuple_GET_SIZE(t));
    printf("Py_SIZE: %lld\n", (long long)Py_SIZE(t));
    show_int("IsTrue((1,'a',None))", PyObject_IsTrue(t));

    one = PyLong_FromLong(1);
    Py_DECREF(t);
    t = PyTuple_Pack(1, one);
    show("Pack(1)", t);
    Py_DECREF(t);
    t = PyTuple_Pack(2, e1, one);
    show("Pack((), 1)", t);
    {
        PyObject *outer = PyTuple_Pack(2, t, t);
        show("nested", outer);
        Py_DECREF(outer);
    }
    Py_DECREF(t);
    Py_DECREF(one);
    Py_DECREF(e1);

    show_new("New(-1)", PyTuple_New(-1));
}

static void items(void)
{
    PyObject *t = make3();
    PyObject *i;

    show("GetItem(0)", PyTuple_GetItem(t, 0));
    show("GetItem(2)", PyTuple_GetItem(t, 2));
    show("GetItem(3)", PyTuple_GetItem(t, 3));
    show("GetItem(-1)", PyTuple_GetItem(t, -1));
    show("GetItem(big)", PyTuple_GetItem(t, PY_SSIZE_T_MAX));
    show("GET_ITEM(1)", PyTuple_GET_ITEM(t, 1));

    {
        PyObject *l = PyList_New(0);
        show("GetItem(list, 0)", PyTuple_GetItem(l, 0));
        show_int("Size(list)", PyTuple_Size(l));
        show_new("GetSlice(list, 0, 1)", PyTuple_GetSlice(l, 0, 1));
        show_int("SetItem(list, 0, x)", PyTuple_SetItem(l, 0, PyLong_FromLong(5)));
        Py_DECREF(l);
    }

    /* PyObject_GetItem goes through the sequence protocol: negatives wrap */
    i = PyLong_FromLong(-1);
    show_new("PyObject_GetItem(t, -1)", PyObject_GetItem(t, i));
    Py_DECREF(i);
    i = PyLong_FromLong(-4);
    show_new("PyObject_GetItem(t, -4)", PyObject_GetItem(t, i));
    Py_DECREF(i);
    i = PyLong_FromLong(3);
    show_new("PyObject_GetItem(t, 3)", PyObject_GetItem(t, i));
    show_int("PyObject_SetItem(t, 3, 3)", PyObject_SetItem(t, i, i));
    show_int("PyObject_DelItem(t, 3)", PyObject_DelItem(t, i));
    Py_DECREF(i);
    {
        PyObject *k = PyUnicode_FromString("k");
        show_new("PyObject_GetItem(t, 'k')", PyObject_GetItem(t, k));
        Py_DECREF(k);
        k = PyFloat_FromDouble(1.0);
        show_new("PyObject_GetItem(t, 1.0)", PyObject_GetItem(t, k));
        Py_DECREF(k);
    }
    show_int("PyObject_Size(t)", PyObject_Size(t));
    Py_DECREF(t);
}

static void setitem_rules(void)
{
    PyObject *t = PyTuple_New(2);
    PyObject *f = PyFloat_FromDouble(4.5);
    Py_ssize_t before;

    show_int("SetItem(fresh, 0)", PyTuple_SetItem(t, 0, PyLong_FromLong(10)));
    show_int("SetItem(fresh, 1)", PyTuple_SetItem(t, 1, PyLong_FromLong(20)));
    show_int("SetItem(fresh, 2)", PyTuple_SetItem(t, 2, PyLong_FromLong(30)));
    show_int("SetItem(fresh, -1)", PyTuple_SetItem(t, -1, PyLong_FromLong(30)));
    show("after SetItem", t);

    /* once a second reference exists, the tuple counts as shared */
    Py_INCREF(t);
    Py_INCREF(f);
    before = Py_REFCNT(f);
    show_int("SetItem(shared)", PyTuple_SetItem(t, 0, f));
    printf("SetItem(shared).item_consumed: %d\n", Py_REFCNT(f) == before - 1);
    show("after SetItem(shared)", t);
    Py_DECREF(t);

    /* the macros do no checking and no reference counting */
    {
        PyObject *u = PyTuple_New(2);
        PyObject *old;
        PyTuple_SET_ITEM(u, 0, PyLong_FromLong(7));
        PyTuple_SET_ITEM(u, 1, Py_NewRef(f));
        show("SET_ITEM", u);
        old = PyTuple_GET_ITEM(u, 0);
        PyTuple_SET_ITEM(u, 0, PyLong_FromLong(8));
        Py_DECREF(old);
        show("SET_ITEM(replace)", u);
        Py_DECREF(u);
    }
    Py_DECREF(t);
    Py_DECREF(f);
}

static void slices(void)
{
    PyObject *t = PyTuple_New(5);
    PyObject *s;
    int i;
    for (i = 0; i < 5; i++)
        PyTuple_SetItem(t, i, PyLong_FromLong(i * 10));

    show_new("GetSlice(1, 3)", PyTuple_GetSlice(t, 1, 3));
    show_new("GetSlice(0, 1)", PyTuple_GetSlice(t, 0, 1));
    show_new("GetSlice(-3, 2)", PyTuple_GetSlice(t, -3, 2));
    show_new("GetSlice(3, 100)", PyTuple_GetSlice(t, 3, 100));
    show_new("GetSlice(4, 2)", PyTuple_GetSlice(t, 4, 2));
    show_new("GetSlice(-10, -5)", PyTuple_GetSlice(t, -10, -5));
    show_new("GetSlice(7, 9)", PyTuple_GetSlice(t, 7, 9));
    show_new("GetSlice(0, PY_SSIZE_T_MAX)", PyTuple_GetSlice(t, 0, PY_SSIZE_T_MAX));
    s = PyTuple_GetSlice(t, 0, 5);
    printf("GetSlice(whole).same_object: %d\n", Py_Is(s, t));
    Py_DECREF(s);
    s = PyTuple_GetSlice(t, 2, 2);
    printf("GetSlice(empty).size: %lld\n", (long long)PyTuple_Size(s));
    Py_DECREF(s);
    Py_DECREF(t);
}

static void compare_hash(void)
{
    PyObject *a = PyTuple_Pack(2, PyLong_FromLong(1), PyLong_FromLong(2)); /* small ints: immortal */
    PyObject *two_f = PyFloat_FromDouble(2.0);
    PyObject *b = PyTuple_Pack(2, PyLong_FromLong(1), two_f);
    PyObject *c = PyTuple_Pack(2, PyLong_FromLong(1), PyLong_FromLong(3));
    PyObject *d = PyTuple_Pack(1, PyLong_FromLong(1));
    PyObject *l = PyList_New(0);
    PyObject *withlist = PyTuple_Pack(2, PyLong_FromLong(1), l);
    PyObject *e = PyTuple_New(0);
    PyObject *s = PyUnicode_FromString("x");
    PyObject *withstr = PyTuple_Pack(1, s);
    PyObject *strs = PyTuple_Pack(1, s);
    PyList_Append(l, PyLong_FromLong(1));

    show_new("cmp((1,2) == (1,2.0))", PyObject_RichCompare(a, b, Py_EQ));
    show_new("cmp((1,2) < (1,3))", PyObject_RichCompare(a, c, Py_LT));
    show_new("cmp((1,) < (1,2))", PyObject_RichCompare(d, a, Py_LT));
    show_new("cmp(() < (1,))", PyObject_RichCompare(e, d, Py_LT));
    show_new("cmp((1,2) == [1])", PyObject_RichCompare(a, l, Py_EQ));
    show_new("cmp((1,2) < [1])", PyObject_RichCompare(a, l, Py_LT));
    show_new("cmp((1,2) < (1,'x'))", PyObject_RichCompare(a, withstr, Py_LT));
    show_new("cmp(('x',) == ('x',))", PyObject_RichCompare(withstr, strs, Py_EQ));
    show_int("hash(())", (long long)PyObject_Hash(e));
    show_int("hash((1,))", (long long)PyObject_Hash(d));
    show_int("hash((1,2))", (long long)PyObject_Hash(a));
    printf("hash((1,2))==hash((1,2.0)): %d\n", PyObject_Hash(a) == PyObject_Hash(b));
    show_int("hash((1,[1]))", (long long)PyObject_Hash(withlist));
    printf("PyTuple_Check(()): %d\n", PyTuple_Check(e));
    printf("PyTuple_CheckExact(()): %d\n", PyTuple_CheckExact(e));
    printf("PyTuple_Check([]): %d\n", PyTuple_Check(l));
    show_new("type(())", PyObject_Type(e));

    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(d);
    Py_DECREF(l);
    Py_DECREF(withlist);
    Py_DECREF(e);
    Py_DECREF(withstr);
    Py_DECREF(strs);
    Py_DECREF(s);
    Py_DECREF(two_f);
}

int main(void)
{
    Py_Initialize();
    creation();
    items();
    setitem_rules();
    slices();
    compare_hash();
    CHECK_NOERR();
    return ctest_finish();
}
