/* bytearrayobject.h - bytearray: a mutable sequence of bytes that exports
   itself through the buffer protocol. */
#ifndef Py_BYTEARRAYOBJECT_H
#define Py_BYTEARRAYOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyByteArray_Type;

#define PyByteArray_Check(self) PyObject_TypeCheck((self), &PyByteArray_Type)
#define PyByteArray_CheckExact(self) Py_IS_TYPE((self), &PyByteArray_Type)

/* A copy of a bytes-like object, zero bytes for an int, the ints of an
   iterable. */
PyAPI_FUNC(PyObject *) PyByteArray_FromObject(PyObject *);
/* A new bytearray of two bytes-like objects. */
PyAPI_FUNC(PyObject *) PyByteArray_Concat(PyObject *, PyObject *);
/* With NULL data, `size` zero bytes. */
PyAPI_FUNC(PyObject *) PyByteArray_FromStringAndSize(const char *,
                                                     Py_ssize_t);
PyAPI_FUNC(Py_ssize_t) PyByteArray_Size(PyObject *);
/* The bytes, NUL-terminated; valid until the next resize. */
PyAPI_FUNC(char *) PyByteArray_AsString(PyObject *);
/* BufferError while a view of the bytearray is exported. */
PyAPI_FUNC(int) PyByteArray_Resize(PyObject *, Py_ssize_t);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_BYTEARRAYOBJECT_H
#  include "cpython/bytearrayobject.h"
#  undef Py_CPYTHON_BYTEARRAYOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_BYTEARRAYOBJECT_H */
