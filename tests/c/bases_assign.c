/*
 * bases_assign.c -- assigning __bases__ on a heap type: the new MRO and
 * base, attributes and slots coming from the new bases (for the type and
 * its subclasses), CPython's errors (not a tuple, empty, not a class, a
 * cycle, an incompatible layout, deletion, an immutable type), and the
 * type watcher event it fires once when armed (watchers.md case 39).
 */
#include "ctest.h"

static PyObject *a_repr(PyObject *self) { return PyUnicode_FromString("<an A>"); }
static PyObject *b_repr(PyObject *self) { return PyUnicode_FromString("<a B>"); }

static int events;
static int watcher(PyTypeObject *t)
{
    printf("  watcher: %s modified\n", t->tp_name);
    events++;
    return 0;
}

static PyObject *mk(const char *name, PyObject *base, PyType_Slot *slots, int basicsize, unsigned long fl)
{
    PyType_Spec spec = {name, basicsize, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | fl, slots};
    PyObject *bases = base ? PyTuple_Pack(1, base) : NULL;
    PyObject *t = PyType_FromSpecWithBases(&spec, bases);
    Py_XDECREF(bases);
    if (t == NULL)
        show_exc(name);
    return t;
}

static void set_bases(const char *label, PyObject *t, PyObject *v)
{
    int r = PyObject_SetAttrString(t, "__bases__", v);
    show_int(label, r);
}

int main(void)
{
    PyType_Slot aslots[] = {{Py_tp_repr, a_repr}, {0, NULL}};
    PyType_Slot bslots[] = {{Py_tp_repr, b_repr}, {0, NULL}};
    PyType_Slot none[] = {{0, NULL}};
    PyObject *A, *B, *C, *D, *Big, *Imm, *c, *d, *v, *one;
    int w;

    Py_Initialize();
    A = mk("probe.A", NULL, aslots, sizeof(PyObject), 0);
    B = mk("probe.B", NULL, bslots, sizeof(PyObject), 0);
    C = mk("probe.C", A, none, sizeof(PyObject), 0);
    D = mk("probe.D", C, none, sizeof(PyObject), 0);
    Big = mk("probe.Big", NULL, none, (int)sizeof(PyObject) + 16, 0);
    Imm = mk("probe.Imm", A, none, sizeof(PyObject), Py_TPFLAGS_IMMUTABLETYPE);
    one = PyLong_FromLong(1);
    PyObject_SetAttrString(A, "tag", (v = PyUnicode_FromString("from A")));
    Py_DECREF(v);
    PyObject_SetAttrString(B, "tag", (v = PyUnicode_FromString("from B")));
    Py_DECREF(v);
    c = PyObject_CallNoArgs(C);
    d = PyObject_CallNoArgs(D);

    show_new("C.__mro__", PyObject_GetAttrString(C, "__mro__"));
    show_new("repr(c)", PyObject_Repr(c));
    show_new("d.tag", PyObject_GetAttrString(d, "tag"));

    w = PyType_AddWatcher(watcher);
    PyType_Watch(w, C);
    show_new("C.tag (arms C)", PyObject_GetAttrString(C, "tag"));

    v = PyTuple_Pack(1, B);
    set_bases("C.__bases__ = (B,)", C, v);
    Py_DECREF(v);
    printf("watcher events: %d\n", events);
    show_new("C.__bases__", PyObject_GetAttrString(C, "__bases__"));
    show_new("C.__base__", PyObject_GetAttrString(C, "__base__"));
    show_new("C.__mro__", PyObject_GetAttrString(C, "__mro__"));
    show_new("D.__mro__", PyObject_GetAttrString(D, "__mro__"));
    show_new("repr(c)", PyObject_Repr(c));
    show_new("repr(d)", PyObject_Repr(d));
    show_new("c.tag", PyObject_GetAttrString(c, "tag"));
    show_new("d.tag", PyObject_GetAttrString(d, "tag"));
    show_int("isinstance(c, A)", PyObject_IsInstance(c, A));
    show_int("isinstance(c, B)", PyObject_IsInstance(c, B));
    show_int("issubclass(D, B)", PyObject_IsSubclass(D, B));

    v = PyTuple_Pack(2, A, B);
    set_bases("C.__bases__ = (A, B)", C, v);
    Py_DECREF(v);
    show_new("C.__mro__", PyObject_GetAttrString(C, "__mro__"));
    show_new("repr(c)", PyObject_Repr(c));
    printf("watcher events (C was disarmed): %d\n", events);

    printf("-- errors\n");
    set_bases("C.__bases__ = 1", C, one);
    v = PyTuple_New(0);
    set_bases("C.__bases__ = ()", C, v);
    Py_DECREF(v);
    v = PyTuple_Pack(1, one);
    set_bases("C.__bases__ = (1,)", C, v);
    Py_DECREF(v);
    v = PyTuple_Pack(1, D);
    set_bases("C.__bases__ = (D,) (a cycle)", C, v);
    Py_DECREF(v);
    v = PyTuple_Pack(1, C);
    set_bases("C.__bases__ = (C,)", C, v);
    Py_DECREF(v);
    v = PyTuple_Pack(1, Big);
    set_bases("C.__bases__ = (Big,) (layout)", C, v);
    Py_DECREF(v);
    show_int("del C.__bases__", PyObject_DelAttrString(C, "__bases__"));
    v = PyTuple_Pack(1, B);
    set_bases("Imm.__bases__ = (B,)", Imm, v);
    Py_DECREF(v);
    show_new("C.__mro__ unchanged", PyObject_GetAttrString(C, "__mro__"));

    PyType_ClearWatcher(w);
    Py_DECREF(c);
    Py_DECREF(d);
    Py_DECREF(one);
    Py_DECREF(Imm);
    Py_DECREF(Big);
    Py_DECREF(D);
    Py_DECREF(C);
    Py_DECREF(B);
    Py_DECREF(A);
    return ctest_finish();
}
