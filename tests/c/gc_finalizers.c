/* The collector and finalizers seen from C: PyGC_Collect returns 0 while
 * collection is disabled; tp_finalize runs once on cyclic garbage and
 * PyObject_GC_IsFinalized reports it; a finalizer that resurrects its
 * object keeps it (and it is not finalized again); a legacy tp_del makes
 * its cycle uncollectable, into gc.garbage; Python code running a loop
 * triggers automatic collections (gc.get_stats counts them). */
#include "ctest.h"

typedef struct {
    PyObject_HEAD
    PyObject *ref;
} Box;

static int finalizes = 0;
static PyObject *keep = NULL; /* where a finalizer resurrects into */
static int resurrect = 0;

static int box_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((Box *)self)->ref);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int box_clear(PyObject *self)
{
    Py_CLEAR(((Box *)self)->ref);
    return 0;
}

static void box_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    if (tp->tp_finalize != NULL) {
        if (PyObject_CallFinalizerFromDealloc(self) < 0)
            return;
    }
    PyObject_GC_UnTrack(self);
    Py_CLEAR(((Box *)self)->ref);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static void box_finalize(PyObject *self)
{
    finalizes++;
    printf("  finalize: finalized-before=%d\n", PyObject_GC_IsFinalized(self));
    if (resurrect && keep == NULL) {
        Py_INCREF(self);
        keep = self;
    }
}

static void box_del(PyObject *self)
{
    (void)self;
    printf("  tp_del called\n");
}

static PyType_Slot fin_slots[] = {
    {Py_tp_traverse, box_traverse},
    {Py_tp_clear, box_clear},
    {Py_tp_dealloc, box_dealloc},
    {Py_tp_finalize, box_finalize},
    {0, NULL},
};
static PyType_Slot del_slots[] = {
    {Py_tp_traverse, box_traverse},
    {Py_tp_clear, box_clear},
    {Py_tp_dealloc, box_dealloc},
    {Py_tp_del, box_del},
    {0, NULL},
};
static PyType_Spec fin_spec = {"gcfin.Fin", sizeof(Box), 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, fin_slots};
static PyType_Spec del_spec = {"gcfin.Del", sizeof(Box), 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, del_slots};

/* A two-object cycle of type T, unreferenced from outside. */
static void make_cycle(PyObject *T)
{
    PyObject *a = PyType_GenericNew((PyTypeObject *)T, NULL, NULL);
    PyObject *b = PyType_GenericNew((PyTypeObject *)T, NULL, NULL);
    ((Box *)a)->ref = Py_NewRef(b);
    ((Box *)b)->ref = Py_NewRef(a);
    Py_DECREF(a);
    Py_DECREF(b);
}

int main(void)
{
    Py_Initialize();
    PyObject *F = PyType_FromSpec(&fin_spec);
    PyObject *D = PyType_FromSpec(&del_spec);
    PyObject *gc = PyImport_ImportModule("gc");
    CHECK(F && D && gc);
    PyGC_Collect();

    show_int("disable -> was", PyGC_Disable());
    make_cycle(F);
    show_int("PyGC_Collect while disabled", PyGC_Collect());
    show_int("finalizes", finalizes);
    show_int("enable -> was", PyGC_Enable());
    show_int("PyGC_Collect (2 finalized, freed)", PyGC_Collect());
    show_int("finalizes", finalizes);

    finalizes = 0;
    resurrect = 1;
    make_cycle(F);
    show_int("PyGC_Collect (resurrected: 0)", PyGC_Collect());
    show_int("finalizes", finalizes);
    show_int("kept finalized", keep != NULL && PyObject_GC_IsFinalized(keep));
    resurrect = 0;
    finalizes = 0;
    Py_CLEAR(keep);
    show_int("PyGC_Collect (again: 2 freed)", PyGC_Collect());
    show_int("finalizes (not again)", finalizes);

    make_cycle(D);
    show_int("PyGC_Collect (tp_del: uncollectable 2)", PyGC_Collect());
    PyObject *garbage = PyObject_GetAttrString(gc, "garbage");
    show_int("len(gc.garbage)", PyList_Size(garbage));
    /* break the kept cycle by hand */
    for (Py_ssize_t i = 0; i < PyList_Size(garbage); i++)
        box_clear(PyList_GET_ITEM(garbage, i));
    PyList_SetSlice(garbage, 0, PyList_Size(garbage), NULL);
    Py_DECREF(garbage);

    PyObject *stats = PyObject_CallMethod(gc, "get_stats", NULL);
    PyObject *g0 = PyList_GetItem(stats, 0);
    long before = PyLong_AsLong(PyDict_GetItemString(g0, "collections"));
    Py_DECREF(stats);
    CHECK(PyRun_SimpleString(
              "class N: pass\n"
              "for i in range(20000):\n"
              "    n = N(); n.me = n\n") == 0);
    stats = PyObject_CallMethod(gc, "get_stats", NULL);
    g0 = PyList_GetItem(stats, 0);
    long after = PyLong_AsLong(PyDict_GetItemString(g0, "collections"));
    Py_DECREF(stats);
    show_int("automatic gen0 collections ran", after - before >= 20);
    PyObject *count = PyObject_CallMethod(gc, "get_count", NULL);
    show_int("gen0 count bounded", PyLong_AsLong(PyTuple_GET_ITEM(count, 0)) <= 700);
    Py_DECREF(count);

    Py_DECREF(gc);
    Py_DECREF(D);
    Py_DECREF(F);
    return ctest_finish();
}
