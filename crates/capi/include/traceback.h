/* traceback.h - traceback objects. */
#ifndef Py_TRACEBACK_H
#define Py_TRACEBACK_H
#ifdef __cplusplus
extern "C" {
#endif

/* Put an entry for `frame` in front of the raised exception's traceback:
   0, or -1 with an exception. */
PyAPI_FUNC(int) PyTraceBack_Here(PyFrameObject *);
/* Write "Traceback (most recent call last):" and the entries to `file`. */
PyAPI_FUNC(int) PyTraceBack_Print(PyObject *, PyObject *);

PyAPI_DATA(PyTypeObject) PyTraceBack_Type;
#define PyTraceBack_Check(v) Py_IS_TYPE((v), &PyTraceBack_Type)

#ifndef Py_LIMITED_API
#  define Py_CPYTHON_TRACEBACK_H
#  include "cpython/traceback.h"
#  undef Py_CPYTHON_TRACEBACK_H
#endif

#ifdef __cplusplus
}
#endif
#endif /* !Py_TRACEBACK_H */
