/* objimpl.h - the PyObject_ allocator family and object creation.
 *
 * Object memory comes from the object domain: PyObject_Malloc and friends
 * (never mixed with PyMem_* or the C allocator).  PyObject_New /
 * PyObject_NewVar allocate tp_basicsize (+ n * tp_itemsize) bytes and fill
 * in the header (count 1, type, and ob_size for the Var form); the rest of
 * the object is left uninitialized.  The GC forms do the same for types
 * with Py_TPFLAGS_HAVE_GC, whose objects start untracked: call
 * PyObject_GC_Track once every field the type's tp_traverse visits is set.
 */
#ifndef Py_OBJIMPL_H
#define Py_OBJIMPL_H

#include "pymem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Raw object memory ---- */

PyAPI_FUNC(void *) PyObject_Malloc(size_t size);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03050000
PyAPI_FUNC(void *) PyObject_Calloc(size_t nelem, size_t elsize);
#endif
PyAPI_FUNC(void *) PyObject_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyObject_Free(void *ptr);

/* Older spellings.  PyObject_Del and PyObject_DEL take no argument list, so
   they can stand where a function pointer is wanted (tp_free). */
#define PyObject_MALLOC  PyObject_Malloc
#define PyObject_REALLOC PyObject_Realloc
#define PyObject_FREE    PyObject_Free
#define PyObject_Del     PyObject_Free
#define PyObject_DEL     PyObject_Free

/* ---- Object creation ---- */

/* Fill in the header of memory obtained elsewhere; returns op. */
PyAPI_FUNC(PyObject *) PyObject_Init(PyObject *, PyTypeObject *);
PyAPI_FUNC(PyVarObject *) PyObject_InitVar(PyVarObject *,
                                           PyTypeObject *, Py_ssize_t);

#define PyObject_INIT(op, typeobj) \
    PyObject_Init(_PyObject_CAST(op), (typeobj))
#define PyObject_INIT_VAR(op, typeobj, size) \
    PyObject_InitVar(_PyVarObject_CAST(op), (typeobj), (size))

/* Allocate and initialize the header; NULL with MemoryError on failure. */
PyAPI_FUNC(PyObject *) _PyObject_New(PyTypeObject *);
PyAPI_FUNC(PyVarObject *) _PyObject_NewVar(PyTypeObject *, Py_ssize_t);

#define PyObject_New(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NEW(type, typeobj) PyObject_New(type, (typeobj))
#define PyObject_NewVar(type, typeobj, n) \
    ((type *)_PyObject_NewVar((typeobj), (n)))
#define PyObject_NEW_VAR(type, typeobj, n) \
    PyObject_NewVar(type, (typeobj), (n))

/* ---- Objects the cycle collector knows about ---- */

/* Whether objects of type t carry a GC header (Py_TPFLAGS_HAVE_GC). */
#define PyType_IS_GC(t) PyType_HasFeature((t), Py_TPFLAGS_HAVE_GC)

PyAPI_FUNC(PyObject *) _PyObject_GC_New(PyTypeObject *);
PyAPI_FUNC(PyVarObject *) _PyObject_GC_NewVar(PyTypeObject *, Py_ssize_t);

/* Start / stop tracking (tp_dealloc untracks before clearing fields). */
PyAPI_FUNC(void) PyObject_GC_Track(void *);
PyAPI_FUNC(void) PyObject_GC_UnTrack(void *);

/* Release the memory of a GC object (its tp_free). */
PyAPI_FUNC(void) PyObject_GC_Del(void *);

#define PyObject_GC_New(type, typeobj) \
    _Py_CAST(type *, _PyObject_GC_New(typeobj))
#define PyObject_GC_NewVar(type, typeobj, n) \
    _Py_CAST(type *, _PyObject_GC_NewVar((typeobj), (n)))

/* 1 if the collector currently tracks op, else 0. */
PyAPI_FUNC(int) PyObject_GC_IsTracked(PyObject *);

/* Runs the cycle collector now; returns the number of unreachable objects
   it found. */
PyAPI_FUNC(Py_ssize_t) PyGC_Collect(void);
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x030a0000
/* The switch of automatic collection (gc.enable/disable); each returns
   the previous state. */
PyAPI_FUNC(int) PyGC_Enable(void);
PyAPI_FUNC(int) PyGC_Disable(void);
PyAPI_FUNC(int) PyGC_IsEnabled(void);
#endif
#if !defined(Py_LIMITED_API) || Py_LIMITED_API+0 >= 0x03090000
/* 1 if op's tp_finalize has run, else 0. */
PyAPI_FUNC(int) PyObject_GC_IsFinalized(PyObject *);
#endif

/* For tp_traverse functions whose parameters are named visit and arg:
   hands op to visit unless it is NULL, and returns from the enclosing
   function with visit's result when that is nonzero. */
#define Py_VISIT(op) \
    do { \
        if (op) { \
            int vret = visit(_PyObject_CAST(op), arg); \
            if (vret) { \
                return vret; \
            } \
        } \
    } while (0)

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_OBJIMPL_H
#  include "cpython/objimpl.h"
#  undef Py_CPYTHON_OBJIMPL_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_OBJIMPL_H */
