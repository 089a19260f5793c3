/*
 * weakref.c -- PyWeakref_NewRef / NewProxy / GetObject, the weakref types,
 * callbacks on death and their order, sharing of basic refs and proxies,
 * the TypeError for objects that cannot be weakly referenced, managed
 * (MANAGED_WEAKREF) and classic (__weaklistoffset__) layouts,
 * PyObject_ClearWeakRefs from a custom dealloc, calling refs, proxies.
 *
 * Callbacks are instances of a heap type with tp_call: they print which
 * reference they were given and whether its referent is already gone.
 * Reprs of weakrefs and proxies contain addresses, so only their types are
 * shown.
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

static void show_type(const char *label, PyObject *o)
{
    if (o == NULL)
        show(label, NULL);
    else
        show(label, T(Py_TYPE(o)));
}

/* ---- named references, so callbacks can say which one they got ---------------- */

#define NREFS 16
static PyObject *named[NREFS];
static const char *names[NREFS];

static void name_ref(PyObject *r, const char *n)
{
    int i;
    for (i = 0; i < NREFS; i++)
        if (named[i] == NULL || named[i] == r) {
            named[i] = r;
            names[i] = n;
            return;
        }
}

static const char *ref_name(PyObject *r)
{
    int i;
    for (i = 0; i < NREFS; i++)
        if (named[i] == r)
            return names[i];
    return "?";
}

static void forget_refs(void)
{
    int i;
    for (i = 0; i < NREFS; i++)
        named[i] = NULL;
}

/* ---- the callback type ----------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    const char *label;
    int raise;
} CallbackObject;

static PyObject *callback_call(PyObject *self, PyObject *args, PyObject *kw)
{
    CallbackObject *cb = (CallbackObject *)self;
    PyObject *ref = PyTuple_GET_SIZE(args) == 1 ? PyTuple_GET_ITEM(args, 0) : NULL;
    printf("  callback %s: nargs=%zd arg=%s referent_is_None=%d\n", cb->label, PyTuple_GET_SIZE(args),
           ref ? ref_name(ref) : "-", ref ? Py_IsNone(PyWeakref_GetObject(ref)) : -1);
    if (cb->raise) {
        PyErr_SetString(PyExc_RuntimeError, "callback failed");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyType_Slot callback_slots[] = {{Py_tp_call, callback_call}, {0, NULL}};
static PyType_Spec callback_spec = {"wr.Callback", sizeof(CallbackObject), 0, Py_TPFLAGS_DEFAULT,
                                    callback_slots};
static PyObject *callback_tp;

static PyObject *make_cb(const char *label, int raise)
{
    CallbackObject *cb = (CallbackObject *)PyObject_CallObject(callback_tp, NULL);
    cb->label = label;
    cb->raise = raise;
    return (PyObject *)cb;
}

/* ---- referent types ---------------------------------------------------------------- */

/* MANAGED_WEAKREF | MANAGED_DICT | HAVE_GC with the spec C.1 dealloc */
typedef struct {
    PyObject_HEAD
    long value;
} ManagedObject;

static int managed_deallocs;

static int managed_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return _PyObject_VisitManagedDict(self, visit, arg);
}

static int managed_clear(PyObject *self)
{
    _PyObject_ClearManagedDict(self);
    return 0;
}

