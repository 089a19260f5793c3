/*
 * managed_dict.c -- Py_TPFLAGS_MANAGED_DICT / MANAGED_WEAKREF heap types
 * (spec part C, conformance cases D.C), always with HAVE_GC: offsets after
 * readying, the generic attribute protocol on instances, __dict__ through a
 * PyObject_GenericGetDict/SetDict getset, _PyObject_VisitManagedDict and
 * _PyObject_ClearManagedDict (the 3.12 names), descriptor precedence, many
 * attributes, subclasses, type-creation errors, and the same protocol on a
 * type with a classic __dictoffset__ member.
 */
#include "ctest.h"

#include <stddef.h>

#define T(tp) ((PyObject *)(tp))
#define RC(o) ((long long)Py_REFCNT(o))

static void show_bool(const char *label, int v)
{
    printf("%s: %d\n", label, v ? 1 : 0);
}

static void show_attr(const char *label, PyObject *o, const char *name)
{
    show_new(label, PyObject_GetAttrString(o, name));
}

static void show_flag(const char *label, PyObject *tp, unsigned long flag)
{
    show_bool(label, (PyType_GetFlags((PyTypeObject *)tp) & flag) != 0);
}

static int set_long(PyObject *o, const char *name, long v)
{
    PyObject *x = PyLong_FromLong(v);
    int r = PyObject_SetAttrString(o, name, x);
    Py_DECREF(x);
    return r;
}

/* visitproc that counts what it is shown */
static int visits, dict_visits, type_visits;

static int count_visit(PyObject *o, void *arg)
{
    visits++;
    if (PyDict_CheckExact(o))
        dict_visits++;
    if (PyType_Check(o))
        type_visits++;
    return 0;
}

static void show_visits(const char *label, PyObject *o, int through_traverse)
{
    int r;
    visits = dict_visits = type_visits = 0;
    if (through_traverse)
        r = Py_TYPE(o)->tp_traverse(o, count_visit, NULL);
    else
        r = _PyObject_VisitManagedDict(o, count_visit, NULL);
    printf("%s: ret=%d visits=%d dicts=%d types=%d\n", label, r, visits, dict_visits, type_visits);
}

/* ---- the managed type, with spec C.1's traverse/clear/dealloc ---------------- */

typedef struct {
    PyObject_HEAD
    long value;
} MDObject;

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

static int md_deallocs;

static void md_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    md_deallocs++;
    PyObject_GC_UnTrack(self);
    PyObject_ClearWeakRefs(self);
    _PyObject_ClearManagedDict(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyObject *dd_get(PyObject *self, void *closure)
{
    return PyUnicode_FromString("from data descriptor");
}

static int dd_set(PyObject *self, PyObject *v, void *closure)
{
    ((MDObject *)self)->value = v == NULL ? -100 : 100;
    return 0;
}

static PyMemberDef md_members[] = {
    {"value", Py_T_LONG, offsetof(MDObject, value), 0, NULL},
    {NULL},
};

static PyGetSetDef md_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {"dd", dd_get, dd_set, NULL, NULL},
    {"dd_ro", dd_get, NULL, NULL, NULL},
    {NULL},
};

static PyType_Slot md_slots[] = {
    {Py_tp_traverse, md_traverse},
    {Py_tp_clear, md_clear},
    {Py_tp_dealloc, md_dealloc},
    {Py_tp_members, md_members},
    {Py_tp_getset, md_getset},
    {0, NULL},
};

#define MD_FLAGS (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | \
                  Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF)

static PyType_Spec md_spec = {"probe.MD", sizeof(MDObject), 0, MD_FLAGS, md_slots};

/* the same without a __dict__ getset, and without a dealloc (the default
   subtype dealloc does the cleanup) */
static PyType_Slot bare_slots[] = {
    {Py_tp_traverse, md_traverse},
    {Py_tp_clear, md_clear},
    {0, NULL},
};

static PyType_Spec bare_spec = {"probe.Bare", sizeof(PyObject), 0, MD_FLAGS, bare_slots};

/* MANAGED_WEAKREF only */
static int plain_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot wr_slots[] = {
    {Py_tp_traverse, plain_traverse},
    {Py_tp_getset, md_getset},
    {0, NULL},
};

