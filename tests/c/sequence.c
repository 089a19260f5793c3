/*
 * sequence.c -- the abstract sequence and mapping protocols:
 * PySequence_Check (builtins, heap types with only sq_item or only
 * mp_subscript), PySequence_Size/Length ("is not a sequence" vs "has no
 * len()"), PySequence_GetItem (negative indexes adjusted only when the type
 * has sq_length, each builtin's IndexError, non-sequences), SetItem/DelItem
 * (lists and an sq_ass_item type with negative indexes, tuples, str,
 * dicts, ints), Contains/In
 * (list, tuple, str substring and its operand error, bytes, dict keys, the
 * iteration fallback for sq_item-only types, errors while iterating),
 * Count/Index (equality 1 == 1.0 == True, str counted by characters, not
 * found, errors), PySequence_List/Tuple (identity of an exact tuple, dict
 * keys, str, dict items view, sq_item types, non-iterables), PySequence_Fast
 * (identity for list/tuple, the m message only for TypeError) with the
 * Fast_GET_SIZE/GET_ITEM/ITEMS macros, PyMapping_Check/Size/Length,
 * HasKey/HasKeyString (errors swallowed), Keys/Values/Items (dicts, objects
 * with keys()/values() methods, non-iterable results, missing methods),
 * GetItemString/SetItemString, PyObject_DelItemString and the
 * PyMapping_DelItem/DelItemString macros (also on a type with sq_ass_item
 * but no mapping slots, where a str key is rejected).
 */
#include "ctest.h"

/* ---- heap types ------------------------------------------------------- */

/* Items 0, 10, 20; the IndexError names the index sq_item received. */
static PyObject *three_item(PyObject *self, Py_ssize_t i)
{
    (void)self;
    if (i < 0 || i >= 3)
        return PyErr_Format(PyExc_IndexError, "got index %zd", i);
    return PyLong_FromSsize_t(i * 10);
}

static Py_ssize_t three_len(PyObject *self)
{
    (void)self;
    return 3;
}

/* Records what sq_ass_item received; "show_ass" prints and resets it. */
static Py_ssize_t ass_index = -99;
static int ass_kind = 0; /* 0: not called, 1: set, 2: delete */

static int three_ass_item(PyObject *self, Py_ssize_t i, PyObject *v)
{
    (void)self;
    ass_index = i;
    ass_kind = v == NULL ? 2 : 1;
    return 0;
}

static void show_ass(const char *label)
{
    if (ass_kind == 0)
        printf("%s: not called\n", label);
    else
        printf("%s: %s %zd\n", label, ass_kind == 1 ? "set" : "delete", ass_index);
    ass_kind = 0;
    ass_index = -99;
}

/* Item 0 is 0, later items raise RuntimeError. */
static PyObject *broken_item(PyObject *self, Py_ssize_t i)
{
    (void)self;
    if (i == 0)
        return PyLong_FromLong(0);
    return PyErr_Format(PyExc_RuntimeError, "broken item %zd", i);
}

/* A mapping: str keys map to themselves, anything else is a KeyError. */
static PyObject *map_subscript(PyObject *self, PyObject *key)
{
    (void)self;
    if (PyUnicode_Check(key))
        return Py_NewRef(key);
    PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
}

static Py_ssize_t map_len(PyObject *self)
{
    (void)self;
    return 2;
}

static PyObject *map_keys(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("(ss)", "a", "b"); /* a tuple, not a list */
}

static PyObject *map_values(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyLong_FromLong(5); /* not iterable */
}

