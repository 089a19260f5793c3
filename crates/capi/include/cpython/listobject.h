/* cpython/listobject.h - list layout and unchecked accessors. */
#ifndef Py_CPYTHON_LISTOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

/* ob_size items live in the separately allocated ob_item array (pointer
   at offset 24), which has room for `allocated` items (offset 32). */
typedef struct {
    PyObject_VAR_HEAD
    PyObject **ob_item;
    Py_ssize_t allocated;
} PyListObject;

#define _PyList_CAST(op) \
    (assert(PyList_Check(op)), _Py_CAST(PyListObject*, (op)))

static inline Py_ssize_t PyList_GET_SIZE(PyObject *op) {
    PyListObject *list = _PyList_CAST(op);
    return Py_SIZE(list);
}
#define PyList_GET_SIZE(op) PyList_GET_SIZE(_PyObject_CAST(op))

/* Borrowed reference, no bounds check. */
#define PyList_GET_ITEM(op, index) (_PyList_CAST(op)->ob_item[(index)])

/* Steals value; does not release the previous item. */
static inline void
PyList_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value) {
    PyListObject *list = _PyList_CAST(op);
    list->ob_item[index] = value;
}
#define PyList_SET_ITEM(op, index, value) \
    PyList_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))
