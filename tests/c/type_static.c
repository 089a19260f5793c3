/*
 * type_static.c -- static PyTypeObjects declared in C with CPython's layout
 * and readied with PyType_Ready: calling them, attribute access through
 * members and getsets, readying twice, a static subclass (tp_base), a heap
 * subclass of a static type, PyType_GetSlot on them, and the errors that
 * PyType_Ready reports.
 */
#include "ctest.h"

#include <stdarg.h>
#include <stddef.h>

#define T(tp) ((PyObject *)(tp))
#define RC(o) ((long long)Py_REFCNT(o))

static char evbuf[512];

static void ev(const char *s)
{
    if (evbuf[0])
        strncat(evbuf, ",", sizeof evbuf - strlen(evbuf) - 1);
    strncat(evbuf, s, sizeof evbuf - strlen(evbuf) - 1);
}

static void show_events(const char *label)
{
    printf("%s.events: %s\n", label, evbuf[0] ? evbuf : "(none)");
    evbuf[0] = '\0';
}

static void show_bool(const char *label, int v)
{
    printf("%s: %d\n", label, v ? 1 : 0);
}

static void show_flag(const char *label, PyTypeObject *tp, unsigned long flag)
{
    show_bool(label, (tp->tp_flags & flag) != 0);
}

static void show_attr(const char *label, PyObject *o, const char *name)
{
    show_new(label, PyObject_GetAttrString(o, name));
}

/* ---- mod.Static ----------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    long v;
    PyObject *o;
} StaticObject;

static void static_dealloc(PyObject *op)
{
    ev("static_dealloc");
    Py_CLEAR(((StaticObject *)op)->o);
    Py_TYPE(op)->tp_free(op);
}

static PyObject *static_repr(PyObject *op)
{
    return PyUnicode_FromFormat("<%s v=%ld>", Py_TYPE(op)->tp_name, ((StaticObject *)op)->v);
}

static PyObject *static_get_double(PyObject *op, void *closure)
{
    return PyLong_FromLong(((StaticObject *)op)->v * 2);
}

static int static_set_double(PyObject *op, PyObject *value, void *closure)
{
    long x;
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete double");
        return -1;
    }
    x = PyLong_AsLong(value);
    if (x == -1 && PyErr_Occurred())
        return -1;
    ((StaticObject *)op)->v = x / 2;
    return 0;
}

static PyMemberDef static_members[] = {
    {"v", Py_T_LONG, offsetof(StaticObject, v), 0, "the value"},
    {"o", Py_T_OBJECT_EX, offsetof(StaticObject, o), 0, NULL},
    {"v_ro", Py_T_LONG, offsetof(StaticObject, v), Py_READONLY, NULL},
    {NULL},
};

static PyGetSetDef static_getset[] = {
    {"double", static_get_double, static_set_double, "twice v", NULL},
    {NULL},
};

static PyTypeObject Static_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.Static",
    .tp_basicsize = sizeof(StaticObject),
    .tp_itemsize = 0,
    .tp_dealloc = static_dealloc,
    .tp_repr = static_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Static(v)\n--\n\nA static type.",
    .tp_members = static_members,
    .tp_getset = static_getset,
    .tp_new = PyType_GenericNew,
};

/* ---- mod.StaticSub: tp_base = &Static_Type ----------------------------------- */

typedef struct {
    StaticObject base;
    double extra;
} StaticSubObject;

static PyMemberDef staticsub_members[] = {
    {"extra", Py_T_DOUBLE, offsetof(StaticSubObject, extra), 0, NULL},
    {NULL},
};

static PyObject *staticsub_str(PyObject *op)
{
    return PyUnicode_FromFormat("StaticSub(%ld)", ((StaticObject *)op)->v);
}

static PyTypeObject StaticSub_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.StaticSub",
    .tp_basicsize = sizeof(StaticSubObject),
    .tp_str = staticsub_str,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = staticsub_members,
    .tp_base = &Static_Type,
};

/* a type that is not BASETYPE, and a static subclass of it */
static PyTypeObject StaticFinal_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.StaticFinal",
    .tp_basicsize = sizeof(StaticObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject StaticFinalSub_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.StaticFinalSub",
    .tp_basicsize = sizeof(StaticObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_base = &StaticFinal_Type,
};

/* no dot in the name, no tp_new */
static PyTypeObject NoDot_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "NoDotStatic",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

/* errors at PyType_Ready */
static PyTypeObject ManagedDict_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.StaticManagedDict",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MANAGED_DICT,
    .tp_new = PyType_GenericNew,
};

