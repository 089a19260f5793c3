/*
 * call_varargs -- PyObject_Call of a METH_VARARGS builtin with a prebuilt
 * 2-tuple and no keywords (the tp_call path).
 */
#define BENCH_NAME "call_varargs"
#define BENCH_COUNT_ALLOCS
#include "bench.h"

static PyObject *first(PyObject *self, PyObject *args)
{
    return Py_NewRef(PyTuple_GET_ITEM(args, 0));
}

static PyMethodDef def = {"first", first, METH_VARARGS, NULL};
static PyObject *fn, *args;

static void bench_setup(void)
{
    fn = PyCFunction_New(&def, NULL);
    args = Py_BuildValue("(ii)", 1, 2);
}

BENCH_OP(i)
{
    PyObject *r = PyObject_Call(fn, args, NULL);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(args);
    Py_DECREF(fn);
}
