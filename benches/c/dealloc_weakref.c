/*
 * dealloc_weakref -- create an instance of a MANAGED_DICT | MANAGED_WEAKREF |
 * HAVE_GC heap type by calling the type with no arguments, make one weak
 * reference to it, drop the instance while the ref is alive (its dealloc
 * clears the weakref, then the managed dict, then frees it and releases the
 * type), then drop the dead ref.  No attributes are set: the attribute
 * benches cover those.
 */
#define BENCH_NAME "dealloc_weakref"
#include "bench.h"
#include "managed_type.h"

static PyObject *tp;

static void bench_setup(void)
{
    tp = managed_type_new();
}

BENCH_OP(i)
{
    PyObject *o = PyObject_CallObject(tp, NULL);
    PyObject *r;
    (void)i;
    if (o == NULL)
        abort();
    r = PyWeakref_NewRef(o, NULL);
    if (r == NULL)
        abort();
    Py_DECREF(o);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(tp);
    managed_names_release();
}
