/*
 * dict.c -- dict objects: every PyDict_* function in the covered subset,
 * insertion order, iteration, error suppression vs reporting, merging.
 */
#include "ctest.h"

#include <math.h>

static void set_ss(PyObject *d, const char *k, const char *v)
{
    PyObject *vo = PyUnicode_FromString(v);
    PyDict_SetItemString(d, k, vo);
    Py_DECREF(vo);
}

static void set_il(PyObject *d, long k, long v)
{
    PyObject *ko = PyLong_FromLong(k), *vo = PyLong_FromLong(v);
    PyDict_SetItem(d, ko, vo);
    Py_DECREF(ko);
    Py_DECREF(vo);
}

static void show_next(const char *label, PyObject *d)
{
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    int n = 0;
    printf("%s:", label);
    while (PyDict_Next(d, &pos, &k, &v)) {
        PyObject *kr = PyObject_Repr(k), *vr = PyObject_Repr(v);
        fputs(n++ ? ", " : " ", stdout);
        ctest_write_str(kr);
        fputs("=>", stdout);
        ctest_write_str(vr);
        Py_DECREF(kr);
        Py_DECREF(vr);
    }
    printf(" (%d items)\n", n);
}

static void order(void)
{
    PyObject *d = PyDict_New();
    PyObject *k;
    show("New", d);
    set_ss(d, "a", "1");
    set_ss(d, "b", "2");
    set_ss(d, "c", "3");
    show("abc", d);
    set_ss(d, "a", "10");
    show("overwrite_a_keeps_position", d);
    show_int("DelItemString(b)", PyDict_DelItemString(d, "b"));
    show("after_del_b", d);
    set_ss(d, "b", "20");
    show("reinsert_b_goes_last", d);
    show_next("Next", d);
    show_int("Size", PyDict_Size(d));
    show_int("GET_SIZE", PyDict_GET_SIZE(d));
    show_int("PyObject_Length", PyObject_Length(d));

    /* many inserts and deletes: order of the survivors is kept */
    Py_DECREF(d);
    d = PyDict_New();
    {
        long i;
        for (i = 0; i < 1000; i++)
            set_il(d, i * 7 % 1000, i);
        for (i = 0; i < 1000; i += 3) {
            k = PyLong_FromLong(i * 7 % 1000);
            PyDict_DelItem(d, k);
            Py_DECREF(k);
        }
        show_int("big.size", PyDict_Size(d));
        {
            Py_ssize_t pos = 0;
            PyObject *kk, *vv;
            int n = 0;
            long sum = 0;
            printf("big.first_items:");
            while (PyDict_Next(d, &pos, &kk, &vv)) {
                if (n < 6)
                    printf(" %ld=>%ld", PyLong_AsLong(kk), PyLong_AsLong(vv));
                sum += PyLong_AsLong(vv) * (n + 1) % 1009;
                n++;
            }
            printf("\nbig.count: %d\n", n);
            printf("big.order_checksum: %ld\n", sum);
        }
    }
    Py_DECREF(d);

    /* PyDict_Next on something that is not a dict just ends */
    {
        PyObject *l = PyList_New(0);
        Py_ssize_t pos = 0;
        PyObject *kk = NULL, *vv = NULL;
        show_int("Next(list)", PyDict_Next(l, &pos, &kk, &vv));
        Py_DECREF(l);
    }
    /* key/value pointers may be NULL */
    {
        PyObject *e = PyDict_New();
        Py_ssize_t pos = 0;
        PyObject *kk;
        int n = 0;
        set_il(e, 5, 50);
        set_il(e, 6, 60);
        while (PyDict_Next(e, &pos, &kk, NULL))
            n++;
        pos = 0;
        while (PyDict_Next(e, &pos, NULL, NULL))
            n++;
        show_int("Next(NULL out-pointers).count", n);
        Py_DECREF(e);
    }
}

