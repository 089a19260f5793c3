/*
 * exc_fetch_restore -- PyErr_SetString(PyExc_ValueError, "x") +
 * PyErr_Fetch + PyErr_Restore + PyErr_Clear (the legacy triple view).
 */
#define BENCH_NAME "exc_fetch_restore"
#include "bench.h"

static void bench_setup(void) {}

BENCH_OP(i)
{
    PyObject *t, *v, *tb;
    PyErr_SetString(PyExc_ValueError, "x");
    PyErr_Fetch(&t, &v, &tb);
    bench_escape(v);
    PyErr_Restore(t, v, tb);
    PyErr_Clear();
}

static void bench_teardown(void) {}
