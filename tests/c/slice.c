/*
 * slice.c -- slice objects and slicing: PySlice_New (NULL/None/ints/any
 * object), PySlice_Check and the type, calling the slice type, the
 * start/stop/step members (read-only), equality and ordering, hashing
 * (hashable since 3.12, so slices work as dict keys), slice.indices;
 * PySlice_Unpack (None defaults, clamping of huge values, __index__, step 0
 * and non-index errors), PySlice_AdjustIndices over several lengths and
 * steps, PySlice_GetIndicesEx (the macro and the exported function) and the
 * legacy PySlice_GetIndices (-1 without an exception, no clamping);
 * PyObject_GetItem with slices on list/tuple/str/bytes (identity of full
 * slices of exact immutable types), PyObject_SetItem/DelItem with slices on
 * lists (simple and extended, self-assignment, size mismatch, non-iterables)
 * and on immutable types; PySequence_GetSlice/SetSlice/DelSlice (Python
 * slice semantics for negative bounds, dicts take the slice as a key,
 * non-sliceable objects); PyList_GetSlice/SetSlice (clamping, NULL deletes,
 * non-lists); PyList_Sort/Reverse/AsTuple.
 */
#include "ctest.h"
#include <limits.h>

#define NO LONG_MIN /* stands for None in S() */

static PyObject *I(long v)
{
    return v == NO ? Py_NewRef(Py_None) : PyLong_FromLong(v);
}

/* slice(a, b, c) with NO meaning None. */
static PyObject *S(long a, long b, long c)
{
    PyObject *x = I(a), *y = I(b), *z = I(c), *s = PySlice_New(x, y, z);
    Py_DECREF(x); Py_DECREF(y); Py_DECREF(z);
    return s;
}

/* Write repr(o) and a newline (o is a live list/tuple here). */
static void put_repr(PyObject *o)
{
    PyObject *r = PyObject_Repr(o);
    ctest_write_str(r);
    Py_XDECREF(r);
    fputc('\n', stdout);
}

static PyObject *ints(long a, long b, long c, long d, long e)
{
    return Py_BuildValue("[lllll]", a, b, c, d, e);
}

/* A heap type whose instances have __index__ returning 2. */
static PyObject *idx_index(PyObject *self)
{
    (void)self;
    return PyLong_FromLong(2);
}

static PyType_Slot idx_slots[] = {{Py_nb_index, idx_index}, {0, NULL}};
static PyType_Spec idx_spec = {"slicetest.Idx", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, idx_slots};
static PyObject *idx_obj;