static PyType_Spec wr_spec = {"probe.WROnly", sizeof(PyObject), 0,
                              Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_WEAKREF, wr_slots};

/* subclass of MD made from a spec */
static PyType_Slot mdsub_slots[] = {{0, NULL}};
static PyType_Spec mdsub_spec = {"probe.MDSub", 0, 0, Py_TPFLAGS_DEFAULT, mdsub_slots};
/* HAVE_GC given again in the subclass spec: checked before traverse is
   inherited */
static PyType_Spec mdsub_gc_spec = {"probe.MDSubGC", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
                                    mdsub_slots};

/* classic layout: __dictoffset__ member */
typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *weaklist;
} ClassicObject;

static PyMemberDef classic_members[] = {
    {"__dictoffset__", Py_T_PYSSIZET, offsetof(ClassicObject, dict), Py_READONLY},
    {"__weaklistoffset__", Py_T_PYSSIZET, offsetof(ClassicObject, weaklist), Py_READONLY},
    {NULL},
};

static int classic_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(((ClassicObject *)self)->dict);
    return 0;
}

static int classic_clear(PyObject *self)
{
    Py_CLEAR(((ClassicObject *)self)->dict);
    return 0;
}

static void classic_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (((ClassicObject *)self)->weaklist != NULL)
        PyObject_ClearWeakRefs(self);
    Py_CLEAR(((ClassicObject *)self)->dict);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyGetSetDef classic_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {"dd", dd_get, dd_set, NULL, NULL},
    {NULL},
};

static PyType_Slot classic_slots[] = {
    {Py_tp_members, classic_members},
    {Py_tp_getset, classic_getset},
    {Py_tp_traverse, classic_traverse},
    {Py_tp_clear, classic_clear},
    {Py_tp_dealloc, classic_dealloc},
    {0, NULL},
};

static PyType_Spec classic_spec = {"probe.Classic", sizeof(ClassicObject), 0,
                                   Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, classic_slots};

static PyType_Slot classic_nodict_slots[] = {
    {Py_tp_members, classic_members},
    {Py_tp_traverse, classic_traverse},
    {Py_tp_clear, classic_clear},
    {Py_tp_dealloc, classic_dealloc},
    {0, NULL},
};

static PyType_Spec classic_nodict_spec = {"probe.ClassicNoDict", sizeof(ClassicObject), 0,
                                          Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, classic_nodict_slots};

/* type-creation errors */
typedef struct {
    PyObject_HEAD
    PyObject *dict;
} OffObject;

static PyMemberDef dictoff_members[] = {
    {"__dictoffset__", Py_T_PYSSIZET, offsetof(OffObject, dict), Py_READONLY},
    {NULL},
};
static PyMemberDef weakoff_members[] = {
    {"__weaklistoffset__", Py_T_PYSSIZET, offsetof(OffObject, dict), Py_READONLY},
    {NULL},
};
static PyType_Slot err_dict_slots[] = {{Py_tp_traverse, plain_traverse}, {Py_tp_members, dictoff_members}, {0, NULL}};
static PyType_Slot err_weak_slots[] = {{Py_tp_traverse, plain_traverse}, {Py_tp_members, weakoff_members}, {0, NULL}};
static PyType_Slot no_traverse_slots[] = {{0, NULL}};
static PyType_Spec err_dict_spec = {"probe.ErrDict", sizeof(OffObject), 0, MD_FLAGS, err_dict_slots};
static PyType_Spec err_weak_spec = {"probe.ErrWeak", sizeof(OffObject), 0, MD_FLAGS, err_weak_slots};
static PyType_Spec err_gc_spec = {"probe.ErrGC", sizeof(PyObject), 0, MD_FLAGS, no_traverse_slots};
static PyType_Spec nogc_spec = {"probe.MDNoGC", sizeof(PyObject), 0,
                                Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MANAGED_DICT, no_traverse_slots};

static PyObject *md_tp;

/* ---- tests ------------------------------------------------------------------- */

