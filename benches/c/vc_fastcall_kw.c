/*
 * vc_fastcall_kw -- PyObject_Vectorcall of a METH_FASTCALL|METH_KEYWORDS
 * builtin with one positional and one keyword argument (kwnames a
 * preallocated tuple of one interned name, as compilers emit it).
 */
#define BENCH_NAME "vc_fastcall_kw"
#define BENCH_COUNT_ALLOCS
#include "bench.h"

static PyObject *first(PyObject *self, PyObject *const *args, Py_ssize_t n, PyObject *kw)
{
    return Py_NewRef(args[0]);
}

static PyMethodDef def = {"first", _PyCFunction_CAST(first), METH_FASTCALL | METH_KEYWORDS,
                          NULL};
static PyObject *fn, *args[2], *kwnames;

static void bench_setup(void)
{
    fn = PyCFunction_New(&def, NULL);
    args[0] = PyLong_FromLong(1);
    args[1] = PyLong_FromLong(2);
    kwnames = Py_BuildValue("(N)", PyUnicode_InternFromString("key"));
}

BENCH_OP(i)
{
    PyObject *r = PyObject_Vectorcall(fn, args, 1, kwnames);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(kwnames);
    Py_DECREF(fn);
}