static void objects(void)
{
    PyObject *s = PySlice_New(NULL, NULL, NULL), *l = PyList_New(0), *a, *b, *t;
    PyObject *one = PyLong_FromLong(1), *str = PyUnicode_FromString("a");

    show("New(NULL, NULL, NULL)", s);
    printf("PySlice_Check(slice): %d\n", PySlice_Check(s));
    printf("PySlice_Check(list): %d\n", PySlice_Check(l));
    printf("type is PySlice_Type: %d\n", Py_TYPE(s) == &PySlice_Type);
    show_new("type name", PyType_GetName(Py_TYPE(s)));
    Py_DECREF(s);
    show_new("New(1, NULL, NULL)", PySlice_New(one, NULL, NULL));
    show_new("New(NULL, 1, NULL)", PySlice_New(NULL, one, NULL));
    show_new("New(None, None, 1)", PySlice_New(Py_None, Py_None, one));
    show_new("New(1, 2, 3)", S(1, 2, 3));
    show_new("New(-1, -5, -2)", S(-1, -5, -2));
    s = PySlice_New(str, l, Py_True);
    show("New('a', [], True)", s);
    a = PyObject_GetAttrString(s, "start");
    show("  .start", a);
    Py_DECREF(a);
    a = PyObject_GetAttrString(s, "stop");
    printf("  .stop is the list: %d\n", a == l);
    Py_DECREF(a);
    show_new("  .step", PyObject_GetAttrString(s, "step"));
    show_int("  SetAttr start", PyObject_SetAttrString(s, "start", one));
    show_int("  hash", PyObject_Hash(s));
    Py_DECREF(s);
    s = S(1, NO, NO);
    show_new("slice(1).stop", PyObject_GetAttrString(s, "stop"));
    Py_DECREF(s);

    t = (PyObject *)&PySlice_Type;
    show_new("slice(5)", PyObject_CallFunction(t, "i", 5));
    show_new("slice(1, 2)", PyObject_CallFunction(t, "ii", 1, 2));
    show_new("slice(1, 2, 3)", PyObject_CallFunction(t, "iii", 1, 2, 3));
    show_new("slice()", PyObject_CallNoArgs(t));
    show_new("slice(1, 2, 3, 4)", PyObject_CallFunction(t, "iiii", 1, 2, 3, 4));

    a = S(1, 2, NO);
    b = S(1, 2, NO);
    show_new("slice(1,2) == slice(1,2)", PyObject_RichCompare(a, b, Py_EQ));
    show_new("slice(1,2) != slice(1,2)", PyObject_RichCompare(a, b, Py_NE));
    printf("hash equal: %d\n", PyObject_Hash(a) == PyObject_Hash(b));
    Py_DECREF(b);
    b = S(1, 3, NO);
    show_new("slice(1,2) == slice(1,3)", PyObject_RichCompare(a, b, Py_EQ));
    show_new("slice(1,2) < slice(1,3)", PyObject_RichCompare(a, b, Py_LT));
    show_new("slice(1,2) >= slice(1,3)", PyObject_RichCompare(a, b, Py_GE));
    show_new("slice(1,2) == 1", PyObject_RichCompare(a, one, Py_EQ));
    show_new("slice(1,2) < 1", PyObject_RichCompare(a, one, Py_LT));
    Py_DECREF(b);
    b = S(1, 2, 3);
    show_int("hash(slice(1, 2, 3))", PyObject_Hash(b));
    show_new("slice(1,2,3).indices(10)", PyObject_CallMethod(b, "indices", "i", 10));
    show_new("slice(1,2,3).indices(-1)", PyObject_CallMethod(b, "indices", "i", -1));
    Py_DECREF(b);
    b = S(NO, NO, -1);
    show_new("slice(None,None,-1).indices(5)", PyObject_CallMethod(b, "indices", "i", 5));
    Py_DECREF(b);

    t = PyDict_New();
    show_new("dict[slice(1,2)]", PyObject_GetItem(t, a));
    show_int("dict[slice(1,2)] = 1", PyObject_SetItem(t, a, one));
    show("dict", t);
    Py_DECREF(t);
    Py_DECREF(a); Py_DECREF(l); Py_DECREF(one); Py_DECREF(str);
}

/* Unpack, then AdjustIndices for a few lengths. */
static void unpack_adjust_one(const char *label, PyObject *s)
{
    static const Py_ssize_t lens[] = {0, 3, 10};
    Py_ssize_t start, stop, step, st, sp, n;
    size_t k;
    int r = PySlice_Unpack(s, &start, &stop, &step);
    Py_DECREF(s);
    if (r < 0) {
        printf("%s: Unpack -> %d", label, r);
        ctest_write_pending_suffix();
        fputc('\n', stdout);
        return;
    }
    printf("%s: Unpack -> %zd %zd %zd;", label, start, stop, step);
    for (k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        st = start;
        sp = stop;
        n = PySlice_AdjustIndices(lens[k], &st, &sp, step);
        printf(" len %zd: %zd %zd n=%zd;", lens[k], st, sp, n);
    }
    fputc('\n', stdout);
    CHECK_NOERR();
}