static PyMethodDef map_methods[] = {
    {"keys", map_keys, METH_NOARGS, NULL},
    {"values", map_values, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot seq3_slots[] = {{Py_sq_item, three_item},
                                   {Py_sq_length, three_len},
                                   {Py_sq_ass_item, three_ass_item},
                                   {0, NULL}};
static PyType_Slot itemonly_slots[] = {{Py_sq_item, three_item}, {0, NULL}};
static PyType_Slot broken_slots[] = {{Py_sq_item, broken_item}, {0, NULL}};
static PyType_Slot map_slots[] = {{Py_mp_subscript, map_subscript},
                                  {Py_mp_length, map_len},
                                  {Py_tp_methods, map_methods},
                                  {0, NULL}};

static PyObject *seq3, *itemonly, *broken, *mapobj; /* instances */

static PyObject *instance(const char *name, PyType_Slot *slots)
{
    PyType_Spec spec = {name, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
    PyObject *tp = PyType_FromSpec(&spec), *o;
    CHECK(tp != NULL);
    o = PyObject_CallNoArgs(tp);
    CHECK(o != NULL);
    Py_DECREF(tp);
    return o;
}

static PyObject *list3(void) { return Py_BuildValue("[sss]", "a", "b", "c"); }
static PyObject *tuple3(void) { return Py_BuildValue("(sss)", "a", "b", "c"); }

/* ---- tests ------------------------------------------------------------ */

static void check_size(void)
{
    PyObject *l = list3(), *t = tuple3(), *s = PyUnicode_FromString("h\xc3\xa9llo");
    PyObject *b = PyBytes_FromString("xy"), *d = Py_BuildValue("{si}", "k", 1);
    PyObject *i = PyLong_FromLong(7);

    show_int("SeqCheck(list)", PySequence_Check(l));
    show_int("SeqCheck(tuple)", PySequence_Check(t));
    show_int("SeqCheck(str)", PySequence_Check(s));
    show_int("SeqCheck(bytes)", PySequence_Check(b));
    show_int("SeqCheck(dict)", PySequence_Check(d));
    show_int("SeqCheck(int)", PySequence_Check(i));
    show_int("SeqCheck(sq_item+sq_length)", PySequence_Check(seq3));
    show_int("SeqCheck(sq_item only)", PySequence_Check(itemonly));
    show_int("SeqCheck(mp_subscript only)", PySequence_Check(mapobj));

    show_int("SeqSize(list)", PySequence_Size(l));
    show_int("SeqSize(tuple)", PySequence_Size(t));
    show_int("SeqSize(str)", PySequence_Size(s));
    show_int("SeqSize(bytes)", PySequence_Size(b));
    show_int("SeqLength(list)", PySequence_Length(l));
    show_int("SeqSize(seq3)", PySequence_Size(seq3));
    show_int("SeqSize(dict)", PySequence_Size(d));
    show_int("SeqSize(int)", PySequence_Size(i));
    show_int("SeqLength(int)", PySequence_Length(i));
    show_int("SeqSize(sq_item only)", PySequence_Size(itemonly));
    show_int("SeqSize(mapping type)", PySequence_Size(mapobj));
    Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(b); Py_DECREF(d); Py_DECREF(i);
}

static void getitem(void)
{
    PyObject *l = list3(), *t = tuple3(), *s = PyUnicode_FromString("xyz");
    PyObject *b = PyBytes_FromString("AB"), *d = Py_BuildValue("{ii}", 0, 1);
    PyObject *i = PyLong_FromLong(7);

    show_new("GetItem(list, 0)", PySequence_GetItem(l, 0));
    show_new("GetItem(list, -1)", PySequence_GetItem(l, -1));
    show_new("GetItem(list, -3)", PySequence_GetItem(l, -3));
    show_new("GetItem(list, 3)", PySequence_GetItem(l, 3));
    show_new("GetItem(list, -4)", PySequence_GetItem(l, -4));
    show_new("GetItem(tuple, 1)", PySequence_GetItem(t, 1));
    show_new("GetItem(tuple, -2)", PySequence_GetItem(t, -2));
    show_new("GetItem(tuple, 5)", PySequence_GetItem(t, 5));
    show_new("GetItem(str, -1)", PySequence_GetItem(s, -1));
    show_new("GetItem(str, 3)", PySequence_GetItem(s, 3));
    show_new("GetItem(bytes, 0)", PySequence_GetItem(b, 0));
    show_new("GetItem(bytes, -3)", PySequence_GetItem(b, -3));
    show_new("GetItem(seq3, 1)", PySequence_GetItem(seq3, 1));
    show_new("GetItem(seq3, -1)", PySequence_GetItem(seq3, -1));
    show_new("GetItem(seq3, -4)", PySequence_GetItem(seq3, -4));
    show_new("GetItem(seq3, 3)", PySequence_GetItem(seq3, 3));
    show_new("GetItem(sq_item only, -1)", PySequence_GetItem(itemonly, -1));
    show_new("GetItem(dict, 0)", PySequence_GetItem(d, 0));
    show_new("GetItem(mapping type, 0)", PySequence_GetItem(mapobj, 0));
    show_new("GetItem(int, 0)", PySequence_GetItem(i, 0));
    Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(b); Py_DECREF(d); Py_DECREF(i);
}

static void setdel(void)
{
    PyObject *l = list3(), *t = tuple3(), *s = PyUnicode_FromString("xyz");
    PyObject *d = Py_BuildValue("{ii}", 0, 1), *i = PyLong_FromLong(7);
    PyObject *v = PyUnicode_FromString("V");

    show_int("SetItem(list, 0)", PySequence_SetItem(l, 0, v));
    show_int("SetItem(list, -1)", PySequence_SetItem(l, -1, v));
    show("list after SetItem", l);
    show_int("SetItem(list, 3)", PySequence_SetItem(l, 3, v));
    show_int("SetItem(list, -4)", PySequence_SetItem(l, -4, v));
    show_int("DelItem(list, -2)", PySequence_DelItem(l, -2));
    show("list after DelItem", l);
    show_int("DelItem(list, 0)", PySequence_DelItem(l, 0));
    show_int("DelItem(list, 1)", PySequence_DelItem(l, 1));
    show_int("DelItem(list, -2)", PySequence_DelItem(l, -2));
    show("list after DelItems", l);
    show_int("SetItem(tuple, 0)", PySequence_SetItem(t, 0, v));
    show_int("DelItem(tuple, 0)", PySequence_DelItem(t, 0));
    show_int("SetItem(str, 0)", PySequence_SetItem(s, 0, v));
    show_int("DelItem(str, 0)", PySequence_DelItem(s, 0));
    show_int("SetItem(dict, 0)", PySequence_SetItem(d, 0, v));
    show_int("DelItem(dict, 0)", PySequence_DelItem(d, 0));
    show_int("SetItem(sq_item only, 0)", PySequence_SetItem(itemonly, 0, v));
    show_int("DelItem(sq_item only, 0)", PySequence_DelItem(itemonly, 0));
    /* seq3 has sq_length: negative indexes are adjusted once, then passed on */
    show_int("SetItem(seq3, 1)", PySequence_SetItem(seq3, 1, v));
    show_ass("seq3 sq_ass_item got");
    show_int("SetItem(seq3, -1)", PySequence_SetItem(seq3, -1, v));
    show_ass("seq3 sq_ass_item got");
    show_int("SetItem(seq3, -5)", PySequence_SetItem(seq3, -5, v));
    show_ass("seq3 sq_ass_item got");
    show_int("SetItem(seq3, 7)", PySequence_SetItem(seq3, 7, v));
    show_ass("seq3 sq_ass_item got");
    show_int("DelItem(seq3, -2)", PySequence_DelItem(seq3, -2));
    show_ass("seq3 sq_ass_item got");
    show_int("DelItem(seq3, -4)", PySequence_DelItem(seq3, -4));
    show_ass("seq3 sq_ass_item got");
    show_int("SetItem(int, 0)", PySequence_SetItem(i, 0, v));
    show_int("DelItem(int, 0)", PySequence_DelItem(i, 0));
    show("tuple unchanged", t);
    show("dict unchanged", d);
    Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(d); Py_DECREF(i); Py_DECREF(v);
}

static void contains_count_index(void)
{
    PyObject *l = Py_BuildValue("[iisid]", 1, 2, "x", 1, 1.0), *t = tuple3();
    PyObject *s = PyUnicode_FromString("hello"), *b = PyBytes_FromString("hi");
    PyObject *d = Py_BuildValue("{sisi}", "k", 1, "j", 2), *i = PyLong_FromLong(7);
    PyObject *one = PyLong_FromLong(1), *x = PyUnicode_FromString("x");
    PyObject *ell = PyUnicode_FromString("ell"), *ll = PyUnicode_FromString("ll");
    PyObject *lc = PyUnicode_FromString("l"), *k = PyUnicode_FromString("k");
    PyObject *n104 = PyLong_FromLong(104), *n300 = PyLong_FromLong(300);
    PyObject *n20 = PyLong_FromLong(20), *n99 = PyLong_FromLong(99), *z = PyLong_FromLong(0);
    PyObject *unh = PyList_New(0), *b_ = PyUnicode_FromString("b");
    PyObject *j = PyUnicode_FromString("j");

    show_int("Contains(list, 1)", PySequence_Contains(l, one));
    show_int("Contains(list, 99)", PySequence_Contains(l, n99));
    show_int("In(list, 'x')", PySequence_In(l, x));
    show_int("Contains(tuple, 'b')", PySequence_Contains(t, b_));
    show_int("Contains(tuple, 'x')", PySequence_Contains(t, x));
    show_int("Contains(str, 'ell')", PySequence_Contains(s, ell));
    show_int("Contains(str, 'x')", PySequence_Contains(s, x));
    show_int("Contains(str, 1)", PySequence_Contains(s, one));
    show_int("Contains(bytes, 104)", PySequence_Contains(b, n104));
    show_int("Contains(bytes, 300)", PySequence_Contains(b, n300));
    show_int("Contains(dict, 'k')", PySequence_Contains(d, k));
    show_int("Contains(dict, 1)", PySequence_Contains(d, one));
    show_int("Contains(dict, [])", PySequence_Contains(d, unh));
    show_int("Contains(seq3, 20)", PySequence_Contains(seq3, n20));
    show_int("Contains(seq3, 99)", PySequence_Contains(seq3, n99));
    show_int("In(sq_item only, 20)", PySequence_In(itemonly, n20));
    show_int("Contains(broken, 0)", PySequence_Contains(broken, z));
    show_int("Contains(broken, 99)", PySequence_Contains(broken, n99));
    show_int("Contains(mapping type, 'x')", PySequence_Contains(mapobj, x));
    show_int("Contains(int, 1)", PySequence_Contains(i, one));
    show_int("In(int, 1)", PySequence_In(i, one));

    show_int("Count(list, 1)", PySequence_Count(l, one));
    show_int("Count(list, True)", PySequence_Count(l, Py_True));
    show_int("Count(list, 99)", PySequence_Count(l, n99));
    show_int("Count(str, 'l')", PySequence_Count(s, lc));
    show_int("Count(str, 'll')", PySequence_Count(s, ll));
    show_int("Count(dict, 'k')", PySequence_Count(d, k));
    show_int("Count(seq3, 20)", PySequence_Count(seq3, n20));
    show_int("Count(broken, 0)", PySequence_Count(broken, z));
    show_int("Count(int, 1)", PySequence_Count(i, one));

    show_int("Index(list, 'x')", PySequence_Index(l, x));
    show_int("Index(list, 1.0)", PySequence_Index(l, one));
    show_int("Index(list, 99)", PySequence_Index(l, n99));
    show_int("Index(tuple, 'b')", PySequence_Index(t, b_));
    show_int("Index(str, 'l')", PySequence_Index(s, lc));
    show_int("Index(str, 'll')", PySequence_Index(s, ll));
    show_int("Index(dict, 'j')", PySequence_Index(d, j));
    show_int("Index(seq3, 20)", PySequence_Index(seq3, n20));
    show_int("Index(sq_item only, 99)", PySequence_Index(itemonly, n99));
    show_int("Index(broken, 0)", PySequence_Index(broken, z));
    show_int("Index(broken, 99)", PySequence_Index(broken, n99));
    show_int("Index(int, 1)", PySequence_Index(i, one));
    show("list unchanged", l);

    Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(b); Py_DECREF(d); Py_DECREF(i);
    Py_DECREF(one); Py_DECREF(x); Py_DECREF(ell); Py_DECREF(ll); Py_DECREF(lc); Py_DECREF(k);
    Py_DECREF(n104); Py_DECREF(n300); Py_DECREF(n20); Py_DECREF(n99); Py_DECREF(z);
    Py_DECREF(unh); Py_DECREF(b_); Py_DECREF(j);
}

static void list_tuple(void)
{
    PyObject *l = list3(), *t = tuple3(), *s = PyUnicode_FromString("ab");
    PyObject *d = Py_BuildValue("{sisi}", "k", 1, "j", 2), *i = PyLong_FromLong(7);
    PyObject *items = PyObject_CallMethod(d, "items", NULL), *r;

    r = PySequence_List(l);
    show("List(list)", r);
    printf("List(list).is_same: %d\n", r == l);
    Py_DECREF(r);
    show_new("List(tuple)", PySequence_List(t));
    show_new("List(dict)", PySequence_List(d));
    show_new("List(str)", PySequence_List(s));
    show_new("List(dict.items())", PySequence_List(items));
    show_new("List(seq3)", PySequence_List(seq3));
    show_new("List(sq_item only)", PySequence_List(itemonly));
    show_new("List(broken)", PySequence_List(broken));
    show_new("List(mapping type)", PySequence_List(mapobj));
    show_new("List(int)", PySequence_List(i));

    r = PySequence_Tuple(t);
    show("Tuple(tuple)", r);
    printf("Tuple(tuple).is_same: %d\n", r == t);
    Py_DECREF(r);
    show_new("Tuple(list)", PySequence_Tuple(l));
    show_new("Tuple(dict)", PySequence_Tuple(d));
    show_new("Tuple(str)", PySequence_Tuple(s));
    show_new("Tuple(dict.items())", PySequence_Tuple(items));
    show_new("Tuple(seq3)", PySequence_Tuple(seq3));
    show_new("Tuple(broken)", PySequence_Tuple(broken));
    show_new("Tuple(int)", PySequence_Tuple(i));
    Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(d); Py_DECREF(i); Py_DECREF(items);
}

/* "label: n=<GET_SIZE> [<GET_ITEM reprs>] [<ITEMS reprs>]" */
static void show_fast(const char *label, PyObject *f)
{
    Py_ssize_t n, k;
    PyObject **items;
    if (f == NULL) {
        show(label, f);
        return;
    }
    n = PySequence_Fast_GET_SIZE(f);
    items = PySequence_Fast_ITEMS(f);
    printf("%s: %s n=%zd", label, PyList_Check(f) ? "list" : "tuple", n);
    for (k = 0; k < n; k++) {
        PyObject *r = PyObject_Repr(PySequence_Fast_GET_ITEM(f, k));
        fputc(' ', stdout);
        ctest_write_str(r);
        Py_DECREF(r);
    }
    fputs(" |", stdout);
    for (k = 0; k < n; k++) {
        PyObject *r = PyObject_Repr(items[k]);
        fputc(' ', stdout);
        ctest_write_str(r);
        Py_DECREF(r);
    }
    fputc('\n', stdout);
}

static void fast(void)
{
    PyObject *l = list3(), *t = tuple3(), *s = PyUnicode_FromString("ab");
    PyObject *d = Py_BuildValue("{sisi}", "k", 1, "j", 2), *i = PyLong_FromLong(7);
    PyObject *e = PyList_New(0), *f;
    Py_ssize_t before;

    before = Py_REFCNT(l);
    f = PySequence_Fast(l, "need a sequence");
    show_fast("Fast(list)", f);
    printf("Fast(list).is_same: %d\n", f == l);
    printf("Fast(list).refcnt_delta: %zd\n", Py_REFCNT(l) - before);
    Py_DECREF(f);
    f = PySequence_Fast(t, "need a sequence");
    show_fast("Fast(tuple)", f);
    printf("Fast(tuple).is_same: %d\n", f == t);
    Py_DECREF(f);
    f = PySequence_Fast(d, "need a sequence");
    show_fast("Fast(dict)", f);
    printf("Fast(dict).is_list: %d\n", PyList_CheckExact(f));
    Py_DECREF(f);
    f = PySequence_Fast(s, "need a sequence");
    show_fast("Fast(str)", f);
    Py_DECREF(f);
    f = PySequence_Fast(e, "need a sequence");
    show_fast("Fast(empty list)", f);
    Py_DECREF(f);
    f = PySequence_Fast(seq3, "need a sequence");
    show_fast("Fast(seq3)", f);
    Py_DECREF(f);
    show_new("Fast(int)", PySequence_Fast(i, "need a sequence"));
    show_new("Fast(mapping type)", PySequence_Fast(mapobj, "expected an iterable, got something else"));
    show_new("Fast(broken)", PySequence_Fast(broken, "need a sequence"));
    Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(d); Py_DECREF(i); Py_DECREF(e);
}

static void mapping(void)
{
    PyObject *d = Py_BuildValue("{sisi}", "k", 1, "j", 2), *l = list3(), *t = tuple3();
    PyObject *s = PyUnicode_FromString("ab"), *i = PyLong_FromLong(7);
    PyObject *k = PyUnicode_FromString("k"), *zz = PyUnicode_FromString("zz");
    PyObject *one = PyLong_FromLong(1), *five = PyLong_FromLong(5), *unh = PyList_New(0);
    PyObject *v = PyUnicode_FromString("V");

    show_int("MapCheck(dict)", PyMapping_Check(d));
    show_int("MapCheck(list)", PyMapping_Check(l));
    show_int("MapCheck(tuple)", PyMapping_Check(t));
    show_int("MapCheck(str)", PyMapping_Check(s));
    show_int("MapCheck(int)", PyMapping_Check(i));
    show_int("MapCheck(sq_item type)", PyMapping_Check(seq3));
    show_int("MapCheck(mapping type)", PyMapping_Check(mapobj));

    show_int("MapSize(dict)", PyMapping_Size(d));
    show_int("MapLength(dict)", PyMapping_Length(d));
    show_int("MapSize(list)", PyMapping_Size(l));
    show_int("MapSize(str)", PyMapping_Size(s));
    show_int("MapSize(mapping type)", PyMapping_Size(mapobj));
    show_int("MapSize(sq_item type)", PyMapping_Size(seq3));
    show_int("MapSize(int)", PyMapping_Size(i));
    show_int("MapLength(int)", PyMapping_Length(i));

    show_int("HasKey(dict, 'k')", PyMapping_HasKey(d, k));
    show_int("HasKey(dict, 'zz')", PyMapping_HasKey(d, zz));
    show_int("HasKey(dict, [])", PyMapping_HasKey(d, unh));
    show_int("HasKey(list, 1)", PyMapping_HasKey(l, one));
    show_int("HasKey(list, 5)", PyMapping_HasKey(l, five));
    show_int("HasKey(list, 'k')", PyMapping_HasKey(l, k));
    show_int("HasKey(int, 1)", PyMapping_HasKey(i, one));
    show_int("HasKey(mapping type, 'k')", PyMapping_HasKey(mapobj, k));
    show_int("HasKey(mapping type, 1)", PyMapping_HasKey(mapobj, one));
    show_int("HasKeyString(dict, 'j')", PyMapping_HasKeyString(d, "j"));
    show_int("HasKeyString(dict, 'zz')", PyMapping_HasKeyString(d, "zz"));
    show_int("HasKeyString(dict, invalid utf8)", PyMapping_HasKeyString(d, "\xff"));
    show_int("HasKeyString(list, '0')", PyMapping_HasKeyString(l, "0"));

    show_new("Keys(dict)", PyMapping_Keys(d));
    show_new("Values(dict)", PyMapping_Values(d));
    show_new("Items(dict)", PyMapping_Items(d));
    {
        PyObject *e = PyDict_New();
        show_new("Items(empty dict)", PyMapping_Items(e));
        Py_DECREF(e);
    }
    show_new("Keys(mapping type)", PyMapping_Keys(mapobj));
    show_new("Values(mapping type)", PyMapping_Values(mapobj));
    show_new("Items(mapping type)", PyMapping_Items(mapobj));
    show_new("Keys(list)", PyMapping_Keys(l));
    show_new("Keys(int)", PyMapping_Keys(i));
    show_new("Values(int)", PyMapping_Values(i));
    show_new("Items(int)", PyMapping_Items(i));

    show_new("GetItemString(dict, 'k')", PyMapping_GetItemString(d, "k"));
    show_new("GetItemString(dict, 'zz')", PyMapping_GetItemString(d, "zz"));
    show_new("GetItemString(dict, invalid utf8)", PyMapping_GetItemString(d, "\xff"));
    show_new("GetItemString(list, '0')", PyMapping_GetItemString(l, "0"));
    show_new("GetItemString(mapping type, 'q')", PyMapping_GetItemString(mapobj, "q"));
    show_new("GetItemString(int, 'k')", PyMapping_GetItemString(i, "k"));
    show_int("SetItemString(dict, 'n')", PyMapping_SetItemString(d, "n", v));
    show_int("SetItemString(dict, 'k')", PyMapping_SetItemString(d, "k", v));
    show("dict after SetItemString", d);
    show_int("SetItemString(list, '0')", PyMapping_SetItemString(l, "0", v));
    show_int("SetItemString(tuple, '0')", PyMapping_SetItemString(t, "0", v));
    show_int("SetItemString(mapping type, 'q')", PyMapping_SetItemString(mapobj, "q", v));
    show_int("SetItemString(int, 'k')", PyMapping_SetItemString(i, "k", v));

    show_int("DelItemString(dict, 'n')", PyObject_DelItemString(d, "n"));
    show_int("DelItemString(dict, 'n') again", PyObject_DelItemString(d, "n"));
    show_int("PyMapping_DelItemString(dict, 'j')", PyMapping_DelItemString(d, "j"));
    show_int("PyMapping_DelItem(dict, 'k')", PyMapping_DelItem(d, k));
    show_int("PyMapping_DelItem(dict, 'k') again", PyMapping_DelItem(d, k));
    show("dict after deletions", d);
    show_int("DelItemString(list, '0')", PyObject_DelItemString(l, "0"));
    show_int("PyMapping_DelItem(list, 1)", PyMapping_DelItem(l, one));
    show("list after DelItem", l);
    show_int("DelItemString(tuple, '0')", PyObject_DelItemString(t, "0"));
    show_int("PyMapping_DelItem(tuple, 1)", PyMapping_DelItem(t, one));
    /* seq3 has sq_ass_item but no mp_ass_subscript: keys must be indexes */
    show_int("SetItemString(seq3, '0')", PyMapping_SetItemString(seq3, "0", v));
    show_int("DelItemString(seq3, '0')", PyObject_DelItemString(seq3, "0"));
    show_ass("seq3 sq_ass_item got");
    show_int("PyMapping_DelItem(seq3, 1)", PyMapping_DelItem(seq3, one));
    show_ass("seq3 sq_ass_item got");
    show_new("GetItemString(seq3, '0')", PyMapping_GetItemString(seq3, "0"));
    show_int("HasKey(seq3, 1)", PyMapping_HasKey(seq3, one));
    show_int("HasKey(seq3, 5)", PyMapping_HasKey(seq3, five));
    show_int("HasKeyString(seq3, '0')", PyMapping_HasKeyString(seq3, "0"));
    show_int("DelItemString(mapping type, 'q')", PyMapping_DelItemString(mapobj, "q"));
    show_int("DelItemString(int, 'k')", PyObject_DelItemString(i, "k"));
    show_int("PyMapping_DelItem(int, 1)", PyMapping_DelItem(i, one));

    Py_DECREF(d); Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(i); Py_DECREF(k);
    Py_DECREF(zz); Py_DECREF(one); Py_DECREF(five); Py_DECREF(unh); Py_DECREF(v);
}

int main(void)
{
    Py_Initialize();
    seq3 = instance("seq.Seq3", seq3_slots);
    itemonly = instance("seq.ItemOnly", itemonly_slots);
    broken = instance("seq.Broken", broken_slots);
    mapobj = instance("seq.MapOnly", map_slots);
    check_size();
    getitem();
    setdel();
    contains_count_index();
    list_tuple();
    fast();
    mapping();
    CHECK_NOERR();
    Py_DECREF(seq3);
    Py_DECREF(itemonly);
    Py_DECREF(broken);
    Py_DECREF(mapobj);
    return ctest_finish();
}