static void managed_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    printf("  dealloc %s: start\n", tp->tp_name);
    managed_deallocs++;
    PyObject_GC_UnTrack(self);
    PyObject_ClearWeakRefs(self);
    printf("  dealloc %s: weakrefs cleared\n", tp->tp_name);
    _PyObject_ClearManagedDict(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyMemberDef managed_members[] = {
    {"value", Py_T_LONG, offsetof(ManagedObject, value), 0, NULL},
    {NULL},
};

static PyObject *managed_str(PyObject *self)
{
    return PyUnicode_FromFormat("Managed(%ld)", ((ManagedObject *)self)->value);
}

static PyObject *managed_richcompare(PyObject *a, PyObject *b, int op)
{
    if (op != Py_EQ || Py_TYPE(a) != Py_TYPE(b))
        Py_RETURN_NOTIMPLEMENTED;
    return PyBool_FromLong(((ManagedObject *)a)->value == ((ManagedObject *)b)->value);
}

static Py_hash_t managed_hash(PyObject *self)
{
    return 1000 + ((ManagedObject *)self)->value;
}

static PyType_Slot managed_slots[] = {
    {Py_tp_traverse, managed_traverse},
    {Py_tp_clear, managed_clear},
    {Py_tp_dealloc, managed_dealloc},
    {Py_tp_members, managed_members},
    {Py_tp_str, managed_str},
    {Py_tp_richcompare, managed_richcompare},
    {Py_tp_hash, managed_hash},
    {0, NULL},
};

static PyType_Spec managed_spec = {"wr.Managed", sizeof(ManagedObject), 0,
                                   Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_DICT |
                                       Py_TPFLAGS_MANAGED_WEAKREF,
                                   managed_slots};

/* MANAGED_WEAKREF | HAVE_GC, callable, default dealloc */
static PyObject *callme_call(PyObject *self, PyObject *args, PyObject *kw)
{
    return Py_BuildValue("(sO)", "callme called with", args);
}

static int plain_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot callme_slots[] = {
    {Py_tp_call, callme_call},
    {Py_tp_traverse, plain_traverse},
    {0, NULL},
};

static PyType_Spec callme_spec = {"wr.CallMe", sizeof(PyObject), 0,
                                  Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_WEAKREF,
                                  callme_slots};

/* classic layout: __weaklistoffset__ member, dealloc clears weakrefs */
typedef struct {
    PyObject_HEAD
    PyObject *weaklist;
    long value;
} ClassicObject;

static PyMemberDef classic_members[] = {
    {"__weaklistoffset__", Py_T_PYSSIZET, offsetof(ClassicObject, weaklist), Py_READONLY},
    {"value", Py_T_LONG, offsetof(ClassicObject, value), 0, NULL},
    {NULL},
};

static void classic_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    printf("  dealloc %s: weaklist %s\n", tp->tp_name,
           ((ClassicObject *)self)->weaklist ? "non-NULL" : "NULL");
    if (((ClassicObject *)self)->weaklist != NULL)
        PyObject_ClearWeakRefs(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot classic_slots[] = {
    {Py_tp_members, classic_members},
    {Py_tp_dealloc, classic_dealloc},
    {0, NULL},
};

static PyType_Spec classic_spec = {"wr.Classic", sizeof(ClassicObject), 0, Py_TPFLAGS_DEFAULT, classic_slots};

/* no weakref support */
static PyType_Slot plain_slots[] = {{0, NULL}};
static PyType_Spec plain_spec = {"wr.Plain", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};
/* MANAGED_DICT only: still no weakrefs */
static PyType_Slot dictonly_slots[] = {{Py_tp_traverse, managed_traverse}, {Py_tp_clear, managed_clear}, {0, NULL}};
static PyType_Spec dictonly_spec = {"wr.DictOnly", sizeof(PyObject), 0,
                                    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_DICT,
                                    dictonly_slots};

static PyObject *managed_tp, *callme_tp, *classic_tp;

static PyObject *new_managed(long v)
{
    PyObject *o = PyObject_CallObject(managed_tp, NULL);
    ((ManagedObject *)o)->value = v;
    return o;
}

/* ---- tests --------------------------------------------------------------------------- */

static void type_tests(void)
{
    show("_PyWeakref_RefType", T(&_PyWeakref_RefType));
    show("_PyWeakref_ProxyType", T(&_PyWeakref_ProxyType));
    show("_PyWeakref_CallableProxyType", T(&_PyWeakref_CallableProxyType));
    show_attr("ReferenceType.__name__", T(&_PyWeakref_RefType), "__name__");
    show_attr("ReferenceType.__module__", T(&_PyWeakref_RefType), "__module__");
    show_bool("ReferenceType BASETYPE", PyType_GetFlags(&_PyWeakref_RefType) & Py_TPFLAGS_BASETYPE);
    show_bool("ProxyType BASETYPE", PyType_GetFlags(&_PyWeakref_ProxyType) & Py_TPFLAGS_BASETYPE);
    show_bool("ReferenceType HAVE_GC", PyType_GetFlags(&_PyWeakref_RefType) & Py_TPFLAGS_HAVE_GC);
}

static void basic_tests(void)
{
    PyObject *o = new_managed(1);
    PyObject *r1, *r2, *r3, *p1, *p2, *v;
    long long before = RC(o), rbefore;

    r1 = PyWeakref_NewRef(o, NULL);
    show_type("NewRef(o, NULL) type", r1);
    show_bool("type is _PyWeakref_RefType", Py_TYPE(r1) == &_PyWeakref_RefType);
    printf("NewRef.referent_refcnt_delta: %lld\n", RC(o) - before);
    printf("NewRef.refcnt: %lld\n", RC(r1));
    show_bool("PyWeakref_CheckRef(ref)", PyWeakref_CheckRef(r1));
    show_bool("PyWeakref_CheckRefExact(ref)", PyWeakref_CheckRefExact(r1));
    show_bool("PyWeakref_CheckProxy(ref)", PyWeakref_CheckProxy(r1));
    show_bool("PyWeakref_Check(ref)", PyWeakref_Check(r1));
    show_bool("PyWeakref_Check(o)", PyWeakref_Check(o));

    rbefore = RC(r1);
    r2 = PyWeakref_NewRef(o, NULL);
    show_bool("NewRef(o, NULL) twice is the same ref", Py_Is(r1, r2));
    printf("NewRef twice.ref_refcnt_delta: %lld\n", RC(r1) - rbefore);
    r3 = PyWeakref_NewRef(o, Py_None);
    show_bool("NewRef(o, None) is the same ref", Py_Is(r1, r3));
    Py_DECREF(r2);
    Py_DECREF(r3);

    v = PyWeakref_GetObject(r1);
    show_bool("GetObject is the referent", Py_Is(v, o));
    printf("GetObject.referent_refcnt_delta (borrowed): %lld\n", RC(o) - before);
    v = PyObject_CallObject(r1, NULL);
    show_bool("ref() is the referent", Py_Is(v, o));
    printf("ref().referent_refcnt_delta (new reference): %lld\n", RC(o) - before);
    Py_DECREF(v);
    {
        PyObject *args = Py_BuildValue("(i)", 1);
        show_new("ref(1)", PyObject_CallObject(r1, args));
        Py_DECREF(args);
    }
    show_bool("hash(ref) == hash(o)", PyObject_Hash(r1) == PyObject_Hash(o));
    show_int("hash(ref)", (long long)PyObject_Hash(r1));
    show_new("ref.__callback__", PyObject_GetAttrString(r1, "__callback__"));

    /* proxies */
    p1 = PyWeakref_NewProxy(o, NULL);
    show_type("NewProxy(o, NULL) type", p1);
    show_bool("type is _PyWeakref_ProxyType", Py_TYPE(p1) == &_PyWeakref_ProxyType);
    show_bool("PyWeakref_CheckProxy(proxy)", PyWeakref_CheckProxy(p1));
    show_bool("PyWeakref_CheckRef(proxy)", PyWeakref_CheckRef(p1));
    show_bool("PyWeakref_Check(proxy)", PyWeakref_Check(p1));
    p2 = PyWeakref_NewProxy(o, NULL);
    show_bool("NewProxy(o, NULL) twice is the same proxy", Py_Is(p1, p2));
    Py_DECREF(p2);
    p2 = PyWeakref_NewProxy(o, Py_None);
    show_bool("NewProxy(o, None) is the same proxy", Py_Is(p1, p2));
    Py_DECREF(p2);
    show_bool("proxy is not the ref", !Py_Is(p1, r1));
    show_bool("GetObject(proxy) is the referent", Py_Is(PyWeakref_GetObject(p1), o));
    printf("refs and proxies.referent_refcnt_delta: %lld\n", RC(o) - before);

    /* attribute access is forwarded */
    show_attr("proxy.value", p1, "value");
    v = PyLong_FromLong(42);
    show_int("proxy.value = 42", PyObject_SetAttrString(p1, "value", v));
    show_int("proxy.extra = 42", PyObject_SetAttrString(p1, "extra", v));
    Py_DECREF(v);
    show_attr("o.value", o, "value");
    show_attr("o.extra", o, "extra");
    show_attr("proxy.extra", p1, "extra");
    show_int("del proxy.extra", PyObject_DelAttrString(p1, "extra"));
    show_attr("o.extra after del", o, "extra");
    show_attr("proxy.missing", p1, "missing");
    show_str_new("str(proxy)", PyObject_Str(p1));
    show_int("hash(proxy)", (long long)PyObject_Hash(p1));
    show_int("proxy == o", PyObject_RichCompareBool(p1, o, Py_EQ));
    show_int("bool(proxy)", PyObject_IsTrue(p1));
    show_bool("proxy callable", PyCallable_Check(p1));
    show_new("proxy()", PyObject_CallObject(p1, NULL));
    show_new("type(proxy.__class__)", PyObject_GetAttrString(p1, "__class__"));

    /* weakref comparison while alive: by referent */
    {
        PyObject *o2 = new_managed(42);
        PyObject *r4 = PyWeakref_NewRef(o2, NULL);
        show_int("ref(o) == ref(o2) (equal referents)", PyObject_RichCompareBool(r1, r4, Py_EQ));
        Py_DECREF(o2);
        show_int("ref(o) == dead ref", PyObject_RichCompareBool(r1, r4, Py_EQ));
        show_int("dead ref == itself", PyObject_RichCompareBool(r4, r4, Py_EQ));
        show_int("hash(dead ref never hashed)", (long long)PyObject_Hash(r4));
        Py_DECREF(r4);
    }

    /* the referent dies: refs and proxies go dead */
    v = PyObject_CallObject(r1, NULL);
    Py_DECREF(v);
    Py_DECREF(o);
    v = PyWeakref_GetObject(r1);
    show("GetObject(dead ref)", v);
    show_new("dead ref()", PyObject_CallObject(r1, NULL));
    show_int("hash(dead ref, hashed while alive)", (long long)PyObject_Hash(r1));
    show("GetObject(dead proxy)", PyWeakref_GetObject(p1));
    show_attr("dead proxy.value", p1, "value");
    v = PyLong_FromLong(1);
    show_int("dead proxy.value = 1", PyObject_SetAttrString(p1, "value", v));
    Py_DECREF(v);
    show_str_new("str(dead proxy)", PyObject_Str(p1));
    show_int("bool(dead proxy)", PyObject_IsTrue(p1));
    show_int("dead proxy == None", PyObject_RichCompareBool(p1, Py_None, Py_EQ));
    show_bool("CheckRef(dead ref)", PyWeakref_CheckRef(r1));
    Py_DECREF(r1);
    Py_DECREF(p1);
}

static void callable_proxy_tests(void)
{
    PyObject *o = PyObject_CallObject(callme_tp, NULL);
    PyObject *p = PyWeakref_NewProxy(o, NULL), *args;

    show_type("NewProxy(callable) type", p);
    show_bool("type is _PyWeakref_CallableProxyType", Py_TYPE(p) == &_PyWeakref_CallableProxyType);
    show_bool("PyWeakref_CheckProxy(callable proxy)", PyWeakref_CheckProxy(p));
    show_bool("callable proxy is callable", PyCallable_Check(p));
    args = Py_BuildValue("(ii)", 1, 2);
    show_new("callable proxy(1, 2)", PyObject_CallObject(p, args));
    {
        PyObject *kw = Py_BuildValue("{s:i}", "k", 3);
        show_new("callable proxy(1, 2, k=3)", PyObject_Call(p, args, kw));
        Py_DECREF(kw);
    }
    /* weakref to the callable: the ref type does not change */
    {
        PyObject *r = PyWeakref_NewRef(o, NULL);
        show_type("NewRef(callable) type", r);
        Py_DECREF(r);
    }
    Py_DECREF(o); /* default dealloc of a MANAGED_WEAKREF type */
    show_new("dead callable proxy(1, 2)", PyObject_CallObject(p, args));
    Py_DECREF(args);
    Py_DECREF(p);
}

static void callback_tests(void)
{
    PyObject *o = new_managed(7);
    PyObject *cb1 = make_cb("one", 0), *cb2 = make_cb("two", 0), *cb3 = make_cb("three", 0);
    PyObject *cbp = make_cb("proxy", 0), *cb5 = make_cb("dropped", 0);
    PyObject *basic, *bproxy, *r1, *r2, *p, *r3, *r4, *r5, *r1b;
    long long cb1_before = RC(cb1);

    basic = PyWeakref_NewRef(o, NULL);
    name_ref(basic, "basic");
    r1 = PyWeakref_NewRef(o, cb1);
    name_ref(r1, "r1(one)");
    printf("NewRef with callback.callback_refcnt_delta: %lld\n", RC(cb1) - cb1_before);
    r1b = PyWeakref_NewRef(o, cb1);
    name_ref(r1b, "r1b(one)");
    show_bool("NewRef(o, cb) twice gives distinct refs", !Py_Is(r1, r1b));
    Py_DECREF(r1b); /* dies before the referent: no callback */
    r2 = PyWeakref_NewRef(o, cb2);
    name_ref(r2, "r2(two)");
    show_bool("callback ref is not the basic ref", !Py_Is(r2, basic));
    show_bool("callback ref type", Py_TYPE(r2) == &_PyWeakref_RefType);
    show_bool("r2.__callback__ is cb2", Py_Is(PyObject_GetAttrString(r2, "__callback__"), cb2));
    Py_DECREF(cb2); /* the GetAttrString above */
    p = PyWeakref_NewProxy(o, cbp);
    name_ref(p, "proxy(proxy)");
    bproxy = PyWeakref_NewProxy(o, NULL);
    name_ref(bproxy, "basic proxy");
    show_bool("proxy with callback is not the basic proxy", !Py_Is(p, bproxy));
    r3 = PyWeakref_NewRef(o, cb3);
    name_ref(r3, "r3(three)");
    r4 = PyWeakref_NewRef(o, cb1);
    name_ref(r4, "r4(one again)");
    r5 = PyWeakref_NewRef(o, cb5);
    name_ref(r5, "r5(dropped)");
    Py_DECREF(r5);
    show_bool("basic ref still shared", Py_Is(basic, r5 = PyWeakref_NewRef(o, NULL)));
    Py_DECREF(r5);
    printf("4 callback refs (2 alive to cb1).callback_refcnt_delta: %lld\n", RC(cb1) - cb1_before);

    /* explicit ClearWeakRefs on a live object is rejected */
    PyObject_ClearWeakRefs(o);
    show_exc("ClearWeakRefs(live object)");
    show_bool("basic ref still alive", Py_Is(PyWeakref_GetObject(basic), o));

    printf("dropping the referent:\n");
    Py_DECREF(o);
    printf("dropped\n");
    CHECK_NOERR();
    show("GetObject(basic)", PyWeakref_GetObject(basic));
    show("GetObject(r1)", PyWeakref_GetObject(r1));
    show("GetObject(r4)", PyWeakref_GetObject(r4));
    show_new("r1.__callback__ after death", PyObject_GetAttrString(r1, "__callback__"));
    printf("after death.callback_refcnt_delta: %lld\n", RC(cb1) - cb1_before);

    Py_DECREF(basic);
    Py_DECREF(bproxy);
    Py_DECREF(r1);
    Py_DECREF(r2);
    Py_DECREF(p);
    Py_DECREF(r3);
    Py_DECREF(r4);
    Py_DECREF(cb1);
    Py_DECREF(cb2);
    Py_DECREF(cb3);
    Py_DECREF(cbp);
    Py_DECREF(cb5);
    forget_refs();
}

static void failing_callback_tests(void)
{
    PyObject *o = new_managed(8);
    PyObject *bad = make_cb("raises", 1), *good = make_cb("after", 0);
    PyObject *one = PyLong_FromLong(1);
    PyObject *r1, *r2, *r3;

    r1 = PyWeakref_NewRef(o, good);
    name_ref(r1, "r1(after)");
    r2 = PyWeakref_NewRef(o, bad);
    name_ref(r2, "r2(raises)");
    r3 = PyWeakref_NewRef(o, one);
    show_bool("NewRef with a non-callable callback", r3 != NULL);
    name_ref(r3, "r3(int)");
    printf("dropping the referent (errors go to the unraisable hook):\n");
    Py_DECREF(o);
    printf("dropped\n");
    show_exc("pending after failing callbacks");
    Py_DECREF(r1);
    Py_DECREF(r2);
    Py_DECREF(r3);
    Py_DECREF(bad);
    Py_DECREF(good);
    Py_DECREF(one);
    forget_refs();
}

static void ref_dies_first_tests(void)
{
    PyObject *o = new_managed(9);
    PyObject *cb = make_cb("never", 0);
    long long before = RC(cb);
    PyObject *r = PyWeakref_NewRef(o, cb);
    Py_DECREF(r);
    printf("ref dropped first.callback_refcnt_delta: %lld\n", RC(cb) - before);
    printf("dropping the referent (no callback expected):\n");
    Py_DECREF(o);
    printf("dropped\n");
    Py_DECREF(cb);
}

static void classic_tests(void)
{
    PyObject *o = PyObject_CallObject(classic_tp, NULL);
    PyObject *cb = make_cb("classic", 0);
    PyObject *r, *r2, *p;

    show_int("Classic.tp_weaklistoffset", (long long)((PyTypeObject *)classic_tp)->tp_weaklistoffset);
    show_attr("Classic.__weakrefoffset__", classic_tp, "__weakrefoffset__");
    show_bool("Classic() weaklist NULL before any ref", ((ClassicObject *)o)->weaklist == NULL);
    r = PyWeakref_NewRef(o, NULL);
    name_ref(r, "classic basic");
    show_type("NewRef(Classic()) type", r);
    show_bool("Classic() weaklist is the basic ref", ((ClassicObject *)o)->weaklist == r);
    r2 = PyWeakref_NewRef(o, cb);
    name_ref(r2, "classic r2");
    p = PyWeakref_NewProxy(o, NULL);
    show_bool("Classic() weaklist still starts with the basic ref", ((ClassicObject *)o)->weaklist == r);
    show_bool("GetObject(ref) is Classic()", Py_Is(PyWeakref_GetObject(r), o));
    show_attr("proxy.value", p, "value");
    printf("dropping Classic():\n");
    Py_DECREF(o);
    printf("dropped\n");
    show("GetObject(classic ref)", PyWeakref_GetObject(r));
    show_attr("dead classic proxy.value", p, "value");
    Py_DECREF(r);
    Py_DECREF(r2);
    Py_DECREF(p);
    Py_DECREF(cb);
    forget_refs();

    /* an instance that never had a weakref */
    o = PyObject_CallObject(classic_tp, NULL);
    printf("dropping Classic() without refs:\n");
    Py_DECREF(o);
}

static void managed_default_dealloc_tests(void)
{
    /* MANAGED_WEAKREF type without Py_tp_dealloc: subtype_dealloc clears */
    PyObject *o = PyObject_CallObject(callme_tp, NULL);
    PyObject *cb = make_cb("default dealloc", 0);
    PyObject *r = PyWeakref_NewRef(o, cb);
    long long before = RC(callme_tp);
    name_ref(r, "callme ref");
    printf("dropping CallMe():\n");
    Py_DECREF(o);
    printf("dropped\n");
    printf("CallMe() dropped.type_refcnt_delta: %lld\n", RC(callme_tp) - before);
    show("GetObject(callme ref)", PyWeakref_GetObject(r));
    Py_DECREF(r);
    Py_DECREF(cb);
    forget_refs();
}

static void unsupported_tests(void)
{
    PyObject *i = PyLong_FromLong(123456);
    PyObject *plain = PyType_FromSpec(&plain_spec);
    PyObject *dictonly = PyType_FromSpec(&dictonly_spec);
    PyObject *o, *s, *r;

    show_new("NewRef(int)", PyWeakref_NewRef(i, NULL));
    show_new("NewProxy(int)", PyWeakref_NewProxy(i, NULL));
    s = PyUnicode_FromString("text");
    show_new("NewRef(str)", PyWeakref_NewRef(s, NULL));
    Py_DECREF(s);
    s = PyTuple_New(0);
    show_new("NewRef(tuple)", PyWeakref_NewRef(s, NULL));
    Py_DECREF(s);
    show_new("NewRef(None)", PyWeakref_NewRef(Py_None, NULL));
    o = PyObject_CallObject(plain, NULL);
    show_new("NewRef(Plain())", PyWeakref_NewRef(o, NULL));
    show_int("Plain.tp_weaklistoffset", (long long)((PyTypeObject *)plain)->tp_weaklistoffset);
    Py_DECREF(o);
    o = PyObject_CallObject(dictonly, NULL);
    show_new("NewRef(DictOnly())", PyWeakref_NewRef(o, NULL));
    Py_DECREF(o);

    /* types themselves can be weakly referenced */
    r = PyWeakref_NewRef(T(&PyLong_Type), NULL);
    show_type("NewRef(int type) type", r);
    show("GetObject(ref to int type)", PyWeakref_GetObject(r));
    Py_XDECREF(r);
    r = PyWeakref_NewRef(plain, NULL);
    show("GetObject(ref to Plain type)", PyWeakref_GetObject(r));
    Py_XDECREF(r);

    /* GetObject on something that is not a weakref */
    show("GetObject(int)", PyWeakref_GetObject(i));
    show("GetObject(NULL)", PyWeakref_GetObject(NULL));
    Py_DECREF(i);
    Py_DECREF(plain);
    Py_DECREF(dictonly);
}

int main(void)
{
    Py_Initialize();
    callback_tp = PyType_FromSpec(&callback_spec);
    managed_tp = PyType_FromSpec(&managed_spec);
    callme_tp = PyType_FromSpec(&callme_spec);
    classic_tp = PyType_FromSpec(&classic_spec);
    CHECK(callback_tp && managed_tp && callme_tp && classic_tp);
    type_tests();
    basic_tests();
    callable_proxy_tests();
    callback_tests();
    failing_callback_tests();
    ref_dies_first_tests();
    classic_tests();
    managed_default_dealloc_tests();
    unsupported_tests();
    Py_DECREF(callback_tp);
    Py_DECREF(managed_tp);
    Py_DECREF(callme_tp);
    Py_DECREF(classic_tp);
    return ctest_finish();
}
