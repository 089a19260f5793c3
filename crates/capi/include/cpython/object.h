/* cpython/object.h - the full type object and its method tables (not part
   of the limited API, where PyTypeObject is opaque). */
#ifndef Py_CPYTHON_OBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* ---- Method tables a type may point to ---- */

/* Numeric operations (both operands must be type-checked by the slot). */
typedef struct {
    binaryfunc nb_add;
    binaryfunc nb_subtract;
    binaryfunc nb_multiply;
    binaryfunc nb_remainder;
    binaryfunc nb_divmod;
    ternaryfunc nb_power;
    unaryfunc nb_negative;
    unaryfunc nb_positive;
    unaryfunc nb_absolute;
    inquiry nb_bool;
    unaryfunc nb_invert;
    binaryfunc nb_lshift;
    binaryfunc nb_rshift;
    binaryfunc nb_and;
    binaryfunc nb_xor;
    binaryfunc nb_or;
    unaryfunc nb_int;
    void *nb_reserved;              /* unused (was nb_long) */
    unaryfunc nb_float;

    binaryfunc nb_inplace_add;
    binaryfunc nb_inplace_subtract;
    binaryfunc nb_inplace_multiply;
    binaryfunc nb_inplace_remainder;
    ternaryfunc nb_inplace_power;
    binaryfunc nb_inplace_lshift;
    binaryfunc nb_inplace_rshift;
    binaryfunc nb_inplace_and;
    binaryfunc nb_inplace_xor;
    binaryfunc nb_inplace_or;

    binaryfunc nb_floor_divide;
    binaryfunc nb_true_divide;
    binaryfunc nb_inplace_floor_divide;
    binaryfunc nb_inplace_true_divide;

    unaryfunc nb_index;

    binaryfunc nb_matrix_multiply;
    binaryfunc nb_inplace_matrix_multiply;
} PyNumberMethods;

typedef struct {
    lenfunc sq_length;
    binaryfunc sq_concat;
    ssizeargfunc sq_repeat;
    ssizeargfunc sq_item;
    void *was_sq_slice;             /* unused */
    ssizeobjargproc sq_ass_item;
    void *was_sq_ass_slice;         /* unused */
    objobjproc sq_contains;

    binaryfunc sq_inplace_concat;
    ssizeargfunc sq_inplace_repeat;
} PySequenceMethods;

typedef struct {
    lenfunc mp_length;
    binaryfunc mp_subscript;
    objobjargproc mp_ass_subscript;
} PyMappingMethods;

typedef PySendResult (*sendfunc)(PyObject *iter, PyObject *value,
                                 PyObject **result);

typedef struct {
    unaryfunc am_await;
    unaryfunc am_aiter;
    unaryfunc am_anext;
    sendfunc am_send;
} PyAsyncMethods;

typedef struct {
    getbufferproc bf_getbuffer;
    releasebufferproc bf_releasebuffer;
} PyBufferProcs;

/* tp_vectorcall_offset used to be tp_print; old initializers still fit. */
typedef Py_ssize_t printfunc;

/* ---- The type object (416 bytes on x86-64, CPython 3.12's layout) ---- */

struct _typeobject {
    PyObject_VAR_HEAD
    const char *tp_name;            /* "module.qualname" */
    Py_ssize_t tp_basicsize, tp_itemsize;

    destructor tp_dealloc;
    Py_ssize_t tp_vectorcall_offset;
    getattrfunc tp_getattr;
    setattrfunc tp_setattr;
    PyAsyncMethods *tp_as_async;
    reprfunc tp_repr;

    PyNumberMethods *tp_as_number;
    PySequenceMethods *tp_as_sequence;
    PyMappingMethods *tp_as_mapping;

    hashfunc tp_hash;
    ternaryfunc tp_call;
    reprfunc tp_str;
    getattrofunc tp_getattro;
    setattrofunc tp_setattro;

    PyBufferProcs *tp_as_buffer;

    unsigned long tp_flags;         /* Py_TPFLAGS_* */

    const char *tp_doc;

    traverseproc tp_traverse;       /* GC: visit referents */
    inquiry tp_clear;               /* GC: drop referents */

    richcmpfunc tp_richcompare;

    Py_ssize_t tp_weaklistoffset;

    getiterfunc tp_iter;
    iternextfunc tp_iternext;

    PyMethodDef *tp_methods;
    PyMemberDef *tp_members;
    PyGetSetDef *tp_getset;
    PyTypeObject *tp_base;          /* owned by heap types only */
    PyObject *tp_dict;
    descrgetfunc tp_descr_get;
    descrsetfunc tp_descr_set;
    Py_ssize_t tp_dictoffset;
    initproc tp_init;
    allocfunc tp_alloc;
    newfunc tp_new;
    freefunc tp_free;
    inquiry tp_is_gc;
    PyObject *tp_bases;
    PyObject *tp_mro;
    PyObject *tp_cache;             /* unused */
    void *tp_subclasses;            /* runtime-private */
    PyObject *tp_weaklist;
    destructor tp_del;