static void layout_tests(void)
{
    PyTypeObject *t = (PyTypeObject *)md_tp;

    show_int("Py_TPFLAGS_MANAGED_WEAKREF", Py_TPFLAGS_MANAGED_WEAKREF);
    show_int("Py_TPFLAGS_MANAGED_DICT", Py_TPFLAGS_MANAGED_DICT);
    show_int("Py_TPFLAGS_PREHEADER", Py_TPFLAGS_PREHEADER);
    show("MD", md_tp);
    show_flag("MD.MANAGED_DICT", md_tp, Py_TPFLAGS_MANAGED_DICT);
    show_flag("MD.MANAGED_WEAKREF", md_tp, Py_TPFLAGS_MANAGED_WEAKREF);
    show_flag("MD.HAVE_GC", md_tp, Py_TPFLAGS_HAVE_GC);
    show_int("MD.tp_dictoffset", (long long)t->tp_dictoffset);
    show_int("MD.tp_weaklistoffset", (long long)t->tp_weaklistoffset);
    show_int("MD.tp_basicsize", (long long)t->tp_basicsize);
    show_attr("MD.__dictoffset__", md_tp, "__dictoffset__");
    show_attr("MD.__weakrefoffset__", md_tp, "__weakrefoffset__");
    show_attr("MD.__basicsize__", md_tp, "__basicsize__");
    {
        PyObject *d = PyType_GetDict(t), *k;
        show_int("MD.__dict__ has __dict__", PyDict_Contains(d, k = PyUnicode_FromString("__dict__")));
        Py_DECREF(k);
        show_int("MD.__dict__ has __weakref__", PyDict_Contains(d, k = PyUnicode_FromString("__weakref__")));
        Py_DECREF(k);
        Py_DECREF(d);
    }
    {
        /* the type's own __dict__ (a mappingproxy), not the getset */
        PyObject *descr = PyObject_GetAttrString(md_tp, "__dict__");
        show("type(MD.__dict__)", T(Py_TYPE(descr)));
        Py_DECREF(descr);
    }
}

