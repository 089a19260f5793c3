/*
 * type_spec.c -- heap types made from a PyType_Spec: PyType_FromSpec,
 * FromSpecWithBases, FromModuleAndSpec, FromMetaclass; the Py_tp_* slots
 * (seen through the object protocol and PyType_GetSlot), PyMemberDef with
 * every Py_T_* type, PyGetSetDef, doc, flags, the special offset members,
 * PyType_GetModule/GetModuleState/GetDict/GetName/GetQualName/Modified,
 * slot inheritance, instances keeping their type alive, and the errors of
 * bad specs.
 *
 * No PyMethodDef: calling methods is a later issue.  Slot functions record
 * what they were called with in an event log that the test prints.
 */
#include "ctest.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#define T(tp) ((PyObject *)(tp))
#define RC(o) ((long long)Py_REFCNT(o))

/* ---- event log ------------------------------------------------------ */

static char evbuf[1024];

static void ev(const char *fmt, ...)
{
    va_list ap;
    size_t n = strlen(evbuf);
    if (n > 0 && n < sizeof evbuf - 1) {
        evbuf[n++] = ',';
        evbuf[n] = '\0';
    }
    va_start(ap, fmt);
    vsnprintf(evbuf + n, sizeof evbuf - n, fmt, ap);
    va_end(ap);
}

static void show_events(const char *label)
{
    printf("%s.events: %s\n", label, evbuf[0] ? evbuf : "(none)");
    evbuf[0] = '\0';
}

/* "label: 1" for a boolean C fact */
static void show_bool(const char *label, int v)
{
    printf("%s: %d\n", label, v ? 1 : 0);
}

static void show_flag(const char *label, PyObject *tp, unsigned long flag)
{
    show_bool(label, (PyType_GetFlags((PyTypeObject *)tp) & flag) != 0);
}

static void show_attr(const char *label, PyObject *o, const char *name)
{
    show_new(label, PyObject_GetAttrString(o, name));
}

/* ---- Rich: most tp_* slots ------------------------------------------ */

typedef struct {
    PyObject_HEAD
    long value;
    long countdown;
} RichObject;

static PyObject *rich_new(PyTypeObject *tp, PyObject *args, PyObject *kw)
{
    RichObject *self;
    ev("new(%s, nargs=%zd, kw=%s)", tp->tp_name, PyTuple_GET_SIZE(args),
       kw ? "dict" : "NULL");
    self = (RichObject *)tp->tp_alloc(tp, 0);
    if (self == NULL)
        return NULL;
    self->value = -1;
    self->countdown = 0;
    return (PyObject *)self;
}

static int rich_init(PyObject *op, PyObject *args, PyObject *kw)
{
    RichObject *self = (RichObject *)op;
    PyObject *a;
    ev("init(nargs=%zd)", PyTuple_GET_SIZE(args));
    if (PyTuple_GET_SIZE(args) != 1) {
        PyErr_SetString(PyExc_TypeError, "Rich() takes one int");
        return -1;
    }
    a = PyTuple_GET_ITEM(args, 0);
    self->value = PyLong_AsLong(a);
    if (self->value == -1 && PyErr_Occurred())
        return -1;
    self->countdown = self->value;
    return 0;
}

static void rich_dealloc(PyObject *op)
{
    PyTypeObject *tp = Py_TYPE(op);
    ev("dealloc(%ld)", ((RichObject *)op)->value);
    tp->tp_free(op);
    Py_DECREF(tp);
}

static PyObject *rich_repr(PyObject *op)
{
    return PyUnicode_FromFormat("<%s value=%ld>", Py_TYPE(op)->tp_name,
                                ((RichObject *)op)->value);
}

static PyObject *rich_str(PyObject *op)
{
    return PyUnicode_FromFormat("Rich(%ld)", ((RichObject *)op)->value);
}

static Py_hash_t rich_hash(PyObject *op)
{
    long v = ((RichObject *)op)->value;
    if (v == 13) {
        PyErr_SetString(PyExc_ValueError, "unlucky hash");
        return -1;
    }
    return (Py_hash_t)v * 10;
}

static PyTypeObject *rich_type; /* set after creation, for richcompare */

static PyObject *rich_richcompare(PyObject *a, PyObject *b, int op)
{
    long x, y;
    if (!PyObject_TypeCheck(a, rich_type))
        Py_RETURN_NOTIMPLEMENTED;
    x = ((RichObject *)a)->value;
    if (PyObject_TypeCheck(b, rich_type))
        y = ((RichObject *)b)->value;
    else if (PyLong_Check(b))
        y = PyLong_AsLong(b);
    else
        Py_RETURN_NOTIMPLEMENTED;
    Py_RETURN_RICHCOMPARE(x, y, op);
}

static PyObject *rich_call(PyObject *op, PyObject *args, PyObject *kw)
{
    return Py_BuildValue("(sOO)", "called", args, kw ? kw : Py_None);
}

static PyObject *rich_iter(PyObject *op)
{
    ev("iter");
    return Py_NewRef(op);
}

static PyObject *rich_iternext(PyObject *op)
{
    RichObject *self = (RichObject *)op;
    if (self->countdown <= 0)
        return NULL; /* exhausted, no exception set */
    return PyLong_FromLong(self->countdown--);
}

static PyType_Slot rich_slots[] = {
    {Py_tp_new, rich_new},
    {Py_tp_init, rich_init},
    {Py_tp_dealloc, rich_dealloc},
    {Py_tp_repr, rich_repr},
    {Py_tp_str, rich_str},
    {Py_tp_hash, rich_hash},
    {Py_tp_richcompare, rich_richcompare},
    {Py_tp_call, rich_call},
    {Py_tp_iter, rich_iter},
    {Py_tp_iternext, rich_iternext},
    {Py_tp_doc, "Rich(value)\n--\n\nA type with many slots."},
    {0, NULL},
};