static int gc_traverse(PyObject *op, visitproc visit, void *arg)
{
    return 0;
}

static PyTypeObject ManagedDictGC_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.StaticManagedDictGC",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = gc_traverse,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject ManagedWeakref_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.StaticManagedWeakref",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MANAGED_WEAKREF | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = gc_traverse,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject GCNoTraverse_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "mod.StaticGCNoTraverse",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
};

/* ---- a heap subclass of the static type ------------------------------------ */

static PyType_Slot heapsub_slots[] = {{0, NULL}};
static PyType_Spec heapsub_spec = {"mod.HeapSub", 0, 0, Py_TPFLAGS_DEFAULT, heapsub_slots};

static void before_ready(void)
{
    show_flag("Static.READY before Ready", &Static_Type, Py_TPFLAGS_READY);
    show_bool("Static ob_type NULL before Ready", Py_TYPE(&Static_Type) == NULL);
    show_bool("Static.tp_base NULL before Ready", Static_Type.tp_base == NULL);
}

static void ready_tests(void)
{
    /* readying the subclass readies its base first */
    show_int("PyType_Ready(StaticSub)", PyType_Ready(&StaticSub_Type));
    show_flag("StaticSub.READY", &StaticSub_Type, Py_TPFLAGS_READY);
    show_flag("Static.READY (via the subclass)", &Static_Type, Py_TPFLAGS_READY);
    show_int("PyType_Ready(Static)", PyType_Ready(&Static_Type));
    show_int("PyType_Ready(Static) again", PyType_Ready(&Static_Type));
    show_int("PyType_Ready(StaticSub) again", PyType_Ready(&StaticSub_Type));
    show_bool("Static ob_type is type", Py_TYPE(&Static_Type) == &PyType_Type);
    show_bool("Static.tp_base is object", Static_Type.tp_base == &PyBaseObject_Type);
    show_bool("StaticSub.tp_base is Static", StaticSub_Type.tp_base == &Static_Type);
    show_flag("Static.HEAPTYPE", &Static_Type, Py_TPFLAGS_HEAPTYPE);
    show_flag("Static.BASETYPE", &Static_Type, Py_TPFLAGS_BASETYPE);
    show_flag("Static.IMMUTABLETYPE", &Static_Type, Py_TPFLAGS_IMMUTABLETYPE);
    show_flag("Static.HAVE_GC", &Static_Type, Py_TPFLAGS_HAVE_GC);
    show_flag("StaticSub.BASETYPE", &StaticSub_Type, Py_TPFLAGS_BASETYPE);
    show_flag("StaticSub.IMMUTABLETYPE", &StaticSub_Type, Py_TPFLAGS_IMMUTABLETYPE);
    show_bool("PyType_GetFlags(Static) == tp_flags", PyType_GetFlags(&Static_Type) == Static_Type.tp_flags);
}

