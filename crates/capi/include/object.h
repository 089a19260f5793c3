/* object.h - the object header, reference counting and type basics.
 *
 * Every object starts with PyObject (16 bytes on x86-64): the reference
 * count, then the type.  Variable-size objects (PyVarObject) add an item
 * count.  Static objects are immortal: the low 32 bits of their count are
 * all ones, and the inline Py_INCREF/Py_DECREF below leave them alone.
 */
#ifndef Py_OBJECT_H
#define Py_OBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

#ifdef Py_TRACE_REFS
#  error "Ophis has no Py_TRACE_REFS build: the object header is fixed"
#endif

/* Reference count of an immortal object (its low 32 bits are all ones). */
#define _Py_IMMORTAL_REFCNT UINT_MAX

#define PyObject_HEAD     PyObject ob_base;
#define PyObject_VAR_HEAD PyVarObject ob_base;
#define Py_INVALID_SIZE   (Py_ssize_t)-1

/* Initializers for statically allocated objects: a count of 1, as C code
   written for CPython expects (the runtime's own statics are immortal). */
#define PyObject_HEAD_INIT(type) \
    { { 1 }, (type) },
#define PyVarObject_HEAD_INIT(type, size) \
    { PyObject_HEAD_INIT(type) (size) },

struct _object {
    /* Anonymous unions are C11; GCC and Clang accept them earlier. */
#if !defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__)) \
    && !(defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L)
    __extension__
#endif
    union {
        Py_ssize_t ob_refcnt;
        uint32_t ob_refcnt_split[2];   /* [0] is the low half */
    };
    PyTypeObject *ob_type;
};

typedef struct {
    PyObject ob_base;
    Py_ssize_t ob_size;                /* number of items */
} PyVarObject;

#define _PyObject_CAST(op)    _Py_CAST(PyObject*, (op))
#define _PyVarObject_CAST(op) _Py_CAST(PyVarObject*, (op))

/* Identity: "x is y". The function exists for the stable ABI; C code gets
   the macro. */
PyAPI_FUNC(int) Py_Is(PyObject *x, PyObject *y);
#define Py_Is(x, y) ((x) == (y))

/* ---- Header accessors ----
   Up to limited API 3.10 (and outside it) the accessors accept any object
   pointer; from limited 3.11 on, they take PyObject* only, as in CPython. */

