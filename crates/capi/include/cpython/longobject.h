/* cpython/longobject.h - non-limited int API. */
#ifndef Py_CPYTHON_LONGOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* -1, 0 or 1: the sign of an int. */
PyAPI_FUNC(int) _PyLong_Sign(PyObject *v);

/* int(u, base) for a str: Unicode digits and white space allowed. */
PyAPI_FUNC(PyObject *) PyLong_FromUnicodeObject(PyObject *u, int base);

/* The value as n bytes, two's complement when is_signed: 0, or -1 with
   OverflowError (bytes may then be partly written). */
PyAPI_FUNC(int) _PyLong_AsByteArray(PyLongObject *v, unsigned char *bytes,
                                    size_t n, int little_endian,
                                    int is_signed);
/* The int that n bytes hold. */
PyAPI_FUNC(PyObject *) _PyLong_FromByteArray(const unsigned char *bytes,
                                             size_t n, int little_endian,
                                             int is_signed);