static PyType_Spec rich_spec = {
    "mod.sub.Rich", sizeof(RichObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, rich_slots,
};

static PyObject *make_rich(PyObject *tp, long v)
{
    PyObject *args = Py_BuildValue("(l)", v);
    PyObject *r = PyObject_CallObject(tp, args);
    Py_DECREF(args);
    return r;
}

static void rich_tests(void)
{
    PyObject *tp, *a, *b, *c, *r, *args, *kw, *nxt;
    long long before;

    tp = PyType_FromSpec(&rich_spec);
    rich_type = (PyTypeObject *)tp;
    show("Rich", tp);
    show_events("Rich.create");
    show_bool("Rich.PyType_Check", PyType_Check(tp));
    show_bool("Rich.type_is_type", Py_Is(T(Py_TYPE(tp)), T(&PyType_Type)));
    show_flag("Rich.HEAPTYPE", tp, Py_TPFLAGS_HEAPTYPE);
    show_flag("Rich.BASETYPE", tp, Py_TPFLAGS_BASETYPE);
    show_flag("Rich.READY", tp, Py_TPFLAGS_READY);
    show_flag("Rich.IMMUTABLETYPE", tp, Py_TPFLAGS_IMMUTABLETYPE);
    show_flag("Rich.HAVE_GC", tp, Py_TPFLAGS_HAVE_GC);
    show_flag("Rich.DISALLOW_INSTANTIATION", tp, Py_TPFLAGS_DISALLOW_INSTANTIATION);
    show_flag("Rich.MANAGED_DICT", tp, Py_TPFLAGS_MANAGED_DICT);
    show_flag("Rich.MANAGED_WEAKREF", tp, Py_TPFLAGS_MANAGED_WEAKREF);
    show_int("Rich.tp_basicsize", (long long)((PyTypeObject *)tp)->tp_basicsize);
    show_int("Rich.tp_itemsize", (long long)((PyTypeObject *)tp)->tp_itemsize);
    show_str_new("Rich.tp_name", PyUnicode_FromString(((PyTypeObject *)tp)->tp_name));
    show_attr("Rich.__name__", tp, "__name__");
    show_attr("Rich.__qualname__", tp, "__qualname__");
    show_attr("Rich.__module__", tp, "__module__");
    show_attr("Rich.__doc__", tp, "__doc__");
    show_attr("Rich.__text_signature__", tp, "__text_signature__");
    show_attr("Rich.__basicsize__", tp, "__basicsize__");
    show_attr("Rich.__dictoffset__", tp, "__dictoffset__");
    show_attr("Rich.__weakrefoffset__", tp, "__weakrefoffset__");
    show_attr("Rich.__base__", tp, "__base__");
    show_attr("Rich.__bases__", tp, "__bases__");
    show_attr("Rich.__mro__", tp, "__mro__");
    show_new("Rich.GetName", PyType_GetName((PyTypeObject *)tp));
    show_new("Rich.GetQualName", PyType_GetQualName((PyTypeObject *)tp));
    show_bool("Rich.IsSubtype(object)", PyType_IsSubtype((PyTypeObject *)tp, &PyBaseObject_Type));
    show_bool("Rich.IsSubtype(int)", PyType_IsSubtype((PyTypeObject *)tp, &PyLong_Type));
    show_bool("object.IsSubtype(Rich)", PyType_IsSubtype(&PyBaseObject_Type, (PyTypeObject *)tp));
    show_bool("Rich.IsSubtype(Rich)", PyType_IsSubtype((PyTypeObject *)tp, (PyTypeObject *)tp));
    show_bool("Rich.callable", PyCallable_Check(tp));

    /* new + init through a call of the type */
    before = RC(tp);
    a = make_rich(tp, 5);
    show("Rich(5)", a);
    show_events("Rich(5)");
    printf("Rich(5).type_refcnt_delta: %lld\n", RC(tp) - before);
    show_bool("Rich(5).type", Py_Is(T(Py_TYPE(a)), tp));
    printf("Rich(5).refcnt: %lld\n", RC(a));
    show_str("str(Rich(5))", a);
    show_int("hash(Rich(5))", (long long)PyObject_Hash(a));
    show_new("Rich(5).__class__", PyObject_GetAttrString(a, "__class__"));
    show_new("Rich(5).__doc__", PyObject_GetAttrString(a, "__doc__"));

    /* init errors: the instance is made, then released */
    r = PyObject_CallObject(tp, NULL);
    show("Rich()", r);
    show_events("Rich()");
    args = Py_BuildValue("(s)", "x");
    r = PyObject_CallObject(tp, args);
    show("Rich('x')", r);
    show_events("Rich('x')");
    Py_DECREF(args);
    args = Py_BuildValue("(i)", 1);
    kw = Py_BuildValue("{s:i}", "k", 2);
    show_new("Rich(1, k=2)", PyObject_Call(tp, args, kw));
    show_events("Rich(1, k=2)");
    Py_DECREF(args);
    Py_DECREF(kw);
    printf("after init errors.type_refcnt_delta: %lld\n", RC(tp) - before);

    /* hash error */
    b = make_rich(tp, 13);
    show_int("hash(Rich(13))", (long long)PyObject_Hash(b));
    show_events("Rich(13)");

    /* richcompare */
    c = make_rich(tp, 5);
    show_events("Rich(5) again");
    show_int("Rich(5) == Rich(5)", PyObject_RichCompareBool(a, c, Py_EQ));
    show_int("Rich(5) is-equal itself", PyObject_RichCompareBool(a, a, Py_EQ));
    show_int("Rich(5) < Rich(13)", PyObject_RichCompareBool(a, b, Py_LT));
    show_int("Rich(13) >= Rich(5)", PyObject_RichCompareBool(b, a, Py_GE));
    show_int("Rich(5) != Rich(13)", PyObject_RichCompareBool(a, b, Py_NE));
    r = PyLong_FromLong(5);
    show_new("Rich(5) == 5", PyObject_RichCompare(a, r, Py_EQ));
    show_new("5 == Rich(5) (reflected)", PyObject_RichCompare(r, a, Py_EQ));
    show_new("5 < Rich(13) (reflected)", PyObject_RichCompare(r, b, Py_LT));
    Py_DECREF(r);
    r = PyUnicode_FromString("s");
    show_new("Rich(5) == 's'", PyObject_RichCompare(a, r, Py_EQ));
    show_new("Rich(5) != 's'", PyObject_RichCompare(a, r, Py_NE));
    show_new("Rich(5) < 's'", PyObject_RichCompare(a, r, Py_LT));
    show_new("'s' >= Rich(5)", PyObject_RichCompare(r, a, Py_GE));
    Py_DECREF(r);

    /* call */
    args = Py_BuildValue("(ii)", 1, 2);
    kw = Py_BuildValue("{s:i}", "k", 3);
    show_new("Rich(5)(1, 2, k=3)", PyObject_Call(a, args, kw));
    show_new("Rich(5)()", PyObject_CallObject(a, NULL));
    show_new("Rich(5)(*(1, 2))", PyObject_CallObject(a, args));
    show_bool("Rich(5) callable", PyCallable_Check(a));
    Py_DECREF(args);
    Py_DECREF(kw);

    /* iter / iternext, through the slot wrappers __iter__ / __next__ */
    r = PyObject_GetAttrString(a, "__iter__");
    show_new("Rich(5).__iter__()", PyObject_CallObject(r, NULL));
    show_events("Rich(5).__iter__");
    Py_DECREF(r);
    nxt = PyObject_GetAttrString(a, "__next__");
    {
        int k;
        for (k = 0; k < 7; k++) {
            char label[64];
            snprintf(label, sizeof label, "Rich(5).__next__() #%d", k);
            show_new(label, PyObject_CallObject(nxt, NULL));
        }
    }
    Py_DECREF(nxt);
    show_bool("Rich tp_iter is rich_iter", ((PyTypeObject *)tp)->tp_iter == rich_iter);
    show_bool("Rich tp_iternext is rich_iternext", ((PyTypeObject *)tp)->tp_iternext == rich_iternext);

    /* slot wrappers in the type dict */
    {
        PyObject *d = PyType_GetDict((PyTypeObject *)tp);
        static const char *names[] = {"__new__", "__init__", "__repr__", "__str__", "__hash__",
                                      "__eq__", "__lt__", "__call__", "__iter__", "__next__",
                                      "__del__", "__getattribute__", "__setattr__", "__doc__",
                                      "__module__", "__dict__", "__weakref__", NULL};
        const char **n;
        for (n = names; *n; n++) {
            char label[80];
            snprintf(label, sizeof label, "Rich.__dict__ has %s", *n);
            show_int(label, PyDict_Contains(d, r = PyUnicode_FromString(*n)));
            Py_DECREF(r);
        }
        show_new("Rich.__dict__['__module__']", Py_XNewRef(PyDict_GetItemString(d, "__module__")));
        show_new("Rich.__dict__['__doc__']", Py_XNewRef(PyDict_GetItemString(d, "__doc__")));
        show_new("type(Rich.__dict__['__repr__'])",
                 PyObject_Type(PyDict_GetItemString(d, "__repr__")));
        show_new("Rich.__dict__['__repr__']", Py_XNewRef(PyDict_GetItemString(d, "__repr__")));
        Py_DECREF(d);
    }

    /* dealloc: instances release the type */
    Py_DECREF(a);
    show_events("del Rich(5)");
    Py_DECREF(b);
    Py_DECREF(c);
    show_events("del Rich(13), Rich(5)");
    printf("after dealloc.type_refcnt_delta: %lld\n", RC(tp) - before);
    {
        PyObject *many[10];
        int k;
        before = RC(tp);
        for (k = 0; k < 10; k++)
            many[k] = make_rich(tp, k);
        printf("10 instances.type_refcnt_delta: %lld\n", RC(tp) - before);
        for (k = 0; k < 10; k++)
            Py_DECREF(many[k]);
        printf("10 released.type_refcnt_delta: %lld\n", RC(tp) - before);
        evbuf[0] = '\0';
    }
    /* keep tp: the subclass tests use it */
}

/* ---- slot inheritance ------------------------------------------------ */

static PyObject *sub_str(PyObject *op)
{
    return PyUnicode_FromFormat("Sub(%ld)", ((RichObject *)op)->value);
}

static PyObject *sub_richcompare(PyObject *a, PyObject *b, int op)
{
    Py_RETURN_NOTIMPLEMENTED;
}

static PyType_Slot sub_slots[] = {
    {Py_tp_str, sub_str},
    {0, NULL},
};

static PyType_Spec sub_spec = {
    "mod.Sub", 0, 0, Py_TPFLAGS_DEFAULT, sub_slots,
};

static PyType_Slot sub2_slots[] = {
    {Py_tp_richcompare, sub_richcompare},
    {0, NULL},
};

static PyType_Spec sub2_spec = {
    "mod.Sub2", 0, 0, Py_TPFLAGS_DEFAULT, sub2_slots,
};

static PyType_Slot sub3_slots[] = {
    {Py_tp_base, NULL}, /* filled in */
    {Py_tp_repr, sub_str},
    {0, NULL},
};

static PyType_Spec sub3_spec = {
    "mod.Sub3", sizeof(RichObject) + 16, 0, Py_TPFLAGS_DEFAULT, sub3_slots,
};

static void inheritance_tests(void)
{
    PyObject *base = T(rich_type);
    PyObject *sub, *sub2, *sub3, *bases, *o;
    long long sub_before;

    sub = PyType_FromSpecWithBases(&sub_spec, base);
    show("Sub", sub);
    show_attr("Sub.__base__", sub, "__base__");
    show_attr("Sub.__mro__", sub, "__mro__");
    show_attr("Sub.__doc__", sub, "__doc__");
    show_int("Sub.tp_basicsize", (long long)((PyTypeObject *)sub)->tp_basicsize);
    show_flag("Sub.BASETYPE", sub, Py_TPFLAGS_BASETYPE);
    show_flag("Sub.HEAPTYPE", sub, Py_TPFLAGS_HEAPTYPE);
    show_bool("Sub.IsSubtype(Rich)", PyType_IsSubtype((PyTypeObject *)sub, rich_type));
    show_bool("Rich.IsSubtype(Sub)", PyType_IsSubtype(rich_type, (PyTypeObject *)sub));
    show_bool("Sub.GetSlot(tp_repr) is rich_repr",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_repr) == (void *)rich_repr);
    show_bool("Sub.GetSlot(tp_str) is sub_str",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_str) == (void *)sub_str);
    show_bool("Sub.GetSlot(tp_new) is rich_new",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_new) == (void *)rich_new);
    show_bool("Sub.GetSlot(tp_init) is rich_init",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_init) == (void *)rich_init);
    show_bool("Sub.GetSlot(tp_hash) is rich_hash",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_hash) == (void *)rich_hash);
    show_bool("Sub.GetSlot(tp_call) is rich_call",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_call) == (void *)rich_call);
    show_bool("Sub.GetSlot(tp_dealloc) is rich_dealloc",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_dealloc) == (void *)rich_dealloc);
    show_bool("Sub.GetSlot(tp_base) is Rich",
              PyType_GetSlot((PyTypeObject *)sub, Py_tp_base) == (void *)base);
    {
        const char *doc = PyType_GetSlot((PyTypeObject *)sub, Py_tp_doc);
        show_bool("Sub.GetSlot(tp_doc) is NULL", doc == NULL);
        doc = PyType_GetSlot(rich_type, Py_tp_doc);
        show_new("Rich.GetSlot(tp_doc)", doc ? PyUnicode_FromString(doc) : Py_NewRef(Py_None));
    }
    sub_before = RC(sub);
    o = make_rich(sub, 7);
    printf("Sub(7).sub_refcnt_delta: %lld\n", RC(sub) - sub_before);
    show("Sub(7) repr (inherited)", o);
    show_str("Sub(7) str (own)", o);
    show_int("hash(Sub(7)) (inherited)", (long long)PyObject_Hash(o));
    show_events("Sub(7)");
    show_bool("Sub(7) IsInstance Rich", PyObject_IsInstance(o, base));
    /* the default subtype dealloc runs Rich's dealloc, which releases the
       type; the subtype dealloc does not release it a second time */
    Py_DECREF(o);
    show_events("del Sub(7)");
    printf("del Sub(7).sub_refcnt_delta: %lld\n", RC(sub) - sub_before);

    /* a richcompare override without hash makes the subclass unhashable */
    bases = PyTuple_Pack(1, base);
    sub2 = PyType_FromSpecWithBases(&sub2_spec, bases);
    Py_DECREF(bases);
    show("Sub2", sub2);
    o = make_rich(sub2, 3);
    show_int("hash(Sub2(3))", (long long)PyObject_Hash(o));
    show_new("Sub2.__hash__", PyObject_GetAttrString(sub2, "__hash__"));
    show_bool("Sub2.GetSlot(tp_hash) is rich_hash",
              PyType_GetSlot((PyTypeObject *)sub2, Py_tp_hash) == (void *)rich_hash);
    show_new("Sub2(3) == Sub2(3) (NotImplemented both ways)", PyObject_RichCompare(o, o, Py_EQ));
    Py_DECREF(o);
    evbuf[0] = '\0';

    /* the base given with the Py_tp_base slot, a larger basicsize */
    sub3_slots[0].pfunc = base;
    sub3 = PyType_FromSpec(&sub3_spec);
    show("Sub3 (Py_tp_base)", sub3);
    show_attr("Sub3.__base__", sub3, "__base__");
    show_int("Sub3.tp_basicsize", (long long)((PyTypeObject *)sub3)->tp_basicsize);
    o = make_rich(sub3, 9);
    show("Sub3(9) repr (own)", o);
    show_str("Sub3(9) str (inherited)", o);
    Py_DECREF(o);
    show_events("Sub3(9)");

    Py_DECREF(sub);
    Py_DECREF(sub2);
    Py_DECREF(sub3);
}

