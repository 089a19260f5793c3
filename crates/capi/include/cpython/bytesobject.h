/* cpython/bytesobject.h - bytes layout and unchecked accessors. */
#ifndef Py_CPYTHON_BYTESOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* ob_size bytes of data start at ob_sval (offset 32), followed by a NUL. */
typedef struct {
    PyObject_VAR_HEAD
    Py_DEPRECATED(3.11) Py_hash_t ob_shash;     /* offset 24; -1 = unset */
    char ob_sval[1];
} PyBytesObject;

#define _PyBytes_CAST(op) \
    (assert(PyBytes_Check(op)), _Py_CAST(PyBytesObject*, op))

static inline char* PyBytes_AS_STRING(PyObject *op) {
    return _PyBytes_CAST(op)->ob_sval;
}
#define PyBytes_AS_STRING(op) PyBytes_AS_STRING(_PyObject_CAST(op))

static inline Py_ssize_t PyBytes_GET_SIZE(PyObject *op) {
    PyBytesObject *self = _PyBytes_CAST(op);
    return Py_SIZE(self);
}
#define PyBytes_GET_SIZE(self) PyBytes_GET_SIZE(_PyObject_CAST(self))

/* Resizes a bytes object nobody else holds; on failure *pv is released
   and set to NULL. */
PyAPI_FUNC(int) _PyBytes_Resize(PyObject **pv, Py_ssize_t newsize);
