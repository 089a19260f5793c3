/*
 * vc_setvectorcall -- PyObject_Vectorcall of a Python function object whose
 * vectorcall was replaced with PyFunction_SetVectorcall (one argument; the
 * replacement returns it).
 */
#define BENCH_NAME "vc_setvectorcall"
#define BENCH_COUNT_ALLOCS
#include "bench.h"

static PyObject *replacement(PyObject *f, PyObject *const *args, size_t nargsf, PyObject *kw)
{
    return Py_NewRef(args[0]);
}

static PyObject *fn, *args[1];

static void bench_setup(void)
{
    PyObject *globals = PyDict_New();
    PyObject *code = (PyObject *)PyCode_NewEmpty("bench.py", "f", 1);
    fn = PyFunction_New(code, globals);
    Py_DECREF(code);
    Py_DECREF(globals);
    PyFunction_SetVectorcall((PyFunctionObject *)fn, replacement);
    args[0] = PyLong_FromLong(7);
}

BENCH_OP(i)
{
    PyObject *r = PyObject_Vectorcall(fn, args, 1, NULL);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(fn);
}
