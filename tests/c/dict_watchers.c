/*
 * dict_watchers.c -- PyDict_AddWatcher/ClearWatcher/Watch/Unwatch (spec
 * watchers.md §1, §2, cases 1-23 and 58): ids, events and their arguments,
 * the state a callback sees (before the change), the identity rule,
 * CLONED/CLEARED, copies, stale bits, ordering, failing callbacks reported
 * as unraisable, DEALLOCATED with resurrection, subclasses, errors.
 */
#include "watchers.h"

static const char *event_names[] = {"ADDED", "MODIFIED", "DELETED", "CLONED", "CLEARED", "DEALLOCATED"};

static PyObject *clone_src;   /* printed as "<src>" when passed as key */
static PyObject *resurrected; /* set by the resurrecting callback */

static void print_event(const char *who, PyDict_WatchEvent ev, PyObject *d, PyObject *k, PyObject *v)
{
    PyObject *r;
    printf("  %s: %s", who, (unsigned)ev < 6 ? event_names[ev] : "?");
    if (k != NULL) {
        if (k == clone_src)
            fputs(" key=<src>", stdout);
        else if ((r = PyObject_Repr(k)) != NULL) {
            printf(" key=%s", PyUnicode_AsUTF8(r));
            Py_DECREF(r);
        }
    }
    else
        fputs(" key=NULL", stdout);
    if (v != NULL && (r = PyObject_Repr(v)) != NULL) {
        printf(" value=%s", PyUnicode_AsUTF8(r));
        Py_DECREF(r);
    }
    else
        fputs(" value=NULL", stdout);
    printf(" len=%zd", PyDict_Size(d));
    if (k != NULL && k != clone_src && ev != PyDict_EVENT_CLONED) {
        PyObject *cur = PyDict_GetItemWithError(d, k);
        if (cur != NULL && (r = PyObject_Repr(cur)) != NULL) {
            printf(" seen=%s", PyUnicode_AsUTF8(r));
            Py_DECREF(r);
        }
        else
            fputs(" seen=absent", stdout);
    }
    putchar('\n');
}

static int cb_a(PyDict_WatchEvent ev, PyObject *d, PyObject *k, PyObject *v)
{
    print_event("A", ev, d, k, v);
    return 0;
}

static int cb_b(PyDict_WatchEvent ev, PyObject *d, PyObject *k, PyObject *v)
{
    print_event("B", ev, d, k, v);
    return 1; /* any non-negative value is success */
}

static int cb_err(PyDict_WatchEvent ev, PyObject *d, PyObject *k, PyObject *v)
{
    print_event("ERR", ev, d, k, v);
    PyErr_SetString(PyExc_RuntimeError, "boom-dict");
    return -1;
}

static int cb_keep(PyDict_WatchEvent ev, PyObject *d, PyObject *k, PyObject *v)
{
    print_event("KEEP", ev, d, k, v);
    if (ev == PyDict_EVENT_DEALLOCATED && resurrected == NULL)
        resurrected = Py_NewRef(d);
    return 0;
}

static int cb_silent(PyDict_WatchEvent ev, PyObject *d, PyObject *k, PyObject *v)
{
    (void)ev;
    (void)d;
    (void)k;
    (void)v;
    return 0;
}

static int m_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return _PyObject_VisitManagedDict(self, visit, arg);
}

static int m_clear(PyObject *self)
{
    _PyObject_ClearManagedDict(self);
    return 0;
}

