/*
 * alloc.c -- object allocation and the memory API: PyType_GenericAlloc,
 * PyType_GenericNew, PyObject_New/NewVar/Init/InitVar/Del,
 * PyObject_GC_New/NewVar/Del/Track/UnTrack/IsTracked, PyObject_Malloc & co.,
 * PyMem_Malloc & co., PyMem_RawMalloc & co., PyMem_GetAllocator/SetAllocator.
 *
 * Only facts that do not depend on the allocator's internals are printed:
 * NULL or not, contents, refcounts of fresh objects, refcount deltas of the
 * types, and whether a counting allocator saw calls.
 */
#include "ctest.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define T(tp) ((PyObject *)(tp))
#define RC(o) ((long long)Py_REFCNT(o))

static void show_bool(const char *label, int v)
{
    printf("%s: %d\n", label, v ? 1 : 0);
}

static int deallocs;

/* ---- types ----------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    long a;
    PyObject *b;
} PlainObject;

static PyType_Slot plain_slots[] = {{0, NULL}};
static PyType_Spec plain_spec = {"alloc.Plain", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};

typedef struct {
    PyObject_VAR_HEAD
    long items[1];
} VecObject;

static PyType_Spec vec_spec = {"alloc.Vec", offsetof(VecObject, items), sizeof(long), Py_TPFLAGS_DEFAULT,
                               plain_slots};

typedef struct {
    PyObject_HEAD
    PyObject *x;
} GCObject;

static int gc_traverse(PyObject *op, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(op));
    Py_VISIT(((GCObject *)op)->x);
    return 0;
}

static PyType_Slot gc_slots[] = {{Py_tp_traverse, gc_traverse}, {0, NULL}};
static PyType_Spec gc_spec = {"alloc.GC", sizeof(GCObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
                              gc_slots};

typedef struct {
    PyObject_VAR_HEAD
    PyObject *items[1];
} GCVecObject;

static int gcvec_traverse(PyObject *op, visitproc visit, void *arg)
{
    Py_ssize_t i;
    Py_VISIT(Py_TYPE(op));
    for (i = 0; i < Py_SIZE(op); i++)
        Py_VISIT(((GCVecObject *)op)->items[i]);
    return 0;
}

static PyType_Slot gcvec_slots[] = {{Py_tp_traverse, gcvec_traverse}, {0, NULL}};
static PyType_Spec gcvec_spec = {"alloc.GCVec", offsetof(GCVecObject, items), sizeof(PyObject *),
                                 Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, gcvec_slots};

/* memory that the extension allocates itself with malloc */
static void raw_dealloc(PyObject *op)
{
    PyTypeObject *tp = Py_TYPE(op);
    deallocs++;
    free(op);
    Py_DECREF(tp);
}

static PyType_Slot raw_slots[] = {{Py_tp_dealloc, raw_dealloc}, {0, NULL}};
static PyType_Spec raw_spec = {"alloc.Raw", sizeof(PlainObject), 0, Py_TPFLAGS_DEFAULT, raw_slots};

typedef struct {
    PyObject_HEAD
    long a;
} StaticObject;

