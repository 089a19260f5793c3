/* bytesobject.h - bytes, an immutable byte string (always NUL-terminated
   in memory; may contain NULs). */
#ifndef Py_BYTESOBJECT_H
#define Py_BYTESOBJECT_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyBytes_Type;

#define PyBytes_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_BYTES_SUBCLASS)
#define PyBytes_CheckExact(op) Py_IS_TYPE((op), &PyBytes_Type)

/* With NULL data, the new object's bytes are left for the caller to fill. */
PyAPI_FUNC(PyObject *) PyBytes_FromStringAndSize(const char *, Py_ssize_t);
PyAPI_FUNC(PyObject *) PyBytes_FromString(const char *);
/* bytes(o): a copy of a bytes-like object or of an iterable of ints. */
PyAPI_FUNC(PyObject *) PyBytes_FromObject(PyObject *);
/* The data and size of a bytes object; with len NULL, embedded NULs are a
   ValueError. */
PyAPI_FUNC(int) PyBytes_AsStringAndSize(PyObject *obj, char **s,
                                        Py_ssize_t *len);
PyAPI_FUNC(Py_ssize_t) PyBytes_Size(PyObject *);
PyAPI_FUNC(char *) PyBytes_AsString(PyObject *);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_BYTESOBJECT_H
#  include "cpython/bytesobject.h"
#  undef Py_CPYTHON_BYTESOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_BYTESOBJECT_H */