static void m_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    m_clear(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyObject *str(const char *s) { return PyUnicode_FromString(s); }

static void set(PyObject *d, const char *k, PyObject *v)
{
    PyObject *key = str(k);
    int r = PyDict_SetItem(d, key, v);
    Py_DECREF(key);
    if (r < 0)
        show_exc("  SetItem failed");
}

static void seti(PyObject *d, const char *k, long v)
{
    PyObject *o = PyLong_FromLong(v);
    set(d, k, o);
    Py_DECREF(o);
}

static void step(const char *label)
{
    printf("%s\n", label);
}

static void call_method(PyObject *d, const char *name, const char *fmt, const char *arg)
{
    PyObject *r = fmt ? PyObject_CallMethod(d, name, fmt, arg) : PyObject_CallMethod(d, name, NULL);
    show_new("  ->", r);
}

int main(void)
{
    PyObject *d, *d2, *src, *v, *x, *seq, *copy;
    int a, b, e, k, i, ids[8];

    Py_Initialize();
    install_print_hook();

    step("-- case 1: ids");
    a = PyDict_AddWatcher(cb_a);
    b = PyDict_AddWatcher(cb_b);
    printf("A id: %d, B id: %d\n", a, b);
    show_int("AddWatcher(NULL)", PyDict_AddWatcher(NULL));

    step("-- case 2: ADDED");
    d = PyDict_New();
    show_int("Watch(A, d)", PyDict_Watch(a, d));
    seti(d, "a", 1);
    step("-- case 3: MODIFIED");
    seti(d, "a", 2);
    step("-- case 4: the identical object: nothing");
    v = PyDict_GetItemString(d, "a");
    Py_INCREF(v);
    set(d, "a", v);
    Py_DECREF(v);
    step("-- case 5: equal, not identical");
    x = PyFloat_FromDouble(1.5);
    set(d, "f", x);
    Py_DECREF(x);
    x = PyFloat_FromDouble(1.5);
    set(d, "f", x);
    Py_DECREF(x);
    step("-- SetItemString (new key)");
    x = PyLong_FromLong(3);
    show_int("SetItemString", PyDict_SetItemString(d, "s", x));
    Py_DECREF(x);

    step("-- case 6: DELETED");
    x = str("a");
    show_int("DelItem('a')", PyDict_DelItem(d, x));
    Py_DECREF(x);
    show_int("DelItemString('s')", PyDict_DelItemString(d, "s"));
    seti(d, "p", 9);
    call_method(d, "pop", "s", "p");
    step("-- case 7: missing keys: nothing");
    show_int("DelItemString('zz')", PyDict_DelItemString(d, "zz"));
    x = PyObject_CallMethod(d, "pop", "(sO)", "zz", Py_None);
    show_new("  pop('zz', None)", x);
    call_method(d, "pop", "s", "zz");
    step("-- unhashable key: nothing");
    x = PyList_New(0);
    show_int("SetItem([], 1)", PyDict_SetItem(d, x, Py_None));
    Py_DECREF(x);

    step("-- case 8: popitem");
    PyDict_Clear(d);
    seti(d, "a", 1);
    seti(d, "b", 2);
    call_method(d, "popitem", NULL, NULL);
    PyDict_Clear(d);
    call_method(d, "popitem", NULL, NULL);

    step("-- case 9: setdefault");
    x = str("sd");
    v = PyLong_FromLong(5);
    show("SetDefault(sd, 5)", PyDict_SetDefault(d, x, v));
    show("SetDefault(sd, 5) again", PyDict_SetDefault(d, x, v));
    Py_DECREF(v);
    Py_DECREF(x);
    x = PyObject_CallMethod(d, "setdefault", "(si)", "m", 6);
    show_new("  setdefault('m', 6)", x);
    x = PyObject_CallMethod(d, "setdefault", "(si)", "m", 7);
    show_new("  setdefault('m', 7)", x);

    step("-- case 10: CLEARED");
    PyDict_Clear(d);
    step("second clear");
    PyDict_Clear(d);
    d2 = PyDict_New();
    PyDict_Watch(a, d2);
    step("clear of a never-filled dict");
    PyDict_Clear(d2);
    seti(d2, "q", 1);
    PyDict_DelItemString(d2, "q");
    step("clear of a dict emptied by del");
    PyDict_Clear(d2);
    Py_DECREF(d2);

    step("-- case 11: CLONED");
    src = Py_BuildValue("{s:i,s:i}", "x", 1, "y", 2);
    clone_src = src;
    show_int("Update(empty d, src)", PyDict_Update(d, src));
    PyDict_Clear(d);
    show_int("Merge(empty d, src, 0)", PyDict_Merge(d, src, 0));
    PyDict_Clear(d);
    x = PyObject_CallMethod(d, "update", "(O)", src);
    show_new("  d.update(src)", x);
    PyDict_Clear(d);
    {
        PyObject *meth = PyObject_GetAttrString(d, "update");
        PyObject *args = PyTuple_New(0);
        PyObject *kw = Py_BuildValue("{s:i}", "kw", 1);
        clone_src = NULL;
        printf("d.update(kw=1):\n");
        show_new("  ->", PyObject_Call(meth, args, kw));
        Py_DECREF(meth);
        Py_DECREF(args);
        Py_DECREF(kw);
        clone_src = src;
    }
    step("-- case 12: merge into a non-empty dict");
    PyDict_Clear(d);
    seti(d, "y", 0);
    seti(d, "z", 9);
    show_int("Update(d, src)", PyDict_Update(d, src));
    show_int("Update(d, src) again", PyDict_Update(d, src));
    PyDict_Clear(d);
    seti(d, "y", 0);
    show_int("Merge(d, src, 0)", PyDict_Merge(d, src, 0));
    show("d", d);
    step("-- update from an empty dict, and from itself");
    x = PyDict_New();
    show_int("Update(d, {})", PyDict_Update(d, x));
    Py_DECREF(x);
    show_int("Update(d, d)", PyDict_Update(d, d));

    step("-- case 13: MergeFromSeq2");
    PyDict_Clear(d);
    seq = Py_BuildValue("[(si)(si)]", "x", 1, "y", 2);
    show_int("MergeFromSeq2(d, seq, 1)", PyDict_MergeFromSeq2(d, seq, 1));
    Py_DECREF(seq);
    PyDict_Clear(d);
    seti(d, "x", 0);
    seq = Py_BuildValue("[(si)(si)]", "x", 1, "w", 2);
    show_int("MergeFromSeq2(d, seq, 0)", PyDict_MergeFromSeq2(d, seq, 0));
    Py_DECREF(seq);

    step("-- case 14: a source with a deleted entry: ADDED per key");
    PyDict_Clear(d);
    x = Py_BuildValue("{s:i,s:i,s:i}", "m", 1, "n", 2, "o", 3);
    PyDict_DelItemString(x, "n");
    show_int("Update(empty d, sparse)", PyDict_Update(d, x));
    Py_DECREF(x);

    step("-- a source emptied from its end by popitem is clean: CLONED");
    PyDict_Clear(d);
    x = Py_BuildValue("{s:i,s:i,s:i}", "m", 1, "n", 2, "o", 3);
    call_method(x, "popitem", NULL, NULL);
    show_int("Update(empty d, popped)", PyDict_Update(d, x));
    PyDict_Clear(d);
    PyDict_DelItemString(x, "m");
    call_method(x, "popitem", NULL, NULL);
    seti(x, "p", 4);
    show_int("Update(empty d, deleted then popped)", PyDict_Update(d, x));
    Py_DECREF(x);
    PyDict_Clear(d);
    x = Py_BuildValue("{s:i,s:i,s:i}", "m", 1, "n", 2, "o", 3);
    PyDict_DelItemString(x, "o");
    call_method(x, "popitem", NULL, NULL);
    show_int("Update(empty d, popped after the last was deleted)", PyDict_Update(d, x));
    Py_DECREF(x);

    step("-- case 15: copies are not watched");
    copy = PyDict_Copy(d);
    seti(copy, "c", 1);
    PyDict_Clear(copy);
    Py_DECREF(copy);
    x = PyObject_CallMethod(d, "copy", NULL);
    seti(x, "c", 1);
    Py_DECREF(x);
    printf("(nothing above)\n");

    step("-- case 17: idempotence");
    show_int("Watch(A, d) again", PyDict_Watch(a, d));
    seti(d, "i", 1);
    show_int("Unwatch(A, d)", PyDict_Unwatch(a, d));
    show_int("Unwatch(A, d) again", PyDict_Unwatch(a, d));
    seti(d, "i", 2);
    x = PyDict_New();
    show_int("Unwatch(A, never watched)", PyDict_Unwatch(a, x));
    Py_DECREF(x);

    step("-- case 18: ordering and errors");
    e = PyDict_AddWatcher(cb_err);
    printf("ERR id: %d\n", e);
    PyDict_Clear(d);
    PyDict_Watch(e, d);
    PyDict_Watch(b, d);
    PyDict_Watch(a, d);
    show_int("SetItem(d, 'a', 1)", (seti(d, "a", 1), 0));
    printf("pending: %s\n", PyErr_Occurred() ? "yes" : "no");
    show("d", d);
    PyDict_Unwatch(e, d);
    PyDict_Unwatch(b, d);

    step("-- case 16: stale bits");
    show_int("ClearWatcher(ERR)", PyDict_ClearWatcher(e));
    x = PyDict_New();
    PyDict_Watch(b, x);
    show_int("Watch(ERR id, x) after clearing", PyDict_Watch(e, x));
    show_int("ClearWatcher(B)", PyDict_ClearWatcher(b));
    seti(x, "stale", 1);
    printf("(nothing above)\n");
    k = PyDict_AddWatcher(cb_keep);
    printf("new watcher id: %d (the lowest free)\n", k);
    seti(x, "stale", 2);
    show_int("Unwatch(new id, x)", PyDict_Unwatch(k, x));
    seti(x, "stale", 3);
    Py_DECREF(x);

    step("-- case 19/20: DEALLOCATED and resurrection");
    x = Py_BuildValue("{s:i,s:i}", "u", 1, "v", 2);
    PyDict_Watch(k, x);
    PyDict_Watch(a, x);
    Py_DECREF(x);
    printf("resurrected: %s\n", resurrected ? "yes" : "no");
    if (resurrected) {
        show("resurrected dict", resurrected);
        seti(resurrected, "w", 3);
        PyDict_Unwatch(k, resurrected);
        PyDict_Unwatch(a, resurrected);
        Py_CLEAR(resurrected);
        printf("(no event for the unwatched release)\n");
    }
    e = PyDict_AddWatcher(cb_err);
    x = Py_BuildValue("{s:i}", "u", 1);
    PyDict_Watch(e, x);
    Py_DECREF(x);
    PyDict_ClearWatcher(e);

    step("-- case 58: a pending exception during DEALLOCATED");
    x = PyDict_New();
    PyDict_Watch(a, x);
    PyErr_SetString(PyExc_KeyError, "pending");
    Py_DECREF(x);
    show_exc("still pending");

    step("-- case 21: a dict subclass");
    {
        PyType_Slot slots[] = {{0, NULL}};
        PyType_Spec spec = {"probe.DictSub", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
        PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyDict_Type);
        PyObject *sub = PyType_FromSpecWithBases(&spec, bases);
        PyObject *inst = PyObject_CallNoArgs(sub);
        show_int("Watch(A, subclass instance)", PyDict_Watch(a, inst));
        seti(inst, "s", 1);
        Py_DECREF(inst);
        Py_DECREF(sub);
        Py_DECREF(bases);
    }

    step("-- instance __dict__ (managed dict) and module attributes");
    {
        PyType_Slot slots[] = {{Py_tp_traverse, m_traverse}, {Py_tp_clear, m_clear},
                               {Py_tp_dealloc, m_dealloc}, {0, NULL}};
        PyType_Spec spec = {"probe.Managed", sizeof(PyObject), 0,
                            Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_HAVE_GC, slots};
        PyObject *tp = PyType_FromSpec(&spec);
        PyObject *inst = PyObject_CallNoArgs(tp);
        PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
        PyObject *idict, *m;
        PyObject_SetAttrString(inst, "before", one);
        idict = PyObject_GenericGetDict(inst, NULL);
        show_int("Watch(A, obj.__dict__)", PyDict_Watch(a, idict));
        show_int("obj.x = 1", PyObject_SetAttrString(inst, "x", one));
        show_int("obj.x = 2", PyObject_SetAttrString(inst, "x", two));
        show_int("obj.x = 2 again", PyObject_SetAttrString(inst, "x", two));
        show_int("del obj.x", PyObject_DelAttrString(inst, "x"));
        show_int("del obj.x again", PyObject_DelAttrString(inst, "x"));
        PyDict_Unwatch(a, idict);
        Py_DECREF(idict);
        Py_DECREF(inst);
        Py_DECREF(tp);
        m = PyModule_New("probe_mod");
        show_int("Watch(A, module dict)", PyDict_Watch(a, PyModule_GetDict(m)));
        show_int("m.x = 1", PyObject_SetAttrString(m, "x", one));
        show_int("del m.x", PyObject_DelAttrString(m, "x"));
        PyDict_Unwatch(a, PyModule_GetDict(m));
        Py_DECREF(m);
        Py_DECREF(one);
        Py_DECREF(two);
    }

    step("-- case 22: errors");
    x = PyLong_FromLong(5);
    show_int("Watch(A, 5)", PyDict_Watch(a, x));
    show_int("Watch(-1, 5)", PyDict_Watch(-1, x));
    show_int("Unwatch(A, 5)", PyDict_Unwatch(a, x));
    Py_DECREF(x);
    x = PyList_New(0);
    show_int("Watch(A, [])", PyDict_Watch(a, x));
    Py_DECREF(x);
    show_int("Watch(-1, d)", PyDict_Watch(-1, d));
    show_int("Watch(8, d)", PyDict_Watch(8, d));
    show_int("Watch(7, d)", PyDict_Watch(7, d));
    show_int("Unwatch(7, d)", PyDict_Unwatch(7, d));
    show_int("Unwatch(-1, d)", PyDict_Unwatch(-1, d));
    show_int("ClearWatcher(7)", PyDict_ClearWatcher(7));
    show_int("ClearWatcher(-1)", PyDict_ClearWatcher(-1));
    show_int("ClearWatcher(1000)", PyDict_ClearWatcher(1000));

    step("-- case 23: exhaustion");
    for (i = 0; i < 8; i++) {
        ids[i] = PyDict_AddWatcher(cb_silent);
        if (ids[i] < 0) {
            show_int("AddWatcher", ids[i]);
            break;
        }
        printf("AddWatcher: %d\n", ids[i]);
    }
    while (--i >= 0)
        PyDict_ClearWatcher(ids[i]);
    show_int("ClearWatcher(A)", PyDict_ClearWatcher(a));
    show_int("ClearWatcher(KEEP)", PyDict_ClearWatcher(k));
    show_int("ClearWatcher(A) again", PyDict_ClearWatcher(a));

    Py_DECREF(src);
    Py_DECREF(d);
    return ctest_finish();
}