static PyTypeObject Static_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "alloc.Static",
    .tp_basicsize = sizeof(StaticObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyObject *plain_tp, *vec_tp, *gc_tp, *gcvec_tp, *raw_tp;

static void make_types(void)
{
    plain_tp = PyType_FromSpec(&plain_spec);
    vec_tp = PyType_FromSpec(&vec_spec);
    gc_tp = PyType_FromSpec(&gc_spec);
    gcvec_tp = PyType_FromSpec(&gcvec_spec);
    raw_tp = PyType_FromSpec(&raw_spec);
    show_int("PyType_Ready(Static)", PyType_Ready(&Static_Type));
    CHECK(plain_tp && vec_tp && gc_tp && gcvec_tp && raw_tp);
}

/* ---- PyType_GenericAlloc / GenericNew ------------------------------------- */

static void generic_alloc_tests(void)
{
    PyObject *o;
    long long before;

    before = RC(plain_tp);
    o = PyType_GenericAlloc((PyTypeObject *)plain_tp, 0);
    show_bool("GenericAlloc(Plain) not NULL", o != NULL);
    printf("GenericAlloc(Plain).refcnt: %lld\n", RC(o));
    show_bool("GenericAlloc(Plain).type", Py_TYPE(o) == (PyTypeObject *)plain_tp);
    show_bool("GenericAlloc(Plain) zero-filled", ((PlainObject *)o)->a == 0 && ((PlainObject *)o)->b == NULL);
    printf("GenericAlloc(Plain).type_refcnt_delta: %lld\n", RC(plain_tp) - before);
    show_bool("GenericAlloc(Plain) IsTracked", PyObject_GC_IsTracked(o));
    show_new("GenericAlloc(Plain) type()", PyObject_Type(o));
    Py_DECREF(o);
    printf("GenericAlloc(Plain) released.type_refcnt_delta: %lld\n", RC(plain_tp) - before);

    /* a variable-size type: nitems sets ob_size, the items are zeroed */
    before = RC(vec_tp);
    o = PyType_GenericAlloc((PyTypeObject *)vec_tp, 5);
    show_int("GenericAlloc(Vec, 5) Py_SIZE", (long long)Py_SIZE(o));
    {
        int i, zero = 1;
        for (i = 0; i < 5; i++)
            zero &= ((VecObject *)o)->items[i] == 0;
        show_bool("GenericAlloc(Vec, 5) items zeroed", zero);
        for (i = 0; i < 5; i++)
            ((VecObject *)o)->items[i] = i * 11; /* all five items are writable */
        show_int("GenericAlloc(Vec, 5) items[4]", ((VecObject *)o)->items[4]);
    }
    printf("GenericAlloc(Vec, 5).refcnt: %lld\n", RC(o));
    printf("GenericAlloc(Vec, 5).type_refcnt_delta: %lld\n", RC(vec_tp) - before);
    Py_DECREF(o);
    printf("GenericAlloc(Vec, 5) released.type_refcnt_delta: %lld\n", RC(vec_tp) - before);
    o = PyType_GenericAlloc((PyTypeObject *)vec_tp, 0);
    show_int("GenericAlloc(Vec, 0) Py_SIZE", (long long)Py_SIZE(o));
    Py_DECREF(o);

    /* a GC type: the object comes back tracked */
    before = RC(gc_tp);
    o = PyType_GenericAlloc((PyTypeObject *)gc_tp, 0);
    show_bool("GenericAlloc(GC) IsTracked", PyObject_GC_IsTracked(o));
    printf("GenericAlloc(GC).refcnt: %lld\n", RC(o));
    printf("GenericAlloc(GC).type_refcnt_delta: %lld\n", RC(gc_tp) - before);
    Py_DECREF(o);
    printf("GenericAlloc(GC) released.type_refcnt_delta: %lld\n", RC(gc_tp) - before);

    o = PyType_GenericAlloc((PyTypeObject *)gcvec_tp, 3);
    show_int("GenericAlloc(GCVec, 3) Py_SIZE", (long long)Py_SIZE(o));
    show_bool("GenericAlloc(GCVec, 3) items NULL",
              ((GCVecObject *)o)->items[0] == NULL && ((GCVecObject *)o)->items[2] == NULL);
    show_bool("GenericAlloc(GCVec, 3) IsTracked", PyObject_GC_IsTracked(o));
    Py_DECREF(o);

    /* a static type: no reference to the type is taken */
    before = RC(T(&Static_Type));
    o = PyType_GenericAlloc(&Static_Type, 0);
    printf("GenericAlloc(Static).type_refcnt_delta: %lld\n", RC(T(&Static_Type)) - before);
    printf("GenericAlloc(Static).refcnt: %lld\n", RC(o));
    Py_DECREF(o);
    printf("GenericAlloc(Static) released.type_refcnt_delta: %lld\n", RC(T(&Static_Type)) - before);

    /* GenericNew ignores its arguments */
    {
        PyObject *args = Py_BuildValue("(ii)", 1, 2);
        PyObject *kw = Py_BuildValue("{s:i}", "k", 3);
        before = RC(plain_tp);
        o = PyType_GenericNew((PyTypeObject *)plain_tp, args, kw);
        show_bool("GenericNew(Plain, args, kw) not NULL", o != NULL);
        printf("GenericNew(Plain).refcnt: %lld\n", RC(o));
        show_bool("GenericNew(Plain) zero-filled", ((PlainObject *)o)->a == 0 && ((PlainObject *)o)->b == NULL);
        printf("GenericNew(Plain).type_refcnt_delta: %lld\n", RC(plain_tp) - before);
        Py_DECREF(o);
        o = PyType_GenericNew((PyTypeObject *)plain_tp, NULL, NULL);
        show_bool("GenericNew(Plain, NULL, NULL) not NULL", o != NULL);
        Py_DECREF(o);
        o = PyType_GenericNew((PyTypeObject *)gc_tp, args, NULL);
        show_bool("GenericNew(GC) IsTracked", PyObject_GC_IsTracked(o));
        Py_DECREF(o);
        o = PyType_GenericNew(&Static_Type, args, kw);
        show_bool("GenericNew(Static) type", Py_TYPE(o) == &Static_Type);
        Py_DECREF(o);
        printf("GenericNew released.type_refcnt_delta: %lld\n", RC(plain_tp) - before);
        Py_DECREF(args);
        Py_DECREF(kw);
    }
}

/* ---- PyObject_New / NewVar / Init / InitVar / Del --------------------------- */

static void object_new_tests(void)
{
    PlainObject *p;
    VecObject *v;
    PyObject *o;
    long long before;

    before = RC(plain_tp);
    p = PyObject_New(PlainObject, (PyTypeObject *)plain_tp);
    show_bool("PyObject_New(Plain) not NULL", p != NULL);
    printf("PyObject_New(Plain).refcnt: %lld\n", RC(p));
    show_bool("PyObject_New(Plain).type", Py_TYPE(p) == (PyTypeObject *)plain_tp);
    printf("PyObject_New(Plain).type_refcnt_delta: %lld\n", RC(plain_tp) - before);
    show_bool("PyObject_New(Plain) IsTracked", PyObject_GC_IsTracked((PyObject *)p));
    p->a = 5;
    p->b = NULL;
    /* PyObject_Del frees the memory and nothing else: the type reference
       taken by PyObject_New stays */
    PyObject_Del(p);
    printf("PyObject_Del.type_refcnt_delta: %lld\n", RC(plain_tp) - before);
    Py_DECREF(plain_tp);
    printf("after manual type DECREF.type_refcnt_delta: %lld\n", RC(plain_tp) - before);

    /* PyObject_New + Py_DECREF: the default dealloc releases the type */
    p = PyObject_New(PlainObject, (PyTypeObject *)plain_tp);
    p->b = NULL;
    Py_DECREF(p);
    printf("PyObject_New + Py_DECREF.type_refcnt_delta: %lld\n", RC(plain_tp) - before);

    before = RC(vec_tp);
    v = PyObject_NewVar(VecObject, (PyTypeObject *)vec_tp, 3);
    show_bool("PyObject_NewVar(Vec, 3) not NULL", v != NULL);
    show_int("PyObject_NewVar(Vec, 3) Py_SIZE", (long long)Py_SIZE(v));
    printf("PyObject_NewVar(Vec, 3).refcnt: %lld\n", RC(v));
    printf("PyObject_NewVar(Vec, 3).type_refcnt_delta: %lld\n", RC(vec_tp) - before);
    v->items[0] = 1;
    v->items[2] = 3;
    show_int("PyObject_NewVar(Vec, 3) items[0]+items[2]", v->items[0] + v->items[2]);
    Py_DECREF(v);
    printf("PyObject_NewVar released.type_refcnt_delta: %lld\n", RC(vec_tp) - before);
    v = PyObject_NewVar(VecObject, (PyTypeObject *)vec_tp, 0);
    show_int("PyObject_NewVar(Vec, 0) Py_SIZE", (long long)Py_SIZE(v));
    Py_DECREF(v);

    /* static type */
    before = RC(T(&Static_Type));
    o = (PyObject *)PyObject_New(StaticObject, &Static_Type);
    printf("PyObject_New(Static).type_refcnt_delta: %lld\n", RC(T(&Static_Type)) - before);
    printf("PyObject_New(Static).refcnt: %lld\n", RC(o));
    Py_DECREF(o);

    /* PyObject_Init on memory from PyObject_Malloc */
    before = RC(plain_tp);
    p = (PlainObject *)PyObject_Malloc(sizeof(PlainObject));
    o = PyObject_Init((PyObject *)p, (PyTypeObject *)plain_tp);
    show_bool("PyObject_Init returns its argument", o == (PyObject *)p);
    printf("PyObject_Init.refcnt: %lld\n", RC(o));
    show_bool("PyObject_Init.type", Py_TYPE(o) == (PyTypeObject *)plain_tp);
    printf("PyObject_Init.type_refcnt_delta: %lld\n", RC(plain_tp) - before);
    p->b = NULL;
    Py_DECREF(o);
    printf("PyObject_Init + Py_DECREF.type_refcnt_delta: %lld\n", RC(plain_tp) - before);

    /* PyObject_Init on memory from malloc(), released by the type's own
       dealloc with free() */
    before = RC(raw_tp);
    deallocs = 0;
    p = (PlainObject *)malloc(sizeof(PlainObject));
    memset(p, 0xAB, sizeof *p);
    o = PyObject_Init((PyObject *)p, (PyTypeObject *)raw_tp);
    printf("malloc + PyObject_Init.refcnt: %lld\n", RC(o));
    show_bool("malloc + PyObject_Init.type", Py_TYPE(o) == (PyTypeObject *)raw_tp);
    printf("malloc + PyObject_Init.type_refcnt_delta: %lld\n", RC(raw_tp) - before);
    p->a = 9;
    p->b = NULL;
    show("malloc + PyObject_Init usable (type)", T(Py_TYPE(o)));
    show_int("malloc + PyObject_Init hash == hash of itself", PyObject_Hash(o) == PyObject_Hash(o));
    show_int("malloc + PyObject_Init == itself", PyObject_RichCompareBool(o, o, Py_EQ));
    Py_INCREF(o);
    printf("malloc + PyObject_Init after INCREF.refcnt: %lld\n", RC(o));
    Py_DECREF(o);
    Py_DECREF(o);
    show_int("malloc + PyObject_Init deallocs", deallocs);
    printf("malloc + PyObject_Init released.type_refcnt_delta: %lld\n", RC(raw_tp) - before);

    /* PyObject_InitVar */
    before = RC(vec_tp);
    v = (VecObject *)malloc(offsetof(VecObject, items) + 4 * sizeof(long));
    o = (PyObject *)PyObject_InitVar((PyVarObject *)v, (PyTypeObject *)vec_tp, 4);
    show_bool("PyObject_InitVar returns its argument", o == (PyObject *)v);
    printf("PyObject_InitVar.refcnt: %lld\n", RC(o));
    show_int("PyObject_InitVar Py_SIZE", (long long)Py_SIZE(o));
    printf("PyObject_InitVar.type_refcnt_delta: %lld\n", RC(vec_tp) - before);
    free(v);
    Py_DECREF(vec_tp);

    /* NULL memory: MemoryError */
    o = PyObject_Init(NULL, (PyTypeObject *)plain_tp);
    show("PyObject_Init(NULL)", o);
    o = (PyObject *)PyObject_InitVar(NULL, (PyTypeObject *)vec_tp, 2);
    show("PyObject_InitVar(NULL)", o);
}

/* ---- GC objects --------------------------------------------------------------- */

static void gc_tests(void)
{
    GCObject *g;
    GCVecObject *gv;
    PyObject *o;
    long long before;

    before = RC(gc_tp);
    g = PyObject_GC_New(GCObject, (PyTypeObject *)gc_tp);
    show_bool("GC_New not NULL", g != NULL);
    printf("GC_New.refcnt: %lld\n", RC(g));
    show_bool("GC_New.type", Py_TYPE(g) == (PyTypeObject *)gc_tp);
    printf("GC_New.type_refcnt_delta: %lld\n", RC(gc_tp) - before);
    g->x = NULL;
    show_bool("GC_New IsTracked (fresh)", PyObject_GC_IsTracked((PyObject *)g));
    PyObject_GC_Track(g);
    show_bool("IsTracked after Track", PyObject_GC_IsTracked((PyObject *)g));
    PyObject_GC_UnTrack(g);
    show_bool("IsTracked after UnTrack", PyObject_GC_IsTracked((PyObject *)g));
    PyObject_GC_UnTrack(g); /* untracking twice is allowed */
    show_bool("IsTracked after second UnTrack", PyObject_GC_IsTracked((PyObject *)g));
    PyObject_GC_Track(g);
    show_bool("IsTracked after Track again", PyObject_GC_IsTracked((PyObject *)g));
    PyObject_GC_UnTrack(g);
    PyObject_GC_Del(g);
    printf("GC_Del.type_refcnt_delta: %lld\n", RC(gc_tp) - before);
    Py_DECREF(gc_tp);
    printf("after manual type DECREF.type_refcnt_delta: %lld\n", RC(gc_tp) - before);

    /* tracked object released by Py_DECREF: the default dealloc untracks */
    g = PyObject_GC_New(GCObject, (PyTypeObject *)gc_tp);
    g->x = PyUnicode_FromString("held");
    PyObject_GC_Track(g);
    o = Py_NewRef(g->x);
    {
        long long x0 = RC(o);
        Py_DECREF(g);
        printf("GC_New + Track + Py_DECREF.member_refcnt_delta: %lld\n", RC(o) - x0);
    }
    Py_DECREF(o);
    printf("GC_New + Py_DECREF.type_refcnt_delta: %lld\n", RC(gc_tp) - before);

    before = RC(gcvec_tp);
    gv = PyObject_GC_NewVar(GCVecObject, (PyTypeObject *)gcvec_tp, 4);
    show_bool("GC_NewVar not NULL", gv != NULL);
    show_int("GC_NewVar Py_SIZE", (long long)Py_SIZE(gv));
    printf("GC_NewVar.refcnt: %lld\n", RC(gv));
    printf("GC_NewVar.type_refcnt_delta: %lld\n", RC(gcvec_tp) - before);
    show_bool("GC_NewVar IsTracked (fresh)", PyObject_GC_IsTracked((PyObject *)gv));
    {
        int i;
        for (i = 0; i < 4; i++)
            gv->items[i] = PyLong_FromLong(i);
    }
    PyObject_GC_Track(gv);
    show_bool("GC_NewVar IsTracked after Track", PyObject_GC_IsTracked((PyObject *)gv));
    Py_DECREF(gv);
    printf("GC_NewVar + Py_DECREF.type_refcnt_delta: %lld\n", RC(gcvec_tp) - before);

    /* IsTracked on other objects */
    o = PyLong_FromLong(123456789);
    show_bool("IsTracked(int)", PyObject_GC_IsTracked(o));
    Py_DECREF(o);
    o = PyList_New(0);
    show_bool("IsTracked(new list)", PyObject_GC_IsTracked(o));
    Py_DECREF(o);
    o = PyUnicode_FromString("s");
    show_bool("IsTracked(str)", PyObject_GC_IsTracked(o));
    Py_DECREF(o);
    show_bool("IsTracked(None)", PyObject_GC_IsTracked(Py_None));
    show_bool("IsTracked(heap type)", PyObject_GC_IsTracked(gc_tp));
}

/* ---- raw memory ------------------------------------------------------------------ */

static int all_zero(const void *p, size_t n)
{
    const unsigned char *c = p;
    size_t i;
    for (i = 0; i < n; i++)
        if (c[i])
            return 0;
    return 1;
}

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);

