/*
 * vectorcall_limited.c -- the vectorcall API as the 3.12 limited API has it
 * (Py_LIMITED_API=0x030c0000): PyObject_Vectorcall, PyObject_VectorcallMethod,
 * PyVectorcall_Call, PyVectorcall_NARGS (a real function here), the offset
 * flag, vectorcallfunc, and a type that declares its vectorcall slot only
 * through the __vectorcalloffset__ member (spec A.11).
 */
#define Py_LIMITED_API 0x030c0000
#include "ctest.h"

#include <stddef.h>

typedef struct {
    PyObject_HEAD
    vectorcallfunc vc;
} LimitedVC;

static PyObject *lvc_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kw)
{
    printf("  LimitedVC: nargs=%zd %s kw=%zd\n", PyVectorcall_NARGS(nargsf),
           (nargsf & PY_VECTORCALL_ARGUMENTS_OFFSET) ? "offset" : "no-offset",
           kw ? PyTuple_Size(kw) : 0);
    return PyLong_FromSsize_t(PyVectorcall_NARGS(nargsf));
}

static PyObject *lvc_new(PyTypeObject *t, PyObject *a, PyObject *k)
{
    allocfunc alloc = (allocfunc)PyType_GetSlot(t, Py_tp_alloc);
    LimitedVC *o = (LimitedVC *)alloc(t, 0);
    if (o != NULL)
        o->vc = lvc_call;
    return (PyObject *)o;
}

static PyMemberDef lvc_members[] = {
    {"__vectorcalloffset__", Py_T_PYSSIZET, offsetof(LimitedVC, vc), Py_READONLY},
    {NULL},
};
static PyType_Slot lvc_slots[] = {
    {Py_tp_new, lvc_new},
    {Py_tp_call, PyVectorcall_Call},
    {Py_tp_members, lvc_members},
    {0, NULL},
};
static PyType_Spec lvc_spec = {"limited.VC", sizeof(LimitedVC), 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL, lvc_slots};

int main(void)
{
    PyObject *tp, *inst, *v[4], *kw, *t, *name, *s;
    Py_Initialize();
    show_uint("PY_VECTORCALL_ARGUMENTS_OFFSET", (unsigned long long)PY_VECTORCALL_ARGUMENTS_OFFSET);
    show_int("PyVectorcall_NARGS(2|flag)", PyVectorcall_NARGS(2 | PY_VECTORCALL_ARGUMENTS_OFFSET));
    tp = PyType_FromSpec(&lvc_spec);
    inst = PyObject_CallNoArgs(tp);
    v[0] = NULL;
    v[1] = PyLong_FromLong(1);
    v[2] = PyLong_FromLong(2);
    v[3] = PyLong_FromLong(3);
    show_new("Vectorcall(inst, 1, 2)", PyObject_Vectorcall(inst, v + 1, 2, NULL));
    show_new("Vectorcall(inst, 1, 2 | flag)",
             PyObject_Vectorcall(inst, v + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL));
    kw = Py_BuildValue("(s)", "k");
    show_new("Vectorcall(inst, 1, k=2)", PyObject_Vectorcall(inst, v + 1, 1, kw));
    t = Py_BuildValue("(ii)", 1, 2);
    show_new("PyVectorcall_Call(inst, (1, 2), NULL)", PyVectorcall_Call(inst, t, NULL));
    show_new("PyObject_Call(inst, (1, 2), NULL)", PyObject_Call(inst, t, NULL));
    s = PyUnicode_FromString("limited");
    v[0] = s;
    name = PyUnicode_InternFromString("upper");
    show_new("VectorcallMethod('limited'.upper)", PyObject_VectorcallMethod(name, v, 1, NULL));
    Py_DECREF(name);
    name = PyUnicode_InternFromString("startswith");
    v[1] = PyUnicode_FromString("lim");
    show_new("VectorcallMethod('limited'.startswith('lim'))",
             PyObject_VectorcallMethod(name, v, 2, NULL));
    Py_DECREF(name);
    Py_DECREF(s);
    Py_DECREF(t);
    Py_DECREF(kw);
    Py_DECREF(inst);
    Py_DECREF(tp);
    return ctest_finish();
}