    unsigned int tp_version_tag;

    destructor tp_finalize;
    vectorcallfunc tp_vectorcall;

    unsigned char tp_watched;       /* bit i set: type watcher i is active */
};

/* The type's namespace dict, as a new reference (use it rather than
   reading tp_dict directly). */
PyAPI_FUNC(PyObject *) PyType_GetDict(PyTypeObject *);

/* ---- Reference replacement ---- */

/* Store src into dst, then release dst's old value (in that order, so code
   run by the release never sees a dangling dst).  Py_XSETREF allows the
   old value to be NULL. */
#ifdef _Py_TYPEOF
#define Py_SETREF(dst, src) \
    do { \
        _Py_TYPEOF(dst)* _py_setref_ptr = &(dst); \
        _Py_TYPEOF(dst) _py_setref_old = (*_py_setref_ptr); \
        *_py_setref_ptr = (src); \
        Py_DECREF(_py_setref_old); \
    } while (0)
#define Py_XSETREF(dst, src) \
    do { \
        _Py_TYPEOF(dst)* _py_setref_ptr = &(dst); \
        _Py_TYPEOF(dst) _py_setref_old = (*_py_setref_ptr); \
        *_py_setref_ptr = (src); \
        Py_XDECREF(_py_setref_old); \
    } while (0)
#else
#define Py_SETREF(dst, src) \
    do { \
        PyObject **_py_setref_ptr = _Py_CAST(PyObject**, &(dst)); \
        PyObject *_py_setref_old = (*_py_setref_ptr); \
        PyObject *_py_setref_src = _PyObject_CAST(src); \
        memcpy(_py_setref_ptr, &_py_setref_src, sizeof(PyObject*)); \
        Py_DECREF(_py_setref_old); \
    } while (0)
#define Py_XSETREF(dst, src) \
    do { \
        PyObject **_py_setref_ptr = _Py_CAST(PyObject**, &(dst)); \
        PyObject *_py_setref_old = (*_py_setref_ptr); \
        PyObject *_py_setref_src = _PyObject_CAST(src); \
        memcpy(_py_setref_ptr, &_py_setref_src, sizeof(PyObject*)); \
        Py_XDECREF(_py_setref_old); \
    } while (0)
#endif

/* ---- Managed __dict__ (Py_TPFLAGS_MANAGED_DICT) ---- */

/* For the tp_traverse and tp_clear of types with a managed dict: visit, or
   drop, the instance dict (and the attribute values it holds). */
/* Generic attribute lookup reading `dict` (if not NULL) for the instance
   dict; with suppress, a missing attribute is NULL without an error. */
PyAPI_FUNC(PyObject *) _PyObject_GenericGetAttrWithDict(PyObject *, PyObject *,
                                                        PyObject *, int);
/* The slot of the instance dict (a managed dict is built first), or NULL. */
PyAPI_FUNC(PyObject **) _PyObject_GetDictPtr(PyObject *);
/* Runs tp_finalize (once) on an object whose refcount reached zero,
   resurrecting it meanwhile; -1 if the finalizer kept it alive. */
PyAPI_FUNC(int) PyObject_CallFinalizerFromDealloc(PyObject *);
/* The attribute `name` through type's MRO, borrowed; NULL without an
   exception when missing. */
PyAPI_FUNC(PyObject *) _PyType_Lookup(PyTypeObject *, PyObject *);
PyAPI_FUNC(int) _PyObject_VisitManagedDict(PyObject *obj, visitproc visit,
                                           void *arg);
PyAPI_FUNC(void) _PyObject_ClearManagedDict(PyObject *obj);

/* ---- Type watchers (3.12) ---- */

/* Up to TYPE_MAX_WATCHERS callbacks, each told when a type it watches is
   modified (after the change), once per series of modifications: a
   modification disarms the type until a lookup, PyType_Watch or
   PyUnstable_Type_AssignVersionTag re-arms it. */
#define TYPE_MAX_WATCHERS 8

/* Return 0, or -1 with an exception set (reported as unraisable). */
typedef int(*PyType_WatchCallback)(PyTypeObject *);
PyAPI_FUNC(int) PyType_AddWatcher(PyType_WatchCallback callback);
PyAPI_FUNC(int) PyType_ClearWatcher(int watcher_id);
PyAPI_FUNC(int) PyType_Watch(int watcher_id, PyObject *type);
PyAPI_FUNC(int) PyType_Unwatch(int watcher_id, PyObject *type);

/* Give the type a valid version tag (for the attribute cache): 1, or 0
   when none can be assigned. */
PyAPI_FUNC(int) PyUnstable_Type_AssignVersionTag(PyTypeObject *type);

/* Types of the None and NotImplemented singletons. */
PyAPI_DATA(PyTypeObject) _PyNone_Type;
PyAPI_DATA(PyTypeObject) _PyNotImplemented_Type;