static void introspection_tests(void)
{
    PyObject *t = T(&Static_Type), *s = T(&StaticSub_Type), *d, *k;

    show("Static", t);
    show_attr("Static.__name__", t, "__name__");
    show_attr("Static.__qualname__", t, "__qualname__");
    show_attr("Static.__module__", t, "__module__");
    show_attr("Static.__doc__", t, "__doc__");
    show_attr("Static.__text_signature__", t, "__text_signature__");
    show_attr("Static.__mro__", t, "__mro__");
    show_attr("Static.__basicsize__", t, "__basicsize__");
    show_new("Static.GetName", PyType_GetName(&Static_Type));
    show_new("Static.GetQualName", PyType_GetQualName(&Static_Type));
    show("StaticSub", s);
    show_attr("StaticSub.__mro__", s, "__mro__");
    show_attr("StaticSub.__doc__", s, "__doc__");
    show_attr("StaticSub.__basicsize__", s, "__basicsize__");
    show_bool("IsSubtype(StaticSub, Static)", PyType_IsSubtype(&StaticSub_Type, &Static_Type));
    show_bool("IsSubtype(Static, StaticSub)", PyType_IsSubtype(&Static_Type, &StaticSub_Type));
    show_attr("Static.v", t, "v");
    k = PyObject_GetAttrString(t, "v");
    show_attr("Static.v.__doc__", k, "__doc__");
    Py_DECREF(k);
    show_attr("Static.double", t, "double");
    d = PyType_GetDict(&Static_Type);
    show_bool("GetDict(Static) is a dict", d && PyDict_CheckExact(d));
    show_int("GetDict(Static) has v", PyDict_Contains(d, k = PyUnicode_FromString("v")));
    Py_DECREF(k);
    show_int("GetDict(Static) has double", PyDict_Contains(d, k = PyUnicode_FromString("double")));
    Py_DECREF(k);
    show_int("GetDict(Static) has __repr__", PyDict_Contains(d, k = PyUnicode_FromString("__repr__")));
    Py_DECREF(k);
    show_int("GetDict(Static) has __new__", PyDict_Contains(d, k = PyUnicode_FromString("__new__")));
    Py_DECREF(k);
    show_int("GetDict(Static) has __module__", PyDict_Contains(d, k = PyUnicode_FromString("__module__")));
    Py_DECREF(k);
    show_int("GetDict(Static) has __doc__", PyDict_Contains(d, k = PyUnicode_FromString("__doc__")));
    Py_DECREF(k);
    Py_XDECREF(d);
    d = PyType_GetDict(&StaticSub_Type);
    show_int("GetDict(StaticSub) has v", PyDict_Contains(d, k = PyUnicode_FromString("v")));
    Py_DECREF(k);
    show_int("GetDict(StaticSub) has extra", PyDict_Contains(d, k = PyUnicode_FromString("extra")));
    Py_DECREF(k);
    show_int("GetDict(StaticSub) has __repr__", PyDict_Contains(d, k = PyUnicode_FromString("__repr__")));
    Py_DECREF(k);
    show_int("GetDict(StaticSub) has __str__", PyDict_Contains(d, k = PyUnicode_FromString("__str__")));
    Py_DECREF(k);
    Py_XDECREF(d);
    show_new("GetModule(Static)", Py_XNewRef(PyType_GetModule(&Static_Type)));
}

static void instance_tests(void)
{
    PyObject *t = T(&Static_Type), *o, *v, *args;
    long long before = RC(t);

    o = PyObject_CallObject(t, NULL);
    show("Static()", o);
    printf("Static().type_refcnt_delta: %lld\n", RC(t) - before);
    printf("Static().refcnt: %lld\n", RC(o));
    show_bool("Static() type", Py_TYPE(o) == &Static_Type);
    show_attr("Static().v", o, "v");
    show_attr("Static().o", o, "o");
    show_attr("Static().double", o, "double");
    v = PyLong_FromLong(21);
    show_int("Static().v = 21", PyObject_SetAttrString(o, "v", v));
    Py_DECREF(v);
    show("Static() after v = 21", o);
    show_attr("Static().double", o, "double");
    v = PyLong_FromLong(100);
    show_int("Static().double = 100", PyObject_SetAttrString(o, "double", v));
    show_attr("Static().v", o, "v");
    show_attr("Static().v_ro", o, "v_ro");
    show_int("Static().v_ro = 100", PyObject_SetAttrString(o, "v_ro", v));
    show_int("del Static().double", PyObject_DelAttrString(o, "double"));
    show_int("Static().o = 100", PyObject_SetAttrString(o, "o", v));
    show_attr("Static().o", o, "o");
    show_int("del Static().o", PyObject_DelAttrString(o, "o"));
    show_attr("Static().missing", o, "missing");
    show_int("Static().missing = 100", PyObject_SetAttrString(o, "missing", v));
    show_int("Static.attr = 100", PyObject_SetAttrString(t, "attr", v));
    show_int("Static.v = 100", PyObject_SetAttrString(t, "v", v));
    show_str("str(Static())", o);
    show_attr("Static().__doc__", o, "__doc__");
    show_attr("Static().__class__", o, "__class__");
    Py_DECREF(v);
    Py_DECREF(o);
    show_events("del Static()");
    printf("del Static().type_refcnt_delta: %lld\n", RC(t) - before);

    /* GenericNew ignores the arguments; object.__init__ rejects them */
    args = Py_BuildValue("(i)", 1);
    show_new("Static(1)", PyObject_CallObject(t, args));
    show_events("Static(1)");
    Py_DECREF(args);

    /* the subclass */
    t = T(&StaticSub_Type);
    before = RC(t);
    o = PyObject_CallObject(t, NULL);
    show("StaticSub() (repr inherited)", o);
    show_str("StaticSub() (own str)", o);
    printf("StaticSub().type_refcnt_delta: %lld\n", RC(t) - before);
    v = PyFloat_FromDouble(2.5);
    show_int("StaticSub().extra = 2.5", PyObject_SetAttrString(o, "extra", v));
    Py_DECREF(v);
    show_attr("StaticSub().extra", o, "extra");
    v = PyLong_FromLong(8);
    show_int("StaticSub().double = 8", PyObject_SetAttrString(o, "double", v));
    Py_DECREF(v);
    show_attr("StaticSub().v", o, "v");
    show_bool("StaticSub() IsInstance Static", PyObject_IsInstance(o, T(&Static_Type)));
    Py_DECREF(o);
    show_events("del StaticSub()");
}

