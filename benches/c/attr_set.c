/*
 * attr_set -- PyObject_SetAttr of an interned name on an instance of a
 * MANAGED_DICT | MANAGED_WEAKREF | HAVE_GC heap type that has 4 attributes
 * set (values layout, no __dict__ materialized).  Every store replaces the
 * value of an existing attribute; the value alternates between two objects.
 */
#define BENCH_NAME "attr_set"
#include "bench.h"
#include "managed_type.h"

static PyObject *tp, *obj, *vals[2];

static void bench_setup(void)
{
    tp = managed_type_new();
    obj = managed_instance_new(tp);
    vals[0] = PyLong_FromLong(100000);
    vals[1] = PyLong_FromLong(200000);
}

BENCH_OP(i)
{
    if (PyObject_SetAttr(obj, attr_names[2], vals[i & 1]) < 0)
        abort();
}

static void bench_teardown(void)
{
    PyObject *v = PyObject_GetAttr(obj, attr_names[2]);
    if (v == NULL || (v != vals[0] && v != vals[1]))
        abort();
    Py_DECREF(v);
    Py_DECREF(obj);
    Py_DECREF(vals[0]);
    Py_DECREF(vals[1]);
    Py_DECREF(tp);
    managed_names_release();
}