static void unpack_adjust(void)
{
    PyObject *big = PyLong_FromString("1000000000000000000000000000000", NULL, 10);
    PyObject *nbig = PyNumber_Negative(big), *f = PyFloat_FromDouble(1.5);
    PyObject *str = PyUnicode_FromString("a"), *zero = PyLong_FromLong(0);
    Py_ssize_t a, b, c;

    printf("PY_SSIZE_T_MAX: %zd\n", PY_SSIZE_T_MAX);
    unpack_adjust_one("[:]", S(NO, NO, NO));
    unpack_adjust_one("[::-1]", S(NO, NO, -1));
    unpack_adjust_one("[1:]", S(1, NO, NO));
    unpack_adjust_one("[-2:]", S(-2, NO, NO));
    unpack_adjust_one("[-100:100]", S(-100, 100, NO));
    unpack_adjust_one("[2:1]", S(2, 1, NO));
    unpack_adjust_one("[1:8:3]", S(1, 8, 3));
    unpack_adjust_one("[::-2]", S(NO, NO, -2));
    unpack_adjust_one("[1::-1]", S(1, NO, -1));
    unpack_adjust_one("[-1:-100:-3]", S(-1, -100, -3));
    unpack_adjust_one("[100:-100:-1]", S(100, -100, -1));
    unpack_adjust_one("[:1:-1]", S(NO, 1, -1));
    unpack_adjust_one("[::0]", S(NO, NO, 0));
    unpack_adjust_one("[big:-big]", PySlice_New(big, nbig, NULL));
    unpack_adjust_one("[-big:big]", PySlice_New(nbig, big, NULL));
    unpack_adjust_one("[::big]", PySlice_New(NULL, NULL, big));
    unpack_adjust_one("[::-big]", PySlice_New(NULL, NULL, nbig));
    unpack_adjust_one("[True:]", PySlice_New(Py_True, NULL, NULL));
    unpack_adjust_one("[Idx():]", PySlice_New(idx_obj, NULL, NULL));
    unpack_adjust_one("[:Idx():Idx()]", PySlice_New(NULL, idx_obj, idx_obj));
    unpack_adjust_one("['a':]", PySlice_New(str, NULL, NULL));
    unpack_adjust_one("[:1.5]", PySlice_New(NULL, f, NULL));
    unpack_adjust_one("[::1.5]", PySlice_New(NULL, NULL, f));
    unpack_adjust_one("['a'::0]", PySlice_New(str, NULL, zero));

    a = -7; b = 2;
    c = PySlice_AdjustIndices(5, &a, &b, 1);
    printf("Adjust(5, -7, 2, 1): %zd %zd n=%zd\n", a, b, c);
    a = 10; b = -10;
    c = PySlice_AdjustIndices(5, &a, &b, -1);
    printf("Adjust(5, 10, -10, -1): %zd %zd n=%zd\n", a, b, c);
    a = 0; b = PY_SSIZE_T_MAX;
    c = PySlice_AdjustIndices(5, &a, &b, PY_SSIZE_T_MAX);
    printf("Adjust(5, 0, MAX, MAX): %zd %zd n=%zd\n", a, b, c);
    a = 4; b = 4;
    c = PySlice_AdjustIndices(5, &a, &b, 1);
    printf("Adjust(5, 4, 4, 1): %zd %zd n=%zd\n", a, b, c);
    Py_DECREF(big); Py_DECREF(nbig); Py_DECREF(f); Py_DECREF(str); Py_DECREF(zero);
}

/* "label: r -> start stop step [n=len]" (outputs only on success). */
static void show_idx(const char *label, int r, Py_ssize_t a, Py_ssize_t b, Py_ssize_t c,
                     const Py_ssize_t *n)
{
    printf("%s: %d", label, r);
    if (r == 0) {
        printf(" -> %zd %zd %zd", a, b, c);
        if (n != NULL)
            printf(" n=%zd", *n);
    }
    if (r != 0 && PyErr_Occurred() == NULL)
        fputs(", no exception", stdout);
    ctest_write_pending_suffix();
    fputc('\n', stdout);
}