static void attribute_tests(void)
{
    PyObject *o = PyObject_CallObject(md_tp, NULL);
    PyObject *name, *v, *d, *d2;

    show_bool("MD() tracked", PyObject_GC_IsTracked(o));
    printf("MD().refcnt: %lld\n", RC(o));
    show_visits("MD() fresh VisitManagedDict", o, 0);
    show_visits("MD() fresh tp_traverse", o, 1);
    show_attr("MD().x missing", o, "x");
    show_int("MD().x = 1", set_long(o, "x", 1));
    v = PyUnicode_FromString("two");
    show_int("MD().y = 'two'", PyObject_SetAttrString(o, "y", v));
    Py_DECREF(v);
    show_attr("MD().x", o, "x");
    show_attr("MD().y", o, "y");
    show_int("HasAttrString(x)", PyObject_HasAttrString(o, "x"));
    show_int("HasAttrString(z)", PyObject_HasAttrString(o, "z"));
    show_visits("MD() values VisitManagedDict", o, 0);
    show_visits("MD() values tp_traverse", o, 1);

    /* the member never lands in the dict */
    show_int("MD().value = 7", set_long(o, "value", 7));
    show_attr("MD().value", o, "value");
    show_int("MD().value (C field)", ((MDObject *)o)->value);

    /* the generic functions directly */
    name = PyUnicode_InternFromString("g");
    v = PyLong_FromLong(99);
    show_int("GenericSetAttr(g, 99)", PyObject_GenericSetAttr(o, name, v));
    show_new("GenericGetAttr(g)", PyObject_GenericGetAttr(o, name));
    show_int("GenericSetAttr(g, NULL)", PyObject_GenericSetAttr(o, name, NULL));
    show_int("GenericSetAttr(g, NULL) again", PyObject_GenericSetAttr(o, name, NULL));
    show_new("GenericGetAttr(g) after delete", PyObject_GenericGetAttr(o, name));
    show_int("del MD().nosuch", PyObject_DelAttrString(o, "nosuch"));
    Py_DECREF(v);
    Py_DECREF(name);

    /* __dict__ materializes the dict */
    d = PyObject_GetAttrString(o, "__dict__");
    show("MD().__dict__", d);
    show_bool("MD().__dict__ is exact dict", PyDict_CheckExact(d));
    d2 = PyObject_GetAttrString(o, "__dict__");
    show_bool("__dict__ twice is the same object", Py_Is(d, d2));
    Py_DECREF(d2);
    d2 = PyObject_GenericGetDict(o, NULL);
    show_bool("GenericGetDict is the same object", Py_Is(d, d2));
    Py_DECREF(d2);
    show_visits("MD() dict VisitManagedDict", o, 0);
    show_visits("MD() dict tp_traverse", o, 1);
    show_int("MD().z = 3 after materialization", set_long(o, "z", 3));
    show("MD().__dict__ sees z", d);
    v = PyLong_FromLong(4);
    PyDict_SetItemString(d, "w", v);
    Py_DECREF(v);
    show_attr("MD().w (set through the dict)", o, "w");
    PyDict_DelItemString(d, "x");
    show_attr("MD().x after dict delete", o, "x");
    show_int("del MD().y", PyObject_DelAttrString(o, "y"));
    show("MD().__dict__ after del y", d);
    show_int("del MD().y again", PyObject_DelAttrString(o, "y"));

    /* __dict__ assignment */
    v = PyLong_FromLong(1);
    show_int("MD().__dict__ = 1", PyObject_SetAttrString(o, "__dict__", v));
    Py_DECREF(v);
    show_int("del MD().__dict__", PyObject_DelAttrString(o, "__dict__"));
    {
        PyObject *nd = Py_BuildValue("{s:i,s:s}", "p", 10, "q", "qq");
        long long before = RC(nd);
        show_int("MD().__dict__ = {'p': 10, 'q': 'qq'}", PyObject_SetAttrString(o, "__dict__", nd));
        printf("assigned dict.refcnt_delta: %lld\n", RC(nd) - before);
        show_attr("MD().p", o, "p");
        show_attr("MD().z (old attribute)", o, "z");
        d2 = PyObject_GetAttrString(o, "__dict__");
        show_bool("__dict__ is the assigned dict", Py_Is(d2, nd));
        Py_DECREF(d2);
        show_int("MD().r = 5", set_long(o, "r", 5));
        show("assigned dict after r = 5", nd);
        show("old dict is untouched", d);
        v = PyDict_New();
        show_int("GenericSetDict(o, {})", PyObject_GenericSetDict(o, v, NULL));
        Py_DECREF(v);
        printf("replaced dict.refcnt_delta: %lld\n", RC(nd) - before);
        show_attr("MD().p after GenericSetDict({})", o, "p");
        Py_DECREF(nd);
    }
    v = PyLong_FromLong(1);
    show_int("GenericSetDict(o, 1)", PyObject_GenericSetDict(o, v, NULL));
    show_int("GenericSetDict(o, NULL)", PyObject_GenericSetDict(o, NULL, NULL));
    Py_DECREF(v);
    {
        PyObject *nd = PyDict_New();
        PyObject_GenericSetDict(o, nd, NULL);
        d2 = PyObject_GenericGetDict(o, NULL);
        show_bool("GenericGetDict after GenericSetDict is that dict", Py_Is(d2, nd));
        Py_DECREF(d2);
        Py_DECREF(nd);
    }
    Py_DECREF(d);
    md_deallocs = 0;
    Py_DECREF(o);
    show_int("MD() dealloc calls", md_deallocs);
}

static void insertion_order_tests(void)
{
    PyObject *a = PyObject_CallObject(md_tp, NULL);
    PyObject *b = PyObject_CallObject(md_tp, NULL);

    set_long(a, "first", 1);
    set_long(a, "second", 2);
    set_long(b, "second", 2);
    set_long(b, "first", 1);
    set_long(b, "third", 3);
    PyObject_DelAttrString(a, "first");
    set_long(a, "first", 11);
    show_attr("a.__dict__ (first, second, del first, first)", a, "__dict__");
    show_attr("b.__dict__ (second, first, third)", b, "__dict__");
    Py_DECREF(a);
    Py_DECREF(b);
}