static void memory_family(const char *name, malloc_fn m, calloc_fn c, realloc_fn r, free_fn f)
{
    char label[96];
    char *p, *q;

#define L(s) (snprintf(label, sizeof label, "%s%s", name, s), label)
    p = m(0);
    show_bool(L("Malloc(0) not NULL"), p != NULL);
    f(p);
    p = m(100);
    show_bool(L("Malloc(100) not NULL"), p != NULL);
    memcpy(p, "0123456789", 11);
    q = r(p, 100000);
    show_bool(L("Realloc(100000) not NULL"), q != NULL);
    show_cstr(L("Realloc keeps the content"), q);
    memset(q + 99990, 'x', 10);
    p = r(q, 5);
    show_bool(L("Realloc(5) keeps the first bytes"), p != NULL && memcmp(p, "01234", 5) == 0);
    q = r(p, 0);
    show_bool(L("Realloc(p, 0) not NULL"), q != NULL);
    f(q);
    p = r(NULL, 16);
    show_bool(L("Realloc(NULL, 16) not NULL"), p != NULL);
    f(p);
    p = c(10, 100);
    show_bool(L("Calloc(10, 100) not NULL"), p != NULL);
    show_bool(L("Calloc(10, 100) zeroed"), all_zero(p, 1000));
    f(p);
    p = c(0, 0);
    show_bool(L("Calloc(0, 0) not NULL"), p != NULL);
    f(p);
    p = c(1, 0);
    show_bool(L("Calloc(1, 0) not NULL"), p != NULL);
    f(p);
    f(NULL);
    show_bool(L("Free(NULL) ok"), 1);
    p = m((size_t)PY_SSIZE_T_MAX + 1);
    show_bool(L("Malloc(PY_SSIZE_T_MAX + 1) is NULL"), p == NULL);
    CHECK_NOERR();
    p = c(SIZE_MAX / 2, 4);
    show_bool(L("Calloc(SIZE_MAX/2, 4) is NULL"), p == NULL);
    CHECK_NOERR();
    p = m(32);
    q = r(p, (size_t)PY_SSIZE_T_MAX + 1);
    show_bool(L("Realloc(p, PY_SSIZE_T_MAX + 1) is NULL"), q == NULL);
    CHECK_NOERR();
    f(p);
#undef L
}