/* ---- members ---------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    short s;
    int i;
    long l;
    float f;
    double d;
    const char *str;
    PyObject *obj_ex;
    char c;
    signed char b;
    unsigned char ub;
    unsigned short us;
    unsigned int ui;
    unsigned long ul;
    char inplace[8];
    char flag;
    long long ll;
    unsigned long long ull;
    Py_ssize_t ssz;
    PyObject *obj;
    long ro;
    const char *nullstr;
} MembersObject;

static PyMemberDef members_members[] = {
    {"s", Py_T_SHORT, offsetof(MembersObject, s), 0, "a short"},
    {"i", Py_T_INT, offsetof(MembersObject, i), 0, NULL},
    {"l", Py_T_LONG, offsetof(MembersObject, l), 0, NULL},
    {"f", Py_T_FLOAT, offsetof(MembersObject, f), 0, NULL},
    {"d", Py_T_DOUBLE, offsetof(MembersObject, d), 0, NULL},
    {"str", Py_T_STRING, offsetof(MembersObject, str), 0, NULL},
    {"nullstr", Py_T_STRING, offsetof(MembersObject, nullstr), 0, NULL},
    {"obj_ex", Py_T_OBJECT_EX, offsetof(MembersObject, obj_ex), 0, NULL},
    {"c", Py_T_CHAR, offsetof(MembersObject, c), 0, NULL},
    {"b", Py_T_BYTE, offsetof(MembersObject, b), 0, NULL},
    {"ub", Py_T_UBYTE, offsetof(MembersObject, ub), 0, NULL},
    {"us", Py_T_USHORT, offsetof(MembersObject, us), 0, NULL},
    {"ui", Py_T_UINT, offsetof(MembersObject, ui), 0, NULL},
    {"ul", Py_T_ULONG, offsetof(MembersObject, ul), 0, NULL},
    {"inplace", Py_T_STRING_INPLACE, offsetof(MembersObject, inplace), 0, NULL},
    {"flag", Py_T_BOOL, offsetof(MembersObject, flag), 0, NULL},
    {"ll", Py_T_LONGLONG, offsetof(MembersObject, ll), 0, NULL},
    {"ull", Py_T_ULONGLONG, offsetof(MembersObject, ull), 0, NULL},
    {"ssz", Py_T_PYSSIZET, offsetof(MembersObject, ssz), 0, NULL},
    {"obj", _Py_T_OBJECT, offsetof(MembersObject, obj), 0, NULL},
    {"ro", Py_T_LONG, offsetof(MembersObject, ro), Py_READONLY, "read-only long"},
    {NULL},
};

static int members_init(PyObject *op, PyObject *args, PyObject *kw)
{
    MembersObject *self = (MembersObject *)op;
    self->str = "hello";
    strcpy(self->inplace, "inpl");
    self->ro = 42;
    self->c = 'z';
    return 0;
}

static void members_dealloc(PyObject *op)
{
    MembersObject *self = (MembersObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    Py_CLEAR(self->obj_ex);
    Py_CLEAR(self->obj);
    tp->tp_free(op);
    Py_DECREF(tp);
}

static PyType_Slot members_slots[] = {
    {Py_tp_init, members_init},
    {Py_tp_dealloc, members_dealloc},
    {Py_tp_members, members_members},
    {0, NULL},
};

static PyType_Spec members_spec = {
    "mod.Members", sizeof(MembersObject), 0, Py_TPFLAGS_DEFAULT, members_slots,
};

/* set (or delete, v == NULL) then get again; v is a new reference */
static void try_set(PyObject *o, const char *name, const char *vlabel, PyObject *v)
{
    char label[128];
    int r;
    if (v == NULL) {
        r = PyObject_DelAttrString(o, name);
        snprintf(label, sizeof label, "del m.%s", name);
    }
    else {
        r = PyObject_SetAttrString(o, name, v);
        snprintf(label, sizeof label, "m.%s = %s", name, vlabel);
    }
    show_int(label, r);
    Py_XDECREF(v);
    /* Only read back after a successful write: on some conversion errors
       CPython 3.12 has already stored -1 into the field (an accident). */
    if (r == 0) {
        snprintf(label, sizeof label, "  m.%s", name);
        show_new(label, PyObject_GetAttrString(o, name));
    }
}

static PyObject *big(const char *digits)
{
    /* int(digits): calling the int type */
    return PyObject_CallFunction(T(&PyLong_Type), "s", digits);
}

