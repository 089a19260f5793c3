/* floatobject.h - float (a C double). */
#ifndef Py_FLOATOBJECT_H
#define Py_FLOATOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyFloat_Type;

#define PyFloat_Check(op)      PyObject_TypeCheck((op), &PyFloat_Type)
#define PyFloat_CheckExact(op) Py_IS_TYPE((op), &PyFloat_Type)

PyAPI_FUNC(PyObject *) PyFloat_FromDouble(double);
/* float(o) for a str or bytes-like object. */
PyAPI_FUNC(PyObject *) PyFloat_FromString(PyObject *);
/* -1.0 with an exception set on failure. */
PyAPI_FUNC(double) PyFloat_AsDouble(PyObject *);

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_FLOATOBJECT_H
#  include "cpython/floatobject.h"
#  undef Py_CPYTHON_FLOATOBJECT_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_FLOATOBJECT_H */
