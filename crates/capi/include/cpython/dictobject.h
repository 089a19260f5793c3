/* cpython/dictobject.h - non-limited dict API. */
#ifndef Py_CPYTHON_DICTOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* Only the header and ma_used (offset 16, the number of items) are public,
   for PyDict_GET_SIZE.  ma_version_tag keeps CPython's slot (deprecated,
   not maintained by Ophis) and the remaining words are Ophis's own storage:
   never touch them. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t ma_used;
    Py_DEPRECATED(3.12) uint64_t ma_version_tag;
    void *_ma_ophis_private[2];
} PyDictObject;

/* Return d[key] if present, else insert d[key] = defaultobj and return it.
   Borrowed reference. */
PyAPI_FUNC(PyObject *) PyDict_SetDefault(PyObject *mp, PyObject *key,
                                         PyObject *defaultobj);

static inline Py_ssize_t PyDict_GET_SIZE(PyObject *op) {
    PyDictObject *mp;
    assert(PyDict_Check(op));
    mp = _Py_CAST(PyDictObject*, op);
    return mp->ma_used;
}
#define PyDict_GET_SIZE(op) PyDict_GET_SIZE(_PyObject_CAST(op))