static void clear_tests(void)
{
    PyObject *o = PyObject_CallObject(md_tp, NULL);
    PyObject *v = PyFloat_FromDouble(1.5);
    PyObject *d;
    long long before = RC(v);

    PyObject_SetAttrString(o, "f", v);
    set_long(o, "n", 2);
    printf("value held.refcnt_delta: %lld\n", RC(v) - before);
    _PyObject_ClearManagedDict(o);
    printf("ClearManagedDict (values).refcnt_delta: %lld\n", RC(v) - before);
    show_attr("MD().f after ClearManagedDict", o, "f");
    show_visits("after ClearManagedDict VisitManagedDict", o, 0);
    d = PyObject_GetAttrString(o, "__dict__");
    show("MD().__dict__ after ClearManagedDict", d);
    show_int("MD().f = 1.5 again", PyObject_SetAttrString(o, "f", v));
    show_attr("MD().f", o, "f");
    show("old __dict__ after set", d);
    Py_DECREF(d);
    show_attr("MD().__dict__", o, "__dict__");

    /* clear with a materialized dict */
    d = PyObject_GetAttrString(o, "__dict__");
    printf("value held (dict).refcnt_delta: %lld\n", RC(v) - before);
    _PyObject_ClearManagedDict(o);
    printf("ClearManagedDict (dict, still referenced).refcnt_delta: %lld\n", RC(v) - before);
    show("dict kept by the caller after ClearManagedDict", d);
    show_attr("MD().f after ClearManagedDict", o, "f");
    show_attr("MD().__dict__ after second ClearManagedDict", o, "__dict__");
    show_int("MD().k = 1", set_long(o, "k", 1));
    show_attr("MD().__dict__", o, "__dict__");
    Py_DECREF(d);
    printf("caller dropped dict.refcnt_delta: %lld\n", RC(v) - before);

    /* tp_clear (the recipe) */
    PyObject_SetAttrString(o, "f", v);
    Py_TYPE(o)->tp_clear(o);
    printf("tp_clear.refcnt_delta: %lld\n", RC(v) - before);
    show_attr("MD().k after tp_clear", o, "k");

    /* dealloc releases the values */
    PyObject_SetAttrString(o, "f", v);
    printf("before dealloc.refcnt_delta: %lld\n", RC(v) - before);
    Py_DECREF(o);
    printf("after dealloc.refcnt_delta: %lld\n", RC(v) - before);
    Py_DECREF(v);
}

static void descriptor_tests(void)
{
    PyObject *o = PyObject_CallObject(md_tp, NULL);
    PyObject *d, *v;

    /* data descriptors win over the instance dict */
    d = PyObject_GetAttrString(o, "__dict__");
    v = PyUnicode_FromString("from instance dict");
    PyDict_SetItemString(d, "dd", v);
    PyDict_SetItemString(d, "dd_ro", v);
    PyDict_SetItemString(d, "value", v);
    PyDict_SetItemString(d, "cls_attr", v);
    PyDict_SetItemString(d, "__repr__", v);
    Py_DECREF(v);
    show_attr("getset dd (dict has dd)", o, "dd");
    show_attr("getset dd_ro (dict has dd_ro)", o, "dd_ro");
    show_attr("member value (dict has value)", o, "value");
    show_int("o.dd = 1 goes to the setter", set_long(o, "dd", 1));
    show_int("  value field", ((MDObject *)o)->value);
    show_int("del o.dd goes to the setter", PyObject_DelAttrString(o, "dd"));
    show_int("  value field", ((MDObject *)o)->value);
    show_int("o.dd_ro = 1", set_long(o, "dd_ro", 1));
    show("dict after data-descriptor writes", d);

    /* plain class attribute: the instance dict wins */
    show_int("MD.cls_attr = 5", set_long(md_tp, "cls_attr", 5));
    show_attr("o.cls_attr (dict has cls_attr)", o, "cls_attr");
    PyDict_DelItemString(d, "cls_attr");
    show_attr("o.cls_attr (class attribute)", o, "cls_attr");
    show_int("o.cls_attr = 6", set_long(o, "cls_attr", 6));
    show_attr("o.cls_attr", o, "cls_attr");
    show_attr("MD.cls_attr", md_tp, "cls_attr");
    show_int("del o.cls_attr", PyObject_DelAttrString(o, "cls_attr"));
    show_attr("o.cls_attr after del", o, "cls_attr");
    show_int("del o.cls_attr again (class attr stays)", PyObject_DelAttrString(o, "cls_attr"));
    show_int("del MD.cls_attr", PyObject_DelAttrString(md_tp, "cls_attr"));

    /* non-data descriptor (a slot wrapper): the instance dict wins for
       attribute access, the slot still serves repr() */
    show_attr("o.__repr__ (dict has __repr__)", o, "__repr__");
    {
        PyObject *r = PyObject_Repr(o);
        show_bool("repr(o) still from the slot", r && PyUnicode_Check(r) && PyUnicode_GetLength(r) > 10);
        Py_XDECREF(r);
    }
    PyDict_DelItemString(d, "__repr__");
    v = PyObject_GetAttrString(o, "__repr__");
    show("type(o.__repr__) without dict entry", T(Py_TYPE(v)));
    Py_DECREF(v);
    Py_DECREF(d);
    Py_DECREF(o);
}

