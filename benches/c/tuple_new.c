/*
 * tuple_new -- PyTuple_New(3) + Py_DECREF: allocate a 3-tuple (items NULL)
 * and free it.
 */
#define BENCH_NAME "tuple_new"
#include "bench.h"

static void bench_setup(void)
{
}

BENCH_OP(i)
{
    PyObject *t = PyTuple_New(3);
    (void)i;
    if (t == NULL)
        abort();
    bench_escape(t);
    Py_DECREF(t);
}

static void bench_teardown(void)
{
}
