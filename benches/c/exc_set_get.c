/*
 * exc_set_get -- PyErr_SetString(PyExc_ValueError, "x") +
 * PyErr_GetRaisedException + PyErr_SetRaisedException + PyErr_Clear.
 */
#define BENCH_NAME "exc_set_get"
#include "bench.h"

static void bench_setup(void) {}

BENCH_OP(i)
{
    PyErr_SetString(PyExc_ValueError, "x");
    PyObject *e = PyErr_GetRaisedException();
    bench_escape(e);
    PyErr_SetRaisedException(e);
    PyErr_Clear();
}

static void bench_teardown(void) {}