static void member_tests(void)
{
    PyObject *tp = PyType_FromSpec(&members_spec);
    PyObject *m = PyObject_CallObject(tp, NULL);
    PyObject *descr;
    static const char *names[] = {"s", "i", "l", "f", "d", "str", "nullstr", "obj_ex", "c", "b", "ub",
                                  "us", "ui", "ul", "inplace", "flag", "ll", "ull", "ssz",
                                  "obj", "ro", NULL};
    const char **n;

    show("Members", tp);
    for (n = names; *n; n++) {
        char label[64];
        snprintf(label, sizeof label, "initial m.%s", *n);
        show_new(label, PyObject_GetAttrString(m, *n));
    }

    descr = PyObject_GetAttrString(tp, "s");
    show("Members.s", descr);
    show_new("type(Members.s)", PyObject_Type(descr));
    show_attr("Members.s.__doc__", descr, "__doc__");
    show_attr("Members.s.__name__", descr, "__name__");
    show_attr("Members.s.__qualname__", descr, "__qualname__");
    show_attr("Members.s.__objclass__", descr, "__objclass__");
    Py_DECREF(descr);
    descr = PyObject_GetAttrString(tp, "i");
    show_attr("Members.i.__doc__", descr, "__doc__");
    Py_DECREF(descr);
    descr = PyObject_GetAttrString(tp, "ro");
    show("Members.ro", descr);
    show_attr("Members.ro.__doc__", descr, "__doc__");
    Py_DECREF(descr);

    /* Py_T_SHORT */
    try_set(m, "s", "5", PyLong_FromLong(5));
    try_set(m, "s", "-32768", PyLong_FromLong(-32768));
    try_set(m, "s", "40000", PyLong_FromLong(40000));
    try_set(m, "s", "2**70", big("1180591620717411303424"));
    try_set(m, "s", "'x'", PyUnicode_FromString("x"));
    try_set(m, "s", "1.5", PyFloat_FromDouble(1.5));
    try_set(m, "s", "True", Py_NewRef(Py_True));
    try_set(m, "s", NULL, NULL);
    /* Py_T_INT */
    try_set(m, "i", "2147483647", PyLong_FromLong(2147483647L));
    try_set(m, "i", "2**31", PyLong_FromLongLong(2147483648LL));
    try_set(m, "i", "-2**31-1", PyLong_FromLongLong(-2147483649LL));
    try_set(m, "i", "2**64", big("18446744073709551616"));
    try_set(m, "i", "None", Py_NewRef(Py_None));
    /* Py_T_LONG */
    try_set(m, "l", "-9223372036854775808", PyLong_FromLongLong(-9223372036854775807LL - 1));
    try_set(m, "l", "2**63", big("9223372036854775808"));
    try_set(m, "l", "'1'", PyUnicode_FromString("1"));
    try_set(m, "l", NULL, NULL);
    /* Py_T_FLOAT */
    try_set(m, "f", "1.5", PyFloat_FromDouble(1.5));
    try_set(m, "f", "0.1", PyFloat_FromDouble(0.1));
    try_set(m, "f", "3 (int)", PyLong_FromLong(3));
    /* no out-of-range double here: converting it to float is undefined in C */
    try_set(m, "f", "'x'", PyUnicode_FromString("x"));
    {
        char digits[332];
        memset(digits, '0', sizeof digits);
        digits[0] = '1';
        digits[331] = '\0';
        try_set(m, "f", "10**330", big(digits));
    }
    try_set(m, "f", NULL, NULL);
    /* Py_T_DOUBLE */
    try_set(m, "d", "0.1", PyFloat_FromDouble(0.1));
    try_set(m, "d", "7 (int)", PyLong_FromLong(7));
    try_set(m, "d", "True", Py_NewRef(Py_True));
    try_set(m, "d", "None", Py_NewRef(Py_None));
    try_set(m, "d", NULL, NULL);
    /* Py_T_STRING: always read-only */
    try_set(m, "str", "'new'", PyUnicode_FromString("new"));
    try_set(m, "str", NULL, NULL);
    /* Py_T_OBJECT_EX */
    try_set(m, "obj_ex", "'v'", PyUnicode_FromString("v"));
    try_set(m, "obj_ex", "None", Py_NewRef(Py_None));
    try_set(m, "obj_ex", NULL, NULL);
    try_set(m, "obj_ex", NULL, NULL);
    /* Py_T_CHAR */
    try_set(m, "c", "'a'", PyUnicode_FromString("a"));
    try_set(m, "c", "'ab'", PyUnicode_FromString("ab"));
    try_set(m, "c", "''", PyUnicode_FromString(""));
    try_set(m, "c", "'\\xe9'", PyUnicode_FromString("\xc3\xa9"));
    try_set(m, "c", "b'a'", PyBytes_FromString("a"));
    try_set(m, "c", "1", PyLong_FromLong(1));
    try_set(m, "c", NULL, NULL);
    /* Py_T_BYTE */
    try_set(m, "b", "127", PyLong_FromLong(127));
    try_set(m, "b", "200", PyLong_FromLong(200));
    try_set(m, "b", "-129", PyLong_FromLong(-129));
    try_set(m, "b", "2**63", big("9223372036854775808"));
    /* Py_T_UBYTE */
    try_set(m, "ub", "255", PyLong_FromLong(255));
    try_set(m, "ub", "256", PyLong_FromLong(256));
    try_set(m, "ub", "-1", PyLong_FromLong(-1));
    /* Py_T_USHORT */
    try_set(m, "us", "65535", PyLong_FromLong(65535));
    try_set(m, "us", "65536", PyLong_FromLong(65536));
    try_set(m, "us", "-1", PyLong_FromLong(-1));
    /* Py_T_UINT */
    try_set(m, "ui", "4294967295", PyLong_FromLongLong(4294967295LL));
    try_set(m, "ui", "2**32", PyLong_FromLongLong(4294967296LL));
    try_set(m, "ui", "-1", PyLong_FromLong(-1));
    try_set(m, "ui", "2**64", big("18446744073709551616"));
    /* Py_T_ULONG */
    try_set(m, "ul", "2**64-1", PyLong_FromUnsignedLongLong(18446744073709551615ULL));
    try_set(m, "ul", "-1", PyLong_FromLong(-1));
    try_set(m, "ul", "2**64", big("18446744073709551616"));
    try_set(m, "ul", "-2**63-1", big("-9223372036854775809"));
    try_set(m, "ul", "1.0", PyFloat_FromDouble(1.0));
    /* Py_T_STRING_INPLACE */
    try_set(m, "inplace", "'x'", PyUnicode_FromString("x"));
    try_set(m, "inplace", NULL, NULL);
    /* Py_T_BOOL */
    try_set(m, "flag", "True", Py_NewRef(Py_True));
    try_set(m, "flag", "1", PyLong_FromLong(1));
    try_set(m, "flag", "None", Py_NewRef(Py_None));
    try_set(m, "flag", "False", Py_NewRef(Py_False));
    try_set(m, "flag", NULL, NULL);
    /* Py_T_LONGLONG */
    try_set(m, "ll", "2**63-1", PyLong_FromLongLong(9223372036854775807LL));
    try_set(m, "ll", "2**63", big("9223372036854775808"));
    try_set(m, "ll", "'x'", PyUnicode_FromString("x"));
    /* Py_T_ULONGLONG */
    try_set(m, "ull", "2**64-1", PyLong_FromUnsignedLongLong(18446744073709551615ULL));
    try_set(m, "ull", "-1", PyLong_FromLong(-1));
    try_set(m, "ull", "2**64", big("18446744073709551616"));
    try_set(m, "ull", "1.5", PyFloat_FromDouble(1.5));
    /* Py_T_PYSSIZET */
    try_set(m, "ssz", "-5", PyLong_FromLong(-5));
    try_set(m, "ssz", "2**63", big("9223372036854775808"));
    try_set(m, "ssz", NULL, NULL);
    /* _Py_T_OBJECT (deprecated): NULL reads as None, deleting is allowed */
    try_set(m, "obj", "'o'", PyUnicode_FromString("o"));
    try_set(m, "obj", NULL, NULL);
    try_set(m, "obj", NULL, NULL);
    /* Py_READONLY */
    try_set(m, "ro", "1", PyLong_FromLong(1));
    try_set(m, "ro", NULL, NULL);
    /* a name that is not a member: no dict */
    try_set(m, "nosuch", "1", PyLong_FromLong(1));

    /* members through the descriptor on the type */
    {
        PyObject *vs = PyUnicode_FromString("l");
        PyObject *d = PyType_GetDict((PyTypeObject *)tp);
        show_int("Members.__dict__ has 'l'", PyDict_Contains(d, vs));
        Py_DECREF(vs);
        Py_DECREF(d);
    }
    {
        /* the member value is an object reference: refcount deltas */
        PyObject *v = PyUnicode_FromString("held");
        long long r0 = RC(v);
        PyObject_SetAttrString(m, "obj_ex", v);
        printf("set obj_ex.value_refcnt_delta: %lld\n", RC(v) - r0);
        PyObject_SetAttrString(m, "obj_ex", Py_None);
        printf("replace obj_ex.value_refcnt_delta: %lld\n", RC(v) - r0);
        Py_DECREF(v);
    }
    Py_DECREF(m);
    Py_DECREF(tp);
}

