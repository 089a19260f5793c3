/* boolobject.h - bool, a subclass of int with two immortal instances. */
#ifndef Py_BOOLOBJECT_H
#define Py_BOOLOBJECT_H
#ifdef __cplusplus
extern "C" {
#endif

/* PyBool_Type is declared in object.h; bool cannot be subclassed. */
#define PyBool_Check(x) Py_IS_TYPE((x), &PyBool_Type)

/* The two instances (ints). */
PyAPI_DATA(PyLongObject) _Py_FalseStruct;
PyAPI_DATA(PyLongObject) _Py_TrueStruct;

#define Py_False _PyObject_CAST(&_Py_FalseStruct)
#define Py_True  _PyObject_CAST(&_Py_TrueStruct)

PyAPI_FUNC(int) Py_IsTrue(PyObject *x);
PyAPI_FUNC(int) Py_IsFalse(PyObject *x);
#define Py_IsTrue(x)  Py_Is((x), Py_True)
#define Py_IsFalse(x) Py_Is((x), Py_False)

/* Both are immortal: returning them needs no new reference. */
#define Py_RETURN_TRUE  return Py_True
#define Py_RETURN_FALSE return Py_False

PyAPI_FUNC(PyObject *) PyBool_FromLong(long);

#ifdef __cplusplus
}
#endif
#endif /* !Py_BOOLOBJECT_H */