static void getitem(void)
{
    PyObject *d = PyDict_New();
    PyObject *l = PyList_New(0);
    PyObject *missing = PyUnicode_FromString("missing");
    PyObject *a = PyUnicode_FromString("a");
    set_ss(d, "a", "1");

    show("GetItem(a)", PyDict_GetItem(d, a));
    show("GetItem(missing)", PyDict_GetItem(d, missing));
    show("GetItem(unhashable)", PyDict_GetItem(d, l));
    show("GetItemWithError(a)", PyDict_GetItemWithError(d, a));
    show("GetItemWithError(missing)", PyDict_GetItemWithError(d, missing));
    show("GetItemWithError(unhashable)", PyDict_GetItemWithError(d, l));
    show("GetItemString(a)", PyDict_GetItemString(d, "a"));
    show("GetItemString(missing)", PyDict_GetItemString(d, "missing"));
    show("GetItem(non-dict)", PyDict_GetItem(l, a));
    show("GetItemWithError(non-dict)", PyDict_GetItemWithError(l, a));

    /* PyDict_GetItem keeps an exception that was already pending */
    {
        PyObject *r;
        PyErr_SetString(PyExc_RuntimeError, "pending");
        r = PyDict_GetItem(d, a);
        printf("GetItem(with pending).found: %d\n", r != NULL);
        show_exc("GetItem(with pending).pending");
        PyErr_SetString(PyExc_RuntimeError, "pending2");
        r = PyDict_GetItem(d, missing);
        printf("GetItem(missing, with pending).found: %d\n", r != NULL);
        show_exc("GetItem(missing, with pending).pending");
        /* (not tested: with an unhashable key, 3.12.1 loses the pending
           exception -- the hash error is cleared before the save/restore) */
    }

    show_new("PyObject_GetItem(d, a)", PyObject_GetItem(d, a));
    show_new("PyObject_GetItem(d, missing)", PyObject_GetItem(d, missing));
    show_new("PyObject_GetItem(d, unhashable)", PyObject_GetItem(d, l));
    show_int("Contains(a)", PyDict_Contains(d, a));
    show_int("Contains(missing)", PyDict_Contains(d, missing));
    show_int("Contains(unhashable)", PyDict_Contains(d, l));

    Py_DECREF(d);
    Py_DECREF(l);
    Py_DECREF(missing);
    Py_DECREF(a);
}

static void set_del(void)
{
    PyObject *d = PyDict_New();
    PyObject *l = PyList_New(0);
    PyObject *zz = PyUnicode_FromString("zz");
    PyObject *v = PyLong_FromLong(1);
    PyObject *t;

    show_int("SetItem(unhashable)", PyDict_SetItem(d, l, v));
    show_int("SetItem(non-dict)", PyDict_SetItem(l, zz, v));
    show_int("SetItemString(non-dict)", PyDict_SetItemString(l, "k", v));
    show_int("SetItemString(non-ascii key)", PyDict_SetItemString(d, "cl\xc3\xa9", v));
    show_int("SetItemString(invalid utf8 key)", PyDict_SetItemString(d, "\xff", v));
    show("after SetItemString", d);
    show_int("DelItem(missing)", PyDict_DelItem(d, zz));
    show_int("DelItemString(missing)", PyDict_DelItemString(d, "nope"));
    show_int("DelItem(unhashable)", PyDict_DelItem(d, l));
    show_int("DelItem(non-dict)", PyDict_DelItem(l, zz));
    show_int("PyObject_DelItem(missing)", PyObject_DelItem(d, zz));
    t = PyTuple_Pack(2, v, zz);
    show_int("DelItem(missing tuple key)", PyDict_DelItem(d, t));
    show_new("PyObject_GetItem(missing tuple key)", PyObject_GetItem(d, t));
    show_int("SetItem(tuple key)", PyDict_SetItem(d, t, v));
    show("tuple key", d);
    show_int("DelItem(tuple key)", PyDict_DelItem(d, t));
    show_int("DelItemString(clé)", PyDict_DelItemString(d, "cl\xc3\xa9"));
    show("emptied", d);
    show_int("PyObject_SetItem(d, zz, 1)", PyObject_SetItem(d, zz, v));
    show_int("PyObject_SetItem(d, [], 1)", PyObject_SetItem(d, l, v));
    show_int("Size(non-dict)", PyDict_Size(l));
    Py_DECREF(t);
    Py_DECREF(d);
    Py_DECREF(l);
    Py_DECREF(zz);
    Py_DECREF(v);
}

static void setdefault(void)
{
    PyObject *d = PyDict_New();
    PyObject *k = PyUnicode_FromString("k");
    PyObject *v1 = PyUnicode_FromString("first");
    PyObject *v2 = PyUnicode_FromString("second");
    PyObject *l = PyList_New(0);
    PyObject *r;

    r = PyDict_SetDefault(d, k, v1);
    show("SetDefault(missing)", r);
    printf("SetDefault(missing).is_default: %d\n", Py_Is(r, v1));
    r = PyDict_SetDefault(d, k, v2);
    show("SetDefault(present)", r);
    printf("SetDefault(present).is_existing: %d\n", Py_Is(r, v1));
    show("after SetDefault", d);
    show("SetDefault(unhashable)", PyDict_SetDefault(d, l, v1));
    show("SetDefault(non-dict)", PyDict_SetDefault(l, k, v1));

    Py_DECREF(d);
    Py_DECREF(k);
    Py_DECREF(v1);
    Py_DECREF(v2);
    Py_DECREF(l);
}

