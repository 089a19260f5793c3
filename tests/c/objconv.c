/*
 * objconv.c -- PyObject_Bytes and PyObject_LengthHint.
 * PyObject_Bytes: NULL (b'<NULL>'), identity for exact bytes, lists and
 * tuples of ints, out-of-range and non-int items, str/int/None errors,
 * heap types with __bytes__ (Py_tp_methods) returning bytes or a str, an
 * iterator over ints.  PyObject_LengthHint: lists, dicts, partially
 * consumed list iterators, dict key iterators, objects without a hint (the
 * default), __length_hint__ returning 5 / NotImplemented / -1 / a str /
 * raising TypeError (cleared, default) or ValueError (-1), sq_length.
 */
#include "ctest.h"

static PyObject *bytes_ok(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; return PyBytes_FromString("custom"); }
static PyObject *bytes_str(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; return PyUnicode_FromString("custom"); }
static PyObject *hint_5(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; return PyLong_FromLong(5); }
static PyObject *hint_ni(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; return Py_NewRef(Py_NotImplemented); }
static PyObject *hint_neg(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; return PyLong_FromLong(-1); }
static PyObject *hint_str(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; return PyUnicode_FromString("five"); }
static PyObject *hint_te(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; PyErr_SetString(PyExc_TypeError, "hint type error"); return NULL; }
static PyObject *hint_ve(PyObject *self, PyObject *unused)
{ (void)self; (void)unused; PyErr_SetString(PyExc_ValueError, "hint value error"); return NULL; }
static Py_ssize_t len_3(PyObject *self) { (void)self; return 3; }

/* An instance of a fresh heap type with one METH_NOARGS method (or, with
 * meth == NULL, with sq_length). */
static PyObject *make_obj(const char *tname, const char *mname, PyCFunction meth)
{
    static PyMethodDef defs[16][2];
    static int used = 0;
    PyMethodDef *md = defs[used++];
    PyType_Slot slots[2] = {{0, NULL}, {0, NULL}};
    PyType_Spec spec = {tname, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
    PyObject *tp, *obj;
    if (meth != NULL) {
        md[0].ml_name = mname;
        md[0].ml_meth = meth;
        md[0].ml_flags = METH_NOARGS;
        md[0].ml_doc = NULL;
        slots[0].slot = Py_tp_methods;
        slots[0].pfunc = md;
    }
    else {
        slots[0].slot = Py_sq_length;
        slots[0].pfunc = (void *)len_3;
    }
    tp = PyType_FromSpec(&spec);
    if (tp == NULL)
        return NULL;
    obj = PyObject_CallNoArgs(tp);
    Py_DECREF(tp);
    return obj;
}

static void bytes_of(const char *label, PyObject *o)
{
    show_new(label, PyObject_Bytes(o));
    Py_XDECREF(o);
}

static void hint_of(const char *label, PyObject *o, Py_ssize_t dflt)
{
    CHECK(o != NULL);
    show_int(label, (long long)PyObject_LengthHint(o, dflt));
    Py_XDECREF(o);
}

int main(void)
{
    PyObject *o, *r, *it, *x, *d;
    Py_Initialize();

    /* ---- PyObject_Bytes ---- */
    show_new("bytes NULL", PyObject_Bytes(NULL));
    o = PyBytes_FromString("abc");
    r = PyObject_Bytes(o);
    printf("bytes same object: %d\n", r == o);
    show("bytes of bytes", r);
    Py_XDECREF(r);
    Py_DECREF(o);
    bytes_of("bytes list", Py_BuildValue("[ii]", 104, 105));
    bytes_of("bytes tuple", Py_BuildValue("(iii)", 0, 65, 255));
    bytes_of("bytes empty list", PyList_New(0));
    bytes_of("bytes list 256", Py_BuildValue("[ii]", 1, 256));
    bytes_of("bytes list -1", Py_BuildValue("[i]", -1));
    bytes_of("bytes list str", Py_BuildValue("[is]", 1, "a"));
    bytes_of("bytes str", PyUnicode_FromString("hi"));
    bytes_of("bytes int", PyLong_FromLong(3));
    bytes_of("bytes None", Py_NewRef(Py_None));
    bytes_of("bytes __bytes__", make_obj("objconv.B", "__bytes__", bytes_ok));
    bytes_of("bytes __bytes__ str", make_obj("objconv.BS", "__bytes__", bytes_str));
    o = Py_BuildValue("[iii]", 120, 121, 122);
    bytes_of("bytes iterator", PyObject_GetIter(o));
    Py_DECREF(o);

    /* ---- PyObject_LengthHint ---- */
    hint_of("hint list", Py_BuildValue("[iii]", 1, 2, 3), 99);
    hint_of("hint empty list", PyList_New(0), 99);
    hint_of("hint dict", Py_BuildValue("{sisi}", "a", 1, "b", 2), 99);
    o = Py_BuildValue("[iiii]", 1, 2, 3, 4);
    it = PyObject_GetIter(o);
    x = PyIter_Next(it);
    Py_XDECREF(x);
    show_int("hint list iter after next", (long long)PyObject_LengthHint(it, 99));
    while ((x = PyIter_Next(it)) != NULL)
        Py_DECREF(x);
    CHECK_NOERR();
    show_int("hint exhausted list iter", (long long)PyObject_LengthHint(it, 99));
    Py_DECREF(it);
    Py_DECREF(o);
    d = Py_BuildValue("{sisisi}", "a", 1, "b", 2, "c", 3);
    o = PyObject_CallMethod(d, "keys", NULL);
    hint_of("hint dict keys view", Py_NewRef(o), 99);
    hint_of("hint dict keys iter", PyObject_GetIter(o), 99);
    Py_XDECREF(o);
    Py_DECREF(d);
    hint_of("hint int default 7", PyLong_FromLong(4), 7);
    CHECK_NOERR();
    hint_of("hint None default 0", Py_NewRef(Py_None), 0);
    hint_of("hint __length_hint__ 5", make_obj("objconv.H5", "__length_hint__", hint_5), 7);
    hint_of("hint NotImplemented", make_obj("objconv.HNI", "__length_hint__", hint_ni), 7);
    hint_of("hint -1", make_obj("objconv.HNeg", "__length_hint__", hint_neg), 7);
    hint_of("hint str", make_obj("objconv.HStr", "__length_hint__", hint_str), 7);
    hint_of("hint raises TypeError", make_obj("objconv.HTE", "__length_hint__", hint_te), 7);
    hint_of("hint raises ValueError", make_obj("objconv.HVE", "__length_hint__", hint_ve), 7);
    hint_of("hint sq_length", make_obj("objconv.L3", NULL, NULL), 7);

    return ctest_finish();
}