/* The 3.12 header makes PySlice_GetIndicesEx a macro over Unpack and
 * AdjustIndices (setting *slicelen = 0 on failure); the parenthesized name
 * calls the exported (deprecated) function instead. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
static void get_indices_one(const char *label, PyObject *s, Py_ssize_t len)
{
    Py_ssize_t a = 0, b = 0, c = 0, n = -99;
    char buf[96];
    int r = PySlice_GetIndicesEx(s, len, &a, &b, &c, &n);
    snprintf(buf, sizeof buf, "%s GetIndicesEx macro(len %zd)", label, len);
    show_idx(buf, r, a, b, c, &n);
    if (r < 0)
        printf("%s: macro set n=%zd\n", buf, n);
    r = (PySlice_GetIndicesEx)(s, len, &a, &b, &c, &n);
    snprintf(buf, sizeof buf, "%s GetIndicesEx func(len %zd)", label, len);
    show_idx(buf, r, a, b, c, &n);
    r = PySlice_GetIndices(s, len, &a, &b, &c);
    snprintf(buf, sizeof buf, "%s GetIndices(len %zd)", label, len);
    show_idx(buf, r, a, b, c, NULL);
    Py_DECREF(s);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static void get_indices(void)
{
    PyObject *str = PyUnicode_FromString("a");
    get_indices_one("[1:3]", S(1, 3, NO), 5);
    get_indices_one("[:]", S(NO, NO, NO), 5);
    get_indices_one("[::-1]", S(NO, NO, -1), 5);
    get_indices_one("[-2:]", S(-2, NO, NO), 5);
    get_indices_one("[-10:]", S(-10, NO, NO), 5);
    get_indices_one("[:-10]", S(NO, -10, NO), 5);
    get_indices_one("[1:100]", S(1, 100, NO), 5);
    get_indices_one("[7:]", S(7, NO, NO), 5);
    get_indices_one("[5:]", S(5, NO, NO), 5);
    get_indices_one("[3:1]", S(3, 1, NO), 5);
    get_indices_one("[4:0:-2]", S(4, 0, -2), 5);
    get_indices_one("[::0]", S(NO, NO, 0), 5);
    get_indices_one("['a':]", PySlice_New(str, NULL, NULL), 5);
    get_indices_one("[True:]", PySlice_New(Py_True, NULL, NULL), 5);
    get_indices_one("[:]", S(NO, NO, NO), 0);
    Py_DECREF(str);
}

static void getitem(void)
{
    static const struct { const char *label; long a, b, c; } sl[] = {
        {"[1:3]", 1, 3, NO}, {"[::2]", NO, NO, 2}, {"[::-1]", NO, NO, -1},
        {"[-2:]", -2, NO, NO}, {"[5:1]", 5, 1, NO}, {"[1:100]", 1, 100, NO},
        {"[4:0:-2]", 4, 0, -2}, {"[::-2]", NO, NO, -2}, {"[::0]", NO, NO, 0},
    };
    PyObject *objs[5], *r, *s;
    const char *names[5] = {"list", "tuple", "str", "str2", "bytes"};
    char label[64];
    size_t i, k;

    objs[0] = ints(1, 2, 3, 4, 5);
    objs[1] = Py_BuildValue("(iiiii)", 1, 2, 3, 4, 5);
    objs[2] = PyUnicode_FromString("abcde");
    objs[3] = PyUnicode_FromString("h\xc3\xa9l\xe2\x82\xac\xf0\x9f\x98\x80");
    objs[4] = PyBytes_FromString("abcde");
    for (i = 0; i < 5; i++) {
        show(names[i], objs[i]);
        for (k = 0; k < sizeof sl / sizeof sl[0]; k++) {
            snprintf(label, sizeof label, "%s%s", names[i], sl[k].label);
            s = S(sl[k].a, sl[k].b, sl[k].c);
            show_new(label, PyObject_GetItem(objs[i], s));
            Py_DECREF(s);
        }
        s = S(NO, NO, NO);
        r = PyObject_GetItem(objs[i], s);
        snprintf(label, sizeof label, "%s[:] is same", names[i]);
        printf("%s: %d\n", label, r == objs[i]);
        Py_XDECREF(r);
        Py_DECREF(s);
        s = S(0, 100, 1);
        r = PyObject_GetItem(objs[i], s);
        snprintf(label, sizeof label, "%s[0:100:1] is same", names[i]);
        printf("%s: %d\n", label, r == objs[i]);
        Py_XDECREF(r);
        Py_DECREF(s);
    }
    s = PySlice_New(idx_obj, NULL, NULL);
    show_new("list[Idx():]", PyObject_GetItem(objs[0], s));
    Py_DECREF(s);
    s = S(NO, NO, NO);
    r = PyUnicode_FromString("a");
    show_new("list['a']", PyObject_GetItem(objs[0], r));
    Py_DECREF(r);
    r = PyLong_FromLong(7);
    show_new("int[:]", PyObject_GetItem(r, s));
    Py_DECREF(r);
    Py_DECREF(s);
    for (i = 0; i < 5; i++)
        Py_DECREF(objs[i]);
}

/* PyObject_SetItem (v != NULL) or DelItem on l[a:b:c], then show l. */
static void ass(const char *label, PyObject *l, PyObject *s, PyObject *v)
{
    int r = v != NULL ? PyObject_SetItem(l, s, v) : PyObject_DelItem(l, s);
    printf("%s: %d", label, r);
    ctest_write_pending_suffix();
    fputs(" -> ", stdout);
    put_repr(l);
    Py_DECREF(s);
}

