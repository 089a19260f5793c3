/* cpython/cellobject.h - cells: the boxes that hold a closure's variables
   (not in the limited API). */
#ifndef Py_CELLOBJECT_H
#define Py_CELLOBJECT_H
#ifndef Py_LIMITED_API
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    PyObject_HEAD
    PyObject *ob_ref;       /* the content, or NULL when empty */
} PyCellObject;

PyAPI_DATA(PyTypeObject) PyCell_Type;
#define PyCell_Check(op) Py_IS_TYPE((op), &PyCell_Type)

/* A new cell holding obj (NULL for an empty cell). */
PyAPI_FUNC(PyObject *) PyCell_New(PyObject *obj);
/* The content (new reference; NULL without an error when empty). */
PyAPI_FUNC(PyObject *) PyCell_Get(PyObject *cell);
/* Replaces the content (obj NULL empties); -1 with SystemError for a
   non-cell. */
PyAPI_FUNC(int) PyCell_Set(PyObject *cell, PyObject *obj);

static inline PyObject *PyCell_GET(PyObject *op) {
    return ((PyCellObject *)op)->ob_ref;
}
#define PyCell_GET(op) PyCell_GET(_PyObject_CAST(op))

static inline void PyCell_SET(PyObject *op, PyObject *value) {
    ((PyCellObject *)op)->ob_ref = value;
}
#define PyCell_SET(op, value) PyCell_SET(_PyObject_CAST(op), (value))

#ifdef __cplusplus
}
#endif
#endif /* !Py_LIMITED_API */
#endif /* !Py_CELLOBJECT_H */
