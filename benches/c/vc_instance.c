/*
 * vc_instance -- PyObject_Vectorcall of an instance whose type stores a
 * per-instance vectorcall pointer (__vectorcalloffset__ member,
 * Py_TPFLAGS_HAVE_VECTORCALL), one argument, returning it.
 */
#define BENCH_NAME "vc_instance"
#define BENCH_COUNT_ALLOCS
#include "bench.h"
#include <stddef.h>

typedef struct {
    PyObject_HEAD
    vectorcallfunc vc;
} VC;

static PyObject *vc_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kw)
{
    return Py_NewRef(args[0]);
}

static PyObject *vc_new(PyTypeObject *t, PyObject *a, PyObject *k)
{
    VC *o = (VC *)t->tp_alloc(t, 0);
    if (o)
        o->vc = vc_call;
    return (PyObject *)o;
}

static PyMemberDef members[] = {
    {"__vectorcalloffset__", Py_T_PYSSIZET, offsetof(VC, vc), Py_READONLY},
    {NULL},
};
static PyType_Slot slots[] = {
    {Py_tp_new, vc_new}, {Py_tp_call, PyVectorcall_Call}, {Py_tp_members, members}, {0, NULL}};
static PyType_Spec spec = {"bench.VC", sizeof(VC), 0,
                           Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL, slots};
static PyObject *tp, *inst, *args[1];

static void bench_setup(void)
{
    tp = PyType_FromSpec(&spec);
    inst = PyObject_CallNoArgs(tp);
    args[0] = PyLong_FromLong(7);
}

BENCH_OP(i)
{
    PyObject *r = PyObject_Vectorcall(inst, args, 1, NULL);
    bench_escape(r);
    Py_DECREF(r);
}

static void bench_teardown(void)
{
    Py_DECREF(inst);
    Py_DECREF(tp);
}
