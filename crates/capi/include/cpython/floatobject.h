/* cpython/floatobject.h - float's layout and unchecked accessor. */
#ifndef Py_CPYTHON_FLOATOBJECT_H
#  error "include <Python.h> instead of this header"
#endif

typedef struct {
    PyObject_HEAD
    double ob_fval;                 /* offset 16 */
} PyFloatObject;

#define _PyFloat_CAST(op) \
    (assert(PyFloat_Check(op)), _Py_CAST(PyFloatObject*, op))

/* The value of a float (or float subclass) instance, unchecked. */
static inline double PyFloat_AS_DOUBLE(PyObject *op) {
    return _PyFloat_CAST(op)->ob_fval;
}
#define PyFloat_AS_DOUBLE(op) PyFloat_AS_DOUBLE(_PyObject_CAST(op))