static void many_attributes_tests(void)
{
    PyObject *o = PyObject_CallObject(md_tp, NULL);
    PyObject *d, *k;
    int i, ok = 1;
    char name[16];

    for (i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "a%d", i);
        if (set_long(o, name, i * 3) < 0)
            ok = 0;
    }
    show_bool("40 attributes set", ok);
    ok = 1;
    for (i = 0; i < 40; i++) {
        PyObject *v;
        snprintf(name, sizeof name, "a%d", i);
        v = PyObject_GetAttrString(o, name);
        if (v == NULL || PyLong_AsLong(v) != i * 3)
            ok = 0;
        Py_XDECREF(v);
    }
    show_bool("40 attributes read back", ok);
    show_attr("MD().a0", o, "a0");
    show_attr("MD().a39", o, "a39");
    /* no VisitManagedDict count here: whether 40 attributes still fit the
       values layout is CPython's heuristic (spec F.5) */
    d = PyObject_GetAttrString(o, "__dict__");
    show_int("len(__dict__)", (long long)PyDict_Size(d));
    k = PyDict_Keys(d);
    show("__dict__ keys", k);
    Py_DECREF(k);
    show_int("del MD().a20", PyObject_DelAttrString(o, "a20"));
    show_int("len(__dict__) after del", (long long)PyDict_Size(d));
    show_attr("MD().a20 after del", o, "a20");
    Py_DECREF(d);
    Py_DECREF(o);

    /* a second instance, attributes in a new order, then 35 of them */
    o = PyObject_CallObject(md_tp, NULL);
    for (i = 34; i >= 0; i--) {
        snprintf(name, sizeof name, "b%d", i);
        set_long(o, name, i);
    }
    show_attr("second instance b0", o, "b0");
    show_attr("second instance a0 (not set)", o, "a0");
    d = PyObject_GetAttrString(o, "__dict__");
    show_int("second instance len(__dict__)", (long long)PyDict_Size(d));
    k = PyDict_Keys(d);
    show("second instance keys", k);
    Py_DECREF(k);
    Py_DECREF(d);
    Py_DECREF(o);
}

static void bare_tests(void)
{
    PyObject *bare = PyType_FromSpec(&bare_spec);
    PyObject *o, *v;
    long long before;

    show("Bare", bare);
    show_int("Bare.tp_basicsize", (long long)((PyTypeObject *)bare)->tp_basicsize);
    show_attr("Bare.__dictoffset__", bare, "__dictoffset__");
    show_attr("Bare.__weakrefoffset__", bare, "__weakrefoffset__");
    o = PyObject_CallObject(bare, NULL);
    show_attr("Bare().__dict__", o, "__dict__");
    show_int("Bare().x = 1 (works without __dict__)", set_long(o, "x", 1));
    show_attr("Bare().x", o, "x");
    v = PyObject_GenericGetDict(o, NULL);
    show("GenericGetDict(Bare())", v);
    Py_XDECREF(v);
    /* the default dealloc releases values and the type */
    v = PyFloat_FromDouble(2.5);
    PyObject_SetAttrString(o, "f", v);
    before = RC(v);
    {
        long long tbefore = RC(bare);
        Py_DECREF(o);
        printf("Bare() default dealloc.value_refcnt_delta: %lld\n", RC(v) - before);
        printf("Bare() default dealloc.type_refcnt_delta: %lld\n", RC(bare) - tbefore);
    }
    Py_DECREF(v);
    Py_DECREF(bare);
}

