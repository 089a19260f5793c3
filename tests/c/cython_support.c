/*
 * cython_support.c -- the pieces of the C API that Cython-generated modules
 * reach for beyond the common ones: Py_Version, the Py_*_input constants,
 * PyBytes_AsStringAndSize and its errors, the collector switch
 * (PyGC_Enable/Disable/IsEnabled), _PyType_Lookup through the MRO,
 * PyDescr_IsData, _PyDict_NewPresized, and tp_finalize run from a GC
 * type's dealloc through PyObject_CallFinalizerFromDealloc (once per
 * object, PyObject_GC_IsFinalized, resurrection).
 */
#include "ctest.h"

static int finalizes = 0;
static PyObject *saved = NULL;
static int resurrect = 0;

static void fin_finalize(PyObject *self)
{
    finalizes++;
    printf("finalize: refcnt=%zd finalized-before=%d\n", Py_REFCNT(self),
           PyObject_GC_IsFinalized(self));
    if (resurrect) {
        resurrect = 0;
        saved = Py_NewRef(self);
    }
}

static void fin_dealloc(PyObject *self)
{
    if (PyObject_CallFinalizerFromDealloc(self) < 0) {
        puts("dealloc: resurrected");
        return;
    }
    PyObject_GC_UnTrack(self);
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
    puts("dealloc: freed");
}

static int fin_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot fin_slots[] = {
    {Py_tp_finalize, fin_finalize},
    {Py_tp_dealloc, fin_dealloc},
    {Py_tp_traverse, fin_traverse},
    {0, NULL},
};

static PyType_Spec fin_spec = {"cysup.Fin", sizeof(PyObject), 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, fin_slots};

int main(void)
{
    Py_Initialize();

    puts("-- versions and constants");
    printf("Py_Version: %08lx equals PY_VERSION_HEX: %d\n", (unsigned long)Py_Version,
           Py_Version == PY_VERSION_HEX);
    show_int("single/file/eval/func_type", Py_single_input * 1000 + Py_file_input * 100 +
                                               Py_eval_input * 10 + Py_func_type_input);

    puts("-- PyBytes_AsStringAndSize");
    {
        PyObject *b = PyBytes_FromStringAndSize("ab\0cd", 5);
        char *s = NULL;
        Py_ssize_t n = -1;
        show_int("with length", PyBytes_AsStringAndSize(b, &s, &n));
        printf("  n=%zd s[3]=%c same-buffer=%d\n", n, s[3], s == PyBytes_AS_STRING(b));
        show_int("embedded NUL, no length", PyBytes_AsStringAndSize(b, &s, NULL));
        PyObject *ok = PyBytes_FromString("abc");
        show_int("no NUL, no length", PyBytes_AsStringAndSize(ok, &s, NULL));
        show_cstr("  s", s);
        PyObject *u = PyUnicode_FromString("abc");
        show_int("str", PyBytes_AsStringAndSize(u, &s, &n));
        Py_DECREF(b);
        Py_DECREF(ok);
        Py_DECREF(u);
    }

    puts("-- collector switch");
    show_int("enabled", PyGC_IsEnabled());
    show_int("disable -> was", PyGC_Disable());
    show_int("enabled", PyGC_IsEnabled());
    show_int("disable again -> was", PyGC_Disable());
    show_int("enable -> was", PyGC_Enable());
    show_int("enabled", PyGC_IsEnabled());
    show_int("enable again -> was", PyGC_Enable());

    puts("-- _PyType_Lookup and PyDescr_IsData");
    {
        PyObject *name = PyUnicode_InternFromString("__len__");
        PyObject *d = _PyType_Lookup(&PyList_Type, name);
        show("list.__len__", d);
        show_int("  is data", PyDescr_IsData(d));
        PyObject *missing = PyUnicode_InternFromString("no_such_attribute");
        PyObject *m = _PyType_Lookup(&PyList_Type, missing);
        printf("missing: %s, error set: %d\n", m ? "found" : "NULL", PyErr_Occurred() != NULL);
        PyObject *real = PyUnicode_InternFromString("real");
        PyObject *r = _PyType_Lookup(&PyBool_Type, real);
        show("bool -> int.real (via MRO)", r);
        show_int("  is data", PyDescr_IsData(r));
        const char *attrs[] = {"real", "imag", "numerator", "denominator"};
        for (int i = 0; i < 4; i++) {
            PyObject *v = PyObject_GetAttrString(Py_True, attrs[i]);
            printf("True.%s: ", attrs[i]);
            show_new(Py_TYPE(v)->tp_name, v);
        }
        PyObject *big = PyLong_FromString("-123456789012345678901234567890", NULL, 10);
        show_new("big.real", PyObject_GetAttrString(big, "real"));
        Py_DECREF(big);
        PyObject *mro = PyUnicode_InternFromString("__mro__");
        PyObject *md = _PyType_Lookup(&PyType_Type, mro);
        show_int("type.__mro__ is data", PyDescr_IsData(md));
        Py_DECREF(name);
        Py_DECREF(missing);
        Py_DECREF(real);
        Py_DECREF(mro);
    }

    puts("-- _PyDict_NewPresized");
    {
        PyObject *d = _PyDict_NewPresized(100);
        show("presized", d);
        for (int i = 0; i < 100; i++) {
            PyObject *k = PyLong_FromLong(i);
            PyDict_SetItem(d, k, k);
            Py_DECREF(k);
        }
        show_int("len after 100", PyDict_Size(d));
        Py_DECREF(d);
        PyObject *z = _PyDict_NewPresized(0);
        show("presized 0", z);
        Py_DECREF(z);
    }

    puts("-- tp_finalize from dealloc");
    {
        PyObject *T = PyType_FromSpec(&fin_spec);
        PyObject *a = PyObject_CallNoArgs(T);
        show_int("finalized before", PyObject_GC_IsFinalized(a));
        Py_DECREF(a);
        show_int("finalizes", finalizes);

        resurrect = 1;
        PyObject *b = PyObject_CallNoArgs(T);
        Py_DECREF(b);
        show_int("finalizes", finalizes);
        printf("saved: %d refcnt=%zd finalized=%d\n", saved != NULL, saved ? Py_REFCNT(saved) : 0,
               saved ? PyObject_GC_IsFinalized(saved) : -1);
        PyObject *c = saved;
        saved = NULL;
        Py_DECREF(c);
        show_int("finalizes (not again)", finalizes);
        Py_DECREF(T);
    }

    return ctest_finish();
}