static void copy_clear_views(void)
{
    PyObject *d = PyDict_New();
    PyObject *c, *x;
    set_ss(d, "x", "1");
    set_il(d, 2, 20);
    PyDict_SetItemString(d, "none", Py_None);

    c = PyDict_Copy(d);
    show("Copy", c);
    set_ss(c, "x", "changed");
    show("original_after_copy_change", d);
    show("copy_after_change", c);
    Py_DECREF(c);
    {
        PyObject *l = PyList_New(0);
        show_new("Copy(non-dict)", PyDict_Copy(l));
        PyDict_Clear(l); /* not a dict: silently nothing */
        show("Clear(non-dict)", l);
        show_new("Keys(non-dict)", PyDict_Keys(l));
        show_new("Values(non-dict)", PyDict_Values(l));
        show_new("Items(non-dict)", PyDict_Items(l));
        Py_DECREF(l);
    }

    x = PyDict_Keys(d);
    show("Keys", x);
    printf("Keys.is_list: %d\n", PyList_CheckExact(x));
    Py_DECREF(x);
    x = PyDict_Values(d);
    show("Values", x);
    Py_DECREF(x);
    x = PyDict_Items(d);
    show("Items", x);
    printf("Items[0].is_tuple: %d\n", PyTuple_CheckExact(PyList_GetItem(x, 0)));
    Py_DECREF(x);

    PyDict_Clear(d);
    show("Clear", d);
    show_int("Clear.size", PyDict_Size(d));
    set_ss(d, "after", "clear");
    show("reuse_after_clear", d);
    x = PyDict_Keys(d);
    Py_DECREF(x);
    PyDict_Clear(d);
    x = PyDict_Items(d);
    show("Items(empty)", x);
    Py_DECREF(x);
    Py_DECREF(d);
}