static void memory_tests(void)
{
    memory_family("PyObject_", PyObject_Malloc, PyObject_Calloc, PyObject_Realloc, PyObject_Free);
    memory_family("PyMem_", PyMem_Malloc, PyMem_Calloc, PyMem_Realloc, PyMem_Free);
    memory_family("PyMem_Raw", PyMem_RawMalloc, PyMem_RawCalloc, PyMem_RawRealloc, PyMem_RawFree);
    {
        long *l = PyMem_New(long, 10);
        show_bool("PyMem_New(long, 10) not NULL", l != NULL);
        l[9] = 7;
        PyMem_Resize(l, long, 20);
        show_bool("PyMem_Resize(long, 20) keeps items", l != NULL && l[9] == 7);
        PyMem_Del(l);
        l = PyMem_New(long, (size_t)PY_SSIZE_T_MAX / 4);
        show_bool("PyMem_New(long, huge) is NULL", l == NULL);
        CHECK_NOERR();
    }
}

/* ---- PyMem_GetAllocator / SetAllocator --------------------------------------------- */

typedef struct {
    PyMemAllocatorEx old;
    long mallocs, callocs, reallocs, frees;
} Counter;

static Counter counters[3];

static void *c_malloc(void *ctx, size_t n)
{
    Counter *c = ctx;
    c->mallocs++;
    return c->old.malloc(c->old.ctx, n);
}