static void setitem(void)
{
    PyObject *l = ints(1, 2, 3, 4, 5), *v, *t;
    v = Py_BuildValue("[iii]", 7, 8, 9);
    ass("l[1:3] = [7,8,9]", l, S(1, 3, NO), v);
    ass("l[::2] = [7,8,9]", l, S(NO, NO, 2), v);
    Py_DECREF(v);
    v = Py_BuildValue("[iiii]", 10, 20, 30, 40);
    ass("l[::2] = [10,20,30,40]", l, S(NO, NO, 2), v);
    Py_DECREF(v);
    v = Py_BuildValue("[iii]", 7, 8, 9);
    ass("l[:4:2] = [7,8,9]", l, S(NO, 4, 2), v);
    Py_DECREF(v);
    ass("del l[::2]", l, S(NO, NO, 2), NULL);
    ass("del l[1:3]", l, S(1, 3, NO), NULL);
    v = PyUnicode_FromString("ab");
    ass("l[1:1] = 'ab'", l, S(1, 1, NO), v);
    ass("l[10:20] = 'ab'", l, S(10, 20, NO), v);
    ass("l[::-3] = 'ab'", l, S(NO, NO, -3), v);
    Py_DECREF(v);
    ass("l[:] = l", l, S(NO, NO, NO), l);
    ass("l[::-1] = l", l, S(NO, NO, -1), l);
    ass("l[1:] = l", l, S(1, NO, NO), l);
    v = PyLong_FromLong(5);
    ass("l[1:2] = 5", l, S(1, 2, NO), v);
    ass("l[::2] = 5", l, S(NO, NO, 2), v);
    ass("l[::0] = 5", l, S(NO, NO, 0), v);
    ass("del l[::0]", l, S(NO, NO, 0), NULL);
    ass("del l[5:1]", l, S(5, 1, NO), NULL);
    ass("del l[::-1]", l, S(NO, NO, -1), NULL);
    Py_DECREF(v);
    Py_DECREF(l);

    t = Py_BuildValue("(iii)", 1, 2, 3);
    v = PyList_New(0);
    ass("tuple[1:2] = []", t, S(1, 2, NO), v);
    ass("del tuple[1:2]", t, S(1, 2, NO), NULL);
    Py_DECREF(t);
    t = PyUnicode_FromString("abc");
    ass("str[1:2] = []", t, S(1, 2, NO), v);
    Py_DECREF(t);
    Py_DECREF(v);
}

