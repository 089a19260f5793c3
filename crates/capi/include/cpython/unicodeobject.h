/* cpython/unicodeobject.h - non-limited str API.  CPython's str layout
   (PyASCIIObject, PyUnicode_DATA, PyUnicode_READ, ...) is not offered:
   Ophis's str representation is its own. */
#ifndef Py_CPYTHON_UNICODEOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* UTF-8 form, cached in the object (valid while it lives). */
PyAPI_FUNC(const char *) PyUnicode_AsUTF8(PyObject *unicode);

/* Length in code points (a call in Ophis, not a field read). */
#define PyUnicode_GET_LENGTH(op) PyUnicode_GetLength(_PyObject_CAST(op))
