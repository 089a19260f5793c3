/*
 * attr_get -- PyObject_GetAttr of an interned name + Py_DECREF of the
 * result, on an instance of a MANAGED_DICT | MANAGED_WEAKREF | HAVE_GC heap
 * type that has 4 attributes set (values layout, no __dict__ materialized).
 */
#define BENCH_NAME "attr_get"
#include "bench.h"
#include "managed_type.h"

static PyObject *tp, *obj;

static void bench_setup(void)
{
    tp = managed_type_new();
    obj = managed_instance_new(tp);
}

BENCH_OP(i)
{
    PyObject *v = PyObject_GetAttr(obj, attr_names[i & 3]);
    if (v == NULL)
        abort();
    bench_escape(v);
    Py_DECREF(v);
}

static void bench_teardown(void)
{
    Py_DECREF(obj);
    Py_DECREF(tp);
    managed_names_release();
}
