/*
 * list_new -- PyList_New(0) + Py_DECREF: allocate an empty list (a GC
 * object: counted, tracked, untracked and freed) and free it. The cost of
 * the collector's bookkeeping on the allocation path.
 */
#define BENCH_NAME "list_new"
#include "bench.h"

static void bench_setup(void)
{
}

BENCH_OP(i)
{
    PyObject *l = PyList_New(0);
    (void)i;
    if (l == NULL)
        abort();
    bench_escape(l);
    Py_DECREF(l);
}

static void bench_teardown(void)
{
}