/* ---- getset ----------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *val;
} GSObject;

static PyObject *gs_get(PyObject *op, void *closure)
{
    GSObject *self = (GSObject *)op;
    ev("get(%s)", closure ? (const char *)closure : "NULL");
    if (self->val == NULL) {
        PyErr_SetString(PyExc_AttributeError, "val is unset");
        return NULL;
    }
    return Py_NewRef(self->val);
}

static int gs_set(PyObject *op, PyObject *v, void *closure)
{
    GSObject *self = (GSObject *)op;
    ev("set(%s, %s)", closure ? (const char *)closure : "NULL", v == NULL ? "delete" : "value");
    if (v != NULL && !PyLong_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "val must be an int");
        return -1;
    }
    Py_XSETREF(self->val, Py_XNewRef(v));
    return 0;
}

static PyObject *gs_closure(PyObject *op, void *closure)
{
    return PyUnicode_FromString((const char *)closure);
}

static void gs_dealloc(PyObject *op)
{
    PyTypeObject *tp = Py_TYPE(op);
    Py_CLEAR(((GSObject *)op)->val);
    tp->tp_free(op);
    Py_DECREF(tp);
}

static PyGetSetDef gs_getset[] = {
    {"val", gs_get, gs_set, "the value", "A"},
    {"ro", gs_closure, NULL, NULL, "closure-ro"},
    {"wo", NULL, gs_set, "write only", "B"},
    {"first", gs_closure, NULL, NULL, "first closure"},
    {"second", gs_closure, NULL, NULL, "second closure"},
    {NULL},
};

static PyType_Slot gs_slots[] = {
    {Py_tp_getset, gs_getset},
    {Py_tp_dealloc, gs_dealloc},
    {0, NULL},
};

static PyType_Spec gs_spec = {
    "mod.GS", sizeof(GSObject), 0, Py_TPFLAGS_DEFAULT, gs_slots,
};

static void getset_tests(void)
{
    PyObject *tp = PyType_FromSpec(&gs_spec);
    PyObject *o = PyObject_CallObject(tp, NULL);
    PyObject *v, *descr;

    show("GS", tp);
    show_attr("GS().val (unset)", o, "val");
    show_events("GS().val (unset)");
    v = PyLong_FromLong(3);
    show_int("GS().val = 3", PyObject_SetAttrString(o, "val", v));
    Py_DECREF(v);
    show_attr("GS().val", o, "val");
    show_events("GS().val = 3; get");
    v = PyUnicode_FromString("x");
    show_int("GS().val = 'x'", PyObject_SetAttrString(o, "val", v));
    Py_DECREF(v);
    show_events("GS().val = 'x'");
    show_int("del GS().val", PyObject_DelAttrString(o, "val"));
    show_attr("GS().val after del", o, "val");
    show_events("del GS().val; get");
    show_attr("GS().ro", o, "ro");
    v = PyLong_FromLong(1);
    show_int("GS().ro = 1", PyObject_SetAttrString(o, "ro", v));
    show_int("del GS().ro", PyObject_DelAttrString(o, "ro"));
    show_int("GS().wo = 1", PyObject_SetAttrString(o, "wo", v));
    show_attr("GS().wo", o, "wo");
    show_events("GS().wo");
    Py_DECREF(v);
    show_attr("GS().first", o, "first");
    show_attr("GS().second", o, "second");

    descr = PyObject_GetAttrString(tp, "val");
    show("GS.val", descr);
    show_new("type(GS.val)", PyObject_Type(descr));
    show_attr("GS.val.__doc__", descr, "__doc__");
    show_attr("GS.val.__name__", descr, "__name__");
    show_attr("GS.val.__qualname__", descr, "__qualname__");
    Py_DECREF(descr);
    descr = PyObject_GetAttrString(tp, "ro");
    show_attr("GS.ro.__doc__", descr, "__doc__");
    Py_DECREF(descr);
    Py_DECREF(o);
    Py_DECREF(tp);
    evbuf[0] = '\0';
}

/* ---- getattro / setattro ------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    long x;
} HookedObject;

static PyMemberDef hooked_members[] = {
    {"x", Py_T_LONG, offsetof(HookedObject, x), 0, NULL},
    {NULL},
};

static PyObject *hooked_getattro(PyObject *op, PyObject *name)
{
    ev("getattro(%s)", PyUnicode_AsUTF8(name));
    if (PyUnicode_CompareWithASCIIString(name, "magic") == 0)
        return PyLong_FromLong(4242);
    return PyObject_GenericGetAttr(op, name);
}

static int hooked_setattro(PyObject *op, PyObject *name, PyObject *v)
{
    ev("setattro(%s, %s)", PyUnicode_AsUTF8(name), v ? "value" : "delete");
    if (PyUnicode_CompareWithASCIIString(name, "locked") == 0) {
        PyErr_Format(PyExc_AttributeError, "'%U' is locked", name);
        return -1;
    }
    return PyObject_GenericSetAttr(op, name, v);
}

static PyType_Slot hooked_slots[] = {
    {Py_tp_getattro, hooked_getattro},
    {Py_tp_setattro, hooked_setattro},
    {Py_tp_members, hooked_members},
    {0, NULL},
};

static PyType_Spec hooked_spec = {
    "mod.Hooked", sizeof(HookedObject), 0, Py_TPFLAGS_DEFAULT, hooked_slots,
};

static void getattro_tests(void)
{
    PyObject *tp = PyType_FromSpec(&hooked_spec);
    PyObject *o = PyObject_CallObject(tp, NULL);
    PyObject *v = PyLong_FromLong(9);

    show("Hooked", tp);
    show_attr("Hooked().magic", o, "magic");
    show_attr("Hooked().x", o, "x");
    show_attr("Hooked().missing", o, "missing");
    show_int("HasAttrString(missing)", PyObject_HasAttrString(o, "missing"));
    show_int("HasAttrString(magic)", PyObject_HasAttrString(o, "magic"));
    show_events("Hooked get");
    show_int("Hooked().x = 9", PyObject_SetAttrString(o, "x", v));
    show_attr("Hooked().x", o, "x");
    show_int("Hooked().locked = 9", PyObject_SetAttrString(o, "locked", v));
    show_int("Hooked().other = 9", PyObject_SetAttrString(o, "other", v));
    show_int("del Hooked().other", PyObject_DelAttrString(o, "other"));
    show_events("Hooked set");
    show_bool("Hooked.GetSlot(tp_getattro) is hooked_getattro",
              PyType_GetSlot((PyTypeObject *)tp, Py_tp_getattro) == (void *)hooked_getattro);
    show_bool("Rich.GetSlot(tp_getattro) is PyObject_GenericGetAttr",
              PyType_GetSlot(rich_type, Py_tp_getattro) == (void *)PyObject_GenericGetAttr);
    show_bool("Rich.GetSlot(tp_setattro) is PyObject_GenericSetAttr",
              PyType_GetSlot(rich_type, Py_tp_setattro) == (void *)PyObject_GenericSetAttr);
    Py_DECREF(v);
    Py_DECREF(o);
    Py_DECREF(tp);
    evbuf[0] = '\0';
}

/* ---- alloc / free / finalize / traverse / clear / protocol slots ---------- */

typedef struct {
    PyObject_HEAD
    PyObject *a;
    PyObject *b;
    long len;
} BoxObject;

static PyObject *box_alloc(PyTypeObject *tp, Py_ssize_t n)
{
    ev("alloc(%zd)", n);
    return PyType_GenericAlloc(tp, n);
}

static void box_free(void *p)
{
    ev("free");
    PyObject_GC_Del(p);
}

static void box_finalize(PyObject *op)
{
    ev("finalize");
}

static int box_traverse(PyObject *op, visitproc visit, void *arg)
{
    BoxObject *self = (BoxObject *)op;
    Py_VISIT(Py_TYPE(op));
    Py_VISIT(self->a);
    Py_VISIT(self->b);
    return 0;
}

static int box_clear(PyObject *op)
{
    BoxObject *self = (BoxObject *)op;
    ev("clear");
    Py_CLEAR(self->a);
    Py_CLEAR(self->b);
    return 0;
}

static int box_bool(PyObject *op)
{
    return ((BoxObject *)op)->len != 0;
}

static Py_ssize_t box_length(PyObject *op)
{
    return ((BoxObject *)op)->len;
}

static PyObject *box_subscript(PyObject *op, PyObject *key)
{
    BoxObject *self = (BoxObject *)op;
    ev("subscript");
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "a") == 0)
        return Py_NewRef(self->a ? self->a : Py_None);
    PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
}

static int box_ass_subscript(PyObject *op, PyObject *key, PyObject *v)
{
    BoxObject *self = (BoxObject *)op;
    ev("ass_subscript(%s)", v ? "set" : "delete");
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "a") == 0) {
        Py_XSETREF(self->a, Py_XNewRef(v));
        self->len = v ? 1 : 0;
        return 0;
    }
    PyErr_SetObject(PyExc_KeyError, key);
    return -1;
}

static PyType_Slot box_slots[] = {
    {Py_tp_alloc, box_alloc},
    {Py_tp_free, box_free},
    {Py_tp_finalize, box_finalize},
    {Py_tp_traverse, box_traverse},
    {Py_tp_clear, box_clear},
    {Py_nb_bool, box_bool},
    {Py_mp_length, box_length},
    {Py_mp_subscript, box_subscript},
    {Py_mp_ass_subscript, box_ass_subscript},
    {0, NULL},
};