static void getslot_tests(void)
{
    show_bool("GetSlot(Static, tp_repr) is static_repr",
              PyType_GetSlot(&Static_Type, Py_tp_repr) == (void *)static_repr);
    show_bool("GetSlot(Static, tp_new) is PyType_GenericNew",
              PyType_GetSlot(&Static_Type, Py_tp_new) == (void *)PyType_GenericNew);
    show_bool("GetSlot(Static, tp_dealloc) is static_dealloc",
              PyType_GetSlot(&Static_Type, Py_tp_dealloc) == (void *)static_dealloc);
    show_bool("GetSlot(Static, tp_members) is static_members",
              PyType_GetSlot(&Static_Type, Py_tp_members) == (void *)static_members);
    show_bool("GetSlot(Static, tp_getset) is static_getset",
              PyType_GetSlot(&Static_Type, Py_tp_getset) == (void *)static_getset);
    show_bool("GetSlot(Static, tp_getattro) is PyObject_GenericGetAttr",
              PyType_GetSlot(&Static_Type, Py_tp_getattro) == (void *)PyObject_GenericGetAttr);
    show_bool("GetSlot(Static, tp_alloc) is PyType_GenericAlloc",
              PyType_GetSlot(&Static_Type, Py_tp_alloc) == (void *)PyType_GenericAlloc);
    show_bool("GetSlot(Static, tp_free) is PyObject_Free",
              PyType_GetSlot(&Static_Type, Py_tp_free) == (void *)PyObject_Free);
    show_bool("GetSlot(Static, tp_str) is object's tp_str",
              PyType_GetSlot(&Static_Type, Py_tp_str) == (void *)PyBaseObject_Type.tp_str);
    show_bool("GetSlot(Static, tp_base) is object",
              PyType_GetSlot(&Static_Type, Py_tp_base) == (void *)&PyBaseObject_Type);
    show_bool("GetSlot(StaticSub, tp_repr) is static_repr (inherited)",
              PyType_GetSlot(&StaticSub_Type, Py_tp_repr) == (void *)static_repr);
    show_bool("GetSlot(StaticSub, tp_str) is staticsub_str",
              PyType_GetSlot(&StaticSub_Type, Py_tp_str) == (void *)staticsub_str);
    show_bool("GetSlot(StaticSub, tp_new) is PyType_GenericNew (inherited)",
              PyType_GetSlot(&StaticSub_Type, Py_tp_new) == (void *)PyType_GenericNew);
    show_bool("GetSlot(StaticSub, tp_dealloc) is static_dealloc (inherited)",
              PyType_GetSlot(&StaticSub_Type, Py_tp_dealloc) == (void *)static_dealloc);
    show_bool("GetSlot(StaticSub, tp_members) is staticsub_members",
              PyType_GetSlot(&StaticSub_Type, Py_tp_members) == (void *)staticsub_members);
    show_bool("GetSlot(StaticSub, tp_base) is Static",
              PyType_GetSlot(&StaticSub_Type, Py_tp_base) == (void *)&Static_Type);
    show_bool("GetSlot(Static, mp_subscript) is NULL", PyType_GetSlot(&Static_Type, Py_mp_subscript) == NULL);
    show_bool("GetSlot(Static, nb_add) is NULL", PyType_GetSlot(&Static_Type, Py_nb_add) == NULL);
    CHECK_NOERR();
    show_bool("GetSlot(Static, 0) is NULL", PyType_GetSlot(&Static_Type, 0) == NULL);
    show_exc("GetSlot(Static, 0).exc");
    show_bool("GetSlot(Static, 999) is NULL", PyType_GetSlot(&Static_Type, 999) == NULL);
    show_exc("GetSlot(Static, 999).exc");
}