static void merge_update(void)
{
    PyObject *a, *b, *seq, *pair, *x;

    a = PyDict_New();
    b = PyDict_New();
    set_ss(a, "k1", "a1");
    set_ss(a, "k2", "a2");
    set_ss(b, "k2", "b2");
    set_ss(b, "k3", "b3");

    x = PyDict_Copy(a);
    show_int("Merge(override=0).ret", PyDict_Merge(x, b, 0));
    show("Merge(override=0)", x);
    Py_DECREF(x);
    x = PyDict_Copy(a);
    show_int("Merge(override=1).ret", PyDict_Merge(x, b, 1));
    show("Merge(override=1)", x);
    Py_DECREF(x);
    x = PyDict_Copy(a);
    show_int("Update.ret", PyDict_Update(x, b));
    show("Update", x);
    show_int("Update(self).ret", PyDict_Update(x, x));
    show("Update(self)", x);
    Py_DECREF(x);

    {
        PyObject *l = PyList_New(0);
        PyObject *i = PyLong_FromLong(3);
        x = PyDict_Copy(a);
        show_int("Update(list)", PyDict_Update(x, l));
        show_int("Merge(int, 1)", PyDict_Merge(x, i, 1));
        show_int("Merge(non-dict target)", PyDict_Merge(l, a, 1));
        show_int("Update(non-dict target)", PyDict_Update(l, a));
        show_int("Merge(NULL)", PyDict_Merge(x, NULL, 1));
        show("after failed merges", x);
        Py_DECREF(x);
        Py_DECREF(l);
        Py_DECREF(i);
    }

    /* MergeFromSeq2 */
    seq = PyList_New(0);
    pair = Py_BuildValue("(ss)", "k2", "s2");
    PyList_Append(seq, pair);
    Py_DECREF(pair);
    pair = Py_BuildValue("[si]", "k9", 9);
    PyList_Append(seq, pair);
    Py_DECREF(pair);
    pair = PyUnicode_FromString("kv"); /* a 2-char string is a 2-sequence */
    PyList_Append(seq, pair);
    Py_DECREF(pair);

    x = PyDict_Copy(a);
    show_int("MergeFromSeq2(override=1).ret", PyDict_MergeFromSeq2(x, seq, 1));
    show("MergeFromSeq2(override=1)", x);
    Py_DECREF(x);
    x = PyDict_Copy(a);
    show_int("MergeFromSeq2(override=0).ret", PyDict_MergeFromSeq2(x, seq, 0));
    show("MergeFromSeq2(override=0)", x);
    Py_DECREF(x);
    {
        PyObject *t = PyList_AsTuple(seq);
        x = PyDict_New();
        show_int("MergeFromSeq2(tuple seq).ret", PyDict_MergeFromSeq2(x, t, 1));
        show("MergeFromSeq2(tuple seq)", x);
        Py_DECREF(x);
        Py_DECREF(t);
    }

    pair = Py_BuildValue("(iii)", 1, 2, 3);
    PyList_Append(seq, pair);
    Py_DECREF(pair);
    x = PyDict_New();
    show_int("MergeFromSeq2(3-tuple at #3)", PyDict_MergeFromSeq2(x, seq, 1));
    show("MergeFromSeq2(partial)", x);
    Py_DECREF(x);
    Py_DECREF(seq);

    seq = Py_BuildValue("[(ii)(i)]", 1, 2, 3);
    x = PyDict_New();
    show_int("MergeFromSeq2(1-tuple)", PyDict_MergeFromSeq2(x, seq, 1));
    Py_DECREF(seq);
    seq = Py_BuildValue("[i]", 5);
    show_int("MergeFromSeq2(int item)", PyDict_MergeFromSeq2(x, seq, 1));
    Py_DECREF(seq);
    seq = Py_BuildValue("[s]", "abc");
    show_int("MergeFromSeq2(3-char str item)", PyDict_MergeFromSeq2(x, seq, 1));
    Py_DECREF(seq);
    seq = Py_BuildValue("[([i]i)]", 1, 2);
    show_int("MergeFromSeq2(unhashable key)", PyDict_MergeFromSeq2(x, seq, 1));
    Py_DECREF(seq);
    seq = PyLong_FromLong(7);
    show_int("MergeFromSeq2(int seq)", PyDict_MergeFromSeq2(x, seq, 1));
    Py_DECREF(seq);
    seq = Py_BuildValue("[]");
    show_int("MergeFromSeq2(empty)", PyDict_MergeFromSeq2(x, seq, 1));
    Py_DECREF(seq);
    seq = Py_BuildValue("[(ii)]", 1, 2);
    {
        PyObject *l = PyList_New(0);
        show_int("MergeFromSeq2(non-dict target)", PyDict_MergeFromSeq2(l, seq, 1));
        Py_DECREF(l);
    }
    Py_DECREF(seq);
    show("after bad MergeFromSeq2", x);
    Py_DECREF(x);

    Py_DECREF(a);
    Py_DECREF(b);
}

static void mixed_keys(void)
{
    PyObject *d = PyDict_New();
    PyObject *one = PyLong_FromLong(1);
    PyObject *one_f = PyFloat_FromDouble(1.0);
    PyObject *two_f = PyFloat_FromDouble(2.0);
    PyObject *two = PyLong_FromLong(2);
    PyObject *s = PyUnicode_FromString("1");
    PyObject *b = PyBytes_FromString("1");
    PyObject *nan = PyFloat_FromDouble(NAN);
    PyObject *nan2 = PyFloat_FromDouble(NAN);
    PyObject *zero = PyLong_FromLong(0);
    PyObject *v;

    PyDict_SetItem(d, one, s);
    v = PyUnicode_FromString("float");
    PyDict_SetItem(d, one_f, v);
    Py_DECREF(v);
    v = PyUnicode_FromString("bool");
    PyDict_SetItem(d, Py_True, v);
    Py_DECREF(v);
    show("1/1.0/True same key", d);
    show_int("size", PyDict_Size(d));
    PyDict_SetItem(d, two_f, two);
    show("GetItem(2) finds 2.0", PyDict_GetItem(d, two));
    PyDict_SetItem(d, s, s);
    PyDict_SetItem(d, b, b);
    PyDict_SetItem(d, Py_None, Py_None);
    PyDict_SetItem(d, Py_False, Py_False);
    show("mixed", d);
    show("GetItem(0) finds False", PyDict_GetItem(d, zero));
    Py_DECREF(zero);

    PyDict_SetItem(d, nan, one);
    show_int("Contains(nan, same object)", PyDict_Contains(d, nan));
    show_int("Contains(other nan)", PyDict_Contains(d, nan2));
    show_int("DelItem(1.0)", PyDict_DelItem(d, one_f));
    show_int("size_after", PyDict_Size(d));

    Py_DECREF(d);
    Py_DECREF(one);
    Py_DECREF(one_f);
    Py_DECREF(two_f);
    Py_DECREF(two);
    Py_DECREF(s);
    Py_DECREF(b);
    Py_DECREF(nan);
    Py_DECREF(nan2);
}

