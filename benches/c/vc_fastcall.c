/*
 * vc_fastcall -- PyObject_Vectorcall of a METH_FASTCALL builtin with two
 * positional arguments (the callee returns its first argument).
 */
#define BENCH_NAME "vc_fastcall"
#define BENCH_COUNT_ALLOCS
#include "bench.h"

static PyObject *first(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    return Py_NewRef(args[0]);
}

static PyMethodDef def = {"first", _PyCFunction_CAST(first), METH_FASTCALL, NULL};
static PyObject *fn, *args[2];

static void bench_setup(void)
{
    fn = PyCFunction_New(&def, NULL);
    args[0] = PyLong_FromLong(1);
    args[1] = PyLong_FromLong(2);
}

BENCH_OP(i)
{
    PyObject *r = PyObject_Vectorcall(fn, args, 2, NULL);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(fn);
}
