/* cpython/objimpl.h - non-limited part of objimpl.h: object size helpers
   and the per-object GC test.  (CPython's arena allocator and weakref-list
   accessors are not provided.) */
#ifndef Py_CPYTHON_OBJIMPL_H
#  error "include <Python.h> instead of this header"
#endif

/* Bytes an instance of a fixed-size type needs (its tp_basicsize). */
static inline size_t _PyObject_SIZE(PyTypeObject *type) {
    return _Py_STATIC_CAST(size_t, type->tp_basicsize);
}

/* Bytes an instance of a variable-size type with nitems items needs:
   tp_basicsize + nitems * tp_itemsize, rounded up to a multiple of the
   pointer size so that fields placed after the items stay aligned.  GC
   and pre-header space is not included. */
#if ((SIZEOF_VOID_P - 1) & SIZEOF_VOID_P) != 0
#  error "_PyObject_VAR_SIZE needs a power-of-two SIZEOF_VOID_P"
#endif
static inline size_t _PyObject_VAR_SIZE(PyTypeObject *type,
                                        Py_ssize_t nitems) {
    size_t size = _Py_STATIC_CAST(size_t, type->tp_basicsize);
    size += _Py_STATIC_CAST(size_t, nitems)
            * _Py_STATIC_CAST(size_t, type->tp_itemsize);
    return _Py_SIZE_ROUND_UP(size, SIZEOF_VOID_P);
}

/* 1 if obj takes part in cycle collection: its type has
   Py_TPFLAGS_HAVE_GC and, when the type has tp_is_gc, that says so. */
PyAPI_FUNC(int) PyObject_IS_GC(PyObject *obj);