static PyType_Spec box_spec = {
    "mod.Box", sizeof(BoxObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, box_slots,
};

static int visit_count;
static int count_visit(PyObject *o, void *arg)
{
    visit_count++;
    if (arg != NULL && o == (PyObject *)arg)
        visit_count += 100;
    return 0;
}

static void box_tests(void)
{
    PyObject *tp = PyType_FromSpec(&box_spec);
    PyObject *o, *k, *v;
    long long before;

    show("Box", tp);
    show_flag("Box.HAVE_GC", tp, Py_TPFLAGS_HAVE_GC);
    show_bool("Box.GetSlot(tp_alloc) is box_alloc",
              PyType_GetSlot((PyTypeObject *)tp, Py_tp_alloc) == (void *)box_alloc);
    show_bool("Box.GetSlot(tp_free) is box_free",
              PyType_GetSlot((PyTypeObject *)tp, Py_tp_free) == (void *)box_free);
    show_bool("Box.GetSlot(tp_finalize) is box_finalize",
              PyType_GetSlot((PyTypeObject *)tp, Py_tp_finalize) == (void *)box_finalize);
    show_bool("Box.GetSlot(tp_dealloc) is not NULL",
              PyType_GetSlot((PyTypeObject *)tp, Py_tp_dealloc) != NULL);
    show_bool("Box.GetSlot(tp_new) is not NULL",
              PyType_GetSlot((PyTypeObject *)tp, Py_tp_new) != NULL);
    show_bool("Box.GetSlot(tp_init) is not NULL",
              PyType_GetSlot((PyTypeObject *)tp, Py_tp_init) != NULL);
    show_bool("Box.GetSlot(mp_length) is box_length",
              PyType_GetSlot((PyTypeObject *)tp, Py_mp_length) == (void *)box_length);
    show_bool("Box.GetSlot(sq_length) is NULL",
              PyType_GetSlot((PyTypeObject *)tp, Py_sq_length) == NULL);
    show_bool("Box.GetSlot(nb_add) is NULL",
              PyType_GetSlot((PyTypeObject *)tp, Py_nb_add) == NULL);
    CHECK_NOERR();

    before = RC(tp);
    o = PyObject_CallObject(tp, NULL);
    show("Box() is tracked", PyBool_FromLong(PyObject_GC_IsTracked(o)));
    show_events("Box()");
    printf("Box().type_refcnt_delta: %lld\n", RC(tp) - before);
    show_int("bool(Box())", PyObject_IsTrue(o));
    show_int("len(Box())", (long long)PyObject_Length(o));
    k = PyUnicode_FromString("a");
    v = PyUnicode_FromString("va");
    show_new("Box()['a']", PyObject_GetItem(o, k));
    show_int("Box()['a'] = 'va'", PyObject_SetItem(o, k, v));
    show_new("Box()['a']", PyObject_GetItem(o, k));
    show_int("bool(Box())", PyObject_IsTrue(o));
    show_int("len(Box())", (long long)PyObject_Length(o));
    show_int("Box()['zz'] = 'va'", PyObject_SetItem(o, v, v));
    show_new("Box()['zz']", PyObject_GetItem(o, v));
    show_events("Box() mapping");

    /* tp_traverse visits type and members */
    visit_count = 0;
    Py_TYPE(o)->tp_traverse(o, count_visit, NULL);
    show_int("Box traverse visits", visit_count);
    visit_count = 0;
    Py_TYPE(o)->tp_traverse(o, count_visit, v);
    show_int("Box traverse visits (value marked +100)", visit_count);
    Py_TYPE(o)->tp_clear(o);
    show_events("Box tp_clear");
    visit_count = 0;
    Py_TYPE(o)->tp_traverse(o, count_visit, NULL);
    show_int("Box traverse visits after clear", visit_count);
    show_new("Box()['a'] after clear", PyObject_GetItem(o, k));
    show_int("Box() del ['a']", PyObject_DelItem(o, k));
    show_events("Box() after clear");

    /* default dealloc (subtype_dealloc): finalize, then tp_free */
    Py_DECREF(o);
    show_events("del Box()");
    printf("del Box().type_refcnt_delta: %lld\n", RC(tp) - before);
    Py_DECREF(k);
    Py_DECREF(v);
    Py_DECREF(tp);
}

/* ---- flags ---------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    long v;
} PlainObject;

static PyType_Slot plain_slots[] = {{0, NULL}};

static PyType_Spec final_spec = {"mod.Final", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};
static PyType_Spec child_spec = {"mod.Child", 0, 0, Py_TPFLAGS_DEFAULT, plain_slots};
static PyType_Spec immutable_spec = {"mod.Immutable", sizeof(PlainObject), 0,
                                     Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE, plain_slots};
static PyType_Spec mutable_spec = {"mod.Mutable", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT,
                                   plain_slots};
static PyType_Spec noinst_spec = {"mod.NoInst", sizeof(PlainObject), 0,
                                  Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
                                  plain_slots};
static PyType_Spec nodot_spec = {"NoDot", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};
static PyType_Spec dotted_spec = {"pkg.mod.sub.Dotted", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT,
                                  plain_slots};

static PyObject *noinst_new(PyTypeObject *tp, PyObject *a, PyObject *k)
{
    return tp->tp_alloc(tp, 0);
}

static PyType_Slot noinst_new_slots[] = {{Py_tp_new, noinst_new}, {0, NULL}};
static PyType_Spec noinst_new_spec = {"mod.NoInstNew", sizeof(PlainObject), 0,
                                      Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
                                      noinst_new_slots};

static void flag_tests(void)
{
    PyObject *fin = PyType_FromSpec(&final_spec);
    PyObject *child, *imm, *mut, *noinst, *v, *o, *t;

    show("Final", fin);
    show_flag("Final.BASETYPE", fin, Py_TPFLAGS_BASETYPE);
    child = PyType_FromSpecWithBases(&child_spec, fin);
    show("Child of Final", child);
    Py_XDECREF(child);
    Py_DECREF(fin);

    v = PyLong_FromLong(1);
    imm = PyType_FromSpec(&immutable_spec);
    show("Immutable", imm);
    show_flag("Immutable.IMMUTABLETYPE", imm, Py_TPFLAGS_IMMUTABLETYPE);
    show_int("Immutable.attr = 1", PyObject_SetAttrString(imm, "attr", v));
    show_int("del Immutable.__doc__", PyObject_DelAttrString(imm, "__doc__"));
    show_int("Immutable.__name__ = 1", PyObject_SetAttrString(imm, "__name__", v));
    show_attr("Immutable.attr", imm, "attr");
    o = PyObject_CallObject(imm, NULL);
    show_bool("Immutable() made", o != NULL);
    show_int("Immutable().attr = 1", PyObject_SetAttrString(o, "attr", v));
    Py_XDECREF(o);
    Py_DECREF(imm);

    mut = PyType_FromSpec(&mutable_spec);
    show_flag("Mutable.IMMUTABLETYPE", mut, Py_TPFLAGS_IMMUTABLETYPE);
    show_int("Mutable.attr = 1", PyObject_SetAttrString(mut, "attr", v));
    show_attr("Mutable.attr", mut, "attr");
    o = PyObject_CallObject(mut, NULL);
    show_attr("Mutable().attr (class attribute)", o, "attr");
    show_int("Mutable().attr = 1 (no instance dict)", PyObject_SetAttrString(o, "attr", v));
    Py_DECREF(o);
    show_int("del Mutable.attr", PyObject_DelAttrString(mut, "attr"));
    show_attr("Mutable.attr after del", mut, "attr");
    show_int("del Mutable.attr again", PyObject_DelAttrString(mut, "attr"));
    t = PyUnicode_FromString("Renamed");
    show_int("Mutable.__name__ = 'Renamed'", PyObject_SetAttrString(mut, "__name__", t));
    Py_DECREF(t);
    show("Mutable renamed", mut);
    show_attr("Mutable.__qualname__ after rename", mut, "__qualname__");
    show_new("Mutable GetName after rename", PyType_GetName((PyTypeObject *)mut));
    show_int("Mutable.__name__ = 1", PyObject_SetAttrString(mut, "__name__", v));
    t = PyUnicode_FromString("Q.R");
    show_int("Mutable.__qualname__ = 'Q.R'", PyObject_SetAttrString(mut, "__qualname__", t));
    Py_DECREF(t);
    show_new("Mutable GetQualName after set", PyType_GetQualName((PyTypeObject *)mut));
    t = PyUnicode_FromString("othermod");
    show_int("Mutable.__module__ = 'othermod'", PyObject_SetAttrString(mut, "__module__", t));
    Py_DECREF(t);
    show("Mutable after __module__ set", mut);
    Py_DECREF(mut);

    noinst = PyType_FromSpec(&noinst_spec);
    show("NoInst", noinst);
    show_flag("NoInst.DISALLOW_INSTANTIATION", noinst, Py_TPFLAGS_DISALLOW_INSTANTIATION);
    show_new("NoInst()", PyObject_CallObject(noinst, NULL));
    show_bool("NoInst.GetSlot(tp_new) is NULL", PyType_GetSlot((PyTypeObject *)noinst, Py_tp_new) == NULL);
    CHECK_NOERR();
    Py_DECREF(noinst);
    noinst = PyType_FromSpec(&noinst_new_spec);
    show("NoInstNew", noinst);
    show_new("NoInstNew()", PyObject_CallObject(noinst, NULL));
    show_bool("NoInstNew.GetSlot(tp_new) is NULL", PyType_GetSlot((PyTypeObject *)noinst, Py_tp_new) == NULL);
    Py_DECREF(noinst);

    /* names */
    t = PyType_FromSpec(&nodot_spec);
    show("NoDot", t);
    show_attr("NoDot.__name__", t, "__name__");
    show_attr("NoDot.__qualname__", t, "__qualname__");
    show_attr("NoDot.__module__", t, "__module__");
    show_new("NoDot.GetName", PyType_GetName((PyTypeObject *)t));
    Py_DECREF(t);
    t = PyType_FromSpec(&dotted_spec);
    show("Dotted", t);
    show_attr("Dotted.__name__", t, "__name__");
    show_attr("Dotted.__qualname__", t, "__qualname__");
    show_attr("Dotted.__module__", t, "__module__");
    show_new("Dotted.GetName", PyType_GetName((PyTypeObject *)t));
    show_new("Dotted.GetQualName", PyType_GetQualName((PyTypeObject *)t));
    o = PyObject_CallObject(t, NULL);
    show_int("Dotted().x = 1", PyObject_SetAttrString(o, "x", v));
    show_attr("Dotted().x", o, "x");
    show_int("del Dotted().x", PyObject_DelAttrString(o, "x"));
    Py_DECREF(o);
    Py_DECREF(t);
    Py_DECREF(v);
}

