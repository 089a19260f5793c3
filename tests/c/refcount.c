/*
 * refcount.c -- reference counting semantics.
 *
 * Absolute counts are printed only for immortal objects (whose count is fixed
 * by the 3.12 encoding) and for freshly created heap objects; everything else
 * is printed as a delta around one API call, which is what the ownership
 * rules (new / borrowed / stolen) actually promise.
 */
#include "ctest.h"

#define RC(o) ((long long)Py_REFCNT(o))

static void show_refcnt(const char *label, PyObject *o)
{
    printf("%s: %lld\n", label, RC(o));
}

static void show_immortal(const char *label, PyObject *o)
{
    /* 3.12 encodes immortality as the low 32 bits of the count all set. */
    printf("%s.immortal: %d\n", label, (Py_REFCNT(o) & 0xFFFFFFFF) == 0xFFFFFFFF);
}

static void singletons(void)
{
    long long before;

    show_refcnt("refcnt.None", Py_None);
    show_refcnt("refcnt.True", Py_True);
    show_refcnt("refcnt.False", Py_False);
    show_refcnt("refcnt.NotImplemented", Py_NotImplemented);
    show_refcnt("refcnt.Ellipsis", Py_Ellipsis);

    before = RC(Py_None);
    Py_INCREF(Py_None);
    Py_INCREF(Py_None);
    printf("immortal.incref_delta: %lld\n", RC(Py_None) - before);
    Py_DECREF(Py_None);
    Py_DECREF(Py_None);
    Py_DECREF(Py_None); /* one more than we took: harmless on an immortal */
    printf("immortal.decref_delta: %lld\n", RC(Py_None) - before);

    before = RC(Py_True);
    Py_IncRef(Py_True);
    Py_DecRef(Py_True);
    Py_DecRef(Py_True);
    printf("immortal.IncRef_DecRef_delta: %lld\n", RC(Py_True) - before);

    {
        PyObject *b = PyBool_FromLong(42);
        printf("PyBool_FromLong(42).is_True: %d\n", Py_Is(b, Py_True));
        Py_DECREF(b);
        b = PyBool_FromLong(0);
        printf("PyBool_FromLong(0).is_False: %d\n", Py_Is(b, Py_False));
        Py_DECREF(b);
    }
    {
        PyObject *n = Py_NewRef(Py_None);
        printf("Py_NewRef(None).is_None: %d\n", Py_IsNone(n));
        Py_DECREF(n);
    }
}

static void small_ints(void)
{
    static const long vals[] = {-5, -1, 0, 1, 100, 255, 256};
    static const long big[] = {-6, 257, 1000};
    size_t i;
    for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char label[64];
        PyObject *a = PyLong_FromLong(vals[i]);
        PyObject *b = PyLong_FromLong(vals[i]);
        snprintf(label, sizeof label, "smallint(%ld).refcnt", vals[i]);
        show_refcnt(label, a);
        snprintf(label, sizeof label, "smallint(%ld).same_object", vals[i]);
        printf("%s: %d\n", label, Py_Is(a, b));
        Py_DECREF(a);
        Py_DECREF(b);
    }
    for (i = 0; i < sizeof big / sizeof big[0]; i++) {
        char label[64];
        PyObject *a = PyLong_FromLong(big[i]);
        PyObject *b = PyLong_FromLong(big[i]);
        snprintf(label, sizeof label, "int(%ld)", big[i]);
        show_immortal(label, a);
        snprintf(label, sizeof label, "int(%ld).fresh_refcnt", big[i]);
        show_refcnt(label, a);
        snprintf(label, sizeof label, "int(%ld).same_object", big[i]);
        printf("%s: %d\n", label, Py_Is(a, b));
        Py_DECREF(a);
        Py_DECREF(b);
    }
    {
        /* the int(0) made by a conversion is the cached small int too */
        PyObject *z1 = PyLong_FromLongLong(0);
        PyObject *z2 = PyLong_FromSize_t(0);
        PyObject *z3 = PyLong_FromDouble(0.5);
        printf("int0.FromLongLong_is_FromSize_t: %d\n", Py_Is(z1, z2));
        printf("int0.FromDouble(0.5)_is_cached: %d\n", Py_Is(z1, z3));
        Py_DECREF(z1);
        Py_DECREF(z2);
        Py_DECREF(z3);
    }
}

