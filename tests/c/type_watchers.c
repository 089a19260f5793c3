/*
 * type_watchers.c -- PyType_AddWatcher/ClearWatcher/Watch/Unwatch and
 * PyUnstable_Type_AssignVersionTag (spec watchers.md §3, cases 26-36, 38,
 * 39): one event per series of modifications until the type is re-armed
 * (lookups, Watch, AssignVersionTag; not names over 100 characters),
 * subclasses notified depth-first before the type, the callback seeing the
 * change made, failed changes reporting nothing, static and immutable
 * types, unraisable reports carrying the type, stale bits, errors.
 */
#include "watchers.h"

static PyObject *attr_name; /* printed by the callbacks when set */

static void print_type(const char *who, PyTypeObject *t)
{
    printf("  %s: %s", who, PyUnicode_AsUTF8(PyType_GetName(t) ? PyType_GetName(t) : Py_None));
    PyErr_Clear();
    if (attr_name != NULL) {
        PyObject *d = PyType_GetDict(t);
        PyObject *v = d ? PyDict_GetItemWithError(d, attr_name) : NULL;
        PyObject *r = v ? PyObject_Repr(v) : NULL;
        printf(" %s=%s", PyUnicode_AsUTF8(attr_name), r ? PyUnicode_AsUTF8(r) : "absent");
        Py_XDECREF(r);
        Py_XDECREF(d);
    }
    putchar('\n');
}

static int cb_a(PyTypeObject *t)
{
    print_type("A", t);
    return 0;
}

static int cb_b(PyTypeObject *t)
{
    print_type("B", t);
    return 0;
}

static int cb_err(PyTypeObject *t)
{
    print_type("ERR", t);
    PyErr_SetString(PyExc_RuntimeError, "boom-type");
    return -1;
}

static int cb_look(PyTypeObject *t)
{
    PyObject *v = PyObject_GetAttrString((PyObject *)t, "x");
    PyObject *r = v ? PyObject_Repr(v) : NULL;
    printf("  LOOK: %s.x seen through the type: %s\n", t->tp_name, r ? PyUnicode_AsUTF8(r) : "error");
    if (r == NULL)
        PyErr_Clear();
    Py_XDECREF(r);
    Py_XDECREF(v);
    return 0;
}

static int cb_silent(PyTypeObject *t)
{
    (void)t;
    return 0;
}

static PyObject *make_type(const char *name, PyObject *base, unsigned long extra_flags)
{
    PyType_Slot slots[] = {{0, NULL}};
    PyType_Spec spec = {name, 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | extra_flags, slots};
    PyObject *bases = base ? PyTuple_Pack(1, base) : NULL;
    PyObject *t = PyType_FromSpecWithBases(&spec, bases);
    Py_XDECREF(bases);
    if (t == NULL)
        show_exc("make_type");
    return t;
}

static void setattr(PyObject *t, const char *name, long v)
{
    PyObject *o = PyLong_FromLong(v);
    char label[200];
    snprintf(label, sizeof label, "%s.%s = %ld", ((PyTypeObject *)t)->tp_name, name, v);
    printf("%s\n", label);
    if (PyObject_SetAttrString(t, name, o) < 0)
        show_exc("  failed");
    Py_DECREF(o);
}

static void lookup(PyObject *t, const char *name)
{
    PyObject *v = PyObject_GetAttrString(t, name);
    printf("lookup %s.%s: %s\n", ((PyTypeObject *)t)->tp_name, strlen(name) > 20 ? "<long name>" : name,
           v ? "found" : "missing");
    if (v == NULL)
        PyErr_Clear();
    Py_XDECREF(v);
}