static void reprs_compare(void)
{
    PyObject *d = Py_BuildValue("{s:[i,(s,d)],s:{s:()}}", "list", 1, "t", 2.5, "inner", "it's", 0);
    PyObject *e = PyDict_New();
    PyObject *d2, *d3;
    show("nested", d);
    show_str("str(nested)", d);
    PyDict_SetItemString(d, "self", d);
    show("recursive", d);
    PyDict_DelItemString(d, "self");
    show("Empty", e);
    show_int("IsTrue({})", PyObject_IsTrue(e));
    show_int("IsTrue(nested)", PyObject_IsTrue(d));
    show_int("hash({})", (long long)PyObject_Hash(e));

    d2 = Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2);
    d3 = Py_BuildValue("{s:i,s:i}", "b", 2, "a", 1);
    show("d2", d2);
    show("d3", d3);
    show_new("cmp(d2 == d3)", PyObject_RichCompare(d2, d3, Py_EQ));
    show_new("cmp(d2 != d3)", PyObject_RichCompare(d2, d3, Py_NE));
    show_new("cmp(d2 < d3)", PyObject_RichCompare(d2, d3, Py_LT));
    show_new("cmp(d2 == {})", PyObject_RichCompare(d2, e, Py_EQ));
    printf("PyDict_Check: %d\n", PyDict_Check(d));
    printf("PyDict_CheckExact: %d\n", PyDict_CheckExact(d));
    {
        PyObject *l = PyList_New(0);
        printf("PyDict_Check(list): %d\n", PyDict_Check(l));
        Py_DECREF(l);
    }
    show_new("type({})", PyObject_Type(e));
    Py_DECREF(d);
    Py_DECREF(e);
    Py_DECREF(d2);
    Py_DECREF(d3);
}

/* When a dict starts being tracked by the cycle collector: only once it
   holds a key or value that may be tracked, whether stored fresh or over an
   existing value. */
static void gc_tracking(void)
{
    PyObject *d = PyDict_New();
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
    PyObject *l = PyList_New(0), *t = PyTuple_Pack(2, one, two);
    PyObject *e = PyTuple_New(0), *c;
    printf("tracked(new): %d\n", PyObject_GC_IsTracked(d));
    PyDict_SetItem(d, one, two);
    PyDict_SetItemString(d, "s", one);
    printf("tracked(ints and strs): %d\n", PyObject_GC_IsTracked(d));
    PyDict_SetItem(d, two, e);
    printf("tracked(empty tuple value): %d\n", PyObject_GC_IsTracked(d));
    c = PyDict_Copy(d);
    printf("tracked(copy of untracked): %d\n", PyObject_GC_IsTracked(c));
    PyDict_SetItem(d, one, l); /* replaces the value of an existing key */
    printf("tracked(list replaces int): %d\n", PyObject_GC_IsTracked(d));
    PyDict_DelItem(d, one);
    printf("tracked(after the list is deleted): %d\n", PyObject_GC_IsTracked(d));
    Py_DECREF(c);
    c = PyDict_Copy(d);
    printf("tracked(copy of tracked): %d\n", PyObject_GC_IsTracked(c));
    Py_DECREF(c);
    /* two of three entries deleted: copied item by item, untracked */
    PyDict_SetItem(d, one, l);
    PyDict_DelItem(d, two);
    PyDict_DelItem(d, one);
    printf("tracked(source, 1 of 3 entries left): %d\n", PyObject_GC_IsTracked(d));
    c = PyDict_Copy(d);
    printf("tracked(copy of it): %d\n", PyObject_GC_IsTracked(c));
    Py_DECREF(c);
    Py_DECREF(d);
    d = PyDict_New();
    PyDict_SetItem(d, t, one); /* a tuple key */
    printf("tracked(tuple key): %d\n", PyObject_GC_IsTracked(d));
    Py_DECREF(d);
    d = PyDict_New();
    PyDict_SetItem(d, one, one);
    PyDict_SetItem(d, one, t); /* a tuple replaces an int */
    printf("tracked(tuple replaces int): %d\n", PyObject_GC_IsTracked(d));
    Py_DECREF(d);
    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(l);
    Py_DECREF(t);
    Py_DECREF(e);
}

int main(void)
{
    Py_Initialize();
    order();
    getitem();
    set_del();
    setdefault();
    copy_clear_views();
    merge_update();
    mixed_keys();
    reprs_compare();
    gc_tracking();
    CHECK_NOERR();
    return ctest_finish();
}