static void *c_calloc(void *ctx, size_t a, size_t b)
{
    Counter *c = ctx;
    c->callocs++;
    return c->old.calloc(c->old.ctx, a, b);
}

static void *c_realloc(void *ctx, void *p, size_t n)
{
    Counter *c = ctx;
    c->reallocs++;
    return c->old.realloc(c->old.ctx, p, n);
}

static void c_free(void *ctx, void *p)
{
    Counter *c = ctx;
    c->frees++;
    c->old.free(c->old.ctx, p);
}

static void install(PyMemAllocatorDomain d, Counter *c)
{
    PyMemAllocatorEx a = {c, c_malloc, c_calloc, c_realloc, c_free};
    PyMem_GetAllocator(d, &c->old);
    c->mallocs = c->callocs = c->reallocs = c->frees = 0;
    PyMem_SetAllocator(d, &a);
}

static void allocator_tests(void)
{
    PyMemAllocatorEx before_obj, before_mem, before_raw, now;
    Counter *co = &counters[0], *cm = &counters[1], *cr = &counters[2];
    PyObject *objs[20];
    void *p;
    int i;

    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &before_obj);
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &before_mem);
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &before_raw);
    show_bool("GetAllocator(OBJ) has all four functions",
              before_obj.malloc && before_obj.calloc && before_obj.realloc && before_obj.free);
    show_bool("GetAllocator(MEM) has all four functions",
              before_mem.malloc && before_mem.calloc && before_mem.realloc && before_mem.free);
    show_bool("GetAllocator(RAW) has all four functions",
              before_raw.malloc && before_raw.calloc && before_raw.realloc && before_raw.free);

    install(PYMEM_DOMAIN_OBJ, co);
    install(PYMEM_DOMAIN_MEM, cm);
    install(PYMEM_DOMAIN_RAW, cr);
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &now);
    show_bool("GetAllocator(OBJ) returns the installed one", now.ctx == co && now.malloc == c_malloc);

    /* direct calls go through the hooks */
    p = PyObject_Malloc(24);
    p = PyObject_Realloc(p, 48);
    PyObject_Free(p);
    p = PyObject_Calloc(2, 8);
    PyObject_Free(p);
    show_bool("OBJ hook: malloc counted", co->mallocs >= 1);
    show_bool("OBJ hook: calloc counted", co->callocs >= 1);
    show_bool("OBJ hook: realloc counted", co->reallocs >= 1);
    show_bool("OBJ hook: free counted", co->frees >= 2);
    p = PyMem_Malloc(24);
    p = PyMem_Realloc(p, 4800);
    PyMem_Free(p);
    p = PyMem_Calloc(3, 8);
    PyMem_Free(p);
    show_bool("MEM hook: malloc counted", cm->mallocs >= 1);
    show_bool("MEM hook: calloc counted", cm->callocs >= 1);
    show_bool("MEM hook: realloc counted", cm->reallocs >= 1);
    show_bool("MEM hook: free counted", cm->frees >= 2);
    p = PyMem_RawMalloc(24);
    PyMem_RawFree(p);
    show_bool("RAW hook: malloc counted", cr->mallocs >= 1);
    show_bool("RAW hook: free counted", cr->frees >= 1);

    /* objects: allocations through the OBJ domain */
    {
        long m0 = co->mallocs + co->callocs;
        for (i = 0; i < 20; i++)
            objs[i] = PyType_GenericAlloc((PyTypeObject *)plain_tp, 0);
        show_bool("20 GenericAlloc objects counted in OBJ", co->mallocs + co->callocs - m0 >= 20);
        m0 = co->frees;
        for (i = 0; i < 20; i++)
            Py_DECREF(objs[i]);
        show_bool("20 objects freed through OBJ", co->frees - m0 >= 20);
        m0 = co->mallocs + co->callocs;
        for (i = 0; i < 20; i++)
            objs[i] = PyLong_FromLongLong(1000000000000LL + i);
        show_bool("20 big ints counted in OBJ", co->mallocs + co->callocs - m0 >= 20);
        for (i = 0; i < 20; i++)
            Py_DECREF(objs[i]);
    }

    /* restore, and check that the old allocators are back */
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &co->old);
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &cm->old);
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &cr->old);
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &now);
    show_bool("OBJ allocator restored", now.ctx == before_obj.ctx && now.malloc == before_obj.malloc &&
                                            now.free == before_obj.free);
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &now);
    show_bool("MEM allocator restored", now.ctx == before_mem.ctx && now.malloc == before_mem.malloc);
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &now);
    show_bool("RAW allocator restored", now.ctx == before_raw.ctx && now.malloc == before_raw.malloc);
    {
        long m0 = co->mallocs;
        p = PyObject_Malloc(24);
        PyObject_Free(p);
        show_bool("OBJ hook no longer called", co->mallocs == m0);
    }
}

int main(void)
{
    Py_Initialize();
    make_types();
    generic_alloc_tests();
    object_new_tests();
    gc_tests();
    memory_tests();
    allocator_tests();
    Py_DECREF(plain_tp);
    Py_DECREF(vec_tp);
    Py_DECREF(gc_tp);
    Py_DECREF(gcvec_tp);
    Py_DECREF(raw_tp);
    return ctest_finish();
}