static void heap_subclass_tests(void)
{
    PyObject *h = PyType_FromSpecWithBases(&heapsub_spec, T(&Static_Type));
    PyObject *o, *v;
    long long before;

    show("HeapSub(Static)", h);
    show_flag("HeapSub.HEAPTYPE", (PyTypeObject *)h, Py_TPFLAGS_HEAPTYPE);
    show_attr("HeapSub.__mro__", h, "__mro__");
    show_int("HeapSub.tp_basicsize == Static's",
             ((PyTypeObject *)h)->tp_basicsize == Static_Type.tp_basicsize);
    before = RC(h);
    o = PyObject_CallObject(h, NULL);
    show("HeapSub()", o);
    printf("HeapSub().type_refcnt_delta: %lld\n", RC(h) - before);
    v = PyLong_FromLong(5);
    show_int("HeapSub().v = 5", PyObject_SetAttrString(o, "v", v));
    Py_DECREF(v);
    show("HeapSub() after v = 5", o);
    show_bool("GetSlot(HeapSub, tp_repr) is static_repr",
              PyType_GetSlot((PyTypeObject *)h, Py_tp_repr) == (void *)static_repr);
    show_bool("GetSlot(HeapSub, tp_dealloc) is static_dealloc",
              PyType_GetSlot((PyTypeObject *)h, Py_tp_dealloc) == (void *)static_dealloc);
    /* the subtype dealloc calls the static base's dealloc, then releases
       the heap type (the static dealloc does not) */
    Py_DECREF(o);
    show_events("del HeapSub()");
    printf("del HeapSub().type_refcnt_delta: %lld\n", RC(h) - before);
    Py_DECREF(h);
}

static void error_tests(void)
{
    /* PyType_Ready does not check BASETYPE of a static base */
    show_int("PyType_Ready(StaticFinalSub)", PyType_Ready(&StaticFinalSub_Type));
    show_flag("StaticFinalSub.READY", &StaticFinalSub_Type, Py_TPFLAGS_READY);
    show_flag("StaticFinal.READY (base readied)", &StaticFinal_Type, Py_TPFLAGS_READY);
    {
        PyObject *o = PyObject_CallObject(T(&StaticFinalSub_Type), NULL);
        show_bool("StaticFinalSub() made", o != NULL && Py_TYPE(o) == &StaticFinalSub_Type);
        Py_XDECREF(o);
    }
    show_int("PyType_Ready(StaticManagedDict)", PyType_Ready(&ManagedDict_Type));
    show_flag("StaticManagedDict.READY after failure", &ManagedDict_Type, Py_TPFLAGS_READY);
    show_int("PyType_Ready(StaticManagedDictGC)", PyType_Ready(&ManagedDictGC_Type));
    show_int("PyType_Ready(StaticManagedWeakref)", PyType_Ready(&ManagedWeakref_Type));
    show_int("StaticManagedWeakref.tp_weaklistoffset", (long long)ManagedWeakref_Type.tp_weaklistoffset);
    show_int("PyType_Ready(StaticGCNoTraverse)", PyType_Ready(&GCNoTraverse_Type));
    show_int("PyType_Ready(NoDotStatic)", PyType_Ready(&NoDot_Type));
    show("NoDotStatic", T(&NoDot_Type));
    show_attr("NoDotStatic.__module__", T(&NoDot_Type), "__module__");
    show_attr("NoDotStatic.__name__", T(&NoDot_Type), "__name__");
    show_attr("NoDotStatic.__doc__", T(&NoDot_Type), "__doc__");
    show_bool("NoDotStatic.tp_new is NULL", NoDot_Type.tp_new == NULL);
    /* a static type without tp_new does not inherit object's */
    show_new("NoDotStatic()", PyObject_CallObject(T(&NoDot_Type), NULL));
    /* a descriptor of one type applied to an instance of another: both
       types are named by their full tp_name */
    {
        PyObject *o = PyObject_CallObject(T(&StaticFinalSub_Type), NULL);
        const char *names[] = {"v", "double", NULL};
        for (int i = 0; names[i] != NULL && o != NULL; i++) {
            PyObject *d = PyDict_GetItemString(Static_Type.tp_dict, names[i]);
            show("descriptor", d);
            show_new("descriptor.__get__(StaticFinalSub())",
                     Py_TYPE(d)->tp_descr_get(d, o, T(&StaticFinalSub_Type)));
            show_int("descriptor.__set__(StaticFinalSub(), None)",
                     Py_TYPE(d)->tp_descr_set(d, o, Py_None));
        }
        Py_XDECREF(o);
    }
}

int main(void)
{
    Py_Initialize();
    before_ready();
    ready_tests();
    introspection_tests();
    instance_tests();
    getslot_tests();
    heap_subclass_tests();
    error_tests();
    return ctest_finish();
}