static void basic_macros(void)
{
    PyObject *f = PyFloat_FromDouble(2.5);
    PyObject *g, *h, *x;
    long long r0 = RC(f);

    printf("fresh_float.refcnt: %lld\n", r0);
    Py_INCREF(f);
    printf("Py_INCREF.delta: %lld\n", RC(f) - r0);
    Py_DECREF(f);
    printf("Py_DECREF.delta: %lld\n", RC(f) - r0);

    Py_XINCREF(f);
    printf("Py_XINCREF.delta: %lld\n", RC(f) - r0);
    Py_XDECREF(f);
    x = NULL;
    Py_XINCREF(x); /* no-op */
    Py_XDECREF(x); /* no-op */
    printf("Py_XINCREF(NULL).ok: 1\n");

    g = Py_NewRef(f);
    printf("Py_NewRef.same: %d\n", Py_Is(g, f));
    printf("Py_NewRef.delta: %lld\n", RC(f) - r0);

    h = Py_XNewRef(f);
    printf("Py_XNewRef.delta: %lld\n", RC(f) - r0 - 1);
    printf("Py_XNewRef(NULL): %s\n", Py_XNewRef(NULL) == NULL ? "NULL" : "not NULL");

    Py_CLEAR(h);
    printf("Py_CLEAR.sets_null: %d\n", h == NULL);
    printf("Py_CLEAR.delta: %lld\n", RC(f) - r0 - 2);
    Py_CLEAR(h); /* on NULL: no-op */
    printf("Py_CLEAR(NULL).ok: %d\n", h == NULL);

    r0 = RC(f);
    Py_IncRef(f);
    printf("Py_IncRef.delta: %lld\n", RC(f) - r0);
    Py_DecRef(f);
    Py_DecRef(NULL); /* accepts NULL */
    Py_IncRef(NULL);
    printf("Py_DecRef.delta: %lld\n", RC(f) - r0);
    r0 = RC(f) - 1; /* g below still owns one reference */

    /* Py_SETREF: store the new value, then drop the old one */
    {
        PyObject *other = PyFloat_FromDouble(7.0);
        long long o0 = RC(other);
        PyObject *slot = g; /* slot owns one reference to f (from Py_NewRef) */
        g = NULL;
        Py_SETREF(slot, Py_NewRef(other));
        printf("Py_SETREF.old_delta: %lld\n", RC(f) - r0);
        printf("Py_SETREF.new_delta: %lld\n", RC(other) - o0);
        show("Py_SETREF.slot", slot);
        Py_DECREF(slot);
        Py_DECREF(other);
    }

    printf("Py_TYPE(float)==&PyFloat_Type: %d\n", Py_TYPE(f) == &PyFloat_Type);
    Py_DECREF(f);

    {
        PyObject *l = PyList_New(3);
        PyObject *t = PyTuple_New(4);
        printf("fresh_list.refcnt: %lld\n", RC(l));
        printf("Py_SIZE(list3): %lld\n", (long long)Py_SIZE(l));
        printf("Py_SIZE(tuple4): %lld\n", (long long)Py_SIZE(t));
        Py_DECREF(l);
        Py_DECREF(t);
    }
}