static void weakref_only_tests(void)
{
    PyObject *wr = PyType_FromSpec(&wr_spec);
    PyObject *o, *v;

    show("WROnly", wr);
    show_int("WROnly.tp_dictoffset", (long long)((PyTypeObject *)wr)->tp_dictoffset);
    show_int("WROnly.tp_weaklistoffset", (long long)((PyTypeObject *)wr)->tp_weaklistoffset);
    show_flag("WROnly.MANAGED_DICT", wr, Py_TPFLAGS_MANAGED_DICT);
    o = PyObject_CallObject(wr, NULL);
    show_int("WROnly().x = 1", set_long(o, "x", 1));
    show_attr("WROnly().x", o, "x");
    show_attr("WROnly().__dict__", o, "__dict__");
    show_new("GenericGetDict(WROnly())", PyObject_GenericGetDict(o, NULL));
    v = PyDict_New();
    show_int("GenericSetDict(WROnly(), {})", PyObject_GenericSetDict(o, v, NULL));
    Py_DECREF(v);
    show_visits("WROnly() VisitManagedDict", o, 0);
    _PyObject_ClearManagedDict(o);
    show_bool("WROnly() ClearManagedDict no-op", PyErr_Occurred() == NULL);
    Py_DECREF(o);
    Py_DECREF(wr);
}

static void subclass_tests(void)
{
    PyObject *sub, *o, *d;

    show_new("MDSubGC (HAVE_GC in the spec, no traverse)", PyType_FromSpecWithBases(&mdsub_gc_spec, md_tp));
    sub = PyType_FromSpecWithBases(&mdsub_spec, md_tp);
    show("MDSub", sub);
    if (sub == NULL)
        return;
    show_flag("MDSub.MANAGED_DICT", sub, Py_TPFLAGS_MANAGED_DICT);
    show_flag("MDSub.MANAGED_WEAKREF", sub, Py_TPFLAGS_MANAGED_WEAKREF);
    show_flag("MDSub.HAVE_GC", sub, Py_TPFLAGS_HAVE_GC);
    show_int("MDSub.tp_basicsize", (long long)((PyTypeObject *)sub)->tp_basicsize);
    show_int("MDSub.tp_dictoffset", (long long)((PyTypeObject *)sub)->tp_dictoffset);
    show_int("MDSub.tp_weaklistoffset", (long long)((PyTypeObject *)sub)->tp_weaklistoffset);
    o = PyObject_CallObject(sub, NULL);
    show_int("MDSub().x = 1", set_long(o, "x", 1));
    show_int("MDSub().value = 2", set_long(o, "value", 2));
    show_attr("MDSub().x", o, "x");
    show_attr("MDSub().missing", o, "missing");
    show_visits("MDSub() VisitManagedDict", o, 0);
    d = PyObject_GetAttrString(o, "__dict__");
    show("MDSub().__dict__", d);
    Py_XDECREF(d);
    md_deallocs = 0;
    Py_DECREF(o);
    show_int("MDSub() dealloc through MD's dealloc", md_deallocs);
    Py_DECREF(sub);
}

