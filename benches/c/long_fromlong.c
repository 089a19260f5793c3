/*
 * long_fromlong -- PyLong_FromLong(1000 + i % 1000) + Py_DECREF: allocating
 * and freeing a one-digit int (outside the small-int cache, -5..256).
 */
#define BENCH_NAME "long_fromlong"
#include "bench.h"

static void bench_setup(void)
{
}

BENCH_OP(i)
{
    PyObject *v = PyLong_FromLong(1000 + i % 1000);
    if (v == NULL)
        abort();
    bench_escape(v);
    Py_DECREF(v);
}

static void bench_teardown(void)
{
}
