/* Cycles through managed attribute values and through a materialized
 * __dict__ are collected by PyGC_Collect, and weak-reference callbacks fire
 * (spec calls_exc_dict.md, conformance case 96). */
#include "ctest.h"
#include <stddef.h>

static int md_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return _PyObject_VisitManagedDict(self, visit, arg);
}

static int md_clear(PyObject *self)
{
    _PyObject_ClearManagedDict(self);
    return 0;
}

static void md_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_ClearWeakRefs(self);
    _PyObject_ClearManagedDict(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyGetSetDef md_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL},
};

static PyType_Slot md_slots[] = {
    {Py_tp_traverse, md_traverse}, {Py_tp_clear, md_clear}, {Py_tp_dealloc, md_dealloc},
    {Py_tp_getset, md_getset},     {Py_tp_new, PyType_GenericNew}, {0, NULL},
};

static PyType_Spec md_spec = {
    "gcprobe.MD", sizeof(PyObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF,
    md_slots,
};

/* A callable used as the weakref callback: prints what it receives. */
static const char *current;
static PyObject *rec_call(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    (void)kw;
    PyObject *ref = PyTuple_GetItem(args, 0);
    PyObject *target = PyObject_CallObject(ref, NULL);
    printf("  callback for %s: referent is None: %d\n", current, Py_IsNone(target));
    Py_XDECREF(target);
    Py_RETURN_NONE;
}

static PyType_Slot rec_slots[] = {{Py_tp_call, rec_call}, {0, NULL}};
static PyType_Spec rec_spec = {"gcprobe.Recorder", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, rec_slots};

static void cycle(PyObject *T, PyObject *cb, const char *label, int materialize)
{
    PyObject *m = PyObject_CallObject(T, NULL);
    PyObject *v = PyLong_FromLong(1000);
    current = label;
    PyObject_SetAttrString(m, "payload", v);
    Py_DECREF(v);
    if (materialize) {
        PyObject *d = PyObject_GetAttrString(m, "__dict__");
        Py_XDECREF(d);
    }
    PyObject_SetAttrString(m, "me", m);
    PyObject *ref = PyWeakref_NewRef(m, cb);
    printf("%s: tracked: %d\n", label, PyObject_GC_IsTracked(m));
    Py_DECREF(m);
    PyObject *alive = PyObject_CallObject(ref, NULL);
    printf("%s: alive after del (cycle): %d\n", label, !Py_IsNone(alive));
    Py_DECREF(alive);
    Py_ssize_t n = PyGC_Collect();
    printf("%s: collected at least 1: %d\n", label, n >= 1);
    alive = PyObject_CallObject(ref, NULL);
    printf("%s: alive after PyGC_Collect: %d\n", label, !Py_IsNone(alive));
    Py_DECREF(alive);
    Py_DECREF(ref);
}

int main(void)
{
    Py_Initialize();
    PyObject *T = PyType_FromSpec(&md_spec);
    PyObject *R = PyType_FromSpec(&rec_spec);
    PyObject *cb = PyObject_CallObject(R, NULL);
    CHECK_NOERR();
    printf("nothing to collect: %d\n", PyGC_Collect() >= 0);
    cycle(T, cb, "values", 0);
    cycle(T, cb, "dict", 1);
    {
        /* a plain reference (no cycle) dies at once */
        PyObject *m = PyObject_CallObject(T, NULL);
        PyObject *ref = PyWeakref_NewRef(m, cb);
        current = "no cycle";
        Py_DECREF(m);
        PyObject *alive = PyObject_CallObject(ref, NULL);
        printf("no cycle: alive after del: %d\n", !Py_IsNone(alive));
        Py_DECREF(alive);
        Py_DECREF(ref);
    }
    {
        /* a cycle that is still referenced from outside survives */
        PyObject *m = PyObject_CallObject(T, NULL);
        PyObject_SetAttrString(m, "me", m);
        PyGC_Collect();
        PyObject *me = PyObject_GetAttrString(m, "me");
        printf("referenced cycle survives: %d\n", Py_Is(me, m));
        Py_DECREF(me);
        PyObject_DelAttrString(m, "me");
        Py_DECREF(m);
    }
    Py_DECREF(cb);
    Py_DECREF(R);
    Py_DECREF(T);
    return ctest_finish();
}
