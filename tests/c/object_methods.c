/*
 * object_methods.c -- the methods every object inherits from `object`:
 * __getstate__ (the instance dict or None, slot values by __slotnames__,
 * the cached __slotnames__, its type check), __reduce_ex__ deferring to
 * an overriding __reduce__ and checking its protocol, the
 * __getnewargs__/__getnewargs_ex__ result checks of protocol 2,
 * __format__ and __sizeof__, and the lookups Cython's module init makes.
 */
#include "ctest.h"
#include <stddef.h>

typedef struct {
    PyObject_HEAD
    PyObject *x;
} Obj;

static PyMemberDef obj_members[] = {
    {"x", Py_T_OBJECT_EX, offsetof(Obj, x), 0, NULL},
    {NULL},
};

static void obj_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    _PyObject_ClearManagedDict(self);
    Py_CLEAR(((Obj *)self)->x);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static int obj_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(((Obj *)self)->x);
    return _PyObject_VisitManagedDict(self, visit, arg);
}

static PyObject *my_reduce(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(s)", "custom reduce");
}

static PyObject *bad_newargs(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(1);
}

static PyObject *bad_newargs_ex(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(i{})", 1);
}

static PyMethodDef reducer_methods[] = {
    {"__reduce__", my_reduce, METH_NOARGS, NULL},
    {NULL},
};
static PyMethodDef newargs_methods[] = {
    {"__getnewargs__", bad_newargs, METH_NOARGS, NULL},
    {NULL},
};
static PyMethodDef newargs_ex_methods[] = {
    {"__getnewargs_ex__", bad_newargs_ex, METH_NOARGS, NULL},
    {NULL},
};

static PyObject *make_type(const char *name, PyMethodDef *methods)
{
    PyType_Slot slots[] = {
        {Py_tp_dealloc, obj_dealloc},
        {Py_tp_traverse, obj_traverse},
        {Py_tp_members, obj_members},
        {Py_tp_methods, methods},
        {0, NULL},
    };
    PyType_Spec spec = {name, sizeof(Obj), 0,
                        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_DICT |
                            Py_TPFLAGS_BASETYPE,
                        slots};
    return PyType_FromSpec(&spec);
}

static PyMethodDef no_methods[] = {{NULL}};

int main(void)
{
    Py_Initialize();

    puts("-- lookups Cython makes");
    {
        const char *names[] = {"__reduce_ex__", "__reduce__", "__getstate__", "__format__", "__sizeof__"};
        for (int i = 0; i < 5; i++) {
            PyObject *n = PyUnicode_FromString(names[i]);
            PyObject *d = _PyType_Lookup(&PyBaseObject_Type, n);
            printf("object.%s: %s\n", names[i], d ? Py_TYPE(d)->tp_name : "NULL");
            Py_DECREF(n);
        }
    }

    puts("-- __getstate__");
    {
        PyObject *o = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
        show_new("object()", PyObject_CallMethod(o, "__getstate__", NULL));
        Py_DECREF(o);
        PyObject *i = PyLong_FromLong(5);
        show_new("int", PyObject_CallMethod(i, "__getstate__", NULL));
        Py_DECREF(i);

        PyObject *T = make_type("om.T", no_methods);
        PyObject *t = PyObject_CallNoArgs(T);
        show_new("empty dict", PyObject_CallMethod(t, "__getstate__", NULL));
        PyObject *sn = PyObject_GetAttrString(T, "__slotnames__");
        show_new("cached __slotnames__", sn);
        PyObject *v = PyLong_FromLong(42);
        PyObject_SetAttrString(t, "a", v);
        show_new("with an attribute", PyObject_CallMethod(t, "__getstate__", NULL));
        PyObject *names = Py_BuildValue("[s]", "x");
        PyObject_SetAttrString(T, "__slotnames__", names);
        Py_DECREF(names);
        show_new("slot x unset", PyObject_CallMethod(t, "__getstate__", NULL));
        PyObject_SetAttrString(t, "x", v);
        show_new("slot x set", PyObject_CallMethod(t, "__getstate__", NULL));
        PyObject *bad = PyLong_FromLong(3);
        PyObject_SetAttrString(T, "__slotnames__", bad);
        Py_DECREF(bad);
        show_new("__slotnames__ = 3", PyObject_CallMethod(t, "__getstate__", NULL));
        PyObject_SetAttrString(T, "__slotnames__", Py_None);
        show_new("__slotnames__ = None", PyObject_CallMethod(t, "__getstate__", NULL));
        Py_DECREF(v);
        Py_DECREF(t);
        Py_DECREF(T);
    }

    puts("-- __reduce_ex__");
    {
        PyObject *T = make_type("om.Reducer", reducer_methods);
        PyObject *t = PyObject_CallNoArgs(T);
        show_new("override, protocol 2", PyObject_CallMethod(t, "__reduce_ex__", "i", 2));
        show_new("override, protocol 0", PyObject_CallMethod(t, "__reduce_ex__", "i", 0));
        show_new("protocol 'x'", PyObject_CallMethod(t, "__reduce_ex__", "s", "x"));
        show_new("no protocol", PyObject_CallMethod(t, "__reduce_ex__", NULL));
        Py_DECREF(t);
        Py_DECREF(T);

        T = make_type("om.NewArgs", newargs_methods);
        t = PyObject_CallNoArgs(T);
        show_new("__getnewargs__ -> 1", PyObject_CallMethod(t, "__reduce_ex__", "i", 2));
        Py_DECREF(t);
        Py_DECREF(T);
        T = make_type("om.NewArgsEx", newargs_ex_methods);
        t = PyObject_CallNoArgs(T);
        show_new("__getnewargs_ex__ -> (1, {})", PyObject_CallMethod(t, "__reduce_ex__", "i", 4));
        Py_DECREF(t);
        Py_DECREF(T);
    }

    puts("-- __format__ and __sizeof__");
    {
        PyObject *o = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
        PyObject *r = PyObject_CallMethod(o, "__format__", "s", "");
        show_int("format '' is str(o)", r && PyUnicode_Check(r) && PyUnicode_GetLength(r) > 10);
        Py_XDECREF(r);
        show_new("format 'x'", PyObject_CallMethod(o, "__format__", "s", "x"));
        show_new("format 1", PyObject_CallMethod(o, "__format__", "i", 1));
        PyObject *f = PyLong_FromLong(7);
        show_new("object.__format__(7, '')", PyObject_CallMethod(f, "__format__", "s", ""));
        Py_DECREF(f);
        show_new("object().__sizeof__()", PyObject_CallMethod(o, "__sizeof__", NULL));
        PyObject *tup = Py_BuildValue("(iii)", 1, 2, 3);
        show_new("(1, 2, 3).__sizeof__()", PyObject_CallMethod(tup, "__sizeof__", NULL));
        Py_DECREF(tup);
        Py_DECREF(o);
    }

    return ctest_finish();
}