static void sequence_slices(void)
{
    PyObject *l = ints(1, 2, 3, 4, 5), *t = Py_BuildValue("(iiii)", 1, 2, 3, 4);
    PyObject *s = PyUnicode_FromString("h\xc3\xa9llo"), *b = PyBytes_FromString("bytes");
    PyObject *i = PyLong_FromLong(7), *d = PyDict_New(), *v = Py_BuildValue("[ii]", 8, 9), *r;

    show_new("GetSlice(list, 1, 3)", PySequence_GetSlice(l, 1, 3));
    show_new("GetSlice(list, -2, 100)", PySequence_GetSlice(l, -2, 100));
    show_new("GetSlice(list, -100, -3)", PySequence_GetSlice(l, -100, -3));
    show_new("GetSlice(list, 3, 1)", PySequence_GetSlice(l, 3, 1));
    show_new("GetSlice(list, 100, 200)", PySequence_GetSlice(l, 100, 200));
    show_new("GetSlice(list, 0, MAX)", PySequence_GetSlice(l, 0, PY_SSIZE_T_MAX));
    show_new("GetSlice(tuple, 1, -1)", PySequence_GetSlice(t, 1, -1));
    r = PySequence_GetSlice(t, 0, 100);
    printf("GetSlice(tuple, 0, 100) is same: %d\n", r == t);
    Py_DECREF(r);
    show_new("PyTuple_GetSlice(tuple, -2, 100)", PyTuple_GetSlice(t, -2, 100));
    show_new("GetSlice(str, 1, 4)", PySequence_GetSlice(s, 1, 4));
    show_new("GetSlice(str, -3, MAX)", PySequence_GetSlice(s, -3, PY_SSIZE_T_MAX));
    show_new("GetSlice(bytes, 1, 3)", PySequence_GetSlice(b, 1, 3));
    show_new("GetSlice(int, 0, 1)", PySequence_GetSlice(i, 0, 1));
    show_new("GetSlice(dict, 0, 1)", PySequence_GetSlice(d, 0, 1));

    show_int("SetSlice(list, 1, 3, [8,9])", PySequence_SetSlice(l, 1, 3, v));
    show("  list", l);
    show_int("SetSlice(list, -1, 100, [8,9])", PySequence_SetSlice(l, -1, 100, v));
    show("  list", l);
    show_int("SetSlice(list, 100, 200, 'xy')", PySequence_SetSlice(l, 100, 200, b));
    show("  list", l);
    show_int("SetSlice(list, 0, 1, 7)", PySequence_SetSlice(l, 0, 1, i));
    show_int("SetSlice(tuple, 0, 1, [8,9])", PySequence_SetSlice(t, 0, 1, v));
    show_int("SetSlice(str, 0, 1, [8,9])", PySequence_SetSlice(s, 0, 1, v));
    show_int("SetSlice(int, 0, 1, [8,9])", PySequence_SetSlice(i, 0, 1, v));
    show_int("SetSlice(dict, 0, 1, [8,9])", PySequence_SetSlice(d, 0, 1, v));
    show("  dict", d);
    show_int("DelSlice(dict, 0, 1)", PySequence_DelSlice(d, 0, 1));
    show("  dict", d);
    show_int("DelSlice(dict, 0, 1) again", PySequence_DelSlice(d, 0, 1));

    show_int("DelSlice(list, 0, 2)", PySequence_DelSlice(l, 0, 2));
    show("  list", l);
    show_int("DelSlice(list, -3, -1)", PySequence_DelSlice(l, -3, -1));
    show("  list", l);
    show_int("DelSlice(list, 50, 60)", PySequence_DelSlice(l, 50, 60));
    show_int("DelSlice(list, 0, MAX)", PySequence_DelSlice(l, 0, PY_SSIZE_T_MAX));
    show("  list", l);
    show_int("DelSlice(tuple, 0, 1)", PySequence_DelSlice(t, 0, 1));
    show_int("DelSlice(str, 0, 1)", PySequence_DelSlice(s, 0, 1));
    show_int("DelSlice(int, 0, 1)", PySequence_DelSlice(i, 0, 1));
    Py_DECREF(l); Py_DECREF(t); Py_DECREF(s); Py_DECREF(b); Py_DECREF(i);
    Py_DECREF(d); Py_DECREF(v);
}