int main(void)
{
    PyObject *T, *S, *U, *I, *x, *s;
    int a, b, e, i, ids[9];
    char longname[151];

    Py_Initialize();
    install_print_hook();
    attr_name = PyUnicode_InternFromString("x");

    printf("-- ids\n");
    a = PyType_AddWatcher(cb_a);
    b = PyType_AddWatcher(cb_b);
    printf("A id: %d, B id: %d\n", a, b);

    printf("-- case 26: first modification\n");
    T = make_type("probe.T", NULL, 0);
    show_int("Watch(A, T)", PyType_Watch(a, T));
    setattr(T, "x", 1);
    printf("-- case 27: aggregation\n");
    setattr(T, "x", 2);
    lookup(T, "x");
    setattr(T, "x", 3);
    printf("-- case 28: explicit re-arm\n");
    show_int("AssignVersionTag(T)", PyUnstable_Type_AssignVersionTag((PyTypeObject *)T));
    printf("PyType_Modified(T)\n");
    PyType_Modified((PyTypeObject *)T);
    printf("PyType_Modified(T) again\n");
    PyType_Modified((PyTypeObject *)T);
    printf("-- case 29: delete\n");
    lookup(T, "x");
    show_int("DelAttrString(T, 'x')", PyObject_DelAttrString(T, "x"));
    lookup(T, "nope");
    show_int("DelAttrString(T, 'missing')", PyObject_DelAttrString(T, "missing"));
    setattr(T, "x", 4);

    printf("-- case 30: Watch re-arms; two watchers\n");
    show_int("Watch(A, T) again", PyType_Watch(a, T));
    show_int("Watch(B, T)", PyType_Watch(b, T));
    setattr(T, "x", 5);
    show_int("Unwatch(B, T)", PyType_Unwatch(b, T));

    printf("-- case 31: subclasses\n");
    S = make_type("probe.S", T, 0);
    U = make_type("probe.U", S, 0);
    PyType_Watch(a, U);
    PyType_Watch(b, S);
    lookup(U, "x");
    setattr(T, "x", 6);
    lookup(U, "x");
    setattr(U, "x", 7);
    lookup(T, "x");
    setattr(T, "x", 8);
    printf("-- modifying a subclass does not notify its base\n");
    lookup(U, "x");
    setattr(S, "x", 9);

    printf("-- case 32: unwatch\n");
    PyType_Unwatch(a, U);
    PyType_Unwatch(b, S);
    show_int("Unwatch(A, T)", PyType_Unwatch(a, T));
    lookup(T, "x");
    setattr(T, "x", 10);
    show_int("Unwatch(A, T) again", PyType_Unwatch(a, T));

    printf("-- case 33: error\n");
    e = PyType_AddWatcher(cb_err);
    printf("ERR id: %d\n", e);
    PyType_Watch(e, T);
    PyType_Watch(b, T);
    PyType_Watch(a, T);
    setattr(T, "x", 11);
    printf("pending: %s\n", PyErr_Occurred() ? "yes" : "no");
    lookup(T, "x");
    PyType_Unwatch(e, T);
    PyType_Unwatch(b, T);

    printf("-- a callback that looks the changed attribute up on the type\n");
    i = PyType_AddWatcher(cb_look);
    PyType_Watch(i, T);
    lookup(T, "x");
    setattr(T, "x", 100);
    lookup(T, "x");
    setattr(T, "x", 101);
    PyType_Unwatch(i, T);
    PyType_ClearWatcher(i);

    printf("-- case 34: immutable type\n");
    I = make_type("probe.Immutable", NULL, Py_TPFLAGS_IMMUTABLETYPE);
    PyType_Watch(a, I);
    setattr(I, "x", 1);
    printf("PyType_Modified(Immutable)\n");
    PyType_Modified((PyTypeObject *)I);

    printf("-- case 35: static type\n");
    show_int("Watch(A, int)", PyType_Watch(a, (PyObject *)&PyLong_Type));
    printf("PyType_Modified(int)\n");
    PyType_Modified(&PyLong_Type);
    PyType_Unwatch(a, (PyObject *)&PyLong_Type);

    printf("-- case 39: __name__, __qualname__, __doc__, identical value, long names\n");
    Py_CLEAR(attr_name);
    lookup(T, "x");
    s = PyUnicode_FromString("Renamed");
    show_int("T.__name__ = 'Renamed'", PyObject_SetAttrString(T, "__name__", s));
    lookup(T, "x");
    show_int("T.__qualname__ = 'Renamed'", PyObject_SetAttrString(T, "__qualname__", s));
    lookup(T, "x");
    show_int("T.__doc__ = 'Renamed'", PyObject_SetAttrString(T, "__doc__", s));
    Py_DECREF(s);
    lookup(T, "x");
    x = PyObject_GetAttrString(T, "x");
    show_int("T.x = T.x (identical)", PyObject_SetAttrString(T, "x", x));
    Py_DECREF(x);
    memset(longname, 'n', 150);
    longname[150] = '\0';
    lookup(T, longname);
    setattr(T, "x", 12);
    printf("(nothing: a 150-character name does not re-arm)\n");
    longname[100] = '\0';
    lookup(T, longname);
    setattr(T, "x", 13);
    printf("(a 100-character name does)\n");

    printf("-- case 36: stale bits\n");
    attr_name = PyUnicode_InternFromString("x");
    PyType_Watch(e, T);
    show_int("ClearWatcher(ERR)", PyType_ClearWatcher(e));
    lookup(T, "x");
    setattr(T, "x", 14);
    show_int("Watch(ERR id, T) after clearing", PyType_Watch(e, T));
    i = PyType_AddWatcher(cb_b);
    printf("new watcher id: %d\n", i);
    lookup(T, "x");
    setattr(T, "x", 15);
    show_int("Unwatch(new id, T)", PyType_Unwatch(i, T));
    PyType_ClearWatcher(i);

    printf("-- case 38: errors and exhaustion\n");
    x = PyLong_FromLong(5);
    show_int("Watch(A, 5)", PyType_Watch(a, x));
    show_int("Watch(-1, 5)", PyType_Watch(-1, x));
    show_int("Unwatch(A, 5)", PyType_Unwatch(a, x));
    Py_DECREF(x);
    show_int("Watch(-1, T)", PyType_Watch(-1, T));
    show_int("Watch(8, T)", PyType_Watch(8, T));
    show_int("Watch(7, T)", PyType_Watch(7, T));
    show_int("Unwatch(7, T)", PyType_Unwatch(7, T));
    show_int("ClearWatcher(7)", PyType_ClearWatcher(7));
    show_int("ClearWatcher(-1)", PyType_ClearWatcher(-1));
    show_int("ClearWatcher(8)", PyType_ClearWatcher(8));
    for (i = 0; i < 9; i++) {
        ids[i] = PyType_AddWatcher(cb_silent);
        if (ids[i] < 0) {
            show_int("AddWatcher", ids[i]);
            break;
        }
        printf("AddWatcher: %d\n", ids[i]);
    }
    printf("-- the 8th id works\n");
    PyType_Watch(7, T);
    PyType_Watch(a, T);
    lookup(T, "x");
    setattr(T, "x", 16);
    while (--i >= 0)
        PyType_ClearWatcher(ids[i]);
    show_int("ClearWatcher(A)", PyType_ClearWatcher(a));
    show_int("ClearWatcher(B)", PyType_ClearWatcher(b));
    show_int("AddWatcher(NULL) >= 0", PyType_AddWatcher(NULL) >= 0);

    Py_XDECREF(attr_name);
    Py_DECREF(U);
    Py_DECREF(S);
    Py_DECREF(T);
    Py_DECREF(I);
    return ctest_finish();
}