static void classic_tests(void)
{
    PyObject *tp = PyType_FromSpec(&classic_spec);
    PyObject *nd = PyType_FromSpec(&classic_nodict_spec);
    PyObject *o, *d, *d2, *v;

    show("Classic", tp);
    show_int("Classic.tp_dictoffset", (long long)((PyTypeObject *)tp)->tp_dictoffset);
    show_int("Classic.tp_weaklistoffset", (long long)((PyTypeObject *)tp)->tp_weaklistoffset);
    show_attr("Classic.__dictoffset__", tp, "__dictoffset__");
    show_attr("Classic.__weakrefoffset__", tp, "__weakrefoffset__");
    show_flag("Classic.MANAGED_DICT", tp, Py_TPFLAGS_MANAGED_DICT);
    o = PyObject_CallObject(tp, NULL);
    show_attr("Classic().x missing", o, "x");
    show_int("Classic().x = 1", set_long(o, "x", 1));
    show_bool("Classic() dict slot set after setattr", ((ClassicObject *)o)->dict != NULL);
    show_attr("Classic().x", o, "x");
    show_visits("Classic() VisitManagedDict (not managed)", o, 0);
    d = PyObject_GetAttrString(o, "__dict__");
    show("Classic().__dict__", d);
    show_bool("Classic().__dict__ is the dict slot", Py_Is(d, ((ClassicObject *)o)->dict));
    d2 = PyObject_GenericGetDict(o, NULL);
    show_bool("GenericGetDict is the same", Py_Is(d, d2));
    Py_DECREF(d2);
    v = PyLong_FromLong(4);
    PyDict_SetItemString(d, "w", v);
    Py_DECREF(v);
    show_attr("Classic().w (through the dict)", o, "w");
    PyDict_SetItemString(d, "dd", Py_None);
    show_attr("Classic().dd (data descriptor wins)", o, "dd");
    show_int("del Classic().x", PyObject_DelAttrString(o, "x"));
    show_int("del Classic().x again", PyObject_DelAttrString(o, "x"));
    v = PyLong_FromLong(1);
    show_int("Classic().__dict__ = 1", PyObject_SetAttrString(o, "__dict__", v));
    Py_DECREF(v);
    show_int("del Classic().__dict__", PyObject_DelAttrString(o, "__dict__"));
    v = Py_BuildValue("{s:i}", "p", 1);
    show_int("Classic().__dict__ = {'p': 1}", PyObject_SetAttrString(o, "__dict__", v));
    show_attr("Classic().p", o, "p");
    show_attr("Classic().w (old)", o, "w");
    show_bool("dict slot is the assigned dict", Py_Is(v, ((ClassicObject *)o)->dict));
    Py_DECREF(v);
    _PyObject_ClearManagedDict(o);
    show_attr("Classic().p after ClearManagedDict (not managed: no-op)", o, "p");
    Py_DECREF(d);
    Py_DECREF(o);

    o = PyObject_CallObject(nd, NULL);
    show_attr("ClassicNoDict().__dict__", o, "__dict__");
    show_int("ClassicNoDict().x = 1", set_long(o, "x", 1));
    show_attr("ClassicNoDict().x", o, "x");
    d = PyObject_GenericGetDict(o, NULL);
    show("GenericGetDict(ClassicNoDict())", d);
    Py_XDECREF(d);
    Py_DECREF(o);
    Py_DECREF(nd);
    Py_DECREF(tp);
}

static void no_dict_tests(void)
{
    /* an object with no dict at all */
    PyObject *o = PyLong_FromLong(12345);
    PyObject *v = PyDict_New();
    show_new("GenericGetDict(int)", PyObject_GenericGetDict(o, NULL));
    show_int("GenericSetDict(int, {})", PyObject_GenericSetDict(o, v, NULL));
    show_int("int.x = 1", set_long(o, "x", 1));
    show_visits("VisitManagedDict(int)", o, 0);
    Py_DECREF(v);
    Py_DECREF(o);
}

static void creation_error_tests(void)
{
    PyObject *t;
    show_new("MANAGED_DICT + __dictoffset__", PyType_FromSpec(&err_dict_spec));
    show_new("MANAGED_WEAKREF + __weaklistoffset__", PyType_FromSpec(&err_weak_spec));
    show_new("HAVE_GC without traverse", PyType_FromSpec(&err_gc_spec));
    /* accepted by 3.12; never instantiated here (unsafe in CPython) */
    t = PyType_FromSpec(&nogc_spec);
    show("MANAGED_DICT without HAVE_GC (type only)", t);
    if (t != NULL) {
        show_int("  tp_dictoffset", (long long)((PyTypeObject *)t)->tp_dictoffset);
        show_flag("  HAVE_GC", t, Py_TPFLAGS_HAVE_GC);
    }
    Py_XDECREF(t);
}

int main(void)
{
    Py_Initialize();
    md_tp = PyType_FromSpec(&md_spec);
    CHECK(md_tp != NULL);
    layout_tests();
    attribute_tests();
    insertion_order_tests();
    clear_tests();
    descriptor_tests();
    many_attributes_tests();
    bare_tests();
    weakref_only_tests();
    subclass_tests();
    classic_tests();
    no_dict_tests();
    creation_error_tests();
    Py_DECREF(md_tp);
    return ctest_finish();
}