/* ---- special offset members ------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *weaklist;
    vectorcallfunc vectorcall;
    long v;
} OffsetsObject;

static PyMemberDef offsets_members[] = {
    {"__dictoffset__", Py_T_PYSSIZET, offsetof(OffsetsObject, dict), Py_READONLY},
    {"__weaklistoffset__", Py_T_PYSSIZET, offsetof(OffsetsObject, weaklist), Py_READONLY},
    {"__vectorcalloffset__", Py_T_PYSSIZET, offsetof(OffsetsObject, vectorcall), Py_READONLY},
    {"v", Py_T_LONG, offsetof(OffsetsObject, v), 0},
    {NULL},
};

static int offsets_traverse(PyObject *op, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(op));
    Py_VISIT(((OffsetsObject *)op)->dict);
    return 0;
}

static PyType_Slot offsets_slots[] = {
    {Py_tp_members, offsets_members},
    {Py_tp_traverse, offsets_traverse},
    {0, NULL},
};

static PyType_Spec offsets_spec = {
    "mod.Offsets", sizeof(OffsetsObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, offsets_slots,
};

static void offsets_tests(void)
{
    PyObject *tp = PyType_FromSpec(&offsets_spec);
    PyTypeObject *t = (PyTypeObject *)tp;
    PyObject *d, *k;

    show("Offsets", tp);
    show_int("Offsets.tp_dictoffset", (long long)t->tp_dictoffset);
    show_int("Offsets.tp_weaklistoffset", (long long)t->tp_weaklistoffset);
    show_int("Offsets.tp_vectorcall_offset", (long long)t->tp_vectorcall_offset);
    show_int("offsetof(dict)", (long long)offsetof(OffsetsObject, dict));
    show_int("offsetof(weaklist)", (long long)offsetof(OffsetsObject, weaklist));
    show_int("offsetof(vectorcall)", (long long)offsetof(OffsetsObject, vectorcall));
    show_attr("Offsets.__dictoffset__", tp, "__dictoffset__");
    show_attr("Offsets.__weakrefoffset__", tp, "__weakrefoffset__");
    show_attr("Offsets.__weaklistoffset__", tp, "__weaklistoffset__");
    show_attr("Offsets.__vectorcalloffset__", tp, "__vectorcalloffset__");
    show_flag("Offsets.HAVE_VECTORCALL", tp, Py_TPFLAGS_HAVE_VECTORCALL);
    show_flag("Offsets.MANAGED_DICT", tp, Py_TPFLAGS_MANAGED_DICT);
    d = PyType_GetDict(t);
    show_int("Offsets.__dict__ has __dictoffset__",
             PyDict_Contains(d, k = PyUnicode_FromString("__dictoffset__")));
    Py_DECREF(k);
    show_int("Offsets.__dict__ has __weaklistoffset__",
             PyDict_Contains(d, k = PyUnicode_FromString("__weaklistoffset__")));
    Py_DECREF(k);
    show_int("Offsets.__dict__ has __vectorcalloffset__",
             PyDict_Contains(d, k = PyUnicode_FromString("__vectorcalloffset__")));
    Py_DECREF(k);
    show_int("Offsets.__dict__ has v", PyDict_Contains(d, k = PyUnicode_FromString("v")));
    Py_DECREF(k);
    show_int("Offsets.__dict__ has __dict__", PyDict_Contains(d, k = PyUnicode_FromString("__dict__")));
    Py_DECREF(k);
    show_int("Offsets.__dict__ has __weakref__",
             PyDict_Contains(d, k = PyUnicode_FromString("__weakref__")));
    Py_DECREF(k);
    Py_DECREF(d);
    Py_DECREF(tp);
}

/* ---- module association ----------------------------------------------------- */

static PyType_Spec withmod_spec = {"modx.WithMod", sizeof(PlainObject), 0,
                                   Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, plain_slots};
static PyType_Spec withmod_sub_spec = {"modx.WithModSub", 0, 0, Py_TPFLAGS_DEFAULT, plain_slots};

static void module_tests(void)
{
    PyObject *mod = PyModule_New("ophis_types");
    long long mbefore = RC(mod);
    PyObject *tp, *plain, *sub, *o, *r;
    void *state;

    tp = PyType_FromModuleAndSpec(mod, &withmod_spec, NULL);
    show("WithMod", tp);
    printf("WithMod.module_refcnt_delta: %lld\n", RC(mod) - mbefore);
    show_attr("WithMod.__module__ (from the spec name)", tp, "__module__");
    r = PyType_GetModule((PyTypeObject *)tp);
    show_bool("GetModule(WithMod) is the module", Py_Is(r, mod));
    printf("GetModule.borrowed.delta: %lld\n", RC(mod) - mbefore - 1);
    state = PyType_GetModuleState((PyTypeObject *)tp);
    show_bool("GetModuleState(WithMod) is NULL (PyModule_New)", state == NULL);
    CHECK_NOERR();

    o = PyObject_CallObject(tp, NULL);
    show_bool("GetModule(type(WithMod())) is the module", Py_Is(PyType_GetModule(Py_TYPE(o)), mod));
    Py_DECREF(o);

    sub = PyType_FromSpecWithBases(&withmod_sub_spec, tp);
    show("WithModSub", sub);
    show_new("GetModule(WithModSub)", Py_XNewRef(PyType_GetModule((PyTypeObject *)sub)));
    state = PyType_GetModuleState((PyTypeObject *)sub);
    show_bool("GetModuleState(WithModSub) is NULL", state == NULL);
    show_exc("GetModuleState(WithModSub).exc");
    Py_DECREF(sub);

    plain = PyType_FromSpec(&withmod_sub_spec);
    show_new("GetModule(FromSpec type)", Py_XNewRef(PyType_GetModule((PyTypeObject *)plain)));
    show_new("GetModule(int)", Py_XNewRef(PyType_GetModule(&PyLong_Type)));
    state = PyType_GetModuleState(&PyLong_Type);
    show_bool("GetModuleState(int) is NULL", state == NULL);
    show_exc("GetModuleState(int).exc");
    Py_DECREF(plain);

    /* with a module of NULL FromModuleAndSpec is FromSpecWithBases */
    plain = PyType_FromModuleAndSpec(NULL, &withmod_spec, NULL);
    show("FromModuleAndSpec(NULL module)", plain);
    show_new("GetModule(FromModuleAndSpec(NULL))", Py_XNewRef(PyType_GetModule((PyTypeObject *)plain)));
    Py_DECREF(plain);

    /* bases given to FromModuleAndSpec */
    plain = PyType_FromModuleAndSpec(mod, &withmod_sub_spec, tp);
    show("FromModuleAndSpec(mod, WithModSub, WithMod)", plain);
    show_attr("  .__base__", plain, "__base__");
    show_bool("  GetModule is the module", Py_Is(PyType_GetModule((PyTypeObject *)plain), mod));
    Py_DECREF(plain);

    /* heap types are in reference cycles with themselves (__mro__), so only
       the cycle collector frees them: no refcount check after this */
    Py_DECREF(tp);
    Py_DECREF(mod);
}

/* ---- metaclasses ------------------------------------------------------------ */

static PyType_Spec meta_spec = {"mod.Meta", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, plain_slots};
static PyType_Spec viameta_spec = {"mod.ViaMeta", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT,
                                   plain_slots};

static PyObject *meta_custom_new(PyTypeObject *tp, PyObject *a, PyObject *k)
{
    return PyType_Type.tp_new(tp, a, k);
}

static PyType_Slot meta_new_slots[] = {{Py_tp_new, meta_custom_new}, {0, NULL}};
static PyType_Spec meta_new_spec = {"mod.MetaNew", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                                    meta_new_slots};

static void metaclass_tests(void)
{
    PyObject *meta, *metanew, *t, *mod = PyModule_New("metamod");

    t = PyType_FromMetaclass(NULL, NULL, &viameta_spec, NULL);
    show("FromMetaclass(NULL, NULL, spec, NULL)", t);
    show_bool("  type is type", Py_Is(T(Py_TYPE(t)), T(&PyType_Type)));
    show_attr("  __base__", t, "__base__");
    Py_XDECREF(t);
    t = PyType_FromMetaclass(&PyType_Type, mod, &viameta_spec, NULL);
    show("FromMetaclass(type, mod, spec, NULL)", t);
    show_bool("  type is type", Py_Is(T(Py_TYPE(t)), T(&PyType_Type)));
    show_bool("  GetModule is mod", Py_Is(PyType_GetModule((PyTypeObject *)t), mod));
    Py_XDECREF(t);

    meta = PyType_FromSpecWithBases(&meta_spec, T(&PyType_Type));
    show("Meta", meta);
    show_attr("Meta.__mro__", meta, "__mro__");
    show_flag("Meta.HAVE_GC", meta, Py_TPFLAGS_HAVE_GC);
    show_flag("Meta.TYPE_SUBCLASS", meta, Py_TPFLAGS_TYPE_SUBCLASS);
    show_bool("Meta tp_basicsize == type's", ((PyTypeObject *)meta)->tp_basicsize == PyType_Type.tp_basicsize);
    t = PyType_FromMetaclass((PyTypeObject *)meta, NULL, &viameta_spec, NULL);
    show("FromMetaclass(Meta, NULL, spec, NULL)", t);
    show_bool("  type is Meta", t && Py_Is(T(Py_TYPE(t)), meta));
    show_new("  type()", t ? PyObject_Type(t) : NULL);
    show_bool("  PyType_Check", t && PyType_Check(t));
    show_bool("  IsInstance(Meta)", t && PyObject_IsInstance(t, meta));
    if (t) {
        PyObject *o = PyObject_CallObject(t, NULL);
        show_bool("  instance made", o != NULL);
        Py_XDECREF(o);
    }
    Py_XDECREF(t);

    metanew = PyType_FromSpecWithBases(&meta_new_spec, T(&PyType_Type));
    show("MetaNew", metanew);
    show_new("FromMetaclass(MetaNew, ...)",
             PyType_FromMetaclass((PyTypeObject *)metanew, NULL, &viameta_spec, NULL));
    show_new("FromMetaclass(int, ...)", PyType_FromMetaclass(&PyLong_Type, NULL, &viameta_spec, NULL));
    Py_DECREF(metanew);
    Py_DECREF(meta);
    Py_DECREF(mod);
}

/* ---- GetSlot, GetDict, Modified --------------------------------------------- */

