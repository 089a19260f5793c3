/*
 * private_api.c -- the underscore functions of CPython 3.12's API that
 * binary wheels call (orjson, msgspec through pyo3-ffi and C):
 * Py_ReprEnter/Py_ReprLeave, _PyUnicode_EQ, _PyDict_Next,
 * _PyDict_SetItem_KnownHash, _PyDict_Contains_KnownHash, _Py_HashBytes,
 * _Py_CheckFunctionResult.
 */
#include "ctest.h"

static PyObject *ret_null(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return NULL;
}

static PyMethodDef ret_null_def = {"ret_null", ret_null, METH_NOARGS, NULL};

int main(void)
{
    Py_Initialize();
    PyObject *lst = PyList_New(0);
    printf("ReprEnter first: %d\n", Py_ReprEnter(lst));
    printf("ReprEnter again: %d\n", Py_ReprEnter(lst));
    Py_ReprLeave(lst);
    printf("ReprEnter after leave: %d\n", Py_ReprEnter(lst));
    Py_ReprLeave(lst);
    Py_ReprLeave(lst); /* one more than entered: ignored */
    printf("ReprEnter after two leaves: %d\n", Py_ReprEnter(lst));
    Py_ReprLeave(lst);

    PyObject *a = PyUnicode_FromString("h\xc3\xa9llo");
    PyObject *b = PyUnicode_FromString("h\xc3\xa9llo");
    PyObject *c = PyUnicode_FromString("hello");
    printf("_PyUnicode_EQ: %d %d %d\n", _PyUnicode_EQ(a, b), _PyUnicode_EQ(a, c), _PyUnicode_EQ(a, a));

    PyObject *d = PyDict_New();
    Py_hash_t h = PyObject_Hash(c);
    printf("SetItem_KnownHash: %d\n", _PyDict_SetItem_KnownHash(d, c, a, h));
    PyDict_SetItemString(d, "two", Py_True);
    printf("Contains_KnownHash: %d %d\n", _PyDict_Contains_KnownHash(d, c, h),
           _PyDict_Contains_KnownHash(d, a, PyObject_Hash(a)));
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    Py_hash_t kh;
    while (_PyDict_Next(d, &pos, &k, &v, &kh))
        printf("  _PyDict_Next: %s -> %s, hash matches %d, pos %zd\n", PyUnicode_AsUTF8(k),
               PyUnicode_AsUTF8(PyObject_Repr(v)), kh == PyObject_Hash(k), pos);
    show("d", d);

    PyObject *bytes = PyBytes_FromString("abc");
    printf("_Py_HashBytes matches hash(b'abc'): %d; empty: %ld\n",
           _Py_HashBytes("abc", 3) == PyObject_Hash(bytes), (long)_Py_HashBytes("", 0));

    PyThreadState *ts = PyThreadState_Get();
    PyObject *f = PyCFunction_New(&ret_null_def, NULL);
    PyObject *one = PyLong_FromLong(1);
    Py_INCREF(one);
    show_new("CheckFunctionResult(f, 1)", _Py_CheckFunctionResult(ts, f, one, NULL));
    show_new("CheckFunctionResult(f, NULL)", _Py_CheckFunctionResult(ts, f, NULL, NULL));
    show_new("CheckFunctionResult(NULL, NULL, where)",
             _Py_CheckFunctionResult(ts, NULL, NULL, "the where text"));
    PyErr_SetString(PyExc_ValueError, "stray");
    Py_INCREF(one);
    show_new("CheckFunctionResult(f, 1) with an exception set", _Py_CheckFunctionResult(ts, f, one, NULL));

    Py_DECREF(one);
    Py_DECREF(f);
    Py_DECREF(bytes);
    Py_DECREF(d);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(lst);
    CHECK_NOERR();
    return ctest_finish();
}
