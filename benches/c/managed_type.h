/*
 * managed_type.h -- the heap type shared by the managed-dict benchmarks
 * (issue 3): Py_TPFLAGS_MANAGED_DICT | MANAGED_WEAKREF | HAVE_GC, a bare
 * PyObject body (tp_basicsize 16), traverse/clear/dealloc as in spec C.1,
 * no __dict__ getset.  Include after bench.h (or after Python.h).
 */
#ifndef OPHIS_BENCH_MANAGED_TYPE_H
#define OPHIS_BENCH_MANAGED_TYPE_H

#include <stdio.h>
#include <stdlib.h>

static int managed_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return _PyObject_VisitManagedDict(self, visit, arg);
}

static int managed_clear(PyObject *self)
{
    _PyObject_ClearManagedDict(self);
    return 0;
}

static void managed_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_ClearWeakRefs(self);
    _PyObject_ClearManagedDict(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot managed_slots[] = {
    {Py_tp_traverse, managed_traverse},
    {Py_tp_clear, managed_clear},
    {Py_tp_dealloc, managed_dealloc},
    {0, NULL},
};

static PyType_Spec managed_spec = {
    "bench.Managed", sizeof(PyObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF,
    managed_slots,
};

/* the four attribute names (interned) and values (small ints: immortal) */
static PyObject *attr_names[4];
static PyObject *attr_values[4];

static inline PyObject *managed_type_new(void)
{
    static const char *names[4] = {"alpha", "beta", "gamma", "delta"};
    int k;
    PyObject *tp = PyType_FromSpec(&managed_spec);
    if (tp == NULL) {
        fprintf(stderr, "managed_type_new: PyType_FromSpec failed\n");
        abort();
    }
    for (k = 0; k < 4; k++) {
        attr_names[k] = PyUnicode_InternFromString(names[k]);
        attr_values[k] = PyLong_FromLong(k + 1);
    }
    return tp;
}

/* a fresh instance with the four attributes set (values layout) */
static inline PyObject *managed_instance_new(PyObject *tp)
{
    int k;
    PyObject *o = PyObject_CallObject(tp, NULL);
    if (o == NULL)
        abort();
    for (k = 0; k < 4; k++)
        if (PyObject_SetAttr(o, attr_names[k], attr_values[k]) < 0)
            abort();
    return o;
}

static inline void managed_names_release(void)
{
    int k;
    for (k = 0; k < 4; k++) {
        Py_CLEAR(attr_names[k]);
        Py_CLEAR(attr_values[k]);
    }
}

#endif /* OPHIS_BENCH_MANAGED_TYPE_H */
