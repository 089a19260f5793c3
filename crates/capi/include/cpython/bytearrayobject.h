/* cpython/bytearrayobject.h - bytearray's layout, as CPython 3.12's, and
   its unchecked accessors. */
#ifndef Py_CPYTHON_BYTEARRAYOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

typedef struct {
    PyObject_VAR_HEAD
    Py_ssize_t ob_alloc;    /* bytes allocated at ob_bytes */
    char *ob_bytes;         /* the block */
    char *ob_start;         /* the first byte */
    Py_ssize_t ob_exports;  /* buffer views exported */
} PyByteArrayObject;

/* What PyByteArray_AS_STRING gives for an empty bytearray. */
PyAPI_DATA(char) _PyByteArray_empty_string[];

#define _PyByteArray_CAST(op) ((PyByteArrayObject *)(op))

static inline char *PyByteArray_AS_STRING(PyObject *op)
{
    PyByteArrayObject *self = _PyByteArray_CAST(op);
    if (Py_SIZE(self))
        return self->ob_start;
    return _PyByteArray_empty_string;
}
#define PyByteArray_AS_STRING(self) PyByteArray_AS_STRING(_PyObject_CAST(self))

static inline Py_ssize_t PyByteArray_GET_SIZE(PyObject *op)
{ return Py_SIZE(_PyByteArray_CAST(op)); }
#define PyByteArray_GET_SIZE(self) PyByteArray_GET_SIZE(_PyObject_CAST(self))
