/*
 * exc_chain -- a chain of two exceptions: raise ValueError("a"), take it,
 * raise KeyError("b"), _PyErr_ChainExceptions1 the first onto it, clear.
 */
#define BENCH_NAME "exc_chain"
#include "bench.h"

static void bench_setup(void) {}

BENCH_OP(i)
{
    PyErr_SetString(PyExc_ValueError, "a");
    PyObject *first = PyErr_GetRaisedException();
    PyErr_SetString(PyExc_KeyError, "b");
    _PyErr_ChainExceptions1(first);
    PyErr_Clear();
}

static void bench_teardown(void) {}