static inline Py_ssize_t Py_REFCNT(PyObject *ob) {
    return ob->ob_refcnt;
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_REFCNT(ob) Py_REFCNT(_PyObject_CAST(ob))
#endif

static inline PyTypeObject* Py_TYPE(PyObject *ob) {
    return ob->ob_type;
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_TYPE(ob) Py_TYPE(_PyObject_CAST(ob))
#endif

PyAPI_DATA(PyTypeObject) PyLong_Type;
PyAPI_DATA(PyTypeObject) PyBool_Type;

/* ob_size of a variable-size object (not meaningful for int and bool). */
static inline Py_ssize_t Py_SIZE(PyObject *ob) {
    assert(ob->ob_type != &PyLong_Type);
    assert(ob->ob_type != &PyBool_Type);
    return _PyVarObject_CAST(ob)->ob_size;
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_SIZE(ob) Py_SIZE(_PyObject_CAST(ob))
#endif

/* Immortal iff the low 32 bits, read as signed, are negative. */
static inline Py_ALWAYS_INLINE int _Py_IsImmortal(PyObject *op) {
    return _Py_CAST(int32_t, op->ob_refcnt) < 0;
}
#define _Py_IsImmortal(op) _Py_IsImmortal(_PyObject_CAST(op))

static inline int Py_IS_TYPE(PyObject *ob, PyTypeObject *type) {
    return Py_TYPE(ob) == type;
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_IS_TYPE(ob, type) Py_IS_TYPE(_PyObject_CAST(ob), (type))
#endif

/* Writes the whole count field, except on immortal objects. */
static inline void Py_SET_REFCNT(PyObject *ob, Py_ssize_t refcnt) {
    if (_Py_IsImmortal(ob)) {
        return;
    }
    ob->ob_refcnt = refcnt;
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_SET_REFCNT(ob, refcnt) Py_SET_REFCNT(_PyObject_CAST(ob), (refcnt))
#endif

static inline void Py_SET_TYPE(PyObject *ob, PyTypeObject *type) {
    ob->ob_type = type;
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_SET_TYPE(ob, type) Py_SET_TYPE(_PyObject_CAST(ob), type)
#endif

static inline void Py_SET_SIZE(PyVarObject *ob, Py_ssize_t size) {
    assert(ob->ob_base.ob_type != &PyLong_Type);
    assert(ob->ob_base.ob_type != &PyBool_Type);
    ob->ob_size = size;
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_SET_SIZE(ob, size) Py_SET_SIZE(_PyVarObject_CAST(ob), (size))
#endif

/* ---- Slot function types ---- */

typedef PyObject *(*unaryfunc)(PyObject *);
typedef PyObject *(*binaryfunc)(PyObject *, PyObject *);
typedef PyObject *(*ternaryfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*inquiry)(PyObject *);
typedef Py_ssize_t (*lenfunc)(PyObject *);
typedef PyObject *(*ssizeargfunc)(PyObject *, Py_ssize_t);
typedef PyObject *(*ssizessizeargfunc)(PyObject *, Py_ssize_t, Py_ssize_t);
typedef int (*ssizeobjargproc)(PyObject *, Py_ssize_t, PyObject *);
typedef int (*ssizessizeobjargproc)(PyObject *, Py_ssize_t, Py_ssize_t,
                                    PyObject *);
typedef int (*objobjargproc)(PyObject *, PyObject *, PyObject *);
typedef int (*objobjproc)(PyObject *, PyObject *);
typedef int (*visitproc)(PyObject *, void *);
typedef int (*traverseproc)(PyObject *, visitproc, void *);

typedef void (*freefunc)(void *);
typedef void (*destructor)(PyObject *);
typedef PyObject *(*getattrfunc)(PyObject *, char *);
typedef PyObject *(*getattrofunc)(PyObject *, PyObject *);
typedef int (*setattrfunc)(PyObject *, char *, PyObject *);
typedef int (*setattrofunc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*reprfunc)(PyObject *);
typedef Py_hash_t (*hashfunc)(PyObject *);
typedef PyObject *(*richcmpfunc)(PyObject *, PyObject *, int);
typedef PyObject *(*getiterfunc)(PyObject *);
typedef PyObject *(*iternextfunc)(PyObject *);
typedef PyObject *(*descrgetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*descrsetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*initproc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*newfunc)(PyTypeObject *, PyObject *, PyObject *);
typedef PyObject *(*allocfunc)(PyTypeObject *, Py_ssize_t);

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030c0000
/* The vectorcall protocol (PEP 590). */
typedef PyObject *(*vectorcallfunc)(PyObject *callable, PyObject *const *args,
                                    size_t nargsf, PyObject *kwnames);
#endif

/* ---- Types from specifications (PEP 384) ---- */

typedef struct {
    int slot;           /* a Py_tp_* / Py_nb_* / ... id from typeslots.h */
    void *pfunc;
} PyType_Slot;

typedef struct {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned int flags;
    PyType_Slot *slots; /* ends with a {0, NULL} entry */
} PyType_Spec;

/* New heap types from a spec.  bases: a type or a tuple of types (NULL:
   the Py_tp_base / Py_tp_bases slot, else object); module: associated with
   the type for PyType_GetModule (may be NULL); metaclass: NULL for type. */
PyAPI_FUNC(PyObject *) PyType_FromSpec(PyType_Spec *);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03030000
PyAPI_FUNC(PyObject *) PyType_FromSpecWithBases(PyType_Spec *, PyObject *);
#endif
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03040000
/* The function (or pointer) stored for a Py_* slot id, NULL if none. */
PyAPI_FUNC(void *) PyType_GetSlot(PyTypeObject *, int);
#endif
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
PyAPI_FUNC(PyObject *) PyType_FromModuleAndSpec(PyObject *, PyType_Spec *,
                                                PyObject *);
/* The module a heap type was created with (borrowed), and its state. */
PyAPI_FUNC(PyObject *) PyType_GetModule(PyTypeObject *);
PyAPI_FUNC(void *) PyType_GetModuleState(PyTypeObject *);
#endif
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030C0000
PyAPI_FUNC(PyObject *) PyType_FromMetaclass(PyTypeObject *, PyObject *,
                                            PyType_Spec *, PyObject *);
#endif

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030B0000
PyAPI_FUNC(PyObject *) PyType_GetName(PyTypeObject *);
PyAPI_FUNC(PyObject *) PyType_GetQualName(PyTypeObject *);
#endif

PyAPI_FUNC(int) PyType_IsSubtype(PyTypeObject *, PyTypeObject *);

/* isinstance() against a type, without consulting __instancecheck__. */
static inline int PyObject_TypeCheck(PyObject *ob, PyTypeObject *type) {
    return Py_IS_TYPE(ob, type) || PyType_IsSubtype(Py_TYPE(ob), type);
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define PyObject_TypeCheck(ob, type) \
    PyObject_TypeCheck(_PyObject_CAST(ob), (type))
#endif

PyAPI_DATA(PyTypeObject) PyType_Type;          /* type */
PyAPI_DATA(PyTypeObject) PyBaseObject_Type;    /* object */
PyAPI_DATA(PyTypeObject) PySuper_Type;         /* super */

PyAPI_FUNC(unsigned long) PyType_GetFlags(PyTypeObject *);

/* Finish a static type (inherit slots, fill tp_dict); 0, or -1 with an
   exception set.  Idempotent. */
PyAPI_FUNC(int) PyType_Ready(PyTypeObject *);
/* Default tp_alloc: zero-filled room for nitems items, header filled in;
   objects of GC types come back already tracked. */
PyAPI_FUNC(PyObject *) PyType_GenericAlloc(PyTypeObject *, Py_ssize_t);
/* Default tp_new: type->tp_alloc(type, 0), arguments ignored. */
PyAPI_FUNC(PyObject *) PyType_GenericNew(PyTypeObject *,
                                         PyObject *, PyObject *);
/* Call after changing a type's slots or dict from C. */
PyAPI_FUNC(void) PyType_Modified(PyTypeObject *);

/* ---- Generic object operations ---- */

PyAPI_FUNC(PyObject *) PyObject_Repr(PyObject *);
/* Recursive reprs: Py_ReprEnter gives 1 when the object is already being
   printed on this thread (write "..." then), else 0 and records it until
   Py_ReprLeave. */
PyAPI_FUNC(int) Py_ReprEnter(PyObject *);
PyAPI_FUNC(void) Py_ReprLeave(PyObject *);
PyAPI_FUNC(PyObject *) PyObject_Str(PyObject *);
PyAPI_FUNC(PyObject *) PyObject_ASCII(PyObject *);
PyAPI_FUNC(PyObject *) PyObject_Dir(PyObject *);
/* bytes(o): __bytes__, else PyBytes_FromObject; b'<NULL>' for NULL. */
PyAPI_FUNC(PyObject *) PyObject_Bytes(PyObject *);
PyAPI_FUNC(PyObject *) PyObject_RichCompare(PyObject *, PyObject *, int);
PyAPI_FUNC(int) PyObject_RichCompareBool(PyObject *, PyObject *, int);
PyAPI_FUNC(PyObject *) PyObject_GetAttrString(PyObject *, const char *);
PyAPI_FUNC(int) PyObject_SetAttrString(PyObject *, const char *, PyObject *);
PyAPI_FUNC(int) PyObject_HasAttrString(PyObject *, const char *);
PyAPI_FUNC(PyObject *) PyObject_GetAttr(PyObject *, PyObject *);
PyAPI_FUNC(int) PyObject_SetAttr(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(int) PyObject_HasAttr(PyObject *, PyObject *);
/* tp_iter of iterators: returns a new reference to the object itself. */
PyAPI_FUNC(PyObject *) PyObject_SelfIter(PyObject *);
/* The default tp_getattro / tp_setattro: descriptors, then the instance
   __dict__ (a NULL value deletes). */
PyAPI_FUNC(PyObject *) PyObject_GenericGetAttr(PyObject *, PyObject *);
PyAPI_FUNC(int) PyObject_GenericSetAttr(PyObject *, PyObject *, PyObject *);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03030000
/* A __dict__ setter for PyGetSetDef (PyObject_GenericGetDict, the getter,
   is declared in dictobject.h). */
PyAPI_FUNC(int) PyObject_GenericSetDict(PyObject *, PyObject *, void *);
#endif
PyAPI_FUNC(Py_hash_t) PyObject_Hash(PyObject *);
/* tp_hash of unhashable types: raises TypeError, returns -1. */
PyAPI_FUNC(Py_hash_t) PyObject_HashNotImplemented(PyObject *);
PyAPI_FUNC(int) PyObject_IsTrue(PyObject *);
PyAPI_FUNC(int) PyObject_Not(PyObject *);
PyAPI_FUNC(int) PyCallable_Check(PyObject *);
/* Clear the weak references to ob and call their callbacks: for the
   tp_dealloc of types with a classic tp_weaklistoffset, before the
   object's fields are released. */
PyAPI_FUNC(void) PyObject_ClearWeakRefs(PyObject *);

/* ---- Type flags (tp_flags) ---- */

#ifndef Py_LIMITED_API
/* A static builtin type set up by the runtime itself. */
#define _Py_TPFLAGS_STATIC_BUILTIN (1 << 1)
/* The runtime places the weakref list pointer (in the pre-header). */
#define Py_TPFLAGS_MANAGED_WEAKREF (1 << 3)
/* The runtime places the __dict__ pointer (in the pre-header). */
#define Py_TPFLAGS_MANAGED_DICT (1 << 4)
#define Py_TPFLAGS_PREHEADER \
    (Py_TPFLAGS_MANAGED_WEAKREF | Py_TPFLAGS_MANAGED_DICT)
/* Instances match sequence / mapping patterns in "match" statements. */
#define Py_TPFLAGS_SEQUENCE (1 << 5)
#define Py_TPFLAGS_MAPPING (1 << 6)
#endif

#define Py_TPFLAGS_DISALLOW_INSTANTIATION (1UL << 7)
#define Py_TPFLAGS_IMMUTABLETYPE          (1UL << 8)
#define Py_TPFLAGS_HEAPTYPE               (1UL << 9)
#define Py_TPFLAGS_BASETYPE               (1UL << 10)
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030C0000
#  define Py_TPFLAGS_HAVE_VECTORCALL      (1UL << 11)
#  ifndef Py_LIMITED_API
#    define _Py_TPFLAGS_HAVE_VECTORCALL Py_TPFLAGS_HAVE_VECTORCALL
#  endif
#endif
#define Py_TPFLAGS_READY                  (1UL << 12)
#define Py_TPFLAGS_READYING               (1UL << 13)
#define Py_TPFLAGS_HAVE_GC                (1UL << 14)
#define Py_TPFLAGS_HAVE_STACKLESS_EXTENSION 0
#define Py_TPFLAGS_METHOD_DESCRIPTOR      (1UL << 17)
#define Py_TPFLAGS_VALID_VERSION_TAG      (1UL << 19)
#define Py_TPFLAGS_IS_ABSTRACT            (1UL << 20)
#define _Py_TPFLAGS_MATCH_SELF            (1UL << 22)
#define Py_TPFLAGS_ITEMS_AT_END           (1UL << 23)

/* Fast subclass checks for the core builtin types. */
#define Py_TPFLAGS_LONG_SUBCLASS          (1UL << 24)
#define Py_TPFLAGS_LIST_SUBCLASS          (1UL << 25)
#define Py_TPFLAGS_TUPLE_SUBCLASS         (1UL << 26)
#define Py_TPFLAGS_BYTES_SUBCLASS         (1UL << 27)
#define Py_TPFLAGS_UNICODE_SUBCLASS       (1UL << 28)
#define Py_TPFLAGS_DICT_SUBCLASS          (1UL << 29)
#define Py_TPFLAGS_BASE_EXC_SUBCLASS      (1UL << 30)
#define Py_TPFLAGS_TYPE_SUBCLASS          (1UL << 31)

#define Py_TPFLAGS_DEFAULT (Py_TPFLAGS_HAVE_STACKLESS_EXTENSION | 0)

/* Obsolete flags, still accepted (their bits are never reused). */
#define Py_TPFLAGS_HAVE_FINALIZE          (1UL << 0)
#define Py_TPFLAGS_HAVE_VERSION_TAG       (1UL << 18)

/* ---- Reference counting ---- */

PyAPI_FUNC(void) _Py_Dealloc(PyObject *);

/* Function forms; these accept NULL. */
PyAPI_FUNC(void) Py_IncRef(PyObject *);
PyAPI_FUNC(void) Py_DecRef(PyObject *);

/* Function forms behind Py_INCREF/Py_DECREF in the 3.12 stable ABI; the
   argument must not be NULL. */
PyAPI_FUNC(void) _Py_IncRef(PyObject *);
PyAPI_FUNC(void) _Py_DecRef(PyObject *);

/* Limited API 3.12+: the count is only touched by the library.
   Otherwise inline: saturating add on the low 32-bit half (an immortal
   object wraps to 0 and is left as is), and no decrement of immortals. */
static inline Py_ALWAYS_INLINE void Py_INCREF(PyObject *op)
{
#if defined(Py_LIMITED_API) && Py_LIMITED_API+0 >= 0x030c0000
    _Py_IncRef(op);
#else
    uint32_t next = op->ob_refcnt_split[PY_BIG_ENDIAN] + 1u;
    if (next == 0) {
        return;
    }
    op->ob_refcnt_split[PY_BIG_ENDIAN] = next;
#endif
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_INCREF(op) Py_INCREF(_PyObject_CAST(op))
#endif

#if defined(Py_LIMITED_API) && Py_LIMITED_API+0 >= 0x030c0000
static inline void Py_DECREF(PyObject *op) {
    _Py_DecRef(op);
}
#else
static inline Py_ALWAYS_INLINE void Py_DECREF(PyObject *op)
{
    if (_Py_IsImmortal(op)) {
        return;
    }
    if (--op->ob_refcnt == 0) {
        _Py_Dealloc(op);
    }
}
#endif
#define Py_DECREF(op) Py_DECREF(_PyObject_CAST(op))

/* Set the variable to NULL first, then release the old value, so code run
   by the deallocation never sees a dangling pointer.  Evaluates op once. */
#ifdef _Py_TYPEOF
#define Py_CLEAR(op) \
    do { \
        _Py_TYPEOF(op)* _py_clear_ptr = &(op); \
        _Py_TYPEOF(op) _py_clear_old = (*_py_clear_ptr); \
        if (_py_clear_old != NULL) { \
            *_py_clear_ptr = _Py_NULL; \
            Py_DECREF(_py_clear_old); \
        } \
    } while (0)
#else
#define Py_CLEAR(op) \
    do { \
        PyObject **_py_clear_ptr = _Py_CAST(PyObject**, &(op)); \
        PyObject *_py_clear_old = (*_py_clear_ptr); \
        if (_py_clear_old != NULL) { \
            PyObject *_py_clear_null = _Py_NULL; \
            memcpy(_py_clear_ptr, &_py_clear_null, sizeof(PyObject*)); \
            Py_DECREF(_py_clear_old); \
        } \
    } while (0)
#endif

/* NULL-tolerant variants. */
static inline void Py_XINCREF(PyObject *op)
{
    if (op != _Py_NULL) {
        Py_INCREF(op);
    }
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_XINCREF(op) Py_XINCREF(_PyObject_CAST(op))
#endif

static inline void Py_XDECREF(PyObject *op)
{
    if (op != _Py_NULL) {
        Py_DECREF(op);
    }
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_XDECREF(op) Py_XDECREF(_PyObject_CAST(op))
#endif

/* New strong reference to obj (Py_XNewRef: obj may be NULL). The functions
   exist for the stable ABI; C code gets the inline versions. */
PyAPI_FUNC(PyObject *) Py_NewRef(PyObject *obj);
PyAPI_FUNC(PyObject *) Py_XNewRef(PyObject *obj);

static inline PyObject* _Py_NewRef(PyObject *obj)
{
    Py_INCREF(obj);
    return obj;
}

static inline PyObject* _Py_XNewRef(PyObject *obj)
{
    Py_XINCREF(obj);
    return obj;
}

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define Py_NewRef(obj)  _Py_NewRef(_PyObject_CAST(obj))
#  define Py_XNewRef(obj) _Py_XNewRef(_PyObject_CAST(obj))
#else
#  define Py_NewRef(obj)  _Py_NewRef(obj)
#  define Py_XNewRef(obj) _Py_XNewRef(obj)
#endif

/* ---- Singletons ---- */

PyAPI_DATA(PyObject) _Py_NoneStruct;            /* use Py_None */
#define Py_None (&_Py_NoneStruct)
PyAPI_FUNC(int) Py_IsNone(PyObject *x);
#define Py_IsNone(x) Py_Is((x), Py_None)
/* None is immortal: returning it needs no new reference. */
#define Py_RETURN_NONE return Py_None

PyAPI_DATA(PyObject) _Py_NotImplementedStruct;  /* use Py_NotImplemented */
#define Py_NotImplemented (&_Py_NotImplementedStruct)
#define Py_RETURN_NOTIMPLEMENTED return Py_NotImplemented

/* Rich comparison operators. */
#define Py_LT 0
#define Py_LE 1
#define Py_EQ 2
#define Py_NE 3
#define Py_GT 4
#define Py_GE 5

#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030A0000
/* Outcome of sending a value into an iterator (am_send). */
typedef enum {
    PYGEN_RETURN = 0,
    PYGEN_ERROR = -1,
    PYGEN_NEXT = 1
} PySendResult;
#endif

/* Return the result of comparing two C values with operator op. */
#define Py_RETURN_RICHCOMPARE(val1, val2, op) \
    do { \
        switch (op) { \
        case Py_EQ: if ((val1) == (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE; \
        case Py_NE: if ((val1) != (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE; \
        case Py_LT: if ((val1) <  (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE; \
        case Py_GT: if ((val1) >  (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE; \
        case Py_LE: if ((val1) <= (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE; \
        case Py_GE: if ((val1) >= (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE; \
        default: \
            Py_UNREACHABLE(); \
        } \
    } while (0)

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_OBJECT_H
#  include "cpython/object.h"
#  undef Py_CPYTHON_OBJECT_H
#endif

/* ---- Type checks ---- */

static inline int PyType_HasFeature(PyTypeObject *type, unsigned long feature)
{
    unsigned long flags;
#ifdef Py_LIMITED_API
    flags = PyType_GetFlags(type);      /* PyTypeObject is opaque here */
#else
    flags = type->tp_flags;
#endif
    return (flags & feature) != 0;
}

#define PyType_FastSubclass(type, flag) PyType_HasFeature((type), (flag))

static inline int PyType_Check(PyObject *op) {
    return PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_TYPE_SUBCLASS);
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define PyType_Check(op) PyType_Check(_PyObject_CAST(op))
#endif

static inline int PyType_CheckExact(PyObject *op) {
    return Py_IS_TYPE(op, &PyType_Type);
}
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 < 0x030b0000
#  define PyType_CheckExact(op) PyType_CheckExact(_PyObject_CAST(op))
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_OBJECT_H */
