/*
 * weakref_new -- PyWeakref_NewRef(obj, NULL) + Py_DECREF of the ref: create
 * and drop a basic weak reference to a live instance (4 attributes set) of
 * a MANAGED_DICT | MANAGED_WEAKREF | HAVE_GC heap type.  No other ref to the
 * object exists, so every operation makes a new ref and releases it.
 */
#define BENCH_NAME "weakref_new"
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
    PyObject *r = PyWeakref_NewRef(obj, NULL);
    (void)i;
    if (r == NULL)
        abort();
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(obj);
    Py_DECREF(tp);
    managed_names_release();
}
