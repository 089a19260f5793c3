/*
 * vc_method -- PyObject_VectorcallMethod(name, {self, arg}, 2 | OFFSET) on
 * an instance of a heap type whose METH_FASTCALL method returns its
 * argument (the unbound-method path: no bound method is created).
 */
#define BENCH_NAME "vc_method"
#define BENCH_COUNT_ALLOCS
#include "bench.h"

static PyObject *meth(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    return Py_NewRef(args[0]);
}

static PyMethodDef methods[] = {
    {"meth", _PyCFunction_CAST(meth), METH_FASTCALL, NULL},
    {NULL},
};
static PyType_Slot slots[] = {{Py_tp_methods, methods}, {0, NULL}};
static PyType_Spec spec = {"bench.Host", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
static PyObject *tp, *inst, *name, *args[2];

static void bench_setup(void)
{
    tp = PyType_FromSpec(&spec);
    inst = PyObject_CallNoArgs(tp);
    name = PyUnicode_InternFromString("meth");
    args[0] = inst;
    args[1] = PyLong_FromLong(7);
}

BENCH_OP(i)
{
    PyObject *r = PyObject_VectorcallMethod(name, args, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(name);
    Py_DECREF(inst);
    Py_DECREF(tp);
}