static void getslot_tests(void)
{
    PyTypeObject *tp = rich_type;
    void *p;

    show_bool("GetSlot(Rich, tp_repr) is rich_repr", PyType_GetSlot(tp, Py_tp_repr) == (void *)rich_repr);
    show_bool("GetSlot(Rich, tp_iternext)", PyType_GetSlot(tp, Py_tp_iternext) == (void *)rich_iternext);
    p = PyType_GetSlot(tp, Py_mp_subscript);
    show_bool("GetSlot(Rich, mp_subscript) is NULL", p == NULL);
    CHECK_NOERR();
    p = PyType_GetSlot(tp, 0);
    show_bool("GetSlot(Rich, 0) is NULL", p == NULL);
    show_exc("GetSlot(Rich, 0).exc");
    p = PyType_GetSlot(tp, -1);
    show_bool("GetSlot(Rich, -1) is NULL", p == NULL);
    show_exc("GetSlot(Rich, -1).exc");
    p = PyType_GetSlot(tp, 1000);
    show_bool("GetSlot(Rich, 1000) is NULL", p == NULL);
    show_exc("GetSlot(Rich, 1000).exc");
    p = PyType_GetSlot(tp, Py_tp_free + 100);
    show_bool("GetSlot(Rich, Py_tp_free+100) is NULL", p == NULL);
    show_exc("GetSlot(Rich, Py_tp_free+100).exc");

    /* static types */
    show_bool("GetSlot(int, tp_repr) is int's tp_repr",
              PyType_GetSlot(&PyLong_Type, Py_tp_repr) == (void *)PyLong_Type.tp_repr);
    show_bool("GetSlot(int, nb_add) is int's nb_add",
              PyType_GetSlot(&PyLong_Type, Py_nb_add) == (void *)PyLong_Type.tp_as_number->nb_add);
    show_bool("GetSlot(int, tp_getattro) is PyObject_GenericGetAttr",
              PyType_GetSlot(&PyLong_Type, Py_tp_getattro) == (void *)PyObject_GenericGetAttr);
    show_bool("GetSlot(int, mp_subscript) is NULL", PyType_GetSlot(&PyLong_Type, Py_mp_subscript) == NULL);
    show_bool("GetSlot(int, tp_base) is object",
              PyType_GetSlot(&PyLong_Type, Py_tp_base) == (void *)&PyBaseObject_Type);
    show_bool("GetSlot(object, tp_base) is NULL", PyType_GetSlot(&PyBaseObject_Type, Py_tp_base) == NULL);
    show_bool("GetSlot(bool, tp_base) is int", PyType_GetSlot(&PyBool_Type, Py_tp_base) == (void *)&PyLong_Type);
    show_bool("GetSlot(dict, mp_subscript) is dict's",
              PyType_GetSlot(&PyDict_Type, Py_mp_subscript) == (void *)PyDict_Type.tp_as_mapping->mp_subscript);
    show_bool("GetSlot(list, sq_item) is list's",
              PyType_GetSlot(&PyList_Type, Py_sq_item) == (void *)PyList_Type.tp_as_sequence->sq_item);
    show_bool("GetSlot(int, tp_new) is int's tp_new",
              PyType_GetSlot(&PyLong_Type, Py_tp_new) == (void *)PyLong_Type.tp_new);
    {
        const char *doc = PyType_GetSlot(&PyBool_Type, Py_tp_doc);
        show_bool("GetSlot(bool, tp_doc) is bool's tp_doc", doc == PyBool_Type.tp_doc);
    }
    p = PyType_GetSlot(&PyLong_Type, 1000);
    show_bool("GetSlot(int, 1000) is NULL", p == NULL);
    show_exc("GetSlot(int, 1000).exc");
    CHECK_NOERR();
}

static void getdict_modified_tests(void)
{
    PyObject *d, *d2, *o, *v;

    /* a FromSpec type: GetDict */
    d = PyType_GetDict(rich_type);
    show_bool("GetDict(Rich) is a dict", PyDict_CheckExact(d));
    d2 = PyType_GetDict(rich_type);
    show_bool("GetDict(Rich) twice is the same dict", Py_Is(d, d2));
    Py_DECREF(d2);
    v = PyObject_GetAttrString(T(rich_type), "__dict__");
    show_new("type(Rich.__dict__)", PyObject_Type(v));
    Py_DECREF(v);

    /* writing the dict directly, then PyType_Modified */
    o = make_rich(T(rich_type), 1);
    show_attr("Rich(1).extra before", o, "extra");
    v = PyLong_FromLong(111);
    PyDict_SetItemString(d, "extra", v);
    Py_DECREF(v);
    PyType_Modified(rich_type);
    show_attr("Rich(1).extra after dict write + Modified", o, "extra");
    show_attr("Rich.extra after dict write + Modified", T(rich_type), "extra");
    v = PyLong_FromLong(222);
    PyDict_SetItemString(d, "extra", v);
    Py_DECREF(v);
    PyType_Modified(rich_type);
    show_attr("Rich(1).extra after second write + Modified", o, "extra");
    PyDict_DelItemString(d, "extra");
    PyType_Modified(rich_type);
    show_attr("Rich(1).extra after delete + Modified", o, "extra");
    Py_DECREF(o);
    Py_DECREF(d);
    evbuf[0] = '\0';

    /* static types */
    d = PyType_GetDict(&PyLong_Type);
    show_bool("GetDict(int) is a dict", d && PyDict_CheckExact(d));
    show_int("GetDict(int) has __repr__", PyDict_Contains(d, v = PyUnicode_FromString("__repr__")));
    Py_DECREF(v);
    Py_XDECREF(d);
    PyType_Modified(&PyLong_Type);
    CHECK_NOERR();
}

/* ---- errors of bad specs ---------------------------------------------------- */

static PyType_Slot bad_slot_slots[] = {{1000, NULL}, {0, NULL}};
static PyType_Spec bad_slot_spec = {"mod.BadSlot", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, bad_slot_slots};
static PyType_Slot neg_slot_slots[] = {{-1, NULL}, {0, NULL}};
static PyType_Spec neg_slot_spec = {"mod.NegSlot", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, neg_slot_slots};
static PyType_Spec gc_no_traverse_spec = {"mod.GCNoTraverse", sizeof(PlainObject), 0,
                                          Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, plain_slots};

static PyMemberDef rel_members[] = {
    {"x", Py_T_LONG, 0, Py_RELATIVE_OFFSET},
    {NULL},
};
static PyType_Slot rel_slots[] = {{Py_tp_members, rel_members}, {0, NULL}};
static PyType_Spec rel_spec = {"mod.Rel", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, rel_slots};
static PyType_Spec rel_neg_spec = {"mod.RelNeg", -(int)sizeof(long), 0, Py_TPFLAGS_DEFAULT, rel_slots};

static PyType_Slot dup_doc_slots[] = {{Py_tp_doc, "one"}, {Py_tp_doc, "two"}, {0, NULL}};
static PyType_Spec dup_doc_spec = {"mod.DupDoc", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, dup_doc_slots};
static PyType_Slot null_doc_slots[] = {{Py_tp_doc, NULL}, {0, NULL}};
static PyType_Spec null_doc_spec = {"mod.NullDoc", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, null_doc_slots};

static void spec_error_tests(void)
{
    PyObject *t, *bases;

    show_new("FromSpec(slot id 1000)", PyType_FromSpec(&bad_slot_spec));
    show_new("FromSpec(slot id -1)", PyType_FromSpec(&neg_slot_spec));
    show_new("FromSpec(HAVE_GC without traverse)", PyType_FromSpec(&gc_no_traverse_spec));
    show_new("FromSpec(Py_RELATIVE_OFFSET, positive basicsize)", PyType_FromSpec(&rel_spec));
    t = PyType_FromSpec(&rel_neg_spec);
    show("FromSpec(Py_RELATIVE_OFFSET, negative basicsize)", t);
    if (t) {
        PyObject *o = PyObject_CallObject(t, NULL), *v = PyLong_FromLong(77);
        show_int("  .tp_basicsize - sizeof(PyObject)",
                 (long long)(((PyTypeObject *)t)->tp_basicsize - (Py_ssize_t)sizeof(PyObject)));
        show_int("  instance.x = 77", PyObject_SetAttrString(o, "x", v));
        show_attr("  instance.x", o, "x");
        Py_DECREF(v);
        Py_DECREF(o);
        Py_DECREF(t);
    }
    t = PyLong_FromLong(1);
    show_new("FromSpecWithBases(spec, 1)", PyType_FromSpecWithBases(&viameta_spec, t));
    Py_DECREF(t);
    bases = Py_BuildValue("(Oi)", T(&PyBaseObject_Type), 1);
    show_new("FromSpecWithBases(spec, (object, 1))", PyType_FromSpecWithBases(&viameta_spec, bases));
    Py_DECREF(bases);
    /* bases == () is left out: CPython 3.12.1 returns NULL without setting
       an exception (an accident) */
    show_new("FromSpecWithBases(spec, bool)", PyType_FromSpecWithBases(&viameta_spec, T(&PyBool_Type)));
    bases = PyTuple_Pack(2, T(&PyLong_Type), T(&PyUnicode_Type));
    show_new("FromSpecWithBases(spec, (int, str))", PyType_FromSpecWithBases(&viameta_spec, bases));
    Py_DECREF(bases);
    t = PyType_FromSpec(&dup_doc_spec);
    show("FromSpec(two Py_tp_doc)", t);
    if (t)
        show_attr("  __doc__", t, "__doc__");
    Py_XDECREF(t);
    t = PyType_FromSpec(&null_doc_spec);
    show("FromSpec(Py_tp_doc NULL)", t);
    if (t)
        show_attr("  __doc__", t, "__doc__");
    Py_XDECREF(t);
}

int main(void)
{
    Py_Initialize();
    rich_tests();
    inheritance_tests();
    member_tests();
    getset_tests();
    getattro_tests();
    box_tests();
    flag_tests();
    offsets_tests();
    module_tests();
    metaclass_tests();
    getslot_tests();
    getdict_modified_tests();
    spec_error_tests();
    Py_DECREF(rich_type);
    return ctest_finish();
}