static void list_slices(void)
{
    PyObject *l = ints(1, 2, 3, 4, 5), *v = Py_BuildValue("[ii]", 8, 9), *r;
    PyObject *t = Py_BuildValue("(ii)", 1, 2), *i = PyLong_FromLong(7);

    show_new("PyList_GetSlice(1, 3)", PyList_GetSlice(l, 1, 3));
    show_new("PyList_GetSlice(-2, 100)", PyList_GetSlice(l, -2, 100));
    show_new("PyList_GetSlice(-100, -1)", PyList_GetSlice(l, -100, -1));
    show_new("PyList_GetSlice(3, 1)", PyList_GetSlice(l, 3, 1));
    show_new("PyList_GetSlice(7, 9)", PyList_GetSlice(l, 7, 9));
    r = PyList_GetSlice(l, 0, 5);
    show("PyList_GetSlice(0, 5)", r);
    printf("PyList_GetSlice(0, 5) is same: %d\n", r == l);
    Py_DECREF(r);
    show_new("PyList_GetSlice(tuple, 0, 1)", PyList_GetSlice(t, 0, 1));

    show_int("PyList_SetSlice(1, 1, [8,9])", PyList_SetSlice(l, 1, 1, v));
    show("  list", l);
    show_int("PyList_SetSlice(0, 3, [8,9])", PyList_SetSlice(l, 0, 3, v));
    show("  list", l);
    show_int("PyList_SetSlice(-2, 1, (1,2))", PyList_SetSlice(l, -2, 1, t));
    show("  list", l);
    show_int("PyList_SetSlice(100, 200, [8,9])", PyList_SetSlice(l, 100, 200, v));
    show("  list", l);
    show_int("PyList_SetSlice(5, 2, [8,9])", PyList_SetSlice(l, 5, 2, v));
    show("  list", l);
    show_int("PyList_SetSlice(1, 3, NULL)", PyList_SetSlice(l, 1, 3, NULL));
    show("  list", l);
    show_int("PyList_SetSlice(-5, 2, NULL)", PyList_SetSlice(l, -5, 2, NULL));
    show("  list", l);
    show_int("PyList_SetSlice(0, 1, l)", PyList_SetSlice(l, 0, 1, l));
    show("  list", l);
    show_int("PyList_SetSlice(0, 1, 7)", PyList_SetSlice(l, 0, 1, i));
    show_int("PyList_SetSlice(0, MAX, NULL)", PyList_SetSlice(l, 0, PY_SSIZE_T_MAX, NULL));
    show("  list", l);
    show_int("PyList_SetSlice(tuple, 0, 1, [8,9])", PyList_SetSlice(t, 0, 1, v));
    show_int("PyList_SetSlice(tuple, 0, 1, NULL)", PyList_SetSlice(t, 0, 1, NULL));
    Py_DECREF(l); Py_DECREF(v); Py_DECREF(t); Py_DECREF(i);
}

static void sort_one(const char *label, PyObject *l)
{
    int r = PyList_Sort(l);
    printf("Sort(%s): %d", label, r);
    ctest_write_pending_suffix();
    fputs(" -> ", stdout);
    put_repr(l);
    Py_DECREF(l);
}

static void sort_reverse(void)
{
    PyObject *l, *t;
    sort_one("ints", ints(3, -1, 5, 0, 2));
    sort_one("strs", Py_BuildValue("[ssss]", "b", "a", "C", "\xc3\xa9"));
    sort_one("numbers", Py_BuildValue("[idOi]", 2, 1.5, Py_True, 0));
    sort_one("empty", PyList_New(0));
    sort_one("[1, 'a']", Py_BuildValue("[is]", 1, "a"));
    sort_one("['a', 1]", Py_BuildValue("[si]", "a", 1));
    sort_one("[None, 1]", Py_BuildValue("[Oi]", Py_None, 1));
    t = Py_BuildValue("(ii)", 2, 1);
    show_int("Sort(tuple)", PyList_Sort(t));
    show_int("Reverse(tuple)", PyList_Reverse(t));
    show_new("AsTuple(tuple)", PyList_AsTuple(t));
    Py_DECREF(t);

    l = ints(3, -1, 5, 0, 2);
    show_int("Sort", PyList_Sort(l));
    show_new("AsTuple(sorted)", PyList_AsTuple(l));
    show_int("Reverse", PyList_Reverse(l));
    show_new("AsTuple(reversed)", PyList_AsTuple(l));
    Py_DECREF(l);
    l = PyList_New(0);
    show_int("Reverse(empty)", PyList_Reverse(l));
    show_new("AsTuple(empty)", PyList_AsTuple(l));
    Py_DECREF(l);
    l = Py_BuildValue("[sis]", "x", 1, "y");
    show_int("Reverse(mixed)", PyList_Reverse(l));
    show_new("AsTuple(mixed reversed)", PyList_AsTuple(l));
    Py_DECREF(l);
}

int main(void)
{
    PyObject *tp;
    Py_Initialize();
    tp = PyType_FromSpec(&idx_spec);
    idx_obj = PyObject_CallNoArgs(tp);
    CHECK(idx_obj != NULL);
    objects();
    unpack_adjust();
    get_indices();
    getitem();
    setitem();
    sequence_slices();
    list_slices();
    sort_reverse();
    CHECK_NOERR();
    Py_DECREF(idx_obj);
    Py_DECREF(tp);
    return ctest_finish();
}