static void container_ownership(void)
{
    PyObject *f = PyFloat_FromDouble(1.25);
    PyObject *t, *l, *item;
    long long r0;

    /* PyTuple_SetItem steals: giving away our only ref leaves the count */
    t = PyTuple_New(2);
    Py_INCREF(f); /* the reference we are about to give away */
    r0 = RC(f);
    PyTuple_SetItem(t, 0, f);
    printf("PyTuple_SetItem.steals.delta: %lld\n", RC(f) - r0);
    item = PyTuple_GetItem(t, 0);
    printf("PyTuple_GetItem.borrowed.delta: %lld\n", RC(f) - r0);
    printf("PyTuple_GetItem.same: %d\n", Py_Is(item, f));

    /* PyTuple_SetItem on a bad index still consumes the item */
    Py_INCREF(f);
    r0 = RC(f);
    show_int("PyTuple_SetItem.bad_index.ret", PyTuple_SetItem(t, 5, f));
    printf("PyTuple_SetItem.bad_index.delta: %lld\n", RC(f) - r0);

    /* PyTuple_SetItem replacing an item drops the old one */
    r0 = RC(f);
    PyTuple_SetItem(t, 0, Py_NewRef(Py_None));
    printf("PyTuple_SetItem.replace.old_delta: %lld\n", RC(f) - r0);

    /* dropping the tuple drops its items */
    PyTuple_SetItem(t, 1, Py_NewRef(f));
    r0 = RC(f);
    Py_DECREF(t);
    printf("tuple_dealloc.item_delta: %lld\n", RC(f) - r0);

    /* PyTuple_Pack takes new references */
    r0 = RC(f);
    t = PyTuple_Pack(3, f, f, Py_None);
    printf("PyTuple_Pack.delta: %lld\n", RC(f) - r0);
    {
        PyObject *s = PyTuple_GetSlice(t, 0, 2);
        printf("PyTuple_GetSlice.delta: %lld\n", RC(f) - r0);
        Py_DECREF(s);
    }
    Py_DECREF(t);
    printf("PyTuple_Pack.after_decref.delta: %lld\n", RC(f) - r0);

    /* lists */
    /* each delta below is measured around one call only */
    l = PyList_New(0);
    r0 = RC(f);
    PyList_Append(l, f);
    printf("PyList_Append.delta: %lld\n", RC(f) - r0);
    r0 = RC(f);
    PyList_Insert(l, 0, f);
    printf("PyList_Insert.delta: %lld\n", RC(f) - r0);
    r0 = RC(f);
    item = PyList_GetItem(l, 1);
    printf("PyList_GetItem.borrowed.delta: %lld\n", RC(f) - r0);
    printf("PyList_GetItem.same: %d\n", Py_Is(item, f));
    Py_INCREF(f);
    r0 = RC(f);
    PyList_SetItem(l, 0, f); /* steals ours, drops the one held at [0] */
    printf("PyList_SetItem.steal_and_replace.delta: %lld\n", RC(f) - r0);
    Py_INCREF(f);
    r0 = RC(f);
    show_int("PyList_SetItem.bad_index.ret", PyList_SetItem(l, 9, f));
    printf("PyList_SetItem.bad_index.delta: %lld\n", RC(f) - r0);
    r0 = RC(f);
    {
        PyObject *tup = PyList_AsTuple(l);
        printf("PyList_AsTuple.delta: %lld\n", RC(f) - r0);
        Py_DECREF(tup);
    }
    r0 = RC(f);
    {
        PyObject *zero = PyLong_FromLong(0);
        PyObject *got = PyObject_GetItem(l, zero);
        printf("PyObject_GetItem.new_ref.delta: %lld\n", RC(f) - r0);
        Py_DECREF(got);
        Py_DECREF(zero);
    }
    r0 = RC(f);
    Py_DECREF(l); /* held f twice */
    printf("list_dealloc.delta: %lld\n", RC(f) - r0);

    Py_DECREF(f);
}

static void dict_ownership(void)
{
    PyObject *d = PyDict_New();
    PyObject *k1 = PyFloat_FromDouble(0.5);
    PyObject *k2 = PyFloat_FromDouble(0.5); /* equal, distinct object */
    PyObject *v1 = PyFloat_FromDouble(10.0);
    PyObject *v2 = PyFloat_FromDouble(20.0);
    long long rk1 = RC(k1), rk2 = RC(k2), rv1 = RC(v1), rv2 = RC(v2);
    PyObject *got;

    PyDict_SetItem(d, k1, v1);
    printf("PyDict_SetItem.key_delta: %lld\n", RC(k1) - rk1);
    printf("PyDict_SetItem.value_delta: %lld\n", RC(v1) - rv1);

    PyDict_SetItem(d, k2, v2); /* overwrite through an equal key */
    printf("PyDict_SetItem.overwrite.old_key_delta: %lld\n", RC(k1) - rk1);
    printf("PyDict_SetItem.overwrite.new_key_delta: %lld\n", RC(k2) - rk2);
    printf("PyDict_SetItem.overwrite.old_value_delta: %lld\n", RC(v1) - rv1);
    printf("PyDict_SetItem.overwrite.new_value_delta: %lld\n", RC(v2) - rv2);

    got = PyDict_GetItem(d, k2);
    printf("PyDict_GetItem.same: %d\n", Py_Is(got, v2));
    printf("PyDict_GetItem.borrowed.delta: %lld\n", RC(v2) - rv2 - 1);
    got = PyDict_GetItemWithError(d, k1);
    printf("PyDict_GetItemWithError.borrowed.delta: %lld\n", RC(v2) - rv2 - 1);
    got = PyObject_GetItem(d, k1);
    printf("PyObject_GetItem(dict).new_ref.delta: %lld\n", RC(v2) - rv2 - 1);
    Py_DECREF(got);

    {
        PyObject *c = PyDict_Copy(d);
        printf("PyDict_Copy.value_delta: %lld\n", RC(v2) - rv2 - 1);
        printf("PyDict_Copy.key_delta: %lld\n", RC(k1) - rk1 - 1);
        Py_DECREF(c);
    }
    {
        PyObject *vals = PyDict_Values(d);
        printf("PyDict_Values.delta: %lld\n", RC(v2) - rv2 - 1);
        Py_DECREF(vals);
    }
    {
        PyObject *sd = PyDict_SetDefault(d, k2, v1); /* present: borrowed v2 */
        printf("PyDict_SetDefault.present.same: %d\n", Py_Is(sd, v2));
        printf("PyDict_SetDefault.present.delta: %lld\n", RC(v2) - rv2 - 1);
    }

    PyDict_DelItem(d, k2);
    printf("PyDict_DelItem.key_delta: %lld\n", RC(k1) - rk1);
    printf("PyDict_DelItem.value_delta: %lld\n", RC(v2) - rv2);

    PyDict_SetItem(d, k1, v1);
    PyDict_SetItem(d, v1, k1);
    PyDict_Clear(d);
    printf("PyDict_Clear.key_delta: %lld\n", RC(k1) - rk1);
    printf("PyDict_Clear.value_delta: %lld\n", RC(v1) - rv1);

    PyDict_SetItem(d, k1, v1);
    Py_DECREF(d);
    printf("dict_dealloc.key_delta: %lld\n", RC(k1) - rk1);
    printf("dict_dealloc.value_delta: %lld\n", RC(v1) - rv1);

    Py_DECREF(k1);
    Py_DECREF(k2);
    Py_DECREF(v1);
    Py_DECREF(v2);
}

static void module_ownership(void)
{
    PyObject *m = PyModule_New("refmod");
    PyObject *v = PyFloat_FromDouble(3.5);
    long long r0 = RC(v);
    int rc = PyModule_AddObjectRef(m, "v", v);
    printf("PyModule_AddObjectRef.ret: %d\n", rc);
    printf("PyModule_AddObjectRef.delta: %lld\n", RC(v) - r0);
    {
        PyObject *got;
        r0 = RC(v);
        got = PyObject_GetAttrString(m, "v");
        printf("PyObject_GetAttrString.new_ref.delta: %lld\n", RC(v) - r0);
        Py_DECREF(got);
    }
    r0 = RC(v);
    Py_DECREF(m);
    printf("module_dealloc.delta: %lld\n", RC(v) - r0);
    Py_DECREF(v);
}

static void exception_ownership(void)
{
    PyObject *exc, *again;
    long long r0;
    PyErr_SetString(PyExc_ValueError, "x");
    exc = PyErr_GetRaisedException();
    r0 = RC(exc);
    PyErr_SetRaisedException(Py_NewRef(exc)); /* steals */
    printf("PyErr_SetRaisedException.steals.delta: %lld\n", RC(exc) - r0 - 1);
    again = PyErr_GetRaisedException();
    printf("PyErr_GetRaisedException.same: %d\n", Py_Is(again, exc));
    printf("PyErr_GetRaisedException.transfers.delta: %lld\n", RC(exc) - r0 - 1);
    Py_DECREF(again);
    PyErr_SetRaisedException(Py_NewRef(exc));
    PyErr_Clear();
    printf("PyErr_Clear.delta: %lld\n", RC(exc) - r0);
    Py_DECREF(exc);
}

int main(void)
{
    Py_Initialize();
    singletons();
    small_ints();
    basic_macros();
    container_ownership();
    dict_ownership();
    module_ownership();
    exception_ownership();
    CHECK_NOERR();
    return ctest_finish();
}
